"""Quasi-identifiers (issue 16): combinations fewer than ``privacy.min_cell`` people share.

The case of the issue: one student of another gender on a 148-student roster. Before the fix
Table 2 of the write-up and a quote attribution printed "M, other, 27".
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from replicate.cli import main
from replicate.errors import ConfigError
from replicate.pipeline import run_cohort
from replicate.privacy import NOT_STATED, Coarsening, coarsen, coarsening_kinds, merge_rare

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-cohort"


def _roster_148() -> pd.DataFrame:
    """74 women and 73 men aged 22–33 (six of each gender and age) and one 'other', 27."""
    rows = [("female" if i % 2 else "male", 22 + (i // 2) % 12) for i in range(147)]
    rows.append(("other", 27))
    return pd.DataFrame(rows, columns=["gender", "age"])


def test_the_only_other_student_loses_the_gender_not_the_age_band() -> None:
    pool = _roster_148()
    shown, what = coarsen(pool.iloc[[147, 10]], ["gender", "age"], pool, 5, exact_ages=True)
    # "(M, other, 27)": the other-gender group (1 person) and "not stated" (the same one
    # person) are both too small, so the gender goes; 27 alone is shared by 13, but age 27
    # among the not-stated is not, so the narrowest safe age is exact (13 people)
    assert shown["gender"].tolist() == [None, "male"]
    assert shown["age"].tolist() == ["27", "27"]
    assert what == [Coarsening("dropped", "gender", 1)]


def test_merging_into_not_stated_when_enough_people_share_it() -> None:
    pool = _roster_148()
    pool.loc[:3, "gender"] = None  # four students aged 22–23 left the gender blank
    shown, what = coarsen(pool.iloc[[147]], ["gender", "age"], pool, 5)
    assert shown.iloc[0].tolist() == [NOT_STATED, "20–29"]  # 25–29 holds only one of them
    assert what == [Coarsening("merged", "gender", 1), Coarsening("widened", "age", 1)]


def test_exact_ages_widen_step_by_step() -> None:
    pool = pd.DataFrame({"gender": ["female"] * 20,
                         "age": [27] * 5 + [30, 31, 32, 33, 34] + [21, 26, 38] + [25] * 7})
    frame = pool.iloc[[0, 5, 10, 12]]
    shown, what = coarsen(frame, ["gender", "age"], pool, 5, exact_ages=True)
    # 27: five share it; 30: 30–34 holds five; 21: 20–29 holds 14; 38: 30–39 holds six
    assert shown["age"].tolist() == ["27", "30–34", "20–29", "30–39"]
    assert what == [Coarsening("widened", "age", 3)]


def test_the_least_important_attribute_is_dropped_first() -> None:
    pool = pd.DataFrame({"gender": ["female"] * 6 + ["male"] * 6,
                         "age": [25] * 12,
                         "mentor_gender": ["male"] * 5 + ["female"] + ["male"] * 6})
    shown, what = coarsen(pool.iloc[[5]], ["gender", "age", "mentor_gender"], pool, 5,
                          merge=("gender",))
    assert shown.iloc[0].tolist() == ["female", "25–29", None]
    assert what == [Coarsening("dropped", "mentor_gender", 1)]


def test_nothing_changes_when_every_combination_is_common() -> None:
    pool = _roster_148().iloc[:147]
    shown, what = coarsen(pool, ["gender", "age"], pool, 5, exact_ages=True)
    assert what == []
    assert shown["gender"].tolist() == pool["gender"].tolist()
    assert shown["age"].tolist() == [str(a) for a in pool["age"]]
    again, _ = coarsen(pool, ["gender", "age"], pool, 5, exact_ages=True)
    assert again.equals(shown)


def test_min_cell_one_keeps_the_rare_category() -> None:
    pool = _roster_148()
    shown, what = coarsen(pool.iloc[[147]], ["gender", "age"], pool, 1, exact_ages=True)
    assert shown.iloc[0].tolist() == ["other", "27"] and what == []


def test_merge_rare_for_one_attribute_tables() -> None:
    pool = _roster_148()
    frame = pool.iloc[[0, 1, 147]]
    shown, what = merge_rare(frame, ["gender", "absent"], pool, 5)
    assert shown["gender"].tolist() == ["male", "female", NOT_STATED]
    assert what == [Coarsening("merged", "gender", 1)]
    assert coarsening_kinds(what) == ["gender merged"]


def test_bad_options_and_missing_columns_are_config_errors() -> None:
    pool = _roster_148()
    with pytest.raises(ConfigError, match="min_cell must be a positive whole number"):
        coarsen(pool, ["gender"], pool, 0)
    with pytest.raises(ConfigError, match="the pool has no column mentor_gender"):
        coarsen(pool.assign(mentor_gender="male"), ["gender", "mentor_gender"], pool, 5)


def test_small_cell_k_is_replaced_by_min_cell(demo_copy: Path) -> None:
    data = yaml.safe_load(demo_copy.read_text(encoding="utf-8"))
    data["privacy"] = {"small_cell_k": 5}
    demo_copy.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    from replicate.config import load_config

    with pytest.raises(ConfigError, match=r"'small_cell_k' was replaced: use min_cell"):
        load_config(demo_copy)


@pytest.fixture(scope="module")
def other_student(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The demo cohort with participant A of another gender, aged 27 (exact ages shown), run
    in-process through stages 00–50."""
    from replicate.stages import (
        coding_reliability,
        cohort_overview,
        pilot_interview_guide,
        sampling_design,
        theme_synthesis,
        write_up,
    )

    base = tmp_path_factory.mktemp("quasi")
    cohort = base / "cohort"
    shutil.copytree(DEMO, cohort, ignore=shutil.ignore_patterns("private"))
    students = pd.read_csv(cohort / "tables" / "students.csv", dtype=str,
                           keep_default_na=False)
    parts = pd.read_csv(cohort / "tables" / "participants.csv", dtype=str)
    sid = parts.loc[parts["pseudonym"] == "A", "student_id"].iloc[0]
    students.loc[students["student_id"] == sid, ["gender", "age"]] = ["other", "27"]
    students.to_csv(cohort / "tables" / "students.csv", index=False)
    data = yaml.safe_load((cohort / "cohort.yaml").read_text(encoding="utf-8"))
    data["reliability"]["bootstrap"] = 50
    data["synthesis"]["saturation"] = {"permutations": 10}
    config = cohort / "cohort.yaml"
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    run = base / "run"
    for fn in (cohort_overview, sampling_design, pilot_interview_guide, coding_reliability,
               theme_synthesis, write_up):
        fn(config, run)
    return {"run": run, "n_other": int((students["gender"] == "other").sum()),
            "n_students": len(students)}


