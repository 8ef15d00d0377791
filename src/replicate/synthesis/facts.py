"""The new cohort's sample facts, computed from the data, for the comparison with the original.

Facts the data can give (N interviewed, gender split, age range, mentor gender, meetings,
interview length, interviewers, interview period) are computed; facts only the config knows
(N offered, N eligible, pilots, minimum meetings, coders, software, timing) are passed in and
fill the remaining keys. Computed values win over passed ones, because the report must agree
with the data it shows (COREQ 12, 16, 21).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from replicate.synthesis._util import clean_label, jsonable

__all__ = ["cohort_facts"]


def _range(values: pd.Series) -> list[float] | None:
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    if numbers.empty:
        return None
    lo, hi = float(numbers.min()), float(numbers.max())
    return [int(lo) if lo.is_integer() else lo, int(hi) if hi.is_integer() else hi]


def _split(values: pd.Series) -> dict[str, int]:
    labels = [clean_label(v).casefold() for v in values]
    return {g: labels.count(g) for g in sorted(set(labels) - {""})}


def _ordered_counts(values: pd.Series) -> list[list[Any]]:
    """``[[label, n], …]`` for every gender value in the order the data first gives it; a
    blank or missing value is counted under ``""`` (listed last)."""
    labels = [clean_label(v).casefold() for v in values]
    order = list(dict.fromkeys(lab for lab in labels if lab))
    out: list[list[Any]] = [[lab, labels.count(lab)] for lab in order]
    if "" in labels:
        out.append(["", labels.count("")])
    return out


def cohort_facts(
    participants: pd.DataFrame,
    attributes: pd.DataFrame,
    *,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Sample facts of the new cohort as a JSON-ready dict.

    Parameters
    ----------
    participants : pandas.DataFrame
        Schema ``participants`` (``duration_min``, ``interviewer``, ``interview_date`` used
        when present).
    attributes : pandas.DataFrame
        Indexed by pseudonym: ``gender``, ``age``, ``mentor_gender``, ``meetings`` used when
        present.
    extra : mapping or None, default=None
        Config facts, e.g. ``n_offered``, ``n_eligible``, ``n_pilots``, ``min_meetings``,
        ``n_coders``, ``software``, ``years_after_programme``.

    Returns
    -------
    dict
        Keys ``n_interviewed``, ``n_male``, ``n_female``, ``n_other`` (only when > 0),
        ``gender_counts`` (``[[gender, n], …]`` in the data's order, ``""`` = not recorded),
        ``age_min``, ``age_max``, ``mentor_gender_split``, ``meetings_range``,
        ``interview_minutes``, ``n_interviewers``, ``interview_period`` where the data allow,
        plus the keys of ``extra`` not computed here.
    """
    facts: dict[str, Any] = {"n_interviewed": len(participants)}
    if "gender" in attributes.columns:
        split = _split(attributes["gender"])
        facts["n_male"] = split.get("male", 0)
        facts["n_female"] = split.get("female", 0)
        other = sum(v for k, v in split.items() if k not in ("male", "female"))
        if other:
            facts["n_other"] = other
        facts["gender_counts"] = _ordered_counts(attributes["gender"])
    if "age" in attributes.columns and (ages := _range(attributes["age"])) is not None:
        facts["age_min"], facts["age_max"] = ages
    if "mentor_gender" in attributes.columns:
        split = _split(attributes["mentor_gender"])
        if split:
            facts["mentor_gender_split"] = " / ".join(f"{n} {g}" for g, n in split.items())
    if "meetings" in attributes.columns:
        facts["meetings_range"] = _range(attributes["meetings"])
    if "duration_min" in participants.columns:
        facts["interview_minutes"] = _range(participants["duration_min"])
    if "interviewer" in participants.columns:
        names = {clean_label(v) for v in participants["interviewer"]} - {""}
        if names:
            facts["n_interviewers"] = len(names)
    if "interview_date" in participants.columns:
        dates = pd.to_datetime(participants["interview_date"], errors="coerce").dropna()
        if not dates.empty:
            facts["interview_period"] = [dates.min().date().isoformat(),
                                         dates.max().date().isoformat()]
    for key, value in (extra or {}).items():
        facts.setdefault(str(key), value)
    result: dict[str, Any] = jsonable({k: facts[k] for k in sorted(facts)})
    return result
