"""Bad input gives a DataError that names the row and says what is allowed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from replicate.cli import main
from replicate.errors import ConfigError, DataError
from replicate.reliability import (
    agreement_statistics,
    agreement_weights,
    analyse_reliability,
    bootstrap_agreement,
    character_agreement,
    long_to_wide,
    ratings_table,
    read_ratings,
    verdict,
)


def _frame(rows: dict[str, list[object]], index: list[object] | None = None) -> pd.DataFrame:
    return pd.DataFrame(rows, index=index)


def test_one_coder() -> None:
    with pytest.raises(DataError, match="at least two coders, found only one coder column"):
        ratings_table(_frame({"SK": ["a", "b"]}))


def test_unit_with_no_ratings_is_dropped_and_listed() -> None:
    frame = _frame({"SK": ["a", None, "b"], "CS": ["a", "", "b"]}, index=["U1", "U2", "U3"])
    table = ratings_table(frame)
    assert list(table.units) == ["U1", "U3"] and table.dropped == ("U2",)
    assert table.codes.tolist() == [[0, 0], [1, 1]]


def test_text_at_interval_level_names_row_and_column() -> None:
    frame = _frame({"A": [1, 2, 3], "B": ["1", "two", "3"]}, index=[10, 11, 12])
    with pytest.raises(DataError) as info:
        ratings_table(frame, level="interval")
    assert info.value.location == "row 3 (unit 11), column B"
    assert "text value two at interval level" in info.value.message
    assert ratings_table(frame, level="nominal").n_categories == 4


def test_negative_value_at_ratio_level() -> None:
    with pytest.raises(DataError, match="negative value -1 at ratio level"):
        ratings_table(_frame({"A": [1, -1], "B": [1, 2]}), level="ratio")


def test_duplicate_unit_ids_name_both_rows() -> None:
    frame = _frame({"A": ["a", "b", "c"], "B": ["a", "b", "c"]}, index=["U1", "U2", "U1"])
    with pytest.raises(DataError) as info:
        ratings_table(frame)
    assert "unit id U1 appears more than once (rows 2, 4)" in info.value.message


def test_empty_table() -> None:
    with pytest.raises(DataError, match="no units"):
        ratings_table(pd.DataFrame({"A": [], "B": []}))


def test_no_unit_rated_twice() -> None:
    with pytest.raises(DataError, match="no unit was rated by two or more coders"):
        ratings_table(_frame({"A": ["a", None], "B": [None, "b"]}))


def test_rating_outside_categories() -> None:
    with pytest.raises(DataError) as info:
        ratings_table(_frame({"A": ["a", "b"], "B": ["a", "x"]}, index=["U1", "U2"]),
                      categories=["a", "b"])
    assert info.value.location == "row 3 (unit U2), column B"
    assert "rating x is not in the category set (a, b)" in info.value.message


def test_duplicate_category() -> None:
    with pytest.raises(DataError, match="category a is listed more than once"):
        ratings_table(_frame({"A": ["a"], "B": ["a"]}), categories=["a", "b", " a"])


def test_unknown_level_and_weights() -> None:
    with pytest.raises(DataError, match="level 'binary' is not allowed"):
        ratings_table(_frame({"A": ["a"], "B": ["a"]}), level="binary")  # type: ignore[arg-type]
    with pytest.raises(DataError, match="weights 'cubic' are not allowed"):
        agreement_weights(3, "cubic")  # type: ignore[arg-type]
    with pytest.raises(DataError, match="distance vector needs 3 values"):
        agreement_weights(3, [0, 1])


def test_long_form_duplicate_coding_names_rows() -> None:
    codings = pd.DataFrame({"unit_id": ["U1", "U1", "U2", "U1"],
                            "coder": ["SK", "CS", "SK", "SK"],
                            "code": ["a", "a", "b", "b"]})
    with pytest.raises(DataError) as info:
        long_to_wide(codings)
    assert "coder SK coded unit U1 more than once (rows 2, 5)" in info.value.message


def test_long_form_blank_coder() -> None:
    codings = pd.DataFrame({"unit_id": ["U1", "U1"], "coder": ["SK", " "], "code": ["a", "a"]})
    with pytest.raises(DataError, match="coder is blank") as info:
        long_to_wide(codings)
    assert info.value.location == "row 3 (unit U1), column coder"


def test_bootstrap_arguments() -> None:
    frame = _frame({"A": ["a", "b"], "B": ["a", "b"]})
    with pytest.raises(DataError, match="n_boot must be at least 1"):
        bootstrap_agreement(frame, n_boot=0, seed=1)
    with pytest.raises(DataError, match="cannot bootstrap 'conger_kappa'"):
        bootstrap_agreement(frame, seed=1, statistics=["conger_kappa"])
    three = _frame({"A": ["a", "b"], "B": ["a", "b"], "C": ["a", "a"]})
    with pytest.raises(DataError, match="cohen_kappa needs exactly two coders"):
        bootstrap_agreement(three, seed=1, statistics=["cohen_kappa"])


def test_verdict_unknown_threshold() -> None:
    stats = agreement_statistics(_frame({"A": ["a", "b"], "B": ["a", "b"]}))
    with pytest.raises(ConfigError, match="threshold 'beta' names no statistic"):
        verdict(stats, {"beta": 0.5})
    with pytest.raises(ConfigError, match="must lie between -1 and 1"):
        verdict(stats, {"alpha": 1.5})


def test_character_offsets_must_be_valid() -> None:
    codings = pd.DataFrame({"unit_id": ["U1", "U1"], "coder": ["A", "B"], "code": ["x", "x"]})
    units = pd.DataFrame({"unit_id": ["U1"], "transcript": ["t"], "start": [5], "end": [5]})
    with pytest.raises(DataError, match="0 <= start < end"):
        character_agreement(codings, units)
    units = pd.DataFrame({"unit_id": ["U1"], "transcript": ["t"], "start": [0], "end": [50]})
    with pytest.raises(DataError, match="has only 10 characters"):
        character_agreement(codings, units, transcript_lengths={"t": 10})


def test_stage_rejects_code_outside_codebook_naming_codings_row() -> None:
    codings = pd.DataFrame({"unit_id": ["U1", "U1", "U2", "U2"], "coder": ["A", "B", "A", "B"],
                            "code": ["x", "x", "y", "zz"]})
    units = pd.DataFrame({"unit_id": ["U1", "U2"], "participant": ["A", "A"],
                          "transcript": ["A.txt", "A.txt"], "text": ["t1", "t2"]})
    with pytest.raises(DataError) as info:
        analyse_reliability(codings, units, thresholds={}, seed=1, n_boot=0,
                            categories=["x", "y"])
    assert info.value.one_line() == ("codings, row 5, column code: code zz is not in the "
                                     "codebook; use a code from the codebook or add it there")


def test_stage_rejects_unit_missing_from_units() -> None:
    codings = pd.DataFrame({"unit_id": ["U1", "U1"], "coder": ["A", "B"], "code": ["x", "x"]})
    units = pd.DataFrame({"unit_id": ["U2"], "participant": ["A"], "transcript": ["A.txt"],
                          "text": ["t"]})
    with pytest.raises(DataError, match="unit U1 is coded but not in the units table"):
        analyse_reliability(codings, units, thresholds={}, seed=1, n_boot=0)


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("", [], "the file is empty"),
        ("unit,A\n1,x\n2,y\n", [], "found only one coder column (A)"),
        ("unit,A,B\n1,x,\n2,,\n3,,y\n", [], "no unit was rated by two or more coders"),
        ("unit,A,B\n1,1,1\n2,1,a\n", ["--level", "interval"],
         "row 3 (unit 2), column B: text value a at interval level"),
        ("unit,A,B\n1,x,x\n1,x,y\n", [], "unit id 1 appears more than once (rows 2, 3)"),
        ("unit,A,B\n", [], "the file has no data rows"),
        ("unit,coder,code\n1,A,x\n1,A,y\n", ["--long"], "coder A coded unit 1 more than once"),
        ("unit,coder,code\n1,A,x\n2,A,y\n", ["--long"],
         "column coder: agreement needs at least two coders, found only one (A); add a second "
         "coder's codes of the same units as rows unit, coder, code (one row per unit and "
         "coder)"),
    ],
)
def test_cli_exits_2_with_one_line_naming_file_and_row(
    tmp_path: Path, content: str, args: list[str], message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "codes.csv"
    path.write_text(content, encoding="utf-8")
    assert main(["agreement", str(path), *args]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert str(path) in lines[0]
    assert message in lines[0]


def test_cli_subprocess_exit_code(tmp_path: Path) -> None:
    """End to end through the interpreter: exit status 2 and one line on stderr."""
    path = tmp_path / "codes.csv"
    path.write_text("unit,A\n1,x\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "replicate.cli", "agreement", str(path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip().count("\n") == 0
    assert "at least two coders" in done.stderr


def test_read_ratings_rejects_unknown_suffix_and_missing_file(tmp_path: Path) -> None:
    odd = tmp_path / "codes.ods"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(DataError, match=r"unsupported file type \.ods"):
        read_ratings(odd)
    with pytest.raises(DataError, match="file not found"):
        read_ratings(tmp_path / "nope.csv")
    blank = tmp_path / "blank.csv"
    blank.write_text("unit,A,B\n1,a,a\n,b,b\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_ratings(blank)
    assert info.value.location == "row 3, column unit"


def test_conger_undefined_when_a_coder_rated_nothing() -> None:
    frame = _frame({"A": ["a", "b"], "B": ["a", "b"], "C": [np.nan, np.nan]})
    stats = agreement_statistics(frame)
    assert stats.value("conger_kappa") is None
    assert stats.value("fleiss_kappa") == pytest.approx(1.0)
