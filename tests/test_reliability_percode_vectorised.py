"""The vectorised per-code tables against a brute-force count, and their kappa bit for bit.

:func:`per_code_agreement` and :func:`character_agreement` count every code x transcript 2 x 2
table at once (a large cohort has tens of thousands). Here the same tables are counted the
slow, obvious way: sets of units, and sets of character positions per coder and code.
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replicate.errors import DataError
from replicate.reliability import character_agreement, per_code_agreement
from replicate.reliability._contingency import kappa_from_table
from replicate.reliability._percode import _kappa_2x2

CODES = ("x", "y", "z")


@st.composite
def _coded(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    n = draw(st.integers(1, 10))
    transcripts = draw(st.lists(st.sampled_from(["b.txt", "a.txt", "c.txt"]), min_size=n,
                                max_size=n))
    starts = draw(st.lists(st.integers(0, 30), min_size=n, max_size=n))
    lengths = draw(st.lists(st.integers(1, 12), min_size=n, max_size=n))
    units = pd.DataFrame({"unit_id": [f"U{i}" for i in range(n)], "transcript": transcripts,
                          "start": starts, "end": [s + k for s, k in zip(starts, lengths,
                                                                          strict=True)]})
    coders = ["A", "B", "C"][: draw(st.integers(2, 3))]
    rows = []
    for i in range(n):
        for coder in coders:
            for code in draw(st.lists(st.sampled_from(CODES), max_size=2)):
                rows.append((f"U{i}", coder, code))
    rows += [("U0", "A", "x"), ("U0", "B", "y")]  # every coder codes something
    return pd.DataFrame(rows, columns=["unit_id", "coder", "code"]), units


def _applied(codings: pd.DataFrame) -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for unit, coder, code in codings.itertuples(index=False):
        out.setdefault((coder, unit), set()).add(code)
    return out


def _brute_units(codings: pd.DataFrame, units: pd.DataFrame) -> dict[tuple[object, ...],
                                                                      tuple[int, ...]]:
    applied = _applied(codings)
    where = dict(zip(units["unit_id"], units["transcript"], strict=True))
    out = {}
    for a, b in combinations(sorted(codings["coder"].unique()), 2):
        shared = sorted({u for c, u in applied if c == a} & {u for c, u in applied if c == b})
        for code in CODES:
            for t in [None, *sorted({where[u] for u in shared})]:
                group = [u for u in shared if t is None or where[u] == t]
                ina = {u for u in group if code in applied[(a, u)]}
                inb = {u for u in group if code in applied[(b, u)]}
                out[(code, t, a, b)] = (len(group), len(ina & inb), len(ina - inb),
                                        len(inb - ina), len(group) - len(ina | inb))
    return out


def _brute_chars(codings: pd.DataFrame, units: pd.DataFrame, lengths: dict[str, int] | None
                 ) -> dict[tuple[object, ...], tuple[int, ...]]:
    applied = _applied(codings)
    span = {u: (t, set(range(s, e))) for u, t, s, e in
            units[["unit_id", "transcript", "start", "end"]].itertuples(index=False)}
    out: dict[tuple[object, ...], tuple[int, ...]] = {}
    for a, b in combinations(sorted(codings["coder"].unique()), 2):
        shared = sorted({u for c, u in applied if c == a} & {u for c, u in applied if c == b})
        names = sorted({span[u][0] for u in shared})
        for code in CODES:
            pooled = np.zeros(5, dtype=np.int64)
            for t in names:
                here = [u for u in shared if span[u][0] == t]
                covered = set().union(*(span[u][1] for u in here))
                sa = set().union(*(span[u][1] for u in here if code in applied[(a, u)]))
                sb = set().union(*(span[u][1] for u in here if code in applied[(b, u)]))
                extra = lengths[t] - len(covered) if lengths is not None else 0
                row = (len(covered) + extra, len(sa & sb), len(sa - sb), len(sb - sa),
                       len(covered - (sa | sb)) + extra)
                out[(code, t, a, b)] = row
                pooled += row
            out[(code, None, a, b)] = tuple(int(v) for v in pooled)
    return out


def _check(table: pd.DataFrame, expected: dict[tuple[object, ...], tuple[int, ...]]) -> None:
    got = {}
    for r in table.itertuples(index=False):
        t = None if pd.isna(r.transcript) else r.transcript
        got[(r.code, t, r.coder_a, r.coder_b)] = (r.n, r.both, r.only_a, r.only_b, r.neither)
        cells = np.array([[r.both, r.only_a], [r.only_b, r.neither]], dtype=np.float64)
        kappa = kappa_from_table(cells)[0] if r.n > 0 else None
        assert (kappa is None and math.isnan(r.cohen_kappa)) or kappa == r.cohen_kappa
        if r.n:
            assert r.percent_agreement == (r.both + r.neither) / r.n
        else:
            assert pd.isna(r.percent_agreement)
    assert got == expected


@settings(max_examples=25, deadline=None)
@given(_coded())
def test_unit_level_counts_equal_brute_force(data: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    codings, units = data
    _check(per_code_agreement(codings, units, categories=list(CODES)),
           _brute_units(codings, units))


@settings(max_examples=25, deadline=None)
@given(_coded(), st.booleans())
def test_character_counts_equal_brute_force(
    data: tuple[pd.DataFrame, pd.DataFrame], whole: bool
) -> None:
    codings, units = data
    lengths = {t: 60 for t in ("a.txt", "b.txt", "c.txt")} if whole else None
    table = character_agreement(codings, units, categories=list(CODES),
                                transcript_lengths=lengths)
    _check(table, _brute_chars(codings, units, lengths))
    # rows: per coder pair, per code, the pooled row first, then the transcripts sorted
    first = table[(table["coder_a"] == "A") & (table["coder_b"] == "B") & (table["code"] == "x")]
    assert pd.isna(first["transcript"].iloc[0])
    assert list(first["transcript"].iloc[1:]) == sorted(first["transcript"].iloc[1:])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 10**7), min_size=4, max_size=4))
def test_vectorised_kappa_is_kappa_from_table_to_the_bit(cells: list[int]) -> None:
    both, only_a, only_b, neither = (np.array([float(v)]) for v in cells)
    got = float(_kappa_2x2(both, only_a, only_b, neither)[0])
    want = kappa_from_table(np.array(cells, dtype=np.float64).reshape(2, 2))[0]
    assert (want is None and math.isnan(got)) or got == want


def test_first_problem_in_transcript_order() -> None:
    codings = pd.DataFrame({"unit_id": ["U1", "U2"] * 2, "coder": ["A", "A", "B", "B"],
                            "code": ["x", "x", "x", "y"]})
    # b.txt has a bad offset, a.txt (checked first) runs past its length
    units = pd.DataFrame({"unit_id": ["U1", "U2"], "transcript": ["b.txt", "a.txt"],
                          "start": [5, 0], "end": [5, 40]})
    with pytest.raises(DataError, match="0 <= start < end"):
        character_agreement(codings, units)
    with pytest.raises(DataError, match=r"a unit ends at character 40 but transcript a\.txt"):
        character_agreement(codings, units, transcript_lengths={"a.txt": 30, "b.txt": 50})
    with pytest.raises(DataError, match=r"no length given for transcript a\.txt"):
        character_agreement(codings, units, transcript_lengths={"b.txt": 50})


def test_no_shared_units_gives_empty_pooled_rows() -> None:
    codings = pd.DataFrame({"unit_id": ["U1", "U2"], "coder": ["A", "B"], "code": ["x", "x"]})
    units = pd.DataFrame({"unit_id": ["U1", "U2"], "transcript": ["a.txt"] * 2,
                          "start": [0, 10], "end": [10, 20]})
    for table in (per_code_agreement(codings, units, categories=["x"]),
                  character_agreement(codings, units, categories=["x"])):
        assert len(table) == 1
        row = table.iloc[0]
        assert pd.isna(row["transcript"]) and row["n"] == 0
        assert pd.isna(row["percent_agreement"]) and math.isnan(row["cohen_kappa"])
