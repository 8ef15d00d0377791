"""Stage 40: theme synthesis (Table 1, counts, saturation, quotes, subgroups, comparison)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from markupsafe import Markup

from replicate.artifacts import StageResult
from replicate.cohort import Cohort
from replicate.errors import ReplicateError
from replicate.reference import load_original
from replicate.stage import Stage
from replicate.stages._common import participant_attributes

if TYPE_CHECKING:
    from replicate.synthesis import SynthesisResult

__all__ = ["STAGE", "compute", "precheck", "theme_synthesis"]


def _band_edges(attrs: pd.DataFrame, width: int) -> list[int] | None:
    """Cut-points every ``width`` years around the participants' ages (bands "25–29", …),
    the same bands the write-up's participant table uses (``privacy.age_band_width``)."""
    ages = pd.to_numeric(attrs["age"], errors="coerce").dropna() if "age" in attrs else None
    if ages is None or ages.empty:
        return None
    lo = int(ages.min()) // width * width
    hi = int(ages.max()) // width * width
    return list(range(lo, hi + width + 1, width))


def _synthesise(cohort: Cohort, *, permutations: int) -> SynthesisResult:
    # imported here, not at the top: every stage notebook imports replicate.stages, and each
    # needs only its own analysis package (together they take seconds to import)
    from replicate.synthesis import SaturationPlan, original_process_descriptions, synthesise

    cfg = cohort.config
    s = cfg.synthesis
    attrs = participant_attributes(cohort)
    original = load_original()
    themes = set(cohort.table("codebook")["theme"].astype(str))
    descriptions: dict[str, str | tuple[str, ...]] = {
        k: v for k, v in original_process_descriptions(original).items() if k in themes}
    descriptions.update(s.theme_descriptions)
    plan = SaturationPlan(base=s.saturation.base, run=s.saturation.run,
                          threshold=s.saturation.threshold, run_step=s.saturation.run_step)
    extra_facts = {
        "n_offered": cfg.programme.students_offered,
        "min_meetings": cfg.sampling.min_meetings,
        "n_pilots": len(cohort.pilots),
    }
    if "codings" in cohort.tables:
        extra_facts["n_coders"] = int(cohort.tables["codings"]["coder"].nunique())
    bands = _band_edges(attrs, cfg.privacy.age_band_width) if cfg.privacy.band_ages else None
    mapping: dict[str, dict[str, str | None]] | None = (
        {str(k): dict(v) for k, v in s.mapping.items()} if s.mapping else None)
    return synthesise(
        cohort.table("codebook"), cohort.table("units"), cohort.table("participants"), attrs,
        mapping=mapping, saturation=plan, permutations=permutations,
        quotes_per_category=s.quotes_per_category, quote_min_words=s.quote_min_words,
        quote_max_words=s.quote_max_words,
        quote_age_bands=bands if bands else False, age_edges=bands,
        extra_subgroups=s.attributes,
        min_cell=max(s.min_cell, cfg.privacy.small_cell_k),
        suppress_small_cells=cfg.privacy.small_cell_k > 0,
        theme_descriptions=descriptions, facts=extra_facts,
        codebook_file=cohort.display(cfg.data_path("codebook") or Path("codebook")),
        units_file=cohort.display(cfg.data_path("units") or Path("units")),
        participants_file=cohort.display(cfg.data_path("participants") or Path("participants")),
        seed=cfg.seed,
    )


def precheck(cohort: Cohort) -> list[ReplicateError]:
    """Build the synthesis without the order permutations and without writing anything: a
    broken codebook hierarchy or a unit coded outside the codebook is found here."""
    try:
        _synthesise(cohort, permutations=0)
    except ReplicateError as exc:
        return [exc]
    return []


def compute(cohort: Cohort, run_dir: Path) -> StageResult:
    """Stage 40: Table 1, counts, saturation, quotes, subgroups and the comparison with the
    original study; write the artifacts."""
    from replicate.synthesis.counts import HEATMAP_MAX_ROWS

    res = _synthesise(cohort, permutations=cohort.config.synthesis.saturation.permutations)
    out = STAGE.result(cohort)
    out.summary = dict(res.summary)
    comp = res.comparison
    sub = comp[comp["level"] == "subcategory"]
    out.summary["comparison_by_subcategory"] = {
        str(r.original): str(r.status) for r in sub.itertuples() if isinstance(r.original, str)
    }
    out.summary["comparison_new_subcategories"] = sorted(
        str(r.new) for r in sub.itertuples() if r.status == "new")
    out.tables.update(res.tables())
    out.add_figure("theme_map", res.theme_map_figure(),
                   "Theme map: the themes as an educational process, with their categories.")
    out.add_figure("participant_category_heatmap", res.heatmap_figure(),
                   "Heatmap of meaning units per participant (rows) and category (columns)."
                   if len(res.matrix) <= HEATMAP_MAX_ROWS else
                   "Heatmap of how many participants had 0, 1, 2, 3–4, … meaning units "
                   "(rows) in each category (columns).")
    out.add_figure("code_discovery", res.discovery_figure(),
                   "Code-discovery curve: cumulative distinct codes by interview, in order.")
    out.notes["table1"] = Markup(res.table1_html())  # built by the package, labels escaped
    sat = res.saturation.to_dict()
    out.notes["saturation"] = str(sat.get("sentence") or sat.get("statement") or sat)
    out.write(Path(run_dir))
    return out


STAGE = Stage(
    number="40", slug="theme_synthesis", title="Theme synthesis", entry=compute,
    sections=("programme", "sampling", "synthesis", "privacy"),
    tables=("codebook", "units", "participants", "students", "mentors", "codings", "pilots"),
    requires=("codebook", "units", "participants"), precheck=precheck,
)


def theme_synthesis(config_path: str | Path, run_dir: str | Path) -> StageResult:
    """Run stage 40 from its notebook: load the cohort's tables and call :func:`compute`."""
    return STAGE.run(config_path, run_dir)
