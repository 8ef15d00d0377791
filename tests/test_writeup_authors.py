"""The authors' files in the write-up (issue 18), the age-and-gender section, the machine
coder's paragraph (issue 19) and the Word files, on the demo cohort without a kernel.

The artifacts of stages 10–40 are built once per module in process; each test writes the
write-up into a fresh copy of them with its own author files or artifact variant.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import docx
import pandas as pd
import pytest
import yaml

from replicate.coding import MODELS
from replicate.cohort import load_cohort
from replicate.pipeline import stage_keys
from replicate.stages import coding_reliability as reliability_stage
from replicate.stages import (
    pilot_interview_guide,
    sampling_design,
    stage_named,
    theme_synthesis,
    write_up,
)
from replicate.writeup.authoring import PARTS, read_author_text

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-cohort"
S35 = "35_machine_coding"

BACKGROUND = ("<!-- Introduction: the background. This prompt is never shown. -->\n"
              "Mentoring programmes for medical students are common, but what students "
              "experience in them is rarely described.\n\n# Earlier work\n\n"
              "Few studies replicate one another. <!-- cite Kalén 2012 here -->\n")
NARRATIVE = ("<!-- Results, category \"A free zone\" -->\n"
             "The students described the meetings as a place outside assessment.\n\n"
             "# Someone to talk to\n\nMost of them had no one else to ask.\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Artifacts of stages 10–40 for a copy of the demo cohort (English, full write-up)."""
    base = tmp_path_factory.mktemp("authors")
    cohort = base / "cohort"
    shutil.copytree(DEMO, cohort, ignore=shutil.ignore_patterns("private"))
    data = yaml.safe_load((cohort / "cohort.yaml").read_text(encoding="utf-8"))
    data["reliability"] = {**data.get("reliability", {}), "bootstrap": 100}
    config = cohort / "cohort.yaml"
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    run = base / "reports" / "demo"
    for fn in (sampling_design, pilot_interview_guide, reliability_stage, theme_synthesis):
        fn(config, run)
    return {"base": base, "cohort": cohort, "config": config, "run": run}


def _fresh(built: dict[str, Path], name: str) -> Path:
    run = built["base"] / "runs" / name
    if run.exists():
        shutil.rmtree(run)
    shutil.copytree(built["run"] / "artifacts", run / "artifacts")
    return run


def _author(built: dict[str, Path], files: dict[str, str]) -> None:
    """Replace the cohort's author folder by ``files`` (relative path → text)."""
    folder = built["cohort"] / "author"
    if folder.exists():
        shutil.rmtree(folder)
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")


def _section(md: str, heading: str, following: str) -> str:
    start = md.index(heading)
    return md[start:md.index(following, start + len(heading))]


# --- the authors' files ------------------------------------------------------------------------

def test_author_files_are_included_where_they_belong(built: dict[str, Path]) -> None:
    _author(built, {"background.md": BACKGROUND, "results/a-free-zone.md": NARRATIVE,
                    "conclusions.md": "Mentoring gave students a free zone.\n",
                    "discussion.md": "The findings match the original.\n",
                    "results/hope.md": "<!-- only the prompt -->\n"})
    run = _fresh(built, "included")
    res = write_up(built["config"], run)
    md = (run / "write-up.md").read_text(encoding="utf-8")
    intro = _section(md, "\n## Introduction\n", "**Aim.**")
    assert "Mentoring programmes for medical students are common" in intro
    assert "\n### Earlier work\n" in intro  # the author's top level sits under the section
    free = _section(md, "\n#### Category: A free zone\n", "\n#### Category: A sense of")
    assert "The students described the meetings as a place outside assessment." in free
    assert "\n##### Someone to talk to\n" in free
    assert "**Conclusions.** Mentoring gave students a free zone." in md
    # comments are dropped everywhere, never shown as text
    for text in (md.split("\n", 2)[2], (run / "index.html").read_text(encoding="utf-8")):
        assert "prompt is never shown" not in text and "cite Kalén" not in text
        assert "only the prompt" not in text and "&lt;!--" not in text
    todo = {t["key"]: t for t in res.summary["to_complete"]}
    assert not {"background", "conclusions", "discussion", "results/a-free-zone"} & set(todo)
    # a file with only its prompt stays to complete, pointing to the file
    assert todo["results/hope"]["how"] == "author/results/hope.md"
    assert todo["results/hope"]["reason"] == "only comments (the prompt)"
    assert todo["results/hope"]["what"] == "Description of the category “Hope”, with quotes"
    hope = _section(md, "\n#### Category: Hope\n", "\n#### Category: Motivation\n")
    assert "Description of the category, with quotes: *to complete by the authors*." in hope
    assert todo["reflexivity"]["how"] == "author/reflexivity.md"
    # nothing ever sends the authors to write-up.md
    assert not any("write-up.md" in t["how"] for t in res.summary["to_complete"])
    srqr = {e["number"]: e for e in res.summary["srqr"]}
    assert srqr[3]["status"] == "author" and srqr[18]["status"] == "author"


