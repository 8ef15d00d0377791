"""Redaction where outputs are written: a cohort's redactor, tables, JSON, the private log.

* :func:`cohort_redactor` builds the :class:`~replicate.privacy.redact.Redactor` of a loaded
  cohort: the rosters' identifying values, the interviewers, coders and researchers by name,
  and ``privacy.extra_names``, ``privacy.not_names`` and ``privacy.id_patterns``. The private
  log goes beside the pseudonym key (``<config folder>/<privacy.key_dir>/``).
* :func:`redact_frame` and :func:`redact_json` redact every text cell or string of a table or
  a JSON summary (numbers, booleans and column names are left alone).
* :func:`write_redaction_log` writes what was redacted (file, place, kind, placeholder and
  the value itself) to a CSV file that must lie outside every report folder: it holds the
  values the report must not show.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from replicate.errors import PrivacyError
from replicate.privacy.cohort_scan import LoadedCohort, cohort_identities, kept_on
from replicate.privacy.escaping import distinct_cells
from replicate.privacy.redact import Redaction, Redactor

__all__ = ["LOG_COLUMNS", "LoggedRedaction", "RedactionPolicy", "cohort_redactor",
           "redact_frame", "redact_json", "share_redaction", "write_redaction_log"]

#: Columns of the private redaction log, in order.
LOG_COLUMNS: tuple[str, ...] = ("file", "where", "kind", "placeholder", "value", "count")


@dataclass(frozen=True)
class LoggedRedaction:
    """A redaction and where it happened (for the private log)."""

    file: str
    where: str
    redaction: Redaction


@dataclass(frozen=True)
class RedactionPolicy:
    """A cohort's redactor and where its private log goes.

    Attributes
    ----------
    redactor : Redactor
        The cohort's redactor.
    log_dir : pathlib.Path or None
        The private folder (``privacy.key_dir``); ``None`` writes no log.
    study_id : str
        Prefix of the log files: ``<study_id>-redactions-<part>.csv``.
    """

    redactor: Redactor
    log_dir: Path | None = None
    study_id: str = "study"

    def log_path(self, part: str) -> Path | None:
        """Where the log of ``part`` (a stage name) goes, or ``None`` without a folder."""
        if self.log_dir is None:
            return None
        return self.log_dir / f"{self.study_id}-redactions-{part}.csv"

    def write_log(self, part: str, entries: Sequence[LoggedRedaction], *,
                  report_folders: Sequence[Path]) -> Path | None:
        """Write the log of ``part`` (see :func:`write_redaction_log`); the path written."""
        path = self.log_path(part)
        if path is not None:
            write_redaction_log(entries, path, report_folders=report_folders)
        return path


class _Settings(Protocol):
    extra_names: tuple[str, ...]
    not_names: tuple[str, ...]
    id_patterns: tuple[str, ...]
    key_dir: str


_KEPT = "_replicate_redaction"  # the policy kept on the cohort it was made for


def cohort_redactor(cohort: LoadedCohort) -> RedactionPolicy:
    """The redactor of a loaded cohort and the folder of its private log.

    Parameters
    ----------
    cohort : LoadedCohort
        A :class:`replicate.cohort.Cohort`.

    Returns
    -------
    RedactionPolicy
        Rosters' values; interviewers (``participants.interviewer``), coders
        (``codings.coder``) and ``writeup.researchers`` by name (initials of fewer than 4
        letters are not searched for); the config's ``privacy`` lists. The log folder is
        ``<config folder>/<privacy.key_dir>``. Made once per cohort object and kept on it
        (stage 50 asks twice; the cohort's tables do not change once loaded).
    """
    return kept_on(cohort, _KEPT, RedactionPolicy, lambda: _policy(cohort))


def _policy(cohort: LoadedCohort) -> RedactionPolicy:
    config: Any = cohort.config
    tables = cohort.tables
    people: list[str] = []
    for table, column in (("participants", "interviewer"), ("codings", "coder")):
        frame = tables.get(table)
        if frame is not None and column in frame.columns:
            people += sorted({str(v) for v in frame[column].dropna().tolist()})
    writeup = getattr(config, "writeup", None)
    for researcher in getattr(writeup, "researchers", ()):
        people += [p for p in (researcher.name,) if p]
    privacy: _Settings = config.privacy
    redactor = Redactor(cohort_identities(cohort), people=people,
                        extra_names=privacy.extra_names, not_names=privacy.not_names,
                        id_patterns=privacy.id_patterns)
    root = getattr(config, "root", None)
    log_dir = Path(root) / privacy.key_dir if root is not None else None
    return RedactionPolicy(redactor, log_dir, str(config.study.id))


def share_redaction(source: LoadedCohort, copy: LoadedCohort) -> RedactionPolicy:
    """Keep ``source``'s redaction policy (made now if it was not) on ``copy`` as well.

    For a copy with the same config and tables (the run's cohort for its kernels, without
    the transcripts): it is pickled with the copy, so no kernel builds it again (2-3 s each
    for a roster of 35,000 people).

    Parameters
    ----------
    source, copy : LoadedCohort
        The cohort and its copy.

    Returns
    -------
    RedactionPolicy
        The policy now kept on both.
    """
    policy = cohort_redactor(source)
    return kept_on(copy, _KEPT, RedactionPolicy, lambda: policy)


def redact_frame(
    frame: pd.DataFrame, redactor: Redactor, *, file: str = "",
    memo: dict[str, tuple[str, Sequence[Redaction]]] | None = None,
) -> tuple[pd.DataFrame, list[LoggedRedaction]]:
    """Redact every text cell of a table.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any table.
    redactor : Redactor
        The cohort's redactor.
    file : str, default=""
        File name for the log entries.
    memo : dict or None, default=None
        Texts already searched with this redactor and what was found (filled in here): pass
        one dict to several tables that share texts (a stage's tables share unit ids).

    Returns
    -------
    (pandas.DataFrame, list of LoggedRedaction)
        A copy with redacted text cells (other columns and dtypes unchanged), and the log
        entries, ``where`` being ``column <name>, row <n>`` (first data row = 1).
    """
    out = frame.copy()
    log: list[LoggedRedaction] = []
    # one search per distinct text: tables repeat texts (a unit in several rows, a label in
    # every row) and the redactor is a pure function of the text
    done: dict[str, tuple[str, Sequence[Redaction]]] = {} if memo is None else memo
    for col in range(frame.shape[1]):
        series = frame.iloc[:, col]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        cells = series.tolist()
        texts = [c for c in distinct_cells(cells) if isinstance(c, str) and c]
        todo = [c for c in texts if c not in done]
        done.update(zip(todo, redactor.redact_each(todo), strict=True))
        # only a column with a text that changed is gone through cell by cell (a million
        # rows one by one took 3.5 s, and nearly every column has nothing to redact)
        if not any(done[c][1] for c in texts):
            continue
        new: list[object] = []
        for row, cell in enumerate(cells, start=1):
            if isinstance(cell, str) and cell:
                text, found = done[cell]
                if found:
                    where = f"column {frame.columns[col]}, row {row}"
                    log += [LoggedRedaction(file, where, r) for r in found]
                new.append(text)
            else:
                new.append(cell)
        out.isetitem(col, pd.array(new, dtype=object))
    return out, log


def redact_json(
    value: Any, redactor: Redactor, *, file: str = "", where: str = ""
) -> tuple[Any, list[LoggedRedaction]]:
    """Redact every string in a JSON-like value (dict keys are kept).

    Returns
    -------
    (object, list of LoggedRedaction)
        A copy, and the log entries (``where`` is the JSON path).
    """
    log: list[LoggedRedaction] = []

    def walk(item: Any, place: str) -> Any:
        if isinstance(item, str):
            text, found = redactor.redact_logged(item)
            log.extend(LoggedRedaction(file, place, r) for r in found)
            return text
        if isinstance(item, dict):
            return {k: walk(v, f"{place}.{k}" if place else str(k)) for k, v in item.items()}
        if isinstance(item, list | tuple):
            return [walk(v, f"{place}[{i}]") for i, v in enumerate(item)]
        return item

    return walk(value, where), log


def write_redaction_log(
    entries: Iterable[LoggedRedaction], path: Path, *, report_folders: Sequence[Path]
) -> None:
    """Write the private redaction log (CSV, one row per distinct value and place).

    The file holds the redacted values themselves (so the researchers can check each
    replacement), so it is refused inside a report folder. Rows are sorted and the file is
    replaced atomically, so the same inputs give the same bytes.

    Parameters
    ----------
    entries : iterable of LoggedRedaction
        What was redacted.
    path : pathlib.Path
        The log file; its folder is created when missing.
    report_folders : sequence of pathlib.Path
        Folders the log must not be inside (symbolic links and ``..`` resolved).

    Raises
    ------
    PrivacyError
        When ``path`` is inside a report folder.
    """
    target = path.resolve()
    for folder in report_folders:
        if target.is_relative_to(Path(folder).resolve()):
            raise PrivacyError(
                "the redaction log would be written inside a report folder; set "
                "privacy.key_dir to a folder outside every report", file=str(path))
    counts = Counter((e.file, e.where, e.redaction.kind, e.redaction.placeholder,
                      e.redaction.value) for e in entries)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(LOG_COLUMNS)
    writer.writerows([*key, n] for key, n in sorted(counts.items()))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(buffer.getvalue())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
