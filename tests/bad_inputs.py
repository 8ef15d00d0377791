"""The bad-input corpus: one mutation of the committed demo cohort per case.

Each :class:`Case` changes one file (or folder) of a fresh copy of ``examples/demo-cohort`` and
says which file the first error line must name and, where one applies, a regular expression for
the location (``row 3, column age``, ``line 12``, a key path). :data:`ACCEPTED` holds inputs
that look odd but are valid (byte-order marks, CRLF line ends, a real ``.xlsx`` workbook) and
must load unchanged.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

__all__ = ["ACCEPTED", "BAD", "Case"]

Mutation = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    """One input case.

    Attributes
    ----------
    id : str
        Test id.
    mutate : callable
        Changes the cohort folder in place (receives the folder of ``cohort.yaml``).
    file : str
        Text the first error line must contain to name the file (a file or folder name).
    location : str or None
        Regular expression the first error line must match, or None when no location applies
        (a missing or empty file).
    problems : int, default=1
        How many problems ``replicate validate`` lists (one mutation, one problem: a broken
        file must not also be reported as missing wherever it is referenced).
    says : str or None, default=None
        Regular expression for what the message must say (filled from :data:`_SAYS`).
    """

    id: str
    mutate: Mutation
    file: str
    location: str | None
    problems: int = 1
    says: str | None = None


# ------------------------------------------------------------------ helpers
def _replace(rel: str, old: str, new: str, *, count: int = 1) -> Mutation:
    """Replace ``old`` by ``new`` in a UTF-8 text file (``old`` must occur)."""

    def mutate(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        if old not in text:
            raise AssertionError(f"{old!r} not in {rel}")
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return mutate


def _replace_line(rel: str, start: str, new: str) -> Mutation:
    """Replace the one line that starts with ``start``."""

    def mutate(root: Path) -> None:
        path = root / rel
        lines = path.read_text(encoding="utf-8").split("\n")
        hits = [i for i, line in enumerate(lines) if line.startswith(start)]
        if len(hits) != 1:
            raise AssertionError(f"{len(hits)} lines of {rel} start with {start!r}")
        lines[hits[0]] = new
        path.write_text("\n".join(lines), encoding="utf-8")

    return mutate


def _latin1(rel: str, old: str, new: str) -> Mutation:
    """Replace ``old`` by ``new`` and re-save the file as Latin-1 (``new`` is non-ASCII)."""

    def mutate(root: Path) -> None:
        _replace(rel, old, new)(root)
        path = root / rel
        path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))

    return mutate


def _write(rel: str, content: bytes | str) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / rel
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)

    return mutate


def _delete(rel: str) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / rel
        if path.is_dir():
            for child in sorted(path.rglob("*"), reverse=True):
                if child.is_dir():
                    child.rmdir()
                else:
                    child.unlink()
            path.rmdir()
        else:
            path.unlink()

    return mutate


def _both(*mutations: Mutation) -> Mutation:
    def mutate(root: Path) -> None:
        for m in mutations:
            m(root)

    return mutate


def _read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _table(name: str) -> str:
    return f"tables/{name}.csv"


def _cell(name: str, row: int, column: str, value: str) -> Mutation:
    """Set a cell; ``row`` counts like a spreadsheet (the header is row 1)."""

    def mutate(root: Path) -> None:
        path = root / _table(name)
        rows = _read_rows(path)
        rows[row - 1][rows[0].index(column)] = value
        _write_rows(path, rows)

    return mutate


def _rows(name: str, edit: Callable[[list[list[str]]], list[list[str]]]) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / _table(name)
        _write_rows(path, edit(_read_rows(path)))

    return mutate


def _duplicate_row(name: str, row: int) -> Mutation:
    """Append a copy of spreadsheet row ``row``."""
    return _rows(name, lambda rows: [*rows, list(rows[row - 1])])


def _drop_column(name: str, column: str) -> Mutation:
    def edit(rows: list[list[str]]) -> list[list[str]]:
        i = rows[0].index(column)
        return [r[:i] + r[i + 1:] for r in rows]

    return _rows(name, edit)


def _add_column(name: str, column: str) -> Mutation:
    return _rows(name, lambda rows: [[*rows[0], column], *[[*r, "x"] for r in rows[1:]]])


def _semicolons(name: str) -> Mutation:
    """Re-save the table with ';' between cells (Excel's CSV in Swedish and other locales)."""

    def mutate(root: Path) -> None:
        path = root / _table(name)
        rows = _read_rows(path)
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, delimiter=";", lineterminator="\n").writerows(rows)

    return mutate


