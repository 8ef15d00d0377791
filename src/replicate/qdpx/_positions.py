"""Position hypotheses: what a selection's ``startPosition``/``endPosition`` count.

REFI-QDA 1.5 §10.2 says positions are 0-based Unicode code points, but real tools differ in
three ways, each independent of the others:

* **unit**: code points (the standard, QualCoder, ATLAS.ti), UTF-16 code units (NVivo for
  Windows, a .NET program: a character outside the Basic Multilingual Plane, e.g. an emoji,
  counts two) or UTF-8 bytes;
* **end**: ``endPosition`` is the first character after the selection (exclusive) or its last
  character (inclusive); the standard's "first and last character" leaves it open;
* **newlines**: a CRLF line end counts as stored (two) or as one.

A :class:`Hypothesis` is one combination. :func:`locate` turns a selection's stored positions
into code-point positions of the LF text under a hypothesis; a reading that puts a position
inside a character (half a surrogate pair, inside a UTF-8 sequence) is impossible, and one
between a CR and its LF is flagged. :func:`score` measures how plausible the re-extracted text
is: coders select whole words and whole lines, and many tools store the selected text as the
selection's name.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from itertools import accumulate

from replicate.qdpx.reader import Selection

__all__ = ["HYPOTHESES", "UNITS", "Hypothesis", "SourceText", "Span", "locate", "score"]

UNITS: dict[str, str] = {
    "code-points": "Unicode code points",
    "utf-16": "UTF-16 code units",
    "utf-8": "UTF-8 bytes",
}
"""Position units and how the report names them."""


@dataclass(frozen=True)
class Hypothesis:
    """One reading of stored positions.

    Attributes
    ----------
    unit : {"code-points", "utf-16", "utf-8"}
    end : {"exclusive", "inclusive"}
    newlines : {"as-stored", "lf"}
        ``as-stored``: a CRLF counts as two characters; ``lf``: as one.
    """

    unit: str
    end: str
    newlines: str

    @property
    def key(self) -> str:
        """``unit/end/newlines``, the key of the report's scores."""
        return f"{self.unit}/{self.end}/{self.newlines}"

    def describe(self, *, crlf: bool = True) -> str:
        """The hypothesis in words, for the report (``crlf``: say how a CRLF counts)."""
        text = f"{UNITS[self.unit]}, {self.end} ends"
        if crlf:
            text += ", a CRLF counted as " + ("two" if self.newlines == "as-stored" else "one")
        return text


HYPOTHESES: tuple[Hypothesis, ...] = tuple(
    Hypothesis(u, e, n) for u in UNITS for e in ("exclusive", "inclusive")
    for n in ("as-stored", "lf"))
"""Every hypothesis, in order of preference when the evidence ties (the literal reading of
the standard first: code points, exclusive, as stored)."""

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Span:
    """A selection located under one hypothesis.

    Attributes
    ----------
    start, stop : int
        Code-point positions in the LF text, stop exclusive.
    start_ok, stop_ok : bool
        False when the stored position falls between a CR and its LF.
    """

    start: int
    stop: int
    start_ok: bool
    stop_ok: bool


class SourceText:
    """A source's text with the unit tables every hypothesis needs (built once, lazily)."""

    def __init__(self, stored: str) -> None:
        self.stored = stored
        self.lf = stored.replace("\r\n", "\n")
        self.has_crlf = len(self.lf) != len(stored)
        self._crlf = [m.start() for m in re.finditer("\r\n", stored)]
        self._tables: dict[tuple[str, str], list[int]] = {}

    def units(self, unit: str, newlines: str) -> list[int]:
        """Cumulative unit counts: element ``i`` is the units before code point ``i``."""
        key = (unit, newlines)
        if key not in self._tables:
            text = self.stored if newlines == "as-stored" else self.lf
            if unit == "utf-16":
                sizes = [2 if ord(c) > 0xFFFF else 1 for c in text]
            else:
                sizes = [1 if c < "\x80" else len(c.encode("utf-8", "surrogatepass"))
                         for c in text]
            self._tables[key] = [0, *accumulate(sizes)]
        return self._tables[key]

    def length(self, hyp: Hypothesis) -> int:
        """The text's length in the hypothesis's units (the largest feasible position)."""
        text = self.stored if hyp.newlines == "as-stored" else self.lf
        return len(text) if hyp.unit == "code-points" else self.units(hyp.unit, hyp.newlines)[-1]

    def _to_cp(self, pos: int, hyp: Hypothesis) -> tuple[int, bool]:
        if hyp.unit == "code-points":
            return pos, True
        table = self.units(hyp.unit, hyp.newlines)
        i = bisect.bisect_left(table, pos)
        return i, table[i] == pos

    def _to_lf(self, index: int) -> tuple[int, bool]:
        # A stored index between a CR and its LF splits the line end: not a valid position.
        k = bisect.bisect_left(self._crlf, index)
        split = k > 0 and self._crlf[k - 1] == index - 1
        return index - k, not split


