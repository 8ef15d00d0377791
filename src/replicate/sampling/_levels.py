"""The eligible pool as arrays, with each person's level on every dimension.

Internal to :mod:`replicate.sampling`: :func:`pool_levels` sorts the eligible students by
``student_id`` (so the design does not depend on row order), bands the numeric dimensions,
orders the levels for display, expands the quota spec into constraints and builds the
:class:`~replicate.sampling.select.Pool` that the selection works on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from replicate.sampling._inputs import BANDED, CATEGORICAL
from replicate.sampling.bands import Bands, make_bands
from replicate.sampling.quotas import DYAD, Constraint, QuotaSpec, build_constraints
from replicate.sampling.select import Pool, make_pool

__all__ = ["COLUMNS", "PoolLevels", "level_order", "pool_levels"]

#: Dyad columns carried into the pool arrays.
COLUMNS = ("student_id", "student_gender", "student_age", "course", "meetings", "mentor_id",
           "mentor_gender", "mentor_age", "mentor_specialty")
_GENDERS = ("female", "male", "other")


@dataclass(frozen=True, eq=False)
class PoolLevels:
    """The eligible pool, sorted by ``student_id``.

    Attributes
    ----------
    cols : dict of str to numpy.ndarray
        One array per name in :data:`COLUMNS`.
    levels : dict of str to numpy.ndarray
        Dimension (and ``gender_dyad`` when quotas use it) -> each person's level.
    order : dict of str to list of str
        Levels of each dimension in display order.
    bands : dict of str to Bands
        Bands of the banded dimensions.
    constraints : list of Constraint
        The minimum quotas (before relaxation).
    members : numpy.ndarray of bool, shape (n, n_constraints)
        Constraint membership.
    state : Pool
        Arrays for the selection.
    """

    cols: dict[str, np.ndarray]
    levels: dict[str, np.ndarray]
    order: dict[str, list[str]]
    bands: dict[str, Bands]
    constraints: list[Constraint]
    members: np.ndarray
    state: Pool

    @property
    def size(self) -> int:
        """Number of eligible people."""
        return len(self.cols["student_id"])


def level_order(dim: str, present: np.ndarray, configured: Sequence[str] = ()) -> list[str]:
    """Display order of a categorical dimension's levels.

    Genders always list female and male (so a missing one is visible), then other; other
    levels are sorted.
    """
    seen = {str(v) for v in pd.unique(present)} | set(configured)
    if dim in ("student_gender", "mentor_gender"):
        seen |= {"female", "male"}
        return [g for g in _GENDERS if g in seen] + sorted(seen - set(_GENDERS))
    return sorted(seen)


def pool_levels(
    eligible: pd.DataFrame,
    *,
    dims: Sequence[str],
    spec: QuotaSpec,
    cuts: Mapping[str, Sequence[float]],
    target_n: int,
) -> PoolLevels:
    """Sort the eligible dyads and compute levels, constraints and the selection arrays.

    Parameters
    ----------
    eligible : pandas.DataFrame
        Rows of :func:`~replicate.sampling._inputs.build_dyads` for eligible students.
    dims : sequence of str
        Configured dimensions.
    spec : QuotaSpec
        Resolved quotas.
    cuts : mapping of str to sequence of float
        Configured cut-points per banded dimension.
    target_n : int
        Sample size (for the tertile rule).

    Returns
    -------
    PoolLevels
    """
    ids = eligible["student_id"].to_numpy(dtype=object)
    sort = np.argsort(ids.astype(str), kind="stable")
    cols = {c: eligible[c].to_numpy()[sort] for c in COLUMNS}
    bands = {d: make_bands(cols[BANDED[d]].astype(float), dimension=d, target_n=target_n,
                           cutpoints=cuts.get(d)) for d in dims if d in BANDED}
    levels: dict[str, np.ndarray] = {}
    order: dict[str, list[str]] = {}
    for dim in dims:
        rule = spec.get(dim)
        configured = list(rule) if isinstance(rule, dict) else []
        if dim in bands:
            b = bands[dim]
            levels[dim] = np.asarray(b.labels, dtype=object)[b.assign(cols[b.column])]
            order[dim] = list(b.labels)
        else:
            levels[dim] = cols[CATEGORICAL[dim]].astype(object)
            order[dim] = level_order(dim, levels[dim], configured)
    if DYAD in spec:
        pairs = (pd.Series(cols["student_gender"], dtype=object) + "-"
                 + pd.Series(cols["mentor_gender"], dtype=object))
        levels[DYAD] = pairs.to_numpy(dtype=object)
        rule = spec[DYAD]
        dyads = [f"{s}-{m}" for s in order["student_gender"] for m in order["mentor_gender"]]
        extra = sorted(k for k in rule if k not in dyads) if isinstance(rule, dict) else []
        order[DYAD] = dyads + extra
    constraints = build_constraints(spec, order)
    members = np.zeros((len(ids), len(constraints)), dtype=bool)
    for k, con in enumerate(constraints):
        members[:, k] = levels[con.dimension] == con.level
    codes = {d: pd.Index(order[d]).get_indexer(pd.Index(levels[d])).astype(np.int64)
             for d in dims}
    state = make_pool(
        members,
        [codes[d] for d in dims],
        [codes[d] for d in dims if d not in BANDED],
        [cols[BANDED[d]].astype(float) for d in dims if d in BANDED],
    )
    return PoolLevels(cols, levels, order, bands, constraints, members, state)
