"""The cohort configuration (``cohort.yaml``): typed models, defaults, loading.

Defaults come from the original study (Kalén, Ponzer & Silén 2012): at least 3 mentor meetings,
a target sample of 12, 2 pilot interviews, interviews planned at 40–50 minutes. Unknown keys are
errors; YAML is loaded with :func:`yaml.safe_load` semantics (no Python object tags).
Every error names the file, the line and key path, what is wrong and what is allowed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from replicate.errors import ConfigError, DataError
from replicate.tables_read import read_regular_file

__all__ = [
    "AuthorPart",
    "CohortConfig",
    "DataPaths",
    "GuideSettings",
    "InformationPower",
    "PrivacySettings",
    "Programme",
    "ReliabilitySettings",
    "Researcher",
    "SamplingSettings",
    "SaturationPlan",
    "StudyInfo",
    "SynthesisSettings",
    "WriteupSettings",
    "author_files",
    "confine",
    "load_config",
    "read_yaml",
    "split_sheet",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class StudyInfo(_Model):
    """Who runs the replication and in which language."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
    title: str
    school: str
    language: Literal["en", "sv"] = "en"
    synthetic: bool = False
    #: The authors' own aim; when missing the write-up lists it as to complete (it is never
    #: filled with the original study's aim).
    aim: str | None = None


class Programme(_Model):
    """Facts of the mentoring programme (original: 122 students, 4 semesters, 1–3 meetings)."""

    students_offered: StrictInt = Field(ge=1)
    courses: StrictInt = Field(default=1, ge=1)
    semesters: StrictInt = Field(default=4, ge=1)
    meetings_per_semester: tuple[StrictInt, StrictInt] = (1, 3)
    mentor_course_days: StrictFloat | None = None

    @field_validator("meetings_per_semester")
    @classmethod
    def _ordered(cls, v: tuple[int, int]) -> tuple[int, int]:
        if v[0] > v[1] or v[0] < 0:
            raise ValueError("must be [low, high] with 0 <= low <= high")
        return v


TableName = Literal["students", "mentors", "participants", "codebook", "units", "codings"]
_DATE_PARTS = (("%d",), ("%m", "%b", "%B"), ("%Y",))


class DataPaths(_Model):
    """Data files, relative to the config file (and inside its folder, see :func:`confine`).

    ``transcript_format`` is ``tagged`` (speaker-tagged turns, the default) or ``plain``
    (untagged text, e.g. sources imported from a QDA tool: each file is one participant turn).

    A workbook's sheet follows a ``#``: ``students: tables/roster.xlsx#Roster`` (default:
    the first sheet). Dates in the tables are ISO (``2025-06-09``) unless ``date_formats``
    gives a table's :func:`~datetime.datetime.strptime` format, e.g.
    ``date_formats: {participants: "%d/%m/%Y"}``; it must name the day, the month and the
    four-digit year (``%d``, ``%m`` or ``%b``/``%B``, ``%Y``). ISO dates are accepted in
    every table.
    """

    students: str | None = None
    mentors: str | None = None
    participants: str | None = None
    codebook: str | None = None
    units: str | None = None
    codings: str | None = None
    guide: str | None = None
    transcripts: str | None = None
    pilots: str | None = None
    transcript_format: Literal["tagged", "plain"] = "tagged"
    date_formats: dict[TableName, str] = Field(default_factory=dict)

    @field_validator("date_formats")
    @classmethod
    def _date_formats(cls, v: dict[TableName, str]) -> dict[TableName, str]:
        for table, fmt in v.items():
            missing = [" or ".join(p) for p in _DATE_PARTS if not any(d in fmt for d in p)]
            if missing:
                raise ValueError(f"the format for {table} ({fmt!r}) lacks {', '.join(missing)}; "
                                 "a date format names the day, the month and the year, e.g. "
                                 "'%d/%m/%Y'")
            try:
                probe = dt.date(2023, 6, 9).strftime(fmt)
                if dt.datetime.strptime(probe, fmt).date() != dt.date(2023, 6, 9):
                    raise ValueError
            except ValueError:
                raise ValueError(f"the format for {table} ({fmt!r}) does not read back the "
                                 "dates it writes; use strptime codes such as '%d/%m/%Y'"
                                 ) from None
        return v


class InformationPower(_Model):
    """One of Malterud et al.'s (2016) five dimensions: -1 fewer participants needed, +1 more.

    Defaults for the replication are in :data:`replicate.sampling.INFORMATION_POWER`.
    """

    rating: StrictInt = Field(ge=-1, le=1)
    justification: str = ""


