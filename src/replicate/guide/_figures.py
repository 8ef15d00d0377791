"""Figures of the pilot check: a pilot × question coverage heatmap and a talk-share chart.

Both return a :class:`matplotlib.figure.Figure` built without pyplot, so no GUI backend is
needed and no global figure state is touched; the caller saves them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from replicate.guide.analysis import PilotReport

__all__ = ["coverage_heatmap", "talk_share_chart"]


def coverage_heatmap(report: PilotReport) -> Figure:
    """Heatmap of which guide question was asked in which pilot.

    Rows are guide questions in guide order, columns pilots. A cell is dark when the question
    was asked and shows how: ``tag`` or the TF-IDF similarity; never-asked questions are
    marked in the row label.

    Parameters
    ----------
    report : PilotReport
        From :func:`replicate.guide.analyse_pilots`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.colors import ListedColormap  # matplotlib is imported on first use
    from matplotlib.figure import Figure

    cov = report.coverage
    questions = list(dict.fromkeys(cov["question_id"].astype(str)))
    pilots = sorted(set(cov["pilot"].astype(str)))
    grid = np.zeros((len(questions), len(pilots)))
    fig = Figure(figsize=(1.6 + 1.1 * max(1, len(pilots)), 1.0 + 0.35 * max(1, len(questions))))
    ax = fig.add_subplot()
    for r in cov.itertuples():
        i, j = questions.index(str(r.question_id)), pilots.index(str(r.pilot))
        grid[i, j] = 1.0 if r.asked else 0.0
        label = "" if not r.asked else ("tag" if r.method == "tag" else f"{r.similarity:.2f}")
        ax.text(j, i, label or "–", ha="center", va="center", fontsize=8,
                color="white" if r.asked else "black")
    ax.imshow(grid, cmap=ListedColormap(["#f2f2f2", "#2b6a99"]), vmin=0, vmax=1,
              aspect="auto")
    ax.set_xticks(range(len(pilots)), pilots)
    unasked = set(report.unasked)
    ax.set_yticks(range(len(questions)),
                  [f"{q} (never asked)" if q in unasked else q for q in questions])
    ax.set_xlabel("pilot interview")
    ax.set_title("Guide questions asked in the pilots")
    fig.tight_layout()
    return fig


def talk_share_chart(report: PilotReport, *, max_talk_share: float = 0.30) -> Figure:
    """Horizontal bars of the interviewer's talk share per pilot, with the flag line.

    Parameters
    ----------
    report : PilotReport
        From :func:`replicate.guide.analyse_pilots`.
    max_talk_share : float, default=0.30
        Where the dashed reference line is drawn (methodology §2.4 heuristic).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure

    pil = report.pilots.sort_values("pilot")
    fig = Figure(figsize=(6.0, 1.2 + 0.45 * max(1, len(pil))))
    ax = fig.add_subplot()
    names = pil["pilot"].astype(str).tolist()
    shares = pil["talk_share"].astype(float).to_numpy()
    colours = ["#c0392b" if s > max_talk_share else "#2b6a99" for s in shares]
    ax.barh(range(len(names)), shares, color=colours)
    for i, (s, basis) in enumerate(zip(shares, pil["talk_share_basis"], strict=True)):
        ax.text(float(s) + 0.01, i, f"{s:.0%} ({basis})", va="center", fontsize=8)
    ax.axvline(max_talk_share, color="black", linestyle="--", linewidth=1)
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("interviewer share of the interview")
    ax.set_title("Interviewer talk share")
    fig.tight_layout()
    return fig
