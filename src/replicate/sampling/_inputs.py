"""Input checks for the sampling stage and the joined student–mentor (dyad) table.

The loader (:mod:`replicate.tables`) has already type-checked the tables against
:mod:`replicate.schema`; the checks here are the ones that need both tables at once
(every ``mentor_id`` must be a mentor) plus a defensive re-check of the numbers the
selection computes with, so that a value that slipped through (``"twenty"``) is reported
as a :class:`~replicate.errors.DataError` naming file, row and column instead of a traceback.

Row numbers count the header as row 1, as a spreadsheet shows them: the first data row of
``students.csv`` is ``row 2``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from replicate.errors import ConfigError, DataError

__all__ = [
    "BANDED",
    "CATEGORICAL",
    "DEFAULT_DIMENSIONS",
    "DIMENSIONS",
    "build_dyads",
    "check_dimensions",
    "flags",
    "numbers",
    "require_ages",
    "row_label",
    "text",
]

#: Dimensions the selection can vary on, in display order.
DIMENSIONS: tuple[str, ...] = (
    "student_gender",
    "student_age_band",
    "mentor_gender",
    "mentor_age_band",
    "n_meetings_band",
    "course",
    "mentor_specialty",
)
#: The four dimensions the original study varied on (methodology §1.4).
DEFAULT_DIMENSIONS: tuple[str, ...] = DIMENSIONS[:4]
#: Banded dimension -> the numeric dyad column it bands.
BANDED: dict[str, str] = {
    "student_age_band": "student_age",
    "mentor_age_band": "mentor_age",
    "n_meetings_band": "meetings",
}
#: Categorical dimension -> the dyad column that holds its level.
CATEGORICAL: dict[str, str] = {
    "student_gender": "student_gender",
    "mentor_gender": "mentor_gender",
    "course": "course",
    "mentor_specialty": "mentor_specialty",
}

_FIRST_DATA_ROW = 2  # header is row 1

_STUDENT_COLUMNS = ("student_id", "course", "gender", "age", "mentor_id", "meetings",
                    "consent_to_contact", "status")
_MENTOR_COLUMNS = ("mentor_id", "gender", "age")


def row_label(position: int, column: str | None = None) -> str:
    """Return ``"row N"`` (header = row 1) for a 0-based data-row position, with a column."""
    text = f"row {position + _FIRST_DATA_ROW}"
    return f"{text}, column {column}" if column else text


def check_dimensions(dimensions: object, *, config_file: str | None = None) -> tuple[str, ...]:
    """Validate the configured dimensions.

    Parameters
    ----------
    dimensions : sequence of str
        Dimension names from ``sampling.dimensions``.
    config_file : str or None, default=None
        Config file name for the error message.

    Returns
    -------
    tuple of str
        The dimensions, in the order given.

    Raises
    ------
    ConfigError
        Not a list, empty, an unknown name or a repeated name.
    """
    allowed = ", ".join(DIMENSIONS)
    if isinstance(dimensions, str) or not isinstance(dimensions, (list, tuple)):
        raise ConfigError(f"dimensions must be a list of names; allowed: {allowed}",
                          file=config_file, location="sampling.dimensions")
    if not dimensions:
        raise ConfigError(f"at least one dimension is needed; allowed: {allowed}",
                          file=config_file, location="sampling.dimensions")
    seen: list[str] = []
    for name in dimensions:
        if name not in DIMENSIONS:
            raise ConfigError(f"unknown dimension {name!r}; allowed: {allowed}",
                              file=config_file, location="sampling.dimensions")
        if name in seen:
            raise ConfigError(f"dimension {name!r} is listed twice; list each once",
                              file=config_file, location="sampling.dimensions")
        seen.append(name)
    return tuple(seen)


def _require_columns(df: pd.DataFrame, columns: tuple[str, ...], file: str) -> None:
    for col in columns:
        if col not in df.columns:
            raise DataError(f"column {col!r} is missing; the {file} table needs "
                            f"{', '.join(columns)}", file=file)


def numbers(df: pd.DataFrame, column: str, file: str, what: str, *,
            blank_ok: bool = False) -> np.ndarray:
    """Return ``df[column]`` as floats (an empty cell is NaN when ``blank_ok``).

    Raises
    ------
    DataError
        A cell is empty (unless ``blank_ok``) or not a number (names the file, row and
        column).
    """
    values = df[column]
    numeric = pd.to_numeric(values, errors="coerce")
    bad_mask = numeric.isna().to_numpy().copy()
    if blank_ok:
        bad_mask &= ~values.isna().to_numpy()
    bad = np.flatnonzero(bad_mask)
    if bad.size:
        pos = int(bad[0])
        raw = values.iloc[pos]
        shown = "empty" if pd.isna(raw) else f"{raw!r} is not a number"
        raise DataError(f"{shown}; {column} must be {what}", file=file,
                        location=row_label(pos, column))
    return numeric.to_numpy(dtype=float)


def flags(df: pd.DataFrame, column: str, file: str, *, default: bool | None) -> np.ndarray:
    """Return a true/false column as a bool array.

    A missing optional column, or an empty cell in one, gives ``default``.

    Raises
    ------
    DataError
        A cell is not true or false (names the file, row and column).
    """
    if column not in df.columns:
        if default is None:  # pragma: no cover - required columns are checked first
            raise DataError(f"column {column!r} is missing", file=file)
        return np.full(len(df), default)
    values = df[column]
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.astype("boolean").fillna(bool(default)).to_numpy(dtype=bool)
    for pos, raw in enumerate(values.tolist()):
        if not (isinstance(raw, (bool, np.bool_)) or (default is not None and pd.isna(raw))):
            raise DataError(f"{raw!r} is not true or false; {column} must be true or false",
                            file=file, location=row_label(pos, column))
    return values.astype("boolean").fillna(bool(default)).to_numpy(dtype=bool)


def text(values: pd.Series, missing: str = "unknown") -> np.ndarray:
    """Return ``values`` as an object array of ``str``; empty cells become ``missing``."""
    out: np.ndarray = values.astype("string").fillna(missing).to_numpy(dtype=object)
    return out


def require_ages(dyads: pd.DataFrame, eligible: np.ndarray, students_file: str) -> None:
    """Refuse a blank age in an eligible student's row (the selection uses it).

    Raises
    ------
    DataError
        Naming the first such row.
    """
    blank = np.flatnonzero(eligible & np.isnan(dyads["student_age"].to_numpy(dtype=float)))
    if blank.size:
        raise DataError("empty; age must be a whole number of years for every eligible "
                        "student (it may be blank only for students no stage uses)",
                        file=students_file, location=row_label(int(blank[0]), "age"))


def build_dyads(
    students: pd.DataFrame,
    mentors: pd.DataFrame,
    *,
    dimensions: tuple[str, ...],
    students_file: str = "students",
    mentors_file: str = "mentors",
) -> pd.DataFrame:
    """Join every student to their mentor, checking the values the selection uses.

    Parameters
    ----------
    students, mentors : pandas.DataFrame
        Tables with the columns of :data:`replicate.schema.TABLES` ``students`` / ``mentors``.
    dimensions : tuple of str
        The validated dimensions (an optional column a dimension needs must be present).
    students_file, mentors_file : str
        File names used in error messages.

    Returns
    -------
    pandas.DataFrame
        One row per student in file order: ``row`` (0-based position), ``student_id``,
        ``student_gender``, ``student_age``, ``course``, ``meetings``, ``consent``,
        ``status``, ``pilot``, ``programme_end``, ``mentor_id``, ``mentor_gender``,
        ``mentor_age``, ``mentor_specialty``.

    Raises
    ------
    DataError
        A required column is missing, a student or mentor id is repeated, an age or a
        meeting count is not a number, or a ``mentor_id`` is not in the mentors table.
    """
    _require_columns(students, _STUDENT_COLUMNS, students_file)
    _require_columns(mentors, _MENTOR_COLUMNS, mentors_file)
    if "mentor_specialty" in dimensions and "specialty" not in mentors.columns:
        raise DataError("column 'specialty' is missing; it is needed because "
                        "sampling.dimensions includes mentor_specialty", file=mentors_file)
    s_ids = text(students["student_id"], missing="")
    m_ids = text(mentors["mentor_id"], missing="")
    for ids, file, col in ((s_ids, students_file, "student_id"), (m_ids, mentors_file,
                                                                  "mentor_id")):
        empty = np.flatnonzero(ids == "")
        if empty.size:
            raise DataError(f"{col} is empty; every row needs an id", file=file,
                            location=row_label(int(empty[0]), col))
        repeated = np.flatnonzero(pd.Series(ids).duplicated().to_numpy())
        if repeated.size:
            pos = int(repeated[0])
            earlier = int(np.flatnonzero(ids == ids[pos])[0])
            raise DataError(f"{col} {ids[pos]!r} repeats {row_label(earlier)}; ids must be "
                            "unique", file=file, location=row_label(pos, col))
    # blank for students no stage uses (withdrawn, too few meetings): checked for the
    # eligible pool by require_ages once eligibility is known
    student_age = numbers(students, "age", students_file, "a whole number of years",
                          blank_ok=True)
    meetings = numbers(students, "meetings", students_file, "a whole number of meetings")
    mentor_age = numbers(mentors, "age", mentors_file, "a whole number of years")
    s_mentor = text(students["mentor_id"], missing="")
    idx = pd.Index(m_ids).get_indexer(s_mentor)
    unknown = np.flatnonzero(idx < 0)
    if unknown.size:
        pos = int(unknown[0])
        raise DataError(f"mentor {s_mentor[pos]!r} is not in {mentors_file}; every mentor_id "
                        "must be a mentor_id in the mentors table", file=students_file,
                        location=row_label(pos, "mentor_id"))
    if "programme_end" in students.columns:
        ends = pd.to_datetime(students["programme_end"], errors="coerce").to_numpy()
    else:
        ends = np.full(len(students), np.datetime64("NaT"), dtype="datetime64[ns]")
    specialty = (text(mentors["specialty"]) if "specialty" in mentors.columns
                 else np.full(len(mentors), "unknown", dtype=object))
    return pd.DataFrame({
        "row": np.arange(len(students)),
        "student_id": s_ids,
        "student_gender": text(students["gender"]),
        "student_age": student_age,
        "course": text(students["course"]),
        "meetings": meetings,
        "consent": flags(students, "consent_to_contact", students_file, default=None),
        "status": text(students["status"]),
        "pilot": flags(students, "pilot", students_file, default=False),
        "programme_end": ends,
        "mentor_id": s_mentor,
        "mentor_gender": text(mentors["gender"]).take(idx),
        "mentor_age": mentor_age.take(idx),
        "mentor_specialty": specialty.take(idx),
    })