def test_every_missing_part_is_listed_with_its_file(built: dict[str, Path]) -> None:
    _author(built, {})
    run = _fresh(built, "missing")
    res = write_up(built["config"], run)
    hows = {t["key"]: t["how"] for t in res.summary["to_complete"]}
    categories = [c for th in json.loads((run / "artifacts" / "40_theme_synthesis.json")
                                         .read_text())["themes"] for c in th["categories"]]
    assert len(categories) == 6
    # the demo config gives study.aim: no aim file is asked for
    expected = {p.key: f"author/{p.file}" for p in PARTS if p.key != "aim"}
    assert {k: hows[k] for k in expected} == expected
    slugs = [k for k in hows if k.startswith("results/")]
    assert len(slugs) == len(categories)
    assert all(hows[k] == f"author/{k}.md" for k in slugs)
    assert "aim" not in hows


def test_author_text_in_the_config_still_points_a_part_elsewhere(built: dict[str, Path]
                                                                  ) -> None:
    _author(built, {"notes/my-limits.md": "Only one school took part.\n"})
    data = yaml.safe_load(built["config"].read_text(encoding="utf-8"))
    data["writeup"]["author_text"] = {"limitations": "author/notes/my-limits.md"}
    cfg = built["cohort"] / "elsewhere.yaml"
    cfg.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    run = _fresh(built, "elsewhere")
    res = write_up(cfg, run)
    md = (run / "write-up.md").read_text(encoding="utf-8")
    assert "Only one school took part." in _section(md, "\n### Limitations\n", "\n## ")
    assert "limitations" not in {t["key"] for t in res.summary["to_complete"]}


def test_an_author_file_changes_the_write_up_key(built: dict[str, Path]) -> None:
    _author(built, {})
    s50 = stage_named("50")
    before = stage_keys(load_cohort(built["config"], transcripts=False), [s50])[s50.name]
    _author(built, {"results/hope.md": "Hope came from the mentor's stories.\n"})
    after = stage_keys(load_cohort(built["config"], transcripts=False), [s50])[s50.name]
    assert after != before


def test_write_up_md_says_it_is_generated(built: dict[str, Path]) -> None:
    _author(built, {})
    run = _fresh(built, "notice")
    write_up(built["config"], run)
    first = (run / "write-up.md").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("<!-- Generated by replicate") and first.endswith(" -->")
    assert "files under author/" in first
    html = (run / "index.html").read_text(encoding="utf-8")
    assert "Generated by replicate from the stage artifacts and the authors" not in html


# --- aspects of age and gender ---------------------------------------------------------------

def _table_rows(md: str, heading: str) -> list[list[str]]:
    block = _section(md, heading, "\n### ")
    lines = [ln for ln in block.splitlines() if ln.startswith("| ")]
    return [[c.strip() for c in ln.strip("|").split("|")] for ln in lines]


LABELS = {"gender": "Gender", "age_band": "Age band", "mentor_gender": "Mentor's gender",
          "mentor_age_band": "Mentor's age band"}


