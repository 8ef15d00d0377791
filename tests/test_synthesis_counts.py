"""Counts, participant matrix and co-occurrence on a hand-built cohort (replicate.synthesis)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from replicate.synthesis import (
    Hierarchy,
    build_hierarchy,
    category_cooccurrence,
    coded_units,
    heatmap_figure,
    minor_nodes,
    node_counts,
    participant_matrix,
    table1_frame,
)
from synthesis_data import SMALL_CODEBOOK, SMALL_PARTICIPANTS, SMALL_UNITS

PEOPLE = ("A", "B", "C", "D")


def _coded() -> tuple[Hierarchy, pd.DataFrame]:
    h = build_hierarchy(SMALL_CODEBOOK)
    return h, coded_units(SMALL_UNITS, h, SMALL_PARTICIPANTS)


def test_node_counts_match_hand_count() -> None:
    h, coded = _coded()
    counts = node_counts(coded, h, PEOPLE)
    got = {
        (r.level, r.subcategory or r.category or r.theme): (r.n_units, r.n_participants)
        for r in counts.itertuples()
    }
    assert got == {
        ("theme", "Space"): (5, 3),
        ("category", "Free zone"): (4, 3),
        ("subcategory", "Someone to talk to"): (3, 2),
        ("subcategory", "Reflection"): (1, 1),
        ("category", "Sense of security"): (1, 1),
        ("subcategory", "Security"): (1, 1),
        ("theme", "Future"): (3, 3),
        ("category", "Hope"): (2, 2),
        ("subcategory", "It will work"): (2, 2),
        ("category", "Motivation"): (1, 1),
        ("subcategory", "Motivation"): (1, 1),
    }
    # Table 1 order: theme, its categories, each followed by its subcategories
    assert counts["level"].tolist()[:3] == ["theme", "category", "subcategory"]
    assert counts.loc[0, "pct_participants"] == 75.0  # 3 of 4 participants (D has no units)
    minor = minor_nodes(counts, max_participants=1)
    assert minor["subcategory"].tolist() == ["Reflection", "Security", "Motivation"]
    table = table1_frame(h, counts)
    assert table["n_participants"].tolist() == [2, 1, 1, 2, 1]


def test_theme_counts_follow_a_category_into_both_themes() -> None:
    extra = pd.DataFrame([("role", "Role model", "Free zone", "Transition", "")],
                         columns=SMALL_CODEBOOK.columns)
    h = build_hierarchy(pd.concat([SMALL_CODEBOOK, extra], ignore_index=True))
    units = pd.concat([SMALL_UNITS, pd.DataFrame(
        [("U9", "D", "D.txt", "He showed me how a doctor works", "role")],
        columns=SMALL_UNITS.columns)], ignore_index=True)
    coded = coded_units(units, h, SMALL_PARTICIPANTS)
    counts = node_counts(coded, h, PEOPLE)
    themes = counts[counts["level"] == "theme"].set_index("theme")
    # Free zone (U1, U2, U4, U7, U9) feeds Transition as well as Space
    assert themes.loc["Transition", "n_units"] == 5
    assert themes.loc["Space", "n_units"] == 6
    assert themes.loc["Space", "n_participants"] == 4


def test_participant_matrix_and_cooccurrence() -> None:
    h, coded = _coded()
    matrix = participant_matrix(coded, h, PEOPLE)
    assert matrix.index.tolist() == list(PEOPLE)
    assert matrix.columns.tolist() == ["Free zone", "Sense of security", "Hope", "Motivation"]
    assert matrix.to_numpy().tolist() == [[2, 0, 1, 0], [1, 1, 0, 1], [1, 0, 1, 0],
                                          [0, 0, 0, 0]]
    co = category_cooccurrence(matrix)
    assert co.to_numpy().tolist() == [[3, 1, 2, 1], [1, 1, 0, 1], [2, 0, 2, 0], [1, 1, 0, 1]]
    themes = participant_matrix(coded, h, PEOPLE, level="theme")
    assert themes.to_numpy().tolist()[1] == [2, 1]  # B: Space 2, Future 1
    assert isinstance(heatmap_figure(matrix, title="t"), Figure)


def test_many_participants_heatmap_counts_bands_of_units() -> None:
    from replicate.synthesis.counts import HEATMAP_MAX_ROWS, band_counts

    people = pd.Index([f"P{i:03d}" for i in range(70)], name="pseudonym")
    matrix = pd.DataFrame({"Hope": [0, 1, 2, 4, 9, 10, 50] * 10, "Motivation": [5] * 70},
                          index=people)
    matrix.columns.name = "category"
    bands = band_counts(matrix)
    assert bands.index.tolist() == ["0", "1", "2", "3–4", "5–9", "10–19", "20–49", "50+"]
    assert bands["Hope"].tolist() == [10, 10, 10, 10, 10, 10, 0, 10]
    assert bands["Motivation"].tolist() == [0, 0, 0, 0, 70, 0, 0, 0]
    assert band_counts(matrix.clip(upper=7)).index.tolist()[-1] == "5–9"  # up to the largest
    ax = heatmap_figure(matrix, title="t").axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == bands.index.tolist()
    assert sorted(int(t.get_text()) for t in ax.texts) == sorted(bands.to_numpy().ravel())
    assert "70 participants" in ax.get_title()
    # up to the limit one row per participant, each cell its count
    ax = heatmap_figure(matrix.iloc[:HEATMAP_MAX_ROWS]).axes[0]
    assert len(ax.get_yticklabels()) == HEATMAP_MAX_ROWS
    assert len(ax.texts) == 2 * HEATMAP_MAX_ROWS
