"""The generated write-up: a manuscript-style report built from the stage artifacts.

The write-up reads the artifacts of stages 10–40 (never recomputes them) and writes
``index.html`` (self-contained, offline, print stylesheet) and ``write-up.md`` (the same text,
for the authors' own editor), with COREQ's 32 items and SRQR's 21 standards filled from the
data and the config where possible and marked "to complete by the authors" otherwise
(methodology.md §4). The notebook calls :func:`replicate.stages.writeup_stage.write_up`, which
uses :func:`build_write_up`.

Modules: :mod:`~replicate.writeup.evidence` (what is read), :mod:`~replicate.writeup.methods`,
:mod:`~replicate.writeup.results`, :mod:`~replicate.writeup.frame` (sections),
:mod:`~replicate.writeup.checklists` (COREQ/SRQR), :mod:`~replicate.writeup.i18n` (English and
Swedish), :mod:`~replicate.writeup.render` (Markdown → offline HTML),
:mod:`~replicate.writeup.document` (assembly).
"""

from __future__ import annotations

from replicate.writeup.checklists import (
    Checklist,
    ChecklistEntry,
    ChecklistItem,
    fill_checklist,
    load_checklist,
)
from replicate.writeup.document import WriteUp, build_write_up, compose
from replicate.writeup.evidence import (
    OPTIONAL_STAGES,
    REQUIRED_STAGES,
    Evidence,
    collect_evidence,
)
from replicate.writeup.i18n import TO_COMPLETE, Text
from replicate.writeup.render import markdown_to_html

__all__ = [
    "OPTIONAL_STAGES",
    "REQUIRED_STAGES",
    "TO_COMPLETE",
    "Checklist",
    "ChecklistEntry",
    "ChecklistItem",
    "Evidence",
    "Text",
    "WriteUp",
    "build_write_up",
    "collect_evidence",
    "compose",
    "fill_checklist",
    "load_checklist",
    "markdown_to_html",
]
