"""The themes drawn as an educational process, like Fig. 1 of Kalén et al. (2012).

The original presents its three themes as linked steps: Space (the condition the university
organises), Belief in the future (what the mentor brings) and Transition (what happens within
the student). This module draws any cohort's themes the same way: one box per theme, in
sequence, joined by arrows, each box holding the theme's role in the process (from the
config's descriptions) and its categories (from the hierarchy). Elo & Kyngäs (2008) recommend
reporting the result of inductive content analysis as such a model or conceptual map.

References
----------
Kalén S, Ponzer S, Silén C. Adv Health Sci Educ 2012;17(3):389–401, Fig. 1.
Elo S, Kyngäs H. The qualitative content analysis process. J Adv Nurs 2008;62(1):107–115.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from replicate.errors import ConfigError
from replicate.reference import OriginalStudy
from replicate.synthesis.hierarchy import Hierarchy

__all__ = ["original_process_descriptions", "theme_map_figure"]

_BOX_W, _GAP, _LINE = 3.0, 1.2, 0.32


def original_process_descriptions(original: OriginalStudy) -> dict[str, tuple[str, ...]]:
    """The original's Fig. 1 roles per theme (paraphrased), for use as ``descriptions``."""
    return {t.name: t.process for t in original.themes}


def _lines(text: str | Sequence[str], width: int) -> list[str]:
    items = [text] if isinstance(text, str) else list(text)
    return [line for item in items for line in textwrap.wrap(str(item), width) or [""]]


def theme_map_figure(
    hierarchy: Hierarchy,
    *,
    descriptions: Mapping[str, str | Sequence[str]] | None = None,
    order: Sequence[str] | None = None,
    show_categories: bool = True,
    reciprocal: bool = False,
    title: str | None = None,
    wrap: int = 32,
) -> Figure:
    """Draw the themes as a process: boxes in sequence joined by arrows.

    Parameters
    ----------
    hierarchy : Hierarchy
    descriptions : mapping of str to str or sequence of str, or None, default=None
        Each theme's role in the process (one string or several short lines).
    order : sequence of str or None, default=None
        Theme order; default the codebook order (e.g. Space → Belief in the future →
        Transition).
    show_categories : bool, default=True
        List each theme's categories in its box.
    reciprocal : bool, default=False
        Double-headed arrows (the paper speaks of reciprocal connections).
    title : str or None, default=None
    wrap : int, default=32
        Characters per line inside a box.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ConfigError
        If ``order`` or ``descriptions`` names a theme the hierarchy does not have, or
        ``order`` repeats or omits one.
    """
    themes = list(order) if order is not None else list(hierarchy.themes)
    if sorted(themes) != sorted(hierarchy.themes):
        raise ConfigError(
            f"theme order {themes} must list each theme exactly once; themes: "
            f"{', '.join(hierarchy.themes)}",
            location="synthesis.theme_map.order",
        )
    descriptions = descriptions or {}
    unknown = sorted(set(descriptions) - set(hierarchy.themes))
    if unknown:
        raise ConfigError(
            f"descriptions given for unknown theme(s) {', '.join(unknown)}; themes: "
            f"{', '.join(hierarchy.themes)}",
            location="synthesis.theme_map.descriptions",
        )

    blocks = []
    for theme in themes:
        head = _lines(theme.upper(), wrap - 6)
        desc = _lines(descriptions.get(theme, ()), wrap)
        cats = [f"• {line}" if i == 0 else f"  {line}"
                for c in (hierarchy.categories_of(theme) if show_categories else ())
                for i, line in enumerate(_lines(c, wrap - 2))]
        blocks.append((head, desc, cats))
    n_lines = max((len(h) + len(d) + len(c) + (1 if c else 0)) for h, d, c in blocks)
    height = max(2.0, n_lines * _LINE + 0.8)
    width = len(themes) * _BOX_W + (len(themes) - 1) * _GAP

    fig = Figure(figsize=(max(6.0, width * 1.05), max(2.5, height * 0.95)))
    ax = fig.add_subplot()
    ax.set_xlim(-0.2, width + 0.2)
    ax.set_ylim(-0.2, height + 0.2)
    ax.axis("off")
    for k, (head, desc, cats) in enumerate(blocks):
        x0 = k * (_BOX_W + _GAP)
        ax.add_patch(FancyBboxPatch((x0, 0), _BOX_W, height, boxstyle="round,pad=0.05",
                                    facecolor="#eef3f8", edgecolor="#34557a", linewidth=1.4))
        y = height - 0.45
        for line in head:
            ax.text(x0 + _BOX_W / 2, y, line, ha="center", va="center", fontsize=11,
                    fontweight="bold", color="#1f3550")
            y -= _LINE
        for line in desc:
            ax.text(x0 + _BOX_W / 2, y, line, ha="center", va="center", fontsize=9,
                    style="italic")
            y -= _LINE
        if cats:
            y -= _LINE / 2
        for line in cats:
            ax.text(x0 + 0.2, y, line, ha="left", va="center", fontsize=9)
            y -= _LINE
        if k:
            ax.add_patch(FancyArrowPatch(
                (x0 - _GAP + 0.1, height / 2), (x0 - 0.1, height / 2),
                arrowstyle="<|-|>" if reciprocal else "-|>", mutation_scale=18,
                color="#34557a", linewidth=1.6,
            ))
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig
