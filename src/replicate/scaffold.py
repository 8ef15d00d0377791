"""Data templates, the data dictionary and ``replicate init``, all generated from
:mod:`replicate.schema` (one source of truth for the loader and the documentation).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd

from replicate.errors import ConfigError
from replicate.schema import TABLES

__all__ = ["COHORT_TEMPLATE", "copy_notebooks", "data_dictionary", "init_cohort",
           "write_templates"]

EXAMPLE_TRANSCRIPT = """\
# participant: A
# date: 2025-09-01
# duration_min: 45
# note: example transcript format; replace with your own de-identified transcript
[00:00:05] I: Could you tell me how you first met your mentor?
[00:00:12] P: We met at the hospital in my first clinical term. I could say anything to her.
[00:01:40] I: What did you usually talk about?
[00:01:48] P: Mostly what it is like to become a doctor, and how to cope with the workload.
"""

EXAMPLE_PILOT = """\
# participant: pilot-1
# duration_min: 20
[00:00:03] I: Can you tell me about your first meeting with your mentor?
[00:00:10] P: It was at the clinic. We talked for an hour about everything.
"""

GUIDE_TEMPLATE = """\
# Interview guide: question areas, questions (id, kind, text, probes), planned length.
# kind is one of opening, key, closing, probe. language is en or sv.
version: "1.0"
language: en
title: Interview guide
planned_minutes: [40, 50]
research_questions:
  RQ1: What does one-to-one mentoring mean to medical students?
areas:
  - id: content
    title: Content of the conversations
    research_questions: [RQ1]
    questions:
      - id: Q1
        kind: opening
        text: Could you tell me how you first met your mentor?
      - id: Q2
        kind: key
        text: What did you and your mentor usually talk about?
        probes: ["Can you give me an example?"]
      - id: Q3
        kind: closing
        text: Is there anything else you would like to add about your mentorship?
"""

COHORT_TEMPLATE = """\
# cohort.yaml: one file describes a replication cohort. Paths are relative to this file.
# Every key not written here takes the default shown in the comment (from the original study).
study:
  id: my-school-2026          # letters, digits, - _ . ; names the report folder
  title: "Mentorship study replication"
  school: "My Medical School"
  language: en                # en or sv (report headings)
  synthetic: false
programme:
  students_offered: 14        # students offered a mentor at your school (original: 122)
  courses: 1                  # courses/intakes (original: 4)
  semesters: 4                # semesters of mentoring (original: 4)
  meetings_per_semester: [1, 3]
data:
  students: tables/students.csv        # CSV or XLSX
  mentors: tables/mentors.csv
  participants: tables/participants.csv
  codebook: tables/codebook.csv
  units: tables/units.csv
  codings: tables/codings.csv
  guide: guide/guide.yaml
  transcripts: transcripts            # one .txt per interview
  pilots: pilots                      # pilot interview transcripts
sampling:
  min_meetings: 3             # fewer meetings: not eligible (original: 3)
  target_n: 12                # purposeful sample size (original: 12)
  invitations: unknown        # or as_designed: you invited the designed sample, replacing
                              # the students in sampling.declined from the reserve list
guide:
  pilot_interviews: 2         # original: 2
  planned_minutes: [40, 50]   # original: 40–50
reliability:
  double_coded_fraction: 0.2  # share of meaning units coded by two coders
  thresholds: {kappa: 0.6, alpha: 0.667}
  # resolutions: tables/resolutions.csv   # the consensus meeting's filled-in disagreement list
synthesis:
  saturation: {base: 4, run: 2, threshold: 0.05}
writeup:
  author_dir: author          # your own text: one Markdown file per part only you can write
