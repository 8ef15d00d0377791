"""The original study as data and the comparison with it (replicate.reference, .synthesis)."""

from __future__ import annotations

import pandas as pd
import pytest

from replicate.errors import ConfigError
from replicate.reference import load_original
from replicate.synthesis import (
    build_hierarchy,
    coded_units,
    cohort_facts,
    compare_facts,
    compare_with_original,
    comparison_summary,
    label_similarity,
    propose_mapping,
    resolve_mapping,
)
from synthesis_data import cohort_from, original_codebook


def test_original_table1_and_facts() -> None:
    o = load_original()
    table = o.hierarchy_frame()
    assert len(table) == 17
    assert o.labels("theme") == ("Space", "Belief in the future", "Transition")
    assert len(o.labels("category")) == 6
    assert [len(c.subcategories) for t in o.themes for c in t.categories] == [4, 3, 2, 1, 3, 4]
    s = o.sample
    assert (s.n_offered, s.n_interviewed, s.n_male, s.n_female) == (122, 12, 5, 7)
    assert (s.age_min, s.age_max, s.min_meetings) == (25, 38, 3)
    assert s.interview_minutes == (40, 50) and s.n_pilots == 2
    assert s.years_after_programme == (0, 1)
    assert (s.n_interviewers, s.n_coders, s.software) == (1, 2, "NVivo")
    assert (s.n_themes, s.n_categories, s.n_subcategories) == (3, 6, 17)
    assert s.n_eligible is None and s.agreement_statistic is None
    assert {a.id for a in o.ambiguities} >= {
        "single-item-category", "getting-perspective-placement", "participant-condition",
        "demands-boundary", "duplicate-looking-label", "boundary-rows"}
    assert o.parents("subcategory")["Getting perspective"] == ("Transition", "Becoming a doctor")
    assert load_original() is o  # cached


def test_original_codebook_is_fully_replicated() -> None:
    o = load_original()
    cb = original_codebook()
    h = build_hierarchy(cb)
    units, participants, _ = cohort_from(cb, n_people=3)
    coded = coded_units(units, h, participants)
    resolved = resolve_mapping(h, o)
    assert (resolved["score"] == 1.0).all()
    assert (resolved["label"] == resolved["original"]).all()
    table = compare_with_original(h, o, resolved, coded=coded)
    assert comparison_summary(table) == {
        "theme": {"replicated": 3, "absent": 0, "new": 0},
        "category": {"replicated": 6, "absent": 0, "new": 0},
        "subcategory": {"replicated": 17, "absent": 0, "new": 0},
    }
    assert set(table["n_participants"]) == {3}
    configured = {lvl: {x: x for x in o.labels(lvl)}
                  for lvl in ("theme", "category", "subcategory")}
    table2 = compare_with_original(h, o, resolve_mapping(h, o, configured))
    assert set(table2["source"]) == {"config"} and set(table2["status"]) == {"replicated"}


def _modified() -> pd.DataFrame:
    """The original's codebook with Motivation removed and Peer comparison added."""
    cb = original_codebook()
    cb = cb[cb["category"] != "Motivation"]
    extra = pd.DataFrame([{"theme": "Belief in the future", "category": "Peer comparison",
                           "subcategory": "Comparing with classmates", "code": "c99",
                           "description": ""}])
    return pd.concat([cb, extra], ignore_index=True)


def test_one_category_removed_one_added() -> None:
    o = load_original()
    h = build_hierarchy(_modified())
    table = compare_with_original(h, o, propose_mapping(h, o))
    summary = comparison_summary(table)
    assert summary["category"] == {"replicated": 5, "absent": 1, "new": 1}
    assert summary["subcategory"] == {"replicated": 16, "absent": 1, "new": 1}
    assert summary["theme"] == {"replicated": 3, "absent": 0, "new": 0}
    cats = table[table["level"] == "category"]
    assert cats.loc[cats["status"] == "absent", "original"].tolist() == ["Motivation"]
    assert cats.loc[cats["status"] == "new", "new"].tolist() == ["Peer comparison"]
    # rows: originals in Table 1 order, then new ones
    assert cats["original"].tolist()[:6] == list(o.labels("category"))


