"""Reading a REFI-QDA project into plain Python objects.

The project XML is put into the standard namespace (vendor variations are tolerated and
reported), validated against the official ``Project.xsd`` v1.0, and then walked once. What
``replicate`` uses is kept: users, the code tree, variables, cases, and text sources with
their plain-text selections and codings. Everything else is counted into the data-loss part of
the report (REFI-QDA 1.5 §7 asks importers to warn about data loss).

References
----------
REFI-QDA Standard 1.5, §5 (codebook), §6 (project), §8–10 (container, sources, selections).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from replicate.errors import DataError
from replicate.qdpx._container import Container, decode_text, internal_name, open_container
from replicate.qdpx._report import Log
from replicate.qdpx._xml import (
    PROJECT_NS,
    local_name,
    normalise_guid,
    normalise_namespace,
    note_namespace_fix,
    parse_xml,
    validate,
)

__all__ = [
    "Case", "Code", "Coding", "Project", "Selection", "TextSource", "User", "Value",
    "Variable", "read_codes", "read_project",
]

_MEDIA = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")
_SELECTIONS = ("PictureSelection", "PDFSelection", "AudioSelection", "VideoSelection",
               "TranscriptSelection")
_BRACED = re.compile(r"^\{[0-9a-fA-F-]{36}\}$")
_VALUE_TAGS = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue",
               "DateTimeValue")


@dataclass(frozen=True)
class User:
    """A ``User``: a coder."""

    guid: str
    name: str
    id: str

    @property
    def label(self) -> str:
        """The coder as written to ``codings.coder``: the id (initials), else the name."""
        return self.id or self.name or self.guid


@dataclass(frozen=True)
class Code:
    """A ``Code`` of the code tree (names from the top down in ``path``)."""

    guid: str
    name: str
    codable: bool
    description: str
    path: tuple[str, ...]
    parent: str | None
    children: tuple[str, ...]


@dataclass(frozen=True)
class Variable:
    """A ``Variable`` (case or source attribute) and its ``typeOfVariable``."""

    guid: str
    name: str
    type: str


@dataclass(frozen=True)
class Value:
    """A ``VariableValue``: the variable's GUID and the value as text."""

    variable: str
    value: str


@dataclass(frozen=True)
class Case:
    """A ``Case``: a participant, with attribute values and the sources it owns."""

    guid: str
    name: str
    values: tuple[Value, ...]
    sources: tuple[str, ...]
    selections: tuple[str, ...]


@dataclass(frozen=True)
class Coding:
    """A ``Coding``: a code applied by a user (``user`` is a GUID or None)."""

    guid: str
    code: str
    user: str | None


@dataclass(frozen=True)
class Selection:
    """A ``PlainTextSelection`` with its positions as written in the file."""

    guid: str
    name: str
    start: int
    end: int
    description: str
    codings: tuple[Coding, ...]


@dataclass(frozen=True)
class TextSource:
    """A ``TextSource`` whose plain text could be read (``text`` as stored, CRLF kept).

    ``file`` names where the text came from (for messages).
    """

    guid: str
    name: str
    file: str
    text: str
    selections: tuple[Selection, ...]
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Project:
    """The parts of a REFI-QDA project that ``replicate`` carries over."""

    name: str
    origin: str
    file: str
    users: tuple[User, ...]
    codes: tuple[Code, ...]
    variables: tuple[Variable, ...]
    cases: tuple[Case, ...]
    sources: tuple[TextSource, ...]


def _q(tag: str) -> str:
    return f"{{{PROJECT_NS}}}{tag}"


def _kids(el: etree._Element | None, tag: str) -> list[etree._Element]:
    return [] if el is None else list(el.iterchildren(_q(tag)))


def _text(el: etree._Element | None, tag: str) -> str:
    child = None if el is None else el.find(_q(tag))
    return (child.text or "") if child is not None else ""


def _guid(el: etree._Element, attr: str = "guid") -> str:
    return normalise_guid(el.get(attr, ""))


def _values(el: etree._Element) -> tuple[Value, ...]:
    out = []
    for vv in _kids(el, "VariableValue"):
        ref = vv.find(_q("VariableRef"))
        if ref is None:
            continue
        for tag in _VALUE_TAGS:
            val = vv.find(_q(tag))
            if val is not None:
                text = (val.text or "").strip()
                if tag == "BooleanValue":
                    text = "true" if text in ("true", "1") else "false"
                out.append(Value(_guid(ref, "targetGUID"), text))
                break
    return tuple(out)


