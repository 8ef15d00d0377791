"""Command-line entry points for REFI-QDA import and export.

The ``replicate`` CLI calls :func:`add_parsers` to register three sub-commands; each sets
``func`` to its ``run_*`` function, which returns an exit code and lets
:class:`~replicate.errors.ReplicateError` propagate (the main CLI prints it as one line and
exits with code 2)::

    replicate import-qdpx PROJECT.qdpx|CODEBOOK.qdc --out DIR
                          [--levels theme,category,subcategory,code]
                          [--consensus-coder NAME] [--force]
    replicate export-qdc COHORT.yaml|COHORT_DIR|CODEBOOK --out FILE.qdc
    replicate export-qdpx --codebook F --units F [--codings F] [--participants F]
                          --transcripts DIR --out FILE.qdpx [--name NAME]

Tables are read as CSV or XLSX with every cell as text; a small reader lives here until the
cohort configuration loader can hand over validated tables.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from replicate.config import load_config
from replicate.errors import DataError
from replicate.qdpx._codebook import LEVELS
from replicate.qdpx._report import CoderInfo, ImportReport
from replicate.qdpx.exporter import export_qdc, export_qdpx
from replicate.qdpx.importer import REPORT_MD, import_qdpx
from replicate.qdpx.qdc import import_qdc

__all__ = ["add_parsers", "read_table", "run_export_qdc", "run_export_qdpx",
           "run_import_qdpx"]


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV or XLSX table with every cell as text (blank cells as ``""``).

    Raises
    ------
    DataError
        When the file is missing or not a CSV/XLSX table.
    """
    if not path.is_file():
        raise DataError("file not found; give a .csv or .xlsx table", file=str(path))
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if suffix in (".xlsx", ".xlsm"):
            return pd.read_excel(path, dtype=str).fillna("")
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataError(f"cannot be read as a table ({exc})", file=str(path)) from None
    raise DataError(f"unsupported table type '{suffix}'; use .csv or .xlsx", file=str(path))


