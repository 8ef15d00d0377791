"""Stage 30: coding reliability (every agreement statistic, per code, for the consensus meeting)."""

from __future__ import annotations

from pathlib import Path

from replicate.artifacts import StageResult
from replicate.cohort import load_cohort

__all__ = ["coding_reliability"]

STAGE = "30_coding_reliability"


def coding_reliability(config_path: str | Path, run_dir: str | Path) -> StageResult:
    """Run stage 30 and write its artifacts."""
    # imported here, not at the top: every stage notebook imports replicate.stages, and each
    # needs only its own analysis package (together they take seconds to import)
    from replicate.reliability import analyse_reliability

    cohort = load_cohort(config_path, transcripts=False)  # tables only: validated by the run
    cfg = cohort.config
    r = cfg.reliability
    codebook = cohort.table("codebook")
    units = cohort.table("units")
    codings = cohort.table("codings")
    res = analyse_reliability(
        codings, units, thresholds={str(k): v for k, v in r.thresholds.items()},
        seed=cfg.seed, n_boot=r.bootstrap,
        categories=[str(c) for c in codebook["code"]], level=r.level,
    )  # character-level denominator: the double-coded units' characters, not whole transcripts
    out = StageResult(STAGE)
    out.summary = dict(res.summary)
    n_units = len(units)
    n_double = int(codings["unit_id"].nunique())
    out.summary["double_coded"] = {
        "n_units_total": n_units, "n_units_double_coded": n_double,
        "fraction": n_double / n_units if n_units else None,
        "planned_fraction": r.double_coded_fraction,
    }
    out.tables.update(res.tables())
    out.add_figure("confusion_heatmap", res.confusion_figure(),
                   "Confusion matrix of the two coders' codes on the double-coded units.")
    out.add_figure("kappa_chart", res.kappa_figure(),
                   "Cohen's kappa per code with Landis–Koch bands and Krippendorff's 0.667 and "
                   "0.800 lines.")
    out.notes["verdict"] = f"**Verdict.** {res.verdict}"
    out.notes["double_coded"] = (
        f"{n_double} of {n_units} meaning units ({n_double / n_units:.0%}) were coded "
        f"independently by {codings['coder'].nunique()} coders "
        f"(planned: {r.double_coded_fraction:.0%})." if n_units else "No meaning units."
    )
    out.write(Path(run_dir))
    return out
