"""replicate: replicate Kalén, Ponzer & Silén (2012) on a cohort of your own.

The public surface. Notebooks import the stage functions from :mod:`replicate.stages`;
everything else a user or a notebook needs is re-exported here.
"""

from __future__ import annotations

__version__ = "0.1.0"

from replicate.artifacts import StageResult, read_summary, read_table
from replicate.cohort import Cohort, load_cohort, validate_cohort
from replicate.config import CohortConfig, load_config
from replicate.errors import (
    ArtifactError,
    ConfigError,
    DataError,
    PrivacyError,
    ReplicateError,
    StageError,
)
from replicate.pipeline import run_cohort
from replicate.stages import STAGES
from replicate.transcripts import Transcript, Turn, parse_transcript, read_transcript

__all__ = [
    "STAGES",
    "ArtifactError",
    "Cohort",
    "CohortConfig",
    "ConfigError",
    "DataError",
    "PrivacyError",
    "ReplicateError",
    "StageError",
    "StageResult",
    "Transcript",
    "Turn",
    "__version__",
    "load_cohort",
    "load_config",
    "parse_transcript",
    "read_summary",
    "read_table",
    "read_transcript",
    "run_cohort",
    "validate_cohort",
]
