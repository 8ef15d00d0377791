"""Identifying values from the rosters and the whole-word token matcher."""

from __future__ import annotations

import re

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from replicate.privacy import Identity, IdentitySet, identifying_values
from replicate.privacy.matching import TokenMatcher, fold, tokens


def _values(ids: IdentitySet, kind: str) -> list[str]:
    return sorted(i.value for i in ids if i.kind == kind)


def _rosters() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    students = pd.DataFrame({
        "student_id": ["S001", "S2", "S003"],
        "name": ["Anna-Karin Lindqvist", "Bo Berg", None],
        "email": ["akl@example.org", "", None],
        "course": ["Course 1", "Course 1", "Course 2"],
    })
    mentors = pd.DataFrame({"mentor_id": ["M001"], "name": ["Dr Example"],
                            "specialty": ["Surgery"]})
    participants = pd.DataFrame({"pseudonym": ["A"], "student_id": ["S001"],
                                 "transcript": ["A.txt"]})
    return students, mentors, participants


def test_identifying_values_rules() -> None:
    ids = identifying_values(*_rosters())
    assert _values(ids, "student id") == ["S001", "S003"]  # S2 too short; S001 once
    assert _values(ids, "mentor id") == ["M001"]
    assert _values(ids, "e-mail") == ["akl@example.org"]
    assert _values(ids, "name") == [
        "Anna",  # part of a hyphenated first name, 4 letters
        "Anna-Karin",
        "Anna-Karin Lindqvist",
        "Berg Bo",  # surname first; full names are always searched
        "Bo Berg",
        "Dr Example",  # the full name; "Example" alone is a common word, "Dr" a title
        "Karin",
        "Lindqvist",
        "Lindqvist Anna-Karin",
    ]  # not "Bo" (2 letters), not "Berg" (a common word: mountain)
    assert ids.counts() == {"e-mail": 1, "mentor id": 1, "name": 9, "student id": 2}
    # The columns that are not identifying (course, specialty, pseudonym) give nothing.
    assert "Course 1" not in {i.value for i in ids} and "A" not in {i.value for i in ids}


def test_short_id_note_is_masked() -> None:
    ids = identifying_values(*_rosters())
    assert ids.notes == (
        "students.student_id, row 3: id 'S*' has fewer than 3 characters; not searched for "
        "(it would match ordinary text)",
    )


def test_one_word_common_name_noted() -> None:
    ids = identifying_values(pd.DataFrame({"student_id": ["S001"], "name": ["Berg"]}))
    assert _values(ids, "name") == []
    assert ids.notes == ("students.name, row 2: name 'B***' is one short or common word; not "
                         "searched for alone",)


def test_number_in_a_name_is_not_searched_alone() -> None:
    # 4-digit numbers in generated names would match counts and years in every report
    students = pd.DataFrame({"student_id": ["S0412"], "name": ["Synthetic Student 0412"]})
    ids = identifying_values(students)
    assert _values(ids, "name") == ["0412 Synthetic Student", "Synthetic Student 0412"]
    assert not ids.matcher.find("2000 students; 0412 of them eligible")
    assert ids.matcher.find("Synthetic Student 0412 said so")


def test_extra_common_words_and_none_tables() -> None:
    students = pd.DataFrame({"student_id": ["S001"], "name": ["Tove Lindqvist"]})
    ids = identifying_values(students, None, None, extra_common_words=["LINDQVIST"])
    assert _values(ids, "name") == ["Lindqvist Tove", "Tove", "Tove Lindqvist"]
    assert len(identifying_values()) == 0


def test_repr_never_shows_values() -> None:
    ids = identifying_values(*_rosters())
    assert "Lindqvist" not in repr(ids) and "S001" not in repr(ids)
    assert "Lindqvist" not in repr(ids.identities[0])


def test_matcher_whole_words_ignoring_case() -> None:
    matcher = TokenMatcher([Identity("name", "Anna Lind", "t"), Identity("name", "Anna", "t"),
                            Identity("student id", "S001", "t")])
    text = "ANNA  lind said\nannalind, Annas, s0012, xS001\nanna_lind.csv and S001."
    found = [(m, line, i.value) for m, line, i in matcher.find(text)]
    assert found == [("ANNA lind", 1, "Anna Lind"), ("anna_lind", 3, "Anna Lind"),
                     ("S001", 3, "S001")]


def test_matcher_unicode_forms() -> None:
    matcher = TokenMatcher([Identity("name", "Åsa Öberg", "t")])
    decomposed = "A\u030asa O\u0308berg"  # NFD, as macOS file names and some editors write
    assert [line for _, line, _ in matcher.find(f"x\n{decomposed}")] == [2]
    assert [m for m, _, _ in matcher.find("ÅSA ÖBERG")] == ["ÅSA ÖBERG"]


def test_from_values_union() -> None:
    a = IdentitySet.from_values({"S001": "student id"})
    b = IdentitySet.from_values({"s001": "student id", "Bo Berg": "name"})
    assert [(i.kind, i.value) for i in a.union(b)] == [("name", "Bo Berg"),
                                                       ("student id", "S001")]


@settings(max_examples=60, deadline=None)
@given(
    filler=st.lists(st.sampled_from(["the", "mentor", "said", "Berg", "for", "example", "\n",
                                     "we", "met", "S00", "2024", "Annas"]), max_size=60),
    at=st.integers(0, 60),
    which=st.sampled_from(["Anna Lindqvist", "S001", "Lindqvist"]),
)
def test_matcher_finds_inserted_value_on_its_line(filler: list[str], at: int, which: str) -> None:
    ids = identifying_values(pd.DataFrame({"student_id": ["S001"], "name": ["Anna Lindqvist"]}))
    words = [*filler[:at], which, *filler[at:]]
    text = " ".join(words)
    found = ids.matcher.find(text)
    expected_line = filler[:at].count("\n") + 1
    assert [(m, line) for m, line, _ in found] == [(which, expected_line)]


def _walk_every_token(matcher_values: list[str], text: str) -> list[tuple[str, int, str]]:
    """Leftmost-longest, non-overlapping matching by visiting every token (the reference)."""
    values = sorted(((tuple(tokens(v)), v) for v in matcher_values),
                    key=lambda c: (-len(c[0]), c[1]))
    folded = fold(text)
    shown = text if len(folded) == len(text) else folded
    spans = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\W_]+", folded)]
    words = [s[2] for s in spans]
    found, i = [], 0
    while i < len(words):
        step = 1
        for toks, value in values:
            if tuple(words[i : i + len(toks)]) == toks:
                start, end = spans[i][0], spans[i + len(toks) - 1][1]
                found.append((" ".join(shown[start:end].split()),
                              folded.count("\n", 0, start) + 1, value))
                step = len(toks)
                break
        i += step
    return found


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["anna", "Lind", "ANNA", "lind", "bo", "berg", "S001", "the",
                                 "\n", " ", "-", "_", ",", "ǅ", "ﬁle", "Straße", "0412"]),
                max_size=40))
def test_matcher_visits_only_first_tokens_but_finds_the_same(words: list[str]) -> None:
    values = ["Anna Lind", "Anna", "Lind Anna", "S001", "Bo Berg", "Berg", "file", "strasse",
              "0412 Synthetic Student"]
    matcher = TokenMatcher([Identity("name", v, "test") for v in values])
    text = " ".join(words)
    got = [(m, line, ident.value) for m, line, ident in matcher.find(text)]
    assert got == _walk_every_token(values, text)
