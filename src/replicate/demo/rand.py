"""Cheap seeded choices for composing synthetic text.

The generator draws hundreds of thousands of small choices (which sentence, which slot filler)
when scaled for benchmarks. Calling ``numpy.random.Generator`` once per choice costs about a
microsecond each, so :class:`Draw` takes random integers from the generator in blocks and hands
them out one by one; the stream is still fully determined by the seed. :class:`Deck` deals the
items of a bank without replacement (reshuffling when exhausted) so that a transcript repeats a
sentence only after it has used every other one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

import numpy as np

__all__ = ["Deck", "Draw", "pseudonym", "stream"]

T = TypeVar("T")

_BLOCK = 4096
_HIGH = 2**31 - 1


def stream(seed: int, *keys: int) -> np.random.Generator:
    """Return an independent generator for one part of the cohort.

    Parameters
    ----------
    seed : int
        The cohort seed.
    *keys : int
        Identify the part (for example a stream number and an interview index), so that
        each part's randomness does not depend on how many other parts are generated.

    Returns
    -------
    numpy.random.Generator
    """
    return np.random.default_rng([seed, *keys])


class Draw:
    """Uniform choices from a block-buffered random integer stream.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the integers.
    """

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._buf: list[int] = []
        self._pos = 0

    def index(self, n: int) -> int:
        """Return an integer in ``[0, n)``; ``n`` must be positive."""
        pos = self._pos
        if pos == len(self._buf):
            self._buf = self._rng.integers(0, _HIGH, size=_BLOCK).tolist()
            pos = 0
        self._pos = pos + 1
        return self._buf[pos] % n

    def pick(self, items: Sequence[T]) -> T:
        """Return one item of ``items`` (uniformly)."""
        return items[self.index(len(items))]

    def chance(self, p: float) -> bool:
        """Return True with probability ``p``."""
        return self.index(1_000_000) < p * 1_000_000

    def between(self, low: int, high: int) -> int:
        """Return an integer in ``[low, high]`` (both inclusive)."""
        return low + self.index(high - low + 1)

    def shuffled(self, items: Sequence[T]) -> list[T]:
        """Return a shuffled copy of ``items`` (Fisher–Yates)."""
        out = list(items)
        for i in range(len(out) - 1, 0, -1):
            j = self.index(i + 1)
            out[i], out[j] = out[j], out[i]
        return out


class Deck(Generic[T]):
    """Deal items without replacement, reshuffling when the deck runs out.

    Parameters
    ----------
    items : sequence
        The bank to deal from (must not be empty).
    draw : Draw
        Source of the shuffles.
    """

    def __init__(self, items: Sequence[T], draw: Draw) -> None:
        self._items = items
        self._draw = draw
        self._order: list[int] = []

    def deal(self) -> T:
        """Return the next item."""
        if not self._order:
            self._order = self._draw.shuffled(range(len(self._items)))
        return self._items[self._order.pop()]


def pseudonym(index: int) -> str:
    """Return the pseudonym of the ``index``-th participant (0-based).

    The letters run A … Z, then AA, AB, … AZ, BA, … (bijective base 26, like spreadsheet
    columns), so pseudonyms never run out and sort by length then alphabetically.

    Parameters
    ----------
    index : int
        0-based position in interview order.

    Returns
    -------
    str

    Examples
    --------
    >>> [pseudonym(i) for i in (0, 11, 25, 26, 27, 701, 702)]
    ['A', 'L', 'Z', 'AA', 'AB', 'ZZ', 'AAA']
    """
    n = index + 1
    letters: list[str] = []
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters.append(chr(ord("A") + rem))
    return "".join(reversed(letters))
