"""Benchmark: the demo cohort end to end, replicate's in-process pipeline against a naive loop
of the papermill CLI plus the jupyter nbconvert CLI over the same notebooks (issue 14 target:
at most 0.35x the naive time, the median of alternating pairs on a quiet 2-core machine), and
where each stage's time goes. Prints figures; not a test.

    .venv/bin/python bench/bench_pipeline.py [pairs]
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from replicate.pipeline import run_cohort
from replicate.pipeline.run import RunResult
from replicate.stages import STAGES

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

#: What each stage's kernel imports before computing (measured in a fresh interpreter).
_IMPORTS = {
    "00_cohort_overview": "import replicate.stages, replicate.cohort, replicate.reference",
    "10_sampling_design": "import replicate.stages, replicate.sampling, replicate.privacy",
    "20_pilot_interview_guide": "import replicate.stages, replicate.guide",
    "30_coding_reliability": "import replicate.stages, replicate.reliability",
    "40_theme_synthesis": "import replicate.stages, replicate.synthesis",
    "50_write_up": "import replicate.stages, replicate.writeup",
}


def naive(cohort: Path, out: Path) -> float:
    out.mkdir(parents=True)
    t0 = time.perf_counter()
    for stage in STAGES:
        nb = out / f"{stage.name}.ipynb"
        subprocess.run([str(BIN / "papermill"), str(stage.notebook()),
                        str(nb), "-p", "config_path", str(cohort), "-p", "run_dir", str(out),
                        "--no-progress-bar", "--log-level", "ERROR"], check=True,
                       stderr=subprocess.DEVNULL)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                        str(nb)], check=True, capture_output=True)
    return time.perf_counter() - t0


def ours(cohort: Path, out: Path) -> tuple[float, RunResult]:
    t0 = time.perf_counter()
    res = run_cohort(cohort, out_root=out, force=True)
    return time.perf_counter() - t0, res


def import_seconds(stmt: str) -> float:
    """Wall time of a fresh interpreter running ``stmt`` minus one running ``pass``."""
    def once(code: str) -> float:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - t0
    return max(0.0, min(once(stmt) for _ in range(2)) - min(once("pass") for _ in range(2)))


def main() -> None:
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    ratios: list[float] = []
    last: RunResult | None = None
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        shutil.copytree(ROOT / "examples" / "demo-cohort", base / "demo-cohort",
                        ignore=shutil.ignore_patterns("private"))
        cfg = base / "demo-cohort" / "cohort.yaml"
        ours(cfg, base / "warm")  # warm the file cache and imports once
        for i in range(pairs):  # alternate, so a busy spell hits both sides alike
            t_naive = naive(cfg, base / f"naive-{i}")
            t_ours, last = ours(cfg, base / f"ours-{i}")
            ratios.append(t_ours / t_naive)
            print(f"pair {i + 1}: naive {t_naive:.1f} s, replicate {t_ours:.1f} s, "
                  f"ratio {t_ours / t_naive:.2f}x", flush=True)
    print(f"median ratio over {pairs} pairs: {statistics.median(ratios):.2f}x "
          "(target <= 0.35x)")
    if last is None:
        return
    print("\nwhere the time goes in the last replicate run (seconds; stages 00-40 run two "
          "at a time, then 50):")
    print(f"{'stage':28s} {'total':>6s} {'kernel':>7s} {'cells':>6s} {'of which imports':>17s} "
          f"{'html':>5s}")
    for name, t in last.timings.items():
        imp = import_seconds(_IMPORTS.get(name, "import replicate.stages"))
        print(f"{name:28s} {t['total']:6.1f} {t['kernel']:7.1f} {t['cells']:6.1f} "
              f"{imp:17.1f} {t.get('render', 0.0):5.2f}")
    print("kernel = start and shutdown of the kernel and papermill's own work; cells = the "
          "notebook's cells (imports, loading the cohort, computing, figures); imports are "
          "measured in a fresh interpreter; html = sanitising and nbconvert export.")


if __name__ == "__main__":
    main()
