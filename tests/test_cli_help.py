"""Every command says what it does: a one-line help in ``replicate --help`` and a description
in ``replicate COMMAND --help``."""

from __future__ import annotations

import argparse

import pytest

from replicate.cli import build_parser


def _subcommands() -> dict[str, tuple[str, argparse.ArgumentParser]]:
    parser, _ = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {c.dest: c.help or "" for c in action._choices_actions}
    return {name: (helps.get(name, ""), sub) for name, sub in action.choices.items()}


def test_the_commands_are_the_documented_ones() -> None:
    assert sorted(_subcommands()) == sorted([
        "validate", "run", "verify", "demo", "init", "templates", "notebooks", "batch",
        "agreement", "scan", "import-qdpx", "export-qdc", "export-qdpx"])


@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_every_command_has_help_and_a_description(name: str) -> None:
    short, sub = _subcommands()[name]
    assert len(short.split()) >= 4, (name, short)
    assert sub.description and len(sub.description.split()) >= 8, (name, sub.description)
    for action in sub._actions:
        if action.dest != "help":
            assert action.help, (name, action.dest)
