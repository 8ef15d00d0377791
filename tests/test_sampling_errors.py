"""Bad input to replicate.sampling: one clear ReplicateError naming the file, row or key."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from replicate.errors import ConfigError, DataError, ReplicateError
from replicate.sampling import design_sample, information_power, saturation_plan


def tables(n: int = 6) -> tuple[pd.DataFrame, pd.DataFrame]:
    mentors = pd.DataFrame({"mentor_id": ["M1", "M2"], "gender": ["female", "male"],
                            "age": [40, 60]})
    students = pd.DataFrame({
        "student_id": [f"S{i}" for i in range(n)],
        "course": ["C1"] * n,
        "gender": ["female", "male"] * (n // 2),
        "age": [24 + i for i in range(n)],
        "mentor_id": ["M1", "M2", "M2", "M1", "M1", "M2"][:n],
        "meetings": [5] * n,
        "consent_to_contact": [True] * n,
        "status": ["completed"] * n,
    })
    return students, mentors


def run(students: pd.DataFrame | None = None, mentors: pd.DataFrame | None = None,
        **kw: Any) -> Any:
    s, m = tables()
    kw.setdefault("seed", 0)
    kw.setdefault("target_n", 4)
    return design_sample(s if students is None else students, m if mentors is None else mentors,
                         students_file="students.csv", mentors_file="mentors.csv",
                         config_file="cohort.yaml", **kw)


def test_target_larger_than_the_eligible_pool() -> None:
    students, _ = tables()
    students.loc[0:1, "meetings"] = 1
    with pytest.raises(ConfigError) as info:
        run(students, target_n=5)
    err = info.value
    assert err.location == "sampling.target_n" and err.file == "cohort.yaml"
    assert "target_n is 5 but only 4 of 6 students are eligible" in err.message
    assert "2 fewer than 3 mentor meetings" in err.message
    assert str(err).startswith("cohort.yaml, sampling.target_n: ")


def test_unknown_dimension_names_the_key_and_the_allowed_values() -> None:
    with pytest.raises(ConfigError) as info:
        run(dimensions=["student_gender", "hair_colour"])
    assert info.value.location == "sampling.dimensions"
    assert "'hair_colour'" in info.value.message
    assert "student_gender, student_age_band, mentor_gender" in info.value.message


def test_ages_that_are_not_numbers() -> None:
    students, _ = tables()
    students["age"] = students["age"].astype(object)
    students.loc[1, "age"] = "twenty"
    with pytest.raises(DataError) as info:
        run(students)
    assert info.value.file == "students.csv"
    assert info.value.location == "row 3, column age"
    assert "'twenty' is not a number" in info.value.message


def test_mentor_age_missing() -> None:
    _, mentors = tables()
    mentors["age"] = [40, None]
    with pytest.raises(DataError) as info:
        run(mentors=mentors)
    assert (info.value.file, info.value.location) == ("mentors.csv", "row 3, column age")
    assert info.value.message.startswith("empty;")


def test_mentor_missing_from_the_mentors_table() -> None:
    students, _ = tables()
    students.loc[4, "mentor_id"] = "M9"
    with pytest.raises(DataError) as info:
        run(students)
    err = info.value
    assert (err.file, err.location) == ("students.csv", "row 6, column mentor_id")
    assert "mentor 'M9' is not in mentors.csv" in err.message


def test_repeated_student_id() -> None:
    students, _ = tables()
    students.loc[3, "student_id"] = "S0"
    with pytest.raises(DataError, match="repeats row 2") as info:
        run(students)
    assert info.value.location == "row 5, column student_id"


def test_missing_required_column() -> None:
    students, _ = tables()
    with pytest.raises(DataError, match="column 'meetings' is missing"):
        run(students.drop(columns=["meetings"]))


def test_specialty_dimension_needs_the_column() -> None:
    with pytest.raises(DataError, match="'specialty' is missing") as info:
        run(dimensions=["student_gender", "mentor_specialty"])
    assert info.value.file == "mentors.csv"


@pytest.mark.parametrize(("kw", "location", "text"), [
    ({"declined": ["S99"], "invitations": "as_designed"}, "sampling.declined",
     "'S99' is not a student_id in students.csv"),
    ({"declined": "S1"}, "sampling.declined", "must be a list"),
    ({"declined": ["S1"]}, "sampling.declined", "set sampling.invitations: as_designed"),
    ({"invitations": "by post"}, "sampling.invitations", "allowed: unknown ("),
    ({"quotas": {"student_colour": 2}}, "sampling.quotas", "not a quota key"),
    ({"quotas": {"student_gender": -1}}, "sampling.quotas.student_gender", ">= 0"),
    ({"quotas": {"student_gender": {"femal": 2}}}, "sampling.quotas.student_gender",
     "unknown level 'femal'"),
    ({"quotas": {"student_age_band": {"25–28": 2}}}, "sampling.quotas.student_age_band",
     "one number for a band"),
    ({"quotas": {"gender_dyad": {"female+male": 1}}}, "sampling.quotas.gender_dyad",
     "write student-mentor"),
    ({"dimensions": ["student_gender"], "quotas": {"gender_dyad": 1}}, "sampling.quotas",
     "gender_dyad needs student_gender and mentor_gender"),
    ({"cutpoints": {"student_age_band": [30, 25]}}, "sampling.cutpoints.student_age_band",
     "increasing numbers"),
    ({"cutpoints": {"course": [1]}}, "sampling.cutpoints", "no banded dimension 'course'"),
    ({"dimensions": ["student_gender", "student_gender"]}, "sampling.dimensions", "twice"),
    ({"dimensions": []}, "sampling.dimensions", "at least one"),
    ({"target_n": 0}, "sampling.target_n", ">= 1"),
    ({"target_n": 2.5}, "sampling.target_n", ">= 1"),
    ({"seed": -1}, "sampling.seed", ">= 0"),
    ({"reserve_n": -2}, "sampling.reserve_n", ">= 0"),
    ({"min_meetings": "three"}, "sampling.min_meetings", ">= 0"),
    ({"interview_date": "next spring"}, "sampling.interview_date", "YYYY-MM-DD"),
    ({"interview_window": ("2025-09-01", "2025-01-01")}, "sampling.interview_window",
     "ends before it starts"),
    ({"interview_date": "2025-09-01", "interview_window": ("2025-09-01", "2025-10-01")},
     "sampling.interview_window", "not both"),
    ({"saturation": {"base": 0}}, "sampling.saturation.base", ">= 1"),
    ({"saturation": {"planned_n": 12}}, "sampling.saturation", "sampling.target_n"),
    ({"information_power_profile": {"aim": 2}}, "sampling.information_power.aim",
     "-1 (fewer"),
])
def test_config_errors_name_the_key(kw: dict[str, Any], location: str, text: str) -> None:
    with pytest.raises(ConfigError) as info:
        run(**kw)
    assert info.value.location == location
    assert text in info.value.message
    assert info.value.file == "cohort.yaml"


def test_window_needs_programme_end_column() -> None:
    with pytest.raises(DataError, match="'programme_end' is missing"):
        run(interview_date="2025-09-01")


def test_declined_student_who_was_never_invited() -> None:
    students, _ = tables()
    # target 4 with a reserve of 1 leaves one student neither selected nor on the list
    design = run(target_n=4, reserve_n=1)
    never = sorted(set(students["student_id"]) - set(design.key["student_id"]))
    with pytest.raises(ConfigError, match="was neither selected nor on the reserve list"):
        run(target_n=4, reserve_n=0, declined=never[:1], invitations="as_designed")


def test_more_declines_than_the_reserve_can_replace() -> None:
    design = run(target_n=4, reserve_n=1)
    gone = design.key.loc[design.key["role"] == "participant", "student_id"].tolist()[:2]
    with pytest.raises(ConfigError, match="reserve list holds only 1 others"):
        run(target_n=4, reserve_n=1, declined=gone, invitations="as_designed")


def test_participant_not_in_students() -> None:
    participants = pd.DataFrame({"pseudonym": ["A", "B"], "student_id": ["S1", "S77"],
                                 "transcript": ["A.txt", "B.txt"]})
    with pytest.raises(DataError) as info:
        run(participants=participants, participants_file="participants.csv")
    assert (info.value.file, info.value.location) == ("participants.csv",
                                                      "row 3, column student_id")


def test_non_boolean_consent() -> None:
    students, _ = tables()
    students["consent_to_contact"] = ["yes", True, True, True, True, True]
    with pytest.raises(DataError, match="'yes' is not true or false") as info:
        run(students)
    assert info.value.location == "row 2, column consent_to_contact"


def test_rationale_errors_outside_design() -> None:
    with pytest.raises(ConfigError, match="unknown dimension 'mood'"):
        information_power({"mood": 1})
    with pytest.raises(ConfigError, match="unknown field 'why'"):
        information_power({"aim": {"rating": 0, "why": "x"}})
    with pytest.raises(ConfigError) as info:
        saturation_plan(run=2, run_step=3)
    assert info.value.location == "sampling.saturation.run_step"
    with pytest.raises(ConfigError, match="share from 0"):
        saturation_plan(threshold=1.5)
    with pytest.raises(ConfigError):
        saturation_plan(planned_n=12, max_n=10)


def test_every_error_is_a_replicate_error_rendered_on_one_line() -> None:
    students, _ = tables()
    students.loc[2, "age"] = None
    with pytest.raises(ReplicateError) as info:
        run(students)
    assert "\n" not in str(info.value)
    assert str(info.value) == ("students.csv, row 4, column age: empty; age must be a whole "
                               "number of years for every eligible student (it may be blank "
                               "only for students no stage uses)")
