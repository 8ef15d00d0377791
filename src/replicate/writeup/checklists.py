"""COREQ (32 items) and SRQR (21 standards): item data, filling, and the checklist tables.

The items, their domains and fill modes live in ``coreq.yaml`` and ``srqr.yaml`` beside this
module (fill modes from methodology.md §4, after Tong, Sainsbury & Craig 2007 and O'Brien et
al. 2014). Filling an item gives a :class:`ChecklistEntry` whose ``status`` says where the
text came from:

* ``auto`` — computed from the stage artifacts or the data;
* ``config`` — a ``writeup`` (or ``programme``/``study``) field of the cohort config;
* ``draft`` — an automatic draft that the authors complete (COREQ 10, 22, 30–32);
* ``author`` — the authors' own Markdown (``writeup.author_text``) covers it;
* ``to complete`` — nothing to report it with yet; the text says "to complete by the authors"
  and names the config key or file that would fill it.

``filled`` is true for every status except ``to complete``.

References
----------
Tong A, Sainsbury P, Craig J. Consolidated criteria for reporting qualitative research
(COREQ): a 32-item checklist for interviews and focus groups. Int J Qual Health Care
2007;19(6):349–357. doi:10.1093/intqhc/mzm042

O'Brien BC, Harris IB, Beckman TJ, Reed DA, Cook DA. Standards for reporting qualitative
research: a synthesis of recommendations. Acad Med 2014;89(9):1245–1251.
doi:10.1097/ACM.0000000000000388
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

from replicate.writeup import markdown as md
from replicate.writeup._fills import COREQ_FILLS, SRQR_FILLS, Fill
from replicate.writeup.evidence import Evidence
from replicate.writeup.outline import Outline

__all__ = [
    "Checklist",
    "ChecklistEntry",
    "ChecklistItem",
    "checklist_markdown",
    "fill_checklist",
    "load_checklist",
]

Status = Literal["auto", "config", "draft", "author", "to complete"]


class ChecklistItem(BaseModel):
    """One item of a reporting checklist, as stored in the YAML."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int
    domain: int
    fill: Literal["auto", "config", "draft", "author"]
    sections: tuple[str, ...]
    en: str
    sv: str


class Checklist(BaseModel):
    """A reporting checklist: its name, domains and items."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    domains: dict[int, dict[str, str]]
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class ChecklistEntry:
    """A filled checklist item.

    Attributes
    ----------
    checklist : str
        ``"COREQ"`` or ``"SRQR"``.
    number : int
    item : str
        The item's name in the study language.
    fill : str
        The item's fill mode from methodology.md (``auto``, ``config``, ``draft``, ``author``).
    status : str
        Where the text came from (see the module docstring).
    filled : bool
        ``status != "to complete"``.
    text : str
        What is reported (plain text; Markdown escapes removed), or the to-complete marker.
    section : str
        Where the write-up reports it (``Methods › Data collection``), ``"; "``-separated.
    """

    checklist: str
    number: int
    item: str
    fill: str
    status: str
    filled: bool
    text: str
    section: str

    @property
    def label(self) -> str:
        """``COREQ 12`` or ``SRQR S12``."""
        return f"{self.checklist} {'S' if self.checklist == 'SRQR' else ''}{self.number}"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the stage summary."""
        return asdict(self)


@cache
def load_checklist(name: Literal["coreq", "srqr"]) -> Checklist:
    """Load a checklist's packaged YAML.

    Parameters
    ----------
    name : {"coreq", "srqr"}

    Returns
    -------
    Checklist
    """
    text = files("replicate.writeup").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return Checklist.model_validate(yaml.safe_load(text))


def _plain(markdown: str) -> str:
    """Markdown from the fills without backslash escapes and emphasis marks (for JSON/CSV)."""
    out = []
    i = 0
    while i < len(markdown):
        ch = markdown[i]
        if ch == "\\" and i + 1 < len(markdown):
            out.append(markdown[i + 1])
            i += 2
            continue
        if ch != "*":
            out.append(ch)
        i += 1
    return "".join(out)


def fill_checklist(name: Literal["coreq", "srqr"], ev: Evidence,
                   out: Outline) -> list[tuple[ChecklistEntry, str]]:
    """Fill every item of a checklist from the evidence.

    Parameters
    ----------
    name : {"coreq", "srqr"}
    ev : Evidence
        Artifacts, data and config.
    out : Outline
        For section paths and the to-complete register.

    Returns
    -------
    list of (ChecklistEntry, str)
        Each entry with its Markdown text (links and emphasis kept), in item order.
    """
    checklist = load_checklist(name)
    fills = COREQ_FILLS if name == "coreq" else SRQR_FILLS
    lang = ev.text.language
    result = []
    for item in checklist.items:
        fill: Fill = fills[item.number](ev, out)
        status = fill.status
        text = fill.text
        if status == "to complete":
            hint = f" ({md.escape(fill.hint)})" if fill.hint else ""
            text = f"*{ev.text.to_complete}*{hint}" + (f". {text}" if text else "")
            if not (fill.hint and out.has_hint(fill.hint)):
                number = f"S{item.number}" if checklist.name == "SRQR" else str(item.number)
                name_ = item.en if lang == "en" else item.sv
                out.todo(f"{checklist.name.lower()}_{item.number}", item.sections[0],
                         fill.hint, what=f"{checklist.name} {number}: {name_}")
        entry = ChecklistEntry(
            checklist=checklist.name, number=item.number,
            item=item.en if lang == "en" else item.sv, fill=item.fill, status=status,
            filled=status != "to complete", text=_plain(text),
            section="; ".join(out.path(s) for s in item.sections))
        result.append((entry, text))
    return result


def checklist_markdown(entries: list[tuple[ChecklistEntry, str]], ev: Evidence,
                       out: Outline) -> str:
    """The checklist as a pipe table: number, item, what is reported, status, section."""
    t = ev.text
    name = entries[0][0].checklist if entries else ""
    checklist = load_checklist("coreq" if name == "COREQ" else "srqr")
    sections = {item.number: item.sections for item in checklist.items}
    rows = []
    for entry, text in entries:
        where = ", ".join(out.path_ref(s) for s in sections[entry.number])
        number = f"S{entry.number}" if name == "SRQR" else str(entry.number)
        rows.append((number, md.escape(entry.item), text.replace("\n", " "),
                     md.escape(t.label("status", entry.status)), where))
    return md.raw_table([t("col.no"), t("col.item"), t("col.reported"), t("col.status_ck"),
                         t("col.section")], rows)
