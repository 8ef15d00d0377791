"""Bounded, confined loading: zip bombs, damaged workbooks, deep YAML, pipes, symlink loops,
paths outside the cohort folder, strict numbers in the config, units that misquote."""

from __future__ import annotations

import io
import os
import re
import signal
import struct
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from replicate.cohort import load_cohort, validate_cohort
from replicate.config import config_problems, confine, load_config
from replicate.errors import ConfigError, DataError
from replicate.tables import load_table, read_table
from replicate.transcripts import read_text


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail (instead of blocking the suite) when a read takes more than 20 s."""
    def fail(signum: int, frame: object) -> None:
        raise TimeoutError("the loader blocked")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def _lines(cfg: Path) -> list[str]:
    return [p.one_line() for p in validate_cohort(cfg)]


def _workbook_bytes() -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["mentor_id", "gender", "age"])
    ws.append(["M1", "male", 40])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _declare_size(data: bytes, member: str, size: int) -> bytes:
    """Rewrite the uncompressed size the zip directory declares for ``member``."""
    out = bytearray(data)
    name = member.encode()
    for sig, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = out.find(sig)
        while at >= 0:
            name_at = at + (46 if sig == b"PK\x01\x02" else 30)
            if out[name_at:name_at + len(name)] == name:
                out[at + offset:at + offset + 4] = struct.pack("<I", size)
            at = out.find(sig, at + 4)
    return bytes(out)


def test_declared_gigabyte_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "mentors.xlsx"
    path.write_bytes(_declare_size(_workbook_bytes(), "xl/worksheets/sheet1.xml", 2**30))
    start = time.perf_counter()
    with pytest.raises(DataError) as info:
        load_table("mentors", path)
    assert time.perf_counter() - start < 2
    assert info.value.message.startswith("the workbook would inflate to 10")
    assert "at most 536870912 are read" in info.value.message


def test_high_compression_ratio_is_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b" " * (64 << 20))  # ~1000-fold
    path = tmp_path / "mentors.xlsx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(DataError, match=r"part xl/worksheets/sheet1\.xml would inflate "
                                        r"\d+-fold .*at most 100-fold is read"):
        read_table(path)


def test_corrupt_sheet_xml_is_one_line(tmp_path: Path) -> None:
    src = zipfile.ZipFile(io.BytesIO(_workbook_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # cut in the middle of an element
            zf.writestr(item, data)
    path = tmp_path / "mentors.xlsx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(DataError) as info:
        load_table("mentors", path)
    line = info.value.one_line()
    assert line.startswith(f"{path}: cannot read the spreadsheet (")
    assert line.endswith("is it a valid .xlsx file?") and "\n" not in line


def test_deeply_nested_yaml_is_one_line(tmp_path: Path) -> None:
    p = tmp_path / "cohort.yaml"
    p.write_text("study: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(p)
    assert info.value.one_line() == (f"{p}: YAML nested too deeply (more than about 100 "
                                     "levels); flatten the structure")


def test_named_pipe_transcript_does_not_block(demo_copy: Path, no_hang: None) -> None:
    target = demo_copy.parent / "transcripts" / "E.txt"
    target.unlink()
    os.mkfifo(target)
    lines = _lines(demo_copy)
    assert lines == ["demo-cohort/transcripts/E.txt: is a named pipe, not a regular file; give "
                     "a file saved on disk"]
    with pytest.raises(DataError, match="is a named pipe"):
        read_text(target)


def test_named_pipe_table_does_not_block(tmp_path: Path, no_hang: None) -> None:
    path = tmp_path / "students.csv"
    os.mkfifo(path)
    with pytest.raises(DataError, match="is a named pipe, not a regular file"):
        load_table("students", path)


def test_symlink_loop_transcript_is_one_line(demo_copy: Path) -> None:
    folder = demo_copy.parent / "transcripts"
    (folder / "F.txt").unlink()
    (folder / "F.txt").symlink_to(folder / "loop.lnk")
    (folder / "loop.lnk").symlink_to(folder / "F.txt")
    assert _lines(demo_copy) == ["F.txt: symbolic links loop (a link points back to itself); "
                                 "point the link at a file"]


@pytest.mark.parametrize(("key", "value", "says"), [
    ("discussion", "../elsewhere/notes.md", "'../elsewhere/notes.md' leads outside the cohort "
                                            "folder"),
    ("discussion", "/etc/passwd", "'/etc/passwd' is an absolute path; give a path relative "
                                  "to the cohort folder"),
])
def test_author_text_outside_the_cohort_is_refused(demo_copy: Path, key: str, value: str,
                                                   says: str) -> None:
    text = demo_copy.read_text(encoding="utf-8")
    demo_copy.write_text(text.replace("discussion: author/discussion.md",
                                      f"discussion: {value}"), encoding="utf-8")
    config, problems = config_problems(demo_copy)
    assert config is None and len(problems) == 1
    line = problems[0].one_line()
    assert re.match(rf"{re.escape(str(demo_copy))}, line \d+, writeup\.author_text\.{key}: "
                    f"{re.escape(says)}", line), line


def test_symlink_out_of_the_cohort_is_refused(demo_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    link = demo_copy.parent / "tables" / "elsewhere.csv"
    link.symlink_to(outside / "mentors.csv")
    text = demo_copy.read_text(encoding="utf-8")
    demo_copy.write_text(text.replace("mentors: tables/mentors.csv",
                                      "mentors: tables/elsewhere.csv"), encoding="utf-8")
    lines = _lines(demo_copy)
    assert len(lines) == 1 and ", data.mentors: 'tables/elsewhere.csv' leads outside the " \
        "cohort folder" in lines[0]
    with pytest.raises(ConfigError, match=r"privacy\.key_dir: '\.\./keys' leads outside"):
        confine("../keys", demo_copy.parent, "privacy.key_dir")
    assert confine("private", demo_copy.parent, "privacy.key_dir") == (
        demo_copy.parent.resolve() / "private")


@pytest.mark.parametrize(("old", "new", "where", "says"), [
    ("students_offered: 122", "students_offered: true", "programme.students_offered",
     "Input should be a valid integer (given True)"),
    ("target_n: 12\n", "target_n: 12.0\n", "sampling.target_n",
     "Input should be a valid integer (given 12.0)"),
    ("double_coded_fraction: 0.2", "double_coded_fraction: yes",
     "reliability.double_coded_fraction", "Input should be a valid number (given True)"),
])
def test_config_numbers_are_strict(demo_copy: Path, old: str, new: str, where: str,
                                   says: str) -> None:
    demo_copy.write_text(demo_copy.read_text(encoding="utf-8").replace(old, new),
                         encoding="utf-8")
    _, problems = config_problems(demo_copy)
    assert len(problems) == 1
    assert problems[0].location is not None and problems[0].location.endswith(where)
    assert problems[0].message == says


def test_date_formats_and_a_named_sheet_in_the_config(demo_copy: Path) -> None:
    tables = demo_copy.parent / "tables"
    participants = tables / "participants.csv"
    text = participants.read_text(encoding="utf-8")
    participants.write_text(text.replace("2025-02-11", "11/02/2025"), encoding="utf-8")
    assert _lines(demo_copy) == [
        "demo-cohort/tables/participants.csv, row 2, column interview_date: '11/02/2025' is "
        "ambiguous (11 February or 2 November?); write YYYY-MM-DD, or give the table's format in "
        "data.date_formats.participants (e.g. '%d/%m/%Y')"]
    cfg = demo_copy.read_text(encoding="utf-8")
    wb = Workbook()
    notes = wb.active
    assert notes is not None
    notes.title = "About"
    roster = wb.create_sheet("Roster")
    import csv
    with (tables / "mentors.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            roster.append(row)
    wb.save(tables / "mentors.xlsx")
    demo_copy.write_text(cfg.replace("  pilots: pilots\n", "  pilots: pilots\n  date_formats: "
                                     "{participants: '%d/%m/%Y'}\n").replace(
        "mentors: tables/mentors.csv", "mentors: tables/mentors.xlsx#Roster"), encoding="utf-8")
    assert _lines(demo_copy) == []
    cohort = load_cohort(demo_copy)
    assert str(cohort.tables["participants"].at[0, "interview_date"].date()) == "2025-02-11"
    assert len(cohort.tables["mentors"]) == 90


def test_bad_date_format_is_refused(demo_copy: Path) -> None:
    cfg = demo_copy.read_text(encoding="utf-8")
    demo_copy.write_text(cfg.replace("  pilots: pilots\n", "  pilots: pilots\n  date_formats: "
                                     "{participants: '%d/%m'}\n"), encoding="utf-8")
    _, problems = config_problems(demo_copy)
    assert [p.message for p in problems] == [
        "the format for participants ('%d/%m') lacks %Y; a date format names the day, the "
        "month and the year, e.g. '%d/%m/%Y'"]


def test_unit_text_must_be_the_transcripts_text(demo_copy: Path) -> None:
    units = demo_copy.parent / "tables" / "units.csv"
    text = units.read_text(encoding="utf-8")
    units.write_text(text.replace("You don't see that from the student side.",
                                  "You do see that from the student side.", 1),
                     encoding="utf-8")
    lines = _lines(demo_copy)
    assert len(lines) == 1
    assert lines[0].startswith("demo-cohort/tables/units.csv, row 2, column text: the text is "
                               "not the transcript's text at offsets 2461–2594 (there: 'I "
                               "understood better")


def test_unit_transcript_must_be_its_participants(demo_copy: Path) -> None:
    units = demo_copy.parent / "tables" / "units.csv"
    text = units.read_text(encoding="utf-8")
    units.write_text(text.replace("U0001,A,A.txt,", "U0001,B,A.txt,", 1), encoding="utf-8")
    for full in (True, False):
        with pytest.raises(DataError) as info:
            load_cohort(demo_copy, transcripts=full)
        assert info.value.one_line() == (
            "demo-cohort/tables/units.csv, row 2, column participant: transcript 'A.txt' is "
            "participant A's (in demo-cohort/tables/participants.csv), not B's; a unit's "
            "participant and transcript must match")


def test_loader_notes_reach_the_cohort(demo_copy: Path) -> None:
    tables = demo_copy.parent / "tables"
    mentors = tables / "mentors.csv"
    mentors.write_bytes(mentors.read_text(encoding="utf-8").replace(
        "Synthetic", "Synthétic", 1).encode("cp1252"))
    students = tables / "students.csv"
    rows = students.read_text(encoding="utf-8").split("\n")
    rows[1] = rows[1].replace(",26,M043,2,", ",,M043,2,")  # S001: 2 meetings, not eligible
    students.write_text("\n".join(rows), encoding="utf-8")
    assert validate_cohort(demo_copy) == []
    notes = load_cohort(demo_copy).notes
    assert notes[0].startswith("demo-cohort/tables/students.csv, column age: 1 empty cell(s) "
                               "(row 2), all in rows of students who withdrew, had fewer "
                               "than 3 meetings, gave no consent or took part in a pilot")
    assert notes[1].startswith("demo-cohort/tables/mentors.csv: not UTF-8; read as "
                               "Windows-1252 (cp1252); check that 'Synthétic'")
