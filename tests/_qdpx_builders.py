"""Builders of small REFI-QDA projects for the qdpx tests (not a test module)."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

NS = "urn:QDA-XML:project:1.0"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "reference-data" / "qdpx"
# The MIT-licensed hand-authored sample is copied into the repository (tests/data/reference);
# the AGPL NVivo export is only read from the shared reference folder when it is present.
HAND = Path(__file__).resolve().parent / "data" / "reference" / "qdpx" / "refi-hand-authored"
NVIVO = SHARED / "nvivo15-mac-codebook" / "nvivo_project.qdpx"


def guid(kind: int, n: int) -> str:
    """A readable, schema-valid GUID: kind in the first group, a number in the last."""
    return f"{kind:08x}-0000-4000-8000-{n:012x}"


USER_A, USER_B, USER_C = guid(1, 1), guid(1, 2), guid(1, 3)
CODES = {"x": guid(2, 1), "y": guid(2, 2), "z": guid(2, 3)}
SOURCE = guid(4, 1)


def codebook_xml(codes: dict[str, str] = CODES) -> str:
    """Theme > Category > Subcategory > codes (the default four levels)."""
    leaves = "".join(f'<Code guid="{g}" name="{n}" isCodable="true"/>' for n, g in codes.items())
    return (f'<CodeBook><Codes><Code guid="{guid(3, 1)}" name="Theme" isCodable="false">'
            f'<Code guid="{guid(3, 2)}" name="Category" isCodable="false">'
            f'<Code guid="{guid(3, 3)}" name="Sub" isCodable="false">{leaves}</Code></Code>'
            "</Code></Codes></CodeBook>")


@dataclass
class Sel:
    """A PlainTextSelection: positions, codings as (user GUID or None, code name)."""

    start: int
    end: int
    codings: Sequence[tuple[str | None, str]]
    name: str = ""
    description: str = ""
    guid: str = ""


@dataclass
class Project:
    """A one-source project; ``xml()`` renders project.qde."""

    text: str
    selections: list[Sel] = field(default_factory=list)
    users: Sequence[tuple[str, str, str]] = ((USER_A, "Anna", "AA"), (USER_B, "Bert", "BB"))
    origin: str = "test builder"
    source_name: str = "Interview 1.txt"
    cases: str = ""
    variables: str = ""
    text_path: str = f"internal://{SOURCE}.txt"

    def xml(self, *, xmlns: str = f' xmlns="{NS}"') -> str:
        users = "".join(f'<User guid="{g}" name="{n}" id="{i}"/>' for g, n, i in self.users)
        sels = []
        for k, s in enumerate(self.selections, start=1):
            cods = "".join(
                f'<Coding guid="{guid(6, 100 * k + j)}"'
                + (f' creatingUser="{u}"' if u else "")
                + f'><CodeRef targetGUID="{CODES[c]}"/></Coding>'
                for j, (u, c) in enumerate(s.codings))
            desc = f"<Description>{s.description}</Description>" if s.description else ""
            sels.append(f'<PlainTextSelection guid="{s.guid or guid(5, k)}" '
                        f'name={quoteattr(s.name)} startPosition="{s.start}" '
                        f'endPosition="{s.end}">{desc}{cods}</PlainTextSelection>')
        return (f'<?xml version="1.0" encoding="utf-8"?>\n<Project{xmlns} name="Test" '
                f'origin="{self.origin}"><Users>{users}</Users>{codebook_xml()}'
                f"{self.variables}{self.cases}<Sources>"
                f'<TextSource guid="{SOURCE}" name="{self.source_name}" '
                f'plainTextPath="{self.text_path}">{"".join(sels)}</TextSource>'
                "</Sources></Project>")

    def files(self, *, newline: str = "\n") -> dict[str, bytes]:
        return {f"sources/{SOURCE}.txt": self.text.replace("\n", newline).encode("utf-8")}


def write_zip(path: Path, qde: str | bytes, files: dict[str, bytes], *,
              qde_name: str = "project.qde") -> Path:
    """Write a .qdpx archive holding ``qde`` and ``files``."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(qde_name, qde if isinstance(qde, bytes) else qde.encode("utf-8"))
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def span(text: str, piece: str) -> tuple[int, int]:
    """Exclusive (start, end) of the first occurrence of ``piece``."""
    start = text.index(piece)
    return start, start + len(piece)


def span_in(unit: str, text: str, piece: str) -> tuple[int, int]:
    """:func:`span` counted in ``unit``: ``"utf-16"`` code units or ``"utf-8"`` bytes."""
    start, end = span(text, piece)
    codec = "utf-16-le" if unit == "utf-16" else "utf-8"
    width = 2 if unit == "utf-16" else 1
    return (len(text[:start].encode(codec)) // width, len(text[:end].encode(codec)) // width)


TWO_CODER_LINES = [f"P: Statement number {k} is said here." for k in range(1, 12)]
TWO_CODER_TEXT = "I: Tell me.\n" + "\n".join(TWO_CODER_LINES) + "\n"
# Coder A and coder B code the same ten units; they disagree on units 5 and 10.
CODES_A = ["x", "x", "x", "x", "x", "y", "y", "y", "y", "y"]
CODES_B = ["x", "x", "x", "x", "y", "y", "y", "y", "y", "x"]


def two_coder_project() -> Project:
    """Ten units double-coded in separate selections, plus one unit coded by A only."""
    sels = []
    for k, line in enumerate(TWO_CODER_LINES[:10]):
        s, e = span(TWO_CODER_TEXT, line[3:])
        sels.append(Sel(s, e, [(USER_A, CODES_A[k])], name=line[3:]))
        sels.append(Sel(s, e, [(USER_B, CODES_B[k])], name=line[3:]))
    s, e = span(TWO_CODER_TEXT, TWO_CODER_LINES[10][3:])
    sels.append(Sel(s, e, [(USER_A, "z")], name=TWO_CODER_LINES[10][3:]))
    return Project(TWO_CODER_TEXT, sels)
