"""Exporting REFI-QDA codebooks and projects: validity, stable GUIDs, determinism, round trip."""

from __future__ import annotations

import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from replicate.errors import ConfigError, DataError
from replicate.qdpx import (
    GUID_NAMESPACE,
    export_qdc,
    export_qdpx,
    import_qdpx,
    read_qdpx,
    stable_guid,
)

A_TEXT = ("# participant: A\n[00:00:05] I: How was your mentor?\n"
          "[00:00:09] P: I could say anything to her. She listened.\n"
          "P: We met every month at the café.\n")
B_TEXT = "I: Tell me about the meetings.\nP: He was always late, but kind.\n"


def _schema(name: str) -> etree.XMLSchema:
    data = resources.files("replicate.qdpx").joinpath("schemas", name).read_bytes()
    return etree.XMLSchema(etree.fromstring(data))


def _codebook() -> pd.DataFrame:
    return pd.DataFrame({
        "code": ["talks freely", "regular meetings", "unreliable"],
        "subcategory": ["Someone to talk to", "Structure", "Structure"],
        "category": ["A free zone", "Frames", "Frames"],
        "theme": ["Space", "Space", "Space"],
        "description": ["Student says anything", "", "Mentor comes late"],
    })


@dataclass
class Cohort:
    """The cohort's tables and transcripts folder."""

    codebook: pd.DataFrame
    units: pd.DataFrame
    codings: pd.DataFrame
    participants: pd.DataFrame
    transcripts: Path


def _cohort(tmp_path: Path) -> Cohort:
    tdir = tmp_path / "transcripts"
    tdir.mkdir()
    (tdir / "A.txt").write_text(A_TEXT, encoding="utf-8")
    (tdir / "B.txt").write_text(B_TEXT, encoding="utf-8")
    rows = []
    for uid, pseudo, name, text, code, condensed in [
        ("U0001", "A", "A.txt", "I could say anything to her.", "talks freely",
         "Could say anything"),
        ("U0002", "A", "A.txt", "We met every month at the café.", "regular meetings", ""),
        ("U0003", "B", "B.txt", "He was always late, but kind.", "unreliable", "Late"),
    ]:
        body = A_TEXT if name == "A.txt" else B_TEXT
        start = body.index(text)
        rows.append({"unit_id": uid, "participant": pseudo, "transcript": name, "start": start,
                     "end": start + len(text), "text": text, "condensed": condensed,
                     "code": code})
    return Cohort(
        codebook=_codebook(),
        units=pd.DataFrame(rows),
        codings=pd.DataFrame({
            "unit_id": ["U0001", "U0001", "U0002", "U0002", "U0003", "U0003"],
            "coder": ["SK", "TS", "SK", "TS", "SK", "TS"],
            "code": ["talks freely", "talks freely", "regular meetings", "unreliable",
                     "unreliable", "unreliable"]}),
        participants=pd.DataFrame({
            "pseudonym": ["A", "B"], "student_id": ["S001", "S002"],
            "interview_date": ["2025-09-01", "2025-09-03"], "duration_min": [45.0, 50.5],
            "interviewer": ["SK", "SK"], "transcript": ["A.txt", "B.txt"],
            "gender": ["female", "male"], "age": [27, 29]}),
        transcripts=tdir,
    )


