"""Batch runs: local spawn pool and Dask; one failure (bad config or failing stage) does not
stop the others."""

from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

import nbformat
import pytest

from replicate import batch
from replicate.batch import discover, run_batch
from replicate.cli import main
from replicate.errors import ConfigError
from replicate.scaffold import init_cohort
from replicate.stage import notebook_folder as notebooks_dir

pytestmark = pytest.mark.kernel


def _cohorts(root: Path) -> list[Path]:
    a = init_cohort(root / "a")
    b = init_cohort(root / "b")
    b.write_text(b.read_text().replace("id: my-school-2026", "id: school-b"), encoding="utf-8")
    bad = init_cohort(root / "c")
    bad.write_text(bad.read_text().replace("id: my-school-2026", "id: school-c")
                   .replace("students_offered: 14 ", "students_offered: many "), encoding="utf-8")
    return [a, b, bad]


def test_discover_files_folders_and_globs(tmp_path: Path) -> None:
    a, b, c = _cohorts(tmp_path)
    assert discover([str(tmp_path)]) == [a, b, c]
    assert discover([str(tmp_path / "*" / "cohort.yaml"), str(a)]) == [a, b, c]
    with pytest.raises(ConfigError, match="matches no cohort config"):
        discover([str(tmp_path / "nothing-*")])


def test_local_pool_one_failure_does_not_stop_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _cohorts(tmp_path / "cohorts")
    out = tmp_path / "reports"
    code = main(["batch", str(tmp_path / "cohorts"), "--workers", "2", "--out", str(out), "-q"])
    assert code == 1
    summary = json.loads((out / "batch.json").read_text())
    status = {c["study_id"]: c["status"] for c in summary["cohorts"]}
    assert status == {"my-school-2026": "ok", "school-b": "ok", None: "invalid"}
    bad = next(c for c in summary["cohorts"] if c["status"] == "invalid")
    assert "programme.students_offered" in bad["message"]
    assert (out / "my-school-2026" / "index.html").exists()
    assert (out / "school-b" / "index.html").exists()
    index = (out / "index.html").read_text()
    assert 'href="school-b/index.html"' in index and "2 of 3 cohorts succeeded" in index
    assert "Multi-site view" in (out / "multisite.html").read_text()
    printed = capsys.readouterr().out
    assert "invalid" in printed and "summary:" in printed
    # Again: nothing changed, so every stage of the two good cohorts is skipped.
    assert main(["batch", str(tmp_path / "cohorts"), "--workers", "2", "--out", str(out),
                 "-q"]) == 1
    again = json.loads((out / "batch.json").read_text())["cohorts"]
    assert [(c["stages_run"], c["stages_skipped"] > 0) for c in again if c["status"] == "ok"] \
        == [(0, True), (0, True)]
    assert capsys.readouterr().out.count(" unchanged]") == 2


class _Bar:
    """Records the progress bar's updates."""

    updates: ClassVar[list[int]] = []

    def __init__(self, *args: object, total: int = 0, **kwargs: object) -> None:
        type(self).updates = []
        self.total = total

    def update(self, n: int) -> None:
        type(self).updates.append(n)

    def close(self) -> None:
        pass


def test_dask_local_cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(batch, "tqdm", _Bar)
    a = init_cohort(tmp_path / "a")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        outcomes = run_batch([str(a)], out_root=tmp_path / "reports",
                             scheduler=cluster.scheduler_address, progress=False)
    assert [o.status for o in outcomes] == ["ok"]
    n_stages = len(list(notebooks_dir().glob("[0-9]*.ipynb")))
    assert _Bar.updates == [n_stages]  # the whole cohort, once it finished
    assert (tmp_path / "reports" / "my-school-2026" / "stages" / "00_cohort_overview.html").exists()


def test_stage_failure_is_reported_with_stage_and_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for src in sorted(notebooks_dir().glob("[0-9]*.ipynb")):
        nb = nbformat.read(src, as_version=4)
        if src.stem == "00_cohort_overview":
            nb.cells.append(nbformat.v4.new_code_cell(
                'if "school-b" in open(config_path).read():\n'
                '    raise ValueError("school-b cannot be summarised")'))
        nbformat.write(nb, notebooks / src.name)
    monkeypatch.setenv("REPLICATE_NOTEBOOKS", str(notebooks))  # spawned workers inherit it
    a, b, _ = _cohorts(tmp_path / "cohorts")
    out = tmp_path / "reports"
    outcomes = run_batch([str(a), str(b)], out_root=out, workers=2, progress=False)
    assert [(o.study_id, o.status, o.stage) for o in outcomes] == [
        ("my-school-2026", "ok", None), ("school-b", "failed", "00_cohort_overview")]
    assert outcomes[1].message == "ValueError: school-b cannot be summarised"
    assert outcomes[0].stages_run == len(list(notebooks.glob("*.ipynb")))
    assert not (out / "school-b").exists() and not list(out.glob(".school-b.*"))
    row = next(c for c in json.loads((out / "batch.json").read_text())["cohorts"]
               if c["study_id"] == "school-b")
    assert (row["stage"], row["message"]) == ("00_cohort_overview",
                                               "ValueError: school-b cannot be summarised")
    index = (out / "index.html").read_text()
    assert "<td>00_cohort_overview</td><td>ValueError: school-b cannot be summarised</td>" in index
    assert "1 of 2 cohorts succeeded" in index


def test_duplicate_study_ids_are_refused_before_anything_runs(tmp_path: Path) -> None:
    a = init_cohort(tmp_path / "cohorts" / "a")
    twin = init_cohort(tmp_path / "cohorts" / "twin")  # the same study id as a
    b = init_cohort(tmp_path / "cohorts" / "b")
    b.write_text(b.read_text().replace("id: my-school-2026", "id: school-b"), encoding="utf-8")
    out = tmp_path / "reports"
    outcomes = run_batch([str(tmp_path / "cohorts")], out_root=out, progress=False)
    by_config = {Path(o.config).parent.name: o for o in outcomes}
    assert by_config["b"].status == "ok", by_config["b"].message
    for name, other in (("a", twin), ("twin", a)):
        o = by_config[name]
        assert o.status == "invalid" and o.stages_run == 0
        assert "my-school-2026" in (o.message or "") and str(other) in (o.message or "")
    assert not (out / "my-school-2026").exists()  # neither twin published into one folder
    assert (out / "school-b" / "index.html").exists()
