"""Building blocks for the write-up's Markdown: escaping, tables, headings and anchors.

The write-up is written as CommonMark with pipe tables (the GitHub-flavoured table extension),
so that ``write-up.md`` opens in any editor and :mod:`replicate.writeup.render` turns the same
text into HTML. Text that comes from data (labels, quotes, descriptions) is escaped here so
that a ``*`` or ``|`` in a quote can never change the document's structure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

__all__ = ["anchor", "bullet_list", "escape", "heading", "link", "table"]

# CommonMark: any ASCII punctuation may be backslash-escaped. Escaped here: what can start
# or change inline structure (emphasis, code, links, raw HTML, table cells); "_" only where
# it could open or close emphasis (not inside a word, so "field_notes" stays readable); "&"
# only where it would start an entity reference.
_INLINE = re.compile(r"([\\`*\[\]<>|~])|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|&(?=#?\w+;)")
# Marks that start a block only at the start of a line and before a space: headings, list
# bullets, "1." / "1)" (there the punctuation is escaped; a digit cannot be); and setext
# underlines or thematic breaks made of "=" or "-" alone.
_BLOCK_MARK = re.compile(r"^(?:#{1,6}|[-+])(?=\s|$)|^[=-]+$")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def escape(text: object) -> str:
    """Escape data text for use inside a Markdown paragraph or table cell.

    Parameters
    ----------
    text : object
        Any value; ``None`` gives ``""``. Line breaks become spaces (a cell is one line).

    Returns
    -------
    str
        Text that renders literally.

    Examples
    --------
    >>> escape("a *b* | c")
    'a \\\\*b\\\\* \\\\| c'
    """
    if text is None:
        return ""
    s = " ".join(str(text).split())
    s = _INLINE.sub(lambda m: "\\" + m.group(0), s)
    if _BLOCK_MARK.match(s):
        return "\\" + s
    return _ORDERED.sub(r"\1\\\2", s, count=1)


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A pipe table; every cell is escaped.

    Parameters
    ----------
    header : sequence of str
        Column headings (escaped too).
    rows : iterable of sequences
        Cell values; ``None`` shows as an empty cell.

    Returns
    -------
    str
        The table followed by a blank line.
    """
    lines = ["| " + " | ".join(escape(h) for h in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    for row in rows:
        cells = [escape(c) for c in row]
        cells += [""] * (len(header) - len(cells))
        lines.append("| " + " | ".join(c if c else " " for c in cells) + " |")
    return "\n".join(lines) + "\n\n"


def raw_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A pipe table whose cells are already Markdown (the caller escaped them)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(c or " " for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n\n"


def heading(level: int, text: str) -> str:
    """An ATX heading (``## Methods``) followed by a blank line; ``text`` is escaped."""
    return "#" * level + " " + escape(text) + "\n\n"


def anchor(text: str) -> str:
    """The anchor id of a heading: lower case, punctuation removed, spaces as hyphens.

    The same rule as GitHub's renderer for plain headings, so ``#anchor`` links in
    ``write-up.md`` also work there. Letters outside ASCII (å, ä, ö) are kept.

    Examples
    --------
    >>> anchor("Sampling and participants")
    'sampling-and-participants'
    >>> anchor("Urval och deltagare")
    'urval-och-deltagare'
    """
    s = unicodedata.normalize("NFC", text).strip().lower()
    s = "".join(ch for ch in s if ch.isalnum() or ch in " -_")
    return re.sub(r"\s", "-", s)


def link(text: str, target: str) -> str:
    """A Markdown link with escaped text (``target`` is a relative path or ``#anchor``)."""
    return f"[{escape(text)}]({target})"


def bullet_list(items: Iterable[str]) -> str:
    """A bullet list of items that are already Markdown, followed by a blank line."""
    lines = [f"- {item}" for item in items]
    return ("\n".join(lines) + "\n\n") if lines else ""
