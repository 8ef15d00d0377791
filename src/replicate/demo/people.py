"""Synthetic students, mentors, pilots and interview participants.

Shaped like the programme in Kalén, Ponzer & Silén (2012, Methods; facts in methodology.md
§1.1 and §5.1): students from four consecutive courses offered a physician mentor for four
semesters, 1–3 recommended meetings per semester (so 0–12 meetings, about 15 % below the
eligibility threshold of 3), random matching with some mentors taking two students, and 2 pilot
interviewees kept out of the sample. The interviewees (default 12) are chosen the way a school
would: stage 10's maximum-variation design on this roster (at least 3 meetings, interviewed
0–1 year after the programme, quotas on the student's and the mentor's gender and age), its
students invited, one of them declining and replaced from the reserve list; they are then
interviewed within a 2-month window by one interviewer. Names are "Synthetic Student 001" and
e-mails are at example.org; every value is drawn from the seed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from replicate.demo.rand import pseudonym, stream

__all__ = ["INTERVIEW_DATE", "Cohort", "Mentor", "Participant", "Student", "make_people",
           "roster_frames"]

COURSE_ENDS = (dt.date(2023, 6, 9), dt.date(2024, 1, 19), dt.date(2024, 6, 7),
               dt.date(2025, 1, 17))
"""End of the two-year programme for each of the four consecutive courses (synthetic)."""
RECENT = (2, 3)
"""Courses whose programme ended within a year before the interview window."""
WINDOW = (dt.date(2025, 2, 3), dt.date(2025, 3, 31))
"""The 2-month interview window."""
INTERVIEW_DATE = WINDOW[0]
"""``sampling.interview_date`` of the demo: with the 365-day rule, only the two courses that
ended within a year before the interviews are eligible (:data:`RECENT`)."""
PILOT_DATES = (dt.date(2025, 1, 21), dt.date(2025, 1, 24))
SPECIALTIES = ("Anaesthesiology", "Cardiology", "Dermatology", "Emergency medicine",
               "Endocrinology", "Gastroenterology", "General practice", "Geriatrics",
               "Infectious diseases", "Neurology", "Obstetrics and gynaecology", "Oncology",
               "Orthopaedics", "Paediatrics", "Psychiatry", "Radiology", "Surgery", "Urology")
_MEETING_P = (0.03, 0.05, 0.07, 0.08, 0.11, 0.12, 0.12, 0.11, 0.09, 0.07, 0.06, 0.05, 0.04)
_MENTOR_RATIO = 90 / 122


@dataclass
class Mentor:
    """A synthetic physician mentor."""

    mentor_id: str
    name: str
    gender: str
    age: int
    specialty: str


@dataclass
class Student:
    """A synthetic student offered a mentor."""

    student_id: str
    name: str
    email: str
    course: int
    gender: str
    age: int
    mentor: int
    meetings: int
    consent: bool
    status: str
    pilot: bool
    programme_end: dt.date


@dataclass
class Participant:
    """An interviewed student, in interview order."""

    pseudonym: str
    student: int
    date: dt.date
    duration_min: int
    doctor_in_family: bool


@dataclass
class Cohort:
    """Everybody in the demo cohort, and the student of the design who declined."""

    students: list[Student]
    mentors: list[Mentor]
    participants: list[Participant]
    pilots: list[int]
    declined: tuple[str, ...] = ()


def _mentors(rng: np.random.Generator, n: int) -> list[Mentor]:
    width = max(3, len(str(n)))
    female = rng.random(n) < 0.45
    ages = 32 + np.rint(rng.beta(2.0, 2.0, n) * 33).astype(int)
    spec = rng.integers(0, len(SPECIALTIES), n)
    return [
        Mentor(f"M{i + 1:0{width}d}", f"Synthetic Mentor {i + 1:0{width}d}",
               "female" if female[i] else "male", int(ages[i]), SPECIALTIES[int(spec[i])])
        for i in range(n)
    ]


def _students(rng: np.random.Generator, n: int, n_mentors: int) -> list[Student]:
    width = max(3, len(str(n)))
    sizes = [n // 4 + (1 if k < n % 4 else 0) for k in range(4)]
    courses = np.repeat(np.arange(4), sizes)
    female = rng.random(n) < 0.52
    ages = np.clip(22 + np.rint(rng.gamma(2.2, 2.6, n)).astype(int), 21, 52)
    meetings = rng.choice(13, size=n, p=np.array(_MEETING_P))
    consent = rng.random(n) >= 0.06
    withdrawn = rng.random(n) < 0.03
    early = rng.integers(60, 400, n)
    # Random matching: every mentor gets one student, some get a second.
    order = rng.permutation(n)
    mentor_of = np.empty(n, dtype=int)
    mentor_of[order[:n_mentors]] = np.arange(n_mentors)
    rest = order[n_mentors:]
    mentor_of[rest] = rng.choice(n_mentors, size=len(rest), replace=False)
    out = []
    for i in range(n):
        course = int(courses[i])
        end = COURSE_ENDS[course]
        status = "completed"
        meet = int(meetings[i])
        if withdrawn[i]:
            status = "withdrawn"
            meet = min(meet, 6)
            end = end - dt.timedelta(days=int(early[i]))
        num = f"{i + 1:0{width}d}"
        out.append(Student(
            student_id=f"S{num}", name=f"Synthetic Student {num}",
            email=f"student{num}@example.org", course=course,
            gender="female" if female[i] else "male", age=int(ages[i]),
            mentor=int(mentor_of[i]), meetings=meet, consent=bool(consent[i]),
            status=status, pilot=False, programme_end=end,
        ))
    return out


def _eligible(s: Student) -> bool:
    return (s.course in RECENT and s.meetings >= 3 and s.consent and s.status == "completed"
            and not s.pilot)


def _make_eligible(s: Student, rng: np.random.Generator) -> None:
    """Turn a student into an eligible one (only needed when scaling beyond the pool)."""
    if s.course not in RECENT:
        s.course = RECENT[-1]
    s.programme_end = COURSE_ENDS[s.course]
    s.meetings = max(s.meetings, int(rng.integers(3, 13)))
    s.consent = True
    s.status = "completed"


def _business_days(k: int, rng: np.random.Generator) -> list[dt.date]:
    start, stop = WINDOW
    days = [start + dt.timedelta(days=d) for d in range((stop - start).days + 1)]
    days = [d for d in days if d.weekday() < 5]
    idx = np.sort(rng.choice(len(days), size=k, replace=k > len(days)))
    return [days[int(i)] for i in idx]


def roster_frames(students: list[Student], mentors: list[Mentor]
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The students and mentors tables as stage 10 reads them (the columns the design uses)."""
    s = pd.DataFrame({
        "student_id": [x.student_id for x in students],
        "course": [f"Course {x.course + 1} (synthetic)" for x in students],
        "gender": [x.gender for x in students],
        "age": [x.age for x in students],
        "mentor_id": [mentors[x.mentor].mentor_id for x in students],
        "meetings": [x.meetings for x in students],
        "consent_to_contact": [x.consent for x in students],
        "status": [x.status for x in students],
        "pilot": [x.pilot for x in students],
        "programme_end": [x.programme_end.isoformat() for x in students],
    })
    m = pd.DataFrame({"mentor_id": [x.mentor_id for x in mentors],
                      "gender": [x.gender for x in mentors], "age": [x.age for x in mentors],
                      "specialty": [x.specialty for x in mentors]})
    return s, m


