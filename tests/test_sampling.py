"""Hand-made cases with known answers for replicate.sampling."""

from __future__ import annotations

import doctest
import io
import json
import types

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import replicate.sampling as sampling
from replicate.privacy.pseudonyms import pseudonym_label as pseudonym
from replicate.sampling import (
    age_span_ratio,
    assess_eligibility,
    coverage,
    default_quotas,
    describe_mentors,
    describe_sample,
    design_sample,
    information_power,
    make_bands,
    saturation_plan,
)
from replicate.sampling import bands as bands_module
from replicate.sampling import outputs as outputs_module
from replicate.sampling import quotas as quotas_module


def cohort(
    genders: list[str],
    ages: list[int],
    mentor_of: list[int],
    mentor_genders: list[str],
    mentor_ages: list[int],
    **columns: list[object],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Students S01… (eligible unless columns say otherwise) and mentors M1…."""
    n = len(genders)
    mentors = pd.DataFrame({
        "mentor_id": [f"M{i + 1}" for i in range(len(mentor_genders))],
        "name": [f"Dr Mentorname{i + 1}" for i in range(len(mentor_genders))],
        "gender": mentor_genders,
        "age": mentor_ages,
    })
    students = pd.DataFrame({
        "student_id": [f"S{i + 1:02d}" for i in range(n)],
        "name": [f"Studentname{i + 1}" for i in range(n)],
        "email": [f"student{i + 1}@example.org" for i in range(n)],
        "course": ["C1"] * n,
        "gender": genders,
        "age": ages,
        "mentor_id": [f"M{j + 1}" for j in mentor_of],
        "meetings": [5] * n,
        "consent_to_contact": [True] * n,
        "status": ["completed"] * n,
    })
    for name, values in columns.items():
        students[name] = values
    return students, mentors


def demo(n: int = 122, n_mentors: int = 60, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A cohort shaped like the original (122 offered, about two thirds eligible)."""
    rng = np.random.default_rng(seed)
    mentors = pd.DataFrame({
        "mentor_id": [f"M{i:03d}" for i in range(n_mentors)],
        "gender": rng.choice(["female", "male"], n_mentors),
        "age": rng.integers(35, 66, n_mentors),
    })
    students = pd.DataFrame({
        "student_id": [f"S{i:03d}" for i in range(n)],
        "name": [f"Person{i:03d} Surname" for i in range(n)],
        "email": [f"p{i:03d}@uni.example" for i in range(n)],
        "course": rng.choice(["C1", "C2", "C3", "C4"], n),
        "gender": rng.choice(["female", "male"], n, p=[0.6, 0.4]),
        "age": rng.integers(23, 40, n),
        "mentor_id": rng.choice(mentors["mentor_id"].to_numpy(), n),
        "meetings": rng.integers(0, 12, n),
        "consent_to_contact": rng.random(n) < 0.9,
        "status": rng.choice(["completed", "active", "withdrawn"], n, p=[0.8, 0.1, 0.1]),
        "pilot": np.arange(n) < 2,
    })
    return students, mentors


# --------------------------------------------------------------------------- small pieces

def test_pseudonyms_run_a_to_z_then_aa() -> None:
    assert [pseudonym(i) for i in (0, 1, 11, 25, 26, 27, 51, 52)] == [
        "A", "B", "L", "Z", "AA", "AB", "AZ", "BA"]


def test_sentence_in_the_papers_style() -> None:
    genders = ["male"] * 5 + ["female"] * 7
    ages = np.array([25, 26, 27, 29, 30, 31, 33, 38, 28, 27, 26, 25])
    assert describe_sample(genders, ages) == "12 participants (5 men and 7 women, aged 25–38)"
    assert describe_sample(["female"], np.array([27])) == "1 participant (1 woman, aged 27)"
    assert (describe_sample(["male", "other", "female"], np.array([30, 31, 32]))
            == "3 participants (1 man, 1 woman and 1 person of another gender, aged 30–32)")
    assert describe_mentors(["female", "female"], np.array([44, 58])) == (
        "Their 2 mentors: 2 female, aged 44–58.")


def test_default_quotas_match_methodology_table_and_scale() -> None:
    assert default_quotas(12) == {"student_gender": 4, "student_age_band": 2,
                                  "mentor_gender": 3, "mentor_age_band": 2, "gender_dyad": 1}
    # 4*50/12 = 16.7 -> 17, 2*50/12 = 8.3 -> 8, 3*50/12 = 12.5 -> 13 (half up), 1*50/12 -> 4
    assert default_quotas(50) == {"student_gender": 17, "student_age_band": 8,
                                  "mentor_gender": 13, "mentor_age_band": 8, "gender_dyad": 4}
    assert default_quotas(3) == {"student_gender": 1, "student_age_band": 1,
                                 "mentor_gender": 1, "mentor_age_band": 1, "gender_dyad": 1}


def test_tertile_bands_of_the_pool() -> None:
    bands = make_bands(np.arange(20, 41), dimension="student_age_band", target_n=12)
    # quantiles 26.67 and 33.33: 20–26 (7), 27–33 (7), 34–40 (7)
    assert bands.method == "tertiles"
    assert bands.labels == ("20–26", "27–33", "34–40")
    assert bands.assign(np.array([20, 26, 27, 33, 34, 40])).tolist() == [0, 0, 1, 1, 2, 2]


def test_tertiles_survive_ties_when_every_tertile_is_big_enough() -> None:
    # q(1/3) = 25.67 and q(2/3) = 26.33 give cuts 26 and 27: three bands of 3 >= ceil(12/6)
    values = np.array([25, 25, 25, 26, 26, 26, 27, 27, 40])
    bands = make_bands(values, dimension="student_age_band", target_n=12)
    assert (bands.method, bands.labels) == ("tertiles", ("25", "26", "27–40"))


def test_median_split_when_a_tertile_is_too_small() -> None:
    # q(1/3) = q(2/3) = 25: the tertiles collapse; the median split puts 25 (5 people)
    # below and 30, 31 above (the other candidate, "< 25", would leave the lower half empty)
    small = make_bands(np.array([25, 25, 25, 25, 25, 30, 31]), dimension="student_age_band",
                       target_n=12)
    assert small.method == "median split"
    assert small.labels == ("25", "26–31")
    assert small.assign(np.array([25, 30])).tolist() == [0, 1]
    # a tertile of 1 when 2 are needed (target 12) also falls back to the median
    few = make_bands(np.array([20, 21, 22, 23, 24]), dimension="student_age_band", target_n=12)
    assert few.method == "median split" and few.labels == ("20–22", "23–24")


def test_single_band_when_every_value_is_equal() -> None:
    bands = make_bands(np.array([30, 30, 30]), dimension="mentor_age_band", target_n=3)
    assert (bands.method, bands.labels, bands.cuts) == ("single band", ("30",), ())


def test_configured_cut_points_start_a_band() -> None:
    bands = make_bands(np.array([25, 33, 45]), dimension="student_age_band", target_n=12,
                       cutpoints=[30, 40])
    assert bands.method == "cut-points"
    assert bands.labels == ("25–29", "30–39", "40–45")
    empty_first = make_bands(np.array([35, 45]), dimension="student_age_band", target_n=2,
                             cutpoints=[30, 40])
    assert empty_first.labels == ("<30", "30–39", "40–45")


def test_coverage_and_age_span() -> None:
    assert coverage(pd.DataFrame({"met_quota": [True, False, True, True]})) == 0.75
    assert coverage(pd.DataFrame({"met_quota": []})) is None
    assert age_span_ratio(np.array([20, 40]), np.array([25, 35])) == 0.5
    assert age_span_ratio(np.array([30, 30]), np.array([30])) is None


# --------------------------------------------------------------------------- eligibility

def test_every_reason_counted_and_first_reason_flow() -> None:
    students, _ = cohort(["female"] * 6, [25] * 6, [0] * 6, ["male"], [50],
                         meetings=[5, 2, 2, 5, 5, 3],
                         consent_to_contact=[True, True, False, False, True, True],
                         status=["completed", "completed", "withdrawn", "completed",
                                 "completed", "completed"],
                         pilot=[False, False, False, False, True, False])
    elig = assess_eligibility(students)
    counts = {r: (a, f) for r, _, a, f in elig.counts()}
    # S02: meetings; S03: meetings + consent + withdrawn; S04: consent; S05: pilot
    assert counts["few_meetings"] == (2, 2)
    assert counts["no_consent"] == (2, 1)
    assert counts["withdrawn"] == (1, 0)
    assert counts["pilot"] == (1, 1)
    assert elig.n_eligible == 2
    assert elig.flags.loc[elig.flags["eligible"], "student_id"].tolist() == ["S01", "S06"]
    assert sum(f for _, _, _, f in elig.counts()) == elig.n_offered - elig.n_eligible
    assert elig.exclusions["label"][0] == "fewer than 3 mentor meetings"


def test_interview_window_and_missing_end_dates() -> None:
    ends = pd.to_datetime(["2024-09-01", "2025-01-15", "2023-06-01", None, "2025-10-01"])
    students, _ = cohort(["male"] * 5, [30] * 5, [0] * 5, ["female"], [45], programme_end=ends)
    elig = assess_eligibility(students, interview_date="2025-09-01")
    # 2024-09-01 + 365 = 2025-09-01 (inside, boundary); 2023 too old; 2025-10-01 after the date
    assert elig.flags["eligible"].tolist() == [True, True, False, False, False]
    assert elig.flags["first_reason"].tolist() == ["", "", "outside_window", "end_date_missing",
                                                   "outside_window"]
    window = assess_eligibility(students, interview_window=("2025-09-01", "2025-10-31"))
    assert window.flags["eligible"].tolist() == [True, True, False, False, True]
    assert window.window == ("2025-09-01", "2025-10-31")
    # no date configured: the window rule is not applied, and its rows are not listed
    plain = assess_eligibility(students, exclude_pilot=False)
    assert plain.n_eligible == 5
    assert plain.exclusions["reason"].tolist() == ["few_meetings", "no_consent", "withdrawn"]
    assert elig.exclusions["reason"].tolist()[-2:] == ["end_date_missing", "outside_window"]
    assert "pilot" in assess_eligibility(students, exclude_pilot=True).exclusions["reason"].tolist()


def test_flow_counts_declines_and_participants() -> None:
    students, mentors = demo()
    first = design_sample(students, mentors, seed=3)
    out = first.key.loc[first.key["role"] == "participant", "student_id"].tolist()[:2]
    participants = pd.DataFrame({"pseudonym": ["A"], "student_id": [
        first.key["student_id"][2]], "transcript": ["A.txt"]})
    design = design_sample(students, mentors, seed=3, declined=out, invitations="as_designed",
                           participants=participants)
    flow = dict(zip(design.flow["step"], design.flow["n"], strict=True))
    assert flow["offered"] == 122
    assert flow["eligible"] == first.summary["n_eligible"]
    assert flow["invited"] == 14 and flow["declined"] == 2 and flow["selected"] == 12
    # the one student interviewed is in the design; the other 11 of the design were not
    assert flow["interviewed"] == 1 and flow["not_interviewed"] == 11
    steps = design.flow["step"].tolist()
    assert steps[steps.index("eligible"):] == ["eligible", "selected", "reserve", "invited",
                                               "declined", "interviewed", "not_interviewed"]
    excluded = design.flow.loc[design.flow["branch"] == "excluded", "n"].sum()
    assert excluded == flow["offered"] - flow["eligible"]


# --------------------------------------------------------------------------- selection

def test_known_answer_max_min_distance() -> None:
    # one age dimension, bands <30 (20, 22, 25) and >=30 (33, 40), no minimums.
    # first pick: the rarer band (33 or 40, by the seeded key); then the farthest (20);
    # then 33 or 40, whichever is missing (distance 7/20 beats 5/20 for age 25).
    students, mentors = cohort(["female"] * 5, [20, 22, 25, 33, 40], [0] * 5, ["male"], [50])
    for seed in range(6):
        design = design_sample(students, mentors, seed=seed, target_n=3,
                               dimensions=["student_age_band"],
                               cutpoints={"student_age_band": [30]},
                               quotas={"student_age_band": 0})
        assert sorted(design.sample["student_age"]) == [20, 33, 40]
        assert design.sample["student_age"][1] == 20


def test_quotas_force_the_rare_dyads_in() -> None:
    # 10 female-female, 10 female-male, one male-female (S21), one male-male (S22)
    genders = ["female"] * 20 + ["male"] * 2
    mentor_of = [0] * 10 + [1] * 10 + [0, 1]
    students, mentors = cohort(genders, [25] * 22, mentor_of, ["female", "male"], [40, 60])
    design = design_sample(students, mentors, seed=0, target_n=4,
                           dimensions=["student_gender", "mentor_gender"],
                           quotas={"student_gender": 1, "mentor_gender": 1, "gender_dyad": 1})
    chosen = set(design.key.loc[design.key["role"] == "participant", "student_id"])
    assert {"S21", "S22"} <= chosen
    assert design.dyads["sample_n"].tolist() == [1, 1, 1, 1]
    assert design.summary["all_quotas_met"] and design.relaxations.empty


def test_infeasible_minimums_are_relaxed_by_the_least_amount() -> None:
    # two bands each needing 2 in a sample of 3: one minimum must drop to 1
    students, mentors = cohort(["female"] * 5, [20, 22, 25, 33, 40], [0] * 5, ["male"], [50])
    design = design_sample(students, mentors, seed=0, target_n=3,
                           dimensions=["student_age_band"],
                           cutpoints={"student_age_band": [30]},
                           quotas={"student_age_band": 2})
    assert len(design.relaxations) == 1
    row = design.relaxations.iloc[0]
    assert (row["quota"], row["relaxed_to"]) == (2, 1)
    assert "cannot be met together" in row["reason"]
    assert design.quotas["met"].all() and not design.summary["all_quotas_met"]
    assert design.summary["coverage"] == 0.5


def test_availability_relaxation_names_the_count() -> None:
    # no male students at all: the male minimum (4) drops to 0, "only 0 eligible"
    students, mentors = demo()
    students["gender"] = "female"
    design = design_sample(students, mentors, seed=1)
    rows = design.relaxations.set_index(["dimension", "level"])
    assert rows.loc[("student_gender", "male"), "reason"] == "only 0 eligible"
    assert rows.loc[("student_gender", "male"), "relaxed_to"] == 0
    assert design.summary["sentence"].startswith("12 students (12 women, aged")


def test_demo_cohort_twelve_with_every_dyad() -> None:
    students, mentors = demo()
    design = design_sample(students, mentors, seed=7)
    s = design.summary
    assert s["n_selected"] == 12 and len(design.sample) == 12
    assert set(design.sample["student_gender"]) == {"female", "male"}
    assert set(design.sample["mentor_gender"]) == {"female", "male"}
    assert (design.dyads["sample_n"] >= 1).all()
    assert s["all_quotas_met"] and s["coverage"] == 1.0
    assert sum(s["exclusions_first"].values()) == s["n_offered"] - s["n_eligible"]
    assert design.sample["pseudonym"].tolist() == list("ABCDEFGHIJKL")
    assert len(design.reserve) == 12
    assert design.saturation.to_dict()["min_n"] == 6
    lo, hi = s["age_range"]["students"]
    n_men = int((design.sample["student_gender"] == "male").sum())
    assert s["sentence"] == (f"12 students ({n_men} men and {12 - n_men} women, "
                             f"aged {lo}–{hi})")


def test_row_order_does_not_change_the_sample() -> None:
    students, mentors = demo()
    a = design_sample(students, mentors, seed=5)
    b = design_sample(students.sample(frac=1, random_state=2), mentors.iloc[::-1], seed=5)
    pd.testing.assert_frame_equal(a.key, b.key)
    pd.testing.assert_frame_equal(a.sample, b.sample)


def test_declines_take_the_best_reserve_and_keep_the_rest() -> None:
    # one male student (S01, the only man) and nine women; the man is required (quota 1)
    genders = ["male"] + ["female"] * 9
    ages = [30, 22, 24, 26, 28, 30, 32, 34, 36, 38]
    students, mentors = cohort([*genders, "male"], [*ages, 31], [0] * 11, ["female"], [50])
    kw = {"seed": 0, "target_n": 4, "dimensions": ["student_gender"],
          "quotas": {"student_gender": 1}, "reserve_n": 10}
    first = design_sample(students, mentors, **kw)
    key = first.key.set_index("student_id")
    men = [s for s in ("S01", "S11") if key.loc[s, "role"] == "participant"]
    assert len(men) == 1  # exactly one man, the other is on the reserve list
    design = design_sample(students, mentors, declined=men, invitations="as_designed", **kw)
    after = design.key.set_index("student_id")
    other_man = ({"S01", "S11"} - set(men)).pop()
    # the replacement is the other man, even if he is not first on the reserve list
    assert after.loc[other_man, "role"] == "participant"
    assert after.loc[other_man, "label"] == key.loc[men[0], "label"]
    kept = [s for s in first.key["student_id"][first.key["role"] == "participant"]
            if s not in men]
    assert all(after.loc[s, "label"] == key.loc[s, "label"] for s in kept)
    assert design.sample["replacement"].sum() == 1
    assert after.loc[men[0], "role"] == "declined"


def test_participants_keep_their_pseudonyms() -> None:
    students, mentors = demo()
    first = design_sample(students, mentors, seed=2)
    third = first.key["student_id"][2]
    participants = pd.DataFrame({"pseudonym": ["A"], "student_id": [third],
                                 "transcript": ["A.txt"]})
    design = design_sample(students, mentors, seed=2, participants=participants)
    labels = design.key.set_index("student_id")["label"]
    assert labels[third] == "A"
    assert design.sample["pseudonym"].tolist()[:4] == ["B", "C", "A", "D"]


# --------------------------------------------------------------------------- outputs

def test_report_tables_and_summary_carry_no_identifiers() -> None:
    students, mentors = demo()
    design = design_sample(students, mentors, seed=4, declined=[])
    secrets = set(students["student_id"]) | set(students["name"]) | set(students["email"])
    secrets |= set(mentors["mentor_id"])
    for name, table in design.report_tables().items():
        assert not {"student_id", "name", "email", "mentor_id"} & set(table.columns), name
        cells = set(table.astype(str).to_numpy().ravel())
        assert not cells & secrets, name
    dumped = json.dumps(design.summary, sort_keys=True)
    assert not any(s in dumped for s in secrets if len(s) >= 4)
    assert set(design.key.columns) == {"student_id", "label", "role", "rank"}
    key = design.pseudonym_key()
    assert list(key.values()) == list("ABCDEFGHIJKL")
    assert set(key) <= set(students["student_id"])


def test_balance_table_sums_to_pool_and_sample() -> None:
    students, mentors = demo()
    design = design_sample(students, mentors, seed=4)
    for _, rows in design.balance.groupby("dimension"):
        assert rows["pool_n"].sum() == design.summary["n_eligible"]
        assert rows["sample_n"].sum() == 12


def test_information_power_profile_defaults_and_override() -> None:
    table = information_power()
    assert table["key"].tolist() == ["aim", "specificity", "theory", "dialogue", "analysis"]
    assert table["rating"].tolist() == [-1, -1, 1, 0, 1]
    custom = information_power({"dialogue": {"rating": -1, "justification": "Rich pilots."},
                                "aim": 0})
    row = custom.set_index("key")
    assert row.loc["dialogue", "rating"] == -1
    assert row.loc["dialogue", "justification"] == "Rich pilots."
    assert row.loc["aim", "leaning"] == "neither" and row.loc["aim", "source"] == "config"
    assert "score" not in " ".join(custom.columns)


def test_saturation_plan_defaults_and_grid() -> None:
    plan = saturation_plan()
    assert (plan.base, plan.run, plan.threshold, plan.min_n, plan.max_n) == (4, 2, 0.05, 6, 17)
    grid = plan.grid()
    assert len(grid) == 12 and grid["chosen"].sum() == 1
    assert grid.loc[grid["chosen"], ["base", "run", "threshold"]].values.tolist() == [
        [4, 2, 0.05]]
    assert saturation_plan(planned_n=50).max_n == 50
    assert not saturation_plan(planned_n=4).assessable


def test_figures_are_figures_and_render_identically() -> None:
    students, mentors = demo()
    design = design_sample(students, mentors, seed=4, declined=[])
    figs = [design.sample_figure(), design.flow_figure(), design.information_power_figure()]
    assert all(isinstance(f, Figure) for f in figs)
    assert [len(f.axes) for f in figs] == [2, 1, 1]
    pngs = []
    for fig in (figs[0], design.sample_figure()):
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=40)
        pngs.append(buf.getvalue())
    assert pngs[0] == pngs[1]