seed: 2012                    # all randomness is seeded
"""


#: Students in the example roster ``replicate init`` writes: enough for the original study's
#: sample of 12 (``sampling.target_n``), so the new folder validates with the original's defaults.
EXAMPLE_ROSTER = 14


def _roster(n: int) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """An invented example roster of ``n`` students and their mentors (one per 4 students);
    the first student and mentor are the schema's example rows."""
    first = {name: [{c.name: c.example for c in TABLES[name].columns}]
             for name in ("students", "mentors")}
    students = first["students"] + [{
        "student_id": f"S{i:03d}", "name": f"Example Student {i}",
        "email": f"student{i}@example.org", "course": f"Course {1 + i % 2}",
        "gender": "female" if i % 2 else "male", "age": str(22 + (i * 5) % 14),
        "mentor_id": f"M{1 + (i - 1) // 4:03d}", "meetings": str(3 + i % 4),
        "consent_to_contact": "true", "status": "completed", "pilot": "false",
        "programme_end": "2025-06-15"} for i in range(2, n + 1)]
    mentors = first["mentors"] + [{
        "mentor_id": f"M{m:03d}", "name": f"Dr Example {m}",
        "gender": "male" if m % 2 else "female", "age": str(38 + 6 * m),
        "specialty": ("Surgery", "Internal medicine", "Paediatrics", "Psychiatry")[m % 4]}
        for m in range(2, 1 + (n + 3) // 4)]
    return students, mentors


def _example_rows(roster: int = 1) -> dict[str, list[dict[str, str]]]:
    rows = {name: [{c.name: c.example for c in schema.columns}]
            for name, schema in TABLES.items()}
    if roster > 1:
        rows["students"], rows["mentors"] = _roster(roster)
    text = EXAMPLE_TRANSCRIPT.replace("\r\n", "\n")
    unit = rows["units"][0]["text"]
    start = text.index(unit)
    rows["units"][0]["start"] = str(start)
    rows["units"][0]["end"] = str(start + len(unit))
    rows["codings"] = [
        {"unit_id": "U0001", "coder": "SK", "code": "talks freely"},
        {"unit_id": "U0001", "coder": "CS", "code": "talks freely"},
    ]
    return rows


def data_dictionary() -> str:
    """The data dictionary as Markdown, generated from :data:`replicate.schema.TABLES`."""
    out = ["# Data dictionary", "",
           "Generated from `replicate.schema` (the loader's own schemas) by "
           "`replicate templates`. Every table can be CSV (UTF-8) or XLSX; the header is row 1.",
           ""]
    for name, schema in TABLES.items():
        out += [f"## {name}", "", schema.meaning, ""]
        if schema.key:
            out += [f"Key (unique): `{', '.join(schema.key)}`.", ""]
        if schema.extra_columns_allowed:
            out += ["Extra columns are allowed and become participant attributes.", ""]
        out += ["| column | type | required | allowed | meaning |", "|---|---|---|---|---|"]
        for c in schema.columns:
            allowed = ", ".join(c.allowed)
            if c.minimum is not None or c.maximum is not None:
                lo = "" if c.minimum is None else f"{c.minimum:g}"
                hi = "" if c.maximum is None else f"{c.maximum:g}"
                allowed = f"{lo}–{hi}"
            if c.kind == "bool":
                allowed = "true, false (also yes/no, 1/0)"
            if c.kind == "date":
                allowed = "YYYY-MM-DD"
            flag = " Identifying: never shown in reports." if c.identifying else ""
            out.append(f"| `{c.name}` | {c.kind} | {'yes' if c.required else 'no'} | "
                       f"{allowed} | {c.meaning}{flag} |")
        out.append("")
    out += ["## transcripts", "",
            "One UTF-8 `.txt` file per interview: optional `# key: value` header lines, then "
            "turns starting with an optional `[hh:mm:ss]` timestamp and `I:` (interviewer) or "
            "`P:` (participant). See `transcript-example.txt`.", "",
            "## guide", "", "The interview guide as YAML; see `guide.yaml`.", ""]
    return "\n".join(out)


def write_templates(out: Path) -> None:
    """Write every template (CSV and XLSX), the guide, a transcript and the data dictionary."""
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in _example_rows().items():
        df = pd.DataFrame(rows, columns=list(TABLES[name].column_names))
        df.to_csv(out / f"{name}.csv", index=False, lineterminator="\n")
        df.to_excel(out / f"{name}.xlsx", index=False, engine="openpyxl")
    (out / "guide.yaml").write_text(GUIDE_TEMPLATE, encoding="utf-8")
    (out / "transcript-example.txt").write_text(EXAMPLE_TRANSCRIPT, encoding="utf-8")
    (out / "cohort.yaml").write_text(COHORT_TEMPLATE, encoding="utf-8")
    (out / "data-dictionary.md").write_text(data_dictionary(), encoding="utf-8")


def init_cohort(folder: Path) -> Path:
    """Write a new cohort folder that ``replicate validate`` accepts; return its config path.

    Besides the tables, guide, transcript and pilot templates, it holds ``author/``: one
    Markdown file per part of the write-up only the authors can write, each with a one-line
    prompt as a comment (:func:`replicate.writeup.authoring.write_author_files`).

    Raises
    ------
    ConfigError
        When ``folder`` exists and is not empty (nothing is overwritten).
    """
    if folder.exists() and any(folder.iterdir()):
        raise ConfigError("folder exists and is not empty; choose a new folder", file=str(folder))
    tmp = Path(tempfile.mkdtemp(prefix=".init-", dir=folder.parent if folder.parent.exists()
                                else None))
    try:
        (tmp / "tables").mkdir()
        for name, rows in _example_rows(EXAMPLE_ROSTER).items():
            pd.DataFrame(rows, columns=list(TABLES[name].column_names)).to_csv(
                tmp / "tables" / f"{name}.csv", index=False, lineterminator="\n")
        (tmp / "guide").mkdir()
        (tmp / "guide" / "guide.yaml").write_text(GUIDE_TEMPLATE, encoding="utf-8")
        (tmp / "transcripts").mkdir()
        (tmp / "transcripts" / "A.txt").write_text(EXAMPLE_TRANSCRIPT, encoding="utf-8")
        (tmp / "pilots").mkdir()
        for n in (1, 2):  # guide.pilot_interviews: 2, as in the original
            (tmp / "pilots" / f"pilot-{n}.txt").write_text(
                EXAMPLE_PILOT.replace("pilot-1", f"pilot-{n}"), encoding="utf-8")
        (tmp / "cohort.yaml").write_text(COHORT_TEMPLATE, encoding="utf-8")
        _author_files(tmp)
        if folder.exists():
            folder.rmdir()
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(tmp), str(folder))
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return folder / "cohort.yaml"


def _author_files(root: Path) -> None:
    """The authors' Markdown files (``author/``), each holding only its one-line prompt as a
    comment, one narrative file per category of the example codebook."""
    from replicate.writeup.authoring import write_author_files

    categories = [row["category"] for row in _example_rows()["codebook"]]
    write_author_files(root, categories=categories)


def copy_notebooks(dest: Path, *, force: bool = False) -> list[Path]:
    """Copy the built-in stage notebooks (package resources) into ``dest``.

    Parameters
    ----------
    dest : Path
        Destination folder (created when missing).
    force : bool, default=False
        Overwrite notebooks already in ``dest``.

    Returns
    -------
    list of Path
        The notebooks written, in stage order.

    Raises
    ------
    ConfigError
        ``dest`` is a file, or a notebook is already there and ``force`` is off.
    """
    from replicate.stages import STAGES

    if dest.exists() and not dest.is_dir():
        raise ConfigError("is a file; give a folder", file=str(dest))
    targets = [(s.notebook(), dest / f"{s.name}.ipynb") for s in STAGES]
    clash = [t for _, t in targets if t.exists()]
    if clash and not force:
        raise ConfigError(f"{clash[0].name} is already there; use --force to overwrite",
                          file=str(dest))
    dest.mkdir(parents=True, exist_ok=True)
    for src, target in targets:
        shutil.copyfile(src, target)
    return [t for _, t in targets]
