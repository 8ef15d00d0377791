"""Ratings as a units x coders table: validation, encoding, long-to-wide conversion.

Every statistic in :mod:`replicate.reliability` starts from a *wide* table: one row per unit
(the index holds the unit id), one column per coder, a missing value (``NaN``, ``None`` or an
empty string) where a coder did not rate a unit. :func:`ratings_table` validates it once and
encodes it into a :class:`RatingTable`, an integer matrix of category positions (``-1`` =
missing) that the vectorised statistics work on.

Category labels are canonicalised so that a spreadsheet read as text and one read as numbers
give the same categories: surrounding blanks are stripped (Gwet's R data store missing cells
as runs of spaces), ``3``, ``3.0`` and ``"3"`` are the same category, and when every label is a
number the categories are numbers sorted numerically. Otherwise labels are text, sorted as
text, unless the caller gives the full category set in its intended order.

Row numbers in error messages count the header as row 1, as a spreadsheet shows them.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import cached_property
from numbers import Real
from typing import Literal, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from replicate.errors import DataError

__all__ = [
    "Label",
    "Level",
    "RatingTable",
    "as_table",
    "canonical_labels",
    "long_to_wide",
    "ratings_table",
]

Label = str | int | float
"""A category label after canonicalisation."""

Level = Literal["nominal", "ordinal", "interval", "ratio"]
"""Level of measurement (Stevens 1946), which sets Krippendorff's distance metric."""

LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio")
_MISSING = object()
_MAX_SHOWN = 5


@dataclass(frozen=True, eq=False)
class RatingTable:
    """A validated units x coders table with categories encoded as positions.

    Build it with :func:`ratings_table`; every statistic accepts either a wide DataFrame or a
    ``RatingTable`` (pass the table to avoid validating the same data again).

    Attributes
    ----------
    units : pandas.Index
        Unit ids in input order (unique).
    coders : tuple of str
        Coder names (column names) in input order.
    categories : tuple of Label
        The category set in order; ``codes`` holds positions in it. Ordinal statistics and
        weights follow this order.
    codes : numpy.ndarray of int32, shape (n_units, n_coders)
        Position of each rating in ``categories``; ``-1`` where the rating is missing.
    level : {"nominal", "ordinal", "interval", "ratio"}
        Level of measurement the table was validated for.
    values : numpy.ndarray of float64 or None
        Numeric value of each category when every category is a number, else ``None``.
    dropped : tuple
        Ids of the input units no coder rated, in input order. They carry no information
        for any statistic (Krippendorff's alpha drops them by definition), so they are not
        in ``units``; they are kept here to be reported.
    """

    units: pd.Index
    coders: tuple[str, ...]
    categories: tuple[Label, ...]
    codes: npt.NDArray[np.int32]
    level: Level
    values: npt.NDArray[np.float64] | None
    dropped: tuple[Hashable, ...] = ()

    @property
    def n_units(self) -> int:
        """Number of units (rows)."""
        return int(self.codes.shape[0])

    @property
    def n_coders(self) -> int:
        """Number of coders (columns)."""
        return int(self.codes.shape[1])

    @property
    def n_categories(self) -> int:
        """Number of categories in the category set."""
        return len(self.categories)

    @cached_property
    def present(self) -> npt.NDArray[np.bool_]:
        """Boolean matrix, True where a rating exists."""
        return np.asarray(self.codes >= 0, dtype=np.bool_)

    @cached_property
    def ratings_per_unit(self) -> npt.NDArray[np.int64]:
        """Number of ratings of each unit."""
        return np.asarray(self.present.sum(axis=1), dtype=np.int64)

    @property
    def single_rated(self) -> tuple[Hashable, ...]:
        """Ids of the units only one coder rated: unpairable, no agreement to count."""
        return tuple(self.units[self.ratings_per_unit == 1])

    def to_long(self) -> pd.DataFrame:
        """Return the ratings in long form.

        Returns
        -------
        pandas.DataFrame
            Columns ``unit_id, coder, code`` (canonical labels), one row per rating, in unit
            then coder order.
        """
        rows, cols = np.nonzero(self.present)
        labels = np.array(self.categories, dtype=object)
        return pd.DataFrame({
            "unit_id": np.asarray(self.units, dtype=object)[rows],
            "coder": np.array(self.coders, dtype=object)[cols],
            "code": labels[self.codes[rows, cols]],
        })

    def to_frame(self) -> pd.DataFrame:
        """Return the table in wide form.

        Returns
        -------
        pandas.DataFrame
            Index = unit ids, one object column per coder, category labels, ``None`` where
            a rating is missing.
        """
        labels = np.array([*self.categories, None], dtype=object)
        return pd.DataFrame(labels[self.codes], index=self.units, columns=list(self.coders),
                            dtype=object)


