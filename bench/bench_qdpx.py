"""Benchmark: REFI-QDA export and import of a synthetic cohort of realistic size.

A cohort like Kalén et al. (2012) has ~15 interviews of 40–50 minutes (~6,000 words each) and
a few hundred meaning units; this bench uses 30 transcripts × 120 units (3,600 units), 20 %
double-coded by two coders, a 4 × 3 × 3 × 4 codebook (144 codes). It prints wall-clock
seconds per step (best of 3) and the archive size.

Run: ``.venv/bin/python bench/bench_qdpx.py``
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from replicate.qdpx import export_qdc, export_qdpx, import_qdpx, read_qdpx

N_TRANSCRIPTS = 30
UNITS_PER = 120
WORDS = ["mentor", "student", "clinic", "ward", "felt", "safe", "could", "talk", "about",
         "anything", "she", "listened", "meetings", "coffee", "career", "advice", "role",
         "model", "doctor", "stress", "exams", "time"]


def _cohort(root: Path, seed: int = 0) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    codebook = pd.DataFrame(
        [{"code": f"code {t}.{c}.{s}.{k}", "subcategory": f"sub {t}.{c}.{s}",
          "category": f"cat {t}.{c}", "theme": f"theme {t}", "description": "synthetic"}
         for t in range(4) for c in range(3) for s in range(3) for k in range(4)])
    (root / "transcripts").mkdir()
    units, codings = [], []
    for n in range(N_TRANSCRIPTS):
        name = f"P{n:02d}.txt"
        lines = ["# synthetic: true"]
        spans = []
        pos = len(lines[0]) + 1
        for _ in range(UNITS_PER):
            speech = " ".join(rng.choice(WORDS, size=50)) + "."
            line = f"P: {speech}"
            spans.append((pos + 3, pos + len(line), speech))
            lines.append(line)
            pos += len(line) + 1
            question = "I: " + " ".join(rng.choice(WORDS, size=10)) + "?"
            lines.append(question)
            pos += len(question) + 1
        (root / "transcripts" / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        for start, end, text in spans:
            uid = f"U{len(units) + 1:05d}"
            code = codebook.code.iloc[int(rng.integers(len(codebook)))]
            units.append({"unit_id": uid, "participant": f"P{n:02d}", "transcript": name,
                          "start": start, "end": end, "text": text, "condensed": text[:30],
                          "code": code})
            if rng.random() < 0.2:
                other = code if rng.random() < 0.8 else codebook.code.iloc[0]
                codings += [{"unit_id": uid, "coder": "SK", "code": code},
                            {"unit_id": uid, "coder": "TS", "code": other}]
    participants = pd.DataFrame({"pseudonym": [f"P{n:02d}" for n in range(N_TRANSCRIPTS)],
                                 "student_id": [f"S{n:03d}" for n in range(N_TRANSCRIPTS)],
                                 "transcript": [f"P{n:02d}.txt" for n in range(N_TRANSCRIPTS)],
                                 "gender": ["female", "male"] * (N_TRANSCRIPTS // 2)})
    return {"codebook": codebook, "units": pd.DataFrame(units),
            "codings": pd.DataFrame(codings), "participants": participants}


def _best(step: Callable[[int], object], repeat: int = 3) -> float:
    times = []
    for i in range(repeat):
        t0 = time.perf_counter()
        step(i)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    """Print the timings."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        c = _cohort(root)
        qdpx = root / "cohort.qdpx"
        t_qdc = _best(lambda i: export_qdc(c["codebook"], root / f"cb{i}.qdc"))
        t_exp = _best(lambda i: export_qdpx(
            c["codebook"], c["units"], root / "transcripts", qdpx, codings=c["codings"],
            participants=c["participants"]))
        t_read = _best(lambda i: read_qdpx(qdpx))
        t_imp = _best(lambda i: import_qdpx(qdpx, root / f"out{i}"))
        print(f"cohort: {N_TRANSCRIPTS} transcripts, {len(c['units'])} units, "
              f"{len(c['codings'])} codings, {len(c['codebook'])} codes")
        print(f"export_qdc   {t_qdc:7.3f} s")
        print(f"export_qdpx  {t_exp:7.3f} s  ({qdpx.stat().st_size / 1e6:.2f} MB)")
        print(f"read_qdpx    {t_read:7.3f} s")
        print(f"import_qdpx  {t_imp:7.3f} s")


if __name__ == "__main__":
    main()
