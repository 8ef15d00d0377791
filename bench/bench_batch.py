"""Benchmark: 8 demo-size cohorts with 2 workers against 1 worker (issue 8 target: at least
1.7x faster on 2 cores). Prints figures; not a test.

    .venv/bin/python bench/bench_batch.py [n_cohorts] [repeats]

A shared 2-core virtual machine drifts by 10-15 % between minutes, so the two settings are
run alternately (1, 2, 1, 2, ...) and every pair's ratio is printed with the median; a
single pair measured while something else loads the machine is not a figure to trust.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from replicate.batch import run_batch

ROOT = Path(__file__).resolve().parents[1]


def _cohorts(base: Path, n: int) -> Path:
    for i in range(n):
        dest = base / "cohorts" / f"site{i}"
        shutil.copytree(ROOT / "examples" / "demo-cohort", dest,
                        ignore=shutil.ignore_patterns("private"))
        cfg = dest / "cohort.yaml"
        cfg.write_text(cfg.read_text().replace("id: demo", f"id: site{i}"))
    return base / "cohorts"


def _timed(cohorts: Path, out: Path, workers: int) -> float:
    t0 = time.perf_counter()
    outcomes = run_batch([str(cohorts)], out_root=out, workers=workers, force=True,
                         progress=False)
    seconds = time.perf_counter() - t0
    assert all(o.status == "ok" for o in outcomes), outcomes
    shutil.rmtree(out)
    return seconds


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    ratios = []
    print(f"{n} demo-size cohorts, {repeats} alternating pair(s)")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        cohorts = _cohorts(base, n)
        for r in range(repeats):
            one = _timed(cohorts, base / "r1", 1)
            two = _timed(cohorts, base / "r2", 2)
            ratios.append(one / two)
            print(f"pair {r + 1}: 1 worker {one:.1f} s, 2 workers {two:.1f} s, "
                  f"speed-up {one / two:.2f}x", flush=True)
    print(f"median speed-up: {statistics.median(ratios):.2f}x "
          f"(range {min(ratios):.2f}-{max(ratios):.2f}; target >= 1.7x on 2 cores)")


if __name__ == "__main__":
    main()
