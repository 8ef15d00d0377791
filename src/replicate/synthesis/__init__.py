"""Theme synthesis: from coded meaning units to the paper's kind of results.

Graneheim & Lundman's (2004) hierarchy (code → subcategory → category → theme) validated and
rendered as a Table 1 equivalent; unit and participant counts; code saturation after Guest,
Namey & Chen (2020); reproducible exemplary quotes; subgroup prevalence; the comparison with
Kalén, Ponzer & Silén (2012); and the themes drawn as an educational process (their Fig. 1).

The notebook calls :func:`synthesise`; the other names are its building blocks.
"""

from __future__ import annotations

from replicate.synthesis.compare import (
    compare_facts,
    compare_with_original,
    comparison_summary,
    label_similarity,
    propose_mapping,
    resolve_mapping,
)
from replicate.synthesis.counts import (
    category_cooccurrence,
    heatmap_figure,
    minor_nodes,
    node_counts,
    participant_matrix,
)
from replicate.synthesis.facts import cohort_facts
from replicate.synthesis.hierarchy import (
    Hierarchy,
    build_hierarchy,
    table1_csv_frame,
    table1_frame,
    table1_html,
)
from replicate.synthesis.inputs import coded_units, participant_attributes, pseudonyms
from replicate.synthesis.quotes import attribution, quote_coverage, select_quotes
from replicate.synthesis.saturation import (
    REASONS,
    Interview,
    SaturationPlan,
    SaturationResult,
    assess_saturation,
    discovery_curve,
    interview_sequence,
    saturation_point,
)
from replicate.synthesis.saturation_figure import discovery_figure
from replicate.synthesis.saturation_grid import (
    OrderSensitivity,
    order_sensitivity,
    sensitivity_grid,
)
from replicate.synthesis.stage import SynthesisResult, synthesise
from replicate.synthesis.subgroups import (
    age_band,
    age_band_labels,
    default_age_edges,
    prevalence_wide,
    subgroup_prevalence,
)
from replicate.synthesis.theme_map import original_process_descriptions, theme_map_figure

__all__ = [
    "REASONS",
    "Hierarchy",
    "Interview",
    "OrderSensitivity",
    "SaturationPlan",
    "SaturationResult",
    "SynthesisResult",
    "age_band",
    "age_band_labels",
    "assess_saturation",
    "attribution",
    "build_hierarchy",
    "category_cooccurrence",
    "coded_units",
    "cohort_facts",
    "compare_facts",
    "compare_with_original",
    "comparison_summary",
    "default_age_edges",
    "discovery_curve",
    "discovery_figure",
    "heatmap_figure",
    "interview_sequence",
    "label_similarity",
    "minor_nodes",
    "node_counts",
    "order_sensitivity",
    "original_process_descriptions",
    "participant_attributes",
    "participant_matrix",
    "prevalence_wide",
    "propose_mapping",
    "pseudonyms",
    "quote_coverage",
    "resolve_mapping",
    "saturation_point",
    "select_quotes",
    "sensitivity_grid",
    "subgroup_prevalence",
    "synthesise",
    "table1_csv_frame",
    "table1_frame",
    "table1_html",
    "theme_map_figure",
]
