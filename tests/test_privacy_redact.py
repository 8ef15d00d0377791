"""Redaction: identifying values become role placeholders before any output is written."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replicate.artifacts import StageResult, read_table
from replicate.errors import ConfigError, PrivacyError
from replicate.privacy import (
    RedactionPolicy,
    Redactor,
    assert_publishable,
    cohort_redactor,
    identifying_values,
    redact,
)
from replicate.privacy.outputs import LoggedRedaction, write_redaction_log

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo-cohort"

STUDENTS = pd.DataFrame({"student_id": ["S001", "S002"], "name": ["Julia Berg", "Omar Haddad"],
                         "email": ["julia.berg@student.ki.se", "omar@example.org"]})
MENTORS = pd.DataFrame({"mentor_id": ["M017"], "name": ["Dr Karl Öberg"]})
IDS = identifying_values(STUDENTS, MENTORS)


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor(IDS, people=["Lena Sjöqvist"], extra_names=["Danderyd", "avdelning 12"],
                    not_names=["Vera"], id_patterns=[r"KI-\d{6}"])


@pytest.mark.parametrize(("text", "expected"), [
    ("Julia sa att Öberg lyssnade.", "[student] sa att [mentor] lyssnade."),
    ("JULIA BERG and omar haddad", "[student] and [student]"),
    ("Mail julia.berg@student.ki.se today", "Mail [e-mail] today"),
    ("Ring 070-123 45 67 eller +46 8 123 456 78", "Ring [phone] eller [phone]"),
    ("call +44 20 7946 0958 or (212) 555-0123", "call [phone] or (212) 555-0123"),
    ("pnr 811228-9874, 19811228-9874 och 8112289874", "pnr [ID], [ID] och [ID]"),
    ("samordningsnummer 701063-2391", "samordningsnummer [ID]"),
    ("wrong check digit 811228-9875", "wrong check digit 811228-9875"),
    ("see https://example.org/u/julia?x=1. Or www.ki.se!", "see [URL]. Or [URL]!"),
    ("journal KI-123456 and S002", "journal [ID] and [ID]"),
    ("Lena Sjöqvist interviewed; Sjöqvist took notes", "[name] interviewed; [name] took notes"),
    ("At Danderyd, on Avdelning 12.", "At [name], on [name]."),
    ("My sister Emma and her friend Åsa came.", "My sister [name] and her friend [name] came."),
    ("Emma's brother", "[name]'s brother"),
    ("Will you come? Hope so. Then Klara said no.", "Will you come? Hope so. Then [name] said no."),
    ("Vera was there, and May was warm.", "Vera was there, and May was warm."),
    ("On 2025-09-01 at 14:30, pages 123-145.", "On 2025-09-01 at 14:30, pages 123-145."),
])
def test_redact_replaces_by_role(redactor: Redactor, text: str, expected: str) -> None:
    assert redactor.redact(text) == expected


def test_redact_logs_kinds_and_values(redactor: Redactor) -> None:
    out, log = redactor.redact_logged("Julia (S001) met Öberg, 070-123 45 67")
    assert out == "[student] ([ID]) met [mentor], [phone]"
    assert [(r.kind, r.placeholder, r.value) for r in log] == [
        ("student name", "[student]", "Julia"), ("student id", "[ID]", "S001"),
        ("mentor name", "[mentor]", "Öberg"), ("phone number", "[phone]", "070-123 45 67"),
    ]
    assert "Julia" not in repr(log)


def test_default_redact_needs_no_roster() -> None:
    assert redact("Anna: anna@ki.se, 811228-9874") == "[name]: [e-mail], [ID]"


def test_decomposed_and_folded_text_is_matched(redactor: Redactor) -> None:
    decomposed = "O\u0308berg"  # what macOS file names use
    assert redactor.redact(f"{decomposed} kom") == "[mentor] kom"
    assert redactor.redact("Straße, ﬁne, Julia") == "Straße, ﬁne, [student]"


def test_bad_id_pattern_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"privacy\.id_patterns"):
        Redactor(id_patterns=["("])
    with pytest.raises(ConfigError, match="empty string"):
        Redactor(id_patterns=[r"\d*"])


def test_demo_units_false_positives() -> None:
    """Given names taken for names on the demo's 448 units (text and condensed): none."""
    units = pd.read_csv(DEMO / "tables" / "units.csv")
    r = Redactor()
    found = [x.value for col in ("text", "condensed") for t in units[col].astype(str)
             for x in r.redact_logged(t)[1]]
    assert len(units) == 448
    assert found == []
    # Sentence-initial "My" and "Even" (both on the given-name list) are among the words
    # the rule has to leave alone.
    assert units["text"].str.contains(r"(?:^|\. )My ").any()


