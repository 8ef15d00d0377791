"""Showing stage results on a page: tables, figures with captions, Markdown.

One presentation layer for every stage. :func:`table_html` renders a table as its
:class:`~replicate.display_views.View` says (caption and "what this shows" line, human headers,
rounded numbers, ✓ / – for booleans, "–" for missing values, numbers right-aligned, long
tables summarised with the rest behind ``<details>`` or in the CSV, linked); the cell rules
are in :mod:`replicate.display_cells`. Every value is escaped here: a page never shows markup
from a config or data file. The artifact CSVs are not touched: a page shows what the view
selects, the CSV keeps every row and column.

:meth:`replicate.artifacts.StageResult.show` is the caller; it redacts first. IPython is
imported lazily, only to display.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Sequence

import pandas as pd

from replicate.display_cells import (
    HEADERS,
    NUMERIC_KINDS,
    Kind,
    cell_html,
    column_kind,
    decimals,
    header,
    merge_intervals,
)
from replicate.display_views import View
from replicate.privacy.escaping import distinct_cells

__all__ = ["MAX_ROWS_ON_PAGE", "figure_html", "show_figure", "show_html", "show_markdown",
           "show_table", "table_html"]

Redact = Callable[[str], str]
_LONG_TEXT = 40  # mean characters above which a text column gets room to wrap


def _same(a: pd.Series, b: pd.Series) -> bool:
    left = a.astype(object).where(a.notna(), None).tolist()
    right = b.astype(object).where(b.notna(), None).tolist()
    return left == right


def _blank(values: pd.Series) -> pd.Series:
    return values.isna() | (values.astype(str).str.strip() == "")


def _all_blank(values: pd.Series) -> bool:
    """``_blank(values).all()``, from the column's distinct cells (a column of 800,000
    suggestions, converted and stripped cell by cell, took 0.4 s)."""
    return bool(_blank(pd.Series(distinct_cells(values.tolist()), dtype=object)).all())


def _plain(value: object) -> str:
    """A single value as text (for captions and group headings), escaped."""
    return cell_html(value, "text", 0) if isinstance(value, str) else cell_html(
        value, column_kind("", pd.Series([value])), 3)


class _Prepared:
    """A table reduced to what the page shows, with its headers and cell kinds."""

    def __init__(self, df: pd.DataFrame, view: View, redact: Redact) -> None:
        frame = df if view.select is None else view.select(df)
        self.n_all, self.n_selected = len(df), len(frame)
        frame = frame.reset_index(drop=True).drop(
            columns=[c for c in view.hide if c in frame.columns])
        for drop, keep in view.same:
            if drop in frame.columns and keep in frame.columns and _same(frame[drop],
                                                                         frame[keep]):
                frame = frame.drop(columns=[drop])
        frame = frame.drop(columns=[c for c in frame.columns
                                    if len(frame) and _all_blank(frame[c])])
        self.stated: list[str] = []
        for col in view.constant:
            if col in frame.columns and len(frame) and frame[col].nunique(dropna=False) == 1:
                value = frame[col].iloc[0]
                self.stated.append(f"{html.escape(self._header(col, view, redact))}: "
                                   f"{_plain(value)}")
                frame = frame.drop(columns=[col])
        self.definitions: list[tuple[str, str]] = []
        if view.long_text in frame.columns and frame.shape[1] > 1:
            col = str(view.long_text)
            self.definitions = [(_plain(k), _plain(v)) for k, v in
                                zip(frame.iloc[:, 0], frame[col], strict=True) if v == v and v]
            frame = frame.drop(columns=[col])
        by = [c for c in view.sort if c in frame.columns]
        if by:
            frame = frame.sort_values(by, ascending=view.ascending, na_position="last",
                                      kind="mergesort")
        for col in view.labels:
            if col in frame.columns:
                frame[col] = frame[col].map(lambda v: header(v) if isinstance(v, str) else v)
        for col in view.merge:
            if col in frame.columns:
                frame[col] = frame[col].where(~_blank(frame[col])).ffill()
        frame, intervals = merge_intervals(frame)
        self.groups: list[tuple[str, int]] = []
        if view.group_by in frame.columns:
            key = frame[str(view.group_by)].astype(str)
            sizes = key.value_counts()
            order = sorted(sizes.index, key=lambda g: (-int(sizes[g]), g))
            self.groups = [(g, int(sizes[g])) for g in order]
            rank = {g: i for i, g in enumerate(order)}
            frame = frame.assign(_group=key.map(rank)).sort_values(
                "_group", kind="mergesort").drop(columns=["_group"])
        self.frame = frame.reset_index(drop=True)
        self.columns = [c for c in self.frame.columns if c != view.group_by]
        self.headers = [self._header(c, view, redact) for c in self.columns]
        self.kinds: list[Kind] = [intervals.get(str(c)) or column_kind(c, self.frame[c])
                                  for c in self.columns]
        self.places = [decimals(k, self.frame[c]) for k, c in zip(self.kinds, self.columns,
                                                                   strict=True)]

    @staticmethod
    def _header(col: object, view: View, redact: Redact) -> str:
        name = str(col)
        if name in view.headers:
            return view.headers[name]
        shown = header(name)
        # a name the vocabulary and the rule leave alone is data (a coder, a code): redact it
        return redact(shown) if shown == name and name not in HEADERS else shown


def _classes(kind: Kind, values: pd.Series) -> str:
    if kind in NUMERIC_KINDS:
        return "rp-num"
    if kind == "bool":
        return "rp-flag"
    lengths = values.dropna().astype(str).str.len()
    return "rp-text rp-long" if len(lengths) and lengths.mean() > _LONG_TEXT else "rp-text"


def _spans(frame: pd.DataFrame, merge: Sequence[str]) -> dict[tuple[int, str], int]:
    """Row spans of merged cells: (row, column) → span; 0 for a cell merged into the one
    above."""
    spans: dict[tuple[int, str], int] = {}
    cols = [c for c in merge if c in frame.columns]
    for depth, col in enumerate(cols):
        keys = [tuple(frame[c].iloc[i] for c in cols[: depth + 1]) for i in range(len(frame))]
        start = 0
        for i in range(1, len(frame) + 1):
            if i == len(frame) or keys[i] != keys[start]:
                spans[(start, col)] = i - start
                for j in range(start + 1, i):
                    spans[(j, col)] = 0
                start = i
    return spans


def _rows_html(p: _Prepared, rows: range, view: View) -> str:
    frame = p.frame.iloc[list(rows)].reset_index(drop=True)
    spans = _spans(frame, view.merge)
    classes = [_classes(k, p.frame[c]) for k, c in zip(p.kinds, p.columns, strict=True)]
    sizes = dict(p.groups)
    out: list[str] = []
    group: object = None
    for i in range(len(frame)):
        if view.group_by in frame.columns:
            label = str(frame[str(view.group_by)].iloc[i])
            if label != group:
                group = label
                out.append(f'<tr class="rp-group"><th colspan="{len(p.columns)}" '
                           f'scope="rowgroup">{html.escape(label)} '
                           f'<span class="rp-muted">({sizes.get(label, 0)})</span></th></tr>')
        cells = []
        for col, kind, places, cls in zip(p.columns, p.kinds, p.places, classes, strict=True):
            span = spans.get((i, str(col)), 1)
            if span == 0:
                continue
            rowspan = f' rowspan="{span}"' if span > 1 else ""
            cells.append(f'<td class="{cls}"{rowspan}>'
                         f"{cell_html(frame[col].iloc[i], kind, places)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(out)


#: Rows of one table a page holds at most (shown and behind ``<details>``); the rest are in the
#: CSV. A large cohort's 25,000 disagreements made a 9 MB page no one could read.
MAX_ROWS_ON_PAGE = 1000


def _count(p: _Prepared, view: View, shown: int, csv: str | None) -> str:
    n = p.n_selected
    text = f"{n} row{'' if n == 1 else 's'}"
    if view.selected and p.n_selected != p.n_all:
        text = f"{n} of {p.n_all} rows ({html.escape(view.selected)})"
    if shown < n:
        text += f"; the first {shown} shown"
    if csv:
        text += f' · <a href="{html.escape(csv)}">CSV</a>'
    return f'<span class="rp-count">{text}</span>'


def _table(p: _Prepared, view: View, rows: range, caption: str) -> str:
    head = "".join(f'<th scope="col" class="{_classes(k, p.frame[c])}">{html.escape(h)}</th>'
                   for h, k, c in zip(p.headers, p.kinds, p.columns, strict=True))
    return (f'<div class="rp-table-wrap"><table class="rp-table">\n<caption>{caption}'
            f"</caption>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
            f"{_rows_html(p, rows, view)}\n</tbody>\n</table></div>")


def table_html(df: pd.DataFrame, *, view: View, csv: str | None = None,
               redact: Redact | None = None) -> str:
    """A table as the page shows it: caption, human headers, formatted cells, summarised.

    Parameters
    ----------
    df : pandas.DataFrame
        The table as written to its CSV (already redacted).
    view : View
        How it reads (:func:`replicate.display_views.view_for`).
    csv : str or None, default=None
        The link to the full table (``../artifacts/<stage>-<table>.csv``).
    redact : callable or None, default=None
        Applied to column names that are data (a coder's initials, a code).

    Returns
    -------
    str
        Escaped HTML: a ``<table>`` with a ``<caption>``, the rows beyond ``view.rows``
        behind ``<details>`` (or only in the CSV), definitions behind ``<details>``; for no
        rows, one line saying so.

    Examples
    --------
    >>> html = table_html(pd.DataFrame({"cohen_kappa": [0.81234], "met": [False]}),
    ...                   view=View("Demo", "Shows a demo."))
    >>> print(html.splitlines()[1])
    <caption><strong>Demo.</strong> Shows a demo. <span class="rp-count">1 row</span></caption>
    >>> for cell in html.splitlines()[2].split("</th>")[:2]:
    ...     print(cell)
    <thead><tr><th scope="col" class="rp-num">Cohen&#x27;s κ
    <th scope="col" class="rp-flag">Met
    """
    p = _Prepared(df, view, redact or (lambda s: s))
    title = f"<strong>{html.escape(view.caption)}.</strong>"
    if not len(p.frame) or not p.columns:
        return f'<p class="rp-empty">{title} {html.escape(view.empty)}</p>'
    shown = min(view.rows, len(p.frame))
    what = f" {html.escape(view.what)}" if view.what else ""
    stated = "".join(f" {s}" if s.endswith(".") else f" {s}." for s in p.stated)
    caption = f"{title}{what}{stated} {_count(p, view, shown, csv)}"
    out = [_table(p, view, range(shown), caption)]
    last = min(len(p.frame), max(shown, MAX_ROWS_ON_PAGE))
    rest, beyond = last - shown, len(p.frame) - last
    if rest and view.more == "details":
        more = (f"<strong>{html.escape(view.caption)}</strong>, rows {shown + 1}–"
                f"{last} of {len(p.frame)}")
        summary = f"The other {rest} row{'' if rest == 1 else 's'}"
        if beyond:
            where = "in the CSV" if csv else "not shown on this page"
            summary = f"Rows {shown + 1}–{last} (the other {beyond} are {where})"
        out.append(f'<details class="rp-more"><summary>{summary}</summary>\n'
                   f"{_table(p, view, range(shown, last), more)}\n</details>")
    if p.definitions:
        items = "\n".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in p.definitions)
        out.append(f'<details class="rp-defs"><summary>Definitions</summary>\n<dl>\n{items}\n'
                   "</dl>\n</details>")
    return "\n".join(out)


def figure_html(png: bytes, alt: str, *, caption: str) -> str:
    """A PNG as an embedded image with its caption and alt text (both escaped); an alt text
    that starts with the caption ("Theme map: …") is not preceded by it again.

    Examples
    --------
    >>> figure_html(b"", "Theme map: three themes.", caption="Theme map").split("<figcaption>")[1]
    '<strong>Theme map</strong>: three themes.</figcaption></figure>'
    """
    data = base64.b64encode(png).decode("ascii")
    text = html.escape(alt)
    if caption and alt.lower().startswith(caption.lower()):
        head, tail = alt[: len(caption)], alt[len(caption):]
        shown = f"<strong>{html.escape(head)}</strong>{html.escape(tail)}"
    else:
        shown = f"<strong>{html.escape(caption)}.</strong> {text}"
    return (f'<figure class="rp-figure"><img src="data:image/png;base64,{data}" alt="{text}">'
            f"<figcaption>{shown}</figcaption></figure>")


def show_html(markup: str) -> None:
    """Display trusted HTML built by this module."""
    from IPython.display import HTML, display

    display(HTML(markup))


def show_table(df: pd.DataFrame, *, view: View, csv: str | None = None,
               redact: Redact | None = None) -> None:
    """Display ``df`` as :func:`table_html` renders it."""
    show_html(table_html(df, view=view, csv=csv, redact=redact))


def show_figure(png: bytes, alt: str, *, caption: str) -> None:
    """Display PNG bytes as :func:`figure_html` renders them."""
    show_html(figure_html(png, alt, caption=caption))


def show_markdown(text: str) -> None:
    """Display Markdown text."""
    from IPython.display import Markdown, display

    display(Markdown(text))

