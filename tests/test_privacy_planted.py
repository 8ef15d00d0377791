"""Identifying values planted where real interviews have them reach no output (issue 16).

An e-mail address, a Swedish phone number, a personnummer with a valid check digit, a URL, a
mentor's full name, a staff name from ``privacy.extra_names`` and a common given name no
table lists are written into a transcript, coded units' text, a codebook description and an
author-text file of the demo cohort. The whole pipeline runs in kernels; the run publishes,
no file of the report holds any planted value (HTML by its visible text; CSV, JSON,
Markdown and notebooks whole), the placeholders are there, and the private redaction log
beside the pseudonym key lists what was replaced.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml

from replicate.pipeline import run_cohort
from replicate.privacy import luhn_valid

pytestmark = pytest.mark.kernel

MENTOR = "Karin Holmström"
STAFF = "Birgitta Sandell"
PLANTED = {
    "e-mail": "lena.falk@example.se",
    "phone": "070-123 45 67",
    "personnummer": "19811228-9874",
    "URL": "https://mentors.example.org/notes/lena",
    "mentor": MENTOR,
    "staff": STAFF,
    "given name": "Johanna",
}
SENTENCE = (f"Write to {PLANTED['e-mail']} or call {PLANTED['phone']}, my number is "
            f"{PLANTED['personnummer']}, see {PLANTED['URL']}; {MENTOR} and {STAFF} agreed, "
            f"and my friend {PLANTED['given name']} too.")
PLACEHOLDERS = ("[e-mail]", "[phone]", "[ID]", "[URL]", "[mentor]", "[name]")


class _Visible(HTMLParser):
    """Text a reader sees: character data outside ``script`` and ``style``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _readable(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        parser = _Visible()
        parser.feed(text)
        return html.unescape(" ".join(parser.parts))
    return text


def _plant_in_units(transcript: Path, units: pd.DataFrame) -> None:
    """Append the sentence to every unit of a transcript, in the transcript and the unit's
    text alike, and move the offsets after it (units quote their transcript exactly)."""
    text = transcript.read_text(encoding="utf-8")
    mine = units.index[units["transcript"] == transcript.name]
    added = " " + SENTENCE
    for row in sorted(mine, key=lambda r: -int(units.at[r, "end"])):
        end = int(units.at[row, "end"])
        text = text[:end] + added + text[end:]
        later = mine[[int(units.at[r, "start"]) >= end for r in mine]]
        for r in later:
            for col in ("start", "end"):
                units.at[r, col] = str(int(units.at[r, col]) + len(added))
        units.at[row, "end"] = str(end + len(added))
        units.at[row, "text"] += added
    transcript.write_text(text, encoding="utf-8")


def _plant(config: Path) -> None:
    root = config.parent
    mentors = pd.read_csv(root / "tables" / "mentors.csv", dtype=str, keep_default_na=False)
    mentors.loc[0, "name"] = MENTOR
    mentors.to_csv(root / "tables" / "mentors.csv", index=False)
    units = pd.read_csv(root / "tables" / "units.csv", dtype=str, keep_default_na=False)
    for name in ("A.txt", "B.txt", "C.txt"):
        _plant_in_units(root / "transcripts" / name, units)
    units.to_csv(root / "tables" / "units.csv", index=False)
    codebook = pd.read_csv(root / "tables" / "codebook.csv", dtype=str, keep_default_na=False)
    codebook.loc[0, "description"] += " " + SENTENCE
    codebook.to_csv(root / "tables" / "codebook.csv", index=False)
    transcript = root / "transcripts" / "D.txt"  # also outside every unit
    transcript.write_text(transcript.read_text(encoding="utf-8")
                          + f"[00:40:00] P: {SENTENCE}\n", encoding="utf-8")
    discussion = root / "author" / "discussion.md"
    discussion.write_text(discussion.read_text(encoding="utf-8") + f"\n{SENTENCE}\n",
                          encoding="utf-8")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["privacy"] = {"extra_names": [STAFF]}
    data["reliability"]["bootstrap"] = 50
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")


def test_planted_identifiers_reach_no_output_and_the_run_publishes(demo_copy: Path) -> None:
    assert luhn_valid(PLANTED["personnummer"].replace("-", "")[2:])
    _plant(demo_copy)
    out = demo_copy.parent / "reports-out"
    result = run_cohort(demo_copy, out_root=out)
    report = result.report_dir
    assert (report / "index.html").is_file() and (report / "write-up.md").is_file()
    files = sorted(p for p in report.rglob("*")
                   if p.suffix in (".html", ".csv", ".json", ".md", ".ipynb"))
    assert len(files) > 20
    seen = ""
    for path in files:
        text = _readable(path)
        folded = text.casefold()
        for kind, value in PLANTED.items():
            assert value.casefold() not in folded, (path.relative_to(report), kind)
        for word in ("Holmström", "Sandell", "Johanna", "lena.falk", "mentors.example"):
            assert not re.search(rf"\b{re.escape(word)}", text, re.IGNORECASE), (path, word)
        assert "0701234567" not in text.replace(" ", "").replace("-", "")
        seen += text
    for placeholder in PLACEHOLDERS:
        assert placeholder in seen, placeholder
    quotes = (report / "artifacts" / "40_theme_synthesis-quotes.csv").read_text(encoding="utf-8")
    assert "[e-mail] or call [phone], my number is [ID], see [URL]; [mentor] and [name]" in quotes
    writeup = (report / "write-up.md").read_text(encoding="utf-8")
    writeup = writeup.replace("\\[", "[").replace("\\]", "]")  # Markdown escapes
    assert writeup.count("[mentor] and [name] agreed, and my friend [name] too.") >= 3
    # the private log, beside the pseudonym key and outside the report, lists every value
    logs = sorted((demo_copy.parent / "private").glob("demo-redactions-*.csv"))
    assert logs and not any(p.is_relative_to(out) for p in logs)
    logged = pd.concat([pd.read_csv(p, dtype=str) for p in logs])
    values = set(logged["value"])
    for kind, value in PLANTED.items():
        assert value in values, kind
    assert {"[e-mail]", "[phone]", "[ID]", "[URL]", "[mentor]", "[name]"} <= set(
        logged["placeholder"])
    assert set(logged.loc[logged["value"] == MENTOR, "kind"]) == {"mentor name"}
