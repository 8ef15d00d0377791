"""Question-flaw heuristics for interview questions in English and Swedish.

Implements the rules table of methodology.md §2.3 ([D], grounded in Patton 2015,
Castillo-Montoya 2016, Kallio et al. 2016, Lenzner et al. 2010 and Graesser et al. 2006):
closed (yes/no) questions with the polite-open exceptions, either/or questions, leading
wording, double-barrelled questions, presupposing or loaded wording, jargon (a project
glossary, low word frequency, acronyms), questions that are too long or complex, double
negation and "why" wording.

Every flag is a *warning for a person to review*, never an automatic rejection: the rules
are regular expressions over word lists (no part-of-speech tagger, see ``_lexicon``), so they
miss some flaws and raise some false alarms. Their precision and recall on a labelled set of
English and Swedish questions are printed by ``tests/test_guide_flaws.py``.

Word frequency comes from ``wordfreq`` (Speer 2022), which covers both English and Swedish;
a word below Zipf 3.0 (fewer than one per million words) counts as rare. Swedish writes
compounds as one word, so a rare Swedish word is accepted when it splits into two common
parts (``yrkes|roll``) or starts with a whitelisted stem (``mentors|träffarna``).

References
----------
.. [1] Patton, M. Q. (2015). *Qualitative research & evaluation methods* (4th ed.). Sage.
.. [2] Castillo-Montoya, M. (2016). Preparing for interview research: the interview protocol
   refinement framework. *The Qualitative Report*, 21(5), 811-831.
.. [3] Lenzner, T., Kaczmirek, L., & Lenzner, A. (2010). Cognitive burden of survey
   questions and response times. *Applied Cognitive Psychology*, 24(7), 1003-1020.
.. [4] Graesser, A. C., Cai, Z., Louwerse, M. M., & Daniel, F. (2006). Question
   Understanding Aid (QUAID). *Public Opinion Quarterly*, 70(1), 3-22.
.. [5] Speer, R. (2022). wordfreq (v3.0). Zenodo. doi:10.5281/zenodo.7199437
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

import pandas as pd
from wordfreq import zipf_frequency

from replicate.guide._lexicon import LEXICONS, Lexicon
from replicate.guide._text import Language, body_offset, count_sentences, normalise, words
from replicate.guide.readability import flesch_kincaid_grade

if TYPE_CHECKING:
    from replicate.guide.model import Guide

__all__ = ["GUIDE_FLAG_COLUMNS", "RULES", "Flag", "check_guide", "check_question"]

Severity = Literal["warning", "info"]

#: Rule names in report order.
RULES: tuple[str, ...] = (
    "closed",
    "either_or",
    "leading",
    "double_barrelled",
    "presupposing",
    "jargon",
    "too_long",
    "double_negation",
    "why",
)

#: Columns of :func:`check_guide`.
GUIDE_FLAG_COLUMNS: tuple[str, ...] = (
    "area", "question_id", "kind", "item", "text", "rule", "severity", "matched", "detail",
    "suggestion",
)

_SUGGEST: dict[str, dict[str, str]] = {
    "closed": {
        "en": "Open it up: start with 'How…', 'What…' or 'Could you tell me about…'.",
        "sv": "Öppna frågan: börja med 'Hur…', 'Vad…' eller 'Kan du berätta om…'.",
    },
    "either_or": {
        "en": "Offer no fixed alternatives: ask 'How would you describe…?' instead.",
        "sv": "Ge inga färdiga alternativ: fråga 'Hur skulle du beskriva…?' i stället.",
    },
    "leading": {
        "en": "Remove the expected answer; ask neutrally, e.g. 'How did you experience…?'.",
        "sv": "Ta bort det förväntade svaret; fråga neutralt, t.ex. 'Hur upplevde du…?'.",
    },
    "double_barrelled": {
        "en": "Ask one thing at a time: split it into two questions or keep one target.",
        "sv": "Fråga om en sak i taget: dela upp frågan eller behåll ett fokus.",
    },
    "presupposing": {
        "en": "Do not assume the outcome: ask 'What, if anything, …' or 'How did … turn out?'.",
        "sv": "Förutsätt inte utfallet: fråga 'Vad, om något, …' eller 'Hur blev det med …?'.",
    },
    "jargon": {
        "en": "Use everyday words the participant would use; explain or drop the term.",
        "sv": "Använd vardagliga ord som deltagaren själv använder; förklara eller stryk termen.",
    },
    "too_long": {
        "en": "Shorten it: one sentence, under 20 words, no asides in brackets.",
        "sv": "Korta frågan: en mening, under 20 ord, inga inskott inom parentes.",
    },
    "double_negation": {
        "en": "Say it positively; two negations are hard to answer.",
        "sv": "Formulera frågan positivt; dubbla negationer är svåra att svara på.",
    },
    "why": {
        "en": "'Why' can sound like interrogation; consider 'How come…' or 'What led to…'.",
        "sv": "'Varför' kan låta förhörsaktigt; pröva 'Vad gjorde att…' eller 'Hur kom det sig…'.",
    },
}


@dataclass(frozen=True)
class Flag:
    """One possible flaw in a question.

    Attributes
    ----------
    rule : str
        One of :data:`RULES`.
    severity : {"warning", "info"}
        ``warning``: a reviewer should look at it; ``info``: worth knowing.
    matched : str
        The text that triggered the rule (a substring of the question, or a list of words).
    suggestion : str
        A way to reword.
    detail : str
        Numbers behind the flag, e.g. ``"27 words"`` or ``"Zipf 1.9"``.
    """

    rule: str
    severity: Severity
    matched: str
    suggestion: str
    detail: str = ""


def _flag(rule: str, language: Language, matched: str, *, severity: Severity = "warning",
          detail: str = "") -> Flag:
    return Flag(rule, severity, matched.strip(), _SUGGEST[rule][language], detail)


def _first_tokens(body: str) -> list[re.Match[str]]:
    return list(re.finditer(r"[^\W_]+(?:'[^\W_]+)?", body))[:3]


def _is_closed(body: str, lex: Lexicon, language: Language) -> re.Match[str] | None:
    toks = _first_tokens(body)
    if not toks:
        return None
    first = toks[0].group(0).lower()
    if lex.polite_open.match(body) or lex.closing_invite.match(body):
        return None
    if language == "sv" and first == "var":
        # "Var träffades ni?" (where) is open; "Var det …" / "Var du …" (was) is closed.
        nxt = toks[1].group(0).lower() if len(toks) > 1 else ""
        verb_like = nxt in lex.closed_first or bool(re.search(r"(?:de|te|des|tes|s|r)$", nxt))
        return toks[0] if nxt in lex.pronouns or not verb_like else None
    if first in lex.closed_first:
        return toks[0]
    if lex.closed_suffix is not None and lex.closed_suffix.match(first):
        return toks[0]
    return None


def _has_wh(body: str, lex: Lexicon) -> bool:
    return any(w.lower() in lex.wh for w in words(body))


def _rare(word: str, language: Language, lex: Lexicon, whitelist: frozenset[str],
          min_zipf: float) -> float | None:
    """Zipf frequency of ``word`` if it is rare and not excused, else ``None``."""
    low = word.lower()
    if low in whitelist or any(c.isdigit() for c in low) or len(low) < 3:
        return None
    if any(low.startswith(w) and len(w) >= 5 for w in whitelist):
        return None
    z = _zipf(low, language)
    if z >= min_zipf:
        return None
    if any(_zipf(stem, language) >= min_zipf for stem in _stems(low, lex)):
        return None
    if any(_zipf(low[len(p):], language) >= min_zipf for p in lex.prefixes
           if low.startswith(p) and len(low) - len(p) >= 4):
        return None
    if lex.split_compounds and _is_common_compound(low, language, lex, min_zipf, depth=2):
        return None
    return z


@lru_cache(maxsize=65536)
def _zipf(word: str, language: str) -> float:
    return float(zipf_frequency(word, language))


def _stems(word: str, lex: Lexicon) -> list[str]:
    return [word[: -len(s)] for s in lex.suffixes if word.endswith(s) and len(word) - len(s) >= 3]


def _common(word: str, language: Language, lex: Lexicon, min_zipf: float, depth: int) -> bool:
    if _zipf(word, language) >= min_zipf:
        return True
    if any(_zipf(stem, language) >= min_zipf for stem in _stems(word, lex)):
        return True
    return depth > 1 and _is_common_compound(word, language, lex, min_zipf, depth=depth - 1)


def _is_common_compound(word: str, language: Language, lex: Lexicon, min_zipf: float,
                        *, depth: int) -> bool:
    """Whether ``word`` splits into two common parts (Swedish compounds).

    The first part may carry the linking ``-s-`` (*yrke|s|roll*) or have dropped a final
    ``-e``/``-a`` (*läkar(e)|yrket*); with ``depth`` 2 the first part may itself be a
    compound (*två|år|s|perioden*).
    """
    for i in range(3, len(word) - 3):
        left, right = word[:i], word[i:]
        lefts = [left, left + "e", left + "a"]
        if left.endswith("s") and len(left) > 3:
            lefts.append(left[:-1])
        if _common(right, language, lex, min_zipf, 1) and any(
            _common(x, language, lex, min_zipf, depth) for x in lefts
        ):
            return True
    return False


def _glossary_pattern(term: str) -> re.Pattern[str]:
    """A term with up to 4 inflection letters on each word (*professionella identiteten*)."""
    parts = []
    for w in term.split():
        stem = re.escape(w[:-1]) + "(?:y|ies)" if w.endswith("y") else re.escape(w)
        parts.append(stem + r"\w{0,4}")
    return re.compile(r"\b" + r"\s+".join(parts) + r"\b", re.IGNORECASE)


def check_question(
    text: str,
    *,
    language: Language,
    glossary: Iterable[str] = (),
    whitelist: Iterable[str] = (),
    min_zipf: float = 3.0,
    use_default_glossary: bool = True,
) -> list[Flag]:
    """Apply the §2.3 question-flaw rules to one question.

    Parameters
    ----------
    text : str
        The question as written in the guide or as spoken (a leading ``[Q3]`` tag and
        discourse openers such as "so", "okay" / "så", "okej" are skipped).
    language : {"en", "sv"}
        Language of the question.
    glossary : iterable of str, default=()
        Project terms that count as jargon (added to the built-in academic glossary).
    whitelist : iterable of str, default=()
        Words never flagged as rare or as acronyms (added to the built-in domain words such
        as mentor, semester / mentor, termin).
    min_zipf : float, default=3.0
        Words with a ``wordfreq`` Zipf frequency below this count as rare.
    use_default_glossary : bool, default=True
        Include the built-in glossary of academic terms.

    Returns
    -------
    list of Flag
        Sorted by rule (order of :data:`RULES`), then matched text. Empty when no rule fires.

    Raises
    ------
    ValueError
        When ``language`` is not ``"en"`` or ``"sv"``.

    References
    ----------
    methodology.md §2.3; Patton (2015); Castillo-Montoya (2016); Lenzner et al. (2010).

    Examples
    --------
    >>> [f.rule for f in check_question("Did your mentor help you?", language="en")]
    ['closed']
    >>> [f.rule for f in check_question("How much did your mentor help you?", language="en")]
    ['presupposing']
    >>> check_question("Kan du berätta om er första träff?", language="sv")
    []
    """
    if language not in LEXICONS:
        raise ValueError(f"language must be 'en' or 'sv', got {language!r}")
    lex = LEXICONS[language]
    src = normalise(text).rstrip()
    off = body_offset(src, language)
    body = src[off:]
    wl = frozenset(w.lower() for w in (*lex.whitelist, *whitelist))
    flags: list[Flag] = []

    closed = _is_closed(body, lex, language)
    if closed is not None:
        flags.append(_flag("closed", language, closed.group(0), detail="verb-first"))
    m = lex.either_or.search(body)
    if m and not _has_wh(body, lex) and not lex.either_or_skip.search(body):
        flags.append(_flag("either_or", language, body[max(0, m.start() - 20): m.end() + 20]))

    flags.extend(_leading(body, lex, language))
    flags.extend(_double_barrelled(body, lex, language))
    flags.extend(_presupposing(body, lex, language))
    flags.extend(_jargon(body, lex, language, glossary, use_default_glossary, wl, min_zipf))
    flags.extend(_too_long(body, language))

    negs = [w for w in words(body) if w.lower() in lex.negators or w.lower().endswith("n't")]
    if len(negs) >= 2:
        flags.append(_flag("double_negation", language, " … ".join(negs),
                           detail=f"{len(negs)} negations"))
    m = lex.why.match(body)
    if m:
        flags.append(_flag("why", language, m.group(0), severity="info"))
    order = {r: i for i, r in enumerate(RULES)}
    return sorted(set(flags), key=lambda f: (order[f.rule], f.matched, f.detail))


def _leading(body: str, lex: Lexicon, language: Language) -> list[Flag]:
    out = [_flag("leading", language, m.group(0)) for p in lex.leading for m in [p.search(body)]
           if m]
    if lex.leading_v1_not is not None:
        m = lex.leading_v1_not.match(body)
        if m:
            out.append(_flag("leading", language, m.group(0), detail="verb-first + inte"))
    return out[:1] + [f for f in out[1:] if f.matched != out[0].matched]


def _double_barrelled(body: str, lex: Lexicon, language: Language) -> list[Flag]:
    n_q = body.count("?")
    if n_q > 1:
        return [_flag("double_barrelled", language, body, detail=f"{n_q} question marks")]
    masked = lex.double_barrel_whitelist.sub(lambda m: "_" * len(m.group(0)), body)
    for pattern in lex.double_barrel:
        m = pattern.search(masked)
        if m:
            return [_flag("double_barrelled", language, body[m.start(): m.end()])]
    return []


def _presupposing(body: str, lex: Lexicon, language: Language) -> list[Flag]:
    hedged = bool(lex.hedge.search(body))
    patterns = lex.presupposing_always + (() if hedged else lex.presupposing)
    for p in patterns:
        m = p.search(body)
        if m:
            return [_flag("presupposing", language, m.group(0))]
    return []


def _jargon(body: str, lex: Lexicon, language: Language, glossary: Iterable[str],
            use_default: bool, whitelist: frozenset[str], min_zipf: float) -> list[Flag]:
    out: list[Flag] = []
    terms = sorted({*(lex.glossary if use_default else ()), *glossary}, key=str.lower)
    covered: list[tuple[int, int]] = []
    for term in terms:
        for m in _glossary_pattern(term).finditer(body):
            out.append(_flag("jargon", language, m.group(0), detail="glossary term"))
            covered.append(m.span())
    for m in lex.acronym.finditer(body):
        if m.group(0).lower() not in whitelist and not _inside(m.span(), covered):
            out.append(_flag("jargon", language, m.group(0), detail="acronym"))
            covered.append(m.span())
    for m in re.finditer(r"[^\W\d_]+(?:['-][^\W\d_]+)*", body):
        if _inside(m.span(), covered) or "'" in m.group(0):
            continue
        z = _rare(m.group(0), language, lex, whitelist, min_zipf)
        if z is not None:
            out.append(_flag("jargon", language, m.group(0), detail=f"Zipf {z:.1f}"))
    return out


def _inside(span: tuple[int, int], covered: Sequence[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in covered)


def _too_long(body: str, language: Language) -> list[Flag]:
    n = len(words(body))
    out: list[Flag] = []
    if n > 25:
        out.append(_flag("too_long", language, body, detail=f"{n} words"))
    elif n > 20:
        out.append(_flag("too_long", language, body, severity="info", detail=f"{n} words"))
    n_sent = count_sentences(body)
    if n_sent > 2:
        out.append(_flag("too_long", language, body, detail=f"{n_sent} sentences"))
    m = re.search(r"[;()]", body)
    if m:
        out.append(_flag("too_long", language, body[max(0, m.start() - 15): m.end() + 15],
                         detail="semicolon or parenthesis"))
    # Flesch-Kincaid is a passage formula: on a short item it mostly measures syllables per
    # word, which the jargon rule already covers, so single items need >= 15 words [D+];
    # the whole guide's grade is checked in guide_readability.
    if language == "en" and n >= 15:
        grade = flesch_kincaid_grade(body)
        if grade > 10:
            out.append(_flag("too_long", language, body,
                             detail=f"Flesch-Kincaid grade {grade:.1f}"))
    return out


def check_guide(
    guide: Guide,
    *,
    glossary: Iterable[str] = (),
    whitelist: Iterable[str] = (),
    min_zipf: float = 3.0,
    include_probes: bool = True,
) -> pd.DataFrame:
    """Apply :func:`check_question` to every question (and probe) of a guide.

    Parameters
    ----------
    guide : Guide
        The interview guide.
    glossary, whitelist : iterable of str, default=()
        Passed to :func:`check_question`.
    min_zipf : float, default=3.0
        Rare-word threshold (Zipf).
    include_probes : bool, default=True
        Check the planned probes too (``item`` column ``"probe 1"``, ``"probe 2"``…).

    Returns
    -------
    pandas.DataFrame
        One row per flag with columns :data:`GUIDE_FLAG_COLUMNS`, in guide order, then rule
        order. ``item`` is ``"question"`` or ``"probe N"``.
    """
    gl, wl = tuple(glossary), tuple(whitelist)
    rows: list[dict[str, object]] = []
    for area, q in guide.iter_questions():
        items = [("question", q.text)]
        if include_probes:
            items += [(f"probe {i}", p) for i, p in enumerate(q.probes, start=1)]
        for item, text in items:
            for f in check_question(text, language=guide.language, glossary=gl, whitelist=wl,
                                    min_zipf=min_zipf):
                rows.append({
                    "area": area.id, "question_id": q.id, "kind": q.kind, "item": item,
                    "text": text, "rule": f.rule, "severity": f.severity, "matched": f.matched,
                    "detail": f.detail, "suggestion": f.suggestion,
                })
    return pd.DataFrame(rows, columns=list(GUIDE_FLAG_COLUMNS))
