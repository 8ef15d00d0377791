"""Reading the input tables (CSV or XLSX) and checking them against :mod:`replicate.schema`.

Every problem is reported with the file, the spreadsheet row (the header is row 1) and column,
what is wrong and what is allowed. :func:`check_table` collects all problems of a table;
:func:`load_table` raises the first.
"""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from replicate.errors import DataError
from replicate.schema import TABLES, Column, TableSchema

__all__ = ["MAX_CELL_CHARS", "MAX_ROWS", "check_table", "load_table", "read_raw_table"]

MAX_CELL_CHARS = 100_000
MAX_ROWS = 5_000_000
_TRUE = {"true", "yes", "y", "1", "ja", "sant"}
_FALSE = {"false", "no", "n", "0", "nej", "falskt"}
_MAX_INT = 2**53  # the largest whole number a float (and so every reader) holds exactly


def read_raw_table(path: Path) -> pd.DataFrame:
    """Read a CSV (UTF-8, optional BOM, CRLF allowed) or XLSX file as strings.

    Raises
    ------
    DataError
        Missing file, unsupported suffix, not UTF-8, broken XLSX, empty file.
    """
    name = str(path)
    if not path.exists():
        raise DataError("file not found", file=name)
    if path.is_dir():
        raise DataError("is a folder; expected a .csv or .xlsx file", file=name)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            raw = path.read_bytes()
            if not raw.strip():
                raise DataError("the file is empty; expected a header row", file=name)
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                line = raw[: exc.start].count(b"\n") + 1
                raise DataError("not valid UTF-8; save the file as CSV UTF-8", file=name,
                                location=f"line {line}") from None
            header_line = text.lstrip().partition("\n")[0]
            if ";" in header_line and "," not in header_line:
                raise DataError("cells are separated by ';'; save the file as CSV UTF-8 with "
                                "commas between cells", file=name, location="row 1")
            # header=None: pandas would rename a repeated header ('age' -> 'age.1')
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                             skipinitialspace=False, header=None)
        elif suffix in {".xlsx", ".xlsm"}:
            df = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl",
                               header=None)
        else:
            raise DataError(f"unsupported file type '{suffix}'; allowed: .csv, .xlsx", file=name)
    except DataError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise DataError(f"cannot read the spreadsheet ({type(exc).__name__}); is it a valid "
                        ".xlsx file?", file=name) from None
    except pd.errors.EmptyDataError:
        raise DataError("the file is empty; expected a header row", file=name) from None
    except pd.errors.ParserError as exc:
        raise _parser_error(str(exc), name) from None
    except ValueError as exc:
        raise DataError(f"cannot read the file: {exc}", file=name) from None
    if len(df):
        header = [str(c).strip() for c in df.iloc[0]]
        df = df.iloc[1:].reset_index(drop=True)
        df.columns = header
    if len(df) > MAX_ROWS:
        raise DataError(f"{len(df)} rows; at most {MAX_ROWS} are supported", file=name)
    return _strip_cells(df)


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


def _parser_error(text: str, name: str) -> DataError:
    """A pandas CSV parser error as one line with the spreadsheet row (pandas counts records)."""
    detail = text.strip().splitlines()[-1].removeprefix("Error tokenizing data. C error: ")
    m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", detail)
    if m:
        return DataError(f"{m[3]} cells but the header has {m[1]}; put a cell that contains a "
                         'comma in double quotes', file=name, location=f"row {m[2]}")
    m = re.search(r"EOF inside string starting at row (\d+)", detail)
    if m:
        return DataError('a quoted cell is never closed; end it with " (write "" for a quote '
                         "inside a cell)", file=name, location=f"row {int(m[1]) + 1}")
    return DataError(f"malformed CSV: {detail}", file=name)


def _convert(col: Column, value: str) -> tuple[object, str | None]:
    """Convert one cell; return (value, problem)."""
    if len(value) > MAX_CELL_CHARS:
        return None, f"value has {len(value)} characters; at most {MAX_CELL_CHARS} allowed"
    if col.kind in {"str"}:
        return value, None
    if col.kind == "category":
        low = value.lower()
        if low not in col.allowed:
            return None, f"'{value}' is not allowed; allowed: {', '.join(col.allowed)}"
        return low, None
    if col.kind == "bool":
        low = value.lower()
        if low in _TRUE:
            return True, None
        if low in _FALSE:
            return False, None
        return None, f"'{value}' is not true/false"
    if col.kind == "date":
        try:
            ts = pd.Timestamp(value)
        except (ValueError, OverflowError):
            return None, f"'{value}' is not a date; write YYYY-MM-DD"
        if pd.isna(ts):
            return None, f"'{value}' is not a date; write YYYY-MM-DD"
        return ts.normalize(), None
    try:
        num = float(value.replace(",", ".")) if col.kind == "float" else float(value)
    except ValueError:
        what = "a whole number" if col.kind == "int" else "a number"
        return None, f"'{value}' is not {what}"
    if not math.isfinite(num):
        return None, f"'{value}' is not a finite number"
    if col.kind == "int" and num != int(num):
        return None, f"'{value}' is not a whole number"
    if col.minimum is not None and num < col.minimum:
        return None, f"{value} is below the minimum {col.minimum:g}"
    if col.maximum is not None and num > col.maximum:
        return None, f"{value} is above the maximum {col.maximum:g}"
    if col.kind == "int" and abs(num) > _MAX_INT:
        return None, f"{value} is too large; whole numbers up to {_MAX_INT} are allowed"
    return (int(num) if col.kind == "int" else num), None


