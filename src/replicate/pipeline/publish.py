"""From a build folder to a published report: sanitised notebooks, stage pages, the privacy
gate, and the atomic swap into place (with recovery after a kill)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import nbformat

from replicate.cohort import Cohort
from replicate.report import notebook_to_html, render_index
from replicate.stage import Stage

__all__ = ["check_publishable", "publish", "recover", "render_stage", "sanitise_notebook",
           "write_index"]


def sanitise_notebook(nb: Any, *, params: Mapping[str, str]) -> Any:
    """Make an executed notebook reproducible and free of private paths.

    Removes timings and papermill's paths, fixes cell ids, rewrites the injected parameters cell
    to ``params`` (the canonical, path-free values), and drops stderr streams (they can carry
    absolute paths of the machine).
    """
    nb.metadata["papermill"] = {"parameters": dict(params)}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell.source = "# Parameters\n" + "".join(
                f"{k} = {json.dumps(v)}\n" for k, v in params.items()
            )
        if cell.cell_type == "code":
            cell.outputs = [
                o for o in cell.outputs
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
    return nb


def render_stage(nb: Any, stage: Stage, *, title: str, language: str, build: Path,
                 params: Mapping[str, Any]) -> None:
    """Sanitise the executed notebook, write it and its HTML page into the build folder."""
    nb = sanitise_notebook(nb, params=params)
    nbformat.write(nb, build / "notebooks" / f"{stage.name}.ipynb")
    html = notebook_to_html(nb, title=f"{title}: {stage.title}",
                            nav_html='<a href="../index.html">Index</a>', language=language)
    (build / "stages" / f"{stage.name}.html").write_text(html, encoding="utf-8")


def write_index(cohort: Cohort, build: Path, done: Sequence[Stage]) -> None:
    """A stage index as ``index.html`` unless the write-up stage wrote one."""
    cfg = cohort.config
    if (build / "artifacts" / "50_write_up.json").exists():
        return
    links = [(s.title, f"stages/{s.name}.html") for s in done]
    (build / "index.html").write_text(
        render_index(title=cfg.study.title, stages=links, synthetic=cfg.study.synthetic,
                     language=cfg.study.language), encoding="utf-8")


def check_publishable(cohort: Cohort, build: Path) -> None:
    """Refuse to publish when any output carries an identifying value or a private path.

    Raises
    ------
    PrivacyError
        Naming the first file and the kind of value found (never the value).
    """
    from replicate.privacy import assert_publishable, cohort_identities

    private = [str(cohort.config.root), str(Path.home()), str(build)]
    assert_publishable(build, cohort_identities(cohort), private_paths=private)


def publish(build: Path, target: Path) -> None:
    """Move ``build`` into place as ``target``, keeping the old report until the swap."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(build, target)
    if old.exists():
        shutil.rmtree(old)


def recover(target: Path) -> None:
    """Restore a report left aside by a run killed between the two renames of :func:`publish`,
    and remove build folders of killed runs.

    Kernels run in their own session, so killing a run's process group misses them; an
    orphaned kernel ends itself within about a second (ipykernel's parent poller) and may
    write into its build folder until then.
    """
    for stale in target.parent.glob(f".{target.name}.build-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(stale, ignore_errors=True)
    if target.exists():
        for stale in target.parent.glob(f".{target.name}.old-*"):
            shutil.rmtree(stale, ignore_errors=True)
        return
    olds = sorted(target.parent.glob(f".{target.name}.old-*"))
    if olds:
        os.replace(olds[-1], target)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True
