"""Property tests (hypothesis) for the maximum-variation selection on random small pools.

Feasibility is checked independently of the library by brute force: every subset of
``target_n`` students of a pool of at most 10 is enumerated, its counts per minimum are
computed from the raw genders and ages (fixed cut-points, so the bands need no library
code), and the least total shortfall over all subsets is compared with the design.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replicate.sampling import design_sample

CUTS = {"student_age_band": [28, 35], "mentor_age_band": [45, 55]}
FEASIBILITY = settings(max_examples=30, deadline=None,
                       suppress_health_check=[HealthCheck.too_slow])
SETTINGS = settings(max_examples=12, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def pools(draw: st.DrawFn, max_students: int = 10) -> dict[str, object]:
    n_mentors = draw(st.integers(1, 4))
    n = draw(st.integers(2, max_students))
    gender = st.sampled_from(["female", "male", "female", "male", "other"])
    mentors = pd.DataFrame({
        "mentor_id": [f"M{i}" for i in range(n_mentors)],
        "gender": draw(st.lists(gender, min_size=n_mentors, max_size=n_mentors)),
        "age": draw(st.lists(st.integers(30, 65), min_size=n_mentors, max_size=n_mentors)),
    })
    students = pd.DataFrame({
        "student_id": [f"S{i:02d}" for i in range(n)],
        "course": ["C1"] * n,
        "gender": draw(st.lists(gender, min_size=n, max_size=n)),
        "age": draw(st.lists(st.integers(21, 42), min_size=n, max_size=n)),
        "mentor_id": [f"M{j}" for j in draw(st.lists(st.integers(0, n_mentors - 1),
                                                     min_size=n, max_size=n))],
        "meetings": [5] * n,
        "consent_to_contact": [True] * n,
        "status": ["completed"] * n,
    })
    target = draw(st.integers(1, min(n, 5)))
    quotas = draw(st.one_of(
        st.none(),
        st.fixed_dictionaries({
            "student_gender": st.integers(0, 3),
            "student_age_band": st.integers(0, 2),
            "mentor_gender": st.integers(0, 3),
            "mentor_age_band": st.integers(0, 2),
            "gender_dyad": st.integers(0, 1),
        }),
    ))
    return {"students": students, "mentors": mentors, "target": target, "quotas": quotas}


def _raw_membership(design_quotas: pd.DataFrame, pool: pd.DataFrame) -> np.ndarray:
    """Membership of each student in each minimum, computed from the raw columns."""
    sband = np.searchsorted(CUTS["student_age_band"], pool["age"], side="right")
    mband = np.searchsorted(CUTS["mentor_age_band"], pool["mentor_age"], side="right")
    cols = []
    for dim, level in zip(design_quotas["dimension"], design_quotas["level"], strict=True):
        if dim == "student_gender":
            cols.append(pool["gender"].to_numpy() == level)
        elif dim == "mentor_gender":
            cols.append(pool["mentor_gender"].to_numpy() == level)
        elif dim == "gender_dyad":
            s, m = level.split("-")
            cols.append((pool["gender"].to_numpy() == s) & (pool["mentor_gender"].to_numpy() == m))
        else:
            band = sband if dim == "student_age_band" else mband
            edges = CUTS[dim]
            index = {_band_label(i, edges, pool, dim): i for i in range(len(edges) + 1)}
            cols.append(band == index[level])
    return np.column_stack(cols) if cols else np.zeros((len(pool), 0), dtype=bool)


def _band_label(i: int, edges: list[int], pool: pd.DataFrame, dim: str) -> str:
    """The label the library gives band i (integer ages): "lo–hi", "<c" or "≥c"."""
    values = pool["age" if dim == "student_age_band" else "mentor_age"]
    lo = int(values.min()) if i == 0 else edges[i - 1]
    hi = int(values.max()) if i == len(edges) else edges[i] - 1
    if lo > hi:
        return f"<{edges[0]}" if i == 0 else f"≥{lo}"
    return str(lo) if lo == hi else f"{lo}–{hi}"


def _least_shortfall(members: np.ndarray, quotas: np.ndarray, target: int) -> int:
    best = None
    for combo in itertools.combinations(range(members.shape[0]), target):
        counts = members[list(combo)].sum(axis=0)
        short = int(np.maximum(quotas - counts, 0).sum())
        best = short if best is None else min(best, short)
        if best == 0:
            break
    return int(best or 0)


def _design(case: dict[str, object], **kw: object) -> object:
    return design_sample(case["students"], case["mentors"], target_n=case["target"],
                         quotas=case["quotas"], cutpoints=CUTS, **kw)


def _participants(design: object) -> list[str]:
    key = design.key  # type: ignore[attr-defined]
    return key.loc[key["role"] == "participant", "student_id"].tolist()


@FEASIBILITY
@given(pools(), st.integers(0, 2**31 - 1))
def test_quotas_met_whenever_feasible(case: dict[str, object], seed: int) -> None:
    design = _design(case, seed=seed)
    chosen = _participants(design)
    assert len(chosen) == case["target"] == len(set(chosen))
    students = case["students"]
    mentors = case["mentors"].set_index("mentor_id")
    pool = students.assign(mentor_gender=mentors.loc[students["mentor_id"], "gender"].to_numpy(),
                           mentor_age=mentors.loc[students["mentor_id"], "age"].to_numpy())
    quotas = design.quotas
    members = _raw_membership(quotas, pool)
    q = quotas["quota"].to_numpy()
    # the library's achieved counts agree with the raw data
    picked = pool["student_id"].isin(chosen).to_numpy()
    assert (members[picked].sum(axis=0) == quotas["achieved"].to_numpy()).all()
    # the relaxed minimums are always met, and relaxed by exactly the least possible amount
    assert quotas["met"].all()
    least = _least_shortfall(members, q, case["target"])
    assert int((q - quotas["required"].to_numpy()).sum()) == least
    if least == 0:  # feasible: nothing relaxed, every configured minimum met
        assert design.relaxations.empty
        assert quotas["met_quota"].all()


@SETTINGS
@given(pools(), st.integers(0, 2**31 - 1))
def test_same_seed_same_sample_and_row_order_irrelevant(case: dict[str, object],
                                                       seed: int) -> None:
    a = _design(case, seed=seed)
    shuffled = dict(case, students=case["students"].iloc[::-1].reset_index(drop=True))
    b = _design(shuffled, seed=seed)
    pd.testing.assert_frame_equal(a.key, b.key)
    pd.testing.assert_frame_equal(a.sample, b.sample)
    assert a.summary == b.summary


@SETTINGS
@given(pools(), st.integers(0, 1000), st.integers(1001, 2000))
def test_different_seed_gives_a_valid_sample(case: dict[str, object], s1: int, s2: int) -> None:
    a, b = _design(case, seed=s1), _design(case, seed=s2)
    for d in (a, b):
        assert d.quotas["met"].all()
        assert len(set(_participants(d))) == case["target"]
    # the minimums relaxed do not depend on the seed
    pd.testing.assert_series_equal(a.quotas["required"], b.quotas["required"])


def test_different_seeds_usually_differ() -> None:
    # 40 identical-looking candidates: only the seeded tie-break separates them
    n = 40
    students = pd.DataFrame({
        "student_id": [f"S{i:02d}" for i in range(n)], "course": ["C1"] * n,
        "gender": ["female", "male"] * (n // 2), "age": [30] * n,
        "mentor_id": ["M0", "M1"] * (n // 2), "meetings": [5] * n,
        "consent_to_contact": [True] * n, "status": ["completed"] * n,
    })
    mentors = pd.DataFrame({"mentor_id": ["M0", "M1"], "gender": ["male", "female"],
                            "age": [50, 50]})
    samples = {tuple(_participants(design_sample(students, mentors, seed=s, target_n=4,
                                                 dimensions=["student_gender"])))
               for s in range(8)}
    assert len(samples) >= 4


@SETTINGS
@given(pools(max_students=10), st.integers(0, 2**31 - 1), st.data())
def test_declines_are_repaired_without_touching_others(case: dict[str, object], seed: int,
                                                       data: st.DataObject) -> None:
    n = len(case["students"])
    target = min(case["target"], n - 1)
    case = dict(case, target=target)
    first = _design(case, seed=seed)
    before = _participants(first)
    reserve = first.key.loc[first.key["role"] == "reserve", "student_id"].tolist()
    k = data.draw(st.integers(1, min(len(reserve), target)))
    out = data.draw(st.lists(st.sampled_from(before), min_size=k, max_size=k, unique=True))
    after_design = _design(case, seed=seed, declined=out, invitations="as_designed")
    after = _participants(after_design)
    labels_before = first.key.set_index("student_id")["label"]
    labels_after = after_design.key.set_index("student_id")["label"]
    assert len(after) == target
    for slot, (old, new) in enumerate(zip(before, after, strict=True)):
        if old in out:
            assert new not in out and new in reserve and new not in before
            assert after_design.sample["replacement"][slot]
        else:
            assert new == old and labels_after[new] == labels_before[old]
            assert not after_design.sample["replacement"][slot]
    assert after_design.summary["n_declined"] == k
    assert after_design.summary["n_invited"] == target + k
