"""Suggestions with a probability and an abstention, and out-of-interview predictions.

A suggestion is the most probable code; below ``threshold`` the machine *abstains* (it
still names its best guess, for the reviewer, but the unit counts as not coded by it).
Scoring the machine as a coder uses leave-one-interview-out predictions: every unit of an
interview is predicted by a model that never saw any unit of that interview, so a speaker's
turns of phrase cannot leak from training into the score. Past ``max_folds`` interviews the
interviews are dealt into ``max_folds`` seeded groups instead (the same guarantee, fewer
fits).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from ._embed import SentenceEncoder
from ._examples import sample_examples
from ._fits import FitJob, fit_and_predict
from ._model import MachineCoder, ModelName
from ._vectorize import TextCounts

__all__ = ["MACHINE", "SUGGESTION_COLUMNS", "interview_folds", "out_of_interview", "suggest",
           "suggestions_from", "unit_texts"]

MACHINE = "machine"
"""The coder name of the machine's suggestions (never a human coder's)."""

SUGGESTION_COLUMNS: tuple[str, ...] = ("unit_id", "coder", "code", "probability", "abstained")
"""Columns of :func:`suggest`, in order."""


def suggest(coder: MachineCoder, units: pd.DataFrame, *, threshold: float) -> pd.DataFrame:
    """The machine's code for each unit, with its probability and abstention.

    Parameters
    ----------
    coder : MachineCoder
        A fitted coder (:func:`~replicate.coding.fit_coder`).
    units : pandas.DataFrame
        ``unit_id, text``.
    threshold : float
        Below this probability the machine abstains.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SUGGESTION_COLUMNS`, a codings table with coder ``"machine"``:
        ``code`` is the best guess, ``abstained`` is true below the threshold.
    """
    proba = coder.predict_proba(unit_texts(units))
    return suggestions_from(coder.codes, proba, units, threshold=threshold)


def unit_texts(units: pd.DataFrame) -> list[str]:
    """The units' texts as the coder reads them (a missing text is empty)."""
    return units["text"].fillna("").astype(str).tolist()


def suggestions_from(codes: Sequence[str], proba: npt.NDArray[np.float64], units: pd.DataFrame,
                     *, threshold: float) -> pd.DataFrame:
    """:func:`suggest`'s table from the probabilities (``len(units) x len(codes)``)."""
    best = proba.argmax(axis=1) if len(units) else np.zeros(0, dtype=np.int64)
    p = proba[np.arange(len(units)), best] if len(units) else np.zeros(0)
    return pd.DataFrame({
        "unit_id": units["unit_id"].astype(str).to_numpy(),
        "coder": MACHINE,
        "code": np.asarray(codes, dtype=object)[best] if len(units) else [],
        "probability": np.round(p, 6),
        "abstained": p < threshold,
    }, columns=list(SUGGESTION_COLUMNS))


def interview_folds(interviews: npt.ArrayLike, *, seed: int, max_folds: int = 20
                    ) -> list[npt.NDArray[np.intp]]:
    """Row positions of each held-out fold: one interview each, or ``max_folds`` groups.

    Parameters
    ----------
    interviews : array-like
        The interview of each row.
    seed : int
        Seed dealing interviews into groups (only past ``max_folds`` interviews).
    max_folds : int, default=20
        Most folds.

    Returns
    -------
    list of numpy.ndarray
        Disjoint position arrays covering every row; no interview spans two folds.

    Examples
    --------
    >>> [f.tolist() for f in interview_folds(["A", "B", "A", "C"], seed=1)]
    [[0, 2], [1], [3]]
    """
    keys = pd.Index(pd.Series(np.asarray(interviews, dtype=object)).astype(str))
    names = sorted(set(keys.tolist()))
    if len(names) <= max_folds:
        group = {n: i for i, n in enumerate(names)}
    else:
        order = np.random.default_rng(seed).permutation(len(names))
        group = {names[j]: i % max_folds for i, j in enumerate(order)}
    labels = np.asarray([group[k] for k in keys.tolist()])
    return [np.flatnonzero(labels == g) for g in sorted(set(labels.tolist()))]


def out_of_interview(examples: pd.DataFrame, targets: pd.DataFrame, *, threshold: float,
                     seed: int, max_folds: int = 20, model: ModelName = "tfidf",
                     encoder: SentenceEncoder | None = None,
                     counts: Mapping[str, TextCounts] | None = None, n_jobs: int | None = None,
                     max_examples: int | None = None, max_scored: int | None = None
                     ) -> tuple[pd.DataFrame, list[tuple[set[str], set[str]]]]:
    """Predict ``targets`` with models that never saw the target's interview.

    Parameters
    ----------
    examples : pandas.DataFrame
        Training examples (:func:`~replicate.coding.training_examples`).
    targets : pandas.DataFrame
        Units to score: ``unit_id, transcript, text``.
    threshold, seed, max_folds, model, encoder, counts
        As in :func:`suggest`, :func:`interview_folds` and :func:`fit_coder` (with
        ``model="e5"`` one encoder for every fold embeds each text once; with ``counts``
        each text is counted once).
    n_jobs : int or None, default=None
        Worker processes for the folds (:func:`~replicate.coding._fits.fit_and_predict`);
        the result does not depend on it.
    max_examples : int or None, default=None
        Each fold's model learns from a seeded sample of at most this many of the other
        interviews' examples (:func:`~replicate.coding.sample_examples`).
    max_scored : int or None, default=None
        A fold with more held-out targets scores a seeded sample of this many of them
        (None = all), as the learning curve does: at a million units the agreement of
        200,000 predictions took 12 s, and 5 folds of 5,000 units give the same figures to
        the third decimal.

    Returns
    -------
    suggestions : pandas.DataFrame
        As :func:`suggest`, one row per scored target, in the targets' order.
    splits : list of (set, set)
        Per fold, the training units' ids and the held-out interviews (for checks).
    """
    inter = targets["transcript"].astype(str).to_numpy()
    splits: list[tuple[set[str], set[str]]] = []
    jobs: list[FitJob] = []
    held_rows: list[npt.NDArray[np.intp]] = []
    if model == "e5" and encoder is None:
        encoder = SentenceEncoder()
    for i, fold in enumerate(interview_folds(inter, seed=seed, max_folds=max_folds)):
        held = set(inter[fold].tolist())
        train = examples[~examples["interview"].astype(str).isin(held)]
        if train.empty:
            continue
        train = sample_examples(train, max_examples, seed=[seed, i])
        if max_scored is not None and len(fold) > max_scored:
            fold = np.sort(np.random.default_rng([seed, i, 2]).choice(
                fold, size=max_scored, replace=False))
        jobs.append(FitJob(train["text"].tolist(), train["code"].tolist(),
                           unit_texts(targets.iloc[fold])))
        held_rows.append(fold)
        splits.append((set(train["unit_id"].astype(str).tolist()), held))
    if not jobs:
        return pd.DataFrame(columns=list(SUGGESTION_COLUMNS)), splits
    done = fit_and_predict(jobs, seed=seed, model=model, encoder=encoder, counts=counts,
                           n_jobs=n_jobs)
    rows = [suggestions_from(codes, proba, targets.iloc[fold], threshold=threshold)
            .set_index(pd.Index(fold)) for (codes, proba), fold in zip(done, held_rows,
                                                                        strict=True)]
    return pd.concat(rows).sort_index().reset_index(drop=True), splits
