"""Guest, Namey & Chen (2020) saturation: hand-computed cases, grid, order check, properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from replicate.errors import ConfigError
from replicate.synthesis import (
    SaturationPlan,
    assess_saturation,
    build_hierarchy,
    coded_units,
    discovery_figure,
    interview_sequence,
    order_sensitivity,
    saturation_point,
    sensitivity_grid,
)
from synthesis_data import SMALL_CODEBOOK, SMALL_PARTICIPANTS, SMALL_UNITS


def seq(*interviews: str) -> list[tuple[str, frozenset[str]]]:
    """Interviews named 1, 2, … whose codes are the letters of each string."""
    return [(str(i), frozenset(codes)) for i, codes in enumerate(interviews, start=1)]


# new codes per interview: 3, 1, 1, 1, 1, 0, 0, 1, 0, 0; base of 4 holds a–f (B = 6)
TEN = seq("abc", "ad", "e", "f", "g", "a", "b", "h", "c", "d")


def test_reached_rolling_window_hand_computed() -> None:
    res = assess_saturation(TEN, SaturationPlan(base=4, run=2, threshold=0.05))
    assert res.base_unique == 6
    assert res.interviews["n_new"].tolist() == [3, 1, 1, 1, 1, 0, 0, 1, 0, 0]
    assert res.interviews["cumulative_unique"].tolist() == [3, 4, 5, 6, 7, 7, 7, 8, 8, 8]
    # s=4: run 5–6 adds 1 (1/6 > 5 %); s=5: run 6–7 adds 0 → saturated at 5+2
    assert res.runs["s"].tolist() == [4, 5, 6, 7, 8]
    assert res.runs["new_in_run"].tolist() == [1, 0, 1, 1, 0]
    assert res.runs["run_interviews"].tolist()[:2] == ["5, 6", "6, 7"]
    assert res.reached and res.saturated_at == 5 and res.notation == "5+2"
    assert res.interviews_needed == 7
    assert res.new_in_run == 0 and res.ratio == 0.0
    assert res.runs["saturation_point"].tolist() == [False, True, False, False, False]
    assert res.sentence() == (
        "Saturation at ≤ 5 % new information was reached at 5+2: base 4, run 2, assessed "
        "over 10 interviews (0 new of 6 base codes).")


def test_non_overlapping_runs_change_the_answer() -> None:
    res = assess_saturation(TEN, SaturationPlan(base=4, run=2, threshold=0.0, run_step=2))
    # s=4: 1 new; s=6: runs 7–8 add 1; s=8: runs 9–10 add 0 → 8+2
    assert res.runs["s"].tolist() == [4, 6, 8]
    assert res.notation == "8+2"


def test_threshold_is_a_share_of_the_fixed_base() -> None:
    # 1/6 ≈ 16.7 % ≤ 20 % → the first run already saturates
    assert assess_saturation(TEN, SaturationPlan(threshold=0.2)).notation == "4+2"


def test_exact_five_percent_boundary() -> None:
    base = ["abcde", "fghij", "klmno", "pqrst"]  # B = 20
    res = assess_saturation(seq(*base, "u", "a"), SaturationPlan(threshold=0.05))
    assert res.base_unique == 20 and res.notation == "4+2" and res.ratio == 0.05
    strict = assess_saturation(seq(*base, "u", "a"), SaturationPlan(threshold=0.0))
    assert not strict.reached and strict.reason == "threshold never met"


def test_not_reached_too_few_interviews() -> None:
    res = assess_saturation(seq("ab", "c", "d", "e", "f"), SaturationPlan(base=4, run=2))
    assert not res.reached and res.reason == "too few interviews"
    assert res.runs.empty and res.notation is None
    assert "too few interviews (n = 5 < base + run = 6)" in res.sentence()


def test_not_reached_empty_base() -> None:
    res = assess_saturation(seq("", "", "", "", "a", "b"), SaturationPlan())
    assert res.base_unique == 0 and res.reason == "B = 0"
    assert res.runs["ratio"].isna().all()
    assert "B = 0" in res.sentence()


def test_not_reached_threshold_never_met() -> None:
    res = assess_saturation(seq(*"abcdefgh"), SaturationPlan())
    assert res.base_unique == 4
    assert res.runs["ratio"].tolist() == [0.5, 0.5, 0.5]
    assert res.reason == "threshold never met"
    assert res.sentence().endswith(
        "threshold never met; the lowest share was 50 % at 4+2.")
    assert isinstance(discovery_figure(res), Figure)


def test_sensitivity_grid_hand_computed() -> None:
    grid = sensitivity_grid(TEN)
    assert len(grid) == 12
    assert grid[["base", "run", "threshold"]].iloc[:3].to_numpy().tolist() == [
        [4, 2, 0.05], [4, 2, 0.0], [4, 3, 0.05]]
    notation = {(r.base, r.run, r.threshold): r.notation for r in grid.itertuples()}
    for t in (0.05, 0.0):
        assert notation[(4, 2, t)] == "5+2"
        assert notation[(5, 2, t)] == "5+2"
        assert notation[(6, 2, t)] == "8+2"
        for b in (4, 5, 6):
            assert not isinstance(notation[(b, 3, t)], str)  # missing
    assert set(grid.loc[grid["run"] == 3, "reason"]) == {"threshold never met"}
    assert grid["base_unique"].tolist()[::4] == [6, 7, 7]


def test_order_sensitivity_is_seeded_and_matches_manual_permutations() -> None:
    plan = SaturationPlan()
    a = order_sensitivity(TEN, plan, n_permutations=40, seed=7)
    b = order_sensitivity(TEN, plan, n_permutations=40, seed=7)
    pd.testing.assert_frame_equal(a.draws, b.draws)
    rng = np.random.default_rng(7)
    expected = []
    for _ in range(40):
        res = assess_saturation([TEN[i] for i in rng.permutation(10)], plan)
        expected.append(res.saturated_at)
    assert [None if pd.isna(v) else int(v) for v in a.draws["saturated_at"]] == expected
    hits = [v for v in expected if v is not None]
    assert a.n_reached == len(hits)
    assert a.median == float(np.median(hits))
    assert a.iqr == pytest.approx(np.percentile(hits, 75) - np.percentile(hits, 25))


def test_order_sensitivity_of_identical_interviews() -> None:
    same = seq(*(["abc"] * 8))
    res = order_sensitivity(same, SaturationPlan(base=5, run=3), n_permutations=10, seed=1)
    assert (res.median, res.iqr, res.share_reached) == (5.0, 0.0, 1.0)
    assert res.to_dict()["median_notation"] == "5+3"


def test_plan_validation() -> None:
    with pytest.raises(ConfigError) as err:
        SaturationPlan(base=0)
    assert err.value.location == "saturation.base"
    with pytest.raises(ConfigError, match="threshold"):
        SaturationPlan(threshold=1.0)
    with pytest.raises(ConfigError, match="level"):
        SaturationPlan(level="theme")


def test_interview_order_by_date_then_pseudonym() -> None:
    h = build_hierarchy(SMALL_CODEBOOK)
    coded = coded_units(SMALL_UNITS, h, SMALL_PARTICIPANTS)
    order = interview_sequence(coded, SMALL_PARTICIPANTS)
    # B on 1 March, A and C on 2 March, D has no date (last) and no units
    assert [label for label, _ in order] == ["B", "A", "C", "D"]
    assert order[0][1] == frozenset({"reflect", "safe", "drive"})
    assert order[3][1] == frozenset()
    cats = interview_sequence(coded, SMALL_PARTICIPANTS, level="category", order="DCBA")
    assert [label for label, _ in cats] == ["D", "C", "B", "A"]
    assert cats[1][1] == frozenset({"Free zone", "Hope"})
    with pytest.raises(ConfigError) as err:
        interview_sequence(coded, SMALL_PARTICIPANTS, order=["A", "B", "B", "C"])
    assert "missing: ['D']" in err.value.message and "repeated: ['B']" in err.value.message


interviews = st.lists(st.frozensets(st.sampled_from("abcdefghij"), max_size=5),
                      min_size=0, max_size=14)


@settings(max_examples=100, deadline=None)
@given(interviews, st.integers(1, 6), st.integers(1, 3), st.sampled_from([0.0, 0.05, 0.2]),
       st.integers(1, 3))
def test_properties(codes: list[frozenset[str]], b: int, r: int, t: float, step: int) -> None:
    sequence = [(str(i), c) for i, c in enumerate(codes)]
    res = assess_saturation(sequence, SaturationPlan(b, r, t, step))
    n = len(sequence)
    # the table-free core used by the grid and the order check agrees
    assert saturation_point(sequence, SaturationPlan(b, r, t, step)) == (
        res.saturated_at, res.base_unique, res.new_in_run, res.reason)
    assert res.reached == (res.reason is None)
    if n < b + r:
        assert res.reason == "too few interviews"
    if res.reached:
        s = res.saturated_at
        assert s is not None and b <= s <= n - r and (s - b) % step == 0
        new = res.interviews["n_new"].tolist()
        assert sum(new[s : s + r]) / res.base_unique <= t + 1e-12
        earlier = res.runs[res.runs["s"] < s]
        assert not earlier["meets_threshold"].any()
        # a stricter threshold never saturates earlier
        if t > 0:
            strict = assess_saturation(sequence, SaturationPlan(b, r, 0.0, step))
            assert strict.saturated_at is None or strict.saturated_at >= s


def test_discovery_figure_stops_labelling_every_interview() -> None:
    from replicate.synthesis.saturation_figure import MAX_LABELLED

    def axis(n: int) -> tuple[list[str], float, int]:
        res = assess_saturation(seq(*(["ab", "c"] + ["a"] * (n - 2))), SaturationPlan())
        fig = discovery_figure(res)
        fig.draw_without_rendering()  # let the locator choose the ticks
        ax = fig.axes[0]
        labels = [t.get_text() for t in ax.get_xticklabels()]
        return labels, float(fig.get_size_inches()[0]), len(ax.patches)

    labels, width, _ = axis(MAX_LABELLED)
    assert len(labels) == MAX_LABELLED and labels[0] == "1\n1"
    assert width == pytest.approx(0.45 * MAX_LABELLED + 3.0)
    labels, width, patches = axis(500)
    assert labels and all(t.isdigit() for t in labels)  # positions only, no names
    assert width == 12.0
    assert patches < 10  # the bars are one outline, plus the shaded spans


def test_published_worked_example_37_base_7_new_is_19_percent() -> None:
    """The worked example in Guest, Namey & Chen (2020) summaries (methodology.md §1.7): a
    base of 4 interviews with 37 unique themes, a first run of 2 that adds 7, so 7/37 ≈ 19 %,
    above 5 %, and the assessment goes on to the next run."""
    codes = [f"t{i:02d}" for i in range(44)]
    interviews = [
        (str(i + 1), frozenset(block)) for i, block in enumerate(
            [codes[0:12], codes[10:22], codes[20:30], codes[28:37],  # base: t00–t36, B = 37
             codes[37:41], codes[40:44],                            # run 5–6: 7 new
             codes[0:5], codes[5:9]])                               # run 7–8: none new
    ]
    res = assess_saturation(interviews, SaturationPlan())
    assert res.base_unique == 37
    first = res.runs.iloc[0]
    assert (first["s"], first["new_in_run"]) == (4, 7)
    assert round(first["ratio"] * 100) == 19 and first["ratio"] > 0.05
    # rolling by one: run 6–7 still adds t41–t43 (3/37 ≈ 8 %), run 7–8 adds nothing
    assert res.runs["new_in_run"].tolist() == [7, 3, 0]
    assert res.runs["ratio"].tolist() == pytest.approx([7 / 37, 3 / 37, 0.0])
    assert res.notation == "6+2"


@settings(max_examples=300, deadline=None)
@given(sets=st.lists(st.frozensets(st.sampled_from("abcde")), max_size=12),
       base=st.integers(0, 14))
def test_discovery_counts_each_interviews_new_codes(sets: list[frozenset[str]],
                                                    base: int) -> None:
    from replicate.synthesis.saturation import _discovery

    sequence = [(f"P{i}", codes) for i, codes in enumerate(sets)]
    new, labels, base_unique = _discovery(sequence, base)
    assert labels == [label for label, _ in sequence]
    assert new == [len(codes - set().union(*sets[:i])) for i, codes in enumerate(sets)]
    assert base_unique == len(set().union(*sets[:base]))
