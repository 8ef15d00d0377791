"""Benchmark: a generated cohort of 1,000 interviews and 100,000 meaning units through the whole
pipeline (issue 8 target: 1,000 / 100,000 under 60 s and 2 GB; issue 14 target: 10,000
interviews / 1,000,000 units under 120 s and 4 GB). Prints figures and where each stage's time
goes; not a test.

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
    for stage, t in result.timings.items():
        print(f"  {stage}: {t['total']:.1f} s (kernel {t['kernel']:.1f}, cells {t['cells']:.1f}, "
              f"html {t.get('render', 0.0):.1f})")
    target = 120 if n * per > 100_000 else 60
    print(f"whole pipeline: {t_run:.1f} s (target < {target} s)")
    print(f"peak memory: {max(own, kids):.0f} MiB (this process {own:.0f}, largest kernel "
          f"{kids:.0f}; target < {4096 if n * per > 100_000 else 2048})")


if __name__ == "__main__":
    main()
