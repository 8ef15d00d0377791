"""Bad REFI-QDA input: a clear one-line message naming file and element, and nothing written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from _qdpx_builders import SOURCE, USER_A, Project, Sel, write_zip
from replicate.cli import main
from replicate.errors import DataError
from replicate.qdpx import import_qdc, import_qdpx, read_qdc, stable_guid

TEXT = "I: Hello.\nP: We met often.\n"


def _project(start: int = 13, end: int = 26) -> Project:
    return Project(TEXT, [Sel(start, end, [(USER_A, "x")], name="We met often.")])


def _assert_nothing_written(tmp_path: Path, inputs: set[str]) -> None:
    assert {p.name for p in tmp_path.iterdir()} == inputs


def test_not_a_zip(tmp_path: Path) -> None:
    bad = tmp_path / "p.qdpx"
    bad.write_text("this is not an archive", encoding="utf-8")
    with pytest.raises(DataError, match="not a ZIP archive") as info:
        import_qdpx(bad, tmp_path / "out")
    assert info.value.file == str(bad)
    assert "\n" not in str(info.value)
    _assert_nothing_written(tmp_path, {"p.qdpx"})


def test_no_project_qde(tmp_path: Path) -> None:
    path = tmp_path / "p.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"sources/{SOURCE}.txt", TEXT)
    with pytest.raises(DataError, match=r"no project\.qde found"):
        import_qdpx(path, tmp_path / "out")
    _assert_nothing_written(tmp_path, {"p.qdpx"})


def test_two_qde_files_are_ambiguous(tmp_path: Path) -> None:
    proj = _project()
    path = write_zip(tmp_path / "p.qdpx", proj.xml(), {"other.qde": b"<x/>", **proj.files()},
                     qde_name="a.qde")
    with pytest.raises(DataError, match=r"2 \.qde files"):
        import_qdpx(path, tmp_path / "out")
    _assert_nothing_written(tmp_path, {"p.qdpx"})


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    proj = _project()
    path = write_zip(tmp_path / "p.qdpx", proj.xml().replace("</Users>", "</Userz>"),
                     proj.files())
    with pytest.raises(DataError, match="not well-formed XML") as info:
        import_qdpx(path, tmp_path / "out")
    assert info.value.location is not None and info.value.location.startswith("line ")
    assert info.value.file == f"{path}/project.qde"
    _assert_nothing_written(tmp_path, {"p.qdpx"})


def test_schema_violation_names_element_and_guid(tmp_path: Path) -> None:
    proj = _project()
    qde = proj.xml().replace('name="x" isCodable="true"', 'name="x" isCodable="maybe"')
    path = write_zip(tmp_path / "p.qdpx", qde, proj.files())
    with pytest.raises(DataError, match=r"does not follow the REFI-QDA schema \(Project.xsd") \
            as info:
        import_qdpx(path, tmp_path / "out")
    assert info.value.location is not None
    assert "element Code" in info.value.location
    assert "guid 00000002-0000-4000-8000-000000000001" in info.value.location
    assert "isCodable" in info.value.message
    _assert_nothing_written(tmp_path, {"p.qdpx"})


def test_bad_guid_is_a_schema_violation(tmp_path: Path) -> None:
    proj = _project()
    qde = proj.xml().replace('guid="00000003-0000-4000-8000-000000000001"', 'guid="c001"')
    path = write_zip(tmp_path / "p.qdpx", qde, proj.files())
    with pytest.raises(DataError, match="not accepted by the GUID pattern") as info:
        import_qdpx(path, tmp_path / "out")
    assert "guid c001" in (info.value.location or "")
    _assert_nothing_written(tmp_path, {"p.qdpx"})


def test_selection_beyond_end_of_source(tmp_path: Path) -> None:
    proj = _project(13, 99)
    path = write_zip(tmp_path / "p.qdpx", proj.xml(), proj.files())
    with pytest.raises(DataError, match=r"ends at position 99, beyond the end of its source "
                                        r"text \(27 characters\)") as info:
        import_qdpx(path, tmp_path / "out")
    assert info.value.file == f"{path}/sources/{SOURCE}.txt"
    assert info.value.location == "PlainTextSelection guid 00000005-0000-4000-8000-000000000001"
    _assert_nothing_written(tmp_path, {"p.qdpx"})


def test_start_after_end(tmp_path: Path) -> None:
    proj = _project(20, 13)
    path = write_zip(tmp_path / "p.qdpx", proj.xml(), proj.files())
    with pytest.raises(DataError, match="startPosition 20 is after endPosition 13"):
        import_qdpx(path, tmp_path / "out")
    _assert_nothing_written(tmp_path, {"p.qdpx"})


def test_coding_of_unknown_code(tmp_path: Path) -> None:
    proj = _project()
    qde = proj.xml().replace('<CodeRef targetGUID="00000002-0000-4000-8000-000000000001"/>',
                             '<CodeRef targetGUID="00000002-0000-4000-8000-0000000000ff"/>')
    path = write_zip(tmp_path / "p.qdpx", qde, proj.files())
    with pytest.raises(DataError, match="not in the CodeBook") as info:
        import_qdpx(path, tmp_path / "out")
    assert "Coding guid" in (info.value.location or "")
    _assert_nothing_written(tmp_path, {"p.qdpx"})


def test_source_not_utf8(tmp_path: Path) -> None:
    proj = _project()
    path = write_zip(tmp_path / "p.qdpx", proj.xml(),
                     {f"sources/{SOURCE}.txt": "P: caf\u00e9".encode("latin-1")})
    with pytest.raises(DataError, match="not valid UTF-8"):
        import_qdpx(path, tmp_path / "out")
    _assert_nothing_written(tmp_path, {"p.qdpx"})


def test_non_empty_output_folder_is_kept_unless_forced(tmp_path: Path) -> None:
    proj = _project()
    path = write_zip(tmp_path / "p.qdpx", proj.xml(), proj.files())
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(DataError, match="not empty"):
        import_qdpx(path, out)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    import_qdpx(path, out, overwrite=True)
    assert sorted(p.name for p in out.iterdir()) == [
        "codebook.csv", "participants.csv", "qdpx-import-report.json",
        "qdpx-import-report.md", "transcripts", "units.csv"]
    _assert_nothing_written(tmp_path, {"p.qdpx", "out"})


def test_missing_project_path(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="file not found"):
        import_qdpx(tmp_path / "nope.qdpx", tmp_path / "out")
    _assert_nothing_written(tmp_path, set())


# --- .qdc codebooks -----------------------------------------------------------------------

QDC = ('<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" '
       'origin="test"><Codes>{codes}</Codes>{rest}</CodeBook>')
GOOD_CODE = '<Code guid="00000002-0000-4000-8000-000000000001" name="x" isCodable="true"/>'


def _qdc(tmp_path: Path, codes: str = GOOD_CODE, rest: str = "") -> Path:
    path = tmp_path / "c.qdc"
    path.write_text(QDC.format(codes=codes, rest=rest), encoding="utf-8")
    return path


@pytest.mark.parametrize(("codes", "rest", "message"), [
    ("", "", "the codebook holds no codes"),
    (GOOD_CODE.replace('"true"', '"maybe"'), "",
     r"does not follow the REFI-QDA schema \(Codebook.xsd v1.0\)"),
    (GOOD_CODE, "<Sets><Set name='s'/></Sets>",
     r"does not follow the REFI-QDA schema \(Codebook.xsd v1.0\)"),
])
def test_bad_codebook(tmp_path: Path, codes: str, rest: str, message: str) -> None:
    path = _qdc(tmp_path, codes, rest)
    with pytest.raises(DataError, match=message) as info:
        import_qdc(path, tmp_path / "out")
    assert info.value.file == str(path)
    assert "\n" not in str(info.value)
    _assert_nothing_written(tmp_path, {"c.qdc"})


def test_a_project_given_as_codebook(tmp_path: Path) -> None:
    path = tmp_path / "p.qdc"
    path.write_text(_project().xml(), encoding="utf-8")
    with pytest.raises(DataError, match=r"root element is <Project>.*give the \.qdpx"):
        read_qdc(path)


def test_known_invalid_codebook_forms_are_tolerated(tmp_path: Path) -> None:
    # refi-tools' example uses ids like "c001"; Taguette writes <Sets/>; "True" by hand.
    codes = ('<Code guid="c001" name="Theme" isCodable="True">'
             '<Code guid="c002" name="leaf" isCodable="true"/></Code>')
    tables = read_qdc(_qdc(tmp_path, codes, "<Sets/>"))
    assert tables.codebook.code.tolist() == ["leaf"]
    assert [q.kind for q in tables.report.quirks] == ["empty-sets", "nonstandard-guid",
                                                      "boolean-case"]
    # The replacement GUIDs are stable (UUIDv5 of the original text).
    assert tables.report.codes[0].guid == stable_guid("qdc-guid", "c001")


def test_codebook_without_namespace(tmp_path: Path) -> None:
    path = tmp_path / "n.qdc"
    path.write_text(f"<CodeBook><Codes>{GOOD_CODE}</Codes></CodeBook>", encoding="utf-8")
    tables = read_qdc(path)
    assert tables.codebook.code.tolist() == ["x"]
    assert "namespace-missing" in {q.kind for q in tables.report.quirks}


@pytest.mark.parametrize("kind", ["qdc", "qdpx"])
def test_bad_input_through_the_cli_is_one_line_and_exit_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    path = tmp_path / f"bad.{kind}"
    path.write_text("<CodeBook><Codes></Codes>" if kind == "qdc" else "not a zip",
                    encoding="utf-8")
    assert main(["import-qdpx", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert str(path) in err
    assert ("not well-formed XML" if kind == "qdc" else "not a ZIP archive") in err
