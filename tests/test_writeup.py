"""The generated write-up (stage 50) on the synthetic demo cohort, without a kernel.

The artifacts of stages 00–40 are built once per module by calling the stage functions in
process on a copy of ``examples/demo-cohort``; each test then runs the write-up against them
with a config variant (English with a full ``writeup:`` section, Swedish, bare demo).
"""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from replicate.errors import ArtifactError
from replicate.stages import (
    coding_reliability,
    cohort_overview,
    pilot_interview_guide,
    sampling_design,
    theme_synthesis,
    write_up,
)

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-cohort"
STAGE = "50_write_up"

# methodology.md §4.1: "fully auto", "config-driven" and "auto draft, author completes".
FULLY_AUTO = {1, 12, 13, 16, 17, 18, 21, 24, 25, 29}
CONFIG_DRIVEN = {2, 3, 4, 9, 11, 14, 15, 19, 20, 23, 26, 27, 28}
AUTO_DRAFT = {10, 22, 30, 31, 32}
FILLABLE = FULLY_AUTO | CONFIG_DRIVEN | AUTO_DRAFT

WRITEUP: dict[str, Any] = {
    "researchers": [
        {"initials": "SK", "credentials": "MD", "occupation": "Clinical lecturer",
         "gender": "female", "experience": "Interview training in a doctoral course",
         "roles": ["interviewer", "coder", "author"]},
        {"initials": "CS", "credentials": "PhD", "occupation": "Professor of medical education",
         "gender": "female", "roles": ["coder", "analyst", "author"]},
    ],
    "paradigm": "Interpretivist, naturalistic inquiry",
    "inductive": True,
    "software": "NVivo 14",
    "recruitment": "E-mail invitation from the programme office, one reminder after a week.",
    "setting": "A quiet room at the university, chosen by the participant.",
    "others_present": "No one besides the participant and the interviewer.",
    "recording": "Audio-recorded and transcribed verbatim by the interviewer.",
    "field_notes": "Brief notes written after each interview.",
    "transcripts_returned": "Transcripts were not returned to participants.",
    "participant_checking": "Participants did not comment on the findings.",
    "ethics": "The regional ethical review board judged that no formal approval was needed.",
    "consent": "Written informed consent; participation was voluntary.",
    "funding": "None.",
    "conflicts": "None declared.",
    "author_text": {"discussion": "author/discussion.md", "limitations": "author/limitations.md"},
}
DISCUSSION = ("# What the replication shows\n\nMentoring in this cohort looked much like the "
              "original: a free zone first.\n\n## Transferability\n\nOne school only.\n")
LIMITATIONS = "A single interviewer shaped every conversation.  \nThe data are synthetic.\n"


