"""Bootstrap confidence intervals by resampling units.

Each resample draws ``n`` units with replacement (``numpy.random.default_rng(seed)``); a
resample is fully described by how often each unit was drawn, a weight vector ``w``. Every
supported statistic is a smooth function of *sums of per-unit contributions* (Gwet's
per-unit agreement ``p_a,i``, the unit's category shares ``r_ik / r_i``, the unit's
contingency cell, or the unit's row of the coincidence matrix ``o_i``), so the per-unit
contributions are computed once and each resample is a weighted sum ``w @ S`` (a dense or
sparse matrix product for a whole batch of resamples at once) followed by the closed-form
coefficient. The estimate at ``w = 1`` is the ordinary point estimate.

Past :data:`_GROUPED_FROM` units the resamples are drawn per *rating pattern* instead of per
unit. Every contribution above is a function of the unit's row of ratings alone, so the sums
depend only on how often each distinct row was drawn, and those totals of a uniform
resample of ``n`` units are exactly ``Multinomial(n, n_g / n)`` over the ``G`` distinct rows
(two coders and 40 codes give at most 41² rows). Drawing them directly costs ``O(G)`` per
resample instead of ``O(n)``: the same bootstrap distribution, with a million units in
seconds. (Below that size the units are drawn one by one, as they always were, so earlier
reports' intervals stay as they were.)

Intervals are percentile intervals (Efron & Tibshirani 1993, ch. 13). Resampling *units*
keeps each unit's ratings together, which is what the consensus design samples; it differs
from Krippendorff's own bootstrap for alpha (Hayes & Krippendorff 2007), which resamples
pairable values, so the two intervals are close but not identical.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
from scipy import sparse

from replicate.errors import DataError

from ._data import Label, Level, RatingTable, as_table
from ._multirater import _parts
from ._units import FloatArray, unit_category_counts
from ._weights import WeightSpec, agreement_weights, alpha_distance

__all__ = ["BOOTSTRAP_STATISTICS", "bootstrap_agreement"]

BOOTSTRAP_STATISTICS: tuple[str, ...] = (
    "percent_agreement",
    "cohen_kappa",
    "scott_pi",
    "fleiss_kappa",
    "krippendorff_alpha",
    "gwet_ac1",
    "brennan_prediger",
)
"""Statistics :func:`bootstrap_agreement` can resample."""

_GROUPED_FROM = 20_000  # units; from here resamples are drawn per distinct rating row
_BATCH_CELLS = 4_000_000  # resamples x units per batch (bounds memory to ~64 MB)
_DENSE_COLUMNS = 256  # wider per-unit contributions are kept sparse

Finaliser = Callable[[FloatArray], FloatArray]


@dataclass(frozen=True, eq=False)
class _Plan:
    """Per-unit contributions ``S`` (n x k) and the map from summed rows to the statistic."""

    contributions: FloatArray | sparse.csr_matrix
    finalise: Finaliser

    @cached_property
    def transposed(self) -> sparse.csr_matrix:
        """Contributions as a k x n CSR matrix (for sparse products)."""
        return sparse.csr_matrix(self.contributions.T)


def _safe_div(num: FloatArray, den: FloatArray) -> FloatArray:
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=np.abs(den) > 1e-12)
    return out


def _pa_pi_plan(table: RatingTable, name: str) -> _Plan:
    parts = _parts(table, "none")
    q = table.n_categories
    shares = unit_category_counts(table) / parts.m[:, None]
    s = np.column_stack([parts.pa_i * parts.has2, parts.has2.astype(np.float64),
                         np.ones(table.n_units), shares])

    def finalise(sums: FloatArray) -> FloatArray:
        pa = _safe_div(sums[:, 0], sums[:, 1])
        if name == "percent_agreement":
            return pa
        pi = sums[:, 3:] / sums[:, 2:3]
        if name == "fleiss_kappa":
            pe = np.sum(pi**2, axis=1)
        elif name == "gwet_ac1":
            pe = np.sum(pi * (1.0 - pi), axis=1) / (q - 1) if q > 1 else np.full_like(pa, 1.0)
        else:
            pe = np.full_like(pa, 1.0 / q)
        return _safe_div(pa - pe, 1.0 - pe)

    return _Plan(s, finalise)


def _pair_plan(table: RatingTable, name: str, weights: WeightSpec) -> _Plan:
    if table.n_coders != 2:
        raise DataError(f"{name} needs exactly two coders; the table has {table.n_coders}")
    q = table.n_categories
    w = agreement_weights(q, weights) if name == "cohen_kappa" else np.eye(q)
    both = np.flatnonzero(table.present.all(axis=1))
    cells = table.codes[both, 0].astype(np.int64) * q + table.codes[both, 1]
    s = sparse.csr_matrix((np.ones(both.size), (both, cells)), shape=(table.n_units, q * q))

    def finalise(sums: FloatArray) -> FloatArray:
        p = _safe_div(sums.reshape(-1, q, q), sums.sum(axis=1)[:, None, None])
        row, col = p.sum(axis=2), p.sum(axis=1)
        pa = np.einsum("kl,bkl->b", w, p)
        if name == "cohen_kappa":
            pe = np.einsum("bk,kl,bl->b", row, w, col)
        else:
            mean = (row + col) / 2.0
            pe = np.einsum("bk,kl,bl->b", mean, w, mean)
        return _safe_div(pa - pe, 1.0 - pe)

    return _Plan(s, finalise)


def _alpha_plan(table: RatingTable, level: Level) -> _Plan:
    q, n = table.n_categories, table.n_units
    m = table.ratings_per_unit
    inv = np.zeros(n)
    np.divide(1.0, m - 1, out=inv, where=m >= 2)
    codes, present = table.codes, table.present
    if level != "ordinal":
        # Fixed metric: a unit contributes its disagreement sum_ck o_ick delta_ck and its
        # pairable values per category; alpha needs only their weighted sums.
        delta = alpha_distance(level, q, table.values, np.ones(q))
        d_unit = np.zeros(n)
        for a in range(table.n_coders):
            for b in range(a + 1, table.n_coders):
                both = present[:, a] & present[:, b]
                d_unit[both] += 2.0 * delta[codes[both, a], codes[both, b]] * inv[both]
        margins = unit_category_counts(table) * (m >= 2)[:, None]
        dense = np.column_stack([d_unit, margins])
        contributions: FloatArray | sparse.csr_matrix = (
            dense if dense.shape[1] <= _DENSE_COLUMNS else sparse.csr_matrix(dense))

        def finalise_fixed(sums: FloatArray) -> FloatArray:
            margins_b = sums[:, 1:]
            total = margins_b.sum(axis=1)
            d_exp = np.einsum("bk,kl,bl->b", margins_b, delta, margins_b)
            return 1.0 - _safe_div(sums[:, 0] * (total - 1.0), d_exp)

        return _Plan(contributions, finalise_fixed)
    # Ordinal: the metric depends on the margins, so keep each unit's coincidences.
    rows_list, cells_list, vals_list = [], [], []
    for a in range(table.n_coders):
        for b in range(table.n_coders):
            if a != b:
                pair_rows = np.flatnonzero(present[:, a] & present[:, b])
                rows_list.append(pair_rows)
                cells_list.append(codes[pair_rows, a].astype(np.int64) * q
                                  + codes[pair_rows, b])
                vals_list.append(inv[pair_rows])
    coinc = sparse.csr_matrix(
        (np.concatenate(vals_list), (np.concatenate(rows_list), np.concatenate(cells_list))),
        shape=(n, q * q),
    )

    def finalise_ordinal(sums: FloatArray) -> FloatArray:
        o = sums.reshape(-1, q, q)
        margins_b = o.sum(axis=2)
        total = margins_b.sum(axis=1)
        deltas = np.stack([alpha_distance("ordinal", q, None, mb) for mb in margins_b])
        d_obs = np.einsum("bkl,bkl->b", o, deltas)
        d_exp = np.einsum("bk,bkl,bl->b", margins_b, deltas, margins_b)
        return 1.0 - _safe_div(d_obs * (total - 1.0), d_exp)

    return _Plan(coinc, finalise_ordinal)


def _plan(table: RatingTable, name: str, level: Level, weights: WeightSpec) -> _Plan:
    if name in ("percent_agreement", "fleiss_kappa", "gwet_ac1", "brennan_prediger"):
        return _pa_pi_plan(table, name)
    if name in ("cohen_kappa", "scott_pi"):
        return _pair_plan(table, name, weights)
    return _alpha_plan(table, level)


def _summed(plan: _Plan, counts: FloatArray) -> FloatArray:
    """Weighted sums for a batch: ``counts`` is resamples x units (one row each)."""
    if sparse.issparse(plan.contributions):
        return np.asarray((plan.transposed @ counts.T).T)
    return np.asarray(counts @ plan.contributions)


def _unit_draws(plans: dict[str, _Plan], n: int, n_boot: int, seed: int
                ) -> dict[str, FloatArray]:
    """Each statistic on ``n_boot`` resamples of the units, drawn unit by unit."""
    rng = np.random.default_rng(seed)
    draws = {name: np.empty(n_boot) for name in plans}
    batch = max(1, min(n_boot, _BATCH_CELLS // n))
    counts = np.empty((batch, n))
    for start in range(0, n_boot, batch):
        size = min(batch, n_boot - start)
        idx = rng.integers(0, n, size=(size, n), dtype=np.int64)
        for j in range(size):  # one small bincount per resample stays in cache
            counts[j] = np.bincount(idx[j], minlength=n)
        for name, plan in plans.items():
            draws[name][start:start + size] = plan.finalise(_summed(plan, counts[:size]))
    return draws


def _distinct_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of the first occurrence and count of each distinct row of ``rows`` (integers
    from -1), in the order of ``np.unique(rows, axis=0)``.

    Each row is read as one number in base (largest value + 2), first column most
    significant, so the numbers sort as the rows do lexicographically; ``np.unique`` of one
    integer column is ten times faster than of rows. Falls back to ``axis=0`` when the
    numbers would not fit in 64 bits.

    Examples
    --------
    >>> first, sizes = _distinct_rows(np.array([[1, 0], [0, -1], [1, 0], [0, 2]]))
    >>> first.tolist(), sizes.tolist()
    ([1, 3, 0], [1, 1, 2])
    """
    base = int(rows.max(initial=-1)) + 2
    if rows.shape[1] * np.log2(max(base, 2)) < 62:
        key = np.zeros(len(rows), dtype=np.int64)
        for j in range(rows.shape[1]):
            key = key * base + (rows[:, j] + 1)
        _, first, sizes = np.unique(key, return_index=True, return_counts=True)
    else:  # pragma: no cover - thousands of categories and many coders
        _, first, sizes = np.unique(rows, axis=0, return_index=True, return_counts=True)
    return first, sizes


