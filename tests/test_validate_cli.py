"""``replicate validate``: every problem on its own line, exit 2, no kernel, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from replicate.cli import main


def test_init_output_is_valid(mini_cohort: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(mini_cohort)]) == 0
    assert "valid" in capsys.readouterr().out


def test_typo_missing_file_and_duplicate_id_give_three_lines(
    mini_cohort: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = mini_cohort.read_text(encoding="utf-8")
    text = text.replace("  min_meetings: 3", "  min_meetngs: 3")
    text = text.replace("mentors: tables/mentors.csv", "mentors: tables/mentorz.csv")
    mini_cohort.write_text(text, encoding="utf-8")
    students = mini_cohort.parent / "tables" / "students.csv"
    lines = students.read_text(encoding="utf-8").splitlines()
    students.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")

    assert main(["validate", str(mini_cohort)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    problems = err[:-1]
    assert len(problems) == 3, err
    assert "sampling.min_meetngs: unknown key 'min_meetngs'; allowed keys here:" in problems[0]
    assert "cohort/tables/mentorz.csv, data.mentors: file not found" in problems
    assert any(f"cohort/tables/students.csv, row {len(lines) + 1}, column student_id: "
               "duplicate student_id 'S001'" in line for line in problems)
    assert err[-1].startswith("3 problem(s) found")
    assert "Traceback" not in "\n".join(err)


def test_cross_references(mini_cohort: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tables = mini_cohort.parent / "tables"
    units = tables / "units.csv"
    units.write_text(units.read_text(encoding="utf-8").replace(",A,A.txt,", ",Z,A.txt,")
                     .replace("talks freely\n", "no such code\n"), encoding="utf-8")
    assert main(["validate", str(mini_cohort)]) == 2
    err = capsys.readouterr().err
    assert "units.csv, row 2, column participant: 'Z' is not a pseudonym in the participants" in err
    assert "units.csv, row 2, column code: 'no such code' is not a code in the codebook" in err


def test_missing_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2
    assert capsys.readouterr().err.startswith(f"{tmp_path / 'nope.yaml'}: file not found")
