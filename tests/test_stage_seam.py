"""The declared Stage: every stage reads only what it declares, keys follow the declarations,
errors keep their kind, and a new stage is one declaration, one notebook, one module."""

from __future__ import annotations

import dataclasses
import json
import pickle
import shutil
import sys
import textwrap
from pathlib import Path
from typing import Any

import nbformat
import pytest

from replicate import errors
from replicate.cli import build_parser, main
from replicate.cohort import Cohort, load_cohort
from replicate.errors import ConfigError, ReplicateError, StageError
from replicate.pipeline import run_cohort, stage_keys
from replicate.stage import SECTIONS, Stage, select, waves
from replicate.stages import STAGES, stage_named

ROOT = Path(__file__).resolve().parents[1]


# --- a cohort that records what a stage reads ------------------------------------------------

class _Log:
    def __init__(self) -> None:
        self.sections: set[str] = set()
        self.tables: set[str] = set()


class _RecordingConfig:
    """Forwards to the real config; records config sections and data keys read."""

    def __init__(self, real: Any, log: _Log) -> None:
        self._real, self._log = real, log

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._real, name)
        if name == "data":
            return _RecordingData(value, self._log)
        if name in SECTIONS:
            self._log.sections.add(name)
        return value

    def data_path(self, name: str) -> Path | None:
        self._log.tables.add(name)
        return self._real.data_path(name)  # type: ignore[no-any-return]

    def section(self, name: str) -> Any:
        self._log.sections.add(name)
        return self._real.section(name)


class _RecordingData:
    def __init__(self, real: Any, log: _Log) -> None:
        self._real, self._log = real, log

    def __getattr__(self, name: str) -> Any:
        self._log.tables.add(name)
        return getattr(self._real, name)


