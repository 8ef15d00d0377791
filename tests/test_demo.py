"""Tests of the synthetic demo cohort generator (replicate.demo)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from replicate.demo import generate_demo
from replicate.demo.codebook import HIERARCHY, NEIGHBOURS, NO_DOCTOR
from replicate.demo.rand import pseudonym
from replicate.errors import ConfigError
from replicate.schema import TABLES
from replicate.transcripts import read_text, read_transcript

# Hashes of the paper's 8-word sequences (the paper itself is not shipped with the project).
PAPER_HASHES = Path(__file__).resolve().parent / "data" / "paper_8gram_hashes.txt"
LABELS = sorted(
    {theme for theme, _ in HIERARCHY}
    | {cat for _, cats in HIERARCHY for cat, _ in cats}
    | {sub for _, cats in HIERARCHY for _, subs in cats for sub in subs},
    key=len, reverse=True,
)


def rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / "tables" / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    config = generate_demo(out)
    assert config == out / "cohort.yaml"
    return out


# -- determinism --------------------------------------------------------------------------

def test_two_runs_are_byte_identical(demo: Path, tmp_path: Path) -> None:
    generate_demo(tmp_path / "again")
    assert tree(tmp_path / "again") == tree(demo)


def test_regenerating_into_a_demo_folder_replaces_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "c"
    generate_demo(out, n_students=40, n_interviews=6, units_per_interview=4)
    generate_demo(out, n_students=40, n_interviews=3, units_per_interview=4)
    assert sorted(p.name for p in (out / "transcripts").iterdir()) == ["A.txt", "B.txt", "C.txt"]
    fresh = tmp_path / "fresh"
    generate_demo(fresh, n_students=40, n_interviews=3, units_per_interview=4)
    assert tree(out) == tree(fresh)


def test_layout_and_line_ends(demo: Path) -> None:
    files = set(tree(demo))
    expected = {"README.md", "cohort.yaml", "guide/guide.yaml", "guide/guide_v1.0.yaml",
                "pilots/pilot-1.txt", "pilots/pilot-2.txt", "author/discussion.md",
                "author/limitations.md"}
    expected |= {f"tables/{t}.csv" for t in TABLES}
    expected |= {f"transcripts/{c}.txt" for c in "ABCDEFGHIJKL"}
    assert files == expected
    for name, data in tree(demo).items():
        assert b"\r" not in data, name
        assert not data.startswith(b"\xef\xbb\xbf"), name


# -- synthetic markers and no text from the paper -------------------------------------------

def test_every_file_says_it_is_synthetic(demo: Path) -> None:
    assert "synthetic" in (demo / "README.md").read_text(encoding="utf-8").lower()[:200]
    config = yaml.safe_load((demo / "cohort.yaml").read_text(encoding="utf-8"))
    assert config["study"]["synthetic"] is True
    for guide in ("guide.yaml", "guide_v1.0.yaml"):
        assert "# synthetic: true" in (demo / "guide" / guide).read_text(encoding="utf-8")
    for text in ("discussion.md", "limitations.md"):
        assert (demo / "author" / text).read_text(encoding="utf-8").startswith("<!-- synthetic")
    for path in [*(demo / "transcripts").iterdir(), *(demo / "pilots").iterdir()]:
        assert read_transcript(path).header["synthetic"] == "true"
    students = rows(demo, "students")
    assert all(s["name"].startswith("Synthetic Student ") for s in students)
    assert all(s["email"].endswith("@example.org") for s in students)
    assert all(s["course"].endswith("(synthetic)") for s in students)
    assert all(m["name"].startswith("Synthetic Mentor ") for m in rows(demo, "mentors"))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _paper_grams() -> set[str]:
    lines = PAPER_HASHES.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def _hash8(words: list[str], i: int) -> str:
    return hashlib.sha256(" ".join(words[i:i + 8]).encode()).hexdigest()[:16]


def test_no_eight_word_sequence_of_the_paper(demo: Path) -> None:
    grams = _paper_grams()
    assert len(grams) > 4000
    for name, data in tree(demo).items():
        text = data.decode("utf-8")
        for label in LABELS:  # Table 1 labels carry over by design
            text = text.replace(label, " | ")
        words = _words(text)
        copied = [" ".join(words[i:i + 8]) for i in range(len(words) - 7)
                  if _hash8(words, i) in grams]
        assert copied == [], name


def test_the_check_would_catch_a_copied_sentence() -> None:
    grams = _paper_grams()
    copied = _words("Students who had had fewer than three meetings with their mentor were out.")
    assert any(_hash8(copied, i) in grams for i in range(len(copied) - 7))


# -- shape of the cohort --------------------------------------------------------------------

def test_students_and_mentors(demo: Path) -> None:
    students = rows(demo, "students")
    mentors = rows(demo, "mentors")
    assert list(students[0]) == list(TABLES["students"].column_names)
    assert list(mentors[0]) == list(TABLES["mentors"].column_names)
    assert len(students) == 122
    assert len({s["course"] for s in students}) == 4
    assert 0.4 <= sum(s["gender"] == "female" for s in students) / 122 <= 0.6
    ages = [int(s["age"]) for s in students]
    assert sum(23 <= a <= 40 for a in ages) / 122 >= 0.9
    meetings = [int(s["meetings"]) for s in students]
    assert min(meetings) >= 0 and max(meetings) <= 12
    assert 0.08 <= sum(m < 3 for m in meetings) / 122 <= 0.25
    assert 1 <= sum(s["consent_to_contact"] == "false" for s in students) <= 12
    assert 1 <= sum(s["status"] == "withdrawn" for s in students) <= 12
    assert sum(s["pilot"] == "true" for s in students) == 2
    assert {s["consent_to_contact"] for s in students} <= {"true", "false"}
    per_mentor = Counter(s["mentor_id"] for s in students)
    assert set(per_mentor) == {m["mentor_id"] for m in mentors}
    assert set(per_mentor.values()) == {1, 2}
    assert 80 <= len(mentors) <= 100
    assert {m["gender"] for m in mentors} == {"female", "male"}
    assert all(32 <= int(m["age"]) <= 65 for m in mentors)


def _design(demo: Path, declined: list[str]) -> list[str]:
    """Stage 10's designed sample (student ids) on the demo's tables and settings."""
    import pandas as pd

    from replicate.sampling import design_sample

    config = yaml.safe_load((demo / "cohort.yaml").read_text(encoding="utf-8"))
    s = config["sampling"]
    students = pd.read_csv(demo / "tables" / "students.csv")
    mentors = pd.read_csv(demo / "tables" / "mentors.csv")
    design = design_sample(students, mentors, seed=config["seed"], target_n=s["target_n"],
                           min_meetings=s["min_meetings"], interview_date=s["interview_date"],
                           invitations=s["invitations"], declined=declined)
    return list(design.pseudonym_key())


def test_interviewees_are_the_demos_own_design(demo: Path) -> None:
    """The real sequence: design, invite, one decline replaced from the reserve, interview."""
    config = yaml.safe_load((demo / "cohort.yaml").read_text(encoding="utf-8"))
    s = config["sampling"]
    assert (s["target_n"], s["interview_date"], s["invitations"]) == (12, "2025-02-03",
                                                                     "as_designed")
    first = _design(demo, [])
    declined = s["declined"]
    assert len(declined) == 1 and declined[0] in first  # an invited student of the design
    final = _design(demo, declined)
    interviewed = [p["student_id"] for p in rows(demo, "participants")]
    assert sorted(interviewed) == sorted(final)
    assert declined[0] not in interviewed
    assert len(set(final) - set(first)) == 1  # the one replacement, from the reserve list


def test_participants_match_the_designs_quotas(demo: Path) -> None:
    students = {s["student_id"]: s for s in rows(demo, "students")}
    mentors = {m["mentor_id"]: m for m in rows(demo, "mentors")}
    parts = rows(demo, "participants")
    assert list(parts[0]) == [*TABLES["participants"].column_names, "doctor_in_family"]
    assert [p["pseudonym"] for p in parts] == list("ABCDEFGHIJKL")
    sampled = [students[p["student_id"]] for p in parts]
    # the design's sample (no longer forced to the original's 5 men and 7 women, 25-38):
    # at least 4 of each gender and every student x mentor gender pair (the quotas)
    assert Counter(s["gender"] for s in sampled) == {"male": 7, "female": 5}
    ages = [int(s["age"]) for s in sampled]
    assert (min(ages), max(ages)) == (23, 43)
    dyads = Counter((s["gender"], mentors[s["mentor_id"]]["gender"]) for s in sampled)
    assert dyads == {("male", "male"): 4, ("male", "female"): 3, ("female", "male"): 2,
                     ("female", "female"): 3}
    for s, p in zip(sampled, parts, strict=True):
        assert int(s["meetings"]) >= 3
        assert (s["consent_to_contact"], s["status"], s["pilot"]) == ("true", "completed",
                                                                      "false")
        gap = dt.date.fromisoformat(p["interview_date"]) - dt.date.fromisoformat(
            s["programme_end"])
        assert 0 <= gap.days <= 365
        assert 40 <= float(p["duration_min"]) <= 50
        assert p["interviewer"] == "SK"
        assert p["transcript"] == f"{p['pseudonym']}.txt"
    dates = [dt.date.fromisoformat(p["interview_date"]) for p in parts]
    assert dates == sorted(dates) and (dates[-1] - dates[0]).days <= 61
    assert {p["doctor_in_family"] for p in parts} == {"true", "false"}


def test_transcripts_have_realistic_length(demo: Path) -> None:
    parts = {p["pseudonym"]: p for p in rows(demo, "participants")}
    for name, p in parts.items():
        t = read_transcript(demo / "transcripts" / f"{name}.txt")
        assert t.header["participant"] == name
        assert t.header["date"] == p["interview_date"]
        minutes, source = t.duration_minutes()
        assert (minutes, source) == (float(p["duration_min"]), "header")
        assert 115 <= t.words / minutes <= 145
        stamps = [turn.seconds for turn in t.turns if turn.seconds is not None]
        assert len(stamps) == len(t.turns) and stamps == sorted(stamps)
        assert 0.9 * minutes * 60 <= max(stamps) <= minutes * 60
        assert {turn.speaker for turn in t.turns} == {"I", "P"}
        assert t.words_by("I") / t.words < 0.2


# -- units, codebook, saturation ------------------------------------------------------------

def test_codebook_has_the_original_hierarchy(demo: Path) -> None:
    book = rows(demo, "codebook")
    assert len(book) == 40 and len({r["code"] for r in book}) == 40
    assert len({r["theme"] for r in book}) == 3
    assert len({r["category"] for r in book}) == 6
    per_sub = Counter(r["subcategory"] for r in book)
    assert len(per_sub) == 17 and set(per_sub.values()) == {2, 3}
    expected = {(sub, cat, theme) for theme, cats in HIERARCHY for cat, subs in cats
                for sub in subs}
    assert {(r["subcategory"], r["category"], r["theme"]) for r in book} == expected
    assert all(r["description"] for r in book)


def test_unit_text_is_the_transcript_slice(demo: Path) -> None:
    units = rows(demo, "units")
    assert list(units[0]) == list(TABLES["units"].column_names)
    texts = {p.name: read_text(p) for p in (demo / "transcripts").iterdir()}
    for u in units:
        assert texts[u["transcript"]][int(u["start"]):int(u["end"])] == u["text"]
        assert u["condensed"] and len(u["condensed"]) < len(u["text"])
    per_interview = Counter(u["participant"] for u in units)
    assert all(30 <= n <= 45 for n in per_interview.values())
    assert len({u["unit_id"] for u in units}) == len(units)


def test_every_subcategory_from_two_participants(demo: Path) -> None:
    sub_of = {r["code"]: r["subcategory"] for r in rows(demo, "codebook")}
    doctor = {p["pseudonym"]: p["doctor_in_family"] for p in rows(demo, "participants")}
    who: dict[str, set[str]] = {}
    for u in rows(demo, "units"):
        who.setdefault(sub_of[u["code"]], set()).add(u["participant"])
    assert len(who) == 17
    assert all(len(ps) >= 2 for ps in who.values())
    assert {doctor[p] for p in who[NO_DOCTOR]} == {"false"}


def test_saturation_is_realistic(demo: Path) -> None:
    seen: set[str] = set()
    new = []
    for name in "ABCDEFGHIJKL":
        codes = {u["code"] for u in rows(demo, "units") if u["participant"] == name}
        new.append(len(codes - seen))
        seen |= codes
    assert len(seen) == 40
    assert sum(new[:6]) >= 34  # most codes within the first 6 interviews
    assert 1 <= sum(new[8:]) <= 3  # and few new ones later


def test_double_coding(demo: Path) -> None:
    units = {u["unit_id"]: u for u in rows(demo, "units")}
    sub_of = {r["code"]: r["subcategory"] for r in rows(demo, "codebook")}
    codings = rows(demo, "codings")
    assert list(codings[0]) == list(TABLES["codings"].column_names)
    by_unit: dict[str, dict[str, str]] = {}
    for c in codings:
        by_unit.setdefault(c["unit_id"], {})[c["coder"]] = c["code"]
    assert all(set(v) == {"SK", "CS"} for v in by_unit.values())
    assert 0.17 <= len(by_unit) / len(units) <= 0.23
    per_t = Counter(units[u]["participant"] for u in by_unit)
    all_t = Counter(u["participant"] for u in units.values())
    assert all(abs(per_t[p] - 0.2 * all_t[p]) <= 1 for p in all_t)
    agree = sum(v["SK"] == v["CS"] for v in by_unit.values()) / len(by_unit)
    assert 0.75 <= agree <= 0.95
    for uid, v in by_unit.items():
        assert units[uid]["code"] in v.values()
        a, b = sub_of[v["SK"]], sub_of[v["CS"]]
        assert a == b or b in NEIGHBOURS[a]


# -- guide and pilots -------------------------------------------------------------------------

def _guide(demo: Path, name: str = "guide.yaml") -> dict[str, object]:
    data = yaml.safe_load((demo / "guide" / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _questions(guide: dict[str, object]) -> list[dict[str, str]]:
    areas = guide["areas"]
    assert isinstance(areas, list)
    return [q for a in areas for q in a["questions"]]


def test_guide_versions_and_flaws(demo: Path) -> None:
    new, old = _guide(demo), _guide(demo, "guide_v1.0.yaml")
    assert (new["version"], old["version"]) == ("1.1", "1.0")
    assert new["previous"] == "guide_v1.0.yaml" and new["language"] == "en"
    assert new["planned_minutes"] == [40, 50]
    areas = new["areas"]
    assert isinstance(areas, list)
    assert [a["id"] for a in areas] == ["content", "relationship", "meaning", "general"]
    qs = _questions(new)
    assert 10 <= len(qs) <= 12
    kinds = [q["kind"] for q in qs]
    assert kinds[0] == "opening" and kinds[-1] == "closing" and set(kinds[1:-1]) == {"key"}
    texts = {q["id"]: q["text"] for q in qs}
    assert texts["Q7"].startswith("Don't you think")
    assert "professional identity formation" in texts["Q8"]
    assert texts["Q5"].split()[0] == "Was"
    assert " and what " in texts["Q3"]
    changes = new["changes"]
    assert isinstance(changes, list) and all(c["rationale"] for c in changes)
    assert {c["question"] for c in changes} <= set(texts)


def test_pilots_skip_q9_and_ask_the_rest(demo: Path) -> None:
    qs = [(q["id"], q["text"]) for q in _questions(_guide(demo))]
    asked_all: set[str] = set()
    for k in (1, 2):
        t = read_transcript(demo / "pilots" / f"pilot-{k}.txt")
        assert 15 <= t.duration_minutes()[0] <= 25
        turns = [x.text for x in t.turns if x.speaker == "I"]
        vec = TfidfVectorizer().fit([q for _, q in qs] + turns)
        sim = cosine_similarity(vec.transform(turns), vec.transform([q for _, q in qs]))
        best = sim.max(axis=0)
        asked = {qid for (qid, _), s in zip(qs, best, strict=True) if s >= 0.5}
        assert asked == {qid for qid, _ in qs} - {"Q9"}
        assert best[[qid for qid, _ in qs].index("Q9")] < 0.3
        asked_all |= asked
        said = " ".join(x.text for x in t.turns if x.speaker == "P").lower()
        assert "what do you mean" in said or "could you repeat" in said
    assert "Q9" not in asked_all


# -- scaling and errors -----------------------------------------------------------------------

def test_small_scaled_run(tmp_path: Path) -> None:
    out = tmp_path / "scaled"
    generate_demo(out, seed=7, n_students=80, n_interviews=30, units_per_interview=6)
    parts = rows(out, "participants")
    assert [p["pseudonym"] for p in parts][-4:] == ["AA", "AB", "AC", "AD"]
    units = rows(out, "units")
    assert len(units) == 180 and units[-1]["unit_id"] == "U0180"
    for u in units[::7]:
        text = read_text(out / "transcripts" / u["transcript"])
        assert text[int(u["start"]):int(u["end"])] == u["text"]
    students = {s["student_id"]: s for s in rows(out, "students")}
    assert all(int(students[p["student_id"]]["meetings"]) >= 3 for p in parts)


def test_scaling_beyond_the_eligible_pool(tmp_path: Path) -> None:
    generate_demo(tmp_path, n_students=20, n_interviews=18, units_per_interview=2)
    students = {s["student_id"]: s for s in rows(tmp_path, "students")}
    parts = rows(tmp_path, "participants")
    assert len(parts) == 18
    assert all(students[p["student_id"]]["consent_to_contact"] == "true" for p in parts)
    assert all(students[p["student_id"]]["pilot"] == "false" for p in parts)
    # no reserve is left (18 of 18 eligible): nobody can decline and be replaced
    config = yaml.safe_load((tmp_path / "cohort.yaml").read_text(encoding="utf-8"))
    assert config["sampling"]["declined"] == []
    assert "no one declined (the eligible pool left no reserve)" in (
        tmp_path / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("kwargs", "word"),
    [({"n_interviews": 121}, "n_interviews"), ({"units_per_interview": 0}, "units_per"),
     ({"n_students": 3}, "n_students")],
)
def test_bad_arguments(tmp_path: Path, kwargs: dict[str, int], word: str) -> None:
    with pytest.raises(ConfigError, match=word):
        generate_demo(tmp_path, **kwargs)


def test_refuses_a_folder_that_is_not_a_demo(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ConfigError, match="not empty"):
        generate_demo(tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_pseudonym_examples() -> None:
    assert [pseudonym(i) for i in (0, 11, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "L", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=20_000))
def test_pseudonyms_are_unique_and_ordered(i: int) -> None:
    a, b = pseudonym(i), pseudonym(i + 1)
    assert a != b and (len(a), a) < (len(b), b)
    assert re.fullmatch(r"[A-Z]+", a)
