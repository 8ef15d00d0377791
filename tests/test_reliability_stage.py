"""The stage entry point, its summary and figures, the CLI output and the docstrings."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import replicate.reliability as rel
from replicate.cli import main
from replicate.reliability import (
    STATISTICS,
    agreement_statistics,
    analyse_reliability,
    read_ratings,
)

JSON_KEYS = ["n_units", "n_coders", "percent_agreement", "cohen_kappa", "cohen_kappa_se",
             "cohen_kappa_ci", "scott_pi", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1",
             "brennan_prediger", "n_units_dropped", "units_dropped", "n_units_single_rated",
             "units_single_rated"]
CODES = ["support", "space", "role model", "feedback"]


def _cohort(coders: tuple[str, ...] = ("SK", "CS"), seed: int = 4,
            offsets: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    units, codings = [], []
    for transcript in ("A.txt", "B.txt"):
        position = 0
        for i in range(12):
            length = int(rng.integers(20, 60))
            uid = f"{transcript[0]}{i:02d}"
            final = CODES[i % 4]
            units.append({"unit_id": uid, "participant": transcript[0],
                          "transcript": transcript, "text": f"meaning unit {uid}",
                          "start": position, "end": position + length, "code": final})
            position += length + 1
            for j, coder in enumerate(coders):
                code = final if j == 0 or rng.random() < 0.75 else CODES[int(rng.integers(4))]
                codings.append({"unit_id": uid, "coder": coder, "code": code})
    frame = pd.DataFrame(units)
    if not offsets:
        frame = frame.drop(columns=["start", "end"])
    return pd.DataFrame(codings), frame


def test_analyse_reliability_two_coders() -> None:
    codings, units = _cohort()
    result = analyse_reliability(codings, units, thresholds={"alpha": 0.667, "kappa": 0.6},
                                 seed=11, n_boot=200, categories=CODES)
    stats = result.statistics
    assert stats.n_units == 24 and stats.n_coders == 2
    assert list(result.coefficients["statistic"]) == list(STATISTICS)
    alpha_row = result.coefficients.set_index("statistic").loc["krippendorff_alpha"]
    assert alpha_row["boot_ci_low"] <= alpha_row["value"] <= alpha_row["boot_ci_high"]
    assert result.character is not None
    assert set(result.character["unit"]) == {"character"}
    assert list(result.confusion.index) == CODES
    assert int(result.confusion.to_numpy().sum()) == 24
    disagree = result.disagreements
    assert len(disagree) == int(24 - np.trace(result.confusion.to_numpy()))
    assert (disagree["CS"] != disagree["SK"]).all()
    assert sorted(result.tables()) == ["coefficients", "confused_codes", "confusion",
                                       "disagreements", "pairwise_kappa", "per_code",
                                       "per_code_character"]
    confused = result.tables()["confused_codes"]
    assert int(confused["n_units"].sum()) == len(disagree)  # two coders: one pair per unit
    assert result.verdict == rel.verdict(stats, {"alpha": 0.667, "kappa": 0.6})


def test_summary_is_json_serialisable_deterministic_and_defined() -> None:
    codings, units = _cohort()
    first = analyse_reliability(codings, units, thresholds={"alpha": 0.8}, seed=5, n_boot=100)
    second = analyse_reliability(codings, units, thresholds={"alpha": 0.8}, seed=5, n_boot=100)
    text = json.dumps(first.summary, allow_nan=False, sort_keys=True)
    assert text == json.dumps(second.summary, allow_nan=False, sort_keys=True)
    summary = json.loads(text)
    assert list(summary) == sorted(summary)
    assert list(first.summary["overall"]) == JSON_KEYS  # type: ignore[call-overload]
    for name in STATISTICS:
        entry = summary["statistics"][name]
        assert entry["definition"]
        assert entry["value"] == first.statistics.value(name)
    assert summary["per_code"]["pooled_kappa"] is not None
    assert "NVivo" in summary["character_level"]["definition"]
    assert summary["bootstrap"] == {"n_boot": 100, "seed": 5, "confidence": 0.95,
                                    "method": "percentile bootstrap over units"}
    third = analyse_reliability(codings, units, thresholds={"alpha": 0.8}, seed=6, n_boot=100)
    other = json.loads(json.dumps(third.summary))
    assert other["statistics"]["krippendorff_alpha"]["bootstrap_ci"] != \
        summary["statistics"]["krippendorff_alpha"]["bootstrap_ci"]


def test_three_coders_without_offsets() -> None:
    codings, units = _cohort(coders=("SK", "CS", "AB"), offsets=False)
    result = analyse_reliability(codings, units, thresholds={"kappa": 0.6}, seed=1, n_boot=0)
    assert result.statistics.value("cohen_kappa") is None
    overall = result.summary["overall"]
    assert isinstance(overall, dict) and overall["cohen_kappa"] is None
    assert result.character is None and result.summary["character_level"] is None
    assert result.bootstrap.empty
    assert len(result.pairwise) == 3
    assert result.confusion.to_numpy().sum() == pytest.approx(24 * 3)  # pairable values
    # with three coders the kappa threshold applies to Fleiss' (multi-rater) kappa
    fleiss = result.statistics.value("fleiss_kappa")
    assert fleiss is not None and f"Fleiss' kappa = {fleiss:.3f}" in result.verdict
    assert "threshold of 0.6" in result.verdict
    assert isinstance(result.confusion_figure(), Figure)


def test_figures() -> None:
    codings, units = _cohort()
    result = analyse_reliability(codings, units, thresholds={}, seed=1, n_boot=0,
                                 categories=CODES)
    heat = result.confusion_figure()
    assert isinstance(heat, Figure)
    cell_texts = [t.get_text() for t in heat.axes[0].texts]
    counts = result.confusion.to_numpy()
    assert len(cell_texts) == int((counts != 0).sum())  # empty cells carry no number
    assert sorted(cell_texts) == sorted(f"{float(v):g}" for v in counts[counts != 0])
    chart = result.kappa_figure()
    ax = chart.axes[0]
    lines = sorted(float(np.asarray(line.get_xdata())[0]) for line in ax.lines)
    assert lines == [0.667, 0.8]
    labels = {t.get_text() for t in ax.texts}
    assert {"poor", "slight", "fair", "moderate", "substantial", "almost perfect"} <= labels
    assert [t.get_text() for t in ax.get_yticklabels()] == CODES
    assert len(ax.containers[0]) == len(CODES)  # one bar per code


def test_cli_json_keys_and_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "codes.csv"
    path.write_text("unit,SK,CS,AB\nU1,a,a,a\nU2,a,b,\nU3,b,b,b\nU4,c,c,b\nU5,a,a,a\n",
                    encoding="utf-8")
    assert main(["agreement", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == JSON_KEYS
    assert out["n_units"] == 5 and out["n_coders"] == 3
    assert out["cohen_kappa"] is None and out["cohen_kappa_ci"] is None
    assert out["scott_pi"] is None
    expected = agreement_statistics(read_ratings(path))
    assert out["krippendorff_alpha"] == pytest.approx(expected.value("krippendorff_alpha"))

    two = tmp_path / "two.csv"
    two.write_text("unit,SK,CS\nU1,1,1\nU2,2,3\nU3,3,3\nU4,1,2\n", encoding="utf-8")
    assert main(["agreement", str(two), "--json", "--weights", "quadratic",
                 "--categories", "1,2,3,4"]) == 0
    out = json.loads(capsys.readouterr().out)
    stats = agreement_statistics(read_ratings(two), weights="quadratic", categories=[1, 2, 3, 4])
    kappa = stats.coefficients["cohen_kappa"]
    assert out["cohen_kappa"] == pytest.approx(kappa.value)
    assert out["cohen_kappa_ci"] == pytest.approx([kappa.ci_low, kappa.ci_high])
    assert out["gwet_ac1"] == pytest.approx(stats.value("gwet_ac1"))


def test_cli_text_table_long_and_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wide = pd.DataFrame({"unit": ["U1", "U2", "U3"], "SK": ["a", "b", "b"],
                         "CS": ["a", "b", "a"]})
    xlsx = tmp_path / "codes.xlsx"
    wide.to_excel(xlsx, index=False)
    long = tmp_path / "long.csv"
    long.write_text("unit_id,coder,code\nU1,SK,a\nU1,CS,a\nU2,SK,b\nU2,CS,b\nU3,SK,b\n"
                    "U3,CS,a\n", encoding="utf-8")
    assert main(["agreement", str(xlsx)]) == 0
    text_xlsx = capsys.readouterr().out
    assert main(["agreement", str(long), "--long"]) == 0
    text_long = capsys.readouterr().out
    # same statistics; the long form lists coders sorted, the wide file in column order
    assert text_xlsx.splitlines()[2:] == text_long.splitlines()[2:]
    assert "3 units, 2 coders (SK, CS), 2 categories (a, b)" in text_xlsx
    assert "3 units, 2 coders (CS, SK), 2 categories (a, b)" in text_long
    for label in ("Percent agreement", "Cohen's kappa", "Scott's pi", "Fleiss' kappa",
                  "Krippendorff's alpha", "Gwet's AC1", "Brennan-Prediger"):
        assert label in text_long
    assert "not corrected for chance" in text_long
    assert "0.667" in text_long or ".667" in text_long


def test_public_surface_and_doctests() -> None:
    kind = {True: 0, False: 1}
    assert rel.__all__ == sorted(rel.__all__, key=lambda s: (kind[s.isupper()],
                                                             s[0].islower(), s))
    for name in rel.__all__:
        assert getattr(rel, name) is not None
    modules = [rel._alpha, rel._pairwise, rel._summary]
    for module in modules:
        failures, tested = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert failures == 0 and tested > 0, module.__name__


def test_numeric_codes_and_mixed_id_types_line_up() -> None:
    """Codes read as text ("1") with a numeric codebook, and unit ids that are numbers in one
    table and text in the other, still give matching per-code rows."""
    codings = pd.DataFrame({"unit_id": ["1", "1", "2", "2", "3", "3"],
                            "coder": ["A", "B"] * 3, "code": ["1", "1", "2", "1", "2", "2"]})
    units = pd.DataFrame({"unit_id": [1, 2, 3], "participant": ["P"] * 3,
                          "transcript": ["P.txt"] * 3, "text": ["x", "y", "z"],
                          "start": [0, 10, 20], "end": [10, 20, 30]})
    result = analyse_reliability(codings, units, thresholds={}, seed=1, n_boot=0,
                                 categories=[1, 2, 3])
    pooled = result.per_code[result.per_code["transcript"].isna()]
    assert pooled["code"].tolist() == [1, 2, 3]
    assert pooled["n"].tolist() == [3, 3, 3]
    assert pooled[["both", "only_a", "only_b"]].to_numpy().tolist() == [[1, 0, 1], [1, 1, 0],
                                                                       [0, 0, 0]]
    assert result.character is not None
    char = result.character[result.character["transcript"] == "P.txt"]
    assert char["n"].tolist() == [30, 30, 30]
    assert result.disagreements["unit_id"].tolist() == ["2"]