def _grouped_draws(table: RatingTable, plans: dict[str, _Plan], n_boot: int, seed: int
                   ) -> dict[str, FloatArray]:
    """Each statistic on ``n_boot`` resamples, drawn as multinomial totals per distinct
    rating row (see the module notes)."""
    rows = np.where(table.present, table.codes.astype(np.int64), -1)
    first, sizes = _distinct_rows(rows)
    n = table.n_units
    rng = np.random.default_rng(seed)
    totals = rng.multinomial(n, sizes / n, size=n_boot).astype(np.float64)
    out = {}
    for name, plan in plans.items():
        rep = plan.contributions[first]
        sums = np.asarray(totals @ rep) if not sparse.issparse(rep) else np.asarray(
            (sparse.csr_matrix(rep).T @ totals.T).T)
        out[name] = plan.finalise(sums)
    return out


def bootstrap_agreement(
    ratings: pd.DataFrame | RatingTable,
    *,
    n_boot: int = 1000,
    seed: int,
    statistics: Sequence[str] | None = None,
    level: Level = "nominal",
    weights: WeightSpec = "none",
    categories: Sequence[Label] | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Percentile bootstrap confidence intervals, resampling units with replacement.

    Parameters
    ----------
    ratings : pandas.DataFrame or RatingTable
        Wide table (see :func:`ratings_table`).
    n_boot : int, default=1000
        Number of resamples (at least 1).
    seed : int
        Seed for ``numpy.random.default_rng``; the same seed gives the same intervals.
    statistics : sequence of str or None, default=None
        Names from :data:`BOOTSTRAP_STATISTICS`; ``None`` = all that apply (Cohen's kappa
        and Scott's pi only with two coders).
    level : {"nominal", "ordinal", "interval", "ratio"}, default="nominal"
        Level of measurement for alpha.
    weights : {"none", "linear", "quadratic"}, sequence or array, default="none"
        Agreement weights for Cohen's kappa.
    categories : sequence or None, default=None
        Full category set (affects AC1 and Brennan-Prediger).
    confidence : float, default=0.95
        Coverage of the percentile interval.

    Returns
    -------
    pandas.DataFrame
        One row per statistic with columns ``statistic, estimate, ci_low, ci_high, se,
        n_boot, n_valid, confidence, method``; ``n_valid`` counts resamples where the
        statistic was defined (e.g. not all ratings in one category).

    Raises
    ------
    DataError
        Invalid ratings, an unknown statistic, a two-coder statistic for another number of
        coders, ``n_boot < 1`` or ``confidence`` outside (0, 1).

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.
    Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard reliability
    measure for coding data. *Communication Methods and Measures*, 1(1), 77-89.
    """
    if n_boot < 1:
        raise DataError(f"n_boot must be at least 1, got {n_boot}")
    if not 0.0 < confidence < 1.0:
        raise DataError(f"confidence must lie between 0 and 1, got {confidence}")
    table = as_table(ratings, categories, level)
    if statistics is None:
        names = [s for s in BOOTSTRAP_STATISTICS
                 if table.n_coders == 2 or s not in ("cohen_kappa", "scott_pi")]
    else:
        unknown = [s for s in statistics if s not in BOOTSTRAP_STATISTICS]
        if unknown:
            raise DataError(f"cannot bootstrap {unknown[0]!r}; choose from "
                            f"{', '.join(BOOTSTRAP_STATISTICS)}")
        names = list(dict.fromkeys(statistics))
    plans = {name: _plan(table, name, level, weights) for name in names}
    n = table.n_units
    if n >= _GROUPED_FROM:
        draws = _grouped_draws(table, plans, n_boot, seed)
    else:
        draws = _unit_draws(plans, n, n_boot, seed)
    lo_q, hi_q = (1.0 - confidence) / 2.0, (1.0 + confidence) / 2.0
    rows = []
    for name in names:
        plan = plans[name]
        estimate = float(plan.finalise(_summed(plan, np.ones((1, n))))[0])
        values = draws[name][np.isfinite(draws[name])]
        if values.size:
            low, high = (float(v) for v in np.quantile(values, [lo_q, hi_q]))
            se = float(values.std(ddof=1)) if values.size > 1 else float("nan")
        else:
            low = high = se = float("nan")
        rows.append((name, estimate, low, high, se, n_boot, int(values.size), confidence,
                     "percentile bootstrap over units"))
    return pd.DataFrame(rows, columns=["statistic", "estimate", "ci_low", "ci_high", "se",
                                       "n_boot", "n_valid", "confidence", "method"])
