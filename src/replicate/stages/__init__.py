"""The seven stages: one module each, named after the stage, declaring its :class:`Stage`.

Every module ``replicate/stages/<slug>.py`` has the same three names:

- ``compute(cohort, run_dir) -> StageResult``: the analysis call, writing the artifacts (the
  stage record's entry function);
- ``STAGE``: the stage's :class:`replicate.stage.Stage` record (what it reads and writes);
- ``<slug>(config_path, run_dir) -> StageResult``: what the stage notebook calls (loads the
  cohort as the record says and calls ``compute``).

:data:`STAGES` is the registry the pipeline, ``replicate validate`` and the docs derive from.
"""

from __future__ import annotations

from replicate.artifacts import StageResult
from replicate.stage import Stage
from replicate.stages.coding_reliability import STAGE as _S30
from replicate.stages.coding_reliability import coding_reliability
from replicate.stages.cohort_overview import STAGE as _S00
from replicate.stages.cohort_overview import cohort_overview
from replicate.stages.machine_coding import STAGE as _S35
from replicate.stages.machine_coding import machine_coding
from replicate.stages.pilot_interview_guide import STAGE as _S20
from replicate.stages.pilot_interview_guide import pilot_interview_guide
from replicate.stages.sampling_design import STAGE as _S10
from replicate.stages.sampling_design import sampling_design
from replicate.stages.theme_synthesis import STAGE as _S40
from replicate.stages.theme_synthesis import theme_synthesis
from replicate.stages.write_up import STAGE as _S50
from replicate.stages.write_up import write_up

__all__ = [
    "STAGES",
    "coding_reliability",
    "cohort_overview",
    "machine_coding",
    "pilot_interview_guide",
    "run_stage",
    "sampling_design",
    "stage_named",
    "stage_table",
    "theme_synthesis",
    "write_up",
]

#: The built-in stages, in order.
STAGES: tuple[Stage, ...] = (_S00, _S10, _S20, _S30, _S35, _S40, _S50)


def stage_named(name: str) -> Stage:
    """The built-in stage called ``name`` (``"10_sampling_design"``) or numbered ``name``.

    Raises
    ------
    KeyError
        No such stage.

    Examples
    --------
    >>> stage_named("30").title
    'Coding reliability'
    """
    for s in STAGES:
        if name in (s.name, s.number):
            return s
    raise KeyError(f"no stage {name!r}; stages: {', '.join(s.name for s in STAGES)}")


def run_stage(name: str, config_path: str, run_dir: str) -> StageResult:
    """Run the built-in stage ``name`` as its notebook does."""
    return stage_named(name).run(config_path, run_dir)


def stage_table(stages: tuple[Stage, ...] = STAGES) -> str:
    """The stage table of ``docs/architecture.md`` (Markdown), derived from the declarations;
    a test keeps the page equal to it."""
    rows = ["| stage | title | module | reads config | reads data | reads artifacts of | "
            "needs |", "|---|---|---|---|---|---|---|"]
    for s in stages:
        ups = ", ".join(u[:2] for u in s.artifacts) or "–"
        rows.append(f"| {s.number} | {s.title} | `stages/{s.slug}.py` | "
                    f"{', '.join(s.sections) or '–'} | {', '.join(s.tables) or '–'} | {ups} | "
                    f"{', '.join(s.requires) or '–'} |")
    return "\n".join(rows) + "\n"
