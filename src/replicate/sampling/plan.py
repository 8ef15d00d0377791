"""The sampling-design stage: one call from the students and mentors tables to a design.

:func:`design_sample` runs eligibility (:mod:`~replicate.sampling.eligibility`), the bands
(:mod:`~replicate.sampling.bands`), the minimum quotas and their relaxation
(:mod:`~replicate.sampling.quotas`), the maximum-variation selection with its reserve list
and the repair of declines (:mod:`~replicate.sampling.select`), and assembles the report
tables (:mod:`~replicate.sampling.outputs`) and the sample-size rationale
(:mod:`~replicate.sampling.rationale`) into a :class:`SampleDesign`.

Three groups are kept apart (issue 17): the **designed sample** (the selection's draw, after
any replacement of students who declined), **who was invited and who declined** (known only
when ``invitations="as_designed"``: the school invited the designed sample and replaced each
student who declined from the reserve list, as :func:`~replicate.sampling.select.repair`
does), and **who was interviewed** (the participants table,
:mod:`~replicate.sampling._interviewed`). The flow, the quota table and the summary report
each for what it is; the quotas are counted for the interviewed group beside the design's.

Confidentiality: every table of a :class:`SampleDesign` except :attr:`SampleDesign.key`
is free of student ids, names, e-mails and mentor ids. The key (student id → pseudonym) is
for a private file outside the report folder.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from replicate.errors import ConfigError, DataError
from replicate.sampling import _figures
from replicate.sampling._inputs import (
    DEFAULT_DIMENSIONS,
    build_dyads,
    check_dimensions,
    require_ages,
    row_label,
    text,
)
from replicate.sampling._interviewed import Interviewed, interviewed_group
from replicate.sampling._levels import PoolLevels, level_order, pool_levels
from replicate.sampling.bands import check_cutpoints
from replicate.sampling.eligibility import DateLike, assess_eligibility, flow_table
from replicate.sampling.outputs import (
    age_span_ratio,
    balance_table,
    coverage,
    describe_mentors,
    describe_sample,
    pseudonyms,
    quota_table,
)
from replicate.sampling.quotas import relax, relaxation_table, resolve_quotas
from replicate.sampling.rationale import SaturationPlan, information_power, saturation_plan
from replicate.sampling.select import greedy_order, repair

__all__ = ["INVITATIONS", "SampleDesign", "design_sample"]

_ROLES = {"participant": 0, "reserve": 1, "declined": 2}

#: What is known about the invitations (``sampling.invitations``).
INVITATIONS: dict[str, str] = {
    "unknown": "who was invited and who declined is not known (the default)",
    "as_designed": "the designed sample was invited, and each student who declined "
                   "(sampling.declined) was replaced from the reserve list",
}


@dataclass(frozen=True)
class SampleDesign:
    """A designed sample with everything the sampling report shows.

    Attributes
    ----------
    sample : pandas.DataFrame
        The final sample in slot order: ``pseudonym``, ``slot`` (1-based), ``replacement``
        (took the place of a student who declined), ``student_gender``, ``student_age``,
        ``mentor_gender``, ``mentor_age``, ``meetings``, then one column per configured
        band/course/specialty dimension. No identifying column.
    reserve : pandas.DataFrame
        The reserve list still available: ``rank``, ``label`` (``R1``, ``R2``, …) and the
        same attribute columns.
    key : pandas.DataFrame
        **Private**: ``student_id``, ``label`` (pseudonym, reserve label, or ``""``),
        ``role`` (``participant``/``reserve``/``declined``), ``rank``, ordered by role and
        rank. Never render it; it lists whom to invite from the reserve.
        :meth:`pseudonym_key` gives the participants' part for
        :func:`replicate.privacy.pseudonyms.write_key`.
    flow, exclusions : pandas.DataFrame
        See :func:`~replicate.sampling.eligibility.flow_table` and
        :class:`~replicate.sampling.eligibility.Eligibility`.
    bands : pandas.DataFrame
        ``dimension``, ``method``, ``band`` (1-based), ``label``, ``pool_n``, ``sample_n``.
    balance : pandas.DataFrame
        See :func:`~replicate.sampling.outputs.balance_table`.
    quotas : pandas.DataFrame
        See :func:`~replicate.sampling.outputs.quota_table` (``achieved`` counts the designed
        sample). With a participants table two more columns count the students interviewed:
        ``interviewed`` and ``interviewed_met`` (``interviewed >= quota``).
    relaxations : pandas.DataFrame
        Minimums lowered because the pool could not meet them: ``dimension``, ``level``,
        ``quota``, ``relaxed_to``, ``reason``.
    dyads : pandas.DataFrame
        Student gender × mentor gender: ``student_gender``, ``mentor_gender``, ``pool_n``,
        ``sample_n`` (the designed sample).
    information_power : pandas.DataFrame
        See :func:`~replicate.sampling.rationale.information_power`.
    saturation : SaturationPlan
        The saturation assessment the synthesis stage will run.
    summary : dict
        JSON-serialisable figures for the write-up (no identifying value).
    plot_data : PlotData
        Arrays behind :meth:`sample_figure` (pseudonyms only).
    """

    sample: pd.DataFrame
    reserve: pd.DataFrame
    key: pd.DataFrame
    flow: pd.DataFrame
    exclusions: pd.DataFrame
    bands: pd.DataFrame
    balance: pd.DataFrame
    quotas: pd.DataFrame
    relaxations: pd.DataFrame
    dyads: pd.DataFrame
    information_power: pd.DataFrame
    saturation: SaturationPlan
    summary: dict[str, Any]
    plot_data: _figures.PlotData = field(repr=False)

    def report_tables(self) -> dict[str, pd.DataFrame]:
        """Every table that may appear in a report (all but :attr:`key`), by name."""
        return {
            "balance": self.balance,
            "bands": self.bands,
            "dyads": self.dyads,
            "exclusions": self.exclusions,
            "flow": self.flow,
            "information_power": self.information_power,
            "quotas": self.quotas,
            "relaxations": self.relaxations,
            "reserve": self.reserve,
            "sample": self.sample,
            "saturation_grid": self.saturation.grid(),
        }

    def pseudonym_key(self) -> dict[str, str]:
        """``{student_id: pseudonym}`` for the sample, in slot order.

        **Private**: the form :func:`replicate.privacy.pseudonyms.write_key` writes to a file
        outside the report folder.
        """
        rows = self.key[self.key["role"] == "participant"]
        return {str(s): str(p) for s, p in zip(rows["student_id"], rows["label"], strict=True)}

    def sample_figure(self) -> Figure:
        """Pool against sample, age × gender, for students and their mentors."""
        return _figures.sample_figure(self.plot_data)

    def flow_figure(self) -> Figure:
        """The recruitment flow diagram."""
        return _figures.flow_figure(self.flow)

    def information_power_figure(self) -> Figure:
        """The information-power profile (five ratings, not summed)."""
        return _figures.information_power_figure(self.information_power)


def _whole(value: object, key: str, low: int, config_file: str | None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ConfigError(f"{value!r} is not allowed; give a whole number >= {low}",
                          file=config_file, location=key)
    return int(value)


def _attributes(pool: PoolLevels, idx: Sequence[int], dims: Sequence[str]) -> pd.DataFrame:
    rows = np.asarray(idx, dtype=np.int64)
    c = pool.cols
    data: dict[str, np.ndarray] = {
        "student_gender": c["student_gender"][rows].astype(object),
        "student_age": c["student_age"][rows].astype(np.int64),
        "mentor_gender": c["mentor_gender"][rows].astype(object),
        "mentor_age": c["mentor_age"][rows].astype(np.int64),
        "meetings": c["meetings"][rows].astype(np.int64),
    }
    for dim in dims:
        if dim not in data:
            data[dim] = pool.levels[dim][rows]
    return pd.DataFrame(data)


def _participants(
    participants: pd.DataFrame, student_ids: set[str], file: str
) -> dict[str, str]:
    for col in ("pseudonym", "student_id"):
        if col not in participants.columns:
            raise DataError(f"column {col!r} is missing; the participants table needs "
                            "pseudonym and student_id", file=file)
    out: dict[str, str] = {}
    ids = text(participants["student_id"], missing="")
    names = text(participants["pseudonym"], missing="")
    for pos, (sid, name) in enumerate(zip(ids, names, strict=True)):
        if sid not in student_ids:
            raise DataError(f"student {sid!r} is not in the students table; every student_id "
                            "must be a student_id there", file=file,
                            location=row_label(pos, "student_id"))
        out[str(sid)] = str(name)
    return out


def _first_of_each(values: np.ndarray, rows: Sequence[int] | None = None) -> np.ndarray:
    """Positions (within ``rows``) of the first occurrence of each distinct value."""
    sub = values if rows is None else values[np.asarray(rows, dtype=np.int64)]
    return np.flatnonzero(~pd.Series(sub, dtype=object).duplicated().to_numpy())


def _plot_data(pool: PoolLevels, final: Sequence[int], labels: Sequence[str]
               ) -> _figures.PlotData:
    c = pool.cols
    rows = np.asarray(final, dtype=np.int64)
    mentors = _first_of_each(c["mentor_id"])
    sb, mb = pool.bands.get("student_age_band"), pool.bands.get("mentor_age_band")
    return _figures.PlotData(
        pool_gender=c["student_gender"], pool_age=c["student_age"].astype(float),
        sample_gender=c["student_gender"][rows], sample_age=c["student_age"][rows].astype(float),
        labels=tuple(labels),
        mentor_pool_gender=c["mentor_gender"][mentors],
        mentor_pool_age=c["mentor_age"][mentors].astype(float),
        sample_mentor_gender=c["mentor_gender"][rows],
        sample_mentor_age=c["mentor_age"][rows].astype(float),
        student_cuts=sb.cuts if sb else (),
        mentor_cuts=mb.cuts if mb else (),
    )


def _dyad_table(pool: PoolLevels, final: Sequence[int]) -> pd.DataFrame:
    c = pool.cols
    s_levels = level_order("student_gender", c["student_gender"])
    m_levels = level_order("mentor_gender", c["mentor_gender"])
    s_code = pd.Index(s_levels).get_indexer(pd.Index(c["student_gender"]))
    m_code = pd.Index(m_levels).get_indexer(pd.Index(c["mentor_gender"]))
    cell = s_code * len(m_levels) + m_code
    size = len(s_levels) * len(m_levels)
    in_pool = np.bincount(cell, minlength=size)
    in_sample = np.bincount(cell[np.asarray(final, dtype=np.int64)], minlength=size)
    rows = [(s, m, int(in_pool[k]), int(in_sample[k]))
            for k, (s, m) in enumerate((s, m) for s in s_levels for m in m_levels)]
    return pd.DataFrame(rows, columns=["student_gender", "mentor_gender", "pool_n", "sample_n"])


def _band_table(pool: PoolLevels, final: Sequence[int]) -> pd.DataFrame:
    rows = []
    for dim, b in pool.bands.items():
        values = pool.levels[dim]
        in_pool = Counter(values.tolist())
        in_sample = Counter(values[list(final)].tolist())
        for j, label in enumerate(b.labels):
            rows.append((dim, b.method, j + 1, label, in_pool.get(label, 0),
                         in_sample.get(label, 0)))
    return pd.DataFrame(rows, columns=["dimension", "method", "band", "label", "pool_n",
                                       "sample_n"])


def _span(values: np.ndarray) -> list[int]:
    return [int(values.min()), int(values.max())]


def design_sample(
    students: pd.DataFrame,
    mentors: pd.DataFrame,
    *,
    seed: int,
    target_n: int = 12,
    dimensions: Sequence[str] = DEFAULT_DIMENSIONS,
    cutpoints: Mapping[str, Sequence[float]] | None = None,
    quotas: Mapping[str, int | Mapping[str, int]] | None = None,
    min_meetings: int = 3,
    exclude_pilot: bool = True,
    interview_date: DateLike | None = None,
    interview_window: tuple[DateLike, DateLike] | None = None,
    max_days_after: int = 365,
    reserve_n: int | None = None,
    declined: Iterable[str] = (),
    invitations: str = "unknown",
    participants: pd.DataFrame | None = None,
    information_power_profile: Mapping[str, int | Mapping[str, object]] | None = None,
    saturation: Mapping[str, Any] | None = None,
    students_file: str = "students",
    mentors_file: str = "mentors",
    participants_file: str = "participants",
    config_file: str | None = None,
) -> SampleDesign:
    """Design a maximum-variation purposeful sample with a reserve list.

    Parameters
    ----------
    students, mentors : pandas.DataFrame
        The input tables (columns of ``replicate.schema.TABLES``).
    seed : int
        Seed of the tie-break generator; the same inputs and seed give the same design.
    target_n : int, default=12
        Sample size (the original's 12).
    dimensions : sequence of str, default=DEFAULT_DIMENSIONS
        Dimensions of variation; allowed: ``student_gender``, ``student_age_band``,
        ``mentor_gender``, ``mentor_age_band``, ``n_meetings_band``, ``course``,
        ``mentor_specialty``.
    cutpoints : mapping or None, default=None
        Banded dimension -> cut-points; otherwise tertiles of the eligible pool.
    quotas : mapping or None, default=None
        Minimums overriding the defaults (see
        :func:`~replicate.sampling.quotas.resolve_quotas`).
    min_meetings, exclude_pilot, interview_date, interview_window, max_days_after
        Eligibility options (see :func:`~replicate.sampling.eligibility.assess_eligibility`).
    reserve_n : int or None, default=None
        Length of the reserve list; None means ``target_n``.
    declined : iterable of str, default=()
        Student ids of invited students who declined; they are replaced from the reserve.
        Needs ``invitations="as_designed"``.
    invitations : {"unknown", "as_designed"}, default="unknown"
        What is known about the invitations (:data:`INVITATIONS`). ``"unknown"``: the flow
        and the summary state no number invited or declined (``n_invited`` and
        ``n_declined`` are None). ``"as_designed"``: the designed sample was invited and each
        student in ``declined`` was replaced from the reserve list.
    participants : pandas.DataFrame or None, default=None
        The participants table once interviews exist: adds the interviewed group to the flow
        (distinct students, those outside the design, the design's students not
        interviewed), counts the quotas among them, and keeps the pseudonyms already given.
    information_power_profile : mapping or None, default=None
        Ratings for :func:`~replicate.sampling.rationale.information_power`.
    saturation : mapping or None, default=None
        Keyword arguments of :func:`~replicate.sampling.rationale.saturation_plan` (``base``,
        ``run``, ``threshold``, ``run_step``, ``max_n``); ``planned_n`` is ``target_n``.
    students_file, mentors_file, participants_file : str
        File names for error messages.
    config_file : str or None, default=None
        Config file name for error messages.

    Returns
    -------
    SampleDesign

    Raises
    ------
    ConfigError
        A bad option (unknown dimension or quota key, target larger than the eligible pool,
        a declined student who was never invited, declines listed while the invitations
        are unknown, …), naming the key.
    DataError
        A bad input value (an age that is not a number, a mentor missing from the mentors
        table, …), naming the file, row and column.
    """
    target_n = _whole(target_n, "sampling.target_n", 1, config_file)
    seed = _whole(seed, "sampling.seed", 0, config_file)
    n_reserve = target_n if reserve_n is None else _whole(reserve_n, "sampling.reserve_n", 0,
                                                          config_file)
    dims = check_dimensions(list(dimensions) if not isinstance(dimensions, str)
                            else dimensions, config_file=config_file)
    cuts = check_cutpoints(cutpoints, dims, config_file=config_file)
    spec = resolve_quotas(quotas, dims, target_n=target_n, config_file=config_file)
    sat_args = dict(saturation or {})
    if "planned_n" in sat_args or set(sat_args) - {"base", "run", "threshold", "run_step",
                                                   "max_n"}:
        raise ConfigError("allowed keys: base, run, threshold, run_step, max_n (the planned "
                          "size is sampling.target_n)", file=config_file,
                          location="sampling.saturation")
    plan_sat = saturation_plan(planned_n=target_n, config_file=config_file, **sat_args)
    profile = information_power(information_power_profile, config_file=config_file)
    if invitations not in INVITATIONS:
        allowed = "; ".join(f"{k} ({v})" for k, v in INVITATIONS.items())
        raise ConfigError(f"{invitations!r} is not allowed; allowed: {allowed}",
                          file=config_file, location="sampling.invitations")
    if isinstance(declined, str):
        raise ConfigError("declined must be a list of student ids", file=config_file,
                          location="sampling.declined")
    declined = [str(sid) for sid in declined]
    if declined and invitations != "as_designed":
        raise ConfigError("students who declined an invitation are listed, but "
                          "sampling.invitations is 'unknown'; set sampling.invitations: "
                          "as_designed (the designed sample was invited and each student who "
                          "declined was replaced from the reserve list)", file=config_file,
                          location="sampling.declined")
    dyads = build_dyads(students, mentors, dimensions=dims, students_file=students_file,
                        mentors_file=mentors_file)
    elig = assess_eligibility(students, min_meetings=min_meetings, exclude_pilot=exclude_pilot,
                              interview_date=interview_date, interview_window=interview_window,
                              max_days_after=max_days_after, students_file=students_file,
                              config_file=config_file)
    n_eligible = elig.n_eligible
    if target_n > n_eligible:
        why = ", ".join(f"{first} {label}" for _, label, _, first in elig.counts() if first)
        raise ConfigError(f"target_n is {target_n} but only {n_eligible} of "
                          f"{elig.n_offered} students are eligible"
                          + (f" (excluded: {why})" if why else "")
                          + "; lower sampling.target_n or revisit the eligibility rules",
                          file=config_file, location="sampling.target_n")

    require_ages(dyads, np.asarray(elig.eligible_mask, dtype=bool), students_file)
    pool = pool_levels(dyads[elig.eligible_mask], dims=dims, spec=spec, cuts=cuts,
                       target_n=target_n)
    members, constraints, state = pool.members, pool.constraints, pool.state
    quota_values = np.asarray([con.quota for con in constraints], dtype=np.int64)
    pool_n = members.sum(axis=0).astype(np.int64)
    avail = np.bincount(state.types, minlength=state.type_matrix.shape[1])
    required, first_plan = relax(state.type_matrix, avail, quota_values, target_n)

    all_ids = set(dyads["student_id"].tolist()) if declined or participants is not None else set()
    gone: list[str] = []
    for sid in declined:
        if sid not in all_ids:
            raise ConfigError(f"{sid!r} is not a student_id in {students_file}",
                              file=config_file, location="sampling.declined")
        if sid not in gone:
            gone.append(sid)
    ordered = greedy_order(state, target_n=target_n, n_reserve=n_reserve + len(gone),
                           required=required, plan=first_plan, seed=seed)
    first, queue = [int(i) for i in ordered[:target_n]], [int(i) for i in ordered[target_n:]]
    ids = pool.cols["student_id"]
    where = {str(ids[i]): i for i in (*first, *queue)}
    for sid in gone:
        if sid not in where:
            raise ConfigError(f"{sid!r} was neither selected nor on the reserve list for this "
                              "seed, so was never invited; check sampling.declined and "
                              "sampling.seed", file=config_file, location="sampling.declined")
    out = {where[sid] for sid in gone}
    # the reserve list: the first n_reserve of the continued ordering who did not decline
    offered = [r for r in queue if r not in out][:n_reserve]
    if sum(1 for i in first if i in out) > len(offered):
        raise ConfigError(f"{len(out)} students declined but the reserve list holds only "
                          f"{len(offered)} others; raise sampling.reserve_n or lower "
                          "sampling.target_n", file=config_file, location="sampling.declined")
    final, used = repair(members, first, offered, out, required) if out else (first, [])
    reserve = [r for r in offered if r not in used]

    fixed: dict[int, str] = {}
    given: dict[str, str] = {}
    if participants is not None:
        given = _participants(participants, all_ids, participants_file)
        fixed = {slot: given[str(ids[i])] for slot, i in enumerate(final)
                 if str(ids[i]) in given}
    names = pseudonyms(target_n, fixed=fixed, reserved=given.values())

    sample = pd.concat([pd.DataFrame({
        "pseudonym": names,
        "slot": np.arange(1, target_n + 1, dtype=np.int64),
        "replacement": [i in used for i in final],
    }), _attributes(pool, final, dims)], axis=1)
    reserve_tab = pd.concat([pd.DataFrame({
        "rank": np.arange(1, len(reserve) + 1, dtype=np.int64),
        "label": [f"R{k}" for k in range(1, len(reserve) + 1)],
    }), _attributes(pool, reserve, dims)], axis=1)
    key = pd.DataFrame(
        [(str(ids[i]), names[s], "participant", s + 1) for s, i in enumerate(final)]
        + [(str(ids[i]), f"R{k + 1}", "reserve", k + 1) for k, i in enumerate(reserve)]
        + [(sid, "", "declined", k + 1) for k, sid in enumerate(sorted(gone))],
        columns=["student_id", "label", "role", "rank"])

    achieved = members[final].sum(axis=0).astype(np.int64)
    quota_tab = quota_table(constraints, pool_n, required, achieved)
    relax_tab = relaxation_table(constraints, pool_n, required, target_n)
    balance = balance_table(pool.levels, final, {d: pool.order[d] for d in dims})
    known = invitations == "as_designed"
    in_reserve = sum(1 for sid in gone if where[sid] in queue)
    invited = target_n + len(used) + in_reserve if known else None
    group: Interviewed | None = None
    if participants is not None:
        group = interviewed_group(dyads, np.asarray(elig.eligible_mask, dtype=bool),
                                  text(participants["student_id"], missing="").tolist(),
                                  [str(ids[i]) for i in final], pool)
        quota_tab["interviewed"] = group.achieved
        quota_tab["interviewed_met"] = group.achieved >= quota_tab["quota"].to_numpy()
    flow = flow_table(elig, selected=target_n, reserve=len(reserve), invited=invited,
                      declined=len(gone) if known else None,
                      interviewed=None if group is None else group.n,
                      not_in_design=0 if group is None else group.not_in_design,
                      not_interviewed=0 if group is None else group.design_not_interviewed)

    c = pool.cols
    rows = np.asarray(final, dtype=np.int64)
    pool_m = _first_of_each(c["mentor_id"])
    chosen_m = rows[_first_of_each(c["mentor_id"], final)]
    counts = elig.counts()
    summary: dict[str, Any] = {
        "target_n": target_n,
        "seed": seed,
        "dimensions": list(dims),
        "eligibility": {"min_meetings": min_meetings, "exclude_pilot": bool(exclude_pilot),
                        "interview_window": list(elig.window) if elig.window else None,
                        "max_days_after": max_days_after},
        "n_offered": elig.n_offered,
        "n_eligible": n_eligible,
        "invitations": invitations,
        "n_invited": invited,
        "n_declined": len(gone) if known else None,
        "n_selected": target_n,
        "n_reserve": len(reserve),
        "n_interviewed": None if group is None else group.n,
        "interviewed": None if group is None else _interviewed_summary(group, quota_tab),
        "exclusions": {reason: n_any for reason, _, n_any, _ in counts},
        "exclusions_first": {reason: n_first for reason, _, _, n_first in counts},
        "bands": {d: b.to_dict() for d, b in pool.bands.items()},
        "quotas": quota_tab.to_dict(orient="records"),
        "relaxations": relax_tab.to_dict(orient="records"),
        "all_quotas_met": bool(quota_tab["met_quota"].all()),
        "all_required_met": bool(quota_tab["met"].all()),
        "coverage": coverage(quota_tab),
        "age_span_ratio": {
            "students": age_span_ratio(c["student_age"], c["student_age"][rows]),
            "mentors": age_span_ratio(c["mentor_age"][pool_m], c["mentor_age"][chosen_m]),
        },
        "age_range": {
            "students": _span(c["student_age"][rows]),
            "mentors": _span(c["mentor_age"][chosen_m]),
            "pool_students": _span(c["student_age"]),
            "pool_mentors": _span(c["mentor_age"][pool_m]),
        },
        "distinct_mentors": len(chosen_m),
        "sentence": describe_sample(c["student_gender"][rows].tolist(), c["student_age"][rows],
                                    noun="student"),
        "mentor_sentence": describe_mentors(c["mentor_gender"][chosen_m].tolist(),
                                            c["mentor_age"][chosen_m]),
        "information_power": profile[["key", "rating", "justification"]].to_dict(
            orient="records"),
        "saturation": plan_sat.to_dict(),
    }
    role_rank = key["role"].map(_ROLES).to_numpy() * (len(key) + 1) + key["rank"].to_numpy()
    key = key.iloc[np.argsort(role_rank, kind="stable")].reset_index(drop=True)
    return SampleDesign(
        sample=sample, reserve=reserve_tab, key=key, flow=flow, exclusions=elig.exclusions,
        bands=_band_table(pool, final), balance=balance, quotas=quota_tab,
        relaxations=relax_tab, dyads=_dyad_table(pool, final), information_power=profile,
        saturation=plan_sat, summary=_plain(summary), plot_data=_plot_data(pool, final, names),
    )


def _interviewed_summary(group: Interviewed, quotas: pd.DataFrame) -> dict[str, Any]:
    """The interviewed group for the summary: counts against the design, and its quotas."""
    short = quotas[~quotas["interviewed_met"]]
    return {
        "n": group.n,
        "n_interviews": group.n_interviews,
        "in_design": group.in_design,
        "not_in_design": group.not_in_design,
        "design_not_interviewed": group.design_not_interviewed,
        "same_as_design": group.same_as_design,
        "not_eligible": group.not_eligible,
        "n_quotas": len(quotas),
        "quotas_met": int(quotas["interviewed_met"].sum()),
        "all_quotas_met": bool(quotas["interviewed_met"].all()),
        "quotas_not_met": short[["dimension", "level", "quota", "interviewed"]].to_dict(
            orient="records"),
        "sentence": group.sentence,
    }


def _plain(value: Any) -> Any:
    """Convert numpy scalars inside dicts and lists to plain Python for JSON."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value