def _header_only(name: str) -> Mutation:
    return _rows(name, lambda rows: rows[:1])


def _mixed_cell(name: str, row: int, column: str) -> Mutation:
    """UTF-8 ('Åsa' in row 2) except one cell saved as Latin-1 ('Sjöström' in ``row``).

    A table wholly in Latin-1/cp1252 is read, with a note; one that mixes encodings is not.
    """

    def mutate(root: Path) -> None:
        _cell(name, 2, column, "Åsa")(root)
        _cell(name, row, column, "SjXstrXm")(root)
        path = root / _table(name)
        path.write_bytes(path.read_bytes().replace(b"SjXstrXm", "Sjöström".encode("latin-1")))

    return mutate


def _semicolon_excel(root: Path) -> None:
    """Every table as Swedish Excel saves CSV: ';' between cells, decimal comma, BOM, CRLF."""
    for rel in ALL_TABLES:
        path = root / rel
        rows = _read_rows(path)
        if rel.endswith("participants.csv"):
            j = rows[0].index("duration_min")
            for r in rows[1:]:
                r[j] = f"{float(r[j]):.1f}".replace(".", ",")
        buf = io.StringIO()
        csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(rows)
        path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))


def _utf16(root: Path) -> None:
    """Every table as UTF-16 with a byte-order mark (Excel's "Unicode Text" encoding)."""
    for rel in ALL_TABLES:
        path = root / rel
        path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))


def _to_xlsx_garbage(name: str) -> Mutation:
    """Point ``data.<name>`` at a ``.xlsx`` file holding garbage bytes."""
    return _both(
        _replace("cohort.yaml", f"{name}: tables/{name}.csv", f"{name}: tables/{name}.xlsx"),
        _write(f"tables/{name}.xlsx", b"PK\x03\x04 this is not a spreadsheet \x00\xff" * 8),
    )


