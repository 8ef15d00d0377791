"""A run's loaded cohort, handed to its stage kernels instead of read again by each.

``replicate run`` has read and checked every input before any kernel starts; each stage
notebook would read and check the same files again (5 s per stage at 10,000 interviews, 12 s
with the transcripts). The run writes the loaded cohort's tables (without the interview
transcripts) to a folder of mode 0700 in the cohort's private folder (``privacy.key_dir``,
beside the pseudonym key: never in the reports, and the roster's data stay where the cohort
keeps them), removed when the run ends (and, after a run that was killed, by the next run),
and names that folder to its kernels in the environment variable :data:`ENV` (its name is chosen
before the cohort is loaded, :class:`CacheFolder`, so the kernels can start meanwhile). The cohort's
redaction policy (:func:`~replicate.privacy.cohort_redactor`) goes with it, so no kernel
builds it again (2-3 s each for a roster of 35,000 people).
:meth:`replicate.stage.Stage.run` takes the cohort from there when the folder was written
for the same config file, and a stage that parses transcripts (stage 00) reads only them
(:func:`~replicate.cohort.add_transcripts`); otherwise (a notebook run from JupyterLab or by
the papermill CLI) it reads the files. (Pickling the parsed transcripts as well saved stage
00 another 4 s at 10,000 interviews, but cost the run 2.4 s before any kernel and 450 MB at
its peak.)

The cohort is stored with :mod:`pickle`, which keeps every table's dtypes exactly, so a stage
computes the same figures from it as from the files (test). Unpickling runs code named in
the file; these files are this run's own, in a folder only this user can open.
"""

from __future__ import annotations

import os
import pickle
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from replicate.cohort import Cohort
from replicate.config import CohortConfig
from replicate.privacy.outputs import share_redaction

__all__ = ["ENV", "CacheFolder", "cache_folder", "read_cache"]

#: The environment variable naming a run's cohort folder to its kernels.
ENV = "REPLICATE_COHORT_CACHE"
_FILE = "cohort.pickle"
_PREFIX = ".run-cohort-"


def _remove_stale(private: Path) -> None:
    """Remove the cohort folders of runs that were killed (their process is gone)."""
    for folder in private.glob(f"{_PREFIX}*"):
        pid = folder.name.removeprefix(_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except PermissionError:  # someone else's process
        return True
    except OSError:
        return False
    return True


class CacheFolder:
    """The folder where a run puts its loaded cohort for its kernels (see the module notes).

    Its name is chosen before the cohort is loaded, so that the run's kernels can start
    (and import their libraries) while it loads; it is created, in the cohort's private
    folder with mode 0700, only by :meth:`write`.

    Attributes
    ----------
    path : Path
        The folder (not created yet until :meth:`write`).
    env : dict of str to str
        ``{ENV: path}``, for the kernels' environment.
    """

    def __init__(self, config: CohortConfig) -> None:
        self._private = config.root / config.privacy.key_dir
        self.path = self._private / f"{_PREFIX}{os.getpid()}-{secrets.token_hex(6)}"
        self.env = {ENV: str(self.path)}

    def write(self, cohort: Cohort) -> None:
        """Write ``cohort``'s tables (without the transcripts) and its redaction policy."""
        self._private.mkdir(parents=True, exist_ok=True)
        _remove_stale(self._private)
        self.path.mkdir(mode=0o700)
        self.path.chmod(0o700)  # whatever the umask
        tables_only = replace(cohort, transcripts={}, texts={})
        share_redaction(cohort, tables_only)  # made once here, not once per kernel
        key = str(cohort.config.path.resolve())
        with (self.path / _FILE).open("wb") as fh:
            pickle.dump((key, tables_only), fh, protocol=pickle.HIGHEST_PROTOCOL)

    def remove(self) -> None:
        """Remove the folder (when written)."""
        shutil.rmtree(self.path, ignore_errors=True)


@contextmanager
def cache_folder(config: CohortConfig) -> Iterator[CacheFolder]:
    """A :class:`CacheFolder` for a run of ``config``, removed on exit."""
    folder = CacheFolder(config)
    try:
        yield folder
    finally:
        folder.remove()


def read_cache(config: Path) -> Cohort | None:
    """The cohort the run wrote for ``config`` (tables only), or None.

    Parameters
    ----------
    config : Path
        The config file the stage was asked to load.

    Returns
    -------
    Cohort or None
        None when :data:`ENV` is not set, names no cohort file, or one written for another
        config file.
    """
    folder = os.environ.get(ENV)
    if not folder:
        return None
    path = Path(folder) / _FILE
    if not path.is_file() or (hasattr(os, "getuid") and path.stat().st_uid != os.getuid()):
        return None
    with path.open("rb") as fh:
        key, cohort = pickle.load(fh)  # this run's own file (module notes)
    if key != str(Path(config).resolve()) or not isinstance(cohort, Cohort):
        return None
    return cohort