def _levels(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def add_parsers(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``import-qdpx`` (projects and codebooks), ``export-qdc`` and ``export-qdpx``.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        What ``ArgumentParser.add_subparsers()`` returned.
    """
    p = subparsers.add_parser(
        "import-qdpx", help="import a REFI-QDA project (.qdpx) or codebook (.qdc) as a cohort",
        description="Write codebook, units, codings, participants and transcripts from a "
                    "REFI-QDA project, or the codebook alone from a .qdc codebook, with a "
                    "data-loss report and a cohort.yaml. Nothing is written if the file is "
                    "invalid.")
    p.add_argument("project", type=Path,
                   help=".qdpx file, unzipped project folder, or .qdc codebook")
    p.add_argument("--out", type=Path, required=True, help="new folder for the tables")
    p.add_argument("--levels", type=_levels, default=LEVELS,
                   help="levels of the code tree, top-down, comma-separated "
                        "(default: theme,category,subcategory,code)")
    p.add_argument("--consensus-coder", default="consensus",
                   help="user whose codings are the final codes (default: consensus)")
    p.add_argument("--unit-ids", choices=("auto", "names", "generate"), default="auto",
                   help="take unit ids from selection names or number them (default: auto)")
    p.add_argument("--force", action="store_true", help="replace a non-empty --out folder")
    p.set_defaults(func=run_import_qdpx)

    p = subparsers.add_parser(
        "export-qdc", help="write the codebook as a REFI-QDA codebook (.qdc)",
        description="Write the codebook with stable GUIDs (the same on every export).")
    p.add_argument("codebook", type=Path,
                   help="cohort.yaml (or its folder): the codebook it names in data.codebook; "
                        "else a folder holding codebook.csv/.xlsx, or the codebook file")
    p.add_argument("--out", type=Path, required=True, help=".qdc file to write")
    p.set_defaults(func=run_export_qdc)

    p = subparsers.add_parser(
        "export-qdpx", help="write the cohort as a REFI-QDA project (.qdpx)",
        description="Meaning units become coded selections, condensed text their "
                    "description, coders users and participants cases.")
    p.add_argument("--codebook", type=Path, required=True, help="codebook table")
    p.add_argument("--units", type=Path, required=True, help="units table")
    p.add_argument("--codings", type=Path, help="codings table (double-coded subset)")
    p.add_argument("--participants", type=Path, help="participants table")
    p.add_argument("--transcripts", type=Path, required=True, help="transcripts folder")
    p.add_argument("--out", type=Path, required=True, help=".qdpx file to write")
    p.add_argument("--name", default="replicate cohort", help="project name")
    p.set_defaults(func=run_export_qdpx)


def run_import_qdpx(args: argparse.Namespace) -> int:
    """Run ``replicate import-qdpx`` (a ``.qdc`` is imported as a codebook); return 0."""
    source = Path(args.project)
    report: ImportReport
    if source.suffix.casefold() == ".qdc":
        report = import_qdc(source, args.out, levels=args.levels, overwrite=args.force)
    else:
        report = import_qdpx(source, args.out, levels=args.levels,
                             consensus_coder=args.consensus_coder or None,
                             unit_ids_from=args.unit_ids, overwrite=args.force)
    counts = ", ".join(f"{v} {k}" for k, v in sorted(report.counts.items()))
    cfg = write_cohort_config(Path(args.out), name=source.stem, coders=report.coders)
    print(f"imported {report.source}: {counts}; {len(report.quirks)} quirks tolerated, "
          f"{len(report.losses)} kinds of data not carried over (see {args.out / REPORT_MD})")
    if report.counts.get("units"):
        off = report.offsets
        print(f"text positions: {off.unit}, {off.end} ends, confidence {off.confidence:.2f} "
              f"({off.evidence})")
    for c in report.coders:
        print(f"coder {c.initials}: {c.name or '(not in the project users)'}, "
              f"{c.codings} codings")
    for warning in report.warnings:
        print(f"check: {warning}")
    print(f"cohort config: {cfg} (check it with 'replicate validate {cfg}')")
    return 0


def _rows(path: Path) -> int:
    return len(pd.read_csv(path, dtype=str)) if path.is_file() else 0


def write_cohort_config(folder: Path, *, name: str, coders: Sequence[CoderInfo] = ()) -> Path:
    """Write a ``cohort.yaml`` naming the tables an import wrote.

    Only tables with rows are named (an empty ``units.csv`` fails ``replicate validate``),
    and the transcripts folder only when it holds a transcript. Coders who made codings are
    listed in ``writeup.researchers`` with their label (as in ``codings.coder``) and full
    name. Students and mentors are not in a QDA project: add them to run the sampling stage.
    """
    n = _rows(folder / "participants.csv")
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-.") or "imported"
    data = [f"  {key}: {key}.csv" for key in ("participants", "codebook", "units", "codings")
            if _rows(folder / f"{key}.csv")]
    empty = [f"{key}.csv" for key in ("participants", "units")
             if (folder / f"{key}.csv").is_file() and not _rows(folder / f"{key}.csv")]
    has_text = (folder / "transcripts").is_dir() and any((folder / "transcripts").glob("*.txt"))
    if has_text:
        data += ["  transcripts: transcripts", "  transcript_format: plain"]
    team = [c for c in coders if c.codings]
    lines = [
        "# Written by 'replicate import-qdpx'. Add students and mentors tables (data.students,",
        "# data.mentors) to run the sampling stage, a guide and pilots for stage 20.",
        *([f"# Not named below because they have no rows: {', '.join(empty)}."] if empty else []),
        "study:",
        f"  id: {slug[:64]}",
        f"  title: {json.dumps(f'{name} (imported from REFI-QDA)', ensure_ascii=False)}",
        '  school: "to complete"',
        "  language: en",
        "programme:",
        f"  students_offered: {max(n, 1)}",
        "data:",
        *data,
        "sampling:",
        f"  target_n: {max(n, 1)}",
    ]
    if team:
        lines += ["writeup:", "  researchers:  # codings.coder label = initials, QDA user = name"]
        for c in team:
            lines += [f"    - initials: {json.dumps(c.initials, ensure_ascii=False)}",
                      f"      name: {json.dumps(c.name or c.guid, ensure_ascii=False)}",
                      "      roles: [coder]"]
    path = folder / "cohort.yaml"
    path.write_text("\n".join([*lines, ""]), encoding="utf-8")
    return path


def _codebook_path(path: Path) -> Path:
    """The codebook to export: the one ``cohort.yaml`` names, else codebook.csv/.xlsx."""
    config = path if path.suffix.casefold() in (".yaml", ".yml") else path / "cohort.yaml"
    if config.is_file():
        cfg = load_config(config)
        found = cfg.data_path("codebook")
        if found is None:
            raise DataError("the config names no codebook; add data.codebook (the codebook "
                            "table, .csv or .xlsx) to export it", file=str(config),
                            location="data.codebook")
        if not found.is_file():
            raise DataError("file not found (named by data.codebook in the config)",
                            file=str(found), location="data.codebook")
        return found
    if path.is_dir():
        for name in ("codebook.csv", "codebook.xlsx"):
            if (path / name).is_file():
                return path / name
        raise DataError("no cohort.yaml, codebook.csv or codebook.xlsx in this folder",
                        file=str(path))
    return path


def run_export_qdc(args: argparse.Namespace) -> int:
    """Run ``replicate export-qdc``; return the exit code (0)."""
    source = _codebook_path(args.codebook)
    out = export_qdc(read_table(source), args.out)
    print(f"wrote {out} from {source}")
    return 0


def run_export_qdpx(args: argparse.Namespace) -> int:
    """Run ``replicate export-qdpx``; return the exit code (0)."""
    summary = export_qdpx(
        read_table(args.codebook), read_table(args.units), args.transcripts, args.out,
        codings=read_table(args.codings) if args.codings else None,
        participants=read_table(args.participants) if args.participants else None,
        project_name=args.name)
    print(f"wrote {summary.path}: {summary.codes} codes, {summary.sources} sources, "
          f"{summary.units} units, {summary.users} users, {summary.cases} cases")
    for warning in summary.warnings:
        print(f"warning: {warning}")
    return 0
