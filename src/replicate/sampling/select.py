"""Greedy maximum-variation selection, the reserve list and the repair of declines.

The procedure is methodology §1.5 [D]. The sample is grown one person at a time; each
unchosen candidate ``c`` is scored lexicographically by

1. **deficit reduction** — how many still-unmet minimum quotas ``c`` would count towards;
2. **diversity** — the Gower (1971) distance from ``c`` to the *nearest* person already
   chosen (max–min, a farthest-point heuristic); for the first pick, the candidate's
   *rarity*, the mean over dimensions of ``1 − share of the pool at c's level``;
3. **tie-break** — a per-candidate key from ``numpy.random.default_rng(seed)``, drawn once
   over the pool sorted by ``student_id`` (so the result does not depend on row order).

The Gower distance averages, over the configured dimensions, a mismatch (0/1) for a
categorical dimension and ``|a − b| / range(pool)`` for a banded one (on the raw age or
meeting count, not the band). Distances are rounded to 1e-9 before comparison, so that
ties that are equal in exact arithmetic are broken by the seeded key, not by rounding.

A plain greedy can paint itself into a corner (spend the last places before a rare
combination is reached). Each pick is therefore checked to keep the minimums reachable: a
*plan* (counts per candidate type that would complete the sample) is kept; a pick whose
type is in the plan, or that uses a spare place, keeps it valid; otherwise an integer
program (:func:`replicate.sampling.quotas.complete`) looks for a new plan, and a type with
none is skipped. So whenever the (relaxed) minimums can be met, they are met.

The **reserve list** continues the same ordering over the remaining pool. A student who
**declines** is replaced by the first reserve who best repairs the quota deficit their
departure leaves (most unmet minimums served; ties by reserve order); everyone else keeps
their place.

The max–min greedy is vectorised with numpy: a running array of each candidate's distance to
the nearest chosen person is updated with one distance column per pick, so a pick costs
O(pool × dimensions). No library offers this quota-constrained farthest-point ordering.

References
----------
Gower JC (1971). A general coefficient of similarity and some of its properties.
Biometrics 27:857–871.
Patton MQ (2002). Qualitative Research and Evaluation Methods, 3rd ed. Sage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from replicate.sampling.quotas import complete

__all__ = ["Pool", "greedy_order", "make_pool", "repair"]


@dataclass(frozen=True)
class Pool:
    """The eligible pool as arrays, rows sorted by ``student_id``.

    Attributes
    ----------
    members : numpy.ndarray of bool, shape (n, n_constraints)
        Whether each person counts towards each minimum.
    categorical : numpy.ndarray of int, shape (n, n_categorical)
        Level codes of the categorical dimensions.
    numeric : numpy.ndarray of float, shape (n, n_banded)
        Raw values of the banded dimensions divided by their range in the pool.
    rarity : numpy.ndarray of float, shape (n,)
        Mean over dimensions of one minus the pool share of the person's level.
    types : numpy.ndarray of int, shape (n,)
        Candidate type: index of the person's row of ``members`` among the distinct rows.
    type_matrix : numpy.ndarray of int, shape (n_constraints, n_types)
        ``members`` of each type.
    """

    members: np.ndarray
    categorical: np.ndarray
    numeric: np.ndarray
    rarity: np.ndarray
    types: np.ndarray
    type_matrix: np.ndarray

    @property
    def size(self) -> int:
        """Number of people in the pool."""
        return int(self.members.shape[0])

    @property
    def n_dimensions(self) -> int:
        """Number of dimensions in the distance."""
        return int(self.categorical.shape[1] + self.numeric.shape[1])

    def distances_to(self, i: int) -> np.ndarray:
        """Gower distance from every person to person ``i``."""
        d = np.zeros(self.size)
        for col in self.categorical.T:  # stored column-major: each column is contiguous
            d += col != col[i]
        for col in self.numeric.T:
            d += np.abs(col - col[i])
        d /= max(self.n_dimensions, 1)
        return d


def make_pool(
    members: np.ndarray, level_codes: Sequence[np.ndarray], categorical: Sequence[np.ndarray],
    numeric: Sequence[np.ndarray],
) -> Pool:
    """Build a :class:`Pool`.

    Parameters
    ----------
    members : numpy.ndarray of bool, shape (n, n_constraints)
        Constraint membership.
    level_codes : sequence of numpy.ndarray of int
        One array per dimension: the person's level (band for banded dimensions), for rarity.
    categorical : sequence of numpy.ndarray of int
        Level codes of the categorical dimensions.
    numeric : sequence of numpy.ndarray of float
        Raw values of the banded dimensions (scaled here by the pool range; a zero range
        contributes nothing).

    Returns
    -------
    Pool
    """
    n = members.shape[0]
    cat = (np.asfortranarray(np.column_stack(list(categorical))) if categorical
           else np.zeros((n, 0), np.int64))
    cols = []
    for values in numeric:
        span = float(values.max() - values.min()) if n else 0.0
        cols.append((values - values.min()) / span if span > 0 else np.zeros(n))
    num = np.asfortranarray(np.column_stack(cols)) if cols else np.zeros((n, 0))
    rarity = np.zeros(n)
    for codes in level_codes:
        share = np.bincount(codes) / max(n, 1)
        rarity += 1.0 - share[codes]
    rarity /= max(len(level_codes), 1)
    if 0 < members.shape[1] <= 64:
        # one integer per row makes np.unique 1-D (an order of magnitude faster than axis=0)
        packed = np.packbits(members, axis=1)
        row_code = np.zeros(n, dtype=np.uint64)
        for byte in packed.T:
            row_code = (row_code << np.uint64(8)) | byte.astype(np.uint64)
        _, first, types = np.unique(row_code, return_index=True, return_inverse=True)
        type_matrix = members[first].T.astype(np.int64)
    elif members.shape[1]:
        uniq, types = np.unique(members, axis=0, return_inverse=True)
        type_matrix = uniq.T.astype(np.int64)
    else:
        types = np.zeros(n, dtype=np.int64)
        type_matrix = np.zeros((0, 1), dtype=np.int64)
    return Pool(members, cat, num, np.round(rarity, 9), np.asarray(types).ravel(), type_matrix)


def _lexmax(open_: np.ndarray, gain: np.ndarray | None, second: np.ndarray,
            key: np.ndarray) -> int:
    idx = np.flatnonzero(open_)
    if gain is not None:
        g = gain[idx]
        idx = idx[g == g.max()]
    s = second[idx]
    idx = idx[s == s.max()]
    return int(idx[np.argmax(key[idx])])


def greedy_order(
    pool: Pool,
    *,
    target_n: int,
    n_reserve: int,
    required: np.ndarray,
    plan: np.ndarray,
    seed: int,
) -> np.ndarray:
    """Order the pool: the sample first, then the reserve list.

    Parameters
    ----------
    pool : Pool
        The eligible pool.
    target_n : int
        Sample size (at most ``pool.size``).
    n_reserve : int
        Length of the reserve list to produce (cut to what the pool holds).
    required : numpy.ndarray of int
        Minimum per constraint (already relaxed to be reachable).
    plan : numpy.ndarray of int
        Counts per type of one completion from the empty sample (from
        :func:`replicate.sampling.quotas.relax`).
    seed : int
        Seed of the tie-break generator.

    Returns
    -------
    numpy.ndarray of int
        Pool row indices: ``[:target_n]`` the sample in pick order, then the reserve in order.
    """
    n = pool.size
    key = np.random.default_rng(seed).random(n)
    taken = np.zeros(n, dtype=bool)
    counts = np.zeros(pool.members.shape[1], dtype=np.int64)
    min_dist = np.full(n, np.inf)
    type_left = np.bincount(pool.types, minlength=pool.type_matrix.shape[1])
    plan = plan.copy()
    order: list[int] = []
    free = np.ones(n, dtype=bool)  # not taken and not of a blocked type
    for step in range(min(n, target_n + n_reserve)):
        selecting = step < target_n
        unmet = (counts < required) if selecting else np.zeros_like(counts, dtype=bool)
        # a candidate's gain depends only on its type: T dot products, then one gather
        gain = (unmet.astype(np.int64) @ pool.type_matrix)[pool.types] if unmet.any() else None
        second = pool.rarity if step == 0 else min_dist
        open_ = free if selecting else ~taken
        while True:
            c = _lexmax(open_, gain, second, key)
            if not selecting or not unmet.any():
                break
            t = int(pool.types[c])
            slots = target_n - step - 1
            deficit = np.maximum(required - counts - pool.members[c], 0)
            if not deficit.any():
                plan[:] = 0
                break
            if plan[t] > 0:
                plan[t] -= 1
                break
            if plan.sum() <= slots:
                break
            avail = type_left.copy()
            avail[t] -= 1
            new = complete(pool.type_matrix, avail, deficit, slots)
            if new is not None:
                plan = new
                break
            free &= pool.types != t  # block the type; open_ is free while selecting
        order.append(c)
        taken[c] = True
        free[c] = False
        counts += pool.members[c]
        type_left[pool.types[c]] -= 1
        # rounded once per pick: the minimum of rounded distances is itself rounded
        np.minimum(min_dist, np.round(pool.distances_to(c), 9), out=min_dist)
    return np.asarray(order, dtype=np.int64)


def repair(
    members: np.ndarray,
    sample: Sequence[int],
    reserve: Sequence[int],
    declined: set[int],
    required: np.ndarray,
) -> tuple[list[int], list[int]]:
    """Replace the declined members of a sample from the reserve list.

    Parameters
    ----------
    members : numpy.ndarray of bool, shape (n, n_constraints)
        Constraint membership of the pool.
    sample : sequence of int
        Pool indices of the sample, in slot order.
    reserve : sequence of int
        Pool indices of the reserve list, in order.
    declined : set of int
        Pool indices of students who declined.
    required : numpy.ndarray of int
        Minimum per constraint.

    Returns
    -------
    final : list of int
        The repaired sample; slot ``i`` changes only if its occupant declined.
    used : list of int
        Reserve members brought in, in the order of the slots they fill.

    Raises
    ------
    ValueError
        The reserve list has too few members who did not decline (callers size it).
    """
    final = list(sample)
    keep = [i for i in final if i not in declined]
    counts = members[keep].sum(axis=0) if keep else np.zeros(members.shape[1], np.int64)
    candidates = [r for r in reserve if r not in declined]
    used: list[int] = []
    for slot, person in enumerate(final):
        if person not in declined:
            continue
        if not candidates:
            raise ValueError("the reserve list is exhausted")
        unmet = (counts < required).astype(np.int64)
        gains = members[candidates].astype(np.int64) @ unmet
        pick = candidates.pop(int(np.argmax(gains)))  # argmax: first of the best, by rank
        final[slot] = pick
        used.append(pick)
        counts = counts + members[pick]
    return final, used