def _write_config(cohort: Path, name: str, **changes: Any) -> Path:
    data = yaml.safe_load((cohort / "cohort.yaml").read_text(encoding="utf-8"))
    data["reliability"] = {**data.get("reliability", {}), "bootstrap": 100}
    for key, value in changes.items():
        if key == "language":
            data["study"]["language"] = value
        else:
            data[key] = value
    path = cohort / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Artifacts of stages 00–40 for the demo cohort, plus config variants."""
    base = tmp_path_factory.mktemp("writeup")
    cohort = base / "cohort"
    shutil.copytree(DEMO, cohort, ignore=shutil.ignore_patterns("private"))
    (cohort / "author").mkdir(exist_ok=True)
    (cohort / "author" / "discussion.md").write_text(DISCUSSION, encoding="utf-8")
    (cohort / "author" / "limitations.md").write_text(LIMITATIONS, encoding="utf-8")
    # not the default author/reflexivity.md: only the "reflexive" config includes it
    (cohort / "author" / "reflexive-statement.md").write_text(
        "SK had taught some of the participants in an earlier course.\n", encoding="utf-8")
    bare = _write_config(cohort, "bare.yaml", writeup={})  # the demo ships write-up facts
    run = base / "reports" / "demo"
    for fn in (cohort_overview, sampling_design, pilot_interview_guide, coding_reliability,
               theme_synthesis):
        fn(bare, run)
    full = _write_config(cohort, "full.yaml", writeup=WRITEUP)
    sv = _write_config(cohort, "sv.yaml", writeup=WRITEUP, language="sv")
    reflexive = _write_config(cohort, "reflexive.yaml", writeup={
        **WRITEUP, "author_text": {**WRITEUP["author_text"],
                                   "reflexivity": "author/reflexive-statement.md"}})
    return {"base": base, "cohort": cohort, "run": run, "bare": bare, "full": full, "sv": sv,
            "reflexive": reflexive}


def _fresh_run(built: dict[str, Path], name: str) -> Path:
    """A copy of the built artifacts in its own report folder."""
    run = built["base"] / "runs" / name
    if run.exists():
        shutil.rmtree(run)
    shutil.copytree(built["run"] / "artifacts", run / "artifacts")
    return run


@pytest.fixture(scope="module")
def english(built: dict[str, Path]) -> dict[str, Any]:
    run = _fresh_run(built, "en")
    res = write_up(built["full"], run)
    return {"res": res, "run": run, "md": (run / "write-up.md").read_text(encoding="utf-8"),
            "html": (run / "index.html").read_text(encoding="utf-8")}


def _summary(run: Path, stage: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((run / "artifacts" / f"{stage}.json").read_text())
    return data


def _at(data: Any, key: str) -> Any:
    for part in key.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


class _Text(HTMLParser):
    """Visible text and every attribute of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((tag, k, v or "") for k, v in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Text:
    p = _Text()
    p.feed(page)
    return p


def _visible(page: str) -> str:
    return " ".join("".join(_parse(page).text).split())


# --- checklists --------------------------------------------------------------------------


def test_fillable_coreq_items_are_filled_when_the_config_gives_the_facts(
        english: dict[str, Any]) -> None:
    coreq = english["res"].summary["coreq"]
    assert [e["number"] for e in coreq] == list(range(1, 33))
    for e in coreq:
        if e["number"] in FILLABLE:
            assert e["filled"], e
            assert "to complete" not in e["text"], e
        else:
            assert not e["filled"], e
            assert e["text"].startswith("to complete by the authors"), e
    by_number = {e["number"]: e for e in coreq}
    assert by_number[1]["text"].startswith("interviews by SK, MD")
    assert by_number[2]["text"] == "SK: MD; CS: PhD"
    assert by_number[12]["text"] == "12 participants"
    assert by_number[19]["text"] == WRITEUP["recording"]
    assert by_number[27]["text"].startswith("NVivo 14; ")
    assert by_number[12]["section"] == "Methods › Sampling and participants"
    # the page shows the checklist with the same status
    visible = _visible(english["html"])
    assert "Interviewer/facilitator interviews by SK, MD" in visible


def test_bare_demo_marks_config_items_to_complete(built: dict[str, Path]) -> None:
    run = _fresh_run(built, "bare")
    res = write_up(built["bare"], run)
    coreq = {e["number"]: e for e in res.summary["coreq"]}
    for n in FULLY_AUTO | AUTO_DRAFT | {9, 27}:  # 9, 27 have defaults
        assert coreq[n]["filled"], coreq[n]
    # 26 (derivation of themes) is the authors' statement: never a stock sentence (issue 17)
    for n in (CONFIG_DRIVEN - {9, 27}) | {5, 6, 7, 8}:
        assert not coreq[n]["filled"], coreq[n]
        assert coreq[n]["text"].startswith("to complete by the authors"), coreq[n]
    srqr = {e["number"]: e for e in res.summary["srqr"]}
    assert [e["number"] for e in res.summary["srqr"]] == list(range(1, 22))
    assert not srqr[20]["filled"] and not srqr[21]["filled"] and not srqr[3]["filled"]
    assert srqr[17]["filled"] and srqr[12]["filled"]
    hows = {t["how"] for t in res.summary["to_complete"]}
    # the authors' prose is pointed to its file, never to write-up.md
    assert {"writeup.recording", "writeup.setting", "writeup.ethics",
            "author/discussion.md", "author/background.md", "author/conclusions.md",
            "author/results/a-free-zone.md", "writeup.inductive"} <= hows
    assert not any("write-up.md" in h for h in hows)


def test_srqr_filled_from_config_and_author_text(english: dict[str, Any]) -> None:
    srqr = {e["number"]: e for e in english["res"].summary["srqr"]}
    for n in (1, 2, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 20, 21):
        assert srqr[n]["filled"], srqr[n]
    assert srqr[18]["status"] == "author" and srqr[19]["status"] == "author"
    assert srqr[6]["status"] == "to complete"  # no reflexivity text in this config
    assert not srqr[3]["filled"]  # problem formulation is always the authors'


def test_reflexivity_text_covers_coreq_6_to_8(built: dict[str, Path]) -> None:
    run = _fresh_run(built, "reflexive")
    res = write_up(built["reflexive"], run)
    coreq = {e["number"]: e for e in res.summary["coreq"]}
    assert [coreq[n]["status"] for n in (5, 6, 7, 8)] == ["to complete", "author", "author",
                                                            "author"]
    text = (run / "write-up.md").read_text(encoding="utf-8")
    assert "SK had taught some of the participants" in text
    assert "reflexivity" not in {t["key"] for t in res.summary["to_complete"]}


# --- numbers -----------------------------------------------------------------------------


def test_every_number_traces_to_its_artifact(english: dict[str, Any], built: dict[str, Path]
                                             ) -> None:
    numbers = english["res"].summary["numbers"]
    assert {"sample_size", "kappa", "alpha", "saturation_point", "n_offered",
            "n_double_coded"} <= set(numbers)
    from replicate.config import load_config

    cfg = load_config(built["full"]).model_dump(mode="json")  # with the defaults
    checked = 0
    for name, entry in numbers.items():
        source, key = entry["source"], entry["key"]
        if source.endswith(".json") and " " not in key:
            stage = Path(source).stem
            assert _at(_summary(english["run"], stage), key) == entry["value"], name
            checked += 1
        elif source == "full.yaml":
            assert _at(cfg, key) == entry["value"], name
            checked += 1
    assert checked >= 40


def test_headline_numbers_in_markdown_and_html_equal_the_artifacts(
        english: dict[str, Any]) -> None:
    s30 = _summary(english["run"], "30_coding_reliability")
    s40 = _summary(english["run"], "40_theme_synthesis")
    md, visible = english["md"], _visible(english["html"])
    m = re.search(r"Cohen's kappa \(two coders, unweighted, on (\d+) double-coded meaning "
                  r"units\) = (\d\.\d\d)", md)
    assert m is not None
    assert int(m.group(1)) == s30["n_units"] == 89
    assert float(m.group(2)) == round(s30["overall"]["cohen_kappa"], 2) == 0.86
    m = re.search(r"Krippendorff's alpha \(nominal, on (\d+) double-coded meaning units\) = "
                  r"(\d\.\d\d)", md)
    assert m is not None
    assert float(m.group(2)) == round(s30["overall"]["krippendorff_alpha"], 2)
    m = re.search(r"(\d+) students were interviewed", md)
    assert m is not None and int(m.group(1)) == s40["facts"]["n_interviewed"] == 12
    m = re.search(r"was reached at (\d+\+\d+)", md)
    assert m is not None and m.group(1) == s40["saturation"]["notation"]
    numbers = english["res"].summary["numbers"]
    for name in ("sample_size", "kappa", "alpha", "saturation_point"):
        assert numbers[name]["text"] in visible, name
    kappa_sentence = (f"Cohen's kappa (two coders, unweighted, on {s30['n_units']} double-coded "
                      f"meaning units) = {s30['overall']['cohen_kappa']:.2f}")
    assert kappa_sentence in visible
    assert f"reached at {s40['saturation']['notation']}" in visible


# --- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(("missing", "named"), [("30_coding_reliability", "30"),
                                                 ("40_theme_synthesis", "40"),
                                                 ("10_sampling_design", "10")])
