"""Many cohorts in one command: a local process pool, or an existing Dask cluster.

``replicate batch PATHS... [--workers N] [--scheduler ADDRESS]`` runs every cohort config found
in ``PATHS`` (files, folders searched for ``cohort.yaml``, or globs). Locally, cohorts run in a
``spawn`` process pool, each cohort's stages one kernel at a time; with ``--scheduler`` the same
task function runs on a Dask distributed cluster (optional extra ``replicate[dask]``). One failing
cohort never stops the others; the exit code is 1 when any failed. The coordinator reads
``reports/index.html`` (status of every cohort) and ``reports/multisite.html`` (cohorts side
by side); ``reports/batch.json`` is the machine-readable summary.
"""

from __future__ import annotations

import glob
import json
import multiprocessing
import queue as queue_mod
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from replicate.errors import ConfigError, ReplicateError, StageError

__all__ = ["CohortOutcome", "check_identities", "discover", "run_batch", "write_summary"]


@dataclass
class CohortOutcome:
    """How one cohort of a batch ended."""

    config: str
    study_id: str | None
    status: str  # "ok" | "failed" | "invalid"
    seconds: float
    stage: str | None = None
    message: str | None = None
    report: str | None = None
    stages_run: int = 0
    stages_skipped: int = 0


def discover(paths: Sequence[str]) -> list[Path]:
    """Cohort configs named by ``paths``: files, folders (searched for ``cohort.yaml``), globs.

    Raises
    ------
    ConfigError
        A path that matches nothing.
    """
    found: list[Path] = []
    for raw in paths:
        matches = [Path(m) for m in sorted(glob.glob(raw))] or [Path(raw)]
        hit = False
        for m in matches:
            if m.is_dir():
                configs = sorted(m.rglob("cohort.yaml"))
                found.extend(configs)
                hit = hit or bool(configs)
            elif m.is_file():
                found.append(m)
                hit = True
        if not hit:
            raise ConfigError("matches no cohort config (a cohort.yaml file, a folder holding "
                              "one, or a glob)", file=raw)
    unique: dict[Path, Path] = {}
    for f in found:
        unique.setdefault(f.resolve(), f)
    return sorted(unique.values(), key=lambda p: p.as_posix())


def _run_one(config: str, out_root: str, force: bool, events: Any = None) -> CohortOutcome:
    """Run one cohort; never raises (the outcome carries the failure)."""
    from replicate.config import load_config
    from replicate.pipeline import run_cohort

    t0 = time.perf_counter()
    study_id: str | None = None

    def tick(stage: str) -> None:
        if events is not None:
            events.put((config, stage))

    try:
        study_id = load_config(config).study.id
        res = run_cohort(config, out_root=out_root, force=force, on_stage=tick, stage_workers=1)
        return CohortOutcome(config, study_id, "ok", time.perf_counter() - t0,
                             report=f"{study_id}/index.html", stages_run=len(res.stages),
                             stages_skipped=len(res.skipped))
    except StageError as exc:
        return CohortOutcome(config, study_id, "failed", time.perf_counter() - t0,
                             stage=exc.stage, message=exc.message)
    except ReplicateError as exc:
        return CohortOutcome(config, study_id, "invalid", time.perf_counter() - t0,
                             message=exc.one_line())
    except Exception as exc:  # a bug must not stop the other cohorts
        return CohortOutcome(config, study_id, "failed", time.perf_counter() - t0,
                             message=f"internal error: {type(exc).__name__}: {exc}")


def check_identities(configs: Sequence[str]) -> dict[str, CohortOutcome]:
    """Read every config's study id before anything runs; return the configs refused.

    A config that does not load is ``invalid`` with its first problem; two or more configs
    with one study id would publish into one folder, so each of them is ``invalid``, naming
    the others. The rest of the batch runs.
    """
    from replicate.config import config_problems

    refused: dict[str, CohortOutcome] = {}
    ids: dict[str, list[str]] = {}
    for c in configs:
        cfg, problems = config_problems(c)
        if cfg is None or problems:
            first = problems[0].one_line() if problems else "the config does not load"
            refused[c] = CohortOutcome(c, None, "invalid", 0.0, message=first)
        else:
            ids.setdefault(cfg.study.id, []).append(c)
    for study_id, same in ids.items():
        if len(same) > 1:
            for c in same:
                others = ", ".join(o for o in same if o != c)
                refused[c] = CohortOutcome(
                    c, study_id, "invalid", 0.0,
                    message=f"study.id '{study_id}' is also the id of {others}; each cohort "
                            "needs its own study id (its report folder); not run")
    return refused