def test_public_names_are_sorted_and_present() -> None:
    assert all(hasattr(sampling, name) for name in sampling.__all__)
    assert "design_sample" in sampling.__all__


@pytest.mark.parametrize("target", [1, 26, 30])
def test_pseudonyms_cover_large_samples(target: int) -> None:
    students, mentors = demo(n=200, seed=9)
    students["meetings"] = 5
    students["consent_to_contact"] = True
    students["status"] = "completed"
    students["pilot"] = False
    design = design_sample(students, mentors, seed=1, target_n=target)
    assert design.sample["pseudonym"].tolist() == [pseudonym(i) for i in range(target)]
    assert design.quotas["met"].all()


@pytest.mark.parametrize("module", [bands_module, outputs_module, quotas_module])
def test_docstring_examples(module: types.ModuleType) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_every_dimension_at_once() -> None:
    students, mentors = demo()
    mentors["specialty"] = ["Surgery", "Medicine", "Psychiatry"] * 20
    dims = list(sampling.DIMENSIONS)
    design = design_sample(students, mentors, seed=3, dimensions=dims,
                           quotas={"course": 1, "mentor_specialty": {"Psychiatry": 2}})
    assert list(design.sample.columns) == [
        "pseudonym", "slot", "replacement", "student_gender", "student_age", "mentor_gender",
        "mentor_age", "meetings", "student_age_band", "mentor_age_band", "n_meetings_band",
        "course", "mentor_specialty"]
    assert set(design.balance["dimension"]) == set(dims)
    quotas = design.quotas.set_index(["dimension", "level"])
    assert quotas.loc[("mentor_specialty", "Psychiatry"), "achieved"] >= 2
    assert set(quotas.loc["course"].index) == {"C1", "C2", "C3", "C4"}
    assert design.quotas["met"].all()
    assert set(design.bands["dimension"]) == {"student_age_band", "mentor_age_band",
                                              "n_meetings_band"}


