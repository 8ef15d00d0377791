"""Question-flaw heuristics for interview questions in English and Swedish.

Implements the rules table of methodology.md §2.3 ([D], grounded in Patton 2015,
Castillo-Montoya 2016, Kallio et al. 2016, Lenzner et al. 2010 and Graesser et al. 2006):
closed (yes/no) questions with the polite-open exceptions, either/or questions, leading
wording, double-barrelled questions, presupposing or loaded wording, jargon (a project
glossary, low word frequency, acronyms), questions that are too long or complex, double
negation and "why" wording.

Every flag is a *warning for a person to review*, never an automatic rejection: the rules
are regular expressions over word lists (no part-of-speech tagger, see ``_lexicon``), so they
miss some flaws and raise some false alarms. Their precision and recall, measured on 434
labelled English and Swedish questions and probes (with a held-out part), are shipped with
the package: :func:`replicate.guide.evaluation.measured_rule_scores`.

The rules themselves live in ``_rules`` (closed, either/or, leading, double-barrelled,
presupposing, length, double negation, why) and ``_jargon`` (glossary, acronyms, word
frequency from ``wordfreq``, Speer 2022); the word lists in ``_lexicon_en`` and
``_lexicon_sv``.

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

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import pandas as pd

from replicate.guide import _rules
from replicate.guide._jargon import jargon
from replicate.guide._lexicon import LEXICONS
from replicate.guide._text import Language, body_offset, normalise

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

    See Also
    --------
    replicate.guide.evaluation.measured_rule_scores : how often each rule is right.

    References
    ----------
    methodology.md §2.3; Patton (2015); Castillo-Montoya (2016); Lenzner et al. (2010).

    Examples
    --------
    >>> [f.rule for f in check_question("Did your mentor help you?", language="en")]
    ['closed']
    >>> [f.rule for f in check_question("How much did your mentor help you?", language="en")]
    ['presupposing']
    >>> check_question("Could you start by telling me about your mentor?", language="en")
    []
    >>> check_question("Kan du säga mer om det?", language="sv")
    []
    """
    if language not in LEXICONS:
        raise ValueError(f"language must be 'en' or 'sv', got {language!r}")
    lex = LEXICONS[language]
    src = normalise(text).rstrip()
    body = src[body_offset(src, language):]
    wl = frozenset(w.lower() for w in (*lex.whitelist, *whitelist))
    hits: list[_rules.Hit] = [
        *_rules.closed(body, lex, language),
        *_rules.either_or(body, lex),
        *_rules.leading(body, lex),
        *_rules.double_barrelled(body, lex),
        *_rules.presupposing(body, lex),
    ]
    hits += [("jargon", m, "warning", d)
             for m, d in jargon(body, lex, language, glossary, use_default_glossary, wl,
                                min_zipf)]
    hits += [*_rules.too_long(body, language), *_rules.double_negation(body, lex),
             *_rules.why(body, lex)]
    flags = {_flag(rule, language, matched, severity="info" if sev == "info" else "warning",
                   detail=detail) for rule, matched, sev, detail in hits}
    order = {r: i for i, r in enumerate(RULES)}
    return sorted(flags, key=lambda f: (order[f.rule], f.matched, f.detail))


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
