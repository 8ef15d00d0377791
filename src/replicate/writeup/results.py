"""Results: the theme hierarchy (the original's Table 1), per-theme findings with codebook
descriptions and quotes, the theme map, aspects of age and gender, code saturation and the
comparison with the original.

Content analysis results are presented as the categories' content described through their
subcategories and linked to the data by quotations (Elo & Kyngäs 2008, "reporting"; COREQ
25, 29–32; SRQR S16–S17). Everything is read from stage 40's artifacts and the codebook; the
prose describing each category is the authors' (``<author_dir>/results/<category>.md``),
included under its category, or listed as still to complete.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from replicate.writeup import markdown as md
from replicate.writeup.aspects import aspects_section
from replicate.writeup.evidence import Evidence, author_part
from replicate.writeup.outline import Outline

__all__ = ["comparison_section", "results_section", "theme_order"]

S10, S40 = "10_sampling_design", "40_theme_synthesis"
THEME_MAP = "artifacts/40_theme_synthesis-theme_map.png"
DISCOVERY = "artifacts/40_theme_synthesis-code_discovery.png"


def _filled(table1: pd.DataFrame) -> pd.DataFrame:
    """Table 1 with the blank (repeated) theme and category cells filled in."""
    out = table1.copy()
    for col in ("theme", "category"):
        out[col] = out[col].replace("", pd.NA).ffill().fillna("")
    return out


def theme_order(ev: Evidence) -> list[tuple[str, list[str]]]:
    """Themes with their categories in Table 1 order, from stage 40's summary."""
    return [(str(t["theme"]), [str(c) for c in t["categories"]])
            for t in ev.value(S40, "themes")]


def _count(ev: Evidence, level: str, **where: str) -> tuple[int, int]:
    counts = ev.table(S40, "counts")
    sel = counts[counts["level"] == level]
    for col, val in where.items():
        sel = sel[sel[col] == val]
    if sel.empty:
        return 0, 0
    return int(sel["n_participants"].iloc[0]), int(sel["n_units"].iloc[0])


def _codes(ev: Evidence, subcategory: str, category: str) -> list[tuple[str, str]]:
    cb = ev.codebook
    if cb is None:
        return []
    sel = cb[(cb["subcategory"] == subcategory) & (cb["category"] == category)]
    desc = sel["description"] if "description" in sel.columns else pd.Series("", index=sel.index)
    return [(str(c), "" if pd.isna(d) else str(d)) for c, d in zip(sel["code"], desc,
                                                                  strict=True)]


def _quotes(ev: Evidence, theme: str, category: str) -> str:
    t = ev.text
    quotes = ev.table(S40, "quotes")
    sel = quotes[(quotes["theme"] == theme) & (quotes["category"] == category)]
    out = []
    for q in sel.sort_values("rank", kind="mergesort").itertuples():
        out.append(f"> {md.escape(q.text)}\n>\n> {md.escape(t.attribution(q.attribution))}\n\n")
    return "".join(out)


def _narrative(ev: Evidence, out: Outline, category: str) -> str:
    """The authors' description of a category, or the marker naming its file."""
    part = ev.category_parts.get(category)
    if part is None:  # pragma: no cover - every category of stage 40 has a part
        return ""
    what = ev.text("todo.category", category=category)
    if part in ev.author_text:
        return author_part(ev, out, part, "results", below=4, what=what)
    return ev.text("results.narrative", todo=author_part(
        ev, out, part, "results", below=4, what=what, inline=True)) + "\n\n"


def _theme(ev: Evidence, out: Outline, theme: str, categories: list[str], n_all: int) -> str:
    t = ev.text
    parts = [md.heading(3, t("results.theme", theme=theme))]
    n, units = _count(ev, "theme", theme=theme)
    parts.append(t("results.theme_counts", n=t.fmt(n, "count"), total=t.fmt(n_all, "count"),
                   units=t.fmt(units, "count")) + " ")
    desc = ev.config.synthesis.theme_descriptions.get(theme)
    if desc:
        parts.append(md.escape(desc))
    parts[-1] = parts[-1].rstrip() + "\n\n"
    table1 = _filled(ev.table(S40, "table1"))
    for category in categories:
        n, units = _count(ev, "category", theme=theme, category=category)
        parts.append(md.heading(4, t("results.category", category=category)))
        parts.append(_narrative(ev, out, category))
        parts.append(t("results.category_counts", n=t.fmt(n, "count"),
                       total=t.fmt(n_all, "count"), units=t.fmt(units, "count")) + "\n\n")
        subs = table1[(table1["theme"] == theme) & (table1["category"] == category)]
        items = []
        for sub in subs["subcategory"]:
            sn, su = _count(ev, "subcategory", theme=theme, category=category, subcategory=sub)
            counted = t("results.sub_counts", n=t.fmt(sn, "count"), units=t.fmt(su, "count"))
            line = f"**{md.escape(sub)}** ({counted})"
            codes = _codes(ev, str(sub), category)
            if codes:
                line += "\n" + "\n".join(
                    f"  - *{md.escape(code)}*" + (f": {md.escape(d)}" if d else "")
                    for code, d in codes)
            items.append(line)
        parts.append(md.bullet_list(items))
        parts.append(_quotes(ev, theme, category))
    return "".join(parts)


