"""Stage 30: coding reliability (every agreement statistic, per code, for the consensus meeting)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from replicate.artifacts import StageResult
from replicate.cohort import Cohort
from replicate.errors import DataError, ReplicateError
from replicate.stage import Stage

if TYPE_CHECKING:
    from replicate.reliability import ReliabilityResult

__all__ = ["STAGE", "coding_reliability", "compute", "precheck"]


def _analyse(cohort: Cohort, *, n_boot: int) -> ReliabilityResult:
    # imported here, not at the top: every stage notebook imports replicate.stages, and each
    # needs only its own analysis package (together they take seconds to import)
    from replicate.reliability import analyse_reliability

    cfg = cohort.config
    r = cfg.reliability
    try:
        return analyse_reliability(
            cohort.table("codings"), cohort.table("units"),
            thresholds={str(k): v for k, v in r.thresholds.items()},
            seed=cfg.seed, n_boot=n_boot,
            categories=[str(c) for c in cohort.table("codebook")["code"]], level=r.level,
        )  # character-level denominator: the double-coded units' characters, not transcripts
    except DataError as exc:  # the analysis knows the tables by name only: name the file
        if exc.file in (None, "codings", "units"):
            key = exc.file or "codings"
            exc.file = cohort.display(cfg.data_path(key) or Path(key))
        raise


def precheck(cohort: Cohort) -> list[ReplicateError]:
    """Compute the agreement figures without the bootstrap and without writing anything: a
    single coder, a code outside the codebook or no double-coded unit is found here."""
    try:
        _analyse(cohort, n_boot=0)
    except ReplicateError as exc:
        return [exc]
    return []


def compute(cohort: Cohort, run_dir: Path) -> StageResult:
    """Stage 30: agreement statistics, per code, the disagreement list; write the artifacts."""
    r = cohort.config.reliability
    res = _analyse(cohort, n_boot=r.bootstrap)
    units = cohort.table("units")
    codings = cohort.table("codings")
    out = STAGE.result(cohort)
    out.summary = dict(res.summary)
    n_units = len(units)
    n_double = int(codings["unit_id"].nunique())
    out.summary["double_coded"] = {
        "n_units_total": n_units, "n_units_double_coded": n_double,
        "fraction": n_double / n_units if n_units else None,
        "planned_fraction": r.double_coded_fraction,
    }
    out.tables.update(res.tables())
    n_coders = int(codings["coder"].nunique())
    out.add_figure("confusion_heatmap", res.confusion_figure(),
                   "Confusion matrix of the two coders' codes on the double-coded units."
                   if n_coders == 2 else
                   f"Coincidence matrix of the {n_coders} coders' codes on the double-coded "
                   "units (every ordered pair of codes given to the same unit by two coders).")
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


STAGE = Stage(
    number="30", slug="coding_reliability", title="Coding reliability", entry=compute,
    sections=("reliability",), tables=("codings", "units", "codebook"),
    requires=("codings", "units", "codebook"), precheck=precheck,
)


def coding_reliability(config_path: str | Path, run_dir: str | Path) -> StageResult:
    """Run stage 30 from its notebook: load the cohort's tables and call :func:`compute`."""
    return STAGE.run(config_path, run_dir)
