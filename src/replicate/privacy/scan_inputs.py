"""PII scan of the inputs: transcripts and free-text columns, before analysis.

Researchers de-identify transcripts by hand; this scan lists what they may have missed, by
file and line, as warnings (``replicate validate``, ``replicate scan PATH``). It looks for:

* names, student ids and mentor ids from the rosters (:func:`identifying_values`), as whole
  words ignoring case (:mod:`~replicate.privacy.matching`);
* e-mail addresses and phone numbers (:mod:`~replicate.privacy.patterns`);
* Swedish personnummer and samordningsnummer with a valid date and check digit
  (:mod:`~replicate.privacy.personnummer`).

Which parts of a file are read: text files (``.txt``, ``.md``, ``.yaml``/``.yml``) whole,
header lines included; tables (``.csv``, ``.xlsx``, or DataFrames) only in their free-text
columns when the file is one of the schema's tables (``units.text``, ``units.condensed``,
``codebook.description``; rosters have none, they hold the identities by design), and in
every column when the table is not one of the schema's. What is not looked for is listed in
``docs/privacy.md``.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from replicate.errors import DataError
from replicate.privacy.findings import Finding
from replicate.privacy.identities import IdentitySet
from replicate.privacy.patterns import find_emails, find_phone_numbers
from replicate.privacy.personnummer import find_identity_numbers
from replicate.schema import TABLES
from replicate.transcripts import read_text

__all__ = ["INPUT_SUFFIXES", "scan_file", "scan_inputs", "scan_table", "scan_text"]

#: File types :func:`scan_inputs` reads when given a folder.
INPUT_SUFFIXES: tuple[str, ...] = (".csv", ".md", ".txt", ".xlsx", ".yaml", ".yml")

_NEWLINE = re.compile("\n")


def scan_text(
    text: str,
    *,
    file: str,
    identities: IdentitySet | None = None,
    where: str = "",
    region: str = "SE",
) -> list[Finding]:
    """Scan one text for identifying values.

    Parameters
    ----------
    text : str
        The text (lines separated by ``\\n``).
    file : str
        File name reported in the findings.
    identities : IdentitySet or None, default=None
        Roster values to look for; without it only patterns are looked for.
    where : str, default=""
        Reported with each finding (e.g. ``column text``).
    region : str, default="SE"
        Country whose numbering plan reads phone numbers written without a country code.

    Returns
    -------
    list of Finding
        In line order. A span found by one detector is blanked before the next runs, so an
        e-mail address is not reported again as a name, nor a personnummer as a phone number.
    """
    hits: list[tuple[int, str, str]] = []  # (start, kind, matched)
    current = text
    for detector in ("identity number", "e-mail", "phone number"):
        if detector == "identity number":
            spans: list[tuple[int, int, str]] = list(find_identity_numbers(current))
        elif detector == "e-mail":
            spans = [(a, b, "e-mail") for a, b in find_emails(current)]
        else:
            spans = [(a, b, detector) for a, b in find_phone_numbers(current, region=region)]
        for start, end, kind in spans:
            hits.append((start, kind, text[start:end]))
            # Blank the span (same length, so positions stay valid) for the next detectors.
            current = current[:start] + " " * (end - start) + current[end:]
    newlines = [m.start() for m in _NEWLINE.finditer(text)] if hits else []
    findings = [
        Finding.make(file=file, line=bisect_right(newlines, start) + 1, where=where,
                     kind=kind, value=matched)
        for start, kind, matched in hits
    ]
    if identities:
        for matched, line, ident in identities.matcher.find(current):
            if ident.kind != "e-mail":  # every address was already found above
                findings.append(
                    Finding.make(file=file, line=line, where=where, kind=ident.kind,
                                 value=matched)
                )
    return sorted(findings, key=lambda f: (f.line or 0, f.kind, f.masked))


def scan_table(
    frame: pd.DataFrame,
    *,
    file: str,
    table: str | None = None,
    columns: Sequence[str] | None = None,
    identities: IdentitySet | None = None,
    region: str = "SE",
) -> list[Finding]:
    """Scan the free-text columns of a loaded table.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, one row per data row in file order.
    file : str
        File name reported in the findings.
    table : str or None, default=None
        Schema table name (``units``, ``codebook``…); defaults to the stem of ``file``.
    columns : sequence of str or None, default=None
        Columns to scan. Default: the schema's ``free_text`` columns for a schema table,
        every column otherwise.
    identities : IdentitySet or None, default=None
        Roster values to look for.
    region : str, default="SE"
        See :func:`scan_text`.

    Returns
    -------
    list of Finding
        ``line`` is the spreadsheet row (header row = 1, first data row = 2); ``where`` names
        the column.
    """
    header = [str(c) for c in frame.columns]
    selected = _columns(header, table or Path(file).stem, columns)
    rows = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
    return _scan_rows(rows, header, selected, first_line=2, file=file, where_prefix="",
                      identities=identities, region=region)


def scan_file(
    path: Path, *, identities: IdentitySet | None = None, region: str = "SE"
) -> list[Finding]:
    """Scan one input file (``.txt``, ``.md``, ``.yaml``, ``.yml``, ``.csv`` or ``.xlsx``).

    Parameters
    ----------
    path : pathlib.Path
        The file.
    identities : IdentitySet or None, default=None
        Roster values to look for.
    region : str, default="SE"
        See :func:`scan_text`.

    Returns
    -------
    list of Finding
        CSV findings carry the physical line where the record starts.

    Raises
    ------
    DataError
        When the file is missing, not UTF-8, not a readable workbook, or of another type.
    """
    suffix = path.suffix.lower()
    name = str(path)
    if suffix not in INPUT_SUFFIXES:
        raise DataError(
            f"cannot scan {suffix or 'a file without suffix'}; allowed: "
            + ", ".join(INPUT_SUFFIXES), file=name,
        )
    if suffix == ".xlsx":
        return _scan_xlsx(path, identities=identities, region=region)
    text = read_text(path)
    if suffix != ".csv":
        return scan_text(text, file=name, identities=identities, region=region)
    reader = csv.reader(io.StringIO(text))
    header: list[str] = []
    selected: list[int] = []
    findings: list[Finding] = []
    try:
        start = reader.line_num + 1
        for record in reader:
            if not header:
                header = record
                selected = _columns(header, path.stem, None)
            else:
                findings += _scan_rows([record], header, selected, first_line=start, file=name,
                                       where_prefix="", identities=identities, region=region)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(f"not a readable CSV file ({exc})", file=name,
                        location=f"line {reader.line_num}") from None
    return findings


def scan_inputs(
    paths: Iterable[Path] = (),
    *,
    tables: Mapping[str, pd.DataFrame] | None = None,
    identities: IdentitySet | None = None,
    region: str = "SE",
) -> list[Finding]:
    """Scan input files, folders and loaded tables for identifying values.

    Parameters
    ----------
    paths : iterable of pathlib.Path, default=()
        Files, or folders scanned recursively for :data:`INPUT_SUFFIXES` (hidden files and
        folders, whose names start with ``.``, are skipped).
    tables : mapping of str to pandas.DataFrame or None, default=None
        Loaded tables keyed by their file name (``data/units.csv``); the stem names the
        schema table (see :func:`scan_table`).
    identities : IdentitySet or None, default=None
        Roster values to look for (from :func:`identifying_values`).
    region : str, default="SE"
        See :func:`scan_text`.

    Returns
    -------
    list of Finding
        Sorted by file, line, where and kind.

    Raises
    ------
    DataError
        When a path does not exist or a file cannot be read.
    """
    findings: list[Finding] = []
    for path in paths:
        for file in _input_files(path):
            findings += scan_file(file, identities=identities, region=region)
    for name, frame in sorted((tables or {}).items()):
        findings += scan_table(frame, file=name, identities=identities, region=region)
    return sorted(findings, key=lambda f: (f.file, f.line or 0, f.where, f.kind, f.masked))


def _input_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise DataError("no such file or folder", file=str(path))
    # Hidden folders and ``private/`` (where the pseudonym key lives by design) are skipped.
    return sorted(
        p for p in path.rglob("*")
        if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
        and "private" not in p.relative_to(path).parts[:-1]
    )


def _columns(header: Sequence[str], table: str, columns: Sequence[str] | None) -> list[int]:
    if columns is not None:
        wanted = set(columns)
    elif table in TABLES:
        wanted = set(TABLES[table].free_text)
    else:
        wanted = set(header)
    return [i for i, name in enumerate(header) if name in wanted]


def _scan_rows(
    rows: Iterable[Sequence[object]],
    header: Sequence[str],
    selected: Sequence[int],
    *,
    first_line: int,
    file: str,
    where_prefix: str,
    identities: IdentitySet | None,
    region: str,
) -> list[Finding]:
    findings: list[Finding] = []
    for offset, row in enumerate(rows):
        for i in selected:
            text = _cell_text(row[i] if i < len(row) else None)
            if not text:
                continue
            where = f"{where_prefix}column {header[i]}"
            for f in scan_text(text, file=file, identities=identities, where=where,
                               region=region):
                # The row (CSV: the line the record starts on), not the line inside the cell.
                findings.append(Finding(f.file, first_line + offset, f.where, f.kind, f.masked,
                                        f.suggestion))
    return findings


def _cell_text(cell: object) -> str:
    # Text and whole numbers (a personnummer typed into a number cell); not dates or booleans.
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return ""
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return ""


def _scan_xlsx(path: Path, *, identities: IdentitySet | None, region: str) -> list[Finding]:
    import openpyxl  # a heavy import, needed only for workbooks

    name = str(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DataError(
            f"not a readable XLSX workbook ({type(exc).__name__}); save it again as .xlsx",
            file=name,
        ) from None
    findings: list[Finding] = []
    try:
        sheets = book.worksheets
        for sheet in sheets:
            rows = sheet.iter_rows(values_only=True)
            first = next(rows, None)
            if first is None:
                continue
            header = ["" if v is None else str(v) for v in first]
            prefix = f"sheet {sheet.title}, " if len(sheets) > 1 else ""
            findings += _scan_rows(rows, header, _columns(header, path.stem, None),
                                   first_line=2, file=name, where_prefix=prefix,
                                   identities=identities, region=region)
    finally:
        book.close()
    return findings
