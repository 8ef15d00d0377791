"""Synthetic interview transcripts with exact meaning-unit offsets.

Each transcript follows the demo guide (version 1.1): the interviewer (SK) asks the twelve
questions in order, in slightly varied wording, and follows up with neutral probes; the
participant answers with meaning units (one per scheduled code, placed under the questions
where that subcategory naturally comes up) embedded in uncoded talk. The length is set by the
planned duration (40–50 min) at 125–135 words per minute, roughly 5,000–6,500 words, matching
the original's 40–50 min interviews (methodology.md §5.1). Timestamps are derived from the
running word count. Offsets count code points of the file as written (``\\n`` line ends, no
BOM), which is how :func:`replicate.transcripts.read_text` reads it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from replicate.demo.bank_talk import (
    ACKS,
    CLOSING_THANKS,
    INTRO,
    PROBES,
    QUESTION_VARIANTS,
    REFLECTS,
    TRANSITIONS,
)
from replicate.demo.codebook import CODES
from replicate.demo.compose import QUESTION_TOPICS, Speaker
from replicate.demo.rand import Draw

__all__ = [
    "SUB_QUESTIONS",
    "Span",
    "Turn",
    "compose_interview",
    "header",
    "interview_fields",
    "render_turns",
    "stamp",
]

SUB_QUESTIONS: dict[str, tuple[str, ...]] = {
    "Someone to talk to": ("Q2", "Q10"),
    "Reflection": ("Q2", "Q3"),
    "Relieving": ("Q3", "Q7"),
    "Own and others' demands": ("Q3", "Q4"),
    "Support": ("Q4", "Q11"),
    "Available mentor": ("Q5",),
    "Security": ("Q4", "Q5"),
    "It will work": ("Q7", "Q9"),
    "Looking forward to work as a doctor": ("Q9",),
    "Motivation": ("Q7", "Q9"),
    "Insight into the profession": ("Q2", "Q8"),
    "Becoming more self-confident": ("Q7", "Q8"),
    "Getting perspective": ("Q3", "Q8"),
    "Being invited": ("Q4", "Q8"),
    "Collegial interaction": ("Q8",),
    "Fellowship": ("Q6", "Q10"),
    "Having no doctor in family or among friends": ("Q1", "Q10"),
}
"""Guide questions under which a subcategory tends to come up."""

QUESTIONS = tuple(QUESTION_VARIANTS)


@dataclass(frozen=True)
class Span:
    """A meaning unit located in a transcript: ``text == transcript[start:end]``."""

    start: int
    end: int
    text: str
    condensed: str
    code: int


def stamp(seconds: float) -> str:
    """Format seconds as ``hh:mm:ss``."""
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def header(fields: list[tuple[str, str]]) -> str:
    """Render transcript header lines (``# key: value``) followed by a blank line."""
    lines = ["# synthetic: true",
             "# note: synthetic demo transcript written by replicate.demo; not a real "
             "interview"]
    lines += [f"# {k}: {v}" for k, v in fields]
    return "\n".join(lines) + "\n\n"


Turn = tuple[str, list[str], list[tuple[int, int, str]]]
"""A turn: speaker (``I``/``P``), its sentences, and per unit sentence (index, code, condensed)."""


def _words(sentences: list[str]) -> int:
    return sum(s.count(" ") + 1 for s in sentences)


def _interleave(filler: list[str], units: list[tuple[str, str, int]], draw: Draw
                ) -> tuple[list[str], list[tuple[int, int, str]]]:
    """Place units among filler sentences; the segment starts with filler when there is any."""
    gaps = sorted(draw.between(1 if filler else 0, len(filler)) for _ in units)
    out: list[str] = []
    marks: list[tuple[int, int, str]] = []
    g = 0
    for i in range(len(filler) + 1):
        while g < len(units) and gaps[g] == i:
            text, condensed, code = units[g]
            marks.append((len(out), code, condensed))
            out.append(text)
            g += 1
        if i < len(filler):
            out.append(filler[i])
    return out, marks


def _plan(codes: list[int], speaker: Speaker, draw: Draw
          ) -> dict[str, list[tuple[str, str, int]]]:
    """Write each unit and file it under a guide question."""
    by_q: dict[str, list[tuple[str, str, int]]] = {q: [] for q in QUESTIONS}
    for code in codes:
        q = draw.pick(SUB_QUESTIONS[CODES[code].subcategory])
        text, condensed = speaker.unit(code, extend=draw.chance(0.55))
        by_q[q].append((text, condensed, code))
    return by_q


def compose_interview(
    speaker: Speaker, codes: list[int], *, minutes: int, fields: list[tuple[str, str]]
) -> tuple[str, list[Span], int]:
    """Write one interview transcript.

    Parameters
    ----------
    speaker : Speaker
        The participant (and the transcript's random source).
    codes : list of int
        Code index of every meaning unit to include (any order).
    minutes : int
        Planned duration; sets the length. Raised when the units alone need more time.
    fields : list of (str, str)
        Header fields after ``synthetic`` (participant, date, …); ``duration_min`` is added.

    Returns
    -------
    text : str
        The transcript file content.
    spans : list of Span
        The meaning units in text order.
    minutes : int
        The duration written in the header.
    """
    draw = speaker.draw
    by_q = _plan(codes, speaker, draw)
    wpm = draw.between(125, 135)
    unit_words = sum(t.count(" ") + 1 for units in by_q.values() for t, _, _ in units)

    # Segments: each question gets 1–4 participant segments separated by probes.
    seg_plan: list[tuple[str, list[tuple[str, str, int]]]] = []
    for q in QUESTIONS:
        units = by_q[q]
        n_seg = 1 if q == "Q12" else 1 + min(3, len(units) // 2 + draw.index(2))
        parts: list[list[tuple[str, str, int]]] = [[] for _ in range(n_seg)]
        for j, u in enumerate(draw.shuffled(units)):
            parts[j % n_seg].append(u)
        seg_plan += [(q, p) for p in parts]
    i_words = 12 * len(seg_plan) + 60
    budget = max(0, minutes * wpm - unit_words - i_words)
    shares = [0.3 if q == "Q12" else 0.6 + draw.index(80) / 100 for q, _ in seg_plan]
    total_share = sum(shares)

    turns: list[Turn] = []
    last_q = ""
    for (q, units), share in zip(seg_plan, shares, strict=True):
        if q != last_q:
            asked = speaker.fill(draw.pick(QUESTION_VARIANTS[q]))
            lead = [draw.pick(INTRO)] if q == "Q1" else ([draw.pick(ACKS)]
                                                         if draw.chance(0.5) else [])
            if q in TRANSITIONS:
                lead.append(TRANSITIONS[q])
            turns.append(("I", [*lead, asked], []))
            last_q = q
        else:
            roll = draw.index(10)
            lead = [draw.pick(REFLECTS)] if roll < 3 else ([draw.pick(ACKS)] if roll < 6 else [])
            turns.append(("I", [*lead, draw.pick(PROBES)], []))
        extra = speaker.family() if q == "Q1" else (speaker.aspects() if q == "Q6" else [])
        want = int(budget * share / total_share) - _words(extra)
        if q == "Q12":
            filler = [speaker.sentence("closing"), speaker.sentence("closing")]
        else:
            filler = extra + speaker.filler(QUESTION_TOPICS[q], max(0, want))
        sentences, marks = _interleave(filler, units, draw)
        turns.append(("P", sentences, marks))
    turns.append(("I", [draw.pick(CLOSING_THANKS)], []))
    turns.append(("P", ["Thank you."], []))
    return render_turns(turns, minutes, fields)


def render_turns(turns: list[Turn], minutes: int, fields: list[tuple[str, str]]
            ) -> tuple[str, list[Span], int]:
    """Join turns into the file text with timestamps and locate every unit.

    Parameters
    ----------
    turns : list of Turn
        Speaker turns in order.
    minutes : int
        Planned duration; raised to keep the speech rate at or below 140 words per minute.
    fields : list of (str, str)
        Header fields after ``synthetic``; ``duration_min`` is appended.

    Returns
    -------
    text : str
    spans : list of Span
    minutes : int
    """
    counts = [_words(s) for _, s, _ in turns]
    total = sum(counts)
    minutes = max(minutes, math.ceil(total / 140))
    span_s = minutes * 60 - 20
    head = header([*fields, ("duration_min", str(minutes))])
    pieces = [head]
    offset = len(head)
    spans: list[Span] = []
    before = 0
    for (who, sentences, marks), n in zip(turns, counts, strict=True):
        prefix = f"[{stamp(3 + before / total * span_s)}] {who}: "
        offset += len(prefix)
        starts = []
        pos = 0
        for s in sentences:
            starts.append(pos)
            pos += len(s) + 1
        for idx, code, condensed in marks:
            text = sentences[idx]
            begin = offset + starts[idx]
            spans.append(Span(begin, begin + len(text), text, condensed, code))
        line = " ".join(sentences)
        pieces += [prefix, line, "\n"]
        offset += len(line) + 1
        before += n
    return "".join(pieces), spans, minutes


def interview_fields(pseudonym: str, date: dt.date) -> list[tuple[str, str]]:
    """Header fields of a main interview transcript (before ``duration_min``)."""
    return [("participant", pseudonym), ("date", date.isoformat()), ("interviewer", "SK"),
            ("language", "en")]
