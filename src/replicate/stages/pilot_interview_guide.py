"""Stage 20: interview-guide pilot checks (question flaws, structure, coverage, timing)."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from replicate.artifacts import StageResult
from replicate.cohort import Cohort
from replicate.errors import DataError, ReplicateError
from replicate.stage import Stage

if TYPE_CHECKING:
    from replicate.guide import Guide, PilotReport

__all__ = ["STAGE", "compute", "pilot_interview_guide", "precheck", "rule_accuracy"]


def _analyse(cohort: Cohort) -> tuple[Guide, list[Path], PilotReport]:
    # imported here, not at the top: every stage notebook imports replicate.stages, and each
    # needs only its own analysis package (together they take seconds to import)
    from replicate.guide import analyse_pilots, load_guide

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
    return guide, paths, report


def precheck(cohort: Cohort) -> list[ReplicateError]:
    """Load the guide and match the pilots to it, without writing anything."""
    try:
        _analyse(cohort)
    except ReplicateError as exc:
        return [exc]
    return []


def compute(cohort: Cohort, run_dir: Path) -> StageResult:
    """Stage 20: check the guide's questions and the pilots against it; write the artifacts."""
    from replicate.guide import coverage_heatmap, talk_share_chart

    g = cohort.config.guide
    guide, paths, report = _analyse(cohort)
    out = STAGE.result(cohort)
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
    out.tables["rule_accuracy"] = rule_accuracy(guide.language, out.tables.get("guide_flags"))
    unasked = ", ".join(report.unasked) if report.unasked else "none"
    out.notes["headline"] = (
        f"Guide version {guide.version} ({guide.language}); {len(paths)} pilot "
        f"interview{'' if len(paths) == 1 else 's'} ({g.pilot_interviews} planned). Questions "
        f"never asked in any pilot: **{unasked}**."
    )
    out.write(Path(run_dir))
    return out


def rule_accuracy(language: str, flags: pd.DataFrame | None) -> pd.DataFrame:
    """How often each question-flaw rule is right, beside how often it fired in this guide.

    The figures are measured on replicate's labelled set of interview questions and probes in
    the guide's language (:func:`replicate.guide.measured_rule_scores`, ``split == "all"``),
    not on this guide: they say how far a flag can be trusted.

    Parameters
    ----------
    language : {"en", "sv"}
        The guide's language.
    flags : DataFrame or None
        The guide's flags (column ``rule``), or None.

    Returns
    -------
    DataFrame
        Columns ``rule, flags_here, labelled, precision, recall`` (``labelled``: questions of
        the labelled set that have the flaw).

    Examples
    --------
    >>> import pandas as pd
    >>> acc = rule_accuracy("en", pd.DataFrame({"rule": ["closed", "closed"]}))
    >>> int(acc.set_index("rule").loc["closed", "flags_here"])
    2
    """
    from replicate.guide import measured_rule_scores

    scores = measured_rule_scores()
    mine = scores[(scores["split"] == "all") & (scores["language"] == language)]
    fired = (flags["rule"].value_counts() if flags is not None and "rule" in flags.columns
             else pd.Series(dtype="int64"))
    return pd.DataFrame({
        "rule": mine["rule"].to_numpy(),
        "flags_here": [int(fired.get(r, 0)) for r in mine["rule"]],
        "labelled": (mine["tp"] + mine["fn"]).astype("int64").to_numpy(),
        "precision": mine["precision"].to_numpy(),
        "recall": mine["recall"].to_numpy(),
    })


STAGE = Stage(
    number="20", slug="pilot_interview_guide", title="Interview-guide pilot checks",
    entry=compute, sections=("guide",), tables=("guide", "pilots"),
    requires=("guide", "pilots"), precheck=precheck,
    weight=4.0,  # seconds on the demo (bench/bench_pipeline.py): scheduling only
)


def pilot_interview_guide(config_path: str | Path, run_dir: str | Path) -> StageResult:
    """Run stage 20 from its notebook: load the cohort's tables and call :func:`compute`."""
    return STAGE.run(config_path, run_dir)