def _location(row: int, unit: Hashable, column: str | None = None) -> str:
    where = f"row {row + 2} (unit {unit!s})"
    return f"{where}, column {column}" if column is not None else where


def _as_number(value: object) -> float | None:
    """Return ``value`` as a finite float when it is a number or numeric text, else None."""
    if isinstance(value, bool | np.bool_):
        return None
    if isinstance(value, Real):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _clean(value: object) -> object:
    """Strip text, map blanks/NaN/None to the missing marker; leave other values alone."""
    if value is None or value is pd.NA or value is pd.NaT:
        return _MISSING
    if isinstance(value, str):
        text = value.strip()
        return text if text else _MISSING
    if isinstance(value, float | np.floating) and math.isnan(value):
        return _MISSING
    return value


def _number_label(number: float) -> Label:
    return int(number) if number.is_integer() else number


def _canonical(raw: Sequence[object]) -> tuple[list[Label | None], bool]:
    """Canonical labels for cleaned values (None stays None); True when all are numbers."""
    numbers = [None if v is _MISSING else _as_number(v) for v in raw]
    numeric = all(n is not None for v, n in zip(raw, numbers, strict=True) if v is not _MISSING)
    out: list[Label | None] = []
    for value, number in zip(raw, numbers, strict=True):
        if value is _MISSING:
            out.append(None)
        elif numeric:
            out.append(_number_label(cast(float, number)))
        elif number is not None and not isinstance(value, str):
            out.append(str(_number_label(number)))
        else:
            out.append(str(value))
    return out, numeric


def canonical_labels(values: Sequence[object]) -> list[Label | None]:
    """Canonical labels of raw values taken together.

    Parameters
    ----------
    values : sequence
        Raw cells and/or category names.

    Returns
    -------
    list of Label or None
        The rules of :func:`ratings_table`: text is stripped, blanks and missing become
        ``None``, and the labels are numbers only when every value is a number or numeric
        text.
    """
    return _canonical([_clean(v) for v in values])[0]


def _factorize(frame: pd.DataFrame) -> tuple[npt.NDArray[np.intp], list[object]]:
    """Factorise all cells (row-major) into codes and raw uniques, missing = -1."""
    if all(pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t)
           for t in frame.dtypes):
        flat_num = frame.to_numpy(dtype=np.float64, na_value=np.nan).ravel()
        codes, uniques = pd.factorize(flat_num, use_na_sentinel=True)
        return codes, list(np.asarray(uniques).tolist())
    flat = frame.to_numpy(dtype=object).ravel()
    codes, uniques = pd.factorize(flat, use_na_sentinel=True)
    return codes, [_clean(u) for u in np.asarray(uniques, dtype=object)]


def _first_cell(
    frame: pd.DataFrame, flat_codes: npt.NDArray[np.intp], bad: npt.NDArray[np.bool_]
) -> tuple[int, str, object]:
    """Row, column and raw value of the first cell whose unique code is flagged ``bad``."""
    positions = np.flatnonzero(bad[np.maximum(flat_codes, 0)] & (flat_codes >= 0))
    pos = int(positions[0])
    n_cols = frame.shape[1]
    row, col = divmod(pos, n_cols)
    return row, str(frame.columns[col]), frame.iat[row, col]


def _check_frame(ratings: pd.DataFrame) -> None:
    if not isinstance(ratings, pd.DataFrame):
        raise TypeError(f"ratings must be a pandas DataFrame, not {type(ratings).__name__}")
    if ratings.shape[0] == 0:
        raise DataError("the ratings table has no units (no data rows); add one row per unit")
    if ratings.shape[1] < 2:
        found = f"only one coder column ({ratings.columns[0]!s})" if ratings.shape[1] else (
            "no coder columns")
        raise DataError(
            f"agreement needs at least two coders, found {found}; add one column per coder"
        )
    names = [str(c) for c in ratings.columns]
    dupes = sorted({c for c in names if names.count(c) > 1})
    if dupes:
        raise DataError(f"coder column(s) {', '.join(dupes)} appear more than once; "
                        "each coder needs exactly one column")
    duplicated = ratings.index.duplicated(keep=False)
    if duplicated.any():
        rows = np.flatnonzero(duplicated)
        first = ratings.index[rows[0]]
        shown = ", ".join(str(r + 2) for r in rows[:_MAX_SHOWN])
        raise DataError(
            f"unit id {first!s} appears more than once (rows {shown}); each unit needs one "
            "row with one column per coder",
            location=_location(int(rows[0]), first),
        )


