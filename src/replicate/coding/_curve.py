"""The learning curve: how well the machine agrees with the humans as they code more.

For each share (10 %, 20 %, …) and each of a few held-out groups of interviews, the machine
is trained on that share of the human-coded units of the *other* interviews (a seeded
sample, nested: the 20 % sample contains the 10 % one) and scored on the held-out
interviews' units against the humans' (final) codes, with the agreement engine. A school
reads off how much double coding it takes before the suggestions are worth reviewing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._embed import SentenceEncoder
from ._measure import pair_agreement
from ._model import MODEL_LABELS, ModelName, fit_coder
from ._predict import MACHINE, interview_folds, suggest

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["CURVE_COLUMNS", "learning_curve", "learning_curve_figure"]

CURVE_COLUMNS: tuple[str, ...] = ("share", "n_train", "n_scored", "abstained",
                                  "percent_agreement", "cohen_kappa", "krippendorff_alpha",
                                  "gwet_ac1", "cohen_kappa_every_unit", "gwet_ac1_every_unit")
"""Columns of :func:`learning_curve`, in order."""


def learning_curve(examples: pd.DataFrame, *, shares: Sequence[float], categories: Sequence[str],
                   threshold: float, seed: int, folds: int = 3,
                   model: ModelName = "tfidf", encoder: SentenceEncoder | None = None
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
    scored: dict[float, list[pd.DataFrame]] = {float(s): [] for s in shares}
    n_train: dict[float, list[int]] = {float(s): [] for s in shares}
    if model == "e5" and encoder is None:
        encoder = SentenceEncoder()
    for g, fold in enumerate(groups):
        held = ex.iloc[fold]
        pool = ex[~ex["interview"].isin(set(held["interview"]))]
        if pool.empty:
            continue
        order = np.random.default_rng([seed, g]).permutation(len(pool))
        for s in scored:
            take = pool.iloc[np.sort(order[: max(1, round(s * len(pool)))])]
            coder = fit_coder(take["text"].tolist(), take["code"].tolist(), seed=seed,
                              model=model, encoder=encoder)
            sug = suggest(coder, held.assign(unit_id=[f"{g}:{i}" for i in fold]),
                          threshold=threshold)
            sug["human"] = held["code"].to_numpy()
            scored[s].append(sug)
            n_train[s].append(len(take))
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
