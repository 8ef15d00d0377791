"""The coding-reliability stage: one call from the notebook, everything it shows.

:func:`analyse_reliability` takes the long-form ``codings`` of the double-coded subset and the
``units`` table, and returns a :class:`ReliabilityResult` with the overall statistics (each
with its definition, analytic SE and a unit-bootstrap interval), per-code agreement by meaning
unit (and by character when units carry offsets), the disagreement list for the consensus
meeting, the confusion matrix, the verdict against the configured thresholds, figure methods
and a JSON-serialisable ``summary`` for the write-up stage.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

import numpy as np
import pandas as pd

from replicate.errors import DataError

from ._alpha import coincidence_matrix
from ._bootstrap import bootstrap_agreement
from ._consensus import disagreements, verdict
from ._data import Label, Level, RatingTable, canonical_labels, long_to_wide, ratings_table
from ._figures import confusion_heatmap, per_code_kappa_chart
from ._pairwise import contingency_table, pairwise_cohen_kappa
from ._percode import character_agreement, per_code_agreement, pooled_kappa
from ._resolutions import confused_codes
from ._summary import AgreementStatistics, agreement_statistics
from ._weights import WeightSpec

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["ReliabilityResult", "analyse_reliability"]


def _clean(value: object) -> object:
    """Make a value JSON-serialisable: numpy scalars to Python, NaN/inf to None."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