def test_missing_artifacts_name_the_stage_to_run_first(built: dict[str, Path], missing: str,
                                                       named: str) -> None:
    run = _fresh_run(built, f"missing-{named}")
    for p in (run / "artifacts").glob(f"{missing}*"):
        p.unlink()
    with pytest.raises(ArtifactError, match=f"run stage {named}"):
        write_up(built["full"], run)
    assert not (run / "index.html").exists()


def test_missing_table_names_its_stage(built: dict[str, Path]) -> None:
    run = _fresh_run(built, "missing-table")
    (run / "artifacts" / "40_theme_synthesis-quotes.csv").unlink()
    with pytest.raises(ArtifactError, match="stage 40_theme_synthesis"):
        write_up(built["full"], run)


# --- language, author text, publication ------------------------------------------------


def test_swedish_write_up_names_the_machine_coder_in_swedish(built: dict[str, Path]) -> None:
    from replicate.coding import MODELS
    from replicate.writeup.i18n import PHRASES

    run = _fresh_run(built, "sv-machine")
    summary = {"enabled": True, "model": "tfidf", "train_on": "double_coded", "threshold": 0.5,
               "model_description": MODELS["tfidf"], "n_training_examples": 89,
               "scored": {"design": "leave-one-interview-out", "n_folds": 12, "n_units": 89,
                          "abstention_rate": None, "n_boot": 0},
               "machine_vs_human": {}, "human_vs_human": {}}
    (run / "artifacts" / "35_machine_coding.json").write_text(json.dumps(summary),
                                                              encoding="utf-8")
    write_up(built["sv"], run)
    md = (run / "write-up.md").read_text(encoding="utf-8")
    assert PHRASES["mc.model.tfidf"]["sv"] in md and "En maskinkodare (steg 35)" in md
    assert MODELS["tfidf"] not in md


