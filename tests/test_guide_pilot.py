"""Pilot-transcript checks: coverage matching, timing, talk share, probes, checklist, figures."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from replicate.errors import DataError
from replicate.guide import (
    CHECKLIST_COLUMNS,
    PILOT_TABLE_COLUMNS,
    PilotReport,
    analyse_pilots,
    analyse_transcripts,
    coverage_heatmap,
    load_guide,
    parse_guide,
    talk_share_chart,
)
from replicate.transcripts import parse_transcript

DATA = Path(__file__).parent / "data" / "guide"
PILOTS = [DATA / "pilot_2.txt", DATA / "pilot_1.txt"]  # unsorted on purpose

SMALL = parse_guide("""version: "1"
language: en
title: T
planned_minutes: [40, 50]
areas:
  - id: a
    title: A
    questions:
      - {id: Q1, kind: key, text: 'What did you talk about with your mentor?'}
      - {id: Q2, kind: closing, text: 'Is there anything else you would like to add?'}
""")


@pytest.fixture(scope="module")
def report() -> PilotReport:
    return analyse_pilots(load_guide(DATA / "guide_v1.yaml"), PILOTS)


def test_coverage_finds_skipped_question_and_no_false_unasked(report: PilotReport) -> None:
    assert report.unasked == ("Q5",)
    cov = report.coverage
    asked = cov[cov["asked"]].groupby("pilot")["question_id"].apply(sorted).to_dict()
    expected = ["Q1", "Q2", "Q3", "Q4", "Q6", "Q7", "Q8"]
    assert asked == {"pilot_1": expected, "pilot_2": expected}
    q7 = cov[(cov["pilot"] == "pilot_1") & (cov["question_id"] == "Q7")].iloc[0]
    assert (q7["method"], q7["similarity"], q7["line"]) == ("tag", 1.0, 25)
    assert (cov.loc[cov["method"] == "similarity", "similarity"] >= 0.35).all()
    assert report.pilots["coverage"].tolist() == [0.875, 0.875]


@pytest.mark.parametrize("threshold", [0.28, 0.32, 0.37])
def test_coverage_is_stable_around_the_threshold(threshold: float) -> None:
    r = analyse_pilots(load_guide(DATA / "guide_v1.yaml"), PILOTS, match_threshold=threshold)
    assert r.unasked == ("Q5",)


def test_pilot_table_values(report: PilotReport) -> None:
    p = report.pilots.set_index("pilot")
    assert list(report.pilots.columns) == list(PILOT_TABLE_COLUMNS["pilots"])
    assert p.loc["pilot_1", ["minutes", "duration_source", "duration_flag"]].tolist() == [
        46.0, "header", False]
    # 31 min < 40 * 0.8 = 32 min
    assert p.loc["pilot_2", ["minutes", "duration_source", "duration_flag"]].tolist() == [
        31.0, "timestamps", True]
    # pilot_2 asks Q4 before Q2 and Q3: 2 discordant pairs of 21, tau = 17/21
    assert p.loc["pilot_2", "kendall_tau"] == pytest.approx(round(17 / 21, 3))
    assert p.loc["pilot_1", "kendall_tau"] == 1.0
    assert p.loc["pilot_1", "talk_share_basis"] == "time"
    assert p.loc["pilot_1", "talk_share_words"] == pytest.approx(
        round(p.loc["pilot_1", "interviewer_words"]
              / (p.loc["pilot_1", "interviewer_words"] + p.loc["pilot_1", "participant_words"]),
              3))


def test_probes_clarifications_candidates_answers(report: PilotReport) -> None:
    pr = report.probes
    flagged = pr[pr["classification"] == "flagged"]
    assert flagged[["pilot", "question_id", "line", "rules"]].values.tolist() == [
        ["pilot_1", "Q4", 17, "closed"]]
    assert set(pr.loc[pr["standard_probe"], "text"]) == {
        "Can you tell me more about that?", "Can you give me an example?", "How did that feel?"}
    assert report.clarifications[["pilot", "question_id", "line"]].values.tolist() == [
        ["pilot_1", "Q6", 20]]
    assert report.candidates[["pilot", "line", "text"]].values.tolist() == [
        ["pilot_1", 23, "How did your fellow students talk about their own mentors?"]]
    a = report.answers.set_index(["pilot", "question_id"])
    assert a.loc[("pilot_2", "Q2"), ["answer_words", "answer_sentences", "shallow"]].tolist() == [
        3, 1, True]
    assert a.loc[("pilot_1", "Q6"), "n_clarifications"] == 1
    sp = report.spoken
    assert set(sp.loc[sp["pilot"] == "pilot_2", "rule"]) == {"presupposing", "jargon"}


def test_checklist_ranked_by_severity(report: PilotReport) -> None:
    c = report.checklist
    assert list(c.columns) == list(CHECKLIST_COLUMNS)
    assert c["rank"].tolist() == list(range(1, len(c) + 1))
    sev = c["severity"].tolist()
    assert sev == sorted(sev, key=["warning", "info"].index)
    first = c.iloc[0]
    assert (first["source"], first["question_id"], first["rule"]) == (
        "pilot", "Q4", "flagged_probe")
    warn = set(zip(c.loc[c["severity"] == "warning", "question_id"],
                   c.loc[c["severity"] == "warning", "rule"], strict=True))
    assert {("Q5", "never_asked"), ("Q6", "clarification"), ("", "duration"),
            ("Q6", "presupposing"), ("Q6", "jargon"), ("Q7", "shallow_answers"),
            ("Q9", "rationale_missing")} <= warn
    assert ("Q8", "shallow_answers") not in warn  # closing answers may be short
    assert report.summary["checklist"] == {
        "warning": int((c["severity"] == "warning").sum()),
        "info": int((c["severity"] == "info").sum())}


def test_summary_is_json_and_deterministic(report: PilotReport) -> None:
    text = json.dumps(report.summary, allow_nan=False, sort_keys=True)
    s = json.loads(text)
    assert s["unasked"] == ["Q5"] and s["n_pilots"] == 2 and s["mean_coverage"] == 0.875
    assert s["guide"]["previous_version"] == "0.9"
    assert s["changes"]["missing_rationale"] == ["Q2", "Q4", "Q8", "Q9"]
    assert [p["pilot"] for p in s["pilots"]] == ["pilot_1", "pilot_2"]
    again = analyse_pilots(load_guide(DATA / "guide_v1.yaml"), list(reversed(PILOTS)))
    assert json.dumps(again.summary, allow_nan=False, sort_keys=True) == text
    pd.testing.assert_frame_equal(again.checklist, report.checklist)
    pd.testing.assert_frame_equal(again.coverage, report.coverage)


def test_talk_share_by_words_and_by_time() -> None:
    body = ("I: What did you talk about with your mentor?\n"
            "P: We talked about careers and about the ward and many other things too.\n"
            "I: Thank you.\n")
    r = analyse_transcripts(SMALL, [parse_transcript(body, name="w.txt")])
    row = r.pilots.iloc[0]
    assert (row["talk_share"], row["talk_share_basis"]) == (round(10 / 23, 3), "words")
    assert (row["minutes"], row["duration_source"]) == (round(23 / 130, 1), "estimated")
    stamped = ("[00:00:00] I: What did you talk about with your mentor?\n"
               "[00:00:30] P: We talked about careers and about the ward and many other things"
               " too.\n[00:02:00] I: Thank you.\n")
    row = analyse_transcripts(SMALL, [parse_transcript(stamped, name="t.txt")]).pilots.iloc[0]
    last = 2 / 130 * 60  # the last turn is timed at the speech rate
    assert row["talk_share"] == pytest.approx(round((30 + last) / (120 + last), 3))
    assert row["talk_share_basis"] == "time" and row["talk_share_words"] == round(10 / 23, 3)
    assert row["minutes"] == 2.0 and row["duration_source"] == "timestamps"


def test_swedish_pilot_matching_and_clarification() -> None:
    g = parse_guide("""version: "1"
