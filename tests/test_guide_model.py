"""Guide YAML loading, error messages, structure checks, protocol matrix and change log."""

from __future__ import annotations

from pathlib import Path

import pytest

from replicate.errors import DataError
from replicate.guide import (
    GUIDE_FLAG_COLUMNS,
    analyse_pilots,
    change_log,
    check_guide,
    check_structure,
    guide_readability,
    load_guide,
    load_previous,
    parse_guide,
    protocol_matrix,
    readability_table,
    word_diff,
)

DATA = Path(__file__).parent / "data" / "guide"

HEAD = """version: "1.0"
language: en
title: T
planned_minutes: [40, 50]
areas:
  - id: a
    title: A
    questions:
"""  # 8 lines; questions start on line 9


def _guide(tmp_path: Path, text: str, name: str = "g.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _error(path: Path) -> DataError:
    with pytest.raises(DataError) as info:
        load_guide(path)
    return info.value


def test_fixture_loads() -> None:
    g = load_guide(DATA / "guide_v1.yaml")
    assert (g.version, g.language, g.planned_minutes) == ("1.0", "en", (40.0, 50.0))
    assert [q.id for q in g.main_questions()] == [f"Q{i}" for i in range(1, 9)]
    assert g.question("Q2").probes == ["Can you give me an example?"]
    assert g.line_of("Q5") == 37 and g.line_of("previous") == 56
    assert g.source == DATA / "guide_v1.yaml"
    prev = load_previous(g)
    assert prev is not None and prev.version == "0.9"
    with pytest.raises(KeyError):
        g.question("Q99")


def test_duplicate_question_id_names_file_and_line(tmp_path: Path) -> None:
    p = _guide(tmp_path, HEAD + """      - id: Q1
        kind: opening
        text: How did you meet?
      - id: Q1
        kind: key
        text: What did you talk about?
""")
    err = _error(p)
    assert err.file == str(p) and err.location == "line 12"
    assert "duplicate question id 'Q1' (first used on line 9)" in err.message
    assert str(err).startswith(f"{p}, line 12: duplicate question id")


def test_unknown_language_names_line(tmp_path: Path) -> None:
    p = _guide(tmp_path, HEAD.replace("language: en", "language: de")
               + "      - {id: Q1, kind: key, text: 'Hi?'}\n")
    err = _error(p)
    assert err.location == "line 2"
    assert err.message == "unknown language 'de'; allowed: en, sv"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("      - {id: Q1, kind: main, text: 'Hi?'}\n", 9,
         "areas[0].questions[0].kind: unknown kind 'main'; allowed: opening, key, closing, probe"),
        ("      - id: Q1\n        kind: key\n        txt: Hi?\n", 11,
         "unknown key 'txt' in areas[0].questions[0]; allowed keys: id, kind, text, probes"),
        ("      - id: Q1\n        kind: key\n        text: Hi?\n        probes: Tell me more\n",
         12, "areas[0].questions[0].probes: Input should be a valid list (got 'Tell me more')"),
        ("      - {id: 1st, kind: key, text: 'Hi?'}\n", 9,
         "areas[0].questions[0].id: '1st' is not a valid id"),
    ],
)
def test_bad_question_fields(tmp_path: Path, body: str, line: int, message: str) -> None:
    err = _error(_guide(tmp_path, HEAD + body))
    assert err.location == f"line {line}"
    assert err.message.startswith(message)


def test_wrong_types_and_values_at_top_level(tmp_path: Path) -> None:
    q = "      - {id: Q1, kind: key, text: 'Hi?'}\n"
    err = _error(_guide(tmp_path, HEAD.replace('"1.0"', "1.0") + q))
    assert (err.location, err.message) == (
        "line 1", 'version must be text; quote it, e.g. version: "1.0"')
    err = _error(_guide(tmp_path, HEAD.replace("[40, 50]", "[50, 40]") + q))
    assert err.location == "line 4" and "[shortest, longest]" in err.message
    err = _error(_guide(tmp_path, HEAD.replace("[40, 50]", "forty") + q))
    assert err.location == "line 4" and err.message.startswith("planned_minutes: Input should")
    err = _error(_guide(tmp_path, HEAD.replace("title: T\n", "") + q))
    assert err.message == "missing required key 'title'" and err.location == "line 1"


