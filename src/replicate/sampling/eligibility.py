"""Eligibility for the interview sample and the recruitment flow.

The rule follows methodology §1.3, with the original study's defaults: Kalén, Ponzer &
Silén (2012) offered every student a mentor and excluded students with fewer than three
mentor meetings; interviews took place 0–1 year after the programme. A student is
eligible when

* ``meetings >= min_meetings`` (default 3, from the paper);
* ``consent_to_contact`` is true;
* ``status`` is not ``withdrawn``;
* they took no part in a pilot interview (``exclude_pilot``, default true; the paper does
  not say whether pilot interviewees could be sampled);
* when an interview date or window is configured: some day of the window lies 0 to
  ``max_days_after`` (default 365) days after the student's ``programme_end``.

Every failed rule is counted (a student can fail several), and the *first* failed rule in
the order above gives the flow diagram its exclusion boxes, so the boxes add up to the
number excluded (the CONSORT convention; COREQ item 13, SRQR S8/S12).

References
----------
Kalén S, Ponzer S, Silén C (2012). The core of mentorship: medical students' experiences of
one-to-one mentoring in a clinical environment. Adv Health Sci Educ 17:389–401.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from replicate.errors import ConfigError, DataError
from replicate.sampling._inputs import flags, numbers, text

__all__ = ["REASONS", "Eligibility", "assess_eligibility", "flow_table"]

#: Exclusion reasons in the order the flow applies them: (id, label template).
REASONS: tuple[tuple[str, str], ...] = (
    ("few_meetings", "fewer than {min_meetings} mentor meetings"),
    ("no_consent", "no consent to be contacted"),
    ("withdrawn", "withdrew from the programme"),
    ("pilot", "took part in a pilot interview"),
    ("end_date_missing", "programme end date missing"),
    ("outside_window", "interview window not within {max_days_after} days after the "
                       "programme ended"),
)

DateLike = str | dt.date | pd.Timestamp


@dataclass(frozen=True)
class Eligibility:
    """The outcome of :func:`assess_eligibility`.

    Attributes
    ----------
    flags : pandas.DataFrame
        **Private** (holds ``student_id``): one row per student in input order with one bool
        column per reason id in :data:`REASONS` (true = fails the rule), ``eligible`` and
        ``first_reason`` (``""`` when eligible).
    exclusions : pandas.DataFrame
        One row per reason applied (the pilot rule only with ``exclude_pilot``, the two
        date rules only with an interview date or window), in :data:`REASONS` order:
        ``reason``, ``label``, ``n_any``
        (students failing this rule) and ``n_first`` (students for whom it is the first
        failed rule; these sum to the number excluded).
    n_offered, n_eligible : int
        Students in the table and students eligible.
    window : tuple of str or None
        The interview window as ISO dates, or None when no date was configured.
    """

    flags: pd.DataFrame
    exclusions: pd.DataFrame
    n_offered: int
    n_eligible: int
    window: tuple[str, str] | None

    def counts(self) -> list[tuple[str, str, int, int]]:
        """``(reason, label, n_any, n_first)`` per reason applied, in :data:`REASONS`
        order."""
        ex = self.exclusions
        return [(str(r), str(lab), int(a), int(f)) for r, lab, a, f in zip(
            ex["reason"].tolist(), ex["label"].tolist(), ex["n_any"].tolist(),
            ex["n_first"].tolist(), strict=True)]

    @property
    def eligible_mask(self) -> np.ndarray:
        """Bool array over the students in input order: true for the eligible."""
        return self.flags["eligible"].to_numpy(dtype=bool)


def _date(value: DateLike, key: str, config_file: str | None) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{value!r} is not a date; write it as YYYY-MM-DD",
                          file=config_file, location=key) from exc
    if pd.isna(stamp):
        raise ConfigError("the date is empty; write it as YYYY-MM-DD", file=config_file,
                          location=key)
    return stamp.normalize()


def _window(
    interview_date: DateLike | None,
    interview_window: tuple[DateLike, DateLike] | None,
    config_file: str | None,
) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    if interview_date is not None and interview_window is not None:
        raise ConfigError("give either interview_date or interview_window, not both",
                          file=config_file, location="sampling.interview_window")
    if interview_date is not None:
        day = _date(interview_date, "sampling.interview_date", config_file)
        return day, day
    if interview_window is None:
        return None
    if isinstance(interview_window, str) or len(interview_window) != 2:
        raise ConfigError("interview_window must be two dates [start, end]",
                          file=config_file, location="sampling.interview_window")
    start = _date(interview_window[0], "sampling.interview_window", config_file)
    end = _date(interview_window[1], "sampling.interview_window", config_file)
    if end < start:
        raise ConfigError("the window ends before it starts; give [start, end]",
                          file=config_file, location="sampling.interview_window")
    return start, end


def _whole(value: object, key: str, config_file: str | None, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ConfigError(f"{value!r} is not allowed; give a whole number >= {minimum}",
                          file=config_file, location=key)
    return int(value)


def assess_eligibility(
    students: pd.DataFrame,
    *,
    min_meetings: int = 3,
    exclude_pilot: bool = True,
    interview_date: DateLike | None = None,
    interview_window: tuple[DateLike, DateLike] | None = None,
    max_days_after: int = 365,
    students_file: str = "students",
    config_file: str | None = None,
) -> Eligibility:
    """Decide who may be sampled and count every reason for exclusion.

    Parameters
    ----------
    students : pandas.DataFrame
        The students table (columns of ``replicate.schema.TABLES["students"]``).
    min_meetings : int, default=3
        Fewest mentor meetings an eligible student had (the paper's rule).
    exclude_pilot : bool, default=True
        Exclude students with ``pilot`` true.
    interview_date : date-like or None, default=None
        The planned interview date; enables the window rule.
    interview_window : (date-like, date-like) or None, default=None
        First and last planned interview day; an alternative to ``interview_date``.
    max_days_after : int, default=365
        Longest time from the end of the programme to the interview.
    students_file : str, default="students"
        File name used in error messages.
    config_file : str or None, default=None
        Config file name used in error messages.

    Returns
    -------
    Eligibility
        Flags per student, counts per reason and the totals.

    Raises
    ------
    ConfigError
        A bad option: negative numbers, an unreadable date, both a date and a window.
    DataError
        A meeting count is not a number, a flag is not true/false, or a date is configured
        and the table has no ``programme_end`` column.
    """
    min_meetings = _whole(min_meetings, "sampling.min_meetings", config_file, 0)
    max_days_after = _whole(max_days_after, "sampling.max_days_after", config_file, 0)
    window = _window(interview_date, interview_window, config_file)
    meetings = numbers(students, "meetings", students_file, "a whole number of meetings")
    consent = flags(students, "consent_to_contact", students_file, default=None)
    pilot = flags(students, "pilot", students_file, default=False)
    status = text(students["status"])
    n = len(students)
    fails: dict[str, np.ndarray] = {
        "few_meetings": meetings < min_meetings,
        "no_consent": ~consent,
        "withdrawn": status == "withdrawn",
        "pilot": pilot & bool(exclude_pilot),
        "end_date_missing": np.zeros(n, dtype=bool),
        "outside_window": np.zeros(n, dtype=bool),
    }
    if window is not None:
        if "programme_end" not in students.columns:
            raise DataError("column 'programme_end' is missing; it is needed because an "
                            "interview date or window is configured", file=students_file)
        ends = pd.to_datetime(students["programme_end"], errors="coerce")
        missing = ends.isna().to_numpy()
        latest = ends + pd.Timedelta(days=max_days_after)
        inside = ((ends <= window[1]) & (latest >= window[0])).to_numpy(dtype=bool)
        fails["end_date_missing"] = missing
        fails["outside_window"] = ~missing & ~inside
    frame = pd.DataFrame({"student_id": text(students["student_id"], missing="")})
    first = np.full(n, "", dtype=object)
    for reason, _ in REASONS:
        frame[reason] = fails[reason]
        first[(first == "") & fails[reason]] = reason
    frame["eligible"] = first == ""
    frame["first_reason"] = first
    fmt = {"min_meetings": min_meetings, "max_days_after": max_days_after}
    # only the rules applied: a row "took part in a pilot interview: 0" would say the rule ran
    unused = ({"pilot"} if not exclude_pilot else set()) | (
        {"end_date_missing", "outside_window"} if window is None else set())
    applied = [(r, label) for r, label in REASONS if r not in unused]
    exclusions = pd.DataFrame({
        "reason": [r for r, _ in applied],
        "label": [label.format(**fmt) for _, label in applied],
        "n_any": [int(fails[r].sum()) for r, _ in applied],
        "n_first": [int((first == r).sum()) for r, _ in applied],
    })
    iso = None if window is None else (window[0].date().isoformat(),
                                       window[1].date().isoformat())
    return Eligibility(flags=frame, exclusions=exclusions, n_offered=n,
                       n_eligible=int(frame["eligible"].sum()), window=iso)


def flow_table(
    eligibility: Eligibility,
    *,
    selected: int,
    reserve: int,
    invited: int | None = None,
    declined: int | None = None,
    interviewed: int | None = None,
    not_in_design: int = 0,
    not_interviewed: int = 0,
) -> pd.DataFrame:
    """The recruitment flow: offered → eligible → designed sample → invited → interviewed.

    Three groups are kept apart: the designed sample (what the selection drew), who was
    invited and who declined (known only when the school says how it invited), and who was
    interviewed (the participants table). A step whose count is not known is left out, never
    guessed.

    Parameters
    ----------
    eligibility : Eligibility
        From :func:`assess_eligibility`.
    selected : int
        The designed sample (after any replacement of students who declined).
    reserve : int
        Students left on the reserve list.
    invited, declined : int or None, default=None
        Students invited (the first selection plus the replacements for those who declined)
        and invited students who declined; None when the invitations are not known (both
        rows are shown only when both are given).
    interviewed : int or None, default=None
        Distinct students in the participants table, when there is one.
    not_in_design, not_interviewed : int, default=0
        Students interviewed who were not in the designed sample, and students of the
        designed sample who were not interviewed (rows only when above zero).

    Returns
    -------
    pandas.DataFrame
        Columns ``step`` (id), ``label``, ``n`` and ``branch`` (``main`` for the trunk of
        the diagram, ``excluded``/``side`` for the boxes beside it). Exclusion rows with
        no student are left out.
    """
    rows: list[tuple[str, str, int, str]] = [
        ("offered", "offered a mentor", eligibility.n_offered, "main"),
    ]
    for reason, label, _, n_first in eligibility.counts():
        if n_first > 0:
            rows.append((f"excluded_{reason}", f"excluded: {label}", n_first, "excluded"))
    rows += [
        ("eligible", "eligible", eligibility.n_eligible, "main"),
        ("selected", "designed sample", selected, "main"),
        ("reserve", "reserve list", reserve, "side"),
    ]
    if invited is not None and declined is not None:
        rows += [("invited", "invited", invited, "main"),
                 ("declined", "declined", declined, "side")]
    if interviewed is not None:
        rows.append(("interviewed", "interviewed", interviewed, "main"))
        if not_in_design:
            rows.append(("not_in_design", "interviewed, not in the designed sample",
                         not_in_design, "side"))
        if not_interviewed:
            rows.append(("not_interviewed", "in the designed sample, not interviewed",
                         not_interviewed, "side"))
    return pd.DataFrame(rows, columns=["step", "label", "n", "branch"])
