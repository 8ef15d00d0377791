"""Helpers shared by the stage functions."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from replicate.cohort import Cohort
from replicate.errors import ReplicateError

__all__ = ["eligible_pool", "participant_attributes", "problems_of"]


def problems_of(check: Callable[[], object]) -> list[ReplicateError]:
    """The bad-input error ``check()`` raises, as a stage check's list (empty when none).

    Examples
    --------
    >>> from replicate.errors import DataError
    >>> def bad() -> None:
    ...     raise DataError("no rows", file="units.csv")
    >>> [p.one_line() for p in problems_of(bad)], problems_of(lambda: 1)
    (['units.csv: no rows'], [])
    """
    try:
        check()
    except ReplicateError as exc:
        return [exc]
    return []


def _with_mentors(frame: pd.DataFrame, mentors: pd.DataFrame | None) -> pd.DataFrame:
    if mentors is None or "mentor_id" not in frame.columns:
        return frame
    m = mentors[["mentor_id", "gender", "age"]].rename(
        columns={"gender": "mentor_gender", "age": "mentor_age"})
    return frame.merge(m, on="mentor_id", how="left")


def eligible_pool(cohort: Cohort) -> pd.DataFrame:
    """The people the participants were drawn from, for quasi-identifier coarsening.

    The students the sampling rules of the config make eligible
    (:func:`replicate.sampling.assess_eligibility`) plus every interviewed student (one row
    each, also when interviewed outside the sample), with ``gender, age, mentor_gender,
    mentor_age`` where the rosters have them; no ids. Without a students table the
    participants themselves are the pool. When the eligibility rules cannot be applied
    (a column they need is missing), the whole roster is the pool.
    """
    from replicate.errors import ReplicateError
    from replicate.sampling import assess_eligibility

    students = cohort.tables.get("students")
    if students is None:
        return participant_attributes(cohort).reset_index(drop=True)
    s = cohort.config.sampling
    try:
        flags = assess_eligibility(students, min_meetings=s.min_meetings,
                                   exclude_pilot=s.exclude_pilot,
                                   interview_date=s.interview_date,
                                   max_days_after=s.max_days_after).flags
        keep = flags["eligible"].to_numpy(dtype=bool)
    except ReplicateError:
        keep = pd.Series(True, index=students.index).to_numpy(dtype=bool)
    interviewed = set(cohort.table("participants")["student_id"].astype(str))
    keep = keep | students["student_id"].astype(str).isin(interviewed).to_numpy(dtype=bool)
    cols = [c for c in ("gender", "age", "mentor_id") if c in students.columns]
    pool = _with_mentors(students.loc[keep, cols], cohort.tables.get("mentors"))
    return pool.drop(columns=[c for c in ("mentor_id",) if c in pool.columns]
                     ).reset_index(drop=True)


def participant_attributes(cohort: Cohort) -> pd.DataFrame:
    """Participants' attributes indexed by pseudonym, without identifying columns.

    Columns: ``gender, age, meetings, course, mentor_gender, mentor_age`` (joined from the
    students and mentors tables through the internal student id, which is then dropped) plus
    the participants table's extra attribute columns.
    """
    parts = cohort.table("participants")
    students = cohort.tables.get("students")
    mentors = cohort.tables.get("mentors")
    out = parts[["pseudonym", "student_id"]].copy()
    if students is not None:
        cols = [c for c in ("student_id", "gender", "age", "meetings", "course", "mentor_id")
                if c in students.columns]
        out = _with_mentors(out.merge(students[cols], on="student_id", how="left"), mentors)
    schema_cols = {"pseudonym", "student_id", "interview_date", "duration_min", "interviewer",
                   "transcript"}
    extra = [c for c in parts.columns if c not in schema_cols]
    for c in extra:
        out[c] = parts[c].to_numpy()
    out = out.drop(columns=[c for c in ("student_id", "mentor_id") if c in out.columns])
    return out.set_index("pseudonym").sort_index()
