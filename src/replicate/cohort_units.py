"""Checks of the units table against the transcripts and the participants.

A meaning unit quotes its transcript: its ``text`` must be the transcript's text at its
``start``/``end`` offsets, and its transcript must be its participant's.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from replicate.errors import DataError, ReplicateError

if TYPE_CHECKING:
    from replicate.cohort import Cohort

__all__ = ["offset_problems", "owner_problems"]


def offset_problems(cohort: Cohort) -> list[ReplicateError]:
    """Units whose offsets fall outside their transcript, or whose text is not the text there.

    The bounds are checked on whole columns at once; the text of each unit inside its
    transcript is compared with the transcript's characters ``start:end`` (runs of
    whitespace count as one space, as the reader strips cells and CRLF becomes LF).

    Parameters
    ----------
    cohort : Cohort
        With the units table and the transcripts' texts.

    Returns
    -------
    list of ReplicateError
    """
    cfg = cohort.config
    units = cohort.tables["units"]
    codes, names = pd.factorize(units["transcript"].to_numpy(dtype=object),
                                use_na_sentinel=False)
    lengths = {name: len(text) for name, text in cohort.texts.items()}
    per_name = np.array([lengths.get(str(n), np.nan) for n in names.tolist()], dtype=np.float64)
    size = per_name[codes] if len(codes) else np.zeros(0)
    start = pd.to_numeric(units["start"], errors="coerce").to_numpy(dtype=np.float64)
    end = pd.to_numeric(units["end"], errors="coerce").to_numpy(dtype=np.float64)
    checked = ~(np.isnan(start) | np.isnan(end) | np.isnan(size))
    s, e = np.trunc(start), np.trunc(end)
    with np.errstate(invalid="ignore"):
        inside = (s >= 0) & (s <= e) & (e <= size)
    shown = cohort.display(cfg.data_path("units") or Path("units"))
    problems: list[ReplicateError] = [
        DataError(f"offsets {int(start[i])}–{int(end[i])} are outside the transcript "
                  f"(0–{int(size[i])}) or end before start", file=shown,
                  location=f"row {i + 2}, column end")
        for i in np.flatnonzero(checked & ~inside).tolist()]
    names_at = units["transcript"].to_numpy(dtype=object)
    said = units["text"].to_numpy(dtype=object)
    for i in np.flatnonzero(checked & inside).tolist():
        piece = cohort.texts[str(names_at[i])][int(s[i]):int(e[i])]
        if piece != said[i] and " ".join(piece.split()) != " ".join(str(said[i]).split()):
            excerpt = " ".join(piece.split())
            excerpt = excerpt if len(excerpt) <= 50 else excerpt[:47] + "..."
            problems.append(DataError(
                f"the text is not the transcript's text at offsets {int(s[i])}–{int(e[i])} "
                f"(there: '{excerpt}'); correct the offsets or the text", file=shown,
                location=f"row {i + 2}, column text"))
    return problems


def owner_problems(cohort: Cohort) -> list[ReplicateError]:
    """Units whose transcript belongs to another participant than the unit's participant.

    A transcript's participant is the one the participants table gives it, else the
    ``# participant:`` line of its header. Units of an unknown participant are reported by
    the reference check already.

    Parameters
    ----------
    cohort : Cohort
        With the units table (and the participants table or parsed transcripts).

    Returns
    -------
    list of ReplicateError
    """
    t = cohort.tables
    if "units" not in t:
        return []
    owner: dict[str, tuple[str, str]] = {}
    known: set[str] = set()
    if "participants" in t:
        people = t["participants"]
        known = set(people["pseudonym"].map(str))
        shown_p = cohort.display(cohort.config.data_path("participants") or Path("p"))
        for name, who in zip(people["transcript"].map(str), people["pseudonym"].map(str),
                             strict=True):
            owner.setdefault(name, (who, shown_p))
    for name, transcript in cohort.transcripts.items():
        named = transcript.header.get("participant")
        if named:
            owner.setdefault(name, (named, f"the header of {name}"))
    units = t["units"]
    pairs = zip(units["transcript"].map(str), units["participant"].map(str), strict=True)
    shown = cohort.display(cohort.config.data_path("units") or Path("units"))
    problems: list[ReplicateError] = []
    for i, (name, who) in enumerate(pairs):
        if name in owner and owner[name][0] != who and (not known or who in known):
            problems.append(DataError(
                f"transcript '{name}' is participant {owner[name][0]}'s (in {owner[name][1]}), "
                f"not {who}'s; a unit's participant and transcript must match", file=shown,
                location=f"row {i + 2}, column participant"))
    return problems