class SamplingSettings(_Model):
    """Eligibility and maximum-variation selection (methodology §1)."""

    min_meetings: StrictInt = Field(default=3, ge=0)
    target_n: StrictInt = Field(default=12, ge=1)
    dimensions: tuple[str, ...] = (
        "student_gender", "student_age_band", "mentor_gender", "mentor_age_band",
    )
    cutpoints: dict[Literal["student_age_band", "mentor_age_band"], tuple[float, ...]] | None = None
    quotas: dict[str, StrictInt | dict[str, StrictInt]] | None = None
    #: What is known about the invitations: ``unknown`` (the default: the write-up states no
    #: number invited or declined and lists them to complete) or ``as_designed`` (the designed
    #: sample was invited and each student in ``declined`` was replaced from the reserve list).
    invitations: Literal["unknown", "as_designed"] = "unknown"
    declined: tuple[str, ...] = ()
    exclude_pilot: bool = True
    interview_date: str | None = None
    max_days_after: StrictInt = Field(default=365, ge=0)
    reserve_n: StrictInt | None = Field(default=None, ge=0)
    information_power: dict[
        Literal["aim", "specificity", "theory", "dialogue", "analysis"], InformationPower
    ] = Field(default_factory=dict)

    @field_validator("declined")
    @classmethod
    def _declined_needs_invitations(cls, v: tuple[str, ...], info: ValidationInfo
                                    ) -> tuple[str, ...]:
        if v and info.data.get("invitations") == "unknown":
            raise ValueError("students who declined an invitation are listed, but "
                             "sampling.invitations is 'unknown'; set sampling.invitations: "
                             "as_designed (the designed sample was invited and each student "
                             "who declined was replaced from the reserve list)")
        return v


class GuideSettings(_Model):
    """Interview-guide pilot checks (methodology §2)."""

    pilot_interviews: StrictInt = Field(default=2, ge=0)
    planned_minutes: tuple[StrictFloat, StrictFloat] = (40.0, 50.0)
    match_threshold: StrictFloat = Field(default=0.35, gt=0, le=1)
    words_per_minute: StrictFloat = Field(default=130.0, gt=0)
    max_talk_share: StrictFloat = Field(default=0.30, gt=0, le=1)
    glossary: tuple[str, ...] = ()
    whitelist: tuple[str, ...] = ()

    @field_validator("planned_minutes")
    @classmethod
    def _window(cls, v: tuple[float, float]) -> tuple[float, float]:
        if v[0] > v[1] or v[0] <= 0:
            raise ValueError("must be [low, high] minutes with 0 < low <= high")
        return v


class ReliabilitySettings(_Model):
    """Coding reliability (methodology §3.4).

    ``resolutions`` names the consensus meeting's filled-in copy of the disagreement list
    (``tables/resolutions.csv``, relative to the config and inside its folder): its
    ``resolution`` column holds the code agreed for each settled unit (see
    :mod:`replicate.reliability._resolutions`).
    """

    double_coded_fraction: StrictFloat = Field(default=0.2, gt=0, le=1)
    thresholds: dict[Literal["kappa", "alpha", "percent_agreement"], StrictFloat] = Field(
        default_factory=lambda: {"kappa": 0.6, "alpha": 0.667}  # type: ignore[arg-type]
    )
    bootstrap: StrictInt = Field(default=1000, ge=0, le=100_000)
    level: Literal["nominal", "ordinal", "interval", "ratio"] = "nominal"
    resolutions: str | None = None


class CodingSettings(_Model):
    """The machine coder of stage 35 (:mod:`replicate.coding`): suggestions for the units
    still to code, scored against the human coders.

    ``train_on: double_coded`` learns from the double-coded subset and suggests codes for
    every other unit (the moment of the original design when one coder completed the
    coding); ``coded`` learns from every unit with a code and suggests codes for the rest.
    Below ``threshold`` the machine abstains. ``learning_curve`` lists the training shares
    of the learning curve. ``model`` picks the features under the same classifier head:
    ``tfidf`` (default, scikit-learn only) or ``e5`` (multilingual-e5-small sentence
    embeddings; needs ``pip install 'replicate[embed]'``, checked by ``replicate validate``).
    Every fit learns from a seeded sample of at most ``max_examples`` examples (``null`` =
    all): a fit's time grows with its examples times the codes, and the learning curve
    shows what more examples would add; past it the score uses 5 folds of interviews, each
    scoring a seeded sample of at most ``max_examples`` of its units.
    """

    enabled: bool = True
    model: Literal["tfidf", "e5"] = "tfidf"
    threshold: StrictFloat = Field(default=0.5, ge=0, le=1)
    learning_curve: tuple[StrictFloat, ...] = (0.1, 0.2, 0.3, 0.5, 0.7, 1.0)
    train_on: Literal["double_coded", "coded"] = "double_coded"
    max_examples: StrictInt | None = Field(default=5000, ge=100)

    @field_validator("learning_curve")
    @classmethod
    def _shares(cls, v: tuple[float, ...]) -> tuple[float, ...]:
        if not v or any(not 0 < s <= 1 for s in v):
            raise ValueError("must be one or more shares in (0, 1], e.g. [0.1, 0.2, 0.5, 1]")
        return tuple(sorted(set(v)))


