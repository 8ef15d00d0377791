"""Property tests: the engine equals scikit-learn, statsmodels and krippendorff to 1e-9.

These reference packages are test-only dependencies (krippendorff is GPL and slow, which is
why the engine is our own). Random tables include missing ratings and unused categories.
"""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import cohens_kappa as sm_cohens_kappa
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from replicate.reliability import (
    agreement_statistics,
    bootstrap_agreement,
    cohen_kappa,
    coincidence_matrix,
    conger_kappa,
    contingency_coefficients,
    contingency_table,
    fleiss_kappa,
    krippendorff_alpha,
    ratings_table,
    scott_pi,
)

TOL = 1e-9
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def tables(draw: st.DrawFn, *, coders: tuple[int, int] = (2, 5), missing: bool = True,
           q_max: int = 6) -> pd.DataFrame:
    """A units x coders table of integer codes 0..q-1, NaN = missing."""
    n_coders = draw(st.integers(*coders))
    n_units = draw(st.integers(2, 40))
    q = draw(st.integers(2, q_max))
    cells = draw(st.lists(st.integers(0, q - 1), min_size=n_units * n_coders,
                          max_size=n_units * n_coders))
    data = np.array(cells, dtype=np.float64).reshape(n_units, n_coders)
    if missing:
        mask = np.array(draw(st.lists(st.booleans(), min_size=data.size, max_size=data.size)))
        data[mask.reshape(data.shape) & (draw(st.integers(0, 3)) > 0)] = np.nan
        empty = np.isnan(data).all(axis=1)
        data[empty, 0] = 0.0
    assume(((~np.isnan(data)).sum(axis=1) >= 2).any())
    return pd.DataFrame(data, columns=[f"c{i}" for i in range(n_coders)])


def _close(ours: float | None, theirs: float) -> bool:
    if ours is None:
        return not math.isfinite(theirs)
    return abs(ours - theirs) <= TOL


@SETTINGS
@given(frame=tables(coders=(2, 2), missing=False), weights=st.sampled_from(
    ["none", "linear", "quadratic"]))
def test_cohen_kappa_equals_sklearn(frame: pd.DataFrame, weights: str) -> None:
    a, b = frame["c0"].astype(int), frame["c1"].astype(int)
    labels = sorted(set(a) | set(b))
    assume(len(labels) >= 2)
    expected = cohen_kappa_score(a, b, labels=labels, weights=None if weights == "none"
                                 else weights)
    assert _close(cohen_kappa(frame, weights=weights).value, expected)  # type: ignore[arg-type]


@SETTINGS
@given(frame=tables(coders=(2, 2), missing=True), weights=st.sampled_from(
    ["none", "linear", "quadratic"]))
def test_cohen_kappa_se_equals_statsmodels_on_units_both_rated(
    frame: pd.DataFrame, weights: str
) -> None:
    """SAS/Fleiss-Cohen-Everitt ASE; statsmodels implements the same (SAS manual)."""
    table = ratings_table(frame)
    counts = contingency_table(table).to_numpy()
    assume(counts.sum() >= 2)
    ours = cohen_kappa(table, weights=weights)  # type: ignore[arg-type]
    assume(ours.value is not None)
    wt = None if weights == "none" else weights
    with np.errstate(all="ignore"):  # statsmodels divides by zero on degenerate tables
        ref = sm_cohens_kappa(counts, wt=wt)
    assert _close(ours.value, float(ref.kappa))
    # Compare variances: a square root turns rounding noise near 0 into ~1e-8.
    if float(ref.var_kappa) >= 0:
        assert ours.se is not None and abs(ours.se**2 - float(ref.var_kappa)) <= TOL
    if float(ref.var_kappa0) > 1e-9:
        assert ours.z0 is not None and abs(ours.z0 - float(ref.z_value)) <= 1e-7


@SETTINGS
@given(frame=tables(missing=False))
def test_fleiss_kappa_equals_statsmodels(frame: pd.DataFrame) -> None:
    counts, _ = aggregate_raters(frame.to_numpy(dtype=int))
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = float(sm_fleiss_kappa(counts, method="fleiss"))
    assert _close(fleiss_kappa(frame).value, expected)


@SETTINGS
@given(frame=tables(), level=st.sampled_from(["nominal", "ordinal", "interval", "ratio"]))
def test_krippendorff_alpha_equals_krippendorff_package(frame: pd.DataFrame, level: str) -> None:
    table = ratings_table(frame, level=level)  # type: ignore[arg-type]
    data = frame.to_numpy(dtype=np.float64).T
    domain = np.array(table.categories, dtype=np.float64)
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    assume(len(np.unique(data[:, pairable][~np.isnan(data[:, pairable])])) >= 2)
    expected = krippendorff.alpha(reliability_data=data,
                                  level_of_measurement=level,  # type: ignore[arg-type]
                                  value_domain=domain)
    assert _close(krippendorff_alpha(table, level=level).value, float(expected))  # type: ignore[arg-type]


@SETTINGS
@given(frame=tables(coders=(2, 2), missing=False))
def test_two_coder_identities(frame: pd.DataFrame) -> None:
    """Complete two-coder data: Conger = Cohen, Fleiss = Scott, and the contingency-table
    route gives the unit route's values."""
    stats = agreement_statistics(frame)
    assume(stats.value("cohen_kappa") is not None and stats.value("scott_pi") is not None)
    assert _close(conger_kappa(frame).value, stats.value("cohen_kappa") or 0.0)
    assert _close(stats.value("fleiss_kappa"), stats.value("scott_pi") or 0.0)
    from_table = contingency_coefficients(contingency_table(frame))
    for name in ("percent_agreement", "cohen_kappa", "scott_pi", "gwet_ac1",
                 "brennan_prediger", "krippendorff_alpha"):
        ours = stats.value(name)
        assert ours is not None and _close(from_table[name].value, ours), name