language: sv
title: T
planned_minutes: [40, 50]
areas:
  - id: a
    title: A
    questions:
      - {id: Q1, kind: key, text: 'Vad brukade ni prata om när ni träffades?'}
      - {id: Q2, kind: key, text: 'Hur skulle du beskriva relationen till din mentor?'}
      - {id: Q3, kind: closing, text: 'Finns det något mer du vill tillägga?'}
""")
    t = parse_transcript(
        "Intervjuare: Vad pratade ni om när ni sågs?\n"
        "Deltagare: Vad menar du, under mötena?\n"
        "Intervjuare: Ja.\n"
        "Deltagare: Mest om kliniken och om framtiden.\n"
        "Intervjuare: Var det jobbigt?\n"
        "Deltagare: Ibland.\n"
        "Intervjuare: Finns det något mer du skulle vilja tillägga?\n"
        "Deltagare: Nej.\n", name="sv.txt")
    r = analyse_transcripts(g, [t])
    assert r.unasked == ("Q2",)
    assert r.clarifications[["question_id", "line"]].values.tolist() == [["Q1", 2]]
    assert r.probes[["line", "classification", "rules"]].values.tolist() == [
        [5, "flagged", "closed"]]


def test_no_pilots_gives_empty_tables_with_columns() -> None:
    r = analyse_pilots(SMALL, [])
    for name, cols in PILOT_TABLE_COLUMNS.items():
        assert list(getattr(r, name).columns) == list(cols) and getattr(r, name).empty
    assert r.unasked == () and r.summary["n_pilots"] == 0 and r.summary["mean_coverage"] is None


# ---------------------------------------------------------------- bad input
def test_transcript_without_speaker_tags(tmp_path: Path) -> None:
    p = tmp_path / "pilot_x.txt"
    p.write_text("# participant: X\nWhat did you talk about?\nCareers.\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        analyse_pilots(SMALL, [p])
    assert info.value.file == str(p) and info.value.location == "line 2"
    assert "speaker tag" in info.value.message


def test_unknown_tag_and_no_interviewer(tmp_path: Path) -> None:
    p = tmp_path / "pilot_t.txt"
    p.write_text("I: Hello.\nP: Hi.\nI: [Q9] What else?\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        analyse_pilots(SMALL, [p])
    assert (info.value.file, info.value.location) == (str(p), "line 3")
    assert "tag [Q9] names no question" in info.value.message and "Q1, Q2" in info.value.message
    with pytest.raises(DataError, match="no interviewer turns"):
        analyse_transcripts(SMALL, [parse_transcript("P: Only me.\n", name="p.txt")])
    with pytest.raises(DataError, match="both named 'p'"):
        analyse_transcripts(SMALL, [parse_transcript("I: Hi?\n", name="a/p.txt"),
                                    parse_transcript("I: Hi?\n", name="b/p.txt")])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"words_per_minute": 0}, "words_per_minute"),
     ({"match_threshold": 0.0}, "threshold"),
     ({"duration_tolerance": 1.5}, "duration_tolerance"),
     ({"max_talk_share": 0}, "max_talk_share")],
)
def test_parameter_validation(kwargs: dict[str, float], message: str) -> None:
    t = parse_transcript("I: Hi?\n", name="p.txt")
    with pytest.raises(ValueError, match=message):
        analyse_transcripts(SMALL, [t], **kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------- figures
def test_figures(report: PilotReport) -> None:
    fig = coverage_heatmap(report)
    assert isinstance(fig, Figure)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["Q1", "Q2", "Q3", "Q4", "Q5 (never asked)", "Q6", "Q7", "Q8"]
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["pilot_1", "pilot_2"]
    fig2 = talk_share_chart(report)
    assert isinstance(fig2, Figure)
    bars = fig2.axes[0].patches
    assert [round(b.get_width(), 3) for b in bars] == report.pilots["talk_share"].tolist()
