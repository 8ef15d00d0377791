"""Executing one stage notebook: papermill in-process, one fresh kernel on IPC sockets.

A bad-input error raised inside the kernel (``ConfigError``, ``DataError`` …) keeps its kind
across the kernel boundary: it is re-raised here as the same class with the same one line, so
the CLI exits 2 for it, as it would had the check run before the kernel. Anything else a
cell raises becomes a :class:`~replicate.errors.StageError` (exit 1).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import tempfile
import threading
import time
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat

from replicate import errors
from replicate.errors import ReplicateError, StageError
from replicate.stage import Stage

__all__ = ["KernelWatch", "StageTiming", "execute_stage"]

#: Errors that keep their class when a stage raises them inside its kernel.
_KEPT_KINDS: dict[str, type[ReplicateError]] = {
    cls.__name__: cls for cls in (errors.ReplicateError, errors.ConfigError, errors.DataError,
                                  errors.ArtifactError, errors.PrivacyError)
}


class KernelWatch:
    """The kernels of one wave of stages, so that a failing stage can stop its siblings.

    papermill has no way to cancel an execution, so :meth:`cancel` kills the sibling kernels;
    their executions then end at once with a dead-kernel error, which is discarded. A kernel
    that starts after the cancel is killed as soon as it has started.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pids: set[int] = set()
        self.cancelled = False

    def started(self, pid: int | None) -> None:
        """Record a kernel process (killed at once when the wave is already cancelled)."""
        if pid is None:
            return
        with self._lock:
            self._pids.add(pid)
            if self.cancelled:
                _kill(pid)

    def cancel(self) -> None:
        """Kill every kernel of the wave."""
        with self._lock:
            self.cancelled = True
            for pid in self._pids:
                _kill(pid)


def _kill(pid: int) -> None:
    with contextlib.suppress(OSError):  # already gone
        os.kill(pid, signal.SIGKILL)


class StageTiming(dict[str, float]):
    """Seconds spent per phase of one stage: ``kernel`` (start and shutdown), ``cells``
    (imports and compute in the kernel), ``total``; ``render`` is added by the caller."""


def execute_stage(stage: Stage, build: Path, config_path: Path, params: Mapping[str, Any],
                  cohort_id: str, watch: KernelWatch) -> tuple[Any, StageTiming]:
    """Run ``stage``'s notebook into ``build/notebooks`` and return it with its timings.

    Raises
    ------
    ReplicateError
        A bad-input error the stage raised (its kind and one line kept).
    StageError
        Any other failure of a cell, or a kernel that died or did not start (after one retry
        when no cell had run).
    """
    t0 = time.perf_counter()
    timing = StageTiming()
    try:
        nb = _execute(stage, build, config_path, params, cohort_id, watch, timing)
    finally:
        _close_thread_loop()
    timing["total"] = time.perf_counter() - t0
    timing["kernel"] = max(0.0, timing["total"] - timing.get("cells", 0.0))
    return nb, timing


def _close_thread_loop() -> None:
    """Close the event loop nbclient left on this worker thread (it never closes it)."""
    if threading.current_thread() is threading.main_thread():
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            loop = asyncio.get_event_loop_policy().get_event_loop()
        except RuntimeError:
            return
    if not loop.is_running():
        loop.close()
    asyncio.set_event_loop(None)


def _kernel_manager_class(ipc_dir: Path, watch: KernelWatch) -> type:
    """A kernel manager on IPC sockets in ``ipc_dir``: local only, so no TCP port and no
    plain-text warning, and a private folder per kernel so kernels started side by side never
    pick the same socket names. Started kernels are reported to ``watch``."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class IPCKernelManager(AsyncKernelManager):
        @default("transport")
        def _transport_default(self) -> str:
            return "ipc"

        @default("ip")
        def _ip_default(self) -> str:
            return str(ipc_dir / "kernel")

        # AsyncKernelManager's start_kernel is a coroutine; its annotation is the sync one.
        async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
            await super().start_kernel(**kw)
            watch.started(getattr(self.provisioner, "pid", None))

    return IPCKernelManager


def _cell_seconds(nb: Any) -> float:
    """Seconds the kernel spent in cells, from papermill's per-cell timing metadata."""
    total = 0.0
    for cell in nb.cells:
        pm = cell.metadata.get("papermill", {})
        d = pm.get("duration")
        if isinstance(d, int | float):
            total += float(d)
    return total


def _execute(stage: Stage, build: Path, config_path: Path, params: Mapping[str, Any],
             cohort_id: str, watch: KernelWatch, timing: StageTiming, *, retries: int = 1
             ) -> Any:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    src = stage.notebook()
    out = build / "notebooks" / f"{stage.name}.ipynb"
    parameters = {**params, "config_path": str(config_path), "run_dir": str(build)}
    for attempt in range(retries + 1):
        ipc_dir = Path(tempfile.mkdtemp(prefix="replicate-kernel-"))
        try:
            nb = papermill.execute_notebook(
                str(src), str(out), parameters=parameters, kernel_name="python3",
                progress_bar=False, log_output=False,
                # Not papermill's cwd=: it chdirs the whole process, which is not safe with
                # stages running side by side in threads. nbclient starts the kernel here.
                resources={"metadata": {"path": str(build)}},
                shutdown_kernel="immediate", record_timing=True,
                kernel_manager_class=_kernel_manager_class(ipc_dir, watch),
            )
            timing["cells"] = _cell_seconds(nb)
            break
        except PapermillExecutionError as exc:
            kind = _KEPT_KINDS.get(exc.ename)
            if kind is not None:
                raise kind(str(exc.evalue)) from None
            raise StageError(f"{exc.ename}: {exc.evalue}", stage=stage.name,
                             cell=exc.exec_count, cohort=cohort_id) from None
        except Exception as exc:  # the kernel died or did not start
            started = out.exists() and _executed_cells(out) > 0
            if attempt < retries and not started and not watch.cancelled:
                continue  # a fresh kernel once, when the failure came before any cell ran
            first = f"{type(exc).__name__}: {exc}".strip().splitlines()[0]
            raise StageError(f"kernel failure: {first}", stage=stage.name,
                             cohort=cohort_id) from None
        finally:
            shutil.rmtree(ipc_dir, ignore_errors=True)
    return nbformat.read(out, as_version=4)


def _executed_cells(path: Path) -> int:
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # a half-written notebook counts as not started
        return 0
    return sum(1 for c in nb.cells if c.cell_type == "code" and c.get("execution_count"))