def _policy(tmp_path: Path) -> RedactionPolicy:
    return RedactionPolicy(Redactor(IDS), tmp_path / "private", "demo")


def test_stage_result_redacts_tables_summary_and_logs_privately(tmp_path: Path) -> None:
    run = tmp_path / "run"
    res = StageResult("40_theme_synthesis", redaction=_policy(tmp_path))
    res.summary = {"sentence": "Quoted Julia Berg.", "n": 3}
    res.tables["quotes"] = pd.DataFrame({"text": ["Öberg listened to me.", "=1+1", "-3"],
                                         "rank": [1, 2, 3]})
    res.notes["headline"] = "Mail omar@example.org"
    res.write(run)
    csv = (run / "artifacts" / "40_theme_synthesis-quotes.csv").read_text(encoding="utf-8")
    assert csv == "text,rank\n[mentor] listened to me.,1\n'=1+1,2\n-3,3\n"
    assert json.loads((run / "artifacts" / "40_theme_synthesis.json").read_text())[
        "sentence"] == "Quoted [student]."
    assert read_table(run, "40_theme_synthesis", "quotes")["text"].tolist() == [
        "[mentor] listened to me.", "=1+1", "-3"]
    log = (tmp_path / "private" / "demo-redactions-40_theme_synthesis.csv").read_text()
    assert log.splitlines() == [
        "file,where,kind,placeholder,value,count",
        "artifacts/40_theme_synthesis-quotes.csv,\"column text, row 1\",mentor name,[mentor],"
        "Öberg,1",
        "artifacts/40_theme_synthesis.json,sentence,student name,[student],Julia Berg,1",
        "stages/40_theme_synthesis.html,note headline,e-mail,[e-mail],omar@example.org,1",
    ]
    assert not any("Julia" in p.read_text() for p in (run / "artifacts").iterdir())
    assert_publishable(run, IDS)  # the gate agrees


def test_a_table_shown_after_write_is_the_one_write_redacted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from replicate.privacy import outputs

    def result() -> StageResult:
        res = StageResult("40_theme_synthesis", redaction=_policy(tmp_path))
        res.tables["quotes"] = pd.DataFrame({"text": ["Öberg listened to me.", "fine"],
                                             "rank": [1, 2]})
        return res

    fresh = result().html("quotes")  # never written: redacted for the page
    assert "[mentor] listened" in fresh and "Öberg" not in fresh
    written = result()
    written.write(tmp_path / "run")
    calls: list[str] = []
    real = outputs.redact_frame
    monkeypatch.setattr("replicate.artifacts.redact_frame",
                        lambda *a, **k: calls.append("again") or real(*a, **k))
    assert written.html("quotes") == fresh and calls == []  # not redacted a second time
    written.tables["quotes"] = written.tables["quotes"].assign(text=["Öberg again", "x"])
    assert "[mentor] again" in written.html("quotes") and calls == ["again"]  # a new table


def test_redaction_log_is_refused_inside_a_report(tmp_path: Path) -> None:
    with pytest.raises(PrivacyError, match="inside a report folder"):
        write_redaction_log([], tmp_path / "r" / "log.csv", report_folders=[tmp_path / "r"])


