"""Counts over the coding tree: units and participants per node, participant × node matrix.

Qualitative content analysis does not rest on frequencies, but counts make the analysis
auditable (Graneheim & Lundman's credibility: how well categories cover the data and how many
participants contribute to each) and feed COREQ item 32 (minor themes: nodes supported by few
participants). A participant "has" a node when at least one of their meaning units is coded
into it. A unit counts toward every theme its category feeds.

References
----------
Graneheim UH, Lundman B. Nurse Educ Today 2004;24(2):105–112.
Tong A, Sainsbury P, Craig J. COREQ. Int J Qual Health Care 2007;19(6):349–357.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd
from matplotlib.figure import Figure

from replicate.privacy.pseudonyms import pseudonym_order
from replicate.synthesis.hierarchy import Hierarchy
from replicate.synthesis.inputs import with_themes

__all__ = [
    "HEATMAP_MAX_ROWS",
    "band_counts",
    "category_cooccurrence",
    "heatmap_figure",
    "minor_nodes",
    "node_counts",
    "participant_matrix",
]

COUNT_COLUMNS = (
    "level", "theme", "category", "subcategory", "n_units", "n_participants", "pct_participants",
)


def node_counts(
    coded: pd.DataFrame, hierarchy: Hierarchy, people: Sequence[str]
) -> pd.DataFrame:
    """Meaning units and participants per theme, category and subcategory.

    Parameters
    ----------
    coded : pandas.DataFrame
        Output of :func:`replicate.synthesis.coded_units`.
    hierarchy : Hierarchy
    people : sequence of str
        All interviewed participants (the denominator of ``pct_participants``).

    Returns
    -------
    pandas.DataFrame
        Columns ``level, theme, category, subcategory, n_units, n_participants,
        pct_participants`` in Table 1 order (each theme row followed by its categories, each
        category row by its subcategories). Labels above a row's level are filled, below it
        are ``""``. Nodes without units have zero counts.
    """
    long = with_themes(coded, hierarchy)
    total = max(len(people), 1)
    rows: list[tuple[object, ...]] = []

    def add(level: str, theme: str, cat: str, sub: str, part: pd.DataFrame) -> None:
        n_part = int(part["participant"].nunique())
        rows.append((level, theme, cat, sub, len(part), n_part, round(100 * n_part / total, 1)))

    for theme in hierarchy.themes:
        in_theme = long[long["theme"] == theme]
        add("theme", theme, "", "", in_theme)
        for cat in hierarchy.categories_of(theme):
            in_cat = in_theme[in_theme["category"] == cat]
            add("category", theme, cat, "", in_cat)
            for sub in hierarchy.subcategories_of(cat):
                add("subcategory", theme, cat, sub, in_cat[in_cat["subcategory"] == sub])
    return pd.DataFrame(rows, columns=list(COUNT_COLUMNS))


def participant_matrix(
    coded: pd.DataFrame,
    hierarchy: Hierarchy,
    people: Sequence[str],
    *,
    level: str = "category",
) -> pd.DataFrame:
    """Units per participant and node.

    Parameters
    ----------
    coded : pandas.DataFrame
        Output of :func:`replicate.synthesis.coded_units`.
    hierarchy : Hierarchy
    people : sequence of str
        Rows of the matrix (participants without units get a row of zeros).
    level : {"category", "subcategory", "theme", "code"}, default="category"

    Returns
    -------
    pandas.DataFrame
        Index ``pseudonym`` (sorted), one int column per node in codebook order.
    """
    labels = hierarchy.labels(level)
    frame = with_themes(coded, hierarchy) if level == "theme" else coded
    table = pd.crosstab(frame["participant"], frame[level]) if len(frame) else pd.DataFrame()
    matrix = table.reindex(index=sorted(people, key=pseudonym_order), columns=list(labels),
                           fill_value=0)
    matrix = matrix.fillna(0).astype(int)
    matrix.index.name = "pseudonym"
    matrix.columns.name = level
    return matrix


def category_cooccurrence(matrix: pd.DataFrame) -> pd.DataFrame:
    """Participants in whom two nodes co-occur.

    Parameters
    ----------
    matrix : pandas.DataFrame
        A participant × node matrix from :func:`participant_matrix`.

    Returns
    -------
    pandas.DataFrame
        Square, symmetric int frame over the nodes: cell (i, j) is the number of participants
        with at least one unit in both i and j; the diagonal is each node's participants.
    """
    present = (matrix > 0).astype(int)
    co = present.T @ present
    co.index.name = None
    co.columns.name = None
    return co.astype(int)


def minor_nodes(counts: pd.DataFrame, *, max_participants: int = 2) -> pd.DataFrame:
    """Low-prevalence subcategories for COREQ item 32 (minor themes, diverse cases).

    Parameters
    ----------
    counts : pandas.DataFrame
        Output of :func:`node_counts`.
    max_participants : int, default=2
        Subcategories supported by at most this many participants are listed.

    Returns
    -------
    pandas.DataFrame
        The ``subcategory`` rows of ``counts`` with ``n_participants <= max_participants``.
    """
    keep = (counts["level"] == "subcategory") & (counts["n_participants"] <= max_participants)
    return counts.loc[keep].reset_index(drop=True)


HEATMAP_MAX_ROWS = 60
"""Above this many participants :func:`heatmap_figure` shows bands of units, not people."""

_BANDS = ((0, 0, "0"), (1, 1, "1"), (2, 2, "2"), (3, 4, "3–4"), (5, 9, "5–9"),
          (10, 19, "10–19"), (20, 49, "20–49"), (50, None, "50+"))


def heatmap_figure(matrix: pd.DataFrame, *, title: str | None = None,
                   max_rows: int = HEATMAP_MAX_ROWS) -> Figure:
    """Heatmap of a participant × node matrix, each cell annotated with its unit count.

    With more than ``max_rows`` participants one row per person is no longer readable (nor
    quick to draw); the heatmap then has one row per band of units (0, 1, 2, 3–4, 5–9,
    10–19, 20–49, 50+, up to the largest count) and each cell counts the participants
    whose units in that node fall in the band.

    Parameters
    ----------
    matrix : pandas.DataFrame
        From :func:`participant_matrix`.
    title : str or None, default=None
    max_rows : int, default=HEATMAP_MAX_ROWS
        The most participants drawn one row each.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if len(matrix) > max_rows:
        bands = band_counts(matrix)
        node = str(matrix.columns.name or "node")
        heading = title or "Meaning units per participant and node"
        return _heatmap(bands.to_numpy(dtype=float), list(bands.columns), list(bands.index),
                        xlabel=node, ylabel=f"meaning units in the {node}",
                        colorbar="participants", height=0.5,
                        title=f"{heading}\n({len(matrix)} participants, counted by band of "
                              "units)")
    values = matrix.to_numpy(dtype=float) if matrix.size else np.zeros((1, 1))
    return _heatmap(values, list(matrix.columns), list(matrix.index), annotate=bool(matrix.size),
                    xlabel=str(matrix.columns.name or "node"), ylabel="participant",
                    colorbar="meaning units", title=title)


