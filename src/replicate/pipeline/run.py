"""Running one cohort: checks, waves of stage kernels, rendering, publishing.

Everything here is derived from the :class:`~replicate.stage.Stage` records passed in
(``registry``, the built-in :data:`replicate.stages.STAGES` by default): which stages exist,
what each needs, which may run side by side, and the key that lets an unchanged stage be
skipped.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from replicate.cohort import Cohort, load_cohort
from replicate.cohort_cache import CacheFolder, cache_folder
from replicate.config import load_config
from replicate.errors import ConfigError, ReplicateError
from replicate.pipeline.kernels import KernelPool, KernelWatch, StageTiming, execute_stage
from replicate.pipeline.keys import manifest, stage_keys
from replicate.pipeline.publish import (
    check_key_dir,
    check_publishable,
    output_scan,
    prepare_out,
    publish,
    recover,
    render_stage,
    stage_files,
    write_index,
)
from replicate.stage import Stage, select, waves

if TYPE_CHECKING:
    from replicate.privacy import OutputScan

__all__ = ["RESERVED_PARAMS", "RunResult", "check_parameters", "missing_inputs", "run_cohort",
           "stage_problems", "start_order"]

#: Parameters the run sets itself; ``-p`` may not override them.
RESERVED_PARAMS = ("config_path", "run_dir")


def _registry(registry: Sequence[Stage] | None) -> Sequence[Stage]:
    if registry is not None:
        return registry
    from replicate.stages import STAGES

    return STAGES


@dataclass
class RunResult:
    """Outcome of :func:`run_cohort`.

    ``timings`` holds, per executed stage, the seconds spent starting and stopping its kernel,
    in its cells (imports and compute), rendering its page, and in all.
    """

    study_id: str
    report_dir: Path
    stages: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    timings: dict[str, dict[str, float]] = field(default_factory=dict)


def missing_inputs(cohort: Cohort, stages: Sequence[Stage]) -> list[ConfigError]:
    """One error per stage whose required data are not in the config."""
    problems = []
    for stage in stages:
        absent = stage.missing(cohort)
        if absent:
            keys = ", ".join(f"data.{k}" for k in absent)
            problems.append(ConfigError(
                f"stage {stage.name} needs {keys}; add it to the config or leave the stage out "
                f"(--stages)", file=cohort.display(cohort.config.path), location=keys))
    return problems


def stage_problems(cohort: Cohort, stages: Sequence[Stage], *,
                   deep: bool = True) -> list[ReplicateError]:
    """The input checks of every stage that can run (its required data present).

    Parameters
    ----------
    cohort : Cohort
    stages : sequence of Stage
    deep : bool, default=True
        Also each stage's ``deep_check`` (a pass of its analysis) where its ``precheck``
        found nothing: what ``replicate validate`` runs. ``replicate run`` runs the cheap
        ``precheck`` only, as the stage itself raises what the deep check would.
    """
    problems: list[ReplicateError] = []
    for stage in stages:
        if stage.missing(cohort):
            continue
        found = stage.precheck(cohort) if stage.precheck is not None else []
        if deep and not found and stage.deep_check is not None:
            found = stage.deep_check(cohort)
        problems.extend(found)
    return problems


def check_parameters(stages: Sequence[Stage], params: Mapping[str, Any]) -> None:
    """Refuse parameters the run sets itself and ones no chosen stage notebook declares.

    Raises
    ------
    ConfigError
    """
    import papermill

    for name in params:
        if name in RESERVED_PARAMS:
            raise ConfigError(f"parameter '{name}' is set by the run itself; give the config "
                              "as the argument and the reports folder with --out",
                              location="--param")
    for stage in stages:
        declared = papermill.inspect_notebook(str(stage.notebook()))
        for name in params:
            if name not in declared:
                raise ConfigError(
                    f"parameter '{name}' is not in the parameters cell of {stage.name}; "
                    f"allowed: {', '.join(sorted(set(declared) - set(RESERVED_PARAMS)))}",
                    location="--param")


def _previous_keys(target: Path) -> dict[str, str]:
    import json

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
    registry: Sequence[Stage] | None = None,
    cohort: Cohort | None = None,
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
        Re-execute stages whose key is unchanged since the last successful run, and
        overwrite a ``write-up.md`` edited since it was written (otherwise refused).
    on_stage : callable, optional
        Called with the stage name when a stage is done or skipped (progress bars).
    stage_workers : int, default=2
        Stages of one wave run side by side in up to this many kernels (1: one after another).
    registry : sequence of Stage, optional
        The stages that exist (default: :data:`replicate.stages.STAGES`).
    cohort : Cohort, optional
        The cohort already loaded from ``config_path`` (batch runs load it once).

    Raises
    ------
    ReplicateError
        Bad input (exit code 2): found by the loader or by the cheap pre-check of a stage
        that is to run (:func:`stage_problems`) before any kernel starts, or raised by a
        stage (what ``replicate validate``'s deep checks find).
    StageError
        A stage failed (exit code 1); the previous report is untouched.
    """
    known = _registry(registry)
    config = cohort.config if cohort is not None else load_config(config_path)
    chosen = select(known, stages)
    extra = dict(params or {})
    check_parameters(chosen, extra)
    # the kernels start, and import their libraries, while this process loads the cohort
    with cache_folder(config) as cache, KernelPool(cache.env) as kernels:
        kernels.warm(max(1, min(stage_workers, len(chosen))))
        cohort = cohort if cohort is not None else load_cohort(config_path)
        kernels.loaded()  # the other kernels warm now, if the first is not ready yet
        return _run(cohort, known, chosen, extra, out_root, force, progress, on_stage,
                    stage_workers, cache, kernels)


