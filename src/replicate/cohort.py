"""A cohort: the validated config plus every data file it names, cross-checked.

:func:`validate_cohort` lists every problem (used by ``replicate validate``; no kernel is
started); :func:`load_cohort` returns a :class:`Cohort` or raises the first problem.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import pandas as pd

from replicate.cohort_units import offset_problems, owner_problems
from replicate.config import CohortConfig, config_problems
from replicate.errors import DataError, ReplicateError
from replicate.schema import TABLES
from replicate.tables import convert_table, read_table, students_in_use
from replicate.transcripts import Transcript, Turn, parse_transcript, read_text

__all__ = ["Cohort", "add_transcripts", "check_cohort", "load_cohort", "validate_cohort"]

TABLE_NAMES = ("students", "mentors", "participants", "codebook", "units", "codings")


@dataclass
class Cohort:
    """A loaded cohort.

    Attributes
    ----------
    config : CohortConfig
    tables : dict of str to DataFrame
        The tables the config names, type-converted.
    transcripts : dict of str to Transcript
        Interview transcripts by file name (empty when loaded with ``transcripts=False``).
    pilots : dict of str to Transcript
        Pilot transcripts by file name.
    texts : dict of str to str
        The interview transcripts' text by file name, as read (offsets count into it; empty
        when loaded with ``transcripts=False``).
    notes : list of str
        One line each: what loading assumed or let through (a table read as Windows-1252, blank
        ages of students no stage uses), for ``replicate validate`` to show as warnings.
    """

    config: CohortConfig
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    transcripts: dict[str, Transcript] = field(default_factory=dict)
    pilots: dict[str, Transcript] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def table(self, name: str) -> pd.DataFrame:
        """The table ``name``; raises DataError naming the config key when it is not configured."""
        if name not in self.tables:
            raise DataError(
                f"this stage needs the {name} table; add 'data.{name}' to the config",
                file=self.display(self.config.path), location=f"data.{name}")
        return self.tables[name]

    def data_file(self, key: str) -> str:
        """The file of data key ``key`` (``"units"``) as messages name it; the key itself
        when the config names no file for it."""
        return self.display(self.config.data_path(key) or Path(key))

    def display(self, path: Path) -> str:
        """A path as shown in messages: relative to the config folder's parent when possible."""
        base = self.config.root.parent
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except (ValueError, RuntimeError, OSError):  # elsewhere, or a symbolic-link loop
            return path.name


def _display(config: CohortConfig, path: Path) -> str:
    return Cohort(config).display(path)


def _folder_display(config: CohortConfig, folder: Path) -> Callable[[Path], str]:
    """``_display`` for the files of one folder, resolving the folder once.

    A file that is itself a symbolic link is resolved on its own, as :meth:`Cohort.display`
    does; for the others the resolved folder plus the file name is the resolved path.
    """
    base = config.root.parent.resolve()
    resolved = folder.resolve()

    def shown(path: Path) -> str:
        try:
            real = path.resolve() if path.is_symlink() else resolved / path.name
            return str(real.relative_to(base))
        except (ValueError, RuntimeError, OSError):  # elsewhere, or a symbolic-link loop
            return path.name

    return shown


def _txt_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".txt")


def _read_folder(config: CohortConfig, key: str, problems: list[ReplicateError],
                 out: dict[str, Transcript], texts: dict[str, str] | None,
                 *, parse: bool = True) -> set[str] | None:
    """Read and parse the ``.txt`` files of ``data.<key>`` into ``out`` (and ``texts``).

    Returns the names of the ``.txt`` files in the folder (``None`` when no folder is
    configured or it is missing). With ``parse=False`` the files are only listed.
    """
    folder = config.data_path(key)
    if folder is None:
        return None
    shown = _display(config, folder)
    if not folder.is_dir():
        problems.append(DataError("folder not found", file=shown, location=f"data.{key}"))
        return None
    files = _txt_files(folder)
    if not files:
        problems.append(DataError("no .txt transcripts in the folder", file=shown,
                                  location=f"data.{key}"))
    if not parse:
        return {p.name for p in files}
    display = _folder_display(config, folder)
    for p in files:
        try:
            try:
                text = read_text(p)
            except DataError as exc:  # shown as the other transcripts are
                raise DataError(exc.message, file=display(p), location=exc.location) from None
            if config.data.transcript_format == "plain" and key == "transcripts":
                out[p.name] = Transcript(name=display(p),
                                         turns=(Turn("P", " ".join(text.split()), 1),))
            else:
                out[p.name] = parse_transcript(text, name=display(p))
            if texts is not None:
                texts[p.name] = text
        except ReplicateError as exc:
            problems.append(exc)
    return {p.name for p in files}


