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
    return df.map(lambda v: v.strip() if isinstance(v, str) else v)


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
        values: list[object] = []
        for i, cell in enumerate(raw[col.name].tolist()):
            if cell == "":
                if col.required:
                    problems.append(DataError(
                        f"empty cell; column '{col.name}' is required", file=file,
                        location=f"row {i + 2}, column {col.name}"))
                values.append(None)
                continue
            value, problem = _convert(col, cell)
            if problem:
                problems.append(DataError(problem, file=file,
                                          location=f"row {i + 2}, column {col.name}"))
            values.append(value)
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
