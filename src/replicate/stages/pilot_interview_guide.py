"""Stage 20: interview-guide pilot checks (question flaws, structure, coverage, timing)."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pandas as pd

from replicate.artifacts import StageResult
from replicate.cohort import load_cohort
from replicate.errors import DataError

__all__ = ["pilot_interview_guide"]

STAGE = "20_pilot_interview_guide"


def pilot_interview_guide(config_path: str | Path, run_dir: str | Path) -> StageResult:
    """Run stage 20 and write its artifacts."""
    # imported here, not at the top: every stage notebook imports replicate.stages, and each
    # needs only its own analysis package (together they take seconds to import)
    from replicate.guide import analyse_pilots, coverage_heatmap, load_guide, talk_share_chart

    cohort = load_cohort(config_path, transcripts=False)  # tables only: validated by the run
    cfg = cohort.config
    g = cfg.guide
    guide_path = cfg.data_path("guide")
    pilots = cfg.data_path("pilots")
    if guide_path is None or pilots is None:
        raise DataError("stage 20 needs 'data.guide' and 'data.pilots' in the config",
                        file=cohort.display(cfg.path), location="data")
    guide = load_guide(guide_path)
    paths = sorted(p for p in pilots.iterdir() if p.suffix.lower() == ".txt")
    report = analyse_pilots(
        guide, paths, match_threshold=g.match_threshold, words_per_minute=g.words_per_minute,
        glossary=g.glossary, whitelist=g.whitelist, max_talk_share=g.max_talk_share,
    )
    out = StageResult(STAGE)
    out.summary = dict(report.summary)
    out.summary["n_pilots_planned"] = g.pilot_interviews
    out.summary["guide_version"] = guide.version
    for f in fields(report):
        value = getattr(report, f.name)
        if isinstance(value, pd.DataFrame):
            out.tables[f.name] = value
    out.add_figure("coverage_heatmap", coverage_heatmap(report),
                   "Heatmap of which guide questions were asked in each pilot interview.")
    out.add_figure("talk_share_chart", talk_share_chart(report, max_talk_share=g.max_talk_share),
                   "Interviewer and participant share of the words in each pilot interview.")
    unasked = ", ".join(report.unasked) if report.unasked else "none"
    out.notes["headline"] = (
        f"Guide version {guide.version} ({guide.language}); {len(paths)} pilot interviews "
        f"({g.pilot_interviews} planned). Questions never asked in any pilot: **{unasked}**."
    )
    out.write(Path(run_dir))
    return out
