"""Executing one stage notebook: papermill in-process, a kernel on IPC sockets.

The kernels of a run are kept in a :class:`KernelPool`: a stage takes an idle kernel (or
starts one) and gives it back when it is done, so a run of seven stages on two lanes starts
two kernels instead of seven and imports numpy, pandas and scikit-learn twice instead of
seven times (the stage notebooks are thin: each assigns its own names and calls its stage's
entry function with explicit seeds, and no stage changes matplotlib's or numpy's global
state, so a stage gives the same outputs in a fresh kernel or a used one; the determinism
tests compare whole reports). A kernel whose stage failed, or that died, is not reused.
A run starts its kernels before it loads the cohort (:meth:`KernelPool.warm`): they start and
import their libraries on the core the loading leaves idle (at 10,000 interviews the loading
and the checks take about 18 s on one core), silently, and a bad input found meanwhile closes
them before any stage is shown.

A bad-input error raised inside the kernel (``ConfigError``, ``DataError`` …) keeps its kind
across the kernel boundary: it is re-raised here as the same class with the same one line, so
the CLI exits 2 for it, as it would had the check run before the kernel. Anything else a
cell raises becomes a :class:`~replicate.errors.StageError` (exit 1).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import shutil
import signal
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Coroutine, Mapping
from pathlib import Path
from typing import Any, TypeVar

import nbformat

from replicate import errors
from replicate.errors import ReplicateError, StageError
from replicate.stage import Stage

__all__ = ["WARM_IMPORTS", "KernelPool", "KernelWatch", "StageTiming", "execute_stage"]

#: What a warm kernel imports before its first stage (:meth:`KernelPool.warm`): the stage
#: modules and the libraries the stages import as they run (2-3 s of a kernel's start).
#: Importing is all it does; a stage's results do not depend on it.
WARM_IMPORTS = ("replicate.stages", "pandas", "matplotlib.figure",
                "matplotlib.backends.backend_agg", "scipy.sparse", "scipy.stats",
                "sklearn.linear_model", "sklearn.multiclass", "sklearn.pipeline", "joblib",
                "phonenumbers")

T = TypeVar("T")

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


class _Kernel:
    """One kernel manager of a :class:`KernelPool` and its socket folder."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self.ipc_dir = Path(tempfile.mkdtemp(prefix="replicate-kernel-"))
        self.km: Any = _kernel_manager_class(self.ipc_dir, env)(kernel_name="python3")
        self.uses = 0
        self.cwd: str | None = None  # its working folder, when it started outside a stage

    @property
    def pid(self) -> int | None:
        pid = getattr(self.km.provisioner, "pid", None) if self.km.has_kernel else None
        return pid if isinstance(pid, int) else None

    def close_clients(self) -> None:
        """Close the channels of the clients the stages opened on this kernel."""
        for kc in self.km.__dict__.pop("replicate_clients", []):
            with contextlib.suppress(Exception):
                kc.stop_channels()

    @property
    def _process(self) -> Any:
        return getattr(self.km.provisioner, "process", None) if self.km.has_kernel else None

    def alive(self) -> bool:
        process = self._process
        return process is not None and process.poll() is None

    def close(self) -> None:
        self.close_clients()
        pid, process = self.pid, self._process
        if pid is not None:
            _kill(pid)
            with contextlib.suppress(Exception):
                if process is not None:
                    process.wait(timeout=10)  # reaped: no zombie, no "still running"
        with contextlib.suppress(Exception):
            self.km._close_control_socket()
            self.km.cleanup_connection_file()
        if getattr(self.km, "_created_context", False):
            with contextlib.suppress(Exception):
                self.km.context.destroy(linger=0)
        shutil.rmtree(self.ipc_dir, ignore_errors=True)


