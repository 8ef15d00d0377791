"""Tables: CSV and XLSX alike, type checks with row/column, duplicate keys, bad files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replicate.errors import DataError
from replicate.schema import TABLES
from replicate.tables import _strip_cells, check_table, load_table, read_raw_table

HEADER = "student_id,course,gender,age,mentor_id,meetings,consent_to_contact,status\n"


def _csv(tmp_path: Path, body: str, name: str = "students.csv") -> Path:
    p = tmp_path / name
    p.write_text(HEADER + body, encoding="utf-8")
    return p


def test_csv_and_xlsx_load_identically(tmp_path: Path) -> None:
    p = _csv(tmp_path, "S1,C1,female,27,M1,5,true,completed\nS2,C1,male,31,M2,2,no,active\n")
    from_csv = load_table("students", p)
    x = tmp_path / "students.xlsx"
    pd.read_csv(p, dtype=str).to_excel(x, index=False)
    from_xlsx = load_table("students", x)
    pd.testing.assert_frame_equal(from_csv, from_xlsx)
    assert from_csv["age"].tolist() == [27, 31]
    assert from_csv["consent_to_contact"].tolist() == [True, False]


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    p = tmp_path / "students.csv"
    p.write_bytes(("\ufeff" + HEADER + "S1,C1,female,27,M1,5,true,completed\n")
                  .replace("\n", "\r\n").encode("utf-8"))
    df = load_table("students", p)
    assert df.columns[0] == "student_id" and df.at[0, "status"] == "completed"


def test_problems_name_row_and_column(tmp_path: Path) -> None:
    p = _csv(tmp_path, "S1,C1,female,twenty,M1,5,true,completed\nS1,C1,fem,27,M1,-1,maybe,done\n")
    _, problems = check_table(read_raw_table(p), TABLES["students"], file="students.csv")
    lines = [e.one_line() for e in problems]
    assert "students.csv, row 2, column age: 'twenty' is not a whole number" in lines
    assert ("students.csv, row 3, column gender: 'fem' is not allowed; allowed: female, male, "
            "other") in lines
    assert "students.csv, row 3, column meetings: -1 is below the minimum 0" in lines
    assert "students.csv, row 3, column consent_to_contact: 'maybe' is not true/false" in lines
    assert any("row 3, column student_id: duplicate student_id 'S1' (first at row 2)" in s
               for s in lines)
    assert len(lines) == 6


def test_missing_and_unknown_columns(tmp_path: Path) -> None:
    p = tmp_path / "mentors.csv"
    p.write_text("mentor_id,gender,agee\nM1,male,40\n", encoding="utf-8")
    _, problems = check_table(read_raw_table(p), TABLES["mentors"], file="mentors.csv")
    lines = [e.one_line() for e in problems]
    assert any("required column 'age' is missing" in s for s in lines)
    assert any("unknown column 'agee'" in s for s in lines)


@pytest.mark.parametrize(("content", "needle"), [
    (b"", "the file is empty"),
    (b"student_id,course\x00\n", "not valid UTF-8"),  # UTF-16 without a byte-order mark
    ("student_id,course\nS1,Sjöström ".encode() + b"\xff\n", "mixes UTF-8 with other bytes"),
    (b"PK\x03\x04 not really a zip", "cannot read the spreadsheet"),
])
def test_bad_files(tmp_path: Path, content: bytes, needle: str) -> None:
    suffix = ".xlsx" if content.startswith(b"PK") else ".csv"
    p = tmp_path / f"students{suffix}"
    p.write_bytes(content)
    with pytest.raises(DataError) as err:
        load_table("students", p)
    assert needle in str(err.value) and str(p) in str(err.value)


def test_unsupported_suffix(tmp_path: Path) -> None:
    p = tmp_path / "students.ods"
    p.write_text("x", encoding="utf-8")
    with pytest.raises(DataError, match=r"unsupported file type '\.ods'; allowed: \.csv, \.xlsx"):
        load_table("students", p)


def test_enormous_cell_is_refused(tmp_path: Path) -> None:
    p = _csv(tmp_path, "S1," + "x" * 100_001 + ",female,27,M1,5,true,completed\n")
    with pytest.raises(DataError, match="at most 100000 allowed"):
        load_table("students", p)


_EDGE = st.sampled_from(["", " ", "\t", "\n", "\u00a0", "\u2003", "\x1f", "\x00", "a", "å", "b c"])


@settings(max_examples=400, deadline=None)
@given(cells=st.lists(st.one_of(st.none(), st.lists(_EDGE, max_size=4).map("".join)),
                      min_size=1, max_size=6))
def test_text_cells_are_stripped_and_blank_cells_kept(cells: list[str | None]) -> None:
    df = pd.DataFrame({"a": pd.array(cells, dtype="str")})
    want = [None if c is None else c.strip() for c in cells]
    got = _strip_cells(df)["a"].tolist()
    assert [None if pd.isna(v) else v for v in got] == want
    assert str(_strip_cells(df)["a"].dtype) == str(df["a"].dtype)
