"""Benchmark of the question-flaw rules: precision and recall per rule and language.

Plain script (not a test): ``.venv/bin/python bench/bench_guide_rules.py``. Scores the rules
on the labelled set ``tests/data/guide_questions.csv`` (434 English and Swedish interview
questions and probes), on the whole set and on its held-out 30 %, and prints the time per
question. The scoring is :func:`replicate.guide.evaluation.rule_scores`, the same function
the tests and the shipped ``rule_scores.csv`` use. ``--write`` also refreshes that file.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

from replicate.guide.evaluation import load_labelled, main, measure

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "guide_questions.csv"
TARGET = 0.9


def _report(scores: pd.DataFrame) -> None:
    for split in ("all", "holdout"):
        part = scores[scores["split"] == split]
        note = "" if split == "all" else (" (held out while tuning; two fixes followed its "
                                          "first evaluation, see docs/guide-checks.md)")
        print(f"\nsplit = {split}{note}")
        wide = part.pivot(index="rule", columns="language", values=["precision", "recall"])
        wide = wide.reindex(part["rule"].unique())
        print(wide.round(2).to_string())
        overall = part[part["language"] == "all"]
        low = overall[(overall["precision"] < TARGET) | (overall["recall"] < TARGET)]
        print(f"rules below {TARGET}: {', '.join(low['rule']) if len(low) else 'none'}")


def run() -> None:
    """Print per-rule precision and recall (full set and held-out) and the speed."""
    frame = load_labelled(DATA)
    t0 = time.perf_counter()
    scores = measure(frame)
    dt = time.perf_counter() - t0
    n_hold = int((frame["split"] == "holdout").sum())
    print(f"{len(frame)} labelled questions ({n_hold} held out); scoring both splits took "
          f"{dt:.2f} s ({dt * 1000 / (len(frame) + n_hold):.2f} ms per question)")
    _report(scores)


if __name__ == "__main__":
    if "--write" in sys.argv[1:]:
        raise SystemExit(main(["--write", "--data", str(DATA)]))
    run()
