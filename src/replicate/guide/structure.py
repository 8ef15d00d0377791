"""Structure checks of an interview guide and its protocol matrix.

Operationalises the structure items of Castillo-Montoya's (2016) close-reading checklist
(methodology.md §2.2): opening questions come first, key questions make up the bulk and sit
between opening and closing, a closing question invites final comments, and — phase 1 of the
Interview Protocol Refinement framework — a *protocol matrix* of interview questions ×
research questions shows that every research question is served by at least one key question
and every key question serves a research question. Kallio et al. (2016, phase 3) add that
each question area needs substantive (key) questions.

References
----------
.. [1] Castillo-Montoya, M. (2016). Preparing for interview research: the interview protocol
   refinement framework. *The Qualitative Report*, 21(5), 811-831.
.. [2] Kallio, H., Pietilä, A.-M., Johnson, M., & Kangasniemi, M. (2016). Systematic
   methodological review: developing a framework for a qualitative semi-structured interview
   guide. *Journal of Advanced Nursing*, 72(12), 2954-2965.
"""

from __future__ import annotations

import pandas as pd

from replicate.guide._lexicon import LEXICONS
from replicate.guide.model import Guide

__all__ = ["PROTOCOL_ID_COLUMNS", "STRUCTURE_COLUMNS", "check_structure", "protocol_matrix"]

#: Columns of :func:`check_structure`.
STRUCTURE_COLUMNS: tuple[str, ...] = (
    "check", "severity", "area", "question_id", "finding", "suggestion",
)
#: Leading columns of :func:`protocol_matrix` (research-question ids follow).
PROTOCOL_ID_COLUMNS: tuple[str, ...] = ("area", "question_id", "kind")

_STAGE = {"opening": 0, "key": 1, "probe": 1, "closing": 2}


def check_structure(guide: Guide, *, min_key_share: float = 0.5) -> pd.DataFrame:
    """Check the order of question kinds, the closing invitation, areas and RQ coverage.

    Parameters
    ----------
    guide : Guide
        The interview guide.
    min_key_share : float, default=0.5
        Key questions should be the bulk of the guide; a smaller share is reported as info.

    Returns
    -------
    pandas.DataFrame
        One row per finding with columns :data:`STRUCTURE_COLUMNS` (``severity`` is
        ``warning`` or ``info``), in guide order. Empty when the structure is sound.

        Checks: ``order`` (an opening question after a key question, or any question after a
        closing one), ``no_opening`` (info), ``no_closing``, ``closing_invites_comments``
        (the last closing question should invite final comments), ``area_key_question``
        (each area has at least one key question), ``key_share`` (info),
        ``rq_coverage`` (a research question no key question serves) and ``rq_unmapped``
        (a key question that serves no research question; only when research questions are
        given).
    """
    rows: list[dict[str, str]] = []

    def add(check: str, severity: str, area: str, qid: str, finding: str, hint: str) -> None:
        rows.append({"check": check, "severity": severity, "area": area, "question_id": qid,
                     "finding": finding, "suggestion": hint})

    seq = list(guide.iter_questions())
    stage = 0
    for area, q in seq:
        s = _STAGE[q.kind]
        if s < stage:
            what = ("an opening question after key questions" if q.kind == "opening"
                    else f"a {q.kind} question after the closing question")
            add("order", "warning", area.id, q.id, f"{q.id} is {what}",
                "Order the guide opening → key → closing (easy, general questions first).")
        stage = max(stage, s)
    kinds = [q.kind for _, q in seq]
    if "opening" not in kinds:
        add("no_opening", "info", "", "", "the guide has no opening question",
            "Start with an easy, factual or descriptive question that builds rapport.")
    closings = [(a, q) for a, q in seq if q.kind == "closing"]
    if not closings:
        add("no_closing", "warning", "", "", "the guide has no closing question",
            "End with a question that invites final comments, e.g. 'Is there anything else "
            "you would like to add?'.")
    else:
        area, last = closings[-1]
        if not LEXICONS[guide.language].closing_comment.search(last.text):
            add("closing_invites_comments", "warning", area.id, last.id,
                f"the closing question {last.id} does not invite final comments",
                "Let the participant add anything not yet covered, e.g. 'Is there anything "
                "else…' / 'Finns det något mer…'.")
    for area in guide.areas:
        if any(q.kind == "key" for q in area.questions):
            continue
        if all(q.kind in ("opening", "closing") for q in area.questions):
            # an introduction or closing block: worth knowing, not a defect [D]
            add("area_key_question", "info", area.id, "",
                f"area '{area.id}' holds only opening/closing questions",
                "Fine for an introduction or closing block; otherwise add a key question.")
        else:
            add("area_key_question", "warning", area.id, "",
                f"area '{area.id}' has no key question",
                "Give every question area at least one key question, or merge the area.")
    n_main = sum(1 for k in kinds if k != "probe")
    n_key = kinds.count("key")
    if n_main and n_key / n_main < min_key_share:
        add("key_share", "info", "", "",
            f"key questions are {n_key} of {n_main} questions",
            "Key questions should make up the bulk of the interview.")
    if guide.research_questions:
        matrix = protocol_matrix(guide)
        keys = matrix[matrix["kind"] == "key"]
        for rq in sorted(guide.research_questions):
            if not bool(keys[rq].any()):
                add("rq_coverage", "warning", "", "",
                    f"research question {rq} is served by no key question",
                    f"Add a key question for {rq}, or list {rq} under an area's "
                    "research_questions.")
        for _, row in keys.iterrows():
            if not any(bool(row[rq]) for rq in guide.research_questions):
                add("rq_unmapped", "warning", str(row["area"]), str(row["question_id"]),
                    f"key question {row['question_id']} serves no research question",
                    "Map its area to a research question, or drop the question.")
    return pd.DataFrame(rows, columns=list(STRUCTURE_COLUMNS))


def protocol_matrix(guide: Guide) -> pd.DataFrame:
    """The protocol matrix: interview questions × research questions (Castillo-Montoya 2016).

    Parameters
    ----------
    guide : Guide
        The interview guide; each question serves the research questions of its area.

    Returns
    -------
    pandas.DataFrame
        One row per question (guide order) with columns :data:`PROTOCOL_ID_COLUMNS` followed
        by one boolean column per research-question id (sorted). Without research questions
        only the id columns are returned.
    """
    rqs = sorted(guide.research_questions)
    rows: list[dict[str, object]] = []
    for area, q in guide.iter_questions():
        row: dict[str, object] = {"area": area.id, "question_id": q.id, "kind": q.kind}
        for rq in rqs:
            row[rq] = rq in area.research_questions
        rows.append(row)
    return pd.DataFrame(rows, columns=[*PROTOCOL_ID_COLUMNS, *rqs])
