"""The import-qdpx / export-qdc / export-qdpx sub-commands."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
import pytest

from _qdpx_builders import two_coder_project, write_zip
from replicate.errors import DataError, ReplicateError
from replicate.qdpx.cli import add_parsers, read_table


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="replicate")
    add_parsers(parser.add_subparsers(dest="command", required=True))
    return parser


def _run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    result: int = args.func(args)
    return result


def test_import_then_export_through_the_cli(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    proj = two_coder_project()
    src = write_zip(tmp_path / "two.qdpx", proj.xml(), proj.files())
    out = tmp_path / "cohort"
    assert _run(["import-qdpx", str(src), "--out", str(out)]) == 0
    assert "11 units" in capsys.readouterr().out
    assert _run(["export-qdc", str(out), "--out", str(tmp_path / "cb.qdc")]) == 0
    assert (tmp_path / "cb.qdc").read_bytes().startswith(b'<?xml version="1.0"')
    assert _run(["export-qdpx", "--codebook", str(out / "codebook.csv"),
                 "--units", str(out / "units.csv"), "--codings", str(out / "codings.csv"),
                 "--participants", str(out / "participants.csv"),
                 "--transcripts", str(out / "transcripts"),
                 "--out", str(tmp_path / "again.qdpx"), "--name", "Again"]) == 0
    assert _run(["import-qdpx", str(tmp_path / "again.qdpx"), "--out",
                 str(tmp_path / "again")]) == 0
    for name in ("codebook", "units", "codings"):
        first = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
        second = pd.read_csv(tmp_path / "again" / f"{name}.csv", dtype=str,
                             keep_default_na=False)
        pd.testing.assert_frame_equal(first, second)


def test_levels_option_and_errors_propagate(tmp_path: Path) -> None:
    proj = two_coder_project()
    src = write_zip(tmp_path / "two.qdpx", proj.xml(), proj.files())
    assert _run(["import-qdpx", str(src), "--out", str(tmp_path / "o"), "--levels",
                 "theme,category,code"]) == 0
    codebook = pd.read_csv(tmp_path / "o" / "codebook.csv", keep_default_na=False)
    assert sorted(codebook.code) == ["Sub > x", "Sub > y", "Sub > z"]
    with pytest.raises(ReplicateError, match="not empty"):
        _run(["import-qdpx", str(src), "--out", str(tmp_path / "o")])
    assert _run(["import-qdpx", str(src), "--out", str(tmp_path / "o"), "--force"]) == 0
    with pytest.raises(DataError, match=r"no cohort\.yaml, codebook\.csv or codebook\.xlsx"):
        _run(["export-qdc", str(tmp_path), "--out", str(tmp_path / "x.qdc")])


def test_read_table_csv_and_xlsx(tmp_path: Path) -> None:
    frame = pd.DataFrame({"code": ["a"], "start": ["12"], "empty": [""]})
    frame.to_csv(tmp_path / "t.csv", index=False)
    frame.to_excel(tmp_path / "t.xlsx", index=False)
    for name in ("t.csv", "t.xlsx"):
        got = read_table(tmp_path / name)
        assert got.values.tolist() == [["a", "12", ""]]
    with pytest.raises(DataError, match="unsupported table type"):
        (tmp_path / "t.json").write_text("{}", encoding="utf-8")
        read_table(tmp_path / "t.json")


def test_export_qdc_follows_the_codebook_named_in_cohort_yaml(tmp_path: Path) -> None:
    proj = two_coder_project()
    src = write_zip(tmp_path / "two.qdpx", proj.xml(), proj.files())
    out = tmp_path / "cohort"
    assert _run(["import-qdpx", str(src), "--out", str(out)]) == 0
    # Move the codebook and point the config at it; a stale codebook.csv is left behind.
    (out / "tables").mkdir()
    moved = pd.read_csv(out / "codebook.csv", dtype=str, keep_default_na=False)
    moved.loc[moved.code == "x", "description"] = "from the config"
    moved.to_csv(out / "tables" / "cb.csv", index=False)
    cfg = out / "cohort.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        "codebook: codebook.csv", "codebook: tables/cb.csv"), encoding="utf-8")
    for target in (out, cfg):
        qdc = tmp_path / "cb.qdc"
        assert _run(["export-qdc", str(target), "--out", str(qdc)]) == 0
        assert b"from the config" in qdc.read_bytes()
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("  codebook: tables/cb.csv\n", ""),
                   encoding="utf-8")
    with pytest.raises(DataError, match="the config names no codebook") as info:
        _run(["export-qdc", str(out), "--out", str(tmp_path / "x.qdc")])
    assert info.value.location == "data.codebook"


def test_import_qdc_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    qdc = tmp_path / "in.qdc"
    qdc.write_text('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid='
                   '"00000002-0000-4000-8000-000000000001" name="x" isCodable="true"/>'
                   "</Codes><Sets/></CodeBook>", encoding="utf-8")
    assert _run(["import-qdpx", str(qdc), "--out", str(tmp_path / "c")]) == 0
    assert "1 codebook; 1 quirks tolerated" in capsys.readouterr().out
    cfg = (tmp_path / "c" / "cohort.yaml").read_text(encoding="utf-8")
    assert "codebook: codebook.csv" in cfg and "transcripts" not in cfg
