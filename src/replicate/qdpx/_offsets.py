"""Deciding how a project's text positions are counted, from the evidence in its selections.

Tools disagree on the unit of a position (code points, UTF-16 code units, UTF-8 bytes), on
whether ``endPosition`` is inclusive, and on whether a CRLF counts once or twice
(:mod:`replicate.qdpx._positions`). Rather than trust the ``origin`` string, every reading
(:data:`~replicate.qdpx._positions.HYPOTHESES`) is tried on all selections:

1. A reading is *infeasible* if it puts any selection outside its text.
2. Readings that give the same spans for every selection are one *class* (in an ASCII text
   the three units agree); a class is represented by its most preferred reading.
3. Each class is scored over all selections (:func:`~replicate.qdpx._positions.score`: word
   and line boundaries, the selection's name); the highest total wins, ties going to the
   literal reading of the standard (code points, exclusive, as stored).
4. **Confidence.** The winner is compared with the runner-up selection by selection: it is
   better on ``wins`` and worse on ``losses``; the confidence is ``wins / (wins + losses)``
   (1 when only one class is feasible). Fewer than 10 deciding selections or a confidence
   below 0.9 is weak evidence and the report says so.

Positions are converted to the transcript convention of :mod:`replicate.transcripts`:
0-based code points of the text with LF line ends, end exclusive.
"""

from __future__ import annotations

from collections.abc import Sequence

from replicate.errors import DataError
from replicate.qdpx._positions import HYPOTHESES, Hypothesis, SourceText, Span, locate, score
from replicate.qdpx._report import Log, OffsetConvention
from replicate.qdpx.reader import TextSource

__all__ = ["MIN_CONFIDENCE", "MIN_DECIDING", "resolve_offsets"]

MIN_DECIDING = 10
"""Fewer selections than this deciding between the two best readings is weak evidence."""
MIN_CONFIDENCE = 0.9
"""A smaller share of deciding selections favouring the chosen reading is weak evidence."""


def _problem(start: int, end: int, length: int) -> str | None:
    if start < 0 or end < 0:
        return f"negative position ({start}, {end}); positions count from 0"
    if start > end:
        return (f"startPosition {start} is after endPosition {end}; a selection "
                "starts before it ends")
    if end > length:
        return (f"the selection ends at position {end}, beyond the end of its source text "
                f"({length} characters); positions are 0-based code points inside the text")
    return None


def _locate_all(sources: Sequence[TextSource], texts: Sequence[SourceText],
                hyp: Hypothesis) -> list[Span] | None:
    spans: list[Span] = []
    for src, text in zip(sources, texts, strict=True):
        for sel in src.selections:
            span = locate(text, sel, hyp)
            if span is None:
                return None
            spans.append(span)
    return spans


