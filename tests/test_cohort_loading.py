"""Loading a cohort: the tables-only load of the stages, and the transcript parser's joins."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from replicate.cohort import Cohort, load_cohort, validate_cohort
from replicate.errors import DataError
from replicate.transcripts import Turn, parse_transcript


def test_tables_only_load_has_the_same_tables_and_no_transcripts(demo_copy: Path) -> None:
    full = load_cohort(demo_copy)
    tables = load_cohort(demo_copy, transcripts=False)
    assert sorted(tables.tables) == sorted(full.tables)
    for name, frame in full.tables.items():
        pd.testing.assert_frame_equal(tables.tables[name], frame)
    assert tables.transcripts == {} and tables.texts == {}
    assert len(full.transcripts) == 12 and len(full.texts) == 12
    assert [p.turns for p in tables.pilots.values()] == [p.turns for p in full.pilots.values()]


def test_tables_only_load_still_finds_a_missing_transcript(demo_copy: Path) -> None:
    (demo_copy.parent / "transcripts" / "C.txt").unlink()
    messages = []
    for transcripts in (True, False):
        with pytest.raises(DataError) as info:
            load_cohort(demo_copy, transcripts=transcripts)
        messages.append(info.value.one_line())
    assert messages[0] == messages[1]
    assert messages[0] == ("demo-cohort/tables/participants.csv, row 4, column transcript: "
                           "transcript 'C.txt' is not in the transcripts folder")


def test_what_only_the_full_load_checks(demo_copy: Path) -> None:
    folder = demo_copy.parent / "transcripts"
    text = (folder / "B.txt").read_text(encoding="utf-8")
    (folder / "B.txt").write_text(text.replace("[00:00:", "stray line\n[00:00:", 1),
                                  encoding="utf-8")
    assert [p.one_line() for p in validate_cohort(demo_copy)] == [
        "demo-cohort/transcripts/B.txt, line 9: text before any speaker tag; each turn must "
        "start with 'I:' or 'P:'"]
    with pytest.raises(DataError, match="text before any speaker tag"):
        load_cohort(demo_copy)
    assert len(load_cohort(demo_copy, transcripts=False).tables) == 6  # left to validation


def test_transcript_names_are_shown_as_cohort_display(demo_copy: Path, tmp_path: Path) -> None:
    folder = demo_copy.parent / "transcripts"
    elsewhere = tmp_path / "elsewhere.txt"
    os.replace(folder / "D.txt", elsewhere)
    (folder / "D.txt").symlink_to(elsewhere)
    cohort = load_cohort(demo_copy)
    shown = Cohort(cohort.config).display
    assert {name: t.name for name, t in cohort.transcripts.items()} == {
        p.name: shown(p) for p in folder.iterdir()}
    assert cohort.transcripts["A.txt"].name == "demo-cohort/transcripts/A.txt"
    assert cohort.transcripts["D.txt"].name == "elsewhere.txt"  # the link is followed


def test_continuation_lines_join_with_one_space() -> None:
    t = parse_transcript("# a: b\nI:\n  first part\n\nsecond part  \nP: yes [laughs]\n  more\n")
    assert t.header == {"a": "b"}
    assert t.turns == (Turn("I", "first part second part", 2, None),
                       Turn("P", "yes [laughs] more", 6, None))
    assert [turn.words for turn in t.turns] == [4, 3] and t.words == 7
    assert parse_transcript("[1:02:03] P: x").turns[0].seconds == 3723.0
