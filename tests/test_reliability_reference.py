"""replicate.reliability reproduces published and reference-software values.

Every ``expected`` entry of every ``*.expected.json`` in ``../shared/reference-data/reliability``
is checked at its published precision: ``|computed - expected| <= 0.5 * 10**-decimals``.
The ``package_computed_only`` blocks are never used (they are not ground truth).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import krippendorff
import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss

from replicate.reliability import (
    Level,
    RatingTable,
    agreement_statistics,
    brennan_prediger,
    cohen_kappa,
    conger_kappa,
    contingency_coefficients,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
    ratings_table,
    scott_pi,
)

REFERENCE = Path(__file__).resolve().parent / "data" / "reference" / "reliability"
FILES = sorted(REFERENCE.glob("*.expected.json"))

pytestmark = pytest.mark.skipif(not FILES, reason=f"reference data not found in {REFERENCE}")

# One documented implementation difference. The published SE of alpha for distrib.6raters
# comes from R irrCAC ``krippen.alpha.dist`` (distribution input), which uses a different
# linearisation; the dataset's note records that R ``krippen.alpha.raw`` and PyPI irrCAC
# give 0.0811929 on the same data, which is the formula we implement. We check that value.
KNOWN_DIFFERENCES: dict[tuple[str, str], tuple[float, int]] = {
    ("gwet_distrib6raters_15x6", "krippendorff_alpha_se_gwet"): (0.0811929, 7),
}


def _load(path: Path) -> tuple[dict[str, Any], pd.DataFrame]:
    spec = json.loads(path.read_text(encoding="utf-8"))
    frame = pd.read_csv(REFERENCE / spec["csv"], index_col=0, dtype=str, keep_default_na=False)
    return spec, frame


def _cases() -> list[Any]:
    cases = []
    for path in FILES:
        spec = json.loads(path.read_text(encoding="utf-8"))
        for i, entry in enumerate(spec["expected"]):
            label = f"{spec['dataset']}-{entry['statistic']}-{json.dumps(entry['params'])}-{i}"
            cases.append(pytest.param(path, i, id=label))
    return cases


def _weights(params: dict[str, Any]) -> Any:
    return params.get("weights", "none")


def _compute(spec: dict[str, Any], frame: pd.DataFrame, entry: dict[str, Any]) -> float | None:
    params = entry["params"]
    level = params.get("level", "nominal")
    table: RatingTable = ratings_table(frame, categories=spec["categories_in_order"],
                                       level=level if level in ("interval", "ratio") else
                                       "nominal")
    weights = _weights(params)
    contingency = spec["contingency_table_rows_coder1_cols_coder2"]

    def from_table(name: str, field: str = "value") -> float | None:
        value: float | None = getattr(contingency_coefficients(contingency)[name], field)
        return value

    compute: dict[str, Callable[[], float | None]] = {
        "percent_agreement": lambda: percent_agreement(table).value,
        "cohen_kappa": lambda: cohen_kappa(table, weights=weights).value,
        "cohen_kappa_z": lambda: cohen_kappa(table, weights=weights).z0,
        "scott_pi": lambda: scott_pi(table).value,
        "fleiss_kappa": lambda: fleiss_kappa(table).value,
        "fleiss_kappa_z_H0": lambda: fleiss_kappa(table).z0,
        "fleiss_kappa_se_gwet": lambda: fleiss_kappa(table).se,
        "fleiss_pe": lambda: fleiss_kappa(table).expected,
        "conger_kappa": lambda: conger_kappa(table).value,
        "conger_kappa_se": lambda: conger_kappa(table).se,
        "gwet_ac1": lambda: gwet_ac1(table).value,
        "gwet_ac1_se": lambda: gwet_ac1(table).se,
        "gwet_ac1_pe": lambda: gwet_ac1(table).expected,
        "gwet_ac2": lambda: gwet_ac1(table, weights=weights).value,
        "brennan_prediger": lambda: brennan_prediger(table).value,
        "brennan_prediger_se": lambda: brennan_prediger(table).se,
        "krippendorff_alpha": lambda: krippendorff_alpha(table, level=level).value,
        "krippendorff_alpha_se_gwet": lambda: krippendorff_alpha(table, level=level).se,
        "table_percent_agreement": lambda: from_table("percent_agreement"),
        "table_cohen_se_gwet": lambda: from_table("cohen_kappa", "se"),
        "table_gwet_ac1": lambda: from_table("gwet_ac1"),
        "table_gwet_ac1_se": lambda: from_table("gwet_ac1", "se"),
        "table_brennan_prediger": lambda: from_table("brennan_prediger"),
        "table_krippendorff_alpha": lambda: from_table("krippendorff_alpha"),
    }
    return compute[entry["statistic"]]()


@pytest.mark.parametrize(("path", "index"), _cases())
def test_reproduces_published_value(path: Path, index: int) -> None:
    spec, frame = _load(path)
    entry = spec["expected"][index]
    expected, decimals = entry["value"], entry["decimals"]
    known = KNOWN_DIFFERENCES.get((spec["dataset"], entry["statistic"]))
    if known is not None:
        expected, decimals = known
    got = _compute(spec, frame, entry)
    assert got is not None
    assert abs(got - expected) <= 0.5 * 10.0**-decimals + 1e-12, (got, expected)


def test_known_difference_is_real() -> None:
    """The dist-input SE really differs from ours beyond its precision (so the entry above
    is a documented exception, not a silent pass)."""
    spec, frame = _load(REFERENCE / "gwet_distrib6raters_15x6.expected.json")
    entry = next(e for e in spec["expected"] if e["statistic"] == "krippendorff_alpha_se_gwet")
    got = krippendorff_alpha(ratings_table(frame, categories=spec["categories_in_order"])).se
    assert got is not None
    assert abs(got - entry["value"]) > 0.5 * 10.0**-entry["decimals"]


def test_every_dataset_is_used() -> None:
    """Each CSV in the reference folder loads and gives finite core statistics."""
    for path in FILES:
        spec, frame = _load(path)
        stats = agreement_statistics(frame, categories=spec["categories_in_order"])
        assert stats.n_units == spec["n_units"]
        assert stats.n_coders == spec["n_coders"]
        for name in ("percent_agreement", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1"):
            value = stats.value(name)
            assert value is not None and math.isfinite(value)


def test_krippendorff_2011_published_values() -> None:
    """Krippendorff (2011), 'Computing Krippendorff's alpha-reliability', the 4 coders x 12
    units example (the data of gwet_cac_raw4raters): nominal .743, ordinal .815, interval
    .849, ratio .797."""
    _, frame = _load(REFERENCE / "gwet_cac_raw4raters.expected.json")
    published: dict[Level, float] = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849,
                                      "ratio": 0.797}
    for level, value in published.items():
        got = krippendorff_alpha(frame, level=level, categories=[1, 2, 3, 4, 5]).value
        assert got is not None
        assert abs(got - value) <= 0.0005, level


@pytest.mark.parametrize("name", ["irr_anxiety_20x3", "irr_video_20x4"])
def test_datasets_without_published_values_match_reference_packages(name: str) -> None:
    """No published value exists for these; check against statsmodels and krippendorff,
    computed here (not the package_computed_only block)."""
    _, frame = _load(REFERENCE / f"{name}.expected.json")
    table = ratings_table(frame)
    ints = frame.astype(int).to_numpy()
    counts, _ = aggregate_raters(ints)
    assert fleiss_kappa(table).value == pytest.approx(sm_fleiss(counts), abs=1e-12)
    expected_alpha = krippendorff.alpha(reliability_data=ints.T.astype(float),
                                        level_of_measurement="nominal")
    assert krippendorff_alpha(table).value == pytest.approx(expected_alpha, abs=1e-12)


def test_video_shows_the_prevalence_paradox() -> None:
    """irr 'video': raw agreement is high but kappa-type coefficients are near zero, while
    AC1 (chance from the category set) is not."""
    _, frame = _load(REFERENCE / "irr_video_20x4.expected.json")
    stats = agreement_statistics(frame, categories=[1, 2, 3, 4, 5, 6])
    assert (stats.value("percent_agreement") or 0) > 0.55
    assert abs(stats.value("fleiss_kappa") or 1) < 0.1
    assert (stats.value("gwet_ac1") or 0) > 0.5


def test_full_category_set_changes_ac1_and_bp_only() -> None:
    """AC1 and Brennan-Prediger depend on q (README pitfall); kappa and alpha do not."""
    _, frame = _load(REFERENCE / "fleiss1971_diagnoses_30x6.expected.json")
    observed = agreement_statistics(frame)
    wider = agreement_statistics(frame, categories=[1, 2, 3, 4, 5, 6, 7])
    for name in ("fleiss_kappa", "krippendorff_alpha", "percent_agreement"):
        assert observed.value(name) == pytest.approx(wider.value(name), abs=1e-12)
    for name in ("gwet_ac1", "brennan_prediger"):
        assert observed.value(name) != pytest.approx(wider.value(name), abs=1e-3)
    assert wider.value("brennan_prediger") == pytest.approx(
        ((observed.value("percent_agreement") or 0) - 1 / 7) / (1 - 1 / 7), abs=1e-12)


def test_weighted_kappa_uses_positions_of_the_category_set() -> None:
    """irr (and sklearn) weight by position in the category list: declaring 1..6 instead of
    the observed 1,2,3,4,6 changes weighted, but not unweighted, kappa."""
    _, frame = _load(REFERENCE / "irr_anxiety_rater2_rater3.expected.json")
    observed = cohen_kappa(frame, weights="linear").value
    full = cohen_kappa(frame, weights="linear", categories=[1, 2, 3, 4, 5, 6]).value
    assert observed == pytest.approx(0.1459075, abs=5e-8)
    assert full is not None and abs(full - (observed or 0)) > 0.01
    assert cohen_kappa(frame).value == pytest.approx(
        cohen_kappa(frame, categories=[1, 2, 3, 4, 5, 6]).value, abs=1e-12)


def test_contingency_and_unit_level_agree_on_complete_two_coder_data() -> None:
    spec, frame = _load(REFERENCE / "gwet_cont3x3abstractors.expected.json")
    table = ratings_table(frame, categories=spec["categories_in_order"])
    from_table = contingency_coefficients(np.array(spec["contingency_table_rows_coder1_cols_"
                                                        "coder2"]))
    stats = agreement_statistics(table)
    for name in ("percent_agreement", "cohen_kappa", "scott_pi", "gwet_ac1",
                 "brennan_prediger", "krippendorff_alpha"):
        assert from_table[name].value == pytest.approx(stats.value(name), abs=1e-12), name
    assert from_table["cohen_kappa"].se == pytest.approx(
        stats.coefficients["cohen_kappa"].se, abs=1e-12)
