"""Benchmark: a generated cohort of 1,000 interviews and 100,000 meaning units through the whole
pipeline (issue 8 target: under 60 s, peak memory under 2 GB). Prints figures; not a test.

Peak memory is the larger of this process's and any child's (kernels) maximum resident set.

    .venv/bin/python bench/bench_large.py [n_interviews] [units_per_interview]
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from replicate.demo import generate_demo
from replicate.pipeline import run_cohort


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    per = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        t0 = time.perf_counter()
        cfg = generate_demo(base / "large", n_students=max(2 * n, 122), n_interviews=n,
                            units_per_interview=per)
        t_gen = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = run_cohort(cfg, out_root=base / "reports", progress=print)
        t_run = time.perf_counter() - t0
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"cohort: {n} interviews x {per} units (generated in {t_gen:.1f} s)")
    for stage, secs in result.seconds.items():
        print(f"  {stage}: {secs:.1f} s")
    print(f"whole pipeline: {t_run:.1f} s (target < 60 s)")
    print(f"peak memory: {max(own, kids):.0f} MiB (this process {own:.0f}, largest kernel "
          f"{kids:.0f}; target < 2048)")


if __name__ == "__main__":
    main()
