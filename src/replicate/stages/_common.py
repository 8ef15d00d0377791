"""Helpers shared by the stage functions."""

from __future__ import annotations

import pandas as pd

from replicate.cohort import Cohort

__all__ = ["participant_attributes"]


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
        out = out.merge(students[cols], on="student_id", how="left")
        if mentors is not None and "mentor_id" in out.columns:
            m = mentors[["mentor_id", "gender", "age"]].rename(
                columns={"gender": "mentor_gender", "age": "mentor_age"})
            out = out.merge(m, on="mentor_id", how="left")
    schema_cols = {"pseudonym", "student_id", "interview_date", "duration_min", "interviewer",
                   "transcript"}
    extra = [c for c in parts.columns if c not in schema_cols]
    for c in extra:
        out[c] = parts[c].to_numpy()
    out = out.drop(columns=[c for c in ("student_id", "mentor_id") if c in out.columns])
    return out.set_index("pseudonym").sort_index()
