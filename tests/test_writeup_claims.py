"""Claims audit of the write-up (issue 17): every checked sentence true for any cohort.

Hypothesis draws varied synthetic cohorts (6–40 interviews, 2–5 coders, a participant of
another gender (the loader refuses a blank gender), the interview window on or off, a renamed theme,
no aim, English or Swedish, invitations as designed or unknown, a designed sample of the
interviewed size or 2 fewer or more), runs ``compute`` of stages 10–50 in process (no kernels),
and checks what ``write-up.md`` states against values recomputed here from the input tables,
not with the package's functions. The sampling claims (issue 17) are checked for the group
each is about: eligibility, the designed sample (membership from the private pseudonym key),
the invitations (only when known) and the students interviewed, with the minimum quotas
recomputed among them from the documented defaults (the age bands' cut-points are the
design's, read from its artifact). Figures are replaced by a 1-pixel PNG (the audit reads
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
from replicate.privacy import pseudonym_order

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
                 aim: bool, language: str, seed: int, invitations: str = "as_designed",
                 delta: int = 0) -> Path:
    """A varied cohort from the demo generator; returns its cohort.yaml.

    The demo's interviewees are its own design; any change here that alters the design
    (the window off, a gender changed, another target) drops the demo's decline, whose
    student may no longer be in the design or on its reserve list.
    """
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
    sampling = data["sampling"]
    if window:
        sampling["interview_date"] = sorted(parts["interview_date"])[0]
    else:
        sampling.pop("interview_date", None)
    eligible = len(_eligible(students, sampling.get("interview_date")))
    sampling["target_n"] = max(1, min(n + delta, eligible))
    if not window or gender != "as is" or sampling["target_n"] != n:
        sampling["declined"] = []
    if invitations == "unknown":
        sampling.pop("invitations", None)
        sampling.pop("declined", None)
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


def _eligible(students: pd.DataFrame, date: str | None) -> set[str]:
    """Student ids eligible under the demo's rules (methodology §1.3), recomputed here."""
    ok = ((pd.to_numeric(students["meetings"]) >= 3) & (students["consent_to_contact"] == "true")
          & (students["status"] != "withdrawn") & (students["pilot"] != "true"))
    if date is not None:
        end = pd.to_datetime(students["programme_end"])
        day = pd.Timestamp(date)
        ok &= (end <= day) & (end + pd.Timedelta(days=365) >= day)
    return set(students.loc[ok, "student_id"])


def _minimums(target: int) -> dict[str, int]:
    """The documented default minimums for a sample of ``target`` (docs/sampling.md, step 3)."""
    base = {"student_gender": 4, "student_age_band": 2, "mentor_gender": 3,
            "mentor_age_band": 2, "gender_dyad": 1}
    return {k: max(1, int(q * target / 12 + 0.5)) for k, q in base.items()}


def _band(cuts: list[float], labels: list[str], age: float) -> str:
    return labels[sum(1 for c in cuts if c <= age)]


def _interviewed_quotas(who: pd.DataFrame, mentors: pd.DataFrame, bands: dict[str, Any],
                        target: int) -> list[tuple[str, str, int, int]]:
    """(dimension, level, minimum, count among the interviewed) for every minimum."""
    m = mentors.set_index("mentor_id")
    sg = [g.strip().casefold() for g in who["gender"]]
    mg = [m.loc[x, "gender"] for x in who["mentor_id"]]
    sa = [float(a) for a in who["age"]]
    ma = [float(m.loc[x, "age"]) for x in who["mentor_id"]]
    q = _minimums(target)
    rows = []
    for dim, values in (("student_gender", sg), ("mentor_gender", mg)):
        rows += [(dim, g, q[dim], values.count(g)) for g in ("female", "male")]
    for dim, ages in (("student_age_band", sa), ("mentor_age_band", ma)):
        cuts, labels = bands[dim]["cuts"], bands[dim]["labels"]
        levels = [_band(cuts, labels, a) for a in ages]
        rows += [(dim, lab, q[dim], levels.count(lab)) for lab in labels]
    pairs = list(zip(sg, mg, strict=True))
    rows += [("gender_dyad", f"{s}-{t}", q["gender_dyad"], pairs.count((s, t)))
             for s in ("female", "male") for t in ("female", "male")]
    return rows


def _flow(md: str, lang: str) -> dict[str, int]:
    head = "| Step | n |" if lang == "en" else "| Steg | n |"
    block = md.split(head, 1)[1].split("\n\n", 1)[0]
    rows = [line.strip("|").split("|") for line in block.splitlines()[2:]]
    return {label.strip(): int(n) for label, n in rows}


FLOW = {"en": {"eligible": "eligible", "design": "designed sample", "invited": "invited",
               "declined": "declined", "interviewed": "interviewed",
               "outside": "interviewed, not in the designed sample",
               "missed": "in the designed sample, not interviewed"},
        "sv": {"eligible": "valbara", "design": "planerat urval", "invited": "inbjudna",
               "declined": "tackade nej", "interviewed": "intervjuade",
               "outside": "intervjuade utanför det planerade urvalet",
               "missed": "i det planerade urvalet, inte intervjuade"}}


