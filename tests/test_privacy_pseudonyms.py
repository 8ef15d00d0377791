"""Pseudonym letters and the private key file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replicate.errors import DataError, PrivacyError
from replicate.privacy import assign_pseudonyms, pseudonym_label, read_key, write_key


def test_labels() -> None:
    assert [pseudonym_label(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
    with pytest.raises(ValueError, match=">= 0"):
        pseudonym_label(-1)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 20_000))
def test_labels_are_bijective_base_26(index: int) -> None:
    label = pseudonym_label(index)
    value = 0
    for ch in label:
        value = value * 26 + (ord(ch) - ord("A") + 1)
    assert value - 1 == index and label.isalpha() and label.isupper()


def test_assign_in_given_order() -> None:
    assert assign_pseudonyms(["S010", "S002", " S007 "]) == {"S010": "A", "S002": "B",
                                                             "S007": "C"}


def test_assign_with_seed_is_a_reproducible_shuffle() -> None:
    ids = [f"S{i:03d}" for i in range(30)]
    first = assign_pseudonyms(ids, seed=7)
    assert first == assign_pseudonyms(ids, seed=7)
    assert first != assign_pseudonyms(ids)
    assert sorted(first) == ids
    assert sorted(first.values(), key=lambda p: (len(p), p)) == [
        pseudonym_label(i) for i in range(30)]


@pytest.mark.parametrize(("ids", "message"), [(["S001", "S001"], "listed twice"),
                                              (["S001", " "], "empty student id")])
def test_assign_rejects(ids: list[str], message: str) -> None:
    with pytest.raises(DataError, match=message) as info:
        assign_pseudonyms(ids)
    assert "S001" not in str(info.value)


def test_write_key_outside_report(tmp_path: Path) -> None:
    report = tmp_path / "reports" / "ki"
    report.mkdir(parents=True)
    (tmp_path / "private").mkdir()
    key = {"S002": "B", "S001": "A", "S027": "AA", "S026": "Z"}
    path = tmp_path / "private" / "key.csv"
    write_key(key, path, report_folders=[report])
    assert path.read_text(encoding="utf-8") == (
        "pseudonym,student_id\nA,S001\nB,S002\nZ,S026\nAA,S027\n")
    assert read_key(path) == {"S001": "A", "S002": "B", "S026": "Z", "S027": "AA"}
    assert [p.name for p in (tmp_path / "private").iterdir()] == ["key.csv"]  # no temp left


def test_write_key_refuses_report_folder(tmp_path: Path) -> None:
    report = tmp_path / "reports" / "ki"
    (report / "artifacts").mkdir(parents=True)
    sneaky = tmp_path / "reports" / "other" / ".." / "ki" / "artifacts" / "key.csv"
    for target in (report / "key.csv", report / "artifacts" / "key.csv", sneaky):
        with pytest.raises(PrivacyError, match="inside a report folder"):
            write_key({"S001": "A"}, target, report_folders=report)
    link = tmp_path / "link"
    os.symlink(report, link)
    with pytest.raises(PrivacyError):
        write_key({"S001": "A"}, link / "key.csv", report_folders=[report])
    assert not (report / "key.csv").exists()


def test_write_key_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="folder does not exist"):
        write_key({"S001": "A"}, tmp_path / "nope" / "key.csv", report_folders=[])


def test_read_key_rejects(tmp_path: Path) -> None:
    path = tmp_path / "key.csv"
    path.write_text("id,letter\nS001,A\n", encoding="utf-8")
    with pytest.raises(DataError, match="header must be pseudonym,student_id"):
        read_key(path)
    path.write_text("pseudonym,student_id\nA,S001\nA,S002\n", encoding="utf-8")
    with pytest.raises(DataError, match="repeated") as info:
        read_key(path)
    assert info.value.location == "line 3"


def test_pseudonyms_sort_as_a_reader_counts_them() -> None:
    import pandas as pd

    from replicate.privacy import pseudonym_label, pseudonym_order
    from replicate.synthesis import participant_attributes, pseudonyms

    letters = [pseudonym_label(i) for i in range(30)]
    assert sorted(letters[::-1], key=pseudonym_order) == letters  # ... Y, Z, AA, AB
    numbered = [f"P{i}" for i in range(1, 13)]
    frame = pd.DataFrame({"pseudonym": numbered[::-1]})
    assert list(pseudonyms(frame)) == numbered  # P2 before P10
    assert participant_attributes(None, numbered[::-1]).index.tolist() == numbered
