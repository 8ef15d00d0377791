"""Reading a table file as spreadsheets write it, within bounds.

CSV files are decoded and split the way Excel and LibreOffice save them:

* **encoding**: UTF-8 with or without a byte-order mark; UTF-16 with a byte-order mark
  (Excel's "Unicode Text"); otherwise Windows-1252 (Excel's "CSV" on Western-European
  Windows; Latin-1 where a byte is undefined in cp1252). A file that is not UTF-8 is read
  with a one-line note naming the encoding assumed and a word to check it by. A file that
  mixes UTF-8 with other bytes is refused (no single encoding reads it right).
* **separator**: ``,``, ``;`` (Excel in locales with a decimal comma, e.g. Swedish) or tab:
  the one that splits the header row into the most cells (column names never contain one),
  :class:`csv.Sniffer` settling a tie.
* line ends LF or CRLF.

XLSX workbooks are read from the first sheet or a named one (``students.xlsx#Roster``).
When the first sheet lacks the expected columns and another sheet has them, the error says
which. Before openpyxl parses anything, the archive's directory is checked: the declared
inflated size and each member's compression ratio are bounded (Python's :mod:`zipfile` never
inflates a member beyond its declared size), so a small file that would inflate to
gigabytes is refused at once. Every file must be a regular file (a named pipe would block
the reader forever) within a size limit.

Every failure is a one-line :class:`~replicate.errors.DataError`.
"""

from __future__ import annotations

import codecs
import csv
import errno
import io
import os
import re
import stat
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from replicate.errors import DataError

__all__ = [
    "MAX_CSV_BYTES",
    "MAX_XLSX_BYTES",
    "MAX_XLSX_INFLATED",
    "MAX_XLSX_RATIO",
    "RawTable",
    "decode_table_text",
    "read_regular_file",
    "read_table_file",
    "sniff_delimiter",
]

MAX_CSV_BYTES = 1 << 30
"""Largest CSV file read (1 GiB)."""
MAX_XLSX_BYTES = 100 << 20
"""Largest XLSX file read (100 MiB compressed)."""
MAX_XLSX_INFLATED = 512 << 20
"""Largest total inflated size of an XLSX archive's members (512 MiB)."""
MAX_XLSX_RATIO = 100
"""Largest compression ratio of an XLSX member above :data:`_RATIO_FLOOR` bytes inflated."""
_RATIO_FLOOR = 4 << 20
_MAX_MEMBERS = 10_000
_DELIMITERS = (",", ";", "\t")
# a UTF-8 multi-byte sequence: text that is partly UTF-8 has these next to invalid bytes
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


@dataclass(frozen=True)
class RawTable:
    """A table file read as text cells.

    Attributes
    ----------
    frame : pandas.DataFrame
        Header = the first row (stripped), every cell a stripped string.
    notes : tuple of str
        What the reader assumed (an encoding other than UTF-8), one line each, for the user
        to check; empty when nothing was assumed.
    sheet : str or None
        The XLSX sheet read (``None`` for a CSV file).
    delimiter : str or None
        The CSV separator found (``None`` for a workbook).
    """

    frame: pd.DataFrame
    notes: tuple[str, ...] = ()
    sheet: str | None = None
    delimiter: str | None = None


def read_regular_file(path: Path, *, limit: int, name: str | None = None,
                      folder_message: str = "is a folder; expected a file") -> bytes:
    """Read the bytes of a regular file of at most ``limit`` bytes.

    The file is opened without blocking and checked with :func:`os.fstat` on the open
    descriptor, so a named pipe, a device or a socket is refused instead of read (reading a
    pipe blocks until a writer appears), and a symbolic link that loops is one line.

    Parameters
    ----------
    path : Path
        The file.
    limit : int
        Largest size accepted, in bytes.
    name : str or None, default=None
        The file as shown in messages (default ``str(path)``).
    folder_message : str, default="is a folder; expected a file"
        The message when ``path`` is a folder.

    Returns
    -------
    bytes

    Raises
    ------
    DataError
        Missing, a folder, not a regular file, a symbolic-link loop, unreadable or too large.
    """
    shown = str(path) if name is None else name
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise DataError("file not found", file=shown) from None
    except IsADirectoryError:
        raise DataError(folder_message, file=shown) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DataError("symbolic links loop (a link points back to itself); point the "
                            "link at a file", file=shown) from None
        raise DataError(f"cannot open the file ({exc.strerror})", file=shown) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise DataError(folder_message, file=shown)
        kind = ("a named pipe" if stat.S_ISFIFO(info.st_mode) else
                "a socket" if stat.S_ISSOCK(info.st_mode) else "a device")
        raise DataError(f"is {kind}, not a regular file; give a file saved on disk",
                        file=shown)
    with os.fdopen(fd, "rb") as fh:
        if info.st_size > limit:
            raise DataError(f"the file has {info.st_size} bytes; at most {limit} are read",
                            file=shown)
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise DataError(f"the file has more than {limit} bytes; at most {limit} are read",
                        file=shown)
    return data