def _expected(prevalence: pd.DataFrame) -> list[list[str]]:
    """The table rows recomputed from stage 40's CSV (not with the package's functions)."""
    rows = []
    shown = prevalence[prevalence["attribute"].isin(list(LABELS))]
    for (attribute, group), sel in shown.groupby(["attribute", "group"], sort=False):
        cells = ["–" if pd.isna(n) else f"{int(n)}/{g}" for n, g in
                 zip(sel["n_with"], sel["n_group"], strict=True)]
        cells = [c + ("\\*" if small else "") for c, small in
                 zip(cells, sel["small_cell"], strict=True)]
        label = f"{LABELS[attribute]}: {group}".replace("<", "\\<")  # Markdown-escaped
        rows.append([label, str(sel["n_group"].iloc[0]), *cells])
    return rows


def test_aspects_of_age_and_gender_show_stage_40s_counts(built: dict[str, Path]) -> None:
    _author(built, {"age-and-gender.md": "Few students thought the mentor's gender mattered.\n"})
    run = _fresh(built, "aspects")
    res = write_up(built["config"], run)
    md = (run / "write-up.md").read_text(encoding="utf-8")
    rows = _table_rows(md, "\n### Aspects of age and gender\n")
    header, body = rows[0], rows[1:]
    prevalence = pd.read_csv(run / "artifacts" / "40_theme_synthesis-subgroup_prevalence.csv")
    categories = list(dict.fromkeys(prevalence["category"]))
    assert header == ["Group", "Participants in the group", *categories]
    assert body == _expected(prevalence)
    assert len(body) == 8 and body[0][0] == "Gender: female"
    text = _section(md, "\n### Aspects of age and gender\n", "\n### Code saturation\n")
    assert not prevalence["small_cell"].any() and "Cells marked" not in text
    assert "they are not estimates of how common a view is" in text
    assert "Few students thought the mentor's gender mattered." in text
    assert "age_gender" not in {t["key"] for t in res.summary["to_complete"]}


def test_small_cells_are_marked_and_suppressed_as_stage_40_did(built: dict[str, Path]) -> None:
    _author(built, {})
    data = yaml.safe_load(built["config"].read_text(encoding="utf-8"))
    data["synthesis"] = {**data.get("synthesis", {}), "min_cell": 7}
    data["privacy"] = {**data.get("privacy", {}), "suppress_small_cells": True}
    cfg = built["cohort"] / "small.yaml"
    cfg.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    run = _fresh(built, "small")
    theme_synthesis(cfg, run)
    res = write_up(cfg, run)
    md = (run / "write-up.md").read_text(encoding="utf-8")
    prevalence = pd.read_csv(run / "artifacts" / "40_theme_synthesis-subgroup_prevalence.csv")
    assert prevalence["small_cell"].any() and prevalence["n_with"].isna().any()
    body = _table_rows(md, "\n### Aspects of age and gender\n")[1:]
    assert body == _expected(prevalence)
    assert any("–\\*" in row for row in body)
    text = _section(md, "\n### Aspects of age and gender\n", "\n### Code saturation\n")
    assert ("Cells marked * have fewer than 7 participants in the group or in the count; "
            "where the count itself is below that, it is not shown (–).") in text
    assert res.summary["numbers"]["subgroup_min_cell"]["key"] == "synthesis.min_cell"
    todo = {t["key"]: t for t in res.summary["to_complete"]}
    assert todo["age_gender"]["how"] == "author/age-and-gender.md"


def test_no_age_or_gender_no_table(built: dict[str, Path]) -> None:
    _author(built, {})
    run = _fresh(built, "no-attributes")
    path = run / "artifacts" / "40_theme_synthesis-subgroup_prevalence.csv"
    prevalence = pd.read_csv(path)
    prevalence[prevalence["attribute"] == "nothing"].to_csv(path, index=False)
    write_up(built["config"], run)
    md = (run / "write-up.md").read_text(encoding="utf-8")
    text = _section(md, "\n### Aspects of age and gender\n", "\n### Code saturation\n")
    assert "No comparison by age and gender was made" in text and "| Group |" not in text


# --- the machine coder's paragraph (issue 19) ---------------------------------------------------

def _pair(kappa: float, alpha: float, ac1: float, n: float) -> dict[str, Any]:
    out: dict[str, Any] = {"n_units": n, "percent_agreement": 0.9}
    for name, v in (("cohen_kappa", kappa), ("krippendorff_alpha", alpha), ("gwet_ac1", ac1)):
        out |= {name: v, f"{name}_ci_low": v - 0.08, f"{name}_ci_high": min(1.0, v + 0.06)}
    return out