def test_unknown_research_question_and_duplicate_yaml_key(tmp_path: Path) -> None:
    text = HEAD.replace("    title: A\n", "    title: A\n    research_questions: [RQ9]\n")
    err = _error(_guide(tmp_path, text + "      - {id: Q1, kind: key, text: 'Hi?'}\n"))
    assert err.location == "line 8"
    assert "research question 'RQ9'" in err.message and "none defined" in err.message
    err = _error(_guide(tmp_path, HEAD.replace("title: T\n", "title: T\ntitle: U\n")
                        + "      - {id: Q1, kind: key, text: 'Hi?'}\n"))
    assert err.location == "line 4" and "key 'title' appears twice" in err.message


def test_not_utf8_yaml_syntax_and_not_a_mapping(tmp_path: Path) -> None:
    p = tmp_path / "latin1.yaml"
    p.write_bytes(HEAD.replace("title: T", "title: Intervjuguide för lärare").encode("latin-1"))
    err = _error(p)
    assert err.location == "line 3" and "not valid UTF-8" in err.message
    err = _error(_guide(tmp_path, "version: [\n"))
    assert err.message.startswith("not valid YAML") and err.location == "line 2"
    err = _error(_guide(tmp_path, "- a\n- b\n"))
    assert err.location == "line 1" and "YAML mapping" in err.message


def test_missing_previous_names_guide_line(tmp_path: Path) -> None:
    p = _guide(tmp_path, HEAD + "      - {id: Q1, kind: key, text: 'Hi?'}\nprevious: old.yaml\n")
    with pytest.raises(DataError) as info:
        load_previous(load_guide(p))
    assert info.value.file == str(p) and info.value.location == "line 10"
    assert "previous guide 'old.yaml' not found" in info.value.message
    assert load_previous(parse_guide(HEAD + "      - {id: Q1, kind: key, text: 'Hi?'}\n")) is None


# ---------------------------------------------------------------- structure
def test_structure_of_fixture() -> None:
    s = check_structure(load_guide(DATA / "guide_v1.yaml"))
    assert s[["check", "severity", "area"]].values.tolist() == [
        ["area_key_question", "info", "background"],
        ["area_key_question", "info", "closing"],
    ]


def test_structure_findings() -> None:
    g = parse_guide("""version: "1"
language: sv
title: T
planned_minutes: [40, 50]
research_questions: {RQ1: a, RQ2: b}
areas:
  - id: a
    title: A
    research_questions: [RQ1]
    questions:
      - {id: Q1, kind: key, text: 'Vad pratade ni om?'}
      - {id: Q2, kind: opening, text: 'Hur träffades ni?'}
  - id: b
    title: B
    questions:
      - {id: Q3, kind: closing, text: 'Hur var det?'}
      - {id: Q4, kind: probe, text: 'Kan du utveckla?'}
      - {id: Q5, kind: key, text: 'Hur kändes det?'}
""")
    s = check_structure(g)
    assert s[["check", "severity", "question_id"]].values.tolist() == [
        ["order", "warning", "Q2"],
        ["order", "warning", "Q4"],
        ["order", "warning", "Q5"],
        ["closing_invites_comments", "warning", "Q3"],
        ["rq_coverage", "warning", ""],
        ["rq_unmapped", "warning", "Q5"],
    ]
    assert "RQ2" in s.loc[s["check"] == "rq_coverage", "finding"].iloc[0]
    m = protocol_matrix(g)
    assert list(m.columns) == ["area", "question_id", "kind", "RQ1", "RQ2"]
    assert m["RQ1"].tolist() == [True, True, False, False, False]
    assert not m["RQ2"].any()