def _design(students: list[Student], mentors: list[Mentor], *, seed: int, target_n: int,
            declined: tuple[str, ...]) -> list[str]:
    """Stage 10's design on this roster (same settings as the demo's cohort.yaml): the
    student ids of the designed sample in slot order."""
    from replicate.sampling import design_sample

    s, m = roster_frames(students, mentors)
    design = design_sample(s, m, seed=seed, target_n=target_n,
                           interview_date=INTERVIEW_DATE.isoformat(), declined=declined,
                           invitations="as_designed")
    return list(design.pseudonym_key())


def make_people(seed: int, n_students: int, n_interviews: int) -> Cohort:
    """Draw the synthetic cohort.

    The interviewees follow the real sequence: stage 10's maximum-variation design is drawn
    on the generated roster (:func:`replicate.sampling.design_sample`, with the demo's seed
    and settings), its students are invited, one of them declines and is replaced from the
    reserve list (when the eligible pool has a reserve), and the resulting designed sample is
    interviewed. Interview order, dates, lengths and the ``doctor_in_family`` attribute come
    from a stream of their own, so the coded content does not depend on who was selected.

    Parameters
    ----------
    seed : int
        Cohort seed (also the design's seed).
    n_students : int
        Students offered a mentor (the original: 122).
    n_interviews : int
        Participants to interview (the original: 12). At most ``n_students - 2``.

    Returns
    -------
    Cohort
    """
    rng = stream(seed, 1)
    n_mentors = max(1, round(n_students * _MENTOR_RATIO))
    mentors = _mentors(rng, n_mentors)
    students = _students(rng, n_students, n_mentors)

    pool = [i for i, s in enumerate(students) if _eligible(s)]
    pilots: list[int] = []
    for _ in range(2):
        if not pool:
            cand = [i for i, s in enumerate(students) if not s.pilot]
            pick = cand[int(rng.integers(len(cand)))]
            _make_eligible(students[pick], rng)
        else:
            pick = pool.pop(int(rng.integers(len(pool))))
        students[pick].pilot = True
        pilots.append(pick)

    # enough eligible students for the design and one reserve (needed only when scaling)
    want = min(n_interviews + 1, n_students - len(pilots))
    in_pool = set(pool)
    others = [i for i, s in enumerate(students) if not s.pilot and i not in in_pool]
    while len(pool) < want:
        pick = others.pop(int(rng.integers(len(others))))
        _make_eligible(students[pick], rng)
        pool.append(pick)

    first = _design(students, mentors, seed=seed, target_n=n_interviews, declined=())
    declined: tuple[str, ...] = ()
    final = first
    if len(pool) > n_interviews:  # a reserve exists: one invited student declines
        declined = (first[int(stream(seed, 8).integers(len(first)))],)
        final = _design(students, mentors, seed=seed, target_n=n_interviews,
                        declined=declined)
    index = {s.student_id: i for i, s in enumerate(students)}
    chosen = [index[sid] for sid in final]

    order_rng = stream(seed, 7)
    order = [chosen[int(i)] for i in order_rng.permutation(len(chosen))]
    dates = _business_days(len(order), order_rng)
    n_doctor = round(0.4 * len(order)) if len(order) >= 4 else 0
    doctor = set(order_rng.choice(len(order), size=n_doctor, replace=False).tolist())
    durations = order_rng.integers(40, 51, len(order))
    participants = [
        Participant(pseudonym(j), i, dates[j], int(durations[j]), j in doctor)
        for j, i in enumerate(order)
    ]
    return Cohort(students, mentors, participants, pilots, declined)
