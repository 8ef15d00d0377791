"""Small hand-built cohorts shared by the theme-synthesis tests (answers worked out by hand)."""

from __future__ import annotations

import pandas as pd

from replicate.reference import load_original

SMALL_CODEBOOK = pd.DataFrame(
    [
        ("talk", "Someone to talk to", "Free zone", "Space", "talks freely"),
        ("reflect", "Reflection", "Free zone", "Space", ""),
        ("safe", "Security", "Sense of security", "Space", ""),
        ("hope", "It will work", "Hope", "Future", ""),
        ("drive", "Motivation", "Motivation", "Future", ""),
    ],
    columns=["code", "subcategory", "category", "theme", "description"],
)

# A: talk, talk, hope; B: reflect, safe, drive; C: talk, hope; D: no units.
SMALL_UNITS = pd.DataFrame(
    [
        ("U1", "A", "A.txt", "I could say anything to her about the course", "talk"),
        ("U2", "A", "A.txt", "We talked about life and not only about medicine", "talk"),
        ("U3", "A", "A.txt", "It showed me that it works to have a family", "hope"),
        ("U4", "B", "B.txt", "I thought things over with him after the ward round", "reflect"),
        ("U5", "B", "B.txt", "Knowing she was there made me feel safe", "safe"),
        ("U6", "B", "B.txt", "After our meetings I wanted to finish my studies", "drive"),
        ("U7", "C", "C.txt", "Someone outside the course to talk to", "talk"),
        ("U8", "C", "C.txt", "It will be fun to work as a doctor", "hope"),
    ],
    columns=["unit_id", "participant", "transcript", "text", "code"],
)

SMALL_PARTICIPANTS = pd.DataFrame(
    {
        "pseudonym": ["A", "B", "C", "D"],
        "student_id": ["S9001", "S9002", "S9003", "S9004"],
        "interview_date": ["2025-03-02", "2025-03-01", "2025-03-02", None],
        "duration_min": [45.0, 41.0, 50.0, 48.0],
        "interviewer": ["SK", "SK", "SK", "SK"],
        "transcript": ["A.txt", "B.txt", "C.txt", "D.txt"],
    }
)

SMALL_ATTRIBUTES = pd.DataFrame(
    {
        "gender": ["female", "male", "female", "male"],
        "age": [26, 31, 29, 35],
        "mentor_gender": ["male", "female", "female", "male"],
        "mentor_age": [40, 50, 45, 60],
        "doctor_in_family": [True, False, False, False],
        "student_id": ["S9001", "S9002", "S9003", "S9004"],
    },
    index=pd.Index(["A", "B", "C", "D"], name="pseudonym"),
)


def original_codebook() -> pd.DataFrame:
    """A codebook whose hierarchy is exactly the original's Table 1 (one code each)."""
    frame = load_original().hierarchy_frame()
    return frame.assign(code=[f"c{i:02d}" for i in range(len(frame))], description="")


def cohort_from(codebook: pd.DataFrame, n_people: int = 12) -> tuple[pd.DataFrame, ...]:
    """Units (every participant gets every code, 9-word texts), participants, attributes."""
    people = [chr(ord("A") + i) for i in range(n_people)]
    rows = []
    for p in people:
        for code in codebook["code"]:
            rows.append((f"{p}-{code}", p, f"{p}.txt",
                         f"participant {p} speaks about {code} in nine words", code))
    units = pd.DataFrame(rows, columns=["unit_id", "participant", "transcript", "text", "code"])
    participants = pd.DataFrame(
        {
            "pseudonym": people,
            "student_id": [f"S{9100 + i}" for i in range(n_people)],
            "interview_date": [f"2025-04-{i + 1:02d}" for i in range(n_people)],
            "duration_min": [40.0 + i for i in range(n_people)],
            "interviewer": "SK",
            "transcript": [f"{p}.txt" for p in people],
        }
    )
    attributes = pd.DataFrame(
        {
            "gender": ["male" if i < 5 else "female" for i in range(n_people)],
            "age": [25 + i for i in range(n_people)],
            "mentor_gender": ["female" if i % 2 else "male" for i in range(n_people)],
            "mentor_age": [40 + 2 * i for i in range(n_people)],
            "student_id": list(participants["student_id"]),
        },
        index=pd.Index(people, name="pseudonym"),
    )
    return units, participants, attributes
