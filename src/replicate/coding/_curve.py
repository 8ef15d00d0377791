"""The learning curve: how well the machine agrees with the humans as they code more.

For each share (10 %, 20 %, …) and each of a few held-out groups of interviews, the machine
is trained on that share of the human-coded units of the *other* interviews (a seeded
sample, nested: the 20 % sample contains the 10 % one) and scored on the held-out
interviews' units against the humans' (final) codes, with the agreement engine. A school
reads off how much double coding it takes before the suggestions are worth reviewing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._embed import SentenceEncoder
from ._examples import sample_examples
from ._fits import FitJob, fit_and_predict
from ._measure import pair_agreement
from ._model import MODEL_LABELS, ModelName
from ._predict import MACHINE, interview_folds, suggestions_from
from ._vectorize import TextCounts

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["CURVE_COLUMNS", "learning_curve", "learning_curve_figure"]

CURVE_COLUMNS: tuple[str, ...] = ("share", "n_train", "n_scored", "abstained",
                                  "percent_agreement", "cohen_kappa", "krippendorff_alpha",
                                  "gwet_ac1", "cohen_kappa_every_unit", "gwet_ac1_every_unit")
"""Columns of :func:`learning_curve`, in order."""


def learning_curve(examples: pd.DataFrame, *, shares: Sequence[float], categories: Sequence[str],
                   threshold: float, seed: int, folds: int = 3,
                   model: ModelName = "tfidf", encoder: SentenceEncoder | None = None,
                   counts: Mapping[str, TextCounts] | None = None, n_jobs: int | None = None,
                   max_examples: int | None = None, held_groups: int | None = None
                   ) -> pd.DataFrame:
    """Agreement with the humans against the share of human-coded units used for training.

    Parameters
    ----------
    examples : pandas.DataFrame
        Human-coded examples (:func:`~replicate.coding.training_examples`).
    shares : sequence of float
        Shares in (0, 1] of the other interviews' units to train on.
    categories : sequence of str
        The codebook's codes.
    threshold : float
        Abstention threshold (abstentions are missing ratings).
    seed : int
        Seed of the interview groups and of the samples.
    folds : int, default=3
        Held-out groups of interviews.
    model : {"tfidf", "e5"}, default="tfidf"
        The features.
    encoder : SentenceEncoder or None, default=None
        With ``model="e5"``: the encoder shared by every fit (None = a new one).
    counts : dict of str to TextCounts or None, default=None
        As in :func:`~replicate.coding.fit_coder`.
    n_jobs : int or None, default=None
        Worker processes for the fits; the result does not depend on it.
    max_examples : int or None, default=None
        Each held-out group's pool of training examples is first a seeded sample of at most
        this many (:func:`~replicate.coding.sample_examples`); the shares are of that pool.
        A held-out group with more units is scored on a seeded sample of this many.
    held_groups : int or None, default=None
        Score only the first this many of the ``folds`` held-out groups (None = all): on a
        cohort large enough to sample, one group of a third of the interviews already
        scores thousands of units, and each group costs a fit per share.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CURVE_COLUMNS`, one row per share: ``n_train`` is the mean number of
        training units per fold, ``n_scored`` the units scored where the machine did not
        abstain, ``abstained`` the share it abstained on; the ``*_every_unit`` columns score
        its best guess on every unit (no abstention).
    """
    ex = examples.reset_index(drop=True)
    groups = interview_folds(ex["interview"].to_numpy(), seed=seed, max_folds=folds)
    if model == "e5" and encoder is None:
        encoder = SentenceEncoder()
    jobs: list[FitJob] = []
    plan: list[tuple[float, int, pd.DataFrame]] = []
    for g, whole in enumerate(groups[:held_groups]):
        pool = ex[~ex["interview"].isin(set(ex["interview"].iloc[whole].tolist()))]
        if pool.empty:
            continue
        pool = sample_examples(pool, max_examples, seed=[seed, g, 1])
        fold = whole
        if max_examples is not None and len(whole) > max_examples:
            fold = np.sort(np.random.default_rng([seed, g, 2]).choice(
                whole, size=max_examples, replace=False))
        held = ex.iloc[fold]
        order = np.random.default_rng([seed, g]).permutation(len(pool))
        for s in sorted({float(x) for x in shares}):
            take = pool.iloc[np.sort(order[: max(1, round(s * len(pool)))])]
            jobs.append(FitJob(take["text"].tolist(), take["code"].tolist(),
                               held["text"].tolist()))
            plan.append((s, len(take), held.assign(unit_id=[f"{g}:{i}" for i in fold])))
    done = fit_and_predict(jobs, seed=seed, model=model, encoder=encoder, counts=counts,
                           n_jobs=n_jobs)
    scored: dict[float, list[pd.DataFrame]] = {float(s): [] for s in shares}
    n_train: dict[float, list[int]] = {float(s): [] for s in shares}
    for (codes, proba), (s, n, held) in zip(done, plan, strict=True):
        sug = suggestions_from(codes, proba, held, threshold=threshold)
        sug["human"] = held["code"].to_numpy()
        scored[s].append(sug)
        n_train[s].append(n)
    rows = []
    for s, parts in scored.items():
        if not parts:
            continue
        sug = pd.concat(parts, ignore_index=True)
        table = pd.DataFrame({"human": sug["human"].to_numpy(),
                              MACHINE: sug["code"].where(~sug["abstained"]).to_numpy()})
        stats = pair_agreement(table, categories=categories, n_boot=0, seed=seed)
        every = pair_agreement(table.assign(**{MACHINE: sug["code"].to_numpy()}),
                               categories=categories, n_boot=0, seed=seed)
        rows.append((s, float(np.mean(n_train[s])), int(stats["n_units"]),
                     float(sug["abstained"].mean()), stats["percent_agreement"],
                     stats["cohen_kappa"], stats["krippendorff_alpha"], stats["gwet_ac1"],
                     every["cohen_kappa"], every["gwet_ac1"]))
    return pd.DataFrame(rows, columns=list(CURVE_COLUMNS))


def learning_curve_figure(curve: pd.DataFrame, *, human: float | None = None,
                          model: str | None = None) -> Figure:
    """Kappa, alpha and AC1 against the training share, with the abstention rate.

    Parameters
    ----------
    curve : pandas.DataFrame
        :func:`learning_curve`'s table.
    human : float or None, default=None
        The human coders' Cohen's kappa, drawn as a dashed line for comparison.
    model : str or None, default=None
        The model that produced the curve (a key of :data:`~replicate.coding.MODELS`),
        named in the title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 3.8))
    ax = fig.subplots()
    x = curve["share"].to_numpy() * 100
    for col, label, marker in (("cohen_kappa", "Cohen's κ", "o"),
                               ("krippendorff_alpha", "Krippendorff's α", "s"),
                               ("gwet_ac1", "Gwet's AC1", "^")):
        ax.plot(x, curve[col].to_numpy(dtype=float), marker=marker, label=label)
    ax.plot(x, curve["cohen_kappa_every_unit"].to_numpy(dtype=float), marker="x",
            label="κ, best guess on every unit")
    ax.plot(x, curve["abstained"].to_numpy(dtype=float), color="grey", linestyle=":",
            label="abstained (share)")
    if human is not None and np.isfinite(human):
        ax.axhline(human, color="black", linestyle="--", linewidth=1,
                   label="human–human κ")
    ax.set_xlabel("share of the other interviews' coded units used for training (%)")
    ax.set_ylabel("agreement with the humans")
    ax.set_ylim(min(0.0, float(np.nanmin(curve[["cohen_kappa"]].to_numpy(dtype=float),
                                         initial=0.0))), 1.0)
    ax.legend(loc="lower right", fontsize="small")
    label = f" ({MODEL_LABELS.get(model, model)})" if model else ""
    ax.set_title(f"Machine coder{label}: learning curve", fontsize="medium")
    fig.tight_layout()
    return fig
