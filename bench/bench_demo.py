"""Benchmark: generating scaled synthetic demo cohorts (replicate.demo).

Run: ``.venv/bin/python bench/bench_demo.py``. Prints wall and CPU time (CPU time is the
fairer figure on a shared machine), the peak resident memory of the process, and the size of
what was written, for the default cohort and a scaled one (1,000 interviews × 100 units =
100,000 meaning units).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from replicate.demo import generate_demo

CASES: tuple[tuple[str, dict[str, int]], ...] = (
    ("default (122 students, 12 interviews)", {}),
    ("scaled (2,000 students, 1,000 interviews, 100 units each)",
     {"n_students": 2000, "n_interviews": 1000, "units_per_interview": 100}),
)


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> None:
    """Time each case and print one line per case."""
    for label, kwargs in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "cohort"
            start, cpu = time.perf_counter(), time.process_time()
            generate_demo(out, **kwargs)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            files = [p for p in out.rglob("*") if p.is_file()]
            size = sum(p.stat().st_size for p in files) / 1e6
            units = sum(1 for _ in (out / "tables" / "units.csv").open(encoding="utf-8")) - 1
        print(f"{label}: {seconds:.2f} s wall ({cpu:.2f} s CPU), {units:,} units, "
              f"{len(files):,} files, {size:.1f} MB written, "
              f"peak RSS so far {_peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
