"""Showing stage results inside a notebook (tables, figures with alt text, Markdown).

Only the notebooks use this module; it imports IPython lazily so the library itself does not
depend on a kernel.
"""

from __future__ import annotations

import base64
import html

import pandas as pd

__all__ = ["show_figure", "show_markdown", "show_table", "table_html"]


def table_html(df: pd.DataFrame, *, max_rows: int = 200) -> str:
    """A DataFrame as a plain HTML table (no index, no inline styles)."""
    shown = df.head(max_rows)
    out = shown.to_html(index=False, border=0, na_rep="", escape=True)
    if len(df) > max_rows:
        out += (f'<p class="rp-muted">{max_rows} of {len(df)} rows shown; all rows are in '
                "the CSV.</p>")
    return out


def show_table(df: pd.DataFrame, *, max_rows: int = 200) -> None:
    """Display ``df`` as an HTML table."""
    from IPython.display import HTML, display

    display(HTML(table_html(df, max_rows=max_rows)))


def show_figure(png: bytes, alt: str) -> None:
    """Display PNG bytes as an embedded image with alt text."""
    from IPython.display import HTML, display

    data = base64.b64encode(png).decode("ascii")
    display(HTML(f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'
                 f"<figcaption>{html.escape(alt)}</figcaption></figure>"))


def show_markdown(text: str) -> None:
    """Display Markdown text."""
    from IPython.display import Markdown, display

    display(Markdown(text))
