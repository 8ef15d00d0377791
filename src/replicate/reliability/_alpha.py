"""Krippendorff's alpha from the coincidence matrix.

``alpha = 1 - (n - 1) * sum_ck o_ck delta_ck / sum_ck n_c n_k delta_ck`` where ``o`` is the
coincidence matrix of pairable values, ``n_c`` its margins, ``n`` the number of pairable
values and ``delta`` the metric of the level of measurement (Krippendorff 2011). Units with a
single rating carry no pairable value and are ignored. The value equals the ``krippendorff``
package (0.9.0) and R irrCAC's ``krippen.alpha.raw`` to rounding, but the coincidences are
accumulated with one :func:`numpy.bincount` per coder pair instead of an ``n x q x q`` array,
which is why this module exists (the package needs ~9 GB for 10^6 units x 20 values).

Analytic standard error: Gwet's (2014) linearisation as implemented in R irrCAC
``krippen.alpha.raw`` (the unit term centred on ``p_a'``), with agreement weights
``1 - delta / max(delta)``. It is given for nominal, interval and ratio data; for ordinal data
the metric depends on the margins and no analytic SE is reported (use the bootstrap).
Krippendorff himself recommends bootstrapping; see :func:`bootstrap_agreement`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._data import Label, Level, RatingTable, as_table
from ._definitions import DEFINITIONS
from ._result import T_CI, Coefficient, number, ratio, t_interval
from ._units import FloatArray, coincidences, gather_sum, pair_agreement
from ._weights import alpha_distance

__all__ = ["alpha_from_coincidences", "coincidence_matrix", "krippendorff_alpha"]


def alpha_from_coincidences(
    o: FloatArray, level: Level, values: FloatArray | None
) -> tuple[float | None, float, float]:
    """Return ``(alpha, observed disagreement, expected disagreement)`` from coincidences.

    The disagreements are the unnormalised sums ``sum o delta`` and
    ``sum n_c n_k delta / (n - 1)``; alpha is ``None`` when the expected disagreement is 0
    (a single value was used), where alpha is undefined.
    """
    margins = o.sum(axis=1)
    total = float(margins.sum())
    delta = alpha_distance(level, o.shape[0], values, margins)
    d_obs = float((o * delta).sum())
    d_exp = float(margins @ delta @ margins) / (total - 1.0) if total > 1 else 0.0
    value = ratio(d_obs, d_exp)
    return (None if value is None else number(1.0 - value)), d_obs, d_exp


def _gwet_alpha_se(
    table: RatingTable, delta: FloatArray, margins: FloatArray
) -> tuple[float | None, float, float]:
    """Gwet's SE of alpha (R irrCAC krippen.alpha.raw); returns (se, pa, pe).

    ``margins`` are the pairable-value counts (the coincidence margins), so the classification
    probabilities are ``margins / sum(margins)``.
    """
    scale = float(delta.max())
    weights = 1.0 - delta / scale if scale > 0 else np.ones_like(delta)
    identity = bool(np.array_equal(weights, np.eye(weights.shape[0])))
    m_all = table.ratings_per_unit
    keep = m_all >= 2
    everyone = bool(keep.all())
    m = (m_all if everyone else m_all[keep]).astype(np.float64)
    n = int(m.shape[0])
    total = float(m.sum())
    r_mean = total / n
    sum_q = pair_agreement(table, None if identity else weights)
    if not everyone:
        sum_q = sum_q[keep]
    pa_prime = float(np.sum(sum_q / (m - 1.0))) / (n * r_mean)
    pa = (1.0 - 1.0 / total) * pa_prime + 1.0 / total
    pi = margins / total
    pe = float(pi @ weights @ pi)
    if n < 2 or abs(1.0 - pe) < 1e-12:
        return None, pa, pe
    alpha_prime = (pa_prime - pe) / (1.0 - pe)
    spread = (m - r_mean) / r_mean
    pa_i = sum_q / (r_mean * (m - 1.0)) - pa_prime * spread
    pi_w = (weights @ pi + weights.T @ pi) / 2.0
    pe_i = gather_sum(table, pi_w)
    if not everyone:
        pe_i = pe_i[keep]
    pe_i = pe_i / r_mean - pe * spread
    x_i = (pa_i - pe) / (1.0 - pe) - 2.0 * (1.0 - alpha_prime) * (pe_i - pe) / (1.0 - pe)
    var = float(np.sum((x_i - alpha_prime) ** 2)) / (n * (n - 1))
    return number(np.sqrt(var)), pa, pe


def krippendorff_alpha(
    ratings: pd.DataFrame | RatingTable,
    *,
    level: Level = "nominal",
    categories: Sequence[Label] | None = None,
    se: bool = True,
) -> Coefficient:
    """Krippendorff's alpha for any number of coders, with missing ratings.

    Parameters
    ----------
    ratings : pandas.DataFrame or RatingTable
        Wide table, one row per unit, one column per coder (see :func:`ratings_table`).
    level : {"nominal", "ordinal", "interval", "ratio"}, default="nominal"
        Level of measurement (the ``krippendorff`` package defaults to interval; we do not).
    categories : sequence or None, default=None
        Category set in order (sets the ordinal order; unused categories do not change
        alpha).
    se : bool, default=True
        Compute Gwet's analytic standard error (skipped for ordinal data).

    Returns
    -------
    Coefficient
        ``value`` is alpha; ``observed``/``expected`` are Gwet's ``p_a``/``p_e`` (agreement
        form); ``n_units`` counts the pairable units.

    Raises
    ------
    DataError
        Invalid ratings (see :func:`ratings_table`).

    References
    ----------
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. University of
    Pennsylvania. Krippendorff, K. (2004). *Content Analysis* (2nd ed.), ch. 11. Gwet, K. L.
    (2014). *Handbook of Inter-Rater Reliability* (4th ed.), ch. 2.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"A": ["x", "x", "y", "y"], "B": ["x", "y", "y", "y"]})
    >>> round(krippendorff_alpha(data).value, 4)
    0.5333
    """
    table = as_table(ratings, categories, level)
    o = coincidences(table)
    value, _, _ = alpha_from_coincidences(o, level, table.values)
    n_pairable = int((table.ratings_per_unit >= 2).sum())
    stderr: float | None = None
    pa = pe = None
    if se and level != "ordinal" and value is not None:
        margins = o.sum(axis=1)
        delta = alpha_distance(level, table.n_categories, table.values, margins)
        stderr, pa, pe = _gwet_alpha_se(table, delta, margins)
    low, high = t_interval(value, stderr, table.n_units)
    return Coefficient(
        name="krippendorff_alpha", value=value, observed=pa, expected=pe,
        n_units=n_pairable, se=stderr, ci_low=low, ci_high=high,
        ci_method=T_CI if stderr is not None else None,
        definition=f"{DEFINITIONS['krippendorff_alpha']} Level: {level}.",
    )


def coincidence_matrix(
    ratings: pd.DataFrame | RatingTable,
    *,
    categories: Sequence[Label] | None = None,
) -> pd.DataFrame:
    """Krippendorff's coincidence matrix, labelled by category.

    Parameters
    ----------
    ratings : pandas.DataFrame or RatingTable
        Wide table (see :func:`ratings_table`).
    categories : sequence or None, default=None
        Category set in order.

    Returns
    -------
    pandas.DataFrame
        Symmetric q x q matrix; cell (c, k) counts pairs of ratings c and k within units,
        each unit weighted ``1 / (m - 1)``. Its total is the number of pairable values.
    """
    table = as_table(ratings, categories)
    labels = pd.Index(list(table.categories), name="category")
    return pd.DataFrame(coincidences(table), index=labels, columns=labels.rename(None))
