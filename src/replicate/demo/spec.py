"""Data types of the demo's text banks.

Each code of the synthetic codebook carries its own bank of things a participant might say
(``cores``, each with a condensed meaning unit) and follow-up sentences (``more``). The banks
are written for this project; none of it is taken from the original study, whose Table 1
labels (themes, categories, subcategories) are the only thing carried over.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CodeSpec"]


@dataclass(frozen=True)
class CodeSpec:
    """One code of the synthetic codebook with the sentences that express it.

    Attributes
    ----------
    subcategory : str
        The original Table 1 subcategory the code belongs to.
    code : str
        Code label (unique across the codebook).
    description : str
        What the code means, for the codebook table.
    cores : tuple of (str, str)
        Sentences that carry the code, each with its condensed form. Text may hold the
        slots ``{he}``, ``{him}``, ``{his}``, ``{He}``, ``{His}`` (the mentor), ``{spec}``
        (the mentor's specialty) and ``{topic}`` (a clinical course).
    more : tuple of str
        Follow-up sentences that may extend a meaning unit (same slots).
    """

    subcategory: str
    code: str
    description: str
    cores: tuple[tuple[str, str], ...]
    more: tuple[str, ...]
