"""Running a cohort's stage notebooks and publishing the report atomically.

Each stage notebook is executed in-process with :func:`papermill.execute_notebook` (one fresh
kernel per notebook, shut down immediately), sanitised (no timings, fixed cell ids, no private
paths), rendered to HTML with :mod:`replicate.report`, and written into a build folder beside
the target, ``reports/.<id>.build-<pid>``. Only when every stage passed is the build folder
renamed into place; a failed or killed run leaves the previous report untouched.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import nbformat

from replicate.cohort import Cohort, load_cohort
from replicate.errors import ConfigError, StageError
from replicate.report import notebook_to_html, render_index

__all__ = [
    "STAGES",
    "RunResult",
    "Stage",
    "manifest_inputs",
    "notebooks_dir",
    "publish",
    "run_cohort",
    "sanitise_notebook",
]


@dataclass(frozen=True)
class Stage:
    """A stage notebook: ``NN_name`` and its title."""

    name: str
    title: str

    @property
    def number(self) -> str:
        """The two-digit prefix (``"30"``)."""
        return self.name[:2]


STAGES: tuple[Stage, ...] = (
    Stage("00_cohort_overview", "Cohort overview"),
    Stage("10_sampling_design", "Sampling design"),
    Stage("20_pilot_interview_guide", "Interview-guide pilot checks"),
    Stage("30_coding_reliability", "Coding reliability"),
    Stage("40_theme_synthesis", "Theme synthesis"),
    Stage("50_write_up", "Write-up"),
)
CANONICAL_PARAMS = ("config_path", "run_dir")
_VERSIONED = ("replicate", "numpy", "pandas", "pydantic", "papermill", "nbconvert", "nbclient",
              "ipykernel", "matplotlib", "scikit-learn", "scipy")


def notebooks_dir() -> Path:
    """The project's ``notebooks/`` folder (``REPLICATE_NOTEBOOKS`` overrides it)."""
    env = os.environ.get("REPLICATE_NOTEBOOKS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "notebooks"


def available_stages() -> list[Stage]:
    """Stages whose notebook exists, in order."""
    folder = notebooks_dir()
    return [s for s in STAGES if (folder / f"{s.name}.ipynb").exists()]


def select_stages(spec: Sequence[str] | None) -> list[Stage]:
    """Stages named by number (``10``) or name; all available ones when ``spec`` is empty.

    Raises
    ------
    ConfigError
        An unknown stage.
    """
    avail = available_stages()
    if not spec:
        return avail
    chosen: list[Stage] = []
    for item in spec:
        for part in item.split(","):
            part = part.strip()
            match = [s for s in avail if part in (s.name, s.number)]
            if not match:
                allowed = ", ".join(f"{s.number} ({s.name})" for s in avail)
                raise ConfigError(f"unknown stage '{part}'; allowed: {allowed}",
                                  location="--stages")
            chosen.extend(m for m in match if m not in chosen)
    return sorted(chosen, key=lambda s: s.name)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def manifest_inputs(cohort: Cohort) -> dict[str, str]:
    """SHA-256 of every input file, keyed by its path relative to the config folder."""
    root = cohort.config.root
    files: list[Path] = [cohort.config.path]
    for name in type(cohort.config.data).model_fields:
        p = cohort.config.data_path(name)
        if p is None:
            continue
        if p.is_dir():
            files.extend(sorted(q for q in p.rglob("*") if q.is_file()))
        elif p.exists():
            files.append(p)
    guide = cohort.config.data_path("guide")
    if guide is not None and guide.parent.is_dir():
        files.extend(sorted(q for q in guide.parent.glob("*.y*ml") if q != guide))
    for rel in cohort.config.writeup.author_text.values():
        p = root / rel
        if p.is_file():
            files.append(p)
    out: dict[str, str] = {}
    for f in files:
        try:
            key = f.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            key = f.name
        out[key] = _sha256(f)
    return dict(sorted(out.items()))


def _versions() -> dict[str, str]:
    out = {"python": ".".join(str(v) for v in sys.version_info[:3])}
    for dist in _VERSIONED:
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


def sanitise_notebook(nb: Any, *, params: Mapping[str, str]) -> Any:
    """Make an executed notebook reproducible and free of private paths.

    Removes timings and papermill's paths, fixes cell ids, rewrites the injected parameters cell
    to ``params`` (the canonical, path-free values), and drops stderr streams (they can carry
    absolute paths of the machine).
    """
    nb.metadata["papermill"] = {"parameters": dict(params)}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell.source = "# Parameters\n" + "".join(
                f"{k} = {json.dumps(v)}\n" for k, v in params.items()
            )
        if cell.cell_type == "code":
            cell.outputs = [
                o for o in cell.outputs
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
    return nb


@dataclass
class RunResult:
    """Outcome of :func:`run_cohort`."""

    study_id: str
    report_dir: Path
    stages: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


# What each stage reads: config sections and data keys (for incremental runs).
STAGE_INPUTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "00_cohort_overview": (("study", "programme", "data", "sampling", "guide"),
                           ("students", "mentors", "participants", "codebook", "units",
                            "codings", "transcripts", "pilots")),
    "10_sampling_design": (("study", "programme", "data", "sampling", "synthesis", "privacy"),
                           ("students", "mentors", "participants")),
    "20_pilot_interview_guide": (("study", "data", "guide"), ("guide", "pilots")),
    "30_coding_reliability": (("study", "data", "reliability"),
                              ("codings", "units", "codebook", "participants")),
    "40_theme_synthesis": (("study", "data", "synthesis", "privacy", "sampling"),
                           ("codebook", "units", "participants", "students", "mentors",
                            "transcripts")),
    "50_write_up": (("study", "programme", "data", "sampling", "guide", "reliability",
                     "synthesis", "privacy", "writeup"), ()),
}


def stage_keys(cohort: Cohort, stages: Sequence[Stage]) -> dict[str, str]:
    """A hash per stage over its notebook, config sections and input files.

    The write-up's key also covers the keys of every stage before it, since it reads their
    artifacts. A stage whose key equals the one recorded by the last successful run is not
    re-executed (unless forced).
    """
    cfg = cohort.config
    inputs = manifest_inputs(cohort)
    prefixes: dict[str, list[str]] = {}
    for name in type(cfg.data).model_fields:
        rel = getattr(cfg.data, name)
        if rel is not None:
            prefixes[name] = [Path(rel).as_posix()]
    guide = cfg.data.guide
    if guide is not None:
        prefixes["guide"].append(Path(guide).parent.as_posix() + "/")
    keys: dict[str, str] = {}
    for stage in sorted(stages, key=lambda s: s.name):
        sections, data_keys = STAGE_INPUTS.get(stage.name, (("study",), ()))
        h = hashlib.sha256()
        h.update(_sha256(notebooks_dir() / f"{stage.name}.ipynb").encode())
        h.update(json.dumps({n: cfg.section(n) for n in sections}, sort_keys=True).encode())
        h.update(str(cfg.seed).encode())
        wanted = [p for k in data_keys for p in prefixes.get(k, [])]
        for path, digest in inputs.items():
            if path == cfg.path.name:
                continue  # the config counts through its sections above
            if stage.name == "50_write_up" or any(
                path == w or path.startswith(w.rstrip("/") + "/") for w in wanted
            ):
                h.update(f"{path}={digest}".encode())
        if stage.name == "50_write_up":
            for name, key in sorted(keys.items()):
                h.update(f"{name}={key}".encode())
        h.update(_versions()["replicate"].encode())
        keys[stage.name] = h.hexdigest()
    return keys


READS_ARTIFACTS = frozenset({"50_write_up"})


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


def _timed_execute(stage: Stage, build: Path, config_path: Path, params: Mapping[str, Any],
                   cohort_id: str, watch: KernelWatch) -> tuple[Any, float]:
    t0 = time.perf_counter()
    try:
        nb = _execute(stage, build, config_path, params, cohort_id, watch)
    finally:
        _close_thread_loop()
    return nb, time.perf_counter() - t0


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


def _render(nb: Any, stage: Stage, cfg: Any, build: Path, params: Mapping[str, Any]) -> None:
    """Sanitise the executed notebook, write it and its HTML report into the build folder."""
    nb = sanitise_notebook(nb, params=params)
    nbformat.write(nb, build / "notebooks" / f"{stage.name}.ipynb")
    html = notebook_to_html(nb, title=f"{cfg.study.title}: {stage.title}",
                            nav_html='<a href="../index.html">Index</a>',
                            language=cfg.study.language)
    (build / "stages" / f"{stage.name}.html").write_text(html, encoding="utf-8")


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


def _execute(stage: Stage, build: Path, config_path: Path, params: Mapping[str, Any],
             cohort_id: str, watch: KernelWatch, *, retries: int = 1) -> Any:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    src = notebooks_dir() / f"{stage.name}.ipynb"
    out = build / "notebooks" / f"{stage.name}.ipynb"
    parameters = {"config_path": str(config_path), "run_dir": str(build), **params}
    for attempt in range(retries + 1):
        ipc_dir = Path(tempfile.mkdtemp(prefix="replicate-kernel-"))
        try:
            papermill.execute_notebook(
                str(src), str(out), parameters=parameters, kernel_name="python3",
                progress_bar=False, log_output=False,
                # Not papermill's cwd=: it chdirs the whole process, which is not safe with
                # stages running side by side in threads. nbclient starts the kernel here.
                resources={"metadata": {"path": str(build)}},
                shutdown_kernel="immediate", record_timing=False,
                kernel_manager_class=_kernel_manager_class(ipc_dir, watch),
            )
            break
        except PapermillExecutionError as exc:
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


# Data each stage cannot run without (config keys under ``data``).
STAGE_REQUIRES: dict[str, tuple[str, ...]] = {
    "10_sampling_design": ("students", "mentors"),
    "20_pilot_interview_guide": ("guide", "pilots"),
    "30_coding_reliability": ("codings", "units", "codebook"),
    "40_theme_synthesis": ("codebook", "units", "participants"),
}


def missing_inputs(cohort: Cohort, stages: Sequence[Stage]) -> list[ConfigError]:
    """One error per chosen stage whose required data are not in the config."""
    problems = []
    for stage in stages:
        absent = [k for k in STAGE_REQUIRES.get(stage.name, ()) if getattr(cohort.config.data, k)
                  is None]
        if absent:
            keys = ", ".join(f"data.{k}" for k in absent)
            problems.append(ConfigError(
                f"stage {stage.name} needs {keys}; add it to the config or leave the stage out "
                f"(--stages)", file=cohort.display(cohort.config.path), location=keys))
    return problems


def check_parameters(stages: Sequence[Stage], params: Mapping[str, Any]) -> None:
    """Refuse parameters that a stage notebook's ``parameters`` cell does not declare.

    Raises
    ------
    ConfigError
    """
    import papermill

    for stage in stages:
        declared = papermill.inspect_notebook(str(notebooks_dir() / f"{stage.name}.ipynb"))
        for name in params:
            if name not in declared:
                raise ConfigError(
                    f"parameter '{name}' is not in the parameters cell of {stage.name}; "
                    f"allowed: {', '.join(sorted(declared))}", location="--param")


def publish(build: Path, target: Path) -> None:
    """Move ``build`` into place as ``target``, keeping the old report until the swap."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(build, target)
    if old.exists():
        shutil.rmtree(old)


def recover(target: Path) -> None:
    """Restore a report left aside by a run killed between the two renames of :func:`publish`,
    and remove build folders of killed runs.

    Kernels run in their own session, so killing a run's process group misses them; an
    orphaned kernel ends itself within about a second (ipykernel's parent poller) and may
    write into its build folder until then.
    """
    for stale in target.parent.glob(f".{target.name}.build-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(stale, ignore_errors=True)
    if target.exists():
        for stale in target.parent.glob(f".{target.name}.old-*"):
            shutil.rmtree(stale, ignore_errors=True)
        return
    olds = sorted(target.parent.glob(f".{target.name}.old-*"))
    if olds:
        os.replace(olds[-1], target)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _previous_keys(target: Path) -> dict[str, str]:
    try:
        data = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    keys = data.get("stage_keys", {})
    return {str(k): str(v) for k, v in keys.items()} if isinstance(keys, dict) else {}


def run_cohort(
    config_path: str | Path,
    *,
    out_root: str | Path = "reports",
    stages: Sequence[str] | None = None,
    params: Mapping[str, Any] | None = None,
    progress: Callable[[str], None] | None = None,
    force: bool = False,
    on_stage: Callable[[str], None] | None = None,
    stage_workers: int = 2,
) -> RunResult:
    """Execute a cohort's stages and publish ``<out_root>/<study-id>/``.

    Parameters
    ----------
    config_path : str or Path
        The cohort's ``cohort.yaml``.
    out_root : str or Path, default="reports"
        Folder that receives ``<study-id>/``.
    stages : sequence of str, optional
        Stage numbers or names; all stages by default. Artifacts of stages not run are carried
        over from the previous report.
    params : mapping, optional
        Extra notebook parameters; each must be declared in the notebooks' parameters cells.
    progress : callable, optional
        Called with one line per stage.
    force : bool, default=False
        Re-execute stages whose notebook, config sections and inputs are unchanged since the
        last successful run (by default they are skipped and their outputs kept).
    on_stage : callable, optional
        Called with the stage name when a stage is done or skipped (progress bars).
    stage_workers : int, default=2
        Stages 00–40 run side by side in up to this many kernels (1: one after another).

    Raises
    ------
    ReplicateError
        Bad input (exit code 2) before anything runs.
    StageError
        A stage failed (exit code 1); the previous report is untouched.
    """
    cohort = load_cohort(config_path)
    cfg = cohort.config
    chosen = select_stages(stages)
    absent = missing_inputs(cohort, chosen)
    if absent:
        raise absent[0]
    extra = dict(params or {})
    check_parameters(chosen, extra)
    out_root = Path(out_root).resolve()
    out_root.mkdir(parents=True, exist_ok=True)
    target = out_root / cfg.study.id
    recover(target)
    build = out_root / f".{cfg.study.id}.build-{os.getpid()}"
    if build.exists():
        shutil.rmtree(build)
    previous = _previous_keys(target) if not extra else {}
    if target.exists():
        shutil.copytree(target, build)
    for sub in ("notebooks", "stages", "artifacts"):
        (build / sub).mkdir(parents=True, exist_ok=True)
    result = RunResult(study_id=cfg.study.id, report_dir=target)
    canonical = {"config_path": cfg.path.name, "run_dir": ".", **extra}
    keys = {**previous, **stage_keys(cohort, chosen)}
    number = {s.name: i for i, s in enumerate(chosen, start=1)}
    todo: list[Stage] = []
    for stage in chosen:
        html_path = build / "stages" / f"{stage.name}.html"
        if not force and previous.get(stage.name) == keys[stage.name] and html_path.exists():
            result.skipped.append(stage.name)
            if progress:
                progress(f"[{number[stage.name]}/{len(chosen)}] {stage.name}: unchanged since "
                         "the last run, skipped (--force re-runs it)")
            if on_stage:
                on_stage(stage.name)
        else:
            todo.append(stage)
    # Stages 00–40 read only the inputs, so they run side by side (one kernel each); the
    # write-up reads their artifacts and runs after them. Reports are rendered in stage order.
    waves = [[s for s in todo if s.name not in READS_ARTIFACTS],
             [s for s in todo if s.name in READS_ARTIFACTS]]
    try:
        for wave in waves:
            if not wave:
                continue
            watch = KernelWatch()
            with ThreadPoolExecutor(max_workers=max(1, min(stage_workers, len(wave)))) as pool:
                futures = {}
                for stage in wave:
                    if progress:
                        progress(f"[{number[stage.name]}/{len(chosen)}] {stage.name}: "
                                 f"{stage.title} …")
                    futures[stage.name] = pool.submit(
                        _timed_execute, stage, build, cfg.path, extra, cfg.study.id, watch)
                for stage in wave:
                    nb, seconds = _next_result(futures, stage.name, watch)
                    _render(nb, stage, cfg, build, canonical)
                    result.stages.append(stage.name)
                    result.seconds[stage.name] = seconds
                    if progress:
                        progress(f"      {stage.name} done in {seconds:.1f} s")
                    if on_stage:
                        on_stage(stage.name)
        _finish(cohort, build, canonical, keys, out_root)
        check_publishable(cohort, build)
        publish(build, target)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return result


def _next_result(futures: Mapping[str, Future[tuple[Any, float]]], name: str,
                 watch: KernelWatch) -> tuple[Any, float]:
    """The result of stage ``name``, waiting for it; the first stage of the wave to fail (in
    whatever order) stops the others at once and its error is raised."""
    while True:
        failed = next((f for f in futures.values() if f.done() and not f.cancelled()
                       and f.exception() is not None), None)
        if failed is not None:
            for f in futures.values():
                f.cancel()  # not started yet
            watch.cancel()
            wait(futures.values())
            exc = failed.exception()
            assert exc is not None
            raise exc
        if futures[name].done():
            return futures[name].result()
        wait([f for f in futures.values() if not f.done()], return_when=FIRST_COMPLETED)


def _config_location(config: Path, report: Path) -> str | None:
    """The config's path relative to the report, when both live under one project folder.

    A relative path that climbs to the file-system root would spell out the absolute (private)
    location, so then nothing is recorded and ``replicate verify`` needs ``--config``.
    """
    common = Path(os.path.commonpath([config.resolve(), report.resolve()]))
    if common == Path(common.anchor):
        return None
    return Path(os.path.relpath(config, report)).as_posix()


def check_publishable(cohort: Cohort, build: Path) -> None:
    """Refuse to publish when any output carries an identifying value or a private path.

    Raises
    ------
    PrivacyError
        Naming the first file and the kind of value found (never the value).
    """
    from replicate.privacy import assert_publishable, cohort_identities

    private = [str(cohort.config.root), str(Path.home()), str(build)]
    assert_publishable(build, cohort_identities(cohort), private_paths=private)


def _finish(cohort: Cohort, build: Path, params: Mapping[str, Any], keys: Mapping[str, str],
            out_root: Path) -> None:
    cfg = cohort.config
    done = [s for s in STAGES if (build / "stages" / f"{s.name}.html").exists()]
    index = build / "index.html"
    if not (build / "artifacts" / "50_write_up.json").exists():
        links = [(s.title, f"stages/{s.name}.html") for s in done]
        index.write_text(render_index(title=cfg.study.title, stages=links,
                                      synthetic=cfg.study.synthetic,
                                      language=cfg.study.language), encoding="utf-8")
    manifest = {
        "study_id": cfg.study.id,
        "config": cfg.path.name,
        "config_location": _config_location(cfg.path, out_root / cfg.study.id),
        "seed": cfg.seed,
        "parameters": dict(params),
        "inputs": manifest_inputs(cohort),
        "notebooks": {s.name: _sha256(notebooks_dir() / f"{s.name}.ipynb") for s in done},
        "stage_keys": {s.name: keys[s.name] for s in done if s.name in keys},
        "versions": _versions(),
        "stages": [s.name for s in done],
    }
    (build / "manifest.json").write_text(
        json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
