"""The committed demo cohort is exactly what the generator writes."""

from __future__ import annotations

from pathlib import Path

from replicate.demo import generate_demo

ROOT = Path(__file__).resolve().parents[1]


def test_generator_reproduces_committed_demo_byte_for_byte(tmp_path: Path) -> None:
    generate_demo(tmp_path / "demo")
    committed = ROOT / "examples" / "demo-cohort"
    fresh = {p.relative_to(tmp_path / "demo").as_posix(): p.read_bytes()
             for p in sorted((tmp_path / "demo").rglob("*")) if p.is_file()}
    stored = {p.relative_to(committed).as_posix(): p.read_bytes()
              for p in sorted(committed.rglob("*"))
              if p.is_file() and not p.relative_to(committed).as_posix().startswith("private/")}
    assert sorted(fresh) == sorted(stored)
    for name in fresh:
        assert fresh[name] == stored[name], name