def _theme_map_alt(ev: Evidence) -> str:
    t = ev.text
    listed = "; ".join(f"{theme} ({', '.join(cats)})" for theme, cats in theme_order(ev))
    return t("fig.theme_map_alt", n=t.fmt(len(theme_order(ev)), "count"), themes=listed)


def _saturation(ev: Evidence, out: Outline) -> str:
    t = ev.text
    sat = ev.value(S40, "saturation")
    parts = [out.heading("saturation")]
    threshold = ev.num("saturation_threshold", S40, "saturation.threshold", "pct")
    if sat.get("reached"):
        parts.append(t("sat.reached", threshold=threshold,
                       notation=ev.num("saturation_point", S40, "saturation.notation", "text"),
                       base=ev.num("saturation_base", S40, "saturation.base"),
                       run=ev.num("saturation_run", S40, "saturation.run"),
                       n=ev.num("saturation_interviews", S40, "saturation.n_interviews"),
                       new=ev.num("saturation_new_in_run", S40, "saturation.new_in_run"),
                       base_codes=ev.num("saturation_base_codes", S40,
                                         "saturation.base_unique")))
        ev.num("saturation_at", S40, "saturation.saturated_at")
    else:
        ev.register("saturation_point", None, S40, "saturation.notation")
        parts.append(t("sat.not_reached", threshold=threshold,
                       n=ev.num("saturation_interviews", S40, "saturation.n_interviews"),
                       reason=md.escape(sat.get("reason") or t("na"))))
    grid = ev.value(S40, "saturation_sensitivity")
    reached = sum(1 for g in grid if g.get("reached"))
    ev.register("saturation_grid_reached", reached, S40,
                "saturation_sensitivity[*].reached (count of true)")
    parts.append(" " + t("sat.grid", reached=t.fmt(reached, "count"),
                         n=t.fmt(len(grid), "count")))
    order = ev.value(S40, "saturation_order") or {}  # None when no permutations were run
    if order.get("n_permutations"):
        text = t("sat.order_share", n=ev.num("saturation_permutations", S40,
                                             "saturation_order.n_permutations"),
                 share=ev.num("saturation_order_share", S40,
                              "saturation_order.share_reached", "pct"))
        if order.get("median_notation"):
            text += t("sat.order_median", median=md.escape(ev.num(
                "saturation_order_median", S40, "saturation_order.median_notation", "text")))
        parts.append(" " + text + ".")
    parts.append(" " + t("sat.caveat") + "\n\n")
    parts.append(f"![{t('fig.discovery_alt')}]({DISCOVERY})\n\n")
    parts.append(out.caption("figure", t("fig.discovery"), source=DISCOVERY))
    power = ev.value(S10, "information_power")
    if power:
        parts.append(t("sat.power") + "\n\n")
        rows = [(t.label("ip", p.get("key")), t.label("lean", p.get("rating")),
                 p.get("justification", "")) for p in power]
        parts.append(md.table([t("col.dimension"), t("col.leaning"), t("col.justification")],
                              rows))
        parts.append(t("sat.power_author", todo=out.todo(
            "information_power", "saturation", ev.author_hint("discussion")))
            + "\n\n")
    return "".join(parts)


