"""The consensus meeting's decisions, read back: which disagreements are settled.

The stage writes the disagreement list (:func:`~replicate.reliability.disagreements`) with an
empty ``resolution`` column. The coders copy that CSV into the cohort folder, write in
``resolution`` the code they agreed on for each unit they settled (and, if they like, a note
in ``codebook_change``), and name the file in ``cohort.yaml``
(``reliability.resolutions: tables/resolutions.csv``). The next run checks the file
(:func:`resolution_problems`) and marks each disagreement settled or still open
(:func:`settle`, :func:`confused_codes` for the pairs of codes the coders confused).

Only ``unit_id`` and ``resolution`` are read (``codebook_change`` when present); every other
column of the copied list may stay, change or go.

Examples
--------
>>> dis = pd.DataFrame({"unit_id": ["U1", "U2"], "A": ["x", "y"], "B": ["y", "x"],
...                     "codes": ["x | y", "x | y"], "resolution": ["", ""]})
>>> res = pd.DataFrame({"unit_id": ["U2"], "resolution": ["x"]})
>>> resolution_problems(res, double_coded={"U1", "U2"}, codes={"x", "y"}, file="r.csv")
[]
>>> settle(dis, res)["resolution"].tolist()
['', 'x']
>>> confused_codes(dis, ["A", "B"]).to_dict("records")
[{'code': 'x', 'confused_with': 'y', 'n_units': 2}]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from itertools import combinations

import pandas as pd

from replicate.errors import DataError

__all__ = ["RESOLUTION_COLUMNS", "confused_codes", "resolution_problems", "settle"]

#: The columns a resolutions file needs.
RESOLUTION_COLUMNS = ("unit_id", "resolution")
_NEUTRALISED = re.compile(r"'(?=[=+\-@\t\r])")


def _cell(value: object) -> str:
    """A cell as stripped text, without the ``'`` the artifact CSV puts before a formula-like
    cell (``'=x`` reads ``=x``); blank for a missing value."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return _NEUTRALISED.sub("", str(value).strip(), count=1)


def resolution_problems(resolutions: pd.DataFrame, *, double_coded: Collection[str],
                        codes: Collection[str], file: str) -> list[DataError]:
    """Every problem of a filled-in resolutions table, one line each.

    Parameters
    ----------
    resolutions : pandas.DataFrame
        The file as read (text cells), with at least ``unit_id`` and ``resolution``.
    double_coded : collection of str
        Ids of the units coded by two or more coders (the only ones a disagreement is on).
    codes : collection of str
        The codebook's codes (a resolution must be one of them).
    file : str
        The file as shown in messages.

    Returns
    -------
    list of DataError
        Empty when the table can be used; rows are numbered as in a spreadsheet (the header
        is row 1).
    """
    missing = [c for c in RESOLUTION_COLUMNS if c not in resolutions.columns]
    if missing:
        return [DataError(f"needs the column{'s' if len(missing) > 1 else ''} "
                          f"{' and '.join(missing)}; copy the disagreement list "
                          "(artifacts/30_coding_reliability-disagreements.csv) and write the "
                          "agreed code in its resolution column", file=file)]
    known_units = {str(u) for u in double_coded}
    known_codes = {str(c).strip() for c in codes}
    problems: list[DataError] = []
    first: dict[str, int] = {}
    for i, (unit_value, code_value) in enumerate(
            zip(resolutions["unit_id"], resolutions["resolution"], strict=True)):
        row = i + 2
        unit, code = _cell(unit_value), _cell(code_value)
        if not unit:
            if code:
                problems.append(DataError("a resolution without a unit_id; write the unit it "
                                          "settles", file=file, location=f"row {row}, column "
                                          "unit_id"))
            continue
        if unit not in known_units:
            problems.append(DataError(
                f"unit {unit} was not coded by two or more coders; only units of the "
                "disagreement list can be settled", file=file,
                location=f"row {row}, column unit_id"))
        elif unit in first:
            problems.append(DataError(
                f"unit {unit} is settled twice (first on row {first[unit]}); keep one row per "
                "unit", file=file, location=f"row {row}, column unit_id"))
        else:
            first[unit] = row
        if code and code not in known_codes:
            problems.append(DataError(
                f"'{code}' is not a code of the codebook; write the agreed code as the codebook "
                "spells it, or leave the cell blank while the unit is still open", file=file,
                location=f"row {row}, column resolution"))
    return problems


def settle(disagreements: pd.DataFrame, resolutions: pd.DataFrame) -> pd.DataFrame:
    """The disagreement list with the agreed codes (and codebook notes) of ``resolutions``.

    Parameters
    ----------
    disagreements : pandas.DataFrame
        From :func:`~replicate.reliability.disagreements`.
    resolutions : pandas.DataFrame
        A table that passed :func:`resolution_problems`.

    Returns
    -------
    pandas.DataFrame
        A copy whose ``resolution`` (and ``codebook_change``, when the file has one) is filled
        for the settled units; units the file does not settle keep a blank ``resolution``.
    """
    out = disagreements.copy()
    agreed = {_cell(u): _cell(c) for u, c in zip(resolutions["unit_id"],
                                                 resolutions["resolution"], strict=True)
              if _cell(u) and _cell(c)}
    notes = ({_cell(u): _cell(n) for u, n in zip(resolutions["unit_id"],
                                                 resolutions["codebook_change"], strict=True)}
             if "codebook_change" in resolutions.columns else {})
    units = out["unit_id"].astype(str)
    out["resolution"] = [agreed.get(u, "") for u in units]
    if notes:
        out["codebook_change"] = [notes.get(u) or old for u, old in
                                  zip(units, out["codebook_change"], strict=True)]
    return out


def confused_codes(disagreements: pd.DataFrame, coders: Sequence[str]) -> pd.DataFrame:
    """Pairs of codes that different coders gave to the same unit, most frequent first.

    Parameters
    ----------
    disagreements : pandas.DataFrame
        From :func:`~replicate.reliability.disagreements` (one column per coder).
    coders : sequence of str
        The coder columns.

    Returns
    -------
    pandas.DataFrame
        Columns ``code, confused_with, n_units`` (the two codes in sorted order; a unit with
        three different codes counts for each of its three pairs), sorted by ``n_units``
        descending, then by the codes.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for row in disagreements[list(coders)].itertuples(index=False):
        given = sorted({_cell(v) for v in row} - {""})
        counts.update(combinations(given, 2))
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return pd.DataFrame([(a, b, n) for (a, b), n in rows],
                        columns=["code", "confused_with", "n_units"]).astype(
                            {"n_units": "int64"})