def test_structure_no_closing_and_area_without_key() -> None:
    g = parse_guide(HEAD + "      - {id: Q1, kind: opening, text: 'How did you meet?'}\n"
                    "      - {id: Q2, kind: probe, text: 'Tell me more.'}\n")
    s = check_structure(g)
    assert s[["check", "severity"]].values.tolist() == [
        ["no_closing", "warning"], ["area_key_question", "warning"], ["key_share", "info"]]


def test_readability_of_fixture() -> None:
    g = load_guide(DATA / "guide_v1.yaml")
    t = readability_table(g)
    assert t.loc[0, "words"] == 10 and t.loc[0, "sentences"] == 1
    r = guide_readability(g)
    assert r["n_questions"] == 8 and r["lix_band"] == "easy" and r["lix_flag"] is False
    assert r["fk_flag"] is False and r["fk_grade"] is not None and r["fk_grade"] < 10


# ---------------------------------------------------------------- change log
def test_change_log_fixture() -> None:
    new = load_guide(DATA / "guide_v1.yaml")
    old = load_previous(new)
    assert old is not None
    log = change_log(old, new)
    assert log[["question_id", "change", "rationale_missing"]].values.tolist() == [
        ["Q2", "probes changed", True],
        ["Q3", "reworded", False],
        ["Q4", "probes changed", True],
        ["Q7", "added", False],
        ["Q8", "reworded", True],
        ["Q9", "removed", True],
    ]
    q3 = log.set_index("question_id").loc["Q3"]
    assert q3["diff"] == ("[-Who set the agenda for-] {+How did you decide what to bring up in+} "
                          "your meetings?")
    assert q3["rationale"].startswith("Reworded; the pilot participant")


def test_change_log_kind_move_and_unused_rationale() -> None:
    a = parse_guide(HEAD + "      - {id: Q1, kind: key, text: 'Hi?'}\n"
                    "  - id: b\n    title: B\n    questions:\n"
                    "      - {id: Q2, kind: key, text: 'Ho?'}\n")
    b = parse_guide(HEAD + "      - {id: Q1, kind: opening, text: 'Hi?'}\n"
                    "      - {id: Q2, kind: key, text: 'Ho?'}\n"
                    "changes:\n  - {question: Q1, rationale: Easier start.}\n"
                    "  - {question: Q7, rationale: Typo.}\n")
    log = change_log(a, b)
    assert log[["question_id", "change", "area_old", "area_new", "rationale_missing"]
               ].values.tolist() == [
        ["Q1", "kind changed", "a", "a", False],
        ["Q2", "moved", "b", "a", True],
        ["Q7", "none detected", "", "", False],
    ]


def test_word_diff() -> None:
    assert word_diff("Who set the agenda?", "Who chose the topics?") == (
        "Who [-set-] {+chose+} the [-agenda?-] {+topics?+}")
    assert word_diff("same words", "same words") == "same words"


def test_check_guide_fixture_flags_only_the_flawed_question() -> None:
    flags = check_guide(load_guide(DATA / "guide_v1.yaml"))
    assert list(flags.columns) == list(GUIDE_FLAG_COLUMNS)
    assert flags[["question_id", "item", "rule", "matched"]].values.tolist() == [
        ["Q6", "question", "presupposing", "How much did the mentorship help"],
        ["Q6", "question", "jargon", "professional identity formation"],
    ]


def test_swedish_guide_lix_flag_reaches_checklist() -> None:
    g = parse_guide("""version: "1"
language: sv
title: T
planned_minutes: [40, 50]
areas:
  - id: a
    title: A
    questions:
      - {id: Q1, kind: key, text: 'Hur upplevde du handledningssamtalen?'}
      - {id: Q2, kind: closing, text: 'Beskriv kommunikationssvårigheterna.'}
""")
    # 6 words, 2 sentences, 4 long words: 6/2 + 100*4/6
    r = guide_readability(g)
    assert r["lix"] == round(3 + 400 / 6, 2) and r["lix_band"] == "very hard" and r["lix_flag"]
    assert r["fk_grade"] is None and r["fk_flag"] is False
    c = analyse_pilots(g, []).checklist
    assert c.loc[c["rule"] == "lix", "severity"].tolist() == ["warning"]
