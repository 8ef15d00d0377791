"""The ``replicate`` command: one package, every subcommand imported statically.

Exit codes: 0 success, 1 a stage failed while running, 2 bad input or usage (one line on
stderr naming the file and field; a traceback only with ``--debug``).

Modules: :mod:`~replicate.cli.commands` (validate, run, verify, demo, init, templates,
notebooks), :mod:`~replicate.cli.batch`, and the registration functions of the analysis
packages' own commands (``agreement``, ``scan``, ``import-qdpx``, ``export-qdc``,
``export-qdpx``). A broken import of any of them fails loudly instead of dropping a command.
"""

from __future__ import annotations

import argparse
import sys

from replicate import __version__
from replicate.cli import _common
from replicate.cli import batch as _batch
from replicate.cli import commands as _commands
from replicate.errors import ReplicateError
from replicate.privacy import cli as _privacy
from replicate.qdpx import cli as _qdpx
from replicate.reliability import cli as _reliability

__all__ = ["build_parser", "main"]


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, _common.Handler]]:
    """The argument parser and the handler of each subcommand."""
    parser = argparse.ArgumentParser(
        prog="replicate",
        description="Replicate Kalén, Ponzer & Silén (2012) on your own cohort.",
    )
    parser.add_argument("--version", action="version", version=f"replicate {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    handlers: dict[str, _common.Handler] = {}
    handlers.update(_commands.add_parsers(sub))
    handlers.update(_batch.add_parsers(sub))
    _reliability.add_parser(sub)  # these set the handler as the parser's default ``func``
    _privacy.add_parser(sub)
    _qdpx.add_parsers(sub)
    return parser, handlers


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``replicate`` console script."""
    parser, handlers = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    handler = handlers.get(args.command) or getattr(args, "func", None)
    if handler is None:  # pragma: no cover - every subcommand registers a handler
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(handler(args))
    except ReplicateError as exc:
        if args.debug:
            raise
        _common.err(exc.one_line())
        return exc.exit_code
    except KeyboardInterrupt:
        _common.err("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
