"""Category prevalence by participant attributes (the paper's "aspects of age and gender").

Kalén et al. summarised students' views related to age and gender separately from the
themes. Here prevalence means the number of participants in a group with at least one
meaning unit in a category. With interview samples of about 12 every cell is small, so
counts are given with their group size, never as bare percentages, and cells below ``k``
participants (default 5, a common small-cell rule in disclosure control [D]) carry a caution
flag and can be suppressed. They describe who said what; they are not estimates of rates.

Age bands [D]: explicit integer cut-points (``[25, 30]`` → ``<25``, ``25–29``, ``30+``), or by
default a median split of the participants' ages (two bands, ``<m`` and ``m+`` with ``m`` the
median rounded up), because tertiles of 12 people leave cells of four.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import pandas as pd

from replicate.errors import ConfigError
from replicate.synthesis._util import check_not_identifying

__all__ = [
    "DEFAULT_SUBGROUPS",
    "age_band",
    "age_band_labels",
    "default_age_edges",
    "prevalence_wide",
    "subgroup_prevalence",
]

#: Attributes compared by default when the attribute frame can provide them.
DEFAULT_SUBGROUPS = ("gender", "mentor_gender", "age_band", "mentor_age_band")

_DERIVED = {"age_band": "age", "mentor_age_band": "mentor_age"}
_MISSING = "missing"
PREVALENCE_COLUMNS = (
    "attribute", "group", "n_group", "category", "n_with", "pct_with", "small_cell",
)


def age_band_labels(edges: Sequence[int]) -> tuple[str, ...]:
    """Band labels for ascending integer cut-points, youngest first.

    Examples
    --------
    >>> age_band_labels([25, 30])
    ('<25', '25–29', '30+')
    """
    edges = [int(e) for e in edges]
    if not edges:
        return ("all ages",)
    inner = [f"{lo}–{hi - 1}" if hi - 1 > lo else f"{lo}" for lo, hi in
             pairwise(edges)]
    return (f"<{edges[0]}", *inner, f"{edges[-1]}+")


def age_band(age: object, edges: Sequence[int]) -> str:
    """The band label of ``age`` (``"missing"`` when the age is missing).

    Raises
    ------
    ConfigError
        If ``edges`` are not strictly ascending.
    """
    edges = [int(e) for e in edges]
    if any(b <= a for a, b in pairwise(edges)):
        raise ConfigError(
            f"age band cut-points {edges} must be strictly ascending whole numbers",
            location="synthesis.age_bands",
        )
    if age is None or age is pd.NA or (isinstance(age, float) and math.isnan(age)):
        return _MISSING
    labels = age_band_labels(edges)
    return labels[int(np.searchsorted(edges, float(str(age)), side="right"))]


def default_age_edges(ages: Sequence[object]) -> list[int]:
    """Median split: one cut-point at the median age rounded up (``[]`` if all ages equal)."""
    values = pd.to_numeric(pd.Series(list(ages), dtype=object), errors="coerce").dropna()
    if values.empty or values.min() == values.max():
        return []
    cut = math.ceil(float(values.median()))
    if cut <= values.min():
        cut = int(values.min()) + 1
    return [cut]


def _group_label(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return _MISSING
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    return str(value).strip() or _MISSING


def _group_values(
    attributes: pd.DataFrame, name: str, edges: dict[str, Sequence[int] | None]
) -> tuple[pd.Series, list[str]]:
    """Group label per participant and the label order for ``name``."""
    if name in _DERIVED:
        source = attributes[_DERIVED[name]]
        cuts = edges.get(name)
        cuts = default_age_edges(list(source)) if cuts is None else list(cuts)
        labels = pd.Series([age_band(v, cuts) for v in source], index=attributes.index)
        order = [*age_band_labels(cuts), _MISSING]
    else:
        labels = pd.Series([_group_label(v) for v in attributes[name]], index=attributes.index)
        order = [*sorted(set(labels) - {_MISSING}), _MISSING]
    return labels, [g for g in order if g in set(labels)]


def subgroup_prevalence(
    matrix: pd.DataFrame,
    attributes: pd.DataFrame,
    *,
    by: Sequence[str] | None = None,
    min_cell: int = 5,
    suppress: bool = False,
    age_edges: Sequence[int] | None = None,
    mentor_age_edges: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Participants with ≥ 1 unit in each category, by group of each attribute.

    Parameters
    ----------
    matrix : pandas.DataFrame
        Participant × category unit counts (:func:`replicate.synthesis.participant_matrix`).
    attributes : pandas.DataFrame
        Indexed by pseudonym (aligned with ``matrix``): ``gender``, ``age``,
        ``mentor_gender``, ``mentor_age`` and any configured extras.
    by : sequence of str or None, default=None
        Attributes to compare; ``age_band`` and ``mentor_age_band`` are derived from ``age``
        and ``mentor_age``. Default: those of :data:`DEFAULT_SUBGROUPS` the frame can provide.
    min_cell : int, default=5
        ``k``: a cell is small when its group or its count has fewer than ``k`` participants.
    suppress : bool, default=False
        Blank (``<NA>``) the counts and percentages of small cells.
    age_edges, mentor_age_edges : sequence of int or None
        Age band cut-points; default median split.

    Returns
    -------
    pandas.DataFrame
        Columns ``attribute, group, n_group, category, n_with, pct_with, small_cell``;
        attributes in ``by`` order, groups in band or sorted order (``missing`` last),
        categories in matrix column order.

    Raises
    ------
    ConfigError
        If a requested attribute is not available or ``min_cell`` < 1.
    PrivacyError
        If a requested attribute is an identifying column.
    """
    if min_cell < 1:
        raise ConfigError(f"min_cell is {min_cell}; allowed: ≥ 1",
                          location="synthesis.min_cell")
    available = set(attributes.columns) | {d for d, s in _DERIVED.items()
                                           if s in attributes.columns}
    if by is None:
        names = [a for a in DEFAULT_SUBGROUPS if a in available]
    else:
        names = list(dict.fromkeys(by))
        check_not_identifying(names, what="the subgroup list")
        unknown = [a for a in names if a not in available]
        if unknown:
            raise ConfigError(
                f"subgroup attribute(s) {', '.join(unknown)} not found; available: "
                f"{', '.join(sorted(available)) or 'none'}",
                location="synthesis.subgroups",
            )
    attrs = attributes.reindex(matrix.index)
    present = matrix > 0
    edges: dict[str, Sequence[int] | None] = {
        "age_band": age_edges, "mentor_age_band": mentor_age_edges,
    }
    rows = []
    for name in names:
        labels, order = _group_values(attrs, name, edges)
        for group in order:
            members = labels.index[labels == group]
            n_group = len(members)
            for cat in matrix.columns:
                n_with = int(present.loc[members, cat].sum())
                pct = round(100 * n_with / n_group, 1) if n_group else float("nan")
                small = n_group < min_cell or n_with < min_cell
                rows.append((name, group, n_group, str(cat), n_with, pct, small))
    frame = pd.DataFrame(rows, columns=list(PREVALENCE_COLUMNS))
    frame["n_with"] = frame["n_with"].astype("Int64")
    frame["pct_with"] = frame["pct_with"].astype("Float64")
    if suppress:
        frame.loc[frame["small_cell"], ["n_with", "pct_with"]] = pd.NA
    return frame


def prevalence_wide(prevalence: pd.DataFrame, *, caution_mark: str = "*") -> pd.DataFrame:
    """Display layout: one row per category, one column per attribute group.

    Parameters
    ----------
    prevalence : pandas.DataFrame
        Output of :func:`subgroup_prevalence`.
    caution_mark : str, default="*"
        Appended to small cells.

    Returns
    -------
    pandas.DataFrame
        Index ``category``; columns ``"<attribute>: <group> (n=<n_group>)"``; cells
        ``"n_with/n_group"`` (``"–"`` when suppressed) with the caution mark on small cells.
    """
    cells = []
    for row in prevalence.to_dict("records"):
        n_with, n_group = row["n_with"], int(row["n_group"])
        count = "–" if pd.isna(n_with) else f"{int(n_with)}/{n_group}"
        cells.append((str(row["category"]), f"{row['attribute']}: {row['group']} (n={n_group})",
                      count + (caution_mark if row["small_cell"] else "")))
    frame = pd.DataFrame(cells, columns=["category", "column", "cell"])
    columns = list(dict.fromkeys(frame["column"]))
    index = list(dict.fromkeys(frame["category"]))
    wide = frame.pivot(index="category", columns="column", values="cell")
    return wide.reindex(index=index, columns=columns)