def read_codes(codebook: etree._Element | None, qde: str,
               ns: str = PROJECT_NS) -> tuple[Code, ...]:
    """The ``Code`` tree under a ``CodeBook`` element of namespace ``ns``, in document order.

    Raises
    ------
    DataError
        When two codes share a GUID.
    """
    out: list[Code] = []
    seen: set[str] = set()

    def walk(el: etree._Element, path: tuple[str, ...], parent: str | None) -> None:
        guid = _guid(el)
        if guid in seen:
            raise DataError(
                "two codes share this GUID; every Code needs its own GUID",
                file=qde, location=f"line {el.sourceline}, Code guid {el.get('guid')}")
        seen.add(guid)
        name = el.get("name", "")
        kids = list(el.iterchildren(f"{{{ns}}}Code"))
        desc = el.find(f"{{{ns}}}Description")
        out.append(Code(guid, name, el.get("isCodable") in ("true", "1"),
                        (desc.text or "") if desc is not None else "", (*path, name), parent,
                        tuple(_guid(k) for k in kids)))
        for kid in kids:
            walk(kid, (*path, name), guid)

    codes_el = None if codebook is None else codebook.find(f"{{{ns}}}Codes")
    for top in ([] if codes_el is None else codes_el.iterchildren(f"{{{ns}}}Code")):
        walk(top, (), None)
    return tuple(out)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _media_losses(sources: etree._Element | None, container: Container, log: Log) -> None:
    for kind in _MEDIA:
        els = _kids(sources, kind)
        if not els:
            continue
        missing = 0
        for el in els:
            name, _ = internal_name(el.get("path", ""))
            if name is not None and container.find(name, log) is None:
                missing += 1
        n_sel = sum(1 for el in els for s in el.iter() if local_name(s) in _SELECTIONS)
        n_cod = sum(1 for el in els for _ in el.iter(_q("Coding")))
        note = f"; {_n(missing, 'file')} missing from the archive" if missing else ""
        log.loss(kind, [_guid(e) for e in els],
                 f"only plain-text sources become transcripts; {_n(n_sel, 'selection')} and "
                 f"{_n(n_cod, 'coding')} on these sources are left out{note}")


def _other_losses(root: etree._Element, log: Log) -> None:
    for tag, why in (
        ("Note", "memos have no place in the tables; keep them in the QDA tool"),
        ("Link", "links between memos, codes and selections are not modelled"),
        ("Set", "sets (code or document groups) are not modelled; themes and categories "
                "come from the code tree"),
        ("Graph", "graphs (concept maps) are not modelled"),
    ):
        els = list(root.iter(_q(tag)))
        log.loss(tag + "s", [_guid(e) for e in els], why)
    log.loss("Project Description", int(root.find(_q("Description")) is not None),
             "the project description is not carried over")
    noterefs = len(list(root.iter(_q("NoteRef"))))
    log.loss("NoteRef", noterefs, "memo references (on the project, codes, sources, "
             "selections or codings) are dropped with the memos")
    colours = sum(1 for c in root.iter(_q("Code")) if c.get("color"))
    log.loss("Code colours", colours, "the codebook table has no colour column")
    dated = sum(1 for el in root.iter(tag=etree.Element)
                for a in ("creationDateTime", "modifiedDateTime") if el.get(a))
    log.loss("Dates", dated, "creation and modification dates are not kept (outputs carry no "
             "timestamps)")
    case_codes = sum(len(_kids(c, "CodeRef")) for c in root.iter(_q("Case")))
    log.loss("Case CodeRef", case_codes, "codes attached to whole cases are not modelled")
    case_desc = sum(1 for c in root.iter(_q("Case")) if c.find(_q("Description")) is not None)
    log.loss("Case Description", case_desc, "case descriptions are not carried over")
    var_desc = sum(1 for v in root.iter(_q("Variable")) if v.find(_q("Description")) is not None)
    log.loss("Variable Description", var_desc, "variable descriptions are not carried over")


