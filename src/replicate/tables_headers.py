"""Header rows: near-miss column names reported as the column they should be.

A header cell that normalises to a declared column (case folded, invisible characters such
as ``\\u200b`` or a byte-order mark removed, spaces and hyphens read as underscores) is one
line naming the column (``did you mean 'age'?``), with the invisible characters shown
escaped, instead of an unknown and a missing column. Surrounding spaces are stripped by the
reader, so ``' age '`` is ``age``.
"""

from __future__ import annotations

import difflib
import unicodedata

from replicate.errors import DataError
from replicate.schema import TableSchema

__all__ = ["header_problems", "shown_header"]

_INVISIBLE = {"Cf", "Zs", "Zl", "Zp", "Cc"}


def shown_header(name: str) -> str:
    r"""A header as shown: invisible and non-printing characters as ``\uXXXX``.

    Parameters
    ----------
    name : str
        The header cell.

    Returns
    -------
    str

    Examples
    --------
    >>> shown_header("age\u200b")
    'age\\u200b'
    """
    return "".join(ch if ch == " " or (ch.isprintable() and unicodedata.category(ch)
                                       not in _INVISIBLE) else f"\\u{ord(ch):04x}"
                   for ch in name)


def _normal(name: str) -> str:
    kept = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cf", "Cc"})
    return "_".join(kept.replace("-", " ").replace("_", " ").split()).casefold()


def _near_miss(given: str, declared: str) -> str:
    """Why ``given`` is not ``declared`` although they normalise alike."""
    reasons = []
    if shown_header(given) != given:
        reasons.append("it holds an invisible character")
    visible = "".join(ch for ch in given if unicodedata.category(ch) not in {"Cf", "Cc"})
    if "_".join(visible.replace("-", " ").replace("_", " ").split()) != declared:
        reasons.append("the case differs")
    if any(c in visible for c in " -"):
        reasons.append("spaces or hyphens stand for underscores")
    return " and ".join(reasons)


def header_problems(present: list[str], schema: TableSchema, file: str) -> list[DataError]:
    """Problems of a header row: repeated, near-miss, missing and unknown columns.

    Parameters
    ----------
    present : list of str
        The header cells (stripped).
    schema : TableSchema
        The table's columns.
    file : str
        File name for messages.

    Returns
    -------
    list of DataError
        One line per problem at ``row 1``; a near miss is one line (not also "missing" and
        "unknown").

    Examples
    --------
    >>> from replicate.schema import TABLES
    >>> [p.message for p in header_problems(["pseudonym", "student_id", "Transcript"],
    ...                                     TABLES["participants"], "p.csv")]
    ["column 'Transcript' is not 'transcript' (the case differs); did you mean 'transcript'? \
rename the header"]
    """
    problems: list[DataError] = []
    for c in sorted({c for c in present if present.count(c) > 1}):
        problems.append(DataError(f"column '{shown_header(c)}' appears more than once", file=file,
                                  location="row 1"))
    names = schema.column_names
    absent = [c for c in names if c not in present]
    near: dict[str, str] = {}
    for c in present:
        if c not in names:
            same = [d for d in absent if _normal(d) == _normal(c) and d not in near.values()]
            if len(same) == 1:
                near[c] = same[0]
    for c, d in near.items():
        problems.append(DataError(
            f"column '{shown_header(c)}' is not '{d}' ({_near_miss(c, d)}); did you mean '{d}'? "
            "rename the header", file=file, location="row 1"))
    for col in schema.columns:
        if col.required and col.name in absent and col.name not in near.values():
            problems.append(DataError(
                f"required column '{col.name}' is missing; expected columns: "
                f"{', '.join(names)}", file=file, location="row 1"))
    if not schema.extra_columns_allowed:
        for j, c in enumerate(present):
            if c in names or c in near:
                continue
            what = f"unknown column '{shown_header(c)}'" if c else f"column {j + 1} has no header"
            close = difflib.get_close_matches(_normal(c), absent, n=1) if c else []
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problems.append(DataError(f"{what}{hint}; allowed: {', '.join(names)}",
                                      file=file, location="row 1"))
    return problems
