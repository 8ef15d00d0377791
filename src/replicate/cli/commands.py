"""The core subcommands: ``validate``, ``run``, ``verify``, ``demo``, ``init``, ``templates``,
``notebooks``.

Handlers import their heavy modules when called, so ``replicate --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from replicate.cli._common import Handler, err

__all__ = ["add_parsers"]


def _cmd_validate(args: argparse.Namespace) -> int:
    from replicate.cohort import check_cohort
    from replicate.pipeline import missing_inputs, stage_problems
    from replicate.stages import STAGES

    cohort, problems = check_cohort(args.config)  # one read of every file
    warnings: list[str] = list(cohort.notes) if cohort is not None else []
    if cohort is not None and not problems:
        problems = list(stage_problems(cohort, STAGES))
        warnings += [p.one_line().replace(
            "; add it to the config or leave the stage out (--stages)", "; that stage cannot run")
            for p in missing_inputs(cohort, STAGES)]
    if cohort is not None and not problems:
        from replicate.privacy import scan_cohort

        warnings += [str(x) for x in scan_cohort(cohort)]
    for p in problems:
        err(p.one_line())
    for w in warnings:
        err(f"warning: {w}")
    if problems:
        err(f"{len(problems)} problem(s) found in {args.config}")
        return 2
    print(f"{args.config}: valid" + (f" ({len(warnings)} warning(s))" if warnings else ""))
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from replicate.pipeline import run_cohort

    params = dict(args.param or [])
    result = run_cohort(args.config, out_root=args.out, stages=args.stages, params=params,
                        progress=None if args.quiet else err, force=args.force)
    print(f"report: {result.report_dir / 'index.html'}")
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    from replicate.verify import verify_report

    res = verify_report(Path(args.report), config=Path(args.config) if args.config else None,
                        rerun=not args.no_rerun)
    for label, items in (("changed input", res.changed_inputs), ("new input", res.added_inputs),
                         ("missing input", res.removed_inputs),
                         ("output differs", res.differing_outputs)):
        for item in items:
            print(f"{label}: {item}")
    if res.ok:
        print(f"{args.report}: inputs unchanged" + (
            "; re-run reproduced every output byte for byte" if res.rerun else ""))
        return 0
    return 1


def _cmd_demo(args: argparse.Namespace) -> int:
    from replicate.demo import generate_demo

    cfg = generate_demo(Path(args.cohort_dir), seed=args.seed)
    print(f"synthetic demo cohort written to {Path(args.cohort_dir)}")
    if args.no_run:
        return 0
    return _cmd_run(argparse.Namespace(config=str(cfg), out=args.out, stages=None, param=None,
                                       quiet=args.quiet, force=False))


def _cmd_init(args: argparse.Namespace) -> int:
    from replicate.scaffold import init_cohort

    cfg = init_cohort(Path(args.dir))
    print(f"new cohort folder: {cfg.parent} (edit {cfg.name}, then run "
          f"'replicate validate {cfg}')")
    return 0


def _cmd_templates(args: argparse.Namespace) -> int:
    from replicate.scaffold import write_templates

    write_templates(Path(args.out))
    print(f"templates written to {args.out}")
    return 0


def _cmd_notebooks(args: argparse.Namespace) -> int:
    from replicate.scaffold import copy_notebooks

    written = copy_notebooks(Path(args.dir), force=args.force)
    for path in written:
        print(path)
    print(f"{len(written)} stage notebooks copied to {args.dir}; open them in JupyterLab and "
          "set config_path in each parameters cell", file=sys.stderr)
    return 0


def _param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, value


def add_parsers(sub: Any) -> dict[str, Handler]:
    """Register the core subcommands on ``sub``; return their handlers."""
    handlers: dict[str, Handler] = {}
    p = sub.add_parser("validate", help="check a cohort config and every data file it names",
                       description="Check the config, every table and transcript, and each "
                       "stage's input checks, without starting a kernel. Exit 0 when valid, "
                       "2 with one line per problem.")
    p.add_argument("config", help="cohort.yaml")
    handlers["validate"] = _cmd_validate

    p = sub.add_parser("run", help="run the stage notebooks and publish the report",
                       description="Check the inputs as validate does, run the stage notebooks "
                       "(stages whose notebook, config sections and inputs are unchanged since "
                       "the last run are skipped) and publish reports/<study-id>/ in one step: "
                       "a failed run leaves the previous report as it was. Exit 0 published, "
                       "1 a stage failed, 2 bad input.")
    p.add_argument("config", help="cohort.yaml")
    p.add_argument("--out", default="reports", help="reports folder (default: reports)")
    p.add_argument("--stages", nargs="+", help="stage numbers or names, e.g. 00 10")
    p.add_argument("-p", "--param", action="append", type=_param, metavar="NAME=VALUE",
                   help="a stage notebook's own parameter (not config_path or run_dir)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    p.add_argument("--force", action="store_true", help="re-run unchanged stages too")
    handlers["run"] = _cmd_run

    p = sub.add_parser("verify", help="re-hash a report's inputs and re-run to compare outputs",
                       description="Re-hash the inputs recorded in the report's manifest.json "
                       "and re-run the cohort into a scratch folder to confirm every output is "
                       "byte-identical. Exit 0 when reproduced, 1 when anything differs.")
    p.add_argument("report", help="reports/<study-id>")
    p.add_argument("--config", help="the cohort config (default: as recorded in the manifest)")
    p.add_argument("--no-rerun", action="store_true", help="only re-hash the inputs")
    handlers["verify"] = _cmd_verify

    p = sub.add_parser("demo", help="regenerate the synthetic demo cohort and run it",
                       description="Write the synthetic demo cohort (no real person is "
                       "described) and run every stage on it.")
    p.add_argument("--cohort-dir", default="examples/demo-cohort",
                   help="where to write the demo cohort (default: examples/demo-cohort)")
    p.add_argument("--out", default="reports", help="reports folder (default: reports)")
    p.add_argument("--seed", type=int, default=2012, help="generator seed (default: 2012)")
    p.add_argument("--no-run", action="store_true", help="only write the cohort")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    handlers["demo"] = _cmd_demo

    p = sub.add_parser("init", help="write a new cohort folder from the templates",
                       description="Write cohort.yaml, template tables, a guide, an example "
                       "transcript and a pilot into a new folder.")
    p.add_argument("dir", help="the new cohort folder (must not exist or be empty)")
    handlers["init"] = _cmd_init

    p = sub.add_parser("templates", help="write the data templates and data dictionary",
                       description="Rewrite the CSV/XLSX templates and the data dictionary "
                       "from the table schemas.")
    p.add_argument("--out", default="data-templates", help="folder (default: data-templates)")
    handlers["templates"] = _cmd_templates

    p = sub.add_parser("notebooks", help="copy the stage notebooks out for JupyterLab",
                       description="Copy the stage notebooks shipped in the package into "
                       "DIR, to open and run them in JupyterLab.")
    p.add_argument("dir", help="destination folder")
    p.add_argument("--force", action="store_true", help="overwrite notebooks already there")
    handlers["notebooks"] = _cmd_notebooks
    return handlers
