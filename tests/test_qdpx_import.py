"""Importing REFI-QDA projects: the two reference samples, quirks, several coders."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree
from sklearn.metrics import cohen_kappa_score

from _qdpx_builders import (
    CODES,
    CODES_A,
    CODES_B,
    HAND,
    NVIVO,
    SOURCE,
    USER_A,
    USER_B,
    USER_C,
    Project,
    Sel,
    codebook_xml,
    guid,
    span,
    span_in,
    two_coder_project,
    write_zip,
)
from replicate.cohort import validate_cohort
from replicate.config import load_config
from replicate.errors import ConfigError
from replicate.qdpx import import_qdpx, read_qdpx
from replicate.qdpx.cli import write_cohort_config
from replicate.schema import CODEBOOK, CODINGS, PARTICIPANTS, UNITS
from replicate.transcripts import parse_transcript

needs_hand = pytest.mark.skipif(not HAND.is_dir(), reason="tests/data/reference/qdpx missing")
needs_nvivo = pytest.mark.skipif(not NVIVO.is_file(),
                                 reason="the AGPL NVivo sample is read from ../shared only")
PNS = "{urn:QDA-XML:project:1.0}"


def _assert_consistent(out: Path) -> None:
    """What `replicate validate` checks across tables holds for an import's output."""
    read = {n: pd.read_csv(out / f"{n}.csv", dtype=str, keep_default_na=False)
            for n in ("codebook", "units", "participants")}
    codebook, units, parts = read["codebook"], read["units"], read["participants"]
    assert codebook.code.is_unique and units.unit_id.is_unique and parts.pseudonym.is_unique
    assert (codebook[["code", "subcategory", "category", "theme"]] != "").all().all()
    assert set(units.code) <= set(codebook.code)
    assert set(units.participant) <= set(parts.pseudonym)
    files = {p.name for p in (out / "transcripts").iterdir()}
    assert set(units.transcript) <= files and set(parts.transcript) <= files
    assert (parts.student_id != "").all()
    for name, start, end, piece in units[["transcript", "start", "end", "text"]].values:
        text = (out / "transcripts" / str(name)).read_text(encoding="utf-8")
        assert text[int(start):int(end)] == piece
    if (out / "codings.csv").exists():
        codings = pd.read_csv(out / "codings.csv", dtype=str, keep_default_na=False)
        assert set(codings.unit_id) <= set(units.unit_id)
        assert set(codings.code) <= set(codebook.code)
        assert not codings.duplicated(["unit_id", "coder"]).any()


# --- the hand-authored sample -------------------------------------------------------------

