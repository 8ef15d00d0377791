"""Side-by-side comparison of a new cohort's findings with the original study.

The new cohort's themes, categories and subcategories are mapped onto the labels of the
original Table 1 (methodology.md §5.2). The mapping normally comes from the config, where
the analysts state which of their nodes corresponds to which original node (or to none:
``null`` = new). Labels the config leaves out get a *proposed* mapping for the user to
confirm, marked ``source = "proposed"`` in every output.

Proposals use name similarity [D]: labels are case-folded, stripped of punctuation and
whitespace-normalised, then compared with :class:`difflib.SequenceMatcher` (the standard
library's Ratcliff/Obershelp ratio 2·M/T, 1.0 for identical strings; no extra dependency and
good enough for short labels). Each level is matched one-to-one by maximising total
similarity with :func:`scipy.optimize.linear_sum_assignment`, so two new labels never claim
the same original; pairs below ``cutoff`` (default 0.6) stay unmatched ("new").

Status per original node: ``replicated`` when at least one new node maps to it (and, when the
units are given, at least one participant supports it), otherwise ``absent``; new nodes that
map to nothing are ``new`` (COREQ 32: novel or disconfirming categories).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from replicate.errors import ConfigError
from replicate.reference import OriginalStudy
from replicate.synthesis.hierarchy import Hierarchy
from replicate.synthesis.inputs import with_themes

__all__ = [
    "MAPPING_COLUMNS",
    "compare_facts",
    "compare_with_original",
    "comparison_summary",
    "label_similarity",
    "propose_mapping",
    "resolve_mapping",
]

_LEVELS = ("theme", "category", "subcategory")
MAPPING_COLUMNS = ("level", "label", "original", "score", "source")
COMPARISON_COLUMNS = (
    "level", "original_theme", "original_category", "original", "new", "status", "source",
    "n_participants",
)


def _normalise(label: str) -> str:
    text = label.casefold().replace("’", "'")
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def label_similarity(a: str, b: str) -> float:
    """Similarity of two labels in [0, 1] (difflib ratio on normalised text).

    Examples
    --------
    >>> label_similarity("Someone to talk to", "someone to talk to!")
    1.0
    """
    return difflib.SequenceMatcher(None, _normalise(a), _normalise(b)).ratio()


def _assign(
    labels: Sequence[str], originals: Sequence[str], cutoff: float
) -> dict[str, tuple[str | None, float]]:
    out: dict[str, tuple[str | None, float]] = {lab: (None, 0.0) for lab in labels}
    if not labels or not originals:
        return out
    scores = np.array([[label_similarity(a, b) for b in originals] for a in labels])
    rows, cols = linear_sum_assignment(scores, maximize=True)
    for i, j in zip(rows, cols, strict=True):
        score = float(scores[i, j])
        if score >= cutoff:
            out[labels[i]] = (originals[j], round(score, 3))
        else:
            out[labels[i]] = (None, round(score, 3))
    return out


def propose_mapping(
    hierarchy: Hierarchy, original: OriginalStudy, *, cutoff: float = 0.6
) -> pd.DataFrame:
    """Propose a mapping of every new label onto the original's by name similarity.

    Parameters
    ----------
    hierarchy : Hierarchy
    original : OriginalStudy
    cutoff : float, default=0.6
        Minimum similarity for a proposed match.

    Returns
    -------
    pandas.DataFrame
        Columns ``level, label, original, score, source`` (``source`` = ``"proposed"``;
        ``original`` is ``None`` for proposed-new labels), levels theme → subcategory, labels
        in codebook order.
    """
    return resolve_mapping(hierarchy, original, None, cutoff=cutoff)


def _check_mapping(
    mapping: Mapping[str, Mapping[str, str | None]],
    hierarchy: Hierarchy,
    original: OriginalStudy,
) -> None:
    for level, entries in mapping.items():
        if level not in _LEVELS:
            raise ConfigError(
                f"mapping level {level!r} is unknown; allowed: {', '.join(_LEVELS)}",
                location="comparison.mapping",
            )
        ours, theirs = hierarchy.labels(level), original.labels(level)
        for label, target in entries.items():
            if label not in ours:
                close = difflib.get_close_matches(label, ours, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise ConfigError(
                    f"{label!r} is not a {level} of this cohort's codebook{hint}",
                    location=f"comparison.mapping.{level}",
                )
            if target is not None and target not in theirs:
                raise ConfigError(
                    f"{label!r} is mapped to {target!r}, which is not an original {level}; "
                    f"allowed: {', '.join(theirs)}, or null for a new {level}",
                    location=f"comparison.mapping.{level}",
                )


def resolve_mapping(
    hierarchy: Hierarchy,
    original: OriginalStudy,
    mapping: Mapping[str, Mapping[str, str | None]] | None = None,
    *,
    cutoff: float = 0.6,
) -> pd.DataFrame:
    """Combine a configured mapping with proposals for the labels it leaves out.

    Parameters
    ----------
    hierarchy : Hierarchy
    original : OriginalStudy
    mapping : mapping or None, default=None
        ``{"theme" | "category" | "subcategory": {new label: original label or None}}``.
    cutoff : float, default=0.6

    Returns
    -------
    pandas.DataFrame
        Columns ``level, label, original, score, source``; ``source`` is ``"config"``
        (confirmed in ``synthesis.mapping``), ``"identical"`` (the original's own label) or
        ``"proposed"`` (by name similarity, to confirm); ``score`` is the name similarity
        (1.0 for identical labels).

    Raises
    ------
    ConfigError
        If the mapping names an unknown level, a label not in the codebook, or a target not
        in the original's Table 1.
    """
    mapping = mapping or {}
    _check_mapping(mapping, hierarchy, original)
    rows = []
    for level in _LEVELS:
        given = dict(mapping.get(level, {}))
        taken = {t for t in given.values() if t is not None}
        free_labels = [lab for lab in hierarchy.labels(level) if lab not in given]
        free_originals = [o for o in original.labels(level) if o not in taken]
        proposed = _assign(free_labels, free_originals, cutoff)
        for label in hierarchy.labels(level):
            if label in given:
                target = given[label]
                score = 1.0 if target is None else round(label_similarity(label, target), 3)
                rows.append((level, label, target, score, "config"))
            else:
                target, score = proposed[label]
                # the same label as the original's is a match by identity, not a proposal
                source = "identical" if target == label else "proposed"
                rows.append((level, label, target, score, source))
    return pd.DataFrame(rows, columns=list(MAPPING_COLUMNS))


def _participants_by_node(
    coded: pd.DataFrame, hierarchy: Hierarchy, level: str
) -> dict[str, set[str]]:
    frame = with_themes(coded, hierarchy) if level == "theme" else coded
    return {str(k): set(map(str, v.tolist())) for k, v in frame.groupby(level)["participant"]}


def compare_with_original(
    hierarchy: Hierarchy,
    original: OriginalStudy,
    resolved: pd.DataFrame,
    *,
    coded: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Side-by-side table: each original node replicated or absent, plus new nodes.

    Parameters
    ----------
    hierarchy : Hierarchy
    original : OriginalStudy
    resolved : pandas.DataFrame
        Output of :func:`resolve_mapping`.
    coded : pandas.DataFrame or None, default=None
        Coded units; when given, a node counts as replicated only if a participant supports
        it, and ``n_participants`` is filled.

    Returns
    -------
    pandas.DataFrame
        Columns ``level, original_theme, original_category, original, new, status, source,
        n_participants``. Per level: the original's nodes in Table 1 order, then new nodes
        in codebook order. ``new`` joins the mapped labels with ``"; "``.
    """
    rows = []
    for level in _LEVELS:
        part = resolved[resolved["level"] == level]
        support = _participants_by_node(coded, hierarchy, level) if coded is not None else None
        parents = original.parents(level)
        for orig in original.labels(level):
            mine = part[part["original"] == orig]
            labels = [str(v) for v in mine["label"]]
            people: set[str] = set()
            for lab in labels:
                people |= (support or {}).get(lab, set())
            found = bool(labels) and (support is None or bool(people))
            theme, cat = parents[orig]
            rows.append((
                level, theme, cat, orig, "; ".join(labels),
                "replicated" if found else "absent",
                "; ".join(sorted(set(mine["source"]))),
                None if support is None else len(people),
            ))
        for rec in part[part["original"].isna()].to_dict("records"):
            label, source = str(rec["label"]), str(rec["source"])
            n = None if support is None else len(support.get(label, set()))
            rows.append((level, "", "", "", label, "new", source, n))
    frame = pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))
    frame["n_participants"] = frame["n_participants"].astype("Int64")
    return frame


