"""Codebook validation, Table 1 and cross-table checks (replicate.synthesis)."""

from __future__ import annotations

import pandas as pd
import pytest

from replicate.errors import DataError
from replicate.synthesis import (
    build_hierarchy,
    coded_units,
    participant_attributes,
    table1_csv_frame,
    table1_frame,
    table1_html,
)
from synthesis_data import SMALL_CODEBOOK, SMALL_PARTICIPANTS, SMALL_UNITS, original_codebook


def test_hierarchy_levels_in_codebook_order() -> None:
    h = build_hierarchy(SMALL_CODEBOOK)
    assert h.themes == ("Space", "Future")
    assert h.categories == ("Free zone", "Sense of security", "Hope", "Motivation")
    assert h.subcategories_of("Free zone") == ("Someone to talk to", "Reflection")
    assert h.category_themes["Hope"] == ("Future",)
    assert h.flags == ()
    assert h.descriptions() == {"talk": "talks freely"}


def test_category_feeding_two_themes_is_flagged_not_rejected() -> None:
    extra = pd.DataFrame([("role", "Role model", "Free zone", "Transition", "")],
                         columns=SMALL_CODEBOOK.columns)
    h = build_hierarchy(pd.concat([SMALL_CODEBOOK, extra], ignore_index=True))
    assert h.category_themes["Free zone"] == ("Space", "Transition")
    assert len(h.flags) == 1
    assert "'Free zone' feeds 2 themes (Space, Transition)" in h.flags[0]
    table = table1_frame(h)
    # listed under both themes
    assert list(table.loc[table["category"] == "Free zone", "theme"].unique()) == [
        "Space", "Transition"]


def test_table1_of_original_has_3_themes_6_categories_17_rows() -> None:
    h = build_hierarchy(original_codebook())
    table = table1_frame(h)
    assert len(table) == 17
    assert table["theme"].nunique() == 3
    assert table["category"].nunique() == 6
    assert table["n_codes"].tolist() == [1] * 17
    csv = table1_csv_frame(h)
    assert csv["theme"].tolist().count("") == 14  # each theme named once
    assert csv["category"].tolist().count("") == 11  # each category named once
    html = table1_html(h)
    assert 'rowspan="7"' in html  # Space spans its 7 subcategories
    assert "Own and others&#39; demands" in html or "Own and others' demands" in html
    paper = table1_html(h, columns=("subcategory", "category", "theme"))
    assert paper.index("<th>subcategory</th>") < paper.index("<th>theme</th>")


def test_duplicate_code_names_both_rows() -> None:
    bad = pd.concat([SMALL_CODEBOOK, SMALL_CODEBOOK.iloc[[1]]], ignore_index=True)
    with pytest.raises(DataError) as err:
        build_hierarchy(bad, file="cb.csv")
    assert err.value.file == "cb.csv"
    assert err.value.location == "row 7, column code"
    assert "first in row 3" in err.value.message
    assert "exactly one subcategory" in err.value.message


def test_subcategory_under_two_categories_is_an_error() -> None:
    bad = SMALL_CODEBOOK.copy()
    bad.loc[2, "subcategory"] = "Reflection"  # Reflection now under Free zone and Sense of sec.
    with pytest.raises(DataError) as err:
        build_hierarchy(bad)
    assert err.value.location == "row 4, column category"
    assert "'Reflection' is under category 'Sense of security' here but under 'Free zone' in " \
           "row 3" in err.value.message
    assert str(err.value).startswith("codebook.csv, row 4, column category:")


def test_missing_column_and_empty_cell() -> None:
    with pytest.raises(DataError, match=r"missing column.*theme"):
        build_hierarchy(SMALL_CODEBOOK.drop(columns="theme"))
    bad = SMALL_CODEBOOK.copy()
    bad.loc[3, "category"] = "  "
    with pytest.raises(DataError) as err:
        build_hierarchy(bad)
    assert err.value.location == "row 5, column category"
    with pytest.raises(DataError, match="no rows"):
        build_hierarchy(SMALL_CODEBOOK.iloc[0:0])


def test_unit_code_missing_from_codebook() -> None:
    h = build_hierarchy(SMALL_CODEBOOK)
    units = SMALL_UNITS.copy()
    units.loc[2, "code"] = "hopes"
    units.loc[5, "code"] = "nothing"
    with pytest.raises(DataError) as err:
        coded_units(units, h, SMALL_PARTICIPANTS, units_file="u.csv", codebook_file="cb.csv")
    e = err.value
    assert (e.file, e.location) == ("u.csv", "row 4, column code")
    assert "code 'hopes' is not in cb.csv (did you mean 'hope'?)" in e.message
    assert "1 more row(s)" in e.message


def test_unit_participant_missing_from_participants() -> None:
    h = build_hierarchy(SMALL_CODEBOOK)
    units = SMALL_UNITS.copy()
    units.loc[7, "participant"] = "Z"
    with pytest.raises(DataError) as err:
        coded_units(units, h, SMALL_PARTICIPANTS, participants_file="p.csv")
    e = err.value
    assert (e.file, e.location) == ("units.csv", "row 9, column participant")
    assert "participant 'Z' is not in p.csv" in e.message
    assert "'A', 'B', 'C', 'D'" in e.message


def test_duplicate_unit_id_and_pseudonym() -> None:
    h = build_hierarchy(SMALL_CODEBOOK)
    units = SMALL_UNITS.copy()
    units.loc[1, "unit_id"] = "U1"
    with pytest.raises(DataError, match="unit_id 'U1' is repeated"):
        coded_units(units, h, SMALL_PARTICIPANTS)
    people = SMALL_PARTICIPANTS.copy()
    people.loc[3, "pseudonym"] = "A"
    with pytest.raises(DataError) as err:
        coded_units(SMALL_UNITS, h, people)
    assert (err.value.file, err.value.location) == ("participants.csv", "row 5, column pseudonym")


def test_coded_units_attach_hierarchy() -> None:
    h = build_hierarchy(SMALL_CODEBOOK)
    coded = coded_units(SMALL_UNITS, h, SMALL_PARTICIPANTS)
    assert coded.columns.tolist() == [
        "unit_id", "participant", "text", "code", "subcategory", "category"]
    assert coded.set_index("unit_id").loc["U6", "category"] == "Motivation"


def test_attributes_drop_identifying_columns_and_align() -> None:
    attrs = pd.DataFrame({"pseudonym": ["B", "A"], "student_id": ["x", "y"], "age": [30, 31]})
    out = participant_attributes(attrs, ["C", "A", "B"])
    assert out.index.tolist() == ["A", "B", "C"]
    assert "student_id" not in out.columns
    assert out["age"].tolist()[:2] == [31, 30]
    assert out["age"].isna().tolist() == [False, False, True]
