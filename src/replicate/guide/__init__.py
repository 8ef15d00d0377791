"""Interview-guide checks and pilot-interview analysis (notebook 20).

Methodology: ``docs/guide-checks.md`` and methodology.md §2 (Kallio et al. 2016;
Castillo-Montoya 2016; the question-flaw rules of §2.3 and the pilot metrics of §2.4).
The notebook calls :func:`load_guide` and :func:`analyse_pilots`, then shows
``report.checklist`` and the figures from :func:`coverage_heatmap` and
:func:`talk_share_chart`; :func:`measured_rule_scores` gives the measured precision and
recall of each wording rule to print beside the flags.
"""

from __future__ import annotations

from replicate.guide._figures import coverage_heatmap, talk_share_chart
from replicate.guide.analysis import (
    PILOT_TABLE_COLUMNS,
    PilotReport,
    analyse_pilots,
    analyse_transcripts,
)
from replicate.guide.changelog import CHANGE_COLUMNS, change_log, word_diff
from replicate.guide.checklist import CHECKLIST_COLUMNS, revision_checklist
from replicate.guide.evaluation import (
    MEASURED_COLUMNS,
    SCORE_COLUMNS,
    measured_rule_scores,
    rule_scores,
)
from replicate.guide.flaws import GUIDE_FLAG_COLUMNS, RULES, Flag, check_guide, check_question
from replicate.guide.matching import TurnMatch, match_turns, similarity_matrix
from replicate.guide.model import (
    Area,
    Change,
    Guide,
    Question,
    load_guide,
    load_previous,
    parse_guide,
)
from replicate.guide.readability import (
    flesch_kincaid_grade,
    guide_readability,
    lix,
    lix_band,
    readability_table,
)
from replicate.guide.structure import check_structure, protocol_matrix

__all__ = [
    "CHANGE_COLUMNS",
    "CHECKLIST_COLUMNS",
    "GUIDE_FLAG_COLUMNS",
    "MEASURED_COLUMNS",
    "PILOT_TABLE_COLUMNS",
    "RULES",
    "SCORE_COLUMNS",
    "Area",
    "Change",
    "Flag",
    "Guide",
    "PilotReport",
    "Question",
    "TurnMatch",
    "analyse_pilots",
    "analyse_transcripts",
    "change_log",
    "check_guide",
    "check_question",
    "check_structure",
    "coverage_heatmap",
    "flesch_kincaid_grade",
    "guide_readability",
    "lix",
    "lix_band",
    "load_guide",
    "load_previous",
    "match_turns",
    "measured_rule_scores",
    "parse_guide",
    "protocol_matrix",
    "readability_table",
    "revision_checklist",
    "rule_scores",
    "similarity_matrix",
    "talk_share_chart",
    "word_diff",
]