@needs_hand
@pytest.mark.parametrize("as_zip", [False, True])
def test_hand_authored_units_variables_and_losses(tmp_path: Path, as_zip: bool) -> None:
    src: Path = HAND
    if as_zip:
        src = Path(shutil.make_archive(str(tmp_path / "hand"), "zip", HAND))
    report = import_qdpx(src, tmp_path / "out")
    out = tmp_path / "out"
    units = pd.read_csv(out / "units.csv", keep_default_na=False)
    assert list(units.columns) == list(UNITS.column_names)
    # The two overlapping selections (0-15 and 9-23, end exclusive) with their text and codes.
    assert units[["start", "end", "text", "code"]].values.tolist() == [
        [0, 15, "Diet and health", "Health"],
        [9, 23, "health are clo", "Diet"],
    ]
    assert set(units.participant) == {"Participant 1"}
    text = (out / "transcripts" / "Interview 1.txt").read_text(encoding="utf-8")
    assert text == "Diet and health are closely linked in this interview."
    assert all(text[s:e] == t for s, e, t in units[["start", "end", "text"]].values)
    parts = pd.read_csv(out / "participants.csv", keep_default_na=False, dtype=str)
    assert parts[["pseudonym", "transcript", "Age", "Consented"]].values.tolist() == [
        ["Participant 1", "Interview 1.txt", "34", "true"]]
    codebook = pd.read_csv(out / "codebook.csv", keep_default_na=False)
    assert list(codebook.columns) == list(CODEBOOK.column_names)
    assert codebook.values.tolist() == [
        ["Diet", "Diet", "Health", "Topics", "Food and eating habits"],
        ["Health", "Health", "Health", "Topics", "Anything about physical or mental health"],
        ["Wellbeing", "Wellbeing", "Wellbeing", "Topics", ""],
    ]
    assert not (out / "codings.csv").exists()  # one user coded
    assert report.offsets.end == "exclusive"
    # ASCII text: the three units agree, so code points (the standard) represent them.
    # "health are clo" ends inside "closely": -1 for that end under both readings.
    assert report.offsets.unit == "code-points"
    assert {k: v for k, v in report.offsets.scores.items() if k.startswith("code-points")} == {
        "code-points/exclusive/as-stored": 5, "code-points/inclusive/as-stored": 4}
    assert report.offsets.scores["utf-8/exclusive/as-stored"] == 5
    # Two selections are too few to be sure: one of them tells the readings apart.
    assert (report.offsets.wins, report.offsets.losses) == (1, 0)
    assert report.offsets.runner_up == "code-points/inclusive/as-stored"
    assert any("weak evidence" in w for w in report.warnings)
    lost = {x.what: x.count for x in report.losses}
    for kind in ("PictureSource", "PDFSource", "AudioSource", "VideoSource", "Notes", "Links",
                 "Sets", "Graphs"):
        assert lost[kind] == 1
    saved = json.loads((out / "qdpx-import-report.json").read_text(encoding="utf-8"))
    assert saved == json.loads(report.to_json())
    assert "PictureSource" in (out / "qdpx-import-report.md").read_text(encoding="utf-8")
    _assert_consistent(out)
    assert saved["unit_selections"] == {"U0001": ["50000000-0000-0000-0000-000000000001"],
                                        "U0002": ["50000000-0000-0000-0000-000000000002"]}


# --- the NVivo for Mac sample -----------------------------------------------------------

@needs_nvivo
def test_nvivo_keeps_262_code_hierarchy_and_duplicate_names(tmp_path: Path) -> None:
    report = import_qdpx(NVIVO, tmp_path / "out")
    codebook = pd.read_csv(tmp_path / "out" / "codebook.csv", keep_default_na=False)
    with zipfile.ZipFile(NVIVO) as zf:
        root = etree.fromstring(zf.read("project.qde"))
    # Independent count from the XML: rows are leaves plus codes at depth >= 4 (all codable).
    depth = {el: len(list(el.iterancestors(f"{PNS}Code"))) + 1 for el in root.iter(f"{PNS}Code")}
    leaves = [el for el in depth if el.find(f"{PNS}Code") is None]
    expected_rows = sum(1 for el, d in depth.items() if d >= 4 or el in leaves)
    assert len(depth) == 262
    assert len(codebook) == expected_rows == 221
    assert codebook.code.is_unique
    assert len(report.codes) == 262
    assert len({m.path for m in report.codes}) == 262
    assert max(len(m.path) for m in report.codes) == 7
    # Every leaf is a row; no two codes were merged.
    by_guid = {m.guid: m for m in report.codes}
    assert all(by_guid[el.get("guid", "")].label is not None for el in leaves)
    names = Counter(m.path[-1] for m in report.codes)
    assert sorted(n for n, k in names.items() if k > 1) == [
        "choice", "citizenship", "computational_literacy", "cs_inclusion",
        "digital_citizenship", "fun", "graduation_requirement", "pedagogy", "programming"]
    programming = sorted(m.label or "" for m in report.codes if m.path[-1] == "programming")
    assert programming == ["competencies > programming", "cs_as_programming > programming"]
    rows = codebook[codebook.code.isin(programming)].sort_values("code")
    # The first "programming" is a leaf at the subcategory level: it is its own subcategory,
    # under the same unique label (a subcategory must belong to one category).
    assert rows[["theme", "category", "subcategory"]].values.tolist() == [
        ["rq1_definition", "competencies", "competencies > programming"],
        ["rq1_definition", "framings", "cs_as_programming"],
    ]
    assert (codebook.groupby("subcategory").category.nunique() == 1).all()
    assert set(codebook.subcategory[codebook.subcategory.str.endswith(
        "computational_literacy")]) == {"framings > computational_literacy",
                                        "practices > computational_literacy"}
    # A 7-level path is kept in the label of the code below the code level.
    deep = next(m for m in report.codes if len(m.path) == 7)
    assert deep.label == " > ".join(deep.path[3:])
    kinds = {q.kind for q in report.quirks}
    assert {"junk-entries", "duplicate-code-name", "source-without-case"} <= kinds
    assert report.counts["units"] == 0
    assert {x.what for x in report.losses} >= {"Rich-text source"}
    _assert_consistent(tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out" / "transcripts").iterdir()) == [
        "33663939-3636-3632-3038-613431643463.txt", "66653866-6334-3535-3435-366637306566.txt"]
    # The codebook-only project is a cohort `replicate validate` accepts (the empty units
    # table is not named in the config).
    cfg = write_cohort_config(tmp_path / "out", name="nvivo")
    assert "units" not in cfg.read_text(encoding="utf-8").split("data:")[1].split("sampling")[0]
    assert validate_cohort(cfg) == []


