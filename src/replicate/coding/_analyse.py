"""One call from the stage: train, suggest, score as a coder, learning curve."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from replicate.errors import DataError

from ._curve import learning_curve, learning_curve_figure
from ._embed import SentenceEncoder
from ._examples import TrainOn, coded_mask, sample_examples, training_examples, units_to_code
from ._fits import FitJob, one_pool, submit_fit
from ._measure import ALL_CODES, confusion_list, machine_agreement, pair_agreement
from ._model import MODELS, ModelName, check_model, count_texts
from ._predict import MACHINE, out_of_interview, suggestions_from, unit_texts

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["REVIEW_COLUMNS", "MachineCodingResult", "analyse_machine_coding"]

REVIEW_COLUMNS: tuple[str, ...] = ("code", "probability", "abstained", "unit_id",
                                   "participant", "text", "current_code")
"""Columns of :attr:`MachineCodingResult.review`, in order."""


def _f(value: object) -> float | None:
    v = float(value)  # type: ignore[arg-type]
    return v if math.isfinite(v) else None


@dataclass(frozen=True)
class MachineCodingResult:
    """Everything the machine-coding stage reports.

    Attributes
    ----------
    suggestions : pandas.DataFrame
        The machine's codes for the units to code: a codings table with coder
        ``"machine"`` plus ``probability`` and ``abstained``.
    review : pandas.DataFrame
        The suggestions with the unit text, grouped by code (columns
        :data:`REVIEW_COLUMNS`; ``current_code`` is a human's code where there is one).
    scored : pandas.DataFrame
        Leave-one-interview-out suggestions for the double-coded units.
    agreement : pandas.DataFrame
        :func:`~replicate.coding.machine_agreement` of ``scored`` with the coders.
    confusion : pandas.DataFrame
        :func:`~replicate.coding.confusion_list`.
    curve : pandas.DataFrame
        :func:`~replicate.coding.learning_curve`.
    summary : dict
        JSON-serialisable figures for the write-up. ``model`` names the model (a key of
        :data:`~replicate.coding.MODELS`) and is repeated in every block of figures the
        model produced (``scored``, each ``machine_vs_human`` pair, each learning-curve
        point, ``suggestions_vs_final_code``); ``human_vs_human`` has none.
    """

    suggestions: pd.DataFrame
    review: pd.DataFrame
    scored: pd.DataFrame
    agreement: pd.DataFrame
    confusion: pd.DataFrame
    curve: pd.DataFrame
    summary: dict[str, object] = field(repr=False)

    def curve_figure(self) -> Figure:
        """The learning curve with the human coders' kappa beside it."""
        hh = self.agreement[(self.agreement["code"] == ALL_CODES)
                            & (self.agreement["rater_a"] != MACHINE)]
        human = float(hh["cohen_kappa"].mean()) if len(hh) else None
        model = self.summary.get("model")
        return learning_curve_figure(self.curve, human=human,
                                     model=model if isinstance(model, str) else None)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables to write as CSV artifacts, keyed by file stem, sorted."""
        overall = self.agreement[self.agreement["code"] == ALL_CODES]
        per_code = self.agreement[self.agreement["code"] != ALL_CODES]
        return dict(sorted({"agreement": overall.reset_index(drop=True),
                            "agreement_per_code": per_code.reset_index(drop=True),
                            "confusion": self.confusion, "learning_curve": self.curve,
                            "review": self.review, "suggestions": self.suggestions}.items()))


def _review(suggestions: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    u = units.assign(unit_id=units["unit_id"].astype(str)).set_index("unit_id")
    current = u["code"].where(coded_mask(u)) if "code" in u.columns else None
    out = suggestions.assign(
        participant=u["participant"].reindex(suggestions["unit_id"]).to_numpy(),
        text=u["text"].reindex(suggestions["unit_id"]).to_numpy(),
        current_code=(current.reindex(suggestions["unit_id"]).to_numpy()
                      if current is not None else None))
    out = out.sort_values(["abstained", "code", "probability", "unit_id"],
                          ascending=[True, True, False, True], kind="stable")
    return out[list(REVIEW_COLUMNS)].reset_index(drop=True)


def _pair_summary(row: pd.Series) -> dict[str, object]:
    return {k: _f(row[k]) for k in ("n_units", "percent_agreement", "cohen_kappa",
                                    "cohen_kappa_ci_low", "cohen_kappa_ci_high",
                                    "krippendorff_alpha", "krippendorff_alpha_ci_low",
                                    "krippendorff_alpha_ci_high", "gwet_ac1",
                                    "gwet_ac1_ci_low", "gwet_ac1_ci_high")}


class _Suggestions:
    """The suggestions from the suggestions' fit, handed to ``on_suggestions`` as soon as the
    fit is done: at once when it was done here, else from a thread waiting for its worker
    (at a million units the fit was done 10 s before the folds and the curve)."""

    def __init__(self, fit: Future[tuple[tuple[str, ...], npt.NDArray[np.float64]]],
                 todo: pd.DataFrame, *, threshold: float,
                 on_suggestions: Callable[[pd.DataFrame], None] | None) -> None:
        self._fit, self._todo, self._threshold = fit, todo, threshold
        self._on = on_suggestions
        self._made: tuple[tuple[str, ...], pd.DataFrame] | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if fit.done():
            self._make()
            self._raise()
        else:
            self._thread = threading.Thread(target=self._make, daemon=True)
            self._thread.start()

    def _make(self) -> None:
        try:
            learned, proba = self._fit.result()
            suggestions = suggestions_from(learned, proba, self._todo,
                                           threshold=self._threshold)
            if self._on is not None:
                self._on(suggestions)
            self._made = (learned, suggestions)
        except BaseException as exc:  # raised in the caller's thread by result()
            self._error = exc

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def result(self) -> tuple[tuple[str, ...], pd.DataFrame]:
        """The codes learned and the suggestions; the fit's or the handler's error."""
        if self._thread is not None:
            self._thread.join()
        self._raise()
        if self._made is None:  # pragma: no cover - _make sets one or the other
            raise RuntimeError("the suggestions were neither made nor failed")
        return self._made


def analyse_machine_coding(
    units: pd.DataFrame, codings: pd.DataFrame, codebook: pd.DataFrame, *,
    seed: int, threshold: float = 0.5, shares: Sequence[float] = (0.1, 0.2, 0.3, 0.5, 1.0),
    train_on: TrainOn = "double_coded", n_boot: int = 1000, max_folds: int = 20,
    curve_folds: int = 3, model: ModelName = "tfidf", n_jobs: int | None = None,
    max_examples: int | None = 5000, sampled_folds: int = 5,
    on_suggestions: Callable[[pd.DataFrame], None] | None = None,
) -> MachineCodingResult:
    """Train the machine coder, suggest codes, and measure it as a coder.

    Parameters
    ----------
    units, codings, codebook : pandas.DataFrame
        The cohort's tables (``codings`` = the double-coded subset).
    seed : int
        The cohort seed (folds, samples, solver, bootstrap).
    threshold : float, default=0.5
        Below this probability the machine abstains.
    shares : sequence of float, default=(0.1, 0.2, 0.3, 0.5, 1.0)
        Training shares of the learning curve.
    train_on : {"double_coded", "coded"}, default="double_coded"
        What the suggestions learn from (:func:`~replicate.coding.training_examples`).
        The leave-one-interview-out score uses the same examples; the learning curve uses
        every human-coded unit.
    n_boot : int, default=1000
        Bootstrap resamples of the intervals.
    max_folds, curve_folds : int
        Most folds of the score (leave-one-interview-out up to this many interviews) and
        held-out groups of the learning curve.
    model : {"tfidf", "e5"}, default="tfidf"
        The features (:data:`~replicate.coding.MODELS`); ``"e5"`` needs the
        ``replicate[embed]`` extra and embeds each distinct text once for every fit;
        ``"tfidf"`` counts each distinct text's n-grams once for every fit.
    n_jobs : int or None, default=None
        Processes counting n-grams and fitting the folds side by side (None = one); the
        result does not depend on it.
    max_examples : int or None, default=5000
        Every fit (the suggestions', each fold's, each point of the learning curve's)
        learns from a seeded sample of at most this many examples; None = all.
    sampled_folds : int, default=5
        When there are more examples than ``max_examples``, the score uses at most this
        many folds of interviews instead of ``max_folds`` (each fold's model learns from a
        sample anyway, and every fold costs a full fit), each fold scores a seeded sample of
        at most ``max_examples`` of its units (the humans are compared on the same units),
        and the learning curve scores one of its ``curve_folds`` held-out groups of
        interviews.
    on_suggestions : callable or None, default=None
        Called with the suggestions (:attr:`MachineCodingResult.suggestions`) as soon as they
        are made, before the machine is scored (stage 35 starts its export then).

    Returns
    -------
    MachineCodingResult

    Raises
    ------
    DataError
        No codings, no human-coded unit, or a coder called ``machine``.
    ConfigError
        An unknown model, or ``"e5"`` without the extra installed.
    """
    check_model(model)
    if codings is None or codings.empty:
        raise DataError("the machine coder is scored against the double-coded subset; the "
                        "codings table is empty", file="codings")
    categories = [str(c).strip() for c in codebook["code"]]
    examples = training_examples(units, codings, train_on=train_on)
    every = training_examples(units, codings, train_on="coded")
    encoder = SentenceEncoder() if model == "e5" else None
    counts = (count_texts(units["text"].fillna("").astype(str).tolist(), n_jobs=n_jobs)
              if model == "tfidf" else None)
    sampled = max_examples is not None and len(examples) > max_examples
    learn = sample_examples(examples, max_examples, seed=seed)
    todo = units_to_code(units, codings, train_on=train_on)
    double = set(codings["unit_id"].astype(str).tolist())
    targets = units[units["unit_id"].astype(str).isin(double)]
    with one_pool(counts, n_jobs):
        # the suggestions' fit first: on a large cohort it runs in a worker while the folds
        # and the curve take the other one, and the suggestions are handed on (stage 35
        # starts its export) as soon as it is done
        final = _Suggestions(submit_fit(FitJob(learn["text"].tolist(), learn["code"].tolist(),
                                               unit_texts(todo)),
                                        seed=seed, model=model, encoder=encoder,
                                        counts=counts),
                             todo, threshold=threshold, on_suggestions=on_suggestions)
        scored, splits = out_of_interview(
            examples, targets, threshold=threshold, seed=seed,
            max_folds=min(max_folds, sampled_folds) if sampled else max_folds, model=model,
            encoder=encoder, counts=counts, n_jobs=n_jobs, max_examples=max_examples,
            max_scored=max_examples if sampled else None)
        curve = learning_curve(every, shares=shares, categories=categories,
                               threshold=threshold, seed=seed, folds=curve_folds, model=model,
                               encoder=encoder, counts=counts, n_jobs=n_jobs,
                               max_examples=max_examples, held_groups=1 if sampled else None)
        learned, suggestions = final.result()
    held = set().union(*(h for _, h in splits))
    # the score sampled its folds' units (max_scored): a fold skipped for want of training
    # units is not a sample
    scored_sample = len(scored) < int(targets["transcript"].astype(str).isin(held).sum())
    # the humans are compared on the same units as the machine
    on_scored = codings if len(scored) == len(targets) else codings[
        codings["unit_id"].astype(str).isin(set(scored["unit_id"].tolist()))]
    agreement = machine_agreement(on_scored, scored, categories=categories, n_boot=n_boot,
                                  seed=seed)
    overall = agreement[agreement["code"] == ALL_CODES]
    summary: dict[str, object] = {
        "model": model, "model_description": MODELS[model], "train_on": train_on,
        "threshold": threshold, "n_training_examples": len(learn),
        "n_examples_available": len(examples), "max_examples": max_examples,
        "sampled": sampled,
        "n_codes_learned": len(learned),
        "n_suggested": len(suggestions),
        "n_abstained": int(suggestions["abstained"].sum()),
        "abstention_rate": _f(suggestions["abstained"].mean()) if len(suggestions) else None,
        "scored": {"design": ("leave-one-interview-out" if len(splits) == targets[
                       "transcript"].nunique() else f"{len(splits)} folds of interviews"),
                   "model": model, "n_folds": len(splits), "n_units": len(scored),
                   # only when sampled: the summary of a cohort scored in full is unchanged
                   **({"sampled": True, "n_double_coded": len(targets),
                       "max_per_fold": max_examples} if scored_sample else {}),
                   "abstention_rate": _f(scored["abstained"].mean()) if len(scored) else None,
                   "n_boot": n_boot},
        "machine_vs_human": {str(r["rater_b"]): {"model": model, **_pair_summary(r)}
                             for _, r in overall.iterrows() if r["rater_a"] == MACHINE},
        "human_vs_human": {str(r["pair"]): _pair_summary(r) for _, r in overall.iterrows()
                           if r["rater_a"] != MACHINE},
        "learning_curve": [{"model": model, **{k: (_f(v) if k != "n_scored" else int(v))
                                               for k, v in r.items()}}
                           for r in curve.to_dict("records")],
    }
    coded_todo = todo[coded_mask(todo)] if "code" in todo.columns else todo.iloc[:0]
    if len(coded_todo) and len(suggestions):
        sug = suggestions.set_index("unit_id")
        table = pd.DataFrame({
            "final": coded_todo["code"].astype(str).str.strip().to_numpy(),
            MACHINE: sug["code"].where(~sug["abstained"]).reindex(
                coded_todo["unit_id"].astype(str)).to_numpy()})
        summary["suggestions_vs_final_code"] = {"model": model, **{
            k: _f(v) for k, v in pair_agreement(table, categories=categories, n_boot=0,
                                                seed=seed).items()
            if not k.endswith(("_low", "_high"))}}
    return MachineCodingResult(suggestions=suggestions, review=_review(suggestions, units),
                               scored=scored, agreement=agreement,
                               confusion=confusion_list(codings, scored), curve=curve,
                               summary=summary)
