"""The multi-site view sets cohorts side by side from their artifacts."""

from __future__ import annotations

import json
from pathlib import Path

from replicate.multisite import multisite_rows, render_multisite


def _cohort(out: Path, sid: str, statuses: dict[str, str], new: list[str], n: int) -> None:
    art = out / sid / "artifacts"
    art.mkdir(parents=True)
    (art / "40_theme_synthesis.json").write_text(json.dumps({
        "comparison_by_subcategory": statuses, "comparison_new_subcategories": new,
        "facts": {"n_interviewed": n, "n_female": n - 5, "n_male": 5, "age_min": 24,
                  "age_max": 41}}))
    (art / "30_coding_reliability.json").write_text(json.dumps({
        "overall": {"percent_agreement": 0.9, "cohen_kappa": 0.81, "krippendorff_alpha": 0.8}}))


def test_matrix_and_facts(tmp_path: Path) -> None:
    _cohort(tmp_path, "site-a", {"Someone to talk to": "replicated", "Motivation": "absent"},
            ["Peer comparison"], 12)
    _cohort(tmp_path, "site-b", {"Someone to talk to": "replicated"}, [], 10)
    rows, extra = multisite_rows(tmp_path, ["site-a", "site-b"])
    assert len(rows) == 17
    by_label = {r[0]: r[1:] for r in rows}
    assert by_label["Someone to talk to"] == ["replicated", "replicated"]
    assert by_label["Motivation"] == ["absent", "—"]
    assert extra == ["site-a: Peer comparison"]
    page = render_multisite(tmp_path, ["site-b", "site-a"])
    assert "<th>site-a</th><th>site-b</th>" in page
    assert "<tr><th>participants (n)</th><td>12</td><td>10</td></tr>" in page
    assert "<td>0.810</td>" in page
    assert "http://" not in page and "https://" not in page  # offline
