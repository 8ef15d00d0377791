"""What a stage is, declared once: the :class:`Stage` record.

A stage is a notebook plus one analysis call. Everything the pipeline needs to know about it
lives in its :class:`Stage` record, declared next to its entry function in
``replicate/stages/<slug>.py``; the incremental key (:mod:`replicate.pipeline.keys`), the
missing-input checks, the parallel waves, ``replicate validate``'s stage checks, the manifest
and the stage table of ``docs/architecture.md`` are all derived from these records.

This module is low-level on purpose: it imports nothing of the analysis packages, so the
pipeline and the CLI can read the declarations without paying for pandas-heavy imports.

Adding a stage (say 35) takes three things:

1. an analysis module with a function ``compute(cohort, run_dir) -> StageResult``;
2. a notebook ``<package>/notebooks/35_<slug>.ipynb`` whose code cell calls
   ``STAGE.run(config_path, run_dir)``;
3. one ``Stage(...)`` declaration naming the two, listed in the registry that is passed to
   :func:`replicate.pipeline.run_cohort` (``STAGES`` for the built-in ones).

Examples
--------
>>> s = Stage(number="35", slug="toy", title="Toy", entry=lambda cohort, run: None,
...           sections=("study",), tables=("units",))
>>> s.name
'35_toy'
>>> s.writes_patterns()
('artifacts/35_toy.json', 'artifacts/35_toy-*.csv', 'artifacts/35_toy-*.png')
>>> waves([s])
[['35_toy']]
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from replicate.errors import ConfigError, ReplicateError

if TYPE_CHECKING:
    from replicate.artifacts import StageResult
    from replicate.cohort import Cohort

__all__ = ["REDACTION_SECTIONS", "REDACTION_TABLES", "SECTIONS", "TABLE_KEYS", "Stage",
           "notebook_folder", "notebook_paths", "select", "waves"]

#: The config sections a stage may declare (fields of :class:`replicate.config.CohortConfig`).
SECTIONS = ("study", "programme", "data", "sampling", "guide", "reliability", "coding",
            "synthesis", "privacy", "writeup", "seed")
#: The data keys a stage may declare (fields of :class:`replicate.config.DataPaths`).
TABLE_KEYS = ("students", "mentors", "participants", "codebook", "units", "codings",
              "transcripts", "pilots", "guide")
#: What every stage reads through the redaction of its outputs (the names of everyone the
#: cohort knows and the privacy lists): part of every stage's key.
REDACTION_SECTIONS = ("study", "privacy", "writeup")
REDACTION_TABLES = ("students", "mentors", "participants", "codings")

Entry = Callable[["Cohort", Path], "StageResult"]
Precheck = Callable[["Cohort"], list[ReplicateError]]


@dataclass(frozen=True)
class Stage:
    """One stage of the pipeline, declared once.

    Parameters
    ----------
    number : str
        Two digits; stages run and are listed in this order (``"10"``).
    slug : str
        The stage's name without its number; also the name of its module in
        ``replicate.stages`` and of its notebook function (``"sampling_design"``).
    title : str
        Human title for pages and progress lines.
    entry : callable
        ``entry(cohort, run_dir) -> StageResult``: runs the analysis and writes the artifacts.
    sections : tuple of str
        Config sections the stage reads (:data:`SECTIONS`); part of its incremental key.
    tables : tuple of str
        Data keys the stage reads (:data:`TABLE_KEYS`); their files are part of its key.
    artifacts : tuple of str, default=()
        Names of upstream stages whose artifacts it reads; it runs after them and their keys
        are part of its key.
    requires : tuple of str, default=()
        Data keys without which it cannot run (a subset of ``tables``).
    writes : tuple of str, default=()
        Files it writes in the report besides its own artifacts (``index.html``); its
        artifacts (``artifacts/<name>.json``, ``-*.csv``, ``-*.png``) are implied.
    precheck : callable, optional
        ``precheck(cohort) -> list of ReplicateError``: the cheap input checks of the stage,
        run by ``replicate validate`` and by ``replicate run`` before any kernel starts.
    deep_check : callable, optional
        Same signature: the checks that cost a pass of the analysis (without its bootstrap or
        permutations), run by ``replicate validate`` only, after ``precheck`` found nothing. A
        run meets the same problem inside the stage: the same one line, exit 2, the previous
        report kept. (At a million units the two analysis passes took 16 s before any
        kernel started, and the stages then did the same work again.)
    package : str, default="replicate"
        The package whose ``notebooks/`` folder holds ``<name>.ipynb``.
    parses_transcripts : bool or None, default=None
        Whether the stage needs the parsed interview transcripts (:attr:`Cohort.transcripts`);
        None: when ``"transcripts"`` is in ``tables``. A stage that declares the transcripts
        (so that they are part of its key) but reads their files itself says False.
    weight : float, default=1.0
        Relative run time, for scheduling only: within a wave the heaviest stages start first
        (longest-processing-time order), so two kernels finish the wave sooner.
    """

    number: str
    slug: str
    title: str
    entry: Entry
    sections: tuple[str, ...]
    tables: tuple[str, ...]
    artifacts: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()
    precheck: Precheck | None = field(default=None, compare=False)
    deep_check: Precheck | None = field(default=None, compare=False)
    package: str = "replicate"
    parses_transcripts: bool | None = None
    weight: float = field(default=1.0, compare=False)

    def __post_init__(self) -> None:
        if not (len(self.number) == 2 and self.number.isdigit()):
            raise ValueError(f"stage number must be two digits, got {self.number!r}")
        unknown = [s for s in self.sections if s not in SECTIONS]
        unknown += [t for t in (*self.tables, *self.requires) if t not in TABLE_KEYS]
        if unknown:
            raise ValueError(f"stage {self.name} declares unknown inputs: {unknown}")
        if not set(self.requires) <= set(self.tables):
            raise ValueError(f"stage {self.name}: requires must be a subset of tables")

    @property
    def name(self) -> str:
        """``NN_slug``: the notebook's and the artifacts' name."""
        return f"{self.number}_{self.slug}"

    @property
    def key_sections(self) -> tuple[str, ...]:
        """Config sections in the stage's key: its own and the redaction's."""
        return tuple(dict.fromkeys((*self.sections, *REDACTION_SECTIONS)))

    @property
    def key_tables(self) -> tuple[str, ...]:
        """Data keys in the stage's key: its own and the redaction's (the rosters)."""
        return tuple(dict.fromkeys((*self.tables, *REDACTION_TABLES)))

    @property
    def reads_texts(self) -> bool:
        """Whether the stage needs parsed transcripts (else the cohort loads tables only)."""
        if self.parses_transcripts is not None:
            return self.parses_transcripts
        return "transcripts" in self.tables

    def notebook(self) -> Path:
        """The stage notebook's path: ``$REPLICATE_NOTEBOOKS/<name>.ipynb`` when that variable
        names a folder holding it (custom notebooks, tests), else the package resource.

        Raises
        ------
        ConfigError
            The notebook does not exist (a broken install).
        """
        env = os.environ.get("REPLICATE_NOTEBOOKS")
        if env and (Path(env) / f"{self.name}.ipynb").is_file():
            return Path(env) / f"{self.name}.ipynb"
        path = notebook_folder(self.package) / f"{self.name}.ipynb"
        if not path.is_file():
            raise ConfigError(f"the notebook of stage {self.name} is missing ({path.name} in "
                              f"{self.package}); reinstall {self.package}",
                              location=f"stage {self.name}")
        return path

    def writes_patterns(self) -> tuple[str, ...]:
        """Glob patterns (relative to the report folder) of every file the stage writes."""
        own = (f"artifacts/{self.name}.json", f"artifacts/{self.name}-*.csv",
               f"artifacts/{self.name}-*.png")
        return own + self.writes

    def owns(self, relpath: str) -> bool:
        """Whether the report file ``relpath`` is one this stage declares it writes."""
        return any(fnmatch.fnmatchcase(relpath, p) for p in self.writes_patterns())

    def missing(self, cohort: Cohort) -> list[str]:
        """The required data keys the cohort's config does not name."""
        return [k for k in self.requires if getattr(cohort.config.data, k) is None]

    def result(self, cohort: Cohort) -> StageResult:
        """An empty :class:`~replicate.artifacts.StageResult` for this stage that redacts
        every text it writes or shows with the cohort's redactor."""
        from replicate.artifacts import StageResult
        from replicate.privacy import cohort_redactor

        return StageResult(self.name, redaction=cohort_redactor(cohort))

    def run(self, config_path: str | Path, run_dir: str | Path) -> StageResult:
        """Load the cohort (tables only unless the stage parses transcripts; the tables from
        the run's cohort folder when there is one), run :attr:`entry` and return its result;
        what a stage notebook calls.

        Relative paths resolve as :func:`notebook_paths` says, so a notebook opened in
        JupyterLab (whose kernel starts in the notebook's folder) runs with its defaults.
        """
        from replicate.cohort import add_transcripts, load_cohort
        from replicate.cohort_cache import read_cache

        config, run = notebook_paths(config_path, run_dir)
        # the cohort the run loaded, when this kernel runs for it (replicate.cohort_cache),
        # with the transcripts read here when the stage parses them
        cohort = read_cache(config)
        if cohort is not None and self.reads_texts:
            add_transcripts(cohort)
        if cohort is None:
            cohort = load_cohort(config, transcripts=self.reads_texts)
        return self.entry(cohort, run)


