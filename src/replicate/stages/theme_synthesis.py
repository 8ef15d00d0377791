"""Stage 40: theme synthesis (Table 1, counts, saturation, quotes, subgroups, comparison)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from replicate.artifacts import StageResult
from replicate.cohort import Cohort
from replicate.errors import ReplicateError
from replicate.stage import Stage
from replicate.stages._common import eligible_pool, participant_attributes, problems_of

if TYPE_CHECKING:
    from replicate.privacy import Coarsening
    from replicate.synthesis import SynthesisResult

__all__ = ["STAGE", "compute", "deep_check", "precheck", "theme_synthesis"]


def _band_edges(attrs: pd.DataFrame, width: int) -> list[int] | None:
    """Cut-points every ``width`` years around the participants' ages (bands "25–29", …),
    the same bands the write-up's participant table uses (``privacy.age_band_width``)."""
    ages = pd.to_numeric(attrs["age"], errors="coerce").dropna() if "age" in attrs else None
    if ages is None or ages.empty:
        return None
    lo = int(ages.min()) // width * width
    hi = int(ages.max()) // width * width
    return list(range(lo, hi + width + 1, width))


def _years_after(cohort: Cohort) -> list[float] | None:
    """Years from each interviewee's programme end to the interview, as ``[min, max]``
    (one decimal), when the participants' interview dates and the students' programme end
    dates are both there; else None."""
    parts, students = cohort.tables.get("participants"), cohort.tables.get("students")
    if parts is None or students is None or "interview_date" not in parts.columns \
            or "programme_end" not in students.columns:
        return None
    ends = dict(zip(students["student_id"].astype(str),
                    pd.to_datetime(students["programme_end"], errors="coerce"), strict=True))
    dates = pd.to_datetime(parts["interview_date"], errors="coerce")
    gaps = [(d - ends[str(sid)]).days / 365.25
            for sid, d in zip(parts["student_id"].astype(str), dates, strict=True)
            if pd.notna(d) and pd.notna(ends.get(str(sid)))]
    if not gaps:
        return None
    return [round(min(gaps), 1), round(max(gaps), 1)]


def _protected(cohort: Cohort, res: SynthesisResult, attrs: pd.DataFrame,
               pool: pd.DataFrame, merged: list[Coarsening]) -> tuple[SynthesisResult, list[str]]:
    """The result with quote attributions whose gender × age at least ``privacy.min_cell``
    people of the eligible pool share (:func:`replicate.privacy.coarsen`), and the kinds of
    coarsening done (the subgroups' rare categories were merged before)."""
    from dataclasses import replace

    from replicate.privacy import coarsen, coarsening_kinds
    from replicate.synthesis import attribution

    p = cohort.config.privacy
    # only the attributes the cohort has (a codebook-only import has no roster)
    cols = [c for c in ("gender", "age") if c in attrs.columns and c in pool.columns]
    if not cols:
        return res, coarsening_kinds(merged)
    shown, coarsened = coarsen(attrs, cols, pool, p.min_cell,
                               age_width=p.age_band_width, exact_ages=not p.band_ages)
    quotes = res.quotes.assign(attribution=[attribution(str(who), shown)
                                            for who in res.quotes["participant"].tolist()])
    return replace(res, quotes=quotes), coarsening_kinds([*merged, *coarsened])


def _synthesise(cohort: Cohort, *, permutations: int) -> tuple[SynthesisResult, list[str]]:
    # imported here, not at the top: every stage notebook imports replicate.stages, and each
    # needs only its own analysis package (together they take seconds to import)
    from replicate.privacy import merge_rare
    from replicate.synthesis import SaturationPlan, synthesise

    cfg = cohort.config
    s = cfg.synthesis
    exact = participant_attributes(cohort)
    pool = eligible_pool(cohort)
    # subgroups and facts show one attribute at a time: rare categories merged (min_cell)
    attrs, merged = merge_rare(exact, ("gender", "mentor_gender"), pool, cfg.privacy.min_cell)
    # Only the authors' descriptions: the original's Fig. 1 roles are the original's
    # interpretation and are never drawn under this cohort's themes (issue 17).
    descriptions: dict[str, str | tuple[str, ...]] = dict(s.theme_descriptions)
    plan = SaturationPlan(base=s.saturation.base, run=s.saturation.run,
                          threshold=s.saturation.threshold, run_step=s.saturation.run_step)
    extra_facts: dict[str, object] = {
        "n_offered": cfg.programme.students_offered,
        "min_meetings": cfg.sampling.min_meetings,
        "n_pilots": len(cohort.pilots),
    }
    if "codings" in cohort.tables:
        extra_facts["n_coders"] = int(cohort.tables["codings"]["coder"].nunique())
    if cfg.writeup.software:
        extra_facts["software"] = cfg.writeup.software
    if (years := _years_after(cohort)) is not None:
        extra_facts["years_after_programme"] = years
    bands = _band_edges(attrs, cfg.privacy.age_band_width) if cfg.privacy.band_ages else None
    mapping: dict[str, dict[str, str | None]] | None = (
        {str(k): dict(v) for k, v in s.mapping.items()} if s.mapping else None)
    files = _files(cohort)
    res = synthesise(
        cohort.table("codebook"), cohort.table("units"), cohort.table("participants"), attrs,
        mapping=mapping, saturation=plan, permutations=permutations,
        quotes_per_category=s.quotes_per_category, quote_min_words=s.quote_min_words,
        quote_max_words=s.quote_max_words,
        quote_age_bands=bands if bands else False, age_edges=bands,
        extra_subgroups=s.attributes,
        min_cell=max(s.min_cell, cfg.privacy.min_cell),
        suppress_small_cells=cfg.privacy.suppress_small_cells,
        theme_descriptions=descriptions, facts=extra_facts,
        codebook_file=files["codebook_file"], units_file=files["units_file"],
        participants_file=files["participants_file"], seed=cfg.seed,
    )
    return _protected(cohort, res, exact, pool, merged)


