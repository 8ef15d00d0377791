"""Reading a coding spreadsheet (CSV or XLSX) into the wide ratings table.

Two layouts are accepted:

* **wide**: the first column is the unit id, each further column one coder; an empty cell is
  a missing rating (cells holding only blanks count as empty).
* **long**: one row per unit and coder with columns ``unit`` (or ``unit_id``), ``coder``
  (or ``rater``) and ``code`` (or ``rating``, ``value``); with exactly three unnamed columns,
  they are taken in that order.

Cells are read as text so that codes such as ``007`` keep their spelling; numeric text is
recognised later by :func:`ratings_table`. Row numbers in errors count the header as row 1.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from replicate.errors import DataError

from ._data import long_to_wide

__all__ = ["read_ratings"]

_UNIT_NAMES = ("unit", "unit_id")
_CODER_NAMES = ("coder", "rater")
_CODE_NAMES = ("code", "rating", "value")


def _read_raw(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise DataError("file not found; give the path of a CSV or XLSX file", file=str(path))
    try:
        if suffix in (".csv", ".txt"):
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if suffix in (".xlsx", ".xlsm"):
            return pd.read_excel(path, dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise DataError("the file is empty; it needs a header row and one row per unit",
                        file=str(path)) from None
    except UnicodeDecodeError:
        raise DataError("the file is not UTF-8 text; save it as CSV UTF-8 or XLSX",
                        file=str(path)) from None
    except (ValueError, OSError) as err:
        raise DataError(f"cannot read the file ({err}); save it as CSV or XLSX",
                        file=str(path)) from None
    raise DataError(f"unsupported file type {suffix or '(none)'}; use .csv or .xlsx",
                    file=str(path))


def _find(columns: list[str], names: tuple[str, ...]) -> str | None:
    for col in columns:
        if col.strip().lower() in names:
            return col
    return None


def read_ratings(path: str | Path, *, long: bool = False) -> pd.DataFrame:
    """Read a CSV or XLSX coding spreadsheet into a wide units x coders table.

    Parameters
    ----------
    path : str or pathlib.Path
        ``.csv`` (UTF-8, with or without BOM) or ``.xlsx`` file (first sheet).
    long : bool, default=False
        The file has one row per unit and coder (``unit, coder, code``) instead of the wide
        layout.

    Returns
    -------
    pandas.DataFrame
        Index = unit id (text), one column per coder, ``None`` for missing ratings; pass it
        to :func:`agreement_statistics`.

    Raises
    ------
    DataError
        Missing, empty or unreadable file, no data rows, a blank unit id, or missing long
        columns; the error names the file (and row, header = row 1).
    """
    path = Path(path)
    raw = _read_raw(path)
    if raw.shape[1] == 0 or raw.shape[0] == 0:
        raise DataError("the file has no data rows; it needs a header row and one row per "
                        "unit", file=str(path))
    raw.columns = [str(c).strip() for c in raw.columns]
    raw = raw.map(lambda v: v.strip() if isinstance(v, str) else v)
    try:
        if long:
            cols = list(raw.columns)
            found = [_find(cols, names) for names in (_UNIT_NAMES, _CODER_NAMES, _CODE_NAMES)]
            picked = [c for c in found if c is not None]
            if len(picked) < 3:
                if len(cols) != 3:
                    raise DataError("with --long the file needs the columns unit, coder and "
                                    f"code; found {', '.join(cols)}")
                picked = cols
            unit, coder, code = picked
            _blank_units(raw, unit)
            return long_to_wide(raw, unit=unit, coder=coder, code=code)
        unit = str(raw.columns[0])
        _blank_units(raw, unit)
        wide = raw.set_index(unit)
        return wide.astype(object).where(wide != "", None)
    except DataError as err:
        raise DataError(err.message, file=str(path), location=err.location) from None


def _blank_units(raw: pd.DataFrame, unit: str) -> None:
    blank = (raw[unit] == "").to_numpy()
    if blank.any():
        row = int(blank.argmax())
        raise DataError("the unit id is empty; every row needs a unit id",
                        location=f"row {row + 2}, column {unit}")
