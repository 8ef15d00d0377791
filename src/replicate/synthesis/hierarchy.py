"""The coding tree: validation and the Table 1 equivalent.

Graneheim & Lundman (2004) abstract meaning units into codes, codes into subcategories,
subcategories into categories, and categories into themes. Categories express manifest
content and should be mutually exclusive, so here each code sits in exactly one subcategory
and each subcategory in exactly one category (methodology.md §3.1; violations are a
:class:`~replicate.errors.DataError`). Themes express latent content and need not be mutually
exclusive: a category may feed more than one theme. That is allowed but flagged, because the
write-up must give a rationale for it.

Order is the codebook's order of first appearance (deterministic and meaningful: it is the
order the analysts wrote the tree in, e.g. Space → Belief in the future → Transition).

References
----------
Graneheim UH, Lundman B. Qualitative content analysis in nursing research. Nurse Educ Today
2004;24(2):105–112.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from replicate.errors import DataError
from replicate.synthesis._util import clean_label, require_columns, require_filled, row_label

__all__ = [
    "Hierarchy",
    "build_hierarchy",
    "table1_csv_frame",
    "table1_frame",
    "table1_html",
]

_REQUIRED = ("code", "subcategory", "category", "theme")


@dataclass(frozen=True, eq=False)
class Hierarchy:
    """A validated coding tree.

    Attributes
    ----------
    codebook : pandas.DataFrame
        Columns ``code, subcategory, category, theme, description`` with stripped labels.
    code_subcategory : dict of str to str
    subcategory_category : dict of str to str
    category_themes : dict of str to tuple of str
        Every theme a category feeds, in codebook order.
    themes, categories, subcategories, codes : tuple of str
        Labels of each level in codebook order.
    flags : tuple of str
        Allowed-but-noteworthy features (a category feeding several themes).
    """

    codebook: pd.DataFrame
    code_subcategory: dict[str, str]
    subcategory_category: dict[str, str]
    category_themes: dict[str, tuple[str, ...]]
    themes: tuple[str, ...]
    categories: tuple[str, ...]
    subcategories: tuple[str, ...]
    codes: tuple[str, ...]
    flags: tuple[str, ...] = field(default=())

    def labels(self, level: str) -> tuple[str, ...]:
        """Labels of ``level`` (``code``, ``subcategory``, ``category`` or ``theme``)."""
        table = {
            "code": self.codes,
            "subcategory": self.subcategories,
            "category": self.categories,
            "theme": self.themes,
        }
        if level not in table:
            raise ValueError(f"level {level!r} is not one of: code, subcategory, category, theme")
        return table[level]

    def categories_of(self, theme: str) -> tuple[str, ...]:
        """Categories feeding ``theme``, in codebook order."""
        return tuple(c for c in self.categories if theme in self.category_themes[c])

    def subcategories_of(self, category: str) -> tuple[str, ...]:
        """Subcategories of ``category``, in codebook order."""
        return tuple(s for s in self.subcategories if self.subcategory_category[s] == category)

    def descriptions(self) -> dict[str, str]:
        """Non-empty code descriptions, keyed by code (codebook order)."""
        return {
            str(code): str(text)
            for code, text in zip(self.codebook["code"], self.codebook["description"],
                                  strict=True)
            if text
        }


def build_hierarchy(codebook: pd.DataFrame, *, file: str = "codebook.csv") -> Hierarchy:
    """Validate a codebook and build its :class:`Hierarchy`.

    Parameters
    ----------
    codebook : pandas.DataFrame
        Columns ``code, subcategory, category, theme`` and optionally ``description``
        (schema ``codebook``). Labels are compared after stripping surrounding whitespace.
    file : str, default="codebook.csv"
        File name used in error messages.

    Returns
    -------
    Hierarchy

    Raises
    ------
    DataError
        If a column is missing, a required cell is empty, the codebook is empty, a code
        appears twice, or a subcategory sits under two categories; the message names the row.
    """
    require_columns(codebook, _REQUIRED, file=file)
    if codebook.empty:
        raise DataError("the codebook has no rows; it needs at least one code", file=file)
    require_filled(codebook, _REQUIRED, file=file)
    cols = {c: [clean_label(v) for v in codebook[c]] for c in _REQUIRED}
    desc = (
        [clean_label(v) for v in codebook["description"]]
        if "description" in codebook.columns
        else [""] * len(codebook)
    )
    clean = pd.DataFrame({**cols, "description": desc})

    code_row: dict[str, int] = {}
    code_sub: dict[str, str] = {}
    sub_row: dict[str, int] = {}
    sub_cat: dict[str, str] = {}
    cat_themes: dict[str, list[str]] = {}
    for pos, (code, sub, cat, theme) in enumerate(
        zip(cols["code"], cols["subcategory"], cols["category"], cols["theme"], strict=True)
    ):
        if code in code_row:
            first = code_row[code]
            raise DataError(
                f"code {code!r} appears again (first in {row_label(first)}, under subcategory "
                f"{code_sub[code]!r}); each code must sit in exactly one subcategory, so list "
                "it once",
                file=file,
                location=f"{row_label(pos)}, column code",
            )
        code_row[code], code_sub[code] = pos, sub
        if sub in sub_cat and sub_cat[sub] != cat:
            raise DataError(
                f"subcategory {sub!r} is under category {cat!r} here but under "
                f"{sub_cat[sub]!r} in {row_label(sub_row[sub])}; each subcategory must sit in "
                "exactly one category (rename one of them if they are different ideas)",
                file=file,
                location=f"{row_label(pos)}, column category",
            )
        sub_row.setdefault(sub, pos)
        sub_cat.setdefault(sub, cat)
        themes = cat_themes.setdefault(cat, [])
        if theme not in themes:
            themes.append(theme)

    flags = tuple(
        f"category {cat!r} feeds {len(themes)} themes ({', '.join(themes)}); allowed "
        "(themes need not be mutually exclusive) but the write-up should give a rationale"
        for cat, themes in cat_themes.items()
        if len(themes) > 1
    )
    return Hierarchy(
        codebook=clean,
        code_subcategory=code_sub,
        subcategory_category=sub_cat,
        category_themes={c: tuple(t) for c, t in cat_themes.items()},
        themes=tuple(dict.fromkeys(cols["theme"])),
        categories=tuple(cat_themes),
        subcategories=tuple(sub_cat),
        codes=tuple(code_row),
        flags=flags,
    )


def table1_frame(hierarchy: Hierarchy, counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The Table 1 equivalent as a tidy frame: one row per theme × category × subcategory.

    Parameters
    ----------
    hierarchy : Hierarchy
    counts : pandas.DataFrame or None, default=None
        Output of :func:`replicate.synthesis.node_counts`; when given, the subcategory's
        ``n_units`` and ``n_participants`` are added.

    Returns
    -------
    pandas.DataFrame
        Columns ``theme, category, subcategory, n_codes`` (+ ``n_units, n_participants``),
        in codebook order. A category feeding two themes appears under both.
    """
    n_codes = pd.Series(list(hierarchy.code_subcategory.values())).value_counts()
    rows = [
        (theme, cat, sub, int(n_codes.get(sub, 0)))
        for theme in hierarchy.themes
        for cat in hierarchy.categories_of(theme)
        for sub in hierarchy.subcategories_of(cat)
    ]
    frame = pd.DataFrame(rows, columns=["theme", "category", "subcategory", "n_codes"])
    if counts is not None:
        sub_counts = counts.loc[
            counts["level"] == "subcategory",
            ["theme", "category", "subcategory", "n_units", "n_participants"],
        ]
        frame = frame.merge(sub_counts, on=["theme", "category", "subcategory"], how="left")
        for col in ("n_units", "n_participants"):
            frame[col] = frame[col].fillna(0).astype(int)
    return frame


