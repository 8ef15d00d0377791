"""Shared fixtures: small cohorts written from the templates."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from replicate.scaffold import init_cohort

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-cohort"


@pytest.fixture
def mini_cohort(tmp_path: Path) -> Path:
    """The cohort ``replicate init`` writes (14 students, one interview); its cohort.yaml."""
    return init_cohort(tmp_path / "cohort")


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A private copy of the committed demo cohort; returns its cohort.yaml."""
    dest = tmp_path / "demo-cohort"
    shutil.copytree(DEMO, dest)
    return dest / "cohort.yaml"


@pytest.fixture(scope="session")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo cohort run once for the session (kernels: use in ``kernel`` tests only);
    returns ``<base>/reports/demo``, its cohort copy is ``<base>/demo-cohort``. Read only."""
    from replicate.pipeline import run_cohort

    base = tmp_path_factory.mktemp("e2e")
    cohort = base / "demo-cohort"
    shutil.copytree(DEMO, cohort, ignore=shutil.ignore_patterns("private"))
    run_cohort(cohort / "cohort.yaml", out_root=base / "reports")
    yield base / "reports" / "demo"
