"""The whole theme-synthesis stage: synthesise() end to end (replicate.synthesis)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from matplotlib.figure import Figure

import replicate.synthesis as synthesis
from replicate.errors import DataError
from replicate.synthesis import SaturationPlan, SynthesisResult, synthesise
from synthesis_data import (
    SMALL_ATTRIBUTES,
    SMALL_CODEBOOK,
    SMALL_PARTICIPANTS,
    SMALL_UNITS,
    cohort_from,
    original_codebook,
)


def _run(**kwargs: object) -> SynthesisResult:
    cb = original_codebook()
    units, participants, attributes = cohort_from(cb)
    return synthesise(cb, units, participants, attributes, permutations=20,  # type: ignore[arg-type]
                      facts={"n_offered": 140, "n_pilots": 2}, seed=5, **kwargs)


def test_public_names_are_unique_and_exported() -> None:
    # ruff's RUF022 keeps __all__ sorted (isort-style); here: unique and importable
    assert len(set(synthesis.__all__)) == len(synthesis.__all__)
    assert all(hasattr(synthesis, name) for name in synthesis.__all__)


def test_demo_like_cohort_end_to_end() -> None:
    res = _run()
    summary = res.summary
    assert summary["n_participants"] == 12
    assert summary["n_units"] == 12 * 17
    assert (summary["n_themes"], summary["n_categories"], summary["n_subcategories"]) == (3, 6,
                                                                                         17)
    # every interview has every code: nothing new after the base → saturation at 4+2
    assert summary["saturation"]["notation"] == "4+2"
    assert summary["saturation_order"]["median_s"] == 4.0
    assert len(summary["saturation_sensitivity"]) == 12
    assert summary["comparison"]["subcategory"] == {"replicated": 17, "absent": 0, "new": 0}
    assert summary["facts"]["n_offered"] == 140
    assert summary["n_quotes"] == 12
    assert res.quotes["participant"].nunique() == 12  # 12 quotes spread over 12 people
    # the original's own codebook: every label is identical, so nothing is merely proposed
    assert not any("proposed" in f for f in res.flags)
    assert res.table1["n_participants"].tolist() == [12] * 17
    assert set(res.subgroups["attribute"]) == {"gender", "mentor_gender", "age_band",
                                               "mentor_age_band"}


def test_summary_is_json_and_deterministic_and_free_of_student_ids() -> None:
    a, b = _run(), _run()
    text = json.dumps(a.summary, sort_keys=True, ensure_ascii=False)
    assert text == json.dumps(b.summary, sort_keys=True, ensure_ascii=False)
    assert "S91" not in text
    tables = a.tables()
    assert list(tables) == sorted(tables)
    for name, table in tables.items():
        pd.testing.assert_frame_equal(table, b.tables()[name])
        flat = table.astype(str).to_csv()
        assert "S91" not in flat and "student_id" not in flat, name
    assert "rowspan" in a.table1_html()


def test_figures() -> None:
    res = _run(theme_descriptions={"Space": "the condition"}, quote_age_bands=True)
    for fig in (res.heatmap_figure(), res.discovery_figure(), res.theme_map_figure()):
        assert isinstance(fig, Figure)
    assert res.quotes["attribution"].str.contains(r"age (?:<\d+|\d+\+)\)$").all()


def test_small_cohort_flags_and_not_reached() -> None:
    # default order B, A, C, D: base B + A = 5 codes, run C + D adds none → 2+2
    plan = SaturationPlan(base=2, run=2)
    by_date = synthesise(SMALL_CODEBOOK, SMALL_UNITS, SMALL_PARTICIPANTS, SMALL_ATTRIBUTES,
                         saturation=plan, permutations=0)
    assert by_date.saturation.notation == "2+2"
    # order A, C, B, D: base A + C = 2 codes, run B + D adds 3 (150 %) → not reached
    res = synthesise(SMALL_CODEBOOK, SMALL_UNITS, SMALL_PARTICIPANTS, SMALL_ATTRIBUTES,
                     saturation=plan, interview_order=["A", "C", "B", "D"], permutations=0,
                     extra_subgroups=["doctor_in_family"], quote_min_words=3)
    assert res.order is None
    assert res.saturation.reason == "threshold never met"
    assert res.saturation.runs["ratio"].tolist() == [1.5]
    flags = " | ".join(res.flags)
    assert "participant(s) D have no coded units" in flags
    assert "saturation not reached: threshold never met" in flags
    assert "doctor_in_family" in set(res.subgroups["attribute"])
    assert res.summary["saturation"]["reached"] is False


def test_bad_inputs_name_the_file() -> None:
    units = SMALL_UNITS.copy()
    units.loc[0, "participant"] = "Q"
    with pytest.raises(DataError) as err:
        synthesise(SMALL_CODEBOOK, units, SMALL_PARTICIPANTS, units_file="cohort/units.xlsx")
    assert str(err.value).startswith("cohort/units.xlsx, row 2, column participant:")
