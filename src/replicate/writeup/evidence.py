"""What the write-up is built from: stage artifacts, descriptive inputs, author text.

The write-up **reads** the artifacts of stages 10–40 (their JSON summaries, CSV tables and PNG
figures) and never recomputes a result; stage 00's summary is used when present (interview
lengths). Descriptive inputs that no stage summarises are read from the cohort: the codebook's
descriptions, the participants' characteristics (pseudonym, gender, age, mentor's gender),
the interviewers' initials and the interview guide. The authors' Markdown files (one per
part the tool cannot write, :mod:`replicate.writeup.authoring`) are read with their comments
dropped; a missing one is recorded with the file to edit, never replaced. Stage 35's summary
is read when that stage ran (the machine coder's paragraph).

Every number printed in the write-up goes through :meth:`Evidence.num` (or
:meth:`Evidence.config_num`), which records its value, the text shown and where it came from
(artifact file and key, or config key) in :attr:`Evidence.numbers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from replicate.artifacts import read_summary, read_table
from replicate.cohort import Cohort
from replicate.config import CohortConfig
from replicate.errors import ArtifactError
from replicate.guide import Guide, load_guide
from replicate.privacy import coarsen, coarsening_kinds
from replicate.writeup.authoring import read_author_text
from replicate.writeup.i18n import Text
from replicate.writeup.outline import Outline

__all__ = [
    "OPTIONAL_STAGES",
    "REQUIRED_STAGES",
    "STAGE_REPORTS",
    "Evidence",
    "author_part",
    "collect_evidence",
    "demote_headings",
]

REQUIRED_STAGES = ("10_sampling_design", "20_pilot_interview_guide", "30_coding_reliability",
                   "40_theme_synthesis")
OPTIONAL_STAGES = ("00_cohort_overview", "35_machine_coding")
STAGE_REPORTS = ("00_cohort_overview", *REQUIRED_STAGES)

_TABLES: dict[str, tuple[str, ...]] = {
    "10_sampling_design": ("flow",),
    "20_pilot_interview_guide": ("changes", "guide_flags"),
    "40_theme_synthesis": ("table1", "counts", "quotes", "comparison", "facts_comparison",
                           "minor_subcategories", "quote_coverage", "subgroup_prevalence"),
}
_FIGURES = (("10_sampling_design", "flow_figure"), ("40_theme_synthesis", "theme_map"),
            ("40_theme_synthesis", "code_discovery"))
Style = Literal["count", "coef", "pct", "minutes", "text", "share"]


@dataclass
class Evidence:
    """The inputs of the write-up, with a register of every number shown.

    Attributes
    ----------
    config : CohortConfig
    text : Text
        Phrases and number formats of the study language.
    summaries : dict of str to dict
        Stage name → its JSON summary.
    tables : dict of str to DataFrame
        ``"<stage>-<table>"`` → the CSV artifact.
    figures : dict of str to bytes
        ``"artifacts/<stage>-<figure>.png"`` → PNG bytes.
    participants : DataFrame
        One row per pseudonym: ``pseudonym, gender, age, mentor_gender`` (no identifiers).
    interviewers : tuple of str
        Interviewer initials from the participants table, sorted.
    codebook : DataFrame or None
    guide : Guide or None
    author_text : dict of str to str
        Part (``background``, ``discussion``, ``results/<slug>``…) → Markdown, comments
        dropped, when present (:func:`~replicate.writeup.authoring.read_author_text`).
    author_missing : dict of str to str
        Part → why it is missing (file not found, empty, only the prompt).
    stage_reports : tuple of (str, str)
        (stage name, relative href) of the stage reports present in the run folder.
    author_paths : dict of str to str
        Part → the file the authors edit (relative to the config's folder).
    category_parts : dict of str to str
        Category label → its narrative's part key.
    n_repeat : int
        Interviews beyond the first with the same student (COREQ 18), from the participants
        table's internal student ids (the ids themselves are not kept).
    coarsened : tuple of str
        The kinds of coarsening done in the participants table and the quote attributions
        (:func:`replicate.privacy.coarsening_kinds`), for the ethics paragraph.
    numbers : dict of str to dict
        Name → ``{"value", "text", "source", "key"}``; filled while sections are written.
    """

    config: CohortConfig
    text: Text
    summaries: dict[str, dict[str, Any]]
    tables: dict[str, pd.DataFrame]
    figures: dict[str, bytes]
    participants: pd.DataFrame
    interviewers: tuple[str, ...]
    codebook: pd.DataFrame | None
    guide: Guide | None
    author_text: dict[str, str]
    author_missing: dict[str, str]
    stage_reports: tuple[tuple[str, str], ...]
    author_paths: dict[str, str] = field(default_factory=dict)
    category_parts: dict[str, str] = field(default_factory=dict)
    n_repeat: int = 0
    coarsened: tuple[str, ...] = ()
    numbers: dict[str, dict[str, Any]] = field(default_factory=dict)

    def has(self, stage: str) -> bool:
        """Whether the summary of ``stage`` was read."""
        return stage in self.summaries

    def value(self, stage: str, key: str) -> Any:
        """The value at dotted ``key`` (list items by index) of a stage summary.

        Raises
        ------
        ArtifactError
            When the key is absent: the artifact is from an older version of the stage.
        """
        node: Any = self.summaries.get(stage)
        for part in key.split("."):
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise ArtifactError(f"{stage}.json has no '{key}'; re-run stage {stage[:2]} "
                                    f"({stage}) with this version of replicate",
                                    file=f"{stage}.json")
        return node

    def table(self, stage: str, name: str) -> pd.DataFrame:
        """The CSV artifact ``<stage>-<name>`` (read by :func:`collect_evidence`)."""
        return self.tables[f"{stage}-{name}"]

    def num(self, name: str, stage: str, key: str, style: Style = "count") -> str:
        """Format the number at ``key`` of ``stage``'s summary and register it as ``name``.

        Parameters
        ----------
        name : str
            Name in :attr:`numbers` (``"kappa"``, ``"sample_size"``).
        stage, key : str
            Where the value is (see :meth:`value`).
        style : {"count", "coef", "pct", "minutes", "text", "share"}
            How to show it (see :meth:`Text.fmt`).

        Returns
        -------
        str
            The text shown in the write-up.
        """
        raw = self.value(stage, key)
        shown = self.text.fmt(raw, style)
        self.numbers[name] = {"value": raw, "text": shown,
                              "source": f"artifacts/{stage}.json", "key": key}
        return shown

    def register(self, name: str, value: Any, stage: str, key: str, *,
                 table: str | None = None) -> str:
        """Register a number derived from an artifact (a sum over a list, a table cell).

        Parameters
        ----------
        name : str
        value : object
        stage : str
        key : str
            How the value was derived (``"pilots[*].n_clarifications (sum)"``).
        table : str, optional
            The CSV artifact's table name when the value comes from a table.

        Returns
        -------
        str
            The value as shown (``count`` style).
        """
        source = f"artifacts/{stage}-{table}.csv" if table else f"artifacts/{stage}.json"
        shown = self.text.fmt(value, "count")
        self.numbers[name] = {"value": value, "text": shown, "source": source, "key": key}
        return shown

    def author_hint(self, part: str) -> str:
        """The file the authors edit for ``part`` (what the to-complete list points to)."""
        return self.author_paths.get(part, f"writeup.author_text.{part}")

    def config_num(self, name: str, key: str, style: Style = "count") -> str:
        """Format a number of the config (dotted ``key``) and register it as ``name``."""
        node: Any = self.config
        for part in key.split("."):
            node = node[int(part)] if isinstance(node, tuple | list) else getattr(node, part)
        shown = self.text.fmt(node, style)
        self.numbers[name] = {"value": node, "text": shown, "source": self.config.path.name,
                              "key": key}
        return shown


def _participants(config: CohortConfig, attributes: pd.DataFrame, pool: pd.DataFrame | None
                  ) -> tuple[pd.DataFrame, list[str]]:
    """Only the columns the write-up shows (anything else, ids and extra attributes, is
    dropped), coarsened so that at least ``privacy.min_cell`` people of the pool share each
    row's gender × age × mentor's gender (:func:`replicate.privacy.coarsen`; ages become
    labels). Also the kinds of coarsening done."""
    cols = [c for c in ("gender", "age", "mentor_gender") if c in attributes.columns]
    p = config.privacy
    shown, done = coarsen(attributes[cols], cols,
                          None if pool is None else pool[[c for c in cols if c in pool]]
                          .reindex(columns=cols), p.min_cell,
                          merge=("gender", "mentor_gender"), age_width=p.age_band_width,
                          exact_ages=not p.band_ages)
    out = shown.rename_axis("pseudonym").reset_index()
    out["pseudonym"] = out["pseudonym"].astype(str)
    return (out.sort_values("pseudonym", kind="mergesort").reset_index(drop=True),
            coarsening_kinds(done))


def collect_evidence(cohort: Cohort, run_dir: Path, *, attributes: pd.DataFrame,
                     pool: pd.DataFrame | None = None) -> Evidence:
    """Read everything the write-up needs.

    Parameters
    ----------
    cohort : Cohort
        The loaded cohort (config, tables, guide path, author text paths).
    run_dir : Path
        The report folder holding ``artifacts/`` and ``stages/``.
    attributes : DataFrame
        Participants' attributes indexed by pseudonym, without identifying columns (as
        :func:`replicate.stages._common.participant_attributes` returns them).
    pool : DataFrame or None, default=None
        The eligible pool's ``gender, age, mentor_gender``
        (:func:`replicate.stages._common.eligible_pool`) against which the participants
        table is coarsened; ``None`` counts the participants themselves.

    Returns
    -------
    Evidence

    Raises
    ------
    ArtifactError
        An artifact of stages 10–40 is missing, naming the earliest stage to run first.
    DataError
        The guide or an author-text file cannot be read.
    """
    run_dir = Path(run_dir)
    cfg = cohort.config
    summaries: dict[str, dict[str, Any]] = {}
    for stage in REQUIRED_STAGES:
        summaries[stage] = read_summary(run_dir, stage)
    tables = {f"{stage}-{name}": read_table(run_dir, stage, name)
              for stage, names in _TABLES.items() for name in names}
    for stage in OPTIONAL_STAGES:
        if (run_dir / "artifacts" / f"{stage}.json").exists():
            summaries[stage] = read_summary(run_dir, stage)
    figures: dict[str, bytes] = {}
    for stage, name in _FIGURES:
        path = run_dir / "artifacts" / f"{stage}-{name}.png"
        if not path.exists():
            raise ArtifactError(f"figure {name} of stage {stage} is missing; run stage "
                                f"{stage[:2]} first", file=path.name)
        figures[f"artifacts/{path.name}"] = path.read_bytes()
    parts = cohort.table("participants")
    interviewers: tuple[str, ...] = ()
    if "interviewer" in parts.columns:
        interviewers = tuple(sorted({str(v).strip() for v in parts["interviewer"].dropna()
                                     if str(v).strip()}))
    guide_path = cfg.data_path("guide")
    author = read_author_text(cfg, [str(c) for th in summaries["40_theme_synthesis"]
                                    .get("themes", []) for c in th["categories"]])
    reports = tuple((s, f"stages/{s}.html") for s in STAGE_REPORTS
                    if (run_dir / "stages" / f"{s}.html").is_file())
    shown, coarsened = _participants(cfg, attributes, pool)
    coarsened += [str(k) for k in summaries["40_theme_synthesis"].get("coarsened", [])]
    return Evidence(
        config=cfg, text=Text(cfg.study.language), summaries=summaries, tables=tables,
        figures=figures, participants=shown, coarsened=tuple(sorted(set(coarsened))),
        interviewers=interviewers, codebook=cohort.tables.get("codebook"),
        guide=load_guide(guide_path) if guide_path is not None else None,
        author_text=author.present, author_missing=author.missing, stage_reports=reports,
        author_paths=author.paths, category_parts=author.categories,
        n_repeat=int(parts["student_id"].astype(str).duplicated().sum()),
    )


_HEADING = re.compile(r"^(#{1,6})(?=\s)")


def demote_headings(markdown: str, *, below: int) -> str:
    """Shift the ATX headings of author text so its top level sits under level ``below``.

    Fenced code blocks are left alone. ``# Discussion`` inserted under a level-2 section
    becomes ``### Discussion``; levels are capped at 6. A hard line break written as two
    trailing spaces becomes a backslash break (the same in CommonMark, and it survives the
    removal of trailing blanks).
    """
    out: list[str] = []
    fenced = False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced:
            if line.endswith("  ") and line.strip():
                line = line.rstrip() + "\\"
            m = _HEADING.match(line)
            if m:
                level = min(6, len(m.group(1)) + below)
                line = "#" * level + line[m.end(1):]
        out.append(line)
    return "\n".join(out).strip() + "\n\n"


def author_part(ev: Evidence, out: Outline, part: str, section: str, *, below: int,
                what: str | None = None, inline: bool = False) -> str:
    """The authors' text of ``part``, or the to-complete marker pointing to its file.

    Parameters
    ----------
    ev : Evidence
    out : Outline
    part : str
        The part's key (``discussion``, ``results/<slug>``).
    section : str
        The section key it belongs to (for the to-complete list).
    below : int
        The level of the heading it sits under (its headings are shifted below it).
    what : str, optional
        The description in the to-complete list (default: the phrase ``todo.<part>``).
    inline : bool, default=False
        Return the marker without the paragraph break (a marker inside a sentence).

    Returns
    -------
    str
        Markdown ending in a blank line (the bare marker when ``inline`` and missing).
    """
    text = ev.author_text.get(part)
    if text is not None:
        return demote_headings(text, below=below)
    marker = out.todo(part, section, ev.author_hint(part), what=what,
                      reason=ev.author_missing.get(part, ""))
    return marker if inline else marker + "\n\n"
