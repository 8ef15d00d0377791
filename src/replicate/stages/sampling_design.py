"""Stage 10: sampling design (eligibility, maximum-variation sample, reserve, rationale)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from replicate.artifacts import StageResult
from replicate.cohort import Cohort
from replicate.errors import ReplicateError
from replicate.stage import Stage
from replicate.stages._common import problems_of

if TYPE_CHECKING:
    from replicate.sampling import SampleDesign

__all__ = ["STAGE", "compute", "eligibility_rules", "headline", "precheck",
           "sampling_design"]


def _design(cohort: Cohort) -> SampleDesign:
    # imported here, not at the top: every stage notebook imports replicate.stages, and each
    # needs only its own analysis package (together they take seconds to import)
    from replicate.sampling import design_sample

    cfg = cohort.config
    s = cfg.sampling
    sat = cfg.synthesis.saturation
    return design_sample(
        cohort.table("students"), cohort.table("mentors"),
        seed=cfg.seed, target_n=s.target_n, dimensions=s.dimensions,
        cutpoints={k: list(v) for k, v in s.cutpoints.items()} if s.cutpoints else None,
        quotas=s.quotas, min_meetings=s.min_meetings, exclude_pilot=s.exclude_pilot,
        interview_date=s.interview_date, max_days_after=s.max_days_after,
        reserve_n=s.reserve_n, declined=s.declined, invitations=s.invitations,
        participants=cohort.tables.get("participants"),
        information_power_profile={k: v.model_dump() for k, v in s.information_power.items()},
        saturation={"base": sat.base, "run": sat.run, "threshold": sat.threshold,
                    "run_step": sat.run_step},
        students_file=cohort.data_file("students"), mentors_file=cohort.data_file("mentors"),
        participants_file=cohort.data_file("participants"),
        config_file=cohort.display(cfg.path),
    )


def headline(summary: dict[str, Any]) -> str:
    """The stage's headline: the designed sample, labelled as such, and the students
    interviewed beside it (with how the two differ), from the design's summary."""
    text = f"**Designed sample:** {summary['sentence']}. {summary['mentor_sentence']}"
    group = summary.get("interviewed")
    if group:
        text += f" **Interviewed** (participants table): {group['sentence']}"
        if group["same_as_design"]:
            text += ", the designed sample."
        else:
            text += (f"; {group['not_in_design']} not in the designed sample, "
                     f"{group['design_not_interviewed']} of the designed sample not "
                     "interviewed.")
    if summary.get("n_invited") is None:
        text += (" Who was invited and who declined is not known (set "
                 "`sampling.invitations: as_designed` if the designed sample was invited).")
    return text


def eligibility_rules(summary: dict[str, Any]) -> str:
    """The eligibility rules the design applied (only those), from its summary.

    Examples
    --------
    >>> text = eligibility_rules({"eligibility": {
    ...     "min_meetings": 2, "exclude_pilot": False, "interview_window": None,
    ...     "max_days_after": 365}})
    >>> text.startswith("**Eligible:** at least 2 mentor meetings, consent to be contacted, ")
    True
    >>> "pilot" in text, "no time limit after the programme was applied" in text
    (False, True)
    """
    elig = summary["eligibility"]
    rules = [f"at least {elig['min_meetings']} mentor meetings", "consent to be contacted",
             "not withdrawn from the programme"]
    if elig.get("exclude_pilot"):
        rules.append("no part in a pilot interview")
    window = elig.get("interview_window")
    if window:
        rules.append(f"interviewed within {elig['max_days_after']} days after the programme "
                     f"ended (interviews {window[0]} to {window[1]})")
    text = "**Eligible:** " + ", ".join(rules) + "."
    if not window:
        text += (" No interview date was configured, so no time limit after the programme "
                 "was applied.")
    return text


def precheck(cohort: Cohort) -> list[ReplicateError]:
    """Draw the design without writing anything: an eligible pool smaller than the sample, no
    eligible student, an unknown dimension or a bad date is found here, before any kernel."""
    return problems_of(lambda: _design(cohort))


def compute(cohort: Cohort, run_dir: Path) -> StageResult:
    """Stage 10: draw the design, write its artifacts and the private pseudonym key.

    The key (student id → pseudonym) goes to ``<config folder>/<privacy.key_dir>/`` and never
    into the report folder.
    """
    from replicate.privacy import write_key

    cfg = cohort.config
    design = _design(cohort)
    run = Path(run_dir).resolve()
    key_path = cfg.root / cfg.privacy.key_dir / f"{cfg.study.id}-pseudonym-key.csv"
    key_path.parent.mkdir(parents=True, exist_ok=True)
    write_key(design.pseudonym_key(), key_path, report_folders=[run, run.parent / cfg.study.id])
    out = STAGE.result(cohort)
    out.summary = dict(design.summary)
    out.tables.update(design.report_tables())
    out.add_figure("flow_figure", design.flow_figure(),
                   "Flow of students: offered, eligible, designed sample and reserve, invited "
                   "and declined (when known), interviewed.")
    out.add_figure("sample_figure", design.sample_figure(),
                   "Age by gender of the eligible pool and the sample, students and mentors.")
    out.add_figure("information_power_figure", design.information_power_figure(),
                   "Information-power profile: five dimensions, shown, not scored.")
    out.notes["sentence"] = headline(design.summary)
    out.notes["eligibility"] = eligibility_rules(design.summary)
    out.write(run)
    return out


STAGE = Stage(
    number="10", slug="sampling_design", title="Sampling design", entry=compute,
    sections=("study", "sampling", "synthesis", "privacy"),
    tables=("students", "mentors", "participants"), requires=("students", "mentors"),
    precheck=precheck,
    weight=3.0,  # seconds on the demo (bench/bench_pipeline.py): scheduling only
)


def sampling_design(config_path: str | Path, run_dir: str | Path) -> StageResult:
    """Run stage 10 from its notebook: load the cohort's tables and call :func:`compute`."""
    return STAGE.run(config_path, run_dir)
