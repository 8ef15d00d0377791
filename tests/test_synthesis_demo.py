"""On the demo cohort: all 17 original subcategories replicated; one category swapped out
for a new one shows one absent and one new."""

from __future__ import annotations

from pathlib import Path

from replicate.cohort import load_cohort
from replicate.stages._common import participant_attributes
from replicate.synthesis import synthesise

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo-cohort" / "cohort.yaml"


def _status(result: object, level: str) -> dict[str, int]:
    comp = result.comparison  # type: ignore[attr-defined]
    part = comp[comp["level"] == level]
    return {s: int((part["status"] == s).sum()) for s in ("replicated", "absent", "new")}


def test_demo_replicates_all_17_and_a_swapped_category_is_absent_and_new() -> None:
    cohort = load_cohort(DEMO)
    attrs = participant_attributes(cohort)
    args = (cohort.table("units"), cohort.table("participants"), attrs)
    plain = synthesise(cohort.table("codebook"), *args, permutations=0, seed=1)
    assert _status(plain, "subcategory") == {"replicated": 17, "absent": 0, "new": 0}
    assert _status(plain, "category") == {"replicated": 6, "absent": 0, "new": 0}

    codebook = cohort.table("codebook").copy()
    moved = codebook["category"] == "Motivation"
    codebook.loc[moved, "category"] = "Drive to finish the degree"
    codebook.loc[moved, "subcategory"] = "Wanting to graduate"
    swapped = synthesise(codebook, *args, permutations=0, seed=1)
    assert _status(swapped, "category") == {"replicated": 5, "absent": 1, "new": 1}
    assert _status(swapped, "subcategory") == {"replicated": 16, "absent": 1, "new": 1}
    comp = swapped.comparison
    absent = comp[(comp["level"] == "category") & (comp["status"] == "absent")]
    new = comp[(comp["level"] == "category") & (comp["status"] == "new")]
    assert absent["original"].tolist() == ["Motivation"]
    assert new["new"].tolist() == ["Drive to finish the degree"]


def test_banded_ages_in_quotes_when_configured(tmp_path: Path) -> None:
    import re
    import shutil

    import yaml

    from replicate.stages import theme_synthesis

    shutil.copytree(DEMO.parent, tmp_path / "c", ignore=shutil.ignore_patterns("private"))
    cfg = tmp_path / "c" / "cohort.yaml"
    data = yaml.safe_load(cfg.read_text(encoding="utf-8"))
    data["privacy"] = {"band_ages": True, "age_band_width": 5}
    cfg.write_text(yaml.safe_dump(data), encoding="utf-8")
    res = theme_synthesis(cfg, tmp_path / "run")
    attributions = res.tables["quotes"]["attribution"].tolist()
    assert attributions
    assert all(re.fullmatch(r"\([A-L], (female|male)(, age \d\d–\d\d)?\)", a)
               for a in attributions)
    # 20–24 holds 3 eligible men, fewer than privacy.min_cell (5): widened to 20–29; E is the
    # only eligible man over 40 (43): his age is left out rather than shown in a band that
    # fewer than 5 eligible students share
    shown = {a.split("age ")[1][:-1] for a in attributions if "age " in a}
    assert shown == {"20–24", "20–29", "25–29", "30–34"}
    assert [a for a in attributions if "age " not in a] == ["(E, male)"]
