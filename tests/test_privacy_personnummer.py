"""Swedish personnummer / samordningsnummer detection and the Luhn check."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replicate.privacy import find_identity_numbers, identity_number_kind, luhn_valid

# A widely used test number; check digit verified by hand (Luhn sum of 811228987 is 46).
VALID = "811228-9874"


@pytest.mark.parametrize(
    ("digits", "expected"),
    [
        ("8112289874", True),
        ("8112289875", False),  # check digit off by one
        ("79927398713", True),  # the textbook Luhn example (Wikipedia, "Luhn algorithm")
        ("79927398710", False),
        ("0", True),
        ("", False),
        ("12a4", False),
    ],
)
def test_luhn(digits: str, expected: bool) -> None:
    assert luhn_valid(digits) is expected


@pytest.mark.parametrize(
    "text",
    ["811228-9874", "8112289874", "19811228-9874", "198112289874", "811228+9874",
     "19811228 9874"],
)
def test_valid_forms(text: str) -> None:
    assert identity_number_kind(text) == "personnummer"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("811228-9875", "check digit"),
        ("811228-9884", "serial digit changed"),
        ("811328-9874", "month 13"),
        ("811232-9873", "day 32"),
        ("810229-0000", "serial 000"),
        ("17811228-9874", "century 17"),
        ("81122-89874", "wrong grouping"),
        ("811228-987", "too short"),
    ],
)
def test_invalid(text: str, why: str) -> None:
    assert identity_number_kind(text) is None, why


def test_samordningsnummer_day_plus_60() -> None:
    # 1970-10-03 as coordination number: day 63; serial 239; check digit 1 (hand-computed:
    # Luhn sum of 701063239 is 29, so the check digit is 1).
    assert identity_number_kind("701063-2391") == "samordningsnummer"
    assert identity_number_kind("701063-2392") is None
    assert identity_number_kind("701093-2391") is None  # day 93 - 60 = 33


def test_leap_day_century_independent() -> None:
    # 29 Feb 2000 exists, 29 Feb 1900 does not: a 10-digit number is accepted if either does.
    check = next(d for d in "0123456789" if luhn_valid(f"000229123{d}"))
    assert identity_number_kind(f"000229-123{check}") == "personnummer"
    assert identity_number_kind(f"19000229123{check}") is None
    assert identity_number_kind(f"20000229123{check}") == "personnummer"


def test_find_in_text() -> None:
    text = "pnr 811228-9874; tel 0701234567; date 20250901 1030; long 19811228-9874."
    found = find_identity_numbers(text)
    assert [(text[a:b], kind) for a, b, kind in found] == [
        ("811228-9874", "personnummer"),
        ("19811228-9874", "personnummer"),
    ]


def test_not_inside_longer_digit_runs() -> None:
    assert find_identity_numbers("1-811228-9874 and 811228-98745 and 5811228-9874") == []


@settings(max_examples=200, deadline=None)
@given(position=st.integers(0, 9), delta=st.integers(1, 9))
def test_single_digit_error_is_rejected(position: int, delta: int) -> None:
    # Luhn detects every single-digit error (Luhn 1960), so no mutated digit passes.
    digits = list(VALID.replace("-", ""))
    digits[position] = str((int(digits[position]) + delta) % 10)
    mutated = "".join(digits)
    assert identity_number_kind(f"{mutated[:6]}-{mutated[6:]}") is None