def notebook_paths(config_path: str | Path, run_dir: str | Path, *,
                   cwd: Path | None = None) -> tuple[Path, Path]:
    """Where a notebook's ``config_path`` and ``run_dir`` parameters point.

    A relative ``config_path`` is looked for in the working folder and then in each folder
    above it, so the default ``examples/demo-cohort/cohort.yaml`` is found from the
    repository root, from ``notebooks/`` and from ``src/replicate/notebooks/`` alike (a
    kernel JupyterLab starts runs in the notebook's folder). A relative ``run_dir`` is taken
    from the folder where the config was found (the working folder for an absolute
    ``config_path``), so the default ``reports/lab`` lands in the repository's ``reports/``.
    ``replicate run`` passes absolute paths, which are used as they are.

    Parameters
    ----------
    config_path, run_dir : str or Path
        The notebook's parameters.
    cwd : Path or None, default=None
        The working folder (default: the process's).

    Returns
    -------
    (Path, Path)
        The config file and the report folder.

    Raises
    ------
    ConfigError
        The config is not found, or the report folder would lie inside the installed
        package.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "c").mkdir(); (root / "c" / "cohort.yaml").write_text("")
    0
    >>> (root / "nb").mkdir()
    >>> cfg, run = notebook_paths("c/cohort.yaml", "reports/lab", cwd=root / "nb")
    >>> cfg == root / "c" / "cohort.yaml", run == root / "reports" / "lab"
    (True, True)
    """
    here = Path.cwd() if cwd is None else Path(cwd)
    config = Path(config_path)
    base = here
    if not config.is_absolute():
        found = next((b for b in (here, *here.parents) if (b / config).is_file()), None)
        if found is None:
            raise ConfigError(f"{config.as_posix()} is not in {here} or any folder above it; "
                              "set config_path (in the notebook's parameters cell, or "
                              "-p config_path …) to your cohort.yaml", location="config_path")
        base, config = found, found / config
    run = Path(run_dir)
    run = run if run.is_absolute() else base / run
    package = Path(__file__).resolve().parent
    if run.resolve().is_relative_to(package):
        raise ConfigError(f"run_dir {run} lies inside the installed package; set run_dir to a "
                          "folder of your own (e.g. reports/lab)", location="run_dir")
    return config, run