@dataclass(frozen=True)
class ReliabilityResult:
    """Everything the coding-reliability stage reports.

    Attributes
    ----------
    statistics : AgreementStatistics
        Overall coefficients.
    coefficients : pandas.DataFrame
        ``statistics.to_frame()`` plus ``boot_ci_low``/``boot_ci_high`` (bootstrap interval).
    bootstrap : pandas.DataFrame
        Output of :func:`bootstrap_agreement` (empty when ``n_boot`` was 0).
    pairwise : pandas.DataFrame
        Cohen's kappa for every coder pair.
    per_code : pandas.DataFrame
        Per code (and code x transcript) agreement by meaning unit.
    character : pandas.DataFrame or None
        NVivo character-level comparison, when units carry ``start``/``end``.
    disagreements : pandas.DataFrame
        The list for the consensus meeting.
    confusion : pandas.DataFrame
        Contingency table of two coders, or the coincidence matrix for more.
    verdict : str
        Plain-language verdict against the thresholds.
    summary : dict
        JSON-serialisable numbers with their definitions (sorted keys). ``overall`` holds
        the plain values of ``replicate agreement --json`` (read by the multi-site view);
        ``statistics`` the same with SEs, intervals and definitions.
    """

    statistics: AgreementStatistics
    coefficients: pd.DataFrame
    bootstrap: pd.DataFrame
    pairwise: pd.DataFrame
    per_code: pd.DataFrame
    character: pd.DataFrame | None
    disagreements: pd.DataFrame
    confusion: pd.DataFrame
    verdict: str
    summary: dict[str, object] = field(repr=False)

    def confusion_figure(self) -> Figure:
        """Heatmap of :attr:`confusion`.

        Returns
        -------
        matplotlib.figure.Figure
            See :func:`confusion_heatmap`.
        """
        title = ("Confusion matrix" if self.statistics.n_coders == 2
                 else "Coincidence matrix (all coder pairs)")
        return confusion_heatmap(self.confusion, title=title)

    def kappa_figure(self) -> Figure:
        """Per-code kappa chart with Landis-Koch bands and Krippendorff's lines.

        Returns
        -------
        matplotlib.figure.Figure
            See :func:`per_code_kappa_chart` (meaning-unit rows of :attr:`per_code`).
        """
        return per_code_kappa_chart(self.per_code)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables to write as CSV artifacts.

        Returns
        -------
        dict of str to pandas.DataFrame
            Keyed by file stem, sorted: ``coefficients``, ``confused_codes`` (the pairs of
            codes given to one unit, most frequent first), ``confusion``, ``disagreements``,
            ``pairwise_kappa``, ``per_code`` and, with offsets, ``per_code_character``.
        """
        out = {
            "coefficients": self.coefficients,
            "confused_codes": confused_codes(self.disagreements,
                                             [str(c) for c in self.statistics.coders]),
            "confusion": self.confusion.reset_index(names=str(self.confusion.index.name
                                                              or "category")),
            "disagreements": self.disagreements,
            "pairwise_kappa": self.pairwise,
            "per_code": self.per_code,
        }
        if self.character is not None:
            out["per_code_character"] = self.character
        return dict(sorted(out.items()))


def _check_codes(codings: pd.DataFrame, categories: Sequence[Label] | None) -> None:
    """Name the codings row (not the wide row) of the first code outside the codebook."""
    if categories is None or "code" not in codings.columns:
        return
    raw = codings["code"].tolist()
    labels = canonical_labels([*raw, *categories])
    allowed = set(labels[len(raw):])
    for row, label in enumerate(labels[: len(raw)]):
        if label is not None and label not in allowed:
            raise DataError(f"code {label!s} is not in the codebook; use a code from the "
                            "codebook or add it there",
                            file="codings", location=f"row {row + 2}, column code")


def _check_units(wide: pd.DataFrame, units: pd.DataFrame) -> None:
    if "unit_id" not in units.columns:
        raise DataError("the units table needs the column unit_id", file="units")
    known = set(units["unit_id"].astype(str).tolist())
    missing = [str(u) for u in wide.index if str(u) not in known]
    if missing:
        raise DataError(f"unit {missing[0]} is coded but not in the units table; add it to "
                        "units or correct the unit_id", file="codings")


def _has_offsets(units: pd.DataFrame, coded: Sequence[str]) -> bool:
    if not {"start", "end"} <= set(units.columns):
        return False
    rows = units[units["unit_id"].astype(str).isin(coded)]
    return bool(rows["start"].notna().all() and rows["end"].notna().all())


def check_codings(codings: pd.DataFrame, units: pd.DataFrame, *,
                  categories: Sequence[Label] | None = None,
                  level: Level = "nominal") -> RatingTable:
    """Check the codings against the codebook and the units, and encode them: the input
    checks of :func:`analyse_reliability`, without computing anything.

    Parameters
    ----------
    codings, units, categories, level
        As for :func:`analyse_reliability`.

    Returns
    -------
    RatingTable
        The double-coded units' ratings.

    Raises
    ------
    DataError
        One coder, a unit coded twice by the same coder, a code not in the codebook, a coded
        unit missing from units, no unit coded twice (the codings row named).
    """
    _check_codes(codings, categories)
    wide = long_to_wide(codings)
    _check_units(wide, units)
    return ratings_table(wide, categories=categories, level=level)


def analyse_reliability(
    codings: pd.DataFrame,
    units: pd.DataFrame,
    *,
    thresholds: Mapping[str, float],
    seed: int,
    n_boot: int = 1000,
    categories: Sequence[Label] | None = None,
    level: Level = "nominal",
    weights: WeightSpec = "none",
    transcript_lengths: Mapping[str, int] | None = None,
) -> ReliabilityResult:
    """Run the coding-reliability analysis for the double-coded subset.

    Parameters
    ----------
    codings : pandas.DataFrame
        Long form ``unit_id, coder, code`` (the ``codings`` template): one code per unit and
        coder.
    units : pandas.DataFrame
        The ``units`` table: ``unit_id, participant, transcript, text`` and optionally
        ``start``/``end`` (character offsets) and ``code`` (the consensus code).
    thresholds : mapping of str to float
        E.g. ``{"alpha": 0.667, "kappa": 0.6}`` (see :func:`verdict` for the keys).
    seed : int
        Seed of the bootstrap.
    n_boot : int, default=1000
        Bootstrap resamples; 0 skips the bootstrap.
    categories : sequence or None, default=None
        The codebook's codes in order (AC1 and Brennan-Prediger depend on their number).
    level : {"nominal", "ordinal", "interval", "ratio"}, default="nominal"
        Level of measurement for alpha (codes are nominal).
    weights : {"none", "linear", "quadratic"}, sequence or array, default="none"
        Weights for Cohen's kappa.
    transcript_lengths : mapping of str to int or None, default=None
        Characters per transcript for NVivo's source-size denominator (see
        :func:`character_agreement`).

    Returns
    -------
    ReliabilityResult
        Tables, verdict, figures and the JSON-serialisable summary.

    Raises
    ------
    DataError
        Bad codings or units (one coder, a unit coded twice by the same coder, a code not in
        the codebook, a coded unit missing from units, ...), naming the row.
    ConfigError
        An unknown threshold key.
    """
    if n_boot < 0:
        raise DataError(f"n_boot must be 0 (no bootstrap) or more, got {n_boot}")
    table = check_codings(codings, units, categories=categories, level=level)
    stats = agreement_statistics(table, level=level, weights=weights)
    boot = (bootstrap_agreement(table, n_boot=n_boot, seed=seed, level=level, weights=weights)
            if n_boot > 0 else pd.DataFrame(columns=["statistic", "estimate", "ci_low",
                                                     "ci_high", "se", "n_boot", "n_valid",
                                                     "confidence", "method"]))
    coefficients = stats.to_frame()
    boot_idx = boot.set_index("statistic")
    coefficients["boot_ci_low"] = coefficients["statistic"].map(boot_idx["ci_low"])
    coefficients["boot_ci_high"] = coefficients["statistic"].map(boot_idx["ci_high"])
    cats = list(table.categories)
    canonical = table.to_long()  # codes as the table's labels, so per-code rows match them
    per_code = per_code_agreement(canonical, units, categories=cats)
    coded = [str(u) for u in table.units]
    character = (character_agreement(canonical, units, categories=cats,
                                     transcript_lengths=transcript_lengths)
                 if _has_offsets(units, coded) else None)
    disagree = disagreements(table, units)
    confusion = (contingency_table(table) if table.n_coders == 2 else coincidence_matrix(table))
    text = verdict(stats, thresholds)
    summary = _summary(stats, coefficients, boot, per_code, character, disagree, thresholds,
                       text, n_boot=n_boot, seed=seed)
    pairwise = pairwise_cohen_kappa(table, weights=weights)
    # the pairs, named, so a report with 3+ coders can say which pair a figure belongs to
    summary["pairwise_kappa"] = _clean([
        {"coder_a": str(r.coder_a), "coder_b": str(r.coder_b), "n_units": int(str(r.n_units)),
         "percent_agreement": r.percent_agreement, "cohen_kappa": r.cohen_kappa}
        for r in pairwise.itertuples()])
    summary = dict(sorted(summary.items()))
    return ReliabilityResult(
        statistics=stats, coefficients=coefficients, bootstrap=boot,
        pairwise=pairwise, per_code=per_code,
        character=character, disagreements=disagree, confusion=confusion, verdict=text,
        summary=summary,
    )


def _below(pooled: pd.DataFrame, threshold: float) -> list[str]:
    """Codes whose kappa is below ``threshold``: with more than one coder pair, each entry
    names its pair (``code (SK–CS)``), so a code is never listed twice without a reason."""
    low = pooled[pooled["cohen_kappa"] < threshold]
    pairs = pooled[["coder_a", "coder_b"]].drop_duplicates()
    if len(pairs) <= 1:
        return sorted({str(c) for c in low["code"]})
    return sorted(f"{r.code} ({r.coder_a}–{r.coder_b})" for r in low.itertuples())


def _per_code_summary(frame: pd.DataFrame | None, kappa_threshold: float
                      ) -> dict[str, object] | None:
    if frame is None:
        return None
    pooled = frame[frame["transcript"].isna()]
    kappas = pooled["cohen_kappa"].dropna()
    return {
        "definition": str(frame["definition"].iloc[0]) if len(frame) else "",
        "n_codes": int(pooled["code"].nunique()),
        "pooled_kappa": pooled_kappa(pooled),
        "pooled_kappa_definition": "De Vries et al. (2008): (mean p_o - mean p_e) / "
                                   "(1 - mean p_e) over codes (Dedoose's overall kappa).",
        "median_kappa": float(kappas.median()) if len(kappas) else None,
        "min_kappa": float(kappas.min()) if len(kappas) else None,
        "kappa_threshold": kappa_threshold,
        "codes_below_kappa_threshold": _below(pooled, kappa_threshold),
    }


def _summary(
    stats: AgreementStatistics, coefficients: pd.DataFrame, boot: pd.DataFrame,
    per_code: pd.DataFrame, character: pd.DataFrame | None, disagree: pd.DataFrame,
    thresholds: Mapping[str, float], text: str, *, n_boot: int, seed: int,
) -> dict[str, object]:
    kappa_threshold = float(thresholds.get("kappa", thresholds.get("cohen_kappa", 0.6)))
    statistics = {}
    for row in coefficients.itertuples(index=False):
        statistics[row.statistic] = {
            "value": row.value, "se": row.se, "ci": [row.ci_low, row.ci_high],
            "ci_method": row.ci_method, "bootstrap_ci": [row.boot_ci_low, row.boot_ci_high],
            "n_units": row.n_units, "definition": row.definition,
        }
    summary = {
        "n_units": stats.n_units,
        "n_coders": stats.n_coders,
        "coders": list(stats.coders),
        "categories": list(stats.categories),
        "level": stats.level,
        "weights": stats.weights,
        "statistics": statistics,
        "bootstrap": {"n_boot": n_boot, "seed": seed, "confidence": 0.95,
                      "method": "percentile bootstrap over units"},
        "per_code": _per_code_summary(per_code, kappa_threshold),
        "character_level": _per_code_summary(character, kappa_threshold),
        "n_disagreements": len(disagree),
        "overall": stats.to_json_dict(),
        "thresholds": {str(k): float(v) for k, v in sorted(thresholds.items())},
        "verdict": text,
    }
    cleaned = cast(dict[str, object], _clean(summary))
    return dict(sorted(cleaned.items()))
