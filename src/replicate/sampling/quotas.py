"""Minimum quotas for the maximum-variation sample, and their visible relaxation.

Maximum variation (Patton 2002) names the dimensions first and then makes sure the sample
spans them. Following methodology §1.4 [D] the spread is enforced as *minimum counts* on
the marginals and on the student × mentor gender dyads, not as a full factorial (36 cells
cannot be filled with 12 people). Defaults for ``target_n = 12``:

=====================================  =======
constraint                             minimum
=====================================  =======
each student gender (female, male)     4
each student age band                  2
each mentor gender (female, male)      3
each mentor age band                   2
each female/male gender dyad (4)       1
=====================================  =======

For another target each default is scaled by ``target_n / 12`` and rounded half up, but
never below 1 (so 50 gives 17, 8, 13, 8, 4). The ``other`` gender and the dimensions the
original did not use (meetings band, course, specialty) have no default minimum; they still
count in the diversity score, and a minimum can be configured for them.

When the eligible pool cannot meet every minimum within ``target_n`` people, the quotas are
relaxed by the least total amount, found exactly by a small integer program over the
*types* of candidate (one type per combination of levels): variables ``x_t`` (how many of
type ``t`` to take, at most the number available) and shortfalls ``s_k`` minimise
``Σ s_k + ε Σ x_t`` (``ε = 1 / (target_n + 1)``, so a smaller plan never costs a unit of
shortfall) subject to ``Σ_{t∈k} x_t + s_k ≥ q_k`` and ``Σ x_t ≤ target_n``. Every
relaxation is reported with its reason. SciPy's :func:`scipy.optimize.milp` (HiGHS) solves
it; the same solver checks, during the greedy selection, that the partial sample can still
be completed (see :mod:`replicate.sampling.select`).

References
----------
Patton MQ (2002). Qualitative Research and Evaluation Methods, 3rd ed. Sage.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

from replicate.errors import ConfigError
from replicate.sampling._inputs import BANDED

__all__ = [
    "DEFAULT_QUOTAS_12",
    "DYAD",
    "Constraint",
    "QuotaSpec",
    "build_constraints",
    "complete",
    "default_quotas",
    "relax",
    "relaxation_table",
    "resolve_quotas",
]

#: Pseudo-dimension of the student gender × mentor gender dyads; levels ``"female-male"``
#: (student gender first).
DYAD = "gender_dyad"
#: Default minimum per level for a sample of 12 (methodology §1.4).
DEFAULT_QUOTAS_12: dict[str, int] = {
    "student_gender": 4,
    "student_age_band": 2,
    "mentor_gender": 3,
    "mentor_age_band": 2,
    DYAD: 1,
}
_BINARY = ("female", "male")
_GENDERS = ("female", "male", "other")
_GENDER_DIMS = ("student_gender", "mentor_gender")

#: Resolved quota configuration: key -> one minimum for the default levels, or per level.
QuotaSpec = dict[str, int | dict[str, int]]


@dataclass(frozen=True)
class Constraint:
    """One minimum: at least ``quota`` sampled people at ``level`` of ``dimension``."""

    dimension: str
    level: str
    quota: int


def default_quotas(target_n: int) -> dict[str, int]:
    """Return the default minimum per level for a sample of ``target_n``.

    Parameters
    ----------
    target_n : int
        Planned sample size.

    Returns
    -------
    dict of str to int
        Scaled from :data:`DEFAULT_QUOTAS_12` by ``target_n / 12``, rounded half up, >= 1.

    Examples
    --------
    >>> default_quotas(50)["student_gender"], default_quotas(6)["mentor_gender"]
    (17, 2)
    """
    return {k: max(1, math.floor(v * target_n / 12 + 0.5)) for k, v in DEFAULT_QUOTAS_12.items()}


def _minimum(value: object, where: str, config_file: str | None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ConfigError(f"{value!r} is not allowed; a minimum is a whole number >= 0",
                          file=config_file, location=where)
    return int(value)


def resolve_quotas(
    quotas: Mapping[str, int | Mapping[str, int]] | None,
    dimensions: Sequence[str],
    *,
    target_n: int,
    config_file: str | None = None,
) -> QuotaSpec:
    """Merge configured minimums over the scaled defaults and validate them.

    Parameters
    ----------
    quotas : mapping or None
        ``sampling.quotas``: a dimension (or ``gender_dyad``) -> one whole number (for every
        level; for genders: female and male) or a mapping level -> number. Bands take one
        number only, since band labels depend on the pool. Dyad levels are written
        ``student-mentor``, e.g. ``female-male``.
    dimensions : sequence of str
        The configured dimensions.
    target_n : int
        Planned sample size (scales the defaults).
    config_file : str or None, default=None
        Config file name for error messages.

    Returns
    -------
    QuotaSpec
        Only keys that apply to the configured dimensions; dyads need both gender dimensions.

    Raises
    ------
    ConfigError
        An unknown key or level, a per-level mapping for a band, or a negative number.
    """
    both = all(g in dimensions for g in _GENDER_DIMS)
    spec: QuotaSpec = {k: v for k, v in default_quotas(target_n).items()
                       if k in dimensions or (k == DYAD and both)}
    allowed = [*dimensions, *([DYAD] if both else [])]
    for key, value in (quotas or {}).items():
        where = f"sampling.quotas.{key}"
        if key not in allowed:
            raise ConfigError(f"{key!r} is not a quota key; allowed: {', '.join(allowed)}"
                              + ("" if both or key != DYAD else
                                 " (gender_dyad needs student_gender and mentor_gender)"),
                              file=config_file, location="sampling.quotas")
        if not isinstance(value, Mapping):
            spec[key] = _minimum(value, where, config_file)
            continue
        if key in BANDED:
            raise ConfigError("give one number for a band dimension; band labels depend on "
                              "the pool", file=config_file, location=where)
        levels: dict[str, int] = {}
        for level, number in value.items():
            level = str(level)
            if key in _GENDER_DIMS and level not in _GENDERS:
                raise ConfigError(f"unknown level {level!r}; allowed: {', '.join(_GENDERS)}",
                                  file=config_file, location=where)
            if key == DYAD and not (
                level.count("-") == 1 and all(p in _GENDERS for p in level.split("-"))
            ):
                raise ConfigError(f"unknown dyad {level!r}; write student-mentor, e.g. "
                                  "female-male", file=config_file, location=where)
            levels[level] = _minimum(number, f"{where}.{level}", config_file)
        spec[key] = levels
    return spec


def build_constraints(spec: QuotaSpec, levels: Mapping[str, Sequence[str]]) -> list[Constraint]:
    """Expand a quota spec into one :class:`Constraint` per (dimension, level).

    Parameters
    ----------
    spec : QuotaSpec
        From :func:`resolve_quotas`.
    levels : mapping of str to sequence of str
        Every level of every dimension (and of ``gender_dyad``) in display order.

    Returns
    -------
    list of Constraint
        Minimums of zero are left out; order follows ``levels``.
    """
    out: list[Constraint] = []
    for dim, dim_levels in levels.items():
        rule = spec.get(dim)
        if rule is None:
            continue
        for level in dim_levels:
            if isinstance(rule, dict):
                q = rule.get(level, 0)
            elif dim in _GENDER_DIMS:
                q = rule if level in _BINARY else 0
            elif dim == DYAD:
                q = rule if all(p in _BINARY for p in level.split("-")) else 0
            else:
                q = rule
            if q > 0:
                out.append(Constraint(dim, level, int(q)))
    return out


def _solve(
    a: np.ndarray, avail: np.ndarray, need: np.ndarray, slots: int, *, relax_mode: bool
) -> np.ndarray | None:
    n_k, n_t = a.shape
    if relax_mode:
        # least total shortfall first; among those, the smallest plan (eps * sum(x) < 1)
        c = np.concatenate([np.full(n_t, 1.0 / (slots + 1)), np.ones(n_k)])
        cover = np.hstack([a, np.eye(n_k)])
        upper = np.concatenate([avail, need])
    else:
        c = np.ones(n_t)
        cover = a
        upper = avail.astype(float)
    width = c.size
    size = np.zeros((1, width))
    size[0, :n_t] = 1.0
    res = milp(
        c,
        constraints=[LinearConstraint(cover, lb=need, ub=np.inf),
                     LinearConstraint(size, lb=0, ub=slots)],
        integrality=np.ones(width),
        bounds=Bounds(np.zeros(width), upper),
    )
    if res.x is None or not res.success:
        return None
    solution: np.ndarray = np.rint(np.asarray(res.x)).astype(np.int64)
    return solution


def _construct(a: np.ndarray, avail: np.ndarray, deficit: np.ndarray) -> np.ndarray | None:
    """A plan built directly when the deficits fit: give every missing unit its own person.

    When ``Σ deficit <= slots`` this succeeds exactly when every constraint has enough
    people available (taking ``deficit_k`` people from constraint ``k`` for each ``k`` gives
    at most ``Σ deficit`` people), so the integer program is only needed for tighter cases.
    """
    plan = np.zeros(a.shape[1], dtype=np.int64)
    left = avail.astype(np.int64).copy()
    for k in np.flatnonzero(deficit > 0):
        need = int(deficit[k] - a[k] @ plan)
        for t in np.flatnonzero((a[k] > 0) & (left > 0)):
            if need <= 0:
                break
            take = min(need, int(left[t]))
            plan[t] += take
            left[t] -= take
            need -= take
        if need > 0:
            return None
    return plan


def relax(
    a: np.ndarray, avail: np.ndarray, quotas: np.ndarray, target_n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Relax minimums by the least total amount so that they can all be met.

    Parameters
    ----------
    a : numpy.ndarray of shape (n_constraints, n_types)
        1 where a candidate type counts towards a constraint.
    avail : numpy.ndarray of shape (n_types,)
        Candidates available of each type.
    quotas : numpy.ndarray of shape (n_constraints,)
        Configured minimums.
    target_n : int
        Sample size.

    Returns
    -------
    required : numpy.ndarray of int
        The minimums that are met by some sample of ``target_n`` (``<= quotas``).
    plan : numpy.ndarray of int
        Counts per type of a smallest sample (at most ``target_n``) that meets ``required``.
    """
    if a.shape[0] == 0:
        return quotas.astype(np.int64), np.zeros(a.shape[1], dtype=np.int64)
    if quotas.sum() <= target_n:
        direct = _construct(a, avail, quotas)
        if direct is not None:
            return quotas.astype(np.int64), direct
    sol = _solve(a.astype(float), avail.astype(float), quotas.astype(float), target_n,
                 relax_mode=True)
    if sol is None:  # pragma: no cover - x = 0, s = q is always feasible
        raise RuntimeError("the relaxation program has no solution")
    n_t = a.shape[1]
    return quotas.astype(np.int64) - sol[n_t:], sol[:n_t]


