"""Readability of interview questions: Flesch–Kincaid grade (English) and LIX (Swedish).

Methodology §2.3, "too long / complex": Flesch–Kincaid grade > 10 flags an English question;
LIX > 40 flags a Swedish guide, computed over the whole guide because single items are noisy.

* **Flesch–Kincaid grade** (Kincaid et al. 1975):
  ``0.39 · words/sentences + 11.8 · syllables/words − 15.59``.
* **LIX** (Björnsson 1968): ``words/sentences + 100 · long words/words`` where a long word has
  more than 6 letters. Bands: < 30 easy, 30–40 medium, 40–50 hard, > 50 very hard.

Both formulas are written out here instead of calling ``textstat`` (checked: textstat 0.7.13
has ``flesch_kincaid_grade`` and ``lix``). Its English syllable counter fetches NLTK's
``cmudict`` over the network on first use, which fails offline and is a side effect a
reproducible pipeline must not have; and its sentence counter silently drops sentences of
two words or fewer, which departs from Björnsson and matters for short probes
("Hur då?"). Syllables come from ``pyphen`` hyphenation (textstat's own fallback), so
grades are close to, not identical with, dictionary-based counts.

References
----------
.. [1] Kincaid, J. P., Fishburne, R. P., Rogers, R. L., & Chissom, B. S. (1975). Derivation of
   new readability formulas for Navy enlisted personnel. Research Branch Report 8-75.
.. [2] Björnsson, C.-H. (1968). *Läsbarhet*. Stockholm: Liber.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyphen

from replicate.guide._text import words

if TYPE_CHECKING:
    from replicate.guide.model import Guide

__all__ = [
    "READABILITY_COLUMNS",
    "flesch_kincaid_grade",
    "guide_readability",
    "lix",
    "lix_band",
    "readability_table",
]

#: Columns of :func:`readability_table`.
READABILITY_COLUMNS: tuple[str, ...] = (
    "area", "question_id", "kind", "words", "sentences", "fk_grade", "lix",
)

#: LIX is flagged above this value (methodology §2.3).
LIX_FLAG = 40.0
#: Flesch-Kincaid grade is flagged above this value (methodology §2.3).
FK_FLAG = 10.0

_SENT_END_LIX = re.compile(r"[.!?:]+(?=\s|$)")


@lru_cache(maxsize=2)
def _hyphenator(lang: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=lang)


def _syllables(word: str) -> int:
    return len(_hyphenator("en_US").positions(word.lower())) + 1


def _n_sentences(text: str, pattern: re.Pattern[str]) -> int:
    pieces = [p for p in pattern.split(text) if words(p)]
    return max(1, len(pieces))


def flesch_kincaid_grade(text: str) -> float:
    """Flesch–Kincaid grade level of English ``text``.

    Parameters
    ----------
    text : str
        One or more sentences.

    Returns
    -------
    float
        ``0.39 · words/sentences + 11.8 · syllables/words − 15.59``; ``nan`` for text
        without words.

    References
    ----------
    Kincaid et al. (1975).

    Examples
    --------
    >>> round(flesch_kincaid_grade("The cat sat on the mat."), 2)
    -1.45
    """
    ws = words(text)
    if not ws:
        return math.nan
    n_sent = _n_sentences(text, re.compile(r"[.!?]+(?=\s|$)"))
    syl = sum(_syllables(w) for w in ws)
    return 0.39 * len(ws) / n_sent + 11.8 * syl / len(ws) - 15.59


def lix(text: str) -> float:
    """LIX readability index (Björnsson) of ``text``.

    Parameters
    ----------
    text : str
        Any text; sentences end at ``.``, ``!``, ``?`` or ``:``.

    Returns
    -------
    float
        ``words/sentences + 100 · long_words/words``, long words having more than 6 letters;
        ``nan`` for text without words.

    References
    ----------
    Björnsson (1968).

    Examples
    --------
    >>> round(lix("Kan du berätta om hur ni träffades första gången? Vad pratade ni om?"), 2)
    29.58
    """
    ws = words(text)
    if not ws:
        return math.nan
    n_long = sum(1 for w in ws if sum(ch.isalpha() for ch in w) > 6)
    return len(ws) / _n_sentences(text, _SENT_END_LIX) + 100.0 * n_long / len(ws)


def lix_band(value: float) -> str:
    """Björnsson's band for a LIX value: easy, medium, hard or very hard."""
    if math.isnan(value):
        return ""
    if value < 30:
        return "easy"
    if value < 40:
        return "medium"
    if value <= 50:
        return "hard"
    return "very hard"


def _as_sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def readability_table(guide: Guide) -> pd.DataFrame:
    """Length and readability of every guide question.

    Parameters
    ----------
    guide : Guide
        The interview guide.

    Returns
    -------
    pandas.DataFrame
        One row per question with columns :data:`READABILITY_COLUMNS`; ``fk_grade`` is
        ``nan`` for Swedish guides; ``lix`` per item is information only.
    """
    rows: list[dict[str, object]] = []
    for area, q in guide.iter_questions():
        rows.append({
            "area": area.id, "question_id": q.id, "kind": q.kind,
            "words": len(words(q.text)),
            "sentences": _n_sentences(q.text, re.compile(r"[.!?]+(?=\s|$)")),
            "fk_grade": flesch_kincaid_grade(q.text) if guide.language == "en" else math.nan,
            "lix": lix(q.text),
        })
    return pd.DataFrame(rows, columns=list(READABILITY_COLUMNS))


def guide_readability(guide: Guide) -> dict[str, Any]:
    """Whole-guide readability (questions only, not probes).

    Parameters
    ----------
    guide : Guide
        The interview guide.

    Returns
    -------
    dict
        ``language``, ``n_questions``, ``mean_words`` (per question), ``lix``, ``lix_band``,
        ``lix_flag`` (LIX > 40 on a Swedish guide), ``fk_grade`` (English guides, else
        ``None``), ``fk_flag`` (grade > 10 on an English guide). Floats are rounded to 2
        decimals.
    """
    texts = [_as_sentence(q.text) for _, q in guide.iter_questions()]
    joined = " ".join(texts)
    value = lix(joined)
    fk = flesch_kincaid_grade(joined) if guide.language == "en" else math.nan
    n_words = [len(words(t)) for t in texts]
    return {
        "language": guide.language,
        "n_questions": len(texts),
        "mean_words": round(sum(n_words) / len(n_words), 2) if n_words else None,
        "lix": None if math.isnan(value) else round(value, 2),
        "lix_band": lix_band(value),
        "lix_flag": bool(guide.language == "sv" and value > LIX_FLAG),
        "fk_grade": None if math.isnan(fk) else round(fk, 2),
        "fk_flag": bool(guide.language == "en" and fk > FK_FLAG),
    }