def audit_sampling(md: str, config: Path, run: Path, lang: str) -> None:
    """The sampling claims, each checked for its group against values recomputed here."""
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    s = data["sampling"]
    root = config.parent / "tables"
    parts = pd.read_csv(root / "participants.csv", dtype=str, keep_default_na=False)
    students = pd.read_csv(root / "students.csv", dtype=str, keep_default_na=False)
    mentors = pd.read_csv(root / "mentors.csv", dtype=str, keep_default_na=False)
    key = pd.read_csv(config.parent / "private" / "demo-pseudonym-key.csv", dtype=str)
    design, interviewed = set(key["student_id"]), set(parts["student_id"])
    target, n = int(s["target_n"]), len(interviewed)
    flow = _flow(md, lang)
    names = FLOW[lang]
    # eligibility, the designed sample and the interviewed: each its own row, true counts
    assert flow[names["eligible"]] == len(_eligible(students, s.get("interview_date")))
    assert len(design) == target and flow[names["design"]] == target
    assert flow[names["interviewed"]] == n
    outside, missed = len(interviewed - design), len(design - interviewed)
    assert flow.get(names["outside"], 0) == outside and flow.get(names["missed"], 0) == missed
    # invitations: numbers only when the school said how it invited, never guessed
    declined = list(s.get("declined") or [])
    if s.get("invitations") == "as_designed":
        assert flow[names["invited"]] == target + len(declined)
        assert flow[names["declined"]] == len(declined)
        assert not set(declined) & interviewed
    else:
        assert names["invited"] not in flow and names["declined"] not in flow
        assert "sampling.invitations" in md  # listed to complete, with the key that fills it
        assert re.search(r"\b\d+ (of \d+ invited|av \d+ inbjudna)", md) is None
    # how the interviewed differ from the design, in words
    en = lang == "en"
    same = ("The students interviewed were the students of the designed sample." if en
            else "De intervjuade studenterna var studenterna i det planerade urvalet.")
    assert (same in md) == (outside == 0 and missed == 0)
    if outside:
        assert (f"{outside} of the {n} students interviewed {'was' if outside == 1 else 'were'}"
                f" not in the designed sample" if en else
                f"{outside} av de {n} intervjuade studenterna ingick inte") in md
    if missed:
        assert (f"{missed} of the {target} students in the designed sample "
                f"{'was' if missed == 1 else 'were'} not interviewed" if en else
                f"{missed} av de {target} studenterna i det planerade urvalet intervjuades inte"
                ) in md
    # the minimum quotas, counted among the students interviewed
    bands = yaml.safe_load((run / "artifacts" / "10_sampling_design.json").read_text(
        encoding="utf-8"))["bands"]
    who = parts.drop_duplicates("student_id").merge(students, on="student_id")
    rows = _interviewed_quotas(who, mentors, bands, target)
    met = sum(1 for _, _, q, k in rows if k >= q)
    total = len(rows)
    people = f"{n} student{'s' if n != 1 else ''}" if en else f"{n} student{'er' if n != 1 else ''}"
    quotas = f"{total} minimum quotas" if en else f"{total} minsta kvoter"
    if outside == 0 and missed == 0:  # the design's sentence is about these very students
        claim = (f"The designed sample of {people} met every minimum quota ({quotas} in all)."
                 if en else f"Det planerade urvalet om {people} uppfyllde alla minsta kvoter "
                 f"({quotas} totalt).") if met == total else (
            f"The designed sample of {people} met {met} of {total} minimum quotas: " if en else
            f"Det planerade urvalet om {people} uppfyllde {met} av {total} minsta kvoter: ")
    else:
        claim = (f"Among the {people} interviewed, every minimum quota was met ({quotas} in all)."
                 if en else f"Bland de {people} som intervjuades uppfylldes alla minsta kvoter "
                 f"({quotas} totalt).") if met == total else (
            f"Among the {people} interviewed, {met} of the {total} minimum quotas were met;"
            if en else f"Bland de {people} som intervjuades uppfylldes {met} av de {total} "
            "minsta kvoterna;")
        for dim, level, q, k in rows:
            shown = f": {k} (minimum {q})" if en else f": {k} (minst {q})"
            if k < q and dim.endswith("band"):
                assert f"{level}{shown}" in md, (dim, level)
    assert claim in md, claim


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
    # "the data's order" is stage 40's: participants by pseudonym as a reader counts them
    # (A, …, Z, AA, AB, …: replicate.privacy.pseudonym_order)
    by_name = [g.strip().casefold() for g in who.sort_values(
        "pseudonym", kind="mergesort", key=lambda col: col.map(pseudonym_order))["gender"]]
    order = list(dict.fromkeys(g for g in by_name if g)) + ([""] if "" in genders else [])
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
    "invitations": st.sampled_from(["as_designed", "unknown"]),
    "delta": st.sampled_from([0, -2, 2]),
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
        audit_sampling(md, config, Path(tmp) / "run", case["language"])
