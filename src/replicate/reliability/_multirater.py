"""Multi-coder coefficients in Gwet's common framework, with missing ratings.

All share the observed agreement ``p_a`` (Fleiss's P-bar): over the units with at least two
ratings, the mean of ``sum_k r_ik (sum_l w_kl r_il - 1) / (r_i (r_i - 1))``, and the pooled
classification probabilities ``pi_k = mean_i r_ik / r_i`` over all units. They differ only
in the chance agreement ``p_e`` (Gwet 2014, ch. 2-4):

==================  =========================================================
Fleiss' kappa       ``sum_kl w_kl pi_k pi_l``                   (Fleiss 1971)
Gwet's AC1/AC2      ``sum(w) / (q (q - 1)) * sum_k pi_k (1 - pi_k)`` (Gwet 2008)
Brennan-Prediger    ``sum(w) / q^2``                (Brennan & Prediger 1981)
Conger's kappa      mean of the pairwise Cohen chance terms          (Conger 1980)
==================  =========================================================

With complete data Fleiss' kappa equals statsmodels' ``fleiss_kappa`` and the 1971 paper.
Standard errors use Gwet's linearisation (Gwet 2008, *Br J Math Stat Psychol* 61:29-48) as
implemented in R irrCAC ``*.raw`` (no finite-population correction). The z statistic of
Fleiss' kappa under H0 uses Fleiss, Nee & Landis (1979), for complete data only.
The formulas are written out here with numpy (rather than depending on irrCAC) to stay
vectorised over units and to avoid an ``n x q`` matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from ._data import Label, RatingTable, as_table
from ._definitions import DEFINITIONS
from ._result import T_CI, Coefficient, number, ratio, t_interval
from ._units import FloatArray, gather_sum, pair_agreement
from ._weights import WeightSpec, agreement_weights

__all__ = [
    "brennan_prediger",
    "conger_kappa",
    "fleiss_kappa",
    "gwet_ac1",
    "percent_agreement",
]


@dataclass(frozen=True)
class _Parts:
    """Gwet's per-unit ingredients shared by the coefficients."""

    table: RatingTable
    weights: FloatArray
    m: FloatArray
    has2: npt.NDArray[np.bool_]
    pa_i: FloatArray
    pa: float
    pi: FloatArray

    @property
    def n(self) -> int:
        return self.table.n_units

    @property
    def n2(self) -> int:
        return int(self.has2.sum())


def _parts(table: RatingTable, weights: WeightSpec) -> _Parts:
    q = table.n_categories
    w = agreement_weights(q, weights)
    m = table.ratings_per_unit.astype(np.float64)
    has2 = m >= 2
    identity = bool(np.array_equal(w, np.eye(q)))
    sum_q = pair_agreement(table, None if identity else w)
    pa_i = np.zeros_like(m)
    np.divide(sum_q, m * (m - 1.0), out=pa_i, where=has2)
    pa = float(pa_i[has2].mean())
    rows = np.nonzero(table.present)[0]
    pi = np.bincount(table.codes[table.present], weights=1.0 / m[rows], minlength=q)
    return _Parts(table, w, m, has2, pa_i, pa, pi / table.n_units)


def _linearised(
    parts: _Parts,
    name: str,
    pe: float | None,
    pe_i: FloatArray | None,
    definition: str,
    z0: float | None = None,
) -> Coefficient:
    """Coefficient, Gwet's SE and t-interval from ``p_e`` and its per-unit terms."""
    n, n2, pa = parts.n, parts.n2, parts.pa
    if pe is None:
        return Coefficient(name=name, value=None, observed=pa, expected=None,
                           n_units=n, definition=definition)
    value = ratio(pa - pe, 1.0 - pe)
    se: float | None = None
    if value is not None and n >= 2:
        coef_i = (n / n2) * (parts.pa_i - pe * parts.has2) / (1.0 - pe)
        if pe_i is not None:
            coef_i = coef_i - 2.0 * (1.0 - value) * (pe_i - pe) / (1.0 - pe)
        se = number(np.sqrt(np.sum((coef_i - value) ** 2) / (n * (n - 1))))
    low, high = t_interval(value, se, n)
    return Coefficient(
        name=name, value=value, observed=pa, expected=pe, n_units=n, se=se,
        ci_low=low, ci_high=high, ci_method=T_CI if se is not None else None, z0=z0,
        definition=definition,
    )


def _weight_note(weights: WeightSpec) -> str:
    if isinstance(weights, str):
        return "" if weights == "none" else f" Weights: {weights}."
    return " Weights: custom."


