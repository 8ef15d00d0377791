"""Deterministic writing of the demo cohort's files.

Byte-identical output on every run: UTF-8 without BOM, ``\\n`` line ends, fixed column order,
rows in a fixed order, booleans as ``true``/``false``, dates as ``YYYY-MM-DD``, no timestamps
and nothing that depends on the output path.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from replicate.errors import ConfigError

__all__ = ["CsvSink", "csv_text", "prepare_folder", "write_text"]

_OWNED = (("tables", ".csv"), ("transcripts", ".txt"), ("pilots", ".txt"), ("guide", ".yaml"),
          ("author", ".md"))
"""Folders and file types the generator owns inside a demo cohort folder."""


def write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 with ``\\n`` line ends, creating parent folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Render a CSV table (minimal quoting, ``\\n`` line ends)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


class CsvSink:
    """A CSV file written row by row (keeps memory flat for large cohorts).

    Parameters
    ----------
    path : Path
        File to write.
    header : sequence of str
        Column names (line 1).
    """

    def __init__(self, path: Path, header: Sequence[str]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = path.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._fh, lineterminator="\n")
        self._writer.writerow(header)

    def write(self, row: Sequence[str]) -> None:
        """Append one row."""
        self._writer.writerow(row)

    def close(self) -> None:
        """Close the file."""
        self._fh.close()


def prepare_folder(out_dir: Path) -> None:
    """Make ``out_dir`` ready for a fresh demo cohort.

    An empty or missing folder is used as is. A folder holding an earlier demo cohort (its
    ``cohort.yaml`` says ``synthetic: true``) has the generator's own files removed first, so
    that a smaller cohort leaves no stale transcripts behind. Anything else is refused.

    Parameters
    ----------
    out_dir : Path
        The cohort folder.

    Raises
    ------
    ConfigError
        When ``out_dir`` is a file, or a non-empty folder that is not a demo cohort.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise ConfigError("is a file; the demo needs a folder (empty or an earlier demo cohort)",
                          file=str(out_dir))
    if not out_dir.exists() or not any(out_dir.iterdir()):
        out_dir.mkdir(parents=True, exist_ok=True)
        return
    config = out_dir / "cohort.yaml"
    is_demo = config.is_file() and "synthetic: true" in config.read_text(encoding="utf-8")
    if not is_demo:
        raise ConfigError(
            "folder is not empty and holds no demo cohort (no cohort.yaml with "
            "'synthetic: true'); choose an empty folder or an earlier demo cohort",
            file=str(out_dir),
        )
    for sub, suffix in _OWNED:
        folder = out_dir / sub
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.is_file() and path.suffix == suffix:
                    path.unlink()
