"""Claims audit of the write-up (issue 17): every checked sentence true for any cohort.

Hypothesis draws varied synthetic cohorts (6–40 interviews, 2–5 coders, a participant of
another gender (the loader refuses a blank gender), the interview window on or off, a renamed theme,
no aim, English or Swedish), runs ``compute`` of stages 10–50 in process (no kernels), and
checks what ``write-up.md`` states against values recomputed here from the input tables,
not with the package's functions. Figures are replaced by a 1-pixel PNG (the audit reads
the text; drawing dominated the runtime).
"""

from __future__ import annotations

import importlib
import re
import tempfile
from itertools import combinations
from pathlib import Path
from typing import Any
from unittest import mock

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replicate.cohort import load_cohort
from replicate.demo.generate import generate_demo

STAGES = ("sampling_design", "pilot_interview_guide", "coding_reliability", "theme_synthesis",
          "write_up")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00"
       b"\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05"
       b"\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def _recode(codings: pd.DataFrame, n_coders: int, seed: int) -> pd.DataFrame:
    """Add coders C3… who copy the second coder on the double-coded units, changing every
    seventh unit's code (seeded), so agreement differs between pairs."""
    first = codings["coder"].unique()[1]
    base = codings[codings["coder"] == first]
    codes = sorted(codings["code"].unique())
    extra = []
    for k in range(3, n_coders + 1):
        c = base.copy()
        c["coder"] = f"C{k}"
        idx = list(range(seed % 7 + k, len(c), 7))
        c.iloc[idx, c.columns.get_loc("code")] = [codes[(i * k) % len(codes)] for i in idx]
        extra.append(c)
    return pd.concat([codings, *extra], ignore_index=True)


