"""Stage 00: an inventory of the cohort and data-quality warnings."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from replicate.artifacts import StageResult
from replicate.cohort import Cohort
from replicate.reference import load_original
from replicate.stage import Stage

__all__ = ["STAGE", "cohort_overview", "compute", "data_quality", "inventory",
           "programme_comparison", "transcript_table"]


def inventory(cohort: Cohort) -> pd.DataFrame:
    """Rows per table and files per folder (columns ``input, kind, count``)."""
    rows = [(name, "table rows", len(df)) for name, df in sorted(cohort.tables.items())]
    rows.append(("transcripts", "files", len(cohort.transcripts)))
    rows.append(("pilots", "files", len(cohort.pilots)))
    return pd.DataFrame(rows, columns=["input", "kind", "count"])


def transcript_table(cohort: Cohort) -> pd.DataFrame:
    """One row per transcript: turns, words, interviewer share and minutes.

    Columns: ``transcript, kind, turns, words, interviewer_share, minutes, minutes_source``.
    """
    wpm = cohort.config.guide.words_per_minute
    rows = []
    for kind, group in (("interview", cohort.transcripts), ("pilot", cohort.pilots)):
        for name, tr in sorted(group.items()):
            minutes, source = tr.duration_minutes(words_per_minute=wpm)
            share = tr.words_by("I") / tr.words if tr.words else 0.0
            rows.append((name, kind, len(tr.turns), tr.words, round(share, 3), round(minutes, 1),
                         source))
    return pd.DataFrame(rows, columns=["transcript", "kind", "turns", "words",
                                       "interviewer_share", "minutes", "minutes_source"])


def programme_comparison(cohort: Cohort) -> pd.DataFrame:
    """Programme facts of this cohort beside the original study's."""
    cfg = cohort.config
    orig = load_original().sample
    students = cohort.tables.get("students")
    lo, hi = cfg.programme.meetings_per_semester
    rows = [
        ("students offered a mentor", cfg.programme.students_offered, orig.n_offered),
        ("students in the students table",
         len(students) if students is not None else "not given", orig.n_offered),
        ("courses", cfg.programme.courses, orig.n_courses),
        ("recommended meetings per semester", f"{lo}–{hi}",
         f"{orig.meetings_per_semester[0]}–{orig.meetings_per_semester[1]}"),
        ("minimum meetings for eligibility", cfg.sampling.min_meetings, orig.min_meetings),
        ("target sample size", cfg.sampling.target_n, orig.n_interviewed),
        ("pilot interviews planned", cfg.guide.pilot_interviews, orig.n_pilots),
        ("planned interview length (min)",
         f"{cfg.guide.planned_minutes[0]:g}–{cfg.guide.planned_minutes[1]:g}",
         f"{orig.interview_minutes[0]}–{orig.interview_minutes[1]}"),
    ]
    return pd.DataFrame(rows, columns=["fact", "this cohort", "original study"]).astype(str)


def data_quality(cohort: Cohort) -> pd.DataFrame:
    """Warnings about the data that do not stop a run (columns ``check, finding``)."""
    cfg = cohort.config
    out: list[tuple[str, str]] = []
    students = cohort.tables.get("students")
    if students is not None:
        n = len(students)
        if n != cfg.programme.students_offered:
            out.append(("students table vs programme",
                        f"{n} students in the table, {cfg.programme.students_offered} offered "
                        "according to the config"))
        max_meet = cfg.programme.semesters * cfg.programme.meetings_per_semester[1]
        over = int((students["meetings"] > max_meet).sum())
        if over:
            out.append(("meetings above the recommended maximum",
                        f"{over} students had more than {max_meet} meetings"))
        below = int((students["meetings"] < cfg.sampling.min_meetings).sum())
        out.append(("students below the meeting minimum",
                    f"{below} of {n} had fewer than {cfg.sampling.min_meetings} meetings "
                    "(not eligible)"))
    lo, hi = cfg.guide.planned_minutes
    tr = transcript_table(cohort)
    for name, kind, minutes, source in zip(tr["transcript"], tr["kind"], tr["minutes"],
                                           tr["minutes_source"], strict=True):
        if kind == "interview" and not lo * 0.8 <= float(minutes) <= hi * 1.2:
            out.append(("interview length", f"{name}: {minutes} min, planned "
                        f"{lo:g}–{hi:g} ({source})"))
    parts = cohort.tables.get("participants")
    units = cohort.tables.get("units")
    if parts is not None and units is not None:
        without = sorted(set(parts["pseudonym"]) - set(units["participant"]))
        if without:
            out.append(("participants without meaning units", ", ".join(without)))
    if units is not None and "condensed" in units.columns:
        missing = int(units["condensed"].isna().sum())
        if missing:
            out.append(("meaning units without condensed text", f"{missing} of {len(units)}"))
    if len(cohort.pilots) < cfg.guide.pilot_interviews:
        out.append(("pilot interviews", f"{len(cohort.pilots)} pilot transcripts, "
                    f"{cfg.guide.pilot_interviews} planned"))
    if not out:
        out.append(("all checks", "no warnings"))
    return pd.DataFrame(out, columns=["check", "finding"])


