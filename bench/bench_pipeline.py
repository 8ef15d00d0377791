"""Benchmark: the demo cohort end to end, replicate's in-process pipeline against a naive loop
of the papermill CLI plus the jupyter nbconvert CLI over the same notebooks (issue 8 target:
at most 0.5x the naive time). Prints figures; not a test.

    .venv/bin/python bench/bench_pipeline.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from replicate.pipeline import run_cohort
from replicate.stage import notebook_folder as notebooks_dir
from replicate.stages import STAGES

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def naive(cohort: Path, out: Path) -> float:
    out.mkdir(parents=True)
    t0 = time.perf_counter()
    for stage in STAGES:
        nb = out / f"{stage.name}.ipynb"
        subprocess.run([str(BIN / "papermill"), str(notebooks_dir() / f"{stage.name}.ipynb"),
                        str(nb), "-p", "config_path", str(cohort), "-p", "run_dir", str(out),
                        "--no-progress-bar", "--log-level", "ERROR"], check=True,
                       stderr=subprocess.DEVNULL)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                        str(nb)], check=True, capture_output=True)
    return time.perf_counter() - t0


def ours(cohort: Path, out: Path) -> float:
    t0 = time.perf_counter()
    run_cohort(cohort, out_root=out, force=True)
    return time.perf_counter() - t0


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        shutil.copytree(ROOT / "examples" / "demo-cohort", base / "demo-cohort",
                        ignore=shutil.ignore_patterns("private"))
        cfg = base / "demo-cohort" / "cohort.yaml"
        ours(cfg, base / "warm")  # warm the file cache and imports once
        t_naive = naive(cfg, base / "naive")
        t_ours = ours(cfg, base / "ours")
    n = len(STAGES)
    print(f"stages: {n}")
    print(f"naive papermill CLI + jupyter nbconvert CLI: {t_naive:.1f} s")
    print(f"replicate run (in-process papermill + nbconvert, checks, manifest): {t_ours:.1f} s")
    print(f"ratio: {t_ours / t_naive:.2f}x (target <= 0.50x)")


if __name__ == "__main__":
    main()