def ratings_table(
    ratings: pd.DataFrame | RatingTable,
    *,
    categories: Sequence[Label] | None = None,
    level: Level = "nominal",
) -> RatingTable:
    """Validate a wide units x coders table and encode it.

    Parameters
    ----------
    ratings : pandas.DataFrame or RatingTable
        One row per unit (index = unit id, unique), one column per coder (at least two);
        ``NaN``, ``None`` or blank text marks a missing rating. A ``RatingTable`` is returned
        unchanged when ``categories`` and ``level`` agree with it.
    categories : sequence of Label or None, default=None
        The full category set in its order (ordinal order, weight positions). Gwet's AC1 and
        Brennan-Prediger depend on it. ``None`` uses the categories observed, sorted
        (numerically when every label is a number).
    level : {"nominal", "ordinal", "interval", "ratio"}, default="nominal"
        Level of measurement. Interval and ratio need numeric categories; ratio needs values
        that are not negative.

    Returns
    -------
    RatingTable
        The encoded table.

    Raises
    ------
    DataError
        No units, fewer than two coders, duplicate unit ids or coder names, no unit rated at
        least twice, a rating outside ``categories``, duplicate categories, or text (or a
        negative value at ratio level) where the level needs numbers. The message names the
        row (header = row 1), unit and column.

    Notes
    -----
    A unit no coder rated is dropped and listed in :attr:`RatingTable.dropped` (it is
    unpairable: Krippendorff's 2011 definition of alpha leaves it out, and no other
    statistic can use it). A unit one coder rated stays in the table; each statistic says
    how many units it used.
    """
    if level not in LEVELS:
        raise DataError(f"level {level!r} is not allowed; use one of {', '.join(LEVELS)}")
    carried: tuple[Hashable, ...] = ()
    if isinstance(ratings, RatingTable):
        if (categories is None or tuple(categories) == ratings.categories) and (
            level == ratings.level
        ):
            return ratings
        carried = ratings.dropped
        ratings = ratings.to_frame()
    _check_frame(ratings)
    flat_codes, uniques = _factorize(ratings)

    given: list[object] = [] if categories is None else [_clean(c) for c in categories]
    if any(c is _MISSING for c in given):
        raise DataError("the category set contains an empty value; list only real categories")
    labels, numeric = _canonical([*uniques, *given])
    data_labels, cat_labels = labels[: len(uniques)], labels[len(uniques):]

    if categories is None:
        observed = {lab for lab in data_labels if lab is not None}
        cats: list[Label] = sorted(observed, key=(float if numeric else str))
    else:
        cats = [cast(Label, c) for c in cat_labels]
        seen: set[Label] = set()
        for cat in cats:
            if cat in seen:
                raise DataError(f"category {cat!s} is listed more than once in the category set")
            seen.add(cat)
        if not cats:
            raise DataError("the category set is empty; list the codes coders could use")

    position = {lab: i for i, lab in enumerate(cats)}
    mapping = np.array([position.get(lab, -2) if lab is not None else -1
                        for lab in data_labels] + [-1], dtype=np.int64)
    unknown = mapping[:-1] == -2
    if unknown.any():
        row, col, value = _first_cell(ratings, flat_codes, unknown)
        shown = ", ".join(str(c) for c in cats[:12]) + (", ..." if len(cats) > 12 else "")
        raise DataError(
            f"rating {value!s} is not in the category set ({shown}); add it to the "
            "categories or correct the rating",
            location=_location(row, ratings.index[row], col),
        )

    values: npt.NDArray[np.float64] | None = None
    if numeric:
        values = np.array([float(c) for c in cats], dtype=np.float64)
    if level in ("interval", "ratio"):
        if values is None:
            text = np.array([_as_number(lab) is None and lab is not None
                             for lab in data_labels], dtype=bool)
            if text.any():
                row, col, value = _first_cell(ratings, flat_codes, text)
                raise DataError(
                    f"text value {value!s} at {level} level; {level} alpha needs numbers "
                    "(use level nominal or ordinal for text codes)",
                    location=_location(row, ratings.index[row], col),
                )
            raise DataError(f"the category set contains text; {level} level needs numbers")
        if level == "ratio" and (values < 0).any():
            negative = np.array([lab is not None and float(lab) < 0 for lab in data_labels],
                                dtype=bool)
            if negative.any():
                row, col, value = _first_cell(ratings, flat_codes, negative)
                raise DataError(
                    f"negative value {value!s} at ratio level; ratio data are 0 or more "
                    "(use interval level for signed values)",
                    location=_location(row, ratings.index[row], col),
                )
            raise DataError("the category set has negative values; ratio level needs >= 0")

    codes = mapping[flat_codes].astype(np.int32).reshape(ratings.shape)
    m = (codes >= 0).sum(axis=1)
    if not (m >= 2).any():
        raise DataError("no unit was rated by two or more coders; agreement needs units "
                        "that at least two coders rated")
    rated = m > 0
    return RatingTable(
        units=ratings.index[rated].copy(),
        coders=tuple(str(c) for c in ratings.columns),
        categories=tuple(cats),
        codes=np.ascontiguousarray(codes[rated]),
        level=level,
        values=values,
        dropped=(*carried, *ratings.index[~rated]),
    )


