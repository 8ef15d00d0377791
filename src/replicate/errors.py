"""One exception tree for the whole package.

::

    ReplicateError                 base; the CLI maps it to exit code 2
    ├── ConfigError                the cohort config (file, key path, what is allowed)
    ├── DataError                  an input table, transcript, guide or codebook (file, row/column)
    ├── ArtifactError              stage artifacts missing or malformed (names the stage to run)
    ├── PrivacyError               an output would carry an identifying value
    └── StageError                 a stage notebook failed while running (exit code 1)

Every error carries structured fields and renders as one line: ``file, location: message``.
Errors pickle with their class and every field (a Dask worker or a process pool sends them
back intact).

Examples
--------
>>> import pickle
>>> e = pickle.loads(pickle.dumps(StageError("boom", stage="30_coding_reliability", cell=2)))
>>> (type(e).__name__, e.stage, e.cell, e.one_line())
('StageError', '30_coding_reliability', 2, 'stage 30_coding_reliability, cell 2: boom')
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ArtifactError",
    "ConfigError",
    "DataError",
    "PrivacyError",
    "ReplicateError",
    "StageError",
]


class ReplicateError(Exception):
    """Base of every error raised on purpose by ``replicate``.

    Parameters
    ----------
    message : str
        What is wrong and what is allowed.
    file : str or None, default=None
        The file the problem is in (as the user named it).
    location : str or None, default=None
        Key path (``sampling.target_n``), ``row 14, column age`` or ``line 3``.
    """

    exit_code: int = 2

    def __init__(self, message: str, *, file: str | None = None, location: str | None = None):
        self.message = message
        self.file = file
        self.location = location
        super().__init__(self.one_line())

    def __reduce__(self) -> tuple[Any, ...]:
        # keyword-only fields: the default (cls, args) reduction cannot rebuild them
        return (_rebuild, (type(self), dict(self.__dict__)))

    def one_line(self) -> str:
        """Render the error as a single line: ``file, location: message``."""
        where = ", ".join(part for part in (self.file, self.location) if part)
        text = f"{where}: {self.message}" if where else self.message
        return " ".join(text.split())


class ConfigError(ReplicateError):
    """The cohort configuration is invalid."""


class DataError(ReplicateError):
    """An input data file (table, transcript, guide, codebook) is invalid."""


class ArtifactError(ReplicateError):
    """A stage's artifacts are missing or unreadable; names the stage to run first."""


class PrivacyError(ReplicateError):
    """An output would contain an identifying value; nothing is published."""


class StageError(ReplicateError):
    """A stage notebook failed while running.

    Parameters
    ----------
    message : str
        The error the cell raised.
    stage : str
        Stage name, e.g. ``30_coding_reliability``.
    cell : int or None, default=None
        Index of the failing cell.
    cohort : str or None, default=None
        The study id.
    """

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        stage: str,
        cell: int | None = None,
        cohort: str | None = None,
    ):
        self.stage = stage
        self.cell = cell
        self.cohort = cohort
        loc = f"stage {stage}" + (f", cell {cell}" if cell is not None else "")
        super().__init__(message, file=cohort, location=loc)


def _rebuild(cls: type[ReplicateError], state: dict[str, Any]) -> ReplicateError:
    """Unpickle an error: its class with every field, and the one line as its ``args``."""
    exc = cls.__new__(cls)
    exc.__dict__.update(state)
    exc.args = (exc.one_line(),)
    return exc