MACHINE = {
    "enabled": True, "model": "tfidf", "train_on": "double_coded", "threshold": 0.5,
    "model_description": "TF-IDF features, logistic regression (scikit-learn)",
    "n_training_examples": 89, "n_suggested": 359, "n_abstained": 175,
    "abstention_rate": 0.487,
    "scored": {"design": "leave-one-interview-out", "n_folds": 12, "n_units": 89,
               "abstention_rate": 0.517, "n_boot": 100},
    "machine_vs_human": {"SK": _pair(0.9499, 0.9505, 0.9524, 43.0),
                         "CS": _pair(0.9249, 0.9257, 0.9285, 43.0)},
    "human_vs_human": {"CS – SK": _pair(0.8600, 0.8606, 0.8618, 89.0)},
}


def _machine_text(md: str) -> str:
    return _section(md, "\n### Analysis\n", "\n### Ethics")


def test_machine_coder_paragraph_when_stage_35_ran(built: dict[str, Path]) -> None:
    _author(built, {})
    run = _fresh(built, "machine")
    (run / "artifacts" / f"{S35}.json").write_text(json.dumps(MACHINE), encoding="utf-8")
    res = write_up(built["config"], run)
    text = _machine_text((run / "write-up.md").read_text(encoding="utf-8"))
    paragraphs = [p for p in text.split("\n\n") if "machine coder" in p]
    assert len(paragraphs) == 1
    p = paragraphs[0]
    assert MODELS["tfidf"] in p  # the model as the phrases name it, in the report's language
    assert "trained on the 89 human-coded examples of the double-coded units" in p
    assert "leave-one-interview-out" in p and "It abstained on 52% of them." in p
    assert ("with SK: Cohen's kappa 0.95 (95% CI 0.87–1.00), Krippendorff's alpha 0.95 "
            "(95% CI 0.87–1.00), Gwet's AC1 0.95 (95% CI 0.87–1.00), on 43 units") in p
    assert "with CS: Cohen's kappa 0.92 (95% CI 0.84–0.98)" in p
    assert "the human coders with each other: CS – SK: Cohen's kappa 0.86" in p
    assert p.rstrip().endswith("the agreement figures above are the human coders' only.")
    assert "suggestions for the coders to review" in p
    assert not re.search(r"machine (coded|assigned)|coded by the machine", p)
    numbers = res.summary["numbers"]
    assert numbers["machine_0_cohen_kappa"] == {
        "value": 0.9249, "text": "0.92", "source": f"artifacts/{S35}.json",
        "key": "machine_vs_human[CS].cohen_kappa"}
    assert numbers["machine_abstention"]["value"] == 0.517


def test_machine_paragraph_names_an_unknown_model_as_the_stage_described_it(
        built: dict[str, Path]) -> None:
    _author(built, {})
    run = _fresh(built, "machine-custom")
    custom = {**MACHINE, "model": "custom", "model_description": "a <custom> model"}
    (run / "artifacts" / f"{S35}.json").write_text(json.dumps(custom), encoding="utf-8")
    write_up(built["config"], run)
    p = _machine_text((run / "write-up.md").read_text(encoding="utf-8"))
    assert "stage 35) was run beside the human coding: a \\<custom\\> model," in p


def test_the_phrases_name_each_model_as_the_stage_does() -> None:
    from replicate.writeup.i18n import PHRASES

    assert {k: PHRASES[f"mc.model.{k}"]["en"] for k in MODELS} == MODELS
    assert all(PHRASES[f"mc.model.{k}"]["sv"] != MODELS[k] for k in MODELS)