@needs_hand
def test_levels_are_configurable(tmp_path: Path) -> None:
    tables = read_qdpx(HAND, levels=("category", "code"))
    # Topics is now a category, Health/Wellbeing codes; Diet sits below the code level.
    assert sorted(tables.codebook.code) == ["Health", "Health > Diet", "Wellbeing"]
    assert set(tables.codebook.category) == {"Topics"}
    assert set(tables.codebook.theme) == {"Topics"}
    with pytest.raises(ConfigError, match="levels"):
        read_qdpx(HAND, levels=("code", "theme"))


# --- several coders -----------------------------------------------------------------------

def test_two_coder_project_codings_and_kappa(tmp_path: Path) -> None:
    proj = two_coder_project()
    path = write_zip(tmp_path / "two.qdpx", proj.xml(), proj.files())
    report = import_qdpx(path, tmp_path / "out")
    out = tmp_path / "out"
    codings = pd.read_csv(out / "codings.csv", keep_default_na=False)
    units = pd.read_csv(out / "units.csv", keep_default_na=False)
    assert list(codings.columns) == list(CODINGS.column_names)
    assert len(units) == 11 and set(codings.coder) == {"AA", "BB"}
    wide = codings.pivot(index="unit_id", columns="coder", values="code").dropna()
    assert len(wide) == 10
    # Hand computation: p_o = 8/10, p_e = 0.5*0.5 + 0.5*0.5 = 0.5, kappa = 0.3/0.5 = 0.6.
    kappa = cohen_kappa_score(wide["AA"], wide["BB"])
    assert kappa == pytest.approx(0.6)
    assert wide["AA"].tolist() == CODES_A and wide["BB"].tolist() == CODES_B
    # Without a consensus user, disagreements take the first user's code and are reported.
    disagreements = wide[wide.AA != wide.BB].index
    assert units.set_index("unit_id").loc[disagreements, "code"].tolist() == ["x", "y"]
    assert any("2 units were coded differently" in w for w in report.warnings)
    assert any("1 units were coded by one coder only" in w for w in report.warnings)
    assert parse_transcript((out / "transcripts" / "Interview 1.txt").read_text()).words > 0
    _assert_consistent(out)


def test_consensus_user_gives_final_codes(tmp_path: Path) -> None:
    text = "P: one two three. P: four five six."
    s1, e1 = span(text, "one two three.")
    sels = [Sel(s1, e1, [(USER_A, "x"), (USER_B, "y"), (USER_C, "y")], name="one two three.")]
    proj = Project(text, sels, users=((USER_A, "Anna", "AA"), (USER_B, "Bert", "BB"),
                                      (USER_C, "Consensus", "")))
    path = write_zip(tmp_path / "c.qdpx", proj.xml(), proj.files())
    tables = read_qdpx(path, consensus_coder="Consensus")
    assert tables.units.code.tolist() == ["y"]
    assert tables.codings is not None
    assert tables.codings.values.tolist() == [["U0001", "AA", "x"], ["U0001", "BB", "y"]]


