"""The shipped notebooks open and run as they are: relative parameters resolve from the
notebook's folder or any folder above it, and each notebook says where its settings live."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from replicate.errors import ConfigError
from replicate.stage import notebook_folder, notebook_paths
from replicate.stages import STAGES

ROOT = Path(__file__).resolve().parents[1]
DEFAULTS = {"config_path": "examples/demo-cohort/cohort.yaml", "run_dir": "reports/lab"}


def _layout(tmp_path: Path) -> Path:
    """A repository-like tree: examples/demo-cohort/cohort.yaml, src/pkg/notebooks/, a link
    notebooks -> src/pkg/notebooks; returns its root."""
    root = tmp_path / "repo"
    (root / "examples" / "demo-cohort").mkdir(parents=True)
    (root / "examples" / "demo-cohort" / "cohort.yaml").write_text("study: {}\n")
    (root / "src" / "pkg" / "notebooks").mkdir(parents=True)
    (root / "notebooks").symlink_to(Path("src") / "pkg" / "notebooks")
    return root


def test_the_default_config_is_found_from_the_notebook_folder_and_its_parents(
        tmp_path: Path) -> None:
    root = _layout(tmp_path)
    config = root / "examples" / "demo-cohort" / "cohort.yaml"
    for cwd in (root, root / "notebooks", root / "src" / "pkg" / "notebooks"):
        found, run = notebook_paths(DEFAULTS["config_path"], DEFAULTS["run_dir"], cwd=cwd)
        assert found.resolve() == config.resolve(), cwd
        assert run.resolve() == (root / "reports" / "lab").resolve(), cwd


def test_absolute_paths_are_kept_and_a_missing_config_says_what_to_set(tmp_path: Path) -> None:
    root = _layout(tmp_path)
    config = root / "examples" / "demo-cohort" / "cohort.yaml"
    assert notebook_paths(config, tmp_path / "out", cwd=root / "notebooks") == (
        config, tmp_path / "out")
    # an absolute config with a relative run_dir: the working folder, as papermill users expect
    assert notebook_paths(config, "out", cwd=tmp_path)[1] == tmp_path / "out"
    with pytest.raises(ConfigError, match=r"nope/cohort\.yaml is not in .* or any folder above "
                                          r"it; set config_path") as err:
        notebook_paths("nope/cohort.yaml", "out", cwd=root / "notebooks")
    assert err.value.location == "config_path"


def test_run_dir_never_lands_inside_the_installed_package(tmp_path: Path) -> None:
    root = _layout(tmp_path)
    config = root / "examples" / "demo-cohort" / "cohort.yaml"
    with pytest.raises(ConfigError, match="inside the installed package") as err:
        notebook_paths(config, "out", cwd=notebook_folder())
    assert err.value.location == "run_dir"


def test_parameters_default_to_the_demo_and_reports_lab() -> None:
    for path in sorted(notebook_folder().glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(params) == 1, path
        values = dict(re.findall(r'^(\w+) = "([^"]*)"$', params[0].source, flags=re.M))
        assert values == DEFAULTS, path
        assert (ROOT / values["config_path"]).is_file()


def test_first_cell_says_where_the_settings_live() -> None:
    for stage in STAGES:
        nb = nbformat.read(stage.notebook(), as_version=4)
        first = nb.cells[0]
        assert first.cell_type == "markdown", stage.name
        text = first.source
        assert "`cohort.yaml`" in text and "`replicate run cohort.yaml`" in text, stage.name
        assert "`config_path`" in text and "parameters cell" in text, stage.name
        missing = [s for s in stage.sections if not re.search(rf"`{s}[`.]", text)]
        assert not missing, (stage.name, missing)
    sampling = nbformat.read(notebook_folder() / "10_sampling_design.ipynb", as_version=4)
    assert "`target_n`: the sample size" in sampling.cells[0].source


@pytest.mark.kernel
def test_a_shipped_notebook_runs_with_its_defaults_from_its_folder(tmp_path: Path) -> None:
    """``cd notebooks && papermill 00_cohort_overview.ipynb out.ipynb`` in a clone."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "examples" / "demo-cohort", root / "examples" / "demo-cohort",
                    ignore=shutil.ignore_patterns("private"))
    shipped = root / "src" / "replicate" / "notebooks"
    shipped.mkdir(parents=True)
    shutil.copy2(notebook_folder() / "00_cohort_overview.ipynb", shipped)
    (root / "notebooks").symlink_to(Path("src") / "replicate" / "notebooks")
    papermill = Path(sys.executable).with_name("papermill")
    env = {**os.environ, "PWD": str(root / "notebooks")}
    proc = subprocess.run(
        [str(papermill), "00_cohort_overview.ipynb", "out.ipynb", "--no-progress-bar"],
        cwd=root / "notebooks", env=env, capture_output=True, text=True, check=False,
        timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (shipped / "out.ipynb").is_file()
    summary = root / "reports" / "lab" / "artifacts" / "00_cohort_overview.json"
    assert summary.is_file()
    assert '"study_id": "demo"' in summary.read_text(encoding="utf-8")
    assert not list(shipped.glob("reports"))
