"""Benchmark: 8 demo-size cohorts with 2 workers against 1 worker (issue 8 target: at least
1.7x faster on 2 cores). Prints figures; not a test.

    .venv/bin/python bench/bench_batch.py [n_cohorts]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from replicate.batch import run_batch

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for i in range(n):
            dest = base / "cohorts" / f"site{i}"
            shutil.copytree(ROOT / "examples" / "demo-cohort", dest,
                            ignore=shutil.ignore_patterns("private"))
            cfg = dest / "cohort.yaml"
            cfg.write_text(cfg.read_text().replace("id: demo", f"id: site{i}"))
        times = {}
        for workers in (1, 2):
            t0 = time.perf_counter()
            outcomes = run_batch([str(base / "cohorts")], out_root=base / f"r{workers}",
                                 workers=workers, force=True, progress=False)
            times[workers] = time.perf_counter() - t0
            assert all(o.status == "ok" for o in outcomes), outcomes
    print(f"{n} demo-size cohorts")
    print(f"1 worker:  {times[1]:.1f} s")
    print(f"2 workers: {times[2]:.1f} s")
    print(f"speed-up: {times[1] / times[2]:.2f}x (target >= 1.7x on 2 cores)")


if __name__ == "__main__":
    main()
