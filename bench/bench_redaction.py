"""Redaction speed: 100,000 meaning units through a cohort-sized redactor.

Prints the time and the rate (the target is 100,000 units in under 10 s on a 2-core
machine). The units are the demo cohort's 448 unit texts repeated, with one in twenty given a
name, an e-mail address, a phone number or a personnummer so that every rule's slow path runs
too. The redactor holds a 148-student, 90-mentor roster. A benchmark prints; it is not a test.

    python bench/bench_redaction.py
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from replicate.privacy import Redactor, identifying_values

UNITS = Path(__file__).resolve().parents[1] / "examples" / "demo-cohort" / "tables" / "units.csv"
N = 100_000
EXTRAS = ("My sister Emma called.", "Mail anna.lind@ki.se.", "Ring 070-123 45 67.",
          "Pnr 811228-9874.", "Julia Nyström said so.")


def main() -> None:
    """Run the benchmark and print the figures."""
    texts = pd.read_csv(UNITS)["text"].astype(str).tolist()
    units = [texts[i % len(texts)] + (" " + EXTRAS[i % len(EXTRAS)] if i % 20 == 0 else "")
             for i in range(N)]
    students = pd.DataFrame({
        "student_id": [f"S{i:03d}" for i in range(148)],
        "name": [f"Student{i:03d} Surname{i:03d}" for i in range(147)] + ["Julia Nyström"],
        "email": [f"s{i:03d}@example.org" for i in range(148)]})
    mentors = pd.DataFrame({"mentor_id": [f"M{i:03d}" for i in range(90)],
                            "name": [f"Mentor{i:03d} Familyname{i:03d}" for i in range(90)]})
    t0 = time.perf_counter()
    redactor = Redactor(identifying_values(students, mentors), extra_names=["Danderyd"])
    built = time.perf_counter() - t0
    t0 = time.perf_counter()
    replaced = sum(len(redactor.redact_logged(u)[1]) for u in units)
    took = time.perf_counter() - t0
    chars = sum(map(len, units))
    print(f"redactor built in {built:.2f} s (given-name list loaded)")
    print(f"{N:,} units ({chars / 1e6:.1f} M characters): {took:.2f} s, "
          f"{N / took:,.0f} units/s, {replaced:,} values replaced")


if __name__ == "__main__":
    main()
