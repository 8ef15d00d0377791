"""Batch pages: the status index of a batch and the multi-site view.

The multi-site view sets cohorts side by side from their stage artifacts (it never
recomputes): a cohort × original-subcategory matrix (replicated / absent / new), agreement
figures, sample sizes and the gender/age split.

Artifact keys read (written by the stage functions):

* ``40_theme_synthesis.json``: ``facts.n_interviewed``, ``facts.n_female``, ``facts.n_male``,
  ``facts.age_min``, ``facts.age_max`` (the interviewed participants)
* ``30_coding_reliability.json``: ``overall.percent_agreement``, ``overall.cohen_kappa``,
  ``overall.krippendorff_alpha``
* ``40_theme_synthesis.json``: ``comparison_by_subcategory`` (original label → status),
  ``comparison_new_subcategories`` (labels of new subcategories)
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from replicate.reference import load_original
from replicate.report import page

__all__ = ["multisite_rows", "render_batch_index", "render_multisite"]


def _load(report: Path, stage: str) -> dict[str, Any]:
    try:
        data = json.loads((report / "artifacts" / f"{stage}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def render_batch_index(outcomes: Sequence[Any]) -> str:
    """``reports/index.html``: one row per cohort with status, duration and failure."""
    rows = []
    for o in outcomes:
        link = (f'<a href="{html.escape(o.report)}">{html.escape(o.study_id or "")}</a>'
                if o.report else html.escape(o.study_id or "—"))
        rows.append(
            f"<tr><td>{link}</td><td>{html.escape(o.status)}</td><td>{o.seconds:.1f} s</td>"
            f"<td>{html.escape(o.stage or '')}</td><td>{html.escape(o.message or '')}</td>"
            f"<td><code>{html.escape(Path(o.config).name)}</code></td></tr>")
    n_ok = sum(o.status == "ok" for o in outcomes)
    body = (
        "<h1>Batch summary</h1>"
        f"<p>{n_ok} of {len(outcomes)} cohorts succeeded. "
        '<a href="multisite.html">Multi-site view</a> · <code>batch.json</code></p>'
        "<table><thead><tr><th>cohort</th><th>status</th><th>duration</th><th>failed stage</th>"
        "<th>message</th><th>config</th></tr></thead><tbody>"
        + "".join(rows) + "</tbody></table>"
    )
    return page("Batch summary", body)


def multisite_rows(out: Path, study_ids: Sequence[str]) -> tuple[list[list[str]], list[str]]:
    """The subcategory matrix: rows of original labels, one column per cohort, plus new ones."""
    original = [s for t in load_original().themes for c in t.categories for s in c.subcategories]
    rows = []
    extra: list[str] = []
    comps = {sid: _load(out / sid, "40_theme_synthesis") for sid in study_ids}
    for label in original:
        cells = [_fmt(comps[s].get("comparison_by_subcategory", {}).get(label))
                 for s in study_ids]
        rows.append([label, *cells])
    for sid in study_ids:
        for label in comps[sid].get("comparison_new_subcategories", []):
            extra.append(f"{sid}: {label}")
    return rows, extra


def render_multisite(out: Path, study_ids: Sequence[str]) -> str:
    """``reports/multisite.html``: the cohorts side by side."""
    ids = sorted(study_ids)
    head = "".join(f"<th>{html.escape(s)}</th>" for s in ids)
    facts = []
    for label, stage, path, digits in (
        ("participants (n)", "40_theme_synthesis", ("facts", "n_interviewed"), 0),
        ("women", "40_theme_synthesis", ("facts", "n_female"), 0),
        ("men", "40_theme_synthesis", ("facts", "n_male"), 0),
        ("youngest", "40_theme_synthesis", ("facts", "age_min"), 0),
        ("oldest", "40_theme_synthesis", ("facts", "age_max"), 0),
        ("eligible (n)", "10_sampling_design", ("n_eligible",), 0),
        ("percent agreement", "30_coding_reliability", ("overall", "percent_agreement"), 3),
        ("Cohen's kappa", "30_coding_reliability", ("overall", "cohen_kappa"), 3),
        ("Krippendorff's alpha", "30_coding_reliability", ("overall", "krippendorff_alpha"), 3),
    ):
        cells = []
        for sid in ids:
            value: Any = _load(out / sid, stage)
            for key in path:
                value = value.get(key) if isinstance(value, dict) else None
            cells.append(f"<td>{html.escape(_fmt(value, digits))}</td>")
        facts.append(f"<tr><th>{html.escape(label)}</th>{''.join(cells)}</tr>")
    rows, extra = multisite_rows(out, ids)
    matrix = "".join(
        "<tr>" + f"<th>{html.escape(r[0])}</th>" + "".join(f"<td>{html.escape(c)}</td>"
                                                          for c in r[1:]) + "</tr>"
        for r in rows)
    new = ("<ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in extra) + "</ul>"
           if extra else "<p>None.</p>")
    body = (
        "<h1>Multi-site view</h1>"
        f"<p>{len(ids)} cohorts. Each column is one cohort's report; numbers come from its "
        "stage artifacts.</p>"
        f"<h2>Sample and agreement</h2><table><thead><tr><th></th>{head}</tr></thead>"
        f"<tbody>{''.join(facts)}</tbody></table>"
        "<h2>Original subcategories (Kalén et al. 2012, Table 1)</h2>"
        f"<table><thead><tr><th>subcategory</th>{head}</tr></thead><tbody>{matrix}</tbody>"
        "</table><h2>New subcategories (not in the original)</h2>" + new
    )
    return page("Multi-site view", body)