def _line_of(raw: bytes, position: int) -> str:
    line = raw[:position].count(b"\n") + 1
    return f"line {line}"


def _sample_word(text: str) -> tuple[str, int] | None:
    """The first word with a non-ASCII letter and its line (to check an encoding by)."""
    for lineno, line in enumerate(text.splitlines(), start=1):
        for word in re.split(r"[\s,;\"]+", line):
            if not word.isascii():
                return word[:40], lineno
    return None


def decode_table_text(raw: bytes, *, name: str) -> tuple[str, str | None]:
    """Decode a CSV file's bytes; return the text and a note when an encoding was assumed.

    Parameters
    ----------
    raw : bytes
        The file's bytes.
    name : str
        The file as shown in messages.

    Returns
    -------
    text : str
        The text, without a byte-order mark.
    note : str or None
        ``None`` for UTF-8, else one line saying which encoding was assumed.

    Raises
    ------
    DataError
        NUL bytes without a UTF-16 byte-order mark, invalid UTF-16, or bytes that are partly
        UTF-8 and partly not.
    """
    if raw.startswith(codecs.BOM_UTF8):
        body = raw[len(codecs.BOM_UTF8):]
        try:
            return body.decode("utf-8"), None
        except UnicodeDecodeError as exc:
            raise DataError("starts as UTF-8 (byte-order mark) but is not valid UTF-8; save "
                            "the file as CSV UTF-8", file=name,
                            location=_line_of(body, exc.start)) from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError("starts as UTF-16 (byte-order mark) but is not valid UTF-16; "
                            "save the file as CSV UTF-8", file=name) from None
        return text, "read as UTF-16 (the file starts with its byte-order mark)"
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise DataError("not valid UTF-8: the file holds NUL bytes (UTF-16 without a "
                        "byte-order mark?); save the file as CSV UTF-8", file=name,
                        location=_line_of(raw, nul))
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        if _UTF8_SEQUENCE.search(raw):
            raise DataError("not valid UTF-8: the file mixes UTF-8 with other bytes, so no "
                            "single encoding reads it right; save the file as CSV UTF-8",
                            file=name, location=_line_of(raw, exc.start)) from None
    try:
        text, encoding = raw.decode("cp1252"), "Windows-1252 (cp1252)"
    except UnicodeDecodeError:
        text, encoding = raw.decode("latin-1"), "Latin-1 (ISO-8859-1)"
    sample = _sample_word(text)
    check = f"; check that '{sample[0]}' (line {sample[1]}) reads right" if sample else ""
    return text, (f"not UTF-8; read as {encoding}{check}, or save the file as CSV UTF-8 to "
                  "be sure")


def sniff_delimiter(text: str) -> str:
    """The separator of CSV text: ``,``, ``;`` or tab.

    Parameters
    ----------
    text : str
        The decoded file.

    Returns
    -------
    str
        The candidate that splits the first non-blank line (the header) into the most
        cells; :class:`csv.Sniffer` on the first lines settles a tie, ``,`` when none splits.

    Examples
    --------
    >>> sniff_delimiter("pseudonym;student_id;duration_min\\r\\nA;S1;45,5\\r\\n")
    ';'
    >>> sniff_delimiter("code,description\\nx,\\"a; b\\"\\n")
    ','
    """
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: len(next(csv.reader([header], delimiter=d), [])) for d in _DELIMITERS}
    best = max(counts.values())
    if best <= 1:
        return ","
    tied = [d for d in _DELIMITERS if counts[d] == best]
    if len(tied) == 1:
        return tied[0]
    sample = "\n".join(text.splitlines()[:20])
    try:
        found = csv.Sniffer().sniff(sample, delimiters="".join(tied)).delimiter
    except csv.Error:
        return tied[0]
    return found if found in tied else tied[0]


def _parser_error(text: str, name: str) -> DataError:
    """A pandas CSV parser error as one line with the spreadsheet row (pandas counts records)."""
    detail = text.strip().splitlines()[-1].removeprefix("Error tokenizing data. C error: ")
    m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", detail)
    if m:
        return DataError(f"{m[3]} cells but the header has {m[1]}; put a cell that contains a "
                         'separator in double quotes', file=name, location=f"row {m[2]}")
    m = re.search(r"EOF inside string starting at row (\d+)", detail)
    if m:
        return DataError('a quoted cell is never closed; end it with " (write "" for a quote '
                         "inside a cell)", file=name, location=f"row {int(m[1]) + 1}")
    return DataError(f"malformed CSV: {detail}", file=name)


def _read_csv(path: Path, name: str) -> RawTable:
    raw = read_regular_file(path, limit=MAX_CSV_BYTES, name=name,
                            folder_message="is a folder; expected a .csv or .xlsx file")
    if not raw.strip():
        raise DataError("the file is empty; expected a header row", file=name)
    text, note = decode_table_text(raw, name=name)
    if not text.strip():
        raise DataError("the file is empty; expected a header row", file=name)
    delimiter = sniff_delimiter(text)
    try:
        # header=None: pandas would rename a repeated header ('age' -> 'age.1')
        df = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
                         skipinitialspace=False, header=None)
    except pd.errors.EmptyDataError:
        raise DataError("the file is empty; expected a header row", file=name) from None
    except pd.errors.ParserError as exc:
        raise _parser_error(str(exc), name) from None
    except ValueError as exc:
        raise DataError(f"cannot read the file: {exc}", file=name) from None
    return RawTable(df, (note,) if note else (), None, delimiter)