class _RecordingDict(dict[str, Any]):
    """A dict that records the keys read; ``whole`` names it when it is read as a whole."""

    def __init__(self, data: dict[str, Any], log: _Log, whole: str | None) -> None:
        super().__init__(data)
        self._log, self._whole = log, whole

    def _hit(self, key: str | None = None) -> None:
        self._log.tables.add(self._whole or str(key))

    def __getitem__(self, key: str) -> Any:
        self._hit(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        self._hit(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self._hit(str(key))
        return super().__contains__(key)

    def _all(self) -> None:
        if self._whole:
            self._log.tables.add(self._whole)
        else:
            self._log.tables.update(super().keys())

    def items(self) -> Any:  # type: ignore[override]
        self._all()
        return super().items()

    def values(self) -> Any:  # type: ignore[override]
        self._all()
        return super().values()

    def keys(self) -> Any:  # type: ignore[override]
        self._all()
        return super().keys()

    def __iter__(self) -> Any:
        self._all()
        return super().__iter__()

    def __len__(self) -> int:
        self._all()
        return super().__len__()


def _recording(cohort: Cohort) -> tuple[Cohort, _Log]:
    log = _Log()
    rec = Cohort(
        config=_RecordingConfig(cohort.config, log),  # type: ignore[arg-type]
        tables=_RecordingDict(cohort.tables, log, None),
        transcripts=_RecordingDict(cohort.transcripts, log, "transcripts"),
        pilots=_RecordingDict(cohort.pilots, log, "pilots"),
        texts=_RecordingDict(cohort.texts, log, "transcripts"),
    )
    return rec, log


def _written(run: Path) -> set[str]:
    return {p.relative_to(run).as_posix() for p in run.rglob("*") if p.is_file()}


def test_every_stage_reads_only_what_it_declares(demo_copy: Path, tmp_path: Path) -> None:
    """Each stage runs on a recording cohort in a folder holding only the artifacts of the
    stages it declares: an undeclared config section, table or artifact fails the test."""
    full = load_cohort(demo_copy)  # parsed transcripts: an undeclared read is recorded
    outputs: dict[str, Path] = {}
    for stage in STAGES:
        run = tmp_path / f"run-{stage.number}"
        (run / "artifacts").mkdir(parents=True)
        for up in stage.artifacts:  # only the declared upstream artifacts are there
            for f in (outputs[up] / "artifacts").glob(f"{up}*"):
                shutil.copy(f, run / "artifacts" / f.name)
        before = _written(run)
        cohort, log = _recording(full)
        stage.entry(cohort, run)
        undeclared_sections = log.sections - set(stage.key_sections) - {"seed"}
        undeclared_tables = log.tables - set(stage.key_tables)
        assert not undeclared_sections, (stage.name, sorted(undeclared_sections))
        assert not undeclared_tables, (stage.name, sorted(undeclared_tables))
        new = _written(run) - before
        assert new, stage.name
        assert all(stage.owns(f) for f in new), (stage.name, sorted(f for f in new
                                                                    if not stage.owns(f)))
        assert f"artifacts/{stage.name}.json" in new
        outputs[stage.name] = run


def test_a_stage_reading_an_undeclared_table_is_caught(demo_copy: Path, tmp_path: Path) -> None:
    """The recorder is not blind: stage 30 declared without codings is caught."""
    cohort, log = _recording(load_cohort(demo_copy, transcripts=False))
    stage_named("30").entry(cohort, tmp_path / "run")
    assert "codings" in log.tables and "reliability" in log.sections


# --- bug 1: the skip key covers what stage 40 reads -----------------------------------------

def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_stage_40_key_follows_programme_pilots_and_codings(demo_copy: Path) -> None:
    s40 = stage_named("40")
    base = stage_keys(load_cohort(demo_copy, transcripts=False), [s40])[s40.name]
    _edit(demo_copy, "students_offered: 122", "students_offered: 999")
    offered = stage_keys(load_cohort(demo_copy, transcripts=False), [s40])[s40.name]
    assert offered != base
    codings = demo_copy.parent / "tables" / "codings.csv"
    codings.write_text(codings.read_text(encoding="utf-8") + "", encoding="utf-8")
    pilot = sorted((demo_copy.parent / "pilots").glob("*.txt"))[0]
    pilot.write_text(pilot.read_text(encoding="utf-8") + "\nP: One more line.\n",
                     encoding="utf-8")
    assert stage_keys(load_cohort(demo_copy, transcripts=False), [s40])[s40.name] != offered
    # a section stage 40 does not read leaves its key alone
    _edit(demo_copy, "title:", "title: Changed")
    after = stage_keys(load_cohort(demo_copy, transcripts=False), [s40])[s40.name]
    assert after == stage_keys(load_cohort(demo_copy, transcripts=False), [s40])[s40.name]


@pytest.mark.kernel
def test_rerun_after_a_programme_change_republishes_stage_40(demo_copy: Path,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "r"
    run_cohort(demo_copy, out_root=out, stages=["40"])
    facts = (out / "demo" / "artifacts" / "40_theme_synthesis-facts_comparison.csv").read_text()
    assert "122" in facts and "999" not in facts
    _edit(demo_copy, "students_offered: 122", "students_offered: 999")
    res = run_cohort(demo_copy, out_root=out, stages=["40"])
    assert res.stages == ["40_theme_synthesis"] and not res.skipped
    facts = (out / "demo" / "artifacts" / "40_theme_synthesis-facts_comparison.csv").read_text()
    assert "999" in facts
    again = run_cohort(demo_copy, out_root=out, stages=["40"])
    assert again.skipped == ["40_theme_synthesis"]


# --- waves, selection, an empty registry ------------------------------------------------------

def test_waves_follow_declared_artifacts() -> None:
    assert waves(STAGES) == [[s.name for s in STAGES[:6]], ["50_write_up"]]
    assert "35_machine_coding" in waves(STAGES)[0]
    assert waves([stage_named("50")]) == [["50_write_up"]]


def test_no_stages_is_an_error_never_an_empty_report(mini_cohort: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ConfigError, match="no stages"):
        select([], None)
    with pytest.raises(ConfigError, match="no stages"):
        run_cohort(mini_cohort, out_root=tmp_path / "r", registry=())
    assert not (tmp_path / "r" / "my-school-2026").exists()


def test_missing_notebook_is_one_line_and_publishes_nothing(mini_cohort: Path,
                                                           tmp_path: Path) -> None:
    broken = Stage(number="00", slug="cohort_overview", title="Overview",
                   entry=stage_named("00").entry, sections=(), tables=(), package="json")
    with pytest.raises(ConfigError, match="notebook of stage 00_cohort_overview is missing"):
        run_cohort(mini_cohort, out_root=tmp_path / "r", registry=(broken,))
    assert not (tmp_path / "r" / "my-school-2026").exists()


# --- errors keep their kind ---------------------------------------------------------------------

@pytest.mark.parametrize("cls", [errors.ReplicateError, errors.ConfigError, errors.DataError,
                                 errors.ArtifactError, errors.PrivacyError])
def test_errors_pickle_with_their_fields(cls: type[ReplicateError]) -> None:
    exc = cls("bad value", file="students.csv", location="row 3, column age")
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is cls
    assert (back.message, back.file, back.location) == (exc.message, exc.file, exc.location)
    assert back.one_line() == exc.one_line() == str(back)


def test_stage_error_pickles_with_stage_cell_and_cohort() -> None:
    exc = StageError("ValueError: boom", stage="30_coding_reliability", cell=4, cohort="ki-2026")
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is StageError and back.exit_code == 1
    assert (back.stage, back.cell, back.cohort, back.message) == (
        "30_coding_reliability", 4, "ki-2026", "ValueError: boom")
    assert back.one_line() == exc.one_line()


def test_no_eligible_pool_is_found_by_validate(demo_copy: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    _edit(demo_copy, "min_meetings: 3", "min_meetings: 50")
    assert main(["validate", str(demo_copy)]) == 2
    err = capsys.readouterr().err
    assert "eligible" in err and "valid" not in err.splitlines()[-1].split(":")[-1]


def test_an_input_changed_after_the_keys_is_hashed_again_for_the_manifest(
        demo_copy: Path) -> None:
    from replicate.pipeline import manifest_inputs
    from replicate.pipeline.keys import file_sha256

    cohort = load_cohort(demo_copy, transcripts=False)
    s40 = stage_named("40")
    before = stage_keys(cohort, [s40])[s40.name]
    codings = demo_copy.parent / "tables" / "codings.csv"
    assert manifest_inputs(cohort)["tables/codings.csv"] == file_sha256(codings)
    codings.write_text(codings.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert manifest_inputs(cohort)["tables/codings.csv"] == file_sha256(codings)
    assert stage_keys(cohort, [s40])[s40.name] != before


@pytest.mark.kernel
def test_bad_input_raised_in_a_kernel_is_exit_2_with_its_line(
        demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(demo_copy, "min_meetings: 3", "min_meetings: 50")
    # without its pre-check the stage meets the problem inside its kernel
    unchecked = dataclasses.replace(stage_named("10"), precheck=None)
    with pytest.raises(ConfigError) as info:
        run_cohort(demo_copy, out_root=tmp_path / "r", registry=(unchecked,))
    assert not isinstance(info.value, StageError) and "eligible" in info.value.one_line()
    # with it, run finds the problem before any kernel starts, as validate does
    assert main(["run", str(demo_copy), "--stages", "10", "--out", str(tmp_path / "r"),
                 "-q"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "eligible" in err[0]
    assert not (tmp_path / "r" / "demo").exists()


@pytest.mark.kernel
def test_a_deep_check_problem_is_found_by_validate_and_by_the_stage_in_a_run(
        demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # an unknown subgroup attribute shows only when the synthesis is built: validate's deep
    # check finds it; run leaves the deep check to the stage, which says the same line
    _edit(demo_copy, "attributes: [doctor_in_family]", "attributes: [shoe_size]")
    cohort = load_cohort(demo_copy)
    stage = stage_named("40")
    assert stage.precheck is not None and stage.precheck(cohort) == []
    assert main(["validate", str(demo_copy)]) == 2
    said = [x for x in capsys.readouterr().err.splitlines() if "shoe_size" in x]
    assert len(said) == 1 and "synthesis.subgroups" in said[0]
    reports = tmp_path / "r"
    (reports / "demo").mkdir(parents=True)
    (reports / "demo" / "index.html").write_text("previous report", encoding="utf-8")
    assert main(["run", str(demo_copy), "--stages", "40", "--out", str(reports), "-q"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == said and "Traceback" not in "".join(err)
    assert [p.name for p in (reports / "demo").iterdir()] == ["index.html"]
    assert (reports / "demo" / "index.html").read_text(encoding="utf-8") == "previous report"


def test_run_dir_and_config_path_are_not_parameters(mini_cohort: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", str(mini_cohort), "--out", str(tmp_path / "r"), "-p",
                 f"run_dir={tmp_path / 'elsewhere'}", "-q"])
    assert code == 2
    assert "set by the run itself" in capsys.readouterr().err
    assert not (tmp_path / "elsewhere").exists()


@pytest.mark.parametrize("case", ["file", "under-file", "id-is-file"])
def test_output_folder_problems_are_one_line(mini_cohort: Path, tmp_path: Path, case: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    out = {"file": blocker, "under-file": blocker / "reports", "id-is-file": tmp_path / "r"}[case]
    if case == "id-is-file":
        out.mkdir()
        (out / "my-school-2026").write_text("x")
    assert main(["run", str(mini_cohort), "--out", str(out), "-q"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--out" in err[0] and "Traceback" not in err[0]


# --- validate loads once; the CLI has every command ------------------------------------------

def test_validate_loads_the_cohort_once(demo_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    import replicate.cohort as cohort_mod

    calls: list[object] = []
    real = cohort_mod._collect

    def counting(*a: Any, **k: Any) -> Any:
        calls.append(a)
        return real(*a, **k)

    monkeypatch.setattr(cohort_mod, "_collect", counting)
    assert main(["validate", str(demo_copy)]) == 0
    assert len(calls) == 1


def test_every_subcommand_is_registered_statically() -> None:
    parser, _ = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == {  # type: ignore[union-attr]
        "validate", "run", "verify", "demo", "init", "templates", "notebooks", "batch",
        "agreement", "scan", "import-qdpx", "export-qdc", "export-qdpx"}


def test_a_broken_command_module_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    import replicate.qdpx

    monkeypatch.delattr(replicate.qdpx, "cli", raising=False)
    monkeypatch.setitem(sys.modules, "replicate.qdpx.cli", None)
    monkeypatch.delitem(sys.modules, "replicate.cli")
    with pytest.raises(ImportError):
        importlib.import_module("replicate.cli")


def test_notebooks_command_copies_the_shipped_notebooks(tmp_path: Path) -> None:
    assert main(["notebooks", str(tmp_path / "nb")]) == 0
    names = sorted(p.name for p in (tmp_path / "nb").glob("*.ipynb"))
    assert names == [f"{s.name}.ipynb" for s in STAGES]
    assert main(["notebooks", str(tmp_path / "nb")]) == 2  # no silent overwrite
    assert main(["notebooks", str(tmp_path / "nb"), "--force"]) == 0


# --- a new stage: one declaration, one notebook, one module ----------------------------------

_TOY_MODULE = '''
"""Stage 35 (toy): counts meaning units per participant."""
from pathlib import Path

from replicate.artifacts import StageResult
from replicate.cohort_cache import read_cache
from replicate.stage import Stage


def compute(cohort, run_dir: Path) -> StageResult:
    units = cohort.table("units")
    out = StageResult(STAGE.name)
    out.summary = {"n_units": len(units), "quotes": cohort.config.synthesis.quotes_per_category,
                   "run_cohort": read_cache(cohort.config.path) is not None}
    out.tables["per_participant"] = units.groupby("participant").size().reset_index(name="n")
    out.notes["headline"] = f"{len(units)} meaning units."
    out.write(Path(run_dir))
    return out


STAGE = Stage(number="35", slug="toy_counts", title="Toy counts", entry=compute,
              sections=("synthesis",), tables=("units",), requires=("units",),
              artifacts=("30_coding_reliability",), package="toy_stage")
'''


def _toy_package(root: Path) -> None:
    pkg = root / "toy_stage"
    (pkg / "notebooks").mkdir(parents=True)
    (pkg / "__init__.py").write_text(textwrap.dedent(_TOY_MODULE), encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('config_path = "cohort.yaml"\nrun_dir = "out"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params,
                nbformat.v4.new_code_cell("from toy_stage import STAGE\n\n"
                                          "res = STAGE.run(config_path, run_dir)"),
                nbformat.v4.new_markdown_cell("# Toy counts"),
                nbformat.v4.new_code_cell('res.show("headline")')]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, pkg / "notebooks" / "35_toy_counts.ipynb")


@pytest.mark.kernel
def test_a_toy_stage_35_runs_from_one_declaration(demo_copy: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _toy_package(tmp_path / "plugins")
    monkeypatch.syspath_prepend(str(tmp_path / "plugins"))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "plugins"))  # for the kernel
    import toy_stage as toy  # type: ignore[import-not-found]

    registry = (*STAGES[:4], toy.STAGE)
    assert waves(registry)[-1] == ["35_toy_counts"]
    res = run_cohort(demo_copy, out_root=tmp_path / "r", stages=["30", "35"],
                     registry=registry)
    assert res.stages == ["30_coding_reliability", "35_toy_counts"]
    report = tmp_path / "r" / "demo"
    assert (report / "stages" / "35_toy_counts.html").exists()
    summary = json.loads((report / "artifacts" / "35_toy_counts.json").read_text())
    assert summary["n_units"] == len(load_cohort(demo_copy, transcripts=False).tables["units"])
    assert summary["run_cohort"] is True  # the kernel took the cohort the run had loaded
    manifest = json.loads((report / "manifest.json").read_text())
    assert set(manifest["stage_keys"]) == {"30_coding_reliability", "35_toy_counts"}
    assert manifest["stage_reads"]["35_toy_counts"]["tables"] == ["units"]


# --- declarations are well-formed; the docs table is derived ---------------------------------

def test_declarations_are_consistent() -> None:
    names = [s.name for s in STAGES]
    assert names == sorted(names) and len(set(names)) == len(names)
    for s in STAGES:
        assert s.notebook().is_file()
        assert set(s.artifacts) <= set(names[: names.index(s.name)])
        module = sys.modules[s.entry.__module__]
        assert module.__name__ == f"replicate.stages.{s.slug}"
        assert getattr(module, s.slug)  # the notebook function has the stage's name
        nb = nbformat.read(s.notebook(), as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert f"from replicate.stages import {s.slug}" in code


def test_architecture_stage_table_is_derived_from_the_declarations() -> None:
    from replicate.stages import stage_table

    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    begin, end = "<!-- stage table: generated -->", "<!-- end of stage table -->"
    assert begin in doc and end in doc
    table = doc.split(begin, 1)[1].split(end, 1)[0].strip()
    assert table == stage_table().strip()


def test_stage_rejects_bad_declarations() -> None:
    def entry(cohort: Any, run: Any) -> Any:
        return None

    with pytest.raises(ValueError, match="two digits"):
        Stage(number="5", slug="x", title="X", entry=entry, sections=(), tables=())
    with pytest.raises(ValueError, match="unknown inputs"):
        Stage(number="05", slug="x", title="X", entry=entry, sections=("nope",), tables=())
    with pytest.raises(ValueError, match="subset"):
        Stage(number="05", slug="x", title="X", entry=entry, sections=(), tables=(),
              requires=("units",))



def test_the_heaviest_stages_of_a_wave_start_first() -> None:
    """With two kernels a wave starts its stages heaviest first (longest-processing-time
    order, so the wave ends sooner); with one, in stage order."""
    from replicate.pipeline.run import start_order
    from replicate.stages import STAGES

    wave = [s for s in STAGES if s.name != "50_write_up"]
    two = [s.name for s in start_order(wave, 2)]
    assert two[0] == "35_machine_coding" and sorted(two) == sorted(s.name for s in wave)
    weights = [s.weight for s in start_order(wave, 2)]
    assert weights == sorted(weights, reverse=True)
    assert start_order(wave, 1) == wave
