"""Figures of the sampling stage, drawn on :class:`matplotlib.figure.Figure` (no pyplot).

* :func:`sample_figure` — eligible pool (grey histogram of ages per gender) against the
  sample (labelled points, or outlined bars for a sample too large to label), one panel
  for students and one for their mentors, with the age-band boundaries dashed.
* :func:`flow_figure` — the recruitment flow (offered → eligible → designed sample →
  invited, when known → interviewed) with the exclusions, reserve, declines and the
  differences between the design and the students interviewed beside it.
* :func:`information_power_figure` — the five information-power ratings as a profile.

Only what is needed to read the figure is drawn; no timestamps or metadata that would make
two renderings of the same design differ.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

__all__ = ["MAX_LABELLED", "PlotData", "flow_figure", "information_power_figure",
           "sample_figure"]

MAX_LABELLED = 60
"""Sample sizes up to which :func:`sample_figure` labels every sampled person."""

_POOL = "#c8ccd2"
_SAMPLE = "#1f5f99"
_GENDERS = ("female", "male", "other")


@dataclass(frozen=True, eq=False)
class PlotData:
    """Arrays behind :func:`sample_figure` (no identifying values; labels are pseudonyms)."""

    pool_gender: np.ndarray
    pool_age: np.ndarray
    sample_gender: np.ndarray
    sample_age: np.ndarray
    labels: tuple[str, ...]
    mentor_pool_gender: np.ndarray
    mentor_pool_age: np.ndarray
    sample_mentor_gender: np.ndarray
    sample_mentor_age: np.ndarray
    student_cuts: tuple[float, ...]
    mentor_cuts: tuple[float, ...]


def _rows(*arrays: np.ndarray) -> list[str]:
    seen = {str(v) for a in arrays for v in a}
    return [g for g in _GENDERS if g in seen] + sorted(seen - set(_GENDERS))


def _panel(ax: Axes, pool_g: np.ndarray, pool_a: np.ndarray, samp_g: np.ndarray,
           samp_a: np.ndarray, labels: Sequence[str], cuts: Sequence[float], title: str) -> None:
    rows = _rows(pool_g, samp_g)
    tallest = 1
    hist: list[tuple[np.ndarray, np.ndarray]] = []
    for g in rows:
        ages, counts = np.unique(np.rint(pool_a[pool_g == g]), return_counts=True)
        hist.append((ages, counts))
        if counts.size:
            tallest = max(tallest, int(counts.max()))
    for r, (ages, counts) in enumerate(hist):
        ax.bar(ages, counts / tallest * 0.7, bottom=r - 0.35, width=0.9, color=_POOL,
               linewidth=0)
    if len(labels) > MAX_LABELLED:
        _sample_outline(ax, rows, samp_g, samp_a, tallest)
    else:
        _sample_points(ax, rows, samp_g, samp_a, labels)
    for c in cuts:
        ax.axvline(c - 0.5 if float(c).is_integer() else c, color="#555555", linestyle="--",
                   linewidth=0.8)
    ax.set_yticks(range(len(rows)), rows)
    ax.set_ylim(-0.5, len(rows) - 0.5 + 0.3)
    ax.set_xlabel("age (years)")
    ax.set_title(title, fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)


def _sample_points(ax: Axes, rows: Sequence[str], samp_g: np.ndarray, samp_a: np.ndarray,
                   labels: Sequence[str]) -> None:
    """One labelled point per sampled person, stacked where ages coincide."""
    stack: dict[tuple[int, float], int] = {}
    for g, a, label in zip(samp_g, samp_a, labels, strict=True):
        r = rows.index(str(g))
        k = stack.get((r, float(a)), 0)
        stack[(r, float(a))] = k + 1
        y = r - 0.2 + 0.22 * k
        ax.plot([a], [y], marker="o", markersize=6, color=_SAMPLE, linestyle="none")
        ax.annotate(label, (a, y), xytext=(5, 0), textcoords="offset points", fontsize=7,
                    va="center", color=_SAMPLE)


def _sample_outline(ax: Axes, rows: Sequence[str], samp_g: np.ndarray, samp_a: np.ndarray,
                    tallest: int) -> None:
    """The sample's ages as outlined bars over the pool's (a large sample, unlabelled)."""
    genders = np.asarray(samp_g).astype(str)
    ages_all = np.rint(np.asarray(samp_a, dtype=np.float64))
    hist = [np.unique(ages_all[genders == g], return_counts=True) for g in rows]
    top = max([tallest, *(int(c.max()) for _, c in hist if c.size)])
    for r, (ages, counts) in enumerate(hist):
        ax.bar(ages, counts / top * 0.7, bottom=r - 0.35, width=0.9, fill=False,
               edgecolor=_SAMPLE, linewidth=0.8)


def sample_figure(data: PlotData) -> Figure:
    """Pool against sample by age and gender, for students and for mentors.

    Up to :data:`MAX_LABELLED` sampled students each is a point labelled with the
    pseudonym; a larger sample is drawn as outlined bars of its ages over the pool's (the
    same scale), since a thousand labels cannot be read.

    Parameters
    ----------
    data : PlotData
        From :class:`replicate.sampling.SampleDesign`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig = Figure(figsize=(10, 4.2), layout="constrained")
    left, right = fig.subplots(1, 2)
    _panel(left, data.pool_gender, data.pool_age, data.sample_gender, data.sample_age,
           data.labels, data.student_cuts, "Students")
    _panel(right, data.mentor_pool_gender, data.mentor_pool_age, data.sample_mentor_gender,
           data.sample_mentor_age, data.labels, data.mentor_cuts,
           "Mentors (labelled by their student)" if len(data.labels) <= MAX_LABELLED
           else "Mentors (of the sampled students)")
    sample = (Patch(facecolor="none", edgecolor=_SAMPLE, label="sample (ages)")
              if len(data.labels) > MAX_LABELLED else
              Line2D([], [], marker="o", color=_SAMPLE, linestyle="none", label="sample"))
    fig.legend(handles=[Patch(color=_POOL, label="eligible pool (ages)"), sample,
                        Line2D([], [], color="#555555", linestyle="--",
                               label="age-band boundary")],
               loc="outside lower center", ncols=3, frameon=False, fontsize=8)
    return fig


