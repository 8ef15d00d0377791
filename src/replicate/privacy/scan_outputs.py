"""Output scan: nothing identifying leaves in a report folder.

Before a run is published, every file of the report folder (HTML, executed notebooks with
papermill's parameter metadata, CSV/JSON artifacts, Markdown, PNG text chunks, the manifest;
see :mod:`~replicate.privacy.extract`) is searched for

* every identifying value of the cohort (:func:`~replicate.privacy.identifying_values`:
  names, student and mentor ids, e-mail addresses), as whole words ignoring case, and
* private absolute paths: the folders the caller names (config folder, home folder) and any
  ``/home/<user>``, ``/Users/<user>`` or ``C:\\Users\\<user>`` path (a traceback or a
  papermill ``input_path`` carries them).

:func:`assert_publishable` raises :class:`~replicate.errors.PrivacyError` when anything is
found, so the pipeline publishes nothing. Content the scan cannot read (a JPEG, a PDF, a
non-UTF-8 file) is itself a finding: the check fails closed.

Speed: the identity search is a token-set lookup (:mod:`~replicate.privacy.matching`) whose
cost does not grow with the number of values; the path search is one compiled alternation of
a handful of patterns. A column of a stage table is first screened by its distinct cells
(:attr:`~replicate.privacy.extract.Chunk.screen`) and searched in full only when they hold
some value's first token or a path's marker: the same findings (test), and a million-unit
report's tables, whose columns repeat codes, coders and definitions hundreds of thousands of
times, scan in 19 s instead of 40 s. ``bench/bench_privacy.py`` measures a report-sized
folder. A run scans each stage's files while other stages run; from 50,000 units in two
worker processes of its own (:class:`OutputScan` with ``background=True``): in the run's own
process a scan of a large table held the interpreter lock for seconds at a time, and the
threads that drive the other stages' kernels waited (stage 50 took 17 s beside the scan of
stage 35's files, 5 s with the scan in workers).
"""

from __future__ import annotations

import contextlib
import re
from collections import deque
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from pathlib import Path, PurePath
from typing import Any

from replicate.errors import DataError, PrivacyError
from replicate.privacy.extract import Unscanned, iter_chunks
from replicate.privacy.findings import SUGGESTIONS, Finding, mask
from replicate.privacy.identities import IdentitySet
from replicate.privacy.matching import line_of
from replicate.privacy.patterns import PathMatcher
from replicate.processes import own_session

__all__ = ["OutputScan", "assert_publishable", "raise_findings", "scan_outputs"]

_HOME_PREFIX = re.compile(r"^(.*?(?:home|users)[\\/]+)", re.IGNORECASE)


def scan_outputs(
    folder: Path,
    identities: IdentitySet,
    *,
    private_paths: Sequence[str | PurePath] = (),
) -> list[Finding]:
    """Scan every file of a report folder for identifying values and private paths.

    Parameters
    ----------
    folder : pathlib.Path
        The report folder (scanned recursively; hidden files included).
    identities : IdentitySet
        The cohort's identifying values.
    private_paths : sequence of str or PurePath, default=()
        Absolute folders that must not appear (config folder, home folder, data folder).

    Returns
    -------
    list of Finding
        Sorted; ``file`` is relative to ``folder`` in POSIX form. Empty when the folder is
        clean.

    Raises
    ------
    DataError
        When ``folder`` is not a folder.
    """
    return [f for f, _source in _scan(folder, identities, private_paths)]


def _cited_dois() -> re.Pattern[str]:
    """The DOIs of the works the write-up cites (fixed text of the tool)."""
    from replicate.writeup.frame import REFERENCES

    dois = sorted({m for ref in REFERENCES for m in re.findall(r"doi:(\S+)", ref)})
    return re.compile("|".join(re.escape(d) for d in dois), re.IGNORECASE)


def _without_citations(text: str, cited: re.Pattern[str]) -> str:
    """``text`` with the cited works' DOIs blanked out (same length, so lines and offsets
    stay): a DOI such as ``10.1007/s10459-011-9317-0`` holds ``s10459``, which is a student
    id in a roster of more than 10,459 students numbered ``S00001`` …, and refusing the
    report for the original paper's DOI helps no one. Only the exact DOIs of the tool's own
    reference list are blanked; any other text is scanned as it is."""
    return cited.sub(lambda m: " " * len(m.group(0)), text)


class OutputScan:
    """The output scan of one report folder, done file by file as a run writes the files.

    A run queues each stage's files as soon as the stage is done and scans them one by one
    while it waits for the other stages (:meth:`step`); :meth:`finish` then scans every file
    not scanned yet (queued or not) or changed since
    (size, modification time or inode differ) and forgets files that are gone, so the result
    is the scan of the folder as it is at that moment, the same as :func:`scan_outputs`.

    Parameters
    ----------
    folder : pathlib.Path
        The report folder.
    identities : IdentitySet
        The cohort's identifying values.
    private_paths : sequence of str or PurePath, default=()
        Absolute folders that must not appear.
    background : bool, default=False
        Scan queued files in worker processes of its own (two, the largest file first),
        started now (:meth:`close` stops them; :meth:`finish` does too, after sending them
        the files not scanned yet). The findings are the same; a file a worker could not
        scan (it died) is scanned by :meth:`finish` in this process.
    """

    def __init__(self, folder: Path, identities: IdentitySet,
                 private_paths: Sequence[str | PurePath] = (), *,
                 background: bool = False) -> None:
        self.folder = folder
        self._identities = identities
        self._private = tuple(str(p) for p in private_paths)
        self._paths = PathMatcher(private_paths)
        self._cited = _cited_dois()
        self._done: dict[str, tuple[tuple[int, int, int], dict[Finding, str]]] = {}
        self._queued: deque[Path] = deque()
        self._jobs: list[Future[tuple[str, tuple[int, int, int], dict[Finding, str]] | None]] = []
        self._pool: Any = None
        self._watched: tuple[str, ...] = ()
        self._seen: dict[Path, tuple[int, int, int]] = {}  # stamps at the last look
        self._sent: dict[Path, tuple[int, int, int]] = {}  # stamps when sent to a worker
        if background:
            # loky, not multiprocessing: a fresh interpreter (no fork of a process that runs
            # kernel threads) that does not run the caller's __main__ module again
            from joblib.externals.loky import (  # type: ignore[import-untyped, unused-ignore]
                ProcessPoolExecutor,
            )

            self._pool = ProcessPoolExecutor(max_workers=_WORKERS, initializer=_start_worker,
                                             initargs=(folder, identities, self._private))

    def queue(self, files: Iterable[Path]) -> None:
        """Files to scan while the run waits for its stages: in the worker process when
        there is one, else one by one with :meth:`step`."""
        if self._pool is None:
            self._queued.extend(files)
            return
        stamped = [(f, _stamp(f)) for f in files if f.is_file()]
        # not again what a worker has (unchanged since); the largest first, so that two
        # workers end a stage's files together
        fresh = [(f, st) for f, st in stamped if self._sent.get(f) != st]
        for f, st in sorted(fresh, key=lambda fs: -fs[1][0]):
            self._sent[f] = st
            self._jobs.append(self._pool.submit(_scan_in_worker, str(f)))

    def watch(self, patterns: Iterable[str]) -> None:
        """Glob patterns (relative to the folder) of files that running stages write: with
        a worker, :meth:`step` sends such a file to it once it has stopped changing, before
        its stage is done (a file that changes after that is scanned again by
        :meth:`finish`, which compares every file's stamp)."""
        self._watched = tuple(patterns)

    def step(self) -> bool:
        """Scan the next queued file; False when none is queued. With a worker: send it the
        watched files that did not change since the last step; always False."""
        if self._pool is not None:
            found = {f for pattern in self._watched for f in self.folder.glob(pattern)}
            ready: list[Path] = []
            for f in sorted(found):
                with contextlib.suppress(OSError):  # gone meanwhile
                    st = _stamp(f)
                    if self._seen.get(f) == st and self._sent.get(f) != st:
                        ready.append(f)
                    self._seen[f] = st
            self.queue(ready)
            return False
        if not self._queued:
            return False
        self.scan([self._queued.popleft()])
        return True

    def close(self) -> None:
        """Stop the worker process, if any (its queued scans are dropped)."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            for job in self._jobs:
                job.cancel()
            pool.shutdown(wait=True)

    def _collect(self) -> None:
        """Take the worker's scans (a scan that failed is left to :meth:`finish`)."""
        jobs, self._jobs = self._jobs, []
        for job in jobs:
            try:
                done = job.result()
            except Exception:  # the worker died: finish scans the file here
                continue
            if done is not None:
                rel, stamp, found = done
                self._done[rel] = (stamp, found)
        self.close()

    def scan(self, files: Iterable[Path]) -> None:
        """Scan ``files`` (inside the folder) now; a file that changes later is scanned again
        by :meth:`finish`."""
        for file in files:
            if (scanned := self._scanned(file)) is not None:
                rel, stamp, found = scanned
                self._done[rel] = (stamp, found)

    def _scanned(self, file: Path) -> tuple[str, tuple[int, int, int], dict[Finding, str]] | None:
        """A file's name in the folder, its stamp before it was read, and its findings; None
        when it is not a file (gone)."""
        if not file.is_file():
            return None
        rel = file.relative_to(self.folder).as_posix()
        return rel, _stamp(file), self._scan_file(file, rel)

    def finish(self) -> list[tuple[Finding, str]]:
        """Findings in the whole folder as it is now, sorted, each with the input that holds
        the value (``students.name, row 14``).

        Raises
        ------
        DataError
            When the folder is not a folder.
        """
        if self._pool is not None and self.folder.is_dir():
            # the files not scanned yet go to the workers too: their matchers are built, and
            # this process's would cost a million-unit run 2 s at its very end; a pool that
            # broke (a worker died) takes none, and they are scanned here below
            with contextlib.suppress(Exception):
                self.queue(p for p in self._present() if self._stale(p))
        self._collect()
        if not self.folder.is_dir():
            raise DataError("report folder not found; expected a folder",
                            file=str(self.folder))
        present = self._present()
        names = {p.relative_to(self.folder).as_posix() for p in present}
        for rel in set(self._done) - names:
            del self._done[rel]
        self.scan(p for p in present if self._stale(p))
        found: dict[Finding, str] = {}
        for _stamped, file_found in self._done.values():
            for finding, source in file_found.items():
                found.setdefault(finding, source)
        return sorted(found.items(),
                      key=lambda fs: (fs[0].file, fs[0].line or 0, fs[0].where, fs[0].kind,
                                      fs[0].masked))

    def _present(self) -> list[Path]:
        return sorted(p for p in self.folder.rglob("*") if p.is_file())

    def _stale(self, file: Path) -> bool:
        """Whether ``file`` is not scanned yet or changed since it was scanned."""
        rec = self._done.get(file.relative_to(self.folder).as_posix())
        return rec is None or rec[0] != _stamp(file)

    def _scan_file(self, file: Path, rel: str) -> dict[Finding, str]:
        found: dict[Finding, str] = {}
        for chunk in iter_chunks(file.name, file.read_bytes()):
            if isinstance(chunk, Unscanned):
                found.setdefault(Finding(rel, None, chunk.where, chunk.kind, "",
                                         SUGGESTIONS[chunk.kind]), "")
                continue
            if chunk.screen is not None and not self._identities.matcher.may_match(
                    _without_citations(chunk.screen, self._cited)) and not self._paths.may_match(
                    chunk.screen):
                continue  # a column of repeated cells: its distinct cells hold nothing
            for matched, line, ident in self._identities.matcher.find(
                    _without_citations(chunk.text, self._cited)):
                finding = Finding.make(file=rel, line=line, where=chunk.where,
                                       kind=ident.kind, value=matched)
                found.setdefault(finding, ident.source)
            for start, end, kind in self._paths.find(chunk.text):
                finding = Finding(rel, line_of(chunk.text, start), chunk.where, kind,
                                  _mask_path(chunk.text[start:end], kind), SUGGESTIONS[kind])
                found.setdefault(finding, "a folder of this machine (config, data or home)")
        return found