def test_swedish_headings_and_number_style(built: dict[str, Path]) -> None:
    run = _fresh_run(built, "sv")
    res = write_up(built["sv"], run)
    md = (run / "write-up.md").read_text(encoding="utf-8")
    page = (run / "index.html").read_text(encoding="utf-8")
    for heading in ("## Strukturerad sammanfattning", "## Metod", "### Urval och deltagare",
                    "### Datainsamling", "## Resultat", "### Kodmättnad", "## Diskussion",
                    "### Begränsningar", "## Bilaga A. Intervjuguide", "## Bilaga B. Kodbok"):
        assert f"\n{heading}\n" in md, heading
    for english_heading in ("## Methods", "## Results", "## Discussion"):
        assert f"\n{english_heading}\n" not in md
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"sv\">")
    assert '<h2 id="metod">Metod</h2>' in page
    kappa = _summary(run, "30_coding_reliability")["overall"]["cohen_kappa"]
    assert f"= {kappa:.2f}".replace(".", ",") in md
    coreq = {e["number"]: e for e in res.summary["coreq"]}
    assert coreq[6]["text"].startswith("att komplettera av författarna")
    assert coreq[12]["item"] == "Urvalets storlek"
    assert "(B, kvinna, 25–29 år)" in md  # 29 widened: fewer than 5 eligible women are 29


def test_author_text_inserted_and_missing_listed(english: dict[str, Any]) -> None:
    md = english["md"]
    discussion = md.index("\n## Discussion\n")
    assert "\n### What the replication shows\n" in md[discussion:]  # demoted one level
    assert "\n#### Transferability\n" in md[discussion:]
    assert md.index("Mentoring in this cohort looked much like the original") > discussion
    limitations = md.index("\n### Limitations\n")
    assert md.index("A single interviewer shaped every conversation.\\\n") > limitations
    todo = {t["key"]: t for t in english["res"].summary["to_complete"]}
    assert todo["reflexivity"]["how"] == "author/reflexivity.md"
    assert todo["reflexivity"]["reason"] == "file not found"
    assert "discussion" not in todo and "limitations" not in todo
    visible = _visible(english["html"])
    assert "Mentoring in this cohort looked much like the original" in visible
    assert "Reflexivity. to complete by the authors" in visible


def test_author_file_not_found_is_listed(built: dict[str, Path]) -> None:
    cfg = _write_config(built["cohort"], "typo.yaml", writeup={
        **WRITEUP, "author_text": {"discussion": "author/discusion.md"}})
    run = _fresh_run(built, "typo")
    res = write_up(cfg, run)
    todo = {t["key"]: t for t in res.summary["to_complete"]}
    assert todo["discussion"]["how"] == "author/discusion.md"
    assert todo["discussion"]["reason"] == "file not found"
    assert "to complete by the authors" in (run / "write-up.md").read_text(encoding="utf-8")


def test_output_is_byte_identical_across_calls_and_folders(built: dict[str, Path],
                                                           english: dict[str, Any]) -> None:
    files = ("index.html", "write-up.md", "artifacts/50_write_up.json",
             "artifacts/50_write_up-coreq.csv", "artifacts/50_write_up-srqr.csv")
    first = {f: (english["run"] / f).read_bytes() for f in files}
    write_up(built["full"], english["run"])
    assert {f: (english["run"] / f).read_bytes() for f in files} == first
    other = _fresh_run(built, "elsewhere")
    write_up(built["full"], other)
    assert {f: (other / f).read_bytes() for f in files} == first


