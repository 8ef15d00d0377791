"""Coded text selections → meaning units (``units``) and per-coder codes (``codings``).

REFI-QDA has no meaning-unit element; the closest is a coded ``PlainTextSelection``
(interop.md §4.2). The mapping used here, which :func:`replicate.qdpx.export_qdpx` writes
back the same way so that a round trip is lossless:

* **Meaning unit = selection.** Selections of different coders with identical spans are one
  unit coded by several coders (a merged team project). Selections of the *same* coder with
  the same span stay separate units. A selection (or merged unit) carrying several codes is
  split into one unit per code: the units table holds one code per unit.
* **Condensed meaning unit = the selection's Description.**
* **Coders = Users.** A coding's coder is ``Coding@creatingUser``, else the selection's
  ``creatingUser``; it is written as the user's ``id`` (initials), else ``name``.
* **Final (consensus) code.** Codings by a user called ``consensus`` (id or name; configurable)
  are the final codes and that user is not a coder. Without one, the final code is the code
  most coders gave, ties going to the coder listed first in the project; the report says how
  many units were decided this way.
* When codes of several coders meet on one unit they are paired: agreeing codes first,
  then the leftovers in order, so that a disagreement stays one unit with two different codes
  (what Cohen's κ and Krippendorff's α need).

Methodology: units are fixed before double coding (Campbell et al. 2013), so in a well-run
project both coders' selections coincide; selections that do not coincide become units coded
by one coder only and are counted in the report.

References
----------
Campbell JL, Quincy C, Osserman J, Pedersen OK. Coding in-depth semistructured interviews.
*Sociol Methods Res* 2013;42(3):294–320.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from replicate.errors import ConfigError, DataError
from replicate.qdpx._report import Log
from replicate.qdpx.reader import TextSource

__all__ = ["UnitRow", "build_units", "unit_ids"]

Coder = str | None


@dataclass
class _Merged:
    source: TextSource
    span: tuple[int, int]
    selections: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    consensus: list[str] = field(default_factory=list)
    coders: dict[Coder, list[str]] = field(default_factory=dict)

    def keys(self) -> set[Coder | tuple[str]]:
        out: set[Coder | tuple[str]] = set(self.coders)
        if self.consensus:
            out.add(("consensus",))
        return out


@dataclass(frozen=True)
class UnitRow:
    """One meaning unit before its id is assigned.

    Attributes
    ----------
    source : str
        TextSource GUID.
    start, end : int
        Position in the LF text, end exclusive.
    code : str
        Final code GUID.
    by_coder : mapping
        Coder label → code GUID (the unknown coder is ``None``).
    selections : tuple of str
        GUIDs of the selections the unit came from.
    name : str
        Name of the first selection.
    description : str
        The condensed meaning unit (first non-empty Description).
    decided_by_rule : bool
        True when coders disagreed and no consensus coding existed.
    split : bool
        True when the selection carried several codes and was split into several units.
    """

    source: str
    start: int
    end: int
    code: str
    by_coder: Mapping[Coder, str]
    selections: tuple[str, ...]
    name: str
    description: str
    decided_by_rule: bool
    split: bool


def _add(target: list[str], code: str) -> None:
    if code not in target:
        target.append(code)


def _candidates(sources: Sequence[TextSource], spans: Mapping[str, tuple[int, int]],
                consensus: set[str], coder_of: Mapping[str, str], log: Log) -> list[_Merged]:
    merged: list[_Merged] = []
    groups: dict[tuple[str, int, int], list[_Merged]] = {}
    empty: list[str] = []
    for src in sources:
        for sel in src.selections:
            if not sel.codings:
                continue
            span = spans[sel.guid]
            if span[0] >= span[1]:
                empty.append(sel.guid)
                continue
            cand = _Merged(src, span)
            cand.selections.append(sel.guid)
            cand.names.append(sel.name)
            cand.descriptions.append(sel.description.strip())
            for cod in sel.codings:
                if cod.user is not None and cod.user in consensus:
                    _add(cand.consensus, cod.code)
                else:
                    coder = None if cod.user is None else coder_of.get(cod.user, cod.user)
                    _add(cand.coders.setdefault(coder, []), cod.code)
            group = groups.setdefault((src.guid, *span), [])
            home = next((m for m in group if not (m.keys() & cand.keys())), None)
            if home is None:
                group.append(cand)
                merged.append(cand)
                continue
            home.selections += cand.selections
            home.names += cand.names
            home.descriptions += cand.descriptions
            for code in cand.consensus:
                _add(home.consensus, code)
            for coder, codes in cand.coders.items():
                for code in codes:
                    _add(home.coders.setdefault(coder, []), code)
    log.loss("Empty PlainTextSelection", empty, "a selection of zero characters holds no text")
    return merged


def _pair(consensus: list[str], coders: dict[Coder, list[str]],
          order: list[Coder]) -> list[tuple[str | None, dict[Coder, str]]]:
    """Pair codes across coders into rows: (consensus code or None, coder → code)."""
    left = {k: list(v) for k, v in coders.items()}
    rows: list[tuple[str | None, dict[Coder, str]]] = []
    for code in consensus:  # 1. one row per consensus code, with the coders who agree
        row = {k: code for k in order if code in left.get(k, [])}
        for k in row:
            left[k].remove(code)
        rows.append((code, row))
    while True:  # 2. codes shared by several coders
        counts = Counter(c for k in order for c in left.get(k, []))
        shared = [c for k in order for c in left.get(k, []) if counts[c] >= 2]
        if not shared:
            break
        pivot = max(shared, key=lambda c: (counts[c], -shared.index(c)))
        who = [k for k in order if pivot in left.get(k, [])]
        target = next((r for r in rows if not set(who) & set(r[1])), None)
        if target is None:
            target = (None, {})
            rows.append(target)
        for k in who:
            target[1][k] = pivot
            left[k].remove(pivot)
    for k in order:  # 3. leftovers fill rows that lack this coder, in order
        for code in left.get(k, []):
            target = next((r for r in rows if k not in r[1]), None)
            if target is None:
                target = (None, {})
                rows.append(target)
            target[1][k] = code
    return rows


def build_units(sources: Sequence[TextSource], spans: Mapping[str, tuple[int, int]], *,
                consensus: set[str], coder_of: Mapping[str, str], coder_order: Sequence[str],
                log: Log) -> list[UnitRow]:
    """Turn coded selections into meaning-unit rows.

    Parameters
    ----------
    sources : sequence of TextSource
        Text sources with their selections.
    spans : mapping
        Selection GUID → ``(start, end)`` in LF text, end exclusive.
    consensus : set of str
        User GUIDs whose codings are final codes.
    coder_of : mapping
        User GUID → coder label.
    coder_order : sequence of str
        Coder labels in project order (ties in the final code go to the first).
    log : Log
        Receives losses and warnings.

    Returns
    -------
    list of UnitRow
    """
    out: list[UnitRow] = []
    for m in _candidates(sources, spans, consensus, coder_of, log):
        known = [k for k in coder_order if k in m.coders]
        extra = sorted(k for k in m.coders if k is not None and k not in coder_order)
        order: list[Coder] = [*known, *extra, *([None] if None in m.coders else [])]
        pairs = _pair(m.consensus, m.coders, order)
        descriptions = [d for d in m.descriptions if d]
        if len(set(descriptions)) > 1:
            log.warn(f"selections {', '.join(m.selections)} describe one unit differently; "
                     "units.condensed keeps the first Description")
        for final, row in pairs:
            by_rule = False
            if final is None:
                votes = Counter(row.values())
                top = max(votes.values())
                final = next(row[k] for k in order if k in row and votes[row[k]] == top)
                by_rule = len(votes) > 1
            out.append(UnitRow(m.source.guid, *m.span, final, row, tuple(m.selections),
                               m.names[0], descriptions[0] if descriptions else "", by_rule,
                               len(pairs) > 1))
    return out


def unit_ids(rows: Sequence[UnitRow], sort_keys: Sequence[tuple[str, int, int, str]], *,
             mode: str, origin: str) -> list[str]:
    """Assign unit ids: the selection names of a ``replicate`` export, else ``U0001`` ….

    Parameters
    ----------
    rows : sequence of UnitRow
    sort_keys : sequence of tuple
        Per row ``(transcript, start, end, code label)``; generated ids follow this order.
    mode : {"auto", "names", "generate"}
        ``names`` uses each unit's selection name; ``auto`` does so only for projects whose
        ``origin`` starts with ``replicate`` (our own exports), when every name is present
        and unique and no selection was split; ``generate`` numbers the units.
    origin : str
        ``Project@origin``.

    Returns
    -------
    list of str
        One id per row.

    Raises
    ------
    ConfigError
        ``mode`` is not one of the three.
    DataError
        ``mode="names"`` but names are missing, repeated or a selection was split.
    """
    if mode not in ("auto", "names", "generate"):
        raise ConfigError(f"unit_ids_from={mode!r} is not allowed; use 'auto', 'names' or "
                          "'generate'", location="unit_ids_from")
    names = [r.name.strip() for r in rows]
    usable = (all(names) and len(set(names)) == len(names) and not any(r.split for r in rows))
    if mode == "names" and not usable:
        raise DataError("selection names cannot serve as unit ids: each coded selection "
                        "needs a unique, non-empty name and one code per coder",
                        location="unit_ids")
    if mode == "names" or (mode == "auto" and usable and origin.startswith("replicate")):
        return names
    width = max(4, len(str(len(rows))))
    order = sorted(range(len(rows)), key=lambda i: sort_keys[i])
    ids = [""] * len(rows)
    for n, i in enumerate(order, start=1):
        ids[i] = f"U{n:0{width}d}"
    return ids
