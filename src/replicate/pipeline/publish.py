"""From a build folder to a published report: sanitised notebooks, stage pages, the privacy
gate, and the atomic swap into place (with recovery after a kill)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat

from replicate.cohort import Cohort
from replicate.errors import ConfigError
from replicate.report import notebook_to_html, render_index, report_nav, set_nav
from replicate.stage import Stage

if TYPE_CHECKING:
    from replicate.privacy import OutputScan

__all__ = ["check_key_dir", "check_publishable", "output_scan", "prepare_out", "publish",
           "recover", "render_stage", "sanitise_notebook", "stage_files", "stage_nav",
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


def stage_nav(stages: Sequence[Stage], current: Stage | None, *, language: str) -> str:
    """The report header of a run's page (see :func:`replicate.report.report_nav`).

    Parameters
    ----------
    stages : sequence of Stage
        Every stage whose page the run publishes (run now or carried over), any order.
    current : Stage or None
        The page's stage; None for ``index.html``.
    language : str
        The report's language.
    """
    ordered = sorted(stages, key=lambda s: s.name)
    return report_nav([(s.name, s.title) for s in ordered],
                      current=None if current is None else current.name, language=language)


def render_stage(nb: Any, stage: Stage, *, title: str, language: str, build: Path,
                 params: Mapping[str, Any], stages: Sequence[Stage] = ()) -> None:
    """Sanitise the executed notebook, write it and its HTML page into the build folder.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook.
    stage : Stage
    title : str
        The study's title.
    language : str
        The report's language.
    build : Path
        The build folder.
    params : mapping
        The canonical, path-free parameters (:func:`sanitise_notebook`).
    stages : sequence of Stage, default=()
        Every stage the run publishes, for the page's header (``stage`` is added when
        absent).
    """
    nb = sanitise_notebook(nb, params=params)
    nbformat.write(nb, build / "notebooks" / f"{stage.name}.ipynb")
    run = [*stages, stage] if stage.name not in {s.name for s in stages} else list(stages)
    html = notebook_to_html(nb, title=f"{title}: {stage.title}",
                            nav_html=stage_nav(run, stage, language=language),
                            language=language)
    (build / "stages" / f"{stage.name}.html").write_text(html, encoding="utf-8")


def write_index(cohort: Cohort, build: Path, done: Sequence[Stage]) -> None:
    """Write the stage index as ``index.html`` unless the write-up stage wrote one, then give
    every published page (``index.html`` and each page of ``done``) the header of the run.

    A page is rewritten only when its header differs: a stage skipped as unchanged keeps its
    bytes unless the run's stages changed, and the write-up (written inside stage 50's
    kernel, which does not know the stages after it) gets the same header as every page.
    """
    cfg = cohort.config
    language = cfg.study.language
    index = build / "index.html"
    if not (build / "artifacts" / "50_write_up.json").exists():
        ordered = sorted(done, key=lambda s: s.name)
        index.write_text(
            render_index(title=cfg.study.title, stages=[(s.name, s.title) for s in ordered],
                         synthetic=cfg.study.synthetic, language=language), encoding="utf-8")
    pages: list[tuple[Path, Stage | None]] = [(index, None)]
    pages += [(build / "stages" / f"{s.name}.html", s) for s in done]
    for path, stage in pages:
        if not path.exists():
            continue
        old = path.read_text(encoding="utf-8")
        new = set_nav(old, stage_nav(done, stage, language=language))
        if new != old:
            path.write_text(new, encoding="utf-8")


def output_scan(cohort: Cohort, build: Path) -> OutputScan:
    """The privacy gate's scan of the build folder, to be fed each stage's files as the stage
    is done (:func:`stage_files`) and finished by :func:`check_publishable`; for a cohort of
    at least 50,000 units it scans in worker processes of its own (close it when
    the run fails)."""
    from replicate.privacy import OutputScan, cohort_identities

    private = [str(cohort.config.root), str(Path.home()), str(build)]
    units = cohort.tables.get("units")
    return OutputScan(build, cohort_identities(cohort), private,
                      background=units is not None and len(units) >= _SCAN_APART)


#: Units from which the privacy gate scans in worker processes: their start costs about 2 s
#: of work, more than a small cohort's whole scan (the demo's pipeline took 0.28x the naive
#: loop with them, 0.26x without).
_SCAN_APART = 50_000


def stage_files(build: Path, stage: Stage) -> list[Path]:
    """The files of ``stage`` in the build folder: its page, its notebook and what it declares
    it writes (:meth:`~replicate.stage.Stage.writes_patterns`)."""
    written = sorted({p for pattern in stage.writes_patterns() for p in build.glob(pattern)})
    return [build / "stages" / f"{stage.name}.html", build / "notebooks" /
            f"{stage.name}.ipynb", *written]


def check_publishable(cohort: Cohort, build: Path, scan: OutputScan | None = None) -> None:
    """Refuse to publish when any output carries an identifying value or a private path.

    ``scan`` is the run's :func:`output_scan` with the files it has already scanned; every
    other file, and any file changed since, is scanned now.

    Raises
    ------
    PrivacyError
        Naming the first file and the kind of value found (never the value).
    """
    from replicate.privacy import raise_findings

    raise_findings((scan or output_scan(cohort, build)).finish())


def prepare_out(out_root: Path, study_id: str | None = None) -> Path:
    """Create the reports folder; return ``out_root/<study_id>`` (``out_root`` without an id).

    Raises
    ------
    ConfigError
        The folder is a file, lies under a file, cannot be written, or ``<study_id>`` in it
        is a file.
    """
    shown = str(out_root)
    for parent in (out_root, *out_root.parents):
        if parent.exists() and not parent.is_dir():
            what = "is a file" if parent == out_root else f"lies under a file ({parent})"
            raise ConfigError(f"the reports folder {what}; give a folder", file=shown,
                              location="--out")
    try:
        out_root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the reports folder ({exc.strerror})", file=shown,
                          location="--out") from None
    if not os.access(out_root, os.W_OK | os.X_OK):
        raise ConfigError("the reports folder is not writable", file=shown, location="--out")
    if study_id is None:
        return out_root
    target = out_root / study_id
    if target.exists() and not target.is_dir():
        raise ConfigError(f"'{study_id}' in the reports folder is a file, not a report "
                          "folder; move it away", file=shown, location="--out")
    return target


def check_key_dir(cohort: Cohort, out_root: Path) -> None:
    """Refuse a ``privacy.key_dir`` inside the reports folder: the pseudonym key and the
    redaction log would be published with the reports.

    Symbolic links and ``..`` are resolved on both sides first.

    Raises
    ------
    ConfigError
        ``privacy.key_dir`` resolves to ``out_root`` or a folder below it.
    """
    cfg = cohort.config
    key_dir = (cfg.root / cfg.privacy.key_dir).resolve()
    if key_dir.is_relative_to(Path(out_root).resolve()):
        raise ConfigError(
            f"privacy.key_dir ({cfg.privacy.key_dir}) lies inside the reports folder "
            f"({out_root}), where the pseudonym key and the redaction log would be "
            "published; choose a key folder outside --out", file=cohort.display(cfg.path),
            location="privacy.key_dir")


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