def test_one_selection_with_two_codes_becomes_two_units(tmp_path: Path) -> None:
    text = "P: alpha beta gamma."
    s, e = span(text, "alpha beta gamma.")
    proj = Project(text, [Sel(s, e, [(USER_A, "x"), (USER_A, "y")], name="alpha")])
    tables = read_qdpx(write_zip(tmp_path / "p.qdpx", proj.xml(), proj.files()))
    assert tables.units[["unit_id", "code", "text"]].values.tolist() == [
        ["U0001", "x", "alpha beta gamma."], ["U0002", "y", "alpha beta gamma."]]
    assert tables.codings is None
    assert any("several codes" in w for w in tables.report.warnings)


# --- vendor quirks ------------------------------------------------------------------------

def _simple(text: str = "I: Hello there.\nP: We met often.\nP: She listened well.\n"
            ) -> Project:
    sels = []
    for piece, code in (("We met often.", "x"), ("She listened well.", "y")):
        s, e = span(text, piece)
        sels.append(Sel(s, e, [(USER_A, code)], name=piece, description=f"cond {code}"))
    return Project(text, sels)


def _kinds(tables_report: object) -> set[str]:
    return {q.kind for q in tables_report.quirks}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("layout", "kind"),
    [("Sources", "sources-folder"), ("qde-name", "qde-name"), ("nested", "nested-root"),
     ("nested-Sources", "sources-folder"), ("backslash", "backslash-paths")],
)
def test_container_quirks(tmp_path: Path, layout: str, kind: str) -> None:
    proj = _simple()
    files = proj.files()
    qde_name = "project.qde"
    if layout == "Sources":
        files = {k.replace("sources/", "Sources/"): v for k, v in files.items()}
    elif layout == "qde-name":
        qde_name = "My Study.qde"
    elif layout == "backslash":
        files = {k.replace("/", "\\"): v for k, v in files.items()}
    else:
        if layout == "nested-Sources":
            files = {k.replace("sources/", "Sources/"): v for k, v in files.items()}
        files = {f"My Study/{k}": v for k, v in files.items()}
        qde_name = "My Study/project.qde"
    tables = read_qdpx(write_zip(tmp_path / "q.qdpx", proj.xml(), files, qde_name=qde_name))
    assert kind in _kinds(tables.report)
    assert tables.units.text.tolist() == ["We met often.", "She listened well."]
    assert tables.units.condensed.tolist() == ["cond x", "cond y"]


@pytest.mark.parametrize(
    ("xmlns", "kind"),
    [("", "namespace-missing"),
     (' xmlns="urn:QDA-XML:project:1:0"', "namespace-variant"),
     (' xmlns:qda="urn:QDA-XML:project:1.0"', "namespace-prefix")],
)
def test_namespace_quirks(tmp_path: Path, xmlns: str, kind: str) -> None:
    proj = _simple()
    qde = proj.xml(xmlns=xmlns)
    if kind == "namespace-prefix":  # every element carries the qda: prefix
        qde = qde.replace("<", "<qda:").replace("<qda:/", "</qda:").replace("<qda:?", "<?")
    tables = read_qdpx(write_zip(tmp_path / "n.qdpx", qde, proj.files()))
    assert kind in _kinds(tables.report)
    assert tables.units.code.tolist() == ["x", "y"]


def test_vendor_extension_elements_are_removed_and_reported(tmp_path: Path) -> None:
    proj = _simple()
    qde = proj.xml().replace(
        "<Users>", '<Users xmlns:v="urn:vendor" v:flag="1"><v:Extra>secret</v:Extra>')
    tables = read_qdpx(write_zip(tmp_path / "v.qdpx", qde, proj.files()))
    lost = {x.what for x in tables.report.losses}
    assert {"Vendor elements", "Vendor attributes"} <= lost
    assert len(tables.units) == 2


def test_crlf_offsets_counted_as_stored(tmp_path: Path) -> None:
    lf = "I: Hello there.\nP: We met often.\nP: She listened well.\n"
    crlf = lf.replace("\n", "\r\n")
    sels = [Sel(*span(crlf, p), [(USER_A, c)], name=p)
            for p, c in (("We met often.", "x"), ("She listened well.", "y"))]
    proj = Project(lf, sels)
    tables = read_qdpx(write_zip(tmp_path / "c.qdpx", proj.xml(), proj.files(newline="\r\n")))
    assert tables.report.offsets.newlines == "as-stored"
    assert "crlf" in _kinds(tables.report)
    assert tables.units[["start", "end", "text"]].values.tolist() == [
        [*span(lf, "We met often."), "We met often."],
        [*span(lf, "She listened well."), "She listened well."]]
    assert tables.transcripts["Interview 1.txt"] == lf