def table1_csv_frame(hierarchy: Hierarchy, counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Table 1 laid out for print or CSV: a theme or category label only on its first row.

    Parameters
    ----------
    hierarchy : Hierarchy
    counts : pandas.DataFrame or None, default=None
        As for :func:`table1_frame`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`table1_frame`, with repeated theme and category labels blanked.
    """
    frame = table1_frame(hierarchy, counts).copy()
    repeat_theme = frame["theme"].eq(frame["theme"].shift())
    repeat_cat = repeat_theme & frame["category"].eq(frame["category"].shift())
    frame.loc[repeat_theme, "theme"] = ""
    frame.loc[repeat_cat, "category"] = ""
    return frame


def table1_html(
    hierarchy: Hierarchy,
    counts: pd.DataFrame | None = None,
    *,
    columns: Sequence[str] = ("theme", "category", "subcategory"),
) -> str:
    """Render Table 1 as an HTML table with merged theme and category cells.

    Parameters
    ----------
    hierarchy : Hierarchy
    counts : pandas.DataFrame or None, default=None
        As for :func:`table1_frame`; adds units and participants per subcategory.
    columns : sequence of str, default=("theme", "category", "subcategory")
        Column order; ``("subcategory", "category", "theme")`` gives the paper's layout.

    Returns
    -------
    str
        An HTML ``<table>`` (labels escaped; merged cells via ``rowspan``).
    """
    frame = table1_frame(hierarchy, counts).drop(columns="n_codes")
    frame = frame.rename(columns={"n_units": "units", "n_participants": "participants"})
    if tuple(columns) == ("theme", "category", "subcategory"):
        # pandas merges repeated MultiIndex labels into rowspans (sparsify) for us.
        out = frame.set_index(["theme", "category", "subcategory"])
        if out.shape[1] == 0:
            out = frame.set_index(["theme", "category"])
        html: str = out.to_html(sparsify=True, escape=True, border=0, classes="table1")
        return html
    extra = [c for c in frame.columns if c not in columns]
    return str(frame[[*columns, *extra]].to_html(index=False, escape=True, border=0,
                                                 classes="table1"))
