"""Fact sentences built only from what the stages computed and the rules they applied.

Each function here states one kind of fact (who was interviewed, by whom, for how long, which
eligibility rules were applied, how agreement was measured) for any shape of cohort: any
number of coders, every gender category the data give (in the data's order), rules on or
off, values missing. Where a value is missing, the sentence leaves the clause out instead of
printing "not available" inside it (issue 17).
"""

from __future__ import annotations

from typing import Any

from replicate.writeup import markdown as md
from replicate.writeup.evidence import Evidence

__all__ = [
    "eligibility_text",
    "gender_text",
    "interviewer_text",
    "sample_sentence",
    "summary_people",
    "window_applied",
]

S10, S40 = "10_sampling_design", "40_theme_synthesis"

_NOUNS = {"female": "woman", "male": "man", "other": "other_gender", "": "gender_missing",
          "not stated": "gender_not_stated"}


def _gender_counts(ev: Evidence) -> list[tuple[str, int]]:
    facts = ev.value(S40, "facts")
    if facts.get("gender_counts") is not None:
        return [(str(g), int(n)) for g, n in facts["gender_counts"]]
    # artifacts of an older stage 40: the two counts it had, then "other"
    pairs = [("female", facts.get("n_female")), ("male", facts.get("n_male")),
             ("other", facts.get("n_other"))]
    return [(g, int(n)) for g, n in pairs if n]


def gender_text(ev: Evidence) -> str:
    """Every gender category of the interviewed, in the data's order: ``10 women, 7 men and
    1 of another gender``.

    With ``privacy.suppress_small_cells``, a category with fewer than ``privacy.min_cell``
    people is shown as "fewer than k" instead of its count (small-cell protection).
    """
    t = ev.text
    p = ev.config.privacy
    k = p.min_cell if p.suppress_small_cells else 0
    items = []
    for i, (gender, n) in enumerate(_gender_counts(ev)):
        if n == 0:
            continue
        key = f"gender_count_{i}"
        noun = _NOUNS.get(gender)
        if k and n < k:
            ev.register(key, None, S40, f"facts.gender_counts.{i} (fewer than {k}: suppressed)")
            shown = t("fewer_than", k=t.fmt(k, "count"))
            items.append(t.n(shown, noun, 2) if noun else f"{shown} {md.escape(gender)}")
            continue
        shown = ev.num(key, S40, f"facts.gender_counts.{i}.1")
        items.append(t.n(shown, noun, n) if noun else f"{shown} {md.escape(gender)}")
    return t.join(items)


def sample_sentence(ev: Evidence) -> str:
    """Who was interviewed: numbers, gender, ages, mentors' gender, meetings (stage 40)."""
    t = ev.text
    facts = ev.value(S40, "facts")
    n = ev.num("sample_size", S40, "facts.n_interviewed")
    text = t("sample.sentence_n", n=t.n(n, "student", facts.get("n_interviewed")))
    details = []
    genders = gender_text(ev)
    if genders:
        details.append(genders)
    if facts.get("age_min") is not None:
        details.append(t("sample.ages", lo=ev.num("age_min", S40, "facts.age_min"),
                         hi=ev.num("age_max", S40, "facts.age_max")))
    text += (": " + ", ".join(details) if details else "") + "."
    if facts.get("mentor_gender_split"):
        text += " " + t("sample.mentors", split=md.escape(t.datum(
            ev.num("mentor_gender_split", S40, "facts.mentor_gender_split", "text"))))
    if facts.get("meetings_range"):
        text += " " + t("sample.meetings",
                        lo=ev.num("meetings_min", S40, "facts.meetings_range.0"),
                        hi=ev.num("meetings_max", S40, "facts.meetings_range.1"))
    return text


def summary_people(ev: Evidence) -> str:
    """``18 students (10 women, 7 men and 1 of another gender, aged 22–44)`` for the summary."""
    t = ev.text
    facts = ev.value(S40, "facts")
    n = t.n(ev.num("sample_size", S40, "facts.n_interviewed"), "student",
            facts.get("n_interviewed"))
    details = [d for d in (gender_text(ev),) if d]
    if facts.get("age_min") is not None:
        details.append(t("sample.ages", lo=ev.num("age_min", S40, "facts.age_min"),
                         hi=ev.num("age_max", S40, "facts.age_max")))
    return f"{n} ({', '.join(details)})" if details else n


def window_applied(ev: Evidence) -> bool:
    """Whether stage 10 applied the interview-window rule (an interview date or window was
    configured); without one the rule was off and no sentence may claim it."""
    elig: dict[str, Any] = ev.value(S10, "eligibility")
    return bool(elig.get("interview_window"))


def eligibility_text(ev: Evidence) -> str:
    """The eligibility rules stage 10 actually applied, as one sentence (no final stop)."""
    t = ev.text
    elig = ev.value(S10, "eligibility")
    crit = t("sampling.eligible", min_meetings=ev.num("min_meetings", S10,
                                                      "eligibility.min_meetings"))
    if window_applied(ev):
        crit += t("sampling.window", days=ev.num("max_days_after", S10,
                                                 "eligibility.max_days_after"))
    if elig.get("exclude_pilot"):
        crit += t("sampling.no_pilot")
    return crit


def interviewer_text(ev: Evidence) -> str:
    """The interviewers' initials with their profile from the config, as Markdown.

    ``SK, MD`` (or ``Sara Karlsson (SK), MD``): credentials after a comma, so credentials
    that hold parentheses are never nested inside another pair.
    """
    known = {r.initials: r for r in ev.config.writeup.researchers}
    names = list(ev.interviewers) or [r.initials for r in ev.config.writeup.researchers
                                      if "interviewer" in r.roles]
    shown = []
    for ini in names:
        r = known.get(ini)
        who = f"{r.name} ({ini})" if r is not None and r.name else ini
        if r is not None and r.credentials:
            who += f", {r.credentials}"
        shown.append(md.escape(who))
    return ev.text.join(shown)