def resolve_offsets(
    sources: Sequence[TextSource], log: Log
) -> tuple[OffsetConvention, dict[str, tuple[int, int]]]:
    """Decide the position convention and convert every selection to LF, exclusive positions.

    Parameters
    ----------
    sources : sequence of TextSource
        The text sources with their selections, positions as written in the file.
    log : Log
        Receives the quirks found (UTF-16 or UTF-8 units, inclusive ends, CRLF line ends)
        and a warning when the evidence is weak.

    Returns
    -------
    convention : OffsetConvention
        The reading chosen, its confidence and the evidence for each reading.
    spans : dict
        Selection GUID → ``(start, end)`` in the LF text, end exclusive.

    Raises
    ------
    DataError
        When every reading puts some selection outside its text (names the source file
        and the selection's GUID).
    """
    texts = [SourceText(s.text) for s in sources]
    has_crlf = any(t.has_crlf for t in texts)
    names = [sel.name for s in sources for sel in s.selections]
    lf_texts = [t.lf for s, t in zip(sources, texts, strict=True) for _ in s.selections]
    classes: dict[tuple[tuple[int, int], ...], tuple[Hypothesis, list[int]]] = {}
    scores: dict[str, int] = {}
    for hyp in HYPOTHESES:
        if hyp.newlines == "lf" and not has_crlf:
            continue
        located = _locate_all(sources, texts, hyp)
        if located is None:
            continue
        per = [score(t, sp, n) for t, sp, n in zip(lf_texts, located, names, strict=True)]
        scores[hyp.key] = sum(per)
        classes.setdefault(tuple((sp.start, sp.stop) for sp in located), (hyp, per))
    if not classes:
        _raise_first_problem(sources)
    ranked = sorted(classes.items(), key=lambda kv: -sum(kv[1][1]))  # stable: ties keep order
    spans_key, (best, best_per) = ranked[0]
    wins = losses = 0
    runner: Hypothesis | None = None
    if len(ranked) > 1:
        runner, runner_per = ranked[1][1]
        wins = sum(x > y for x, y in zip(best_per, runner_per, strict=True))
        losses = sum(x < y for x, y in zip(best_per, runner_per, strict=True))
    if runner is None:
        confidence = 1.0
    elif wins + losses:
        confidence = wins / (wins + losses)
    else:
        confidence = 0.5  # the two readings differ but no selection tells them apart
    weak = runner is not None and (wins + losses < MIN_DECIDING or confidence < MIN_CONFIDENCE)

    spans: dict[str, tuple[int, int]] = {}
    mismatches: list[str] = []
    k = 0
    for src in sources:
        for sel in src.selections:
            start, stop = spans_key[k]
            spans[sel.guid] = (start, stop)
            piece = " ".join(lf_texts[k][start:stop].split()).casefold()
            name = " ".join(sel.name.split()).casefold()
            if name and not (piece.startswith(name) or name.startswith(piece)):
                mismatches.append(sel.guid)
            k += 1

    n_sel = len(names)
    if runner is None:
        evidence = (f"every feasible reading gives the same spans for all {n_sel} selections"
                    if n_sel else "no selections")
    else:
        evidence = (f"against the next best reading ({runner.describe(crlf=has_crlf)}) it "
                    f"fits better on {wins} of {n_sel} selections and worse on {losses}")
    _log_quirks(best, has_crlf, evidence, log)
    if weak:
        log.warn(f"text positions were read as {best.describe(crlf=has_crlf)} on weak evidence "
                 f"({evidence}; confidence {confidence:.2f}); compare a few units' text in "
                 "units.csv with the QDA tool before analysing")
    convention = OffsetConvention(
        best.end, best.newlines, scores, tuple(mismatches), unit=best.unit,
        confidence=round(confidence, 4), wins=wins, losses=losses,
        runner_up=runner.key if runner else None, evidence=evidence)
    return convention, spans


def _log_quirks(best: Hypothesis, has_crlf: bool, evidence: str, log: Log) -> None:
    if best.unit == "utf-16":
        log.quirk("utf16-positions", "selection positions count UTF-16 code units, not code "
                  "points as REFI-QDA requires (NVivo for Windows does this: a character "
                  f"outside the Basic Multilingual Plane, e.g. an emoji, counts two); {evidence}"
                  "; converted to code points")
    elif best.unit == "utf-8":
        log.quirk("utf8-positions", "selection positions count UTF-8 bytes, not code points "
                  f"as REFI-QDA requires; {evidence}; converted to code points")
    if has_crlf:
        how = "two (as stored)" if best.newlines == "as-stored" else "one"
        log.quirk("crlf", f"source texts use CRLF line ends; selection positions count a CRLF "
                  f"as {how}; transcripts are written with LF and positions converted")
    if best.end == "inclusive":
        log.quirk("inclusive-end", "endPosition marks the last selected character "
                  f"(inclusive); {evidence}; converted to exclusive ends")


def _raise_first_problem(sources: Sequence[TextSource]) -> None:
    for src in sources:
        for sel in src.selections:
            problem = _problem(sel.start, sel.end, len(src.text))
            if problem is not None:
                raise DataError(problem, file=src.file,
                                location=f"PlainTextSelection guid {sel.guid}")
    # Every selection fits the default reading on its own but no single reading fits all
    # of them (e.g. inclusive ends needed in one source, impossible in another).
    raise DataError("no single position convention (code points, UTF-16 units or UTF-8 "
                    "bytes; inclusive or exclusive ends; CRLF counted once or twice) fits "
                    "every selection; check the exporting tool",
                    file=sources[0].file if sources else None)
