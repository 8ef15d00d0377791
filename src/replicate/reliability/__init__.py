"""Coding reliability: agreement statistics users can trust, per code and overall.

The original study (Kalén, Ponzer & Silén 2012) had two coders code parts of the transcripts
independently and then reach consensus. This package computes, from one units x coders table,
every number the common tools call "agreement" or "kappa", and says which is which:

* overall: percent agreement (Fleiss's P-bar), Cohen's kappa (unweighted, linear, quadratic;
  SAS PROC FREQ standard error and CI), Scott's pi, Fleiss' kappa, Conger's kappa,
  Krippendorff's alpha (nominal, ordinal, interval, ratio), Gwet's AC1 and Brennan-Prediger,
  with analytic SEs (Gwet 2014) and unit-bootstrap intervals;
* per code: presence/absence percent agreement and Cohen's kappa per code and per code x
  transcript, by meaning unit (Dedoose/MAXQDA style) and by character (NVivo's coding
  comparison), plus De Vries' pooled kappa;
* for the consensus meeting: the disagreement list (with the meeting's resolutions read back
  from a filled-in copy), the codes most often confused, the confusion matrix, figures and
  a plain verdict against thresholds.

Every value is checked against published or reference-software values in
``../shared/reference-data/reliability`` (tests/test_reliability_reference.py). The notebook
calls :func:`analyse_reliability`; ``replicate agreement`` lives in
:mod:`replicate.reliability.cli`. See ``docs/reliability.md``.
"""

from __future__ import annotations

from ._alpha import coincidence_matrix, krippendorff_alpha
from ._bootstrap import BOOTSTRAP_STATISTICS, bootstrap_agreement
from ._consensus import THRESHOLD_ALIASES, disagreements, verdict
from ._contingency import contingency_coefficients
from ._data import Label, Level, RatingTable, long_to_wide, ratings_table
from ._definitions import DEFINITIONS, LANDIS_KOCH_BANDS, STATISTIC_LABELS
from ._figures import MAX_HEATMAP_CODES, confusion_heatmap, per_code_kappa_chart
from ._io import read_ratings
from ._multirater import brennan_prediger, conger_kappa, fleiss_kappa, gwet_ac1, percent_agreement
from ._pairwise import cohen_kappa, contingency_table, pairwise_cohen_kappa, scott_pi
from ._percode import PER_CODE_COLUMNS, character_agreement, per_code_agreement, pooled_kappa
from ._resolutions import RESOLUTION_COLUMNS, confused_codes, resolution_problems, settle
from ._result import Coefficient
from ._stage import ReliabilityResult, analyse_reliability, check_codings
from ._summary import STATISTICS, AgreementStatistics, agreement_statistics
from ._weights import agreement_weights

__all__ = [
    "BOOTSTRAP_STATISTICS",
    "DEFINITIONS",
    "LANDIS_KOCH_BANDS",
    "MAX_HEATMAP_CODES",
    "PER_CODE_COLUMNS",
    "RESOLUTION_COLUMNS",
    "STATISTICS",
    "STATISTIC_LABELS",
    "THRESHOLD_ALIASES",
    "AgreementStatistics",
    "Coefficient",
    "Label",
    "Level",
    "RatingTable",
    "ReliabilityResult",
    "agreement_statistics",
    "agreement_weights",
    "analyse_reliability",
    "bootstrap_agreement",
    "brennan_prediger",
    "character_agreement",
    "check_codings",
    "cohen_kappa",
    "coincidence_matrix",
    "confused_codes",
    "confusion_heatmap",
    "conger_kappa",
    "contingency_coefficients",
    "contingency_table",
    "disagreements",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "long_to_wide",
    "pairwise_cohen_kappa",
    "per_code_agreement",
    "per_code_kappa_chart",
    "percent_agreement",
    "pooled_kappa",
    "ratings_table",
    "read_ratings",
    "resolution_problems",
    "scott_pi",
    "settle",
    "verdict",
]
