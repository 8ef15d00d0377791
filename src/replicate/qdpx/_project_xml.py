"""Building the ``project.qde`` element tree from the cohort's tables (see :mod:`exporter`).

Element order inside ``Project`` is fixed by ``Project.xsd``: Users, CodeBook, Variables,
Cases, Sources. Everything is emitted in a sorted, reproducible order with UUIDv5 GUIDs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePath
from typing import Any

import numpy as np
import pandas as pd
from lxml import etree

from replicate import __version__
from replicate.errors import DataError
from replicate.qdpx._codetree import (
    CodeNode,
    blank,
    cell,
    check_columns,
    code_elements,
    xml_safe,
    xml_text,
)
from replicate.qdpx._xml import PROJECT_NS, PROJECT_SCHEMA_LOCATION, XSI_NS, stable_guid
from replicate.schema import PARTICIPANTS
from replicate.transcripts import read_text

__all__ = ["ORIGIN", "BuiltProject", "build_project"]

ORIGIN = f"replicate {__version__}"
_KIND_TYPES = {"date": "Date", "float": "Float", "int": "Integer", "bool": "Boolean"}


@dataclass(frozen=True)
class BuiltProject:
    """The project element, the source texts by GUID and element counts."""

    root: etree._Element
    texts: dict[str, str]
    users: int
    cases: int
    variables: int


def _q(tag: str) -> str:
    return f"{{{PROJECT_NS}}}{tag}"


def _var_type(column: str, series: pd.Series) -> str:
    if column in PARTICIPANTS.column_names:
        return _KIND_TYPES.get(PARTICIPANTS.column(column).kind, "Text")
    if pd.api.types.is_bool_dtype(series):
        return "Boolean"
    if pd.api.types.is_integer_dtype(series):
        return "Integer"
    if pd.api.types.is_float_dtype(series):
        return "Float"
    return "Text"


def _var_value(value: Any, kind: str, row: int, column: str) -> tuple[str, str]:
    """(element name, text) of one VariableValue."""
    bad = DataError(f"{value!r} is not a valid {kind} value", file="participants",
                    location=f"row {row}, column {column}")
    text = str(value).strip()
    if kind == "Boolean":
        if isinstance(value, bool) or text.lower() in ("true", "false", "1", "0"):
            return "BooleanValue", "true" if text.lower() in ("true", "1") else "false"
        raise bad
    if kind in ("Integer", "Float"):
        try:
            number = Decimal(repr(value) if isinstance(value, float) else text)
        except InvalidOperation:
            raise bad from None
        if not number.is_finite():
            raise bad
        if kind == "Float":
            return "FloatValue", format(number, "f")
        if number != number.to_integral_value():
            raise bad
        return "IntegerValue", str(int(number))
    if kind == "Date":
        if isinstance(value, pd.Timestamp):
            text = value.date().isoformat()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise bad
        return "DateValue", text
    return "TextValue", xml_text(text, "participants", row, column)


def _offset(value: Any, uid: str, column: str) -> int:
    if type(value) is int:
        return value
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or number != number.to_integral_value():
        raise DataError(f"{column} {value!r} is not a whole number of characters", file="units",
                        location=f"unit_id {uid}")
    return int(number)


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in rec.items()} for rec in df.to_dict("records")]


def _span(uid: str, rec: dict[str, Any], text: str, warnings: list[str]) -> tuple[int, int]:
    unit_text = rec["text"]
    start, end = rec.get("start"), rec.get("end")
    if not blank(start) and not blank(end):
        s, e = _offset(start, uid, "start"), _offset(end, uid, "end")
        if not 0 <= s <= e <= len(text):
            raise DataError(f"start {s} / end {e} lie outside the transcript ({len(text)} "
                            "characters)", file="units", location=f"unit_id {uid}")
        if text[s:e] != unit_text and " ".join(text[s:e].split()) != " ".join(unit_text.split()):
            raise DataError("text differs from the transcript between start and end; fix the "
                            "offsets or the text", file="units", location=f"unit_id {uid}")
        return s, e
    pattern = r"\s+".join(re.escape(w) for w in unit_text.split())
    found = list(re.finditer(pattern, text)) if pattern else []
    if not found:
        raise DataError("text not found in the transcript; give start and end offsets",
                        file="units", location=f"unit_id {uid}")
    if len(found) > 1:
        warnings.append(f"unit {uid}: its text occurs {len(found)} times in the transcript; "
                        "the first occurrence was used")
    return found[0].start(), found[0].end()


def _file_name(name: str, table: str, row: int) -> str:
    if not name or PurePath(name).name != name or name in (".", ".."):
        raise DataError(f"transcript {name!r} must be a file name inside the transcripts "
                        "folder", file=table, location=f"row {row}, column transcript")
    return name


def _cells(units: pd.DataFrame, col: str) -> list[str]:
    """Column ``col`` as stripped text cells ('' when blank or absent)."""
    if col not in units.columns:
        return [""] * len(units)
    return [v.strip() if type(v) is str else cell(v) for v in units[col].tolist()]


def _unit_problem(i: int, rec: dict[str, Any], seen: set[str],
                  code_guids: dict[str, str]) -> None:
    """Raise the first problem of unit record ``rec`` (row ``i``), if it has one."""
    for col in ("unit_id", "participant", "text", "code"):
        if not rec[col]:
            raise DataError(f"empty {col}", file="units", location=f"row {i}, column {col}")
    if rec["unit_id"] in seen:
        raise DataError(f"unit_id {rec['unit_id']} appears twice; unit ids must be unique",
                        file="units", location=f"row {i}, column unit_id")
    if rec["code"] not in code_guids:
        raise DataError(f"code '{rec['code']}' is not in the codebook", file="units",
                        location=f"row {i}, column code")
    _file_name(rec["transcript"], "units", i)
    for col in ("unit_id", "participant", "condensed"):
        xml_text(rec[col], "units", i, col)


def _check_units(units: pd.DataFrame, code_guids: dict[str, str]) -> list[dict[str, Any]]:
    """Checked unit records with text cells stripped (``start``/``end`` left as given).

    The checks run column by column (an export of a million suggestions checks a million
    units); the first row with a problem is then checked again on its own, so the error is
    the one a row-by-row check would raise first.
    """
    check_columns(units, "units", ("unit_id", "participant", "transcript", "text", "code"))
    names = ("unit_id", "participant", "transcript", "text", "code", "condensed")
    cols = {c: _cells(units, c) for c in names}
    n = len(units)
    bad = [np.flatnonzero(np.array([not v for v in cols[c]], dtype=bool))
           for c in ("unit_id", "participant", "text", "code")]
    bad.append(np.flatnonzero(pd.Series(cols["unit_id"], dtype=object).duplicated().to_numpy()))
    bad.append(np.flatnonzero(np.array([c not in code_guids for c in cols["code"]], dtype=bool)))
    wrong_names = set()
    for name in set(cols["transcript"]):
        try:
            _file_name(name, "units", 0)
        except DataError:
            wrong_names.add(name)
    if wrong_names:
        bad.append(np.flatnonzero(np.array([t in wrong_names for t in cols["transcript"]],
                                           dtype=bool)))
    for c in ("unit_id", "participant", "condensed"):
        if not xml_safe("\n".join(cols[c])):  # XML holds a line break
            bad.append(np.flatnonzero(np.array([not xml_safe(v) for v in cols[c]], dtype=bool)))
    starts = units["start"].tolist() if "start" in units.columns else [None] * n
    ends = units["end"].tolist() if "end" in units.columns else [None] * n
    records = [dict(zip(names, values, strict=True)) for values in zip(
        *(cols[c] for c in names), strict=True)]
    for rec, s, e in zip(records, starts, ends, strict=True):
        rec["start"], rec["end"] = s, e
    first = min((int(b[0]) for b in bad if len(b)), default=None)
    if first is not None:
        _unit_problem(first + 1, records[first], set(cols["unit_id"][:first]), code_guids)
        raise AssertionError("a unit problem found column by column but not on its row")
    return records


def _check_codings(codings: pd.DataFrame, unit_ids: set[str], code_guids: dict[str, str],
                   consensus_user: str) -> dict[str, dict[str, str]]:
    check_columns(codings, "codings", ("unit_id", "coder", "code"))
    out: dict[str, dict[str, str]] = {}
    for i, rec in enumerate(_records(codings), start=1):
        uid, coder, code = cell(rec["unit_id"]), cell(rec["coder"]), cell(rec["code"])
        where = f"row {i}"
        if uid not in unit_ids:
            raise DataError(f"unit_id '{uid}' is not in the units table", file="codings",
                            location=f"{where}, column unit_id")
        if not coder or coder.casefold() == consensus_user.casefold():
            raise DataError(f"coder {coder!r} is not allowed: give the coder's initials (the "
                            f"name '{consensus_user}' marks the final codes)", file="codings",
                            location=f"{where}, column coder")
        if code not in code_guids:
            raise DataError(f"code '{code}' is not in the codebook", file="codings",
                            location=f"{where}, column code")
        if coder in out.setdefault(uid, {}):
            raise DataError(f"coder {coder} codes unit {uid} twice", file="codings",
                            location=where)
        out[uid][xml_text(coder, "codings", i, "coder")] = code
    return out


def build_project(*, roots: Sequence[CodeNode], code_guids: dict[str, str],
                  units: pd.DataFrame, codings: pd.DataFrame | None,
                  participants: pd.DataFrame | None, transcripts_dir: Path, project_name: str,
                  consensus_user: str, excluded: set[str], warnings: list[str]) -> BuiltProject:
    """Build the ``Project`` element (see :func:`replicate.qdpx.export_qdpx`).

    Raises
    ------
    DataError
        Inconsistent tables, a missing transcript, a unit whose text is not in it.
    """
    unit_recs = _check_units(units, code_guids)
    by_unit = (_check_codings(codings, {r["unit_id"] for r in unit_recs}, code_guids,
                              consensus_user) if codings is not None else None)
    part_recs: list[dict[str, Any]] = []
    var_cols: list[str] = []
    if participants is not None:
        check_columns(participants, "participants", ("pseudonym",))
        part_recs = _records(participants)
        var_cols = [c for c in participants.columns
                    if c not in ("pseudonym", "transcript") and c not in excluded]
    names = {r["transcript"] for r in unit_recs}
    for i, rec in enumerate(part_recs, start=1):
        if cell(rec.get("transcript")):
            names.add(_file_name(cell(rec["transcript"]), "participants", i))
    texts = {n: read_text(transcripts_dir / n) for n in sorted(names)}

    nsmap: dict[str | None, str] = {None: PROJECT_NS, "xsi": XSI_NS}
    root = etree.Element(_q("Project"), nsmap=nsmap)  # type: ignore[arg-type]  # stubs lack None key
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{PROJECT_NS} {PROJECT_SCHEMA_LOCATION}")
    root.set("name", xml_text(project_name, "project", "-", "name"))
    root.set("origin", ORIGIN)
    coders = sorted({c for v in (by_unit or {}).values() for c in v})
    user_guid = {c: stable_guid("user", c) for c in (*coders, consensus_user)}
    if by_unit is not None:
        users_el = etree.SubElement(root, _q("Users"))
        for name in (*coders, consensus_user):
            etree.SubElement(users_el, _q("User"), guid=user_guid[name], name=name, id=name)
    code_elements(etree.SubElement(etree.SubElement(root, _q("CodeBook")), _q("Codes")), roots,
                  PROJECT_NS)
    kinds = {c: _var_type(c, participants[c]) for c in var_cols} if participants is not None \
        else {}
    if var_cols:
        vars_el = etree.SubElement(root, _q("Variables"))
        for col in var_cols:
            etree.SubElement(vars_el, _q("Variable"), guid=stable_guid("variable", col),
                             name=xml_text(col, "participants", "-", col),
                             typeOfVariable=kinds[col])

    # Cases: participants (sorted), then participants of units missing from the table.
    unit_sources: dict[str, list[str]] = {}
    for r in unit_recs:
        unit_sources.setdefault(r["participant"], []).append(r["transcript"])
    cases: list[tuple[str, dict[str, Any] | None, list[str]]] = []
    seen: set[str] = set()
    for i, prec in sorted(enumerate(part_recs, start=1), key=lambda x: cell(x[1]["pseudonym"])):
        pseudo = cell(prec["pseudonym"])
        if not pseudo or pseudo in seen:
            raise DataError(f"pseudonym {pseudo!r} is empty or repeated", file="participants",
                            location=f"row {i}, column pseudonym")
        seen.add(pseudo)
        own = [cell(prec.get("transcript"))] if cell(prec.get("transcript")) else []
        own += sorted(set(unit_sources.get(pseudo, [])) - set(own))
        cases.append((pseudo, {**prec, "_row": i}, own))
    missing = sorted(set(unit_sources) - seen)
    if missing and participants is not None:
        warnings.append(f"units name participants not in the participants table "
                        f"({', '.join(missing)}); exported as cases without attributes")
    cases += [(p, None, sorted(set(unit_sources[p]))) for p in missing]
    first_owner: dict[str, str] = {}
    for pseudo, _, own in cases:
        for name in own:
            first_owner.setdefault(name, pseudo)
    sel_refs: dict[str, list[str]] = {}
    for r in unit_recs:
        if first_owner.get(r["transcript"]) != r["participant"]:
            sel_refs.setdefault(r["participant"], []).append(r["unit_id"])
    if cases:
        cases_el = etree.SubElement(root, _q("Cases"))
        for pseudo, crec, own in cases:
            case_el = etree.SubElement(cases_el, _q("Case"), guid=stable_guid("case", pseudo),
                                       name=xml_text(pseudo, "participants", "-", "pseudonym"))
            for col in var_cols if crec is not None else []:
                if crec is None or blank(crec[col]):
                    continue
                tag, text = _var_value(crec[col], kinds[col], crec["_row"], col)
                vv = etree.SubElement(case_el, _q("VariableValue"))
                etree.SubElement(vv, _q("VariableRef"), targetGUID=stable_guid("variable", col))
                etree.SubElement(vv, _q(tag)).text = text
            for name in own:
                etree.SubElement(case_el, _q("SourceRef"), targetGUID=stable_guid("source", name))
            for uid in sorted(sel_refs.get(pseudo, [])):
                etree.SubElement(case_el, _q("SelectionRef"),
                                 targetGUID=stable_guid("selection", uid))

    spans = {r["unit_id"]: _span(r["unit_id"], r, texts[r["transcript"]], warnings)
             for r in unit_recs}
    per_source: dict[str, list[dict[str, Any]]] = {}
    for r in unit_recs:
        per_source.setdefault(r["transcript"], []).append(r)
    sources_el = etree.SubElement(root, _q("Sources"))
    out_texts: dict[str, str] = {}
    # the loop below runs once per unit (a million for a large cohort's suggestions): names
    # and lookups are hoisted out of it
    sub = etree.SubElement
    t_sel, t_desc, t_coding, t_ref = (_q("PlainTextSelection"), _q("Description"),
                                      _q("Coding"), _q("CodeRef"))
    final_user = consensus_user if by_unit is not None else None
    others = by_unit or {}
    for name in sorted(texts):
        guid = stable_guid("source", name)
        out_texts[guid] = texts[name]
        src_el = sub(sources_el, _q("TextSource"), guid=guid, name=name,
                     plainTextPath=f"internal://{guid}.txt")
        mine = sorted(per_source.get(name, []),
                      key=lambda r: (*spans[r["unit_id"]], r["unit_id"]))
        for r in mine:
            uid = r["unit_id"]
            start, end = spans[uid]
            sel = sub(src_el, t_sel, guid=stable_guid("selection", uid), name=uid,
                      startPosition=str(start), endPosition=str(end))
            if r["condensed"]:
                sub(sel, t_desc).text = r["condensed"]
            theirs = others.get(uid)
            for coder, code in ((final_user, r["code"]),
                                *(sorted(theirs.items()) if theirs else ())):
                attrs = {"guid": stable_guid("coding", uid, coder or "")}
                if coder is not None:
                    attrs["creatingUser"] = user_guid[coder]
                sub(sub(sel, t_coding, attrs), t_ref, targetGUID=code_guids[code])
    if not len(sources_el):
        root.remove(sources_el)
    return BuiltProject(root, out_texts, len(coders) + 1 if by_unit is not None else 0,
                        len(cases), len(var_cols))