def _heatmap(values: npt.NDArray[np.float64], columns: Sequence[object],
             rows: Sequence[object], *,
             xlabel: str, ylabel: str, colorbar: str, title: str | None,
             annotate: bool = True, height: float = 0.0) -> Figure:
    """An annotated heatmap (``height`` inches added for a two-line title)."""
    n_rows, n_cols = len(rows), len(columns)
    fig = Figure(figsize=(max(5.0, 0.9 * n_cols + 2.5), max(3.0, 0.4 * n_rows + 2.0 + height)))
    ax = fig.add_subplot()
    image = ax.imshow(values, cmap="Blues", aspect="auto", vmin=0)
    top = float(values.max()) if values.size else 0.0
    for (i, j), value in np.ndenumerate(values):
        if annotate:
            colour = "white" if top and value > top / 2 else "black"
            ax.text(j, i, str(int(value)), ha="center", va="center", fontsize=8, color=colour)
    ax.set_xticks(range(n_cols), [str(c) for c in columns], rotation=35, ha="right")
    ax.set_yticks(range(n_rows), [str(r) for r in rows])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.colorbar(image, ax=ax, label=colorbar)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def band_counts(matrix: pd.DataFrame) -> pd.DataFrame:
    """Participants per band of meaning units in each node (the many-participant heatmap).

    Parameters
    ----------
    matrix : pandas.DataFrame
        From :func:`participant_matrix`.

    Returns
    -------
    pandas.DataFrame
        Index ``units`` (band labels "0", "1", "2", "3–4", "5–9", "10–19", "20–49", "50+",
        up to the band of the largest count), one int column per node as in ``matrix``.
    """
    values = matrix.to_numpy(dtype=np.int64)
    top = int(values.max()) if values.size else 0
    bands = [b for b in _BANDS if b[0] <= top] or [_BANDS[0]]
    rows = [((values >= lo) & (values <= (top if hi is None else hi))).sum(axis=0)
            for lo, hi, _ in bands]
    return pd.DataFrame(np.array(rows, dtype=np.int64).reshape(len(bands), matrix.shape[1]),
                        index=pd.Index([b[2] for b in bands], name="units"),
                        columns=matrix.columns)
