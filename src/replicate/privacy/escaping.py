"""Safe output of values from config and data files: HTML, Markdown notes and CSV cells.

Anything a cohort's files supply (a study title, a school name, a quote, a code label) may
hold markup. Three helpers keep it inert, and every page uses them:

* :func:`esc` escapes a value interpolated into HTML *or* Markdown: HTML special characters
  become entities, and Markdown punctuation that could start a link, emphasis or raw HTML is
  backslash-escaped, so ``<img src=x onerror=…>`` and ``[x](javascript:…)`` show as text.
* :func:`note_html` renders a stage note (Markdown) to HTML with mistune, raw HTML escaped
  (``escape=True``) and links kept only when their target is ``http(s):``, relative or an
  ``#anchor``; any other target (``javascript:``, ``data:``, ``vbscript:``…) becomes text.
  Images are never loaded from a note (figures are shown with their own call).
* :func:`csv_safe_frame` neutralises table cells that a spreadsheet would run as a formula
  (OWASP, "CSV Injection"): a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return gets a leading ``'``. Plain numbers (``-3``, ``-0.25``, ``+1e5``) are left
  alone, so a column of differences still reads as numbers.

:data:`CONTENT_SECURITY_POLICY` is the policy every page carries in a ``<meta>`` tag: the
pages need no script at all, so none may run, and nothing is loaded from the network.

References
----------
.. [1] OWASP Foundation. *CSV Injection*.
   https://owasp.org/www-community/attacks/CSV_Injection
.. [2] W3C (2023). *Content Security Policy Level 3*.
"""

from __future__ import annotations

import html
import re
from typing import Any

import mistune
import pandas as pd
from mistune.util import escape as escape_html

__all__ = ["CONTENT_SECURITY_POLICY", "csp_meta", "csv_safe_cell", "csv_safe_frame", "esc",
           "note_html", "safe_link_target"]

#: No scripts, no network: inline styles and ``data:`` images and fonts only.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-src 'none'; img-src data:; font-src data:; "
    "style-src 'unsafe-inline'"
)

_MD_SPECIAL = re.compile(r"([\\`*_\[\]()<>!#|~{}])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_ORDERED = re.compile(r"^(\d+)([.)])")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# a line of joined cells that starts like a formula
_FORMULA_LINE = re.compile("(?:^|\n)[" + re.escape("".join(_FORMULA_START)) + "]")
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def csp_meta() -> str:
    """The ``<meta http-equiv="Content-Security-Policy">`` tag of every page."""
    return (f'<meta http-equiv="Content-Security-Policy" '
            f'content="{html.escape(CONTENT_SECURITY_POLICY)}">')


