"""Importing a REFI-QDA project (``.qdpx``) as a cohort's tables and transcripts.

:func:`read_qdpx` reads a project into the table formats of :mod:`replicate.schema`;
:func:`import_qdpx` also writes them, atomically. The mapping (documented in
``docs/interop.md``):

=============================  ==========================================================
REFI-QDA                       replicate
=============================  ==========================================================
nested ``Code``                ``codebook.csv``: theme / category / subcategory / code
``TextSource`` plain text      ``transcripts/<source name>.txt`` (LF line ends)
coded ``PlainTextSelection``   ``units.csv``: one meaning unit per selection and code
selection ``Description``      ``units.condensed``
``Coding@creatingUser``        ``codings.csv`` (one row per unit and coder), ≥ 2 coders
``Case`` + ``VariableValue``   ``participants.csv``: pseudonym = case name, variables
everything else                the data-loss report (``qdpx-import-report.json``/``.md``)
=============================  ==========================================================

Nothing is written unless the whole project reads cleanly: the tables are built in memory,
written to a temporary folder beside the target and renamed into place.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from replicate.errors import ConfigError, DataError
from replicate.qdpx._codebook import LEVELS, check_levels, codebook_table
from replicate.qdpx._offsets import resolve_offsets
from replicate.qdpx._people import label_coders, participants_table
from replicate.qdpx._report import ImportReport, Log
from replicate.qdpx._units import build_units, unit_ids
from replicate.qdpx.reader import TextSource, read_project
from replicate.schema import CODINGS, UNITS
from replicate.transcripts import parse_transcript

__all__ = ["REPORT_JSON", "REPORT_MD", "QdpxTables", "import_qdpx", "read_qdpx", "write_tables"]

REPORT_JSON = "qdpx-import-report.json"
REPORT_MD = "qdpx-import-report.md"
_DOC_SUFFIXES = {".txt", ".text", ".md", ".docx", ".doc", ".rtf", ".odt", ".pdf", ".htm", ".html"}


@dataclass(frozen=True)
class QdpxTables:
    """A project read into the cohort's tables.

    Attributes
    ----------
    codebook, units, participants : pandas.DataFrame
        Tables with the columns of :data:`replicate.schema.TABLES` (participants also has
        one column per case variable).
    codings : pandas.DataFrame or None
        One row per unit and coder; None when fewer than two users coded.
    transcripts : mapping of str to str
        Transcript file name → text (LF line ends).
    report : ImportReport
        Quirks, losses and decisions.
    """

    codebook: pd.DataFrame
    units: pd.DataFrame
    codings: pd.DataFrame | None
    participants: pd.DataFrame
    transcripts: Mapping[str, str]
    report: ImportReport


def _transcript_names(sources: Sequence[TextSource]) -> dict[str, str]:
    used: set[str] = set()
    out: dict[str, str] = {}
    for src in sources:
        base = src.name.strip()
        suffix = Path(base).suffix
        stem = base[: -len(suffix)] if suffix.lower() in _DOC_SUFFIXES else base
        stem = re.sub(r"[^\w .-]+", "_", stem).strip(" ._") or src.guid
        name, n = f"{stem}.txt", 2
        while name.casefold() in used:
            name, n = f"{stem}-{n}.txt", n + 1
        used.add(name.casefold())
        out[src.guid] = name
    return out


def read_qdpx(
    path: str | os.PathLike[str],
    *,
    levels: Sequence[str] = LEVELS,
    consensus_coder: str | None = "consensus",
    unit_ids_from: str = "auto",
) -> QdpxTables:
    """Read a REFI-QDA project into the cohort's tables, in memory.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.qdpx`` file, or a folder holding ``project.qde`` and ``sources/``.
    levels : sequence of str, default=("theme", "category", "subcategory", "code")
        What the levels of the code tree are, top-down; a subset of these four ending with
        ``"code"``. Deeper codes keep their path in the code label.
    consensus_coder : str or None, default="consensus"
        Id or name of a user whose codings are the final (consensus) codes; that user is not
        a coder. Ignored when no such user exists.
    unit_ids_from : {"auto", "names", "generate"}, default="auto"
        Where unit ids come from: selection names (``replicate``'s own exports, or forced
        with ``"names"``) or numbering ``U0001`` … in transcript order.

    Returns
    -------
    QdpxTables

    Raises
    ------
    DataError
        Not a ZIP, no ``project.qde``, malformed XML, a schema violation, a coding of a
        missing code, a selection outside its source text.
    ConfigError
        ``levels`` is not a top-down subset ending with ``code``, or ``unit_ids_from`` is
        not one of the three choices.
    """
    check_levels(levels)
    if unit_ids_from not in ("auto", "names", "generate"):
        raise ConfigError(f"unit_ids_from={unit_ids_from!r} is not allowed; use 'auto', "
                          "'names' or 'generate'", location="unit_ids_from")
    log = Log()
    project = read_project(Path(path), log)
    convention, spans = resolve_offsets(project.sources, log)
    coded = {c.code for s in project.sources for sel in s.selections for c in sel.codings}
    codebook, labels, mapping = codebook_table(project.codes, coded, levels, log)
    names = _transcript_names(project.sources)
    texts = {names[s.guid]: s.text.replace("\r\n", "\n").replace("\r", "\n")
             for s in project.sources}
    for name, text in texts.items():
        try:
            parse_transcript(text, name=name)
        except DataError as exc:
            log.warn(f"transcript {name} is not in the speaker-tagged format ({exc.message}); "
                     "written as raw text, so turn-based checks will not work on it")

    team = label_coders(project, consensus_coder, log)
    consensus, coder_order = team.consensus, team.order
    rows = build_units(project.sources, spans, consensus=consensus, coder_of=team.label,
                       coder_order=coder_order, log=log)
    participants, source_owner, sel_owner = participants_table(project, names, rows, log)
    keys = [(names[r.source], r.start, r.end, labels[r.code]) for r in rows]
    ids = unit_ids(rows, keys, mode=unit_ids_from, origin=project.origin)
    unit_records = []
    coding_records = []
    for uid, r in zip(ids, rows, strict=True):
        text = texts[names[r.source]][r.start:r.end]
        owner = next((sel_owner[s] for s in r.selections if s in sel_owner),
                     source_owner.get(r.source, ""))
        unit_records.append({"unit_id": uid, "participant": owner,
                             "transcript": names[r.source], "start": r.start, "end": r.end,
                             "text": text, "condensed": r.description, "code": labels[r.code]})
        for coder, code in r.by_coder.items():
            if coder is not None:
                coding_records.append({"unit_id": uid, "coder": coder, "code": labels[code]})
    units = pd.DataFrame.from_records(unit_records, columns=list(UNITS.column_names))
    units = units.sort_values("unit_id", kind="stable").reset_index(drop=True)

    coders = {c["coder"] for c in coding_records}
    codings = None
    if len(coders) >= 2 or (consensus and coders):
        codings = pd.DataFrame.from_records(coding_records, columns=list(CODINGS.column_names))
        codings = codings.sort_values(["unit_id", "coder"], kind="stable").reset_index(drop=True)
        one = sum(1 for r in rows if len([k for k in r.by_coder if k is not None]) == 1)
        if one:
            log.warn(f"{one} units were coded by one coder only (double coding covers a subset, "
                     "or the coders' selections differ in span); agreement statistics use the "
                     "units coded by two or more coders")
    ruled = sum(r.decided_by_rule for r in rows)
    if ruled:
        first = coder_order[0] if coder_order else "?"
        log.warn(f"{ruled} units were coded differently by the coders and have no consensus "
                 f"coding; units.code holds the most frequent code, ties going to '{first}' "
                 "(listed first in the project); settle them in the consensus meeting")
    if any(None in r.by_coder for r in rows) and codings is not None:
        log.warn("some codings have no creatingUser; they count for units.code but not in "
                 "codings.csv")
    split = sum(1 for r in rows if r.split)
    if split:
        log.warn(f"{split} units come from selections that carry several codes; each code "
                 "became its own unit with the same text")

    report = ImportReport(
        source=Path(path).name, project_name=project.name, origin=project.origin,
        offsets=convention,
        counts={"codebook": len(codebook), "units": len(units),
                "codings": 0 if codings is None else len(codings),
                "participants": len(participants), "transcripts": len(texts)},
        quirks=tuple(log.quirks), losses=tuple(log.losses), warnings=tuple(log.warnings),
        codes=mapping, coders=team.info,
        unit_selections={uid: r.selections for uid, r in zip(ids, rows, strict=True)},
    )
    return QdpxTables(codebook, units, codings, participants, dict(sorted(texts.items())),
                      report)


def _check_target(out: Path, overwrite: bool) -> None:
    if out.exists() and not out.is_dir():
        raise DataError("exists and is a file; give a folder for the imported tables",
                        file=str(out))
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        raise DataError("output folder exists and is not empty; choose a new folder or "
                        "allow overwriting (--force)", file=str(out))


def write_tables(tables: QdpxTables, out_dir: str | os.PathLike[str], *,
                 overwrite: bool = False) -> None:
    """Write imported tables, transcripts and reports to ``out_dir`` atomically.

    Parameters
    ----------
    tables : QdpxTables
        What :func:`read_qdpx` returned.
    out_dir : str or os.PathLike
        Target folder; must be new or empty unless ``overwrite``.
    overwrite : bool, default=False
        Replace an existing non-empty folder.

    Raises
    ------
    DataError
        When ``out_dir`` is a file, or a non-empty folder and ``overwrite`` is False.
    """
    out = Path(out_dir)
    _check_target(out, overwrite)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        os.chmod(tmp, 0o755)
        # A codebook alone (a .qdc) writes no empty units, participants or transcripts.
        alone = not tables.transcripts and tables.units.empty and tables.participants.empty
        frames = {"codebook": tables.codebook}
        if not alone:
            frames.update(units=tables.units, participants=tables.participants)
        if tables.codings is not None:
            frames["codings"] = tables.codings
        for name, frame in frames.items():
            frame.to_csv(tmp / f"{name}.csv", index=False, lineterminator="\n",
                         encoding="utf-8")
        if not alone:
            (tmp / "transcripts").mkdir()
        for name, text in tables.transcripts.items():
            (tmp / "transcripts" / name).write_text(text, encoding="utf-8", newline="\n")
        (tmp / REPORT_JSON).write_text(tables.report.to_json(), encoding="utf-8", newline="\n")
        (tmp / REPORT_MD).write_text(tables.report.to_markdown(), encoding="utf-8",
                                     newline="\n")
        _check_target(out, overwrite)
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old-{tmp.name}")
            out.rename(old)
        tmp.rename(out)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def import_qdpx(
    path: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    levels: Sequence[str] = LEVELS,
    consensus_coder: str | None = "consensus",
    unit_ids_from: str = "auto",
    overwrite: bool = False,
) -> ImportReport:
    """Import a REFI-QDA project as a cohort's tables, transcripts and a data-loss report.

    Writes ``codebook.csv``, ``units.csv``, ``participants.csv``, ``codings.csv`` (when
    several users coded), ``transcripts/*.txt``, ``qdpx-import-report.json`` and
    ``qdpx-import-report.md`` into ``out_dir``. Nothing is written when the project is bad.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.qdpx`` file, or a folder holding ``project.qde`` and ``sources/``.
    out_dir : str or os.PathLike
        New (or empty) folder for the tables.
    levels, consensus_coder, unit_ids_from
        See :func:`read_qdpx`.
    overwrite : bool, default=False
        Replace a non-empty ``out_dir``.

    Returns
    -------
    ImportReport
        What was written, tolerated and left out (also written as JSON and Markdown).

    Raises
    ------
    DataError
        Bad project (see :func:`read_qdpx`), or ``out_dir`` is not new or empty.
    ConfigError
        Bad ``levels``.

    See Also
    --------
    read_qdpx : the same without writing.
    export_qdpx : the way back.

    References
    ----------
    REFI-QDA Standard 1.5 (2019), https://www.qdasoftware.org/.
    """
    _check_target(Path(out_dir), overwrite)
    tables = read_qdpx(path, levels=levels, consensus_coder=consensus_coder,
                       unit_ids_from=unit_ids_from)
    write_tables(tables, out_dir, overwrite=overwrite)
    return tables.report