def _run(cohort: Cohort, known: Sequence[Stage], chosen: Sequence[Stage],
         extra: Mapping[str, Any], out_root: str | Path, force: bool,
         progress: Callable[[str], None] | None, on_stage: Callable[[str], None] | None,
         stage_workers: int, cache: CacheFolder, kernels: KernelPool) -> RunResult:
    """:func:`run_cohort` once the cohort is loaded: the checks, the stages, the report."""
    cfg = cohort.config
    absent = missing_inputs(cohort, chosen)
    if absent:
        raise absent[0]
    out_root = Path(out_root).resolve()
    target = prepare_out(out_root, cfg.study.id)
    check_key_dir(cohort, out_root)
    recover(target)
    build = out_root / f".{cfg.study.id}.build-{os.getpid()}"
    if build.exists():
        shutil.rmtree(build)
    previous = _previous_keys(target) if not extra else {}
    result = RunResult(study_id=cfg.study.id, report_dir=target)
    canonical = {"config_path": cfg.path.name, "run_dir": ".", **extra}
    keys = {**previous, **stage_keys(cohort, chosen, upstream=previous)}
    number = {s.name: i for i, s in enumerate(chosen, start=1)}
    by_name = {s.name: s for s in chosen}
    todo: list[Stage] = []
    for stage in chosen:
        page = target / "stages" / f"{stage.name}.html"
        if not force and previous.get(stage.name) == keys[stage.name] and page.exists():
            result.skipped.append(stage.name)
            if progress:
                progress(f"[{number[stage.name]}/{len(chosen)}] {stage.name}: unchanged since "
                         "the last run, skipped (--force re-runs it)")
            if on_stage:
                on_stage(stage.name)
        else:
            todo.append(stage)
    # before any stage: bad input is one line, exit 2 (the deep checks are the stages' own work)
    problems = stage_problems(cohort, todo, deep=False)
    if problems:
        raise problems[0]
    if not force and any(s.owns("write-up.md") for s in todo):  # edits would be lost
        from replicate.writeup.guard import check_not_edited

        check_not_edited(target, cfg)
    scan: OutputScan | None = None
    try:
        if target.exists():
            shutil.copytree(target, build)
        for sub in ("notebooks", "stages", "artifacts"):
            (build / sub).mkdir(parents=True, exist_ok=True)
        # the pages the run publishes (each page's header links them all): the chosen
        # stages and those whose pages are carried over from the last report
        pages = [s for s in sorted(known, key=lambda s: s.name) if s.name in by_name
                 or (build / "stages" / f"{s.name}.html").exists()]
        scan = output_scan(cohort, build)  # fed each stage's files while the others run
        cache.write(cohort)
        for wave in waves(todo):
            _run_wave([by_name[n] for n in wave], cohort, build, extra, canonical,
                      stage_workers, result, progress, on_stage, number, len(chosen),
                      pages, kernels, scan)
        done = [s for s in sorted(known, key=lambda s: s.name)
                if (build / "stages" / f"{s.name}.html").exists()]
        if not done:
            raise ConfigError("no stage produced a report; nothing to publish",
                              location="--stages")
        write_index(cohort, build, done)
        _write_manifest(cohort, build, done, canonical, keys, target)
        check_publishable(cohort, build, scan)
        publish(build, target)
    except BaseException:
        if scan is not None:
            scan.close()
        shutil.rmtree(build, ignore_errors=True)
        raise
    return result