class SaturationPlan(_Model):
    """Guest, Namey & Chen (2020): base size, run length, new-information threshold."""

    base: StrictInt = Field(default=4, ge=1)
    run: StrictInt = Field(default=2, ge=1)
    threshold: StrictFloat = Field(default=0.05, ge=0, le=1)
    run_step: StrictInt = Field(default=1, ge=1)
    permutations: StrictInt = Field(default=200, ge=0, le=100_000)


class SynthesisSettings(_Model):
    """Theme synthesis (methodology §3, §5)."""

    saturation: SaturationPlan = SaturationPlan()
    quotes_per_category: StrictInt = Field(default=2, ge=0, le=20)
    quote_min_words: StrictInt = Field(default=8, ge=1)
    quote_max_words: StrictInt = Field(default=80, ge=1)
    attributes: tuple[str, ...] = ()
    mapping: dict[Literal["theme", "category", "subcategory"], dict[str, str | None]] | None = None
    min_cell: StrictInt = Field(default=5, ge=1)
    theme_descriptions: dict[str, str] = Field(default_factory=dict)


class PrivacySettings(_Model):
    """Confidentiality options (small cells, where the pseudonym key goes, redaction lists).

    ``min_cell`` is the one small-cell threshold *k*: every combination of attributes shown
    together (gender × age band × mentor's gender in the participants table, gender × age in
    quote attributions) that fewer than *k* people of the eligible pool share is coarsened
    (:func:`replicate.privacy.quasi.coarsen`); subgroup cells of fewer than *k* participants
    are flagged, and blanked when ``suppress_small_cells`` is true. ``min_cell: 1`` turns
    the coarsening off. It replaces ``small_cell_k`` (0 = off), which was a second threshold.

    ``extra_names`` are names no table lists (staff, wards, places) that outputs must not
    show; ``not_names`` are words of this cohort that the given-name list would otherwise take
    for names; ``id_patterns`` are regular expressions of other identifiers (e.g. a local
    record number). See :mod:`replicate.privacy.redact`.
    """

    band_ages: bool = False
    age_band_width: StrictInt = Field(default=5, ge=1)
    min_cell: StrictInt = Field(default=5, ge=1)
    suppress_small_cells: bool = False
    key_dir: str = "private"
    extra_names: tuple[str, ...] = ()
    not_names: tuple[str, ...] = ()
    id_patterns: tuple[str, ...] = ()


class Researcher(_Model):
    """A member of the research team (COREQ items 1–5)."""

    initials: str
    name: str | None = None
    credentials: str | None = None
    occupation: str | None = None
    gender: str | None = None
    experience: str | None = None
    roles: tuple[Literal["interviewer", "coder", "analyst", "author"], ...] = ()


#: The write-up's parts written by the authors that ``writeup.author_text`` may point to a file
#: of its own (the narrative of each category lives in ``<author_dir>/results/``).
AuthorPart = Literal["background", "aim", "conclusions", "reflexivity", "age_gender",
                     "discussion", "limitations"]


