"""Mapping a REFI-QDA code tree onto the codebook table (theme → category → subcategory → code).

REFI-QDA has one hierarchy: nested ``Code`` elements (§5). Graneheim & Lundman's analysis has
four named levels. The mapping is top-down and configurable (``levels``): by default the top
codes are themes, their children categories, then subcategories, then codes.

* A code becomes a **row** of the codebook table when it is codable and sits at the code level
  or below, or is a codable leaf, or when any selection is coded with it.
* A row deeper than the code level keeps its place in its label: the names from the code
  level down, joined with ``" > "`` (``"programming > python"``).
* A row shallower than the code level has no value for the levels between it and its parent;
  each missing level repeats the nearest value below it (a code directly under a category is
  its own subcategory).
* Code names are not unique in real projects (the NVivo and qc samples reuse nine names, e.g.
  "programming", under different parents). Nodes that would share a label at any level are
  told apart by path, never merged: each takes names from above until the labels differ
  (``"competencies > programming"``, also as a subcategory). Only one line of descent may
  share a label (``Motivation > Motivation``). Every label then names one node, so the
  imported codebook passes ``replicate validate`` (a subcategory under one category, no loops).

References
----------
Graneheim UH, Lundman B. Qualitative content analysis in nursing research. *Nurse Educ Today*
2004;24(2):105–112. REFI-QDA Standard 1.5, §5.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import pandas as pd

from replicate.errors import ConfigError
from replicate.qdpx._report import CodeMapping, Log
from replicate.qdpx.reader import Code

__all__ = ["LEVELS", "SEP", "check_levels", "codebook_table"]

LEVELS = ("theme", "category", "subcategory", "code")
SEP = " > "
COLUMNS = ["code", "subcategory", "category", "theme", "description"]


def check_levels(levels: Sequence[str]) -> tuple[str, ...]:
    """Check a ``levels`` option: a top-down subset of :data:`LEVELS` ending with ``code``.

    Raises
    ------
    ConfigError
        When the levels are unknown, repeated, out of order or do not end with ``code``.
    """
    lv = tuple(levels)
    ok = (bool(lv) and lv[-1] == "code" and len(set(lv)) == len(lv)
          and all(x in LEVELS for x in lv) and list(lv) == sorted(lv, key=LEVELS.index))
    if not ok:
        raise ConfigError(
            f"levels {list(lv)} is not allowed; give the code tree's levels top-down as a "
            f"subset of {list(LEVELS)} that ends with 'code', e.g. ['category', 'code']",
            location="levels")
    return lv


def _display_paths(codes: Sequence[Code]) -> dict[str, tuple[str, ...]]:
    by_guid = {c.guid: c for c in codes}
    out: dict[str, tuple[str, ...]] = {}
    for c in codes:  # document order: parents come first
        name = c.name.strip() or f"(unnamed {c.guid[:8]})"
        parent = out.get(c.parent, ()) if c.parent in by_guid else ()
        out[c.guid] = (*parent, name)
    return out


def _is_chain(guids: Sequence[str], parent: dict[str, str | None]) -> bool:
    """True when the nodes are one line of descent (``Motivation > Motivation``), which
    ``replicate validate`` accepts: a label may repeat at the next level up."""
    members = set(guids)
    return sum(1 for g in guids if parent.get(g) not in members) == 1 and \
        len({parent.get(g) for g in guids}) == len(guids)


def _unique_labels(base: dict[str, int], rows: set[str], paths: dict[str, tuple[str, ...]],
                   parent: dict[str, str | None], log: Log) -> dict[str, str]:
    """One label per node of the table (rows and the grouping nodes above them).

    A node's label is the last ``base[g]`` names of its path. Nodes that would share a
    label, other than one line of descent holding at most one row (``rows``: codes must
    be unique), are told apart by path, never merged: each takes
    one more name from above until the labels differ (``competencies > programming``), and
    two siblings with one name get their GUID's first 8 digits. Labels are then unique
    across all levels, so the hierarchy is a tree and ``replicate validate`` accepts it.
    """
    ext = dict(base)
    tagged: set[str] = set()

    def label(g: str) -> str:
        text = SEP.join(paths[g][-ext[g]:])
        return f"{text} [{g[:8]}]" if g in tagged else text

    for _ in range(max((len(p) for p in paths.values()), default=0) + 2):
        groups: dict[str, list[str]] = defaultdict(list)
        for g in ext:
            groups[label(g)].append(g)
        clashes = [gs for gs in groups.values() if len(gs) > 1 and (
            not _is_chain(gs, parent) or sum(g in rows for g in gs) > 1)]
        if not clashes:
            break
        for gs in clashes:
            for g in gs:
                if ext[g] < len(paths[g]):
                    ext[g] += 1
                else:
                    tagged.add(g)
    labels = {g: label(g) for g in ext}
    by_name: dict[str, list[str]] = defaultdict(list)
    for g, p in paths.items():
        by_name[p[-1]].append(g)
    dups = sorted(n for n, gs in by_name.items() if len(gs) > 1 and not _is_chain(gs, parent))
    renamed = sorted(lab for g, lab in labels.items() if ext[g] != base[g] or g in tagged)
    if dups:
        log.quirk("duplicate-code-name", f"{len(dups)} code names occur more than once under "
                  f"different parents ({', '.join(dups)}); codes are told apart by path, "
                  "never merged by name" + (f"; relabelled: {'; '.join(renamed)}"
                                            if renamed else ""))
    return labels


def codebook_table(
    codes: Sequence[Code], coded: set[str], levels: Sequence[str], log: Log
) -> tuple[pd.DataFrame, dict[str, str], tuple[CodeMapping, ...]]:
    """Build the codebook table from the code tree.

    Parameters
    ----------
    codes : sequence of Code
        The project's codes in document order.
    coded : set of str
        GUIDs of codes used by at least one coding (always rows).
    levels : sequence of str
        Levels of the tree top-down (see :func:`check_levels`).
    log : Log
        Receives quirks and losses.

    Returns
    -------
    table : pandas.DataFrame
        Columns ``code, subcategory, category, theme, description``, sorted.
    labels : dict
        Code GUID → ``code`` label, for every row.
    mapping : tuple of CodeMapping
        Every code and where it went.
    """
    lv = check_levels(levels)
    upper = lv[:-1]
    paths = _display_paths(codes)
    parent = {c.guid: c.parent for c in codes}
    chain: dict[str, tuple[str, ...]] = {}
    for c in codes:  # GUIDs from the top down to the code
        chain[c.guid] = (*chain.get(c.parent or "", ()), c.guid)
    rows: dict[str, tuple[str, ...]] = {}
    cells: dict[str, dict[str, str]] = {}
    empty_folders: list[str] = []
    for c in codes:
        path = paths[c.guid]
        is_row = (c.codable and (len(path) >= len(lv) or not c.children)) or c.guid in coded
        if c.guid in coded and not c.codable:
            log.quirk("coded-folder", "a code marked isCodable=\"false\" is used by codings; "
                      "kept as a code", c.guid)
        if not is_row:
            if not c.children and not c.codable:
                empty_folders.append(c.guid)
            continue
        anc = chain[c.guid][:-1]
        assigned = dict(zip(upper, anc, strict=False))
        rows[c.guid] = path[len(upper):] if len(anc) > len(upper) else (path[-1],)
        below = c.guid  # a missing level repeats the node below it (at last the code)
        cells[c.guid] = {"code": c.guid}
        for level in reversed(LEVELS[:-1]):
            below = assigned.get(level, below)
            cells[c.guid][level] = below
    base = {g: 1 for cs in cells.values() for g in cs.values()}
    base.update({g: len(parts) for g, parts in rows.items()})
    node_labels = _unique_labels(base, set(rows), paths, parent, log)
    labels = {g: node_labels[g] for g in rows}

    by_guid = {c.guid: c for c in codes}
    records = [{**{lvl: node_labels[g] for lvl, g in cells[guid].items()},
                "description": by_guid[guid].description.strip()} for guid in rows]
    table = pd.DataFrame.from_records(records, columns=COLUMNS)
    table = table.sort_values(["theme", "category", "subcategory", "code"], kind="stable")
    table = table.reset_index(drop=True)

    mapping = []
    lost_desc = []
    for c in codes:
        depth = len(paths[c.guid])
        if c.guid in rows:
            mapping.append(CodeMapping(c.guid, paths[c.guid], "code", labels[c.guid]))
            continue
        level = upper[depth - 1] if depth - 1 < len(upper) else "code"
        mapping.append(CodeMapping(c.guid, paths[c.guid], level, None))
        if c.description.strip():
            lost_desc.append(c.guid)
    log.loss("Descriptions of theme/category/subcategory codes", lost_desc,
             "the codebook table holds descriptions for codes only")
    log.loss("Empty folders", empty_folders, "non-codable codes without children are not codes")
    return table, labels, tuple(mapping)