def test_large_sample_figure_outlines_ages_instead_of_labels() -> None:
    from replicate.sampling._figures import MAX_LABELLED, PlotData, sample_figure

    def data(n: int) -> PlotData:
        genders = np.array(["female", "male"] * n)
        ages = np.array([25.0, 30.0] * n)
        return PlotData(
            pool_gender=genders, pool_age=ages, sample_gender=genders[:n],
            sample_age=ages[:n], labels=tuple(pseudonym(i) for i in range(n)),
            mentor_pool_gender=genders, mentor_pool_age=ages + 20,
            sample_mentor_gender=genders[:n], sample_mentor_age=ages[:n] + 20,
            student_cuts=(28.0,), mentor_cuts=(48.0,))

    small = sample_figure(data(MAX_LABELLED))
    assert [len(ax.texts) for ax in small.axes] == [MAX_LABELLED, MAX_LABELLED]
    large = sample_figure(data(MAX_LABELLED + 2))  # 31 women of 25, 31 men of 30 sampled
    students = large.axes[0]
    assert len(students.texts) == 0 and len(large.axes[1].texts) == 0
    outlines = [p for p in students.patches if not p.get_fill()]
    # pool: 62 per gender and age; the sample's bars on the same scale (0.7 = tallest)
    assert sorted((p.get_x() + p.get_width() / 2, round(p.get_height(), 6)) for p in outlines) \
        == [(25.0, round(31 / 62 * 0.7, 6)), (30.0, round(31 / 62 * 0.7, 6))]
    assert "sample (ages)" in [t.get_text() for t in large.legends[0].get_texts()]