def locate(src: SourceText, sel: Selection, hyp: Hypothesis) -> Span | None:
    """Locate ``sel`` under ``hyp``.

    Returns None when the hypothesis puts the selection outside its text or a position
    inside a character (half a UTF-16 surrogate pair, inside a UTF-8 sequence): no tool
    that counts in that unit writes such a position. A position between a CR and its LF is
    located (a tool may do it) but flagged.
    """
    start, end = sel.start, sel.end
    if start < 0 or start > end:
        return None
    last = src.length(hyp)
    if end > last or (hyp.end == "inclusive" and end >= last):
        return None
    a, a_ok = src._to_cp(start, hyp)
    b, b_ok = src._to_cp(end, hyp)
    if not (a_ok and b_ok):
        return None  # inside a character: half a surrogate pair, inside a UTF-8 sequence
    if hyp.end == "inclusive":
        b += 1  # endPosition names the last character: stop after it
    if hyp.newlines == "as-stored" and src.has_crlf:
        a, a_split = src._to_lf(a)
        b, b_split = src._to_lf(b)
        a_ok, b_ok = a_ok and a_split, b_ok and b_split
    return Span(a, b, a_ok, b_ok)


def _word(ch: str) -> bool:
    return ch == "_" or unicodedata.category(ch)[0] in "LNM"


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def score(text: str, span: Span, name: str) -> int:
    """Plausibility of one located selection in the LF ``text`` (higher is better).

    Each end scores +1 on a clean boundary: the start of the text or of a line, or the
    first character of a word (for a start); the end of the text, just after a line end
    (a whole-line selection), or just after a word (for an end). An end inside a word
    scores -1, an end between a CR and its LF -2, an
    end on white space 0. A selection that takes just one character of the next line, or
    starts on a line's last character, loses 1 more (whole-line selections end just after
    the line end). The name adds +2 when it equals the re-extracted text and +1 when
    one is a prefix of the other (tools often store the selected text, truncated, as the
    name; spaces are normalised and letter case ignored).
    """
    a, b = span.start, span.stop
    if a >= b:
        return 0
    total = 0
    if not span.start_ok:
        total -= 2
    elif a == 0 or text[a - 1] == "\n":
        total += 1
    elif _word(text[a - 1]) and _word(text[a]):
        total -= 1
    elif not text[a].isspace():
        total += 1
    if text[a] != "\n" and text[a + 1:a + 2] == "\n" and b > a + 1:
        total -= 1  # starts on the last character of a line, then takes the next
    if not span.stop_ok:
        total -= 2
    elif b == len(text) or text[b - 1] == "\n":
        total += 1
    elif _word(text[b - 1]) and _word(text[b]):
        total -= 1
    elif not text[b - 1].isspace():
        total += 1
    if b - a >= 2 and text[b - 2] == "\n" and text[b - 1] != "\n":
        total -= 1  # runs one character into the next line (an inclusive end read as exclusive)
    if name.strip():
        got, want = _norm(text[a:b]), _norm(name)
        if got == want:
            total += 2
        elif min(len(got), len(want)) >= 3 and (got.startswith(want) or want.startswith(got)):
            total += 1
    return total
