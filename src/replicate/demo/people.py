"""Synthetic students, mentors, pilots and interview participants.

Shaped like the programme in Kalén, Ponzer & Silén (2012, Methods; facts in methodology.md
§1.1 and §5.1): students from four consecutive courses offered a physician mentor for four
semesters, 1–3 recommended meetings per semester (so 0–12 meetings, about 15 % below the
eligibility threshold of 3), random matching with some mentors taking two students, a purposeful
sample of interviewees (default 12: 5 men and 7 women aged 25–38, both mentor genders and all
four student × mentor gender dyads, each with ≥ 3 meetings and interviewed 0–1 year after the
programme within a 2-month window by one interviewer), and 2 pilot interviewees kept out of the
sample. Names are "Synthetic Student 001" and e-mails are at example.org; every value is drawn
from the seed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from replicate.demo.rand import pseudonym, stream

__all__ = ["Cohort", "Mentor", "Participant", "Student", "make_people"]

COURSE_ENDS = (dt.date(2023, 6, 9), dt.date(2024, 1, 19), dt.date(2024, 6, 7),
               dt.date(2025, 1, 17))
"""End of the two-year programme for each of the four consecutive courses (synthetic)."""
RECENT = (2, 3)
"""Courses whose programme ended within a year before the interview window."""
WINDOW = (dt.date(2025, 2, 3), dt.date(2025, 3, 31))
"""The 2-month interview window."""
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
    """Everybody in the demo cohort."""

    students: list[Student]
    mentors: list[Mentor]
    participants: list[Participant]
    pilots: list[int]


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


def _slots(k: int) -> list[tuple[str, str]]:
    """(student gender, mentor gender) targets: 5/12 men, alternating mentor gender."""
    n_male = round(k * 5 / 12)
    male = [("male", "male" if j % 2 == 0 else "female") for j in range(n_male)]
    female = [("female", "female" if j % 2 == 0 else "male") for j in range(k - n_male)]
    return male + female


def _business_days(k: int, rng: np.random.Generator) -> list[dt.date]:
    start, stop = WINDOW
    days = [start + dt.timedelta(days=d) for d in range((stop - start).days + 1)]
    days = [d for d in days if d.weekday() < 5]
    idx = np.sort(rng.choice(len(days), size=k, replace=k > len(days)))
    return [days[int(i)] for i in idx]


def make_people(seed: int, n_students: int, n_interviews: int) -> Cohort:
    """Draw the synthetic cohort.

    Parameters
    ----------
    seed : int
        Cohort seed.
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

    chosen: list[int] = []
    taken = set(pilots)
    used_mentors: set[int] = set()
    for sg, mg in _slots(n_interviews):
        def fits(i: int, sg: str = sg, mg: str = mg) -> bool:
            s = students[i]
            return s.gender == sg and mentors[s.mentor].gender == mg and 25 <= s.age <= 38

        best = [i for i in pool if fits(i) and students[i].mentor not in used_mentors]
        best = best or [i for i in pool if fits(i)]
        if best:
            pick = best[int(rng.integers(len(best)))]
        else:
            same_mentor = [i for i in pool if mentors[students[i].mentor].gender == mg]
            cand = same_mentor or pool or [i for i in range(n_students) if i not in taken]
            pick = cand[int(rng.integers(len(cand)))]
            s = students[pick]
            _make_eligible(s, rng)
            s.gender = sg
            s.age = int(rng.integers(25, 39))
            mentors[s.mentor].gender = mg
        if pick in pool:
            pool.remove(pick)
        taken.add(pick)
        used_mentors.add(students[pick].mentor)
        chosen.append(pick)

    if len(chosen) >= 2:  # the sample spans the original's age range, 25–38
        by_age = sorted(chosen, key=lambda i: (students[i].age, students[i].student_id))
        students[by_age[0]].age = 25
        students[by_age[-1]].age = 38

    order = [chosen[int(i)] for i in rng.permutation(len(chosen))]
    dates = _business_days(len(order), rng)
    n_doctor = round(0.4 * len(order)) if len(order) >= 4 else 0
    doctor = set(rng.choice(len(order), size=n_doctor, replace=False).tolist())
    durations = rng.integers(40, 51, len(order))
    participants = [
        Participant(pseudonym(j), i, dates[j], int(durations[j]), j in doctor)
        for j, i in enumerate(order)
    ]
    return Cohort(students, mentors, participants, pilots)