def test_crlf_offsets_counted_once(tmp_path: Path) -> None:
    lf = "I: Hello there.\nP: We met often.\nP: She listened well.\n"
    sels = [Sel(*span(lf, p), [(USER_A, c)], name=p)
            for p, c in (("We met often.", "x"), ("She listened well.", "y"))]
    proj = Project(lf, sels)
    tables = read_qdpx(write_zip(tmp_path / "c.qdpx", proj.xml(), proj.files(newline="\r\n")))
    assert tables.report.offsets.newlines == "lf"
    assert tables.units.text.tolist() == ["We met often.", "She listened well."]


def test_inclusive_end_positions_detected(tmp_path: Path) -> None:
    text = "I: Hello there.\nP: We met often.\nP: She listened well."
    sels = []
    for p, c in (("We met often.", "x"), ("She listened well.", "y")):
        s, e = span(text, p)
        sels.append(Sel(s, e - 1, [(USER_A, c)], name=p))  # end = last character
    proj = Project(text, sels)
    tables = read_qdpx(write_zip(tmp_path / "i.qdpx", proj.xml(), proj.files()))
    assert tables.report.offsets.end == "inclusive"
    assert "inclusive-end" in _kinds(tables.report)
    assert tables.units.text.tolist() == ["We met often.", "She listened well."]
    assert tables.units.end.tolist() == [span(text, "We met often.")[1], len(text)]


def test_case_variables_and_source_variables(tmp_path: Path) -> None:
    variables = ('<Variables><Variable guid="30000000-0000-4000-8000-000000000001" '
                 'name="gender" typeOfVariable="Text"/><Variable '
                 'guid="30000000-0000-4000-8000-000000000002" name="age" '
                 'typeOfVariable="Integer"/></Variables>')
    cases = ('<Cases><Case guid="d0000000-0000-4000-8000-000000000001" name="H">'
             '<VariableValue><VariableRef targetGUID="30000000-0000-4000-8000-000000000001"/>'
             '<TextValue>female</TextValue></VariableValue>'
             f'<SourceRef targetGUID="{SOURCE}"/></Case></Cases>')
    proj = _simple()
    proj.variables, proj.cases = variables, cases
    qde = proj.xml().replace(
        "</TextSource>", '<VariableValue><VariableRef targetGUID="30000000-0000-4000-8000-'
        '000000000002"/><IntegerValue>29</IntegerValue></VariableValue></TextSource>')
    tables = read_qdpx(write_zip(tmp_path / "v.qdpx", qde, proj.files()))
    parts = tables.participants
    assert list(parts.columns)[:3] == [c for c in PARTICIPANTS.column_names
                                       if c in ("pseudonym", "student_id", "transcript")]
    assert parts[["pseudonym", "gender", "age"]].values.tolist() == [["H", "female", "29"]]
    assert set(tables.units.participant) == {"H"}
    assert "source-variables" in _kinds(tables.report)


def test_source_as_inline_plain_text_content(tmp_path: Path) -> None:
    proj = _simple()
    qde = proj.xml().replace(f'plainTextPath="internal://{SOURCE}.txt">',
                             f"><PlainTextContent>{proj.text}</PlainTextContent>")
    tables = read_qdpx(write_zip(tmp_path / "p.qdpx", qde, {}))
    assert tables.units.text.tolist() == ["We met often.", "She listened well."]


def test_missing_text_file_is_reported_not_fatal(tmp_path: Path) -> None:
    proj = _simple()
    tables = read_qdpx(write_zip(tmp_path / "m.qdpx", proj.xml(), {}))
    assert tables.units.empty
    assert any("missing from the archive" in w for w in tables.report.warnings)


