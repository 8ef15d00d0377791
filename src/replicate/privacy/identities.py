"""The identifying values of a cohort, taken from its input tables.

Every column marked ``identifying=True`` in :mod:`replicate.schema` contributes: student and
mentor ids, names and e-mail addresses. These values are searched for in transcripts and
free text (:func:`~replicate.privacy.scan_inputs`) and in every output file before a report is
published (:func:`~replicate.privacy.scan_outputs`).

Rules, chosen so that a clean text produces no finding:

* **Ids** shorter than ``min_id_length`` (default 3) characters are skipped with a note:
  ``S1`` or ``7`` would match ordinary text and table cells everywhere.
* **Full names** are always searched for, as written, without titles (``Dr``, ``Prof``…),
  and surname first (``Lind, Anna``), each as a whole-word token sequence
  (:mod:`~replicate.privacy.matching`).
* **Name parts** (a first name or surname alone; each part of a hyphenated name) are searched
  for alone only when they have at least ``min_name_part_length`` (default 4) letters and
  are not common words (:data:`~replicate.privacy.common_words.COMMON_WORDS`, e.g. "Berg",
  "Will", "Mentor", "Example"). Short names ("Bo", "Li", "Eva") occur inside ordinary
  sentences as words or abbreviations; a participant who says "Eva" alone is missed, a
  limit stated in ``docs/privacy.md``. A one-word name that fails the rule is noted.
* **E-mail addresses** are searched for whole.

Notes never repeat a value in full (they are printed); they use the masked form.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from replicate.privacy.common_words import COMMON_WORDS, NAME_TITLES
from replicate.privacy.findings import mask
from replicate.privacy.matching import Identity, TokenMatcher, fold, tokens
from replicate.schema import TABLES

__all__ = ["Identity", "IdentitySet", "identifying_values"]

_KINDS = {"student_id": "student id", "mentor_id": "mentor id", "name": "name", "email": "e-mail"}


@dataclass(frozen=True)
class IdentitySet:
    """The identifying values of a cohort.

    Attributes
    ----------
    identities : tuple of Identity
        Sorted by kind and value, one per distinct (kind, case-folded value).
    notes : tuple of str
        Values skipped and why (masked), e.g. ids that are too short.
    """

    identities: tuple[Identity, ...] = ()
    notes: tuple[str, ...] = ()

    @classmethod
    def from_values(
        cls, values: Mapping[str, str], *, source: str = "given"
    ) -> IdentitySet:
        """Build a set from ``{value: kind}`` (for tests and ad-hoc scans; no rules applied)."""
        return cls(_dedupe(Identity(kind, v.strip(), source) for v, kind in values.items()))

    def __len__(self) -> int:
        return len(self.identities)

    def __iter__(self) -> Iterator[Identity]:
        return iter(self.identities)

    def __repr__(self) -> str:
        return f"IdentitySet({self.counts()}, notes={len(self.notes)})"

    def counts(self) -> dict[str, int]:
        """Number of values of each kind, sorted by kind."""
        out: dict[str, int] = {}
        for ident in self.identities:
            out[ident.kind] = out.get(ident.kind, 0) + 1
        return dict(sorted(out.items()))

    def union(self, other: IdentitySet) -> IdentitySet:
        """Both sets' values and notes."""
        return IdentitySet(
            _dedupe([*self.identities, *other.identities]), (*self.notes, *other.notes)
        )

    @cached_property
    def matcher(self) -> TokenMatcher:
        """A :class:`~replicate.privacy.matching.TokenMatcher` over these values (built once)."""
        return TokenMatcher(self.identities)


def identifying_values(
    students: pd.DataFrame | None = None,
    mentors: pd.DataFrame | None = None,
    participants: pd.DataFrame | None = None,
    *,
    min_id_length: int = 3,
    min_name_part_length: int = 4,
    extra_common_words: Iterable[str] = (),
) -> IdentitySet:
    """Collect the identifying values of the input tables.

    Parameters
    ----------
    students, mentors, participants : pandas.DataFrame or None
        The loaded tables (columns as in :mod:`replicate.schema`); ``None`` or a missing
        optional column contributes nothing. Only columns marked ``identifying=True`` are read.
    min_id_length : int, default=3
        Shorter ids are skipped (noted): they would match ordinary text.
    min_name_part_length : int, default=4
        A first name or surname is searched for alone only from this many letters (digits
        do not count, so the number in a generated name like "Synthetic Student 0412" is
        not searched for alone).
    extra_common_words : iterable of str, default=()
        Words added to :data:`~replicate.privacy.common_words.COMMON_WORDS` for this call.

    Returns
    -------
    IdentitySet
        The values (see the module docstring for the rules) and notes on skipped values.
    """
    common = COMMON_WORDS | {fold(w) for w in extra_common_words}
    found: list[Identity] = []
    notes: list[str] = []
    for table, frame in (("students", students), ("mentors", mentors),
                         ("participants", participants)):
        if frame is None:
            continue
        for col in TABLES[table].columns:
            if not col.identifying or col.name not in frame.columns:
                continue
            kind = _KINDS.get(col.name, "identifier")
            source = f"{table}.{col.name}"
            for pos, raw in enumerate(frame[col.name].tolist()):
                if raw is None or (isinstance(raw, float) and pd.isna(raw)):
                    continue
                value = " ".join(str(raw).split())
                if not value:
                    continue
                where = f"{source}, row {pos + 2}"
                if kind == "name":
                    found.extend(
                        _name_variants(value, where, common, min_name_part_length, notes, where)
                    )
                elif kind in ("student id", "mentor id", "identifier") and (
                    len(value) < min_id_length
                ):
                    notes.append(
                        f"{where}: id {mask(value)!r} has fewer than {min_id_length} characters;"
                        " not searched for (it would match ordinary text)"
                    )
                else:
                    found.append(Identity(kind, value, where))
    return IdentitySet(_dedupe(found), tuple(notes))


def _name_variants(
    name: str, source: str, common: frozenset[str], min_len: int, notes: list[str], where: str
) -> list[Identity]:
    words = name.split()
    bare = [w for w in words if fold(w) not in NAME_TITLES]
    variants: list[str] = []
    if len(tokens(name)) > 1:
        variants.append(name)
    if len(bare) > 1:
        variants.append(" ".join(bare))
        variants.append(" ".join([bare[-1], *bare[:-1]]))  # "Lind, Anna" / "Lind Anna"
    parts = {p for w in bare for p in (w, *w.split("-")) if p}
    for part in sorted(parts):
        toks = tokens(part)
        if not toks:
            continue
        # A multi-token part ("Anna-Karin") is safe as a whole; a one-token part must have
        # enough letters (digits do not count: "Student 0412" would match any number 412)
        # and not be a common word.
        letters = sum(ch.isalpha() for ch in toks[0])
        if len(toks) > 1 or (letters >= min_len and toks[0] not in common):
            variants.append(part)
    if not variants:
        notes.append(
            f"{where}: name {mask(name)!r} is one short or common word; not searched for alone"
        )
    return [Identity("name", v, source) for v in variants]


def _dedupe(identities: Iterable[Identity]) -> tuple[Identity, ...]:
    seen: dict[tuple[str, tuple[str, ...]], Identity] = {}
    for ident in sorted(identities):
        key = (ident.kind, tuple(tokens(ident.value)))
        if key[1] and key not in seen:
            seen[key] = ident
    return tuple(sorted(seen.values()))
