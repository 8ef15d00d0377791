"""Faults: a killed run keeps the previous report; a dead kernel is reported with its stage."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from replicate.cli import main
from replicate.pipeline import notebooks_dir, run_cohort

pytestmark = pytest.mark.kernel


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _slow_notebooks(tmp_path: Path) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nb = nbformat.read(notebooks_dir() / "00_cohort_overview.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import time\ntime.sleep(60)"))
    nbformat.write(nb, folder / "00_cohort_overview.ipynb")
    return folder


def test_sigkill_mid_run_keeps_previous_report(mini_cohort: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    run_cohort(mini_cohort, out_root=out, stages=["00"])
    report = out / "my-school-2026"
    before = _tree(report)
    env = {**os.environ, "REPLICATE_NOTEBOOKS": str(_slow_notebooks(tmp_path))}
    proc = subprocess.Popen(
        [sys.executable, "-m", "replicate.cli", "run", str(mini_cohort), "--out", str(out),
         "--force", "-q"], env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    artifact = None
    while time.monotonic() < deadline:
        builds = list(out.glob(".my-school-2026.build-*"))
        if builds and (builds[0] / "notebooks" / "00_cohort_overview.ipynb").exists():
            artifact = builds[0]
            break
        time.sleep(0.2)
    assert artifact is not None, "the run never started"
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert _tree(report) == before  # the previous report is intact
    again = run_cohort(mini_cohort, out_root=out, stages=["00"], force=True)
    assert again.stages == ["00_cohort_overview"]
    assert not list(out.glob(".my-school-2026.*"))  # the killed run's build folder is gone
    assert _tree(report) == before


def test_dead_kernel_is_reported_with_its_stage(
    mini_cohort: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "nb"
    folder.mkdir()
    nb = nbformat.read(notebooks_dir() / "00_cohort_overview.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import os, signal\nos.kill(os.getpid(), "
                                              "signal.SIGKILL)"))
    nbformat.write(nb, folder / "00_cohort_overview.ipynb")
    monkeypatch.setenv("REPLICATE_NOTEBOOKS", str(folder))
    code = main(["run", str(mini_cohort), "--out", str(tmp_path / "r"), "-q"])
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert "stage 00_cohort_overview" in err and "kernel" in err.lower(), err
    assert not (tmp_path / "r" / "my-school-2026").exists()