_WORKER: list[OutputScan] = []  # the scan of a background worker process
# Two: when the run's last large stage is done, its tables are scanned side by side while the
# write-up runs (stage 35's 150 MB review table took 10 s, its suggestions 5 s).
_WORKERS = 2
_NICE = 10


def _start_worker(folder: Path, identities: IdentitySet, private: tuple[str, ...]) -> None:
    # below the run's own process, whose threads drive the kernels, and below the kernels:
    # a session of its own, niced as a group (:mod:`replicate.processes`), scans when the
    # kernels leave a core free
    own_session(_NICE)
    _WORKER[:] = [OutputScan(folder, identities, private)]


def _scan_in_worker(path: str) -> tuple[str, tuple[int, int, int], dict[Finding, str]] | None:
    return _WORKER[0]._scanned(Path(path))


def _stamp(file: Path) -> tuple[int, int, int]:
    st = file.stat()
    return st.st_size, st.st_mtime_ns, st.st_ino


def _scan(
    folder: Path, identities: IdentitySet, private_paths: Sequence[str | PurePath]
) -> list[tuple[Finding, str]]:
    """Findings, each with the input that holds the value (``students.name, row 14``)."""
    return OutputScan(folder, identities, private_paths).finish()


def raise_findings(scanned: Sequence[tuple[Finding, str]]) -> None:
    """Raise the :class:`~replicate.errors.PrivacyError` of :func:`assert_publishable` for
    ``scanned`` (:meth:`OutputScan.finish`); nothing when it is empty."""
    if not scanned:
        return
    findings = [f for f, _source in scanned]
    first, source = scanned[0]
    kinds = ", ".join(sorted({f.kind for f in findings}))
    files = len({f.file for f in findings})
    where = ", ".join(
        part for part in (f"line {first.line}" if first.line else "", first.where) if part
    )
    held = f" (the value is in {source})" if source else ""
    raise PrivacyError(
        f"{first.kind} found{held}; {len(findings)} finding(s) in {files} file(s) ({kinds});"
        " nothing was published. Remove identifying values from the inputs of the stage that"
        " wrote the file",
        file=first.file, location=where or None,
    )


def assert_publishable(
    folder: Path,
    identities: IdentitySet,
    private_paths: Sequence[str | PurePath] = (),
) -> None:
    """Raise unless the report folder is free of identifying values and private paths.

    Parameters
    ----------
    folder : pathlib.Path
        The (temporary) report folder about to be published.
    identities : IdentitySet
        The cohort's identifying values.
    private_paths : sequence of str or PurePath, default=()
        Absolute folders that must not appear (see :func:`scan_outputs`).

    Raises
    ------
    PrivacyError
        One line naming the first file, the place in it (line, column or JSON path), what
        kind of value was found and which input holds it (``students.name, row 14``), and
        how many findings there are in all; the value itself is never repeated. Call
        :func:`scan_outputs` for the full (masked) list.
    DataError
        When ``folder`` is not a folder.
    """
    raise_findings(_scan(folder, identities, private_paths))


def _mask_path(path: str, kind: str) -> str:
    if kind == "home path":
        m = _HOME_PREFIX.match(path)
        if m:
            return m.group(1) + mask(path[m.end() :])
    return mask(path)
