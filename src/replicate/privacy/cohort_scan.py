"""The input scan of a whole loaded cohort (``replicate validate`` warnings).

Works on a :class:`replicate.cohort.Cohort` (typed here by the :class:`LoadedCohort`
protocol, so this module does not import the loader): the rosters give the identifying
values; the transcripts, pilot transcripts, guide and the free-text columns of the codebook
and units tables are scanned (see :mod:`~replicate.privacy.scan_inputs`). File names in the
findings are shown as the cohort shows them (relative to the config folder's parent).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

import pandas as pd

from replicate.errors import ReplicateError
from replicate.privacy.findings import Finding
from replicate.privacy.identities import IdentitySet, identifying_values
from replicate.privacy.scan_inputs import scan_table, scan_text
from replicate.schema import TABLES
from replicate.transcripts import read_text

__all__ = ["LoadedCohort", "cohort_identities", "kept_on", "scan_cohort"]


class _Config(Protocol):
    def data_path(self, name: str) -> Path | None: ...


class LoadedCohort(Protocol):
    """What :func:`scan_cohort` needs of a loaded cohort."""

    @property
    def config(self) -> _Config: ...

    @property
    def tables(self) -> dict[str, pd.DataFrame]: ...

    @property
    def texts(self) -> dict[str, str]: ...

    def display(self, path: Path) -> str: ...


T = TypeVar("T")
_KEPT = "_replicate_identities"  # the set kept on the cohort it was made for


def kept_on(obj: object, attr: str, kind: type[T], make: Callable[[], T]) -> T:
    """The ``kind`` kept on ``obj`` as ``attr``, else ``make()``, kept there now.

    For what is derived from a loaded cohort, whose tables do not change: made once per
    cohort object. An object that takes no attribute gets a new one each time.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> cohort = SimpleNamespace()
    >>> kept_on(cohort, "_x", list, lambda: [1]) is kept_on(cohort, "_x", list, lambda: [2])
    True
    """
    kept = getattr(obj, attr, None)
    if isinstance(kept, kind):
        return kept
    value = make()
    with contextlib.suppress(AttributeError, TypeError):  # an object that takes no attribute
        setattr(obj, attr, value)
    return value


def cohort_identities(cohort: LoadedCohort) -> IdentitySet:
    """The identifying values of a loaded cohort's rosters (see :func:`identifying_values`).

    Made once per cohort object and kept on it (:func:`kept_on`): the run's privacy gate and
    the cohort's redactor both need it, and a roster of 35,000 people takes 2 s.
    """
    tables = cohort.tables
    return kept_on(cohort, _KEPT, IdentitySet, lambda: identifying_values(
        tables.get("students"), tables.get("mentors"), tables.get("participants")))


def scan_cohort(cohort: LoadedCohort, *, region: str = "SE") -> list[Finding]:
    """Scan a loaded cohort's transcripts, guide and free-text columns.

    Parameters
    ----------
    cohort : LoadedCohort
        A :class:`replicate.cohort.Cohort` from ``load_cohort``.
    region : str, default="SE"
        Country for phone numbers written without a country code.

    Returns
    -------
    list of Finding
        Sorted; ``str(finding)`` is the one-line warning ``file:line: kind: masked``.
    """
    identities = cohort_identities(cohort)
    config = cohort.config
    findings: list[Finding] = []
    folder = config.data_path("transcripts")
    for name, text in sorted(cohort.texts.items()):
        shown = cohort.display(folder / name) if folder is not None else name
        findings += scan_text(text, file=shown, identities=identities, region=region)
    for key in ("pilots", "guide"):
        path = config.data_path(key)
        if path is None:
            continue
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".txt") if (
            path.is_dir()) else [path]
        for file in files:
            try:
                text = read_text(file)
            except ReplicateError:
                continue  # reported by validation already
            findings += scan_text(text, file=cohort.display(file), identities=identities,
                                  region=region)
    for table, frame in sorted(cohort.tables.items()):
        path = config.data_path(table)
        if TABLES[table].free_text and path is not None:
            findings += scan_table(frame, file=cohort.display(path), table=table,
                                   identities=identities, region=region)
    return sorted(findings, key=lambda f: (f.file, f.line or 0, f.where, f.kind, f.masked))
