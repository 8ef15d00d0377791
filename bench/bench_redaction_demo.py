"""What redaction adds to the demo run: the pipeline with and without it, in alternating pairs.

Runs the whole demo cohort (``replicate.pipeline.run_cohort``, every stage in its kernel,
``--force``) with redaction on, then with it off, ``N`` times (default 3), and prints each
pair and the median overhead (the target is under 10 %). "Off" patches, inside every stage
kernel (through a ``sitecustomize`` module on ``PYTHONPATH``), ``Stage.result`` to give
results without a redaction policy and ``Redactor.redact_logged`` to return texts unchanged
(the write-up's quotes and author text), so neither the redactor's construction nor its
matching runs. Alternating pairs share the machine's load fairly; a benchmark prints, it is
not a test.

    python bench/bench_redaction_demo.py [N]
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from replicate.pipeline import run_cohort

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo-cohort"

PATCH = '''\
import importlib

import replicate.stage as _stage

_redact = importlib.import_module("replicate.privacy.redact")


def _result(self, cohort):
    from replicate.artifacts import StageResult

    return StageResult(self.name)


_stage.Stage.result = _result
_redact.Redactor.redact_logged = lambda self, text: (text, [])
'''


def _run(cohort: Path, out: Path, *, redaction: bool, patch_dir: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    old = os.environ.get("PYTHONPATH")
    if not redaction:
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(patch_dir), old) if p)
    try:
        t0 = time.perf_counter()
        run_cohort(cohort / "cohort.yaml", out_root=out, force=True)
        return time.perf_counter() - t0
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old


def main() -> None:
    """Run the pairs and print the figures."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cohort = root / "demo-cohort"
        shutil.copytree(DEMO, cohort)
        patch_dir = root / "patch"
        patch_dir.mkdir()
        (patch_dir / "sitecustomize.py").write_text(PATCH, encoding="utf-8")
        _run(cohort, root / "warm", redaction=True, patch_dir=patch_dir)  # caches, imports
        ratios = []
        for i in range(n):
            on = _run(cohort, root / "on", redaction=True, patch_dir=patch_dir)
            off = _run(cohort, root / "off", redaction=False, patch_dir=patch_dir)
            ratios.append(on / off - 1)
            print(f"pair {i + 1}: with redaction {on:6.1f} s, without {off:6.1f} s, "
                  f"overhead {100 * ratios[-1]:+5.1f} %")
    print(f"median overhead of redaction on the demo run: {100 * statistics.median(ratios):+.1f} % "
          f"(target < 10 %; {n} alternating pairs)")


if __name__ == "__main__":
    main()
