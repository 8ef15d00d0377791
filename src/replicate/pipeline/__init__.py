"""Running a cohort's stage notebooks and publishing the report atomically.

Each stage notebook is executed in-process with :func:`papermill.execute_notebook` (one fresh
kernel per notebook, shut down immediately), sanitised (no timings, fixed cell ids, no private
paths), rendered to HTML with :mod:`replicate.report`, and written into a build folder beside
the target, ``reports/.<id>.build-<pid>``. Only when every stage passed is the build folder
renamed into place; a failed or killed run leaves the previous report untouched.

Modules: :mod:`~replicate.pipeline.keys` (manifest inputs, stage keys),
:mod:`~replicate.pipeline.kernels` (one notebook in one kernel),
:mod:`~replicate.pipeline.publish` (pages, privacy gate, atomic swap, recovery) and
:mod:`~replicate.pipeline.run` (:func:`run_cohort`).
"""

from __future__ import annotations

from replicate.pipeline.kernels import KernelWatch, execute_stage
from replicate.pipeline.keys import manifest_inputs, stage_keys
from replicate.pipeline.publish import (
    check_publishable,
    prepare_out,
    publish,
    recover,
    render_stage,
    sanitise_notebook,
)
from replicate.pipeline.run import (
    RESERVED_PARAMS,
    RunResult,
    check_parameters,
    missing_inputs,
    run_cohort,
    stage_problems,
)

__all__ = [
    "RESERVED_PARAMS",
    "KernelWatch",
    "RunResult",
    "check_parameters",
    "check_publishable",
    "execute_stage",
    "manifest_inputs",
    "missing_inputs",
    "prepare_out",
    "publish",
    "recover",
    "render_stage",
    "run_cohort",
    "sanitise_notebook",
    "stage_keys",
    "stage_problems",
]
