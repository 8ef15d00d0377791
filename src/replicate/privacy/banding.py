"""Small-cell protection: age bands and suppression of small counts.

In a cohort of a hundred students, "(H, female, age 29)" next to a quote can point at one
person; "(H, female, 25–29)" usually does not. Likewise a subgroup table with a cell of 1 or 2
can single someone out. Two standard statistical-disclosure-control measures [1]_ [2]_:

* **Banding** (global recoding): replace the exact age by an interval of fixed ``width``
  (5 years by default in the config) or between given ``cutpoints``.
* **Primary cell suppression**: a count ``n`` with ``0 < n < k`` is replaced by a marker
  (``"<5"`` for ``k = 5``). Zeros are kept: most disclosure guidance treats an empty cell as
  safe unless it reveals something about a whole group; callers who disagree can suppress
  them themselves. Secondary suppression (hiding further cells so that a suppressed cell
  cannot be recovered from row or column totals) is **not** done: give totals only from
  unsuppressed data, or band further, when that matters. ``docs/privacy.md`` says so.

References
----------
.. [1] Hundepool, A., Domingo-Ferrer, J., Franconi, L., et al. (2012). *Statistical
   Disclosure Control*. Wiley. Ch. 3 (recoding) and ch. 5 (cell suppression).
.. [2] Office for National Statistics (2021). *Statistical disclosure control methods for
   tabular data* (threshold rule).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import pandas as pd

from replicate.errors import ConfigError

__all__ = ["band_age", "band_ages", "suppress_small_cells"]

_DASH = "\u2013"  # en dash, as in "25–29"


def band_age(
    age: float,
    *,
    width: int | None = None,
    cutpoints: Sequence[int] | None = None,
    origin: int = 0,
) -> str:
    """The age band of one age.

    Parameters
    ----------
    age : int or float
        Age in whole years (a fractional age is floored).
    width : int or None, default=None
        Band width in years; bands start at ``origin``, ``origin + width``, …, so width 5
        gives ``20–24``, ``25–29``. Width 1 gives the age itself.
    cutpoints : sequence of int or None, default=None
        Strictly increasing lower bounds of the bands instead of a width: ``(25, 30, 35)``
        gives ``<25``, ``25–29``, ``30–34``, ``≥35``.
    origin : int, default=0
        Start of the first band when ``width`` is used.

    Returns
    -------
    str
        The band label, with an en dash.

    Raises
    ------
    ConfigError
        When neither or both of ``width`` and ``cutpoints`` are given, ``width`` is not a
        positive integer, ``cutpoints`` is empty or not strictly increasing, or ``age`` is
        not a finite number.

    Examples
    --------
    >>> band_age(27, width=5)
    '25–29'
    >>> band_age(38, cutpoints=(25, 30, 35))
    '≥35'
    """
    _check_options(width, cutpoints)
    if isinstance(age, bool) or not isinstance(age, int | float | np.number) or not (
        math.isfinite(float(age))
    ):
        raise ConfigError(f"age must be a finite number, got {age!r}")
    years = math.floor(float(age))
    if width is not None:
        low = origin + ((years - origin) // width) * width
        return str(low) if width == 1 else f"{low}{_DASH}{low + width - 1}"
    cuts = list(cutpoints or ())
    if years < cuts[0]:
        return f"<{cuts[0]}"
    for low, high in pairwise(cuts):
        if years < high:
            return str(low) if high - low == 1 else f"{low}{_DASH}{high - 1}"
    return f"\u2265{cuts[-1]}"


def band_ages(
    ages: pd.Series,
    *,
    width: int | None = None,
    cutpoints: Sequence[int] | None = None,
    origin: int = 0,
) -> pd.Series:
    """Age bands of a Series of ages, as an ordered categorical.

    Parameters
    ----------
    ages : pandas.Series
        Ages in whole years; missing values stay missing.
    width, cutpoints, origin
        As in :func:`band_age`.

    Returns
    -------
    pandas.Series
        Ordered categorical with one category per band that occurs, youngest first; same
        index and name as ``ages``.

    Raises
    ------
    ConfigError
        As in :func:`band_age`.
    """
    _check_options(width, cutpoints)
    numeric = pd.to_numeric(ages, errors="coerce")
    labels: dict[float, str] = {
        float(a): band_age(float(a), width=width, cutpoints=cutpoints, origin=origin)
        for a in sorted(numeric.dropna().unique())
    }
    order = list(dict.fromkeys(labels.values()))
    banded = numeric.map(lambda a: labels.get(float(a)) if pd.notna(a) else None)
    return pd.Series(pd.Categorical(banded, categories=order, ordered=True),
                     index=ages.index, name=ages.name)


def suppress_small_cells(
    table: pd.DataFrame,
    k: int,
    *,
    columns: Sequence[str] | None = None,
    marker: str | None = None,
) -> pd.DataFrame:
    """Replace counts ``0 < n < k`` by a marker (primary cell suppression).

    Parameters
    ----------
    table : pandas.DataFrame
        A table of counts (other columns, e.g. labels, are left alone).
    k : int
        Threshold; counts from 1 to ``k - 1`` are suppressed. ``k`` of 0 or 1 suppresses
        nothing (the config default ``privacy.small_cell_k: 0`` turns protection off).
    columns : sequence of str or None, default=None
        Columns to treat; default every numeric column.
    marker : str or None, default=None
        Replacement text; default ``f"<{k}"``.

    Returns
    -------
    pandas.DataFrame
        A copy; treated columns that had a cell suppressed become ``object`` columns holding
        integers and markers. Zeros, counts ``>= k`` and missing values are kept.

    Raises
    ------
    ConfigError
        When ``k`` is not an integer >= 0 or a column is missing or not numeric.

    Examples
    --------
    >>> import pandas as pd
    >>> suppress_small_cells(pd.DataFrame({"n": [0, 1, 4, 5, 12]}), 5)["n"].tolist()
    [0, '<5', '<5', 5, 12]
    """
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 0:
        raise ConfigError(f"small-cell threshold k must be an integer >= 0, got {k!r}")
    label = f"<{k}" if marker is None else marker
    chosen = (list(columns) if columns is not None
              else [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c])])
    out = table.copy()
    for col in chosen:
        if col not in table.columns:
            raise ConfigError(f"column {col!r} not in the table; columns: "
                              + ", ".join(map(str, table.columns)))
        values = table[col]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            raise ConfigError(f"column {col!r} must hold counts (numbers)")
        small = values.gt(0) & values.lt(k)
        if small.any():
            cells = [_as_int(v) for v in values.tolist()]
            out[col] = pd.Series([label if s else v for s, v in zip(small, cells, strict=True)],
                                 index=table.index, dtype=object)
    return out


def _as_int(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def _check_options(width: int | None, cutpoints: Sequence[int] | None) -> None:
    if (width is None) == (cutpoints is None):
        raise ConfigError("give exactly one of width (e.g. 5) or cutpoints (e.g. [25, 30, 35])")
    if width is not None and (isinstance(width, bool) or not isinstance(width, int)
                              or width < 1):
        raise ConfigError(f"age band width must be a positive integer, got {width!r}")
    if cutpoints is not None:
        cuts = list(cutpoints)
        if not cuts or any(not isinstance(c, int) or isinstance(c, bool) for c in cuts) or any(
            b <= a for a, b in pairwise(cuts)
        ):
            raise ConfigError(
                f"age cutpoints must be strictly increasing integers, got {cuts!r}"
            )
