"""``replicate batch``: many cohorts in one command (see :mod:`replicate.batch`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from replicate.cli._common import Handler

__all__ = ["add_parsers"]


def _cmd_batch(args: argparse.Namespace) -> int:
    from replicate.batch import run_batch

    outcomes = run_batch(args.paths, out_root=args.out, workers=args.workers,
                         scheduler=args.scheduler, force=args.force, progress=not args.quiet)
    for o in outcomes:
        where = f" (stage {o.stage})" if o.stage else ""
        detail = f": {o.message}" if o.message else ""
        skipped = f", {o.stages_skipped} unchanged" if o.stages_skipped else ""
        print(f"{o.status:8s} {o.config}{where}{detail} [{o.seconds:.1f} s{skipped}]")
    print(f"summary: {Path(args.out) / 'index.html'}")
    return 0 if all(o.status == "ok" for o in outcomes) else 1


def add_parsers(sub: Any) -> dict[str, Handler]:
    """Register ``replicate batch``; return its handler."""
    p = sub.add_parser("batch", help="run many cohorts (files, folders or globs)",
                       description="Run every cohort config found in PATHS; one failing "
                       "cohort never stops the others. Exit 1 when any failed.")
    p.add_argument("paths", nargs="+", help="cohort.yaml files, folders or globs")
    p.add_argument("--out", default="reports", help="reports folder (default: reports)")
    p.add_argument("--workers", type=int, default=1, help="local worker processes")
    p.add_argument("--scheduler", help="address of a Dask distributed scheduler")
    p.add_argument("--force", action="store_true", help="re-run unchanged stages too")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    return {"batch": _cmd_batch}