def test_cohort_redactor_reads_config_lists(tmp_path: Path) -> None:
    privacy = SimpleNamespace(extra_names=("Huddinge",), not_names=("Emma",),
                              id_patterns=(r"KI-\d{6}",), key_dir="private")
    config = SimpleNamespace(
        privacy=privacy, root=tmp_path, study=SimpleNamespace(id="x"),
        writeup=SimpleNamespace(researchers=(SimpleNamespace(name="Lena Sjöqvist"),)))
    cohort = SimpleNamespace(config=config, tables={
        "students": STUDENTS, "mentors": MENTORS,
        "participants": pd.DataFrame({"interviewer": ["SK", "Pernilla"]}),
        "codings": pd.DataFrame({"coder": ["CS"]})})
    policy = cohort_redactor(cohort)  # type: ignore[arg-type]
    assert policy.log_path("10_x") == tmp_path / "private" / "x-redactions-10_x.csv"
    assert policy.redactor.redact(
        "Sjöqvist, Pernilla and SK at Huddinge with Emma, KI-000001; Julia") == (
        "[name], [name] and SK at [name] with Emma, [ID]; [student]")


def test_logged_redaction_repr_hides_value() -> None:
    entry = LoggedRedaction("f", "w", Redactor().redact_logged("Anna")[1][0])
    assert "Anna" not in repr(entry)


def test_statistics_named_after_people_are_not_names() -> None:
    """The reports' own terms keep their eponyms; the same names elsewhere are redacted."""
    from replicate.privacy import Redactor

    r = Redactor()
    kept = ("Scott's pi (Scott 1955) and Kendall's tau; Scott’s π; see Scott, 1955.")
    assert r.redact(kept) == kept
    assert r.redact("Then Scott told me to apply.") == "Then [name] told me to apply."
    said = "I asked Scott, my classmate, in 2019."
    assert r.redact(said) == "I asked [name], my classmate, in 2019."


def test_tables_redacted_with_one_memo_log_every_row_of_each_table() -> None:
    """Tables sharing texts are searched once per distinct text (one memo for a stage's
    tables), and every row of every table still gets its own log entry."""
    import pandas as pd

    from replicate.privacy.outputs import redact_frame

    redactor = Redactor(people=["Lena Sjöqvist"])
    memo: dict[str, tuple[str, list[object]]] = {}
    said = "Lena Sjöqvist called on 070-123 45 67"
    a = pd.DataFrame({"text": [said, "nothing here", said], "n": [1, 2, 3]})
    b = pd.DataFrame({"quote": ["nothing here", said]})
    out_a, log_a = redact_frame(a, redactor, file="a.csv", memo=memo)  # type: ignore[arg-type]
    out_b, log_b = redact_frame(b, redactor, file="b.csv", memo=memo)  # type: ignore[arg-type]
    assert set(memo) == {said, "nothing here"}
    assert out_a["text"].tolist()[0] == out_b["quote"].tolist()[1] == "[name] called on [phone]"
    assert [(e.file, e.where) for e in log_a] == [
        ("a.csv", "column text, row 1"), ("a.csv", "column text, row 1"),
        ("a.csv", "column text, row 3"), ("a.csv", "column text, row 3")]
    assert [(e.file, e.where) for e in log_b] == [("b.csv", "column quote, row 2")] * 2
    assert out_a["n"].tolist() == [1, 2, 3]


@settings(max_examples=400, deadline=None)
@given(letters=st.text(alphabet="ABCUSXabcusx", min_size=1, max_size=3),
       digits=st.text(alphabet="0123456789", min_size=7, max_size=15),
       region=st.sampled_from(["SE", "GB", "US", "DE", "NO"]))
def test_an_id_of_letters_then_digits_holds_no_phone_number(letters: str, digits: str,
                                                            region: str) -> None:
    # the redactor skips libphonenumber for such ids (unit ids); the library agrees
    from replicate.privacy.patterns import find_phone_numbers

    assert find_phone_numbers(letters + digits, region=region) == []


def test_a_phone_number_in_an_id_with_separators_is_still_found() -> None:
    r = Redactor(region="SE")
    assert r.redact("U0701234567") == "U0701234567"
    assert r.redact("U-070-123 45 67") == "U-[phone]"


def test_a_cohorts_redactor_is_made_once_and_kept(demo_copy: Path) -> None:
    import dataclasses

    from replicate.cohort import load_cohort
    from replicate.privacy import cohort_redactor

    cohort = load_cohort(demo_copy, transcripts=False)
    first = cohort_redactor(cohort)
    assert cohort_redactor(cohort) is first  # stage 50 asks twice; a roster takes seconds
    other = dataclasses.replace(cohort)  # another cohort object: its own redactor
    assert cohort_redactor(other) is not first
    assert cohort_redactor(other).redactor.redact("S001") == first.redactor.redact("S001")


