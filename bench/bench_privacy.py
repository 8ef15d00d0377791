"""Benchmark the privacy scans on a report-sized folder (plain script, prints figures).

Run: ``.venv/bin/python bench/bench_privacy.py``

* output scan of a synthetic report folder (~5 MB: HTML with embedded PNG figures, executed
  notebooks, CSV and JSON artifacts) against the identifying values of a 300-student cohort;
* the same text searched with one compiled regular-expression alternation of all values, the
  alternative the token index (``replicate.privacy.matching``) was chosen over;
* the input scan of twelve 7,000-word transcripts.
"""

from __future__ import annotations

import base64
import io
import json
import re
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from replicate.privacy import identifying_values, scan_outputs, scan_text
from replicate.privacy.extract import Chunk, iter_chunks

FIRST = ["Anna", "Erik", "Maria", "Johan", "Sara", "Lars", "Karin", "Oskar", "Elin", "Nils",
         "Linnea", "Viktor", "Hanna", "Gustav", "Ebba", "Filip", "Maja", "Axel", "Tove", "Emil"]
LAST = ["Lindqvist", "Ekström", "Johansson", "Nyberg", "Holmgren", "Sjöberg", "Wallin",
        "Forsberg", "Lundgren", "Bergström", "Sandberg", "Hedlund", "Åberg", "Öhman", "Dahl"]
_SENTENCE = ("the mentor said that I could talk about anything and we met at the hospital "
             "in the first clinical term it was a free zone to reflect on becoming a doctor")
WORDS = _SENTENCE.split(" ")


def _cohort(rng: np.random.Generator, n_students: int = 300, n_mentors: int = 150
            ) -> tuple[pd.DataFrame, pd.DataFrame]:
    def names(n: int) -> list[str]:
        return [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(n)]

    s_names = names(n_students)
    students = pd.DataFrame({
        "student_id": [f"KI{i:05d}" for i in range(n_students)],
        "name": s_names,
        "email": [f"{n.lower().replace(' ', '.')}{i}@stud.example.org"
                  for i, n in enumerate(s_names)],
    })
    mentors = pd.DataFrame({"mentor_id": [f"M{i:04d}" for i in range(n_mentors)],
                            "name": [f"Dr {n}" for n in names(n_mentors)]})
    return students, mentors


def _text(rng: np.random.Generator, words: int) -> str:
    picked = rng.choice(WORDS, size=words)
    lines = [" ".join(picked[i : i + 14]) for i in range(0, words, 14)]
    return "\n".join(lines)


def _png(rng: np.random.Generator) -> bytes:
    fig = Figure(figsize=(6, 4), dpi=100)
    fig.add_subplot().imshow(rng.random((120, 160)))  # noisy image: large, incompressible
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _report(root: Path, rng: np.random.Generator) -> None:
    for sub in ("stages", "notebooks", "artifacts"):
        (root / sub).mkdir(parents=True)
    png = _png(rng)
    uri = base64.b64encode(png).decode()
    for stage in range(5):
        rows = "\n".join(f"<tr><td>{chr(65 + i % 26)}</td><td>{_text(rng, 12)}</td></tr>"
                         for i in range(600))
        imgs = "\n".join(f'<img src="data:image/png;base64,{uri}">' for _ in range(3))
        (root / "stages" / f"{stage}0.html").write_text(
            f"<html><body><p>{_text(rng, 3000)}</p>{imgs}<table>{rows}</table></body></html>",
            encoding="utf-8")
        nb = {"cells": [{"cell_type": "code", "source": _text(rng, 200).splitlines(True),
                         "outputs": [{"output_type": "display_data",
                                      "data": {"image/png": uri, "text/plain": "<Figure>"}},
                                     {"output_type": "stream", "name": "stdout",
                                      "text": _text(rng, 2000).splitlines(True)}]}],
              "metadata": {"papermill": {"parameters": {"config_path": "cohort.yaml"}}}}
        (root / "notebooks" / f"{stage}0.ipynb").write_text(json.dumps(nb), encoding="utf-8")
        (root / "artifacts" / f"{stage}0.json").write_text(
            json.dumps({"units": [{"id": f"U{i:04d}", "text": _text(rng, 15)}
                                  for i in range(300)]}), encoding="utf-8")
        (root / "artifacts" / f"fig{stage}.png").write_bytes(png)
    (root / "index.html").write_text(f"<html><body>{_text(rng, 8000)}</body></html>",
                                     encoding="utf-8")


def _best(fn: object, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    rng = np.random.default_rng(2012)
    students, mentors = _cohort(rng)
    ids = identifying_values(students, mentors)
    print(f"identifying values: {len(ids)} {ids.counts()}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "report"
        _report(root, rng)
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        files = sum(1 for p in root.rglob("*") if p.is_file())
        private = ["/srv/cohorts/ki-2025", "/home/researcher"]
        found = scan_outputs(root, ids, private_paths=private)
        t_scan = _best(lambda: scan_outputs(root, ids, private_paths=private))
        print(f"report folder: {files} files, {size / 1e6:.1f} MB; findings: {len(found)}")
        print(f"scan_outputs (token index): {t_scan:.2f} s  ({size / 1e6 / t_scan:.1f} MB/s)")

        chunks = [c for p in sorted(root.rglob("*")) if p.is_file()
                  for c in iter_chunks(p.name, p.read_bytes()) if isinstance(c, Chunk)]
        text_mb = sum(len(c.text) for c in chunks) / 1e6
        t_extract = _best(lambda: [list(iter_chunks(p.name, p.read_bytes()))
                                   for p in root.rglob("*") if p.is_file()])
        print(f"  of which text extraction: {t_extract:.2f} s ({text_mb:.1f} M characters)")
        matcher = ids.matcher
        t_tokens = _best(lambda: [matcher.find(c.text) for c in chunks])
        values = sorted({i.value for i in ids}, key=len, reverse=True)
        alternation = re.compile(
            r"(?<![^\W_])(?:" + "|".join(re.escape(v) for v in values) + r")(?![^\W_])",
            re.IGNORECASE)
        sample = "\n".join(c.text for c in chunks)[:200_000]  # the alternation is slow
        t_regex = _best(lambda: alternation.findall(sample), repeat=1)
        t_token_sample = _best(lambda: matcher.find(sample))
        print(f"identity search only: token index {t_tokens:.2f} s "
              f"({text_mb / t_tokens:.1f} M characters/s); one regex alternation of "
              f"{len(values)} values: {len(sample) / 1e6 / t_regex:.4f} M characters/s "
              f"(token index on the same sample: {len(sample) / 1e6 / t_token_sample:.1f})")

    transcripts = [_text(rng, 7000) for _ in range(12)]
    t_in = _best(lambda: [scan_text(t, file="x.txt", identities=ids) for t in transcripts])
    chars = sum(len(t) for t in transcripts)
    print(f"scan_text on 12 transcripts of 7,000 words ({chars / 1e6:.2f} M characters): "
          f"{t_in:.2f} s")


if __name__ == "__main__":
    main()