def _unknown_rows(values: pd.Series, known: set[str]) -> list[tuple[int, object]]:
    """Positions and values of the cells that are not ``None`` and, as text, not in ``known``.

    One set difference finds whether any cell is unknown; rows are visited only then.
    """
    cells = values.tolist()
    text = [None if v is None else str(v) for v in cells]
    unknown = {t for t in text if t is not None} - known
    if not unknown:
        return []
    return [(i, v) for i, (v, t) in enumerate(zip(cells, text, strict=True)) if t in unknown]


def _cross_check(cohort: Cohort, files: set[str] | None, *, parsed: bool
                 ) -> list[ReplicateError]:
    """Problems between the tables, the transcripts and the codebook's hierarchy.

    ``files`` are the ``.txt`` file names of the transcripts folder; the transcript names
    in the participants and units tables are checked against them (when ``parsed``, only if
    some transcript could be read: a file that failed to parse was reported already). Unit
    offsets are checked against the transcript texts when they were read.
    """
    t = cohort.tables
    cfg = cohort.config
    problems: list[ReplicateError] = []

    def refs(table: str, column: str, target: str, target_col: str) -> None:
        if table not in t or target not in t:
            return
        known = set(t[target][target_col].dropna().astype(str).tolist())
        shown = _display(cfg, cfg.data_path(table) or Path(table))
        for i, v in _unknown_rows(t[table][column], known):
            problems.append(DataError(
                f"'{v}' is not a {target_col} in the {target} table", file=shown,
                location=f"row {i + 2}, column {column}"))

    refs("students", "mentor_id", "mentors", "mentor_id")
    refs("participants", "student_id", "students", "student_id")
    refs("units", "participant", "participants", "pseudonym")
    refs("units", "code", "codebook", "code")
    refs("codings", "unit_id", "units", "unit_id")
    refs("codings", "code", "codebook", "code")
    checked = bool(cohort.transcripts) if parsed else bool(files)
    for table in ("participants", "units"):
        if table in t and checked and files is not None:
            shown = _display(cfg, cfg.data_path(table) or Path(table))
            for i, v in _unknown_rows(t[table]["transcript"].map(str), files):
                problems.append(DataError(
                    f"transcript '{v}' is not in the transcripts folder", file=shown,
                    location=f"row {i + 2}, column transcript"))
    if "units" in t and cohort.texts and {"start", "end"} <= set(t["units"].columns):
        problems.extend(offset_problems(cohort))
    problems.extend(owner_problems(cohort))
    if "codebook" in t:
        shown = _display(cfg, cfg.data_path("codebook") or Path("codebook"))
        cb = t["codebook"]
        for level, parent in (("subcategory", "category"), ("category", "theme")):
            seen: dict[str, str] = {}
            for i, (child, par) in enumerate(zip(cb[level], cb[parent], strict=True)):
                if level == "category":
                    continue  # a category may feed several themes (flagged by synthesis)
                if child in seen and seen[child] != par:
                    problems.append(DataError(
                        f"{level} '{child}' is under {parent} '{seen[child]}' and '{par}'; "
                        f"each {level} must belong to one {parent}", file=shown,
                        location=f"row {i + 2}, column {parent}"))
                seen.setdefault(child, par)
        problems.extend(_hierarchy_loops(cb, shown))
    return problems


def _hierarchy_loops(cb: pd.DataFrame, shown: str) -> list[ReplicateError]:
    """Cycles in the code → subcategory → category → theme graph.

    A label may repeat at the next level up (the original's category *Motivation* has one
    subcategory *Motivation*); a loop is a chain of different labels that returns to itself,
    e.g. subcategory X under category Y while subcategory Y sits under category X.
    """
    parents: dict[str, set[str]] = {}
    first_row: dict[tuple[str, str], int] = {}
    levels = ("code", "subcategory", "category", "theme")
    for i, labels in enumerate(cb[list(levels)].itertuples(index=False, name=None)):
        for child, parent in pairwise(labels):
            if child != parent:
                parents.setdefault(str(child), set()).add(str(parent))
                first_row.setdefault((str(child), str(parent)), i + 2)
    problems: list[ReplicateError] = []
    reported: set[frozenset[str]] = set()
    for start in sorted(parents):
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in sorted(parents.get(node, ())):
                if nxt == start:
                    cycle = frozenset(path)
                    if cycle not in reported:
                        reported.add(cycle)
                        chain = " → ".join([*path, start])
                        problems.append(DataError(
                            f"the hierarchy loops back on itself ({chain}); each label must sit "
                            "under exactly one parent at the level above", file=shown,
                            location=f"row {first_row[(node, nxt)]}"))
                elif nxt not in path:
                    stack.append((nxt, [*path, nxt]))
    return problems


