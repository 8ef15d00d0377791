"""Generate the synthetic demo cohort (issue 2, point 4).

A whole cohort shaped like Kalén, Ponzer & Silén (2012): students and physician mentors,
a purposeful sample of interviewees, an interview guide in two versions, two pilot interviews,
interview transcripts of realistic length, meaning units with condensations and final codes,
a codebook under the original's Table 1 hierarchy and a double-coded subset. Facts about the
original design carry over (methodology.md §1.1, §5.1, §5.2); every sentence is our own.

Each part draws from its own seeded stream (:func:`replicate.demo.rand.stream`), so the
cohort is a pure function of the arguments and every run writes byte-identical files. Text is
composed by cheap string work and written interview by interview, so 1,000 interviews of
100 units each take seconds and little memory.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from replicate.demo.codebook import CODES, codebook_rows
from replicate.demo.coding import double_code, schedule_codes
from replicate.demo.compose import Speaker
from replicate.demo.guide import GUIDE_V10, GUIDE_V11, render_guide
from replicate.demo.meta import DISCUSSION, LIMITATIONS, Summary, cohort_yaml, readme
from replicate.demo.people import INTERVIEW_DATE, PILOT_DATES, Cohort, make_people
from replicate.demo.pilots import compose_pilot
from replicate.demo.rand import Draw, stream
from replicate.demo.transcripts import compose_interview, interview_fields
from replicate.demo.write import CsvSink, csv_text, prepare_folder, write_text
from replicate.errors import ConfigError
from replicate.schema import TABLES

__all__ = ["generate_demo"]


def _b(value: bool) -> str:
    return "true" if value else "false"


def _check(n_students: int, n_interviews: int, units_per_interview: int | None) -> None:
    if n_students < 4:
        raise ConfigError(f"n_students={n_students} is too small; allowed: 4 or more",
                          location="n_students")
    if not 1 <= n_interviews <= n_students - 2:
        raise ConfigError(
            f"n_interviews={n_interviews} is out of range; allowed: 1 to n_students - 2 "
            f"(= {n_students - 2}), since 2 students are pilots", location="n_interviews")
    if units_per_interview is not None and units_per_interview < 1:
        raise ConfigError(f"units_per_interview={units_per_interview} is out of range; "
                          "allowed: None (30-45 at random) or 1 or more",
                          location="units_per_interview")


def _speaker(cohort: Cohort, student: int, draw: Draw, doctor: bool) -> Speaker:
    mentor = cohort.mentors[cohort.students[student].mentor]
    return Speaker(draw, mentor_gender=mentor.gender, mentor_age=mentor.age,
                   specialty=mentor.specialty, doctor_in_family=doctor)


def _interviewed(cohort: Cohort) -> str:
    """``12 students (5 men and 7 women, aged 24–43)`` for the interviewees."""
    from replicate.sampling import describe_sample

    who = [cohort.students[p.student] for p in cohort.participants]
    return describe_sample([s.gender for s in who], np.array([s.age for s in who]),
                           noun="student")


def _people_tables(out: Path, cohort: Cohort) -> None:
    students = [
        [s.student_id, s.name, s.email, f"Course {s.course + 1} (synthetic)", s.gender,
         str(s.age), cohort.mentors[s.mentor].mentor_id, str(s.meetings), _b(s.consent),
         s.status, _b(s.pilot), s.programme_end.isoformat()]
        for s in cohort.students
    ]
    write_text(out / "tables" / "students.csv",
               csv_text(TABLES["students"].column_names, students))
    mentors = [[m.mentor_id, m.name, m.gender, str(m.age), m.specialty] for m in cohort.mentors]
    write_text(out / "tables" / "mentors.csv",
               csv_text(TABLES["mentors"].column_names, mentors))
    book = [[r[c] for c in TABLES["codebook"].column_names] for r in codebook_rows()]
    write_text(out / "tables" / "codebook.csv",
               csv_text(TABLES["codebook"].column_names, book))


def generate_demo(
    out_dir: Path,
    *,
    seed: int = 2012,
    n_students: int = 122,
    n_interviews: int = 12,
    units_per_interview: int | None = None,
) -> Path:
    """Write a synthetic demo cohort into ``out_dir``.

    Parameters
    ----------
    out_dir : Path
        Folder to write (created if missing). It must be empty or hold an earlier demo
        cohort, whose generated files are replaced.
    seed : int, default=2012
        Seed of every random choice; the same arguments give byte-identical files.
    n_students : int, default=122
        Students offered a mentor (the original: 122).
    n_interviews : int, default=12
        Interviewed participants (the original: 12); at most ``n_students - 2``.
        Pseudonyms run A … Z, AA, AB, …
    units_per_interview : int or None, default=None
        Meaning units per interview; None draws 30–45 per interview.

    Returns
    -------
    Path
        The cohort's ``cohort.yaml``.

    Raises
    ------
    ConfigError
        When an argument is out of range or ``out_dir`` is a non-empty folder that is not
        a demo cohort.

    References
    ----------
    Kalén S, Ponzer S, Silén C. The core of mentorship: medical students' experiences of
    one-to-one mentoring in a clinical environment. Adv Health Sci Educ 2012;17:389–401.
    """
    _check(n_students, n_interviews, units_per_interview)
    out = Path(out_dir)
    prepare_folder(out)
    cohort = make_people(seed, n_students, n_interviews)
    parts = cohort.participants
    rng = stream(seed, 2)
    counts = ([units_per_interview] * len(parts) if units_per_interview is not None
              else [int(k) for k in rng.integers(30, 46, len(parts))])
    codes = schedule_codes([p.doctor_in_family for p in parts], counts, rng)
    width = max(4, len(str(sum(counts))))

    _people_tables(out, cohort)
    sink = CsvSink(out / "tables" / "units.csv", TABLES["units"].column_names)
    per_transcript: list[list[tuple[str, int]]] = []
    words: list[int] = []
    n_unit = 0
    try:
        for j, p in enumerate(parts):
            speaker = _speaker(cohort, p.student, Draw(stream(seed, 3, j)), p.doctor_in_family)
            text, spans, minutes = compose_interview(
                speaker, codes[j], minutes=p.duration_min,
                fields=interview_fields(p.pseudonym, p.date))
            p.duration_min = minutes
            name = f"{p.pseudonym}.txt"
            write_text(out / "transcripts" / name, text)
            words.append(len(text.split()))
            rows: list[tuple[str, int]] = []
            for span in spans:
                n_unit += 1
                uid = f"U{n_unit:0{width}d}"
                sink.write([uid, p.pseudonym, name, str(span.start), str(span.end), span.text,
                            span.condensed, CODES[span.code].code])
                rows.append((uid, span.code))
            per_transcript.append(rows)
    finally:
        sink.close()

    participants = [
        [p.pseudonym, cohort.students[p.student].student_id, p.date.isoformat(),
         str(p.duration_min), "SK", f"{p.pseudonym}.txt", _b(p.doctor_in_family)]
        for p in parts
    ]
    write_text(out / "tables" / "participants.csv",
               csv_text([*TABLES["participants"].column_names, "doctor_in_family"],
                        participants))
    codings = double_code(per_transcript, stream(seed, 4))
    write_text(out / "tables" / "codings.csv",
               csv_text(TABLES["codings"].column_names,
                        [[u, coder, CODES[c].code] for u, coder, c in codings]))

    write_text(out / "guide" / "guide.yaml", render_guide(GUIDE_V11))
    write_text(out / "guide" / "guide_v1.0.yaml", render_guide(GUIDE_V10))
    pilot_rng = stream(seed, 5)
    for i, student in enumerate(cohort.pilots):
        minutes = int(pilot_rng.integers(16, 25))
        doctor = bool(pilot_rng.random() < 0.4)
        speaker = _speaker(cohort, student, Draw(stream(seed, 6, i)), doctor)
        write_text(out / "pilots" / f"pilot-{i + 1}.txt",
                   compose_pilot(speaker, i, minutes=minutes, date=PILOT_DATES[i]))

    n_double = len(codings) // 2
    agree = sum(codings[k][2] == codings[k + 1][2] for k in range(0, len(codings), 2))
    summary = Summary(
        seed=seed, n_students=n_students, n_interviews=n_interviews,
        units_per_interview=units_per_interview, n_mentors=len(cohort.mentors),
        n_units=n_unit, n_double=n_double,
        agreement=float(np.float64(agree) / max(1, n_double)),
        words_min=min(words), words_max=max(words),
        interview_date=INTERVIEW_DATE.isoformat(), declined=cohort.declined,
        interviewed=_interviewed(cohort),
    )
    write_text(out / "README.md", readme(summary))
    write_text(out / "author" / "discussion.md", DISCUSSION)
    write_text(out / "author" / "limitations.md", LIMITATIONS)
    config = out / "cohort.yaml"
    write_text(config, cohort_yaml(summary))
    return config
