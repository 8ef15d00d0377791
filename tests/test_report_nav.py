"""The header of every report page: order, current page, previous/next, escaping, publishing."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup, Tag

from replicate.cohort import load_cohort
from replicate.errors import ReplicateError
from replicate.pipeline.publish import render_stage, write_index
from replicate.report import notebook_to_html, page, render_index, report_nav, set_nav
from replicate.stage import Stage
from replicate.stages import STAGES

RUN = [("00_cohort_overview", "Cohort overview"), ("10_sampling_design", "Sampling design"),
       ("50_write_up", "Write-up")]
HOSTILE = '<img src=x onerror=alert(2)> "Q" & [x](javascript:alert(1))'


def _nav(html: str) -> Tag:
    navs = BeautifulSoup(html, "html.parser").find_all("nav", class_="rp-nav")
    assert len(navs) == 1
    nav = navs[0]
    assert isinstance(nav, Tag)
    return nav


def _links(nav: Tag) -> list[tuple[str, str, bool]]:
    """(href, text, current) of the page list."""
    return [(str(a["href"]), a.get_text(" ", strip=True), a.get("aria-current") == "page")
            for a in nav.select("ol.rp-nav-pages a")]


def _step(nav: Tag) -> dict[str, str]:
    return {str(a["rel"][0]): str(a["href"]) for a in nav.select("p.rp-nav-step a")}


def test_a_stage_page_lists_the_index_and_every_stage_in_order_and_marks_itself() -> None:
    nav = _nav(report_nav(RUN, current="10_sampling_design"))
    assert nav["aria-label"] == "Report pages"
    assert _links(nav) == [
        ("../index.html", "Index", False),
        ("00_cohort_overview.html", "00 Cohort overview", False),
        ("10_sampling_design.html", "10 Sampling design", True),
        ("50_write_up.html", "50 Write-up", False),
    ]
    assert _step(nav) == {"prev": "00_cohort_overview.html", "next": "50_write_up.html"}


def test_previous_and_next_at_the_two_ends() -> None:
    index = _nav(report_nav(RUN))
    assert [current for _, _, current in _links(index)] == [True, False, False, False]
    assert _links(index)[1][0] == "stages/00_cohort_overview.html"
    assert _step(index) == {"next": "stages/00_cohort_overview.html"}  # no page before
    first = _nav(report_nav(RUN, current="00_cohort_overview"))
    assert _step(first) == {"prev": "../index.html", "next": "10_sampling_design.html"}
    last = _nav(report_nav(RUN, current="50_write_up"))
    assert _step(last) == {"prev": "10_sampling_design.html"}  # no page after
    assert "Previous: 10 Sampling design" in last.get_text(" ", strip=True)
    alone = _nav(report_nav([], current=None))
    assert _links(alone) == [("index.html", "Index", True)] and _step(alone) == {}


def test_a_hostile_stage_title_and_name_stay_text_and_relative_links() -> None:
    html = report_nav([("00_" + HOSTILE, HOSTILE), ("10_b", "B")], current="10_b")
    assert "<img" not in html and "onerror=alert(2)&gt;" in html
    nav = _nav(html)
    assert not nav.find("img") and not nav.find("script")
    hrefs = [href for href, _, _ in _links(nav)] + list(_step(nav).values())
    assert hrefs[1] == _step(nav)["prev"]
    assert hrefs[1].startswith("00_%3Cimg%20src%3Dx")  # percent-encoded, no scheme
    assert not any(h.lower().startswith("javascript") or ":" in h for h in hrefs)
    assert _links(nav)[1][1] == "00 " + HOSTILE  # the title shows exactly, as text


def test_swedish_words_and_an_unknown_current_page() -> None:
    nav = _nav(report_nav(RUN, current="10_sampling_design", language="sv"))
    assert nav["aria-label"] == "Rapportens sidor"
    assert _links(nav)[0][1] == "Start"
    text = nav.get_text(" ", strip=True)
    assert "Föregående: 00 Cohort overview" in text and "Nästa: 50 Write-up" in text
    with pytest.raises(ReplicateError, match="'99_nope' is not one of the run's stages"):
        report_nav(RUN, current="99_nope")


def test_set_nav_replaces_the_header_in_either_attribute_order_or_adds_one() -> None:
    new = report_nav(RUN, current="00_cohort_overview")
    for old in ('<nav class="rp-nav"><a href="../index.html">Index</a></nav>',
                '<nav aria-label="x" class="rp-nav">\n<ol><li>y</li></ol>\n</nav>'):
        html = f"<html><body>\n{old}\n<main><nav>other</nav><p>text</p></main></body></html>"
        out = set_nav(html, new)
        assert out == html.replace(old, new)
        assert set_nav(out, new) == out
    bare = "<html><body class='x'>\n<main><p>text</p></main></body></html>"
    assert set_nav(bare, new) == bare.replace("<body class='x'>", f"<body class='x'>\n{new}")
    with pytest.raises(ReplicateError, match="no <body>"):
        set_nav("<p>no page</p>", new)


def test_the_header_opens_the_body_of_every_kind_of_page() -> None:
    nav = report_nav(RUN, current="10_sampling_design")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Sampling design")]
    stage_page = notebook_to_html(nb, title="T: Sampling design", nav_html=nav)
    assert f"{nav}\n<main>" in stage_page  # nbconvert writes the header back unchanged
    assert stage_page.index("<body") < stage_page.index(nav)
    assert "<body>\n" + nav + "\n<main>\n" in page("T", "<p>x</p>", nav_html=nav)
    index = render_index(title="T", stages=RUN, synthetic=False)
    assert "<body>\n" + report_nav(RUN) + "\n<main>\n" in index
    body = index.split("<main>", 1)[1]
    assert "stages/10_sampling_design.html" not in body  # the header is the one list


def _render(build: Path, stage: Stage, heading: str, run: list[Stage]) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {heading}")]
    render_stage(nb, stage, title="T", language="en", build=build, params={}, stages=run)


def test_publishing_gives_every_page_the_header_of_the_whole_run(mini_cohort: Path,
                                                                tmp_path: Path) -> None:
    cohort = load_cohort(mini_cohort)
    by_name = {s.name: s for s in STAGES}
    s00, s10, s20 = by_name["00_cohort_overview"], by_name["10_sampling_design"], \
        by_name["20_pilot_interview_guide"]
    build = tmp_path / "build"
    for sub in ("notebooks", "stages", "artifacts"):
        (build / sub).mkdir(parents=True)
    # a page carried over from a run of 00 alone, then this run adds 10 and 20
    _render(build, s00, "Carried over", [s00])
    run = [s00, s10, s20]
    _render(build, s10, "Ten", run)
    _render(build, s20, "Twenty", run[::-1])  # any order: the header is in stage order
    ten = (build / "stages" / "10_sampling_design.html").read_bytes()
    assert [h for h, _, _ in _links(_nav(ten.decode()))][1:] == [
        "00_cohort_overview.html", "10_sampling_design.html", "20_pilot_interview_guide.html"]
    write_index(cohort, build, run)
    expected = {"index.html": None, "stages/00_cohort_overview.html": s00,
                "stages/10_sampling_design.html": s10,
                "stages/20_pilot_interview_guide.html": s20}
    for rel, stage in expected.items():
        nav = _nav((build / rel).read_text(encoding="utf-8"))
        want = "index.html" if stage is None else f"{stage.name}.html"
        assert [h for h, _, cur in _links(nav) if cur] == [want], rel
        assert len(_links(nav)) == 4, rel
    assert (build / "stages" / "10_sampling_design.html").read_bytes() == ten  # untouched
    carried = (build / "stages" / "00_cohort_overview.html").read_text(encoding="utf-8")
    assert 'id="Carried-over">Carried over' in carried  # the page kept, its header renewed
    assert (build / "notebooks" / "20_pilot_interview_guide.ipynb").is_file()


def test_the_write_up_written_by_stage_50_gets_the_run_header(mini_cohort: Path,
                                                              tmp_path: Path) -> None:
    cohort = load_cohort(mini_cohort)
    by_name = {s.name: s for s in STAGES}
    run = [by_name["10_sampling_design"], by_name["50_write_up"]]
    (tmp_path / "stages").mkdir()
    (tmp_path / "artifacts").mkdir()
    (tmp_path / "artifacts" / "50_write_up.json").write_text("{}", encoding="utf-8")
    # what compose writes inside the kernel: it knows only the stage pages that exist
    early = report_nav([("10_sampling_design", "Urvalsdesign")], language="sv")
    (tmp_path / "index.html").write_text(page("T", "<h1>Write-up</h1>", nav_html=early),
                                         encoding="utf-8")
    write_index(cohort, tmp_path, run)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<h1>Write-up</h1>" in html  # the write-up stays, only its header changes
    assert _links(_nav(html)) == [
        ("index.html", "Index", True),
        ("stages/10_sampling_design.html", "10 Sampling design", False),
        ("stages/50_write_up.html", "50 Write-up", False)]


@pytest.mark.kernel
def test_every_page_of_a_demo_run_has_the_header(demo_report: Path) -> None:
    names = [s.name for s in sorted(STAGES, key=lambda s: s.name)]
    pages = {"index.html": None, **{f"stages/{n}.html": n for n in names}}
    assert sorted(p.relative_to(demo_report).as_posix() for p in demo_report.rglob("*.html")) \
        == sorted(pages)
    for rel, current in pages.items():
        html = (demo_report / rel).read_text(encoding="utf-8")
        nav = _nav(html)
        links = _links(nav)
        assert [text.split(" ", 1)[0] for _, text, _ in links] == \
            ["Index", *(n[:2] for n in names)], rel
        marked = [href for href, _, cur in links if cur]
        assert marked == ["index.html" if current is None else f"{current}.html"], rel
        for href in [h for h, _, _ in links] + list(_step(nav).values()):
            assert ((demo_report / rel).parent / href).is_file(), (rel, href)
        assert html.index("<nav") < html.index("<main")  # the header opens the page
