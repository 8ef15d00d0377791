"""Markdown → HTML for the write-up: offline, no raw HTML, figures embedded as ``data:`` URIs.

The Markdown parser is mistune 3 (CommonMark with the pipe-table plugin). It is already
installed as a dependency of nbconvert, so the write-up adds no dependency; it is pure Python,
deterministic, and its renderer is a small class whose ``image`` and ``link`` methods can be
overridden, which is exactly what an offline page needs (markdown-it-py would do the same job
but is not installed; Python-Markdown is not installed either).

What the renderer guarantees, so the page loads nothing from anywhere:

* raw HTML in the Markdown (generated or author-written) is escaped, never passed through;
* an image is shown only when its path is one of the figures handed in, and then as a
  ``data:image/png;base64`` URI with its alt text; any other image becomes its alt text;
* a link keeps its ``href`` only when it is relative (another file of the report folder) or
  an ``#anchor``; an absolute URL (``https:``, ``mailto:``, ``javascript:``…) is written out
  as text after the link text, so no attribute of the page ever holds a network address;
* headings of levels 1–3 get ``id`` anchors (:func:`replicate.writeup.markdown.anchor`).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Mapping
from typing import Any

import mistune
from mistune.toc import add_toc_hook
from mistune.util import escape as escape_html

from replicate.writeup.markdown import anchor

__all__ = ["data_uri", "markdown_to_html"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def data_uri(png: bytes) -> str:
    """A ``data:image/png;base64,…`` URI for PNG bytes."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


class _OfflineRenderer(mistune.HTMLRenderer):
    """HTML renderer that embeds known figures and never emits an absolute URL."""

    def __init__(self, figures: Mapping[str, bytes]) -> None:
        super().__init__(escape=True)
        self._figures = dict(figures)

    def image(self, text: str, url: str, title: str | None = None) -> str:
        alt = mistune.util.striptags(text)
        png = self._figures.get(url)
        if png is None:
            return f'<span class="rp-muted">[{escape_html(alt)}]</span>'
        attrs: dict[str, object] = {"src": data_uri(png), "alt": alt}
        if title:
            attrs["title"] = title
        return "<img" + self.render_attrs(attrs) + " />"

    def link(self, text: str, url: str, title: str | None = None) -> str:
        if _SCHEME.match(url) or url.startswith("//"):
            return f"{text} ({escape_html(url)})"
        return "<a" + self.render_attrs({"href": url, "title": title}) + ">" + text + "</a>"


def _heading_id(used: dict[str, int]) -> Callable[[dict[str, Any], int], str]:
    """Anchor ids from heading text, numbered when a text repeats (``methods-1``)."""

    def heading_id(token: dict[str, Any], index: int) -> str:
        base = anchor(str(token.get("text", ""))) or f"section-{index + 1}"
        n = used.get(base, 0)
        used[base] = n + 1
        return base if n == 0 else f"{base}-{n}"

    return heading_id


def markdown_to_html(text: str, *, figures: Mapping[str, bytes] | None = None) -> str:
    """Render the write-up's Markdown as an HTML fragment.

    Parameters
    ----------
    text : str
        CommonMark with pipe tables.
    figures : mapping of str to bytes, optional
        PNG bytes by the exact path the Markdown's image syntax uses
        (``artifacts/40_theme_synthesis-theme_map.png``); these are embedded.

    Returns
    -------
    str
        HTML for the body of :func:`replicate.report.page`.
    """
    renderer = _OfflineRenderer(figures or {})
    md = mistune.create_markdown(renderer=renderer, plugins=["table"])
    add_toc_hook(md, min_level=1, max_level=3, heading_id=_heading_id({}))
    return str(md(text))
