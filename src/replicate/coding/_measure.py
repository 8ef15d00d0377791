"""The machine scored as a coder, with the agreement engine of :mod:`replicate.reliability`.

For every pair of raters (the machine and each human coder, and the human coders among
themselves, side by side) the units both rated become a units x raters table, and
:func:`~replicate.reliability.agreement_statistics` gives Cohen's kappa, Krippendorff's alpha
and Gwet's AC1 while :func:`~replicate.reliability.bootstrap_agreement` gives their
percentile intervals (units resampled). Per code, the same is done on the presence/absence of
the code (``"yes"``/``"no"``), with the code's prevalence beside it: kappa falls for a rare
code even when the raters nearly always agree (the kappa paradox, Feinstein & Cicchetti
1990), AC1 does not (Gwet 2008), so both are shown. Nothing here computes a statistic itself.

A unit on which the machine abstained is a missing rating: it counts in the abstention rate,
never as agreement or disagreement.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd

from replicate.errors import DataError
from replicate.reliability import (
    Label,
    agreement_statistics,
    bootstrap_agreement,
    ratings_table,
)

from ._predict import MACHINE

__all__ = ["AGREEMENT_COLUMNS", "ALL_CODES", "confusion_list", "machine_agreement",
           "pair_agreement"]

ALL_CODES = "(all codes)"
"""The ``code`` of the overall rows."""

AGREEMENT_COLUMNS: tuple[str, ...] = (
    "pair", "rater_a", "rater_b", "code", "prevalence", "n_units", "percent_agreement",
    "cohen_kappa", "cohen_kappa_ci_low", "cohen_kappa_ci_high", "krippendorff_alpha",
    "krippendorff_alpha_ci_low", "krippendorff_alpha_ci_high", "gwet_ac1", "gwet_ac1_ci_low",
    "gwet_ac1_ci_high",
)
"""Columns of :func:`machine_agreement`, in order."""

_STATS = ("cohen_kappa", "krippendorff_alpha", "gwet_ac1")
_NAN = float("nan")


def _num(value: float | None) -> float:
    return _NAN if value is None else float(value)


def pair_agreement(table: pd.DataFrame, *, categories: Sequence[Label], n_boot: int,
                   seed: int) -> dict[str, float]:
    """Percent agreement, kappa, alpha and AC1 with bootstrap intervals for two raters.

    Parameters
    ----------
    table : pandas.DataFrame
        Units x 2 raters (missing = ``NaN``); only the units both rated are scored.
    categories : sequence of Label
        The category set (its size enters AC1).
    n_boot : int
        Bootstrap resamples (0 = no intervals).
    seed : int
        Bootstrap seed.

    Returns
    -------
    dict of str to float
        ``n_units`` (units both rated) and the statistic columns of
        :data:`AGREEMENT_COLUMNS`; NaN where undefined.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"SK": ["a", "a", "b", "b"], "machine": ["a", "b", "b", "b"]})
    >>> r = pair_agreement(t, categories=["a", "b"], n_boot=0, seed=1)
    >>> r["n_units"], r["percent_agreement"], r["cohen_kappa"]
    (4.0, 0.75, 0.5)
    """
    out = {c: _NAN for c in AGREEMENT_COLUMNS[5:]}
    both = table.notna().all(axis=1)
    out["n_units"] = float(both.sum())
    if both.sum() < 2:
        return out
    try:  # only units both rated: an abstention must not move AC1's category shares
        rt = ratings_table(table[both], categories=list(categories))
        stats = agreement_statistics(rt, categories=list(categories),
                                     statistics=("percent_agreement", *_STATS))
    except DataError:
        return out
    out["percent_agreement"] = _num(stats.value("percent_agreement"))
    for s in _STATS:
        out[s] = _num(stats.value(s))
    if n_boot > 0:
        boot = bootstrap_agreement(rt, n_boot=n_boot, seed=seed, statistics=list(_STATS),
                                   categories=list(categories)).set_index("statistic")
        for s in _STATS:
            out[f"{s}_ci_low"] = float(boot.at[s, "ci_low"])  # type: ignore[arg-type]
            out[f"{s}_ci_high"] = float(boot.at[s, "ci_high"])  # type: ignore[arg-type]
    return out


def _ratings(codings: pd.DataFrame, machine: pd.DataFrame) -> pd.DataFrame:
    """Units x raters: each human coder's code, and the machine's (NaN where it abstained)."""
    wide = (codings.assign(unit_id=codings["unit_id"].astype(str), coder=codings["coder"]
                           .astype(str), code=codings["code"].astype(str).str.strip())
            .pivot_table(index="unit_id", columns="coder", values="code", aggfunc="first"))
    m = machine.assign(unit_id=machine["unit_id"].astype(str)).set_index("unit_id")
    wide[MACHINE] = m["code"].where(~m["abstained"].astype(bool)).reindex(wide.index)
    return wide.sort_index()


def machine_agreement(codings: pd.DataFrame, machine: pd.DataFrame, *,
                      categories: Sequence[str], n_boot: int, seed: int,
                      per_code: bool = True) -> pd.DataFrame:
    """Agreement of the machine with each human coder, and of the humans with each other.

    Parameters
    ----------
    codings : pandas.DataFrame
        ``unit_id, coder, code``: the humans' independent codes.
    machine : pandas.DataFrame
        The machine's out-of-interview suggestions for the same units
        (:func:`~replicate.coding.out_of_interview`).
    categories : sequence of str
        The codebook's codes.
    n_boot : int
        Bootstrap resamples for the intervals (0 = none).
    seed : int
        Bootstrap seed.
    per_code : bool, default=True
        Also one row per code and pair (presence/absence of the code).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`AGREEMENT_COLUMNS`: first the overall rows (``code`` =
        :data:`ALL_CODES`) of the machine–human pairs, then of the human–human pairs, then
        the per-code rows in the same order. ``prevalence`` is the share of the human
        codes (both coders' for a human pair) on the pair's units that are the code.
    """
    if MACHINE in set(codings["coder"].astype(str).tolist()):
        raise DataError(f"a human coder is called {MACHINE!r}, the machine's name; rename "
                        "the coder in the codings table", file="codings")
    wide = _ratings(codings, machine)
    humans = [c for c in wide.columns if c != MACHINE]
    pairs = [(MACHINE, h) for h in humans] + list(combinations(humans, 2))
    rows: list[dict[str, object]] = []
    for a, b in pairs:
        rows.append({"pair": f"{a} – {b}", "rater_a": a, "rater_b": b, "code": ALL_CODES,
                     "prevalence": _NAN, **pair_agreement(
                         wide[[a, b]], categories=categories, n_boot=n_boot, seed=seed)})
    if per_code:
        for a, b in pairs:
            sub = wide.loc[wide[[a, b]].notna().all(axis=1), [a, b]]
            human = sub[[c for c in (a, b) if c != MACHINE]].to_numpy().ravel()
            for code in [c for c in categories if (sub == c).to_numpy().any()]:
                # absent 0 / present 1: integers factorise far faster than "no"/"yes"
                presence = pd.DataFrame((sub.to_numpy() == code).astype(np.int8),
                                        index=sub.index, columns=sub.columns)
                rows.append({"pair": f"{a} – {b}", "rater_a": a, "rater_b": b, "code": code,
                             "prevalence": float(np.mean(human == code)),
                             **pair_agreement(presence, categories=[0, 1],
                                              n_boot=n_boot, seed=seed)})
    return pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS))


def confusion_list(codings: pd.DataFrame, machine: pd.DataFrame, *, top: int = 15
                   ) -> pd.DataFrame:
    """The machine's most frequent disagreements with the human coders.

    Parameters
    ----------
    codings : pandas.DataFrame
        ``unit_id, coder, code``.
    machine : pandas.DataFrame
        The machine's suggestions (abstentions are left out).
    top : int, default=15
        Rows kept.

    Returns
    -------
    pandas.DataFrame
        ``human_code, machine_code, n, coders``: how often a human code was suggested as
        another code, most frequent first (ties by the codes).
    """
    m = machine[~machine["abstained"].astype(bool)]
    merged = codings.assign(unit_id=codings["unit_id"].astype(str)).merge(
        m.assign(unit_id=m["unit_id"].astype(str))[["unit_id", "code"]], on="unit_id",
        suffixes=("", "_machine"))
    wrong = merged[merged["code"].astype(str).str.strip() != merged["code_machine"]]
    if wrong.empty:
        return pd.DataFrame(columns=["human_code", "machine_code", "n", "coders"])
    out = (wrong.groupby(["code", "code_machine"])
           .agg(n=("unit_id", "size"),
                coders=("coder", lambda s: ", ".join(sorted(set(s.astype(str))))))
           .reset_index().rename(columns={"code": "human_code",
                                          "code_machine": "machine_code"}))
    out = out.sort_values(["n", "human_code", "machine_code"], ascending=[False, True, True])
    return out.head(top).reset_index(drop=True)
