"""PII scan of inputs: transcripts, tables and the ``scan`` command."""

from __future__ import annotations

import argparse
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from replicate.errors import DataError
from replicate.privacy import (
    IdentitySet,
    findings_frame,
    format_findings,
    identifying_values,
    scan_inputs,
    scan_table,
    scan_text,
)
from replicate.privacy.cli import add_parser

STUDENTS = pd.DataFrame({
    "student_id": ["S001", "S002"],
    "name": ["Anna Lindqvist", "Johan Ekström"],
    "email": ["anna.lindqvist@example.org", "je@example.org"],
})
MENTORS = pd.DataFrame({"mentor_id": ["M017"], "name": ["Dr Karin Berg"]})

TRANSCRIPT = """\
# synthetic: true
# participant: A
[00:00:05] I: Could you tell me about your first meeting with your mentor?
[00:00:12] P: We met on 2025-09-01 at 10:30. Johan was there, and Dr Berg too.
P: My mentor, well, Karin Berg, said I could write to anna.lindqvist@example.org
or ring 070-123 45 67. My number is 811228-9874.
I: For example, will you grant that the mentor was kind?
P: Yes. Mentor meetings were 45 min, 12 of them, in 2024.
"""


def _ids() -> IdentitySet:
    return identifying_values(STUDENTS, MENTORS)


def test_transcript_findings_with_lines() -> None:
    findings = scan_text(TRANSCRIPT, file="A.txt", identities=_ids())
    assert format_findings(findings) == [
        "A.txt:4: name: Jo***",
        "A.txt:5: e-mail: an**.*********@*******.***",
        "A.txt:5: name: Ka*** ****",
        "A.txt:6: personnummer: 81****-****",
        "A.txt:6: phone number: 07*-*** ** **",
    ]
    # "Dr Berg": "Berg" is a common word and "Dr Berg" is not the full name; a known limit.


def test_suggestions_and_frame() -> None:
    frame = findings_frame(scan_text(TRANSCRIPT, file="A.txt", identities=_ids()))
    assert list(frame.columns) == ["file", "line", "where", "kind", "masked", "suggestion"]
    assert frame["line"].tolist() == [4, 5, 5, 6, 6]
    assert frame.loc[frame["kind"] == "personnummer", "suggestion"].item() == (
        "remove the personal identity number")


def test_clean_text_has_no_findings() -> None:
    clean = """\
# participant: B
[00:00:05] I: Tell me about your Mentor. Was the mentor a Doctor or a Surgeon?
[00:00:30] P: For example, Student B will grant that meetings on 2025-03-14 at 14:30 went
well. We met 12 times over 2 semesters (40–50 min), Course 3, ages 25-38, room 4012.
I: Would you say there was hope, a strand of trust, a mark of respect, a frank talk?
P: Berg, dal, strand and lind are Swedish words. Hans åsikt var klar.
"""
    assert scan_text(clean, file="B.txt", identities=_ids()) == []


def test_no_identities_only_patterns() -> None:
    kinds = [f.kind for f in scan_text(TRANSCRIPT, file="A.txt")]
    assert kinds == ["e-mail", "personnummer", "phone number"]


def test_scan_table_free_text_columns_only() -> None:
    units = pd.DataFrame({
        "unit_id": ["U0001", "U0002", "U0003"],
        "participant": ["A", "A", "B"],
        "transcript": ["Johan.txt", "A.txt", "B.txt"],  # not free text: not scanned
        "text": ["I could say anything", "Johan said so", None],
        "condensed": ["say anything", "x", "call +46 70 123 45 67"],
        "code": ["talks freely"] * 3,
    })
    findings = scan_table(units, file="data/units.csv", identities=_ids())
    assert format_findings(findings) == [
        "data/units.csv:3: name (column text): Jo***",
        "data/units.csv:4: phone number (column condensed): +4* ** *** ** **",
    ]


