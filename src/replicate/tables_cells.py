"""Converting one table cell (text) to its column's type, or saying what is wrong with it.

The rules are strict where a lenient reading would guess:

* **whole numbers** are digits with an optional sign (``27.0``, as a spreadsheet may store a
  whole number, is allowed); ``2_6`` (which Python's :func:`int` accepts), ``1e2``, ``true``
  and fractions are refused;
* **numbers** take a decimal point or a decimal comma (``45,5``, as Excel writes it in
  Swedish and other locales), never underscores or thousands separators;
* **dates** are ISO 8601 (``2025-06-09``, optionally with a time of day, as a workbook's date
  cells read), or follow the table's explicit ``data.date_formats`` entry. ``09/06/2023``
  without one is refused as ambiguous (9 June or 6 September?); relative words (``today``,
  ``now``) are refused: a report must give the same answer next year.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

from replicate.schema import Column

__all__ = ["MAX_CELL_CHARS", "MAX_INT", "convert_cell", "parse_date"]

MAX_CELL_CHARS = 100_000
MAX_INT = 2**53  # the largest whole number a float (and so every reader) holds exactly
_TRUE = {"true", "yes", "y", "1", "ja", "sant"}
_FALSE = {"false", "no", "n", "0", "nej", "falskt"}
_WHOLE = re.compile(r"[+-]?\d+(?:\.0*)?", re.ASCII)
_NUMBER = re.compile(
    r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?|[+-]?(?:inf|infinity|nan)",
                     re.IGNORECASE | re.ASCII)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", re.ASCII)
_DAY_MONTH = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", re.ASCII)
_RELATIVE = {"today", "now", "yesterday", "tomorrow", "idag", "i dag", "nu", "igår", "i går",
             "imorgon", "i morgon"}


def _format_hint(table: str | None) -> str:
    key = f"data.date_formats.{table}" if table else "data.date_formats"
    return f"write YYYY-MM-DD, or give the table's format in {key} (e.g. '%d/%m/%Y')"


def parse_date(value: str, *, date_format: str | None = None, table: str | None = None
               ) -> tuple[pd.Timestamp | None, str | None]:
    """Parse a date cell; return ``(date, None)`` or ``(None, problem)``.

    Parameters
    ----------
    value : str
        The cell (already stripped).
    date_format : str or None, default=None
        A :func:`datetime.datetime.strptime` format for the table; ISO dates are always
        accepted as well (a workbook's date cells read as ISO).
    table : str or None, default=None
        The table's config key, named in messages.

    Returns
    -------
    date : pandas.Timestamp or None
        Midnight of the day.
    problem : str or None

    Examples
    --------
    >>> parse_date("2023-06-09")[0]
    Timestamp('2023-06-09 00:00:00')
    >>> parse_date("09/06/2023", date_format="%d/%m/%Y")[0]
    Timestamp('2023-06-09 00:00:00')
    >>> parse_date("09/06/2023", table="participants")[1]
    "'09/06/2023' is ambiguous (9 June or 6 September?); write YYYY-MM-DD, or give the \
table's format in data.date_formats.participants (e.g. '%d/%m/%Y')"
    """
    if value.lower() in _RELATIVE:
        return None, (f"'{value}' is a relative date, which changes meaning from day to day; "
                      "write the date itself as YYYY-MM-DD")
    m = _ISO.fullmatch(value)
    if m:
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None, f"'{value}' is not a date; write YYYY-MM-DD"
        return pd.Timestamp(day), None
    if date_format is not None:
        try:
            parsed = dt.datetime.strptime(value, date_format)
        except ValueError:
            return None, (f"'{value}' does not match the table's date format '{date_format}' "
                          "(data.date_formats) nor YYYY-MM-DD")
        return pd.Timestamp(parsed.date()), None
    m = _DAY_MONTH.fullmatch(value)
    if m and int(m[1]) <= 12 and int(m[2]) <= 12 and m[1] != m[2]:
        first, second = int(m[1]), int(m[2])
        months = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")
        return None, (f"'{value}' is ambiguous ({first} {months[second - 1]} or {second} "
                      f"{months[first - 1]}?); {_format_hint(table)}")
    return None, f"'{value}' is not a date in YYYY-MM-DD form; {_format_hint(table)}"


def _number(col: Column, value: str) -> tuple[object, str | None]:
    what = "a whole number" if col.kind == "int" else "a number"
    if not _NUMBER.fullmatch(value):
        return None, f"'{value}' is not {what}"
    num = float(value.replace(",", "."))
    if not math.isfinite(num):
        return None, f"'{value}' is not a finite number"
    if col.kind == "int" and not _WHOLE.fullmatch(value):
        return None, f"'{value}' is not a whole number"
    if col.minimum is not None and num < col.minimum:
        return None, f"{value} is below the minimum {col.minimum:g}"
    if col.maximum is not None and num > col.maximum:
        return None, f"{value} is above the maximum {col.maximum:g}"
    if col.kind == "int":
        whole = int(value.split(".")[0])
        if abs(whole) > MAX_INT:
            return None, f"{value} is too large; whole numbers up to {MAX_INT} are allowed"
        return whole, None
    return num, None


def convert_cell(col: Column, value: str, *, date_format: str | None = None,
                 table: str | None = None) -> tuple[object, str | None]:
    """Convert one non-empty cell; return ``(value, None)`` or ``(None, problem)``.

    Parameters
    ----------
    col : Column
        The column's schema.
    value : str
        The cell, stripped.
    date_format : str or None, default=None
        The table's date format (see :func:`parse_date`).
    table : str or None, default=None
        The table's config key, named in date messages.

    Returns
    -------
    value : object
        ``str``, ``int``, ``float``, ``bool``, a lower-case category or a
        :class:`pandas.Timestamp`.
    problem : str or None
        What is wrong and what is allowed.

    Examples
    --------
    >>> from replicate.schema import TABLES
    >>> age = TABLES["students"].column("age")
    >>> convert_cell(age, "27")
    (27, None)
    >>> convert_cell(age, "2_6")
    (None, "'2_6' is not a whole number")
    """
    if len(value) > MAX_CELL_CHARS:
        return None, f"value has {len(value)} characters; at most {MAX_CELL_CHARS} allowed"
    if col.kind == "str":
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
        return parse_date(value, date_format=date_format, table=table)
    return _number(col, value)
