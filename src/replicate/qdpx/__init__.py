"""REFI-QDA interoperability: import ``.qdpx`` projects, export ``.qdc`` codebooks and projects.

Most schools code their interviews in a QDA tool (NVivo, ATLAS.ti, MAXQDA, QualCoder). The
REFI-QDA standard is how those tools exchange projects. This package maps a project onto the
cohort's tables and back; ``docs/interop.md`` describes the mapping and the vendor quirks.

Public API
----------
read_qdpx
    Read a project into tables in memory.
import_qdpx
    Read a project and write its tables, transcripts and data-loss report atomically.
write_tables
    Write what ``read_qdpx`` returned (the second half of ``import_qdpx``).
export_qdc
    Write the codebook as a REFI-QDA codebook with stable GUIDs.
export_qdpx
    Write the cohort as a REFI-QDA project.
read_qdc
    Read a REFI-QDA codebook (``.qdc``) into the codebook table in memory.
import_qdc
    Read a codebook and write ``codebook.csv`` and the import report atomically.

References
----------
REFI-QDA Standard 1.5 (Rotterdam Exchange Format Initiative, 2019),
https://www.qdasoftware.org/; schemas QDA-XML v1.0 (18 March 2019), shipped in ``schemas/``.
"""

from __future__ import annotations

from replicate.qdpx._report import (
    CodeMapping,
    CoderInfo,
    ImportReport,
    Loss,
    OffsetConvention,
    Quirk,
)
from replicate.qdpx._xml import GUID_NAMESPACE, stable_guid
from replicate.qdpx.exporter import ExportSummary, export_qdc, export_qdpx
from replicate.qdpx.importer import QdpxTables, import_qdpx, read_qdpx, write_tables
from replicate.qdpx.qdc import import_qdc, read_qdc

__all__ = [
    "GUID_NAMESPACE",
    "CodeMapping",
    "CoderInfo",
    "ExportSummary",
    "ImportReport",
    "Loss",
    "OffsetConvention",
    "QdpxTables",
    "Quirk",
    "export_qdc",
    "export_qdpx",
    "import_qdc",
    "import_qdpx",
    "read_qdc",
    "read_qdpx",
    "stable_guid",
    "write_tables",
]
