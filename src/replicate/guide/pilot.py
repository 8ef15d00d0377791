"""Pilot-interview metrics: duration, coverage, depth, talk share, probes, clarifications.

Operationalises methodology.md §2.4 ([D], after Kallio et al. 2016, phase 4 "field testing",
and Castillo-Montoya 2016, IPR phase 4 "pilot"). For each pilot transcript:

* **duration** from the ``duration_min`` header, else the last timestamp, else the word count
  at a configured speech rate, against the planned window (flag when outside it by more
  than ``duration_tolerance``, default 20 %);
* **coverage**: which guide questions were asked (``replicate.guide.matching``) and
  ``asked_main / total_main``; questions no pilot asked;
* **depth**: participant words (and sentences) in the segment that follows each question,
  up to the next guide question; < 50 words or ≤ 1 sentence suggests a closed or unclear
  question;
* **interviewer talk share**: interviewer words / all words, or share of time when every turn
  is timestamped; > 0.30 is flagged (a heuristic; no published cut-off exists);
* **probes**: question-like interviewer turns inside a segment that are not guide questions,
  classed *flagged* when a §2.3 warning rule fires on them, else *neutral*;
* **clarification requests** by the participant ("what do you mean", "vad menar du" …);
* **flaws as spoken**: §2.3 rules on the interviewer's actual wording of guide questions;
* **candidates**: interviewer questions of some length that match no guide question or
  planned probe — material for new items;
* **order adherence** (information only): Kendall's τ between planned and actual order
  (Kendall 1938; ``scipy.stats.kendalltau``).

References
----------
.. [1] Kallio, H., et al. (2016). *Journal of Advanced Nursing*, 72(12), 2954-2965.
.. [2] Castillo-Montoya, M. (2016). *The Qualitative Report*, 21(5), 811-831.
.. [3] Kendall, M. G. (1938). A new measure of rank correlation. *Biometrika*, 30, 81-93.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from replicate.guide._lexicon import LEXICONS
from replicate.guide._text import Language, body_offset, count_sentences
from replicate.guide.flaws import check_question
from replicate.guide.matching import TurnMatch, strip_tag
from replicate.guide.model import Guide
from replicate.transcripts import Transcript

__all__ = ["PilotParams", "PilotTables", "pilot_tables"]

_OPEN_START = {
    "en": re.compile(r"(?:tell|describe|explain|give|talk)\b", re.IGNORECASE),
    "sv": re.compile(r"(?:berätta|beskriv|förklara|ge|prata)\b", re.IGNORECASE),
}
_KEY_SPOKEN_RULES = frozenset({"closed", "either_or", "leading"})


@dataclass(frozen=True)
class PilotParams:
    """Thresholds of the pilot checks (defaults from methodology §2.4)."""

    words_per_minute: float = 130.0
    duration_tolerance: float = 0.2
    max_talk_share: float = 0.30
    min_answer_words: int = 50
    min_candidate_words: int = 6
    match_threshold: float = 0.35
    glossary: tuple[str, ...] = ()
    whitelist: tuple[str, ...] = ()


@dataclass
class PilotTables:
    """The per-pilot tables (columns documented on :class:`replicate.guide.PilotReport`)."""

    pilots: list[dict[str, object]] = field(default_factory=list)
    coverage: list[dict[str, object]] = field(default_factory=list)
    answers: list[dict[str, object]] = field(default_factory=list)
    probes: list[dict[str, object]] = field(default_factory=list)
    clarifications: list[dict[str, object]] = field(default_factory=list)
    spoken: list[dict[str, object]] = field(default_factory=list)
    candidates: list[dict[str, object]] = field(default_factory=list)


def _is_question(text: str, language: Language) -> bool:
    body = text[body_offset(text, language):]
    lex = LEXICONS[language]
    return "?" in text or bool(_OPEN_START[language].match(body)) or bool(
        lex.polite_open.match(body))


def _talk_share(t: Transcript, wpm: float) -> tuple[float, str]:
    stamps = [turn.seconds for turn in t.turns]
    secs = [s for s in stamps if s is not None]
    if len(secs) == len(stamps) and len(secs) >= 2 and secs == sorted(secs):
        dur = [b - a for a, b in itertools.pairwise(secs)]
        dur.append(t.turns[-1].words / wpm * 60.0)
        total = sum(dur)
        if total > 0:
            mine = sum(d for d, turn in zip(dur, t.turns, strict=True) if turn.speaker == "I")
            return mine / total, "time"
    total_words = t.words
    return (t.words_by("I") / total_words if total_words else math.nan), "words"


def _r(x: float, nd: int = 3) -> float:
    return x if math.isnan(x) else round(x, nd)


def pilot_tables(
    guide: Guide,
    transcripts: Sequence[Transcript],
    names: Sequence[str],
    matches: Sequence[Sequence[TurnMatch]],
    params: PilotParams,
) -> PilotTables:
    """Compute the row dicts of all pilot tables.

    Parameters
    ----------
    guide : Guide
    transcripts : sequence of Transcript
    names : sequence of str
        Pilot ids, parallel to ``transcripts``.
    matches : sequence of sequence of TurnMatch
        From :func:`replicate.guide.matching.match_turns`.
    params : PilotParams

    Returns
    -------
    PilotTables
    """
    from scipy.stats import kendalltau  # slow to import; only needed here

    out = PilotTables()
    lang = guide.language
    lex = LEXICONS[lang]
    areas = {q.id: a.id for a, q in guide.iter_questions()}
    kinds = {q.id: q.kind for _, q in guide.iter_questions()}
    planned = [q.id for q in guide.main_questions()]
    lo, hi = guide.planned_minutes
    for name, t, ms in zip(names, transcripts, matches, strict=True):
        by_turn = {m.turn: m for m in ms}
        first_pos: dict[str, int] = {}
        first_match: dict[str, TurnMatch] = {}
        answer_words: dict[str, int] = {}
        answer_sent: dict[str, int] = {}
        n_probes: dict[str, int] = {}
        n_flagged: dict[str, int] = {}
        n_clar: dict[str, int] = {}
        current: str | None = None
        for k, turn in enumerate(t.turns):
            m = by_turn.get(k)
            if turn.speaker == "I" and m is not None and m.question_id is not None:
                current = m.question_id
                if current not in first_pos:
                    first_pos[current] = len(first_pos) + 1
                    first_match[current] = m
                    _spoken_flags(out, name, current, kinds[current], turn.line,
                                  strip_tag(turn.text)[1], lang, params)
                continue
            if turn.speaker == "P":
                if current is not None:
                    answer_words[current] = answer_words.get(current, 0) + turn.words
                    answer_sent[current] = answer_sent.get(current, 0) + count_sentences(
                        turn.text)
                if lex.clarification.search(turn.text):
                    n_clar[current or ""] = n_clar.get(current or "", 0) + 1
                    out.clarifications.append({"pilot": name, "question_id": current or "",
                                               "line": turn.line, "text": turn.text[:120]})
                continue
            text = strip_tag(turn.text)[1]
            if not _is_question(text, lang) or m is None:
                continue
            flags = [f for f in check_question(text, language=lang, glossary=params.glossary,
                                               whitelist=params.whitelist)
                     if f.severity == "warning"]
            neutral = bool(lex.neutral_probe.search(text))
            if current is not None:
                n_probes[current] = n_probes.get(current, 0) + 1
                if flags:
                    n_flagged[current] = n_flagged.get(current, 0) + 1
                out.probes.append({
                    "pilot": name, "question_id": current, "line": turn.line, "text": text,
                    "classification": "flagged" if flags else "neutral",
                    "rules": ", ".join(sorted({f.rule for f in flags})),
                    "standard_probe": neutral,
                })
            if (len(text.split()) >= params.min_candidate_words and not neutral
                    and m.probe_similarity < params.match_threshold):
                out.candidates.append({"pilot": name, "line": turn.line, "text": text,
                                       "nearest_question": m.nearest,
                                       "similarity": m.similarity})
        for qid in [q.id for _, q in guide.iter_questions()]:
            asked = qid in first_pos
            fm = first_match.get(qid)
            line = t.turns[fm.turn].line if fm is not None else None
            out.coverage.append({
                "pilot": name, "area": areas[qid], "question_id": qid, "kind": kinds[qid],
                "asked": asked, "method": fm.method if fm else "",
                "similarity": fm.similarity if fm else math.nan,
                "line": line, "position": first_pos.get(qid),
            })
            if asked:
                words_ = answer_words.get(qid, 0)
                sents = answer_sent.get(qid, 0)
                out.answers.append({
                    "pilot": name, "question_id": qid, "kind": kinds[qid],
                    "answer_words": words_, "answer_sentences": sents,
                    "n_probes": n_probes.get(qid, 0), "n_flagged_probes": n_flagged.get(qid, 0),
                    "n_clarifications": n_clar.get(qid, 0),
                    "shallow": bool(words_ < params.min_answer_words or sents <= 1),
                })
        minutes, source = t.duration_minutes(words_per_minute=params.words_per_minute)
        share, basis = _talk_share(t, params.words_per_minute)
        asked_main = [q for q in planned if q in first_pos]
        tau = math.nan
        if len(asked_main) >= 2:
            tau = float(kendalltau([planned.index(q) for q in asked_main],
                                   [first_pos[q] for q in asked_main]).statistic)
        out.pilots.append({
            "pilot": name, "minutes": _r(minutes, 1), "duration_source": source,
            "planned_min": lo, "planned_max": hi,
            "duration_flag": bool(minutes < lo * (1 - params.duration_tolerance)
                                  or minutes > hi * (1 + params.duration_tolerance)),
            "interviewer_words": t.words_by("I"), "participant_words": t.words_by("P"),
            "talk_share": _r(share), "talk_share_basis": basis,
            "talk_share_words": _r(t.words_by("I") / t.words) if t.words else math.nan,
            "talk_share_flag": bool(share > params.max_talk_share),
            "n_main": len(planned), "n_asked": len(asked_main),
            "coverage": _r(len(asked_main) / len(planned)) if planned else math.nan,
            "kendall_tau": _r(tau),
            "n_probes": sum(n_probes.values()), "n_flagged_probes": sum(n_flagged.values()),
            "n_clarifications": sum(n_clar.values()),
            "n_candidates": sum(1 for c in out.candidates if c["pilot"] == name),
        })
    return out


def _spoken_flags(out: PilotTables, pilot: str, qid: str, kind: str, line: int, text: str,
                  lang: Language, params: PilotParams) -> None:
    for f in check_question(text, language=lang, glossary=params.glossary,
                            whitelist=params.whitelist):
        severity = "warning" if (kind == "key" and f.rule in _KEY_SPOKEN_RULES) else "info"
        out.spoken.append({
            "pilot": pilot, "question_id": qid, "kind": kind, "line": line, "text": text,
            "rule": f.rule, "severity": severity, "matched": f.matched,
            "suggestion": f.suggestion,
        })
