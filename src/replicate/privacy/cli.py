"""``replicate scan PATH``: the input PII scan on its own.

::

    replicate scan cohort/                      # every .txt .csv .xlsx .md .yaml .yml below
    replicate scan cohort/transcripts/A.txt --students cohort/data/students.csv
    replicate scan cohort/cohort.yaml           # the files the config names

Given a cohort config, the cohort is loaded (:func:`replicate.cohort.load_cohort`) and
scanned as ``replicate validate`` does (:func:`~replicate.privacy.scan_cohort`). Otherwise
rosters (``students``, ``mentors``, ``participants`` as ``.csv`` or ``.xlsx``) are found by
name below PATH (or beside it, for a file) unless given with ``--students``, ``--mentors``,
``--participants``; their names, ids and e-mail addresses are then searched for too.

Output: one line per finding on stdout, ``file:line: kind: masked`` (the value is masked,
e.g. ``19**********``), then a summary on stderr. Exit codes, as for linters:

* ``0`` nothing found;
* ``1`` findings were listed (warnings: de-identify, then scan again);
* ``2`` bad input (missing path, unreadable file): :func:`run` raises
  :class:`~replicate.errors.ReplicateError`, which ``replicate``'s main turns into one line on
  stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import yaml

from replicate.errors import DataError
from replicate.privacy.cohort_scan import cohort_identities, scan_cohort
from replicate.privacy.findings import Finding, format_findings
from replicate.privacy.identities import IdentitySet, identifying_values
from replicate.privacy.scan_inputs import INPUT_SUFFIXES, scan_inputs
from replicate.transcripts import read_text

__all__ = ["add_parser", "find_roster", "load_roster", "run"]

_ROSTERS = ("students", "mentors", "participants")


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Register ``scan PATH`` on the ``replicate`` command line.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        From ``parser.add_subparsers()``.

    Returns
    -------
    dict of str to callable
        ``{"scan": run}``, the handler of each registered subcommand (the parser's ``func``
        default is :func:`run` too).
    """
    parser = subparsers.add_parser(
        "scan",
        help="list possible identifying values in transcripts and free-text columns",
        description=(
            "Scan transcripts and free-text columns for names, ids and e-mail addresses from "
            "the rosters, e-mail addresses, phone numbers and Swedish personal identity "
            "numbers. Exit 0: nothing found; 1: findings listed; 2: bad input."
        ),
    )
    parser.add_argument("path", type=Path, metavar="PATH",
                        help="a file or folder (" + ", ".join(INPUT_SUFFIXES) + ")")
    for name in _ROSTERS:
        parser.add_argument(f"--{name}", type=Path, metavar="FILE", default=None,
                            help=f"the {name} table (default: {name}.csv/.xlsx below PATH)")
    parser.add_argument("--region", default="SE", metavar="CC",
                        help="country for phone numbers without a country code (default SE)")
    parser.set_defaults(func=run)
    return {"scan": run}


def run(args: argparse.Namespace) -> int:
    """Run the scan for parsed ``args``; print findings; return the exit code.

    Parameters
    ----------
    args : argparse.Namespace
        With ``path``, ``students``, ``mentors``, ``participants`` and ``region``.

    Returns
    -------
    int
        0 when nothing was found, 1 when findings were printed.

    Raises
    ------
    DataError
        When PATH or a roster does not exist or cannot be read (exit code 2).
    """
    path: Path = args.path
    if not path.exists():
        raise DataError("no such file or folder; give a transcript, table or cohort folder",
                        file=str(path))
    region: str = getattr(args, "region", "SE")
    findings: list[Finding]
    if _is_cohort_config(path):
        from replicate.cohort import load_cohort  # the loader, only for a cohort.yaml

        cohort = load_cohort(path)
        identities = cohort_identities(cohort)
        findings = scan_cohort(cohort, region=region)
    else:
        base = path if path.is_dir() else path.parent
        rosters: dict[str, pd.DataFrame | None] = {}
        for name in _ROSTERS:
            given: Path | None = getattr(args, name, None)
            file = given if given is not None else find_roster(base, name)
            rosters[name] = load_roster(file) if file is not None else None
        identities = identifying_values(rosters["students"], rosters["mentors"],
                                        rosters["participants"])
        findings = scan_inputs([path], identities=identities, region=region)
    for line in format_findings(findings):
        print(line)
    _summary(findings_count=len(findings), files=len({f.file for f in findings}),
             identities=identities)
    return 1 if findings else 0


def _is_cohort_config(path: Path) -> bool:
    # A cohort.yaml (top-level "study" and "data") is scanned through the cohort loader, so
    # the tables it names are used; any other YAML file is scanned as text.
    if not path.is_file() or path.suffix.lower() not in (".yaml", ".yml"):
        return False
    try:
        data = yaml.safe_load(read_text(path))
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and "study" in data and "data" in data


def find_roster(folder: Path, name: str) -> Path | None:
    """The shallowest ``<name>.csv`` or ``<name>.xlsx`` below ``folder`` (hidden ones skipped).

    Parameters
    ----------
    folder : pathlib.Path
        Where to look.
    name : str
        Table name (``students``, ``mentors``, ``participants``).

    Returns
    -------
    pathlib.Path or None
        The file, or None when there is none.
    """
    found = [
        p for suffix in (".csv", ".xlsx") for p in folder.rglob(f"{name}{suffix}")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    return min(found, key=lambda p: (len(p.parts), str(p))) if found else None


def load_roster(path: Path) -> pd.DataFrame:
    """Read a roster as text cells (no type checks: only identifying values are needed).

    Parameters
    ----------
    path : pathlib.Path
        A ``.csv`` (UTF-8) or ``.xlsx`` file.

    Returns
    -------
    pandas.DataFrame
        All cells as strings; empty cells as empty strings.

    Raises
    ------
    DataError
        When the file is missing, not UTF-8, not a readable table, or of another type.
    """
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return pd.read_csv(io.StringIO(read_text(path)), dtype=str, keep_default_na=False)
        if suffix == ".xlsx":
            if not path.is_file():
                raise DataError("file not found", file=str(path))
            return pd.read_excel(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, zipfile.BadZipFile,
            ValueError, KeyError, OSError) as exc:
        raise DataError(f"not a readable table ({type(exc).__name__}); save it as CSV or XLSX",
                        file=str(path)) from None
    raise DataError(f"roster must be .csv or .xlsx, got {suffix or 'no suffix'}", file=str(path))


def _summary(*, findings_count: int, files: int, identities: IdentitySet) -> None:
    for note in identities.notes:
        print(f"note: {note}", file=sys.stderr)
    if not identities:
        print("note: no roster found (students, mentors, participants); names and ids from the "
              "rosters were not searched for", file=sys.stderr)
    if findings_count:
        print(f"replicate scan: {findings_count} possible identifying value(s) in {files} "
              "file(s); de-identify them before analysis", file=sys.stderr)
    else:
        print("replicate scan: nothing found", file=sys.stderr)
