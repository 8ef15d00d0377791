"""Agreement weights (kappa-type coefficients) and distance metrics (Krippendorff's alpha).

Agreement weights ``w[k, l]`` in [0, 1] give partial credit when two ratings differ
(1 on the diagonal). They use the *positions* of the categories in the category set, not
their numeric values, exactly like scikit-learn's ``cohen_kappa_score`` and R irr's
``kappa2``; SAS PROC FREQ uses column scores instead, which give the same weights whenever
the categories are consecutive integers.

* ``"linear"`` (Cicchetti-Allison): ``1 - |i - j| / (q - 1)``.
* ``"quadratic"`` (Fleiss-Cohen): ``1 - (i - j)^2 / (q - 1)^2``.
* a 1-D sequence ``d`` of length q: disagreement by distance, ``w = 1 - d[|i - j|] / max(d)``
  (R irr ``kappa2(weight=c(...))``, statsmodels ``wt="toeplitz"``).
* a q x q matrix: agreement weights as given.

Krippendorff's distance metrics (Krippendorff 2011, "Computing Krippendorff's alpha-
reliability") are squared differences: nominal ``[c != k]``, interval ``(c - k)^2``, ratio
``((c - k)/(c + k))^2`` and ordinal ``(sum_{g=c..k} n_g - (n_c + n_k)/2)^2`` with ``n_g`` the
marginal counts of pairable values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from replicate.errors import DataError

from ._data import Level

__all__ = ["WEIGHT_NAMES", "WeightSpec", "agreement_weights", "alpha_distance"]

WEIGHT_NAMES: tuple[str, ...] = ("none", "linear", "quadratic")
WeightSpec = Literal["none", "linear", "quadratic"] | Sequence[float] | npt.NDArray[np.float64]
"""``"none"``, ``"linear"``, ``"quadratic"``, a distance vector or a q x q weight matrix."""


def agreement_weights(q: int, weights: WeightSpec = "none") -> npt.NDArray[np.float64]:
    """Return the q x q agreement-weight matrix.

    Parameters
    ----------
    q : int
        Number of categories.
    weights : {"none", "linear", "quadratic"}, sequence or array, default="none"
        See the module docstring.

    Returns
    -------
    numpy.ndarray of shape (q, q)
        Weights in [0, 1] with ones on the diagonal for the named schemes.

    Raises
    ------
    DataError
        An unknown name, or a vector/matrix of the wrong shape or with values outside [0, 1].
    """
    if isinstance(weights, str):
        if weights not in WEIGHT_NAMES:
            raise DataError(f"weights {weights!r} are not allowed; use one of "
                            f"{', '.join(WEIGHT_NAMES)}, a distance vector or a weight matrix")
        if weights == "none" or q < 2:
            return np.eye(q)
        pos = np.arange(q, dtype=np.float64)
        diff = np.abs(pos[:, None] - pos[None, :]) / (q - 1)
        return 1.0 - (diff if weights == "linear" else diff**2)
    array = np.asarray(weights, dtype=np.float64)
    if array.ndim == 1:
        if array.shape[0] != q:
            raise DataError(f"a distance vector needs {q} values (one per category distance "
                            f"0..{q - 1}), got {array.shape[0]}")
        span = float(array.max() - array.min())
        if span <= 0:
            raise DataError("a distance vector needs at least two different values")
        dist = (array - array.min()) / span
        idx = np.abs(np.arange(q)[:, None] - np.arange(q)[None, :])
        return np.asarray(1.0 - dist[idx], dtype=np.float64)
    if array.shape != (q, q):
        raise DataError(f"a weight matrix must be {q} x {q} (one row and column per "
                        f"category), got shape {array.shape}")
    if (array < 0).any() or (array > 1).any():
        raise DataError("agreement weights must lie between 0 and 1")
    return array


def alpha_distance(
    level: Level,
    q: int,
    values: npt.NDArray[np.float64] | None,
    marginals: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Return Krippendorff's squared-difference matrix ``delta[c, k]`` for a level.

    Parameters
    ----------
    level : {"nominal", "ordinal", "interval", "ratio"}
        Level of measurement.
    q : int
        Number of categories.
    values : numpy.ndarray or None
        Numeric category values (needed for interval and ratio).
    marginals : numpy.ndarray of shape (q,)
        Pairable-value counts ``n_c`` (used by the ordinal metric).

    Returns
    -------
    numpy.ndarray of shape (q, q)
        Symmetric distances, zero on the diagonal.

    References
    ----------
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School for
    Communication, University of Pennsylvania.
    """
    if level == "nominal":
        return 1.0 - np.eye(q)
    if level == "ordinal":
        cum = np.concatenate(([0.0], np.cumsum(marginals)))
        lo = np.minimum.outer(np.arange(q), np.arange(q))
        hi = np.maximum.outer(np.arange(q), np.arange(q))
        between = cum[hi + 1] - cum[lo]
        return np.asarray((between - (marginals[:, None] + marginals[None, :]) / 2.0) ** 2)
    if values is None:
        raise DataError(f"{level} level needs numeric categories")
    diff = values[:, None] - values[None, :]
    if level == "interval":
        return np.asarray(diff**2)
    total = values[:, None] + values[None, :]
    out = np.zeros((q, q))
    np.divide(diff, total, out=out, where=total != 0)
    return np.asarray(out**2)