class WriteupSettings(_Model):
    """Facts for the write-up that only people know, and author-written Markdown files.

    Every field is optional: a missing one is listed as "to complete by the authors" in the
    COREQ/SRQR checklists, never invented.
    """

    researchers: tuple[Researcher, ...] = ()
    approach: str = "Qualitative content analysis (Graneheim & Lundman 2004)"
    paradigm: str | None = None
    #: How themes were derived (COREQ 26): True = inductive (from the data), False = partly
    #: defined in advance; None = not stated, listed as to complete.
    inductive: bool | None = None
    software: str | None = None
    recruitment: str | None = None
    setting: str | None = None
    others_present: str | None = None
    recording: str | None = None
    field_notes: str | None = None
    transcripts_returned: str | None = None
    participant_checking: str | None = None
    ethics: str | None = None
    consent: str | None = None
    funding: str | None = None
    conflicts: str | None = None
    #: The folder (relative to the config file) of the authors' Markdown: one file per part
    #: the tool cannot write (``background.md``, ``discussion.md``, ``results/<category>.md``,
    #: …; see :mod:`replicate.writeup.authoring`). ``replicate init`` creates them.
    author_dir: str = "author"
    #: A part's file elsewhere than ``<author_dir>/<part>.md`` (kept for older configs).
    author_text: dict[AuthorPart, str] = Field(default_factory=dict)


class CohortConfig(_Model):
    """The whole ``cohort.yaml``.

    Attributes
    ----------
    path : Path
        Absolute path of the config file (set by :func:`load_config`, not read from YAML).
    """

    study: StudyInfo
    programme: Programme
    data: DataPaths
    sampling: SamplingSettings = Field(default=SamplingSettings(), validate_default=True)
    guide: GuideSettings = GuideSettings()
    reliability: ReliabilitySettings = ReliabilitySettings()
    coding: CodingSettings = CodingSettings()
    synthesis: SynthesisSettings = SynthesisSettings()
    privacy: PrivacySettings = PrivacySettings()
    writeup: WriteupSettings = WriteupSettings()
    seed: StrictInt = Field(default=2012, ge=0)
    path: Path = Path("cohort.yaml")

    @field_validator("sampling")
    @classmethod
    def _target_le_offered(cls, v: SamplingSettings, info: ValidationInfo) -> SamplingSettings:
        programme = info.data.get("programme")
        if isinstance(programme, Programme) and v.target_n > programme.students_offered:
            raise ValueError(
                f"target_n ({v.target_n}) exceeds programme.students_offered"
                f" ({programme.students_offered}); it must be at most the students offered"
            )
        return v

    @property
    def root(self) -> Path:
        """Folder of the config file; data paths are relative to it."""
        return self.path.parent

    def data_path(self, name: str) -> Path | None:
        """Absolute path of data file ``name`` (a field of :class:`DataPaths`), or None.

        A workbook's ``#Sheet`` is not part of the path (see :meth:`data_sheet`).
        """
        rel = getattr(self.data, name)
        return None if rel is None else (self.root / split_sheet(rel)[0])

    def data_sheet(self, name: str) -> str | None:
        """The workbook sheet named after ``#`` in ``data.<name>``, or None (first sheet)."""
        rel = getattr(self.data, name)
        return None if rel is None else split_sheet(rel)[1]

    def section(self, name: str) -> dict[str, Any]:
        """The config section ``name`` as plain data (for hashing in the manifest)."""
        value = getattr(self, name)
        if isinstance(value, BaseModel):
            return value.model_dump(mode="json")
        return {name: value}


_DEPTH_HINT = 100
_MAX_YAML_BYTES = 16 << 20


class _UniqueKeyLoader(yaml.SafeLoader):
    """:func:`yaml.safe_load`'s loader, refusing a key repeated within one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, int] = {}
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"key '{key.value}' appears twice in one mapping (first on "
                        f"line {seen[key.value]}); each key may appear once", key.start_mark)
                seen[key.value] = key.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path) -> Any:
    """Load YAML safely, mapping every failure to a one-line :class:`ConfigError`.

    Raises
    ------
    ConfigError
        Missing file, not UTF-8, YAML syntax error, a Python object tag, or a key repeated
        within one mapping.
    """
    try:
        raw = read_regular_file(path, limit=_MAX_YAML_BYTES,
                                folder_message="is a folder; expected a YAML file")
    except DataError as exc:
        raise ConfigError(exc.message, file=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError("not valid UTF-8; save the file as UTF-8", file=str(path),
                          location=f"line {line}") from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except RecursionError:
        raise ConfigError(f"YAML nested too deeply (more than about {_DEPTH_HINT} levels); "
                          "flatten the structure", file=str(path)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        loc = f"line {mark.line + 1}" if mark is not None else None
        problem = exc.problem or "invalid YAML"
        if "python/" in problem or "could not determine a constructor" in problem:
            problem = f"{problem}; Python object tags are not allowed, use plain values"
        raise ConfigError(f"YAML error: {problem}", file=str(path), location=loc) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise ConfigError(f"control character U+{exc.character:04X} is not allowed in YAML; "
                          "delete it", file=str(path), location=f"line {line}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"YAML error: {exc}", file=str(path)) from None


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Map every key path in a YAML mapping tree to its 1-based line number."""
    out: dict[tuple[str, ...], int] = {}
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return out

    done: set[int] = set()

    def walk(node: yaml.Node, prefix: tuple[str, ...]) -> None:
        if id(node) in done:  # an alias: its keys were mapped where it was defined
            return
        done.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                key = (*prefix, str(k.value))
                out[key] = k.start_mark.line + 1
                walk(v, key)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                key = (*prefix, str(i))
                out[key] = item.start_mark.line + 1
                walk(item, key)

    if root is not None:
        walk(root, ())
    return out


