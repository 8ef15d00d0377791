"""Per-code agreement (meaning units and NVivo characters), consensus list and verdict."""

from __future__ import annotations

import pandas as pd
import pytest

from replicate.reliability import (
    PER_CODE_COLUMNS,
    agreement_statistics,
    character_agreement,
    disagreements,
    long_to_wide,
    per_code_agreement,
    pooled_kappa,
    verdict,
)


def _nvivo_example() -> tuple[pd.DataFrame, pd.DataFrame]:
    """NVivo's worked example (interop notes 3.1): 1000 characters, code X coded by both on
    50 and by neither on 800 -> 85% agreement. A codes X on U1+U2 (150 chars), B on U1+U3
    (100 chars)."""
    units = pd.DataFrame({
        "unit_id": ["U1", "U2", "U3", "U4"],
        "participant": ["A"] * 4,
        "transcript": ["A.txt"] * 4,
        "text": ["one", "two", "three", "four"],
        "start": [0, 50, 150, 200],
        "end": [50, 150, 200, 1000],
    })
    codings = pd.DataFrame({
        "unit_id": ["U1", "U2", "U3", "U4"] * 2,
        "coder": ["A"] * 4 + ["B"] * 4,
        "code": ["X", "X", "Y", "Y", "X", "Y", "X", "Y"],
    })
    return codings, units


def test_nvivo_character_example() -> None:
    codings, units = _nvivo_example()
    table = character_agreement(codings, units)
    assert list(table.columns) == list(PER_CODE_COLUMNS)
    row = table[(table["code"] == "X") & (table["transcript"] == "A.txt")].iloc[0]
    assert (row["n"], row["both"], row["only_a"], row["only_b"], row["neither"]) == (
        1000, 50, 100, 50, 800)
    assert row["percent_agreement"] == pytest.approx(0.85)
    # NVivo: expected = (150*100 + 850*900)/1000 = 780; kappa = (850-780)/(1000-780)
    assert row["cohen_kappa"] == pytest.approx(70 / 220, abs=1e-12)
    assert row["unit"] == "character"
    assert "NVivo" in row["definition"]


def test_character_level_with_transcript_length_adds_uncoded_text() -> None:
    codings, units = _nvivo_example()
    table = character_agreement(codings, units, transcript_lengths={"A.txt": 1200})
    row = table[(table["code"] == "X") & (table["transcript"] == "A.txt")].iloc[0]
    assert (row["n"], row["neither"]) == (1200, 1000)
    assert row["percent_agreement"] == pytest.approx(1050 / 1200)
    assert "transcript length" in row["definition"]


def test_character_level_merges_overlapping_units() -> None:
    units = pd.DataFrame({"unit_id": ["U1", "U2"], "transcript": ["t", "t"],
                          "start": [0, 10], "end": [20, 30]})
    codings = pd.DataFrame({"unit_id": ["U1", "U2", "U1", "U2"], "coder": ["A", "A", "B", "B"],
                            "code": ["X", "X", "X", "Y"]})
    row = character_agreement(codings, units).query("code == 'X' and transcript == 't'").iloc[0]
    # A covers 0-30 with X, B covers 0-20 with X; union of units is 30 characters.
    assert (row["n"], row["both"], row["only_a"], row["only_b"]) == (30, 20, 10, 0)


def test_unit_level_per_code_and_transcript() -> None:
    codings, units = _nvivo_example()
    units.loc[units["unit_id"].isin(["U3", "U4"]), "transcript"] = "B.txt"
    table = per_code_agreement(codings, units, categories=["X", "Y", "Z"])
    assert list(table.columns) == list(PER_CODE_COLUMNS)
    pooled_x = table[(table["code"] == "X") & table["transcript"].isna()].iloc[0]
    assert (pooled_x["n"], pooled_x["both"], pooled_x["only_a"], pooled_x["only_b"],
            pooled_x["neither"]) == (4, 1, 1, 1, 1)
    assert pooled_x["percent_agreement"] == pytest.approx(0.5)
    assert pooled_x["cohen_kappa"] == pytest.approx(0.0)
    in_a = table[(table["code"] == "X") & (table["transcript"] == "A.txt")].iloc[0]
    assert (in_a["n"], in_a["both"], in_a["only_a"]) == (2, 1, 1)
    y_a = table[(table["code"] == "Y") & (table["transcript"] == "A.txt")].iloc[0]
    assert (y_a["both"], y_a["only_b"], y_a["neither"]) == (0, 1, 1)
    assert y_a["cohen_kappa"] == pytest.approx(0.0)  # p_o = p_e = 1/2
    # kappa is undefined (NaN) when neither coder used the code: chance agreement is 1
    z = table[table["code"] == "Z"]
    assert len(z) == 3 and z["cohen_kappa"].isna().all() and (z["percent_agreement"] == 1).all()
    assert table["code"].tolist()[:3] == ["X", "X", "X"]