def esc(value: object, *, markdown: bool = False) -> str:
    """Escape a value from a config or data file for interpolation into a page.

    Parameters
    ----------
    value : object
        Any value; ``None`` gives ``""``.
    markdown : bool, default=False
        False: for HTML text or a quoted attribute (``&``, ``<``, ``>``, quotes become
        entities). True: for Markdown that is rendered later (a stage note, the write-up):
        every character that could start markup, a link, emphasis or a block is
        backslash-escaped, and line breaks become spaces.

    Returns
    -------
    str
        Text that shows literally.

    Examples
    --------
    >>> esc('<img src=x onerror="alert(2)">')
    '&lt;img src=x onerror=&quot;alert(2)&quot;&gt;'
    >>> esc("[site](javascript:alert(1))", markdown=True)
    '\\\\[site\\\\]\\\\(javascript:alert\\\\(1\\\\)\\\\)'
    """
    if value is None:
        return ""
    if not markdown:
        return html.escape(str(value), quote=True)
    text = " ".join(str(value).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _ENTITY.sub("&amp;", text)
    if _ORDERED.match(text):
        return _ORDERED.sub(r"\1\\\2", text, count=1)
    return "\\" + text if text[:1] in ("-", "+", "=") else text


def safe_link_target(url: str) -> bool:
    """Whether a link target may stay a link: ``http(s):``, relative, or ``#anchor``.

    Control characters and spaces are removed before the scheme is read, as browsers do, so
    ``java\\tscript:`` is not a way around the check.

    Examples
    --------
    >>> safe_link_target("https://doi.org/10.1111/x"), safe_link_target("#methods")
    (True, True)
    >>> safe_link_target("javascript:alert(1)"), safe_link_target("JaVa\\nScRiPt:x")
    (False, False)
    """
    cleaned = _CONTROL.sub("", url)
    m = _SCHEME.match(cleaned)
    if m is None:
        return not cleaned.startswith("//")  # "//host" is an absolute URL too
    return m.group(1).lower() in ("http", "https")


class _NoteRenderer(mistune.HTMLRenderer):
    """Raw HTML escaped; unsafe link targets and every image shown as text."""

    def __init__(self) -> None:
        super().__init__(escape=True)

    def link(self, text: str, url: str, title: str | None = None) -> str:
        if not safe_link_target(url):
            return f"{text} ({escape_html(url)})"
        return super().link(text, url, title)

    def image(self, text: str, url: str, title: str | None = None) -> str:
        return f"[{escape_html(mistune.util.striptags(text))}]"


def note_html(markdown: str) -> str:
    """Render a stage note's Markdown as a safe HTML fragment.

    Parameters
    ----------
    markdown : str
        CommonMark with pipe tables; may contain values from config and data files.

    Returns
    -------
    str
        HTML in which no tag, attribute or link target comes from the input unescaped.

    Examples
    --------
    >>> note_html("Study: <img src=x onerror=alert(2)>")
    '<p>Study: &lt;img src=x onerror=alert(2)&gt;</p>\\n'
    >>> note_html("[school](javascript:alert(1))")
    '<p>school (javascript:alert(1))</p>\\n'
    """
    md = mistune.create_markdown(renderer=_NoteRenderer(), plugins=["table"])
    return str(md(markdown))


def csv_safe_cell(value: Any) -> Any:
    """Neutralise one cell a spreadsheet would run as a formula (prefix ``'``).

    Examples
    --------
    >>> csv_safe_cell("=HYPERLINK(\\"http://x\\")"), csv_safe_cell("-3.5"), csv_safe_cell(-2)
    ('\\'=HYPERLINK("http://x")', '-3.5', -2)
    >>> csv_safe_cell("-- a dash")
    "'-- a dash"
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not (
        _NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def csv_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names are safe to open in Excel.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any table; numeric columns are not touched.

    Returns
    -------
    pandas.DataFrame
        The same table (same dtypes for columns without a changed cell).
    """
    out = frame.copy()
    out.columns = [csv_safe_cell(c) for c in frame.columns]
    for col in range(out.shape[1]):
        series = out.iloc[:, col]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        cells = series.tolist()
        # each distinct cell checked once (hashed at C speed): a column without a
        # formula-like cell, nearly every column, is left as it is (a million-row table's
        # cells one by one took 3 s)
        if not _any_formula(distinct_cells(cells)):
            continue
        safe = [csv_safe_cell(v) for v in cells]
        if safe != cells:
            out.isetitem(col, pd.array(safe, dtype=object))
    return out


def _any_formula(values: list[Any]) -> bool:
    """Whether :func:`csv_safe_cell` changes some of ``values``: the texts joined by line
    breaks are searched once for a line that starts like a formula (a column of a million
    unit ids was checked id by id, 1 µs each), and only when one does are they checked one
    by one."""
    texts = [v for v in values if isinstance(v, str)]
    if _FORMULA_LINE.search("\n".join(texts)) is None:
        return False
    return any(csv_safe_cell(v) is not v for v in texts)


def distinct_cells(cells: list[Any]) -> list[Any]:
    """The distinct values of a column's cells (all of them when some cannot be hashed).

    Examples
    --------
    >>> distinct_cells(["a", "b", "a", None])
    ['a', 'b', None]
    >>> distinct_cells([["x"], ["x"]])
    [['x'], ['x']]
    """
    try:  # an object Series, not pd.array: its unique values come back as one ndarray
        return pd.unique(pd.Series(cells, dtype=object)).tolist()
    except TypeError:  # a cell that cannot be hashed (a list)
        return cells
