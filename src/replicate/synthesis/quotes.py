"""Exemplary quotes per category, chosen reproducibly and attributed like the paper.

Kalén et al. illustrate each category with quotes attributed as "(letter, gender, age)",
e.g. "(H, female, age 29)" (COREQ item 29: quotations with participant identifiers).
Selection here is a documented, seeded procedure [D], so that the same inputs always give the
same quotes and the choice can be audited; the analyst may still replace them.

Procedure, per category in codebook order:

1. Candidates are the category's meaning units whose text has between ``min_words`` and
   ``max_words`` words (too short says little; too long is a passage, not a quote).
2. Each candidate gets a random priority from ``numpy.random.default_rng([seed, crc32(category)])``,
   so a category's draw does not change when other categories are added or removed.
3. Quotes are taken one at a time, preferring (a) participants not yet quoted in this
   category, then (b) participants quoted least often so far in the whole report, then
   (c) the random priority. This spreads quotes across participants (credibility:
   quotes from ≥ 2 participants per category, methodology.md §3.3).

Attributions use pseudonyms only; ages can be shown as bands for small cohorts where an
exact age could identify someone.
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd

from replicate.errors import ConfigError
from replicate.synthesis._util import word_count
from replicate.synthesis.hierarchy import Hierarchy
from replicate.synthesis.inputs import with_themes
from replicate.synthesis.subgroups import age_band, default_age_edges

__all__ = ["QUOTE_COLUMNS", "attribution", "quote_coverage", "select_quotes"]

QUOTE_COLUMNS = (
    "theme", "category", "rank", "unit_id", "participant", "n_words", "text", "attribution",
)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def attribution(
    pseudonym: str,
    attributes: pd.DataFrame,
    *,
    age_edges: Sequence[int] | None = None,
) -> str:
    """Attribution in the paper's style, e.g. ``"(H, female, age 29)"``.

    Parameters
    ----------
    pseudonym : str
    attributes : pandas.DataFrame
        Indexed by pseudonym; ``gender`` and ``age`` are used when present and filled. An
        ``age`` that is text is shown as it is (a band :func:`replicate.privacy.coarsen`
        chose).
    age_edges : sequence of int or None, default=None
        When given, the age is shown as its band (``"(H, female, age 25–29)"``).

    Returns
    -------
    str
        Only the pseudonym, gender and age (or band) ever appear.
    """
    parts = [pseudonym]
    row = attributes.loc[pseudonym] if pseudonym in attributes.index else pd.Series(dtype=object)
    gender = row.get("gender")
    if not _missing(gender) and str(gender).strip():
        parts.append(str(gender).strip())
    age = row.get("age")
    if isinstance(age, str):  # already a label (coarsened: replicate.privacy.quasi.coarsen)
        parts.append(f"age {age}")
    elif not _missing(age):
        label = age_band(age, age_edges) if age_edges is not None else f"{int(float(str(age)))}"
        parts.append(f"age {label}")
    return f"({', '.join(parts)})"


def _themes_of(node: str, level: str, hierarchy: Hierarchy) -> str:
    if level == "theme":
        return node
    cat = hierarchy.subcategory_category[node] if level == "subcategory" else node
    return "; ".join(hierarchy.category_themes[cat])


def select_quotes(
    coded: pd.DataFrame,
    hierarchy: Hierarchy,
    attributes: pd.DataFrame,
    *,
    per_category: int = 2,
    min_words: int = 8,
    max_words: int = 80,
    level: str = "category",
    age_bands: bool | Sequence[int] = False,
    seed: int = 0,
) -> pd.DataFrame:
    """Choose exemplary quotes per category, spread across participants.

    Parameters
    ----------
    coded : pandas.DataFrame
        Output of :func:`replicate.synthesis.coded_units` (needs ``text``).
    hierarchy : Hierarchy
    attributes : pandas.DataFrame
        Indexed by pseudonym (``gender``, ``age``).
    per_category : int, default=2
        Quotes wanted per node; fewer are returned when fewer units fit the bounds.
    min_words, max_words : int, default=8, 80
        Inclusive word-count bounds of a quote.
    level : {"category", "subcategory", "theme"}, default="category"
        The node level quotes illustrate.
    age_bands : bool or sequence of int, default=False
        ``True`` shows ages as bands of a median split; a sequence gives the cut-points.
    seed : int, default=0

    Returns
    -------
    pandas.DataFrame
        Columns ``theme, category, rank, unit_id, participant, n_words, text, attribution``
        (``category`` holds the node label of ``level``; ``theme`` joins the node's themes
        with ``"; "``), in codebook order then rank.

    Raises
    ------
    ConfigError
        If ``per_category`` < 1, the word bounds are inconsistent, or ``level`` is unknown.
    """
    if per_category < 1:
        raise ConfigError(f"quotes per category is {per_category}; allowed: ≥ 1",
                          location="synthesis.quotes.per_category")
    if not 1 <= min_words <= max_words:
        raise ConfigError(
            f"word bounds {min_words}–{max_words} are inconsistent; allowed: "
            "1 ≤ min_words ≤ max_words",
            location="synthesis.quotes.words",
        )
    if level not in ("category", "subcategory", "theme"):
        raise ConfigError(f"quote level {level!r}; allowed: category, subcategory, theme",
                          location="synthesis.quotes.level")
    if age_bands is True:
        edges: Sequence[int] | None = default_age_edges(
            list(attributes["age"]) if "age" in attributes.columns else [])
    elif age_bands is False:
        edges = None
    else:
        edges = list(age_bands)

    frame = coded.assign(n_words=[word_count(t) for t in coded["text"].tolist()])
    if level == "theme":
        frame = with_themes(frame, hierarchy)
    usage: Counter[str] = Counter()
    rows = []
    for node in hierarchy.labels(level):
        fits = (frame[level] == node) & frame["n_words"].between(min_words, max_words)
        cands = frame[fits].sort_values("unit_id", kind="mergesort")
        rng = np.random.default_rng([seed, zlib.crc32(node.encode("utf-8"))])
        remaining = [
            (str(uid), str(who), int(n), str(text), float(key))
            for uid, who, n, text, key in zip(
                cands["unit_id"].tolist(), cands["participant"].tolist(),
                cands["n_words"].tolist(), cands["text"].tolist(),
                rng.random(len(cands)).tolist(), strict=True,
            )
        ]
        here: Counter[str] = Counter()
        themes = _themes_of(node, level, hierarchy)
        for rank in range(1, min(per_category, len(remaining)) + 1):
            best = min(remaining, key=lambda r: (here[r[1]], usage[r[1]], r[4]))
            remaining.remove(best)
            uid, who, n, text, _ = best
            here[who] += 1
            usage[who] += 1
            rows.append((themes, node, rank, uid, who, n, text,
                         attribution(who, attributes, age_edges=edges)))
    return pd.DataFrame(rows, columns=list(QUOTE_COLUMNS))


def quote_coverage(
    coded: pd.DataFrame,
    quotes: pd.DataFrame,
    hierarchy: Hierarchy,
    *,
    per_category: int = 2,
    min_words: int = 8,
    max_words: int = 80,
) -> pd.DataFrame:
    """Whether every category got its quotes (COREQ 30: findings linked to data).

    Parameters
    ----------
    coded, quotes : pandas.DataFrame
        Units and the output of :func:`select_quotes` (category level).
    hierarchy : Hierarchy
    per_category, min_words, max_words : int
        As passed to :func:`select_quotes`.

    Returns
    -------
    pandas.DataFrame
        Columns ``category, n_units, n_candidates, n_quotes, n_participants_quoted,
        complete`` in codebook order.
    """
    n_words = pd.Series([word_count(t) for t in coded["text"].tolist()], index=coded.index)
    fits = n_words.between(min_words, max_words)
    rows = []
    for cat in hierarchy.categories:
        mine = coded["category"] == cat
        chosen = quotes[quotes["category"] == cat]
        rows.append((cat, int(mine.sum()), int((mine & fits).sum()), len(chosen),
                     int(chosen["participant"].nunique()), len(chosen) >= per_category))
    return pd.DataFrame(rows, columns=["category", "n_units", "n_candidates", "n_quotes",
                                       "n_participants_quoted", "complete"])