def test_machine_paragraph_says_when_every_fit_learned_from_a_sample(
        built: dict[str, Path]) -> None:
    _author(built, {})
    run = _fresh(built, "machine-sampled")
    sampled = {**MACHINE, "n_training_examples": 5000, "n_examples_available": 20000,
               "max_examples": 5000, "sampled": True}
    (run / "artifacts" / f"{S35}.json").write_text(json.dumps(sampled), encoding="utf-8")
    res = write_up(built["config"], run)
    p = _machine_text((run / "write-up.md").read_text(encoding="utf-8"))
    assert ("so this model and each model scored below learned from a seeded sample of at "
            "most 5000 of the 20000 examples.") in p
    assert res.summary["numbers"]["machine_examples_available"]["value"] == 20000
    assert "scored against each coder on the 43 double-coded units" not in p
    plain = _fresh(built, "machine-whole")
    (plain / "artifacts" / f"{S35}.json").write_text(json.dumps(MACHINE), encoding="utf-8")
    write_up(built["config"], plain)
    whole = (plain / "write-up.md").read_text(encoding="utf-8")
    assert "seeded sample" not in whole
    assert f"scored against each coder on the {MACHINE['scored']['n_units']} double-coded " \
           "units, leave-one-interview-out" in whole


def test_machine_paragraph_says_when_each_fold_scored_a_sample(built: dict[str, Path]) -> None:
    _author(built, {})
    run = _fresh(built, "machine-scored-sample")
    scored = {**MACHINE["scored"], "design": "5 folds of interviews", "n_folds": 5,
              "n_units": 25000, "sampled": True, "n_double_coded": 200000,
              "max_per_fold": 5000}
    (run / "artifacts" / f"{S35}.json").write_text(json.dumps({**MACHINE, "scored": scored}),
                                                   encoding="utf-8")
    res = write_up(built["config"], run)
    p = _machine_text((run / "write-up.md").read_text(encoding="utf-8"))
    assert ("It was scored against each coder on a seeded sample of 25000 of the 200000 "
            "double-coded units (at most 5000 from each fold, the coders compared on the same "
            "units), in 5 folds of interviews, each unit predicted by a model that had seen no "
            "unit of its interview;") in p
    numbers = res.summary["numbers"]
    assert [numbers[k]["value"] for k in ("machine_scored_units", "machine_double_coded",
                                          "machine_scored_per_fold")] == [25000, 200000, 5000]


def test_no_machine_paragraph_when_stage_35_is_off_or_absent(built: dict[str, Path]) -> None:
    _author(built, {})
    run = _fresh(built, "no-machine")
    write_up(built["config"], run)
    assert "machine" not in _machine_text((run / "write-up.md").read_text(encoding="utf-8"))
    (run / "artifacts" / f"{S35}.json").write_text(json.dumps({"enabled": False}),
                                                   encoding="utf-8")
    res = write_up(built["config"], run)
    md = (run / "write-up.md").read_text(encoding="utf-8")
    assert "machine" not in md.lower()
    assert not any(k.startswith("machine") for k in res.summary["numbers"])


# --- the Word files -----------------------------------------------------------------------------

def test_word_files_have_headings_tables_figures_and_an_a4_page(built: dict[str, Path]
                                                                ) -> None:
    _author(built, {"background.md": BACKGROUND})
    run = _fresh(built, "docx")
    res = write_up(built["config"], run)
    md = (run / "write-up.md").read_text(encoding="utf-8")
    doc = docx.Document(str(run / "write-up.docx"))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    headings = [(p.style.name, p.text) for p in doc.paragraphs
                if p.style is not None and p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", yaml.safe_load(built["config"].read_text())["study"]
                           ["title"])
    level2 = [text for style, text in headings if style == "Heading 2"]
    assert level2[:4] == ["Structured summary", "Introduction", "Methods", "Results"]
    assert ("Heading 3", "Aspects of age and gender") in headings
    assert ("Heading 4", "Category: A free zone") in headings
    assert ("Heading 3", "Earlier work") in headings  # the authors' heading, demoted
    # every pipe table of the Markdown is a Word table with the same rows
    md_tables = re.findall(r"(?:^\|.*\|\n)+", md, flags=re.MULTILINE)
    assert len(doc.tables) == len(md_tables) >= 10
    for table, block in zip(doc.tables, md_tables, strict=True):
        assert len(table.rows) == block.count("\n") - 1  # minus the |---| line
    flow = next(t for t in doc.tables if t.rows[0].cells[0].text == "Step")
    assert [c.text for c in flow.rows[0].cells] == ["Step", "n"]
    assert [c.text for c in flow.rows[1].cells] == ["offered a mentor", "122"]
    # the three stage figures are embedded pictures
    assert len(doc.inline_shapes) == 3
    images = [r.target_part for r in doc.part.rels.values() if "image" in r.reltype]
    assert len(images) == 3 and all(i.blob.startswith(b"\x89PNG") for i in images)
    assert "<!--" not in "\n".join(p.text for p in doc.paragraphs)
    checklists = docx.Document(str(run / "checklists.docx"))
    assert round(checklists.sections[0].page_width.mm) == 210
    coreq, srqr = checklists.tables
    assert len(coreq.rows) == 33 and len(srqr.rows) == 22
    assert [c.text for c in coreq.rows[0].cells] == ["No.", "Item", "Section", "Source"]
    assert [r.cells[0].text for r in coreq.rows[1:]] == [str(n) for n in range(1, 33)]
    assert [r.cells[0].text for r in srqr.rows[1:]] == [f"S{n}" for n in range(1, 22)]
    summary = {e["number"]: e for e in res.summary["coreq"]}
    assert [r.cells[2].text for r in coreq.rows[1:]] == [summary[n]["section"]
                                                          for n in range(1, 33)]
    assert [p.text for p in checklists.paragraphs
            if p.style is not None and p.style.name == "Heading 2"] == [
        "COREQ (32 items)", "SRQR (21 standards)"]


