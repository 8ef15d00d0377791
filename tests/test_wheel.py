"""A wheel built with ``python -m build``, installed non-editable into a fresh venv, runs the
demo and publishes all six stages: the notebooks ship inside the package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.kernel


def test_wheel_in_a_fresh_venv_runs_the_demo(tmp_path: Path) -> None:
    pytest.importorskip("build")
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    (wheel,) = dist.glob("replicate-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    site = Path(subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip())
    # The dependencies come from this test environment's site-packages (a plain path: its
    # .pth files, and so the editable install of replicate, are not read); replicate itself
    # only from the wheel, non-editable.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "REPLICATE_NOTEBOOKS")}
    env["PATH"] = f"{env_dir / 'bin'}:{env['PATH']}"
    # the dependencies' data files (nbconvert's base templates, the kernel spec) are in
    # this environment's share/jupyter, where a real install of them would put them
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    where = subprocess.run([str(py), "-c", "import replicate, replicate.stages as s; "
                            "print(replicate.__file__); print(s.STAGES[0].notebook())"],
                           check=True, capture_output=True, text=True, env=env,
                           cwd=tmp_path).stdout.split()
    assert all(Path(w).is_relative_to(site) for w in where), where
    work = tmp_path / "work"
    work.mkdir()
    res = subprocess.run([str(env_dir / "bin" / "replicate"), "demo", "--cohort-dir", "demo",
                          "--out", "reports", "-q"], cwd=work, env=env, capture_output=True,
                         text=True, timeout=900)
    assert res.returncode == 0, res.stderr[-2000:]
    report = work / "reports" / "demo"
    manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["stages"] == ["00_cohort_overview", "10_sampling_design",
                                  "20_pilot_interview_guide", "30_coding_reliability",
                                  "35_machine_coding", "40_theme_synthesis", "50_write_up"]
    assert all((report / "stages" / f"{s}.html").exists() for s in manifest["stages"])
