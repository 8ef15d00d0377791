"""The result type every coefficient returns, and interval helpers.

Confidence intervals follow the source each standard error comes from:

* Cohen's kappa: ``kappa +/- z(0.975) * ASE`` (normal, not truncated), as SAS PROC FREQ
  prints it (SAS Institute, *PROC FREQ: Tests and Measures of Agreement*).
* Coefficients with Gwet's linearisation variance (Fleiss, Conger, AC1, Brennan-Prediger,
  alpha, percent agreement, Scott): ``value +/- t(0.975, n - 1) * SE`` with the upper bound
  capped at 1 and the lower bound not truncated, as R irrCAC prints them (Gwet 2014).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from statistics import NormalDist

from scipy.special import stdtrit

__all__ = ["Coefficient"]

NORMAL_CI = "normal: value +/- 1.96 SE (SAS PROC FREQ)"
T_CI = "t(n-1): value +/- t SE, upper bound capped at 1 (Gwet 2014; R irrCAC)"


@dataclass(frozen=True)
class Coefficient:
    """One agreement coefficient with its ingredients and the definition it follows.

    Attributes
    ----------
    name : str
        Statistic key, e.g. ``"krippendorff_alpha"``.
    value : float or None
        The coefficient; ``None`` when it is undefined for the data (e.g. chance agreement
        of 1 because only one category was used).
    observed : float or None
        Observed agreement ``p_a`` (for alpha: ``1 - D_o`` scaled as in Gwet 2014).
    expected : float or None
        Chance agreement ``p_e``.
    n_units : int
        Units the coefficient used (e.g. units both coders rated, for Cohen's kappa).
    se : float or None
        Analytic standard error (method in ``ci_method``), when one is defined.
    ci_low, ci_high : float or None
        95% confidence interval from ``se``.
    ci_method : str or None
        How the interval was formed.
    z0 : float or None
        Test statistic under H0 (coefficient = 0), where a standard formula exists
        (Cohen: Fleiss, Cohen & Everitt 1969; Fleiss: Fleiss, Nee & Landis 1979).
    definition : str
        The definition the value follows (see ``replicate.reliability.DEFINITIONS``).
    """

    name: str
    value: float | None
    observed: float | None
    expected: float | None
    n_units: int
    se: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    ci_method: str | None = None
    z0: float | None = None
    definition: str = ""

    def to_dict(self) -> dict[str, object]:
        """Return the fields as a dict.

        Returns
        -------
        dict
            JSON-serialisable; undefined numbers are ``None``.
        """
        return asdict(self)


def number(value: float) -> float | None:
    """Return ``value`` as a float, or ``None`` when it is NaN or infinite."""
    value = float(value)
    return value if math.isfinite(value) else None


def ratio(num: float, den: float) -> float | None:
    """Return ``num / den`` or ``None`` when the denominator is (numerically) zero."""
    if not math.isfinite(den) or abs(den) < 1e-12:
        return None
    return number(num / den)


def t_interval(
    value: float | None, se: float | None, n: int, confidence: float = 0.95
) -> tuple[float | None, float | None]:
    """Gwet's interval: ``value +/- t(n-1) * se`` with the upper bound capped at 1."""
    if value is None or se is None or n < 2:
        return None, None
    half = float(stdtrit(n - 1, 0.5 + confidence / 2)) * se
    return number(value - half), number(min(1.0, value + half))


def normal_interval(
    value: float | None, se: float | None, confidence: float = 0.95
) -> tuple[float | None, float | None]:
    """SAS's interval: ``value +/- z * se`` (not truncated)."""
    if value is None or se is None:
        return None, None
    half = NormalDist().inv_cdf(0.5 + confidence / 2) * se
    return number(value - half), number(value + half)
