"""Shared bits of the CLI modules."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

__all__ = ["Handler", "err"]

Handler = Callable[[argparse.Namespace], int]


def err(line: str) -> None:
    """Print one line on stderr, flushed."""
    print(line, file=sys.stderr, flush=True)
