"""The demo report in headless Chromium: a phone never scrolls sideways, the header's links
resolve, and printing gives A4 pages without the header."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

pytestmark = [pytest.mark.kernel, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PHONE = {"width": 390, "height": 844}
#: A4 in PostScript points (210 x 297 mm); Chromium rounds the page to whole CSS pixels.
A4 = (595.28, 841.89)
MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]")


def _pages(report: Path) -> list[Path]:
    return [report / "index.html", *sorted((report / "stages").glob("*.html"))]


def _file(url: str) -> Path:
    parsed = urlparse(url)
    assert parsed.scheme == "file", url
    return Path(unquote(parsed.path))


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_phone_width_header_links_and_a4_print(demo_report: Path, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    pages = _pages(demo_report)
    assert len(pages) >= 8
    widths: dict[str, tuple[int, int, int]] = {}
    scrolling_tables = 0
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM,
                                     args=["--no-sandbox", "--disable-gpu"])
        try:
            phone = browser.new_context(offline=True, viewport=PHONE, device_scale_factor=1)
            tab = phone.new_page()
            for path in pages:
                tab.goto(path.as_uri(), wait_until="load")
                got = tab.evaluate("""() => {
                    window.scrollTo(10000, 0);
                    const tables = [...document.querySelectorAll('main table')];
                    return {doc: document.documentElement.scrollWidth,
                            body: document.body.scrollWidth, x: window.scrollX,
                            step: [...document.querySelectorAll('nav.rp-nav a[rel]')]
                                    .map(a => [a.rel, a.href]),
                            scrolling: tables.filter(t => t.scrollWidth > t.clientWidth
                                && getComputedStyle(t).overflowX === 'auto').length};
                }""")
                widths[path.name] = (got["doc"], got["body"], got["x"])
                scrolling_tables += got["scrolling"]
                rels = [rel for rel, _ in got["step"]]
                assert rels in (["next"], ["prev"], ["prev", "next"]), path.name
                for _, href in got["step"]:
                    assert _file(href).is_file(), (path.name, href)
            tab.emulate_media(media="print")
            tab.goto((demo_report / "index.html").as_uri(), wait_until="load")
            shown = tab.evaluate(
                "() => getComputedStyle(document.querySelector('nav.rp-nav')).display")
            pdf = tab.pdf(prefer_css_page_size=True, print_background=True)
        finally:
            browser.close()
    # no page is wider than the phone: wide tables scroll inside their own box
    assert {name: w for name, w in widths.items() if max(w[:2]) > 390 or w[2] != 0} == {}
    assert scrolling_tables > 0
    assert shown == "none"  # no header on paper
    boxes = {tuple(float(v) for v in box) for box in MEDIA_BOX.findall(pdf)}
    assert len(boxes) == 1
    x0, y0, width, height = boxes.pop()
    assert (x0, y0) == (0.0, 0.0)
    assert abs(width - A4[0]) < 1.5 and abs(height - A4[1]) < 1.5, (width, height)
    (tmp_path / "write-up.pdf").write_bytes(pdf)
