"""Results › Aspects of age and gender: stage 40's subgroup counts, and the authors' reading.

Kalén et al. (2012) reported aspects of age and gender beside their themes. Stage 40 counts,
for each category, the participants of each group (their gender and age band, their
mentors' gender and age band) with at least one meaning unit in it
(:func:`replicate.synthesis.subgroup_prevalence`); rare categories are merged and small
cells flagged, or blanked with ``privacy.suppress_small_cells``, before the table is written
(``privacy.min_cell``). This section shows that table as it is, says what the counts are and
are not, and includes the authors' reading of what the participants said about age and
gender (``<author_dir>/age-and-gender.md``); nothing here is inferred from the counts.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from replicate.writeup import markdown as md
from replicate.writeup.evidence import Evidence, author_part
from replicate.writeup.outline import Outline

__all__ = ["ATTRIBUTES", "aspects_section"]

S40 = "40_theme_synthesis"
#: The subgroup attributes of stage 40 that are about age and gender, in the order shown.
ATTRIBUTES = ("gender", "age_band", "mentor_gender", "mentor_age_band")
_GENDERED = ("gender", "mentor_gender")


def _is_true(value: object) -> bool:
    return str(value).strip().lower() in ("true", "1", "yes")


def _group(ev: Evidence, attribute: str, group: object) -> str:
    t = ev.text
    value = str(group)
    if value == "missing":
        shown = t("sub.missing")
    elif attribute in _GENDERED:
        shown = t.gender(value)
    else:
        shown = value
    return f"{t.label('subrow', attribute)}: {shown}"


def _blank(value: Any) -> bool:
    """A count stage 40 left out (small-cell suppression): empty in the CSV."""
    return bool(pd.isna(value)) or str(value).strip() in ("", "<NA>", "nan")


def _cell(n_with: Any, n_group: int, small: bool) -> str:
    count = "–" if _blank(n_with) else f"{int(float(str(n_with)))}/{n_group}"
    return count + ("\\*" if small else "")


def aspects_section(ev: Evidence, out: Outline, categories: list[str]) -> str:
    """The section: what was counted, the table by group and category, the authors' text.

    Parameters
    ----------
    ev : Evidence
    out : Outline
    categories : list of str
        The categories in Table 1 order (the table's columns).

    Returns
    -------
    str
        Markdown.
    """
    t = ev.text
    parts = [out.heading("age_gender")]
    table = ev.table(S40, "subgroup_prevalence")
    rows = table[table["attribute"].astype(str).isin(ATTRIBUTES)]
    if rows.empty:
        parts.append(t("aspects.none") + "\n\n")
    else:
        attributes = [a for a in ATTRIBUTES if a in set(rows["attribute"].astype(str))]
        parts.append(t("aspects.intro", attributes=t.join(t.label("sub", a)
                                                          for a in attributes)) + " ")
        small = rows["small_cell"].map(_is_true)
        if small.any():
            # stage 40's threshold: the larger of the two settings
            own, shared = ev.config.synthesis.min_cell, ev.config.privacy.min_cell
            key = "synthesis.min_cell" if own >= shared else "privacy.min_cell"
            k = max(own, shared)
            ev.config_num("subgroup_min_cell", key)
            blanked = any(_blank(v) for v in rows["n_with"])
            parts.append(t("aspects.small", k=t.fmt(k, "count"))
                         + (t("aspects.suppressed") if blanked else "") + ".")
        parts.append("\n\n" + out.caption("table", t("table.aspects"),
                                          source=f"artifacts/{S40}-subgroup_prevalence.csv"))
        body = []
        for (attribute, group), sel in rows.groupby(["attribute", "group"], sort=False):
            n_group = int(sel["n_group"].iloc[0])
            by_cat = {str(r.category): _cell(r.n_with, n_group, _is_true(r.small_cell))
                      for r in sel.itertuples()}
            body.append([md.escape(_group(ev, str(attribute), group)), t.fmt(n_group, "count"),
                         *(by_cat.get(c, "") for c in categories)])
        parts.append(md.raw_table([md.escape(t("col.group")), md.escape(t("col.n_group")),
                                   *(md.escape(c) for c in categories)], body))
    if "age_gender" in ev.author_text:
        parts.append(author_part(ev, out, "age_gender", "age_gender", below=3))
    else:
        parts.append(t("aspects.authors", todo=author_part(
            ev, out, "age_gender", "age_gender", below=3, inline=True)) + "\n\n")
    return "".join(parts)