def _transcripts_sentence(n: int, n_pilots: int, mins: dict[str, float | None]) -> str:
    """"12 interview transcripts, 40–50 minutes (median 44); 2 pilot transcripts."

    Examples
    --------
    >>> _transcripts_sentence(1, 0, {"min": 44.0, "median": 44.0, "max": 44.0})
    '1 interview transcript, 44 minutes; no pilot transcript.'
    """
    text = f"{n} interview transcript{'' if n == 1 else 's'}"
    lo, mid, hi = mins.get("min"), mins.get("median"), mins.get("max")
    if n and lo is not None and hi is not None and mid is not None:
        text += (f", {lo:.0f} minutes" if f"{lo:.0f}" == f"{hi:.0f}" else
                 f", {lo:.0f}–{hi:.0f} minutes (median {mid:.0f})")
    pilots = "no pilot transcript" if n_pilots == 0 else (
        f"{n_pilots} pilot transcript{'' if n_pilots == 1 else 's'}")
    return f"{text}; {pilots}."


def compute(cohort: Cohort, run_dir: Path) -> StageResult:
    """Stage 00: the inventory, transcripts, programme facts and warnings; writes the artifacts.

    Parameters
    ----------
    cohort : Cohort
        The cohort, with its transcripts parsed.
    run_dir : Path
        The report folder being built.
    """
    cfg = cohort.config
    res = STAGE.result(cohort)
    res.tables["inventory"] = inventory(cohort)
    res.tables["transcripts"] = transcript_table(cohort)
    res.tables["programme"] = programme_comparison(cohort)
    res.tables["warnings"] = data_quality(cohort)
    tr = res.tables["transcripts"]
    interviews = tr[tr["kind"] == "interview"]
    res.summary = {
        "study_id": cfg.study.id,
        "title": cfg.study.title,
        "school": cfg.study.school,
        "language": cfg.study.language,
        "synthetic": cfg.study.synthetic,
        "tables": dict(zip(res.tables["inventory"]["input"],
                           res.tables["inventory"]["count"].astype(int), strict=True)),
        "n_transcripts": len(interviews),
        "n_pilots": int((tr["kind"] == "pilot").sum()),
        "interview_minutes": {
            "min": float(interviews["minutes"].min()) if len(interviews) else None,
            "median": float(interviews["minutes"].median()) if len(interviews) else None,
            "max": float(interviews["minutes"].max()) if len(interviews) else None,
        },
        "n_warnings": int((res.tables["warnings"]["check"] != "all checks").sum()),
    }
    banner = ("> **Synthetic data.** This cohort was generated by `replicate demo`; no real "
              "person is described.\n\n" if cfg.study.synthetic else "")
    aim = f"\n\n**Aim:** {cfg.study.aim}" if cfg.study.aim else ""
    res.notes["intro"] = (
        f"# {cfg.study.title}\n\n{banner}**School:** {cfg.study.school}  \n"
        f"**Study id:** `{cfg.study.id}` · **language:** {cfg.study.language}{aim}"
    )
    res.notes["transcripts_summary"] = _transcripts_sentence(
        len(interviews), res.summary["n_pilots"], res.summary["interview_minutes"])
    res.write(Path(run_dir))
    return res


STAGE = Stage(
    number="00", slug="cohort_overview", title="Cohort overview", entry=compute,
    sections=("study", "programme", "sampling", "guide"),
    tables=("students", "mentors", "participants", "codebook", "units", "codings",
            "transcripts", "pilots"),
    weight=1.7,  # seconds on the demo (bench/bench_pipeline.py): scheduling only
)


def cohort_overview(config_path: str | Path, run_dir: str | Path) -> StageResult:
    """Run stage 00 from its notebook: load the cohort and call :func:`compute`."""
    return STAGE.run(config_path, run_dir)
