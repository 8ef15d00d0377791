"""The original study (Kalén, Ponzer & Silén 2012) as typed, read-only data.

``original.yaml`` beside this module holds the paper's Table 1 (3 themes, 6 categories,
17 subcategories), its sample and design facts, the participants its quotes name and the
known ambiguities of the extracted table (methodology.md §5). :func:`load_original` parses it
into an :class:`OriginalStudy`; the theme-synthesis stage compares a new cohort against it.

Values the paper does not report are ``None``; nothing here is copied from the paper's prose.

References
----------
Kalén S, Ponzer S, Silén C. The core of mentorship: medical students' experiences of
one-to-one mentoring in a clinical environment. Adv Health Sci Educ 2012;17(3):389–401.
doi:10.1007/s10459-011-9317-0
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from replicate.errors import DataError

__all__ = [
    "Ambiguity",
    "Citation",
    "OriginalCategory",
    "OriginalStudy",
    "OriginalTheme",
    "Programme",
    "QuotedParticipant",
    "SampleFacts",
    "load_original",
]

_RESOURCE = "original.yaml"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Citation(_Frozen):
    """Bibliographic record of the original paper."""

    authors: tuple[str, ...]
    year: int
    title: str
    journal: str
    volume: int
    issue: int
    pages: str
    doi: str
    pmid: int
    epub: str


class SampleFacts(_Frozen):
    """Sample and design facts; ``None`` where the paper does not report a value."""

    n_offered: int
    n_courses: int
    n_eligible: int | None
    n_invited: int | None
    n_declined: int | None
    n_interviewed: int
    n_male: int
    n_female: int
    n_other: int | None
    age_min: int
    age_max: int
    min_meetings: int
    meetings_per_semester: tuple[int, int]
    max_meetings: int
    mentor_gender_split: str | None
    mentor_age_range: str | None
    sampling: str
    years_after_programme: tuple[int, int]
    interview_minutes: tuple[int, int]
    interview_type: str
    n_pilots: int
    pilots_in_analysis: bool | None
    n_interviewers: int
    data_collection_months: int
    recording: str
    n_coders: int
    coding_procedure: str
    agreement_statistic: str | None
    software: str
    analysis: str
    n_themes: int
    n_categories: int
    n_subcategories: int
    quote_attribution: str


class Programme(_Frozen):
    """The mentoring programme the original sample came from."""

    years: int
    semesters: int
    study_years: str
    mentors: str
    matching: str
    some_mentors_invited_students_to_clinical_work: bool


class QuotedParticipant(_Frozen):
    """A participant named in one of the paper's quote attributions."""

    letter: str
    gender: str
    age: int


class OriginalCategory(_Frozen):
    """A category of Table 1 with its subcategories in the paper's order."""

    name: str
    subcategories: tuple[str, ...]


class OriginalTheme(_Frozen):
    """A theme of Table 1: its categories and its role in the paper's Fig. 1 (paraphrased)."""

    name: str
    process: tuple[str, ...]
    categories: tuple[OriginalCategory, ...]


class Ambiguity(_Frozen):
    """A known ambiguity of the extracted Table 1 or of a reported fact."""

    id: str
    nodes: tuple[str, ...]
    note: str
    alternative_category: str | None = None


class OriginalStudy(_Frozen):
    """The original study: citation, facts, Table 1 and its known ambiguities.

    Attributes
    ----------
    citation : Citation
    sample : SampleFacts
    programme : Programme
    ethics : dict of str to str
    quoted_participants : tuple of QuotedParticipant
    themes : tuple of OriginalTheme
        Table 1 in the paper's order (Space, Belief in the future, Transition).
    ambiguities : tuple of Ambiguity
    """

    citation: Citation
    sample: SampleFacts
    programme: Programme
    ethics: dict[str, str]
    quoted_participants: tuple[QuotedParticipant, ...]
    themes: tuple[OriginalTheme, ...]
    ambiguities: tuple[Ambiguity, ...]

    def hierarchy_frame(self) -> pd.DataFrame:
        """Table 1 as a tidy frame.

        Returns
        -------
        pandas.DataFrame
            One row per subcategory with columns ``theme``, ``category``, ``subcategory`` in
            the paper's order (17 rows).
        """
        rows = [
            (theme.name, cat.name, sub)
            for theme in self.themes
            for cat in theme.categories
            for sub in cat.subcategories
        ]
        return pd.DataFrame(rows, columns=["theme", "category", "subcategory"])

    def labels(self, level: str) -> tuple[str, ...]:
        """Labels of one level of Table 1 in the paper's order.

        Parameters
        ----------
        level : {"theme", "category", "subcategory"}

        Returns
        -------
        tuple of str

        Raises
        ------
        ValueError
            If ``level`` is not one of the three levels.
        """
        frame = self.hierarchy_frame()
        if level not in frame.columns:
            raise ValueError(f"level {level!r} is not one of: theme, category, subcategory")
        return tuple(dict.fromkeys(str(v) for v in frame[level]))

    def parents(self, level: str) -> dict[str, tuple[str, str]]:
        """Map each label of ``level`` to its (theme, category) in Table 1.

        Parameters
        ----------
        level : {"theme", "category", "subcategory"}

        Returns
        -------
        dict of str to (str, str)
            ``category`` is ``""`` for themes.
        """
        frame = self.hierarchy_frame()
        out: dict[str, tuple[str, str]] = {}
        for theme, cat, sub in frame.itertuples(index=False):
            label = {"theme": theme, "category": cat, "subcategory": sub}[level]
            out.setdefault(str(label), (str(theme), "" if level == "theme" else str(cat)))
        return out


@cache
def load_original() -> OriginalStudy:
    """Load the original study's facts and Table 1 from the packaged ``original.yaml``.

    Returns
    -------
    OriginalStudy
        Frozen, validated record (cached; the same object on every call).

    Raises
    ------
    DataError
        If the packaged YAML is malformed (a packaging bug, not a user error).
    """
    text = files(__name__).joinpath(_RESOURCE).read_text(encoding="utf-8")
    try:
        return OriginalStudy.model_validate(yaml.safe_load(text))
    except (yaml.YAMLError, ValidationError) as exc:
        raise DataError(
            f"the packaged reference data is invalid ({exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0]}); reinstall replicate",
            file=f"replicate/reference/{_RESOURCE}",
        ) from exc
