"""The ``replicate`` command.

Exit codes: 0 success, 1 a stage failed while running, 2 bad input or usage (one line on
stderr naming the file and field; a traceback only with ``--debug``).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from replicate import __version__
from replicate.errors import ReplicateError

__all__ = ["main"]

Handler = Callable[[argparse.Namespace], int]


def _err(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _cmd_validate(args: argparse.Namespace) -> int:
    from replicate.cohort import validate_cohort

    problems = validate_cohort(args.config)
    for p in problems:
        _err(p.one_line())
    warnings = _stage_warnings(args.config) + _pii_warnings(args.config) if not problems else []
    for w in warnings:
        _err(f"warning: {w}")
    if problems:
        _err(f"{len(problems)} problem(s) found in {args.config}")
        return 2
    print(f"{args.config}: valid" + (f" ({len(warnings)} privacy warning(s))" if warnings else ""))
    return 0


def _stage_warnings(config: str) -> list[str]:
    from replicate.cohort import load_cohort
    from replicate.pipeline import available_stages, missing_inputs

    cohort = load_cohort(config)
    return [p.one_line().replace("; add it to the config or leave the stage out (--stages)",
                                 "; that stage cannot run")
            for p in missing_inputs(cohort, available_stages())]


def _pii_warnings(config: str) -> list[str]:
    try:
        privacy = importlib.import_module("replicate.privacy")
    except ImportError:
        return []
    from replicate.cohort import load_cohort

    cohort = load_cohort(config)
    scan = getattr(privacy, "scan_cohort", None)
    if scan is None:
        return []
    return [str(x) for x in scan(cohort)]


def _cmd_run(args: argparse.Namespace) -> int:
    from replicate.pipeline import run_cohort

    params = dict(args.param or [])
    result = run_cohort(args.config, out_root=args.out, stages=args.stages, params=params,
                        progress=None if args.quiet else _err, force=args.force)
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


def _param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, value


def _optional(parser_sub: argparse._SubParsersAction[argparse.ArgumentParser],
              module: str, register: str) -> dict[str, Handler]:
    """Register the subcommands a module provides (``add_parser``/``add_parsers``)."""
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return {}
    fn = getattr(mod, register, None)
    if fn is None:
        return {}
    result = fn(parser_sub)
    return dict(result) if isinstance(result, dict) else {}


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Handler]]:
    """The argument parser and the handler of each subcommand."""
    parser = argparse.ArgumentParser(
        prog="replicate",
        description="Replicate Kalén, Ponzer & Silén (2012) on your own cohort.",
    )
    parser.add_argument("--version", action="version", version=f"replicate {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    handlers: dict[str, Handler] = {}

    p = sub.add_parser("validate", help="check a cohort config and every data file it names")
    p.add_argument("config", help="cohort.yaml")
    handlers["validate"] = _cmd_validate

    p = sub.add_parser("run", help="run the stage notebooks and publish the report")
    p.add_argument("config", help="cohort.yaml")
    p.add_argument("--out", default="reports", help="reports folder (default: reports)")
    p.add_argument("--stages", nargs="+", help="stage numbers or names, e.g. 00 10")
    p.add_argument("-p", "--param", action="append", type=_param, metavar="NAME=VALUE",
                   help="extra notebook parameter (must be in the parameters cell)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    p.add_argument("--force", action="store_true", help="re-run unchanged stages too")
    handlers["run"] = _cmd_run

    p = sub.add_parser("verify", help="re-hash a report's inputs and re-run to compare outputs")
    p.add_argument("report", help="reports/<study-id>")
    p.add_argument("--config", help="the cohort config (default: as recorded in the manifest)")
    p.add_argument("--no-rerun", action="store_true", help="only re-hash the inputs")
    handlers["verify"] = _cmd_verify

    p = sub.add_parser("demo", help="regenerate the synthetic demo cohort and run it")
    p.add_argument("--cohort-dir", default="examples/demo-cohort")
    p.add_argument("--out", default="reports")
    p.add_argument("--seed", type=int, default=2012)
    p.add_argument("--no-run", action="store_true", help="only write the cohort")
    p.add_argument("-q", "--quiet", action="store_true")
    handlers["demo"] = _cmd_demo

    p = sub.add_parser("init", help="write a new cohort folder from the templates")
    p.add_argument("dir")
    handlers["init"] = _cmd_init

    p = sub.add_parser("templates", help="write the data templates and data dictionary")
    p.add_argument("--out", default="data-templates")
    handlers["templates"] = _cmd_templates

    for module, register in (
        ("replicate.reliability.cli", "add_parser"),
        ("replicate.privacy.cli", "add_parser"),
        ("replicate.qdpx.cli", "add_parsers"),
        ("replicate.batch", "add_parsers"),
    ):
        handlers.update(_optional(sub, module, register))
    return parser, handlers


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``replicate`` console script."""
    parser, handlers = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    handler = handlers.get(args.command) or getattr(args, "func", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(handler(args))
    except ReplicateError as exc:
        if args.debug:
            raise
        _err(exc.one_line())
        return exc.exit_code
    except KeyboardInterrupt:
        _err("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
