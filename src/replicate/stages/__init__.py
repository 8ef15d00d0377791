"""Stage entry points: one function per notebook, each returning a :class:`StageResult`.

A notebook calls exactly one of these with its two parameters (``config_path``, ``run_dir``);
the function loads the cohort, calls the analysis modules, writes the artifacts and returns
the result for display.
"""

from __future__ import annotations

from replicate.stages.guide_stage import pilot_interview_guide
from replicate.stages.overview import overview
from replicate.stages.reliability_stage import coding_reliability
from replicate.stages.sampling_stage import sampling_design
from replicate.stages.synthesis_stage import theme_synthesis
from replicate.stages.writeup_stage import write_up

__all__ = [
    "coding_reliability",
    "overview",
    "pilot_interview_guide",
    "sampling_design",
    "theme_synthesis",
    "write_up",
]
