"""Sensitivity of the saturation point to the method's parameters and to interview order.

Guest, Namey & Chen (2020) evaluated base sizes b ∈ {4, 5, 6}, run lengths r ∈ {2, 3} and
thresholds t ∈ {5 %, 0 %}; :func:`sensitivity_grid` reruns the assessment over those 12
combinations. They validated the method by bootstrapping interview order;
:func:`order_sensitivity` recomputes the saturation point over seeded random permutations and
reports its median and interquartile range (methodology.md §1.7).

References
----------
Guest G, Namey E, Chen M. A simple method to assess and report thematic saturation in
qualitative research. PLoS ONE 2020;15(5):e0232076. doi:10.1371/journal.pone.0232076
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from replicate.errors import ConfigError
from replicate.synthesis.saturation import Interview, SaturationPlan, saturation_point

__all__ = ["OrderSensitivity", "order_sensitivity", "sensitivity_grid"]


def sensitivity_grid(
    sequence: Sequence[Interview],
    *,
    bases: Sequence[int] = (4, 5, 6),
    runs: Sequence[int] = (2, 3),
    thresholds: Sequence[float] = (0.05, 0.0),
    run_step: int = 1,
) -> pd.DataFrame:
    """Saturation under every combination of base, run and threshold (12 rows by default).

    Parameters
    ----------
    sequence : sequence of Interview
    bases, runs, thresholds : sequences
        The grid; defaults are Guest et al.'s b ∈ {4, 5, 6}, r ∈ {2, 3}, t ∈ {5 %, 0 %}.
    run_step : int, default=1

    Returns
    -------
    pandas.DataFrame
        Columns ``base, run, threshold, reached, saturated_at, notation, interviews_needed,
        base_unique, new_in_run, ratio, reason``, in grid order (base, then run, then
        threshold as given). Missing values are ``<NA>``/``None``.
    """
    rows = []
    for b in bases:
        for r in runs:
            for t in thresholds:
                s, base_unique, k, reason = saturation_point(
                    sequence, SaturationPlan(b, r, t, run_step))
                rows.append((
                    b, r, float(t), s is not None, s, None if s is None else f"{s}+{r}",
                    None if s is None else s + r, base_unique, k,
                    None if k is None else k / base_unique, reason,
                ))
    frame = pd.DataFrame(
        rows,
        columns=["base", "run", "threshold", "reached", "saturated_at", "notation",
                 "interviews_needed", "base_unique", "new_in_run", "ratio", "reason"],
    )
    for col in ("saturated_at", "interviews_needed", "new_in_run"):
        frame[col] = frame[col].astype("Int64")
    frame["ratio"] = frame["ratio"].astype(float)
    return frame


@dataclass(frozen=True, eq=False)
class OrderSensitivity:
    """Saturation point over random interview orders.

    Attributes
    ----------
    plan : SaturationPlan
    n_permutations, n_reached : int
    share_reached : float
    median, q1, q3, iqr : float or None
        Of ``s`` over the permutations that reached saturation (``None`` if none did).
    draws : pandas.DataFrame
        One row per permutation: ``permutation, saturated_at, reached, reason``.
    seed : int
    """

    plan: SaturationPlan
    n_permutations: int
    n_reached: int
    share_reached: float
    median: float | None
    q1: float | None
    q3: float | None
    iqr: float | None
    draws: pd.DataFrame
    seed: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (no per-permutation draws)."""
        return {
            "n_permutations": self.n_permutations,
            "seed": self.seed,
            "n_reached": self.n_reached,
            "share_reached": self.share_reached,
            "median_s": self.median,
            "q1_s": self.q1,
            "q3_s": self.q3,
            "iqr_s": self.iqr,
            "median_notation": None if self.median is None
            else f"{self.median:g}+{self.plan.run}",
        }


def order_sensitivity(
    sequence: Sequence[Interview],
    plan: SaturationPlan | None = None,
    *,
    n_permutations: int = 500,
    seed: int = 0,
) -> OrderSensitivity:
    """Recompute the saturation point over seeded random permutations of interview order.

    Parameters
    ----------
    sequence : sequence of Interview
    plan : SaturationPlan or None, default=None
    n_permutations : int, default=500
    seed : int, default=0
        Seed for ``numpy.random.default_rng``.

    Returns
    -------
    OrderSensitivity
        Median and IQR (numpy's linear percentiles) of ``s`` over permutations that reached
        saturation; the share that did not is reported, not imputed.

    Raises
    ------
    ConfigError
        If ``n_permutations`` < 1.

    References
    ----------
    Guest G, Namey E, Chen M. PLoS ONE 2020;15(5):e0232076 (bootstrap of interview order).
    """
    plan = plan or SaturationPlan()
    if n_permutations < 1:
        raise ConfigError(
            f"n_permutations is {n_permutations}; allowed: a whole number ≥ 1",
            location="saturation.permutations",
        )
    rng = np.random.default_rng(seed)
    items = list(sequence)
    draws = []
    for k in range(n_permutations):
        perm = [items[i] for i in rng.permutation(len(items))]
        s, _, _, reason = saturation_point(perm, plan)
        draws.append((k, s, s is not None, reason))
    frame = pd.DataFrame(draws, columns=["permutation", "saturated_at", "reached", "reason"])
    frame["saturated_at"] = frame["saturated_at"].astype("Int64")
    hits = frame.loc[frame["reached"], "saturated_at"].to_numpy(dtype=float)
    if hits.size:
        q1, median, q3 = (float(v) for v in np.percentile(hits, [25, 50, 75]))
        stats: tuple[float | None, ...] = (median, q1, q3, q3 - q1)
    else:
        stats = (None, None, None, None)
    return OrderSensitivity(
        plan=plan,
        n_permutations=n_permutations,
        n_reached=int(hits.size),
        share_reached=hits.size / n_permutations,
        median=stats[0],
        q1=stats[1],
        q3=stats[2],
        iqr=stats[3],
        draws=frame,
        seed=seed,
    )