def as_table(
    ratings: pd.DataFrame | RatingTable,
    categories: Sequence[Label] | None = None,
    level: Level | None = None,
) -> RatingTable:
    """Return ``ratings`` as a RatingTable, re-validating only when an option differs."""
    if isinstance(ratings, RatingTable) and level is None:
        level = ratings.level
    return ratings_table(ratings, categories=categories, level=level or "nominal")


def long_to_wide(
    codings: pd.DataFrame,
    *,
    unit: str = "unit_id",
    coder: str = "coder",
    code: str = "code",
) -> pd.DataFrame:
    """Turn long-form codings (one row per unit and coder) into the wide table.

    Parameters
    ----------
    codings : pandas.DataFrame
        Rows of unit, coder and code, as in the ``codings`` template. A blank code is a
        missing rating.
    unit, coder, code : str, default="unit_id", "coder", "code"
        Column names.

    Returns
    -------
    pandas.DataFrame
        Index = unit id (order of first appearance), one column per coder (sorted by name),
        ``None`` where a coder did not code a unit.

    Raises
    ------
    DataError
        A column is missing, the table is empty, a coder name is blank, a unit has two
        rows for the same coder (the message names both rows; header = row 1), or every row
        has the same coder (the advice is for this long layout, not for coder columns).
    """
    missing = [c for c in (unit, coder, code) if c not in codings.columns]
    if missing:
        raise DataError(
            f"codings need the columns {unit}, {coder}, {code}; missing {', '.join(missing)}"
        )
    if codings.shape[0] == 0:
        raise DataError("the codings table has no rows; add one row per unit and coder")
    frame = codings[[unit, coder, code]].reset_index(drop=True)
    coder_names = frame[coder].map(_clean)
    blank = np.flatnonzero(coder_names.map(lambda v: v is _MISSING).to_numpy(dtype=bool))
    if blank.size:
        row = int(blank[0])
        raise DataError("the coder is blank; every row needs the coder's name or initials",
                        location=_location(row, frame.at[row, unit], coder))
    frame[coder] = coder_names.map(str)
    frame[unit] = frame[unit].map(lambda v: v.strip() if isinstance(v, str) else v)
    dup = frame.duplicated(subset=[unit, coder], keep=False).to_numpy()
    if dup.any():
        rows = np.flatnonzero(dup)
        first_key = (frame.at[int(rows[0]), unit], frame.at[int(rows[0]), coder])
        same = [int(r) for r in rows
                if (frame.at[int(r), unit], frame.at[int(r), coder]) == first_key]
        raise DataError(
            f"coder {first_key[1]!s} coded unit {first_key[0]!s} more than once (rows "
            f"{', '.join(str(r + 2) for r in same[:_MAX_SHOWN])}); keep one code per unit "
            "and coder",
            location=_location(same[0], first_key[0]),
        )
    names = sorted(set(frame[coder]))
    if len(names) < 2:
        raise DataError(
            f"agreement needs at least two coders, found only one ({names[0]}); add a second "
            f"coder's codes of the same units as rows {unit}, {coder}, {code} (one row per "
            "unit and coder)", location=f"column {coder}")
    wide = frame.pivot(index=unit, columns=coder, values=code)
    order = pd.unique(frame[unit])
    wide = wide.reindex(index=order, columns=sorted(wide.columns, key=str))
    wide = wide.astype(object).where(wide.notna(), None)
    wide.index.name = unit
    wide.columns.name = None
    return wide
