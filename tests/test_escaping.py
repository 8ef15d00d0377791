"""Values from config and data files stay inert on every page; CSV cells are Excel-safe."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import pytest

from replicate.artifacts import StageResult
from replicate.privacy import CONTENT_SECURITY_POLICY, csv_safe_frame, esc, note_html
from replicate.privacy.escaping import safe_link_target
from replicate.report import notebook_to_html, page, render_index

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TITLE = "<img src=x onerror=alert(2)>"
SCHOOL = "[Our school](javascript:alert(1)) <script>alert(3)</script>"


def _shown_note(monkeypatch: pytest.MonkeyPatch, note: str) -> str:
    """The HTML that StageResult.show puts into the notebook for a note."""
    import IPython.display

    shown: list[Any] = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    res = StageResult("00_cohort_overview")
    res.notes["intro"] = note
    res.show("intro")
    return str(shown[0].data)


def _stage_page(monkeypatch: pytest.MonkeyPatch) -> str:
    html = _shown_note(monkeypatch, f"**{TITLE}** at {SCHOOL}. See [doi](https://doi.org/x).")
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("res.show('intro')")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": html})]
    nb.cells = [cell]
    return notebook_to_html(nb, title=f"{TITLE}: Cohort overview")


def test_note_is_rendered_with_raw_html_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    html = _shown_note(monkeypatch, f"Study: {TITLE} at {SCHOOL}")
    assert html == (
        "<p>Study: &lt;img src=x onerror=alert(2)&gt; at Our school (javascript:alert(1)) "
        "&lt;script&gt;alert(3)&lt;/script&gt;</p>\n")


def test_note_links_keep_only_safe_targets() -> None:
    assert note_html("[a](https://x.org) [b](#m) [c](other.html) [d](JaVaScript:x)") == (
        '<p><a href="https://x.org">a</a> <a href="#m">b</a> <a href="other.html">c</a> '
        "d (JaVaScript:x)</p>\n")
    assert not safe_link_target("java\tscript:alert(1)")
    assert not safe_link_target("//evil.example/x")
    assert note_html("![x](https://tracker.example/p.png)") == "<p>[x]</p>\n"


def test_esc_for_html_and_markdown() -> None:
    assert esc(TITLE) == "&lt;img src=x onerror=alert(2)&gt;"
    assert note_html(esc(SCHOOL, markdown=True)) == (
        "<p>[Our school](javascript:alert(1)) &lt;script&gt;alert(3)&lt;/script&gt;</p>\n")
    assert note_html(esc("1. not a list - * x", markdown=True)) == (
        "<p>1. not a list - * x</p>\n")


def test_every_page_has_the_csp(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "script-src 'none'" in CONTENT_SECURITY_POLICY
    for html in (_stage_page(monkeypatch), page(TITLE, "<p>x</p>"),
                 render_index(title=TITLE, stages=[(TITLE, "stages/00.html")],
                              synthetic=False)):
        head = html[: html.index("</head>")].replace("&#x27;", "'")
        assert 'http-equiv="Content-Security-Policy"' in head
        assert f'content="{CONTENT_SECURITY_POLICY}"' in head
        assert "<img src=x" not in html


def test_csv_cells_are_neutralised_but_numbers_are_not() -> None:
    frame = pd.DataFrame({"text": ["=HYPERLINK(\"http://x\",\"y\")", "+46 8 1", "-3", "-0.5",
                                   "@SUM(A1)", "\tx", "\rx", "- a dash", "plain", "−2"],
                          "n": [-1, 2, 3, 4, 5, 6, 7, 8, 9, 10]})
    out = csv_safe_frame(frame)
    assert out["text"].tolist() == [
        "'=HYPERLINK(\"http://x\",\"y\")", "'+46 8 1", "-3", "-0.5", "'@SUM(A1)", "'\tx",
        "'\rx", "'- a dash", "plain", "−2"]
    assert out["n"].tolist() == frame["n"].tolist()


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_hostile_config_values_are_not_live_in_chromium(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    files = {"stage.html": _stage_page(monkeypatch),
             "index.html": render_index(title=TITLE, stages=[(SCHOOL, "stage.html")],
                                        synthetic=False),
             "page.html": page(TITLE, note_html(f"{TITLE} {SCHOOL}"))}
    for name, html in files.items():
        (tmp_path / name).write_text(html, encoding="utf-8")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM,
                                     args=["--no-sandbox", "--disable-gpu"])
        try:
            pg = browser.new_context(offline=True).new_page()
            dialogs: list[str] = []
            pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for name in files:
                pg.goto((tmp_path / name).as_uri(), wait_until="load")
                live = pg.evaluate("""() => ({
                    onerror: document.querySelectorAll('[onerror]').length,
                    scripts: document.querySelectorAll('script').length,
                    js: [...document.querySelectorAll('a')].filter(
                        a => a.href.toLowerCase().startsWith('javascript:')).length,
                    text: document.body.innerText})""")
                assert (live["onerror"], live["scripts"], live["js"]) == (0, 0, 0), name
                assert "onerror=alert(2)" in live["text"], name  # shown as text
        finally:
            browser.close()
    assert dialogs == []