def _write_manifest(cohort: Cohort, build: Path, done: Sequence[Stage],
                    params: Mapping[str, Any], keys: Mapping[str, str], target: Path) -> None:
    import json

    data = manifest(cohort, done, params=params, keys=keys, report=target)
    (build / "manifest.json").write_text(json.dumps(data, indent=2, sort_keys=True) + "\n",
                                         encoding="utf-8")


def _run_wave(wave: Sequence[Stage], cohort: Cohort, build: Path, extra: Mapping[str, Any],
              canonical: Mapping[str, Any], workers: int, result: RunResult,
              progress: Callable[[str], None] | None, on_stage: Callable[[str], None] | None,
              number: Mapping[str, int], total: int, pages: Sequence[Stage],
              kernels: KernelPool, scan: OutputScan) -> None:
    """Run one wave side by side (kernels lent by ``kernels``), the heaviest (declared ``weight``)
    first. Each stage's page is rendered (its header linking ``pages``) as soon as the stage
    is done and its files are queued for the privacy gate, which scans them while the run
    waits for stages of this wave or the next; the result lists the stages in stage order."""
    import time

    cfg = cohort.config
    watch = KernelWatch()
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(wave)))) as pool:
        futures: dict[str, Future[tuple[Any, StageTiming]]] = {}
        for stage in wave:
            if progress:
                progress(f"[{number[stage.name]}/{total}] {stage.name}: {stage.title} …")
        scan.watch(p for s in wave for p in s.writes_patterns() if p.startswith("artifacts/"))
        for stage in start_order(wave, workers):
            futures[stage.name] = pool.submit(execute_stage, stage, build, cfg.path, extra,
                                              cfg.study.id, watch, kernels)
        pending = [s.name for s in wave]
        while pending:
            name = _next_done(futures, pending, watch, idle=scan.step)
            pending.remove(name)
            stage = next(s for s in wave if s.name == name)
            nb, timing = futures[name].result()
            t0 = time.perf_counter()
            render_stage(nb, stage, title=cfg.study.title, language=cfg.study.language,
                         build=build, params=canonical, stages=pages)
            timing["render"] = time.perf_counter() - t0
            scan.queue(stage_files(build, stage))  # scanned while waiting (_next_done)
            result.seconds[name] = timing["total"]
            result.timings[name] = dict(timing)
            if progress:
                progress(f"      {name} done in {timing['total']:.1f} s")
            if on_stage:
                on_stage(name)
    result.stages.extend(s.name for s in wave)


#: Seconds between two looks for the files that running stages have written (the privacy
#: gate scans a file once it has stopped changing, while its stage still runs).
_LOOK = 1.0


def start_order(wave: Sequence[Stage], workers: int) -> list[Stage]:
    """The order in which a wave's stages start: the heaviest (declared ``weight``) first when
    kernels run side by side, so the wave ends sooner (longest-processing-time order); stage
    order with one kernel.

    Examples
    --------
    >>> from replicate.stages import STAGES
    >>> [s.number for s in start_order(STAGES[:3], 2)]
    ['20', '10', '00']
    >>> [s.number for s in start_order(STAGES[:3], 1)]
    ['00', '10', '20']
    """
    if workers <= 1:
        return list(wave)
    return sorted(wave, key=lambda s: -s.weight)  # stable: equal weights keep stage order


def _next_done(futures: Mapping[str, Future[tuple[Any, StageTiming]]], pending: Sequence[str],
               watch: KernelWatch, *, idle: Callable[[], bool] | None = None) -> str:
    """The first of ``pending`` (in their order) whose stage is done, waiting for one; the
    first stage of the wave to fail (in whatever order) stops the others at once and its
    error is raised. While none is done, ``idle()`` is called (one step of other work each
    time) until it returns False."""
    while True:
        failed = next((f for f in futures.values() if f.done() and not f.cancelled()
                       and f.exception() is not None), None)
        if failed is not None:
            for f in futures.values():
                f.cancel()  # not started yet
            watch.cancel()
            wait(futures.values())
            exc = failed.exception()
            if exc is None:  # pragma: no cover - guarded by the selection above
                raise RuntimeError("a failed stage without its error")
            raise exc
        done = next((n for n in pending if futures[n].done()), None)
        if done is not None:
            return done
        if idle is not None and idle():
            continue
        # a second at most: ``idle`` also looks for the files the stages have written so far
        wait([futures[n] for n in pending], return_when=FIRST_COMPLETED, timeout=_LOOK)
