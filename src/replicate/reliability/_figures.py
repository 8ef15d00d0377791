"""Figures for the consensus meeting (matplotlib ``Figure`` objects, no pyplot).

* :func:`confusion_heatmap`: the two coders' confusion matrix (or the coincidence matrix),
  counts written in the cells.
* :func:`per_code_kappa_chart`: Cohen's kappa per code on the Landis & Koch (1977) bands
  (poor < 0 <= slight <= .20 < fair <= .40 < moderate <= .60 < substantial <= .80 < almost
  perfect), with Krippendorff's 0.667 and 0.800 conventions drawn as lines.

The figures are built with ``matplotlib.figure.Figure`` directly so no GUI backend is needed;
the caller saves them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._definitions import LANDIS_KOCH_BANDS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["MAX_HEATMAP_CODES", "confusion_heatmap", "per_code_kappa_chart"]

#: The most codes a confusion heatmap is drawn for: beyond it the labels and counts are too
#: small to read on a page, and the stage lists the codes most often confused instead.
MAX_HEATMAP_CODES = 15

_MAX_LABEL = 32
_BAND_SHADES = ("#f2dede", "#f7f7f7", "#ececec", "#f7f7f7", "#ececec", "#e3efe3")


def _short(label: object) -> str:
    text = str(label)
    return text if len(text) <= _MAX_LABEL else text[: _MAX_LABEL - 1] + "…"


def confusion_heatmap(confusion: pd.DataFrame, *, title: str | None = None) -> Figure:
    """Heatmap of a confusion (or coincidence) matrix with the non-zero counts in the cells.

    Parameters
    ----------
    confusion : pandas.DataFrame
        Square table of counts, e.g. from :func:`contingency_table`; the index and column
        names label the axes (the two coders).
    title : str or None, default=None
        Figure title; default "Confusion matrix".

    Returns
    -------
    matplotlib.figure.Figure
        The figure (not shown, not saved).
    """
    from matplotlib.figure import Figure  # imported here: matplotlib is slow to import

    values = confusion.to_numpy(dtype=np.float64)
    q_rows, q_cols = values.shape
    size = max(3.5, 0.55 * max(q_rows, q_cols) + 2.5)
    fig = Figure(figsize=(size + 1.0, size), layout="constrained")
    ax = fig.add_subplot()
    image = ax.imshow(values, cmap="Blues", vmin=0.0, vmax=max(float(values.max()), 1.0))
    threshold = values.max() / 2.0 if values.size else 0.0
    # Only non-zero counts are written: an empty cell reads as zero, and with 40 codes the
    # 1,600 text objects of a full matrix took most of the stage's time to draw.
    for i, j in zip(*np.nonzero(values), strict=True):
        count = values[i, j]
        # in_layout=False: a count sits inside its cell, so the layout need not measure it
        ax.text(j, i, f"{count:g}", ha="center", va="center", fontsize=8,
                color="white" if count > threshold else "black", in_layout=False)
    ax.set_xticks(range(q_cols), [_short(c) for c in confusion.columns], rotation=45,
                  ha="right")
    ax.set_yticks(range(q_rows), [_short(c) for c in confusion.index])
    ax.set_xlabel(str(confusion.columns.name or "coder 2"))
    ax.set_ylabel(str(confusion.index.name or "coder 1"))
    ax.set_title(title or "Confusion matrix")
    fig.colorbar(image, ax=ax, label="units", shrink=0.8)
    return fig


def per_code_kappa_chart(per_code: pd.DataFrame, *, title: str | None = None) -> Figure:
    """Horizontal bars of Cohen's kappa per code on Landis-Koch bands.

    Parameters
    ----------
    per_code : pandas.DataFrame
        Output of :func:`per_code_agreement` (or :func:`character_agreement`); the pooled
        rows (``transcript`` missing) are drawn, one bar per code and coder pair.
    title : str or None, default=None
        Figure title; default "Cohen's kappa per code".

    Returns
    -------
    matplotlib.figure.Figure
        Bars for kappa; "n/a" where kappa is undefined; shaded Landis & Koch bands; dashed
        lines at Krippendorff's 0.667 and 0.800.
    """
    from matplotlib.figure import Figure  # imported here: matplotlib is slow to import

    rows = per_code[per_code["transcript"].isna()]
    pairs = rows[["coder_a", "coder_b"]].drop_duplicates()
    several = len(pairs) > 1
    labels = [
        _short(r.code) + (f" ({r.coder_a}-{r.coder_b})" if several else "")
        for r in rows.itertuples()
    ]
    kappa = rows["cohen_kappa"].to_numpy(dtype=np.float64)
    n_bars = max(len(labels), 1)
    fig = Figure(figsize=(7.5, 1.8 + 0.32 * n_bars), layout="constrained")
    ax = fig.add_subplot()
    finite = kappa[np.isfinite(kappa)]
    left = min(-0.2, float(finite.min()) - 0.05) if finite.size else -0.2
    for (low, high, name), shade in zip(LANDIS_KOCH_BANDS, _BAND_SHADES, strict=True):
        lo = max(low, left)
        ax.axvspan(lo, high, color=shade, zorder=0)
        ax.text((lo + high) / 2.0, 1.005, name, transform=ax.get_xaxis_transform(),
                ha="center", va="bottom", fontsize=7, color="#555555")
    positions = np.arange(len(labels))
    ax.barh(positions, np.nan_to_num(kappa, nan=0.0), color="#3b6ea5", height=0.6, zorder=2)
    for y, value in enumerate(kappa.tolist()):
        text, x = ("n/a", 0.01) if not np.isfinite(value) else (f"{value:.2f}", max(value, 0.0))
        ax.text(x + 0.01, float(y), text, va="center", fontsize=7, zorder=3)
    ax.axvline(0.667, color="#b35900", linestyle="--", linewidth=1,
               label="Krippendorff 0.667 (tentative)", zorder=3)
    ax.axvline(0.800, color="#2d7a2d", linestyle="--", linewidth=1,
               label="Krippendorff 0.800 (reliable)", zorder=3)
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    ax.set_xlim(left, 1.08)
    ax.set_xlabel("Cohen's kappa (presence/absence per unit)")
    ax.set_title(title or "Cohen's kappa per code", pad=14)
    fig.legend(loc="outside lower center", ncols=2, fontsize=7, frameon=False)
    return fig
