"""Shared fixtures: small cohorts written from the templates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from replicate.scaffold import init_cohort

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-cohort"


@pytest.fixture
def mini_cohort(tmp_path: Path) -> Path:
    """A one-participant cohort from ``replicate init``; returns its cohort.yaml."""
    return init_cohort(tmp_path / "cohort")


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A private copy of the committed demo cohort; returns its cohort.yaml."""
    dest = tmp_path / "demo-cohort"
    shutil.copytree(DEMO, dest)
    return dest / "cohort.yaml"
