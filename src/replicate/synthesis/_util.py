"""Small shared helpers: input-frame checks, row labels, JSON conversion, identifying columns.

Row numbers in error messages are spreadsheet rows: the header is row 1, so the first data
row of a table is "row 2" (the line number in a CSV file without embedded newlines).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

import numpy as np
import pandas as pd

from replicate.errors import DataError, PrivacyError
from replicate.schema import TABLES

__all__ = [
    "IDENTIFYING",
    "LEVELS",
    "check_not_identifying",
    "clean_label",
    "clean_labels",
    "jsonable",
    "require_columns",
    "require_filled",
    "row_label",
    "word_count",
]

#: Hierarchy levels from the most specific to the most abstract.
LEVELS: tuple[str, ...] = ("code", "subcategory", "category", "theme")

#: Column names that identify a person in any input table; never copied to an output.
IDENTIFYING: frozenset[str] = frozenset(
    {c.name for t in TABLES.values() for c in t.columns if c.identifying} | {"mentor_id"}
)


def row_label(position: int) -> str:
    """Spreadsheet row of the data row at 0-based ``position`` (header = row 1)."""
    return f"row {position + 2}"


def clean_label(value: object) -> str:
    """Return ``value`` as a stripped string; missing values become ``""``."""
    if isinstance(value, str):  # the usual case, first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if value is pd.NA or value is pd.NaT:
        return ""
    return str(value).strip()


def clean_labels(values: Iterable[object]) -> list[str]:
    """:func:`clean_label` of every value; a column of plain strings (what the loader gives)
    is stripped in one list comprehension (a million cells: 0.1 s instead of 0.4 s).

    Examples
    --------
    >>> clean_labels([" a", None, 2, float("nan")])
    ['a', '', '2', '']
    """
    cells = list(values)
    if all(type(v) is str for v in cells):
        return [v.strip() for v in cast("list[str]", cells)]
    return [clean_label(v) for v in cells]


def require_columns(frame: pd.DataFrame, columns: Sequence[str], *, file: str) -> None:
    """Raise :class:`DataError` naming ``file`` if any of ``columns`` is missing."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(
            f"missing column(s) {', '.join(missing)}; required columns are "
            f"{', '.join(columns)}",
            file=file,
            location="header",
        )


def require_filled(frame: pd.DataFrame, columns: Sequence[str], *, file: str) -> None:
    """Raise :class:`DataError` at the first blank cell (row order) of the required ``columns``."""
    blanks = []
    for order, col in enumerate(columns):
        cleaned = clean_labels(frame[col].tolist())
        if "" in cleaned:
            blanks.append((cleaned.index(""), order, col))
    if blanks:
        pos, _, col = min(blanks)
        raise DataError(
            f"the {col} cell is empty; every row needs a {col}",
            file=file,
            location=f"{row_label(pos)}, column {col}",
        )


def check_not_identifying(names: Iterable[str], *, what: str) -> None:
    """Raise :class:`PrivacyError` if an identifying column is asked for in an output."""
    bad = sorted(set(names) & IDENTIFYING)
    if bad:
        raise PrivacyError(
            f"{what} names identifying column(s) {', '.join(bad)}; outputs may use pseudonyms "
            "and non-identifying attributes only"
        )


def word_count(text: str) -> int:
    """Number of whitespace-separated words in ``text``."""
    return len(text.split())


def jsonable(value: Any) -> Any:
    """Convert numpy/pandas scalars and containers into plain JSON-serialisable values.

    Floats are rounded to 6 decimals so that summaries are byte-stable across platforms;
    NaN becomes ``None``. Mapping keys become strings; sets are sorted.
    """
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return [jsonable(v) for v in sorted(value, key=str)]
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, pd.DataFrame):
        return [jsonable(r) for r in value.to_dict(orient="records")]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(float(value)) else round(float(value), 6)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, str):
        return value
    return str(value)
