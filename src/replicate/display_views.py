"""What each stage table and figure shows on its page: caption, one line, and display rules.

The registry :data:`VIEWS` is keyed ``"<stage>/<table>"`` (``"30_coding_reliability/per_code"``)
and says, for the page only, how a table reads: its caption and "what this shows" line, the
columns it hides (ids the labels repeat, duplicates), how many rows it shows before the rest
goes behind ``<details>`` or to the CSV, a selection (per-code rows pooled over transcripts),
the order, grouping and merged cells. The artifact CSVs are never changed by a view.

A view may also show a *second* selection of a table under its own name (``source``): the
disagreements still to settle and those settled are two views of one artifact.
:data:`FIGURES` holds the figures' captions (their alt text is the line below). Tables and
figures without an entry get a caption from their name (:func:`view_for`);
``tests/test_display.py`` checks that every table a stage writes has an entry.

Every caption and line here must be true for any cohort: 2–5 coders, any codebook, any
gender categories.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from replicate.display_cells import header

__all__ = ["FIGURES", "VIEWS", "View", "figure_caption", "view_for"]

Select = Callable[[pd.DataFrame], pd.DataFrame]


@dataclass(frozen=True)
class View:
    """How one table reads on a page.

    Parameters
    ----------
    caption : str
        The table's title.
    what : str, default=""
        One line: what the table shows.
    hide : tuple of str, default=()
        Columns not shown (still in the CSV).
    same : tuple of (str, str), default=()
        ``(drop, keep)``: ``drop`` is not shown when it equals ``keep`` on every row.
    constant : tuple of str, default=()
        Columns stated once under the caption when every row has the same value.
    long_text : str or None, default=None
        A column shown as a list below the table (first column → text), not as a column.
    labels : tuple of str, default=()
        Columns whose ``snake_case`` values read as words (``student_gender`` → "Student
        gender").
    rows : int, default=15
        Rows shown; the rest go behind ``<details>`` (``more="details"``) or stay in the CSV.
    more : {"details", "csv"}, default="details"
    select : callable or None, default=None
        ``frame -> frame``: the rows the page shows (``selected`` says which).
    selected : str, default=""
        What ``select`` keeps, for the row count ("pooled over transcripts").
    sort : tuple of str, default=()
        Columns to sort the shown rows by (``ascending``), missing values last.
    ascending : bool, default=True
    group_by : str or None, default=None
        A column whose values head groups of rows (largest group first).
    merge : tuple of str, default=()
        Leading columns whose repeated values are merged into one cell.
    source : str or None, default=None
        The table this view shows, when it is a second view of another table.
    empty : str, default="None."
        What the page says instead of an empty table.
    headers : mapping of str to str, default={}
        Headers for this table only.
    """

    caption: str
    what: str = ""
    hide: tuple[str, ...] = ()
    same: tuple[tuple[str, str], ...] = ()
    constant: tuple[str, ...] = ()
    long_text: str | None = None
    labels: tuple[str, ...] = ()
    rows: int = 15
    more: Literal["details", "csv"] = "details"
    select: Select | None = None
    selected: str = ""
    sort: tuple[str, ...] = ()
    ascending: bool = True
    group_by: str | None = None
    merge: tuple[str, ...] = ()
    source: str | None = None
    empty: str = "None."
    headers: Mapping[str, str] = field(default_factory=dict)


def _pooled(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["transcript"].isna() | (frame["transcript"].astype(str) == "")]


def _blank(values: pd.Series) -> pd.Series:
    return values.isna() | (values.astype(str).str.strip() == "")


def _open(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[_blank(frame["resolution"])]


def _settled(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[~_blank(frame["resolution"])]


_S00, _S10, _S20 = "00_cohort_overview", "10_sampling_design", "20_pilot_interview_guide"
_S30, _S35, _S40, _S50 = ("30_coding_reliability", "35_machine_coding", "40_theme_synthesis",
                          "50_write_up")
_PER_CODE = ("Presence or absence of each code per double-coded unit, pooled over transcripts "
             "(the per-transcript rows are in the CSV), least agreement first.")
_DISPUTE = ("Grouped by the codes the coders gave, with the unit's text and the code the "
            "units table gives it, if any.")

VIEWS: dict[str, View] = {
    # 00 cohort overview
    f"{_S00}/inventory": View("Inputs", "Rows in each table that cohort.yaml names, and the "
                              "number of transcript files."),
    f"{_S00}/programme": View("Programme facts", "This cohort's programme and plan beside the "
                              "original study's (Kalén, Ponzer & Silén 2012)."),
    f"{_S00}/transcripts": View(
        "Transcripts", "Per interview and pilot transcript: speaker turns, words, the "
        "interviewer's share of the words, and the length with where it was taken from."),
    f"{_S00}/warnings": View("Data-quality warnings", "Findings that do not stop a run."),
    # 10 sampling design
    f"{_S10}/flow": View("Flow of students", "How many students each step kept, and how many "
                         "each eligibility rule excluded.", hide=("step",)),
    f"{_S10}/exclusions": View(
        "Exclusions", "Students excluded by each eligibility rule: counting every rule that "
        "applies to a student, and only the first one.", hide=("reason",)),
    f"{_S10}/sample": View("The sample", "The selected participants under pseudonyms, with "
                           "their own and their mentors' attributes.", rows=30),
    f"{_S10}/balance": View("Sample against the eligible pool", "Count and share of each level "
                            "of every sampling dimension.", labels=("dimension",), rows=30),
    f"{_S10}/bands": View("Age bands", "The bands ages were grouped into for sampling.",
                          labels=("dimension",)),
    f"{_S10}/quotas": View(
        "Quotas", "The minimum for each level, the eligible pool, what the sample achieved and "
        "whether the minimum was met (a minimum lowered for a small pool shows both).",
        labels=("dimension",), same=(("required", "quota"), ("met_quota", "met")), rows=30),
    f"{_S10}/relaxations": View("Relaxed quotas", "Minimums lowered because the eligible pool "
                                "could not fill them.", labels=("dimension",),
                                empty="No quota was relaxed."),
    f"{_S10}/dyads": View("Student and mentor gender", "Eligible pool and sample for each "
                          "combination of the student's and the mentor's gender."),
    f"{_S10}/reserve": View("Reserve list", "Eligible students not selected, in the order they "
                            "are to be invited when a participant declines.", rows=20),
    f"{_S10}/information_power": View(
        "Information power", "Each dimension of Malterud, Siersma & Guassora (2016): its rating "
        "(−1 towards fewer participants, +1 towards more), leaning and justification.",
        hide=("key",)),
    f"{_S10}/saturation_grid": View(
        "Saturation plan", "Base size, run length and new-information threshold (Guest, Namey "
        "& Chen 2020) with the fewest interviews each needs; the plan in use is ticked.",
        headers={"min_n": "Fewest interviews"}),
    # 20 pilot interview guide
    f"{_S20}/checklist": View("Revision checklist", "Every flag from the written guide, its "
                              "structure and the pilots, most severe first, with a suggestion.",
                              labels=("rule",), rows=40),
    f"{_S20}/guide_flags": View("Question flaws", "Rules the written questions and probes "
                                "break, the words that matched, and a suggested rewording.",
                                labels=("rule",), hide=("area", "kind")),
    f"{_S20}/rule_accuracy": View(
        "How far the flags can be trusted", "Each rule's precision and recall measured on "
        "replicate's labelled set of questions and probes in the guide's language (written "
        "by replicate's developers; not this guide), beside how often it fired here.",
        labels=("rule",), headers={"flags_here": "Flags in this guide",
                                   "labelled": "Flawed questions in the set"}),
    f"{_S20}/readability": View("Readability", "Words and sentences per question, "
                                "Flesch–Kincaid grade and LIX: lower reads more easily.",
                                hide=("area",), rows=30),
    f"{_S20}/structure": View("Structure", "Problems with the order of opening, key and "
                              "closing questions.", labels=("check",),
                              empty="No structural problem found."),
    f"{_S20}/protocol": View("Questions and research questions", "Which research questions "
                             "each guide question serves.", hide=("area",), rows=30),
    f"{_S20}/pilots": View(
        "Pilot interviews", "Per pilot: length against the planned window, the interviewer's "
        "share of the talk, main questions asked and their order against the guide (Kendall's "
        "τ), probes, clarifications and questions not in the guide.",
        constant=("planned_min", "planned_max", "duration_source", "talk_share_basis"),
        same=(("talk_share_words", "talk_share"),)),
    f"{_S20}/coverage": View("Coverage", "Per pilot and guide question: whether it was asked, "
                             "how the turn was matched (a tag or its similarity) and where.",
                             hide=("area",)),
    f"{_S20}/answers": View("Answers", "Per pilot and question asked: the participant's words "
                            "and sentences after it, probes and clarification requests."),
    f"{_S20}/questions": View("Questions over all pilots", "Per guide question: how often it "
                              "was asked, answer length, probes and flags."),
    f"{_S20}/probes": View("Probes", "The interviewer's probes, neutral or flagged by a rule.",
                           labels=("rules",)),
    f"{_S20}/clarifications": View("Clarification requests", "Where participants asked what a "
                                   "question meant.", empty="No participant asked."),
    f"{_S20}/spoken": View("Questions as spoken", "Flaw rules matched by the interviewer's "
                           "actual wording.", labels=("rule",)),
    f"{_S20}/candidates": View("Questions not in the guide", "Interviewer questions that match "
                               "no guide question, with the nearest one.",
                               empty="None found."),
    f"{_S20}/changes": View("Change log", "Each question changed since the previous guide "
                            "version, the words removed (struck through) and added, and why.",
                            hide=("old_text",), same=(("area_old", "area_new"),),
                            headers={"diff": "Wording changed"},
                            empty="No previous version to compare with."),
    # 30 coding reliability
    f"{_S30}/disagreements": View(
        "Disagreements to settle", _DISPUTE, select=_open, selected="not yet settled",
        group_by="codes", hide=("transcript", "resolution", "codebook_change"), rows=200,
        headers={"final_code": "Code in units"}, empty="Every disagreement is settled."),
    f"{_S30}/disagreements_settled": View(
        "Settled disagreements", "The code the coders agreed on for each unit, from the "
        "resolutions file.", source="disagreements", select=_settled, selected="settled",
        group_by="codes", hide=("transcript", "final_code"), headers={"resolution": "Agreed"},
        empty="None settled yet."),
    f"{_S30}/confused_codes": View(
        "Codes the coders confused", "Pairs of codes given to the same unit by different "
        "coders, most frequent first.", headers={"n_units": "Units"}),
    f"{_S30}/coefficients": View(
        "Agreement statistics", "Each coefficient with its standard error, analytic interval "
        "and percentile-bootstrap interval over units (95 %); definitions below.",
        hide=("statistic",), long_text="definition",
        headers={"label": "Statistic", "ci": "CI", "boot_ci": "Bootstrap CI"}),
    f"{_S30}/pairwise_kappa": View("Cohen's κ per coder pair", "Every pair of coders on the "
                                   "units both coded, with the 95 % interval."),
    f"{_S30}/per_code": View("Agreement per code", _PER_CODE, select=_pooled,
                             selected="pooled over transcripts", hide=("transcript",),
                             constant=("unit", "coder_a", "coder_b", "definition"),
                             sort=("cohen_kappa",)),
    f"{_S30}/per_code_character": View(
        "Agreement per code, by character", "NVivo's coding comparison: characters of the "
        "double-coded units, pooled over transcripts, least agreement first.", select=_pooled,
        selected="pooled over transcripts", hide=("transcript",),
        constant=("unit", "coder_a", "coder_b", "definition"), sort=("cohen_kappa",)),
    f"{_S30}/confusion": View("Confusion matrix", "Codes of the double-coded units, one coder "
                              "against another (or all pairs)."),
    # 35 machine coding
    f"{_S35}/agreement": View(
        "The machine as a coder", "κ, α and AC1 with bootstrap intervals, machine against each "
        "coder and the coders against each other, on the same units.",
        hide=("rater_a", "rater_b"), constant=("code",)),
    f"{_S35}/agreement_per_code": View(
        "Agreement per code", "Presence or absence of each code: prevalence and agreement, "
        "least κ first.", hide=("rater_a", "rater_b"), sort=("cohen_kappa",)),
    f"{_S35}/confusion": View("The machine's most frequent disagreements", "Human code, the "
                              "machine's code and how often, with the coders concerned."),
    f"{_S35}/learning_curve": View(
        "Learning curve", "Agreement on held-out interviews against the share of the other "
        "interviews' units learned from; 'every unit' scores the best guess without "
        "abstaining."),
    f"{_S35}/review": View("Suggestions for review", "The first suggestions, grouped by code, "
                           "most probable first; all of them are in the CSV.", more="csv"),
    f"{_S35}/suggestions": View("Suggestions as codings", "The same suggestions as a codings "
                                "table with coder 'machine'.", more="csv", rows=5),
    # 40 theme synthesis
    f"{_S40}/table1": View("Table 1", "Themes, categories and subcategories with the meaning "
                           "units and participants supporting each.", hide=("n_codes",),
                           merge=("theme", "category"), rows=200),
    f"{_S40}/counts": View("Counts", "Meaning units and participants per theme, category and "
                           "subcategory.", rows=60),
    f"{_S40}/saturation_runs": View(
        "Saturation runs", "New codes in each run of interviews as a share of the unique codes "
        "in the base; the first run under the threshold is the saturation point."),
    f"{_S40}/saturation_sensitivity": View(
        "Sensitivity of the saturation point", "The point for other base sizes, run lengths "
        "and thresholds."),
    f"{_S40}/saturation_order_draws": View("Saturation over interview orders", "The "
                                           "saturation point in random orders of the "
                                           "interviews.", more="csv", rows=10),
    f"{_S40}/code_discovery": View("Code discovery", "New and cumulative codes per interview, "
                                   "in order."),
    f"{_S40}/quotes": View("Quotes", "Chosen reproducibly, spread across participants, "
                           "attributed by pseudonym.", hide=("unit_id",), merge=("theme",),
                           rows=40),
    f"{_S40}/quote_coverage": View("Quote coverage", "Quotes and participants quoted per "
                                   "category."),
    f"{_S40}/subgroup_prevalence": View(
        "Categories by subgroup", "Participants with at least one unit in the category, per "
        "subgroup; small cells are marked.", labels=("attribute",)),
    f"{_S40}/comparison": View("Comparison with the original", "Each original theme, category "
                               "and subcategory and its status in this cohort.", rows=60),
    f"{_S40}/facts_comparison": View("Sample facts", "This cohort beside the original study."),
    f"{_S40}/mapping": View("Mapping", "Labels of this cohort matched to the original's.",
                            rows=60),
    f"{_S40}/minor_subcategories": View("Minor subcategories", "Subcategories supported by few "
                                        "participants.", empty="None."),
    f"{_S40}/category_cooccurrence": View("Categories together", "Participants with units in "
                                          "both categories."),
    f"{_S40}/participant_category_matrix": View("Participants by category", "Meaning units "
                                                "per participant and category."),
    # 50 write-up
    f"{_S50}/coreq": View("COREQ", "Each item of the checklist, whether the write-up covers "
                          "it, and where.", rows=40),
    f"{_S50}/srqr": View("SRQR", "Each item of the standard, whether the write-up covers it, "
                         "and where.", rows=40),
    f"{_S50}/to_complete": View("Still to complete", "What the authors have to write, where, "
                                "and how.", rows=40, empty="Nothing."),
}

FIGURES: dict[str, str] = {
    f"{_S10}/flow_figure": "Flow of students",
    f"{_S10}/sample_figure": "Ages of the pool and the sample",
    f"{_S10}/information_power_figure": "Information power",
    f"{_S20}/coverage_heatmap": "Questions asked per pilot",
    f"{_S20}/talk_share_chart": "Talk share",
    f"{_S30}/confusion_heatmap": "Confusion matrix",
    f"{_S30}/kappa_chart": "Cohen's κ per code",
    f"{_S35}/learning_curve_chart": "Learning curve",
    f"{_S40}/theme_map": "Theme map",
    f"{_S40}/participant_category_heatmap": "Participants by category",
    f"{_S40}/code_discovery": "Code discovery",
}


def view_for(stage: str, name: str) -> View:
    """The view of table ``name`` of ``stage``; a caption from the name when none is
    registered."""
    return VIEWS.get(f"{stage}/{name}") or View(header(name))


def figure_caption(stage: str, name: str) -> str:
    """The caption of figure ``name`` of ``stage`` (from its name when none is registered)."""
    return FIGURES.get(f"{stage}/{name}") or header(name)
