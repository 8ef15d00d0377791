"""The cohort of another school (:mod:`other_school`): written as that school's files are, it
validates and runs first time; each input problem a stage would meet is one line, exit 2,
from ``validate`` and from ``run`` alike, before any kernel starts."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from other_school import CODERS, ENGLISH, N_INTERVIEWS, N_STUDENTS, build_other_school
from replicate.cli import main
from replicate.cohort import load_cohort
from replicate.pipeline import run_cohort
from replicate.reference import load_original
from replicate.stages import STAGES


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_other_school(tmp_path_factory.mktemp("school") / "norrsund")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_build_is_deterministic(tmp_path: Path, built: Path) -> None:
    again = _tree(build_other_school(tmp_path / "a").parent)
    assert again == _tree(built.parent)
    assert len(again) == 6 + 1 + 1 + N_INTERVIEWS + 2  # tables, guide, config, transcripts, pilots
    assert _tree(build_other_school(tmp_path / "b", seed=8).parent) != again


def test_the_files_are_as_the_school_writes_them(built: Path) -> None:
    root = built.parent
    raw = (root / "tables" / "deltagare.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfpseudonym;student_id;") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + N_INTERVIEWS and any("," in r[3] for r in rows[1:])  # 37,5 min
    assert (root / "tables" / "meningsenheter.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\t" in (root / "tables" / "kodningar.csv").read_bytes().split(b"\n")[0]
    book = openpyxl.load_workbook(root / "tables" / "studenter.xlsx", read_only=True)
    assert book.sheetnames == ["Instruktioner", "Roster"]  # the data is not on the first sheet
    texts = {p.name: p.read_bytes() for p in (root / "transkript").iterdir()}
    assert len(texts) == N_INTERVIEWS and all(b"\r\n" in t for t in texts.values())
    swedish = [n for n, t in texts.items() if b"# language: sv" in t]
    assert len(swedish) == N_INTERVIEWS - len(ENGLISH)
    cohort = load_cohort(built)
    cfg = cohort.config
    assert cfg.study.language == "sv" and cfg.sampling.interview_date is None
    students = cohort.tables["students"]
    assert len(students) == N_STUDENTS and set(students["gender"]) == {"female", "male", "other"}
    assert int(students["age"].isna().sum()) == 7
    assert int(students["email"].isna().sum()) > 0 and int(students["name"].isna().sum()) > 0
    assert sorted(cohort.tables["codings"]["coder"].unique()) == list(CODERS)
    themes = set(cohort.tables["codebook"]["theme"])
    original = {t.name for t in load_original().themes}
    assert themes.isdisjoint(original) and "Mentorskap på distans" in themes
    # the other student is interviewed; offsets count into the CRLF files as read
    parts = cohort.tables["participants"].merge(students, on="student_id")
    assert (parts["gender"] == "other").sum() == 1
    units = cohort.tables["units"]
    first = units.iloc[0]
    assert cohort.texts[first["transcript"]][first["start"]:first["end"]] == first["text"]


def test_it_validates_first_time(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(built)]) == 0
    out, err = capsys.readouterr()
    assert out.strip().endswith("cohort.yaml: valid (1 warning(s))")
    assert err.startswith("warning: norrsund/tables/studenter.xlsx, column age: 7 empty cell(s)")
    assert "gave no consent" in err


@pytest.mark.kernel
def test_it_runs_and_publishes_every_stage_first_time(built: Path, tmp_path: Path) -> None:
    root = tmp_path / "norrsund"
    shutil.copytree(built.parent, root)
    result = run_cohort(root / "cohort.yaml", out_root=tmp_path / "reports")
    report = tmp_path / "reports" / "norrsund-2023"
    assert result.stages == [s.name for s in STAGES]
    for s in STAGES:
        assert (report / "stages" / f"{s.name}.html").is_file(), s.name

    def art(name: str) -> dict[str, object]:
        data: dict[str, object] = json.loads((report / "artifacts" / f"{name}.json").read_text())
        return data

    overview = art("00_cohort_overview")
    assert overview["tables"] == {"codebook": 14, "codings": 88, "mentors": 30,
                                  "participants": 17, "pilots": 2, "students": 64,
                                  "transcripts": 17, "units": 107}
    sampling = art("10_sampling_design")
    assert (sampling["n_offered"], sampling["n_eligible"], sampling["n_selected"],
            sampling["n_interviewed"]) == (64, 42, 16, 17)
    # no interview date configured: the two date rules are not applied, so not listed
    assert sampling["exclusions_first"] == {"few_meetings": 17, "no_consent": 2, "pilot": 1,
                                            "withdrawn": 2}
    coding = art("30_coding_reliability")
    assert coding["coders"] == list(CODERS) and coding["n_units"] == 32
    overall = coding["overall"]
    assert isinstance(overall, dict)
    assert overall["krippendorff_alpha"] == pytest.approx(0.80137, abs=1e-5)
    assert overall["n_coders"] == 3 and overall["cohen_kappa"] is None  # Fleiss, not Cohen
    synthesis = art("40_theme_synthesis")
    assert synthesis["comparison"] == {"category": {"absent": 4, "new": 5, "replicated": 2},
                                       "subcategory": {"absent": 16, "new": 11,
                                                       "replicated": 1},
                                       "theme": {"absent": 0, "new": 1, "replicated": 3}}
    facts = synthesis["facts"]
    assert isinstance(facts, dict) and (facts["n_other"], facts["n_coders"]) == (1, 3)
    text = (report / "write-up.md").read_text(encoding="utf-8")
    assert "Metod" in text  # Swedish headings
    # sentences true for this cohort: one coder sat out every fourth double-coded unit, no
    # interview date was set, no resolutions file was named
    page30 = (report / "stages" / "30_coding_reliability.html").read_text(encoding="utf-8")
    assert "32 of 107 meaning units (30%) were coded independently by 2 or 3 of the 3 coders " \
           "(24 by all 3)" in page30
    page10 = (report / "stages" / "10_sampling_design.html").read_text(encoding="utf-8")
    assert "no time limit after the programme was applied" in page10
    assert "within the window" not in page10 and "interviewed within" not in page10
    assert "listade för konsensusmötet" in text and "löstes vid konsensusmötet" not in text


def _edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        path = root / rel
        data = path.read_bytes().decode("utf-8")
        assert old in data, (rel, old)
        path.write_bytes(data.replace(old, new, 1).encode("utf-8"))
    return mutate


def _one_coder(root: Path) -> None:
    path = root / "tables" / "kodningar.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([lines[0], *(x for x in lines[1:] if "\tAL\t" in x)]),
                    encoding="utf-8")


def _unknown_code(root: Path) -> None:
    path = root / "tables" / "kodningar.csv"
    header, first, *rest = path.read_text(encoding="utf-8").splitlines(keepends=True)
    unit, coder, _ = first.split("\t")
    path.write_text("".join([header, f"{unit}\t{coder}\tvågade mindre\n", *rest]),
                    encoding="utf-8")


SAMPLING = "sampling: {min_meetings: 2, target_n: 16, reserve_n: 6}"
#: (id, mutation, the one line's expected start, what it must say)
STAGE_CASES = [
    ("sample-above-pool", _edit("cohort.yaml", "target_n: 16", "target_n: 50"),
     "norrsund/cohort.yaml, sampling.target_n: ",
     r"target_n is 50 but only 42 of 64 students are eligible \(excluded: 17 fewer than 2 "
     r"mentor meetings, .*\); lower sampling\.target_n"),
    ("no-eligible-student", _edit("cohort.yaml", "min_meetings: 2", "min_meetings: 7"),
     "norrsund/cohort.yaml, sampling.target_n: ",
     r"only 0 of 64 students are eligible \(excluded: 64 fewer than 7 mentor meetings\)"),
    ("unknown-dimension", _edit("cohort.yaml", SAMPLING, SAMPLING[:-1]
                                + ", dimensions: [student_gender, programme_year]}"),
     "norrsund/cohort.yaml, sampling.dimensions: ",
     r"unknown dimension 'programme_year'; allowed: student_gender, "),
    ("interview-date-not-a-date", _edit("cohort.yaml", SAMPLING,
                                        SAMPLING[:-1] + ", interview_date: HT23}"),
     "norrsund/cohort.yaml, sampling.interview_date: ",
     r"'HT23' is not a date; write it as YYYY-MM-DD"),
    ("participant-date-not-a-date", _edit("tables/deltagare.csv", ";2023-09-04;", ";v. 36;"),
     "norrsund/tables/deltagare.csv, row 2, column interview_date: ",
     r"'v\. 36' is not a date in YYYY-MM-DD form"),
    ("single-coder", _one_coder, "norrsund/tables/kodningar.csv, column coder: ",
     r"at least two coders, found only one \(AL\); add a second coder's codes of the same "
     r"units as rows unit_id, coder, code \(one row per unit and coder\)$"),
    ("code-outside-codebook", _unknown_code, "norrsund/tables/kodningar.csv, row 2, column code: ",
     r"^'vågade mindre' is not a code in the codebook table$"),
]


@pytest.mark.parametrize(("mutate", "start", "says"), [c[1:] for c in STAGE_CASES],
                         ids=[c[0] for c in STAGE_CASES])
def test_validate_and_run_say_the_same_one_line(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    mutate: Callable[[Path], None], start: str, says: str,
) -> None:
    root = tmp_path / "norrsund"
    shutil.copytree(built.parent, root)
    mutate(root)
    reports = tmp_path / "reports"
    (reports / "norrsund-2023").mkdir(parents=True)
    (reports / "norrsund-2023" / "index.html").write_text("previous report", encoding="utf-8")
    before = _tree(reports)
    assert main(["validate", str(root / "cohort.yaml")]) == 2
    out, err = capsys.readouterr()
    *said, summary = err.splitlines()
    lines = [x for x in said if not x.startswith("warning: ")]  # the roster's blank ages
    assert out == "" and len(lines) == 1 and summary.startswith("1 problem(s) found in ")
    assert lines[0].startswith(start), lines[0]
    assert re.search(says, lines[0][len(start):]), lines[0]
    assert main(["run", str(root / "cohort.yaml"), "--out", str(reports)]) == 2
    out, err = capsys.readouterr()
    assert err.splitlines() == lines  # the same line, before any stage starts
    assert out == "" and "Traceback" not in err
    assert _tree(reports) == before
