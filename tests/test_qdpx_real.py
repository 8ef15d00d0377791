"""Real REFI-QDA exports (../shared/reference-data/qdpx-real): what README.txt there says is right.

The files are third-party exports (NVivo for Windows 12.6, qc 1.3.2, Taguette 1.5.2), masked
where they held personal data; they are read from the shared folder, never copied into the
repository, and the tests are skipped where it is absent (CI clones).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree

from replicate.cli import main
from replicate.cohort import validate_cohort
from replicate.config import load_config
from replicate.qdpx import ImportReport, import_qdc, import_qdpx, read_qdc, read_qdpx
from replicate.qdpx._positions import _word
from replicate.qdpx.cli import write_cohort_config

REAL = Path(__file__).resolve().parents[2] / "shared" / "reference-data" / "qdpx-real"
NVIVO_WIN = REAL / "nvivo12win-utf16-masked.qdpx"
QC_BARE = REAL / "qc132-demo-masked.qdpx"
QC_INTERNAL = REAL / "qc132-demo-masked-internal.qdpx"
TAGUETTE = REAL / "taguette-1.5.2.qdc"
PNS = "{urn:QDA-XML:project:1.0}"


@pytest.fixture(autouse=True)
def _needs_real() -> None:
    if not REAL.is_dir():
        pytest.skip("the real REFI-QDA exports are read from ../shared only")


def _import(path: Path, out: Path) -> tuple[ImportReport, Path]:
    report = (import_qdc if path.suffix == ".qdc" else import_qdpx)(path, out)
    cfg = write_cohort_config(out, name=path.stem, coders=report.coders)
    return report, cfg


def _mid_word(text: str, pos: int) -> bool:
    return 0 < pos < len(text) and _word(text[pos - 1]) and _word(text[pos])


# --- NVivo for Windows 12.6: UTF-16 code units ------------------------------------------

def test_nvivo_windows_positions_are_utf16_code_units(tmp_path: Path) -> None:
    tables = read_qdpx(NVIVO_WIN)
    off = tables.report.offsets
    assert (off.unit, off.end, off.newlines) == ("utf-16", "exclusive", "as-stored")
    # 270 selections fit better as UTF-16 than as code points, none worse (the others tie).
    assert (off.wins, off.losses, off.confidence) == (270, 0, 1.0)
    assert off.runner_up == "code-points/exclusive/as-stored"
    assert off.scores["utf-16/exclusive/as-stored"] == 600
    assert off.scores["code-points/exclusive/as-stored"] == -153
    assert not any("weak evidence" in w for w in tables.report.warnings)
    assert {"utf16-positions", "crlf", "sources-folder"} <= {q.kind for q in
                                                              tables.report.quirks}
    units = tables.units
    assert len(units) == 303 and tables.report.counts["transcripts"] == 2
    starts = sum(_mid_word(tables.transcripts[t], s) for t, s in units[["transcript", "start"]]
                 .itertuples(index=False))
    ends = sum(_mid_word(tables.transcripts[t], e) for t, e in units[["transcript", "end"]]
               .itertuples(index=False))
    # README: 1 mid-word start as UTF-16 (174 as code points). The coders' own selections
    # also end inside a word twice ("...NÉP kizsigerelésére, A|KI", "hiede|lem").
    assert (starts, ends) == (1, 2)
    for t, s, e, text in units[["transcript", "start", "end", "text"]].itertuples(index=False):
        assert tables.transcripts[t][s:e] == text

    # Read as code points (the old importer), 290 of the 303 texts were shifted.
    with zipfile.ZipFile(NVIVO_WIN) as zf:
        root = etree.fromstring(zf.read("project.qde"))
        naive = {}
        for src in root.iter(f"{PNS}TextSource"):
            raw = zf.read(f"Sources/{src.get('guid')}.txt").decode("utf-8-sig")
            for sel in src.iter(f"{PNS}PlainTextSelection"):
                piece = raw[int(sel.get("startPosition", 0)):int(sel.get("endPosition", 0))]
                naive[sel.get("guid")] = piece.replace("\r\n", "\n")
    texts = units.set_index("unit_id").text
    shifted = sum(naive[sels[0]] != texts[uid]
                  for uid, sels in tables.report.unit_selections.items())
    assert shifted == 290


def test_nvivo_windows_coder_is_named_and_cohort_validates(tmp_path: Path) -> None:
    report, cfg = _import(NVIVO_WIN, tmp_path / "c")
    assert [(c.initials, c.name, c.codings) for c in report.coders] == [
        ("CA", "Coder A", 303), ("CB", "Coder B", 0)]
    assert validate_cohort(cfg) == []
    team = load_config(cfg).writeup.researchers
    assert [(r.initials, r.name, r.roles) for r in team] == [("CA", "Coder A", ("coder",))]
    assert not (tmp_path / "c" / "codings.csv").exists()  # one user coded
    lost = {x.what for x in report.losses}
    assert lost == {"TextSource Description", "Project Description", "Dates",
                    "Descriptions of theme/category/subcategory codes"}
    md = (tmp_path / "c" / "qdpx-import-report.md").read_text(encoding="utf-8")
    assert "| CA | Coder A | 303 |" in md
    assert "Positions read as **utf-16**" in md and "confidence **1.00**" in md


# --- qc 1.3.2: bare plainTextPath, whole-line selections ---------------------------------

@pytest.mark.parametrize("path", [QC_BARE, QC_INTERNAL], ids=["bare", "internal"])
def test_qc_whole_line_units(tmp_path: Path, path: Path) -> None:
    report, cfg = _import(path, tmp_path / "c")
    out = tmp_path / "c"
    units = pd.read_csv(out / "units.csv", dtype={"text": str}, keep_default_na=False)
    assert len(units) == 205
    assert sorted(p.name for p in (out / "transcripts").iterdir()) == ["admin-1.txt",
                                                                      "board_2017.txt"]
    texts = {p.name: p.read_text(encoding="utf-8") for p in (out / "transcripts").iterdir()}
    for t, s, e, text in units[["transcript", "start", "end", "text"]].itertuples(index=False):
        assert texts[t][s:e] == text
        assert text.endswith("\n") and "\n" not in text[:-1]  # one whole line, exclusive end
        assert s == 0 or texts[t][s - 1] == "\n"
    off = report.offsets
    assert (off.unit, off.end) == ("code-points", "exclusive")
    assert (off.wins, off.losses, off.runner_up) == (146, 0, "code-points/inclusive/as-stored")
    selections = {g for v in report.unit_selections.values() for g in v}
    assert len(selections) == 158
    assert any(w.startswith("84 units come from selections that carry several codes")
               for w in report.warnings)
    kinds = {q.kind for q in report.quirks}
    assert ("bare-path" in kinds) == (path == QC_BARE)
    assert "duplicate-code-name" in kinds
    assert not any("outside the archive" in w for w in report.warnings)
    assert validate_cohort(cfg) == []
    codebook = pd.read_csv(out / "codebook.csv", keep_default_na=False)
    assert len(codebook) == 236 and codebook.code.is_unique
    assert set(units.code) <= set(codebook.code)
    assert [(r.initials, r.name) for r in load_config(cfg).writeup.researchers] == [("cp", "cp")]


def test_qc_variants_import_the_same(tmp_path: Path) -> None:
    bare, internal = read_qdpx(QC_BARE), read_qdpx(QC_INTERNAL)
    pd.testing.assert_frame_equal(bare.units, internal.units)
    pd.testing.assert_frame_equal(bare.codebook, internal.codebook)
    assert bare.transcripts == internal.transcripts


def test_qc_reused_names_are_kept_apart_at_every_level() -> None:
    codebook = read_qdpx(QC_BARE).codebook
    assert (codebook.groupby("subcategory").category.nunique() == 1).all()
    graduation = codebook[codebook.code.str.contains("graduation_requirement")]
    assert sorted(graduation.code) == ["curriculum > graduation_requirement",
                                       "graduation_requirement > graduation_requirement"]
    assert set(graduation.subcategory) == {"curriculum > graduation_requirement"}


# --- Taguette 1.5.2 codebook: an empty <Sets/> -------------------------------------------

def test_taguette_codebook_with_empty_sets(tmp_path: Path) -> None:
    tables = read_qdc(TAGUETTE)
    assert tables.codebook[["code", "subcategory", "category", "theme"]].values.tolist() == [
        [n, n, n, n] for n in ("Space.A free zone", "interesting", "interesting\\places",
                               "people")]
    assert [q.kind for q in tables.report.quirks] == ["empty-sets"]
    assert tables.report.origin == "Taguette 1.5.2"
    assert tables.report.to_dict()["schema"] == "REFI-QDA Codebook.xsd v1.0: valid"
    _, cfg = _import(TAGUETTE, tmp_path / "c")
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == [
        "codebook.csv", "cohort.yaml", "qdpx-import-report.json", "qdpx-import-report.md"]
    assert validate_cohort(cfg) == []


def test_taguette_through_the_cli_and_back(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-qdpx", str(TAGUETTE), "--out", str(tmp_path / "c")]) == 0
    out = capsys.readouterr().out
    assert "4 codebook" in out and "1 quirks tolerated" in out
    assert main(["validate", str(tmp_path / "c" / "cohort.yaml")]) == 0
    assert main(["export-qdc", str(tmp_path / "c"), "--out", str(tmp_path / "again.qdc")]) == 0
    again = read_qdc(tmp_path / "again.qdc")
    assert sorted(again.codebook.code) == sorted(read_qdc(TAGUETTE).codebook.code)
    assert again.report.quirks == ()


@pytest.mark.parametrize("path", [NVIVO_WIN, QC_BARE], ids=["nvivo", "qc"])
def test_real_projects_through_the_cli(tmp_path: Path, path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-qdpx", str(path), "--out", str(tmp_path / "c")]) == 0
    out = capsys.readouterr().out
    assert "confidence 1.00" in out
    assert main(["validate", str(tmp_path / "c" / "cohort.yaml")]) == 0
