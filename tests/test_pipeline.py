"""Running stages: artifacts, manifest, atomic publish, parameter checks (starts kernels)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from replicate.cli import main
from replicate.errors import ConfigError, StageError
from replicate.pipeline import run_cohort
from replicate.stage import notebook_folder as notebooks_dir

pytestmark = pytest.mark.kernel


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_overview_stage_publishes_a_report(mini_cohort: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = run_cohort(mini_cohort, out_root=out, stages=["00"])
    report = out / "my-school-2026"
    assert result.report_dir == report
    assert (report / "index.html").exists()
    assert (report / "stages" / "00_cohort_overview.html").exists()
    summary = json.loads((report / "artifacts" / "00_cohort_overview.json").read_text())
    assert summary["tables"]["students"] == 14 and summary["n_transcripts"] == 1
    manifest = json.loads((report / "manifest.json").read_text())
    assert manifest["parameters"] == {"config_path": "cohort.yaml", "run_dir": "."}
    assert set(manifest["inputs"]) >= {"cohort.yaml", "tables/students.csv", "transcripts/A.txt"}
    assert manifest["seed"] == 2012
    nb = nbformat.read(report / "notebooks" / "00_cohort_overview.ipynb", as_version=4)
    assert nb.metadata["papermill"] == {"parameters": manifest["parameters"]}
    html = (report / "stages" / "00_cohort_overview.html").read_text()
    assert "<script src=" not in html and "res = cohort_overview" not in html
    assert str(tmp_path) not in html
    first = _tree(report)
    run_cohort(mini_cohort, out_root=out, stages=["00"])
    assert _tree(report) == first  # byte-identical on a second run


def test_failed_stage_leaves_previous_report(mini_cohort: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "reports"
    run_cohort(mini_cohort, out_root=out, stages=["00"])
    before = _tree(out / "my-school-2026")
    broken = tmp_path / "notebooks"
    broken.mkdir()
    src = notebooks_dir() / "00_cohort_overview.ipynb"
    nb = nbformat.read(src, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise ValueError('boom in the last cell')"))
    nbformat.write(nb, broken / "00_cohort_overview.ipynb")
    monkeypatch.setenv("REPLICATE_NOTEBOOKS", str(broken))
    with pytest.raises(StageError) as err:
        run_cohort(mini_cohort, out_root=out, stages=["00"])
    assert err.value.stage == "00_cohort_overview"
    assert "ValueError: boom in the last cell" in str(err.value)
    assert err.value.exit_code == 1
    assert _tree(out / "my-school-2026") == before
    assert sorted(p.name for p in out.iterdir()) == ["my-school-2026"]  # no build folder left


def test_unknown_parameter_is_refused_before_running(mini_cohort: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="parameter 'sede' is not in the parameters cell"):
        run_cohort(mini_cohort, out_root=tmp_path / "r", params={"sede": "1"})
    assert not (tmp_path / "r" / "my-school-2026").exists()


def test_unknown_stage_exit_2(mini_cohort: Path, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(mini_cohort), "--out", str(tmp_path), "--stages", "99"]) == 2
    assert "--stages: unknown stage '99'; allowed: 00" in capsys.readouterr().err


def test_plain_papermill_cli_runs_the_notebook(mini_cohort: Path, tmp_path: Path) -> None:
    papermill = Path(sys.executable).with_name("papermill")
    out = tmp_path / "out"
    proc = subprocess.run(
        [str(papermill), str(notebooks_dir() / "00_cohort_overview.ipynb"),
         str(tmp_path / "out.ipynb"), "-p", "config_path", str(mini_cohort),
         "-p", "run_dir", str(out), "--no-progress-bar"],
        capture_output=True, text=True, check=False, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (out / "artifacts" / "00_cohort_overview.json").exists()
    shutil.rmtree(out)


def test_incremental_runs_skip_unchanged_stages(mini_cohort: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    first = run_cohort(mini_cohort, out_root=out, stages=["00"])
    assert first.stages == ["00_cohort_overview"] and first.skipped == []
    again = run_cohort(mini_cohort, out_root=out, stages=["00"])
    assert again.stages == [] and again.skipped == ["00_cohort_overview"]
    forced = run_cohort(mini_cohort, out_root=out, stages=["00"], force=True)
    assert forced.stages == ["00_cohort_overview"]
    students = mini_cohort.parent / "tables" / "students.csv"
    students.write_text(students.read_text().replace(",27,", ",28,"), encoding="utf-8")
    changed = run_cohort(mini_cohort, out_root=out, stages=["00"])
    assert changed.stages == ["00_cohort_overview"]


def test_verify_reports_changed_inputs_and_reproduces_outputs(
    mini_cohort: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "reports"
    run_cohort(mini_cohort, out_root=out, stages=["00"])
    report = out / "my-school-2026"
    assert main(["verify", str(report)]) == 0
    assert "re-run reproduced every output byte for byte" in capsys.readouterr().out
    mentors = mini_cohort.parent / "tables" / "mentors.csv"
    mentors.write_text(mentors.read_text().replace(",45,", ",46,"), encoding="utf-8")
    assert main(["verify", str(report), "--no-rerun"]) == 1
    assert "changed input: tables/mentors.csv" in capsys.readouterr().out


def test_identifying_value_in_an_output_publishes_nothing(
    mini_cohort: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "reports"
    run_cohort(mini_cohort, out_root=out, stages=["00"])
    before = _tree(out / "my-school-2026")
    # a student's name from the roster leaks into the report through the title
    text = mini_cohort.read_text(encoding="utf-8")
    mini_cohort.write_text(text.replace('title: "Mentorship study replication"',
                                        'title: "Interviews with Anna Example"'), encoding="utf-8")
    assert main(["run", str(mini_cohort), "--out", str(out), "--stages", "00", "-q"]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert "nothing was published" in err and "Anna" not in err
    assert _tree(out / "my-school-2026") == before
    assert sorted(p.name for p in out.iterdir()) == ["my-school-2026"]
