"""The designed sample, the invitations and the interviewed group kept apart (issue 17).

Hand-made cohorts with known answers for :func:`replicate.sampling.design_sample` (quotas
counted among the students interviewed, invitations unknown or as designed, the flow), the
config rule, stage 10's headline, and the write-up's sentences on small generated cohorts.
"""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pandas as pd
import pytest
import yaml

from replicate.cohort import load_cohort
from replicate.config import config_problems
from replicate.demo import generate_demo
from replicate.sampling import design_sample
from replicate.stages.sampling_design import headline

#: student id -> (gender, age, pilot); every student has 5 meetings, consent, completed
ROSTER = {
    "S01": ("female", 24, False), "S02": ("female", 26, False), "S03": ("female", 33, False),
    "S04": ("female", 35, False), "S05": ("male", 22, False), "S06": ("male", 31, False),
    "S07": ("male", 36, False), "S08": ("male", 19, True), "S09": ("female", 28, False),
    "S10": ("male", 45, False),
}
KW: dict[str, Any] = {"seed": 3, "target_n": 4, "dimensions": ["student_gender",
                                                                "student_age_band"],
                      "cutpoints": {"student_age_band": [30]},
                      "quotas": {"student_gender": 2, "student_age_band": 1}}


def tables(ages: dict[str, float] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = list(ROSTER)
    students = pd.DataFrame({
        "student_id": ids, "course": ["C1"] * len(ids),
        "gender": [ROSTER[i][0] for i in ids],
        "age": [float((ages or {}).get(i, ROSTER[i][1])) for i in ids],
        "mentor_id": ["M1", "M2"] * (len(ids) // 2), "meetings": [5] * len(ids),
        "consent_to_contact": [True] * len(ids), "status": ["completed"] * len(ids),
        "pilot": [ROSTER[i][2] for i in ids],
    })
    mentors = pd.DataFrame({"mentor_id": ["M1", "M2"], "gender": ["female", "male"],
                            "age": [40, 60]})
    return students, mentors


def participants(ids: list[str]) -> pd.DataFrame:
    names = [chr(ord("A") + k) for k in range(len(ids))]
    return pd.DataFrame({"pseudonym": names, "student_id": ids,
                         "transcript": [f"{n}.txt" for n in names]})


def roles(design: Any, role: str) -> list[str]:
    key = design.key
    return key.loc[key["role"] == role, "student_id"].tolist()


# --------------------------------------------------------------------------- design_sample

def test_quotas_are_counted_for_the_students_interviewed() -> None:
    students, mentors = tables()
    first = design_sample(students, mentors, **KW)
    chosen, reserve = roles(first, "participant"), roles(first, "reserve")
    # two of the design, one eligible student the design did not pick, and a pilot (not
    # eligible, aged 19: below the pool's ages, so in the first band)
    who = [*chosen[:2], reserve[0], "S08"]
    design = design_sample(students, mentors, participants=participants(who), **KW)
    g = design.summary["interviewed"]
    assert (g["n"], g["n_interviews"], g["in_design"], g["not_in_design"],
            g["design_not_interviewed"], g["not_eligible"], g["same_as_design"]) == (
        4, 4, 2, 2, 2, 1, False)
    # recomputed by hand from ROSTER: gender and the band of age < 30 / >= 30
    expected = {("student_gender", "female"): sum(ROSTER[i][0] == "female" for i in who),
                ("student_gender", "male"): sum(ROSTER[i][0] == "male" for i in who)}
    bands = design.quotas[design.quotas["dimension"] == "student_age_band"]["level"].tolist()
    expected[("student_age_band", bands[0])] = sum(ROSTER[i][1] < 30 for i in who)
    expected[("student_age_band", bands[1])] = sum(ROSTER[i][1] >= 30 for i in who)
    q = design.quotas.set_index(["dimension", "level"])
    assert {k: int(q.loc[k, "interviewed"]) for k in expected} == expected
    # the design's own counts are untouched (its 4 students meet every minimum)
    assert (q["achieved"] >= q["quota"]).all() and design.summary["all_quotas_met"]
    short = [(r["dimension"], r["level"], r["quota"], r["interviewed"])
             for r in g["quotas_not_met"]]
    assert short == [(d, lev, int(q.loc[(d, lev), "quota"]), k)
                     for (d, lev), k in expected.items() if k < q.loc[(d, lev), "quota"]]
    assert g["quotas_met"] == len(expected) - len(short)
    assert g["all_quotas_met"] == (not short)
    flow = dict(zip(design.flow["step"], design.flow["n"], strict=True))
    assert (flow["selected"], flow["interviewed"], flow["not_in_design"],
            flow["not_interviewed"]) == (4, 4, 2, 2)


def test_a_quota_unmet_among_the_interviewed_is_named() -> None:
    students, mentors = tables()
    first = design_sample(students, mentors, **KW)
    women = [i for i in roles(first, "participant") if ROSTER[i][0] == "female"]
    design = design_sample(students, mentors, participants=participants(women[:1]), **KW)
    g = design.summary["interviewed"]
    assert {"dimension": "student_gender", "level": "female", "quota": 2,
            "interviewed": 1} in g["quotas_not_met"]
    assert {"dimension": "student_gender", "level": "male", "quota": 2,
            "interviewed": 0} in g["quotas_not_met"]
    assert not g["all_quotas_met"] and g["sentence"] == (
        f"1 student (1 woman, aged {ROSTER[women[0]][1]})")


def test_repeat_interviews_count_students_once() -> None:
    students, mentors = tables()
    chosen = roles(design_sample(students, mentors, **KW), "participant")
    design = design_sample(students, mentors,
                           participants=participants([*chosen, chosen[0]]), **KW)
    g = design.summary["interviewed"]
    assert (g["n"], g["n_interviews"], g["same_as_design"]) == (4, 5, True)
    assert design.summary["n_interviewed"] == 4


def test_an_interviewee_without_an_age_gets_no_age_clause_and_no_band() -> None:
    students, mentors = tables(ages={"S08": np.nan})  # a pilot: no stage needs the age
    design = design_sample(students, mentors, participants=participants(["S08"]), **KW)
    g = design.summary["interviewed"]
    assert g["sentence"] == "1 student (1 man)" and g["not_eligible"] == 1
    bands = design.quotas[design.quotas["dimension"] == "student_age_band"]
    assert bands["interviewed"].tolist() == [0, 0]


def test_invitations_unknown_state_no_invited_or_declined_number() -> None:
    students, mentors = tables()
    first = design_sample(students, mentors, **KW)
    # as in the issue: a smaller design than the group interviewed (4 designed, 5 interviewed)
    who = [*roles(first, "participant"), roles(first, "reserve")[0]]
    design = design_sample(students, mentors, participants=participants(who), **KW)
    s = design.summary
    assert (s["invitations"], s["n_invited"], s["n_declined"]) == ("unknown", None, None)
    assert design.flow["step"].tolist()[-5:] == ["eligible", "selected", "reserve",
                                                 "interviewed", "not_in_design"]
    assert "invited" not in design.flow["step"].tolist()
    assert design.flow.set_index("step").loc["not_in_design", "n"] == 1


def test_invitations_as_designed_without_and_with_a_decline() -> None:
    students, mentors = tables()
    plain = design_sample(students, mentors, invitations="as_designed", **KW)
    flow = dict(zip(plain.flow["step"], plain.flow["n"], strict=True))
    assert (flow["selected"], flow["invited"], flow["declined"]) == (4, 4, 0)
    gone = roles(plain, "participant")[:1]
    after = design_sample(students, mentors, invitations="as_designed", declined=gone, **KW)
    flow = dict(zip(after.flow["step"], after.flow["n"], strict=True))
    assert (flow["selected"], flow["invited"], flow["declined"]) == (4, 5, 1)
    assert after.summary["n_invited"] == 5 and after.summary["n_declined"] == 1
    assert gone[0] not in roles(after, "participant")


def test_declines_need_invitations_as_designed_in_the_config(tmp_path: Path) -> None:
    config = tmp_path / "cohort.yaml"
    config.write_text("study: {id: s1, title: T, school: S}\nprogramme: {students_offered: 122}\n"
                      "data: {students: s.csv, mentors: m.csv}\nsampling: {declined: [S1]}\n",
                      encoding="utf-8")
    _, problems = config_problems(config)
    assert [p.one_line() for p in problems] == [
        f"{config}, line 4, sampling.declined: students who declined an invitation are listed, "
        "but sampling.invitations is 'unknown'; set sampling.invitations: as_designed (the "
        "designed sample was invited and each student who declined was replaced from the "
        "reserve list)"]
    config.write_text(config.read_text(encoding="utf-8").replace(
        "{declined: [S1]}", "{declined: [S1], invitations: as_designed}"), encoding="utf-8")
    cfg, problems = config_problems(config)
    assert problems == [] and cfg is not None and cfg.sampling.invitations == "as_designed"


def test_stage_headline_labels_the_designed_sample_and_the_interviewed() -> None:
    students, mentors = tables()
    first = design_sample(students, mentors, **KW)
    who = [*roles(first, "participant")[:3], roles(first, "reserve")[0]]
    s = design_sample(students, mentors, participants=participants(who), **KW).summary
    text = headline(s)
    assert text.startswith(f"**Designed sample:** {s['sentence']}. ")
    assert (f"**Interviewed** (participants table): {s['interviewed']['sentence']}; 1 not in "
            "the designed sample, 1 of the designed sample not interviewed.") in text
    assert "Who was invited and who declined is not known" in text
    same = design_sample(students, mentors, invitations="as_designed",
                         participants=participants(roles(first, "participant")), **KW).summary
    assert headline(same).endswith(f"{same['interviewed']['sentence']}, the designed sample.")


# --------------------------------------------------------------------------- the write-up

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00"
       b"\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05"
       b"\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated cohort of 60 students and 8 interviews (its own design, one decline)."""
    root = tmp_path_factory.mktemp("small") / "cohort"
    generate_demo(root, seed=11, n_students=60, n_interviews=8, units_per_interview=6)
    return root


def write_up(small: Path, tmp: Path, sampling: dict[str, Any], drop: tuple[str, ...] = ()
             ) -> tuple[str, dict[str, Any], Path]:
    """Run stages 10–50 in process on a copy with ``sampling`` changed; the write-up, its
    summary and the cohort folder."""
    cohort = tmp / "cohort"
    shutil.copytree(small, cohort)
    config = cohort / "cohort.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["sampling"].update(sampling)
    for key in drop:
        data["sampling"].pop(key)
    data["reliability"] = {**data.get("reliability", {}), "bootstrap": 0}
    data["synthesis"] = {**data.get("synthesis", {}), "saturation": {"permutations": 0}}
    config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    loaded = load_cohort(config)
    run = tmp / "run"
    with mock.patch("replicate.artifacts.figure_png", lambda fig, **kw: PNG):
        for slug in ("sampling_design", "pilot_interview_guide", "coding_reliability",
                     "theme_synthesis", "write_up"):
            result = importlib.import_module(f"replicate.stages.{slug}").compute(loaded, run)
    return (run / "write-up.md").read_text(encoding="utf-8"), result.summary, cohort


def test_write_up_with_the_real_sequence(small: Path, tmp_path: Path) -> None:
    md, summary, _ = write_up(small, tmp_path, {})
    flow = md[md.index("| Step | n |"):]
    flow = flow[:flow.index("\n\n")]
    assert flow.endswith("| eligible | 22 |\n| designed sample | 8 |\n| invited | 9 |\n"
                         "| declined | 1 |\n| interviewed | 8 |")
    assert ("1 of the 9 students invited declined and was replaced from the reserve list; the "
            "designed sample counts the replacement. Reasons for declining are not recorded in "
            "the data. 7 students were left on the design's reserve list. The students "
            "interviewed were the students of the designed sample.") in md
    # nothing was lowered, but after the decline no reserve fitted every minimum she left:
    # the design ends with no woman with a woman mentor (2 eligible) and 2 of 3 women
    artifact = yaml.safe_load((tmp_path / "run" / "artifacts" / "10_sampling_design.json")
                              .read_text(encoding="utf-8"))
    assert artifact["relaxations"] == [] and artifact["n_declined"] == 1
    short = [(q["level"], q["pool_n"], q["required"], q["achieved"])
             for q in artifact["quotas"] if q["achieved"] < q["required"]]
    assert short == [("female", 4, 3, 2), ("female-female", 2, 1, 0)]
    assert ("The designed sample of 8 students met 12 of 14 minimum quotas: after students "
            "declined, no one on the reserve list could fill every minimum they left unmet (see "
            "the sampling report).") in md
    coreq = {e["number"]: e for e in summary["coreq"]}
    assert coreq[13]["status"] == "auto" and coreq[13]["text"].startswith(
        "1 of 9 invited declined. Not eligible: ")
    assert "12 of 14 minimum quotas met among the 8 students interviewed (12 of 14 in the " \
        "designed sample)" in coreq[10]["text"]
    assert "invitations" not in {t["key"] for t in summary["to_complete"]}


def test_write_up_when_invitations_are_unknown_and_the_design_is_smaller(
        small: Path, tmp_path: Path) -> None:
    md, summary, cohort = write_up(small, tmp_path, {"target_n": 6},
                                   drop=("invitations", "declined"))
    key = pd.read_csv(cohort / "private" / "demo-pseudonym-key.csv", dtype=str)
    parts = pd.read_csv(cohort / "tables" / "participants.csv", dtype=str)
    outside = len(set(parts["student_id"]) - set(key["student_id"]))
    missed = len(set(key["student_id"]) - set(parts["student_id"]))
    assert (len(key), outside, missed) == (6, 3, 1)  # recomputed from the key and the table
    flow = md[md.index("| Step | n |"):]
    flow = flow[:flow.index("\n\n")]
    assert flow.endswith("| designed sample | 6 |\n| interviewed | 8 |\n"
                         "| interviewed, not in the designed sample | 3 |\n"
                         "| in the designed sample, not interviewed | 1 |")
    assert "| invited |" not in md and "| declined |" not in md and " invited declined" not in md
    # no interviewed woman had a woman mentor: that pair's minimum (1) is not met among them
    students = pd.read_csv(cohort / "tables" / "students.csv", dtype=str)
    mentors = pd.read_csv(cohort / "tables" / "mentors.csv", dtype=str)
    who = parts.merge(students, on="student_id").merge(mentors, on="mentor_id",
                                                       suffixes=("", "_mentor"))
    assert int(((who["gender"] == "female") & (who["gender_mentor"] == "female")).sum()) == 0
    assert ("Who was invited, and who declined: *to complete by the authors*. 6 students were "
            "left on the design's reserve list. 3 of the 8 students interviewed were not in the "
            "designed sample (the participants table records who was interviewed). 1 of the 6 "
            "students in the designed sample was not interviewed. Among the 8 students "
            "interviewed, 13 of the 14 minimum quotas were met; not met: the student–mentor "
            "gender pair female–female: 0 (minimum 1).") in md
    todo = {t["key"]: t for t in summary["to_complete"]}
    assert todo["invitations"]["how"] == "sampling.invitations"
    assert todo["invitations"]["what"] == "Who was invited and who declined"
    coreq = {e["number"]: e for e in summary["coreq"]}
    assert coreq[13]["status"] == "to complete"
    assert coreq[13]["text"].startswith("to complete by the authors (sampling.invitations). "
                                        "1 of the 6 students in the designed sample was not "
                                        "interviewed. Not eligible: ")


def test_stage_10_names_only_the_eligibility_rules_it_applied() -> None:
    """Without an interview date the time-limit rule is off, and the page says so instead
    of claiming it (issue 17: a rule that was not applied is never claimed)."""
    from replicate.stages.sampling_design import eligibility_rules

    off = eligibility_rules({"eligibility": {"min_meetings": 3, "exclude_pilot": True,
                                             "interview_window": None, "max_days_after": 365}})
    assert "365 days" not in off and "no part in a pilot interview" in off
    assert "at least 3 mentor meetings" in off and "no time limit" in off
    on = eligibility_rules({"eligibility": {"min_meetings": 3, "exclude_pilot": False,
                                            "interview_window": ["2025-02-03", "2025-02-03"],
                                            "max_days_after": 200}})
    assert "within 200 days after the programme ended" in on and "pilot" not in on
    assert "no time limit" not in on
