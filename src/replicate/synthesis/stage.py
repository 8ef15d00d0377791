"""The theme-synthesis stage in one call: :func:`synthesise` → :class:`SynthesisResult`.

Runs, in order: codebook validation (hierarchy), cross-table checks, counts and the
participant × category matrix, Guest, Namey & Chen (2020) saturation with its sensitivity
grid and order check, quote selection, subgroup prevalence, the comparison with the original
study (Kalén et al. 2012), and collects flags for the write-up. Figures are produced on
demand by methods, so the result stays cheap to build and to test.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from replicate.reference import OriginalStudy, load_original
from replicate.synthesis._util import jsonable
from replicate.synthesis.compare import (
    compare_facts,
    compare_with_original,
    comparison_summary,
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
from replicate.synthesis.quotes import quote_coverage, select_quotes
from replicate.synthesis.saturation import (
    SaturationPlan,
    SaturationResult,
    assess_saturation,
    interview_sequence,
)
from replicate.synthesis.saturation_figure import discovery_figure
from replicate.synthesis.saturation_grid import (
    OrderSensitivity,
    order_sensitivity,
    sensitivity_grid,
)
from replicate.synthesis.subgroups import DEFAULT_SUBGROUPS, subgroup_prevalence
from replicate.synthesis.theme_map import theme_map_figure

__all__ = ["SynthesisResult", "synthesise"]


@dataclass(frozen=True, eq=False)
class SynthesisResult:
    """Everything the theme-synthesis stage produces.

    Attributes
    ----------
    hierarchy : Hierarchy
    table1 : pandas.DataFrame
        Tidy Table 1 with units and participants per subcategory.
    counts : pandas.DataFrame
        Units and participants per theme, category and subcategory.
    matrix, cooccurrence : pandas.DataFrame
        Participant × category unit counts; category co-occurrence within participants.
    minor : pandas.DataFrame
        Subcategories supported by ≤ 2 participants (COREQ 32).
    saturation : SaturationResult
    sensitivity : pandas.DataFrame or None
        The 12-combination grid.
    order : OrderSensitivity or None
    quotes, quote_coverage : pandas.DataFrame
    subgroups : pandas.DataFrame
    mapping, comparison, facts_comparison : pandas.DataFrame
    facts : dict
        New-cohort sample facts.
    flags : tuple of str
        Points the write-up must address.
    seed : int
    """

    hierarchy: Hierarchy
    table1: pd.DataFrame
    counts: pd.DataFrame
    matrix: pd.DataFrame
    cooccurrence: pd.DataFrame
    minor: pd.DataFrame
    saturation: SaturationResult
    sensitivity: pd.DataFrame | None
    order: OrderSensitivity | None
    quotes: pd.DataFrame
    quote_coverage: pd.DataFrame
    subgroups: pd.DataFrame
    mapping: pd.DataFrame
    comparison: pd.DataFrame
    facts: dict[str, Any]
    facts_comparison: pd.DataFrame
    flags: tuple[str, ...]
    seed: int
    theme_descriptions: Mapping[str, str | Sequence[str]] | None = None
    theme_order: Sequence[str] | None = None

    def table1_html(self) -> str:
        """Table 1 (with counts) as HTML."""
        return table1_html(self.hierarchy, self.counts)

    def heatmap_figure(self) -> Figure:
        """Participant × category heatmap."""
        return heatmap_figure(self.matrix, title="Meaning units per participant and category")

    def discovery_figure(self) -> Figure:
        """Code-discovery curve with base and saturating run."""
        return discovery_figure(self.saturation)

    def theme_map_figure(self) -> Figure:
        """The themes as an educational process (cf. the paper's Fig. 1)."""
        return theme_map_figure(self.hierarchy, descriptions=self.theme_descriptions,
                                order=self.theme_order)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Output tables for CSV artifacts, keyed by a file stem (sorted keys).

        No table carries a student id; quotes carry only pseudonym-based attributions.
        """
        out = {
            "table1": table1_csv_frame(self.hierarchy, self.counts),
            "counts": self.counts,
            "participant_category_matrix": self.matrix.reset_index(),
            "category_cooccurrence": self.cooccurrence.rename_axis("category").reset_index(),
            "minor_subcategories": self.minor,
            "saturation_runs": self.saturation.runs,
            "code_discovery": self.saturation.interviews,
            "quotes": self.quotes,
            "quote_coverage": self.quote_coverage,
            "subgroup_prevalence": self.subgroups,
            "mapping": self.mapping,
            "comparison": self.comparison,
            "facts_comparison": self.facts_comparison,
        }
        if self.sensitivity is not None:
            out["saturation_sensitivity"] = self.sensitivity
        if self.order is not None:
            out["saturation_order_draws"] = self.order.draws
        return dict(sorted(out.items()))

    @property
    def summary(self) -> dict[str, Any]:
        """JSON-serialisable summary for ``artifacts/40_theme_synthesis.json``."""
        h = self.hierarchy
        data = {
            "n_participants": len(self.matrix),
            "n_units": int(self.counts.loc[self.counts["level"] == "subcategory",
                                           "n_units"].sum()),
            "n_codes": len(h.codes),
            "n_subcategories": len(h.subcategories),
            "n_categories": len(h.categories),
            "n_themes": len(h.themes),
            "themes": [{"theme": t, "categories": list(h.categories_of(t))} for t in h.themes],
            "saturation": self.saturation.to_dict(),
            "saturation_sensitivity": self.sensitivity if self.sensitivity is not None else None,
            "saturation_order": self.order.to_dict() if self.order is not None else None,
            "minor_subcategories": list(self.minor["subcategory"]),
            "n_quotes": len(self.quotes),
            "categories_without_full_quotes": list(
                self.quote_coverage.loc[~self.quote_coverage["complete"], "category"]),
            "comparison": comparison_summary(self.comparison),
            "mapping_confirmed": bool(self.mapping["source"].isin(["config", "identical"])
                                      .all()),
            "mapping_proposed": [str(x) for x in self.mapping.loc[
                self.mapping["source"] == "proposed", "label"]],
            "facts": self.facts,
            "flags": list(self.flags),
            "seed": self.seed,
        }
        result: dict[str, Any] = jsonable(data)
        return result


def _flags(
    hierarchy: Hierarchy,
    counts: pd.DataFrame,
    matrix: pd.DataFrame,
    attributes: pd.DataFrame,
    coverage: pd.DataFrame,
    mapping: pd.DataFrame,
    saturation: SaturationResult,
) -> tuple[str, ...]:
    flags = list(hierarchy.flags)
    for row in counts.to_dict("records"):
        if row["n_units"] == 0:
            label = row["subcategory"] or row["category"] or row["theme"]
            flags.append(f"{row['level']} {label!r} has no meaning units; every node needs "
                         "supporting units and a quote")
    idle = [str(p) for p in matrix.index[matrix.sum(axis=1) == 0]]
    if idle:
        flags.append(f"participant(s) {', '.join(idle)} have no coded units")
    if attributes.shape[1]:
        bare = [str(p) for p in attributes.index[attributes.isna().all(axis=1)]]
        if bare:
            flags.append(f"participant(s) {', '.join(bare)} have no attributes (gender, age)")
    short = list(coverage.loc[~coverage["complete"], "category"])
    if short:
        flags.append(f"categories with fewer quotes than asked: {', '.join(short)}")
    if (mapping["source"] == "proposed").any():
        flags.append("the mapping to the original's Table 1 is partly proposed by name "
                     "similarity; confirm it in the config (comparison.mapping)")
    if not saturation.reached:
        flags.append(f"saturation not reached: {saturation.reason}")
    return tuple(flags)


def synthesise(
    codebook: pd.DataFrame,
    units: pd.DataFrame,
    participants: pd.DataFrame,
    attributes: pd.DataFrame | None = None,
    *,
    mapping: Mapping[str, Mapping[str, str | None]] | None = None,
    mapping_cutoff: float = 0.6,
    saturation: SaturationPlan | None = None,
    interview_order: Sequence[str] | None = None,
    sensitivity: bool = True,
    permutations: int = 500,
    quotes_per_category: int = 2,
    quote_min_words: int = 8,
    quote_max_words: int = 80,
    quote_age_bands: bool | Sequence[int] = False,
    extra_subgroups: Sequence[str] = (),
    age_edges: Sequence[int] | None = None,
    mentor_age_edges: Sequence[int] | None = None,
    min_cell: int = 5,
    suppress_small_cells: bool = False,
    theme_descriptions: Mapping[str, str | Sequence[str]] | None = None,
    theme_order: Sequence[str] | None = None,
    facts: Mapping[str, Any] | None = None,
    original: OriginalStudy | None = None,
    codebook_file: str = "codebook.csv",
    units_file: str = "units.csv",
    participants_file: str = "participants.csv",
    seed: int = 0,
) -> SynthesisResult:
    """Run the whole theme synthesis for one cohort.

    Parameters
    ----------
    codebook, units, participants : pandas.DataFrame
        Input tables (schemas ``codebook``, ``units``, ``participants``).
    attributes : pandas.DataFrame or None, default=None
        Indexed by pseudonym: ``gender``, ``age``, ``mentor_gender``, ``mentor_age``, extras.
        Identifying columns (``student_id`` …) are dropped.
    mapping : mapping or None, default=None
        ``{level: {new label: original label or None}}``; unmapped labels are proposed.
    mapping_cutoff : float, default=0.6
        Name-similarity cutoff for proposals.
    saturation : SaturationPlan or None, default=None
        Default b = 4, r = 2, t = 5 %.
    interview_order : sequence of str or None, default=None
        Analysis order; default by interview date, then pseudonym.
    sensitivity : bool, default=True
        Compute the 12-combination grid.
    permutations : int, default=500
        Interview-order permutations (0 skips the order check).
    quotes_per_category, quote_min_words, quote_max_words : int
        Quote selection (see :func:`replicate.synthesis.select_quotes`).
    quote_age_bands : bool or sequence of int, default=False
        Show ages in attributions as bands.
    extra_subgroups : sequence of str, default=()
        Attributes compared besides student gender, mentor gender and age bands.
    age_edges, mentor_age_edges : sequence of int or None
        Age band cut-points (default median split).
    min_cell : int, default=5
    suppress_small_cells : bool, default=False
    theme_descriptions, theme_order : optional
        For the theme map.
    facts : mapping or None, default=None
        Config facts for the sample comparison (``n_offered``, ``n_pilots`` …).
    original : OriginalStudy or None, default=None
        Defaults to :func:`replicate.reference.load_original`.
    codebook_file, units_file, participants_file : str
        File names used in error messages.
    seed : int, default=0

    Returns
    -------
    SynthesisResult

    Raises
    ------
    DataError
        Invalid codebook, units or participants (file and row named).
    ConfigError
        Invalid options (key path named).
    PrivacyError
        A subgroup attribute is an identifying column.
    """
    original = original or load_original()
    hierarchy = build_hierarchy(codebook, file=codebook_file)
    people = pseudonyms(participants, file=participants_file)
    coded = coded_units(units, hierarchy, participants, units_file=units_file,
                        participants_file=participants_file, codebook_file=codebook_file)
    attrs = participant_attributes(attributes, people)

    counts = node_counts(coded, hierarchy, people)
    matrix = participant_matrix(coded, hierarchy, people, level="category")
    plan = saturation or SaturationPlan()
    sequence = interview_sequence(coded, participants, level=plan.level, order=interview_order)
    sat = assess_saturation(sequence, plan)
    grid = sensitivity_grid(sequence, run_step=plan.run_step) if sensitivity else None
    order = (order_sensitivity(sequence, plan, n_permutations=permutations, seed=seed)
             if permutations else None)

    quotes = select_quotes(coded, hierarchy, attrs, per_category=quotes_per_category,
                           min_words=quote_min_words, max_words=quote_max_words,
                           age_bands=quote_age_bands, seed=seed)
    coverage = quote_coverage(coded, quotes, hierarchy, per_category=quotes_per_category,
                              min_words=quote_min_words, max_words=quote_max_words)
    available = set(attrs.columns)
    available |= {band for band, src in (("age_band", "age"), ("mentor_age_band", "mentor_age"))
                  if src in attrs.columns}
    by = [a for a in DEFAULT_SUBGROUPS if a in available] + [
        a for a in extra_subgroups if a not in DEFAULT_SUBGROUPS]
    groups = subgroup_prevalence(matrix, attrs, by=by, min_cell=min_cell,
                                 suppress=suppress_small_cells, age_edges=age_edges,
                                 mentor_age_edges=mentor_age_edges)

    resolved = resolve_mapping(hierarchy, original, mapping, cutoff=mapping_cutoff)
    comparison = compare_with_original(hierarchy, original, resolved, coded=coded)
    new_facts = cohort_facts(participants, attrs, extra=facts)
    return SynthesisResult(
        hierarchy=hierarchy,
        table1=table1_frame(hierarchy, counts),
        counts=counts,
        matrix=matrix,
        cooccurrence=category_cooccurrence(matrix),
        minor=minor_nodes(counts),
        saturation=sat,
        sensitivity=grid,
        order=order,
        quotes=quotes,
        quote_coverage=coverage,
        subgroups=groups,
        mapping=resolved,
        comparison=comparison,
        facts=new_facts,
        facts_comparison=compare_facts(original, new_facts),
        flags=_flags(hierarchy, counts, matrix, attrs, coverage, resolved, sat),
        seed=seed,
        theme_descriptions=theme_descriptions,
        theme_order=theme_order,
    )
