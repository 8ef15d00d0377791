"""Two-coder coefficients computed from a q x q contingency table.

For published tables (and the two-coder case of the engine) the coefficients come from the
joint proportions ``p_kl`` with row margins ``p_k.`` and column margins ``p_.l``. Standard
errors are Gwet's two-rater formulas (Gwet 2014, ch. 2-5; R irrCAC ``*.table`` functions);
the one for Cohen's kappa is the same as SAS PROC FREQ's asymptotic SE (Fleiss, Cohen &
Everitt 1969), see :mod:`replicate.reliability._pairwise`. Every expression is a numpy
reduction over the table (rather than the R loops); the formulas are written here instead of
adding irrCAC as a dependency (its raw-data code loops over categories with pandas masks).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from replicate.errors import DataError

from ._definitions import DEFINITIONS
from ._result import NORMAL_CI, T_CI, Coefficient, normal_interval, number, ratio, t_interval
from ._weights import WeightSpec, agreement_weights

__all__ = ["contingency_coefficients", "kappa_from_table", "scott_from_table"]

FloatArray = npt.NDArray[np.float64]


def kappa_from_table(
    table: FloatArray, weights: FloatArray | None = None
) -> tuple[float | None, float, float, float | None, float | None]:
    """Cohen's kappa, ``p_a``, ``p_e``, SAS asymptotic SE and SE under H0 from counts.

    Parameters
    ----------
    table : numpy.ndarray of shape (q, q)
        Counts; rows = first coder, columns = second coder.
    weights : numpy.ndarray of shape (q, q) or None, default=None
        Agreement weights; ``None`` = identity.

    Returns
    -------
    tuple
        ``(kappa, p_a, p_e, se, se0)``; kappa and the SEs are ``None`` when chance
        agreement is 1 or the table is empty.
    """
    q = table.shape[0]
    w = np.eye(q) if weights is None else weights
    n = float(table.sum())
    if n <= 0:
        return None, float("nan"), float("nan"), None, None
    p = table / n
    row, col = p.sum(axis=1), p.sum(axis=0)
    pa = float(np.sum(w * p))
    # unweighted: an elementwise product and numpy's own sum, not a BLAS dot product (which
    # may fuse multiply-adds and so differ in the last bit between machines and from the
    # vectorised per-code kappa)
    pe = float(np.sum(row * col)) if weights is None else float(row @ w @ col)
    value = ratio(pa - pe, 1.0 - pe)
    if value is None:
        return None, pa, pe, None, None
    spread = (w @ col)[:, None] + (w.T @ row)[None, :]
    var = np.sum(p * (w - spread * (1.0 - value)) ** 2) - (value - pe * (1.0 - value)) ** 2
    var0 = np.sum(np.outer(row, col) * (w - spread) ** 2) - pe**2
    scale = (1.0 - pe) ** 2 * n
    se = number(np.sqrt(max(var, 0.0) / scale))
    se0 = number(np.sqrt(var0 / scale)) if var0 > 0 else None
    return value, pa, pe, se, se0


def _pi_type(
    p: FloatArray, w: FloatArray, n: float, pe: float, pa0: float, pa: float
) -> tuple[float | None, float | None]:
    """Value and Gwet SE of a coefficient with ``p_e`` from the mean margins (Scott, alpha).

    ``pa0`` enters the variance, ``pa`` the value (they differ only for alpha).
    """
    value = ratio(pa - pe, 1.0 - pe)
    core = ratio(pa0 - pe, 1.0 - pe)
    if value is None or core is None:
        return value, None
    pi_k = (p.sum(axis=1) + p.sum(axis=0)) / 2.0
    pbar = (w @ pi_k + w.T @ pi_k) / 2.0
    s1 = np.sum(p * (w - (1.0 - core) * (pbar[:, None] + pbar[None, :])) ** 2)
    var = (s1 - (pa0 - 2.0 * (1.0 - core) * pe) ** 2) / (n * (1.0 - pe) ** 2)
    return value, number(np.sqrt(max(var, 0.0)))


def scott_from_table(
    table: FloatArray, weights: FloatArray | None = None
) -> tuple[float | None, float, float, float | None]:
    """Scott's pi, ``p_a``, ``p_e`` and Gwet's SE from a q x q count table."""
    q = table.shape[0]
    w = np.eye(q) if weights is None else weights
    n = float(table.sum())
    if n <= 0:
        return None, float("nan"), float("nan"), None
    p = table / n
    pi_k = (p.sum(axis=1) + p.sum(axis=0)) / 2.0
    pa = float(np.sum(w * p))
    pe = float(pi_k @ w @ pi_k)
    value, se = _pi_type(p, w, n, pe, pa, pa)
    return value, pa, pe, se


def contingency_coefficients(
    table: pd.DataFrame | npt.ArrayLike,
    *,
    weights: WeightSpec = "none",
) -> dict[str, Coefficient]:
    """All two-coder coefficients from a published q x q contingency table.

    Parameters
    ----------
    table : pandas.DataFrame or array-like of shape (q, q)
        Counts of units; rows = categories of coder 1, columns = coder 2, in category order.
    weights : {"none", "linear", "quadratic"}, sequence or array, default="none"
        Agreement weights (see :func:`agreement_weights`).

    Returns
    -------
    dict of str to Coefficient
        Keys ``percent_agreement``, ``cohen_kappa``, ``scott_pi``, ``gwet_ac1``,
        ``brennan_prediger``, ``krippendorff_alpha`` (nominal with identity weights; with
        ``weights``, Gwet's weighted alpha).

    Raises
    ------
    DataError
        The table is not square, has negative counts or no units.

    References
    ----------
    Gwet, K. L. (2014). *Handbook of Inter-Rater Reliability* (4th ed.). Advanced Analytics.
    """
    counts = np.asarray(table, dtype=np.float64)
    if counts.ndim != 2 or counts.shape[0] != counts.shape[1]:
        raise DataError(f"a contingency table must be square, got shape {counts.shape}")
    if (counts < 0).any() or counts.sum() <= 0:
        raise DataError("a contingency table needs non-negative counts and at least one unit")
    q = counts.shape[0]
    w = agreement_weights(q, weights)
    n = float(counts.sum())
    n_units = round(n)
    p = counts / n
    pa = float(np.sum(w * p))
    tw = float(w.sum())
    out: dict[str, Coefficient] = {}

    se_pa = number(np.sqrt(max(float(np.sum(p * w**2)) - pa**2, 0.0) / n))
    out["percent_agreement"] = _coef("percent_agreement", pa, pa, 0.0, n_units, se_pa)

    kappa, _, pe_k, se_k, se0 = kappa_from_table(counts, w)
    low, high = normal_interval(kappa, se_k)
    out["cohen_kappa"] = Coefficient(
        name="cohen_kappa", value=kappa, observed=pa, expected=pe_k, n_units=n_units,
        se=se_k, ci_low=low, ci_high=high, ci_method=NORMAL_CI if se_k is not None else None,
        z0=ratio(kappa, se0) if kappa is not None and se0 else None,
        definition=DEFINITIONS["cohen_kappa"],
    )

    scott, _, pe_s, se_s = scott_from_table(counts, w)
    out["scott_pi"] = _coef("scott_pi", scott, pa, pe_s, n_units, se_s)

    pi_k = (p.sum(axis=1) + p.sum(axis=0)) / 2.0
    if q >= 2:
        pe_g = tw * float(np.sum(pi_k * (1.0 - pi_k))) / (q * (q - 1))
        ac1 = ratio(pa - pe_g, 1.0 - pe_g)
        se_g = None
        if ac1 is not None:
            term = w - 2.0 * (1.0 - ac1) * tw * (1.0 - (pi_k[:, None] + pi_k[None, :]) / 2.0) / (
                q * (q - 1))
            var = (np.sum(p * term**2) - (pa - 2.0 * (1.0 - ac1) * pe_g) ** 2) / (
                n * (1.0 - pe_g) ** 2)
            se_g = number(np.sqrt(max(var, 0.0)))
        out["gwet_ac1"] = _coef("gwet_ac1", ac1, pa, pe_g, n_units, se_g)
        pe_b = tw / q**2
        bp = ratio(pa - pe_b, 1.0 - pe_b)
        var_b = (float(np.sum(p * w**2)) - pa**2) / (n * (1.0 - pe_b) ** 2)
        out["brennan_prediger"] = _coef("brennan_prediger", bp, pa, pe_b, n_units,
                                        number(np.sqrt(max(var_b, 0.0))))
    else:
        for name in ("gwet_ac1", "brennan_prediger"):
            out[name] = _coef(name, None, pa, None, n_units, None)

    eps = 1.0 / (2.0 * n)
    pa_alpha = (1.0 - eps) * pa + eps
    pe_a = float(pi_k @ w @ pi_k)
    alpha, se_a = _pi_type(p, w, n, pe_a, pa, pa_alpha)
    out["krippendorff_alpha"] = _coef("krippendorff_alpha", alpha, pa_alpha, pe_a, n_units,
                                      se_a)
    return out


def _coef(
    name: str, value: float | None, pa: float, pe: float | None, n: int, se: float | None
) -> Coefficient:
    low, high = t_interval(value, se, n)
    return Coefficient(
        name=name, value=value, observed=pa, expected=pe, n_units=n, se=se, ci_low=low,
        ci_high=high, ci_method=T_CI if se is not None else None,
        definition=DEFINITIONS[name] + " Computed from a contingency table (Gwet 2014).",
    )
