"""Pseudonyms for participants and the private key that links them to student ids.

Participants appear in reports only as letters, as in the original study ("(H, female, age
29)"): A, B, …, Z, then AA, AB, … (bijective base 26, like spreadsheet columns). The key
linking letters to student ids is the one file that re-identifies participants; it is written
as CSV and must live outside every report folder (:func:`write_key` refuses otherwise).

Letters follow the order of the ids given (e.g. interview order). When that order could tell
something (ids issued by enrolment date, say), pass ``seed`` to shuffle it reproducibly.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from replicate.errors import DataError, PrivacyError
from replicate.privacy.findings import mask
from replicate.transcripts import read_text

__all__ = ["KEY_COLUMNS", "assign_pseudonyms", "pseudonym_label", "pseudonym_order", "read_key",
           "write_key"]

#: Header of the key file.
KEY_COLUMNS: tuple[str, str] = ("pseudonym", "student_id")


_DIGITS = re.compile(r"(\d+)")


def pseudonym_order(name: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key of pseudonyms as a reader counts them: Z before AA (a pseudonym of capital
    letters only sorts by its length first, as :func:`pseudonym_label` counts), P2 before P10
    (numbers by their value); other text in its usual order ("Anna" before "Bo").

    Examples
    --------
    >>> sorted(["AA", "B", "A", "Z"], key=pseudonym_order)
    ['A', 'B', 'Z', 'AA']
    >>> sorted(["P10", "P2", "P1", "IP3"], key=pseudonym_order)
    ['IP3', 'P1', 'P2', 'P10']
    >>> sorted(["Bo", "Anna"], key=pseudonym_order)
    ['Anna', 'Bo']
    """
    letters = name.isalpha() and name.isupper()
    key = []
    for i, run in enumerate(_DIGITS.split(name)):
        if i % 2:
            key.append((1, int(run), run))
        else:
            key.append((0, len(run) if letters else 0, run))
    return tuple(key)


def pseudonym_label(index: int) -> str:
    """The pseudonym for the ``index``-th participant (0-based): A … Z, AA, AB, ….

    Parameters
    ----------
    index : int
        Non-negative position.

    Returns
    -------
    str
        Upper-case letters.

    Raises
    ------
    ValueError
        When ``index`` is negative.

    Examples
    --------
    >>> [pseudonym_label(i) for i in (0, 25, 26, 27, 701, 702)]
    ['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']
    """
    if index < 0:
        raise ValueError(f"index must be >= 0, got {index}")
    label = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        label = chr(ord("A") + rem) + label
    return label


def assign_pseudonyms(ids: Sequence[str], *, seed: int | None = None) -> dict[str, str]:
    """Give each id a pseudonym letter.

    Parameters
    ----------
    ids : sequence of str
        Student ids, in the order that letters should follow (e.g. interview order).
    seed : int or None, default=None
        When given, the order is first shuffled with ``numpy.random.default_rng(seed)``, so
        letters carry no information about the ids' order; same seed, same letters.

    Returns
    -------
    dict of str to str
        ``{student_id: pseudonym}`` in pseudonym order.

    Raises
    ------
    DataError
        When an id is empty or repeated.
    """
    cleaned = [str(i).strip() for i in ids]
    seen: set[str] = set()
    for pos, value in enumerate(cleaned):
        if not value:
            raise DataError("empty student id; every participant needs one",
                            location=f"position {pos + 1}")
        if value in seen:
            raise DataError(f"student id {mask(value)!r} is listed twice; each participant "
                            "gets one pseudonym", location=f"position {pos + 1}")
        seen.add(value)
    if seed is not None:
        order = np.random.default_rng(seed).permutation(len(cleaned))
        cleaned = [cleaned[int(i)] for i in order]
    return {value: pseudonym_label(i) for i, value in enumerate(cleaned)}


def write_key(
    key: Mapping[str, str],
    path: Path,
    *,
    report_folders: Sequence[Path] | Path,
) -> None:
    """Write the private pseudonym key (CSV: ``pseudonym,student_id``), never into a report.

    The file is written to a temporary name beside ``path`` and renamed into place, so a
    crash never leaves half a key.

    Parameters
    ----------
    key : mapping of str to str
        ``{student_id: pseudonym}`` from :func:`assign_pseudonyms`.
    path : pathlib.Path
        Where to write the key; its folder must exist.
    report_folders : pathlib.Path or sequence of pathlib.Path
        Report folders (published or about to be). Symbolic links and ``..`` are resolved
        before comparing.

    Raises
    ------
    PrivacyError
        When ``path`` is inside one of ``report_folders``.
    DataError
        When the folder of ``path`` does not exist.
    """
    folders = [report_folders] if isinstance(report_folders, Path) else list(report_folders)
    target = path.resolve()
    for folder in folders:
        if target.is_relative_to(folder.resolve()):
            raise PrivacyError(
                "the pseudonym key would be written inside a report folder; write it outside "
                f"every report folder (report folder: {folder})",
                file=str(path),
            )
    if not target.parent.is_dir():
        raise DataError("folder does not exist; create it or choose another place for the key",
                        file=str(path.parent))
    rows = sorted(((p, s) for s, p in key.items()), key=lambda r: (len(r[0]), r[0]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(KEY_COLUMNS)
    writer.writerows(rows)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(buffer.getvalue())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_key(path: Path) -> dict[str, str]:
    """Read a key written by :func:`write_key`.

    Parameters
    ----------
    path : pathlib.Path
        The key file.

    Returns
    -------
    dict of str to str
        ``{student_id: pseudonym}`` in pseudonym order.

    Raises
    ------
    DataError
        When the file is missing, not UTF-8, has another header, or repeats an id or a
        pseudonym.
    """
    rows = list(csv.reader(io.StringIO(read_text(path))))
    if not rows or tuple(rows[0]) != KEY_COLUMNS:
        raise DataError(f"header must be {','.join(KEY_COLUMNS)}", file=str(path),
                        location="line 1")
    key: dict[str, str] = {}
    seen: set[str] = set()
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != 2 or not row[0] or not row[1]:
            raise DataError("expected two filled cells: pseudonym,student_id", file=str(path),
                            location=f"line {line}")
        pseudonym, student = row
        if student in key or pseudonym in seen:
            raise DataError("student id or pseudonym repeated; each appears once",
                            file=str(path), location=f"line {line}")
        key[student] = pseudonym
        seen.add(pseudonym)
    return key
