"""Stage entry point of notebook 20: all guide checks and pilot metrics in one call.

:func:`analyse_pilots` runs, in order, the wording rules (methodology §2.3), the structure
checks and protocol matrix (§2.2), readability, the pilot metrics (§2.4), the change log
against the previous guide version, and the ranked revision checklist; it returns them as a
:class:`PilotReport` of DataFrames with fixed columns plus a JSON-serialisable ``summary``.
Pilot ids are the transcript file names without extension, so name pilot files with
pseudonyms (``pilot_1.txt``), never with a participant's name.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from replicate.errors import DataError
from replicate.guide.changelog import CHANGE_COLUMNS, change_log
from replicate.guide.checklist import revision_checklist
from replicate.guide.flaws import RULES, check_guide
from replicate.guide.matching import DEFAULT_THRESHOLD, match_turns
from replicate.guide.model import Guide, load_previous
from replicate.guide.pilot import PilotParams, pilot_tables
from replicate.guide.readability import guide_readability, readability_table
from replicate.guide.structure import check_structure, protocol_matrix
from replicate.transcripts import Transcript, read_transcript

__all__ = ["PILOT_TABLE_COLUMNS", "PilotReport", "analyse_pilots", "analyse_transcripts"]

#: Columns of the pilot tables of :class:`PilotReport`.
PILOT_TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "pilots": (
        "pilot", "minutes", "duration_source", "planned_min", "planned_max", "duration_flag",
        "interviewer_words", "participant_words", "talk_share", "talk_share_basis",
        "talk_share_words", "talk_share_flag", "n_main", "n_asked", "coverage", "kendall_tau",
        "n_probes", "n_flagged_probes", "n_clarifications", "n_candidates",
    ),
    "coverage": ("pilot", "area", "question_id", "kind", "asked", "method", "similarity",
                 "line", "position"),
    "answers": ("pilot", "question_id", "kind", "answer_words", "answer_sentences",
                "n_probes", "n_flagged_probes", "n_clarifications", "shallow"),
    "probes": ("pilot", "question_id", "line", "text", "classification", "rules",
               "standard_probe"),
    "clarifications": ("pilot", "question_id", "line", "text"),
    "spoken": ("pilot", "question_id", "kind", "line", "text", "rule", "severity", "matched",
               "suggestion"),
    "candidates": ("pilot", "line", "text", "nearest_question", "similarity"),
}
_QUESTION_COLUMNS = (
    "area", "question_id", "kind", "n_asked", "asked_in", "median_answer_words",
    "n_probes", "n_flagged_probes", "n_clarifications", "written_flags", "spoken_flags",
)


@dataclass(frozen=True)
class PilotReport:
    """Everything notebook 20 shows and writes.

    Attributes
    ----------
    guide_flags : pandas.DataFrame
        Wording flags per question and probe (:func:`replicate.guide.check_guide`).
    readability : pandas.DataFrame
        Words, sentences, Flesch–Kincaid grade and LIX per question.
    structure : pandas.DataFrame
        Structure findings (:func:`replicate.guide.check_structure`).
    protocol : pandas.DataFrame
        Protocol matrix, questions × research questions.
    pilots : pandas.DataFrame
        One row per pilot: duration against plan, talk share, coverage, Kendall's τ, counts.
    coverage : pandas.DataFrame
        Pilot × question: asked, how (``tag`` / ``similarity``), similarity, line, position.
    answers : pandas.DataFrame
        Pilot × asked question: participant words and sentences after it, probes,
        clarification requests, ``shallow``.
    questions : pandas.DataFrame
        One row per guide question summarising all pilots.
    probes, clarifications, spoken, candidates : pandas.DataFrame
        Interviewer probes (neutral / flagged), participants' clarification requests, flaw
        rules on the spoken wording, interviewer questions not in the guide.
    changes : pandas.DataFrame
        Change log against the previous version (empty without one).
    checklist : pandas.DataFrame
        The ranked revision checklist.
    unasked : tuple of str
        Main questions no pilot asked.
    summary : dict
        JSON-serialisable headline figures (no NaN; ``None`` instead).
    """

    guide_flags: pd.DataFrame
    readability: pd.DataFrame
    structure: pd.DataFrame
    protocol: pd.DataFrame
    pilots: pd.DataFrame
    coverage: pd.DataFrame
    answers: pd.DataFrame
    questions: pd.DataFrame
    probes: pd.DataFrame
    clarifications: pd.DataFrame
    spoken: pd.DataFrame
    candidates: pd.DataFrame
    changes: pd.DataFrame
    checklist: pd.DataFrame
    unasked: tuple[str, ...]
    summary: dict[str, Any] = field(default_factory=dict)


def _check_params(words_per_minute: float, duration_tolerance: float, max_talk_share: float,
                  min_answer_words: int) -> None:
    if not words_per_minute > 0:
        raise ValueError(f"words_per_minute must be > 0, got {words_per_minute!r}")
    if not 0 <= duration_tolerance < 1:
        raise ValueError(f"duration_tolerance must be in [0, 1), got {duration_tolerance!r}")
    if not 0 < max_talk_share <= 1:
        raise ValueError(f"max_talk_share must be in (0, 1], got {max_talk_share!r}")
    if min_answer_words < 0:
        raise ValueError(f"min_answer_words must be >= 0, got {min_answer_words!r}")


def _json(x: Any) -> Any:
    if isinstance(x, float):
        return None if math.isnan(x) else round(x, 3)
    if isinstance(x, dict):
        return {str(k): _json(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_json(v) for v in x]
    if hasattr(x, "item"):  # numpy scalar
        return _json(x.item())
    return x


def _questions_table(guide: Guide, t: dict[str, pd.DataFrame],
                     flags: pd.DataFrame) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    cov, ans, spoken = t["coverage"], t["answers"], t["spoken"]
    for area, q in guide.iter_questions():
        c = cov[(cov["question_id"] == q.id) & cov["asked"]]
        a = ans[ans["question_id"] == q.id]
        rows.append({
            "area": area.id, "question_id": q.id, "kind": q.kind, "n_asked": len(c),
            "asked_in": ", ".join(sorted(c["pilot"].astype(str))),
            "median_answer_words": float(a["answer_words"].median()) if len(a) else math.nan,
            "n_probes": int(a["n_probes"].sum()), "n_flagged_probes": int(
                a["n_flagged_probes"].sum()),
            "n_clarifications": int(a["n_clarifications"].sum()),
            "written_flags": ", ".join(sorted(set(flags.loc[flags["question_id"] == q.id,
                                                            "rule"].astype(str)))),
            "spoken_flags": ", ".join(sorted(set(spoken.loc[spoken["question_id"] == q.id,
                                                            "rule"].astype(str)))),
        })
    return pd.DataFrame(rows, columns=list(_QUESTION_COLUMNS))


def analyse_transcripts(
    guide: Guide,
    transcripts: Sequence[Transcript],
    *,
    match_threshold: float = DEFAULT_THRESHOLD,
    words_per_minute: float = 130.0,
    glossary: Iterable[str] = (),
    whitelist: Iterable[str] = (),
    duration_tolerance: float = 0.2,
    max_talk_share: float = 0.30,
    min_answer_words: int = 50,
    min_candidate_words: int = 6,
    previous: Guide | None = None,
) -> PilotReport:
    """Run every guide check on already parsed pilot transcripts.

    Parameters are those of :func:`analyse_pilots`, with ``transcripts`` in place of paths;
    a pilot's id is its transcript ``name`` without folder and extension.
    """
    _check_params(words_per_minute, duration_tolerance, max_talk_share, min_answer_words)
    gl, wl = tuple(glossary), tuple(whitelist)
    names = [Path(t.name).stem for t in transcripts]
    for t, n in zip(transcripts, names, strict=True):
        if names.count(n) > 1:
            raise DataError(f"two pilot transcripts are both named '{n}'; pilot ids must be "
                            "unique", file=t.name)
        if not any(turn.speaker == "I" for turn in t.turns):
            raise DataError("no interviewer turns ('I:'); a pilot transcript needs the "
                            "interviewer's questions", file=t.name)
    order = sorted(range(len(transcripts)), key=lambda i: names[i])
    ts = [transcripts[i] for i in order]
    names = [names[i] for i in order]
    params = PilotParams(words_per_minute=words_per_minute,
                         duration_tolerance=duration_tolerance, max_talk_share=max_talk_share,
                         min_answer_words=min_answer_words,
                         min_candidate_words=min_candidate_words, glossary=gl, whitelist=wl,
                         match_threshold=match_threshold)
    matches = match_turns(guide, ts, threshold=match_threshold)
    rows = pilot_tables(guide, ts, names, matches, params)
    tables = {name: pd.DataFrame(getattr(rows, name), columns=list(cols))
              for name, cols in PILOT_TABLE_COLUMNS.items()}
    for col in ("line", "position"):  # integers with gaps for unasked questions
        tables["coverage"][col] = tables["coverage"][col].astype("Int64")
    flags = check_guide(guide, glossary=gl, whitelist=wl)
    structure = check_structure(guide)
    read_summary = guide_readability(guide)
    changes = (change_log(previous, guide) if previous is not None
               else pd.DataFrame(columns=list(CHANGE_COLUMNS)))
    checklist = revision_checklist(guide, guide_flags=flags, structure=structure,
                                   readability=read_summary, pilot=tables, changes=changes,
                                   min_answer_words=min_answer_words)
    cov = tables["coverage"]
    main_ids = [q.id for q in guide.main_questions()]
    asked_any = set(cov.loc[cov["asked"], "question_id"].astype(str))
    unasked = tuple(q for q in main_ids if q not in asked_any) if ts else ()
    pil = tables["pilots"]
    summary = _json({
        "guide": {
            "title": guide.title, "version": guide.version, "language": guide.language,
            "n_areas": len(guide.areas), "n_questions": sum(1 for _ in guide.iter_questions()),
            "n_main": len(main_ids), "planned_minutes": list(guide.planned_minutes),
            "previous_version": previous.version if previous is not None else None,
        },
        "parameters": {
            "match_threshold": match_threshold, "words_per_minute": words_per_minute,
            "duration_tolerance": duration_tolerance, "max_talk_share": max_talk_share,
            "min_answer_words": min_answer_words,
        },
        "readability": read_summary,
        "n_pilots": len(ts),
        "pilots": pil[["pilot", "minutes", "duration_source", "duration_flag", "talk_share",
                       "talk_share_basis", "coverage", "kendall_tau",
                       "n_clarifications"]].to_dict("records"),
        "unasked": list(unasked),
        "mean_coverage": float(pil["coverage"].mean()) if len(pil) else None,
        "flags_by_rule": {r: int((flags["rule"] == r).sum()) for r in RULES},
        "structure_findings": len(structure),
        "checklist": {s: int((checklist["severity"] == s).sum()) for s in ("warning", "info")},
        "changes": {
            "n": len(changes),
            "missing_rationale": sorted(
                changes.loc[changes["rationale_missing"].astype(bool), "question_id"]
                .astype(str)),
        },
    })
    return PilotReport(
        guide_flags=flags, readability=readability_table(guide), structure=structure,
        protocol=protocol_matrix(guide), pilots=pil, coverage=cov, answers=tables["answers"],
        questions=_questions_table(guide, tables, flags), probes=tables["probes"],
        clarifications=tables["clarifications"], spoken=tables["spoken"],
        candidates=tables["candidates"], changes=changes, checklist=checklist,
        unasked=unasked, summary=summary,
    )


def analyse_pilots(
    guide: Guide,
    pilot_paths: Sequence[Path | str],
    *,
    match_threshold: float = DEFAULT_THRESHOLD,
    words_per_minute: float = 130.0,
    glossary: Iterable[str] = (),
    whitelist: Iterable[str] = (),
    duration_tolerance: float = 0.2,
    max_talk_share: float = 0.30,
    min_answer_words: int = 50,
    min_candidate_words: int = 6,
    previous: Guide | None = None,
) -> PilotReport:
    """Check an interview guide and its pilot interviews (notebook 20's one call).

    Parameters
    ----------
    guide : Guide
        From :func:`replicate.guide.load_guide`.
    pilot_paths : sequence of Path or str
        Pilot transcripts (speaker-tagged, see :mod:`replicate.transcripts`); may be empty,
        in which case only the guide itself is checked.
    match_threshold : float, default=0.35
        Minimum TF-IDF cosine for an interviewer turn to count as asking a guide question.
    words_per_minute : float, default=130.0
        Speech rate for estimating duration when a transcript has neither a
        ``duration_min`` header nor timestamps.
    glossary : iterable of str, default=()
        Project jargon to flag, added to the built-in academic glossary.
    whitelist : iterable of str, default=()
        Words never flagged as rare or as acronyms.
    duration_tolerance : float, default=0.2
        A pilot is flagged when shorter than ``planned_min · (1 − tol)`` or longer than
        ``planned_max · (1 + tol)``.
    max_talk_share : float, default=0.30
        Interviewer share of words (or time) above which a pilot is flagged.
    min_answer_words : int, default=50
        Median participant words after a question below which it is reported.
    min_candidate_words : int, default=6
        Interviewer questions not in the guide need at least this many words to be listed
        as candidates.
    previous : Guide or None, default=None
        The previous guide version for the change log; when ``None`` and the guide names a
        ``previous`` file, that file is loaded.

    Returns
    -------
    PilotReport

    Raises
    ------
    DataError
        A transcript that is missing, not UTF-8, has no speaker tags, has no interviewer
        turns, or tags a question id the guide does not have; a missing previous guide.
    ValueError
        A parameter outside its allowed range.
    """
    if previous is None:
        previous = load_previous(guide)
    transcripts = [read_transcript(Path(p)) for p in pilot_paths]
    return analyse_transcripts(
        guide, transcripts, match_threshold=match_threshold, words_per_minute=words_per_minute,
        glossary=glossary, whitelist=whitelist, duration_tolerance=duration_tolerance,
        max_talk_share=max_talk_share, min_answer_words=min_answer_words,
        min_candidate_words=min_candidate_words, previous=previous,
    )