def test_proposal_by_similarity_and_explicit_override() -> None:
    o = load_original()
    cb = original_codebook()
    cb.loc[cb["subcategory"] == "Someone to talk to", "subcategory"] = "Someone to talk with"
    h = build_hierarchy(cb)
    proposed = propose_mapping(h, o).set_index(["level", "label"])
    row = proposed.loc[("subcategory", "Someone to talk with")]
    assert row["original"] == "Someone to talk to" and row["source"] == "proposed"
    assert row["score"] == pytest.approx(label_similarity("Someone to talk with",
                                                          "Someone to talk to"), abs=1e-3)
    assert 0.6 < row["score"] < 1.0
    # an explicit null in the config makes it new and leaves the original absent
    resolved = resolve_mapping(h, o, {"subcategory": {"Someone to talk with": None}})
    table = compare_with_original(h, o, resolved)
    sub = table[table["level"] == "subcategory"].set_index("original")
    assert sub.loc["Someone to talk to", "status"] == "absent"
    new = table[(table["level"] == "subcategory") & (table["status"] == "new")]
    assert new["new"].tolist() == ["Someone to talk with"]
    assert new["source"].tolist() == ["config"]


def test_replicated_needs_supporting_units_when_units_given() -> None:
    o = load_original()
    cb = original_codebook()
    h = build_hierarchy(cb)
    units, participants, _ = cohort_from(cb, n_people=2)
    units = units[units["code"] != "c16"]  # the last subcategory loses its units
    coded = coded_units(units, h, participants)
    table = compare_with_original(h, o, resolve_mapping(h, o), coded=coded)
    sub = table[table["level"] == "subcategory"].set_index("original")
    assert sub.loc["Having no doctor in family or among friends", "status"] == "absent"
    assert sub.loc["Having no doctor in family or among friends", "n_participants"] == 0


def test_mapping_validation() -> None:
    o = load_original()
    h = build_hierarchy(original_codebook())
    with pytest.raises(ConfigError, match="mapping level 'categories'"):
        resolve_mapping(h, o, {"categories": {}})
    with pytest.raises(ConfigError, match="did you mean 'Hope'"):
        resolve_mapping(h, o, {"category": {"Hopes": "Hope"}})
    with pytest.raises(ConfigError) as err:
        resolve_mapping(h, o, {"category": {"Hope": "Optimism"}})
    assert "not an original category" in err.value.message
    assert err.value.location == "comparison.mapping.category"


def test_facts_comparison() -> None:
    cb = original_codebook()
    _, participants, attributes = cohort_from(cb, n_people=12)
    facts = cohort_facts(participants, attributes.drop(columns="student_id"),
                         extra={"n_offered": 130, "n_pilots": 2, "min_meetings": 3,
                                "n_interviewed": 99})
    assert facts["n_interviewed"] == 12  # the data win over the config
    assert (facts["n_male"], facts["n_female"]) == (5, 7)
    assert (facts["age_min"], facts["age_max"]) == (25, 36)
    assert facts["interview_minutes"] == [40, 51]
    assert facts["mentor_gender_split"] == "6 female / 6 male"
    assert facts["interview_period"] == ["2025-04-01", "2025-04-12"]
    table = compare_facts(load_original(), facts).set_index("fact")
    assert table.loc["offered a mentor (N)"].tolist() == ["122", "130"]
    assert table.loc["student gender"].tolist() == ["5 male / 7 female", "5 male / 7 female"]
    assert table.loc["student age range (years)"].tolist() == ["25–38", "25–36"]
    assert table.loc["interview length (min)"].tolist() == ["40–50", "40–51"]
    assert table.loc["minimum mentor meetings"].tolist() == ["≥ 3", "≥ 3"]
    assert table.loc["pilot interviews"].tolist() == ["2", "2"]
    assert table.loc["coders"].tolist() == ["2", "not given"]
    assert table.loc["eligible (N)"].tolist() == ["not reported", "not given"]