def test_csv_lines_follow_multiline_cells(tmp_path: Path) -> None:
    (tmp_path / "units.csv").write_text(
        "unit_id,participant,transcript,text,condensed,code\n"
        'U1,A,A.txt,"first line\nsecond line with je@example.org",c,x\n'
        "U2,A,A.txt,Johan again,c,x\n", encoding="utf-8")
    (tmp_path / "students.csv").write_text(
        "student_id,name,email\nS001,Anna Lindqvist,anna.lindqvist@example.org\n",
        encoding="utf-8")
    (tmp_path / "notes.csv").write_text("who,what\nAnna Lindqvist,x\n", encoding="utf-8")
    findings = scan_inputs([tmp_path], identities=_ids())
    root = str(tmp_path)
    assert [(f.file.removeprefix(root), f.line, f.kind) for f in findings] == [
        ("/notes.csv", 2, "name"),  # not a schema table: every column is scanned
        ("/units.csv", 2, "e-mail"),  # the record starts on line 2, the address is on 3
        ("/units.csv", 4, "name"),
    ]  # students.csv holds the identities by design and has no free text: not scanned


def test_xlsx_free_text(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["code", "subcategory", "category", "theme", "description"])
    sheet.append(["talks freely", "s", "c", "t", "As Anna Lindqvist put it"])
    sheet.append(["pnr", "s", "c", "t", 198112289874])
    book.save(tmp_path / "codebook.xlsx")
    findings = scan_inputs([tmp_path / "codebook.xlsx"], identities=_ids())
    assert [(f.line, f.where, f.kind, f.masked) for f in findings] == [
        (2, "column description", "name", "An** *********"),
        (3, "column description", "personnummer", "19**********"),
    ]


def test_bad_inputs(tmp_path: Path) -> None:
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    (tmp_path / "latin1.txt").write_bytes("Åsa".encode("latin-1"))
    with pytest.raises(DataError, match="not a readable XLSX"):
        scan_inputs([tmp_path / "broken.xlsx"])
    with pytest.raises(DataError, match="not valid UTF-8"):
        scan_inputs([tmp_path / "latin1.txt"])
    with pytest.raises(DataError, match="no such file or folder"):
        scan_inputs([tmp_path / "missing"])
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    with pytest.raises(DataError, match=r"cannot scan \.pdf"):
        scan_inputs([tmp_path / "x.pdf"])


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    handlers = add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return handlers[args.command](args)


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "cohort"
    (folder / "transcripts").mkdir(parents=True)
    (folder / "tables").mkdir()
    STUDENTS.to_csv(folder / "tables" / "students.csv", index=False)
    (folder / "transcripts" / "A.txt").write_text("P: I met my mentor twice.\n",
                                                  encoding="utf-8")
    assert _cli(["scan", str(folder)]) == 0
    assert capsys.readouterr().out == ""
    (folder / "transcripts" / "B.txt").write_text("P: Anna Lindqvist, S002.\n", encoding="utf-8")
    assert _cli(["scan", str(folder)]) == 1
    out = capsys.readouterr()
    shown = str(folder / "transcripts" / "B.txt")
    assert out.out.splitlines() == [f"{shown}:1: name: An** *********",
                                    f"{shown}:1: student id: S***"]
    assert "Lindqvist" not in out.out + out.err
    with pytest.raises(DataError):
        _cli(["scan", str(tmp_path / "missing")])


def test_cli_through_main_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from replicate.cli import main

    assert main(["scan", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "missing" in err


def test_scan_cohort(mini_cohort: Path) -> None:
    from replicate.cohort import load_cohort
    from replicate.privacy import scan_cohort

    assert scan_cohort(load_cohort(mini_cohort)) == []  # the templates are clean
    transcript = mini_cohort.parent / "transcripts" / "A.txt"
    lines = transcript.read_text(encoding="utf-8").splitlines()
    lines.append("P: Anna Example gave me her number, 070-123 45 67.")
    transcript.write_text("\n".join(lines) + "\n", encoding="utf-8")
    findings = scan_cohort(load_cohort(mini_cohort))
    assert [str(f).split(":", 1)[1] for f in findings] == [
        f"{len(lines)}: name: An** *******",
        f"{len(lines)}: phone number: 07*-*** ** **",
    ]
    assert findings[0].file.endswith("transcripts/A.txt")
