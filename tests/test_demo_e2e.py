"""End to end: the synthetic demo cohort through every stage, twice, and in a real browser."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from replicate.pipeline import run_cohort
from replicate.stages import STAGES

pytestmark = pytest.mark.kernel

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_stage_published(demo_report: Path) -> None:
    stages = [s.name for s in STAGES]
    assert len(stages) >= 5
    for name in stages:
        assert (demo_report / "stages" / f"{name}.html").exists(), name
        assert (demo_report / "notebooks" / f"{name}.ipynb").exists(), name
        assert (demo_report / "artifacts" / f"{name}.json").exists(), name
    manifest = json.loads((demo_report / "manifest.json").read_text())
    assert manifest["stages"] == stages
    assert "tables/students.csv" in manifest["inputs"]
    # the pseudonym key is private: written beside the cohort, never in the report
    assert (demo_report.parents[1] / "demo-cohort" / "private" / "demo-pseudonym-key.csv").exists()
    assert not list(demo_report.rglob("*key*"))


def test_demo_facts(demo_report: Path) -> None:
    sampling = json.loads((demo_report / "artifacts" / "10_sampling_design.json").read_text())
    assert sampling["n_selected"] == 12 and sampling["all_quotas_met"]
    # the real sequence: the design invited, one decline replaced, the design interviewed
    assert (sampling["n_invited"], sampling["n_declined"], sampling["n_interviewed"]) == (13, 1, 12)
    assert sampling["interviewed"]["same_as_design"]
    assert sampling["exclusions"]["few_meetings"] > 0
    dyads = (demo_report / "artifacts" / "10_sampling_design-dyads.csv").read_text().splitlines()
    assert len(dyads) == 5 and all(int(line.split(",")[-1]) >= 1 for line in dyads[1:])
    sample = (demo_report / "artifacts" / "10_sampling_design-sample.csv").read_text()
    assert "student_id" not in sample and ",female," in sample and ",male," in sample
    guide = json.loads((demo_report / "artifacts" / "20_pilot_interview_guide.json").read_text())
    assert guide["unasked"] == ["Q9"]
    synthesis = json.loads((demo_report / "artifacts" / "40_theme_synthesis.json").read_text())
    assert synthesis["comparison"]["subcategory"] == {"replicated": 17, "absent": 0, "new": 0}
    assert synthesis["facts"]["n_interviewed"] == 12


def test_second_run_is_byte_identical(demo_report: Path) -> None:
    cohort = demo_report.parents[1] / "demo-cohort" / "cohort.yaml"
    again = run_cohort(cohort, out_root=demo_report.parents[1] / "reports-again", force=True)
    assert _tree(again.report_dir) == _tree(demo_report)


def test_reports_carry_no_code_and_load_nothing_external(demo_report: Path) -> None:
    for page in sorted(demo_report.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert "<script src=" not in html, page
        assert 'rel="stylesheet" href="http' not in html, page
        assert "from replicate" not in html, page


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_report_renders_offline_in_headless_chromium(demo_report: Path, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    index = demo_report / "index.html"
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            context = browser.new_context(offline=True)
            page = context.new_page()
            failed: list[str] = []
            external: list[str] = []
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.on("request", lambda r: external.append(r.url)
                    if not r.url.startswith(("file://", "data:")) else None)
            page.goto(index.as_uri(), wait_until="load")
            text = page.inner_text("body")
            shot = tmp_path / "index.png"
            page.screenshot(path=str(shot), full_page=False)
            for stage in sorted((demo_report / "stages").glob("*.html")):
                page.goto(stage.as_uri(), wait_until="load")
        finally:
            browser.close()
    assert failed == [] and external == []
    for theme in ("Space", "Belief in the future", "Transition"):
        assert theme in text, theme
    from matplotlib.image import imread

    pixels = imread(str(shot))
    assert pixels.std() > 0.01  # not a blank page
