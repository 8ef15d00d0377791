"""People in a REFI-QDA project: users become coders, cases become participants.

**Coders.** A ``User`` becomes a coder labelled by its ``id`` (REFI-QDA's short user id,
usually initials), else by the initials of its ``name`` (``Coder A`` → ``CA``), else by the
one-word name itself. ``codings.coder`` holds that label; the import report and the cohort
config (``writeup.researchers``) keep each label with the user's full name, so nobody has to
guess who ``CA`` is.

**Participants.** The case name is the pseudonym and the variables become columns; a source
that belongs to no case becomes a participant named after the source (``docs/interop.md``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from replicate.qdpx._report import CoderInfo, Log
from replicate.qdpx._units import UnitRow
from replicate.qdpx.reader import Project, User
from replicate.schema import PARTICIPANTS

__all__ = ["Coders", "coder_label", "label_coders", "participants_table"]

_RESERVED = ("pseudonym", "student_id", "transcript")
_OPTIONAL = tuple(c.name for c in PARTICIPANTS.columns if c.name not in _RESERVED)
_WORD = re.compile(r"[^\W_]+")


def coder_label(user: User) -> str:
    """The coder label of a user: its id, else its name's initials, else the name.

    Examples
    --------
    >>> coder_label(User("g", "Coder A", ""))
    'CA'
    >>> coder_label(User("g", "Anna Berg", "AB2"))
    'AB2'
    >>> coder_label(User("g", "cp", ""))
    'cp'
    """
    if user.id.strip():
        return user.id.strip()
    words = _WORD.findall(user.name)
    if len(words) >= 2:
        return "".join(w[0] for w in words).upper()
    return user.name.strip() or user.guid[:8]


class Coders:
    """The project's users as coders.

    Attributes
    ----------
    consensus : set of str
        GUIDs of the users whose codings are the final codes (not coders).
    label : dict
        User GUID → coder label (unique).
    order : list of str
        Coder labels in project order (ties in the final code go to the first).
    info : tuple of CoderInfo
        Every coder with label, full name, GUID and number of codings, for the report.
    """

    def __init__(self, consensus: set[str], label: dict[str, str], order: list[str],
                 info: tuple[CoderInfo, ...]) -> None:
        self.consensus = consensus
        self.label = label
        self.order = order
        self.info = info


def label_coders(project: Project, consensus_coder: str | None, log: Log) -> Coders:
    """Label the users as coders and find the consensus user.

    Parameters
    ----------
    project : Project
    consensus_coder : str or None
        Id or name of the consensus user (compared ignoring case).
    log : Log
        Receives a quirk for users sharing a label and a warning for unknown users.

    Returns
    -------
    Coders
    """
    wanted = (consensus_coder or "").strip().casefold()
    consensus = {u.guid for u in project.users
                 if wanted and wanted in (u.id.strip().casefold(), u.name.strip().casefold())}
    labels = {u.guid: coder_label(u) for u in project.users if u.guid not in consensus}
    counts: dict[str, int] = {}
    for lab in labels.values():
        counts[lab] = counts.get(lab, 0) + 1
    for guid, lab in list(labels.items()):
        if counts[lab] > 1:
            labels[guid] = f"{lab}-{guid[:8]}"
            log.quirk("duplicate-user", f"several users are called '{lab}'; told apart by "
                      "GUID prefix", guid)
    n_codings: dict[str | None, int] = {}
    for s in project.sources:
        for sel in s.selections:
            for c in sel.codings:
                n_codings[c.user] = n_codings.get(c.user, 0) + 1
    unknown = sorted(u for u in n_codings
                     if u is not None and u not in labels and u not in consensus)
    for guid in unknown:
        log.warn(f"codings name user {guid}, who is not in <Users>; the GUID is used as "
                 "the coder")
    info = tuple(CoderInfo(labels[u.guid], u.name.strip(), u.guid, n_codings.get(u.guid, 0))
                 for u in project.users if u.guid in labels)
    info += tuple(CoderInfo(g, "", g, n_codings[g]) for g in unknown)
    derived = [i for i in info if i.name and i.initials != i.name]
    if derived:
        log.quirk("coder-labels", "coders are written to codings.csv by short labels: "
                  + "; ".join(f"{i.initials} = {i.name}" for i in derived)
                  + " (also in the report's coders and in cohort.yaml writeup.researchers)")
    return Coders(consensus, labels, list(dict.fromkeys(labels.values())), info)


def participants_table(project: Project, names: Mapping[str, str], units: Sequence[UnitRow],
                  log: Log) -> tuple[pd.DataFrame, dict[str, str], dict[str, str]]:
    """Build the participants table from the cases (and from sources that belong to none).

    Parameters
    ----------
    project : Project
    names : mapping
        Source GUID → transcript file name, for every readable source.
    units : sequence of UnitRow
        The meaning units (a source whose every unit belongs to a case through a
        ``SelectionRef`` needs no participant of its own).
    log : Log

    Returns
    -------
    table : pandas.DataFrame
        The participants, with one column per variable.
    source_owner, selection_owner : dict
        Source GUID → pseudonym, selection GUID → pseudonym.
    """
    variables = {v.guid: v for v in project.variables}
    columns: dict[str, str] = {}
    for v in project.variables:
        col = v.name.strip() or f"variable-{v.guid[:8]}"
        if col in _RESERVED:
            log.quirk("variable-name", f"a variable is called '{col}', a reserved column; "
                      f"written as 'var_{col}'", v.guid)
            col = f"var_{col}"
        base, n = col, 2
        while col in columns.values():
            col, n = f"{base}-{n}", n + 1
        columns[v.guid] = col
    src_values = {s.guid: s.values for s in project.sources}
    readable = set(names)
    source_owner: dict[str, str] = {}
    sel_owner: dict[str, str] = {}
    records: list[dict[str, object]] = []
    taken: set[str] = set()
    unlinked: list[str] = []
    sel_src = {sel.guid: s.guid for s in project.sources for sel in s.selections}
    for case in project.cases:
        pseudo = case.name.strip() or f"case-{case.guid[:8]}"
        if not case.name.strip():
            log.quirk("unnamed-case", "a case has no name; its pseudonym is made from its "
                      "GUID", case.guid)
        base, n = pseudo, 2
        while pseudo in taken:
            pseudo, n = f"{base}-{n}", n + 1
        if pseudo != base:
            log.warn(f"two cases are called '{base}'; the second is '{pseudo}'")
        own = [g for g in (*case.sources, *(sel_src.get(x, "") for x in case.selections))
               if g in readable]
        own = list(dict.fromkeys(own))
        if not own:
            unlinked.append(case.guid)
            continue
        taken.add(pseudo)
        for g in case.sources:
            if g in source_owner and source_owner[g] != pseudo:
                log.warn(f"source {names.get(g, g)} belongs to several cases; its units go to "
                         f"'{source_owner[g]}' unless a case names the selection")
            source_owner.setdefault(g, pseudo)
        for g in case.selections:
            sel_owner[g] = pseudo
        record: dict[str, object] = {"pseudonym": pseudo, "student_id": case.guid,
                                     "transcript": names[own[0]]}
        values = list(case.values)
        from_sources = [v for g in own for v in src_values.get(g, ())
                        if v.variable not in {x.variable for x in case.values}]
        if from_sources:
            log.quirk("source-variables", "variable values are attached to sources, not "
                      "cases; given to the case that owns the source")
        for val in (*values, *from_sources):
            if val.variable not in variables:
                log.warn(f"case '{pseudo}' has a value for unknown variable {val.variable}; "
                         "ignored")
                continue
            record.setdefault(columns[val.variable], val.value)
        records.append(record)
    log.loss("Case without text source", unlinked, "a case with no readable text source has "
             "no transcript; it is not a participant of the tables")
    for src in project.sources:
        if src.guid in source_owner:
            continue
        src_units = [u for u in units if u.source == src.guid]
        if src_units and all(any(s in sel_owner for s in u.selections) for u in src_units):
            continue  # every unit of this source belongs to a case through a SelectionRef
        pseudo, n = Path(names[src.guid]).stem, 2
        base = pseudo
        while pseudo in taken:
            pseudo, n = f"{base}-{n}", n + 1
        taken.add(pseudo)
        source_owner[src.guid] = pseudo
        record = {"pseudonym": pseudo, "student_id": src.guid, "transcript": names[src.guid]}
        for val in src.values:
            if val.variable in variables:
                record.setdefault(columns[val.variable], val.value)
        records.append(record)
        log.quirk("source-without-case", "a source belongs to no case; a participant named "
                  "after the source was made", names[src.guid])
    schema_cols = ["pseudonym", "student_id",
                   *(c for c in _OPTIONAL if c in columns.values()), "transcript"]
    order = [*schema_cols, *(c for c in columns.values() if c not in schema_cols)]
    table = pd.DataFrame.from_records(records, columns=order).astype(object)
    table = table.where(table.notna(), None)
    table = table.sort_values("pseudonym", kind="stable").reset_index(drop=True)
    if len(table):
        log.warn("participants.student_id holds each case's REFI GUID as a placeholder; put "
                 "the internal student id there to link participants to students.csv")
    return table, source_owner, sel_owner
