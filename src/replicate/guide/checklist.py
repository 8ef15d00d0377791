"""The revision checklist: every finding about a guide, ranked for the people revising it.

Findings come from the wording rules (§2.3), the structure checks (§2.2), readability, the
pilot interviews (§2.4) and the change log. They are *prompts for review*, never automatic
rejections. Ranking [D]: warnings before information; within a severity, evidence observed
in the pilots first (what happened in real interviews weighs most, Kallio et al. 2016
phase 4), then wording, structure, readability and the change log; then guide order.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from replicate.guide.model import Guide

__all__ = ["CHECKLIST_COLUMNS", "revision_checklist"]

#: Columns of :func:`revision_checklist`.
CHECKLIST_COLUMNS: tuple[str, ...] = (
    "rank", "severity", "source", "question_id", "rule", "finding", "suggestion",
)
_SOURCES = ("pilot", "wording", "structure", "readability", "change log")
_SEVERITY = ("warning", "info")


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in df.to_dict("records")]


def _where(rows: pd.DataFrame) -> str:
    return ", ".join(f"{r['pilot']} line {r['line']}" for r in _records(rows))


def _pilot_items(p: dict[str, pd.DataFrame], min_answer_words: int) -> list[dict[str, str]]:
    items: list[dict[str, str]] = []

    def add(sev: str, qid: str, rule: str, finding: str, hint: str) -> None:
        items.append({"severity": sev, "source": "pilot", "question_id": qid, "rule": rule,
                      "finding": finding, "suggestion": hint})

    cov, answers, pilots = p["coverage"], p["answers"], p["pilots"]
    n_pilots = len(pilots)
    if n_pilots:
        main = cov[cov["kind"] != "probe"]
        for qid, grp in main.groupby("question_id", sort=False):
            n = int(grp["asked"].sum())
            if n == 0:
                add("warning", str(qid), "never_asked",
                    f"{qid} was not asked in any of the {n_pilots} pilot(s)",
                    "Check that it is needed and reachable in the flow; if it was asked in "
                    "other words, tag the turn with [" + str(qid) + "] in the transcript.")
            elif n < n_pilots:
                missing = ", ".join(sorted(grp.loc[~grp["asked"], "pilot"].astype(str)))
                add("info", str(qid), "not_always_asked", f"{qid} was not asked in {missing}",
                    "Check whether the interviewer skipped it on purpose.")
    clar = p["clarifications"]
    for qid, grp in clar[clar["question_id"] != ""].groupby("question_id", sort=False):
        add("warning", str(qid), "clarification",
            f"participants asked what {qid} meant {len(grp)} time(s) ({_where(grp)})",
            "Reword in the participants' everyday language.")
    if len(answers):
        # depth matters for key questions; opening and closing answers may be short [D]
        for qid, grp in answers[answers["kind"] == "key"].groupby("question_id", sort=False):
            med = float(grp["answer_words"].median())
            if med < min_answer_words or float(grp["answer_sentences"].median()) <= 1:
                add("warning", str(qid), "shallow_answers",
                    f"answers after {qid} were short (median {med:.0f} words)",
                    "The question may be closed or unclear; open it up or add probes.")
            elif bool(grp["shallow"].any()):
                short = ", ".join(sorted(grp.loc[grp["shallow"], "pilot"].astype(str)))
                add("info", str(qid), "shallow_answers", f"a short answer after {qid} in {short}",
                    "Check whether the participant understood the question.")
        keys = answers[(answers["kind"] == "key") & (answers["n_probes"] == 0)]
        for qid, grp in keys.groupby("question_id", sort=False):
            where = ", ".join(sorted(grp["pilot"].astype(str)))
            add("info", str(qid), "no_probes", f"no probe followed {qid} in {where}",
                "Plan probes for this key question.")
    spoken = p["spoken"]
    for r in _records(spoken[spoken["severity"] == "warning"]):
        add("warning", str(r['question_id']), f"spoken_{r['rule']}",
            f"{r['question_id']} as spoken in {r['pilot']} (line {r['line']}) is {r['rule']}: "
            f"“{r['matched']}”", str(r['suggestion']))
    probes = p["probes"]
    for r in _records(probes[probes["classification"] == "flagged"]):
        add("warning", str(r['question_id']), "flagged_probe",
            f"probe “{r['text']}” after {r['question_id']} ({r['pilot']} line {r['line']}): "
            f"{r['rules']}",
            "Prefer neutral probes: 'Can you tell me more?', 'How did that feel?'.")
    for r in _records(pilots):
        if r['duration_flag']:
            add("warning", "", "duration",
                f"{r['pilot']} lasted {r['minutes']} min ({r['duration_source']}); planned "
                f"{r['planned_min']:g}–{r['planned_max']:g}",
                "Adjust the number of questions or the planned window.")
        if r['talk_share_flag']:
            add("warning", "", "talk_share",
                f"the interviewer spoke {r['talk_share']:.0%} of the {r['talk_share_basis']} in "
                f"{r['pilot']}", "Shorten questions and preambles; leave pauses.")
        if not pd.isna(r['kendall_tau']) and float(r['kendall_tau']) < 0.5:
            add("info", "", "order",
                f"{r['pilot']} departed from the planned order "
                f"(Kendall's τ = {r['kendall_tau']:.2f})",
                "Reordering is allowed; consider whether the planned order fits the flow.")
    for r in _records(p["candidates"]):
        add("info", "", "candidate",
            f"question not in the guide: “{r['text']}” ({r['pilot']} line {r['line']})",
            "Consider adding it as a question or planned probe.")
    return items


def revision_checklist(
    guide: Guide,
    *,
    guide_flags: pd.DataFrame,
    structure: pd.DataFrame,
    readability: dict[str, Any],
    pilot: dict[str, pd.DataFrame],
    changes: pd.DataFrame,
    min_answer_words: int = 50,
) -> pd.DataFrame:
    """Collect every finding into one checklist ranked by severity.

    Parameters
    ----------
    guide : Guide
        The guide (its order ranks findings within a severity and source).
    guide_flags : pandas.DataFrame
        From :func:`replicate.guide.check_guide`.
    structure : pandas.DataFrame
        From :func:`replicate.guide.check_structure`.
    readability : dict
        From :func:`replicate.guide.guide_readability`.
    pilot : dict of str to pandas.DataFrame
        The pilot tables ``pilots``, ``coverage``, ``answers``, ``probes``,
        ``clarifications``, ``spoken`` and ``candidates`` of a
        :class:`replicate.guide.PilotReport`.
    changes : pandas.DataFrame
        From :func:`replicate.guide.change_log` (may be empty).
    min_answer_words : int, default=50
        Median answer length below which a question is reported as giving short answers.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CHECKLIST_COLUMNS`; ``rank`` runs from 1.
    """
    items = _pilot_items(pilot, min_answer_words)
    for r in _records(guide_flags):
        what = f"“{r['matched']}”" if r['rule'] != "too_long" else str(r['detail'])
        detail = f" ({r['detail']})" if r['detail'] and r['rule'] != "too_long" else ""
        items.append({"severity": str(r['severity']), "source": "wording",
                      "question_id": str(r['question_id']), "rule": str(r['rule']),
                      "finding": f"{r['item']} of {r['question_id']}: {r['rule']} {what}{detail}",
                      "suggestion": str(r['suggestion'])})
    for r in _records(structure):
        items.append({"severity": str(r['severity']), "source": "structure",
                      "question_id": str(r['question_id']), "rule": str(r['check']),
                      "finding": str(r['finding']), "suggestion": str(r['suggestion'])})
    if readability.get("fk_flag"):
        items.append({"severity": "warning", "source": "readability", "question_id": "",
                      "rule": "flesch_kincaid",
                      "finding": f"the guide's Flesch-Kincaid grade is {readability['fk_grade']}; "
                                 "flagged above 10",
                      "suggestion": "Use shorter sentences and everyday words."})
    if readability.get("lix_flag"):
        items.append({"severity": "warning", "source": "readability", "question_id": "",
                      "rule": "lix",
                      "finding": f"the guide's LIX is {readability['lix']} "
                                 f"({readability['lix_band']}); flagged above 40",
                      "suggestion": "Use shorter sentences and shorter words."})
    for r in _records(changes):
        if r['rationale_missing']:
            items.append({"severity": "warning", "source": "change log",
                          "question_id": str(r['question_id']), "rule": "rationale_missing",
                          "finding": f"{r['question_id']} {r['change']} without a rationale",
                          "suggestion": "Add an entry under changes: with the reason."})
        elif r['change'] == "none detected":
            items.append({"severity": "info", "source": "change log",
                          "question_id": str(r['question_id']), "rule": "rationale_unused",
                          "finding": f"a rationale names {r['question_id']}, which did not change",
                          "suggestion": "Remove the entry or check the question id."})
    order = {q.id: i for i, (_, q) in enumerate(guide.iter_questions())}
    big = len(order) + 1

    def key(it: dict[str, str]) -> tuple[int, int, int, str, str]:
        return (_SEVERITY.index(it["severity"]), _SOURCES.index(it["source"]),
                order.get(it["question_id"], big), it["rule"], it["finding"])

    items.sort(key=key)
    df = pd.DataFrame(items, columns=[c for c in CHECKLIST_COLUMNS if c != "rank"])
    df.insert(0, "rank", range(1, len(df) + 1))
    return df
