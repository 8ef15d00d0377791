"""Units of the write-up: Markdown escaping and offline rendering, phrases, checklist data."""

from __future__ import annotations

import html
import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replicate.writeup import TO_COMPLETE, Text, load_checklist, markdown_to_html
from replicate.writeup._fills import COREQ_FILLS, SRQR_FILLS
from replicate.writeup.evidence import demote_headings
from replicate.writeup.i18n import PHRASES, SECTIONS
from replicate.writeup.markdown import anchor, escape, table
from replicate.writeup.outline import Outline

_TAG = re.compile(r"<[^>]+>")


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60))
def test_escaped_text_renders_literally(text: str) -> None:
    assert _plain(markdown_to_html(escape(text))) == " ".join(text.split())


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=string.printable.replace("\x0b", "").replace("\x0c", ""),
                        max_size=20), min_size=2, max_size=2))
def test_table_cells_stay_in_their_cells(cells: list[str]) -> None:
    out = markdown_to_html(table(["a", "b"], [cells]))
    got = [_plain(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", out, flags=re.S)]
    assert got == [" ".join(c.split()) for c in cells]


def test_escape_keeps_ordinary_text_readable() -> None:
    assert escape("field_notes, version 1.1, Graneheim & Lundman") == (
        "field_notes, version 1.1, Graneheim & Lundman")
    assert escape("1. first") == "1\\. first"
    assert escape("<script>") == "\\<script\\>"


def test_renderer_never_emits_an_external_address() -> None:
    out = markdown_to_html(
        "[site](https://example.org) [mail](mailto:a@b.c) [js](javascript:alert(1)) "
        "[ok](stages/10_sampling_design.html) [top](#methods)\n\n"
        "![remote](https://example.org/x.png) ![local](artifacts/x.png)\n\n<img src=x>\n",
        figures={"artifacts/x.png": b"\x89PNG"})
    hrefs = re.findall(r'href="([^"]*)"', out)
    srcs = re.findall(r'src="([^"]*)"', out)
    assert hrefs == ["stages/10_sampling_design.html", "#methods"]
    assert srcs == ["data:image/png;base64,iVBORw=="]
    assert "site (https://example.org)" in out  # the address stays readable as text
    assert '[remote]' in out and "&lt;img src=x&gt;" in out


def test_heading_ids_are_anchors_and_unique() -> None:
    out = markdown_to_html("## Urval och deltagare\n\n## Results\n\n## Results\n")
    assert '<h2 id="urval-och-deltagare">' in out
    assert '<h2 id="results">' in out and '<h2 id="results-1">' in out
    assert anchor("Appendix A. Interview guide") == "appendix-a-interview-guide"


def test_every_phrase_has_both_languages_with_the_same_placeholders() -> None:
    fmt = string.Formatter()
    for key, langs in PHRASES.items():
        assert set(langs) == {"en", "sv"}, key
        names = [{f for _, f, _, _ in fmt.parse(langs[lang]) if f} for lang in ("en", "sv")]
        assert names[0] == names[1], key
    for key in SECTIONS:
        assert f"h.{key}" in PHRASES


def test_text_formats_numbers_per_language() -> None:
    en, sv = Text("en"), Text("sv")
    assert en.fmt(0.8599895, "coef") == "0.86" and sv.fmt(0.8599895, "coef") == "0,86"
    assert en.fmt(0.19866, "pct") == "20%" and sv.fmt(0.19866, "pct") == "20 %"
    assert en.fmt(44.5, "minutes") == "44.5" and sv.fmt(44.5, "minutes") == "44,5"
    assert en.fmt(None, "count") == "not available" and sv.fmt(float("nan"), "coef") == (
        "uppgift saknas")
    assert sv.join(["a", "b", "c"]) == "a, b och c" and en.join(["a"]) == "a"
    assert sv.attribution("(H, female, age 29)") == "(H, kvinna, 29 år)"
    assert en.attribution("(H, female, age 29)") == "(H, female, age 29)"
    assert sv.datum("6 female / 6 male") == "6 kvinnor / 6 män"
    assert sv.to_complete == TO_COMPLETE["sv"] == "att komplettera av författarna"
    with pytest.raises(ValueError, match="allowed: en, sv"):
        Text("de")


def test_checklists_match_methodology_fill_modes() -> None:
    coreq = load_checklist("coreq")
    srqr = load_checklist("srqr")
    assert [i.number for i in coreq.items] == list(range(1, 33))
    assert [i.number for i in srqr.items] == list(range(1, 22))
    modes = {m: {i.number for i in coreq.items if i.fill == m}
             for m in ("auto", "config", "draft", "author")}
    assert modes == {"auto": {1, 12, 13, 16, 17, 18, 21, 24, 25, 29},
                     "config": {2, 3, 4, 9, 11, 14, 15, 19, 20, 23, 26, 27, 28},
                     "draft": {10, 22, 30, 31, 32}, "author": {5, 6, 7, 8}}
    assert {i.number for i in srqr.items if i.fill == "author"} == {3, 6, 19}
    assert set(COREQ_FILLS) == set(range(1, 33)) and set(SRQR_FILLS) == set(range(1, 22))
    for item in (*coreq.items, *srqr.items):
        assert item.sections and all(s in SECTIONS for s in item.sections)
        assert item.en and item.sv
    assert coreq.items[11].sv == "Urvalets storlek"


def test_demote_headings_leaves_code_fences_alone() -> None:
    text = "# Top\n\ntext  \nmore\n\n```\n# not a heading\n```\n###### deep\n"
    assert demote_headings(text, below=2) == (
        "### Top\n\ntext\\\nmore\n\n```\n# not a heading\n```\n###### deep\n\n")


def test_outline_registers_each_gap_once() -> None:
    out = Outline(Text("en"))
    assert out.todo("recording", "collection", "writeup.recording") == (
        "*to complete by the authors*")
    out.todo("recording", "collection", "writeup.recording")
    out.todo("researchers", "team", "writeup.researchers")
    assert [t["key"] for t in out.to_complete] == ["recording", "researchers"]
    assert out.to_complete[0]["section"] == "Methods › Data collection"
    assert out.has_hint("writeup.researchers (credentials)")
    assert not out.has_hint("writeup.researchers_x")
    assert out.caption("table", "x") == "**Table 1.** x\n\n"
    assert out.caption("table", "y").startswith("**Table 2.**")
    assert out.ref("appendix_guide") == (
        "[Appendix A. Interview guide](#appendix-a-interview-guide)")


def test_every_phrase_key_used_in_the_code_exists() -> None:
    from pathlib import Path

    import replicate.writeup as pkg

    used: set[str] = set()
    prefixes: set[str] = set()
    for path in Path(pkg.__file__).parent.glob("*.py"):
        code = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"\b(?:t|text)\(\s*[\"']([a-z_]+\.[a-z_.]+)[\"']", code))
        prefixes |= set(re.findall(r"\.label\(\s*[\"']([a-z_]+)[\"']", code))
    assert len(used) > 150
    assert sorted(used - set(PHRASES)) == []
    for prefix in prefixes:
        assert any(k.startswith(prefix + ".") for k in PHRASES), prefix
