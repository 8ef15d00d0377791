"""Sampling design: eligibility, maximum-variation purposeful sample, reserve list.

Replicates the sampling of Kalén, Ponzer & Silén (2012): students with at least three
mentor meetings, a purposeful sample of 12 chosen for variation in the age and gender of
both the students and their mentors (Patton 2002). Method: ``methodology.md`` §1.

The notebook calls :func:`design_sample` and shows the tables and figures of the returned
:class:`SampleDesign`; :attr:`SampleDesign.key` (student id → pseudonym) goes to a private
file and is never rendered.
"""

from __future__ import annotations

from replicate.sampling._inputs import DEFAULT_DIMENSIONS, DIMENSIONS
from replicate.sampling.bands import Bands, make_bands
from replicate.sampling.eligibility import REASONS, Eligibility, assess_eligibility, flow_table
from replicate.sampling.outputs import (
    age_span_ratio,
    coverage,
    describe_mentors,
    describe_sample,
)
from replicate.sampling.plan import SampleDesign, design_sample
from replicate.sampling.quotas import DEFAULT_QUOTAS_12, DYAD, default_quotas
from replicate.sampling.rationale import (
    INFORMATION_POWER,
    SaturationPlan,
    information_power,
    saturation_plan,
)

__all__ = [
    "DEFAULT_DIMENSIONS",
    "DEFAULT_QUOTAS_12",
    "DIMENSIONS",
    "DYAD",
    "INFORMATION_POWER",
    "REASONS",
    "Bands",
    "Eligibility",
    "SampleDesign",
    "SaturationPlan",
    "age_span_ratio",
    "assess_eligibility",
    "coverage",
    "default_quotas",
    "describe_mentors",
    "describe_sample",
    "design_sample",
    "flow_table",
    "information_power",
    "make_bands",
    "saturation_plan",
]