def test_page_is_offline_without_code_and_figures_have_alt_text(english: dict[str, Any]
                                                                 ) -> None:
    parsed = _parse(english["html"])
    assert "script" not in parsed.tags and "link" not in parsed.tags
    assert "code" not in parsed.tags and "pre" not in parsed.tags
    assert "http:" not in english["html"] and "https:" not in english["html"]
    for _tag, attr, value in parsed.attrs:
        if attr == "src":
            assert value.startswith("data:image/png;base64,"), value[:40]
        if attr == "href":
            # the report header (replicate.report.report_nav) also links this page itself
            assert value.startswith(("#", "stages/")) or value == "index.html", value
    imgs = [(t, a, v) for t, a, v in parsed.attrs if t == "img"]
    alts = [v for t, a, v in imgs if a == "alt"]
    assert len(alts) == 3 and all(len(a) > 20 for a in alts)
    assert "Theme map of the 3 themes" in alts[1]
    assert "@media print" in english["html"]
    for theme in ("Theme: Space", "Theme: Belief in the future", "Theme: Transition"):
        assert f">{theme}</h3>" in english["html"]


def test_stage_reports_that_exist_are_linked(built: dict[str, Path]) -> None:
    run = _fresh_run(built, "linked")
    (run / "stages").mkdir()
    for name in ("10_sampling_design", "30_coding_reliability", "50_write_up"):
        (run / "stages" / f"{name}.html").write_text("<html></html>", encoding="utf-8")
    res = write_up(built["full"], run)
    page = (run / "index.html").read_text(encoding="utf-8")
    assert res.summary["stage_reports"] == ["stages/10_sampling_design.html",
                                            "stages/30_coding_reliability.html"]
    start, end = page.index("<nav "), page.index("</nav>")
    nav, rest = page[start:end], page[:start] + page[end:]
    assert '<a href="stages/10_sampling_design.html">' in nav and "Sampling design" in nav
    assert "stages/10_sampling_design.html" not in rest  # one list of the stages: the header
    assert "stages/20_pilot_interview_guide.html" not in page
    assert "stages/50_write_up.html" not in page  # the write-up is this page


def test_no_student_identifiers_in_the_write_up(built: dict[str, Path],
                                                english: dict[str, Any],
                                                tmp_path: Path) -> None:
    from replicate.cohort import load_cohort
    from replicate.privacy import assert_publishable, cohort_identities

    students = pd.read_csv(built["cohort"] / "tables" / "students.csv", dtype=str)
    published = ("index.html", "write-up.md", f"artifacts/{STAGE}.json")
    for name in published:
        text = html.unescape((english["run"] / name).read_text(encoding="utf-8")).lower()
        tokens = {tok.strip(".") for tok in re.findall(r"[\w@.+-]+", text)}
        for sid, email in zip(students["student_id"], students["email"], strict=True):
            assert sid.lower() not in tokens and email.lower() not in tokens, (name, sid)
        for person in students["name"]:
            assert person.lower() not in text, (name, person)
    # the pipeline's own gate on what it publishes
    for name in published:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(english["run"] / name, tmp_path / name)
    cohort = load_cohort(built["full"])
    assert_publishable(tmp_path, cohort_identities(cohort),
                       private_paths=[str(built["cohort"]), str(Path.home())])


def test_participant_table_bands_ages_when_configured(built: dict[str, Path]) -> None:
    cfg = _write_config(built["cohort"], "banded.yaml", writeup=WRITEUP,
                        privacy={"band_ages": True, "age_band_width": 5})
    run = _fresh_run(built, "banded")
    write_up(cfg, run)
    md = (run / "write-up.md").read_text(encoding="utf-8")
    table = md[md.index("| Pseudonym | Gender | Age band | Mentor's gender |"):]
    table = table[: table.index("\n\n")]
    assert "| H | male | 25–29 | male |" in table
    assert not re.search(r"\| \d\d \|", table)


