"""Cross-table checks and the coded-unit frame every synthesis step works from.

A meaning unit carries one final (consensus) code; the code must be in the codebook and the
unit's participant in the participants table. Violations are reported as one
:class:`~replicate.errors.DataError` naming the file, the first bad row, the bad value, what
is allowed, and how many further rows have the same problem.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import pandas as pd

from replicate.errors import DataError
from replicate.privacy.pseudonyms import pseudonym_order
from replicate.synthesis._util import (
    IDENTIFYING,
    clean_label,
    clean_labels,
    require_columns,
    require_filled,
    row_label,
)
from replicate.synthesis.hierarchy import Hierarchy

__all__ = ["coded_units", "participant_attributes", "pseudonyms", "with_themes"]

_UNIT_REQUIRED = ("unit_id", "participant", "code")


def _preview(values: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(repr(v) for v in values[:limit])
    return shown + (f", … ({len(values)} in all)" if len(values) > limit else "")


def pseudonyms(participants: pd.DataFrame, *, file: str = "participants.csv") -> tuple[str, ...]:
    """Validated, sorted pseudonyms of the participants table.

    Parameters
    ----------
    participants : pandas.DataFrame
        Schema ``participants``; only ``pseudonym`` is used here.
    file : str, default="participants.csv"
        File name used in error messages.

    Returns
    -------
    tuple of str

    Raises
    ------
    DataError
        If the column is missing, a pseudonym is empty or repeated.
    """
    require_columns(participants, ("pseudonym",), file=file)
    require_filled(participants, ("pseudonym",), file=file)
    seen: dict[str, int] = {}
    for pos, value in enumerate(participants["pseudonym"]):
        name = clean_label(value)
        if name in seen:
            raise DataError(
                f"pseudonym {name!r} is repeated (first in {row_label(seen[name])}); each "
                "participant needs a unique pseudonym",
                file=file,
                location=f"{row_label(pos)}, column pseudonym",
            )
        seen[name] = pos
    return tuple(sorted(seen, key=pseudonym_order))


def coded_units(
    units: pd.DataFrame,
    hierarchy: Hierarchy,
    participants: pd.DataFrame,
    *,
    units_file: str = "units.csv",
    participants_file: str = "participants.csv",
    codebook_file: str = "codebook.csv",
) -> pd.DataFrame:
    """Check the units against the codebook and participants; attach the hierarchy.

    Parameters
    ----------
    units : pandas.DataFrame
        Schema ``units``: ``unit_id, participant, code`` required; ``text`` used for quotes.
    hierarchy : Hierarchy
        The validated codebook.
    participants : pandas.DataFrame
        Schema ``participants``.
    units_file, participants_file, codebook_file : str
        File names used in error messages.

    Returns
    -------
    pandas.DataFrame
        One row per unit, sorted by ``participant, unit_id``, with columns ``unit_id,
        participant, text, code, subcategory, category``. Themes are reached through
        ``hierarchy.category_themes`` (a category may feed several).

    Raises
    ------
    DataError
        If a column is missing, a required cell is empty, a unit id repeats, a code is not in
        the codebook, or a participant is not in the participants table.
    """
    known = set(pseudonyms(participants, file=participants_file))
    require_columns(units, _UNIT_REQUIRED, file=units_file)
    require_filled(units, _UNIT_REQUIRED, file=units_file)
    ids = clean_labels(units["unit_id"].tolist())
    people = clean_labels(units["participant"].tolist())
    codes = clean_labels(units["code"].tolist())
    texts = clean_labels(units["text"].tolist()) if "text" in units.columns else [""] * len(ids)

    # each check is one set operation; the rows are visited only when it fails (a million
    # units took 4 s row by row, and stage 40's input check before any kernel as long again)
    first: dict[str, int] = {}
    for pos, uid in enumerate(ids if len(set(ids)) < len(ids) else ()):
        if uid in first:
            raise DataError(
                f"unit_id {uid!r} is repeated (first in {row_label(first[uid])}); unit ids "
                "must be unique",
                file=units_file,
                location=f"{row_label(pos)}, column unit_id",
            )
        first[uid] = pos

    bad_codes = ([pos for pos, c in enumerate(codes) if c not in hierarchy.code_subcategory]
                 if not set(codes) <= hierarchy.code_subcategory.keys() else [])
    if bad_codes:
        pos = bad_codes[0]
        close = difflib.get_close_matches(codes[pos], hierarchy.codes, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        more = (f"; {len(bad_codes) - 1} more row(s) have codes not in it"
                if len(bad_codes) > 1 else "")
        raise DataError(
            f"code {codes[pos]!r} is not in {codebook_file}{hint}; allowed: a code from its "
            f"code column{more}",
            file=units_file,
            location=f"{row_label(pos)}, column code",
        )
    bad_people = ([pos for pos, p in enumerate(people) if p not in known]
                  if not set(people) <= known else [])
    if bad_people:
        pos = bad_people[0]
        more = (f"; {len(bad_people) - 1} more row(s) name absent participants"
                if len(bad_people) > 1 else "")
        raise DataError(
            f"participant {people[pos]!r} is not in {participants_file}; allowed: a pseudonym "
            f"listed there ({_preview(sorted(known))}){more}",
            file=units_file,
            location=f"{row_label(pos)}, column participant",
        )

    frame = pd.DataFrame(
        {
            "unit_id": ids,
            "participant": people,
            "text": texts,
            "code": codes,
            "subcategory": [hierarchy.code_subcategory[c] for c in codes],
        }
    )
    frame["category"] = [hierarchy.subcategory_category[s]
                         for s in frame["subcategory"].tolist()]
    order = {p: i for i, p in enumerate(sorted(set(people), key=pseudonym_order))}
    return frame.sort_values(
        ["participant", "unit_id"], kind="mergesort",
        key=lambda col: col.map(order) if col.name == "participant" else col,
    ).reset_index(drop=True)


def participant_attributes(
    attributes: pd.DataFrame | None,
    people: Sequence[str],
) -> pd.DataFrame:
    """Align the attribute frame to the participants and drop identifying columns.

    Parameters
    ----------
    attributes : pandas.DataFrame or None
        Indexed by pseudonym (or with a ``pseudonym`` column); columns such as ``gender``,
        ``age``, ``mentor_gender``, ``mentor_age`` and any extras.
    people : sequence of str
        The participants' pseudonyms.

    Returns
    -------
    pandas.DataFrame
        Indexed by pseudonym (exactly ``people``, sorted); participants without attributes
        get missing values. Columns ``student_id``, ``name``, ``email`` etc. are removed.
    """
    if attributes is None:
        return pd.DataFrame(index=pd.Index(sorted(people, key=pseudonym_order),
                                           name="pseudonym"))
    frame = attributes.copy()
    if "pseudonym" in frame.columns:
        frame = frame.set_index("pseudonym")
    frame.index = pd.Index([clean_label(v) for v in frame.index], name="pseudonym")
    frame = frame[~frame.index.duplicated(keep="first")]
    frame = frame.drop(columns=[c for c in frame.columns if c in IDENTIFYING])
    return frame.reindex(sorted(people, key=pseudonym_order))


def with_themes(coded: pd.DataFrame, hierarchy: Hierarchy) -> pd.DataFrame:
    """One row per unit and theme its category feeds (column ``theme`` added).

    Parameters
    ----------
    coded : pandas.DataFrame
        Output of :func:`coded_units`.
    hierarchy : Hierarchy

    Returns
    -------
    pandas.DataFrame
        ``coded`` with rows repeated for categories feeding several themes.
    """
    cats = [str(c) for c in coded["category"].tolist()]
    positions = [i for i, c in enumerate(cats) for _ in hierarchy.category_themes[c]]
    themes = [t for c in cats for t in hierarchy.category_themes[c]]
    out = coded.iloc[positions].reset_index(drop=True)
    out["theme"] = themes
    return out