def percent_agreement(
    ratings: pd.DataFrame | RatingTable,
    *,
    categories: Sequence[Label] | None = None,
) -> Coefficient:
    """Percent agreement (Fleiss's P-bar) for any number of coders.

    Parameters
    ----------
    ratings : pandas.DataFrame or RatingTable
        Wide table (see :func:`ratings_table`).
    categories : sequence or None, default=None
        Category set (does not change the value).

    Returns
    -------
    Coefficient
        ``value`` in [0, 1]; ``n_units`` counts all units, the mean runs over units with at
        least two ratings. SE: Gwet (2014) ``pa.coeff.raw``.

    References
    ----------
    Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. *Psychological
    Bulletin*, 76(5), 378-382.
    """
    parts = _parts(as_table(ratings, categories), "none")
    n, n2 = parts.n, parts.n2
    se = None
    if n >= 2:
        pa_i = (n / n2) * parts.pa_i
        se = number(np.sqrt(np.sum((pa_i - parts.pa) ** 2) / (n * (n - 1))))
    low, high = t_interval(parts.pa, se, n)
    return Coefficient(
        name="percent_agreement", value=parts.pa, observed=parts.pa, expected=0.0,
        n_units=n, se=se, ci_low=low, ci_high=high, ci_method=T_CI if se is not None else None,
        definition=DEFINITIONS["percent_agreement"],
    )


def _fleiss_z0(parts: _Parts, value: float | None) -> float | None:
    """z under H0 (Fleiss, Nee & Landis 1979); complete, unweighted data only."""
    m = parts.m
    if value is None or not np.all(m == m[0]) or not np.array_equal(
        parts.weights, np.eye(parts.weights.shape[0])
    ):
        return None
    k = float(m[0])
    p = parts.pi
    pq = p * (1.0 - p)
    s = float(pq.sum())
    var0 = 2.0 / (parts.n * k * (k - 1.0)) * (s**2 - float(np.sum(pq * (1.0 - 2.0 * p)))) / s**2
    return number(value / np.sqrt(var0)) if var0 > 0 else None


def fleiss_kappa(
    ratings: pd.DataFrame | RatingTable,
    *,
    categories: Sequence[Label] | None = None,
    weights: WeightSpec = "none",
) -> Coefficient:
    """Fleiss' kappa for any number of coders, generalised to missing ratings.

    Parameters
    ----------
    ratings : pandas.DataFrame or RatingTable
        Wide table (see :func:`ratings_table`).
    categories : sequence or None, default=None
        Category set in order (used for weights).
    weights : {"none", "linear", "quadratic"}, sequence or array, default="none"
        Agreement weights (see :func:`agreement_weights`).

    Returns
    -------
    Coefficient
        Fleiss' kappa with Gwet's SE; ``z0`` (Fleiss, Nee & Landis 1979) when every unit has
        the same number of ratings and no weights are used.

    References
    ----------
    Fleiss, J. L. (1971). *Psychological Bulletin*, 76(5), 378-382. Fleiss, J. L., Nee,
    J. C. M., & Landis, J. R. (1979). *Psychological Bulletin*, 86(5), 974-977. Gwet, K. L.
    (2014). *Handbook of Inter-Rater Reliability* (4th ed.).
    """
    parts = _parts(as_table(ratings, categories), weights)
    w, pi = parts.weights, parts.pi
    pe = float(pi @ w @ pi)
    pi_w = (w @ pi + w.T @ pi) / 2.0
    pe_i = gather_sum(parts.table, pi_w) / parts.m
    value = ratio(parts.pa - pe, 1.0 - pe)
    return _linearised(parts, "fleiss_kappa", pe, pe_i,
                       DEFINITIONS["fleiss_kappa"] + _weight_note(weights),
                       z0=_fleiss_z0(parts, value))