_CELLS = st.one_of(
    st.sampled_from(["Lena Sjöqvist called", "nothing here", "=SUM(A1)", "-3.5", "-- dash",
                     "mail lena@example.org", "", "  ", "070-123 45 67", "Lena"]),
    st.none(), st.just(float("nan")), st.integers(-3, 3), st.text(max_size=12))


def _cell_by_cell(frame: pd.DataFrame, redactor: Redactor) -> tuple[pd.DataFrame, list[object]]:
    """The reference: every text cell redacted on its own, in row order."""
    out, log = frame.copy(), []
    for col in range(frame.shape[1]):
        series = frame.iloc[:, col]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        new, changed = [], False
        for row, cell in enumerate(series.tolist(), start=1):
            if isinstance(cell, str) and cell:
                text, found = redactor.redact_logged(cell)
                changed |= bool(found)
                log += [LoggedRedaction("t.csv", f"column {frame.columns[col]}, row {row}", r)
                        for r in found]
                new.append(text)
            else:
                new.append(cell)
        if changed:
            out.isetitem(col, pd.array(new, dtype=object))
    return out, log


@settings(max_examples=150, deadline=None)
@given(columns=st.lists(st.lists(_CELLS, min_size=4, max_size=4), min_size=1, max_size=3))
def test_a_table_redacted_by_distinct_texts_equals_it_redacted_cell_by_cell(
        columns: list[list[object]]) -> None:
    from replicate.privacy import csv_safe_frame
    from replicate.privacy.escaping import csv_safe_cell
    from replicate.privacy.outputs import redact_frame

    frame = pd.DataFrame({f"c{i}": pd.array(col, dtype=object) for i, col in enumerate(columns)})
    redactor = Redactor(people=["Lena Sjöqvist"])
    out, log = redact_frame(frame, redactor, file="t.csv")
    ref, ref_log = _cell_by_cell(frame, redactor)
    pd.testing.assert_frame_equal(out, ref)
    assert log == ref_log
    safe = csv_safe_frame(frame)
    for name in frame.columns:
        cells = frame[name].tolist()
        assert [type(v) for v in safe[name].tolist()] == [type(csv_safe_cell(v)) for v in cells]
        assert [v for v in safe[name].tolist() if v == v] == [
            csv_safe_cell(v) for v in cells if v == v]  # NaN cells stay NaN


_PIECES = ["Julia", "Berg", "S002", "s002", "U0000764", "AB1234567", "U8112289874",
           "811228-9874", "8112289874",
           "070-123 45 67", "0701234567", "julia.berg@student.ki.se", "@", "www.ki.se",
           "https://x.org/a", "KI-123456", "Emma", "Jose\u0301", "José", "Vera", "Lena",
           "Sjöqvist", "ÖBERG", "Danderyd", "avdelning 12", "12345", "9", "\n", " ", ".", "-",
           "x", "the ward"]


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.lists(st.sampled_from(_PIECES), max_size=5).map("".join),
                      max_size=8))
def test_texts_redacted_together_equal_them_redacted_one_by_one(texts: list[str]) -> None:
    # redact_each screens the texts as one joined text first; what it returns must be what
    # redact_logged gives each text (its spans, its placeholders, its NFC form)
    redactor = Redactor(IDS, people=["Lena Sjöqvist"], extra_names=["Danderyd", "avdelning 12"],
                        not_names=["Vera"], id_patterns=[r"KI-\d{6}", r"^\d{5}$"])
    for r in (redactor, Redactor()):
        assert [(t, list(f)) for t, f in r.redact_each(texts)] == [
            r.redact_logged(t) for t in texts]


def test_ids_redacted_together_are_screened_as_a_group() -> None:
    # a column of ids with no finding: no id is searched on its own
    redactor = Redactor(IDS, people=["Lena Sjöqvist"])
    ids = [f"U{i:07d}" for i in range(1000)]
    assert redactor._may_find(ids) == []
    assert redactor._may_find([*ids, "S002", "811228-9874"]) == [1000, 1001]
    assert redactor.redact_each(["U0000001", "S002"]) == [
        ("U0000001", ()), redactor.redact_logged("S002")]
