"""Many fits of the machine coder, side by side in worker processes when that pays.

Stage 35 fits the coder once per held-out fold and once per point of the learning curve.
The fits are independent, so on a large cohort they run in worker processes (loky, the
process pool scikit-learn and joblib use). Threads would not do: liblinear draws its
coordinate order from one random generator per process, reseeded at the start of every
fit, so two fits in one process at once would interleave their draws and change the
probabilities from run to run. In its own process each fit gets exactly the figures it
gets alone, so the results do not depend on the number of workers.

The workers receive the n-gram counts of the texts once, when they start (the pool's
initializer), and each job then carries only its texts and codes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from ._embed import SentenceEncoder
from ._model import ModelName, fit_coder
from ._vectorize import TextCounts

__all__ = ["FitJob", "fit_and_predict", "one_pool", "submit_fit"]

_PARALLEL_WORK = 1_000_000
"""Texts (to train on and to predict) times codes, summed over the jobs, from which the jobs
go to worker processes: starting them costs about 1.5 s, a fit about 17 µs per example and
code."""

_WORKER: dict[str, Any] = {}
_KEPT: dict[str, Any] = {}  # the pool shared inside a one_pool block


@dataclass(frozen=True)
class FitJob:
    """One fit: learn ``codes`` of ``train``, then give the probabilities for ``predict``."""

    train: list[str]
    codes: list[str]
    predict: list[str]


def _init(counts: Mapping[str, TextCounts] | None) -> None:
    _WORKER["counts"] = counts


def _run(job: FitJob, seed: int, model: ModelName, encoder: SentenceEncoder | None,
         counts: Mapping[str, TextCounts] | None
         ) -> tuple[tuple[str, ...], npt.NDArray[np.float64]]:
    coder = fit_coder(job.train, job.codes, seed=seed, model=model, encoder=encoder,
                      counts=counts)
    return coder.codes, coder.predict_proba(job.predict)


def _in_worker(job: FitJob, seed: int, model: ModelName
               ) -> tuple[tuple[str, ...], npt.NDArray[np.float64]]:
    return _run(job, seed, model, None, _WORKER.get("counts"))


def fit_and_predict(jobs: Sequence[FitJob], *, seed: int, model: ModelName = "tfidf",
                    encoder: SentenceEncoder | None = None,
                    counts: Mapping[str, TextCounts] | None = None,
                    n_jobs: int | None = None
                    ) -> list[tuple[tuple[str, ...], npt.NDArray[np.float64]]]:
    """Fit a coder for each job and predict its texts.

    Parameters
    ----------
    jobs : sequence of FitJob
    seed, model, encoder, counts
        As in :func:`~replicate.coding.fit_coder`.
    n_jobs : int or None, default=None
        Worker processes; used only with ``model="tfidf"`` and enough work (about
        :data:`_PARALLEL_WORK` texts times codes), else the jobs run here in turn.

    Returns
    -------
    list of (tuple of str, numpy.ndarray)
        Per job, in order: the codes the coder learned and the probabilities
        (``len(job.predict) x len(codes)``), the same for any ``n_jobs``.

    Examples
    --------
    >>> job = FitJob(["home", "family", "ward", "patients"], ["life", "life", "work", "work"],
    ...              ["ward round"])
    >>> [(codes, p.argmax(axis=1).tolist()) for codes, p in fit_and_predict([job], seed=1)]
    [(('life', 'work'), [1])]
    """
    work = sum((len(j.train) + len(j.predict)) * len(set(j.codes)) for j in jobs)
    workers = min(n_jobs or 1, len(jobs))
    if workers < 2 or model != "tfidf" or work < _PARALLEL_WORK:
        return [_run(j, seed, model, encoder, counts) for j in jobs]
    args = ([seed] * len(jobs), [model] * len(jobs))
    kept = _kept_executor(counts)
    if kept is not None:
        return list(kept.map(_in_worker, jobs, *args))
    shared = None
    if counts is not None:  # only the rows the jobs use travel to the workers
        texts = {t for j in jobs for t in (*j.train, *j.predict)}
        shared = {name: c.subset(sorted(texts)) for name, c in counts.items()}
    with one_pool(shared, workers):
        return list(_kept_executor(shared).map(_in_worker, jobs, *args))


def _kept_executor(counts: Mapping[str, TextCounts] | None) -> Any:
    """The pool of the :func:`one_pool` block for these counts (started here at its first
    use), or None outside a block, with one worker, or with other counts."""
    workers = _KEPT.get("pool")
    if workers is None or workers < 2 or _KEPT.get("counts") is not counts:
        return None
    if _KEPT.get("executor") is None:
        from joblib.externals.loky import (  # type: ignore[import-untyped, unused-ignore]
            get_reusable_executor,
        )

        _KEPT["executor"] = get_reusable_executor(
            max_workers=workers, initializer=_init, initargs=(counts,), reuse=False)
    return _KEPT["executor"]


def submit_fit(job: FitJob, *, seed: int, model: ModelName = "tfidf",
               encoder: SentenceEncoder | None = None,
               counts: Mapping[str, TextCounts] | None = None
               ) -> Future[tuple[tuple[str, ...], npt.NDArray[np.float64]]]:
    """:func:`fit_and_predict` of one job, started in the :func:`one_pool` block's pool when
    it is large (the caller goes on meanwhile), else done here; its future.

    Examples
    --------
    >>> job = FitJob(["home", "ward"], ["life", "work"], ["ward"])
    >>> submit_fit(job, seed=1).result()[0]
    ('life', 'work')
    """
    work = (len(job.train) + len(job.predict)) * len(set(job.codes))
    kept = _kept_executor(counts) if model == "tfidf" and work >= _PARALLEL_WORK else None
    if kept is not None:
        return cast("Future[tuple[tuple[str, ...], npt.NDArray[np.float64]]]",
                    kept.submit(_in_worker, job, seed, model))
    done: Future[tuple[tuple[str, ...], npt.NDArray[np.float64]]] = Future()
    done.set_result(_run(job, seed, model, encoder, counts))
    return done


@contextmanager
def one_pool(counts: Mapping[str, TextCounts] | None, n_jobs: int | None) -> Iterator[None]:
    """Within the block, every :func:`fit_and_predict` with these ``counts`` that goes to
    worker processes shares one pool (started at the first, with all the counts; each pool
    costs about 1.5 s to start)."""
    outer = dict(_KEPT)  # a block inside another (with other counts) gives it back after
    _KEPT.update(pool=max(1, n_jobs or 1), counts=counts, executor=None)
    try:
        yield
    finally:
        executor = _KEPT.get("executor")
        _KEPT.clear()
        _KEPT.update(outer)
        if executor is not None:
            executor.shutdown(wait=True)
