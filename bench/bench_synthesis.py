"""Benchmark of the theme-synthesis stage (plain script, not a test).

Run: ``.venv/bin/python bench/bench_synthesis.py``. Prints wall-clock seconds for
``synthesise`` on a demo-sized cohort (12 participants, 17 subcategories × 3 codes, ~30 units
each) and a large one (60 participants, 200 codes, ~100 units each), and for the
order-sensitivity check alone.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from replicate.reference import load_original
from replicate.synthesis import (
    SaturationPlan,
    build_hierarchy,
    coded_units,
    interview_sequence,
    order_sensitivity,
    synthesise,
)


def cohort(n_people: int, codes_per_sub: int, units_each: int, seed: int = 0) -> tuple[
        pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A synthetic cohort on the original's hierarchy with Zipf-like code popularity."""
    rng = np.random.default_rng(seed)
    table = load_original().hierarchy_frame()
    codebook = pd.DataFrame([
        {**row, "code": f"{row['subcategory']} #{k}", "description": ""}
        for row in table.to_dict("records") for k in range(codes_per_sub)
    ])
    weights = 1 / np.arange(1, len(codebook) + 1)
    weights /= weights.sum()
    people = [f"P{i:03d}" for i in range(n_people)]
    rows = []
    for p in people:
        for j, code in enumerate(rng.choice(codebook["code"], size=units_each, p=weights)):
            words = " ".join(["word"] * int(rng.integers(4, 60)))
            rows.append((f"{p}-{j:04d}", p, f"{p}.txt", words, code))
    units = pd.DataFrame(rows, columns=["unit_id", "participant", "transcript", "text", "code"])
    participants = pd.DataFrame({
        "pseudonym": people, "student_id": [f"S{i}" for i in range(n_people)],
        "interview_date": pd.date_range("2025-01-01", periods=n_people).strftime("%Y-%m-%d"),
        "duration_min": rng.integers(35, 60, n_people).astype(float), "interviewer": "SK",
        "transcript": [f"{p}.txt" for p in people],
    })
    attributes = pd.DataFrame({
        "gender": rng.choice(["female", "male"], n_people),
        "age": rng.integers(23, 40, n_people),
        "mentor_gender": rng.choice(["female", "male"], n_people),
        "mentor_age": rng.integers(32, 66, n_people),
    }, index=pd.Index(people, name="pseudonym"))
    return codebook, units, participants, attributes


def timed(label: str, func: object, repeat: int = 3) -> None:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    print(f"{label:<58} {best:7.3f} s (best of {repeat})")


def main() -> None:
    for n, per_sub, each, perms in ((12, 3, 30, 500), (60, 12, 100, 500)):
        cb, units, parts, attrs = cohort(n, per_sub, each)
        name = f"synthesise: {n} people, {len(cb)} codes, {len(units)} units, {perms} perms"
        timed(name, lambda cb=cb, units=units, parts=parts, attrs=attrs, perms=perms:
              synthesise(cb, units, parts, attrs, permutations=perms))
        h = build_hierarchy(cb)
        seq = interview_sequence(coded_units(units, h, parts), parts)
        timed(f"  order_sensitivity alone ({perms} permutations)",
              lambda seq=seq, perms=perms: order_sensitivity(seq, SaturationPlan(),
                                                             n_permutations=perms))


if __name__ == "__main__":
    main()
