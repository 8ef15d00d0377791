"""Reading the input tables (CSV or XLSX) and checking them against :mod:`replicate.schema`.

Every problem is reported with the file, the spreadsheet row (the header is row 1) and column,
what is wrong and what is allowed. :func:`convert_table` collects all problems of a table and
the notes on what was let through; :func:`check_table` returns the problems and
:func:`load_table` raises the first. Files are read by :mod:`replicate.tables_read` (encodings,
separators, sheets, size limits) and cells converted by :mod:`replicate.tables_cells`.

A header that nearly matches a column (``Age`` for ``age``, an invisible ``\\u200b``
inside, spaces for underscores) is reported with the column it should be, as one line.
A column marked ``blank_if_unused`` in the schema may be blank in rows no stage uses
(:func:`students_in_use`: a student who withdrew, had too few meetings, gave no consent
or was a pilot); such blanks are a note with their count, not an error.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from replicate.errors import DataError
from replicate.schema import TABLES, Column, TableSchema
from replicate.tables_cells import MAX_CELL_CHARS, convert_cell
from replicate.tables_headers import header_problems
from replicate.tables_read import RawTable, read_table_file

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_ROWS",
    "CheckedTable",
    "RawTable",
    "RowsInUse",
    "check_table",
    "convert_table",
    "load_table",
    "read_raw_table",
    "read_table",
    "students_in_use",
]

MAX_ROWS = 5_000_000


def read_table(path: Path, *, sheet: str | None = None, expect: tuple[str, ...] = (),
               name: str | None = None) -> RawTable:
    """Read a CSV or XLSX table as text cells, with the notes of what was assumed.

    See :func:`replicate.tables_read.read_table_file` for the parameters; in addition, a
    table of more than :data:`MAX_ROWS` rows is refused and every cell is stripped.

    Raises
    ------
    DataError
        An unreadable file (see :func:`~replicate.tables_read.read_table_file`) or too many
        rows.
    """
    raw = read_table_file(path, sheet=sheet, expect=expect, name=name)
    shown = str(path) if name is None else name
    if len(raw.frame) > MAX_ROWS:
        raise DataError(f"{len(raw.frame)} rows; at most {MAX_ROWS} are supported", file=shown)
    return RawTable(_strip_cells(raw.frame), raw.notes, raw.sheet, raw.delimiter)


def read_raw_table(path: Path) -> pd.DataFrame:
    """Read a CSV or XLSX file (first sheet) as strings; see :func:`read_table`.

    Raises
    ------
    DataError
        Missing file, unsupported suffix, undecodable text, broken XLSX, empty file.
    """
    return read_table(path).frame


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _strip_cells(df: pd.DataFrame) -> pd.DataFrame:
    """Strip surrounding whitespace from every text cell (other cells unchanged).

    Text columns (the readers' ``str`` dtype) are stripped as one list per column, and only
    a column in which some cell changes is replaced (keeping its dtype); ``DataFrame.map``'s
    per-cell overhead dominated loading a 100,000-row table. Any other column goes through
    ``Series.map`` as before.
    """
    changed: dict[int, pd.Series] = {}
    for j in range(df.shape[1]):
        col = df.iloc[:, j]
        if isinstance(col.dtype, pd.StringDtype):
            values = col.tolist()
            stripped = [v.strip() if isinstance(v, str) else v for v in values]
            if stripped != values:
                changed[j] = pd.Series(stripped, index=df.index, dtype=col.dtype)
        else:
            changed[j] = col.map(_strip)
    if not changed:
        return df
    out = df.copy()
    for j, col in changed.items():
        out.isetitem(j, col.array)
    return out


def _convert_ints(col: Column, uniques: npt.NDArray[np.object_],
                  convert: Callable[[str], tuple[object, str | None]]
                  ) -> list[tuple[object, str | None]]:
    """:func:`_convert` of distinct cells of an ``int`` column, plain digits taken directly.

    A cell of at most 15 ASCII digits within the column's bounds converts to ``int(cell)``,
    which is what :func:`_convert` returns for it; every other cell (signs, decimals, out of
    bounds, empty) goes through :func:`_convert` for the same value and message.
    """
    out: list[tuple[object, str | None]] = []
    low = -math.inf if col.minimum is None else col.minimum
    high = math.inf if col.maximum is None else col.maximum
    for u in uniques.tolist():
        if isinstance(u, str) and 0 < len(u) <= 15 and u.isascii() and u.isdigit():
            value = int(u)
            if low <= value <= high:
                out.append((value, None))
                continue
        out.append(convert(u) if u != "" else (None, None))
    return out


def _convert(col: Column, value: str, *, date_format: str | None = None,
             table: str | None = None) -> tuple[object, str | None]:
    """Convert one cell; see :func:`replicate.tables_cells.convert_cell`."""
    return convert_cell(col, value, date_format=date_format, table=table)


def _convert_column(col: Column, cells: npt.NDArray[np.object_], *,
                    date_format: str | None = None, table: str | None = None
                    ) -> tuple[npt.NDArray[np.object_], dict[int, str]]:
    """Convert one column: the values (``None`` for empty cells) and problems by row.

    Each distinct cell text is converted once by :func:`_convert` (a 100,000-row table has
    few distinct ages, dates or categories), and only the rows with a problem are visited
    one by one, so the values and the problems, in row order, are those of converting cell
    by cell. Empty cells are not judged here (see :func:`convert_table`).
    """
    convert = partial(_convert, col, date_format=date_format, table=table)
    empty = np.asarray(cells == "", dtype=bool)
    if col.kind == "str":
        values = cells.copy()
        lengths = np.fromiter(map(len, cells), dtype=np.int64, count=len(cells))
        flagged = ~empty & (lengths > MAX_CELL_CHARS)
        converted: dict[int, tuple[object, str | None]] = {
            int(i): convert(cells[i]) for i in np.flatnonzero(flagged)}
        for i, (value, _) in converted.items():
            values[i] = value
        problem_at = {i: p for i, (_, p) in converted.items() if p}
    else:
        codes, uniques = pd.factorize(cells, use_na_sentinel=False)
        results = [convert(u) if u != "" else (None, None) for u in uniques] if (
            col.kind != "int") else _convert_ints(col, uniques, convert)
        lookup = np.empty(len(results), dtype=object)
        lookup[:] = [value for value, _ in results]
        values = lookup[codes]
        bad_codes = [k for k, (_, p) in enumerate(results) if p]
        rows = np.flatnonzero(np.isin(codes, bad_codes) & ~empty)
        problem_at = {int(i): str(results[codes[i]][1]) for i in rows}
    values[empty] = None
    return values, problem_at


@dataclass(frozen=True)
class RowsInUse:
    """Which rows of a table some stage will use, for columns marked ``blank_if_unused``.

    Attributes
    ----------
    rule : callable
        Takes the converted table, returns a bool array (True = a stage uses the row). A
        row whose deciding cells could not be converted counts as used.
    unused : str
        The rows not used, in words (for the note), e.g. ``students who withdrew, had
        fewer than 3 meetings or gave no consent``.
    """

    rule: Callable[[pd.DataFrame], npt.NDArray[np.bool_]]
    unused: str


def students_in_use(min_meetings: int, *, exclude_pilot: bool = True) -> RowsInUse:
    """The students a stage samples from: not withdrawn, at least ``min_meetings`` meetings,
    consent to be contacted, and no pilot interview (when pilots are excluded).

    These are the rules of :func:`replicate.sampling.assess_eligibility` that need no date: a
    student they exclude is never sampled, so no stage reads their age.

    Parameters
    ----------
    min_meetings : int
        ``sampling.min_meetings``.
    exclude_pilot : bool, default=True
        ``sampling.exclude_pilot``.

    Returns
    -------
    RowsInUse

    Examples
    --------
    >>> t = pd.DataFrame({"status": ["active", "withdrawn", "active", "active"],
    ...                   "meetings": [4, 4, 1, 4], "consent_to_contact": [True, True, True, False],
    ...                   "pilot": [None, None, None, None]})
    >>> students_in_use(3).rule(t).tolist()
    [True, False, False, False]
    """
    def rule(table: pd.DataFrame) -> npt.NDArray[np.bool_]:
        used = np.ones(len(table), dtype=bool)
        if "status" in table:
            used &= table["status"].to_numpy(dtype=object) != "withdrawn"
        if "meetings" in table:
            meetings = pd.to_numeric(table["meetings"], errors="coerce").to_numpy(
                dtype=np.float64)
            used &= np.isnan(meetings) | (meetings >= min_meetings)
        if "consent_to_contact" in table:
            used &= np.array([v is not False for v in table["consent_to_contact"]], dtype=bool)
        if exclude_pilot and "pilot" in table:
            used &= np.array([v is not True for v in table["pilot"]], dtype=bool)
        return used

    reasons = ["withdrew", f"had fewer than {min_meetings} meetings", "gave no consent"]
    reasons += ["took part in a pilot"] if exclude_pilot else []
    return RowsInUse(rule, f"students who {', '.join(reasons[:-1])} or {reasons[-1]}")


@dataclass
class CheckedTable:
    """The outcome of :func:`convert_table`.

    Attributes
    ----------
    table : DataFrame
        Converted values (missing optional cells are None/NaN); the raw table when a header
        problem stopped the conversion.
    problems : list of DataError
        Empty when the table is valid.
    notes : list of str
        One line each: what was allowed though unusual (blank cells in rows no stage uses).
    """

    table: pd.DataFrame
    problems: list[DataError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _rows_text(rows: npt.NDArray[np.intp]) -> str:
    shown = ", ".join(str(int(i) + 2) for i in rows[:5])
    return shown + (", …" if len(rows) > 5 else "")


def convert_table(raw: pd.DataFrame, schema: TableSchema, *, file: str,
                  date_format: str | None = None, in_use: RowsInUse | None = None
                  ) -> CheckedTable:
    """Check a raw string table against its schema, convert the types, note what was allowed.

    Parameters
    ----------
    raw : DataFrame
        Strings as read by :func:`read_table`.
    schema : TableSchema
    file : str
        File name for messages.
    date_format : str or None, default=None
        The table's ``data.date_formats`` entry (ISO dates are always accepted).
    in_use : RowsInUse or None, default=None
        Which rows a stage uses; blanks in ``blank_if_unused`` columns of other rows are a
        note. ``None``: every row is used (every required cell must be filled).

    Returns
    -------
    CheckedTable
    """
    present = [str(c) for c in raw.columns]
    problems = header_problems(present, schema, file)
    if problems:
        return CheckedTable(raw, problems)
    if raw.empty:
        return CheckedTable(raw, [DataError("the table has a header but no rows", file=file)])
    out = pd.DataFrame(index=raw.index)
    at: dict[str, dict[int, str]] = {}
    empties: dict[str, npt.NDArray[np.bool_]] = {}
    for col in schema.columns:
        if col.name not in raw.columns:
            continue
        cells = raw[col.name].to_numpy(dtype=object)
        values, at[col.name] = _convert_column(col, cells, date_format=date_format,
                                               table=schema.name)
        empties[col.name] = np.asarray(cells == "", dtype=bool)
        out[col.name] = pd.Series(values, index=raw.index, dtype=object)
    used = in_use.rule(out) if in_use is not None else np.ones(len(raw), dtype=bool)
    notes: list[str] = []
    for col in schema.columns:
        if col.name not in at or not col.required:
            continue
        empty = empties[col.name]
        needed = empty & used if col.blank_if_unused else empty
        for i in np.flatnonzero(needed).tolist():
            at[col.name][i] = f"empty cell; column '{col.name}' is required"
        spared = np.flatnonzero(empty & ~needed)
        if spared.size and in_use is not None:
            notes.append(f"{file}, column {col.name}: {spared.size} empty cell(s) (row "
                         f"{_rows_text(spared)}), all in rows of {in_use.unused}; no stage "
                         "uses them, so they are allowed")
    for col in schema.columns:
        if col.name not in at:
            continue
        problems.extend(DataError(p, file=file, location=f"row {i + 2}, column {col.name}")
                        for i, p in sorted(at[col.name].items()))
        series = out[col.name]
        if col.kind == "int" and not series.isna().any():
            out[col.name] = series.astype("int64")
        elif col.kind in ("float", "int"):
            out[col.name] = pd.to_numeric(series, errors="coerce")
        elif col.kind == "date":
            out[col.name] = pd.to_datetime(series)
        elif col.kind == "bool" and not series.isna().any():
            out[col.name] = series.astype(bool)
    for c in present:
        if c not in out.columns:
            out[c] = raw[c]
    problems.extend(_duplicate_keys(out, raw, schema, file))
    return CheckedTable(out.reset_index(drop=True), problems, notes)


def _duplicate_keys(out: pd.DataFrame, raw: pd.DataFrame, schema: TableSchema, file: str
                    ) -> list[DataError]:
    if not schema.key or not all(k in raw.columns for k in schema.key):
        return []
    keys = list(schema.key)
    problems: list[DataError] = []
    # rows with an empty key cell are already reported as such
    dup = out.duplicated(keys, keep="first") & out[keys].notna().all(axis=1)
    for i in [int(x) for x in dup[dup].index]:
        first = out.index[(out[keys] == out.loc[i, keys]).all(axis=1)][0]
        keyval = ", ".join(str(out.at[i, k]) for k in keys)
        problems.append(DataError(
            f"duplicate {'/'.join(keys)} '{keyval}' (first at row {int(first) + 2}); "
            "ids must be unique", file=file, location=f"row {i + 2}, column {keys[0]}"))
    return problems


def check_table(
    raw: pd.DataFrame, schema: TableSchema, *, file: str, date_format: str | None = None,
    in_use: RowsInUse | None = None,
) -> tuple[pd.DataFrame, list[DataError]]:
    """Check a raw string table against its schema and convert the types.

    Parameters
    ----------
    raw : DataFrame
        Strings as read by :func:`read_raw_table`.
    schema : TableSchema
    file : str
        File name for messages.
    date_format : str or None, default=None
        The table's date format (see :func:`convert_table`).
    in_use : RowsInUse or None, default=None
        Which rows a stage uses (see :func:`convert_table`).

    Returns
    -------
    table : DataFrame
        Converted values (missing optional cells are None/NaN).
    problems : list of DataError
        Empty when the table is valid.
    """
    checked = convert_table(raw, schema, file=file, date_format=date_format, in_use=in_use)
    return checked.table, checked.problems


def load_table(name: str, path: Path, *, display_name: str | None = None,
               sheet: str | None = None, date_format: str | None = None) -> pd.DataFrame:
    """Read and check table ``name`` (a key of :data:`replicate.schema.TABLES`).

    Parameters
    ----------
    name : str
        The table.
    path : Path
        Its file.
    display_name : str or None, default=None
        The file as shown in messages.
    sheet : str or None, default=None
        The workbook sheet (default: the first).
    date_format : str or None, default=None
        The table's date format.

    Returns
    -------
    DataFrame

    Raises
    ------
    DataError
        The first problem found.
    """
    shown = display_name or str(path)
    schema = TABLES[name]
    expect = tuple(c.name for c in schema.columns if c.required)
    raw = read_table(path, sheet=sheet, expect=expect, name=shown)
    table, problems = check_table(raw.frame, schema, file=shown, date_format=date_format)
    if problems:
        raise problems[0]
    return table
