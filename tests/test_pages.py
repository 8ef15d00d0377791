"""The stage pages people read (issue 18): short enough to read, no raw Python values, numbers
rounded, every table captioned, the consensus list first on the coding-reliability page.

Runs over the demo report of the session (``demo_report`` in ``conftest.py``, kernels).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from replicate.display_views import FIGURES, VIEWS

pytestmark = pytest.mark.kernel

MAX_WORDS = 6000
RAW = {"True", "False", "<NA>", "nan", "NaN", "None", "NaT", "NA"}
LONG_FLOAT = re.compile(r"\d\.\d{4,}")
SNAKE = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+")


@dataclass
class Page:
    """What a reader meets on a page."""

    visible_words: int
    raw_cells: list[str]
    long_floats: list[str]
    snake_headers: list[str]
    uncaptioned: int
    tables: int
    text: str


def read_page(html: str) -> Page:
    """Measure a page: words outside closed ``<details>`` and outside tables' hidden parts,
    raw cells, floats with more than 3 decimals, snake_case headers, tables without a
    caption."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head"]):
        tag.decompose()
    tables = soup.find_all("table")
    cells = [td.get_text(" ", strip=True) for t in tables for td in t.find_all("td")]
    heads = [th.get_text(" ", strip=True) for t in tables for th in t.find_all("th")]
    uncaptioned = sum(1 for t in tables if t.find("caption") is None
                      or not t.find("caption").get_text(strip=True))
    for details in soup.find_all("details"):
        for child in list(details.children):
            if getattr(child, "name", None) != "summary":
                child.extract()
    text = soup.get_text(" ")
    return Page(len(text.split()), [c for c in cells if c in RAW],
                [c for c in cells if LONG_FLOAT.search(c)],
                [h for h in heads if SNAKE.fullmatch(h)], uncaptioned, len(tables),
                " ".join(text.split()))


def test_read_page_finds_what_it_looks_for() -> None:
    html = ("<p>one two</p><table><tr><th>n_units</th></tr><tr><td>True</td><td>0.86517</td>"
            "<td>0.865</td></tr></table><details><summary>More</summary><p>three four</p>"
            "</details>")
    page = read_page(html)
    assert (page.raw_cells, page.long_floats, page.snake_headers) == (
        ["True"], ["0.86517"], ["n_units"])
    assert page.uncaptioned == 1 and page.tables == 1
    assert page.visible_words == 7  # one two, n_units, the three cells, More (not three four)


def test_every_stage_page_reads_as_a_report(demo_report: Path) -> None:
    pages = sorted((demo_report / "stages").glob("*.html"))
    assert len(pages) >= 6
    for path in pages:
        page = read_page(path.read_text(encoding="utf-8"))
        assert page.visible_words <= MAX_WORDS, (path.name, page.visible_words)
        assert page.raw_cells == [], (path.name, page.raw_cells[:5])
        assert page.long_floats == [], (path.name, page.long_floats[:5])
        assert page.snake_headers == [], (path.name, page.snake_headers[:5])
        assert page.uncaptioned == 0, path.name
    html = (demo_report / "stages" / "20_pilot_interview_guide.html").read_text(encoding="utf-8")
    assert "[-" not in read_page(html).text and "{+" not in read_page(html).text
    assert "<del>" in html and "<ins>" in html


def test_the_coding_reliability_page_opens_with_the_verdict_and_the_consensus_list(
        demo_report: Path) -> None:
    text = read_page((demo_report / "stages" / "30_coding_reliability.html")
                     .read_text(encoding="utf-8")).text
    order = [text.index(s) for s in ("Verdict.", "Disagreements to settle",
                                     "Agreement statistics", "Agreement per code")]
    assert order == sorted(order)
    assert "to settle" in text[: text.index("Agreement statistics")]


def test_every_link_to_an_artifact_leads_to_a_file_of_the_report(demo_report: Path) -> None:
    links = 0
    for path in sorted((demo_report / "stages").glob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for a in soup.find_all("a", href=re.compile(r"^\.\./artifacts/")):
            assert (path.parent / str(a["href"])).resolve().is_file(), (path.name, a["href"])
            links += 1
    assert links >= 30


def test_every_table_and_figure_a_stage_writes_has_a_caption(demo_report: Path) -> None:
    for path in sorted((demo_report / "artifacts").glob("*-*.*")):
        stage, name = path.stem.split("-", 1)
        registry = VIEWS if path.suffix == ".csv" else FIGURES
        assert f"{stage}/{name}" in registry, path.name
