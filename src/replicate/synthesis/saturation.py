"""Code saturation after Guest, Namey & Chen (2020): base size, run length, threshold.

Procedure (methodology.md §1.7). Interviews are taken in the order they were analysed.

- ``new_i``: codes first seen in interview *i* (not in any earlier interview);
- ``B``: unique codes in the first ``b`` interviews (the base), a **fixed** denominator;
- for ``s = b, b + run_step, …, n − r`` the run is interviews ``s+1 … s+r`` and
  ``ratio_s = Σ new_i over the run / B``; saturation is the first ``s`` with ``ratio_s ≤ t``,
  reported as ``"s+r"`` (e.g. ``"8+2"``: eight interviews, then a run of two adding ≤ t new
  information).
- Otherwise saturation is *not reached*, for one of three reasons: ``"too few interviews"``
  (``n < b + r``), ``"B = 0"`` (the base holds no codes, so the ratio is undefined) or
  ``"threshold never met"``.

``run_step = 1`` rolls the window one interview at a time; ``run_step = r`` gives
non-overlapping runs (the exact window mechanics are [D] until checked against the paper's
Fig. 2). The threshold comparison is exact (rational arithmetic on the decimal threshold), so
1 new code over a base of 20 meets a 5 % threshold.

The authors' recommended default is b = 4, r = 2, t = 5 %; their grid b ∈ {4, 5, 6},
r ∈ {2, 3}, t ∈ {5 %, 0 %} gives the 12-row sensitivity table. Their bootstrap over interview
order motivates the order-sensitivity check (median and IQR of ``s`` over seeded
permutations). This measures *code* saturation only, not meaning saturation (Hennink, Kaiser &
Marconi 2017).

References
----------
Guest G, Namey E, Chen M. A simple method to assess and report thematic saturation in
qualitative research. PLoS ONE 2020;15(5):e0232076. doi:10.1371/journal.pone.0232076
Hennink MM, Kaiser BN, Marconi VC. Code saturation versus meaning saturation. Qual Health Res
2017;27(4):591–608.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from replicate.errors import ConfigError
from replicate.synthesis._util import clean_label

__all__ = [
    "REASONS",
    "Interview",
    "SaturationPlan",
    "SaturationResult",
    "assess_saturation",
    "discovery_curve",
    "interview_sequence",
    "saturation_point",
]

#: An interview as (label, set of codes applied in it).
Interview = tuple[str, frozenset[str]]

#: Why saturation was not reached.
REASONS = ("too few interviews", "B = 0", "threshold never met")

_LEVELS = ("code", "subcategory", "category")


@dataclass(frozen=True)
class SaturationPlan:
    """Parameters of the Guest, Namey & Chen (2020) assessment.

    Parameters
    ----------
    base : int, default=4
        Base size ``b``: the first ``b`` interviews give the denominator ``B``.
    run : int, default=2
        Run length ``r``: consecutive later interviews inspected for new codes.
    threshold : float, default=0.05
        New-information threshold ``t`` (share of ``B``); ``0`` means no new codes.
    run_step : int, default=1
        How far the run window moves each step (``1`` rolling, ``run`` non-overlapping).
    level : {"code", "subcategory", "category"}, default="code"
        Codebook level counted as "codes" (the method assumes codes).

    Raises
    ------
    ConfigError
        If a value is out of range (location ``saturation.<field>``).
    """

    base: int = 4
    run: int = 2
    threshold: float = 0.05
    run_step: int = 1
    level: str = "code"

    def __post_init__(self) -> None:
        for name in ("base", "run", "run_step"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(
                    f"{name} is {value!r}; allowed: a whole number ≥ 1",
                    location=f"saturation.{name}",
                )
        if not (0 <= float(self.threshold) < 1):
            raise ConfigError(
                f"threshold is {self.threshold!r}; allowed: a share from 0 up to (not "
                "including) 1, e.g. 0.05 for 5 %",
                location="saturation.threshold",
            )
        if self.level not in _LEVELS:
            raise ConfigError(
                f"level is {self.level!r}; allowed: {', '.join(_LEVELS)}",
                location="saturation.level",
            )

    @property
    def threshold_text(self) -> str:
        """The threshold as reported, e.g. ``"≤ 5 %"`` or ``"0 %"``."""
        pct = f"{float(self.threshold) * 100:g} %"
        return pct if self.threshold == 0 else f"≤ {pct}"


@dataclass(frozen=True, eq=False)
class SaturationResult:
    """Outcome of one saturation assessment.

    Attributes
    ----------
    plan : SaturationPlan
    n_interviews : int
    base_unique : int
        ``B``, the unique codes in the base (0 when there are fewer than ``b`` interviews
        and none of them has a code).
    reached : bool
    saturated_at : int or None
        ``s``, the interviews before the first run that met the threshold.
    new_in_run, ratio : int or None, float or None
        New codes in that run and their share of ``B``.
    reason : str or None
        One of :data:`REASONS` when not reached.
    interviews : pandas.DataFrame
        The discovery curve (see :func:`discovery_curve`).
    runs : pandas.DataFrame
        The run table: ``s, run_start, run_end, run_interviews, new_in_run, base_unique,
        ratio, meets_threshold, saturation_point``.
    """

    plan: SaturationPlan
    n_interviews: int
    base_unique: int
    reached: bool
    saturated_at: int | None
    new_in_run: int | None
    ratio: float | None
    reason: str | None
    interviews: pd.DataFrame
    runs: pd.DataFrame

    @property
    def notation(self) -> str | None:
        """Guest et al.'s ``"s+r"`` notation, or ``None`` when not reached."""
        return None if self.saturated_at is None else f"{self.saturated_at}+{self.plan.run}"

    @property
    def interviews_needed(self) -> int | None:
        """``s + r``: interviews analysed up to the end of the saturating run."""
        return None if self.saturated_at is None else self.saturated_at + self.plan.run

    def sentence(self) -> str:
        """One reporting sentence in Guest et al.'s style, including why when not reached."""
        p = self.plan
        head = f"Saturation at {p.threshold_text} new information"
        setup = f"base {p.base}, run {p.run}, assessed over {self.n_interviews} interviews"
        if self.reached:
            return (
                f"{head} was reached at {self.notation}: {setup} "
                f"({self.new_in_run} new of {self.base_unique} base codes)."
            )
        if self.reason == "too few interviews":
            why = (f"too few interviews (n = {self.n_interviews} < base + run = "
                   f"{p.base + p.run})")
        elif self.reason == "B = 0":
            why = (f"B = 0 (the first {p.base} interviews have no codes, so the share of new "
                   "information is undefined)")
        else:
            lowest = ""
            if len(self.runs):
                ratios = self.runs["ratio"].to_numpy(dtype=float)
                best = int(np.argmin(ratios))
                s_best = int(self.runs["s"].to_numpy()[best])
                lowest = (f"; the lowest share was {ratios[best] * 100:.0f} % at "
                          f"{s_best}+{p.run}")
            why = f"threshold never met{lowest}"
        return f"{head} was not reached ({setup}): {why}."

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (plan, outcome, reason, sentence)."""
        return {
            "base": self.plan.base,
            "run": self.plan.run,
            "threshold": float(self.plan.threshold),
            "run_step": self.plan.run_step,
            "level": self.plan.level,
            "n_interviews": self.n_interviews,
            "base_unique": self.base_unique,
            "reached": self.reached,
            "saturated_at": self.saturated_at,
            "notation": self.notation,
            "interviews_needed": self.interviews_needed,
            "new_in_run": self.new_in_run,
            "ratio": self.ratio,
            "reason": self.reason,
            "sentence": self.sentence(),
        }


def interview_sequence(
    coded: pd.DataFrame,
    participants: pd.DataFrame,
    *,
    level: str = "code",
    order: Sequence[str] | None = None,
) -> tuple[Interview, ...]:
    """Interviews in analysis order with the set of codes applied in each.

    Parameters
    ----------
    coded : pandas.DataFrame
        Output of :func:`replicate.synthesis.coded_units`.
    participants : pandas.DataFrame
        Schema ``participants``; ``interview_date`` is used for the default order.
    level : {"code", "subcategory", "category"}, default="code"
    order : sequence of str or None, default=None
        Pseudonyms in analysis order. Default: by ``interview_date`` (missing dates last),
        then pseudonym.

    Returns
    -------
    tuple of Interview
        Participants without units appear with an empty code set (an interview that added
        nothing).

    Raises
    ------
    ConfigError
        If ``order`` is not a permutation of the participants' pseudonyms.
    """
    people = [clean_label(p) for p in participants["pseudonym"]]
    if order is not None:
        given = [str(p) for p in order]
        if sorted(given) != sorted(people):
            missing = sorted(set(people) - set(given))
            extra = sorted(set(given) - set(people))
            dupes = sorted({p for p in given if given.count(p) > 1})
            raise ConfigError(
                "the interview order must list every participant exactly once; "
                f"missing: {missing or 'none'}, unknown: {extra or 'none'}, "
                f"repeated: {dupes or 'none'}",
                location="saturation.order",
            )
        ordered = given
    else:
        dates = (
            pd.to_datetime(participants["interview_date"], errors="coerce")
            if "interview_date" in participants.columns
            else pd.Series(pd.NaT, index=participants.index)
        )
        frame = pd.DataFrame({"p": people, "d": dates.to_numpy()})
        frame = frame.sort_values(["d", "p"], na_position="last", kind="mergesort")
        ordered = [str(p) for p in frame["p"]]
    by_person: dict[str, set[str]] = {}
    for who, label in zip(coded["participant"].tolist(), coded[level].tolist(), strict=True):
        by_person.setdefault(str(who), set()).add(str(label))
    return tuple((p, frozenset(by_person.get(p, ()))) for p in ordered)


def discovery_curve(sequence: Sequence[Interview]) -> pd.DataFrame:
    """Codes per interview, new codes and the cumulative count of unique codes.

    Parameters
    ----------
    sequence : sequence of Interview

    Returns
    -------
    pandas.DataFrame
        Columns ``position`` (1-based), ``interview``, ``n_codes``, ``n_new``,
        ``cumulative_unique``, ``cumulative_share`` (of all unique codes).
    """
    seen: set[str] = set()
    rows = []
    for pos, (label, codes) in enumerate(sequence, start=1):
        new = codes - seen
        seen |= codes
        rows.append((pos, label, len(codes), len(new), len(seen)))
    frame = pd.DataFrame(
        rows, columns=["position", "interview", "n_codes", "n_new", "cumulative_unique"]
    )
    total = len(seen)
    frame["cumulative_share"] = frame["cumulative_unique"] / total if total else 0.0
    return frame


def _discovery(sequence: Sequence[Interview], base: int) -> tuple[list[int], list[str], int]:
    """New codes per interview, the labels, and ``B`` (unique codes in the first ``base``)."""
    every = len(set().union(*(codes for _, codes in sequence)))
    seen: set[str] = set()
    new: list[int] = []
    base_unique = 0
    for i, (_, codes) in enumerate(sequence):
        if i == base:
            base_unique = len(seen)
        if len(seen) == every:  # every code seen: no later interview adds one (a stage
            new += [0] * (len(sequence) - i)  # orders 10,000 interviews hundreds of times)
            if i < base:
                base_unique = every
            break
        new.append(len(codes - seen))
        seen |= codes
    if len(sequence) <= base:
        base_unique = len(seen)
    return new, [label for label, _ in sequence], base_unique


def _scan(
    new: Sequence[int], base_unique: int, plan: SaturationPlan
) -> tuple[list[tuple[int, int]], int | None]:
    """Runs as (s, new_in_run) and the first s meeting the threshold (exact arithmetic)."""
    n, b, r = len(new), plan.base, plan.run
    limit = Fraction(str(float(plan.threshold)))
    runs = [(s, sum(new[s : s + r])) for s in range(b, n - r + 1, plan.run_step)]
    if base_unique == 0:
        return runs, None
    hit = next((s for s, k in runs if Fraction(k, base_unique) <= limit), None)
    return runs, hit


def _reason(n: int, base_unique: int, hit: int | None, plan: SaturationPlan) -> str | None:
    if n < plan.base + plan.run:
        return "too few interviews"
    if base_unique == 0:
        return "B = 0"
    return "threshold never met" if hit is None else None


def saturation_point(
    sequence: Sequence[Interview], plan: SaturationPlan
) -> tuple[int | None, int, int | None, str | None]:
    """The core of :func:`assess_saturation` without tables (for grids and permutations).

    Parameters
    ----------
    sequence : sequence of Interview
    plan : SaturationPlan

    Returns
    -------
    tuple
        ``(s or None, B, new codes in the saturating run or None, reason or None)``.
    """
    new, _, base_unique = _discovery(sequence, plan.base)
    runs, hit = _scan(new, base_unique, plan)
    new_in_run = dict(runs).get(hit) if hit is not None else None
    return hit, base_unique, new_in_run, _reason(len(new), base_unique, hit, plan)


def assess_saturation(
    sequence: Sequence[Interview], plan: SaturationPlan | None = None
) -> SaturationResult:
    """Assess code saturation with base size, run length and threshold.

    Parameters
    ----------
    sequence : sequence of Interview
        ``(label, codes)`` pairs in analysis order (see :func:`interview_sequence`).
    plan : SaturationPlan or None, default=None
        Defaults to b = 4, r = 2, t = 5 %, rolling runs.

    Returns
    -------
    SaturationResult

    References
    ----------
    Guest G, Namey E, Chen M. PLoS ONE 2020;15(5):e0232076.

    Examples
    --------
    >>> seq = [(str(i), frozenset(c)) for i, c in enumerate(
    ...     ["ab", "cd", "ae", "fg", "h", "a", "b", "c"], start=1)]
    >>> res = assess_saturation(seq, SaturationPlan(base=4, run=2, threshold=0.0))
    >>> res.notation, res.base_unique
    ('5+2', 7)
    """
    plan = plan or SaturationPlan()
    n = len(sequence)
    new, labels, base_unique = _discovery(sequence, plan.base)
    runs, hit = _scan(new, base_unique, plan)
    table = pd.DataFrame(
        {
            "s": [s for s, _ in runs],
            "run_start": [s + 1 for s, _ in runs],
            "run_end": [s + plan.run for s, _ in runs],
            "run_interviews": [", ".join(labels[s : s + plan.run]) for s, _ in runs],
            "new_in_run": [k for _, k in runs],
            "base_unique": base_unique,
        }
    )
    table["ratio"] = table["new_in_run"] / base_unique if base_unique else np.nan
    limit = Fraction(str(float(plan.threshold)))
    table["meets_threshold"] = [
        bool(base_unique) and Fraction(k, base_unique) <= limit for _, k in runs
    ]
    table["saturation_point"] = table["s"].eq(hit) if hit is not None else False

    reason = _reason(n, base_unique, hit, plan)
    new_in_run = dict(runs).get(hit) if hit is not None else None
    return SaturationResult(
        plan=plan,
        n_interviews=n,
        base_unique=base_unique,
        reached=hit is not None,
        saturated_at=hit,
        new_in_run=new_in_run,
        ratio=None if new_in_run is None else new_in_run / base_unique,
        reason=reason,
        interviews=discovery_curve(sequence),
        runs=table,
    )