def _csv(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    df.to_csv(path, index=False, lineterminator="\n")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


# --- .qdc ---------------------------------------------------------------------------------

def test_qdc_is_valid_and_guids_are_stable(tmp_path: Path) -> None:
    first = export_qdc(_codebook(), tmp_path / "a.qdc")
    second = export_qdc(_codebook(), tmp_path / "b.qdc")
    assert first.read_bytes() == second.read_bytes()
    doc = etree.parse(str(first))
    assert _schema("Codebook.xsd").validate(doc)
    ns = {"c": "urn:QDA-XML:codebook:1.0"}
    code = doc.find(".//c:Code[@name='talks freely']", ns)
    assert code is not None and code.get("isCodable") == "true"
    path = ("Space", "A free zone", "Someone to talk to", "talks freely")
    assert code.get("guid") == stable_guid("code", *path)
    # Pinned value: changing the namespace or the key would re-identify every exported code.
    assert code.get("guid") == "c6faa066-d625-5178-bb98-a810eb5a9589"
    assert code.get("guid") == str(uuid.uuid5(
        GUID_NAMESPACE, '["code", "Space", "A free zone", "Someone to talk to", '
                        '"talks freely"]'))
    grouping = doc.findall(".//c:Code[@isCodable='false']", ns)
    assert sorted(g.get("name", "") for g in grouping) == [
        "A free zone", "Frames", "Someone to talk to", "Space", "Structure"]
    assert [d.text for d in doc.iterfind(".//c:Description", ns)] == [
        "Student says anything", "Mentor comes late"]


def test_codebook_schema_sets_use_guid_not_target_guid() -> None:
    """Codebook.xsd (reconstructed) keeps the .qdc/.qdpx difference of REFI-QDA 1.5 §5."""
    doc = (
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="hand">'
        '<Codes><Code guid="{A1B2C3D4-0000-4000-8000-000000000001}" name="c" '
        'isCodable="true" color="#0a0"/></Codes>'
        '<Sets><Set guid="a1b2c3d4-0000-4000-8000-000000000002" name="group">'
        '<MemberCode {attr}="a1b2c3d4-0000-4000-8000-000000000001"/></Set></Sets></CodeBook>')
    schema = _schema("Codebook.xsd")
    assert schema.validate(etree.fromstring(doc.replace("{attr}", "guid")))
    assert not schema.validate(etree.fromstring(doc.replace("{attr}", "targetGUID")))
    bad_colour = doc.replace("{attr}", "guid").replace('color="#0a0"', 'color="red"')
    assert not schema.validate(etree.fromstring(bad_colour))


def test_qdc_guids_survive_other_edits(tmp_path: Path) -> None:
    edited = pd.concat([_codebook().iloc[::-1], pd.DataFrame(
        [{"code": "new", "subcategory": "S", "category": "C", "theme": "T"}])])
    a = etree.parse(str(export_qdc(_codebook(), tmp_path / "a.qdc")))
    b = etree.parse(str(export_qdc(edited, tmp_path / "b.qdc")))
    guids_a = {e.get("name"): e.get("guid") for e in a.iter("{*}Code")}
    guids_b = {e.get("name"): e.get("guid") for e in b.iter("{*}Code")}
    assert all(guids_b[name] == guid for name, guid in guids_a.items())


@pytest.mark.parametrize(("change", "message"), [
    (lambda cb: cb.drop(columns="theme"), "missing column"),
    (lambda cb: cb.assign(category=["", "Frames", "Frames"]), "empty category"),
    (lambda cb: cb.assign(code=["a", "a", "b"]), "appears twice"),
    (lambda cb: cb.assign(description=["bad \x07 bell", "", ""]), r"U\+0007"),
    (lambda cb: cb.iloc[0:0], "empty"),
])
def test_qdc_bad_codebook(tmp_path: Path, change: Callable[[pd.DataFrame], pd.DataFrame],
                          message: str) -> None:
    with pytest.raises(DataError, match=message):
        export_qdc(change(_codebook()), tmp_path / "x.qdc")
    assert not (tmp_path / "x.qdc").exists()


# --- .qdpx --------------------------------------------------------------------------------

def test_qdpx_is_valid_deterministic_and_private(tmp_path: Path) -> None:
    c = _cohort(tmp_path)
    a = export_qdpx(c.codebook, c.units, c.transcripts, tmp_path / "a.qdpx",
                    codings=c.codings,
                    participants=c.participants)
    b = export_qdpx(c.codebook, c.units, c.transcripts, tmp_path / "b.qdpx",
                    codings=c.codings,
                    participants=c.participants)
    assert a.path.read_bytes() == b.path.read_bytes()
    assert (a.codes, a.sources, a.units, a.users, a.cases, a.variables) == (3, 2, 3, 3, 2, 5)
    assert a.excluded_columns == ("student_id",)
    with zipfile.ZipFile(a.path) as zf:
        infos = zf.infolist()
        qde = zf.read("project.qde")
    names = [i.filename for i in infos]
    assert names == sorted(names) and names[0] == "project.qde" and len(names) == 3
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    doc = etree.fromstring(qde)
    assert _schema("Project.xsd").validate(etree.ElementTree(doc))
    assert b"S001" not in qde and b"S002" not in qde  # student ids never leave
    ns = {"p": "urn:QDA-XML:project:1.0"}
    users = [u.get("name") for u in doc.iterfind(".//p:User", ns)]
    assert users == ["SK", "TS", "consensus"]
    sel = doc.find(".//p:PlainTextSelection[@name='U0001']", ns)
    assert sel is not None
    assert sel.findtext("p:Description", namespaces=ns) == "Could say anything"
    assert [cd.get("creatingUser") for cd in sel.iterfind("p:Coding", ns)] == [
        stable_guid("user", u) for u in ("consensus", "SK", "TS")]


def test_round_trip_gives_back_the_same_tables(tmp_path: Path) -> None:
    c = _cohort(tmp_path)
    export_qdpx(c.codebook, c.units, c.transcripts, tmp_path / "c.qdpx",
                codings=c.codings, participants=c.participants)
    report = import_qdpx(tmp_path / "c.qdpx", tmp_path / "back")
    back = tmp_path / "back"
    for name in ("codebook", "units", "codings"):
        original = _csv(getattr(c, name), tmp_path / f"orig-{name}.csv")
        key = {"codebook": ["theme", "category", "subcategory", "code"],
               "units": ["unit_id"], "codings": ["unit_id", "coder"]}[name]
        original = original.sort_values(key).reset_index(drop=True)
        again = pd.read_csv(back / f"{name}.csv", dtype=str, keep_default_na=False)
        pd.testing.assert_frame_equal(again, original)
    parts = _csv(c.participants, tmp_path / "orig-p.csv")
    again = pd.read_csv(back / "participants.csv", dtype=str, keep_default_na=False)
    # student_id identifies a person and is never exported; the import leaves a placeholder.
    pd.testing.assert_frame_equal(again.drop(columns="student_id"),
                                  parts.drop(columns="student_id"))
    assert again.student_id.tolist() == [stable_guid("case", "A"), stable_guid("case", "B")]
    for name, text in (("A.txt", A_TEXT), ("B.txt", B_TEXT)):
        assert (back / "transcripts" / name).read_text(encoding="utf-8") == text
    assert report.quirks == () and report.losses == ()


def test_round_trip_single_coder_without_participants(tmp_path: Path) -> None:
    c = _cohort(tmp_path)
    units = c.units.drop(columns=["start", "end"])
    export_qdpx(c.codebook, units, c.transcripts, tmp_path / "s.qdpx")
    tables = read_qdpx(tmp_path / "s.qdpx")
    assert tables.codings is None
    assert tables.units.unit_id.tolist() == ["U0001", "U0002", "U0003"]
    assert tables.units.start.tolist() == c.units["start"].tolist()
    assert tables.participants[["pseudonym", "transcript"]].values.tolist() == [
        ["A", "A.txt"], ["B", "B.txt"]]


def test_unit_id_sources(tmp_path: Path) -> None:
    c = _cohort(tmp_path)
    units = c.units.assign(unit_id=["u-c", "u-a", "u-b"])
    export_qdpx(c.codebook, units, c.transcripts, tmp_path / "u.qdpx")
    assert read_qdpx(tmp_path / "u.qdpx").units.unit_id.tolist() == ["u-a", "u-b", "u-c"]
    generated = read_qdpx(tmp_path / "u.qdpx", unit_ids_from="generate").units
    assert generated.unit_id.tolist() == ["U0001", "U0002", "U0003"]
    assert generated.text.tolist() == units.text.tolist()
    with pytest.raises(ConfigError, match="unit_ids_from"):
        read_qdpx(tmp_path / "u.qdpx", unit_ids_from="guids")


def test_shared_transcript_keeps_each_units_participant(tmp_path: Path) -> None:
    c = _cohort(tmp_path)
    units = c.units.copy()
    units.loc[1, "participant"] = "B"  # a focus-group style transcript shared by A and B
    export_qdpx(c.codebook, units, c.transcripts, tmp_path / "g.qdpx",
                participants=c.participants)
    tables = read_qdpx(tmp_path / "g.qdpx")
    assert tables.units.participant.tolist() == ["A", "B", "B"]


@pytest.mark.parametrize(("column", "value", "message"), [
    ("code", "no such code", "not in the codebook"),
    ("text", "Something else entirely.", "text differs from the transcript"),
    ("transcript", "../A.txt", "must be a file name"),
    ("transcript", "missing.txt", "file not found"),
    ("end", 10_000, "outside the transcript"),
])
def test_qdpx_bad_units(tmp_path: Path, column: str, value: str | int, message: str) -> None:
    c = _cohort(tmp_path)
    units = c.units.copy()
    units[column] = units[column].astype(object)
    units.loc[0, column] = value
    with pytest.raises(DataError, match=message):
        export_qdpx(c.codebook, units, c.transcripts, tmp_path / "x.qdpx")
    assert not (tmp_path / "x.qdpx").exists()


@pytest.mark.parametrize(("problems", "message", "row"), [
    # (row index, column, value) of each problem; the error names the first row with one
    ([(2, "code", "no such code"), (1, "participant", " ")], "empty participant", "row 2"),
    ([(2, "unit_id", "U0001"), (1, "condensed", "bell\x07")], r"character U\+0007",
     "row 2, column condensed"),
    ([(2, "unit_id", "U0001")], "unit_id U0001 appears twice", "row 3"),
    ([(2, "transcript", "../A.txt"), (2, "code", "nope")], "not in the codebook", "row 3"),
    ([(1, "transcript", ""), (2, "text", "")], "must be a file name", "row 2"),
    ([(0, "unit_id", "a\x0bb"), (0, "participant", "p\x01")], r"U\+000B", "column unit_id"),
])
def test_qdpx_first_bad_unit_row(tmp_path: Path, problems: list[tuple[int, str, str]],
                                 message: str, row: str) -> None:
    c = _cohort(tmp_path)
    units = c.units.copy().astype({"transcript": object})
    units["condensed"] = "fine"
    for i, column, value in problems:
        units.loc[i, column] = value
    with pytest.raises(DataError, match=message) as err:
        export_qdpx(c.codebook, units, c.transcripts, tmp_path / "x.qdpx")
    assert row in str(err.value)
    assert not (tmp_path / "x.qdpx").exists()


def test_qdpx_bad_codings_and_participants(tmp_path: Path) -> None:
    c = _cohort(tmp_path)
    codings = c.codings.copy()
    codings.loc[0, "coder"] = "consensus"
    with pytest.raises(DataError, match="marks the final codes"):
        export_qdpx(c.codebook, c.units, c.transcripts, tmp_path / "x.qdpx",
                    codings=codings)
    parts = c.participants.copy()
    parts["interview_date"] = ["01/09/2025", "2025-09-03"]
    with pytest.raises(DataError, match="not a valid Date value"):
        export_qdpx(c.codebook, c.units, c.transcripts, tmp_path / "x.qdpx",
                    participants=parts)
    assert not (tmp_path / "x.qdpx").exists()


@settings(max_examples=300, deadline=None)
@given(kind=st.text(max_size=12), parts=st.lists(st.text(max_size=12), max_size=4))
def test_stable_guid_is_uuid5_of_the_json_path(kind: str, parts: list[str]) -> None:
    # stable_guid spells uuid5 out for speed; the GUIDs of earlier exports must not change
    import json

    expected = uuid.uuid5(GUID_NAMESPACE, json.dumps([kind, *parts], ensure_ascii=False))
    assert stable_guid(kind, *parts) == str(expected)


words = st.lists(st.sampled_from(["we", "met", "she", "listened", "kind", "late", "café", "å"]),
                 min_size=1, max_size=4)


@settings(max_examples=25, deadline=None)
@given(units=st.lists(st.tuples(words, st.sampled_from(["x", "y"]), st.text(
    alphabet="abc ", max_size=6)), min_size=1, max_size=6))
def test_round_trip_property(tmp_path_factory: pytest.TempPathFactory,
                             units: list[tuple[list[str], str, str]]) -> None:
    """Any set of units cut from a transcript survives export + import unchanged."""
    tmp = tmp_path_factory.mktemp("prop")
    (tmp / "t").mkdir()
    lines = [f"P: {' '.join(ws)}." for ws, _, _ in units]
    text = "I: Go on.\r\n" + "\r\n".join(lines) + "\r\n"
    (tmp / "t" / "T.txt").write_bytes(text.encode("utf-8"))
    lf = text.replace("\r\n", "\n")
    rows, pos = [], lf.index("\n") + 1
    for k, (line, (_, code, condensed)) in enumerate(zip(lines, units, strict=True), start=1):
        start = pos + 3
        rows.append({"unit_id": f"U{k:04d}", "participant": "T", "transcript": "T.txt",
                     "start": start, "end": pos + len(line), "text": line[3:],
                     "condensed": condensed.strip(), "code": code})
        pos += len(line) + 1
    table = pd.DataFrame(rows)
    codebook = pd.DataFrame({"code": ["x", "y"], "subcategory": ["s", "s"],
                             "category": ["c", "c"], "theme": ["t", "t"],
                             "description": ["", ""]})
    export_qdpx(codebook, table, tmp / "t", tmp / "p.qdpx")
    back = read_qdpx(tmp / "p.qdpx")
    pd.testing.assert_frame_equal(back.units.astype(str), table.astype(str))
    assert back.transcripts == {"T.txt": lf}