def gwet_ac1(
    ratings: pd.DataFrame | RatingTable,
    *,
    categories: Sequence[Label] | None = None,
    weights: WeightSpec = "none",
) -> Coefficient:
    """Gwet's AC1 (AC2 with weights) for any number of coders.

    Parameters
    ----------
    ratings : pandas.DataFrame or RatingTable
        Wide table (see :func:`ratings_table`).
    categories : sequence or None, default=None
        The full category set: AC1 depends on the number of categories ``q``, including
        categories nobody used.
    weights : {"none", "linear", "quadratic"}, sequence or array, default="none"
        Agreement weights (see :func:`agreement_weights`).

    Returns
    -------
    Coefficient
        AC1/AC2 with Gwet's SE; ``value`` is ``None`` when there is only one category.

    References
    ----------
    Gwet, K. L. (2008). Computing inter-rater reliability and its variance in the presence of
    high agreement. *British Journal of Mathematical and Statistical Psychology*, 61, 29-48.
    """
    parts = _parts(as_table(ratings, categories), weights)
    q = parts.table.n_categories
    definition = DEFINITIONS["gwet_ac1"] + _weight_note(weights)
    if q < 2:
        return _linearised(parts, "gwet_ac1", None, None, definition)
    factor = float(parts.weights.sum()) / (q * (q - 1))
    pi = parts.pi
    pe = factor * float(np.sum(pi * (1.0 - pi)))
    pe_i = factor * gather_sum(parts.table, 1.0 - pi) / parts.m
    return _linearised(parts, "gwet_ac1", pe, pe_i, definition)


def brennan_prediger(
    ratings: pd.DataFrame | RatingTable,
    *,
    categories: Sequence[Label] | None = None,
    weights: WeightSpec = "none",
) -> Coefficient:
    """Brennan-Prediger coefficient (Bennett's S) for any number of coders.

    Parameters
    ----------
    ratings : pandas.DataFrame or RatingTable
        Wide table (see :func:`ratings_table`).
    categories : sequence or None, default=None
        The full category set: chance agreement is ``1/q`` for its ``q`` categories.
    weights : {"none", "linear", "quadratic"}, sequence or array, default="none"
        Agreement weights (chance agreement becomes ``sum(w) / q^2``).

    Returns
    -------
    Coefficient
        The coefficient with Gwet's SE; ``None`` when there is only one category.

    References
    ----------
    Brennan, R. L., & Prediger, D. J. (1981). Coefficient kappa: some uses, misuses, and
    alternatives. *Educational and Psychological Measurement*, 41, 687-699.
    """
    parts = _parts(as_table(ratings, categories), weights)
    q = parts.table.n_categories
    definition = DEFINITIONS["brennan_prediger"] + _weight_note(weights)
    pe = float(parts.weights.sum()) / q**2 if q >= 2 else None
    return _linearised(parts, "brennan_prediger", pe, None, definition)


def conger_kappa(
    ratings: pd.DataFrame | RatingTable,
    *,
    categories: Sequence[Label] | None = None,
    weights: WeightSpec = "none",
) -> Coefficient:
    """Conger's kappa (multi-coder Cohen's kappa) with Gwet's SE.

    Parameters
    ----------
    ratings : pandas.DataFrame or RatingTable
        Wide table (see :func:`ratings_table`).
    categories : sequence or None, default=None
        Category set in order (used for weights).
    weights : {"none", "linear", "quadratic"}, sequence or array, default="none"
        Agreement weights.

    Returns
    -------
    Coefficient
        Conger's kappa; ``None`` when a coder rated no unit. With two coders and complete
        data it equals Cohen's kappa.

    References
    ----------
    Conger, A. J. (1980). Integration and generalization of kappas for multiple raters.
    *Psychological Bulletin*, 88, 322-328.
    """
    parts = _parts(as_table(ratings, categories), weights)
    table, w = parts.table, parts.weights
    n, r, q = table.n_units, table.n_coders, table.n_categories
    definition = DEFINITIONS["conger_kappa"] + _weight_note(weights)
    classif = np.stack([np.bincount(table.codes[table.present[:, g], g], minlength=q)
                        for g in range(r)]).astype(np.float64)
    ng = classif.sum(axis=1)
    if (ng == 0).any():
        return _linearised(parts, "conger_kappa", None, None, definition)
    p_gk = classif / ng[:, None]
    p_mean = p_gk.mean(axis=0)
    s2 = (p_gk.T @ p_gk - r * np.outer(p_mean, p_mean)) / (r - 1)
    pe = float(np.sum(w * (np.outer(p_mean, p_mean) - s2 / r)))
    a = r * p_mean[None, :] - p_gk
    aw = a @ w
    b = np.sum(a * (p_gk @ w.T), axis=1)
    eps = table.present.astype(np.float64)
    picked = np.take_along_axis(aw.T, np.maximum(table.codes, 0), axis=0)
    lam = (n / ng)[None, :] * (eps * picked - (eps - (ng / n)[None, :]) * b[None, :])
    pe_i = lam.sum(axis=1) / (r * (r - 1))
    return _linearised(parts, "conger_kappa", pe, pe_i, definition)
