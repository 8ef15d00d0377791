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
* Code names are not unique in real projects (the NVivo sample reuses "programming" under
  two parents). Rows that share a label are told apart by path, never merged: each gets the
  shortest path suffix that is unique (``"competencies > programming"``).

References
----------
Graneheim UH, Lundman B. Qualitative content analysis in nursing research. *Nurse Educ Today*
2004;24(2):105–112. REFI-QDA Standard 1.5, §5.
"""

from __future__ import annotations

from collections import Counter, defaultdict
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


def _unique_labels(rows: dict[str, tuple[str, ...]], paths: dict[str, tuple[str, ...]],
                   log: Log) -> dict[str, str]:
    labels = {g: SEP.join(parts) for g, parts in rows.items()}
    counts = Counter(labels.values())
    taken = {lab for lab, n in counts.items() if n == 1}
    groups: dict[str, list[str]] = defaultdict(list)
    for g, lab in labels.items():
        if counts[lab] > 1:
            groups[lab].append(g)
    for guids in groups.values():
        for g in guids:
            path = paths[g]
            new = None
            for m in range(len(rows[g]) + 1, len(path) + 1):
                cand = SEP.join(path[-m:])
                others = {SEP.join(paths[h][-m:]) for h in guids if h != g}
                if cand not in others and cand not in taken:
                    new = cand
                    break
            if new is None:  # identical paths (two sibling codes with one name)
                new = f"{SEP.join(path)} [{g[:8]}]"
            labels[g] = new
            taken.add(new)
    names = Counter(p[-1] for p in paths.values())
    dups = sorted(n for n, k in names.items() if k > 1)
    if dups:
        renamed = sorted(labels[g] for guids in groups.values() for g in guids)
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
    rows: dict[str, tuple[str, ...]] = {}
    assigned: dict[str, dict[str, str]] = {}
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
        anc = path[:-1]
        assigned[c.guid] = dict(zip(upper, anc, strict=False))
        rows[c.guid] = path[len(upper):] if len(anc) > len(upper) else (path[-1],)
    labels = _unique_labels(rows, paths, log)

    records = []
    for c in codes:
        if c.guid not in rows:
            continue
        values: dict[str, str] = {"code": labels[c.guid]}
        below = paths[c.guid][-1]  # a missing level repeats the code's own name
        for level in reversed(LEVELS[:-1]):
            below = assigned[c.guid].get(level, below)
            values[level] = below
        records.append({**values, "description": c.description.strip()})
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
