"""Whole-word, case-insensitive search for many known values at once (token index).

Both the values and the scanned text are normalised the same way (Unicode NFKC, then
``str.casefold``) and split into tokens: maximal runs of letters and digits
(``[^\\W_]+``, so ``_``, ``-``, ``.``, ``@`` and markup all separate tokens). A value matches
where its token sequence occurs in the text's token sequence, which is exactly "whole word,
ignoring case, ignoring the punctuation between words": ``Anna Lind`` matches
``ANNA LIND``, ``anna_lind.csv`` and ``Anna\\nLind``, but not ``Annalind`` or ``Annas``.

Why tokens and not one big regular expression: Python's ``re`` tries the alternatives of
``(?:v1|v2|…)`` one after the other at every position, so a pattern of a few hundred names
costs time proportional to text length × number of values. Here the common case, a text that
contains none of the values, costs one C-level ``findall`` and one set intersection,
whatever the number of values; in a text that contains a first token only the tokens that
start some value are visited (a C-level filter picks them), and token positions are read
only up to the last match. ``bench/bench_privacy.py`` measures both on a report-sized
folder.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress, count, islice

__all__ = ["Identity", "TokenMatcher", "fold", "line_of", "tokens"]

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, order=True)
class Identity:
    """One identifying value taken from an input table.

    Attributes
    ----------
    kind : str
        ``name``, ``student id``, ``mentor id`` or ``e-mail``.
    value : str
        The value as written in the table (whitespace trimmed).
    source : str
        Table and column it came from, e.g. ``students.name``.
    """

    kind: str
    value: str
    source: str

    def __repr__(self) -> str:
        # Never print the value itself (reprs end up in logs and test output).
        return f"Identity(kind={self.kind!r}, source={self.source!r})"


def fold(text: str) -> str:
    """Normalise text for caseless matching: Unicode NFKC, then ``str.casefold``."""
    return unicodedata.normalize("NFKC", text).casefold()


def tokens(text: str) -> list[str]:
    """Tokens of ``text`` after :func:`fold` (runs of letters and digits)."""
    return _WORD.findall(fold(text))


def line_of(text: str, position: int) -> int:
    """1-based line number of ``position`` in ``text``."""
    return text.count("\n", 0, position) + 1


class TokenMatcher:
    """Find any of many :class:`Identity` values in texts, as whole words, ignoring case.

    Parameters
    ----------
    identities : iterable of Identity
        The values to look for. Values without a letter or digit are ignored.
    """

    def __init__(self, identities: Iterable[Identity]) -> None:
        index: dict[str, list[tuple[tuple[str, ...], Identity]]] = {}
        for ident in identities:
            toks = tuple(tokens(ident.value))
            if toks:
                index.setdefault(toks[0], []).append((toks, ident))
        for candidates in index.values():
            # Longest first, so "Anna Lind" wins over "Anna" at the same place.
            candidates.sort(key=lambda c: (-len(c[0]), c[1]))
        self._index = index
        self._first = frozenset(index)

    def __bool__(self) -> bool:
        return bool(self._index)

    def may_match(self, text: str) -> bool:
        """Whether ``text`` holds the first token of some value (else :meth:`find` finds
        nothing in it, nor in any text made of the same lines).

        Examples
        --------
        >>> m = TokenMatcher([Identity("name", "Anna Lind", "students.name")])
        >>> m.may_match("ANNA"), m.may_match("Lind"), m.find("ANNA")
        (True, False, [])
        """
        return bool(self._index) and not self._first.isdisjoint(_WORD.findall(fold(text)))

    def find(self, text: str) -> list[tuple[str, int, Identity]]:
        """Find the values in ``text``.

        Parameters
        ----------
        text : str
            Any text.

        Returns
        -------
        list of (matched, line, identity)
            ``matched`` is the matched text as written (after :func:`fold` when folding
            changed its length; runs of whitespace as one space), ``line`` its 1-based line
            number in ``text``. Matches do
            not overlap; at one place the longest value wins.
        """
        if not self._index:
            return []
        folded = fold(text)
        words = _WORD.findall(folded)
        if self._first.isdisjoint(words):
            return []
        # Walk only the tokens that start some value (C-level filter; a report-sized CSV has
        # millions of tokens), matching greedily from the left, the longest value first.
        matches: list[tuple[int, int, Identity]] = []
        free = 0  # matches do not overlap: the first token not yet inside a match
        for i in compress(count(), map(self._first.__contains__, words)):
            if i < free:
                continue
            for toks, ident in self._index[words[i]]:
                n = len(toks)
                if tuple(words[i : i + n]) == toks:
                    matches.append((i, n, ident))
                    free = i + n
                    break
        if not matches:
            return []
        # Show the match as written when folding kept the length (so, almost surely, every
        # character in place); the shown text is only ever displayed masked.
        shown = text if len(folded) == len(text) else folded
        found: list[tuple[str, int, Identity]] = []
        spans = _WORD.finditer(folded)  # token positions, read only up to the last match
        at = -1  # index of the last token read from spans
        line, counted = 1, 0  # line numbers counted incrementally, once over the text
        for i, n, ident in matches:
            first = next(islice(spans, i - at - 1, None))
            last = first if n == 1 else next(islice(spans, n - 2, None))
            at = i + n - 1
            start, end = first.start(), last.end()
            line += folded.count("\n", counted, start)
            counted = start
            found.append((" ".join(shown[start:end].split()), line, ident))
        return found