def _files(cohort: Cohort) -> dict[str, str]:
    """The three tables' files as error messages name them."""
    return {f"{key}_file": cohort.data_file(key) for key in ("codebook", "units", "participants")}


def precheck(cohort: Cohort) -> list[ReplicateError]:
    """Check the codebook hierarchy, the pseudonyms and the units' codes and participants
    without building the synthesis."""
    from replicate.synthesis import build_hierarchy, coded_units, pseudonyms

    files = _files(cohort)
    participants = cohort.table("participants")
    try:
        hierarchy = build_hierarchy(cohort.table("codebook"), file=files["codebook_file"])
        pseudonyms(participants, file=files["participants_file"])
        coded_units(cohort.table("units"), hierarchy, participants,
                    units_file=files["units_file"], codebook_file=files["codebook_file"],
                    participants_file=files["participants_file"])
    except ReplicateError as exc:
        return [exc]
    return []


def deep_check(cohort: Cohort) -> list[ReplicateError]:
    """Build the synthesis without the order permutations and without writing anything."""
    return problems_of(lambda: _synthesise(cohort, permutations=0))


def compute(cohort: Cohort, run_dir: Path) -> StageResult:
    """Stage 40: Table 1, counts, saturation, quotes, subgroups and the comparison with the
    original study; write the artifacts."""
    from replicate.synthesis.counts import HEATMAP_MAX_ROWS

    res, coarsened = _synthesise(cohort,
                                 permutations=cohort.config.synthesis.saturation.permutations)
    out = STAGE.result(cohort)
    out.summary = dict(res.summary)
    out.summary["coarsened"] = coarsened  # kinds only (privacy.min_cell), never who
    comp = res.comparison
    sub = comp[comp["level"] == "subcategory"]
    out.summary["comparison_by_subcategory"] = {
        str(r.original): str(r.status) for r in sub.itertuples() if isinstance(r.original, str)
    }
    out.summary["comparison_new_subcategories"] = sorted(
        str(r.new) for r in sub.itertuples() if r.status == "new")
    out.tables.update(res.tables())
    out.add_figure("theme_map", res.theme_map_figure(),
                   "Theme map: this cohort's themes and their categories, laid out in sequence as "
                   "the original's Figure 1 lays out its themes.")
    out.add_figure("participant_category_heatmap", res.heatmap_figure(),
                   "Heatmap of meaning units per participant (rows) and category (columns)."
                   if len(res.matrix) <= HEATMAP_MAX_ROWS else
                   "Heatmap of how many participants had 0, 1, 2, 3–4, … meaning units "
                   "(rows) in each category (columns).")
    out.add_figure("code_discovery", res.discovery_figure(),
                   "Code-discovery curve: cumulative distinct codes by interview, in order.")
    sat = res.saturation.to_dict()
    out.notes["saturation"] = str(sat.get("sentence") or sat.get("statement") or sat)
    out.write(Path(run_dir))
    return out


STAGE = Stage(
    number="40", slug="theme_synthesis", title="Theme synthesis", entry=compute,
    sections=("programme", "sampling", "synthesis", "privacy", "writeup"),
    tables=("codebook", "units", "participants", "students", "mentors", "codings", "pilots"),
    requires=("codebook", "units", "participants"), precheck=precheck,
    deep_check=deep_check,
    weight=3.0,  # seconds on the demo (bench/bench_pipeline.py): scheduling only
)


def theme_synthesis(config_path: str | Path, run_dir: str | Path) -> StageResult:
    """Run stage 40 from its notebook: load the cohort's tables and call :func:`compute`."""
    return STAGE.run(config_path, run_dir)