def test_table_2_and_attributions_do_not_single_out_the_other_student(
        other_student: dict[str, object]) -> None:
    run = other_student["run"]
    assert isinstance(run, Path)
    assert (other_student["n_other"], other_student["n_students"]) == (1, 122)
    md = (run / "write-up.md").read_text(encoding="utf-8")
    table = md[md.index("| Pseudonym | Gender |"):].split("\n\n")[0].splitlines()
    rows = {r.split("|")[1].strip(): [c.strip() for c in r.split("|")[2:-1]]
            for r in table[2:]}
    assert len(rows) == 12
    # A: no gender; the age band and the mentor's gender that enough people share remain
    assert rows["A"][0] == "" and rows["A"][1] == "25–29"
    assert all(r[0] in ("female", "male") for who, r in rows.items() if who != "A")
    assert not re.search(r"\bother\b", " ".join(" ".join(r) for r in rows.values()))
    quotes = pd.read_csv(run / "artifacts" / "40_theme_synthesis-quotes.csv")
    mine = set(quotes.loc[quotes["participant"] == "A", "attribution"])
    assert mine <= {"(A, age 27)"}  # 27 alone is shared by enough eligible students
    assert not quotes["attribution"].str.contains("other").any()
    assert "(A, other" not in md
    for path in run.rglob("*"):
        if path.suffix in (".md", ".csv", ".json", ".html"):
            assert "other, age" not in path.read_text(encoding="utf-8"), path.name
    ethics = md[md.index("**Confidentiality:**"):].split("\n")[0]
    assert ("were coarsened where fewer than 5 people of the eligible pool shared their "
            "combination") in ethics
    assert "gender categories few people share were merged" in ethics
    assert "an attribute was left out" in ethics
    summary = (run / "artifacts" / "40_theme_synthesis.json").read_text(encoding="utf-8")
    assert '"coarsened": [' in summary and '"gender merged"' in summary


def test_key_dir_inside_the_reports_folder_is_refused_before_any_stage(
        demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = yaml.safe_load(demo_copy.read_text(encoding="utf-8"))
    data["privacy"] = {"key_dir": "reports/demo/keys"}
    demo_copy.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = demo_copy.parent / "reports"
    with pytest.raises(ConfigError, match=r"privacy\.key_dir .* lies inside the reports folder"):
        run_cohort(demo_copy, out_root=out)
    assert not (out / "demo").exists()
    assert main(["run", str(demo_copy), "--out", str(out), "-q"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "privacy.key_dir" in err[0] and "outside --out" in err[0]
    # the key folder is the reports folder itself, through a symbolic link
    (demo_copy.parent / "link").symlink_to(out, target_is_directory=True)
    data["privacy"] = {"key_dir": "link"}
    demo_copy.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert main(["run", str(demo_copy), "--out", str(out), "-q"]) == 2
    assert not list(out.glob(".demo.build-*")) and not (out / "demo").exists()
