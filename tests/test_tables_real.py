"""Tables as spreadsheets really write them: separators, encodings, sheets, headers, dates."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from replicate.errors import DataError
from replicate.schema import TABLES
from replicate.tables import convert_table, load_table, read_table, students_in_use

PARTICIPANTS = [["pseudonym", "student_id", "interview_date", "duration_min", "transcript"],
                ["A", "S1", "2023-06-09", "45,5", "A.txt"],
                ["B", "Sjöström", "2023-06-12", "40", "B.txt"]]
STUDENTS = ("student_id,course,gender,age,mentor_id,meetings,consent_to_contact,status\n"
            "S1,C1,female,27,M1,5,true,completed\n")


def _write(path: Path, rows: list[list[str]], sep: str, encoding: str, end: str = "\n") -> Path:
    path.write_bytes((end.join(sep.join(r) for r in rows) + end).encode(encoding))
    return path


def test_swedish_excel_csv_reads_like_the_plain_one(tmp_path: Path) -> None:
    """';' separators, a decimal comma, a UTF-8 BOM and CRLF: what Excel (sv-SE) saves."""
    plain = load_table("participants", _write(tmp_path / "a.csv", [
        [c.replace("45,5", "45.5") for c in r] for r in PARTICIPANTS], ",", "utf-8"))
    excel = tmp_path / "b.csv"
    _write(excel, PARTICIPANTS, ";", "utf-8-sig", "\r\n")
    raw = read_table(excel)
    assert raw.delimiter == ";" and raw.notes == ()
    table = load_table("participants", excel)
    pd.testing.assert_frame_equal(table, plain)
    assert table["duration_min"].tolist() == [45.5, 40.0]
    assert table["interview_date"].tolist() == [pd.Timestamp("2023-06-09"),
                                                pd.Timestamp("2023-06-12")]


@pytest.mark.parametrize(("sep", "encoding", "note"), [
    ("\t", "utf-16", "read as UTF-16 (the file starts with its byte-order mark)"),
    (",", "cp1252", "not UTF-8; read as Windows-1252 (cp1252); check that 'Sjöström' "
                    "(line 3) reads right, or save the file as CSV UTF-8 to be sure"),
    (";", "latin-1", "not UTF-8; read as Windows-1252 (cp1252); check that 'Sjöström' "
                     "(line 3) reads right, or save the file as CSV UTF-8 to be sure"),
])
def test_other_encodings_are_read_with_a_note(tmp_path: Path, sep: str, encoding: str,
                                              note: str) -> None:
    rows = [[c.replace("45,5", "45") for c in r] for r in PARTICIPANTS]
    raw = read_table(_write(tmp_path / "p.csv", rows, sep, encoding))
    assert raw.notes == (note,)
    assert raw.frame["student_id"].tolist() == ["S1", "Sjöström"]


def test_latin1_byte_undefined_in_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"pseudonym,student_id,transcript\nA,S\x81,A.txt\n")
    assert read_table(path).notes[0].startswith("not UTF-8; read as Latin-1 (ISO-8859-1)")


def _book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = Workbook()
    first = True
    for title, rows in sheets.items():
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        ws.title = title
        for r in rows:
            ws.append(r)
        first = False
    wb.save(path)
    return path


def test_named_sheet_and_a_hint_for_data_on_another_sheet(tmp_path: Path) -> None:
    rows = [r.split(",") for r in STUDENTS.strip().split("\n")]
    book = _book(tmp_path / "students.xlsx", {"Notes": [["read me"]], "Roster": rows})
    table = load_table("students", book, sheet="Roster")
    assert table["age"].tolist() == [27] and read_table(book, sheet="Roster").sheet == "Roster"
    with pytest.raises(DataError) as info:
        load_table("students", book)
    assert info.value.message == (
        "the first sheet 'Notes' does not have the columns (student_id, course, gender, age, "
        "mentor_id, meetings, consent_to_contact, status); sheet 'Roster' has them: name it in "
        "the config as 'students.xlsx#Roster'")
    with pytest.raises(DataError, match=r"no sheet 'Elever'; its sheets: Notes, Roster"):
        load_table("students", book, sheet="Elever")


@pytest.mark.parametrize(("header", "line"), [
    ("Age", "column 'Age' is not 'age' (the case differs); did you mean 'age'? rename the "
            "header"),
    ("age\u200b", "column 'age\\u200b' is not 'age' (it holds an invisible character); did "
                  "you mean 'age'? rename the header"),
    ("Mentor ID", "column 'Mentor ID' is not 'mentor_id' (the case differs and spaces or "
                  "hyphens stand for underscores); did you mean 'mentor_id'? rename the header"),
])
def test_near_miss_header_is_one_line(tmp_path: Path, header: str, line: str) -> None:
    path = tmp_path / "students.csv"
    wrong = "mentor_id" if header == "Mentor ID" else "age"
    path.write_text(STUDENTS.replace(f",{wrong},", f",{header},", 1), encoding="utf-8")
    checked = convert_table(read_table(path).frame, TABLES["students"], file="s.csv")
    assert [p.one_line() for p in checked.problems] == [f"s.csv, row 1: {line}"]


def test_surrounding_spaces_in_a_header_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "students.csv"
    path.write_text(STUDENTS.replace(",age,", ", age ,", 1), encoding="utf-8")
    assert load_table("students", path)["age"].tolist() == [27]


def test_typo_header_gets_a_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "mentors.csv"
    path.write_text("mentor_id,gender,agee\nM1,male,40\n", encoding="utf-8")
    checked = convert_table(read_table(path).frame, TABLES["mentors"], file="m.csv")
    assert "unknown column 'agee'; did you mean 'age'?" in checked.problems[1].message


@pytest.mark.parametrize(("cell", "fmt", "problem"), [
    ("09/06/2023", None, "'09/06/2023' is ambiguous (9 June or 6 September?); write "
                         "YYYY-MM-DD, or give the table's format in "
                         "data.date_formats.participants (e.g. '%d/%m/%Y')"),
    ("25/06/2023", None, "'25/06/2023' is not a date in YYYY-MM-DD form; write YYYY-MM-DD, or "
                         "give the table's format in data.date_formats.participants (e.g. "
                         "'%d/%m/%Y')"),
    ("today", None, "'today' is a relative date, which changes meaning from day to day; write "
                    "the date itself as YYYY-MM-DD"),
    ("now", "%d/%m/%Y", "'now' is a relative date, which changes meaning from day to day; "
                        "write the date itself as YYYY-MM-DD"),
    ("June 9, 2023", None, "'June 9, 2023' is not a date in YYYY-MM-DD form; write "
                           "YYYY-MM-DD, or give the table's format in "
                           "data.date_formats.participants (e.g. '%d/%m/%Y')"),
    ("2023-02-30", None, "'2023-02-30' is not a date; write YYYY-MM-DD"),
    ("09-06-2023", "%d/%m/%Y", "'09-06-2023' does not match the table's date format "
                               "'%d/%m/%Y' (data.date_formats) nor YYYY-MM-DD"),
])
def test_dates_are_iso_or_follow_the_tables_format(cell: str, fmt: str | None,
                                                   problem: str) -> None:
    raw = pd.DataFrame({"pseudonym": ["A"], "student_id": ["S1"], "interview_date": [cell],
                        "transcript": ["A.txt"]}, dtype=str)
    checked = convert_table(raw, TABLES["participants"], file="p.csv", date_format=fmt)
    assert [p.one_line() for p in checked.problems] == [
        f"p.csv, row 2, column interview_date: {problem}"]


def test_date_format_reads_day_first() -> None:
    raw = pd.DataFrame({"pseudonym": ["A", "B"], "student_id": ["S1", "S2"],
                        "interview_date": ["09/06/2023", "2023-06-12 00:00:00"],
                        "transcript": ["A.txt", "B.txt"]}, dtype=str)
    checked = convert_table(raw, TABLES["participants"], file="p.csv", date_format="%d/%m/%Y")
    assert checked.problems == []
    assert checked.table["interview_date"].tolist() == [pd.Timestamp("2023-06-09"),
                                                        pd.Timestamp("2023-06-12")]


@pytest.mark.parametrize(("cell", "problem"), [
    ("2_6", "'2_6' is not a whole number"),
    ("1e2", "'1e2' is not a whole number"),
    ("true", "'true' is not a whole number"),
    ("٣", "'٣' is not a whole number"),
])
def test_whole_numbers_are_plain_digits(tmp_path: Path, cell: str, problem: str) -> None:
    path = tmp_path / "students.csv"
    path.write_text(STUDENTS.replace(",27,", f",{cell},"), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_table("students", path)
    assert info.value.one_line() == f"{path}, row 2, column age: {problem}"
    path.write_text(STUDENTS.replace(",27,", ",27.0,"), encoding="utf-8")
    assert load_table("students", path)["age"].tolist() == [27]  # a workbook's whole number


def test_blank_age_of_students_no_stage_uses_is_a_note(tmp_path: Path) -> None:
    path = tmp_path / "students.csv"
    path.write_text(STUDENTS + "S2,C1,male,,M1,1,true,completed\n"
                    "S3,C1,male,,M1,7,true,withdrawn\nS4,C1,female,,M1,4,true,active\n"
                    "S5,C1,other,,M1,6,false,active\n",
                    encoding="utf-8")
    checked = convert_table(read_table(path).frame, TABLES["students"], file="s.csv",
                            in_use=students_in_use(3))
    assert [p.one_line() for p in checked.problems] == [
        "s.csv, row 5, column age: empty cell; column 'age' is required"]  # S4 is eligible
    assert checked.notes == [
        "s.csv, column age: 3 empty cell(s) (row 3, 4, 6), all in rows of students who "
        "withdrew, had fewer than 3 meetings, gave no consent or took part in a pilot; no "
        "stage uses them, so they are allowed"]  # S5 gave no consent: never sampled
    # without the rule (a table read on its own) every blank is an error
    with pytest.raises(DataError, match="row 3, column age: empty cell"):
        load_table("students", path)
