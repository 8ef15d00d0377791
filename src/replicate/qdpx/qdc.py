"""Importing a REFI-QDA codebook (``.qdc``) as a cohort's codebook table.

A ``.qdc`` is a stand-alone XML document ``<CodeBook xmlns="urn:QDA-XML:codebook:1.0">``
holding ``<Codes>`` (nested ``Code`` elements) and optionally ``<Sets>`` (REFI-QDA 1.5 §5).
The code tree becomes ``codebook.csv`` exactly as a project's does
(:func:`replicate.qdpx._codebook.codebook_table`: levels, duplicate names kept apart).

Real codebooks are not always valid against ``Codebook.xsd``. These known forms are repaired
before validation, and each repair is listed in the report:

===========================  ==============================================  ===============
form                         seen in                                         report ``kind``
===========================  ==============================================  ===============
empty ``<Sets/>``            Taguette 1.5 (the schema needs one ``Set``)     ``empty-sets``
GUIDs like ``c001``          openqda/refi-tools' example codebook            ``nonstandard-guid``
``isCodable="True"``         hand-edited files (xsd:boolean is lower case)   ``boolean-case``
no or another namespace      several tools                                   ``namespace-*``
===========================  ==============================================  ===============

Anything else that breaks the schema stops the import with one line naming the file, the line
and what the schema expected.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from lxml import etree

from replicate.errors import DataError
from replicate.qdpx._codebook import LEVELS, check_levels, codebook_table
from replicate.qdpx._report import ImportReport, Log, OffsetConvention
from replicate.qdpx._xml import (
    CODEBOOK_NS,
    local_name,
    normalise_namespace,
    note_namespace_fix,
    parse_xml,
    stable_guid,
    validate,
)
from replicate.qdpx.importer import QdpxTables, write_tables
from replicate.qdpx.reader import read_codes
from replicate.schema import PARTICIPANTS, UNITS

__all__ = ["import_qdc", "read_qdc"]

_GUID = re.compile(r"^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                   r"[0-9a-fA-F]{12}\}?$")


def _q(tag: str) -> str:
    return f"{{{CODEBOOK_NS}}}{tag}"


def _tolerate(root: etree._Element, log: Log) -> None:
    """Repair the known invalid forms in place and report each."""
    for sets in list(root.iter(_q("Sets"))):
        if sets.find(_q("Set")) is None and sets.getparent() is not None:
            sets.getparent().remove(sets)  # type: ignore[union-attr]
            log.quirk("empty-sets", "an empty <Sets/> (Taguette writes one) is invalid against "
                      "Codebook.xsd, which needs at least one Set; removed")
    fixed = 0
    for el in root.iter(_q("Code"), _q("Set"), _q("MemberCode")):
        guid = el.get("guid")
        if guid is not None and not _GUID.match(guid.strip()):
            el.set("guid", stable_guid("qdc-guid", guid.strip()))
            fixed += 1
    if fixed:
        log.quirk("nonstandard-guid", f"{fixed} GUIDs do not follow the 8-4-4-4-12 hexadecimal "
                  "pattern (e.g. 'c001'); each was replaced by a UUIDv5 of its text, so the "
                  "same codebook gives the same GUIDs")
    cased = 0
    for el in root.iter(_q("Code")):
        value = el.get("isCodable")
        if value is not None and value != value.strip().lower() \
                and value.strip().lower() in ("true", "false"):
            el.set("isCodable", value.strip().lower())
            cased += 1
    if cased:
        log.quirk("boolean-case", f"{cased} isCodable values are not lower case ('True'); "
                  "read as true/false")


def read_qdc(path: str | os.PathLike[str], *, levels: Sequence[str] = LEVELS) -> QdpxTables:
    """Read a REFI-QDA codebook (``.qdc``) into the codebook table, in memory.

    Parameters
    ----------
    path : str or os.PathLike
        The ``.qdc`` file.
    levels : sequence of str, default=("theme", "category", "subcategory", "code")
        What the levels of the code tree are, top-down (see :func:`read_qdpx`).

    Returns
    -------
    QdpxTables
        ``codebook`` filled; ``units`` and ``participants`` empty, ``codings`` None, no
        transcripts. The report lists the repairs made and what was not carried over.

    Raises
    ------
    DataError
        Missing file, not well-formed XML, a root other than ``CodeBook``, no codes, or a
        schema violation other than the tolerated forms.
    ConfigError
        Bad ``levels``.

    See Also
    --------
    import_qdc : the same, written to a cohort folder.
    export_qdc : the way back.
    """
    check_levels(levels)
    file = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError("file not found; give a REFI-QDA codebook (.qdc)", file=file) from None
    except IsADirectoryError:
        raise DataError("is a folder; give a REFI-QDA codebook file (.qdc)", file=file) from None
    tree = parse_xml(data, file=file)
    root = tree.getroot()
    if local_name(root) != "CodeBook":
        hint = (" (a project's XML: give the .qdpx to import-qdpx)"
                if local_name(root) == "Project" else "")
        raise DataError(f"not a REFI-QDA codebook: the root element is <{local_name(root)}>, a "
                        f".qdc holds <CodeBook>{hint}", file=file, location="line 1")
    log = Log()
    note_namespace_fix(normalise_namespace(root, CODEBOOK_NS), CODEBOOK_NS, log)
    codes_el = root.find(_q("Codes"))
    if codes_el is None or codes_el.find(_q("Code")) is None:
        raise DataError("the codebook holds no codes; a .qdc needs <Codes> with at least one "
                        "<Code guid name isCodable>", file=file)
    _tolerate(root, log)
    validate(tree, CODEBOOK_NS, file=file)
    codes = read_codes(root, file, CODEBOOK_NS)
    codebook, _, mapping = codebook_table(codes, set(), levels, log)
    log.loss("Sets", len(list(root.iter(_q("Set")))), "sets (code groups) are not modelled; "
             "themes and categories come from the code tree")
    log.loss("Code colours", sum(1 for c in root.iter(_q("Code")) if c.get("color")),
             "the codebook table has no colour column")
    report = ImportReport(
        source=Path(path).name, project_name="", origin=root.get("origin", ""),
        offsets=OffsetConvention(evidence="a codebook has no selections"),
        counts={"codebook": len(codebook)}, quirks=tuple(log.quirks),
        losses=tuple(log.losses), warnings=tuple(log.warnings), codes=mapping,
        schema="Codebook.xsd v1.0")
    empty_units = pd.DataFrame(columns=list(UNITS.column_names))
    empty_parts = pd.DataFrame(columns=list(PARTICIPANTS.column_names))
    return QdpxTables(codebook, empty_units, None, empty_parts, {}, report)


def import_qdc(path: str | os.PathLike[str], out_dir: str | os.PathLike[str], *,
               levels: Sequence[str] = LEVELS, overwrite: bool = False) -> ImportReport:
    """Import a REFI-QDA codebook as a cohort's ``codebook.csv``, with the import report.

    Parameters
    ----------
    path : str or os.PathLike
        The ``.qdc`` file.
    out_dir : str or os.PathLike
        New (or empty) folder; receives ``codebook.csv`` and ``qdpx-import-report.json``/``.md``.
    levels : sequence of str, default=("theme", "category", "subcategory", "code")
        Levels of the code tree, top-down.
    overwrite : bool, default=False
        Replace a non-empty ``out_dir``.

    Returns
    -------
    ImportReport

    Raises
    ------
    DataError
        A bad codebook (see :func:`read_qdc`), or ``out_dir`` is not new or empty.
    """
    tables = read_qdc(path, levels=levels)
    write_tables(tables, out_dir, overwrite=overwrite)
    return tables.report