def notebook_folder(package: str = "replicate") -> Path:
    """The folder of a package's shipped stage notebooks."""
    return Path(str(resources.files(package) / "notebooks"))


def select(registry: Sequence[Stage], spec: Sequence[str] | None) -> list[Stage]:
    """Stages of ``registry`` named by number (``10``) or name, in stage order; all of them
    when ``spec`` is empty.

    Raises
    ------
    ConfigError
        An unknown stage, or an empty registry.

    Examples
    --------
    >>> a = Stage(number="10", slug="a", title="A", entry=lambda c, r: None, sections=(),
    ...           tables=())
    >>> [s.name for s in select([a], ["10"])]
    ['10_a']
    """
    if not registry:
        raise ConfigError("no stages are installed; reinstall replicate", location="--stages")
    ordered = sorted(registry, key=lambda s: s.name)
    if not spec:
        return ordered
    chosen: list[Stage] = []
    for item in spec:
        for part in item.split(","):
            part = part.strip()
            match = [s for s in ordered if part in (s.name, s.number)]
            if not match:
                allowed = ", ".join(f"{s.number} ({s.name})" for s in ordered)
                raise ConfigError(f"unknown stage '{part}'; allowed: {allowed}",
                                  location="--stages")
            chosen.extend(m for m in match if m not in chosen)
    return sorted(chosen, key=lambda s: s.name)


def waves(stages: Sequence[Stage]) -> list[list[str]]:
    """Group stages into waves that may run side by side: a stage runs in the wave after the
    last of the upstream stages (among ``stages``) whose artifacts it reads.

    Raises
    ------
    ValueError
        A cycle in the declared artifact dependencies.
    """
    by_name = {s.name: s for s in stages}
    level: dict[str, int] = {}

    def depth(name: str, seen: tuple[str, ...]) -> int:
        if name in seen:
            raise ValueError(f"stages depend on each other in a cycle: {' → '.join(seen)}")
        if name not in level:
            ups = [u for u in by_name[name].artifacts if u in by_name]
            level[name] = 1 + max((depth(u, (*seen, name)) for u in ups), default=-1)
        return level[name]

    for s in stages:
        depth(s.name, ())
    out: list[list[str]] = [[] for _ in range(max(level.values(), default=-1) + 1)]
    for s in sorted(stages, key=lambda s: s.name):
        out[level[s.name]].append(s.name)
    return out

