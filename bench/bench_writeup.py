"""Benchmark: the write-up (stage 50) on the demo cohort's artifacts.

Builds the artifacts of stages 00–40 once in a temporary folder (stage functions in process,
no kernel), then times the write-up and its parts. Prints wall-clock seconds and output sizes.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from replicate.cohort import load_cohort
from replicate.stages import (
    coding_reliability,
    cohort_overview,
    pilot_interview_guide,
    sampling_design,
    theme_synthesis,
    write_up,
)
from replicate.stages._common import participant_attributes
from replicate.writeup import collect_evidence, compose, markdown_to_html

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo-cohort"


def _best(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        shutil.copytree(DEMO, base / "cohort", ignore=shutil.ignore_patterns("private"))
        config = base / "cohort" / "cohort.yaml"
        run = base / "reports" / "demo"
        t0 = time.perf_counter()
        for fn in (cohort_overview, sampling_design, pilot_interview_guide, coding_reliability,
                   theme_synthesis):
            fn(config, run)
        print(f"stages 00-40 in process (once): {time.perf_counter() - t0:.2f} s")
        print(f"write_up (stage 50, best of 5): {_best(lambda: write_up(config, run)):.3f} s")
        cohort = load_cohort(config)
        attrs = participant_attributes(cohort)
        print(f"  load_cohort: {_best(lambda: load_cohort(config)):.3f} s")
        ev = collect_evidence(cohort, run, attributes=attrs)
        print(f"  collect_evidence: "
              f"{_best(lambda: collect_evidence(cohort, run, attributes=attrs)):.3f} s")
        doc = compose(ev)
        print(f"  compose (Markdown + HTML): "
              f"{_best(lambda: compose(collect_evidence(cohort, run, attributes=attrs))):.3f} s")
        print(f"  markdown_to_html: "
              f"{_best(lambda: markdown_to_html(doc.markdown, figures=ev.figures)):.3f} s")
        print(f"index.html: {len(doc.html.encode()) / 1024:.0f} KiB, "
              f"write-up.md: {len(doc.markdown.encode()) / 1024:.0f} KiB, "
              f"numbers traced: {len(doc.numbers)}, to complete: {len(doc.to_complete)}")


if __name__ == "__main__":
    main()