def _to_xlsx_zip_without_workbook(name: str) -> Mutation:
    """A valid ZIP archive with a ``.xlsx`` suffix but no workbook inside."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    return _both(
        _replace("cohort.yaml", f"{name}: tables/{name}.csv", f"{name}: tables/{name}.xlsx"),
        _write(f"tables/{name}.xlsx", buf.getvalue()),
    )


def _alias_bomb(levels: int = 9) -> str:
    """A YAML flow sequence whose aliases expand to 9**levels strings ("billion laughs")."""
    parts = ["&b0 [" + ", ".join(["lol"] * 9) + "]"]
    parts += [f"&b{i} [" + ", ".join([f"*b{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "[" + ", ".join(parts) + "]"


def _students_to_xlsx(root: Path) -> None:
    """Save students.csv as a real workbook, with ages and meeting counts as numbers."""
    from openpyxl import Workbook

    rows = _read_rows(root / _table("students"))
    numeric = {rows[0].index("age"), rows[0].index("meetings")}
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.append(rows[0])
    for row in rows[1:]:
        sheet.append([int(v) if i in numeric else v for i, v in enumerate(row)])
    wb.save(root / "tables" / "students.xlsx")
    _replace(CFG, "students: tables/students.csv", "students: tables/students.xlsx")(root)


def _to_bom_crlf(*rels: str, bom: bool = True, crlf: bool = True) -> Mutation:
    """Re-save text files (or every file in a folder) with a UTF-8 BOM and/or CRLF line ends."""

    def mutate(root: Path) -> None:
        for rel in rels:
            target = root / rel
            files = sorted(p for p in target.iterdir()) if target.is_dir() else [target]
            for path in files:
                text = path.read_bytes().decode("utf-8-sig")  # idempotent: at most one BOM
                if crlf:
                    text = text.replace("\r\n", "\n").replace("\n", "\r\n")
                path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))

    return mutate


CFG = "cohort.yaml"
GUIDE = "guide/guide.yaml"
ROW = r"row \d+, column "
LINE = r"line \d+"
ALL_TABLES = tuple(_table(n) for n in
                   ("students", "mentors", "participants", "codebook", "units", "codings"))

# ------------------------------------------------------------------ the config
_CONFIG = [
    Case("config-empty", _write(CFG, ""), CFG, None),
    Case("config-only-a-comment", _write(CFG, "# nothing here\n"), CFG, None),
    Case("config-top-level-list", _write(CFG, "- study\n- data\n"), CFG, None),
    Case("config-not-utf8", _latin1(CFG, "Synthetic Medical School", "Skövde"), CFG, r"line 10"),
    Case("config-control-character", _replace(CFG, 'school: "Synthetic', 'school: "Synth\x00etic'),
         CFG, r"line 10"),
    Case("config-yaml-syntax", _replace(CFG, "planned_minutes: [40, 50]}",
                                        "planned_minutes: [40, 50]"), CFG, LINE),
    Case("config-tab-indent", _replace(CFG, "  id: demo", "\tid: demo"), CFG, LINE),
    Case("config-python-object-tag",
         _replace(CFG, "seed: 2012", "seed: !!python/object/apply:os.system ['echo owned']"),
         CFG, LINE),
    Case("config-python-name-tag",
         _replace(CFG, "  school:", "  school: !!python/name:os.system\n  x_school:"),
         CFG, LINE),
    Case("config-unknown-top-key", _replace(CFG, "seed: 2012", "seed: 2012\nreport_style: dark"),
         CFG, r"line \d+, report_style"),
    Case("config-unknown-nested-key",
         _replace(CFG, "  min_meetings: 3\n", "  min_meeting: 3\n"),
         CFG, r"line \d+, sampling\.min_meeting"),
    Case("config-missing-section", _replace(CFG, "programme:\n", "programm:\n"),
         CFG, r"line \d+, programm\b", problems=2),
    Case("config-wrong-type", _replace(CFG, "students_offered: 122", "students_offered: many"),
         CFG, r"line \d+, programme\.students_offered"),
    Case("config-wrong-type-list", _replace(CFG, "meetings_per_semester: [1, 3]",
                                            "meetings_per_semester: 2"),
         CFG, r"line \d+, programme\.meetings_per_semester"),
    Case("config-negative-seed", _replace(CFG, "seed: 2012", "seed: -1"), CFG, r"line \d+, seed"),
    Case("config-unknown-language", _replace(CFG, "  language: en", "  language: de"),
         CFG, r"line \d+, study\.language"),
    Case("config-study-id-path", _replace(CFG, "  id: demo", "  id: ../../etc"),
         CFG, r"line \d+, study\.id"),
    Case("config-huge-target-n", _replace(CFG, "target_n: 12", f"target_n: {10**30}"),
         CFG, r"line \d+, sampling"),
    Case("config-infinite-minutes", _replace(CFG, "planned_minutes: [40, 50]",
                                             "planned_minutes: [40, .inf]"),
         CFG, r"line \d+, guide\.planned_minutes"),
    Case("config-nan-fraction", _replace(CFG, "double_coded_fraction: 0.2",
                                         "double_coded_fraction: .nan"),
         CFG, r"line \d+, reliability\.double_coded_fraction"),
    Case("config-duplicate-key", _replace(CFG, "seed: 2012", "seed: 2012\nseed: 7"),
         CFG, r"line \d+"),
    Case("config-yaml-alias-bomb", _replace(CFG, "synthesis: {attributes: [doctor_in_family]}",
                                            f"synthesis: {{attributes: {_alias_bomb()}}}"),
         CFG, r"line \d+, synthesis\.attributes", problems=9),
    Case("config-data-path-wrong-type", _replace(CFG, "  mentors: tables/mentors.csv",
                                                 "  mentors: [tables/mentors.csv]"),
         CFG, r"line \d+, data\.mentors"),
]

# ------------------------------------------------------------------ the tables
_STUDENTS = [
    Case("students-missing-file", _delete(_table("students")), "students.csv",
         r"data\.students"),
    Case("students-empty-file", _write(_table("students"), ""), "students.csv",
         r"data\.students"),
    Case("students-header-only", _header_only("students"), "students.csv", None),
    Case("students-is-a-folder", _both(_delete(_table("students")),
                                       lambda root: (root / _table("students")).mkdir()),
         "students.csv", r"data\.students"),
    Case("students-unsupported-suffix", _both(
        _replace(CFG, "students: tables/students.csv", "students: tables/students.txt"),
        lambda root: (root / _table("students")).rename(root / "tables" / "students.txt")),
         "students.txt", r"data\.students"),
    Case("students-age-not-a-number", _cell("students", 4, "age", "twenty"), "students.csv",
         r"row 4, column age"),
    Case("students-age-huge-integer", _cell("students", 5, "age", str(10**30)), "students.csv",
         r"row 5, column age"),
    Case("students-age-not-whole", _cell("students", 2, "age", "23.5"), "students.csv",
         r"row 2, column age"),
    Case("students-age-infinite", _cell("students", 2, "age", "inf"), "students.csv",
         r"row 2, column age"),
    Case("students-meetings-negative", _cell("students", 3, "meetings", "-2"), "students.csv",
         r"row 3, column meetings"),
    Case("students-gender-not-allowed", _cell("students", 6, "gender", "f"), "students.csv",
         r"row 6, column gender"),
    Case("students-bool-not-bool", _cell("students", 2, "consent_to_contact", "maybe"),
         "students.csv", r"row 2, column consent_to_contact"),
    Case("students-bad-date", _cell("students", 7, "programme_end", "2025-13-45"),
         "students.csv", r"row 7, column programme_end"),
    Case("students-required-cell-empty", _cell("students", 8, "course", ""), "students.csv",
         r"row 8, column course"),
    Case("students-duplicate-id", _duplicate_row("students", 3), "students.csv",
         r"row 124, column student_id"),
    Case("students-unknown-column", _add_column("students", "shoe_size"), "students.csv",
         r"row 1"),
    Case("students-missing-column", _drop_column("students", "gender"), "students.csv",
         r"row 1"),
    Case("students-duplicate-column", _rows("students", lambda r: [
        [*r[0][:-1], "age"], *r[1:]]), "students.csv", r"row 1"),
    Case("students-enormous-cell", _cell("students", 2, "name", "x" * 200_000), "students.csv",
         r"row 2, column name"),
    Case("students-mixed-encoding", _mixed_cell("students", 3, "name"), "students.csv",
         r"line 3"),
    Case("students-utf16-without-bom", lambda root: (root / _table("students")).write_bytes(
        (root / _table("students")).read_text(encoding="utf-8").encode("utf-16-le")),
         "students.csv", r"line 1"),
    Case("students-unclosed-quote", _replace(_table("students"), "S010,", 'S010,"'),
         "students.csv", r"row 11\b"),
    Case("students-too-many-fields", _replace(_table("students"), "S004,", "S004,extra,"),
         "students.csv", r"row 5\b"),
    Case("students-blank-header-column", _rows("students", lambda rows: [
        [*r, ""] for r in rows]), "students.csv", r"row 1\b"),
    Case("students-unknown-mentor", _cell("students", 2, "mentor_id", "M999"), "students.csv",
         r"row 2, column mentor_id"),
    Case("students-xlsx-garbage", _to_xlsx_garbage("students"), "students.xlsx",
         r"data\.students"),
    Case("students-xlsx-zip-without-workbook", _to_xlsx_zip_without_workbook("students"),
         "students.xlsx", r"data\.students"),
]

_MENTORS = [
    Case("mentors-empty-file", _write(_table("mentors"), "\n\n"), "mentors.csv",
         r"data\.mentors"),
    Case("mentors-duplicate-id", _duplicate_row("mentors", 2), "mentors.csv",
         r"row 92, column mentor_id"),
    Case("mentors-age-wrong-type", _cell("mentors", 3, "age", "forty"), "mentors.csv",
         r"row 3, column age"),
]

_PARTICIPANTS = [
    Case("participants-missing-transcript", _cell("participants", 3, "transcript", "Z.txt"),
         "participants.csv", r"row 3, column transcript"),
    Case("participants-unknown-student", _cell("participants", 2, "student_id", "S999"),
         "participants.csv", r"row 2, column student_id"),
    Case("participants-duplicate-pseudonym", _cell("participants", 3, "pseudonym", "A"),
         "participants.csv", r"row 3, column pseudonym"),
    Case("participants-duration-wrong-type", _cell("participants", 4, "duration_min", "long"),
         "participants.csv", r"row 4, column duration_min"),
    Case("participants-empty-file", _write(_table("participants"), ""), "participants.csv",
         r"data\.participants"),
]

_CODEBOOK = [
    Case("codebook-empty-file", _write(_table("codebook"), ""), "codebook.csv",
         r"data\.codebook"),
    Case("codebook-duplicate-code", _duplicate_row("codebook", 2), "codebook.csv",
         r"row 42, column code"),
    Case("codebook-missing-theme-column", _drop_column("codebook", "theme"), "codebook.csv",
         r"row 1"),
    Case("codebook-loop", _rows("codebook", lambda rows: [
        *rows, ["loop one", "X", "Y", "Space", ""], ["loop two", "Y", "X", "Space", ""]]),
         "codebook.csv", r"row 4[23]"),
    Case("codebook-subcategory-in-two-categories", _rows("codebook", lambda rows: [
        *rows, ["stray code", rows[1][1], "Another category", "Space", ""]]),
         "codebook.csv", r"row 42, column category"),
    Case("codebook-mixed-encoding", _mixed_cell("codebook", 5, "description"), "codebook.csv",
         r"line 5"),
]

_UNITS = [
    Case("units-unknown-participant", _cell("units", 3, "participant", "Z"), "units.csv",
         r"row 3, column participant"),
    Case("units-code-not-in-codebook", _cell("units", 4, "code", "no such code"), "units.csv",
         r"row 4, column code"),
    Case("units-unknown-transcript", _cell("units", 2, "transcript", "Q.txt"), "units.csv",
         r"row 2, column transcript"),
    Case("units-offset-beyond-end", _cell("units", 2, "end", "1000000"), "units.csv",
         r"row 2, column end"),
    Case("units-end-before-start", _cell("units", 2, "end", "10"), "units.csv",
         r"row 2, column end"),
    Case("units-start-huge-integer", _cell("units", 2, "start", str(10**30)), "units.csv",
         r"row 2, column start"),
    Case("units-duplicate-id", _duplicate_row("units", 2), "units.csv",
         r"row 450, column unit_id"),
    Case("units-enormous-text", _cell("units", 7, "text", "word " * 40_000), "units.csv",
         r"row 7, column text"),
]

_CODINGS = [
    Case("codings-code-not-in-codebook", _cell("codings", 3, "code", "made up"), "codings.csv",
         r"row 3, column code"),
    Case("codings-unknown-unit", _cell("codings", 2, "unit_id", "U9999"), "codings.csv",
         r"row 2, column unit_id"),
    Case("codings-duplicate-unit-and-coder", _duplicate_row("codings", 2), "codings.csv",
         r"row 180, column unit_id"),
    Case("codings-empty-unit-twice", _rows("codings", lambda rows: [
        *rows, ["", "SK", rows[1][2]], ["", "SK", rows[1][2]]]), "codings.csv",
         r"row 180, column unit_id", problems=2),
]

# ------------------------------------------------------------------ transcripts and folders
_TRANSCRIPTS = [
    Case("transcript-empty", _write("transcripts/B.txt", ""), "B.txt", None),
    Case("transcript-no-speaker-tags",
         _write("transcripts/C.txt", "# participant: C\nWe talked about the ward.\n"),
         "C.txt", r"line 2"),
    Case("transcript-not-utf8", _write("transcripts/D.txt",
                                       "# participant: D\nI: Hej\nP: Sjöström\n"
                                       .encode("latin-1")), "D.txt", r"line 3"),
    Case("transcript-is-a-folder", _both(_delete("transcripts/E.txt"),
                                         lambda root: (root / "transcripts/E.txt").mkdir()),
         "E.txt", None),
    Case("transcripts-folder-missing", _delete("transcripts"), "transcripts",
         r"data\.transcripts"),
    Case("transcripts-folder-without-txt", _both(
        *[_delete(f"transcripts/{c}.txt") for c in "ABCDEFGHIJKL"]), "transcripts",
         r"data\.transcripts"),
    Case("data-folder-missing", _delete("tables"), "students.csv", r"data\.students",
         problems=6),
    Case("pilot-no-speaker-tags", _write("pilots/pilot-2.txt", "just some notes\n"),
         "pilot-2.txt", r"line 1"),
    Case("pilot-no-interviewer-turns", _write("pilots/pilot-2.txt", "P: I talked.\nP: More.\n"),
         "pilot-2.txt", None),
    Case("pilot-unknown-question-tag", _replace("pilots/pilot-1.txt", "] I: So, to begin with",
                                                "] I: [Q99] So, to begin with"),
         "pilot-1.txt", r"line 13"),
    Case("pilots-folder-missing", _delete("pilots"), "pilots", r"data\.pilots"),
]

# ------------------------------------------------------------------ the interview guide
_GUIDE = [
    Case("guide-missing-file", _delete(GUIDE), "guide.yaml", r"data\.guide"),
    Case("guide-empty", _write(GUIDE, ""), "guide.yaml", r"line 1"),
    Case("guide-not-utf8", _write(GUIDE, "version: '1'\ntitle: Intervjuguide f\xf6r\n"
                                  .encode("latin-1")), "guide.yaml", r"line 2"),
    Case("guide-control-character", _replace(GUIDE, "title: 'Interview", "title: 'Inter\x07view"),
         "guide.yaml", r"line 9"),
    Case("guide-yaml-syntax", _replace(GUIDE, "planned_minutes:\n", "planned_minutes: [\n"),
         "guide.yaml", LINE),
    Case("guide-python-object-tag", _replace(GUIDE, "title: 'Interview",
                                             "title: !!python/object/apply:os.system ['id']\n"
                                             "x_title: 'Interview"), "guide.yaml", LINE),
    Case("guide-duplicate-question-id", _replace(GUIDE, "  - id: Q5\n", "  - id: Q4\n"),
         "guide.yaml", r"line 52"),
    Case("guide-unknown-language", _replace(GUIDE, "language: en", "language: de"),
         "guide.yaml", r"line 8"),
    Case("guide-unknown-key", _replace(GUIDE, "language: en", "language: en\nauthor: me"),
         "guide.yaml", r"line 9"),
    Case("guide-unknown-question-kind", _replace(GUIDE, "kind: opening", "kind: warmup"),
         "guide.yaml", LINE),
    Case("guide-wrong-type", _replace(GUIDE, "planned_minutes:\n- 40\n- 50",
                                      "planned_minutes: forty"), "guide.yaml", r"line 10"),
    Case("guide-infinite-minutes", _replace(GUIDE, "- 40\n- 50", "- 40\n- .inf"),
         "guide.yaml", LINE),
    Case("guide-unknown-research-question", _replace(GUIDE, "  - RQ1\n", "  - RQ9\n"),
         "guide.yaml", LINE),
    Case("guide-duplicate-key", _replace(GUIDE, "language: en", "language: en\nlanguage: sv"),
         "guide.yaml", r"line 9"),
    Case("guide-yaml-alias-bomb", _replace_line(GUIDE, "title: ", f"title: {_alias_bomb()}"),
         "guide.yaml", r"line 9"),
    Case("guide-top-level-list", _write(GUIDE, "- Q1\n- Q2\n"), "guide.yaml", r"line 1"),
    Case("guide-previous-missing", _delete("guide/guide_v1.0.yaml"), "guide.yaml", r"line 106"),
    Case("guide-previous-invalid", _write("guide/guide_v1.0.yaml", "version: [\n"),
         "guide_v1.0.yaml", LINE),
]

_TAGS = r"Python object tags are not allowed"
_SAYS = {
    "config-empty": r"the file is empty; expected a mapping",
    "config-only-a-comment": r"the file is empty; expected a mapping",
    "config-top-level-list": r"the file is a list; expected a mapping",
    "config-not-utf8": r"not valid UTF-8",
    "config-control-character": r"control character U\+0000 is not allowed in YAML",
    "config-yaml-syntax": r"YAML error: expected ',' or '}'",
    "config-tab-indent": r"YAML error: found character '\\t'",
    "config-python-object-tag": _TAGS,
    "config-python-name-tag": _TAGS,
    "config-unknown-top-key": r"unknown key 'report_style'; allowed keys here: study, programme",
    "config-unknown-nested-key": r"unknown key 'min_meeting'; allowed keys here: min_meetings",
    "config-missing-section": r"unknown key 'programm'; allowed keys here: study, programme",
    "config-wrong-type": r"valid integer.*\(given 'many'\)",
    "config-wrong-type-list": r"valid tuple \(given 2\)",
    "config-negative-seed": r"greater than or equal to 0 \(given -1\)",
    "config-unknown-language": r"'en' or 'sv' \(given 'de'\)",
    "config-study-id-path": r"should match pattern .*\(given '\.\./\.\./etc'\)",
    "config-huge-target-n": r"target_n \(10{30}\) exceeds programme\.students_offered \(122\)",
    "config-infinite-minutes": r"finite number \(given inf\)",
    "config-nan-fraction": r"finite number \(given nan\)",
    "config-duplicate-key": r"key 'seed' appears twice .*first on line \d+",
    "config-yaml-alias-bomb": r"valid string \(given list\)",
    "config-data-path-wrong-type": r"valid string \(given list\)",
    "students-missing-file": r"file not found",
    "students-empty-file": r"the file is empty; expected a header row",
    "students-header-only": r"a header but no rows",
    "students-is-a-folder": r"is a folder; expected a \.csv or \.xlsx file",
    "students-unsupported-suffix": r"unsupported file type '\.txt'; allowed: \.csv, \.xlsx",
    "students-age-not-a-number": r"'twenty' is not a whole number",
    "students-age-huge-integer": r"10{30} is above the maximum 90",
    "students-age-not-whole": r"'23\.5' is not a whole number",
    "students-age-infinite": r"'inf' is not a finite number",
    "students-meetings-negative": r"-2 is below the minimum 0",
    "students-gender-not-allowed": r"'f' is not allowed; allowed: female, male, other",
    "students-bool-not-bool": r"'maybe' is not true/false",
    "students-bad-date": r"'2025-13-45' is not a date; write YYYY-MM-DD",
    "students-required-cell-empty": r"empty cell; column 'course' is required",
    "students-duplicate-id": r"duplicate student_id 'S002' \(first at row 3\)",
    "students-unknown-column": r"unknown column 'shoe_size'; allowed: student_id",
    "students-missing-column": r"required column 'gender' is missing",
    "students-duplicate-column": r"column 'age' appears more than once",
    "students-enormous-cell": r"value has 200000 characters; at most 100000 allowed",
    "students-mixed-encoding": r"not valid UTF-8: the file mixes UTF-8 with other bytes",
    "students-utf16-without-bom": r"not valid UTF-8: the file holds NUL bytes",
    "students-unclosed-quote": r"a quoted cell is never closed",
    "students-too-many-fields": r"13 cells but the header has 12",
    "students-blank-header-column": r"column 13 has no header; allowed: student_id",
    "students-unknown-mentor": r"'M999' is not a mentor_id in the mentors table",
    "students-xlsx-garbage": r"cannot read the spreadsheet .*valid \.xlsx file",
    "students-xlsx-zip-without-workbook": r"cannot read the spreadsheet .*valid \.xlsx file",
    "mentors-empty-file": r"the file is empty; expected a header row",
    "mentors-duplicate-id": r"duplicate mentor_id 'M001' \(first at row 2\)",
    "mentors-age-wrong-type": r"'forty' is not a whole number",
    "participants-missing-transcript": r"transcript 'Z\.txt' is not in the transcripts folder",
    "participants-unknown-student": r"'S999' is not a student_id in the students table",
    "participants-duplicate-pseudonym": r"duplicate pseudonym 'A' \(first at row 2\)",
    "participants-duration-wrong-type": r"'long' is not a number",
    "participants-empty-file": r"the file is empty",
    "codebook-empty-file": r"the file is empty",
    "codebook-duplicate-code": r"duplicate code '.+' \(first at row 2\)",
    "codebook-missing-theme-column": r"required column 'theme' is missing",
    "codebook-loop": r"loops back on itself \(X → Y → X\)",
    "codebook-subcategory-in-two-categories": r"each subcategory must belong to one category",
    "codebook-mixed-encoding": r"not valid UTF-8",
    "units-unknown-participant": r"'Z' is not a pseudonym in the participants table",
    "units-code-not-in-codebook": r"'no such code' is not a code in the codebook table",
    "units-unknown-transcript": r"transcript 'Q\.txt' is not in the transcripts folder",
    "units-offset-beyond-end": r"offsets 2461–1000000 are outside the transcript",
    "units-end-before-start": r"offsets 2461–10 .* end before start",
    "units-start-huge-integer": r"10{30} is too large; whole numbers up to \d+ are allowed",
    "units-duplicate-id": r"duplicate unit_id 'U0001'",
    "units-enormous-text": r"at most 100000 allowed",
    "codings-code-not-in-codebook": r"'made up' is not a code in the codebook table",
    "codings-unknown-unit": r"'U9999' is not a unit_id in the units table",
    "codings-duplicate-unit-and-coder": r"duplicate unit_id/coder 'U0005, CS'",
    "codings-empty-unit-twice": r"empty cell; column 'unit_id' is required",
    "transcript-empty": r"no speaker-tagged turns found",
    "transcript-no-speaker-tags": r"text before any speaker tag",
    "transcript-not-utf8": r"not valid UTF-8 \(byte 0xf6\)",
    "transcript-is-a-folder": r"is a folder",
    "transcripts-folder-missing": r"folder not found",
    "transcripts-folder-without-txt": r"no \.txt transcripts in the folder",
    "data-folder-missing": r"file not found",
    "pilot-no-speaker-tags": r"text before any speaker tag",
    "pilot-no-interviewer-turns": r"no interviewer turns",
    "pilot-unknown-question-tag": r"tag \[Q99\] names no question of guide version 1\.1",
    "pilots-folder-missing": r"folder not found",
    "guide-missing-file": r"file not found",
    "guide-empty": r"a guide must be a YAML mapping",
    "guide-not-utf8": r"not valid UTF-8",
    "guide-control-character": r"control character U\+0007 is not allowed in YAML",
    "guide-yaml-syntax": r"not valid YAML",
    "guide-python-object-tag": _TAGS,
    "guide-duplicate-question-id": r"duplicate question id 'Q4' \(first used on line 46\)",
    "guide-unknown-language": r"unknown language 'de'; allowed: en, sv",
    "guide-unknown-key": r"unknown key 'author' .*allowed keys: version",
    "guide-unknown-question-kind": r"unknown kind 'warmup'; allowed: opening, key",
    "guide-wrong-type": r"planned_minutes: .*valid tuple",
    "guide-infinite-minutes": r"finite number",
    "guide-unknown-research-question": r"research question 'RQ9'.*known: RQ1",
    "guide-duplicate-key": r"key 'language' appears twice .*first on line 8",
    "guide-yaml-alias-bomb": r"title: Input should be a valid string",
    "guide-top-level-list": r"a guide must be a YAML mapping",
    "guide-previous-missing": r"previous guide 'guide_v1\.0\.yaml' not found",
    "guide-previous-invalid": r"not valid YAML",
}

_ALL = [*_CONFIG, *_STUDENTS, *_MENTORS, *_PARTICIPANTS, *_CODEBOOK, *_UNITS, *_CODINGS,
        *_TRANSCRIPTS, *_GUIDE]
if {c.id for c in _ALL} != set(_SAYS):
    raise AssertionError(f"cases without _SAYS: {sorted({c.id for c in _ALL} ^ set(_SAYS))}")
BAD: list[Case] = [replace(c, says=_SAYS[c.id]) for c in _ALL]

ACCEPTED: list[Case] = [
    Case("config-bom-crlf", _to_bom_crlf(CFG), CFG, None),
    Case("tables-bom-crlf", _to_bom_crlf(*ALL_TABLES), "tables", None),
    Case("students-real-xlsx", _students_to_xlsx, "tables", None),
    Case("tables-swedish-excel-csv", _semicolon_excel, "tables", None),
    Case("tables-utf16", _utf16, "tables", None),
    Case("tables-bom-only", _to_bom_crlf(*ALL_TABLES, crlf=False), "tables", None),
    Case("transcripts-bom-crlf", _to_bom_crlf("transcripts", "pilots"), "transcripts", None),
    Case("guide-bom-crlf", _to_bom_crlf("guide"), "guide", None),
]
