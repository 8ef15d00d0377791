"""Code-discovery curve with the Guest, Namey & Chen (2020) base and saturating run marked.

References
----------
Guest G, Namey E, Chen M. PLoS ONE 2020;15(5):e0232076.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from replicate.synthesis.saturation import SaturationResult

__all__ = ["MAX_LABELLED", "discovery_figure"]

MAX_LABELLED = 40
"""Interviews up to which each gets its own x-axis label and bar."""


def discovery_figure(result: SaturationResult, *, title: str | None = None) -> Figure:
    """Plot new codes per interview and the cumulative number of unique codes.

    The base interviews are shaded grey; when saturation was reached the saturating run is
    shaded green and labelled with its ``"s+r"`` notation, otherwise the reason is shown.
    Up to :data:`MAX_LABELLED` interviews each is labelled with its position and name (the
    figure widens with them); with more, the figure is 12 inches wide, the bars are one
    filled outline and the axis shows positions only.

    Parameters
    ----------
    result : SaturationResult
        From :func:`replicate.synthesis.assess_saturation`.
    title : str or None, default=None

    Returns
    -------
    matplotlib.figure.Figure
    """
    curve = result.interviews
    plan = result.plan
    labelled = len(curve) <= MAX_LABELLED
    fig = Figure(figsize=(max(6.0, 0.45 * len(curve) + 3.0) if labelled else 12.0, 4.0))
    ax = fig.add_subplot()
    x = curve["position"].to_numpy()
    if labelled:
        ax.bar(x, curve["n_new"], color="#4c78a8", label="new codes in interview")
    else:  # one patch for all the bars (a thousand rectangles are slow to draw)
        ax.stairs(curve["n_new"].to_numpy(dtype=float), np.arange(len(curve) + 1) + 0.5,
                  fill=True, color="#4c78a8", label="new codes in interview")
    ax.plot(x, curve["cumulative_unique"], color="#222222", marker="o" if labelled else None,
            markersize=3, label="unique codes so far")
    if len(curve):
        ax.axvspan(0.5, min(plan.base, len(curve)) + 0.5, color="#bbbbbb", alpha=0.3,
                   label=f"base (b = {plan.base})")
    if result.reached and result.saturated_at is not None:
        s = result.saturated_at
        ax.axvspan(s + 0.5, s + plan.run + 0.5, color="#54a24b", alpha=0.3,
                   label=f"saturating run ({result.notation})")
        note = f"saturation {plan.threshold_text}: {result.notation}"
    else:
        note = f"saturation {plan.threshold_text} not reached: {result.reason}"
    ax.text(0.01, 0.98, note, transform=ax.transAxes, va="top", fontsize=9)
    if labelled:
        ax.set_xticks(x, [f"{p}\n{label}" for p, label in zip(x, curve["interview"],
                                                               strict=True)], fontsize=8)
    else:  # one label per interview would not fit: positions only, chosen by matplotlib
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(axis="x", labelsize=8)
        ax.set_xlim(0.5, len(curve) + 0.5)
    ax.set_xlabel("interview (analysis order)")
    ax.set_ylabel(f"{plan.level}s")
    ax.set_ylim(0, max(1, int(curve["cumulative_unique"].max() if len(curve) else 1)) * 1.15)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="lower right", fontsize=8)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig
