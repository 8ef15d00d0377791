"""Reading text-selection positions: inclusive or exclusive ends, CRLF counted once or twice.

REFI-QDA 1.5 §10.2 gives positions as 0-based Unicode code points and calls them the "first
and last character", which leaves open whether ``endPosition`` is inclusive or exclusive.
Fixtures and QualCoder read it as exclusive; some tools write inclusive ends. Tools also differ
on whether a CRLF line end counts as one code point or two (QualCoder applies per-vendor
fixes). Rather than trust the ``origin`` string, the convention is decided from the data:

1. A convention is *infeasible* if it puts any selection outside its text.
2. Each feasible convention re-extracts every selection and scores it: +2 when the text equals
   the selection's ``name`` (many tools store the selected text there), +1 when one is a
   prefix of the other (names are often truncated), and +1 for each end that falls on a word
   boundary without surrounding whitespace (coders select whole words).
3. The highest total wins; ties keep the literal reading of the standard (exclusive end,
   code points as stored).

Positions are then converted to the transcript convention of :mod:`replicate.transcripts`:
0-based code points of the text with LF line ends, end exclusive.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from replicate.errors import DataError
from replicate.qdpx._report import Log, OffsetConvention
from replicate.qdpx.reader import Selection, TextSource

__all__ = ["CANDIDATES", "resolve_offsets"]

CANDIDATES: tuple[tuple[str, str], ...] = (
    ("exclusive", "as-stored"), ("inclusive", "as-stored"), ("exclusive", "lf"),
    ("inclusive", "lf"),
)
"""Conventions tried, in order of preference when their scores tie."""

_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\r\n", "\n")).casefold()


def _bounds(sel: Selection, end_mode: str) -> tuple[int, int]:
    return sel.start, sel.end + (1 if end_mode == "inclusive" else 0)


def _problem(sel: Selection, end_mode: str, length: int) -> str | None:
    stop = _bounds(sel, end_mode)[1]
    if sel.start < 0 or sel.end < 0:
        return f"negative position ({sel.start}, {sel.end}); positions count from 0"
    if sel.start > sel.end:
        return (f"startPosition {sel.start} is after endPosition {sel.end}; a selection "
                "starts before it ends")
    if stop > length:
        return (f"the selection ends at position {sel.end}, beyond the end of its source text "
                f"({length} characters); positions are 0-based code points inside the text")
    return None


def _score(text: str, sel: Selection, end_mode: str) -> int:
    start, stop = _bounds(sel, end_mode)
    piece = text[start:stop]
    if not piece:
        return 0
    score = 0
    if sel.name.strip():
        got, name = _norm(piece), _norm(sel.name)
        if got == name:
            score += 2
        elif min(len(got), len(name)) >= 3 and (got.startswith(name) or name.startswith(got)):
            score += 1
    clean_start = (start == 0 or not text[start - 1].isalnum() or not text[start].isalnum())
    clean_end = (stop == len(text) or not text[stop - 1].isalnum() or not text[stop].isalnum())
    score += int(clean_start and not piece[0].isspace())
    score += int(clean_end and not piece[-1].isspace())
    return score


def _lf_index(crlf: list[int], index: int) -> int:
    # Number of CRLF pairs whose CR lies before ``index`` (each shrinks to one LF).
    return index - bisect.bisect_left(crlf, index)


def resolve_offsets(
    sources: Sequence[TextSource], log: Log
) -> tuple[OffsetConvention, dict[str, tuple[int, int]]]:
    """Decide the offset convention and convert every selection to LF, exclusive positions.

    Parameters
    ----------
    sources : sequence of TextSource
        The text sources with their selections, positions as written in the file.
    log : Log
        Receives the quirks found (inclusive ends, CRLF line ends).

    Returns
    -------
    convention : OffsetConvention
        The convention chosen and the evidence for each candidate.
    spans : dict
        Selection GUID → ``(start, end)`` in the LF text, end exclusive.

    Raises
    ------
    DataError
        When every convention puts some selection outside its text (names the source file
        and the selection's GUID).
    """
    has_crlf = any("\r\n" in s.text for s in sources)
    candidates = [c for c in CANDIDATES if has_crlf or c[1] == "as-stored"]
    texts = {s.guid: (s.text, s.text.replace("\r\n", "\n")) for s in sources}
    scores: dict[str, int] = {}
    for end_mode, newlines in candidates:
        total = 0
        feasible = True
        for src in sources:
            text = texts[src.guid][0 if newlines == "as-stored" else 1]
            for sel in src.selections:
                if _problem(sel, end_mode, len(text)) is not None:
                    feasible = False
                    break
                total += _score(text, sel, end_mode)
            if not feasible:
                break
        if feasible:
            scores[f"{end_mode}/{newlines}"] = total
    if not scores:
        _raise_first_problem(sources)
    best = max(scores.values())
    end_mode, newlines = next(c for c in candidates if scores.get(f"{c[0]}/{c[1]}") == best)

    spans: dict[str, tuple[int, int]] = {}
    mismatches: list[str] = []
    for src in sources:
        stored, lf = texts[src.guid]
        crlf = [m.start() for m in re.finditer("\r\n", stored)]
        text = stored if newlines == "as-stored" else lf
        for sel in src.selections:
            start, stop = _bounds(sel, end_mode)
            if newlines == "as-stored":
                start, stop = _lf_index(crlf, start), _lf_index(crlf, stop)
            spans[sel.guid] = (start, stop)
            piece = _norm(text[slice(*_bounds(sel, end_mode))])
            name = _norm(sel.name)
            if name.strip() and not (piece.startswith(name) or name.startswith(piece)):
                mismatches.append(sel.guid)

    evidence = ", ".join(f"{k} {v}" for k, v in sorted(scores.items()))
    if has_crlf:
        how = "two code points (as stored)" if newlines == "as-stored" else "one code point"
        log.quirk("crlf", f"source texts use CRLF line ends; selection positions count a CRLF "
                  f"as {how} (re-extraction scores: {evidence}); transcripts are written with "
                  "LF and positions converted")
    if end_mode == "inclusive":
        log.quirk("inclusive-end", "endPosition marks the last selected character "
                  f"(inclusive), decided by re-extracting the text (scores: {evidence}); "
                  "converted to exclusive ends")
    return OffsetConvention(end_mode, newlines, scores, tuple(mismatches)), spans


def _raise_first_problem(sources: Sequence[TextSource]) -> None:
    for src in sources:
        for sel in src.selections:
            problem = _problem(sel, "exclusive", len(src.text))
            if problem is not None:
                raise DataError(problem, file=src.file,
                                location=f"PlainTextSelection guid {sel.guid}")
    # Every selection fits the default reading on its own but no single convention fits all
    # of them (e.g. inclusive ends needed in one source, impossible in another).
    raise DataError("no single position convention (inclusive or exclusive ends, CRLF counted "
                    "once or twice) fits every selection; check the exporting tool",
                    file=sources[0].file if sources else None)
