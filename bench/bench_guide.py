"""Benchmark of replicate.guide: flaw rules, and pilot analysis at realistic and large sizes.

Plain script (not a test): ``.venv/bin/python bench/bench_guide.py``. Prints wall times and
the per-rule precision/recall of the flaw rules on the two labelled question sets.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

from replicate.guide import RULES, analyse_transcripts, check_guide, check_question, parse_guide
from replicate.transcripts import parse_transcript

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
_FILLER = ("we talked about the ward and my plans and how the week had been and what I found "
           "difficult with patients and exams")


def _labelled(path: Path) -> None:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    t0 = time.perf_counter()
    for it in items:
        got = {f.rule for f in check_question(it["text"], language=it["lang"])}
        exp = set(it["flags"])
        for r in RULES:
            tp[r] += r in got and r in exp
            fp[r] += r in got and r not in exp
            fn[r] += r not in got and r in exp
    dt = time.perf_counter() - t0
    print(f"\n{path.name}: {len(items)} questions, {dt * 1000 / len(items):.2f} ms/question")
    print(f"{'rule':18s} {'P':>5s} {'R':>5s}  tp fp fn")
    for r in RULES:
        p = tp[r] / (tp[r] + fp[r]) if tp[r] + fp[r] else float("nan")
        rc = tp[r] / (tp[r] + fn[r]) if tp[r] + fn[r] else float("nan")
        print(f"{r:18s} {p:5.2f} {rc:5.2f} {tp[r]:3d} {fp[r]:2d} {fn[r]:2d}")


def _synthetic(n_questions: int, n_pilots: int, turns: int, seed: int):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    items = yaml.safe_load((DATA / "guide_questions.yaml").read_text(encoding="utf-8"))
    en = [it["text"] for it in items if it["lang"] == "en"]
    texts = [en[i % len(en)] for i in range(n_questions)]
    lines = ["version: '1'", "language: en", "title: T", "planned_minutes: [40, 50]", "areas:"]
    for a in range(0, n_questions, 5):
        lines += [f"  - id: a{a}", "    title: Area", "    questions:"]
        for i in range(a, min(a + 5, n_questions)):
            kind = "opening" if i == 0 else ("closing" if i == n_questions - 1 else "key")
            lines.append(f"      - {{id: Q{i + 1}, kind: {kind}, text: {texts[i]!r}}}")
    guide = parse_guide("\n".join(lines) + "\n")
    words = _FILLER.split()
    pilots = []
    for p in range(n_pilots):
        out = []
        for k in range(turns):
            if k % 2 == 0:
                out.append("I: " + texts[int(rng.integers(n_questions))])
            else:
                n = int(rng.integers(20, 120))
                out.append("P: " + " ".join(rng.choice(words, size=n)))
        pilots.append(parse_transcript("\n".join(out) + "\n", name=f"pilot_{p}.txt"))
    return guide, pilots


def main() -> None:
    for path in (DATA / "guide_questions.yaml", DATA / "guide_questions_holdout.yaml"):
        _labelled(path)
    print()
    for n_q, n_p, turns in ((10, 2, 60), (40, 12, 200), (40, 50, 400)):
        guide, pilots = _synthetic(n_q, n_p, turns, seed=1)
        words = sum(t.words for t in pilots)
        t0 = time.perf_counter()
        check_guide(guide)
        t1 = time.perf_counter()
        report = analyse_transcripts(guide, pilots)
        t2 = time.perf_counter()
        print(f"{n_q:3d} questions, {n_p:3d} pilots x {turns} turns ({words:7d} words): "
              f"check_guide {(t1 - t0) * 1000:7.1f} ms, analyse_transcripts "
              f"{t2 - t1:6.2f} s, checklist rows {len(report.checklist)}")


if __name__ == "__main__":
    main()