def test_per_code_reports_unused_codebook_codes_and_pairs() -> None:
    codings = pd.DataFrame({"unit_id": ["U1", "U1", "U1"], "coder": ["A", "B", "C"],
                            "code": ["X", "X", "Y"]})
    table = per_code_agreement(codings, categories=["X", "Y", "Z"])
    assert set(zip(table["coder_a"], table["coder_b"], strict=True)) == {
        ("A", "B"), ("A", "C"), ("B", "C")}
    z = table[table["code"] == "Z"]
    assert (z["neither"] == 1).all() and z["cohen_kappa"].isna().all()


def test_pooled_kappa_de_vries() -> None:
    codings, units = _nvivo_example()
    pooled = per_code_agreement(codings, units)
    pooled = pooled[pooled["transcript"].isna()]
    # X: p_o = 2/4, p_e = (2*2 + 2*2)/16 = 1/2; Y: same table -> pooled kappa = 0
    assert pooled_kappa(pooled) == pytest.approx(0.0, abs=1e-12)
    assert pooled_kappa(pooled.iloc[0:0]) is None


def test_disagreement_list_for_the_meeting() -> None:
    codings, units = _nvivo_example()
    units["code"] = ["X", "X", "X", "Y"]
    table = disagreements(long_to_wide(codings), units)
    assert list(table.columns) == ["unit_id", "participant", "transcript", "text", "A", "B",
                                   "codes", "final_code", "resolution", "codebook_change"]
    assert table["codes"].tolist() == ["X | Y", "X | Y"]
    assert table["unit_id"].tolist() == ["U2", "U3"]
    assert table[["A", "B", "final_code"]].to_numpy().tolist() == [["X", "Y", "X"],
                                                                   ["Y", "X", "X"]]
    assert (table["resolution"] == "").all()


def test_disagreements_ignore_single_ratings() -> None:
    wide = pd.DataFrame({"A": ["a", "a", None], "B": ["a", "b", "c"], "C": ["a", None, None]},
                        index=["U1", "U2", "U3"])
    table = disagreements(wide)
    assert table["unit_id"].tolist() == ["U2"]
    assert table.loc[0, "C"] == ""


def test_verdict_sentences() -> None:
    wide = pd.DataFrame({"A": list("aabbccdd"), "B": list("aabbccda")})
    stats = agreement_statistics(wide)
    text = verdict(stats, {"alpha": 0.667, "kappa": 0.6})
    assert text.startswith("All 2 checked thresholds are met.")
    assert "Cohen's kappa = 0.833 meets the threshold of 0.6 (almost perfect" in text
    # coincidences: o_aa = o_bb = o_cc = 4, o_dd = 2, o_ad = o_da = 1; n = 16;
    # alpha = 1 - 15 * 2 / (16^2 - (5^2 + 4^2 + 4^2 + 3^2)) = 1 - 30/190 = 0.842
    assert "Krippendorff's alpha = 0.842 meets the threshold of 0.667; Krippendorff's " \
           "0.800 convention for reliable data is met." in text
    strict = verdict(stats, {"alpha": 0.9, "percent_agreement": 0.8})
    assert strict.startswith("1 of 2 checked thresholds is not met.")
    three = agreement_statistics(wide.assign(C=list("aabbccdd")))
    # three coders: the kappa threshold applies to Fleiss' (multi-rater) kappa
    three_text = verdict(three, {"kappa": 0.6})
    assert three_text.startswith("The one checked threshold is met. Fleiss' kappa = ")
    assert "meets the threshold of 0.6" in three_text
    tentative = verdict({"krippendorff_alpha": 0.7}, {"alpha": 0.667})
    assert "tentative conclusions only" in tentative