def _dask_client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise ConfigError("--scheduler needs Dask: pip install 'replicate[dask]'",
                          location="--scheduler") from None
    try:
        return Client(address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise ConfigError(f"cannot reach the Dask scheduler ({exc})", location="--scheduler",
                          file=address) from None


def _run_dask(client: Any, configs: Sequence[str], out: Path, force: bool, bar: Any,
              n_stages: int) -> dict[str, CohortOutcome]:
    """Run the cohorts on a Dask cluster; the progress bar moves by a whole cohort as each
    one finishes, in the order they finish. (Per-stage ticks would need distributed's
    experimental Queue, which hung here with distributed 2026.8.)"""
    futures = {client.submit(_run_one, c, str(out), force, pure=False): c for c in configs}
    outcomes: dict[str, CohortOutcome] = {}
    pending = set(futures)
    while pending:
        done = [f for f in pending if f.done()]
        if not done:
            time.sleep(0.2)
        for fut in done:
            pending.discard(fut)
            outcomes[futures[fut]] = fut.result()
            bar.update(n_stages)
    return outcomes


def run_batch(
    paths: Sequence[str],
    *,
    out_root: str | Path = "reports",
    workers: int = 1,
    scheduler: str | None = None,
    force: bool = False,
    progress: bool = True,
) -> list[CohortOutcome]:
    """Run every cohort found in ``paths`` and write the batch summary pages.

    Parameters
    ----------
    paths : sequence of str
        Files, folders or globs (see :func:`discover`).
    out_root : str or Path, default="reports"
    workers : int, default=1
        Local worker processes (``spawn`` start method).
    scheduler : str, optional
        Address of a Dask distributed scheduler; runs the cohorts there instead.
    force : bool, default=False
        Re-run unchanged stages.
    progress : bool, default=True
        A progress bar over cohorts × stages on stderr.

    Returns
    -------
    list of CohortOutcome
        In the order of the configs.
    """
    from replicate.pipeline import prepare_out
    from replicate.stages import STAGES

    found = [str(c) for c in discover(paths)]
    if workers < 1:
        raise ConfigError(f"--workers must be at least 1 (given {workers})", location="--workers")
    out = Path(out_root).resolve()
    prepare_out(out)
    refused = check_identities(found)
    configs = [c for c in found if c not in refused]
    n_stages = len(STAGES)
    bar = tqdm(total=len(found) * n_stages, unit="stage", desc="cohorts × stages",
               disable=not progress)
    outcomes: dict[str, CohortOutcome] = dict(refused)
    if refused:
        bar.update(len(refused) * n_stages)
    try:
        if scheduler:
            client = _dask_client(scheduler)
            try:
                outcomes.update(_run_dask(client, configs, out, force, bar, n_stages))
            finally:
                client.close()
        else:
            ctx = multiprocessing.get_context("spawn")
            with ctx.Manager() as manager, ProcessPoolExecutor(
                max_workers=workers, mp_context=ctx
            ) as pool:
                events = manager.Queue()
                pending: dict[Future[CohortOutcome], str] = {
                    pool.submit(_run_one, c, str(out), force, events): c for c in configs
                }
                ticks: dict[str, int] = {}
                while pending:
                    try:
                        cfg, _stage = events.get(timeout=0.2)
                        ticks[cfg] = ticks.get(cfg, 0) + 1
                        bar.update(1)
                    except queue_mod.Empty:
                        pass
                    for fut in [f for f in pending if f.done()]:
                        c = pending.pop(fut)
                        outcomes[c] = fut.result()
                        while True:  # drain this cohort's remaining ticks
                            try:
                                cfg, _stage = events.get_nowait()
                                ticks[cfg] = ticks.get(cfg, 0) + 1
                                bar.update(1)
                            except queue_mod.Empty:
                                break
                        bar.update(max(0, n_stages - ticks.get(c, 0)))
                        ticks[c] = n_stages
    finally:
        bar.close()
    ordered = [outcomes[c] for c in found]
    write_summary(out, ordered)
    return ordered


def write_summary(out: Path, outcomes: Sequence[CohortOutcome]) -> None:
    """Write ``batch.json``, ``index.html`` and ``multisite.html`` in ``out``."""
    from replicate.multisite import render_batch_index, render_multisite

    data = {"cohorts": [asdict(o) for o in outcomes],
            "n_ok": sum(o.status == "ok" for o in outcomes),
            "n_failed": sum(o.status != "ok" for o in outcomes)}
    (out / "batch.json").write_text(json.dumps(data, indent=2, sort_keys=True) + "\n",
                                    encoding="utf-8")
    (out / "index.html").write_text(render_batch_index(outcomes), encoding="utf-8")
    (out / "multisite.html").write_text(
        render_multisite(out, [o.study_id for o in outcomes if o.status == "ok" and o.study_id]),
        encoding="utf-8")
