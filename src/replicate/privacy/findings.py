"""Findings of the privacy scans: one record per possible identifying value.

A :class:`Finding` never holds the value it found, only a masked form (:func:`mask`), so a
list of findings can be printed, logged or kept in CI output without itself leaking what it
warns about. The location is enough to find the value again in the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "FINDING_COLUMNS",
    "SUGGESTIONS",
    "Finding",
    "findings_frame",
    "format_finding",
    "format_findings",
    "mask",
]

#: What to do about each kind of finding (shown in the ``suggestion`` field).
SUGGESTIONS: dict[str, str] = {
    "name": "replace the name with the pseudonym or a role such as [mentor]",
    "student id": "remove the student id; refer to the participant by pseudonym",
    "mentor id": "remove the mentor id",
    "e-mail": "remove the e-mail address or replace it with [e-mail]",
    "phone number": "remove the phone number or replace it with [phone]",
    "personnummer": "remove the personal identity number",
    "samordningsnummer": "remove the coordination number",
    "private path": "write paths relative to the cohort folder",
    "home path": "write paths relative to the cohort folder (this one names a user account)",
    "unscanned file": "remove the file or save it in a format the scan reads (text, CSV, PNG)",
    "unscanned data": "remove the embedded data or save it as PNG or SVG",
}

#: Columns of :func:`findings_frame`, in order.
FINDING_COLUMNS: tuple[str, ...] = ("file", "line", "where", "kind", "masked", "suggestion")

_KEEP = frozenset(" -@./\\:+_()")


def mask(value: str) -> str:
    """Mask a matched value so that it can be shown in a report.

    The first two characters are kept (one when the value has four characters or fewer);
    every later letter or digit becomes ``*``; spaces and punctuation such as ``-``, ``@``,
    ``.`` and ``/`` are kept so the shape of the value is still recognisable.

    Parameters
    ----------
    value : str
        The matched text.

    Returns
    -------
    str
        The masked text, of the same length as ``value``.

    Examples
    --------
    >>> mask("198112289874")
    '19**********'
    >>> mask("anna@example.org")
    'an**@*******.***'
    >>> mask("S001")
    'S***'
    """
    keep = 1 if len(value) <= 4 else 2
    return value[:keep] + "".join(
        ch if ch in _KEEP or not ch.isalnum() else "*" for ch in value[keep:]
    )


@dataclass(frozen=True)
class Finding:
    """A possible identifying value found by a scan.

    Attributes
    ----------
    file : str
        The file, as given to the scan (output scans: relative to the report folder, POSIX).
    line : int or None
        1-based line number; for tables the spreadsheet row (header row = 1). ``None`` when
        the finding concerns a whole file.
    where : str
        Where inside the file when a line is not enough: ``column text``,
        ``cells[3].outputs[0].text``, ``metadata.papermill.parameters.run_dir``,
        ``PNG text chunk Title``, a ZIP member; empty for plain text files.
    kind : str
        One of the keys of :data:`SUGGESTIONS` (``name``, ``student id``, ``e-mail``, …).
    masked : str
        The matched text, masked with :func:`mask`; the value itself is never stored.
    suggestion : str
        What to do about it.
    """

    file: str
    line: int | None
    where: str
    kind: str
    masked: str
    suggestion: str = ""

    def __str__(self) -> str:
        return format_finding(self)

    @classmethod
    def make(
        cls, *, file: str, line: int | None, where: str, kind: str, value: str
    ) -> Finding:
        """Build a finding from the raw matched ``value`` (masked here, not stored)."""
        return cls(file, line, where, kind, mask(value), SUGGESTIONS.get(kind, ""))


def format_finding(finding: Finding) -> str:
    """Render a finding as one line, ``file:line: kind: masked``.

    Editors and CI log viewers recognise the ``file:line:`` prefix. The ``where`` part, when
    present, follows the kind in parentheses: ``units.csv:14: name (column text): An** ****``.

    Parameters
    ----------
    finding : Finding
        The finding to render.

    Returns
    -------
    str
        One line, without a trailing newline.
    """
    place = finding.file if finding.line is None else f"{finding.file}:{finding.line}"
    kind = f"{finding.kind} ({finding.where})" if finding.where else finding.kind
    text = f"{place}: {kind}: {finding.masked}"
    return " ".join(text.split())


def format_findings(findings: Iterable[Finding]) -> list[str]:
    """Render findings one line each (see :func:`format_finding`), in sorted order."""
    return [format_finding(f) for f in sorted(findings, key=_sort_key)]


def findings_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """Findings as a tidy DataFrame with the columns :data:`FINDING_COLUMNS`.

    Parameters
    ----------
    findings : iterable of Finding
        Findings from :func:`~replicate.privacy.scan_inputs` or
        :func:`~replicate.privacy.scan_outputs`.

    Returns
    -------
    pandas.DataFrame
        One row per finding, sorted by file, line, where and kind; ``line`` is a nullable
        integer column.
    """
    rows = sorted(findings, key=_sort_key)
    frame = pd.DataFrame(
        [[getattr(f, c) for c in FINDING_COLUMNS] for f in rows], columns=list(FINDING_COLUMNS)
    )
    frame["line"] = frame["line"].astype("Int64")
    return frame


def _sort_key(f: Finding) -> tuple[str, int, str, str, str]:
    return (f.file, -1 if f.line is None else f.line, f.where, f.kind, f.masked)
