"""Quote selection, attribution and subgroup prevalence (replicate.synthesis)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from replicate.errors import ConfigError, PrivacyError
from replicate.synthesis import (
    Hierarchy,
    age_band,
    age_band_labels,
    attribution,
    build_hierarchy,
    coded_units,
    default_age_edges,
    participant_attributes,
    participant_matrix,
    prevalence_wide,
    quote_coverage,
    select_quotes,
    subgroup_prevalence,
)
from synthesis_data import SMALL_ATTRIBUTES, SMALL_CODEBOOK, SMALL_PARTICIPANTS, SMALL_UNITS

CODEBOOK = pd.DataFrame(
    [("x1", "X sub", "X", "T", ""), ("y1", "Y sub", "Y", "T", ""), ("z1", "Z sub", "Z", "T", "")],
    columns=["code", "subcategory", "category", "theme", "description"],
)
WORDS = "one two three four five six seven eight nine ten eleven twelve"


def _units() -> pd.DataFrame:
    rows = [
        # category X: A has three quotable units, B one, C one too short, D one too long
        ("X1", "A", " ".join(WORDS.split()[:5]), "x1"),
        ("X2", "A", " ".join(WORDS.split()[:6]), "x1"),
        ("X3", "A", " ".join(WORDS.split()[:7]), "x1"),
        ("X4", "B", " ".join(WORDS.split()[:5]), "x1"),
        ("X5", "C", "too short", "x1"),
        ("X6", "D", WORDS, "x1"),
        # category Y: one unit each from A and B
        ("Y1", "A", " ".join(WORDS.split()[:8]), "y1"),
        ("Y2", "B", " ".join(WORDS.split()[:8]), "y1"),
        # category Z: nothing quotable
        ("Z1", "C", "no", "z1"),
    ]
    frame = pd.DataFrame(rows, columns=["unit_id", "participant", "text", "code"])
    return frame.assign(transcript=frame["participant"] + ".txt")


def _setup() -> tuple[Hierarchy, pd.DataFrame, pd.DataFrame]:
    h = build_hierarchy(CODEBOOK)
    coded = coded_units(_units(), h, SMALL_PARTICIPANTS)
    attrs = participant_attributes(SMALL_ATTRIBUTES, ["A", "B", "C", "D"])
    return h, coded, attrs


def test_quotes_spread_across_participants_within_bounds() -> None:
    h, coded, attrs = _setup()
    for seed in range(6):
        q = select_quotes(coded, h, attrs, per_category=2, min_words=3, max_words=10,
                          seed=seed)
        x = q[q["category"] == "X"]
        # C's unit is too short, D's too long; two quotes from two different participants
        assert sorted(x["participant"]) == ["A", "B"]
        assert x["rank"].tolist() == [1, 2]
        assert x["n_words"].between(3, 10).all()
        assert q[q["category"] == "Z"].empty
        # Y: both participants qualify, and both get quoted
        assert sorted(q.loc[q["category"] == "Y", "participant"]) == ["A", "B"]


def test_quotes_are_reproducible_and_seed_dependent() -> None:
    h, coded, attrs = _setup()
    first = select_quotes(coded, h, attrs, per_category=3, min_words=3, max_words=10, seed=3)
    again = select_quotes(coded, h, attrs, per_category=3, min_words=3, max_words=10, seed=3)
    pd.testing.assert_frame_equal(first, again)
    x = first[first["category"] == "X"]
    # third quote has to come from A again (only A and B qualify), after A and B once each
    assert sorted(x["participant"]) == ["A", "A", "B"]
    assert x["participant"].iloc[2] == "A"
    picks = {
        tuple(select_quotes(coded, h, attrs, per_category=1, min_words=3, max_words=10,
                            seed=s)["unit_id"])
        for s in range(20)
    }
    assert len(picks) > 1  # the seed changes which unit is drawn


def test_quotes_prefer_participants_not_yet_quoted_elsewhere() -> None:
    h, coded, attrs = _setup()
    for seed in range(8):
        q = select_quotes(coded, h, attrs, per_category=1, min_words=3, max_words=10,
                          seed=seed)
        # one quote for X, one for Y: never the same participant twice
        assert sorted(q["participant"]) == ["A", "B"]


def test_quote_coverage_flags_unquoted_categories() -> None:
    h, coded, attrs = _setup()
    q = select_quotes(coded, h, attrs, per_category=2, min_words=3, max_words=10)
    cov = quote_coverage(coded, q, h, per_category=2, min_words=3, max_words=10)
    assert cov.to_numpy().tolist() == [
        ["X", 6, 4, 2, 2, True], ["Y", 2, 2, 2, 2, True], ["Z", 1, 0, 0, 0, False]]


def test_attribution_like_the_paper() -> None:
    attrs = pd.DataFrame({"gender": ["female", None], "age": [29, 41]},
                         index=pd.Index(["H", "K"], name="pseudonym"))
    assert attribution("H", attrs) == "(H, female, age 29)"
    assert attribution("H", attrs, age_edges=[25, 30]) == "(H, female, age 25–29)"
    assert attribution("K", attrs, age_edges=[25, 30]) == "(K, age 30+)"
    assert attribution("Q", attrs) == "(Q)"


def test_quote_attributions_use_pseudonyms_and_bands() -> None:
    h, coded, attrs = _setup()
    q = select_quotes(coded, h, attrs, min_words=3, max_words=10, age_bands=True)
    # ages 26, 31, 29, 35 → median 30 → bands <30 / 30+
    assert set(q["attribution"]) == {"(A, female, age <30)", "(B, male, age 30+)"}
    assert not q.astype(str).apply(lambda c: c.str.contains("S900")).any().any()


def test_quote_option_validation() -> None:
    h, coded, attrs = _setup()
    with pytest.raises(ConfigError):
        select_quotes(coded, h, attrs, per_category=0)
    with pytest.raises(ConfigError):
        select_quotes(coded, h, attrs, min_words=20, max_words=10)


def test_age_bands() -> None:
    assert age_band_labels([25, 30, 35]) == ("<25", "25–29", "30–34", "35+")
    assert [age_band(a, [25, 30]) for a in (24, 25, 29, 30, None)] == [
        "<25", "25–29", "25–29", "30+", "missing"]
    assert default_age_edges([26, 31, 29, 35]) == [30]
    assert default_age_edges([30, 30]) == []
    with pytest.raises(ConfigError):
        age_band(30, [30, 25])


def _prevalence(**kwargs: Any) -> pd.DataFrame:
    h = build_hierarchy(SMALL_CODEBOOK)
    coded = coded_units(SMALL_UNITS, h, SMALL_PARTICIPANTS)
    matrix = participant_matrix(coded, h, ["A", "B", "C", "D"])
    attrs = participant_attributes(SMALL_ATTRIBUTES, ["A", "B", "C", "D"])
    return subgroup_prevalence(matrix, attrs, **kwargs)


def test_subgroup_prevalence_hand_counted() -> None:
    prev = _prevalence()
    assert list(dict.fromkeys(prev["attribute"])) == [
        "gender", "mentor_gender", "age_band", "mentor_age_band"]
    g = prev[prev["attribute"] == "gender"].set_index(["group", "category"])["n_with"]
    # female = A, C; male = B, D (D has no units)
    assert g.loc["female"].tolist() == [2, 0, 2, 0]
    assert g.loc["male"].tolist() == [1, 1, 0, 1]
    m = prev[prev["attribute"] == "mentor_gender"].set_index(["group", "category"])["n_with"]
    # mentor female = B, C; mentor male = A, D
    assert m.loc["female"].tolist() == [2, 1, 1, 1]
    ages = prev[prev["attribute"] == "age_band"]
    assert list(dict.fromkeys(ages["group"])) == ["<30", "30+"]
    assert ages["n_group"].tolist()[:1] == [2]
    assert prev["small_cell"].all()  # every cell < 5 participants


def test_subgroup_small_cells_and_suppression() -> None:
    prev = _prevalence(by=["gender", "doctor_in_family"], min_cell=1)
    # with k = 1 only zero counts are small
    assert prev["small_cell"].tolist() == (prev["n_with"] == 0).tolist()
    fam = prev[prev["attribute"] == "doctor_in_family"]
    assert list(dict.fromkeys(fam["group"])) == ["no", "yes"]
    suppressed = _prevalence(by=["gender"], min_cell=2, suppress=True)
    assert suppressed.loc[suppressed["small_cell"], "n_with"].isna().all()
    assert suppressed.loc[~suppressed["small_cell"], "n_with"].tolist() == [2, 2]
    wide = prevalence_wide(suppressed)
    assert wide.loc["Free zone", "gender: female (n=2)"] == "2/2"
    assert wide.loc["Motivation", "gender: male (n=2)"] == "–*"


def test_subgroup_bad_attributes() -> None:
    with pytest.raises(ConfigError, match="not found"):
        _prevalence(by=["religion"])
    with pytest.raises(PrivacyError):
        _prevalence(by=["student_id"])