def test_word_files_are_byte_identical_across_runs(built: dict[str, Path]) -> None:
    _author(built, {})
    first, second = _fresh(built, "same-1"), _fresh(built, "same-2")
    write_up(built["config"], first)
    write_up(built["config"], second)
    for name in ("write-up.docx", "checklists.docx", "write-up.md", "index.html"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_init_writes_prompt_only_author_files(mini_cohort: Path) -> None:
    folder = mini_cohort.parent / "author"
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md"))
    assert files == sorted([p.file for p in PARTS] + ["results/a-free-zone.md"])
    for path in folder.rglob("*.md"):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1 and lines[0].startswith("<!-- ") and lines[0].endswith(" -->")
    from replicate.config import load_config

    text = read_author_text(load_config(mini_cohort), ["A free zone"])
    assert not text.present
    assert set(text.missing.values()) == {"only comments (the prompt)"}


# --- reading the files: comments, confinement, encoding ----------------------------------------

def test_comments_are_dropped_outside_code_and_an_unclosed_one_is_kept() -> None:
    from replicate.writeup.authoring import strip_comments

    text = ("<!-- prompt -->\nA <!-- aside\nover two lines --> B.\n\n```\n<!-- code -->\n```\n"
            "Tail <!-- never closed\n")
    assert strip_comments(text) == ("\nA  B.\n\n```\n<!-- code -->\n```\n"
                                    "Tail <!-- never closed\n")


def test_author_paths_stay_inside_the_cohort(mini_cohort: Path, tmp_path: Path) -> None:
    from replicate.config import load_config
    from replicate.errors import ConfigError, DataError

    text = mini_cohort.read_text(encoding="utf-8")
    assert "  author_dir: author " in text  # init writes the default
    mini_cohort.write_text(text.replace("  author_dir: author ", "  author_dir: ../elsewhere "),
                           encoding="utf-8")
    with pytest.raises(ConfigError, match=r"writeup\.author_dir: '\.\./elsewhere' leads "
                                          "outside the cohort folder"):
        load_config(mini_cohort)
    mini_cohort.write_text(text, encoding="utf-8")
    outside = tmp_path / "outside.md"
    outside.write_text("Text from elsewhere.\n", encoding="utf-8")
    linked = mini_cohort.parent / "author" / "results" / "a-free-zone.md"
    linked.unlink()
    linked.symlink_to(outside)
    with pytest.raises(ConfigError, match=r"writeup\.author_dir: 'author/results/a-free-zone"
                                          r"\.md' leads outside the cohort folder"):
        read_author_text(load_config(mini_cohort), ["A free zone"])
    linked.unlink()
    linked.write_bytes("Malmö\n".encode("latin-1"))
    with pytest.raises(DataError, match="not valid UTF-8"):
        read_author_text(load_config(mini_cohort), ["A free zone"])