def read_project(path: Path, log: Log) -> Project:
    """Open, validate and read a REFI-QDA project.

    Parameters
    ----------
    path : pathlib.Path
        ``.qdpx`` file or unzipped project folder.
    log : Log
        Receives quirks, losses and warnings.

    Returns
    -------
    Project

    Raises
    ------
    DataError
        Not a ZIP, no ``project.qde``, not well-formed XML, a schema violation, duplicate
        code GUIDs, a coding that refers to a missing code, a source that is not UTF-8.
    """
    with open_container(path, log) as container:
        qde = f"{container.label}/{container.qde_name}"
        tree = parse_xml(container.qde, file=qde)
        root = tree.getroot()
        note_namespace_fix(normalise_namespace(root, PROJECT_NS), PROJECT_NS, log)
        validate(tree, PROJECT_NS, file=qde)
        if any(str(v).startswith("{") and _BRACED.match(str(v))
               for el in root.iter(tag=etree.Element) for v in el.attrib.values()):
            log.quirk("braced-guid", "GUIDs written in braces {…}; compared without braces "
                      "and ignoring letter case")

        users = tuple(User(_guid(u), u.get("name", ""), u.get("id", ""))
                      for u in root.iter(_q("User")))
        codes = read_codes(root.find(_q("CodeBook")), qde)
        code_ids = {c.guid for c in codes}
        variables = tuple(Variable(_guid(v), v.get("name", ""), v.get("typeOfVariable", ""))
                          for v in root.iter(_q("Variable")))
        cases = tuple(
            Case(_guid(c), c.get("name", ""), _values(c),
                 tuple(_guid(r, "targetGUID") for r in _kids(c, "SourceRef")),
                 tuple(_guid(r, "targetGUID") for r in _kids(c, "SelectionRef")))
            for c in root.iter(_q("Case")))
        sources_el = root.find(_q("Sources"))
        texts = _text_sources(sources_el, container, code_ids, qde, log)
        _media_losses(sources_el, container, log)
        _other_losses(root, log)
        return Project(root.get("name", ""), root.get("origin", ""), qde, users, codes,
                       variables, cases, texts)


def _text_sources(sources: etree._Element | None, container: Container, code_ids: set[str],
                  qde: str, log: Log) -> tuple[TextSource, ...]:
    out: list[TextSource] = []
    lost_src: list[str] = []
    uncoded: list[str] = []
    whole: list[str] = []
    rich = described = 0
    for src in _kids(sources, "TextSource"):
        guid = _guid(src)
        rich += int(bool(src.get("richTextPath")))
        described += int(src.find(_q("Description")) is not None)
        whole += [_guid(c) for c in _kids(src, "Coding")]
        selections: list[Selection] = []
        for sel in _kids(src, "PlainTextSelection"):
            codings = []
            for cod in _kids(sel, "Coding"):
                ref = cod.find(_q("CodeRef"))
                target = "" if ref is None else _guid(ref, "targetGUID")
                if target not in code_ids:
                    raise DataError(
                        f"the coding refers to code {target or '(none)'}, which is not in "
                        "the CodeBook; every CodeRef must name a Code's GUID",
                        file=qde, location=f"line {cod.sourceline}, Coding guid {cod.get('guid')}")
                user = cod.get("creatingUser") or sel.get("creatingUser")
                codings.append(Coding(_guid(cod), target, normalise_guid(user) if user else None))
            if not codings:
                uncoded.append(_guid(sel))
            selections.append(Selection(
                _guid(sel), sel.get("name", ""), int(sel.get("startPosition", "0")),
                int(sel.get("endPosition", "0")), _text(sel, "Description"), tuple(codings)))
        content = src.find(_q("PlainTextContent"))
        path = src.get("plainTextPath", "")
        name, how = internal_name(path) if path else (None, "")
        if name is not None:
            found = container.find(name, log)
            if found is None:
                log.warn(f"TextSource {guid}: its text file {path} is missing from the "
                         "archive (looked for it in sources/ ignoring letter case, then "
                         "anywhere); the source and its selections were left out")
                lost_src.append(guid)
                continue
            if how == "bare":
                log.quirk("bare-path", "plainTextPath names a file without 'internal://' (qc "
                          "writes these); read from the archive's sources/ folder", path)
            elif not path.startswith("internal://"):
                log.quirk("path-scheme-case", "the 'internal://' scheme is written in another "
                          "letter case; accepted", path)
            raw = decode_text(container.read(found), file=f"{container.label}/{found}",
                          guid=guid, log=log)
            where = f"{container.label}/{found}"
        elif content is not None:
            raw, where = content.text or "", f"{qde} (PlainTextContent)"
        else:
            why = f"its text is outside the archive ({path})" if path else "it has no text"
            log.warn(f"TextSource {guid}: {why}; the source and its selections were left out")
            lost_src.append(guid)
            continue
        # Without a name (qc writes none) the source is called after its file.
        label = src.get("name", "").strip() or (name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
                                                 if name else "")
        out.append(TextSource(guid, label, where, raw, tuple(selections), _values(src)))
    log.loss("TextSource without readable text", lost_src,
             "the plain text is missing or external (relative:// or absolute://)")
    log.loss("Uncoded PlainTextSelection", uncoded, "a selection without a coding is not a "
             "coded meaning unit")
    log.loss("TextSource Coding", whole, "codes applied to a whole source are not meaning units")
    log.loss("Rich-text source", rich, "the rich-text (.docx) form is not kept; the plain text "
             "is used")
    log.loss("TextSource Description", described, "source descriptions are not carried over")
    return tuple(out)
