"""The consensus meeting's resolutions: read back, checked with one-line errors, shown as
settled; the disagreement list grouped by the codes in dispute; the page opens with it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from replicate.cli import main
from replicate.cohort import load_cohort
from replicate.config import config_problems
from replicate.errors import DataError
from replicate.pipeline import stage_keys
from replicate.reliability import (
    confused_codes,
    disagreements,
    resolution_problems,
    settle,
)
from replicate.stages import stage_named

S30 = "30_coding_reliability"


def _list() -> pd.DataFrame:
    wide = pd.DataFrame({"A": ["x", "x", "y", "z"], "B": ["y", "x", "x", "x"],
                         "C": ["z", None, "y", "y"]}, index=["U1", "U2", "U3", "U4"])
    return disagreements(wide)


def test_disagreements_name_the_codes_in_dispute() -> None:
    table = _list()
    assert table["unit_id"].tolist() == ["U1", "U3", "U4"]
    assert table["codes"].tolist() == ["x | y | z", "x | y", "x | y | z"]
    assert (table["resolution"] == "").all()


def test_confused_codes_count_each_pair_once_per_unit() -> None:
    out = confused_codes(_list(), ["A", "B", "C"])
    assert out.to_dict("records") == [
        {"code": "x", "confused_with": "y", "n_units": 3},
        {"code": "x", "confused_with": "z", "n_units": 2},
        {"code": "y", "confused_with": "z", "n_units": 2}]
    assert confused_codes(_list().iloc[0:0], ["A", "B", "C"]).empty


def test_resolution_problems_one_line_each() -> None:
    res = pd.DataFrame({"unit_id": ["U1", "U9", "U1", "", "U3", "U4"],
                        "resolution": ["x", "x", "y", "x", "'=w", ""]})
    problems = resolution_problems(res, double_coded={"U1", "U3", "U4"}, codes={"x", "y"},
                                   file="tables/resolutions.csv")
    assert [str(p) for p in problems] == [
        "tables/resolutions.csv, row 3, column unit_id: unit U9 was not coded by two or more "
        "coders; only units of the disagreement list can be settled",
        "tables/resolutions.csv, row 4, column unit_id: unit U1 is settled twice (first on "
        "row 2); keep one row per unit",
        "tables/resolutions.csv, row 5, column unit_id: a resolution without a unit_id; write "
        "the unit it settles",
        "tables/resolutions.csv, row 6, column resolution: '=w' is not a code of the codebook; "
        "write the agreed code as the codebook spells it, or leave the cell blank while the "
        "unit is still open"]
    missing = resolution_problems(pd.DataFrame({"unit": ["U1"]}), double_coded={"U1"},
                                  codes={"x"}, file="r.csv")
    assert len(missing) == 1 and str(missing[0]).startswith(
        "r.csv: needs the columns unit_id and resolution; copy the disagreement list")


def test_settle_fills_the_agreed_codes_and_keeps_the_rest_open() -> None:
    res = pd.DataFrame({"unit_id": ["U3", "U4"], "resolution": ["y", ""],
                        "codebook_change": ["narrow y", "split z"]})
    out = settle(_list(), res)
    assert out["resolution"].tolist() == ["", "y", ""]
    assert out["codebook_change"].tolist() == ["", "narrow y", "split z"]
    assert _list()["resolution"].tolist() == ["", "", ""]  # the input is not changed


def test_resolutions_path_is_confined_to_the_cohort_folder(demo_copy: Path) -> None:
    data = yaml.safe_load(demo_copy.read_text(encoding="utf-8"))
    data["reliability"]["resolutions"] = "../resolutions.csv"
    demo_copy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    config, problems = config_problems(demo_copy)
    assert config is None
    assert len(problems) == 1
    assert str(problems[0].location).endswith(", reliability.resolutions")
    assert "leads outside the cohort folder" in str(problems[0])


def _with_resolutions(cohort: Path, frame: pd.DataFrame) -> None:
    data = yaml.safe_load(cohort.read_text(encoding="utf-8"))
    data["reliability"]["resolutions"] = "tables/resolutions.csv"
    data["reliability"]["bootstrap"] = 0
    cohort.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    frame.to_csv(cohort.parent / "tables" / "resolutions.csv", index=False)


def test_the_next_run_reads_the_meetings_resolutions(demo_copy: Path, tmp_path: Path) -> None:
    stage = stage_named(S30)
    cohort = load_cohort(demo_copy, transcripts=False)
    first = stage.entry(cohort, tmp_path / "run1")
    listed = pd.read_csv(tmp_path / "run1" / "artifacts" / f"{S30}-disagreements.csv",
                         keep_default_na=False)
    total = len(listed)
    assert total >= 2 and (listed["resolution"] == "").all()
    assert first.summary["consensus"] == {"n_settled": 0, "n_open": total, "resolutions": None}
    assert first.html("consensus").startswith(f"<p><strong>{total} disagreements to settle")
    coders = [c for c in listed.columns if c not in (
        "unit_id", "participant", "transcript", "text", "codes", "final_code", "resolution",
        "codebook_change")]
    # the coders settle the first unit with the second coder's code, as the copied list
    listed.loc[0, "resolution"] = listed.loc[0, coders[1]]
    listed.loc[0, "codebook_change"] = "sharpen the definition"
    _with_resolutions(demo_copy, listed)

    second = stage.entry(load_cohort(demo_copy, transcripts=False), tmp_path / "run2")
    out = pd.read_csv(tmp_path / "run2" / "artifacts" / f"{S30}-disagreements.csv",
                      keep_default_na=False)
    assert out.loc[0, "resolution"] == listed.loc[0, coders[1]]
    assert out.loc[0, "codebook_change"] == "sharpen the definition"
    assert (out["resolution"].iloc[1:] == "").all()
    assert second.summary["consensus"] == {"n_settled": 1, "n_open": total - 1,
                                           "resolutions": "tables/resolutions.csv"}
    assert f"{total - 1} of {total} disagreements still to settle" in second.html("consensus")
    settled = second.html("disagreements_settled")
    assert str(listed.loc[0, "unit_id"]) in settled
    assert str(listed.loc[0, "unit_id"]) not in second.html("disagreements")


def test_validate_lists_every_problem_of_the_resolutions_file(
        demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    codings = pd.read_csv(demo_copy.parent / "tables" / "codings.csv")
    unit = str(codings["unit_id"].iloc[0])
    _with_resolutions(demo_copy, pd.DataFrame({"unit_id": [unit, "NOPE"],
                                               "resolution": ["no such code", ""]}))
    assert main(["validate", str(demo_copy)]) == 2
    err = capsys.readouterr().err.splitlines()
    shown = "demo-cohort/tables/resolutions.csv"
    assert f"{shown}, row 2, column resolution: 'no such code' is not a code of the codebook; " \
           "write the agreed code as the codebook spells it, or leave the cell blank while the " \
           "unit is still open" in err
    assert f"{shown}, row 3, column unit_id: unit NOPE was not coded by two or more coders; " \
           "only units of the disagreement list can be settled" in err
    with pytest.raises(DataError, match="row 2, column resolution: 'no such code'"):
        stage_named(S30).entry(load_cohort(demo_copy, transcripts=False), demo_copy.parent / "r")


def test_the_resolutions_file_is_part_of_stage_30s_key(demo_copy: Path) -> None:
    stages = [stage_named(S30), stage_named("00_cohort_overview")]
    _with_resolutions(demo_copy, pd.DataFrame({"unit_id": [], "resolution": []}))
    before = stage_keys(load_cohort(demo_copy, transcripts=False), stages)
    codings = pd.read_csv(demo_copy.parent / "tables" / "codings.csv")
    pd.DataFrame({"unit_id": [codings["unit_id"].iloc[0]], "resolution": [""]}).to_csv(
        demo_copy.parent / "tables" / "resolutions.csv", index=False)
    after = stage_keys(load_cohort(demo_copy, transcripts=False), stages)
    assert after[S30] != before[S30]
    assert after["00_cohort_overview"] == before["00_cohort_overview"]