def _convert_ints(col: Column, uniques: npt.NDArray[np.object_]
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
        out.append(_convert(col, u) if u != "" else (None, None))
    return out


def _convert_column(col: Column, cells: npt.NDArray[np.object_]
                    ) -> tuple[npt.NDArray[np.object_], list[tuple[int, str]]]:
    """Convert one column: the values (``None`` for empty cells) and ``(row, problem)`` pairs.

    Each distinct cell text is converted once by :func:`_convert` (a 100,000-row table has
    few distinct ages, dates or categories), and only the rows with a problem are visited
    one by one, so the values and the problems, in row order, are those of converting cell
    by cell.
    """
    empty = np.asarray(cells == "", dtype=bool)
    if col.kind == "str":
        values = cells.copy()
        lengths = np.fromiter(map(len, cells), dtype=np.int64, count=len(cells))
        flagged = ~empty & (lengths > MAX_CELL_CHARS)
        converted: dict[int, tuple[object, str | None]] = {
            int(i): _convert(col, cells[i]) for i in np.flatnonzero(flagged)}
        for i, (value, _) in converted.items():
            values[i] = value
        problem_at = {i: p for i, (_, p) in converted.items() if p}
    else:
        codes, uniques = pd.factorize(cells, use_na_sentinel=False)
        results = [_convert(col, u) if u != "" else (None, None) for u in uniques] if (
            col.kind != "int") else _convert_ints(col, uniques)
        table = np.empty(len(results), dtype=object)
        table[:] = [value for value, _ in results]
        values = table[codes]
        bad_codes = [k for k, (_, p) in enumerate(results) if p]
        rows = np.flatnonzero(np.isin(codes, bad_codes) & ~empty)
        problem_at = {int(i): str(results[codes[i]][1]) for i in rows}
    values[empty] = None
    missing = np.flatnonzero(empty) if col.required else np.zeros(0, dtype=np.intp)
    for i in missing.tolist():
        problem_at[i] = f"empty cell; column '{col.name}' is required"
    return values, sorted(problem_at.items())


def check_table(
    raw: pd.DataFrame, schema: TableSchema, *, file: str
) -> tuple[pd.DataFrame, list[DataError]]:
    """Check a raw string table against its schema and convert the types.

    Parameters
    ----------
    raw : DataFrame
        Strings as read by :func:`read_raw_table`.
    schema : TableSchema
    file : str
        File name for messages.

    Returns
    -------
    table : DataFrame
        Converted values (missing optional cells are None/NaN).
    problems : list of DataError
        Empty when the table is valid.
    """
    problems: list[DataError] = []
    present = list(raw.columns)
    dupes = sorted({c for c in present if present.count(c) > 1})
    for c in dupes:
        problems.append(DataError(f"column '{c}' appears more than once", file=file,
                                  location="row 1"))
    for col in schema.columns:
        if col.required and col.name not in present:
            problems.append(DataError(
                f"required column '{col.name}' is missing; expected columns: "
                f"{', '.join(schema.column_names)}", file=file, location="row 1"))
    if not schema.extra_columns_allowed:
        for j, c in enumerate(present):
            if c not in schema.column_names:
                what = f"unknown column '{c}'" if c else f"column {j + 1} has no header"
                problems.append(DataError(
                    f"{what}; allowed: {', '.join(schema.column_names)}",
                    file=file, location="row 1"))
    if problems:
        return raw, problems
    if raw.empty:
        return raw, [DataError("the table has a header but no rows", file=file)]
    out = pd.DataFrame(index=raw.index)
    for col in schema.columns:
        if col.name not in raw.columns:
            continue
        values, cell_problems = _convert_column(col, raw[col.name].to_numpy(dtype=object))
        problems.extend(DataError(problem, file=file, location=f"row {i + 2}, column {col.name}")
                        for i, problem in cell_problems)
        out[col.name] = pd.Series(values, index=raw.index, dtype=object)
        if col.kind == "int" and not out[col.name].isna().any():
            out[col.name] = out[col.name].astype("int64")
        elif col.kind == "float" or col.kind == "int":
            out[col.name] = pd.to_numeric(out[col.name], errors="coerce")
        elif col.kind == "date":
            out[col.name] = pd.to_datetime(out[col.name])
        elif col.kind == "bool" and not out[col.name].isna().any():
            out[col.name] = out[col.name].astype(bool)
    for c in present:
        if c not in out.columns:
            out[c] = raw[c]
    if schema.key and all(k in raw.columns for k in schema.key):
        keys = list(schema.key)
        # rows with an empty key cell are already reported as such
        dup = out.duplicated(keys, keep="first") & out[keys].notna().all(axis=1)
        for i in [int(x) for x in dup[dup].index]:
            first = out.index[
                (out[list(schema.key)] == out.loc[i, list(schema.key)]).all(axis=1)
            ][0]
            keyval = ", ".join(str(out.at[i, k]) for k in schema.key)
            problems.append(DataError(
                f"duplicate {'/'.join(schema.key)} '{keyval}' (first at row {int(first) + 2}); "
                "ids must be unique", file=file,
                location=f"row {i + 2}, column {schema.key[0]}"))
    return out.reset_index(drop=True), problems


def load_table(name: str, path: Path, *, display_name: str | None = None) -> pd.DataFrame:
    """Read and check table ``name`` (a key of :data:`replicate.schema.TABLES`).

    Raises
    ------
    DataError
        The first problem found.
    """
    shown = display_name or str(path)
    raw = read_raw_table(path)
    table, problems = check_table(raw, TABLES[name], file=shown)
    if problems:
        raise problems[0]
    return table
