"""E-mail, phone and private-path detectors, and masking."""

from __future__ import annotations

from pathlib import PureWindowsPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replicate.privacy import find_emails, find_phone_numbers, mask
from replicate.privacy.patterns import PathMatcher


def _spans(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in spans]


def test_emails() -> None:
    text = "Mail anna.lind@ki.se, A_B+tag@mail.example.org. Not: x@y, @handle, a@b.c"
    assert _spans(text, find_emails(text)) == ["anna.lind@ki.se", "A_B+tag@mail.example.org"]


@pytest.mark.parametrize(
    "number",
    ["070-123 45 67", "+46 70 123 45 67", "0701234567", "08-123 456 78",
     "+44 20 7946 0958", "0046 8 524 800 00"],
)
def test_phone_numbers_found(number: str) -> None:
    text = f"Ring mig på {number} i morgon."
    assert _spans(text, find_phone_numbers(text)) == [number]


@pytest.mark.parametrize(
    "text",
    [
        "[00:00:05] I: We met on 2025-09-01 at 10:30 and talked for 45 min.",
        "Between 2009 and 2011, 122 students; aged 25-38; pages 12-15; 40–50 min.",
        "pnr 811228-9874 is not a phone number",
        "ISBN 978-3-16-148410-0, doi 10.1080/0142159X.2012.655",
    ],
)
def test_phone_numbers_no_false_positives(text: str) -> None:
    assert find_phone_numbers(text) == []


def test_path_matcher_given_and_home() -> None:
    matcher = PathMatcher(["/srv/cohorts/ki-2025/", PureWindowsPath(r"D:\Data\Study")])
    text = (
        "cfg /srv/cohorts/ki-2025/cohort.yaml; other /srv/cohorts/ki-2025b; "
        r"win d:\data\study\x.csv and D:/Data/Study; home /home/anna/x, /Users/bo/, "
        r"C:\Users\eva\AppData; url https://site.org/home/about"
    )
    found = [(text[a:b], kind) for a, b, kind in matcher.find(text)]
    assert found == [
        ("/srv/cohorts/ki-2025", "private path"),
        (r"d:\data\study", "private path"),
        ("D:/Data/Study", "private path"),
        ("/home/anna", "home path"),
        ("/Users/bo", "home path"),
        (r"C:\Users\eva", "home path"),
    ]


def test_path_matcher_ignores_roots() -> None:
    assert PathMatcher(["/", "C:\\", ""]).find("/usr/lib and C:\\Windows") == []


@pytest.mark.parametrize(
    ("value", "masked"),
    [("198112289874", "19**********"), ("811228-9874", "81****-****"), ("S001", "S***"),
     ("anna@example.org", "an**@*******.***"), ("+46 70 123 45 67", "+4* ** *** ** **"),
     ("Åsa Öberg", "Ås* *****")],
)
def test_mask(value: str, masked: str) -> None:
    assert mask(value) == masked


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=40))
def test_mask_keeps_length_and_hides_all_but_two(value: str) -> None:
    masked = mask(value)
    assert len(masked) == len(value)
    assert all(m == "*" for m, v in zip(masked[2:], value[2:], strict=True) if v.isalnum())
