"""Stage 50: the write-up (``index.html``, ``write-up.md``, ``write-up.docx`` and
``checklists.docx``) from the artifacts of 10–40 (and of 35 when it ran) and the authors'
files."""

from __future__ import annotations

from pathlib import Path

from replicate.artifacts import StageResult
from replicate.cohort import Cohort
from replicate.stage import Stage
from replicate.stages._common import eligible_pool, participant_attributes

__all__ = ["STAGE", "compute", "write_up"]


def compute(cohort: Cohort, run_dir: Path) -> StageResult:
    """Stage 50: write ``index.html``, ``write-up.md``, the Word files and the stage's
    artifacts.

    Parameters
    ----------
    cohort : Cohort
        The cohort (tables only).
    run_dir : Path
        The report folder holding the artifacts of stages 10–40 (and 35, read when there).

    Returns
    -------
    StageResult
        Summary keys ``coreq``, ``srqr`` (one entry per item: ``checklist, number, item,
        fill, status, filled, text, section``), ``numbers`` (every number shown, with the
        artifact and key it came from), ``to_complete``, the SHA-256 of ``write-up.md``
        and of its sections (:mod:`replicate.writeup.guard`); tables ``coreq``, ``srqr``,
        ``to_complete``; notes ``summary`` and ``to_complete``.

    Raises
    ------
    ArtifactError
        An artifact of stages 10–40 is missing; the message names the stage to run first.
    """
    # imported here, not at the top: every stage notebook imports replicate.stages, and each
    # needs only its own analysis package (together they take seconds to import)
    from replicate.writeup import build_write_up

    run = Path(run_dir)
    doc = build_write_up(cohort, run, attributes=participant_attributes(cohort),
                         pool=eligible_pool(cohort))
    doc.write(run)
    out = STAGE.result(cohort)
    out.summary = doc.summary()
    out.tables["coreq"] = doc.checklist_frame("coreq")
    out.tables["srqr"] = doc.checklist_frame("srqr")
    out.tables["to_complete"] = doc.to_complete_frame()
    s = out.summary
    author_dir = cohort.config.writeup.author_dir.rstrip("/\\")
    out.notes["summary"] = (
        f"The write-up is `index.html` (also `write-up.docx` for co-authors in Word, and "
        f"`write-up.md`; the checklists as Word tables in `checklists.docx`). It is rewritten "
        f"on every run: the authors' text goes in the files under `{author_dir}/`. COREQ: "
        f"{s['coreq_filled']} of {len(doc.coreq)} items reported; SRQR: {s['srqr_filled']} of "
        f"{len(doc.srqr)} standards reported; {len(doc.to_complete)} parts still to complete "
        "by the authors."
    )
    out.notes["to_complete"] = "\n".join(
        f"- **{item['what']}** ({item['section']}): {item['how']}" for item in doc.to_complete
    ) or "Nothing left to complete."
    out.write(run)
    return out


STAGE = Stage(
    number="50", slug="write_up", title="Write-up", entry=compute,
    sections=("study", "programme", "sampling", "guide", "reliability", "synthesis", "privacy",
              "writeup"),
    tables=("students", "mentors", "participants", "codebook", "guide"),
    # 35 is read only when it ran (its paragraph); declared so that it runs first and its
    # key is part of this stage's key (an absent upstream stage keys as "absent")
    artifacts=("10_sampling_design", "20_pilot_interview_guide", "30_coding_reliability",
               "35_machine_coding", "40_theme_synthesis"),
    writes=("index.html", "write-up.md", "write-up.docx", "checklists.docx"),
    weight=2.9,  # seconds on the demo (bench/bench_pipeline.py): scheduling only
)


def write_up(config_path: str | Path, run_dir: str | Path) -> StageResult:
    """Run stage 50 from its notebook: load the cohort's tables and call :func:`compute`."""
    return STAGE.run(config_path, run_dir)
