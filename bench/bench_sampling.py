"""Benchmark: design a sample of 50 from an eligible pool of 100,000 students.

Plain script (not a test): prints timings. Target: the whole ``design_sample`` call
(eligibility, bands, quota relaxation, greedy selection of 50 plus a reserve of 50,
tables) under 2 s. Run: ``.venv/bin/python bench/bench_sampling.py``.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from replicate.sampling import design_sample


def cohort(n_students: int, n_mentors: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A synthetic cohort in which every student is eligible."""
    rng = np.random.default_rng(seed)
    mentors = pd.DataFrame({
        "mentor_id": [f"M{i:06d}" for i in range(n_mentors)],
        "gender": rng.choice(["female", "male"], n_mentors),
        "age": rng.integers(30, 68, n_mentors),
    })
    students = pd.DataFrame({
        "student_id": [f"S{i:07d}" for i in range(n_students)],
        "course": rng.choice(["C1", "C2", "C3", "C4"], n_students),
        "gender": rng.choice(["female", "male", "other"], n_students, p=[0.55, 0.44, 0.01]),
        "age": rng.integers(21, 45, n_students),
        "mentor_id": mentors["mentor_id"].to_numpy()[rng.integers(0, n_mentors, n_students)],
        "meetings": rng.integers(3, 13, n_students),
        "consent_to_contact": np.ones(n_students, dtype=bool),
        "status": np.full(n_students, "completed"),
    })
    return students, mentors


def main() -> None:
    """Time the design and the figure; print the results."""
    students, mentors = cohort(100_000, 8_000, seed=0)
    for target in (12, 50):
        times = []
        for rep in range(3):
            start = time.perf_counter()
            design = design_sample(students, mentors, target_n=target, seed=rep)
            times.append(time.perf_counter() - start)
        print(f"design_sample: {len(students):,} eligible, target {target}, reserve {target}: "
              f"best {min(times):.2f} s, worst {max(times):.2f} s "
              f"(coverage {design.summary['coverage']}, "
              f"all quotas met {design.summary['all_quotas_met']})")
    start = time.perf_counter()
    fig = design.sample_figure()
    fig.savefig("/dev/null", format="png", dpi=100)
    print(f"sample_figure + PNG render (100,000 pool): {time.perf_counter() - start:.2f} s")
    print(design.summary["sentence"])


if __name__ == "__main__":
    main()