def complete(
    a: np.ndarray, avail: np.ndarray, deficit: np.ndarray, slots: int
) -> np.ndarray | None:
    """Find the smallest set of candidate types that covers the remaining deficits.

    Parameters
    ----------
    a : numpy.ndarray of shape (n_constraints, n_types)
        1 where a type counts towards a constraint.
    avail : numpy.ndarray of shape (n_types,)
        Unchosen candidates of each type.
    deficit : numpy.ndarray of shape (n_constraints,)
        People still missing per constraint (zeros allowed).
    slots : int
        Places left in the sample.

    Returns
    -------
    numpy.ndarray of int or None
        Counts per type (summing to at most ``slots``), or None when no completion exists.
    """
    if not np.any(deficit > 0):
        return np.zeros(a.shape[1], dtype=np.int64)
    if slots <= 0:
        return None
    if deficit.sum() <= slots:
        return _construct(a, avail, deficit)
    return _solve(a.astype(float), avail.astype(float), deficit.astype(float), slots,
                  relax_mode=False)


def relaxation_table(
    constraints: Sequence[Constraint], pool_n: np.ndarray, required: np.ndarray, target_n: int
) -> pd.DataFrame:
    """Rows for the minimums that had to be lowered, with the reason.

    Parameters
    ----------
    constraints : sequence of Constraint
        The configured minimums.
    pool_n : numpy.ndarray
        Eligible people per constraint.
    required : numpy.ndarray
        The minimums after :func:`relax`.
    target_n : int
        Sample size.

    Returns
    -------
    pandas.DataFrame
        Columns ``dimension``, ``level``, ``quota``, ``relaxed_to``, ``reason``.
    """
    rows = []
    for con, avail, req in zip(constraints, pool_n, required, strict=True):
        if req >= con.quota:
            continue
        if req == avail < con.quota:
            reason = f"only {int(avail)} eligible"
        else:
            reason = (f"cannot be met together with the other minimums in a sample of "
                      f"{target_n}")
            if avail < con.quota:
                reason = f"only {int(avail)} eligible, and " + reason
        rows.append((con.dimension, con.level, con.quota, int(req), reason))
    return pd.DataFrame(rows, columns=["dimension", "level", "quota", "relaxed_to", "reason"])