def _allowed_keys(loc: tuple[str | int, ...]) -> list[str]:
    """Field names allowed at the parent of ``loc`` (for unknown-key messages)."""
    model: type[BaseModel] = CohortConfig
    for part in loc[:-1]:
        field = model.model_fields.get(str(part))
        ann = getattr(field, "annotation", None)
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            model = ann
        else:
            return []
    return [k for k in model.model_fields if k != "path"]


#: Keys that were replaced, with what to write instead.
_RENAMED = {"small_cell_k": "min_cell: K (the small-cell threshold) and suppress_small_cells: "
                            "true to blank small subgroup cells"}


def _format_errors(exc: ValidationError, path: Path, text: str) -> list[ConfigError]:
    lines = _key_lines(text)
    problems: list[ConfigError] = []
    # a misspelt key also makes the real key "missing": report the unknown key first
    for err in sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden"):
        loc = tuple(str(p) for p in err["loc"])
        dotted = ".".join(loc) or "(top level)"
        line = None
        for n in range(len(loc), 0, -1):
            if loc[:n] in lines:
                line = lines[loc[:n]]
                break
        where = f"line {line}, {dotted}" if line else dotted
        kind = err["type"]
        if kind == "extra_forbidden":
            allowed = ", ".join(_allowed_keys(err["loc"]))
            msg = f"unknown key '{loc[-1]}'; allowed keys here: {allowed}"
            if loc[-1] in _RENAMED:
                msg = f"'{loc[-1]}' was replaced: use {_RENAMED[loc[-1]]}"
        elif kind == "missing":
            msg = "required key is missing"
        else:
            given = err.get("input")
            shown = repr(given) if not isinstance(given, dict | list) else type(given).__name__
            if len(shown) > 60:
                shown = shown[:57] + "..."
            msg = err["msg"].removeprefix("Value error, ")
            if kind != "value_error" or not isinstance(given, dict | list | BaseModel):
                msg = f"{msg} (given {shown})"
        problems.append(ConfigError(msg, file=str(path), location=where))
    return problems


def split_sheet(rel: str) -> tuple[str, str | None]:
    """Split ``tables/roster.xlsx#Roster`` into the file and the sheet.

    Only a workbook path (``.xlsx``/``.xlsm`` before the ``#``) names a sheet; a ``#`` in any
    other path is part of the file name.

    Examples
    --------
    >>> split_sheet("tables/students.xlsx#Roster")
    ('tables/students.xlsx', 'Roster')
    >>> split_sheet("tables/students#1.csv")
    ('tables/students#1.csv', None)
    """
    file, sep, sheet = rel.rpartition("#")
    if sep and file.lower().endswith((".xlsx", ".xlsm")) and sheet:
        return file, sheet
    return rel, None


def confine(path: str, root: Path, key: str, *, file: str | None = None,
            line: int | None = None) -> Path:
    """Resolve ``path`` against the cohort folder ``root`` and refuse it outside that folder.

    Every path in a cohort config names a file of the cohort; one that leads elsewhere (an
    absolute path, ``..``, or a symbolic link pointing out of the folder) would read or write
    files the cohort does not own.

    Parameters
    ----------
    path : str
        The path as written in the config (relative to ``root``).
    root : Path
        The folder of ``cohort.yaml``.
    key : str
        The config key, e.g. ``writeup.author_text.discussion``.
    file : str or None, default=None
        The config file, for the message.
    line : int or None, default=None
        The key's line in the config file.

    Returns
    -------
    Path
        The resolved path (symbolic links followed), inside ``root``.

    Raises
    ------
    ConfigError
        ``path`` is absolute, goes through a loop of symbolic links, or resolves outside
        ``root``; the error names the key.
    """
    where = f"line {line}, {key}" if line else key
    if Path(path).is_absolute():
        raise ConfigError(f"'{path}' is an absolute path; give a path relative to the cohort "
                          "folder (the folder of the config file)", file=file, location=where)
    base = root.resolve()
    try:
        target = (root / path).resolve()
    except (RuntimeError, OSError):  # a symbolic-link loop (RuntimeError before Python 3.13)
        raise ConfigError(f"'{path}' goes through a loop of symbolic links; point the links at "
                          "real files", file=file, location=where) from None
    if not target.is_relative_to(base):
        raise ConfigError(f"'{path}' leads outside the cohort folder (to {target}); keep the "
                          "cohort's files inside the folder of the config file", file=file,
                          location=where)
    return target


