"""The interview-guide file: pydantic models, loading, and errors that name file and line.

A guide is a UTF-8 YAML file (format agreed with the demo-cohort author)::

    version: "1.0"
    language: en            # en | sv
    title: Interview guide
    planned_minutes: [40, 50]
    research_questions:     # optional: id -> text
      RQ1: What do students and mentors talk about?
    areas:
      - id: content
        title: Content of the conversations
        research_questions: [RQ1]     # optional
        questions:
          - id: Q1
            kind: opening             # opening | key | closing | probe
            text: Could you tell me how you first met your mentor?
            probes: ["Can you tell me more about that?"]   # optional
    previous: guide_v0.9.yaml   # optional, relative to this file
    changes:                    # optional: rationale for changes against `previous`
      - question: Q3
        rationale: Reworded because the pilot participant asked what it meant.

The structure follows the protocol elements of Kallio et al. (2016, phase 3) and
Castillo-Montoya (2016): question areas, opening/key/closing questions with planned probes,
and the research questions each area serves (the protocol matrix). The YAML is parsed with
``yaml.safe_load``; a second pass (``yaml.compose``) keeps the line of every node so that
errors and reports can name the line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator
from pydantic import StringConstraints as SC

from replicate.errors import DataError
from replicate.transcripts import read_text

__all__ = ["Area", "Change", "Guide", "Question", "load_guide", "load_previous", "parse_guide"]

Kind = Literal["opening", "key", "closing", "probe"]
_ID = Annotated[str, SC(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$", max_length=40)]
_TEXT = Annotated[str, SC(strip_whitespace=True, min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Question(_Model):
    """One guide question.

    Attributes
    ----------
    id : str
        Unique across the guide (``Q3``); used by ``[Q3]`` tags in transcripts.
    kind : {"opening", "key", "closing", "probe"}
        Role in the interview (Castillo-Montoya 2016).
    text : str
        The question as written.
    probes : list of str
        Planned follow-up probes.
    """

    id: _ID
    kind: Kind
    text: _TEXT
    probes: list[_TEXT] = Field(default_factory=list)


class Area(_Model):
    """A question area (topic) with its questions and the research questions it serves."""

    id: _ID
    title: _TEXT
    research_questions: list[_ID] = Field(default_factory=list)
    questions: list[Question] = Field(min_length=1)


class Change(_Model):
    """The rationale for a change against the previous guide version."""

    question: _ID
    rationale: _TEXT


class Guide(_Model):
    """A versioned interview guide; build it with :func:`load_guide`.

    Attributes
    ----------
    version : str
        Guide version, quoted in YAML (``"1.0"``).
    language : {"en", "sv"}
        Language of the questions; selects the flaw rules.
    title : str
    planned_minutes : tuple of (float, float)
        Planned duration window, e.g. ``(40, 50)`` in the original study.
    research_questions : dict of str to str
        Research-question id to text (optional).
    areas : list of Area
    previous : str or None
        Path of the previous version, relative to this file.
    changes : list of Change
        Rationale per changed question id.
    """

    version: _TEXT
    language: Literal["en", "sv"]
    title: _TEXT
    planned_minutes: tuple[Annotated[float, Field(gt=0)], Annotated[float, Field(gt=0)]]
    research_questions: dict[_ID, _TEXT] = Field(default_factory=dict)
    areas: list[Area] = Field(min_length=1)
    previous: _TEXT | None = None
    changes: list[Change] = Field(default_factory=list)

    _source: Path | None = PrivateAttr(default=None)
    _lines: dict[str, int] = PrivateAttr(default_factory=dict)

    @field_validator("planned_minutes")
    @classmethod
    def _ordered(cls, v: tuple[float, float]) -> tuple[float, float]:
        if v[0] > v[1]:
            raise ValueError(f"the window must be [shortest, longest] minutes, got {list(v)}")
        return v

    @property
    def source(self) -> Path | None:
        """The file the guide was loaded from (``None`` when parsed from text)."""
        return self._source

    def iter_questions(self) -> Iterator[tuple[Area, Question]]:
        """Yield ``(area, question)`` pairs in guide order."""
        for area in self.areas:
            for q in area.questions:
                yield area, q

    def main_questions(self) -> list[Question]:
        """Questions that are not of kind ``probe``, in guide order."""
        return [q for _, q in self.iter_questions() if q.kind != "probe"]

    def question(self, question_id: str) -> Question:
        """The question with ``question_id``.

        Raises
        ------
        KeyError
            When no question has that id.
        """
        for _, q in self.iter_questions():
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def line_of(self, key: str) -> int | None:
        """Line in the source file of a question id or a top-level key (``None`` if unknown)."""
        return self._lines.get(key)


# ------------------------------------------------------------------ loading
_ALLOWED: dict[tuple[str, ...], type[BaseModel]] = {
    (): Guide, ("areas",): Area, ("areas", "questions"): Question, ("changes",): Change,
}


def _node_at(root: yaml.Node, loc: tuple[int | str, ...], *, key: bool = False) -> yaml.Node:
    """The deepest node of ``root`` along ``loc`` (the key node for the last step if ``key``)."""
    node = root
    for i, step in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, yaml.MappingNode):
            hit = [(k, v) for k, v in node.value if k.value == step]
            if not hit:
                return node
            node = hit[-1][0] if (last and key) else hit[-1][1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(node.value):
                return node
            node = node.value[step]
        else:
            return node
    return node


def _line(root: yaml.Node | None, loc: tuple[int | str, ...], *, key: bool = False) -> str | None:
    if root is None:
        return None
    return f"line {_node_at(root, loc, key=key).start_mark.line + 1}"


def _dotted(loc: tuple[int | str, ...]) -> str:
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "(top level)"


def _message(err: dict[str, Any]) -> str:
    loc: tuple[int | str, ...] = tuple(err["loc"])
    where = _dotted(loc)
    typ = err["type"]
    if typ == "extra_forbidden":
        model = _ALLOWED.get(tuple(s for s in loc[:-1] if isinstance(s, str)), Guide)
        allowed = ", ".join(model.model_fields)
        return f"unknown key '{loc[-1]}' in {_dotted(loc[:-1])}; allowed keys: {allowed}"
    if typ == "missing":
        return f"missing required key '{where}'"
    if loc == ("language",):
        return f"unknown language {err.get('input')!r}; allowed: en, sv"
    if loc and loc[-1] == "kind":
        return f"{where}: unknown kind {err.get('input')!r}; allowed: opening, key, closing, probe"
    if loc == ("version",) and typ == "string_type":
        return f"version must be text; quote it, e.g. version: \"{err.get('input')}\""
    if typ == "string_pattern_mismatch":
        return (f"{where}: {err.get('input')!r} is not a valid id; use a letter followed by "
                "letters, digits, '_', '.' or '-' (e.g. Q3, content)")
    got = err.get("input")
    shown = f" (got {got!r})" if not isinstance(got, dict | list) else ""
    return f"{where}: {err['msg']}{shown}"


def _check_duplicate_keys(node: yaml.Node, name: str, done: set[int] | None = None) -> None:
    done = set() if done is None else done
    if id(node) in done:  # an alias of a node already checked; keeps alias bombs linear
        return
    done.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for k, v in node.value:
            line = k.start_mark.line + 1
            if k.value in seen:
                raise DataError(
                    f"key '{k.value}' appears twice in one mapping (first on line "
                    f"{seen[k.value]}); each key may appear once",
                    file=name, location=f"line {line}",
                )
            seen[k.value] = line
            _check_duplicate_keys(v, name, done)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicate_keys(item, name, done)


def _cross_checks(guide: Guide, root: yaml.Node, name: str) -> dict[str, int]:
    """Duplicate ids and unknown research-question references; returns the line map."""
    lines: dict[str, int] = {}
    area_seen: dict[str, int] = {}
    q_seen: dict[str, int] = {}
    for i, area in enumerate(guide.areas):
        aline = _node_at(root, ("areas", i, "id")).start_mark.line + 1
        if area.id in area_seen:
            raise DataError(
                f"duplicate area id '{area.id}' (first used on line {area_seen[area.id]}); "
                "each area id must be unique", file=name, location=f"line {aline}")
        area_seen[area.id] = aline
        for rq_i, rq in enumerate(area.research_questions):
            if rq not in guide.research_questions:
                known = ", ".join(sorted(guide.research_questions)) or "none defined"
                raise DataError(
                    f"area '{area.id}' names research question '{rq}', which is not under "
                    f"research_questions (known: {known})",
                    file=name,
                    location=_line(root, ("areas", i, "research_questions", rq_i)))
        for j, q in enumerate(area.questions):
            qline = _node_at(root, ("areas", i, "questions", j, "id")).start_mark.line + 1
            if q.id in q_seen:
                raise DataError(
                    f"duplicate question id '{q.id}' (first used on line {q_seen[q.id]}); "
                    "each question id must be unique across the guide",
                    file=name, location=f"line {qline}")
            q_seen[q.id] = qline
    lines.update(q_seen)
    if isinstance(root, yaml.MappingNode):
        for k, _ in root.value:
            lines.setdefault(str(k.value), k.start_mark.line + 1)
    return lines


def parse_guide(text: str, *, name: str = "<guide>", source: Path | None = None) -> Guide:
    """Parse guide YAML text.

    Parameters
    ----------
    text : str
        The YAML document.
    name : str, default="<guide>"
        File name used in error messages.
    source : Path or None, default=None
        The file the text came from; ``previous`` is resolved against its folder.

    Returns
    -------
    Guide

    Raises
    ------
    DataError
        YAML syntax errors, duplicate keys, unknown keys, wrong types, unknown language or
        kind, duplicate area or question ids, unknown research-question ids; the error names
        ``name`` and the line.
    """
    try:
        loader = yaml.SafeLoader(text)
        try:
            # parse once: the node tree keeps the lines; the data is built from it (as safe_load)
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}" if mark is not None else None
        problem = exc.problem or str(exc)
        if "could not determine a constructor" in problem:
            problem += "; Python object tags are not allowed, use plain values"
        raise DataError(f"not valid YAML: {problem}", file=name, location=where) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise DataError(f"control character U+{exc.character:04X} is not allowed in YAML; "
                        "delete it", file=name, location=f"line {line}") from None
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML: {exc}", file=name) from None
    if not isinstance(data, dict) or root is None:
        raise DataError(
            "a guide must be a YAML mapping with keys version, language, title, "
            "planned_minutes and areas", file=name, location="line 1")
    _check_duplicate_keys(root, name)
    try:
        guide = Guide.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()

        def _order(e: Any) -> tuple[bool, int]:
            # a misspelt key also makes the real key "missing": report the unknown key first
            return (e["type"] != "extra_forbidden",
                    _node_at(root, tuple(e["loc"])).start_mark.line)

        first = min(errors, key=_order)
        loc = tuple(first["loc"])
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        raise DataError(_message(dict(first)) + more, file=name,
                        location=_line(root, loc, key=first["type"] == "extra_forbidden"),
                        ) from None
    lines = _cross_checks(guide, root, name)
    guide._source = source
    guide._lines = lines
    return guide


def load_guide(path: str | Path) -> Guide:
    """Read and validate the guide YAML at ``path``.

    Parameters
    ----------
    path : str or Path
        The guide file (UTF-8).

    Returns
    -------
    Guide

    Raises
    ------
    DataError
        Missing file, not UTF-8, or any problem listed in :func:`parse_guide`, naming the
        file and line.
    """
    p = Path(path)
    return parse_guide(read_text(p), name=str(p), source=p)


def load_previous(guide: Guide) -> Guide | None:
    """Load the guide's ``previous`` version, if it names one.

    Parameters
    ----------
    guide : Guide
        A guide loaded with :func:`load_guide`.

    Returns
    -------
    Guide or None
        ``None`` when ``previous`` is not set.

    Raises
    ------
    DataError
        When the previous file does not exist or is invalid; the message names the guide
        file and the line of ``previous``.
    """
    if guide.previous is None:
        return None
    base = guide.source.parent if guide.source is not None else Path()
    target = base / guide.previous
    if not target.is_file():
        line = guide.line_of("previous")
        raise DataError(
            f"previous guide '{guide.previous}' not found (looked for {target}); the path is "
            "relative to the guide file",
            file=str(guide.source) if guide.source else None,
            location=f"line {line}" if line else None)
    return load_guide(target)
