"""The definition every agreement number follows, in one place.

Each statistic the package reports carries one of these sentences (a ``definition`` field or
column), so a reader of a table or a JSON file knows which formula produced a number without
reading code. ``docs/reliability.md`` maps them to what NVivo, ATLAS.ti, MAXQDA and Dedoose
call "kappa" or "agreement".
"""

from __future__ import annotations

from typing import Final

__all__ = ["DEFINITIONS", "LANDIS_KOCH_BANDS", "STATISTIC_LABELS"]

DEFINITIONS: Final[dict[str, str]] = {
    "percent_agreement": (
        "Percent agreement: over units with at least two ratings, the mean share of agreeing "
        "rating pairs (Fleiss's P-bar, Fleiss 1971; Gwet 2014 for missing ratings). With two "
        "coders it is the share of double-rated units on which they agree."
    ),
    "cohen_kappa": (
        "Cohen's kappa (Cohen 1960; weighted: Cohen 1968) for exactly two coders on the units "
        "both rated; chance agreement from each coder's own category use. Standard error: the "
        "asymptotic SE of Fleiss, Cohen & Everitt (1969) as SAS PROC FREQ reports it; 95% CI = "
        "kappa +/- 1.96 SE."
    ),
    "scott_pi": (
        "Scott's pi (Scott 1955) for exactly two coders on the units both rated; chance "
        "agreement from the pooled category use of both coders."
    ),
    "fleiss_kappa": (
        "Fleiss' kappa (Fleiss 1971), generalised to missing ratings as in Gwet (2014): "
        "P-bar against chance agreement from the pooled category proportions."
    ),
    "conger_kappa": (
        "Conger's kappa (Conger 1980): Fleiss's P-bar against the mean of the pairwise "
        "Cohen-type chance agreements (each coder's own category use)."
    ),
    "krippendorff_alpha": (
        "Krippendorff's alpha (Krippendorff 2004/2011): 1 - observed/expected disagreement "
        "from the coincidence matrix of pairable values; units with one rating are ignored. "
        "The level of measurement sets the distance metric."
    ),
    "gwet_ac1": (
        "Gwet's AC1 (Gwet 2008; AC2 when weighted): P-bar against chance agreement "
        "sum_k pi_k(1 - pi_k)/(q - 1) over the q categories of the category set, which "
        "resists the prevalence paradox."
    ),
    "brennan_prediger": (
        "Brennan-Prediger coefficient (Brennan & Prediger 1981; also Bennett's S): P-bar "
        "against chance agreement 1/q for the q categories of the category set (the chance "
        "term MAXQDA uses)."
    ),
}
"""One-sentence definitions keyed by statistic name."""

STATISTIC_LABELS: Final[dict[str, str]] = {
    "percent_agreement": "Percent agreement",
    "cohen_kappa": "Cohen's kappa",
    "scott_pi": "Scott's pi",
    "fleiss_kappa": "Fleiss' kappa",
    "conger_kappa": "Conger's kappa",
    "krippendorff_alpha": "Krippendorff's alpha",
    "gwet_ac1": "Gwet's AC1",
    "brennan_prediger": "Brennan-Prediger",
}
"""Human-readable names keyed by statistic name."""

LANDIS_KOCH_BANDS: Final[tuple[tuple[float, float, str], ...]] = (
    (-1.0, 0.0, "poor"),
    (0.0, 0.20, "slight"),
    (0.20, 0.40, "fair"),
    (0.40, 0.60, "moderate"),
    (0.60, 0.80, "substantial"),
    (0.80, 1.0, "almost perfect"),
)
"""Landis & Koch (1977) benchmark bands for kappa: (low, high, label)."""