def author_files(config: CohortConfig) -> list[Path]:
    """The authors' Markdown files that exist: every ``*.md`` under ``writeup.author_dir`` and
    the files ``writeup.author_text`` names, sorted (part of the write-up's incremental key).
    """
    w = config.writeup
    found = {config.root / rel for rel in w.author_text.values() if (config.root / rel).is_file()}
    folder = config.root / w.author_dir
    if folder.is_dir():
        found |= {p for p in folder.rglob("*.md") if p.is_file()}
    return sorted(found)


def _config_paths(config: CohortConfig) -> list[tuple[tuple[str, ...], str]]:
    """Every path the config names, with its key path."""
    out: list[tuple[tuple[str, ...], str]] = []
    for name in DataPaths.model_fields:
        value = getattr(config.data, name)
        if isinstance(value, str) and name != "transcript_format":
            out.append((("data", name), split_sheet(value)[0]))
    for part, rel in config.writeup.author_text.items():
        out.append((("writeup", "author_text", part), rel))
    out.append((("writeup", "author_dir"), config.writeup.author_dir))
    if config.reliability.resolutions is not None:
        out.append((("reliability", "resolutions"), config.reliability.resolutions))
    out.append((("privacy", "key_dir"), config.privacy.key_dir))
    return out


def _confinement_problems(config: CohortConfig, path: Path, text: str) -> list[ConfigError]:
    lines = _key_lines(text)
    problems: list[ConfigError] = []
    for key, rel in _config_paths(config):
        try:
            confine(rel, config.root, ".".join(key), file=str(path), line=lines.get(key))
        except ConfigError as exc:
            problems.append(exc)
    return problems


def load_config(path: str | Path) -> CohortConfig:
    """Load and validate a cohort config.

    Parameters
    ----------
    path : str or Path
        The ``cohort.yaml`` file.

    Returns
    -------
    CohortConfig

    Raises
    ------
    ConfigError
        The first problem found; :func:`config_problems` lists all of them.
    """
    config, problems = config_problems(path)
    if problems or config is None:
        raise problems[0]
    return config


def config_problems(path: str | Path) -> tuple[CohortConfig | None, list[ConfigError]]:
    """Load a config and return it with every problem found (empty list when valid)."""
    p = Path(path)
    try:
        data = read_yaml(p)
    except ConfigError as exc:
        return None, [exc]
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        return None, [ConfigError(f"the file is {kind}; expected a mapping with keys study, "
                                  "programme, data, …", file=str(p))]
    if "path" in data:
        return None, [ConfigError("unknown key 'path'", file=str(p), location="path")]
    try:
        config = CohortConfig.model_validate({**data, "path": p.resolve()})
    except ValidationError as exc:
        text = p.read_text(encoding="utf-8-sig")
        problems = _format_errors(exc, p, text)
        # Unknown keys alone do not stop the data checks: drop them and carry on, so that
        # ``replicate validate`` lists the data problems too.
        unknown = [e["loc"] for e in exc.errors() if e["type"] == "extra_forbidden"]
        if len(unknown) < len(exc.errors()):
            return None, problems
        for loc in unknown:
            _drop(data, loc)
        try:
            config = CohortConfig.model_validate({**data, "path": p.resolve()})
        except ValidationError:
            return None, problems
        return _confined(config, p, problems)
    return _confined(config, p, [])


def _confined(config: CohortConfig, path: Path, problems: list[ConfigError]
              ) -> tuple[CohortConfig | None, list[ConfigError]]:
    """The config with its problems, or None when a path leads outside the cohort folder."""
    outside = _confinement_problems(config, path, path.read_text(encoding="utf-8-sig"))
    if outside:
        return None, [*problems, *outside]
    return config, problems


def _drop(data: Any, loc: tuple[str | int, ...]) -> None:
    for part in loc[:-1]:
        data = data[part]
    data.pop(loc[-1], None)