@SETTINGS
@given(frame=tables(), data=st.data())
def test_invariant_to_unit_and_coder_order(frame: pd.DataFrame, data: st.DataObject) -> None:
    rows = data.draw(st.permutations(range(len(frame))))
    cols = data.draw(st.permutations(list(frame.columns)))
    shuffled = frame.iloc[list(rows)][list(cols)]
    first, second = agreement_statistics(frame), agreement_statistics(shuffled)
    for name in ("percent_agreement", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1",
                 "brennan_prediger", "conger_kappa"):
        a, b = first.value(name), second.value(name)
        assert (a is None and b is None) or (a is not None and b is not None
                                             and abs(a - b) <= TOL), name


@SETTINGS
@given(frame=tables())
def test_coincidence_matrix_counts_pairable_values(frame: pd.DataFrame) -> None:
    o = coincidence_matrix(frame).to_numpy()
    m = (~frame.isna()).sum(axis=1).to_numpy()
    assert np.allclose(o, o.T)
    assert o.sum() == pytest.approx(float(m[m >= 2].sum()), abs=1e-9)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=tables(coders=(2, 2)), level=st.sampled_from(["nominal", "ordinal", "interval"]))
def test_bootstrap_estimate_equals_point_estimate(frame: pd.DataFrame, level: str) -> None:
    """The bootstrap's per-unit contributions reproduce every point estimate at w = 1."""
    table = ratings_table(frame, level=level)  # type: ignore[arg-type]
    stats = agreement_statistics(table, level=level)  # type: ignore[arg-type]
    boot = bootstrap_agreement(table, n_boot=3, seed=0, level=level)  # type: ignore[arg-type]
    for row in boot.itertuples():
        ours = stats.value(str(row.statistic))
        if ours is None:
            assert not math.isfinite(float(row.estimate))  # type: ignore[arg-type]
        else:
            assert abs(float(row.estimate) - ours) <= TOL, row.statistic  # type: ignore[arg-type]


def test_scott_pi_two_coders_equals_definition() -> None:
    """Hand-computed: margins (a: 3/4, b: 1/4) and (a: 1/2, b: 1/2); pooled pi_a = 5/8."""
    frame = pd.DataFrame({"A": ["a", "a", "a", "b"], "B": ["a", "b", "a", "b"]})
    pa, pe = 3 / 4, (5 / 8) ** 2 + (3 / 8) ** 2
    assert scott_pi(frame).value == pytest.approx((pa - pe) / (1 - pe), abs=1e-12)


@pytest.mark.parametrize("coders", [2, 3])
def test_bootstrap_drawn_per_rating_pattern_matches_unit_draws(
        coders: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past 20,000 units the resamples are multinomial totals per distinct rating row: the
    same bootstrap distribution as drawing units, so the same intervals to within the
    Monte-Carlo error, and the same point estimates exactly."""
    import replicate.reliability._bootstrap as boot

    rng = np.random.default_rng(3)
    n = 30_000
    truth = rng.integers(0, 6, n)
    cols = {}
    for k in range(coders):
        code = np.where(rng.random(n) < 0.8, truth, rng.integers(0, 6, n)).astype(object)
        code[rng.random(n) < 0.02] = None
        cols[f"C{k}"] = [None if c is None else f"code{c}" for c in code]
    frame = pd.DataFrame(cols)
    monkeypatch.setattr(boot, "_GROUPED_FROM", 10**9)
    by_unit = bootstrap_agreement(frame, n_boot=400, seed=1, level="ordinal")
    monkeypatch.setattr(boot, "_GROUPED_FROM", 20_000)
    by_row = bootstrap_agreement(frame, n_boot=400, seed=1, level="ordinal")
    assert by_row["estimate"].tolist() == by_unit["estimate"].tolist()
    assert (by_row["n_valid"] == 400).all()
    # the interval half-width is ~0.005 here; the two draws agree far inside it
    for col in ("ci_low", "ci_high", "se"):
        assert np.abs(by_row[col] - by_unit[col]).max() < 0.0015, col
    assert (by_row["ci_low"] < by_row["estimate"]).all()
    assert (by_row["estimate"] < by_row["ci_high"]).all()


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), coders=st.integers(2, 5), k=st.integers(1, 60),
       n=st.integers(1, 3000))
def test_distinct_rows_are_numpys_unique_rows(seed: int, coders: int, k: int, n: int) -> None:
    # the grouped bootstrap draws its totals in this order: it must be np.unique's exactly
    from replicate.reliability._bootstrap import _distinct_rows

    rows = np.random.default_rng(seed).integers(-1, k, size=(n, coders))
    _, first, sizes = np.unique(rows, axis=0, return_index=True, return_counts=True)
    got_first, got_sizes = _distinct_rows(rows)
    assert got_first.tolist() == first.tolist() and got_sizes.tolist() == sizes.tolist()


def test_named_statistics_equal_those_of_the_full_computation() -> None:
    from replicate.errors import DataError
    from replicate.reliability import agreement_statistics

    rng = np.random.default_rng(4)
    table = pd.DataFrame({"A": rng.integers(0, 3, 300), "B": rng.integers(0, 3, 300)})
    full = agreement_statistics(table, categories=[0, 1, 2])
    some = agreement_statistics(table, categories=[0, 1, 2],
                                statistics=["gwet_ac1", "percent_agreement"])
    assert list(some.coefficients) == ["percent_agreement", "gwet_ac1"]
    for name in some.coefficients:
        assert some.coefficients[name] == full.coefficients[name]
    with pytest.raises(DataError, match="unknown statistic"):
        agreement_statistics(table, statistics=["kappa"])
