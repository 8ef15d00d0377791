"""The import report: vendor quirks handled, data not carried over, decisions taken.

REFI-QDA 1.5 §7 expects an importer to warn about data loss. Every import writes this report
twice, as JSON (for tools) and Markdown (for people). It names elements by kind, count and
GUID only, never by their text, so it can be shared without exposing interview content.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["CodeMapping", "CoderInfo", "ImportReport", "Log", "Loss", "OffsetConvention", "Quirk"]

_MAX_GUIDS = 20


@dataclass(frozen=True)
class Quirk:
    """A deviation from the REFI-QDA standard that the importer tolerated.

    Attributes
    ----------
    kind : str
        Short identifier, e.g. ``"sources-folder"``, ``"qde-name"``, ``"namespace-missing"``.
    detail : str
        What was found and what the importer did.
    where : str
        File, element or GUID concerned (may be empty).
    """

    kind: str
    detail: str
    where: str = ""


@dataclass(frozen=True)
class Loss:
    """Something in the project that did not reach the tables.

    Attributes
    ----------
    what : str
        Element kind, e.g. ``"Notes"`` or ``"PictureSource"``.
    count : int
        How many.
    why : str
        Why it was not carried over, and where it could go instead.
    guids : tuple of str
        Up to 20 GUIDs of the elements concerned.
    """

    what: str
    count: int
    why: str
    guids: tuple[str, ...] = ()


@dataclass(frozen=True)
class OffsetConvention:
    """How the project's text positions were read.

    Attributes
    ----------
    end : {"exclusive", "inclusive"}
        Whether ``endPosition`` is the first character after the selection (exclusive) or
        its last character (inclusive); REFI-QDA 1.5 §10.2 leaves it open.
    newlines : {"as-stored", "lf"}
        ``as-stored``: positions count the code points of the source file as stored, so a
        CRLF line end counts two (the literal reading of §10.2). ``lf``: a CRLF counts one.
        Only matters when a source uses CRLF line ends.
    scores : mapping of str to int
        Evidence per candidate convention (``"exclusive/as-stored"`` …): how well the
        re-extracted text matched selection names and word boundaries. Candidates that put a
        selection outside its text are absent.
    name_mismatches : tuple of str
        GUIDs of selections whose name is neither their re-extracted text nor a prefix of it
        (names are free labels, so this is information, not an error).
    unit : {"code-points", "utf-16", "utf-8"}
        What a position counts: code points (the standard), UTF-16 code units (NVivo for
        Windows) or UTF-8 bytes.
    confidence : float
        Share of the selections telling the chosen reading and the runner-up apart that
        favour the chosen one, ``wins / (wins + losses)``; 1 when every feasible reading
        gives the same spans.
    wins, losses : int
        Selections on which the chosen reading scores better (worse) than the runner-up.
    runner_up : str or None
        Key of the next best reading that gives different spans, if any.
    evidence : str
        The comparison in words.
    """

    end: str = "exclusive"
    newlines: str = "as-stored"
    scores: Mapping[str, int] = field(default_factory=dict)
    name_mismatches: tuple[str, ...] = ()
    unit: str = "code-points"
    confidence: float = 1.0
    wins: int = 0
    losses: int = 0
    runner_up: str | None = None
    evidence: str = ""


@dataclass(frozen=True)
class CodeMapping:
    """Where one REFI-QDA ``Code`` went in the codebook table.

    Attributes
    ----------
    guid : str
        The code's GUID in the project.
    path : tuple of str
        Names from the top of the code tree down to this code.
    level : str
        ``theme``, ``category``, ``subcategory`` or ``code``: the column holding it.
    label : str or None
        Its ``code`` value when the node is a row of the codebook table, else None.
    """

    guid: str
    path: tuple[str, ...]
    level: str
    label: str | None


@dataclass(frozen=True)
class CoderInfo:
    """A project user as a coder: the label in ``codings.coder`` and who it is.

    Attributes
    ----------
    initials : str
        The label written to ``codings.coder`` (the user's id, else its name's initials).
    name : str
        ``User@name`` as the QDA tool wrote it ('' for a user missing from ``<Users>``).
    guid : str
        The user's GUID.
    codings : int
        Codings the user made.
    """

    initials: str
    name: str
    guid: str
    codings: int


@dataclass(frozen=True)
class ImportReport:
    """Everything an import decided, tolerated and left behind.

    Attributes
    ----------
    source : str
        File name of the project (base name only).
    project_name, origin : str
        ``Project@name`` and ``Project@origin`` (the exporting software).
    offsets : OffsetConvention
        How text positions were read.
    counts : mapping of str to int
        Rows per table written and transcripts written.
    quirks : tuple of Quirk
        Vendor quirks tolerated.
    losses : tuple of Loss
        What was not carried over.
    warnings : tuple of str
        Decisions the user should check (e.g. coder disagreements resolved by a rule).
    codes : tuple of CodeMapping
        Every code of the project and where it went.
    unit_selections : mapping of str to tuple of str
        Unit id → GUIDs of the selections it came from (the audit trail back to the tool).
    coders : tuple of CoderInfo
        Every user who is a coder (not the consensus user), with label and name.
    schema : str
        The schema the file was validated against (after the tolerated fixes).
    """

    source: str
    project_name: str
    origin: str
    offsets: OffsetConvention
    counts: Mapping[str, int]
    quirks: tuple[Quirk, ...] = ()
    losses: tuple[Loss, ...] = ()
    warnings: tuple[str, ...] = ()
    codes: tuple[CodeMapping, ...] = ()
    unit_selections: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    coders: tuple[CoderInfo, ...] = ()
    schema: str = "Project.xsd v1.0"

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (what the JSON report holds)."""
        return {
            "source": self.source,
            "project_name": self.project_name,
            "origin": self.origin,
            "schema": f"REFI-QDA {self.schema}: valid",
            "offsets": {
                "unit": self.offsets.unit,
                "end": self.offsets.end,
                "newlines": self.offsets.newlines,
                "confidence": self.offsets.confidence,
                "wins": self.offsets.wins,
                "losses": self.offsets.losses,
                "runner_up": self.offsets.runner_up,
                "evidence": self.offsets.evidence,
                "scores": dict(sorted(self.offsets.scores.items())),
                "name_mismatches": list(self.offsets.name_mismatches),
            },
            "counts": dict(sorted(self.counts.items())),
            "quirks": [vars(q) for q in self.quirks],
            "not_carried_over": [
                {"what": x.what, "count": x.count, "why": x.why, "guids": list(x.guids)}
                for x in self.losses
            ],
            "warnings": list(self.warnings),
            "codes": [
                {"guid": c.guid, "path": list(c.path), "level": c.level, "label": c.label}
                for c in self.codes
            ],
            "unit_selections": {k: list(v) for k, v in sorted(self.unit_selections.items())},
            "coders": [vars(c) for c in self.coders],
        }

    def to_json(self) -> str:
        """JSON text of :meth:`to_dict` (sorted keys, UTF-8, trailing newline)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def to_markdown(self) -> str:
        """A human-readable report (the data-loss report of REFI-QDA 1.5 §7)."""
        lines = [
            f"# REFI-QDA import report: {self.source}",
            "",
            f"Project **{_md(self.project_name)}**, exported by {_md(self.origin) or 'unknown'}."
            f" The file is valid against REFI-QDA {self.schema}"
            + (" after the fixes listed under quirks." if self.quirks else "."),
            "",
            "## Written",
            "",
            "| table | rows |",
            "|---|---|",
            *(f"| {k} | {v} |" for k, v in sorted(self.counts.items())),
            "",
            "## Text positions",
            "",
            f"Positions read as **{self.offsets.unit}**, `endPosition` "
            f"**{self.offsets.end}**, line ends counted **{self.offsets.newlines}**; "
            f"confidence **{self.offsets.confidence:.2f}** ({_md(self.offsets.evidence)}). "
            "Scores per reading (higher is better): "
            + (", ".join(f"{k} {v}" for k, v in sorted(self.offsets.scores.items()))
               or "no selections") + ".",
            "",
        ]
        lines += ["## Coders", ""]
        if self.coders:
            lines += ["| label (codings.coder) | user name | codings |", "|---|---|---|"]
            lines += [f"| {_md(c.initials)} | {_md(c.name) or '(not in Users)'} | {c.codings} |"
                      for c in self.coders]
        else:
            lines.append("None.")
        lines += ["", "## Vendor quirks tolerated", ""]
        lines += [f"- **{q.kind}**: {_md(q.detail)}" + (f" ({_md(q.where)})" if q.where else "")
                  for q in self.quirks] or ["None."]
        lines += ["", "## Not carried over", ""]
        if self.losses:
            lines += ["| what | count | why |", "|---|---|---|"]
            lines += [f"| {_md(x.what)} | {x.count} | {_md(x.why)} |" for x in self.losses]
        else:
            lines.append("Nothing.")
        lines += ["", "## Check these", ""]
        lines += [f"- {_md(w)}" for w in self.warnings] or ["Nothing to check."]
        lines.append("")
        return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


class Log:
    """Collects quirks, losses and warnings during one import (local to the call)."""

    def __init__(self) -> None:
        self.quirks: list[Quirk] = []
        self.losses: list[Loss] = []
        self.warnings: list[str] = []

    def quirk(self, kind: str, detail: str, where: str = "") -> None:
        """Record a tolerated quirk (once per identical quirk)."""
        q = Quirk(kind, detail, where)
        if q not in self.quirks:
            self.quirks.append(q)

    def loss(self, what: str, guids: list[str] | int, why: str) -> None:
        """Record ``what`` as not carried over (a count or a list of GUIDs)."""
        if isinstance(guids, int):
            if guids:
                self.losses.append(Loss(what, guids, why))
        elif guids:
            self.losses.append(Loss(what, len(guids), why, tuple(guids[:_MAX_GUIDS])))

    def warn(self, message: str) -> None:
        """Record a decision the user should check."""
        if message not in self.warnings:
            self.warnings.append(message)
