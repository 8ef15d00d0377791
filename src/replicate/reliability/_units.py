"""Per-unit building blocks, vectorised over units with numpy.

Everything is computed from the ``n x r`` matrix of category positions by looping over the
``r(r-1)/2`` coder pairs (or the ``r`` coders) and never builds an ``n x q`` or ``n x q x q``
array, so memory stays O(n r) whatever the number of categories. Coincidences are
accumulated with :func:`numpy.bincount` on the flattened cell index ``c * q + k``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._data import RatingTable

__all__ = ["coincidences", "gather_sum", "pair_agreement", "unit_category_counts"]

FloatArray = npt.NDArray[np.float64]


def coincidences(table: RatingTable) -> FloatArray:
    """Krippendorff's coincidence matrix ``o[c, k]`` (q x q, symmetric).

    Each unit with ``m >= 2`` ratings contributes ``1 / (m - 1)`` for every ordered pair of
    its ratings (Krippendorff 2011, section "coincidences within units").
    """
    q = table.n_categories
    codes, present, m = table.codes, table.present, table.ratings_per_unit
    inv = np.zeros(m.shape[0])
    np.divide(1.0, m - 1, out=inv, where=m >= 2)
    uniform = bool(np.all((m == 2) | (m < 2)))
    half = np.zeros(q * q)
    for a in range(table.n_coders):
        for b in range(a + 1, table.n_coders):
            both = present[:, a] & present[:, b]
            cell = codes[both, a].astype(np.int64) * q + codes[both, b]
            if uniform:
                half += np.bincount(cell, minlength=q * q)
            else:
                half += np.bincount(cell, weights=inv[both], minlength=q * q)
    square = half.reshape(q, q)
    return np.asarray(square + square.T)


def pair_agreement(table: RatingTable, weights: FloatArray | None = None) -> FloatArray:
    """Per unit, the summed agreement over ordered pairs of distinct ratings.

    Equals Gwet's ``sum_k r_ik (sum_l w_kl r_il - 1)`` (Gwet 2014, ch. 2): the number of
    agreeing ordered rating pairs, or their weighted credit when ``weights`` is given.
    """
    codes, present = table.codes, table.present
    out = np.zeros(table.n_units)
    if weights is not None:
        # An extra zero row and column: the missing code -1 then indexes a weight of 0.
        padded = np.zeros((weights.shape[0] + 1, weights.shape[1] + 1))
        padded[:-1, :-1] = weights
    for a in range(table.n_coders):
        for b in range(a + 1, table.n_coders):
            ca, cb = codes[:, a], codes[:, b]
            if weights is None:
                out += 2.0 * ((ca == cb) & present[:, a] & present[:, b])
            else:
                out += padded[ca, cb] + padded[cb, ca]
    return out


def gather_sum(table: RatingTable, vector: FloatArray) -> FloatArray:
    """Per unit, ``sum over its ratings of vector[category]`` (= ``r_i . vector``)."""
    padded = np.append(vector, 0.0)  # the missing code -1 picks the trailing 0
    out = padded[table.codes[:, 0]]
    for a in range(1, table.n_coders):
        out = out + padded[table.codes[:, a]]
    return np.asarray(out, dtype=np.float64)


def unit_category_counts(table: RatingTable) -> FloatArray:
    """Dense ``n x q`` matrix of rating counts ``r_ik`` (used only by the bootstrap)."""
    n, q = table.n_units, table.n_categories
    rows = np.nonzero(table.present)[0].astype(np.int64)
    cells = rows * q + table.codes[table.present]
    return np.bincount(cells, minlength=n * q).reshape(n, q).astype(np.float64)
