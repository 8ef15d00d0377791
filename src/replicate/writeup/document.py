"""Assembling the write-up: Markdown in document order, the HTML page, the Word files and the
summary.

The Markdown (``write-up.md``) is the single source: the HTML page (``index.html``) is the
same text rendered by :func:`replicate.writeup.render.markdown_to_html` with the figures
embedded, inside :func:`replicate.report.page` (the report stylesheet with its print rules),
and ``write-up.docx`` is the same text converted by pandoc
(:func:`replicate.writeup.docx.markdown_to_docx`). So the files can never state different
numbers. ``write-up.md`` opens with a comment saying it is generated
(:func:`replicate.writeup.guard.notice`); the summary records its hashes so that a run can
refuse to overwrite a copy someone edited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from replicate.cohort import Cohort
from replicate.privacy.outputs import LoggedRedaction, cohort_redactor, redact_frame
from replicate.privacy.redact import Redactor
from replicate.report import page, report_nav
from replicate.writeup import guard
from replicate.writeup.checklists import ChecklistEntry, checklist_markdown, fill_checklist
from replicate.writeup.docx import checklists_markdown, markdown_to_docx
from replicate.writeup.evidence import Evidence, collect_evidence
from replicate.writeup.frame import (
    appendices,
    declarations_section,
    discussion_section,
    introduction_section,
    references_section,
    summary_section,
    title_block,
    to_complete_section,
)
from replicate.writeup.methods import methods_section
from replicate.writeup.outline import Outline
from replicate.writeup.render import markdown_to_html
from replicate.writeup.results import results_section

__all__ = ["WriteUp", "build_write_up", "compose"]


@dataclass
class WriteUp:
    """A finished write-up.

    Attributes
    ----------
    markdown : str
        The write-up's Markdown (``write-up.md`` is :attr:`notice` followed by it).
    html : str
        ``index.html``: a self-contained page (figures as ``data:`` URIs, inline stylesheet).
    coreq, srqr : list of ChecklistEntry
    numbers : dict of str to dict
        Every number shown: ``{"value", "text", "source", "key"}``.
    to_complete : list of dict
        ``{"key", "what", "section", "how", "reason"}`` per gap, in document order.
    stage_reports : list of str
        Relative links to the stage reports included in the page.
    notice : str
        The comment opening ``write-up.md`` (generated; where to write instead).
    checklists : str
        COREQ and SRQR as Markdown tables, for ``checklists.docx``.
    language : str
        The study language (of the Word files).
    """

    markdown: str
    html: str
    coreq: list[ChecklistEntry]
    srqr: list[ChecklistEntry]
    numbers: dict[str, dict[str, Any]]
    to_complete: list[dict[str, str]]
    stage_reports: list[str] = field(default_factory=list)
    notice: str = ""
    checklists: str = ""
    language: str = "en"

    #: What :meth:`write` writes into the report folder.
    FILES = ("index.html", "write-up.md", "write-up.docx", "checklists.docx")

    @property
    def file_text(self) -> str:
        """The content of ``write-up.md``: the notice, then the Markdown."""
        return self.notice + self.markdown

    def summary(self) -> dict[str, Any]:
        """The stage summary (JSON): checklists, numbers and gaps."""
        return {
            "coreq": [e.to_dict() for e in self.coreq],
            "srqr": [e.to_dict() for e in self.srqr],
            "coreq_filled": sum(e.filled for e in self.coreq),
            "srqr_filled": sum(e.filled for e in self.srqr),
            "numbers": dict(sorted(self.numbers.items())),
            "to_complete": self.to_complete,
            "stage_reports": self.stage_reports,
            "files": list(self.FILES),
            **guard.recorded_hashes(self.file_text),
        }

    def checklist_frame(self, name: str) -> pd.DataFrame:
        """``coreq`` or ``srqr`` as a table (columns ``number, item, status, text, section``)."""
        entries = self.coreq if name == "coreq" else self.srqr
        return pd.DataFrame([(e.number, e.item, e.status, e.text, e.section) for e in entries],
                            columns=["number", "item", "status", "text", "section"])

    def to_complete_frame(self) -> pd.DataFrame:
        """The gaps as a table (columns ``what, section, how, reason``)."""
        return pd.DataFrame(self.to_complete, columns=["key", "what", "section", "how",
                                                       "reason"]).drop(columns="key")

    def write(self, run_dir: Path) -> None:
        """Write :attr:`FILES` into ``run_dir`` (the Word files through pandoc; the figures
        are read from ``run_dir/artifacts``)."""
        run_dir = Path(run_dir)
        (run_dir / "index.html").write_text(self.html, encoding="utf-8")
        (run_dir / "write-up.md").write_text(self.file_text, encoding="utf-8")
        markdown_to_docx(self.markdown, run_dir / "write-up.docx", resource_dir=run_dir,
                         language=self.language)
        markdown_to_docx(self.checklists, run_dir / "checklists.docx", resource_dir=run_dir,
                         language=self.language)


def _checklists(ev: Evidence, out: Outline) -> tuple[str, list[ChecklistEntry],
                                                     list[ChecklistEntry]]:
    t = ev.text
    coreq = fill_checklist("coreq", ev, out)
    srqr = fill_checklist("srqr", ev, out)
    text = (out.heading("checklists") + t("checklists.intro") + "\n\n"
            + out.heading("coreq") + checklist_markdown(coreq, ev, out)
            + out.heading("srqr") + checklist_markdown(srqr, ev, out))
    return text, [e for e, _ in coreq], [e for e, _ in srqr]


def compose(ev: Evidence) -> WriteUp:
    """Write the whole document from collected evidence.

    Parameters
    ----------
    ev : Evidence

    Returns
    -------
    WriteUp
    """
    out = Outline(ev.text)
    # Built in document order (tables and figures are numbered as they appear), except that
    # the appendices and checklists are built before the to-complete list they add to.
    head = (title_block(ev) + summary_section(ev, out) + introduction_section(ev, out)
            + methods_section(ev, out) + results_section(ev, out)
            + discussion_section(ev, out) + declarations_section(ev, out))
    tail = appendices(ev, out)
    checklists, coreq, srqr = _checklists(ev, out)
    text = head + checklists + to_complete_section(out) + references_section(out) + tail
    # no trailing blanks on any line (author text's hard breaks became backslashes)
    text = re.sub(r"[ \t]+\n", "\n", text).rstrip("\n") + "\n"
    t = ev.text
    nav = report_nav([(name, t(f"stage.{name}")) for name, _ in ev.stage_reports],
                     language=ev.text.language)  # the run's full header is set on publishing
    body = markdown_to_html(text, figures=ev.figures)
    doc = page(ev.config.study.title, body, language=ev.text.language, nav_html=nav)
    return WriteUp(markdown=text, html=doc, coreq=coreq, srqr=srqr, numbers=dict(ev.numbers),
                   to_complete=list(out.to_complete),
                   stage_reports=[href for _, href in ev.stage_reports],
                   notice=guard.notice(t, ev.config.writeup.author_dir),
                   checklists=checklists_markdown(coreq, srqr, t, title=ev.config.study.title),
                   language=t.language)


def build_write_up(cohort: Cohort, run_dir: Path, *, attributes: pd.DataFrame,
                   pool: pd.DataFrame | None = None) -> WriteUp:
    """Build the write-up of a cohort from the artifacts in ``run_dir``.

    Parameters
    ----------
    cohort : Cohort
        The loaded cohort.
    run_dir : Path
        The report folder with ``artifacts/`` of stages 10–40 (and optionally 00 and the
        stage reports in ``stages/``).
    attributes : DataFrame
        Participants' attributes indexed by pseudonym, no identifying columns.
    pool : DataFrame or None, default=None
        The eligible pool the participants table is coarsened against (``privacy.min_cell``).

    Returns
    -------
    WriteUp

    Raises
    ------
    ArtifactError
        An artifact of stages 10–40 is missing (the message names the stage to run first).
    """
    ev = collect_evidence(cohort, Path(run_dir), attributes=attributes, pool=pool)
    policy = cohort_redactor(cohort)
    ev, log = redact_evidence(ev, policy.redactor)
    policy.write_log("50_write_up", log, report_folders=[Path(run_dir)])
    return compose(ev)


def redact_evidence(ev: Evidence, redactor: Redactor) -> tuple[Evidence, list[LoggedRedaction]]:
    """The evidence with its free texts redacted: quotes, their attributions, the codebook's
    descriptions, author text.

    Parameters
    ----------
    ev : Evidence
        From :func:`~replicate.writeup.evidence.collect_evidence`.
    redactor : Redactor
        The cohort's redactor (:func:`replicate.privacy.cohort_redactor`).

    Returns
    -------
    (Evidence, list of LoggedRedaction)
        A copy, and what was replaced (for the private log).
    """
    log: list[LoggedRedaction] = []
    tables = dict(ev.tables)
    key = "40_theme_synthesis-quotes"
    if key in tables:
        tables[key], log = redact_frame(tables[key], redactor, file="write-up.md (quotes)")
    codebook = ev.codebook
    if codebook is not None:
        codebook, in_codebook = redact_frame(codebook, redactor,
                                             file="write-up.md (codebook)")
        log += in_codebook
    author: dict[str, str] = {}
    for part, text in sorted(ev.author_text.items()):
        author[part], found = redactor.redact_logged(text)
        log += [LoggedRedaction("write-up.md", f"author text {part}", r) for r in found]
    return replace(ev, tables=tables, codebook=codebook, author_text=author), log