class KernelPool:
    """The kernels of one run, reused from stage to stage (see the module notes).

    Use as a context manager: leaving it kills every kernel and removes its sockets.

    Parameters
    ----------
    env : mapping of str to str, optional
        Variables added to the kernels' environment (the run's cohort folder,
        :mod:`replicate.cohort_cache`).
    """

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self._env = dict(env or {})
        self._lock = threading.Condition()  # notified when a kernel turns idle
        self._idle: list[_Kernel] = []
        self._all: list[_Kernel] = []
        self._warming: threading.Thread | None = None
        self._warm_left = 0  # kernels still warming
        self._loaded = threading.Event()  # the caller's own work before the stages is done
        self._closing = False

    def warm(self, n: int) -> None:
        """Start ``n`` kernels in the background, each importing :data:`WARM_IMPORTS`.

        A run calls this before it loads the cohort: the first kernel starts and imports its
        libraries on the core the loading leaves idle, the others once it is ready or once
        the run calls :meth:`loaded`, and the first stages take them ready (:meth:`take`
        waits for the next one while any is warming). Nothing is shown: a kernel that fails
        to start or to import is closed, and its stage starts a kernel of its own.
        """
        if n < 1 or self._warming is not None:
            return
        with self._lock:
            kernels = [_Kernel(self._env) for _ in range(n)]
            self._all.extend(kernels)
            self._warm_left = n
        self._warming = threading.Thread(target=self._warm, args=(kernels,), daemon=True,
                                         name="replicate-warm-kernels")
        self._warming.start()

    def _warm(self, kernels: list[_Kernel]) -> None:
        async def lend(kernel: _Kernel) -> None:
            ok = await self._warm_one(kernel)
            with self._lock:
                if ok and not self._closing and kernel.alive():
                    self._idle.append(kernel)
                self._warm_left -= 1
                self._lock.notify_all()

        async def warm_all() -> None:
            # the first alone while the caller loads the cohort on the other core (two kernels
            # importing beside the loading took turns with it: a 1,000,000-unit cohort loaded
            # 2 s slower); the rest once the first is ready or the loading is done
            first = asyncio.ensure_future(lend(kernels[0]))
            while not first.done() and not self._loaded.is_set():
                await asyncio.sleep(0.05)
            await asyncio.gather(first, *(lend(k) for k in kernels[1:]))

        try:
            _on_own_loop(warm_all())
        except Exception:  # a failure is a cold start, never an error
            pass
        finally:
            with self._lock:
                self._warm_left = 0
                self._lock.notify_all()

    async def _warm_one(self, kernel: _Kernel) -> bool:
        if self._closing:  # the pool closed while an earlier kernel warmed
            return False
        try:
            # it starts in its own socket folder; its first stage moves it to the run's
            # folder, where a kernel started for a stage starts (:meth:`take`)
            await kernel.km.start_kernel(cwd=str(kernel.ipc_dir))
        except Exception:
            return False
        kernel.cwd = str(kernel.ipc_dir)
        # imported, not bound: the notebooks' namespace stays as a fresh kernel's
        code = (f"import importlib as _i\nfor _m in {WARM_IMPORTS!r}:\n    _i.import_module(_m)\n"
                "del _i, _m")
        return not self._closing and await _quietly(kernel, code,
                                                    stop=lambda: self._closing)

    def loaded(self) -> None:
        """Say that the caller's own work before the stages (loading the cohort) is done:
        the kernels still waiting to warm start now."""
        self._loaded.set()

    def take(self, watch: KernelWatch, cwd: Path | None = None) -> _Kernel:
        """An idle live kernel (reported to ``watch``) or a new, not yet started one.

        While kernels are warming and none is idle, it waits for the next one to be ready:
        the warm kernels are the run's first choice. ``cwd``: the folder the stage runs in. A
        new kernel is started there (nbclient starts it in the notebook's folder); an idle
        one started elsewhere (a warm kernel) is moved there first.
        """
        while True:
            with self._lock:
                while not self._idle and self._warm_left > 0:
                    self._lock.wait()
                kernel = self._idle.pop() if self._idle else None
            if kernel is None:
                break
            moved = cwd is None or kernel.cwd in (None, str(cwd)) or _move(kernel, cwd)
            if moved and kernel.alive():
                kernel.km.on_start = watch.started
                watch.started(kernel.pid)
                return kernel
            kernel.close()
        with self._lock:
            kernel = _Kernel(self._env)
            kernel.km.on_start = watch.started
            self._all.append(kernel)
            return kernel

    def give(self, kernel: _Kernel, *, reusable: bool) -> None:
        """Take ``kernel`` back after a stage: idle when ``reusable`` and alive, else closed."""
        kernel.uses += 1
        kernel.close_clients()
        with self._lock:
            if reusable and kernel.alive():
                self._idle.append(kernel)
                self._lock.notify_all()
                return
        kernel.close()

    def __enter__(self) -> KernelPool:
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._closing = True
            kernels, self._all, self._idle = self._all, [], []
        if self._warming is not None:
            for kernel in kernels:  # a kernel still warming dies: its warming ends at once
                if kernel.pid is not None:
                    _kill(kernel.pid)
            self._warming.join(timeout=30)
        for kernel in kernels:  # after the warming: no kernel starts behind this
            kernel.close()


async def _quietly(kernel: _Kernel, code: str, *, stop: Callable[[], bool] = lambda: False,
                   timeout: float = 120.0) -> bool:
    """Run ``code`` in ``kernel`` without output or history (a silent execute request);
    whether it ran without error. Gives up, False, when the kernel dies, when ``stop()``
    turns true or after ``timeout`` seconds."""
    kc = kernel.km.client()
    try:
        kc.start_channels()
        await kc.wait_for_ready(timeout=60)
        msg_id = kc.execute(code, silent=True, store_history=False)
        deadline = time.monotonic() + timeout
        while not stop() and kernel.alive() and time.monotonic() < deadline:
            try:
                reply = await kc.get_shell_msg(timeout=0.25)
            except queue.Empty:
                continue
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                return bool(reply.get("content", {}).get("status") == "ok")
        return False
    except Exception:
        return False
    finally:
        kernel.close_clients()


