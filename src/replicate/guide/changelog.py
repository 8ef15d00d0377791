"""Change log between two versions of an interview guide.

Methodology §2.4: a diff between guide v_n and v_{n+1} with a rationale is required; it feeds
COREQ item 17 ("interview guide … pilot tested?") and SRQR S11 ("how instruments changed over
the course of the study"). Questions are matched by id; the rationale comes from the newer
guide's ``changes`` list. Word-level differences use :class:`difflib.SequenceMatcher`
(Ratcliff–Obershelp matching) from the standard library.

References
----------
.. [1] Tong, A., Sainsbury, P., & Craig, J. (2007). COREQ. *Int J Qual Health Care*, 19(6).
.. [2] O'Brien, B. C., et al. (2014). SRQR. *Academic Medicine*, 89(9), 1245-1251.
"""

from __future__ import annotations

from difflib import SequenceMatcher

import pandas as pd

from replicate.guide.model import Guide, Question

__all__ = ["CHANGE_COLUMNS", "change_log", "word_diff"]

#: Columns of :func:`change_log`.
CHANGE_COLUMNS: tuple[str, ...] = (
    "question_id", "change", "area_old", "area_new", "old_text", "new_text", "diff",
    "rationale", "rationale_missing",
)


def word_diff(old: str, new: str) -> str:
    """Word-level difference, ``[-removed-]`` and ``{+added+}``.

    Examples
    --------
    >>> word_diff("Who set the agenda?", "Who chose the topics?")
    'Who [-set-] {+chose+} the [-agenda?-] {+topics?+}'
    """
    a, b = old.split(), new.split()
    parts: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(" ".join(a[i1:i2]))
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(parts)


def _index(guide: Guide) -> dict[str, tuple[str, Question]]:
    return {q.id: (a.id, q) for a, q in guide.iter_questions()}


def change_log(old: Guide, new: Guide) -> pd.DataFrame:
    """What changed between two guide versions, with the rationale from the newer one.

    Parameters
    ----------
    old : Guide
        The previous version.
    new : Guide
        The new version; its ``changes`` entries give the rationale per question id.

    Returns
    -------
    pandas.DataFrame
        One row per question that changed, or that has a rationale, with columns
        :data:`CHANGE_COLUMNS`, in the new guide's order followed by removed questions.
        ``change`` lists, comma-separated: ``added``, ``removed``, ``reworded``,
        ``kind changed``, ``moved`` (to another area), ``probes changed``; or
        ``none detected`` for a rationale naming an unchanged question.
        ``rationale_missing`` is true for a change without a rationale.
    """
    o, n = _index(old), _index(new)
    rationale: dict[str, list[str]] = {}
    for c in new.changes:
        rationale.setdefault(c.question, []).append(c.rationale)
    order = list(n) + [qid for qid in o if qid not in n]
    order += sorted(qid for qid in rationale if qid not in order)
    rows: list[dict[str, object]] = []
    for qid in order:
        before, after = o.get(qid), n.get(qid)
        kinds: list[str] = []
        if before is None and after is not None:
            kinds.append("added")
        elif after is None and before is not None:
            kinds.append("removed")
        elif before is not None and after is not None:
            (a_old, q_old), (a_new, q_new) = before, after
            if q_old.text != q_new.text:
                kinds.append("reworded")
            if q_old.kind != q_new.kind:
                kinds.append("kind changed")
            if a_old != a_new:
                kinds.append("moved")
            if q_old.probes != q_new.probes:
                kinds.append("probes changed")
        why = " / ".join(rationale.get(qid, []))
        if not kinds and not why:
            continue
        old_text = before[1].text if before else ""
        new_text = after[1].text if after else ""
        rows.append({
            "question_id": qid,
            "change": ", ".join(kinds) if kinds else "none detected",
            "area_old": before[0] if before else "", "area_new": after[0] if after else "",
            "old_text": old_text, "new_text": new_text,
            "diff": word_diff(old_text, new_text) if before and after else "",
            "rationale": why, "rationale_missing": bool(kinds and not why),
        })
    return pd.DataFrame(rows, columns=list(CHANGE_COLUMNS))