def _collect(path: str | Path, *, transcripts: bool = True
             ) -> tuple[Cohort | None, list[ReplicateError]]:
    config, cfg_problems = config_problems(path)
    if config is None:
        return None, list(cfg_problems)
    problems: list[ReplicateError] = list(cfg_problems)
    cohort = Cohort(config)
    formats: dict[str, str] = {str(k): v for k, v in config.data.date_formats.items()}
    for name in TABLE_NAMES:
        p = config.data_path(name)
        if p is None:
            continue
        shown = _display(config, p)
        schema = TABLES[name]
        try:
            raw = read_table(p, sheet=config.data_sheet(name), name=shown,
                             expect=tuple(c.name for c in schema.columns if c.required))
        except DataError as exc:
            exc.location = exc.location or f"data.{name}"
            problems.append(DataError(exc.message, file=shown, location=exc.location))
            continue
        cohort.notes.extend(f"{shown}: {note}" for note in raw.notes)
        in_use = (students_in_use(config.sampling.min_meetings,
                                  exclude_pilot=config.sampling.exclude_pilot)
                  if name == "students" else None)
        checked = convert_table(raw.frame, schema, file=shown, in_use=in_use,
                                date_format=formats.get(name))
        problems.extend(checked.problems)
        cohort.notes.extend(checked.notes)
        if not checked.problems:
            cohort.tables[name] = checked.table
    files = _read_folder(config, "transcripts", problems, cohort.transcripts, cohort.texts,
                         parse=transcripts)
    _read_folder(config, "pilots", problems, cohort.pilots, None)
    problems.extend(_cross_check(cohort, files, parsed=transcripts))
    guide = config.data_path("guide")
    if guide is not None and transcripts:
        problems.extend(_guide_problems(cohort, guide))
    return cohort, problems


def _guide_problems(cohort: Cohort, path: Path) -> list[ReplicateError]:
    """The guide, its previous version, and what stage 20 needs of the pilot transcripts."""
    from replicate.guide import load_guide, load_previous
    from replicate.guide.matching import strip_tag

    if not path.exists():
        return [DataError("file not found", file=cohort.display(path), location="data.guide")]
    try:
        guide = load_guide(path)
        load_previous(guide)
    except ReplicateError as exc:
        return [exc]
    ids = [q.id for _, q in guide.iter_questions()]
    problems: list[ReplicateError] = []
    for t in cohort.pilots.values():
        asked = [turn for turn in t.turns if turn.speaker == "I"]
        if not asked:
            problems.append(DataError("no interviewer turns ('I:'); a pilot transcript needs "
                                      "the interviewer's questions", file=t.name))
        for turn in asked:
            tag = strip_tag(turn.text)[0]
            if tag is not None and tag not in ids:
                problems.append(DataError(
                    f"tag [{tag}] names no question of guide version {guide.version}; "
                    f"known ids: {', '.join(ids)}", file=t.name, location=f"line {turn.line}"))
    return problems


def add_transcripts(cohort: Cohort) -> None:
    """Read and parse the interview transcripts of a cohort loaded without them.

    For a stage that parses transcripts in a run: the run has loaded and checked everything
    (:mod:`replicate.cohort_cache` hands the tables over), so only the transcripts are read
    again (at 10,000 interviews 6 s instead of 12 s for the whole load). The cohort then
    equals ``load_cohort(path)`` (test).

    Raises
    ------
    ReplicateError
        The first problem of reading them (a file changed since the run checked it).
    """
    problems: list[ReplicateError] = []
    cohort.transcripts.clear()
    cohort.texts.clear()
    _read_folder(cohort.config, "transcripts", problems, cohort.transcripts, cohort.texts)
    if problems:
        raise problems[0]


def check_cohort(path: str | Path) -> tuple[Cohort | None, list[ReplicateError]]:
    """Load a cohort and list every problem found on the way (one read of every file).

    Returns
    -------
    cohort : Cohort or None
        None when the config itself does not load; else the cohort with the tables that
        loaded cleanly (and its loader notes in :attr:`Cohort.notes`).
    problems : list of ReplicateError
        Empty when the cohort is valid.
    """
    return _collect(path)


def validate_cohort(path: str | Path) -> list[ReplicateError]:
    """Every problem with a cohort's config and data (empty list when valid)."""
    return _collect(path)[1]


def load_cohort(path: str | Path, *, transcripts: bool = True) -> Cohort:
    """Load a cohort, raising the first problem found.

    Parameters
    ----------
    path : str or Path
        The cohort's ``cohort.yaml``.
    transcripts : bool, default=True
        Read and parse the interview transcripts. With ``False`` (for stages that need only
        the tables) the transcripts folder is only listed: :attr:`Cohort.transcripts` and
        :attr:`Cohort.texts` stay empty, the tables' transcript names are still checked
        against the files, but a transcript that does not parse, unit offsets beyond a
        transcript's end and problems of the guide (with the pilots' question tags) are
        not looked for. ``replicate validate`` and ``replicate run`` check everything (with
        ``True``) before any stage runs. Pilot transcripts are always read.

    Returns
    -------
    Cohort

    Raises
    ------
    ReplicateError
        The first problem found.
    """
    cohort, problems = _collect(path, transcripts=transcripts)
    if problems or cohort is None:
        raise problems[0]
    return cohort