def _move(kernel: _Kernel, cwd: Path) -> bool:
    """Change ``kernel``'s working folder to ``cwd`` (from a thread without a running event
    loop); whether it did."""
    moved = _on_own_loop(_quietly(
        kernel, f"import os as _os\n_os.chdir({str(cwd)!r})\ndel _os", timeout=30))
    if moved:
        kernel.cwd = str(cwd)
    return moved


def _on_own_loop(job: Coroutine[Any, Any, T]) -> T:
    """Run ``job`` to its end on an event loop of its own (from a thread running none)."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(job)
    finally:
        loop.close()


def _kill(pid: int) -> None:
    with contextlib.suppress(OSError):  # already gone
        os.kill(pid, signal.SIGKILL)


class StageTiming(dict[str, float]):
    """Seconds spent per phase of one stage: ``kernel`` (start and shutdown), ``cells``
    (imports and compute in the kernel), ``total``; ``render`` is added by the caller."""


def execute_stage(stage: Stage, build: Path, config_path: Path, params: Mapping[str, Any],
                  cohort_id: str, watch: KernelWatch, kernels: KernelPool | None = None
                  ) -> tuple[Any, StageTiming]:
    """Run ``stage``'s notebook into ``build/notebooks`` and return it with its timings.

    ``kernels`` lends the kernel (None = a fresh one, shut down afterwards).

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
        if kernels is None:
            with KernelPool() as own:
                nb = _execute(stage, build, config_path, params, cohort_id, watch, timing,
                              own)
        else:
            nb = _execute(stage, build, config_path, params, cohort_id, watch, timing,
                          kernels)
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


def _kernel_manager_class(ipc_dir: Path, env: Mapping[str, str] | None = None) -> type:
    """A kernel manager on IPC sockets in ``ipc_dir``: local only, so no TCP port and no
    plain-text warning, and a private folder per kernel so kernels started side by side never
    pick the same socket names. A started kernel's process id goes to its ``on_start``;
    ``env`` is added to the kernel's environment."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class IPCKernelManager(AsyncKernelManager):
        @default("transport")
        def _transport_default(self) -> str:
            return "ipc"

        @default("ip")
        def _ip_default(self) -> str:
            return str(ipc_dir / "kernel")

        def client(self, **kw: Any) -> Any:
            # nbclient closes its client only when it owns the manager; here the pool owns
            # it, so the clients are kept to be closed when the stage gives the kernel back
            kc = super().client(**kw)
            self.__dict__.setdefault("replicate_clients", []).append(kc)
            return kc

        # AsyncKernelManager's start_kernel is a coroutine; its annotation is the sync one.
        async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
            if env:
                kw["env"] = {**kw.get("env", os.environ), **env}
            await super().start_kernel(**kw)
            on_start = getattr(self, "on_start", None)
            if on_start is not None:
                on_start(getattr(self.provisioner, "pid", None))

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
             cohort_id: str, watch: KernelWatch, timing: StageTiming, kernels: KernelPool, *,
             retries: int = 1) -> Any:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    src = stage.notebook()
    out = build / "notebooks" / f"{stage.name}.ipynb"
    parameters = {**params, "config_path": str(config_path), "run_dir": str(build)}
    for attempt in range(retries + 1):
        kernel = kernels.take(watch, cwd=build)
        reusable = False
        try:
            nb = papermill.execute_notebook(
                str(src), str(out), parameters=parameters, kernel_name="python3",
                progress_bar=False, log_output=False,
                # Not papermill's cwd=: it chdirs the whole process, which is not safe with
                # stages running side by side in threads. nbclient starts the kernel here.
                resources={"metadata": {"path": str(build)}},
                record_timing=True, km=kernel.km,
            )
            timing["cells"] = _cell_seconds(nb)
            reusable = True
            _renumber(out)
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
            kernels.give(kernel, reusable=reusable)
    return nbformat.read(out, as_version=4)


def _renumber(path: Path) -> None:
    """Number the executed cells 1, 2, … as a fresh kernel does: a reused kernel goes on
    counting from its last stage, which would make the notebook depend on which kernel ran
    it."""
    nb = nbformat.read(path, as_version=4)
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code" or cell.get("execution_count") is None:
            continue
        count += 1
        cell.execution_count = count
        for output in cell.get("outputs", []):
            if "execution_count" in output:
                output["execution_count"] = count
    nbformat.write(nb, path)


def _executed_cells(path: Path) -> int:
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # a half-written notebook counts as not started
        return 0
    return sum(1 for c in nb.cells if c.cell_type == "code" and c.get("execution_count"))
