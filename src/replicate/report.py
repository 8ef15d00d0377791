"""Publishing: executed notebook → self-contained offline HTML, and index pages.

nbconvert's ``HTMLExporter`` is used in-process and reused across reports (start-up dominates
its cost). The ``replicate`` template (``templates/replicate``) extends nbconvert's ``lab``
template and blanks every block that would load a script from a CDN (require.js, MathJax,
Mermaid, widgets); the stylesheet is inlined. Input cells are never shown. Every page carries
a Content-Security-Policy ``<meta>`` tag (:data:`replicate.privacy.escaping.
CONTENT_SECURITY_POLICY`): the pages need no script, so no script runs, even one that a
value from a config or data file smuggled in past the escaping.

Every page of a report (the index or write-up, each stage page) opens with the same header,
built by :func:`report_nav`: the index, every stage of the run in stage order (the current
page marked with ``aria-current="page"``) and the previous and next pages. After a run,
:func:`set_nav` gives each published page the header of the whole run.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import nbformat

from replicate.errors import ReplicateError
from replicate.privacy.escaping import csp_meta, esc

if TYPE_CHECKING:
    from nbconvert import HTMLExporter

__all__ = ["NAV_WORDS", "STYLESHEET", "notebook_to_html", "page", "render_index", "report_nav",
           "set_nav"]

_TEMPLATES = Path(str(resources.files("replicate") / "templates"))
STYLESHEET = (_TEMPLATES / "report.css").read_text(encoding="utf-8")

#: The fixed words of the header, per report language.
NAV_WORDS: dict[str, dict[str, str]] = {
    "en": {"label": "Report pages", "index": "Index", "previous": "Previous", "next": "Next"},
    "sv": {"label": "Rapportens sidor", "index": "Start", "previous": "Föregående",
           "next": "Nästa"},
}
_NAV = re.compile(r'<nav\b[^>]*\bclass="rp-nav"[^>]*>.*?</nav>', re.DOTALL)
_BODY = re.compile(r"<body[^>]*>")


@lru_cache(maxsize=1)
def _exporter() -> HTMLExporter:
    # imported here: nbconvert takes a third of a second to import, and every stage kernel
    # imports this module (through the package) without converting anything
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="replicate",
        extra_template_basedirs=[str(_TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    return exporter


def report_nav(stages: Sequence[tuple[str, str]], *, current: str | None = None,
               language: str = "en") -> str:
    """The header of every page of a report: index, every stage, previous and next.

    Parameters
    ----------
    stages : sequence of (str, str)
        ``(name, title)`` of every stage of the run, in stage order; ``name`` is the page's
        file name without ``.html`` (``"10_sampling_design"``), its part before the first
        ``_`` is shown as the stage's number.
    current : str or None, default=None
        The name of the stage whose page this is; None for the index (``index.html``, one
        folder above the stage pages in ``stages/``).
    language : {"en", "sv"}, default="en"
        Language of the fixed words (index, previous, next); others fall back to English.

    Returns
    -------
    str
        One ``<nav class="rp-nav">`` element (attributes in alphabetical order, as nbconvert
        writes them back): an ordered list of the pages with the current
        one marked ``aria-current="page"``, then links with ``rel="prev"`` and
        ``rel="next"`` (absent at the two ends: the index has no previous page, the last
        stage no next one). Titles are escaped and names percent-encoded, so a hostile value
        stays text and a relative link.

    Raises
    ------
    ReplicateError
        ``current`` is not one of the stages.

    Examples
    --------
    >>> nav = report_nav([("00_a", "A"), ("10_b", "B <i>")], current="10_b")
    >>> '<a aria-current="page" href="10_b.html">' in nav, "B &lt;i&gt;" in nav
    (True, True)
    >>> '<a href="00_a.html" rel="prev">' in nav, 'rel="next"' in nav
    (True, False)
    """
    words = NAV_WORDS.get(language, NAV_WORDS["en"])
    names = [name for name, _ in stages]
    if current is not None and current not in names:
        raise ReplicateError(f"page {current!r} is not one of the run's stages "
                             f"({', '.join(names) or 'none'})", location="report nav")
    stage_dir, index_href = ("stages/", "index.html") if current is None else ("", "../index.html")
    # the index first, then the stages: the reading order of prev/next
    pages: list[tuple[str | None, str, str]] = [(None, index_href, esc(words["index"]))]
    for name, title in stages:
        number, sep, _ = name.partition("_")
        label = f'<span class="rp-nav-title">{esc(title)}</span>'
        if sep and number:
            label = f'<span class="rp-nav-num">{esc(number)}</span> {label}'
        pages.append((name, stage_dir + quote(f"{name}.html"), label))
    at = next(i for i, page in enumerate(pages) if page[0] == current)
    items = []
    for key, href, label in pages:
        mark = 'aria-current="page" ' if key == current else ""
        items.append(f'<li><a {mark}href="{esc(href)}">{label}</a></li>')
    step = []
    if at > 0:
        _, href, label = pages[at - 1]
        step.append(f'<a href="{esc(href)}" rel="prev"><span aria-hidden="true">← </span>'
                    f'{esc(words["previous"])}: {label}</a>')
    if at + 1 < len(pages):
        _, href, label = pages[at + 1]
        step.append(f'<a href="{esc(href)}" rel="next">{esc(words["next"])}: {label}'
                    '<span aria-hidden="true"> →</span></a>')
    return (f'<nav aria-label="{esc(words["label"])}" class="rp-nav">\n'
            f'<ol class="rp-nav-pages">\n' + "\n".join(items) + "\n</ol>\n"
            f'<p class="rp-nav-step">{"".join(step)}</p>\n</nav>')


def set_nav(page_html: str, nav: str) -> str:
    """Give a page the header ``nav`` in place of the one it has (or first in its body).

    Parameters
    ----------
    page_html : str
        A page written by :func:`page` or :func:`notebook_to_html`.
    nav : str
        The header from :func:`report_nav`.

    Returns
    -------
    str
        The page with its first ``<nav class="rp-nav">`` element replaced (the header is the
        first element of the body, and its text is escaped, so no ``</nav>`` ends it early).

    Raises
    ------
    ReplicateError
        The page has neither a header nor a ``<body>`` tag.
    """
    if _NAV.search(page_html):
        return _NAV.sub(lambda _: nav, page_html, count=1)
    body = _BODY.search(page_html)
    if body is None:
        raise ReplicateError("the page has no <body> to put the report header in",
                             location="report nav")
    return f"{page_html[:body.end()]}\n{nav}{page_html[body.end():]}"


def notebook_to_html(nb: Any, *, title: str, nav_html: str = "", language: str = "en") -> str:
    """Render an executed notebook as one self-contained HTML page with no code shown.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed (and sanitised) notebook.
    title : str
        Page title (fixed, so output is byte-identical across runs).
    nav_html : str, default=""
        The page header from :func:`report_nav` (trusted HTML), placed before ``<main>``.
    language : {"en", "sv"}
        ``lang`` attribute of the page.
    """
    nb = nbformat.from_dict(nb)
    nb.metadata["title"] = title
    body, _ = _exporter().from_notebook_node(
        nb,
        resources={
            "metadata": {"name": title},
            "replicate_css": STYLESHEET,
            "replicate_nav": nav_html,
            "language_code": language,
            "replicate_csp": csp_meta(),
        },
    )
    return str(body)


def page(title: str, body_html: str, *, language: str = "en", nav_html: str = "") -> str:
    """A standalone HTML page in the report style (for index pages and the write-up).

    ``title`` is escaped here; ``body_html`` must already be safe HTML (built with
    :func:`replicate.privacy.escaping.esc` or :func:`replicate.privacy.escaping.note_html`)
    and ``nav_html`` is the header from :func:`report_nav` (placed before ``<main>``).
    """
    nav = f"{nav_html}\n" if nav_html else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"{csp_meta()}\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{STYLESHEET}</style>\n</head>\n"
        f"<body>\n{nav}<main>\n{body_html}\n</main>\n</body>\n</html>\n"
    )


def render_index(
    *, title: str, stages: Sequence[tuple[str, str]], synthetic: bool, language: str = "en"
) -> str:
    """The cohort's index page (before a write-up exists): the stages are in its header.

    Parameters
    ----------
    title : str
        Study title.
    stages : sequence of (str, str)
        ``(name, title)`` of every stage published, in stage order (see :func:`report_nav`).
    synthetic : bool
        Adds a banner saying the data are synthetic.
    language : {"en", "sv"}, default="en"
    """
    banner = (
        '<p class="rp-synthetic">This report was produced from a <strong>synthetic</strong> '
        "demo cohort. No real person is described.</p>\n" if synthetic else ""
    )
    body = (
        f"<h1>{html.escape(title)}</h1>\n{banner}"
        '<p class="rp-screen">Each stage\'s report is linked in the header above, in the order '
        "the stages run.</p>\n"
        '<p class="rp-muted">Executed notebooks are in <code>notebooks/</code>, tables and '
        "figures in <code>artifacts/</code>, input hashes in <code>manifest.json</code>.</p>"
    )
    return page(title, body, language=language,
                nav_html=report_nav(stages, current=None, language=language))