def build_cohort(root: Path, *, n: int, coders: int, gender: str, window: bool, rename: bool,
                 aim: bool, language: str, seed: int) -> Path:
    """A varied cohort from the demo generator; returns its cohort.yaml."""
    path = generate_demo(root, seed=seed, n_students=max(60, 3 * n), n_interviews=n)
    tables = root / "tables"
    parts = pd.read_csv(tables / "participants.csv", dtype=str, keep_default_na=False)
    students = pd.read_csv(tables / "students.csv", dtype=str, keep_default_na=False)
    if gender != "as is":
        sid = parts["student_id"].iloc[0]
        students.loc[students["student_id"] == sid, "gender"] = (
            "other" if gender == "other" else "")
        students.to_csv(tables / "students.csv", index=False)
    if coders > 2:
        codings = pd.read_csv(tables / "codings.csv", dtype=str, keep_default_na=False)
        _recode(codings, coders, seed).to_csv(tables / "codings.csv", index=False)
    if rename:
        for name in ("codebook.csv",):
            cb = pd.read_csv(tables / name, dtype=str, keep_default_na=False)
            cb["theme"] = cb["theme"].replace("Space", "Room to breathe")
            cb.to_csv(tables / name, index=False)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["study"]["language"] = language
    if not aim:
        data["study"].pop("aim", None)
    data["reliability"] = {**data.get("reliability", {}), "bootstrap": 0}
    data["synthesis"] = {**data.get("synthesis", {}), "saturation": {"permutations": 0}}
    if window:
        dates = sorted(parts["interview_date"])
        data["sampling"] = {**data.get("sampling", {}), "interview_date": dates[0]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def run_all(config: Path, run: Path) -> str:
    cohort = load_cohort(config)
    with mock.patch("replicate.artifacts.figure_png", lambda fig, **kw: PNG):
        for slug in STAGES:
            importlib.import_module(f"replicate.stages.{slug}").compute(cohort, run)
    return (run / "write-up.md").read_text(encoding="utf-8")


def _mean_pair_agreement(codings: pd.DataFrame) -> float:
    shares = []
    for _, g in codings.groupby("unit_id"):
        codes = list(g["code"])
        if len(codes) < 2:
            continue
        pairs = list(combinations(codes, 2))
        shares.append(sum(a == b for a, b in pairs) / len(pairs))
    return sum(shares) / len(shares)


def _gender_words(language: str, label: str, n: int) -> str:
    words = {"en": {"female": ("woman", "women"), "male": ("man", "men"),
                    "other": ("of another gender",) * 2,
                    "": ("with gender not recorded",) * 2},
             "sv": {"female": ("kvinna", "kvinnor"), "male": ("man", "män"),
                    "other": ("av annat kön",) * 2, "": ("utan angivet kön",) * 2}}
    one, many = words[language][label]
    return f"{n} {one if n == 1 else many}"


def audit(md: str, config: Path, **case: Any) -> None:
    """Check the write-up's statements against the inputs."""
    root = config.parent / "tables"
    lang = case["language"]
    parts = pd.read_csv(root / "participants.csv", dtype=str, keep_default_na=False)
    students = pd.read_csv(root / "students.csv", dtype=str, keep_default_na=False)
    codings = pd.read_csv(root / "codings.csv", dtype=str, keep_default_na=False)
    who = parts.merge(students, on="student_id", how="left")
    n = len(parts)
    # who was interviewed: the number, every gender category in the data's order
    lead = f"{n} students were interviewed: " if lang == "en" else f"{n} studenter intervjuades: "
    assert lead in md
    sentence = md.split(lead, 1)[1].split("\n", 1)[0]
    genders = [g.strip().casefold() for g in who["gender"]]
    order = list(dict.fromkeys(g for g in genders if g)) + ([""] if "" in genders else [])
    # every category shown with its own count carries the true count, in the data's order;
    # the rest (pooled as "not stated" by the privacy rules, privacy.min_cell) add up to n
    # the genders come before the age range ("…, aged 25–38" / "…, 25–38 år")
    gender_part = (sentence.split(", aged", 1)[0] if lang == "en"
                   else re.split(r", \d+–\d+ år", sentence, maxsplit=1)[0])
    direct = [g for g in order if _gender_words(lang, g, genders.count(g)) in gender_part]
    positions = [gender_part.find(_gender_words(lang, g, genders.count(g))) for g in direct]
    assert positions == sorted(positions), (direct, sentence)
    total = sum(int(x) for x in re.findall(r"(?<![\d–])(\d+) ", gender_part))
    assert total == n, sentence
    # eligibility: the window rule is claimed exactly when it was applied
    claims_window = ("within 365 days" in md) or ("inom 365 dagar" in md)
    assert claims_window == case["window"]
    # coders and agreement
    k = codings["coder"].nunique()
    assert (f"{k} coders (" if lang == "en" else f"{k} kodare (") in md
    pa = f"{_mean_pair_agreement(codings):.2f}"
    pa = pa.replace(".", ",") if lang == "sv" else pa
    pa_line = next(line for line in md.splitlines()
                   if line.startswith(("- Percent agreement", "- Procentuell")))
    assert f"= {pa}" in pa_line
    if k > 2:
        assert "Fleiss" in md and "two coders" not in md and "båda kodarna" not in md
        assert "pair" in pa_line or "par " in pa_line
    else:
        assert "Cohen" in md.split("## ", 3)[1]  # the summary names Cohen's kappa
    # no authors' voice by default
    if not case["aim"]:
        assert "To get a deeper understanding" not in md
        assert ("Aim of the study" in md) or ("Studiens syfte" in md)
    assert "not defined in advance" not in md and "derived from the data" not in md
    # numbers with their nouns, no placeholders for missing values
    assert not re.search(r"\b1 (themes|categories|subcategories|codes|coders|students|"
                         r"participants|meaning units)\b", md)
    assert not re.search(r"\b1 (teman|kategorier|subkategorier|koder|studenter)\b", md)
    for bad in ("not available–not available", "median of not available",
                "uppgift saknas–uppgift saknas", "All 1 checked", "(MD (", "took place at"):
        assert bad not in md, bad


CASES = st.fixed_dictionaries({
    "n": st.integers(6, 40), "coders": st.integers(2, 5),
    "gender": st.sampled_from(["as is", "other"]), "window": st.booleans(),
    "rename": st.booleans(), "aim": st.booleans(), "language": st.sampled_from(["en", "sv"]),
    "seed": st.integers(1, 10_000),
})


@pytest.mark.filterwarnings("ignore")
@settings(max_examples=50, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(case=CASES)
def test_write_up_claims_hold_for_varied_cohorts(case: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        config = build_cohort(Path(tmp) / "cohort", **case)
        md = run_all(config, Path(tmp) / "run")
        audit(md, config, **case)