def test_braced_uppercase_guids_match(tmp_path: Path) -> None:
    proj = _simple()
    upper = USER_A.upper()
    qde = proj.xml().replace(f'creatingUser="{USER_A}"', f'creatingUser="{{{upper}}}"')
    tables = read_qdpx(write_zip(tmp_path / "b.qdpx", qde, proj.files()))
    assert "braced-guid" in _kinds(tables.report)
    assert len(tables.units) == 2


# --- position units and line ends (synthetic; the real files are in test_qdpx_real) -------

_EMOJI_LINES = [f"P: Note {k} \U0001F600 we talked about item {k} \U0001F389 today."
                for k in range(12)]


@pytest.mark.parametrize("unit", ["utf-16", "utf-8"])
def test_position_unit_detected_from_word_boundaries(tmp_path: Path, unit: str) -> None:
    text = "\n".join(_EMOJI_LINES) + "\n"
    pieces = [f"talked about item {k}" for k in range(12)]
    # Names are empty (as NVivo writes them): word boundaries alone decide.
    sels = [Sel(*span_in(unit, text, p), [(USER_A, "x")]) for p in pieces]
    proj = Project(text, sels)
    tables = read_qdpx(write_zip(tmp_path / "u.qdpx", proj.xml(), proj.files()))
    off = tables.report.offsets
    assert (off.unit, off.end) == (unit, "exclusive")
    assert off.wins == 12 and off.losses == 0 and off.confidence == 1.0
    assert tables.units.text.tolist() == pieces
    assert f"{unit.replace('-', '')}-positions" in _kinds(tables.report)
    assert not any("weak evidence" in w for w in tables.report.warnings)


def test_ascii_text_keeps_code_points_without_doubt(tmp_path: Path) -> None:
    # With no character outside ASCII the three units agree; nothing to warn about.
    text = "I: Hello there.\nP: We met often.\n"
    proj = Project(text, [Sel(*span(text, "We met often."), [(USER_A, "x")])])
    off = read_qdpx(write_zip(tmp_path / "a.qdpx", proj.xml(), proj.files())).report.offsets
    assert off.unit == "code-points" and off.end == "exclusive"
    assert off.runner_up == "code-points/inclusive/as-stored"


def test_whole_line_selections_keep_exclusive_ends(tmp_path: Path) -> None:
    # qc selects whole lines: each selection ends just after its "\n". The next line starts
    # with a one-letter word, which made the old scoring prefer inclusive ends.
    lines = [f"a line number {k} is here\n" for k in range(12)]
    text = "".join(lines)
    sels = [Sel(*span(text, line), [(USER_A, "x")], name=f"line:{k + 1}")
            for k, line in enumerate(lines[:-1])]
    proj = Project(text, sels)
    tables = read_qdpx(write_zip(tmp_path / "w.qdpx", proj.xml(), proj.files()))
    assert tables.report.offsets.end == "exclusive"
    assert tables.units.text.tolist() == lines[:-1]
    assert tables.report.offsets.wins == 11


def test_weak_evidence_is_warned(tmp_path: Path) -> None:
    text = "P: alpha beta gamma delta."
    proj = Project(text, [Sel(*span(text, "beta"), [(USER_A, "x")])])
    tables = read_qdpx(write_zip(tmp_path / "k.qdpx", proj.xml(), proj.files()))
    assert tables.report.offsets.wins + tables.report.offsets.losses < 10
    assert any("weak evidence" in w and "compare a few units" in w
               for w in tables.report.warnings)


# --- plainTextPath forms ------------------------------------------------------------------

@pytest.mark.parametrize(("path", "kind"), [
    (f"{SOURCE}.txt", "bare-path"),
    (f"sources/{SOURCE}.txt", "bare-path"),
    (f"INTERNAL://{SOURCE}.txt", "path-scheme-case"),
    (f"internal://{SOURCE.upper()}.TXT", "source-file-case"),
])
def test_text_path_forms_resolve_into_the_archive(tmp_path: Path, path: str,
                                                  kind: str) -> None:
    proj = _simple()
    proj.text_path = path
    tables = read_qdpx(write_zip(tmp_path / "p.qdpx", proj.xml(), proj.files()))
    assert tables.units.text.tolist() == ["We met often.", "She listened well."]
    assert kind in _kinds(tables.report)
    assert not tables.report.losses or "TextSource without readable text" not in {
        x.what for x in tables.report.losses}


