"""Publishing: executed notebook → self-contained offline HTML, and index pages.

nbconvert's ``HTMLExporter`` is used in-process and reused across reports (start-up dominates
its cost). The ``replicate`` template (``templates/replicate``) extends nbconvert's ``lab``
template and blanks every block that would load a script from a CDN (require.js, MathJax,
Mermaid, widgets); the stylesheet is inlined. Input cells are never shown. Every page carries
a Content-Security-Policy ``<meta>`` tag (:data:`replicate.privacy.escaping.
CONTENT_SECURITY_POLICY`): the pages need no script, so no script runs, even one that a
value from a config or data file smuggled in past the escaping.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat

from replicate.privacy.escaping import csp_meta

if TYPE_CHECKING:
    from nbconvert import HTMLExporter

__all__ = ["STYLESHEET", "notebook_to_html", "page", "render_index"]

_TEMPLATES = Path(str(resources.files("replicate") / "templates"))
STYLESHEET = (_TEMPLATES / "report.css").read_text(encoding="utf-8")


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


def notebook_to_html(nb: Any, *, title: str, nav_html: str = "", language: str = "en") -> str:
    """Render an executed notebook as one self-contained HTML page with no code shown.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed (and sanitised) notebook.
    title : str
        Page title (fixed, so output is byte-identical across runs).
    nav_html : str, default=""
        Trusted HTML for the navigation bar.
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

    ``title`` is escaped here; ``body_html`` and ``nav_html`` must already be safe HTML
    (built with :func:`replicate.privacy.escaping.esc` or
    :func:`replicate.privacy.escaping.note_html`).
    """
    nav = f'<nav class="rp-nav">{nav_html}</nav>' if nav_html else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"{csp_meta()}\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{STYLESHEET}</style>\n</head>\n"
        f"<body>\n<main>\n{nav}\n{body_html}\n</main>\n</body>\n</html>\n"
    )


def render_index(
    *, title: str, stages: Sequence[tuple[str, str]], synthetic: bool, language: str = "en"
) -> str:
    """The cohort's index page linking each stage report.

    Parameters
    ----------
    title : str
        Study title.
    stages : sequence of (label, relative href)
    synthetic : bool
        Adds a banner saying the data are synthetic.
    """
    items = "\n".join(
        f'<li><a href="{html.escape(href)}">{html.escape(label)}</a></li>' for label, href in stages
    )
    banner = (
        '<p class="rp-synthetic">This report was produced from a <strong>synthetic</strong> '
        "demo cohort. No real person is described.</p>" if synthetic else ""
    )
    body = (
        f"<h1>{html.escape(title)}</h1>\n{banner}\n<h2>Stage reports</h2>\n<ul>\n{items}\n</ul>\n"
        '<p class="rp-muted">Executed notebooks are in <code>notebooks/</code>, tables and '
        "figures in <code>artifacts/</code>, input hashes in <code>manifest.json</code>.</p>"
    )
    return page(title, body, language=language)
