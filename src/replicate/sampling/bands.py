"""Bands for the numeric sampling dimensions (student age, mentor age, meetings).

Methodology §1.4 [D]: by default the bands are the **tertiles of the eligible pool**, so
that each band holds about a third of the people who could be chosen. When a tertile would
hold fewer than ``ceil(target_n / 6)`` people (a small pool, or heavy ties), the pool is
split at its **median** instead; when even that leaves an empty half (every value equal)
there is a **single band**. Configured **cut-points** replace all of this.

A cut-point starts a band: with cut-points ``[30, 40]`` the bands are ``< 30``, ``30–39``
and ``>= 40``. Tertile and median cut-points are placed so that a value equal to the
quantile falls in the lower band, as :func:`pandas.qcut` does.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from replicate.errors import ConfigError
from replicate.sampling._inputs import BANDED

__all__ = ["Bands", "check_cutpoints", "make_bands"]

Method = Literal["tertiles", "median split", "single band", "cut-points"]


@dataclass(frozen=True)
class Bands:
    """Bands of one numeric dimension.

    Attributes
    ----------
    dimension : str
        E.g. ``student_age_band``.
    column : str
        The dyad column banded, e.g. ``student_age``.
    method : {"tertiles", "median split", "single band", "cut-points"}
        How the cut-points were chosen.
    cuts : tuple of float
        Increasing cut-points; a value ``v`` is in band ``#{c in cuts : c <= v}``.
    labels : tuple of str
        One label per band, e.g. ``("25–28", "29–32", "33–38")``.
    """

    dimension: str
    column: str
    method: Method
    cuts: tuple[float, ...]
    labels: tuple[str, ...]

    def assign(self, values: np.ndarray) -> np.ndarray:
        """Return the 0-based band of each value."""
        return np.searchsorted(np.asarray(self.cuts, dtype=float), values, side="right")

    def to_dict(self) -> dict[str, object]:
        """JSON-ready description: method, cut-points and labels."""
        return {"method": self.method, "cuts": [float(c) for c in self.cuts],
                "labels": list(self.labels)}


def check_cutpoints(
    cutpoints: Mapping[str, Sequence[float]] | None,
    dimensions: Sequence[str],
    *,
    config_file: str | None = None,
) -> dict[str, tuple[float, ...]]:
    """Validate ``sampling.cutpoints``.

    Parameters
    ----------
    cutpoints : mapping of str to sequence of float, or None
        Banded dimension -> increasing cut-points.
    dimensions : sequence of str
        The configured dimensions.
    config_file : str or None, default=None
        Config file name for the error message.

    Returns
    -------
    dict of str to tuple of float

    Raises
    ------
    ConfigError
        A key is not a banded dimension in use, or the values are not increasing numbers.
    """
    if not cutpoints:
        return {}
    allowed = [d for d in BANDED if d in dimensions]
    out: dict[str, tuple[float, ...]] = {}
    for key, values in cutpoints.items():
        where = f"sampling.cutpoints.{key}"
        if key not in allowed:
            raise ConfigError(f"no banded dimension {key!r} is in use; allowed keys: "
                              f"{', '.join(allowed) or 'none (no banded dimension)'}",
                              file=config_file, location="sampling.cutpoints")
        ok = isinstance(values, (list, tuple)) and len(values) > 0 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
            for v in values)
        if not ok or any(b <= a for a, b in itertools.pairwise(values)):
            raise ConfigError(f"{values!r} is not allowed; give one or more increasing numbers",
                              file=config_file, location=where)
        out[key] = tuple(float(v) for v in values)
    return out


def _fmt(x: float) -> str:
    return f"{x:g}"


def _labels(cuts: Sequence[float], lo: float, hi: float, integral: bool) -> tuple[str, ...]:
    edges = [lo, *cuts, hi]
    labels: list[str] = []
    last = len(cuts)
    for i in range(last + 1):
        a = edges[i] if i == 0 else cuts[i - 1]
        if integral and all(float(c).is_integer() for c in cuts):
            b = edges[i + 1] if i == last else cuts[i] - 1
            if a > b:
                labels.append(f"<{_fmt(cuts[0])}" if i == 0 else f"≥{_fmt(a)}")
            else:
                labels.append(_fmt(a) if a == b else f"{_fmt(a)}–{_fmt(b)}")
        elif i == 0:
            labels.append(f"<{_fmt(cuts[0])}")
        elif i == last:
            labels.append(f"≥{_fmt(a)}")
        else:
            labels.append(f"{_fmt(a)} to <{_fmt(cuts[i])}")
    return tuple(labels)


def _upper_cut(q: float, integral: bool) -> float:
    """Cut-point that puts a value equal to ``q`` in the lower band."""
    return float(math.floor(q) + 1) if integral else float(np.nextafter(q, math.inf))


def make_bands(
    values: np.ndarray,
    *,
    dimension: str,
    target_n: int,
    cutpoints: Sequence[float] | None = None,
) -> Bands:
    """Choose the bands of one numeric dimension from the eligible pool.

    Parameters
    ----------
    values : numpy.ndarray
        The dimension's values over the eligible pool (at least one).
    dimension : str
        A key of the banded dimensions (``student_age_band``, ``mentor_age_band``,
        ``n_meetings_band``).
    target_n : int
        Planned sample size; a tertile must hold at least ``ceil(target_n / 6)`` people.
    cutpoints : sequence of float or None, default=None
        Validated configured cut-points (see :func:`check_cutpoints`).

    Returns
    -------
    Bands

    Examples
    --------
    >>> import numpy as np
    >>> make_bands(np.arange(20, 41), dimension="student_age_band", target_n=12).labels
    ('20–26', '27–33', '34–40')
    """
    vals = np.asarray(values, dtype=float)
    lo, hi = float(vals.min()), float(vals.max())
    integral = bool(np.all(np.mod(vals, 1) == 0))
    column = BANDED[dimension]

    def bands(method: Method, cuts: Sequence[float]) -> Bands:
        return Bands(dimension, column, method, tuple(float(c) for c in cuts),
                     _labels(cuts, lo, hi, integral))

    if cutpoints:
        return bands("cut-points", cutpoints)
    need = math.ceil(target_n / 6)
    q1, q2 = np.quantile(vals, [1 / 3, 2 / 3])
    tert = [_upper_cut(float(q1), integral), _upper_cut(float(q2), integral)]
    if tert[0] < tert[1]:
        sizes = np.bincount(np.searchsorted(tert, vals, side="right"), minlength=3)
        if sizes.min() >= need:
            return bands("tertiles", tert)
    median = float(np.median(vals))
    best: tuple[int, float] | None = None
    for cut in (_upper_cut(median, integral), median):
        smaller = min(int((vals < cut).sum()), int((vals >= cut).sum()))
        if smaller > 0 and (best is None or smaller > best[0]):
            best = (smaller, cut)
    if best is not None:
        return bands("median split", [best[1]])
    return bands("single band", [])
