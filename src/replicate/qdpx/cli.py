"""Command-line entry points for REFI-QDA import and export.

The ``replicate`` CLI calls :func:`add_parsers` to register three sub-commands; each sets
``func`` to its ``run_*`` function, which returns an exit code and lets
:class:`~replicate.errors.ReplicateError` propagate (the main CLI prints it as one line and
exits with code 2)::

    replicate import-qdpx PROJECT.qdpx --out DIR [--levels theme,category,subcategory,code]
                          [--consensus-coder NAME] [--force]
    replicate export-qdc COHORT_DIR_OR_CODEBOOK --out FILE.qdc
    replicate export-qdpx --codebook F --units F [--codings F] [--participants F]
                          --transcripts DIR --out FILE.qdpx [--name NAME]

Tables are read as CSV or XLSX with every cell as text; a small reader lives here until the
cohort configuration loader can hand over validated tables.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pandas as pd

from replicate.errors import DataError
from replicate.qdpx._codebook import LEVELS
from replicate.qdpx.exporter import export_qdc, export_qdpx
from replicate.qdpx.importer import REPORT_MD, import_qdpx

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
    """Register ``import-qdpx``, ``export-qdc`` and ``export-qdpx``.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        What ``ArgumentParser.add_subparsers()`` returned.
    """
    p = subparsers.add_parser(
        "import-qdpx", help="import a REFI-QDA project (.qdpx) as the cohort's tables",
        description="Write codebook, units, codings, participants and transcripts from a "
                    "REFI-QDA project, with a data-loss report. Nothing is written if the "
                    "project is invalid.")
    p.add_argument("project", type=Path, help=".qdpx file or unzipped project folder")
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
                   help="cohort folder holding codebook.csv/.xlsx, or the codebook file")
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
    """Run ``replicate import-qdpx``; return the exit code (0)."""
    report = import_qdpx(args.project, args.out, levels=args.levels,
                         consensus_coder=args.consensus_coder or None,
                         unit_ids_from=args.unit_ids, overwrite=args.force)
    counts = ", ".join(f"{v} {k}" for k, v in sorted(report.counts.items()))
    cfg = write_cohort_config(Path(args.out), name=Path(args.project).stem)
    print(f"imported {report.source}: {counts}; {len(report.quirks)} quirks tolerated, "
          f"{len(report.losses)} kinds of data not carried over (see {args.out / REPORT_MD})")
    print(f"cohort config: {cfg} (check it with 'replicate validate {cfg}')")
    return 0


def write_cohort_config(folder: Path, *, name: str) -> Path:
    """Write a ``cohort.yaml`` naming the tables an import wrote (students and mentors are not
    in a QDA project: add them to run the sampling stage)."""
    n = len(pd.read_csv(folder / "participants.csv")) if (folder / "participants.csv").exists() \
        else 1
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-.") or "imported"
    data = [f"  {key}: {key}.csv" for key in ("participants", "codebook", "units", "codings")
            if (folder / f"{key}.csv").exists()]
    text = "\n".join([
        "# Written by 'replicate import-qdpx'. Add students and mentors tables (data.students,",
        "# data.mentors) to run the sampling stage, a guide and pilots for stage 20.",
        "study:",
        f"  id: {slug[:64]}",
        f'  title: "{name} (imported from REFI-QDA)"',
        '  school: "to complete"',
        "  language: en",
        "programme:",
        f"  students_offered: {max(n, 1)}",
        "data:",
        *data,
        "  transcripts: transcripts",
        "  transcript_format: plain",
        "sampling:",
        f"  target_n: {max(n, 1)}",
        "",
    ])
    path = folder / "cohort.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _codebook_path(path: Path) -> Path:
    if path.is_dir():
        for name in ("codebook.csv", "codebook.xlsx"):
            if (path / name).is_file():
                return path / name
        raise DataError("no codebook.csv or codebook.xlsx in this folder", file=str(path))
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
