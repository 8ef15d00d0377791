"""Column schemas of the input tables: the one source of truth.

The loader (:mod:`replicate.tables`), the data templates in ``data-templates/`` and the data
dictionary (``docs/data-dictionary.md``) are all generated from :data:`TABLES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["TABLES", "Column", "TableSchema"]

Kind = Literal["str", "int", "float", "bool", "date", "category"]


@dataclass(frozen=True)
class Column:
    """One column of an input table.

    Parameters
    ----------
    name : str
        Column header as written in the CSV/XLSX file.
    kind : {"str", "int", "float", "bool", "date", "category"}
        Value type. ``category`` values must be in ``allowed``.
    required : bool
        Whether the column must be present and every cell filled.
    meaning : str
        One sentence for the data dictionary.
    allowed : tuple of str, default=()
        Allowed values for ``category`` columns.
    minimum, maximum : float or None
        Inclusive bounds for numbers.
    identifying : bool, default=False
        The column identifies a person; its values never reach an output.
    example : str
        Value used in the template's example row.
    blank_if_unused : bool, default=False
        A required column whose cells may be blank in rows no stage uses (see
        :func:`replicate.tables.students_in_use`): such blanks are a note with their count,
        not an error.
    """

    name: str
    kind: Kind
    required: bool
    meaning: str
    example: str
    allowed: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    identifying: bool = False
    blank_if_unused: bool = False


@dataclass(frozen=True)
class TableSchema:
    """An input table: its columns, key and free-text columns."""

    name: str
    meaning: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    free_text: tuple[str, ...] = field(default=())
    extra_columns_allowed: bool = False

    @property
    def column_names(self) -> tuple[str, ...]:
        """Names of the declared columns in order."""
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


GENDERS = ("female", "male", "other")
YES_NO = ("true", "false")

STUDENTS = TableSchema(
    name="students",
    meaning="Every student offered a mentor (the cohort the sample is drawn from).",
    key=("student_id",),
    columns=(
        Column("student_id", "str", True, "Internal student id; never shown in a report.", "S001",
               identifying=True),
        Column("name", "str", False, "Student's name, used only to scan outputs for leaks.",
               "Anna Example", identifying=True),
        Column("email", "str", False, "E-mail address, used only to scan outputs for leaks.",
               "anna@example.org", identifying=True),
        Column("course", "str", True, "Course or intake the student belonged to.", "Course 1"),
        Column("gender", "category", True, "Student gender.", "female", allowed=GENDERS),
        Column("age", "int", True, "Age in years at the interview window.", "27",
               minimum=16, maximum=90, blank_if_unused=True),
        Column("mentor_id", "str", True, "The student's mentor (a mentor_id in mentors).", "M001"),
        Column("meetings", "int", True, "Number of mentor meetings the student had.", "5",
               minimum=0, maximum=200),
        Column("consent_to_contact", "bool", True, "Student agreed to be contacted for research.",
               "true"),
        Column("status", "category", True, "Programme status.", "completed",
               allowed=("active", "completed", "withdrawn")),
        Column("pilot", "bool", False, "Took part in a pilot interview (excluded from the sample).",
               "false"),
        Column("programme_end", "date", False, "Date the student's mentorship ended (YYYY-MM-DD).",
               "2025-06-15"),
    ),
)

MENTORS = TableSchema(
    name="mentors",
    meaning="The physician mentors.",
    key=("mentor_id",),
    columns=(
        Column("mentor_id", "str", True, "Mentor id.", "M001", identifying=True),
        Column("name", "str", False, "Mentor's name, used only to scan outputs for leaks.",
               "Dr Example", identifying=True),
        Column("gender", "category", True, "Mentor gender.", "male", allowed=GENDERS),
        Column("age", "int", True, "Mentor age in years.", "45", minimum=20, maximum=100),
        Column("specialty", "str", False, "Clinical specialty.", "Surgery"),
    ),
)

PARTICIPANTS = TableSchema(
    name="participants",
    meaning="Students who were interviewed, under pseudonyms. Extra columns are attributes.",
    key=("pseudonym",),
    extra_columns_allowed=True,
    columns=(
        Column("pseudonym", "str", True, "Letter or code shown in reports (A, B, …).", "A"),
        Column("student_id", "str", True, "Internal student id (a student_id in students); never "
               "shown.", "S001", identifying=True),
        Column("interview_date", "date", False, "Date of the interview (YYYY-MM-DD).",
               "2025-09-01"),
        Column("duration_min", "float", False, "Interview length in minutes.", "45",
               minimum=0, maximum=600),
        Column("interviewer", "str", False, "Who interviewed (initials).", "SK"),
        Column("transcript", "str", True, "Transcript file name in the transcripts folder.",
               "A.txt"),
    ),
)

CODEBOOK = TableSchema(
    name="codebook",
    meaning="Code → subcategory → category → theme, with descriptions.",
    key=("code",),
    free_text=("description",),
    columns=(
        Column("code", "str", True, "Code label (unique).", "talks freely"),
        Column("subcategory", "str", True, "Subcategory the code belongs to.",
               "Someone to talk to"),
        Column("category", "str", True, "Category the subcategory belongs to.", "A free zone"),
        Column("theme", "str", True, "Theme the category feeds.", "Space"),
        Column("description", "str", False, "What the code means.", "Student describes …"),
    ),
)

UNITS = TableSchema(
    name="units",
    meaning="Meaning units with their condensation and final (consensus) code.",
    key=("unit_id",),
    free_text=("text", "condensed"),
    columns=(
        Column("unit_id", "str", True, "Meaning-unit id (unique).", "U0001"),
        Column("participant", "str", True, "Pseudonym of the participant (in participants).", "A"),
        Column("transcript", "str", True, "Transcript file the unit comes from.", "A.txt"),
        Column("start", "int", False, "Start character offset in the transcript (0-based).", "120",
               minimum=0),
        Column("end", "int", False, "End character offset (exclusive).", "245", minimum=0),
        Column("text", "str", True, "The meaning unit's text.", "I could say anything to her."),
        Column("condensed", "str", False, "Condensed meaning unit.", "Could say anything"),
        Column("code", "str", True, "Final code after consensus (a code in the codebook).",
               "talks freely"),
    ),
)

CODINGS = TableSchema(
    name="codings",
    meaning="The double-coded subset, long form: one row per unit and coder.",
    key=("unit_id", "coder"),
    columns=(
        Column("unit_id", "str", True, "Meaning unit (a unit_id in units).", "U0001"),
        Column("coder", "str", True, "Coder initials.", "SK"),
        Column("code", "str", True, "Code the coder applied (a code in the codebook).",
               "talks freely"),
    ),
)

TABLES: dict[str, TableSchema] = {
    t.name: t for t in (STUDENTS, MENTORS, PARTICIPANTS, CODEBOOK, UNITS, CODINGS)
}
