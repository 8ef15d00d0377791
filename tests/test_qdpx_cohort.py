"""An imported REFI-QDA project is a cohort: validate accepts it, stage 30 computes agreement."""

from __future__ import annotations

from pathlib import Path

import pytest

from _qdpx_builders import two_coder_project, write_zip
from replicate.cli import main
from replicate.cohort import load_cohort
from replicate.reliability import analyse_reliability

HAND = Path(__file__).resolve().parent / "data" / "reference" / "qdpx" / "refi-hand-authored"


@pytest.mark.skipif(not HAND.exists(), reason="reference data not present")
def test_import_then_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-qdpx", str(HAND), "--out", str(tmp_path / "cohort")]) == 0
    assert main(["validate", str(tmp_path / "cohort" / "cohort.yaml")]) == 0
    assert "valid" in capsys.readouterr().out


def test_two_coder_project_agreement_through_the_reliability_engine(tmp_path: Path) -> None:
    proj = two_coder_project()
    path = write_zip(tmp_path / "two.qdpx", proj.xml(), proj.files())
    assert main(["import-qdpx", str(path), "--out", str(tmp_path / "c")]) == 0
    cohort = load_cohort(tmp_path / "c" / "cohort.yaml")
    res = analyse_reliability(cohort.table("codings"), cohort.table("units"),
                              thresholds={"kappa": 0.6}, seed=1, n_boot=0)
    # hand computation (two codes, 8 of 10 units agree, marginals 5/5): kappa = 0.6
    assert res.summary["n_units"] == 11  # one unit was coded by one coder only
    assert res.statistics.to_json_dict()["cohen_kappa"] == pytest.approx(0.6)
    assert res.statistics.to_json_dict()["percent_agreement"] == pytest.approx(0.8)
