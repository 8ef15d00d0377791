"""Two-coder coefficients from the contingency table: Cohen's kappa and Scott's pi.

Only units both coders rated are used (listwise deletion), as scikit-learn, R irr and SAS do.

Cohen's kappa (weighted: Cohen 1968) with ``p_a = sum w_ij p_ij`` and
``p_e = sum w_ij p_i. p_.j``. Its asymptotic standard error is the one SAS PROC FREQ prints
(Fleiss, Cohen & Everitt 1969)::

    var = [sum_ij p_ij (w_ij - (wbar_i. + wbar_.j)(1 - kappa))^2
           - (kappa - p_e (1 - kappa))^2] / ((1 - p_e)^2 n)

with ``wbar_i. = sum_j p_.j w_ij`` and ``wbar_.j = sum_i p_i. w_ij``; for identity weights
this is SAS's ``A + B - C`` form of the simple kappa. The variance under H0 (for ``z0``) is
``[sum_ij p_i. p_.j (w_ij - (wbar_i. + wbar_.j))^2 - p_e^2] / ((1 - p_e)^2 n)``. The same
ASE is Gwet's ``kappa2.table`` standard error (R irrCAC), which is how the reference data
check it.

Scott's pi (Scott 1955) replaces the margins by their mean; its SE is Gwet's
``scott2.table`` formula.

scikit-learn's ``cohen_kappa_score`` gives the value but no standard error, and statsmodels'
``cohens_kappa`` needs the table and no missing-data handling; both serve as test oracles
(tests/test_reliability_properties.py) rather than run-time dependencies, so that every
coefficient shares one validated encoding of the ratings.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd

from replicate.errors import DataError

from ._contingency import kappa_from_table, scott_from_table
from ._data import Label, RatingTable, as_table
from ._definitions import DEFINITIONS
from ._result import NORMAL_CI, T_CI, Coefficient, normal_interval, number, ratio, t_interval
from ._units import FloatArray
from ._weights import WeightSpec, agreement_weights

__all__ = ["cohen_kappa", "contingency_table", "pairwise_cohen_kappa", "scott_pi"]


def _two_coders(
    table: RatingTable, coders: Sequence[str] | None
) -> tuple[int, int] | None:
    if coders is None:
        return (0, 1) if table.n_coders == 2 else None
    if len(coders) != 2:
        raise DataError(f"name exactly two coders for a pairwise statistic, got {len(coders)}")
    index = {c: i for i, c in enumerate(table.coders)}
    unknown = [c for c in coders if c not in index]
    if unknown:
        raise DataError(f"coder {unknown[0]} is not a column of the ratings; coders are "
                        f"{', '.join(table.coders)}")
    return index[coders[0]], index[coders[1]]


def _counts(table: RatingTable, a: int, b: int) -> FloatArray:
    q = table.n_categories
    both = table.present[:, a] & table.present[:, b]
    cells = table.codes[both, a].astype(np.int64) * q + table.codes[both, b]
    return np.bincount(cells, minlength=q * q).reshape(q, q).astype(np.float64)


def contingency_table(
    ratings: pd.DataFrame | RatingTable,
    *,
    coders: Sequence[str] | None = None,
    categories: Sequence[Label] | None = None,
) -> pd.DataFrame:
    """Confusion (contingency) table of two coders over the units both rated.

    Parameters
    ----------
    ratings : pandas.DataFrame or RatingTable
        Wide table (see :func:`ratings_table`).
    coders : pair of str or None, default=None
        The two coders (rows, columns); default the first two columns.
    categories : sequence or None, default=None
        Category set in order (unused categories get empty rows and columns).

    Returns
    -------
    pandas.DataFrame
        q x q counts; index named after the first coder, columns after the second.
    """
    table = as_table(ratings, categories)
    pair = _two_coders(table, coders) or (0, 1)
    labels = list(table.categories)
    out = pd.DataFrame(_counts(table, *pair).astype(np.int64), index=pd.Index(labels),
                       columns=pd.Index(labels))
    out.index.name = table.coders[pair[0]]
    out.columns.name = table.coders[pair[1]]
    return out


def _weight_label(weights: WeightSpec) -> str:
    if isinstance(weights, str):
        return "unweighted" if weights == "none" else f"{weights} weights"
    return "custom weights"


def cohen_kappa(
    ratings: pd.DataFrame | RatingTable,
    *,
    weights: WeightSpec = "none",
    categories: Sequence[Label] | None = None,
    coders: Sequence[str] | None = None,
) -> Coefficient:
    """Cohen's kappa (unweighted, linear or quadratic) with SAS's asymptotic SE and CI.

    Parameters
    ----------
    ratings : pandas.DataFrame or RatingTable
        Wide table (see :func:`ratings_table`).
    weights : {"none", "linear", "quadratic"}, sequence or array, default="none"
        Agreement weights by category position (see :func:`agreement_weights`).
    categories : sequence or None, default=None
        Category set in order; weights use positions in it.
    coders : pair of str or None, default=None
        Which two coders; required when the table has more than two.

    Returns
    -------
    Coefficient
        ``value`` is ``None`` when there are more than two coders and ``coders`` is not
        given (Cohen's kappa does not apply), when no unit has both ratings, or when chance
        agreement is 1. ``se``/``ci_*``: SAS PROC FREQ ASE and ``kappa +/- 1.96 ASE``;
        ``z0``: kappa / SE under H0.

    References
    ----------
    Cohen, J. (1960). *Educational and Psychological Measurement*, 20, 37-46. Cohen, J.
    (1968). *Psychological Bulletin*, 70, 213-220. Fleiss, J. L., Cohen, J., & Everitt,
    B. S. (1969). *Psychological Bulletin*, 72, 323-327. SAS Institute, PROC FREQ "Tests
    and Measures of Agreement".

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"A": [0, 0, 1, 1], "B": [0, 1, 1, 1]})
    >>> round(cohen_kappa(data).value, 4)
    0.5
    """
    table = as_table(ratings, categories)
    definition = f"{DEFINITIONS['cohen_kappa']} {_weight_label(weights).capitalize()}."
    pair = _two_coders(table, coders)
    if pair is None:
        return Coefficient(name="cohen_kappa", value=None, observed=None, expected=None,
                           n_units=0, definition=definition)
    w = agreement_weights(table.n_categories, weights)
    counts = _counts(table, *pair)
    value, pa, pe, se, se0 = kappa_from_table(counts, w)
    low, high = normal_interval(value, se)
    return Coefficient(
        name="cohen_kappa", value=value, observed=number(pa), expected=number(pe),
        n_units=int(counts.sum()), se=se, ci_low=low, ci_high=high,
        ci_method=NORMAL_CI if se is not None else None,
        z0=ratio(value, se0) if value is not None and se0 else None, definition=definition,
    )


def scott_pi(
    ratings: pd.DataFrame | RatingTable,
    *,
    weights: WeightSpec = "none",
    categories: Sequence[Label] | None = None,
    coders: Sequence[str] | None = None,
) -> Coefficient:
    """Scott's pi for two coders, with Gwet's SE.

    Parameters
    ----------
    ratings : pandas.DataFrame or RatingTable
        Wide table (see :func:`ratings_table`).
    weights : {"none", "linear", "quadratic"}, sequence or array, default="none"
        Agreement weights.
    categories : sequence or None, default=None
        Category set in order.
    coders : pair of str or None, default=None
        Which two coders; required when the table has more than two.

    Returns
    -------
    Coefficient
        ``value`` is ``None`` when Scott's pi does not apply (more than two coders and no
        ``coders``) or is undefined.

    References
    ----------
    Scott, W. A. (1955). Reliability of content analysis: the case of nominal scale coding.
    *Public Opinion Quarterly*, 19, 321-325. Gwet, K. L. (2014), ch. 3.
    """
    table = as_table(ratings, categories)
    pair = _two_coders(table, coders)
    definition = DEFINITIONS["scott_pi"]
    if pair is None:
        return Coefficient(name="scott_pi", value=None, observed=None, expected=None,
                           n_units=0, definition=definition)
    counts = _counts(table, *pair)
    value, pa, pe, se = scott_from_table(counts, agreement_weights(table.n_categories, weights))
    n = int(counts.sum())
    low, high = t_interval(value, se, n)
    return Coefficient(
        name="scott_pi", value=value, observed=number(pa), expected=number(pe), n_units=n,
        se=se,
        ci_low=low, ci_high=high, ci_method=T_CI if se is not None else None,
        definition=definition,
    )


def pairwise_cohen_kappa(
    ratings: pd.DataFrame | RatingTable,
    *,
    weights: WeightSpec = "none",
    categories: Sequence[Label] | None = None,
) -> pd.DataFrame:
    """Cohen's kappa for every pair of coders (their mean is Light's kappa).

    Parameters
    ----------
    ratings : pandas.DataFrame or RatingTable
        Wide table (see :func:`ratings_table`).
    weights : {"none", "linear", "quadratic"}, sequence or array, default="none"
        Agreement weights.
    categories : sequence or None, default=None
        Category set in order.

    Returns
    -------
    pandas.DataFrame
        Columns ``coder_a, coder_b, n_units, percent_agreement, cohen_kappa, se, ci_low,
        ci_high``, one row per pair in column order.

    References
    ----------
    Light, R. J. (1971). Measures of response agreement for qualitative data. *Psychological
    Bulletin*, 76, 365-377.
    """
    table = as_table(ratings, categories)
    w = agreement_weights(table.n_categories, weights)
    rows = []
    for a, b in combinations(range(table.n_coders), 2):
        counts = _counts(table, a, b)
        value, _, _, se, _ = kappa_from_table(counts, w)
        low, high = normal_interval(value, se)
        agree = ratio(float(np.trace(counts)), float(counts.sum()))
        rows.append((table.coders[a], table.coders[b], int(counts.sum()), agree, value, se,
                     low, high))
    return pd.DataFrame(rows, columns=["coder_a", "coder_b", "n_units", "percent_agreement",
                                       "cohen_kappa", "se", "ci_low", "ci_high"])
