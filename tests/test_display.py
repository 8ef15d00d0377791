"""The presentation layer: headers, cells, captions, long tables, grouping, escaping; every
table a stage writes has a view."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from replicate.artifacts import StageResult
from replicate.display import figure_html, table_html
from replicate.display_cells import (
    cell_html,
    column_kind,
    decimals,
    diff_html,
    header,
    interval_text,
    merge_intervals,
)
from replicate.display_views import FIGURES, VIEWS, View, view_for
from replicate.stages import STAGES


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def _cells(html: str) -> list[list[str]]:
    table = _soup(html).find("table")
    assert table is not None
    return [[td.get_text() for td in tr.find_all("td")] for tr in table.find("tbody").find_all("tr")
            if tr.find("td")]


def _heads(html: str) -> list[str]:
    return [th.get_text() for th in _soup(html).find("thead").find_all("th")]


@pytest.mark.parametrize(("name", "shown"), [
    ("cohen_kappa", "Cohen's κ"), ("krippendorff_alpha", "Krippendorff's α"),
    ("gwet_ac1", "Gwet's AC1"), ("n_units", "Units"), ("n_flagged_probes", "Flagged probes"),
    ("student_gender", "Student gender"), ("ci_low", "CI low"), ("se", "SE"),
    ("mean_kappa", "Mean κ"), ("CS", "CS"), ("RQ1", "RQ1"), ("this cohort", "This cohort"),
    ("a broader view", "a broader view"),
])
def test_headers_read_as_words(name: str, shown: str) -> None:
    assert header(name) == shown


def test_column_kinds_and_decimals() -> None:
    kinds = {
        "met": pd.Series([True, False]), "flag": pd.Series([True, None], dtype=object),
        "n": pd.Series([1, 2]), "line": pd.Series([13.0, np.nan]),
        "cohen_kappa": pd.Series([1.0, 0.5]), "similarity": pd.Series([0.81]),
        "talk_share": pd.Series([0.097]), "pct_with": pd.Series([40.0]),
        "minutes": pd.Series([41.5]), "n_train": pd.Series([59.6667]), "text": pd.Series(["x"]),
        "diff": pd.Series(["[-a-] {+b+}"]), "other": pd.Series([0.123456]),
    }
    assert {k: column_kind(k, v) for k, v in kinds.items()} == {
        "met": "bool", "flag": "bool", "n": "count", "line": "count", "cohen_kappa": "coef",
        "similarity": "dec2", "talk_share": "share", "pct_with": "pct", "minutes": "dec1",
        "n_train": "dec1", "text": "text", "diff": "diff", "other": "dec2"}
    assert decimals("share", pd.Series([0.25, 0.5])) == 0
    assert decimals("share", pd.Series([0.865])) == 1
    assert decimals("coef", pd.Series([0.5])) == 3


@pytest.mark.parametrize(("value", "kind", "places", "shown"), [
    (True, "bool", 0, "✓"), (False, "bool", 0, "–"), (None, "bool", 0, "–"),
    (pd.NA, "count", 0, "–"), (float("nan"), "coef", 3, "–"), ("", "text", 0, "–"),
    (12.0, "count", 0, "12"), (0.8599895123, "coef", 3, "0.860"), (-0.0001, "coef", 3, "0.000"),
    (0.8651685, "share", 1, "86.5\u00a0%"), (0.05, "share", 0, "5\u00a0%"),
    (33.33333, "pct", 1, "33.3\u00a0%"), (59.66667, "dec1", 1, "59.7"),
    ("<b>x</b>", "text", 0, "&lt;b&gt;x&lt;/b&gt;"),
])
def test_cells(value: object, kind: str, places: int, shown: str) -> None:
    assert cell_html(value, kind, places) == shown  # type: ignore[arg-type]


def test_intervals_and_diffs() -> None:
    assert interval_text(0.7112, 0.8899, 2) == "0.71–0.89"
    assert interval_text(-0.12, 0.3) == "-0.120 to 0.300"
    assert interval_text(np.nan, 0.3) == "–"
    frame, kinds = merge_intervals(pd.DataFrame({"v": [0.5], "ci_low": [0.4], "ci_high": [0.6],
                                                 "gwet_ac1_ci_low": [0.1],
                                                 "gwet_ac1_ci_high": [0.2]}))
    assert list(frame.columns) == ["v", "ci", "gwet_ac1_ci"]
    assert frame.iloc[0].tolist() == [0.5, "0.400–0.600", "0.100–0.200"]
    assert kinds == {"ci": "ci", "gwet_ac1_ci": "ci"}
    assert diff_html("[-Did-] {+What did+} you <x>") == (
        "<del>Did</del> <ins>What did</ins> you &lt;x&gt;")


def test_table_has_caption_human_headers_and_formatted_cells() -> None:
    df = pd.DataFrame({"statistic": ["cohen_kappa"], "label": ["Cohen's kappa"],
                       "value": [0.8599895], "ci_low": [0.71], "ci_high": [0.89],
                       "met": [True], "met_quota": [True], "note": [None]})
    view = View("Agreement", "What it shows.", hide=("statistic",),
                same=(("met_quota", "met"),))
    html = table_html(df, view=view, csv="../artifacts/x.csv")
    caption = _soup(html).find("caption")
    assert caption is not None and caption.get_text(" ", strip=True).startswith(
        "Agreement. What it shows. 1 row")
    assert caption.find("a")["href"] == "../artifacts/x.csv"
    # statistic hidden, met_quota equal to met dropped, note has no value in any row
    assert _heads(html) == ["Label", "Value", "CI", "Met"]
    assert _cells(html) == [["Cohen's kappa", "0.860", "0.710–0.890", "✓"]]
    tds = _soup(html).find("tbody").find_all("td")
    assert [td["class"] for td in tds] == [["rp-text"], ["rp-num"], ["rp-num"], ["rp-flag"]]


def test_a_column_that_differs_is_kept() -> None:
    df = pd.DataFrame({"met": [True, True], "met_quota": [True, False]})
    html = table_html(df, view=View("Q", same=(("met_quota", "met"),)))
    assert _heads(html) == ["Met", "Quota met"]


def test_long_table_shows_first_rows_and_the_rest_behind_details() -> None:
    df = pd.DataFrame({"code": [f"c{i:02d}" for i in range(40)], "n": range(40)})
    html = table_html(df, view=View("Codes", rows=15), csv="../artifacts/x.csv")
    soup = _soup(html)
    first, rest = soup.find_all("table")
    assert len(first.find("tbody").find_all("tr")) == 15
    details = soup.find("details")
    assert details is not None and details.find("summary").get_text() == "The other 25 rows"
    assert len(rest.find("tbody").find_all("tr")) == 25 and rest.find("caption") is not None
    assert "40 rows; the first 15 shown" in first.find("caption").get_text()
    only_csv = table_html(df, view=View("Codes", rows=5, more="csv"), csv="x.csv")
    assert len(_soup(only_csv).find_all("table")) == 1 and "<details" not in only_csv


def test_a_page_holds_at_most_max_rows_of_a_table_the_rest_in_the_csv() -> None:
    from replicate.display import MAX_ROWS_ON_PAGE

    n = MAX_ROWS_ON_PAGE + 234
    df = pd.DataFrame({"code": [f"c{i:05d}" for i in range(n)], "n": range(n)})
    html = table_html(df, view=View("Codes", rows=15), csv="../artifacts/x.csv")
    soup = _soup(html)
    first, rest = soup.find_all("table")
    assert len(rest.find("tbody").find_all("tr")) == MAX_ROWS_ON_PAGE - 15
    assert soup.find("summary").get_text() == (
        f"Rows 16–{MAX_ROWS_ON_PAGE} (the other 234 are in the CSV)")
    assert f"c{MAX_ROWS_ON_PAGE - 1:05d}" in html and f"c{MAX_ROWS_ON_PAGE:05d}" not in html
    assert f"{n} rows; the first 15 shown" in first.find("caption").get_text()
    no_link = _soup(table_html(df, view=View("Codes", rows=15)))
    assert no_link.find("summary").get_text().endswith("234 are not shown on this page)")


def test_selection_sort_constant_and_definitions() -> None:
    df = pd.DataFrame({"code": ["a", "a", "b", "b"], "transcript": [None, "T1", None, "T1"],
                       "unit": ["meaning unit"] * 4, "cohen_kappa": [0.9, 0.1, 0.2, 0.3],
                       "definition": ["Kappa per code."] * 4})
    view = View("Per code", select=lambda f: f[f["transcript"].isna()], selected="pooled",
                hide=("transcript",), constant=("unit", "definition"), sort=("cohen_kappa",))
    html = table_html(df, view=view)
    assert _cells(html) == [["b", "0.200"], ["a", "0.900"]]
    text = _soup(html).find("caption").get_text(" ", strip=True)
    assert "Unit: meaning unit. Definition: Kappa per code. 2 of 4 rows (pooled)" in text
    assert "2 of 4 rows (pooled)" in text
    defs = table_html(pd.DataFrame({"label": ["α"], "value": [0.5], "definition": ["<d>"]}),
                      view=View("S", long_text="definition"))
    dl = _soup(defs).find("dl")
    assert dl is not None and dl.find("dt").get_text() == "α"
    assert dl.find("dd").get_text() == "<d>" and "&lt;d&gt;" in defs


def test_groups_largest_first_and_merged_cells() -> None:
    df = pd.DataFrame({"unit_id": ["U1", "U2", "U3"], "codes": ["x | y", "a | b", "x | y"]})
    html = table_html(df, view=View("D", group_by="codes"))
    rows = _soup(html).find("tbody").find_all("tr")
    assert [r.get_text(" ", strip=True) for r in rows] == [
        "x | y (2)", "U1", "U3", "a | b (1)", "U2"]
    assert _heads(html) == ["Unit"]
    t1 = pd.DataFrame({"theme": ["T", "", "U"], "category": ["C", "", "D"],
                       "subcategory": ["s1", "s2", "s3"]})
    merged = _soup(table_html(t1, view=View("Table 1", merge=("theme", "category"))))
    spans = [(td.get_text(), td.get("rowspan")) for td in merged.find_all("td")]
    assert spans == [("T", "2"), ("C", "2"), ("s1", None), ("s2", None), ("U", None),
                     ("D", None), ("s3", None)]


def test_empty_table_says_so_and_values_are_escaped() -> None:
    empty = pd.DataFrame(columns=["dimension", "reason"])
    assert table_html(empty, view=View("Relaxed quotas", empty="No quota was relaxed.")) == (
        '<p class="rp-empty"><strong>Relaxed quotas.</strong> No quota was relaxed.</p>')
    evil = "<img src=x onerror=alert(1)>"
    html = table_html(pd.DataFrame({evil: [evil], "group": [evil]}),
                      view=View(evil, what=evil, group_by="group"),
                      redact=lambda s: s.replace("img", "[name]"))
    assert "<img" not in html and html.count("&lt;") >= 4
    # a column name that is data goes through the redaction
    assert _heads(html) == ["<[name] src=x onerror=alert(1)>"]


def test_stage_result_html_views_figures_and_redaction(tmp_path: object) -> None:
    res = StageResult("30_coding_reliability")
    res.tables["disagreements"] = pd.DataFrame({
        "unit_id": ["U1", "U2"], "participant": ["A", "B"], "transcript": ["a.txt", "b.txt"],
        "text": ["t1", "t2"], "CS": ["x", "y"], "SK": ["y", "x"], "codes": ["x | y"] * 2,
        "final_code": ["", ""], "resolution": ["", "x"], "codebook_change": ["", ""]})
    open_rows = _cells(res.html("disagreements"))
    settled = _cells(res.html("disagreements_settled"))
    assert open_rows == [["U1", "A", "t1", "x", "y"]]
    assert settled == [["U2", "B", "t2", "y", "x", "x"]]
    assert 'href="../artifacts/30_coding_reliability-disagreements.csv"' in res.html(
        "disagreements_settled")
    res.figures["kappa_chart"] = (b"\x89PNG", "Kappa <per> code.")
    fig = _soup(res.html("kappa_chart"))
    assert fig.find("figcaption").get_text() == "Cohen's κ per code. Kappa <per> code."
    assert fig.find("img")["alt"] == "Kappa <per> code."
    with pytest.raises(KeyError, match="nothing"):
        res.html("nothing")
    assert figure_html(b"x", "a", caption="C").startswith('<figure class="rp-figure">')


def test_every_view_names_a_stage_and_captions_read_as_sentences() -> None:
    names = {s.name for s in STAGES}
    for key, view in VIEWS.items():
        assert key.split("/")[0] in names, key
        assert view.caption and not view.caption.endswith("."), key
        assert not view.what or view.what.endswith("."), key
        if view.source is not None:
            assert f"{key.split('/')[0]}/{view.source}" in VIEWS, key
    for key in FIGURES:
        assert key.split("/")[0] in names, key
    assert view_for("00_cohort_overview", "no_such_table").caption == "No such table"


def test_no_header_of_the_vocabulary_is_snake_case() -> None:
    from replicate.display_cells import HEADERS

    assert not [h for h in HEADERS.values() if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", h)]