def _check_archive(raw: bytes, name: str) -> None:
    """Refuse an XLSX archive whose directory declares too much inflated data."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise DataError("cannot read the spreadsheet (not a zip archive); is it a valid "
                        ".xlsx file?", file=name) from None
    if len(members) > _MAX_MEMBERS:
        raise DataError(f"the workbook holds {len(members)} parts; at most {_MAX_MEMBERS} are "
                        "read; is it a valid .xlsx file?", file=name)
    total = sum(m.file_size for m in members)
    if total > MAX_XLSX_INFLATED:
        raise DataError(f"the workbook would inflate to {total} bytes; at most "
                        f"{MAX_XLSX_INFLATED} are read (save a table this large as CSV)",
                        file=name)
    for m in members:
        if m.file_size > _RATIO_FLOOR and m.file_size > MAX_XLSX_RATIO * max(m.compress_size, 1):
            ratio = m.file_size / max(m.compress_size, 1)
            raise DataError(f"part {m.filename} would inflate {ratio:.0f}-fold (to "
                            f"{m.file_size} bytes); at most {MAX_XLSX_RATIO}-fold is read "
                            "(a zip bomb?)", file=name)


def _has_columns(frame: pd.DataFrame, expect: Sequence[str]) -> bool:
    if frame.empty:
        return False
    header = {str(c).strip() for c in frame.iloc[0]}
    return all(c in header for c in expect)


def _read_xlsx(path: Path, name: str, sheet: str | None, expect: Sequence[str]) -> RawTable:
    raw = read_regular_file(path, limit=MAX_XLSX_BYTES, name=name,
                            folder_message="is a folder; expected a .csv or .xlsx file")
    _check_archive(raw, name)
    try:
        with pd.ExcelFile(io.BytesIO(raw), engine="openpyxl") as book:
            names = [str(s) for s in book.sheet_names]
            if sheet is not None and sheet not in names:
                raise DataError(f"the workbook has no sheet '{sheet}'; its sheets: "
                                f"{', '.join(names)}", file=name)
            target = sheet if sheet is not None else names[0]
            df = pd.read_excel(book, sheet_name=target, header=None, dtype=str,
                               keep_default_na=False)
            if sheet is None and expect and not _has_columns(df, expect):
                for other in names[1:]:
                    head = pd.read_excel(book, sheet_name=other, header=None, dtype=str,
                                         keep_default_na=False, nrows=1)
                    if _has_columns(head, expect):
                        raise DataError(
                            f"the first sheet '{target}' does not have the columns "
                            f"({', '.join(expect)}); sheet '{other}' has them: name it "
                            f"in the config as '{path.name}#{other}'", file=name)
    except DataError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        detail = " ".join(str(exc).split())[:80]
        what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
        raise DataError(f"cannot read the spreadsheet ({what}); is it a valid .xlsx file?",
                        file=name) from None
    return RawTable(df, (), target, None)


def read_table_file(path: Path, *, sheet: str | None = None, expect: Sequence[str] = (),
                    name: str | None = None) -> RawTable:
    """Read a CSV or XLSX file as strings, header row first.

    Parameters
    ----------
    path : Path
        ``.csv``, ``.xlsx`` or ``.xlsm`` file.
    sheet : str or None, default=None
        The workbook sheet to read (default: the first).
    expect : sequence of str, default=()
        Columns the table needs: when the first sheet of a workbook lacks them and another
        sheet has them, the error names that sheet.
    name : str or None, default=None
        The file as shown in messages (default ``str(path)``).

    Returns
    -------
    RawTable
        The cells (header as column names, everything stripped) and what was assumed.

    Raises
    ------
    DataError
        Missing, not a regular file, too large, unsupported suffix, undecodable, a broken or
        oversized workbook, an unknown sheet, an empty file.
    """
    shown = str(path) if name is None else name
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if sheet is not None:
            raise DataError(f"a CSV file has no sheets; remove '#{sheet}'", file=shown)
        table = _read_csv(path, shown)
    elif suffix in {".xlsx", ".xlsm"}:
        table = _read_xlsx(path, shown, sheet, expect)
    else:
        if not path.exists() and not path.is_symlink():
            raise DataError("file not found", file=shown)
        if path.is_dir():
            raise DataError("is a folder; expected a .csv or .xlsx file", file=shown)
        raise DataError(f"unsupported file type '{suffix}'; allowed: .csv, .xlsx", file=shown)
    df = table.frame
    if len(df):
        header = [str(c).strip() for c in df.iloc[0]]
        df = df.iloc[1:].reset_index(drop=True)
        df.columns = header
    return RawTable(df, table.notes, table.sheet, table.delimiter)