def _box(ax: Axes, x: float, y: float, text: str) -> None:
    ax.text(x, y, text, ha="center", va="center", fontsize=8.5,
            bbox={"boxstyle": "round,pad=0.5", "facecolor": "#eef3f8", "edgecolor": _SAMPLE})


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float]) -> None:
    ax.annotate("", xy=end, xytext=start,
                arrowprops={"arrowstyle": "-|>", "color": "#555555", "linewidth": 0.9})


def flow_figure(flow: pd.DataFrame) -> Figure:
    """Draw the recruitment flow.

    Parameters
    ----------
    flow : pandas.DataFrame
        From :func:`replicate.sampling.flow_table` (columns ``step``, ``label``, ``n``,
        ``branch``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    main = flow[flow["branch"] == "main"].reset_index(drop=True)
    by_step = {str(s): (str(lab), int(n)) for s, lab, n in
               zip(flow["step"], flow["label"], flow["n"], strict=True)}
    excluded = flow[flow["branch"] == "excluded"]
    fig = Figure(figsize=(7.5, 1.3 * len(main) + 0.6), layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.6, len(main) - 0.4)
    ys = {str(s): len(main) - 1 - i for i, s in enumerate(main["step"])}
    for step, level in ys.items():
        label, n = by_step[step]
        _box(ax, 0.3, level, f"{label.capitalize()}\n(n = {n})")
    steps = list(ys)
    for a, b in itertools.pairwise(steps):
        _arrow(ax, (0.3, ys[a] - 0.22), (0.3, ys[b] + 0.22))
    side = {"eligible": "\n".join(
        [f"Excluded (n = {int(excluded['n'].sum())})"]
        + [f"{lab.removeprefix('excluded: ')}: {n}" for lab, n in
           zip(excluded["label"], excluded["n"], strict=True)]) if len(excluded) else ""}
    for step, beside in (("invited", ("declined",)), ("selected", ("reserve",)),
                         ("interviewed", ("not_in_design", "not_interviewed"))):
        shown = [f"{by_step[b][0].capitalize()} (n = {by_step[b][1]})" for b in beside
                 if b in by_step and by_step[b][1] > 0]
        if shown:
            side[step] = "\n".join(shown)
    for step, content in side.items():
        if not content or step not in ys:
            continue
        beside_box = step != "eligible"
        # exclusions leave between offered and eligible; the rest sit beside their step
        at = ys[step] + (0.5 if step == "eligible" else 0.0)
        ax.annotate(content, xy=(0.37 if beside_box else 0.3, at), xytext=(0.74, at),
                    ha="center", va="center", fontsize=8,
                    bbox={"boxstyle": "round,pad=0.5", "facecolor": "white",
                          "edgecolor": "#888888"},
                    arrowprops={"arrowstyle": "<|-", "color": "#555555", "linewidth": 0.9})
    return fig


def information_power_figure(profile: pd.DataFrame) -> Figure:
    """Draw the information-power profile: one row per dimension, rating −1/0/+1.

    Parameters
    ----------
    profile : pandas.DataFrame
        From :func:`replicate.sampling.information_power`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig = Figure(figsize=(8, 0.55 * len(profile) + 1.2), layout="constrained")
    ax = fig.add_subplot()
    n = len(profile)
    recs = zip(profile["rating"].tolist(), profile["fewer_pole"].tolist(),
               profile["more_pole"].tolist(), strict=True)
    for i, (rating, fewer, more) in enumerate(recs):
        y = n - 1 - i
        ax.plot([-1, 1], [y, y], color=_POOL, linewidth=3, solid_capstyle="round")
        ax.plot([float(rating)], [y], marker="o", markersize=9, color=_SAMPLE)
        ax.text(-1.08, y, str(fewer), ha="right", va="center", fontsize=8)
        ax.text(1.08, y, str(more), ha="left", va="center", fontsize=8)
    ax.set_yticks(range(n), list(profile["dimension"])[::-1])
    ax.set_xticks([-1, 0, 1], ["fewer\nparticipants", "neither", "more\nparticipants"])
    ax.set_xlim(-2.1, 2.1)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_title("Information power (a profile for reflection, not a score)", fontsize=10)
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.tick_params(axis="y", length=0)
    return fig