def test_external_text_path_is_reported_as_outside(tmp_path: Path) -> None:
    proj = _simple()
    proj.text_path = "relative://interviews/one.txt"
    tables = read_qdpx(write_zip(tmp_path / "p.qdpx", proj.xml(), proj.files()))
    assert tables.units.empty
    assert any("outside the archive (relative://interviews/one.txt)" in w
               for w in tables.report.warnings)


def test_missing_bare_file_names_where_it_looked(tmp_path: Path) -> None:
    proj = _simple()
    proj.text_path = "nothere.txt"
    tables = read_qdpx(write_zip(tmp_path / "p.qdpx", proj.xml(), proj.files()))
    assert any("nothere.txt is missing from the archive (looked for it in sources/" in w
               for w in tables.report.warnings)


# --- reused code names, coders ------------------------------------------------------------

def _reused_names_codebook() -> str:
    def code(g: str, name: str, kids: str = "", codable: bool = False) -> str:
        return (f'<Code guid="{g}" name="{name}" isCodable="{str(codable).lower()}">'
                f"{kids}</Code>")
    x, y, z = CODES["x"], CODES["y"], CODES["z"]
    shared_a = code(guid(3, 4), "shared", code(x, "talk", codable=True))
    shared_b = code(guid(3, 5), "shared", code(y, "talk", codable=True))
    cats = (code(guid(3, 2), "A", shared_a) + code(guid(3, 3), "B", shared_b)
            + code(guid(3, 6), "C", code(z, "shared", codable=True)))
    return f"<CodeBook><Codes>{code(guid(3, 1), 'Theme', cats)}</Codes></CodeBook>"


def test_reused_names_are_told_apart_and_the_cohort_validates(tmp_path: Path) -> None:
    text = "I: Tell me.\nP: We met often.\nP: She listened well.\nP: It helped.\n"
    sels = [Sel(*span(text, p), [(USER_A, c)], name=p)
            for p, c in (("We met often.", "x"), ("She listened well.", "y"),
                         ("It helped.", "z"))]
    proj = Project(text, sels)
    qde = proj.xml().replace(codebook_xml(), _reused_names_codebook())
    out = tmp_path / "c"
    report = import_qdpx(write_zip(tmp_path / "r.qdpx", qde, proj.files()), out)
    codebook = pd.read_csv(out / "codebook.csv", keep_default_na=False)
    assert codebook[["code", "subcategory", "category"]].values.tolist() == [
        ["A > shared > talk", "A > shared", "A"],
        ["B > shared > talk", "B > shared", "B"],
        ["C > shared", "C > shared", "C"],
    ]
    assert "duplicate-code-name" in _kinds(report)
    assert validate_cohort(write_cohort_config(out, name="reused")) == []


def test_coders_keep_their_names(tmp_path: Path) -> None:
    proj = two_coder_project()
    proj.users = ((USER_A, "Coder A", ""), (USER_B, "Bert Berg", "BB"))
    out = tmp_path / "c"
    report = import_qdpx(write_zip(tmp_path / "t.qdpx", proj.xml(), proj.files()), out)
    assert [(c.initials, c.name, c.codings) for c in report.coders] == [
        ("CA", "Coder A", 11), ("BB", "Bert Berg", 10)]
    codings = pd.read_csv(out / "codings.csv", keep_default_na=False)
    assert set(codings.coder) == {"CA", "BB"}
    cfg = write_cohort_config(out, name="two", coders=report.coders)
    assert validate_cohort(cfg) == []
    team = load_config(cfg).writeup.researchers
    assert [(r.initials, r.name, r.roles) for r in team] == [
        ("CA", "Coder A", ("coder",)), ("BB", "Bert Berg", ("coder",))]
    assert "CA = Coder A" in next(q.detail for q in report.quirks if q.kind == "coder-labels")
    saved = json.loads((out / "qdpx-import-report.json").read_text(encoding="utf-8"))
    assert saved["coders"][0] == {"initials": "CA", "name": "Coder A", "guid": USER_A,
                                  "codings": 11}