def comparison_summary(comparison: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Counts of replicated, absent and new nodes per level.

    Returns
    -------
    dict
        ``{level: {"replicated": n, "absent": n, "new": n}}`` for theme, category, subcategory.
    """
    out: dict[str, dict[str, int]] = {}
    for level in _LEVELS:
        part = comparison[comparison["level"] == level]
        out[level] = {s: int((part["status"] == s).sum()) for s in ("replicated", "absent", "new")}
    return out


def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "not given"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)) and len(value) == 2:
        lo, hi = (_fmt(v) for v in value)
        return lo if lo == hi else f"{lo}–{hi}"
    return str(value)


def _split(facts: Mapping[str, Any]) -> str:
    parts = [f"{facts[k]} {name}" for k, name in
             (("n_male", "male"), ("n_female", "female"), ("n_other", "other"))
             if facts.get(k) is not None]
    return " / ".join(parts) if parts else "not given"


def compare_facts(original: OriginalStudy, facts: Mapping[str, Any]) -> pd.DataFrame:
    """Sample and design facts of the original beside the new cohort's.

    Parameters
    ----------
    original : OriginalStudy
    facts : mapping
        New-cohort facts, e.g. from :func:`replicate.synthesis.cohort_facts`. Keys used:
        ``n_offered, n_eligible, n_interviewed, n_male, n_female, n_other, age_min, age_max,
        mentor_gender_split, min_meetings, meetings_range, interview_minutes, n_pilots,
        n_interviewers, n_coders, software, years_after_programme``. Missing keys show as
        ``"not given"``.

    Returns
    -------
    pandas.DataFrame
        Columns ``fact, original, new_cohort`` (strings, for display), fixed row order.
    """
    s = original.sample
    f = dict(facts)
    not_rep = "not reported"
    rows = [
        ("offered a mentor (N)", str(s.n_offered), _fmt(f.get("n_offered"))),
        ("eligible (N)", not_rep, _fmt(f.get("n_eligible"))),
        ("interviewed (N)", str(s.n_interviewed), _fmt(f.get("n_interviewed"))),
        ("student gender", _split(s.model_dump()), _split(f)),
        ("student age range (years)", _fmt((s.age_min, s.age_max)),
         _fmt((f.get("age_min"), f.get("age_max"))) if f.get("age_min") is not None
         else "not given"),
        ("mentor gender", not_rep, _fmt(f.get("mentor_gender_split"))),
        ("minimum mentor meetings", f"≥ {s.min_meetings}",
         f"≥ {f['min_meetings']}" if f.get("min_meetings") is not None else "not given"),
        ("mentor meetings (observed range)", not_rep, _fmt(f.get("meetings_range"))),
        ("interview length (min)", _fmt(s.interview_minutes), _fmt(f.get("interview_minutes"))),
        ("pilot interviews", str(s.n_pilots), _fmt(f.get("n_pilots"))),
        ("interviewers", str(s.n_interviewers), _fmt(f.get("n_interviewers"))),
        ("coders", str(s.n_coders), _fmt(f.get("n_coders"))),
        ("analysis software", s.software, _fmt(f.get("software"))),
        ("interviews after programme (years)", _fmt(s.years_after_programme),
         _fmt(f.get("years_after_programme"))),
    ]
    return pd.DataFrame(rows, columns=["fact", "original", "new_cohort"])
