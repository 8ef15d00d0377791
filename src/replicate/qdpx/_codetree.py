"""Shared pieces of the exporters: cell handling and the codebook as a nested code tree.

The codebook table (one row per code) becomes four levels of nested REFI-QDA ``Code``
elements, theme → category → subcategory → code. Only codes are codable. Each node's GUID is
a UUIDv5 of its path, so the same codebook always gives the same GUIDs (and the ``.qdc`` and
``.qdpx`` exports agree on them).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from lxml import etree

from replicate.errors import DataError
from replicate.qdpx._xml import stable_guid

__all__ = ["CodeNode", "blank", "cell", "check_columns", "code_elements", "code_tree",
           "xml_safe", "xml_text"]

_LEVELS = ("theme", "category", "subcategory", "code")
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class CodeNode:
    """One node of the exported code tree."""

    name: str
    guid: str
    codable: bool
    description: str
    children: list[CodeNode]


def blank(value: Any) -> bool:
    """True for None, NaN, NA/NaT and blank strings."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def cell(value: Any) -> str:
    """A table cell as stripped text ('' when blank)."""
    return "" if blank(value) else str(value).strip()


def check_columns(df: pd.DataFrame, table: str, columns: Sequence[str]) -> None:
    """Raise DataError naming the columns of ``columns`` that ``df`` lacks."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataError(f"missing column(s) {', '.join(missing)}; the {table} table needs "
                        f"{', '.join(columns)}", file=table)


def xml_safe(value: str) -> bool:
    """True when XML can hold every character of ``value`` (see :func:`xml_text`).

    Examples
    --------
    >>> xml_safe("Ängel\\n"), xml_safe("bell\\x07")
    (True, False)
    """
    return _BAD_XML.search(value) is None


def xml_text(value: str, table: str, row: int | str, column: str) -> str:
    """Return ``value`` or raise DataError when XML cannot hold one of its characters."""
    m = _BAD_XML.search(value)
    if m:
        raise DataError(f"contains the control character U+{ord(m.group()):04X}, which XML "
                        "cannot hold; remove it", file=table,
                        location=f"row {row}, column {column}")
    return value


def code_tree(codebook: pd.DataFrame) -> tuple[list[CodeNode], dict[str, str]]:
    """Nest the codebook table as code nodes.

    Parameters
    ----------
    codebook : pandas.DataFrame
        Columns ``code, subcategory, category, theme`` (``description`` optional).

    Returns
    -------
    roots : list of CodeNode
        Themes, in order of first appearance (the researcher's order is meaningful in a QDA
        tool; the output stays deterministic because GUIDs come from paths).
    guids : dict
        Code label → GUID.

    Raises
    ------
    DataError
        Missing columns, an empty codebook or cell, a duplicate code.
    """
    check_columns(codebook, "codebook", ("code", "subcategory", "category", "theme"))
    if codebook.empty:
        raise DataError("the codebook is empty; REFI-QDA needs at least one code",
                        file="codebook")
    roots: list[CodeNode] = []
    nodes: dict[tuple[str, ...], CodeNode] = {}
    guids: dict[str, str] = {}
    has_desc = "description" in codebook.columns
    for i, rec in enumerate(codebook.to_dict("records"), start=1):
        path = tuple(xml_text(cell(rec[lv]), "codebook", i, lv) for lv in _LEVELS)
        for lv, value in zip(_LEVELS, path, strict=True):
            if not value:
                raise DataError(f"empty {lv}; every code needs a code, subcategory, category "
                                "and theme", file="codebook", location=f"row {i}, column {lv}")
        if path[-1] in guids:
            raise DataError(f"the code '{path[-1]}' appears twice; codes must be unique",
                            file="codebook", location=f"row {i}, column code")
        siblings = roots
        for depth in range(1, 5):
            key = path[:depth]
            node = nodes.get(key)
            if node is None:
                desc = cell(rec["description"]) if has_desc and depth == 4 else ""
                node = CodeNode(key[-1], stable_guid("code", *key), depth == 4,
                                xml_text(desc, "codebook", i, "description"), [])
                nodes[key] = node
                siblings.append(node)
            siblings = node.children
        guids[path[-1]] = nodes[path].guid
    return roots, guids


def code_elements(parent: etree._Element, nodes: Sequence[CodeNode], ns: str) -> None:
    """Append ``nodes`` as nested ``Code`` elements of namespace ``ns`` to ``parent``."""
    for node in nodes:
        el = etree.SubElement(parent, f"{{{ns}}}Code", guid=node.guid, name=node.name,
                              isCodable="true" if node.codable else "false")
        if node.description:
            etree.SubElement(el, f"{{{ns}}}Description").text = node.description
        code_elements(el, node.children, ns)
