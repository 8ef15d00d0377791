"""Faults: a killed run keeps the previous report; a dead kernel is reported with its stage;
a kernel that fails to start is retried once with a fresh one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest

from replicate.cli import main
from replicate.errors import StageError
from replicate.pipeline import kernels as pipeline
from replicate.pipeline import run_cohort
from replicate.stage import notebook_folder as notebooks_dir

pytestmark = pytest.mark.kernel


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (Linux ``/proc``)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _slow_notebooks(tmp_path: Path) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nb = nbformat.read(notebooks_dir() / "00_cohort_overview.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import time\ntime.sleep(60)"))
    nbformat.write(nb, folder / "00_cohort_overview.ipynb")
    return folder


def test_sigkill_mid_run_keeps_previous_report(mini_cohort: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    run_cohort(mini_cohort, out_root=out, stages=["00"])
    report = out / "my-school-2026"
    before = _tree(report)
    env = {**os.environ, "REPLICATE_NOTEBOOKS": str(_slow_notebooks(tmp_path))}
    proc = subprocess.Popen(
        [sys.executable, "-m", "replicate.cli", "run", str(mini_cohort), "--out", str(out),
         "--stages", "00", "--force", "-q"], env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    artifact = None
    while time.monotonic() < deadline:
        builds = list(out.glob(".my-school-2026.build-*"))
        if builds and (builds[0] / "notebooks" / "00_cohort_overview.ipynb").exists():
            artifact = builds[0]
            break
        time.sleep(0.2)
    assert artifact is not None, "the run never started"
    time.sleep(1.0)
    kernels = _children(proc.pid)
    assert kernels, "no kernel was running"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert _tree(report) == before  # the previous report is intact
    # Kernels run in their own session, so the kill misses them; ipykernel's parent poller
    # ends an orphaned kernel within about a second. Until then it may still write.
    deadline = time.monotonic() + 15
    while any(_running(k) for k in kernels) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_running(k) for k in kernels), "an orphaned kernel outlived its run"
    again = run_cohort(mini_cohort, out_root=out, stages=["00"], force=True)
    assert again.stages == ["00_cohort_overview"]
    assert not list(out.glob(".my-school-2026.*"))  # the killed run's build folder is gone
    assert _tree(report) == before


def test_dead_kernel_is_reported_with_its_stage(
    mini_cohort: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "nb"
    folder.mkdir()
    nb = nbformat.read(notebooks_dir() / "00_cohort_overview.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import os, signal\nos.kill(os.getpid(), "
                                              "signal.SIGKILL)"))
    nbformat.write(nb, folder / "00_cohort_overview.ipynb")
    monkeypatch.setenv("REPLICATE_NOTEBOOKS", str(folder))
    code = main(["run", str(mini_cohort), "--out", str(tmp_path / "r"), "--stages", "00", "-q"])
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert "stage 00_cohort_overview" in err and "kernel" in err.lower(), err
    assert not (tmp_path / "r" / "my-school-2026").exists()


@pytest.mark.parametrize("failures", [1, 2])
def test_kernel_that_fails_to_start_gets_one_fresh_retry(
    mini_cohort: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failures: int,
) -> None:
    real = pipeline._kernel_manager_class
    starts: list[Path] = []

    def flaky(ipc_dir: Path, env: Any = None) -> type:
        class Flaky(real(ipc_dir, env)):  # type: ignore[misc]
            async def start_kernel(self, **kw: object) -> None:
                starts.append(ipc_dir)
                if len(starts) <= failures:
                    raise RuntimeError("Kernel died before replying to kernel_info")
                await super().start_kernel(**kw)
        return Flaky

    monkeypatch.setattr(pipeline, "_kernel_manager_class", flaky)
    monkeypatch.setattr(pipeline.KernelPool, "warm", lambda self, n: None)  # the stage's own
    out = tmp_path / "r"
    if failures == 1:
        res = run_cohort(mini_cohort, out_root=out, stages=["00"])
        assert res.stages == ["00_cohort_overview"]
        assert (out / "my-school-2026" / "stages" / "00_cohort_overview.html").exists()
    else:
        with pytest.raises(StageError, match="kernel failure: RuntimeError: Kernel died"):
            run_cohort(mini_cohort, out_root=out, stages=["00"])
        assert not (out / "my-school-2026").exists()
    assert len(starts) == 2 and starts[0] != starts[1]  # the retry used a fresh socket folder


def test_a_run_reuses_its_kernels_and_numbers_each_notebook_afresh(
    mini_cohort: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Seven stages on two lanes start two kernels (each stage takes an idle one); every
    published notebook is numbered 1, 2, … as in a fresh kernel, and no kernel outlives the
    run."""
    real = pipeline._kernel_manager_class
    pids: list[int] = []

    def counting(ipc_dir: Path, env: Any = None) -> type:
        class Counting(real(ipc_dir, env)):  # type: ignore[misc]
            async def start_kernel(self, **kw: object) -> None:
                await super().start_kernel(**kw)
                pids.append(self.provisioner.pid)
        return Counting

    monkeypatch.setattr(pipeline, "_kernel_manager_class", counting)
    out = tmp_path / "r"
    res = run_cohort(mini_cohort, out_root=out, stage_workers=2)
    assert len(res.stages) == 7
    assert 1 <= len(pids) <= 2
    for path in sorted((out / "my-school-2026" / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        counts = [c.execution_count for c in nb.cells
                  if c.cell_type == "code" and c.execution_count is not None]
        assert counts == list(range(1, len(counts) + 1)), path.name
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def _use_notebooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                   cells: dict[str, str]) -> list[str]:
    """The stages named in ``cells``, each with its extra source run right after the
    parameters cell (through ``REPLICATE_NOTEBOOKS``); returns their names for ``stages=``."""
    folder = tmp_path / "nb"
    folder.mkdir()
    for name, source in cells.items():
        nb = nbformat.read(notebooks_dir() / f"{name}.ipynb", as_version=4)
        at = next(i for i, c in enumerate(nb.cells)
                  if "parameters" in c.metadata.get("tags", []))
        nb.cells.insert(at + 1, nbformat.v4.new_code_cell(source))
        nbformat.write(nb, folder / f"{name}.ipynb")
    monkeypatch.setenv("REPLICATE_NOTEBOOKS", str(folder))
    return list(cells)


def test_failing_stage_stops_its_running_sibling(
    mini_cohort: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    marker = tmp_path / "sibling.pid"
    names = _use_notebooks(tmp_path, monkeypatch, {
        "00_cohort_overview": f"import os, time\nwhile not os.path.exists({str(marker)!r}):\n"
                              "    time.sleep(0.1)\nraise ValueError('overview broke')",
        "10_sampling_design": f"import os, time\nopen({str(marker)!r}, 'w')"
                              ".write(str(os.getpid()))\ntime.sleep(600)",
    })
    out = tmp_path / "r"
    with pytest.raises(StageError) as info:
        run_cohort(mini_cohort, out_root=out, stage_workers=2, stages=names)
    assert (info.value.stage, info.value.message) == ("00_cohort_overview",
                                                       "ValueError: overview broke")
    sibling = int(marker.read_text())
    assert not _running(sibling), "the sleeping sibling stage's kernel was left running"
    assert not out.exists() or not list(out.iterdir())  # nothing published, no build folder


def test_failing_stage_cancels_stages_not_yet_started(
    mini_cohort: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    marker = tmp_path / "later.ran"
    names = _use_notebooks(tmp_path, monkeypatch, {
        "00_cohort_overview": "raise ValueError('overview broke')",
        "10_sampling_design": f"open({str(marker)!r}, 'w').write('ran')",
    })
    with pytest.raises(StageError, match="overview broke"):
        run_cohort(mini_cohort, out_root=tmp_path / "r", stage_workers=1, stages=names)
    assert not marker.exists()  # one stage at a time: stage 10 never started


def test_parallel_stages_leave_the_working_directory_alone(
    mini_cohort: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """papermill's ``cwd=`` chdirs the process; with two stages in threads the process could
    end up in a build folder that is then deleted. Kernels still start in the build folder."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    seen = tmp_path / "kernel-cwd.txt"
    names = _use_notebooks(tmp_path, monkeypatch, {
        "00_cohort_overview": f"import os\nopen({str(seen)!r}, 'w')"
                              ".write(os.getcwd() + '|' + run_dir)",
        "10_sampling_design": "pass",
    })
    for _ in range(3):
        run_cohort(mini_cohort, out_root=tmp_path / "r", stage_workers=2, force=True,
                   stages=names)
        assert os.getcwd() == str(here)
    kernel_cwd, run_dir = seen.read_text().split("|")
    assert kernel_cwd == run_dir and ".my-school-2026.build-" in kernel_cwd


def test_the_gate_in_worker_processes_stops_a_table_with_a_roster_name(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A large cohort's gate scans in worker processes (here for any size); a stage's table
    that carries a student's name still stops the run, and nothing is published."""
    import importlib

    import pandas as pd

    publish = importlib.import_module("replicate.pipeline.publish")
    name = str(pd.read_csv(demo_copy.parent / "tables" / "students.csv")["name"].iloc[0])
    folder = tmp_path / "nb"
    folder.mkdir()
    nb = nbformat.read(notebooks_dir() / "10_sampling_design.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "from pathlib import Path\n"
        f"Path(run_dir, 'artifacts', '10_sampling_design-leak.csv').write_text("
        f"'who\\n{name}\\n', encoding='utf-8')"))
    nbformat.write(nb, folder / "10_sampling_design.ipynb")
    monkeypatch.setenv("REPLICATE_NOTEBOOKS", str(folder))
    monkeypatch.setattr(publish, "_SCAN_APART", 0)
    code = main(["run", str(demo_copy), "--out", str(tmp_path / "r"), "--stages", "10", "-q"])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "10_sampling_design-leak.csv" in err[0], err
    assert not (tmp_path / "r" / "demo").exists()
    monkeypatch.delenv("REPLICATE_NOTEBOOKS")
    assert main(["run", str(demo_copy), "--out", str(tmp_path / "r"), "--stages", "10",
                 "-q"]) == 0  # the same run without the leak publishes
    assert (tmp_path / "r" / "demo" / "stages" / "10_sampling_design.html").is_file()


def _counting_kernels(monkeypatch: pytest.MonkeyPatch, *, fail: int = 0) -> list[int]:
    """Record the process id of every kernel started (the first ``fail`` starts fail)."""
    real = pipeline._kernel_manager_class
    pids: list[int] = []
    starts: list[int] = []

    def counting(ipc_dir: Path, env: Any = None) -> type:
        class Counting(real(ipc_dir, env)):  # type: ignore[misc]
            async def start_kernel(self, **kw: object) -> None:
                starts.append(1)
                if len(starts) <= fail:
                    raise RuntimeError("Kernel died before replying to kernel_info")
                await super().start_kernel(**kw)
                pids.append(self.provisioner.pid)
        return Counting

    monkeypatch.setattr(pipeline, "_kernel_manager_class", counting)
    return pids


def test_a_warm_kernel_has_imported_the_libraries_and_moves_to_its_stages_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import asyncio

    pids = _counting_kernels(monkeypatch)
    with pipeline.KernelPool() as pool:
        pool.warm(1)
        kernel = pool.take(pipeline.KernelWatch(), cwd=tmp_path)
        assert kernel.alive() and kernel.cwd == str(tmp_path)
        check = (f"import os, sys\nassert os.getcwd() == {str(tmp_path)!r}\n"
                 f"assert all(m in sys.modules for m in {pipeline.WARM_IMPORTS!r})\n"
                 "assert not {'pandas', 'sklearn', '_i', '_m', '_os'} & set(globals())")
        loop = asyncio.new_event_loop()
        try:
            assert loop.run_until_complete(pipeline._quietly(kernel, check))
            # and a failing check is seen as one
            assert not loop.run_until_complete(pipeline._quietly(kernel, "assert False"))
        finally:
            loop.close()
        pool.give(kernel, reusable=True)
    assert len(pids) == 1 and not _running(pids[0])


def test_the_first_warm_kernel_is_lent_while_the_next_still_warms(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pids = _counting_kernels(monkeypatch)
    with pipeline.KernelPool() as pool:
        pool.warm(2)
        first = pool.take(pipeline.KernelWatch())
        # lent at once: the second kernel had not finished starting
        assert first.alive() and len(pids) == 1
        second = pool.take(pipeline.KernelWatch())  # waits for the second warm kernel
        assert second.alive() and second is not first and len(pids) == 2
        pool.give(first, reusable=False)
        pool.give(second, reusable=False)
    assert all(not _running(p) for p in pids)


def test_the_other_kernels_warm_once_the_first_is_ready_or_the_run_has_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import asyncio
    import threading

    started: list[object] = []
    release = threading.Event()

    async def warm_one(self: object, kernel: object) -> bool:
        started.append(kernel)
        while not release.is_set():
            await asyncio.sleep(0.01)
        return False  # not lent: the test starts no kernel

    monkeypatch.setattr(pipeline.KernelPool, "_warm_one", warm_one)
    with pipeline.KernelPool() as pool:
        pool.warm(2)
        time.sleep(0.3)
        assert len(started) == 1  # the second waits while the first warms ...
        pool.loaded()
        deadline = time.monotonic() + 30
        while len(started) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(started) == 2  # ... or until the run has loaded its cohort
        release.set()


def test_a_pool_closed_while_its_kernels_warm_leaves_no_kernel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pids = _counting_kernels(monkeypatch)
    with pipeline.KernelPool() as pool:
        pool.warm(2)
        time.sleep(1.0)  # the first started or starting, importing
    # kernels warm one after another: the second starts only if the first was ready in 1 s
    assert 1 <= len(pids) <= 2 and all(not _running(p) for p in pids)
    kernels = [p for p in _children(os.getpid()) if _running(p)
               and b"ipykernel" in Path(f"/proc/{p}/cmdline").read_bytes()]
    assert kernels == []


def test_a_kernel_that_fails_to_warm_is_replaced_by_a_cold_start(
    mini_cohort: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    pids = _counting_kernels(monkeypatch, fail=1)  # the warm kernel's start fails
    res = run_cohort(mini_cohort, out_root=tmp_path / "r", stages=["00"])
    assert res.stages == ["00_cohort_overview"] and len(pids) == 1
    assert not _running(pids[0])


def test_bad_input_found_while_the_kernels_warm_is_one_line_and_leaves_no_kernel(
    mini_cohort: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pids = _counting_kernels(monkeypatch)
    text = mini_cohort.read_text(encoding="utf-8")
    mini_cohort.write_text(text.replace("min_meetings: 3", "min_meetings: 50"),
                           encoding="utf-8")
    assert "min_meetings: 50" in mini_cohort.read_text(encoding="utf-8")
    code = main(["run", str(mini_cohort), "--out", str(tmp_path / "r")])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1, captured
    assert "min_meetings" in captured.err or "eligible" in captured.err
    assert all(not _running(p) for p in pids)
    assert not (tmp_path / "r").exists() or not any((tmp_path / "r").iterdir())