def test_stage_result_tables_and_notes(english: dict[str, Any]) -> None:
    res = english["res"]
    assert res.stage == STAGE
    assert list(res.tables["coreq"].columns) == ["number", "item", "status", "text", "section"]
    assert len(res.tables["coreq"]) == 32 and len(res.tables["srqr"]) == 21
    assert len(res.tables["to_complete"]) == len(res.summary["to_complete"])
    assert "COREQ: 28 of 32 items reported" in res.notes["summary"]
    assert res.summary["files"] == ["index.html", "write-up.md", "write-up.docx",
                                    "checklists.docx"]


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_write_up_renders_offline_in_headless_chromium(english: dict[str, Any],
                                                        tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM,
                                     args=["--no-sandbox", "--disable-gpu",
                                           "--disable-background-networking"])
        try:
            page = browser.new_context(offline=True).new_page()
            failed: list[str] = []
            external: list[str] = []
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.on("request", lambda r: external.append(r.url)
                    if not r.url.startswith(("file://", "data:")) else None)
            page.goto((english["run"] / "index.html").as_uri(), wait_until="load")
            headings = page.locator("h3").all_inner_texts()
            loaded = page.evaluate(
                "Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
            shot = tmp_path / "write-up.png"
            page.screenshot(path=str(shot))
        finally:
            browser.close()
    assert failed == [] and external == [] and loaded
    for theme in ("Space", "Belief in the future", "Transition"):
        assert f"Theme: {theme}" in headings
    from matplotlib.image import imread

    assert imread(str(shot)).std() > 0.01


def test_other_branches_from_modified_artifacts(built: dict[str, Path]) -> None:
    """Three coders (no Cohen's kappa), saturation not reached, a relaxed quota."""
    import copy

    from replicate.cohort import load_cohort
    from replicate.stages._common import participant_attributes
    from replicate.writeup import collect_evidence, compose

    cohort = load_cohort(built["full"])
    ev = collect_evidence(cohort, built["run"], attributes=participant_attributes(cohort))
    s30 = copy.deepcopy(ev.summaries["30_coding_reliability"])
    s30["overall"]["cohen_kappa"] = None
    s30["n_coders"] = 3
    s40 = copy.deepcopy(ev.summaries["40_theme_synthesis"])
    s40["saturation"].update(reached=False, reason="threshold never met", notation=None)
    s10 = copy.deepcopy(ev.summaries["10_sampling_design"])
    s10["all_quotas_met"] = False
    first = s10["quotas"][0]  # lowered by one: the pool could not meet it
    first.update(required=first["quota"] - 1, achieved=first["quota"] - 1, met_quota=False)
    ev.summaries.update({"30_coding_reliability": s30, "40_theme_synthesis": s40,
                         "10_sampling_design": s10})
    doc = compose(ev)
    fleiss = s30["overall"]["fleiss_kappa"]
    assert (f"Fleiss' kappa (3 coders, on {s30['n_units']} double-coded meaning units) = "
            f"{fleiss:.2f}") in doc.markdown
    assert "Cohen's kappa (two coders" not in doc.markdown
    assert "was not reached over 12 interviews (threshold never met)" in doc.markdown
    assert "Code saturation was not reached." in doc.markdown
    # the demo's interviewees are its designed sample: the design's quota sentence is theirs
    assert ("The designed sample of 12 students met 13 of 14 minimum quotas: the minimums that "
            "the eligible students could not meet were lowered (see the sampling report).") \
        in doc.markdown
    assert ("14 of 14 minimum quotas met among the 12 students interviewed (13 of 14 in the "
            "designed sample)") in {e.number: e for e in doc.coreq}[10].text
    assert doc.numbers["saturation_point"]["value"] is None
    coreq = {e.number: e for e in doc.coreq}
    assert coreq[22].text.startswith("code saturation not reached")


def test_consensus_is_claimed_only_when_a_resolutions_file_settles_every_disagreement(
    built: dict[str, Path], english: dict[str, Any]
) -> None:
    """The tool does not know what the coders agreed unless their resolutions file says so:
    without one the disagreements are 'listed', and how they were resolved is to complete."""
    n = _summary(built["run"], "30_coding_reliability")["n_disagreements"]
    assert n > 0
    text = english["md"]
    assert f"The {n} disagreements are listed for the consensus meeting (0 settled" in text
    assert "were settled at the consensus meeting" not in text
    assert "How the coders' disagreements were resolved" in text  # in the to-complete list
    run = _fresh_run(built, "settled")
    summary = _summary(run, "30_coding_reliability")
    summary["consensus"] = {"n_settled": n, "n_open": 0, "resolutions": "tables/resolutions.csv"}
    (run / "artifacts" / "30_coding_reliability.json").write_text(json.dumps(summary),
                                                                  encoding="utf-8")
    write_up(built["full"], run)
    settled = (run / "write-up.md").read_text(encoding="utf-8")
    assert (f"All {n} disagreements were settled at the consensus meeting; the agreed code, "
            "recorded in the resolutions file (tables/resolutions.csv)") in settled
    assert "How the coders' disagreements were resolved" not in settled