def results_section(ev: Evidence, out: Outline) -> str:
    """The Results section: Table 1 equivalent, theme map, themes (with the authors'
    description of each category), aspects of age and gender, saturation, comparison.

    Parameters
    ----------
    ev : Evidence
    out : Outline

    Returns
    -------
    str
        Markdown.
    """
    t = ev.text
    n_all = int(ev.value(S40, "n_participants"))
    themes = theme_order(ev)
    parts = [out.heading("results")]
    parts.append(t("results.intro",
                   themes=t.n(ev.num("n_themes", S40, "n_themes"), "theme"),
                   categories=t.n(ev.num("n_categories", S40, "n_categories"), "category"),
                   subcategories=t.n(ev.num("n_subcategories", S40, "n_subcategories"),
                                     "subcategory"),
                   codes=t.n(ev.num("n_codes", S40, "n_codes"), "code"),
                   units=t.n(ev.num("n_units", S40, "n_units"), "unit"),
                   n=t.n(ev.num("n_participants", S40, "n_participants"), "participant"),
                   names=t.join(md.escape(name) for name, _ in themes)) + "\n\n")
    parts.append(out.caption("table", t("table.themes"),
                             source=f"artifacts/{S40}-table1.csv"))
    rows = [(r.theme, r.category, r.subcategory, r.n_participants, r.n_units)
            for r in ev.table(S40, "table1").itertuples()]
    parts.append(md.table([t("col.theme"), t("col.category"), t("col.subcategory"),
                           t("col.participants"), t("col.units")], rows))
    parts.append(f"![{md.escape(_theme_map_alt(ev))}]({THEME_MAP})\n\n")
    parts.append(out.caption("figure", t("fig.theme_map"), source=THEME_MAP))
    for theme, categories in themes:
        parts.append(_theme(ev, out, theme, categories, n_all))
    if not all(ev.config.synthesis.theme_descriptions.get(name) for name, _ in themes):
        out.todo("theme_interpretation", "results", "synthesis.theme_descriptions")
    parts.append(aspects_section(ev, out, [c for _, cats in themes for c in cats]))
    parts.append(_saturation(ev, out))
    parts.append(comparison_section(ev, out))
    return "".join(parts)


def _status_counts(ev: Evidence) -> dict[str, Any]:
    return {level: {s: ev.text.n(ev.num(f"comparison_{level}_{s}", S40,
                                        f"comparison.{level}.{s}"), level)
                    for s in ("replicated", "absent", "new")}
            for level in ("theme", "category", "subcategory")}


def _fact_cell(ev: Evidence, fact: str, shown: object) -> object:
    """A cell of the facts table, filled from stage 10 where stage 40 had no value."""
    if fact == "eligible (N)" and str(shown) == "not given":
        return ev.num("n_eligible", S10, "n_eligible")
    return shown


def comparison_section(ev: Evidence, out: Outline) -> str:
    """The comparison with Kalén, Ponzer & Silén (2012): facts and Table 1 correspondence."""
    t = ev.text
    counts = _status_counts(ev)
    parts = [out.heading("comparison")]
    parts.append(t("cmp.intro", **{f"{lv}_{s}": counts[lv][s] for lv in counts
                                   for s in counts[lv]}) + " ")
    new = ev.value(S40, "comparison_new_subcategories")
    if new:
        parts.append(t("cmp.new", names=t.join(md.escape(n) for n in new)) + " ")
    minor = ev.table(S40, "minor_subcategories")
    if len(minor):
        parts.append(t("cmp.minor", names=t.join(md.escape(s) for s in minor["subcategory"]))
                     + " ")
    if not ev.value(S40, "mapping_confirmed"):
        proposed = ev.summaries[S40].get("mapping_proposed")
        parts.append(t("cmp.unconfirmed_some", names=t.join(md.escape(x) for x in proposed))
                     if proposed else t("cmp.unconfirmed"))
    parts.append("\n\n" + out.caption("table", t("table.facts"),
                                      source=f"artifacts/{S40}-facts_comparison.csv"))
    facts = ev.table(S40, "facts_comparison")
    parts.append(md.table([t("col.fact"), t("col.original"), t("col.this_cohort")],
                          [(t.label("fact_row", r.fact), t.datum(r.original),
                            t.datum(_fact_cell(ev, str(r.fact), r.new_cohort)))
                           for r in facts.itertuples()]))
    parts.append(out.caption("table", t("table.correspondence"),
                             source=f"artifacts/{S40}-comparison.csv"))
    comp = ev.table(S40, "comparison")
    parts.append(md.table(
        [t("col.level"), t("col.original"), t("col.this_cohort"), t("col.status"),
         t("col.participants")],
        [(t.label("level_name", r.level), r.original, r.new, t.label("status", r.status),
          r.n_participants) for r in comp.itertuples()]))
    return "".join(parts)
