"""Stage 30: coding reliability: the verdict and the disagreements to settle first (with the
consensus meeting's resolutions read back from ``reliability.resolutions``), then every
agreement statistic, per code."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from replicate.artifacts import StageResult
from replicate.cohort import Cohort
from replicate.errors import DataError, ReplicateError
from replicate.privacy.escaping import esc
from replicate.stage import Stage
from replicate.stages._common import problems_of

if TYPE_CHECKING:
    import pandas as pd

    from replicate.reliability import ReliabilityResult

__all__ = ["STAGE", "coding_reliability", "compute", "deep_check", "precheck"]


def _named(cohort: Cohort, exc: DataError) -> DataError:
    """The analysis knows the tables by name only: name the file."""
    if exc.file in (None, "codings", "units"):
        exc.file = cohort.data_file(exc.file or "codings")
    return exc


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
    except DataError as exc:
        raise _named(cohort, exc) from None


def _resolutions(cohort: Cohort) -> tuple[pd.DataFrame | None, list[ReplicateError]]:
    """The consensus meeting's filled-in list named by ``reliability.resolutions`` (None when
    no file is named) and its problems (unit ids of no double-coded unit, codes outside the
    codebook, a unit settled twice)."""
    from replicate.reliability import resolution_problems
    from replicate.tables import read_table

    rel = cohort.config.reliability.resolutions
    if rel is None:
        return None, []
    path = cohort.config.root / rel
    shown = cohort.display(path)
    try:
        frame = read_table(path, name=shown, expect=("unit_id", "resolution")).frame
    except DataError as exc:
        exc.location = exc.location or "reliability.resolutions"
        return None, [exc]
    codings = cohort.table("codings")
    per_unit = codings.groupby(codings["unit_id"].astype(str))["coder"].nunique()
    problems = resolution_problems(
        frame, double_coded=set(per_unit[per_unit >= 2].index),
        codes={str(c) for c in cohort.table("codebook")["code"]}, file=shown)
    return frame, list(problems)


def precheck(cohort: Cohort) -> list[ReplicateError]:
    """Check the codings without computing agreement: a single coder, a code outside the
    codebook, a coded unit missing from the units or no double-coded unit is found here, and
    every problem of the resolutions file."""
    from replicate.reliability import check_codings

    try:
        check_codings(cohort.table("codings"), cohort.table("units"),
                      categories=[str(c) for c in cohort.table("codebook")["code"]],
                      level=cohort.config.reliability.level)
    except DataError as exc:
        return [_named(cohort, exc)]
    except ReplicateError as exc:
        return [exc]
    return _resolutions(cohort)[1]


def deep_check(cohort: Cohort) -> list[ReplicateError]:
    """Compute the agreement figures without the bootstrap and without writing anything."""
    return problems_of(lambda: _analyse(cohort, n_boot=0))


def _consensus_note(n_open: int, n_settled: int, n_double: int, file: str | None) -> str:
    total = n_open + n_settled
    csv = f"[disagreement list](../artifacts/{STAGE.name}-disagreements.csv)"
    if total == 0:
        return f"The coders agreed on every one of the {n_double} double-coded units."
    units = f"{total} of the {n_double} double-coded unit{'s' if n_double != 1 else ''}"
    if file is None:
        return (f"**{total} disagreement{'s' if total != 1 else ''} to settle**, on {units}. "
                f"To record the meeting's decisions, copy the {csv} into the cohort folder, "
                "write the agreed code in its `resolution` column and name the file in "
                "`cohort.yaml` as `reliability.resolutions`; the next run shows which "
                "disagreements are settled.")
    if n_open == 0:
        head = ("The one disagreement is settled" if total == 1
                else f"All {total} disagreements are settled")
        return f"**{head}** in {esc(file, markdown=True)} ({units})."
    return (f"**{n_open} of {total} disagreements still to settle**; {n_settled} "
            f"{'is' if n_settled == 1 else 'are'} settled in {esc(file, markdown=True)} ({units}).")


def _by_whom(per_unit: pd.Series, n_coders: int) -> str:
    """Who coded the double-coded units: ``2 coders``, or with 3+ coders whether every unit
    had all of them (``3 coders``; ``2 or 3 of the 3 coders (24 by all 3)``).

    Examples
    --------
    >>> import pandas as pd
    >>> _by_whom(pd.Series([3, 3, 2, 1]), 3)
    '2 or 3 of the 3 coders (2 by all 3)'
    >>> _by_whom(pd.Series([2, 2]), 2), _by_whom(pd.Series([2, 4, 4]), 4)
    ('2 coders', '2–4 of the 4 coders (2 by all 4)')
    """
    counts = per_unit[per_unit >= 2]
    if counts.empty or int(counts.min()) == n_coders:
        return f"{n_coders} coders"
    low = int(counts.min())
    span = f"{low} or {n_coders}" if low + 1 == n_coders else f"{low}–{n_coders}"
    return f"{span} of the {n_coders} coders ({int((counts == n_coders).sum())} by all {n_coders})"


def compute(cohort: Cohort, run_dir: Path) -> StageResult:
    """Stage 30: the verdict and the disagreements to settle (with the resolutions read back),
    agreement statistics, per code; write the artifacts."""
    from replicate.reliability import MAX_HEATMAP_CODES, settle

    r = cohort.config.reliability
    res = _analyse(cohort, n_boot=r.bootstrap)
    resolutions, problems = _resolutions(cohort)
    if problems:
        raise problems[0]
    units = cohort.table("units")
    codings = cohort.table("codings")
    out = STAGE.result(cohort)
    out.summary = dict(res.summary)
    n_units = len(units)
    per_unit = codings.groupby("unit_id")["coder"].nunique()
    n_double = int((per_unit >= 2).sum())  # a unit one coder rated is not double-coded
    out.summary["double_coded"] = {
        "n_units_total": n_units, "n_units_double_coded": n_double,
        "fraction": n_double / n_units if n_units else None,
        "planned_fraction": r.double_coded_fraction,
    }
    out.tables.update(res.tables())
    if resolutions is not None:
        out.tables["disagreements"] = settle(out.tables["disagreements"], resolutions)
    settled = int((out.tables["disagreements"]["resolution"].astype(str) != "").sum())
    n_open = len(out.tables["disagreements"]) - settled
    out.summary["consensus"] = {"n_settled": settled, "n_open": n_open,
                                "resolutions": r.resolutions}
    n_coders = int(codings["coder"].nunique())
    n_codes = len(res.confusion)
    if n_codes <= MAX_HEATMAP_CODES:
        out.add_figure("confusion_heatmap", res.confusion_figure(),
                       "Confusion matrix of the two coders' codes on the double-coded units."
                       if n_coders == 2 else
                       f"Coincidence matrix of the {n_coders} coders' codes on the "
                       "double-coded units (every ordered pair of codes given to the same unit "
                       "by two coders).")
    else:
        out.notes["confusion_heatmap"] = (
            f"With {n_codes} codes the confusion matrix is too large to read on a page; it is "
            f"in the [CSV](../artifacts/{STAGE.name}-confusion.csv), and the pairs of codes "
            "the coders confused are listed here.")
    out.add_figure("kappa_chart", res.kappa_figure(),
                   "Cohen's kappa per code with Landis–Koch bands and Krippendorff's 0.667 and "
                   "0.800 lines.")
    out.notes["verdict"] = f"**Verdict.** {res.verdict}"
    out.notes["double_coded"] = (
        f"{n_double} of {n_units} meaning units ({n_double / n_units:.0%}) were coded "
        f"independently by {_by_whom(per_unit, n_coders)} "
        f"(planned: {r.double_coded_fraction:.0%})." if n_units else "No meaning units."
    )
    if "per_code_character" not in out.tables:
        out.notes["per_code_character"] = ("The units carry no character offsets (`start`, "
                                           "`end`), so NVivo's character-level comparison is "
                                           "not computed.")
    out.notes["consensus"] = _consensus_note(n_open, settled, n_double, r.resolutions)
    out.write(Path(run_dir))
    return out


STAGE = Stage(
    number="30", slug="coding_reliability", title="Coding reliability", entry=compute,
    sections=("reliability",), tables=("codings", "units", "codebook"),
    requires=("codings", "units", "codebook"), precheck=precheck, deep_check=deep_check,
    weight=3.2,  # seconds on the demo (bench/bench_pipeline.py): scheduling only
)


def coding_reliability(config_path: str | Path, run_dir: str | Path) -> StageResult:
    """Run stage 30 from its notebook: load the cohort's tables and call :func:`compute`."""
    return STAGE.run(config_path, run_dir)
