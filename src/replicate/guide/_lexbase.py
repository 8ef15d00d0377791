"""The :class:`Lexicon` record and the helpers that build the per-language word lists.

Split from ``_lexicon`` so that the English (``_lexicon_en``) and Swedish (``_lexicon_sv``)
modules can each build one record without importing each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["IGNORECASE", "Lexicon", "alt", "word_set"]

IGNORECASE = re.IGNORECASE


def word_set(*items: str) -> frozenset[str]:
    """The whitespace-separated words of ``items`` as a set."""
    return frozenset(w for item in items for w in item.split())


def alt(words: frozenset[str] | tuple[str, ...]) -> str:
    """A regex alternation of ``words``, longest first so that prefixes do not win."""
    return "|".join(sorted((re.escape(w) for w in words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class Lexicon:
    """Compiled patterns and word lists for one language (see methodology §2.3).

    ``v1_subjects`` and ``v1_not_verbs`` drive the structural verb-first test used for
    Swedish (empty for English, whose auxiliaries form a closed list): a first word that is
    followed directly by a subject (*du, ni, det, din …*) is the finite verb of a
    verb-first question, unless it is a word that cannot be a finite verb (a wh-word,
    subordinator, preposition or pronoun).

    ``double_barrel`` patterns join two clauses and always fire; ``double_barrel_targets``
    join two targets of one question and are skipped when ``comparison`` matches, since
    "How did X and Y differ?" asks one thing.
    """

    closed_first: frozenset[str]
    closed_suffix: re.Pattern[str] | None
    v1_subjects: frozenset[str]
    v1_not_verbs: frozenset[str]
    polite_open: re.Pattern[str]
    closing_invite: re.Pattern[str]
    wh: frozenset[str]
    choice_wh: frozenset[str]
    either_or: re.Pattern[str]
    either_or_skip: re.Pattern[str]
    leading: tuple[re.Pattern[str], ...]
    leading_v1_not: re.Pattern[str] | None
    double_barrel: tuple[re.Pattern[str], ...]
    double_barrel_targets: tuple[re.Pattern[str], ...]
    comparison: re.Pattern[str]
    double_barrel_whitelist: re.Pattern[str]
    presupposing: tuple[re.Pattern[str], ...]
    presupposing_always: tuple[re.Pattern[str], ...]
    hedge: re.Pattern[str]
    why: re.Pattern[str]
    negators: frozenset[str]
    glossary: tuple[str, ...]
    glossary_compounds: bool
    whitelist: frozenset[str]
    acronym: re.Pattern[str]
    suffixes: tuple[str, ...]
    prefixes: tuple[str, ...]
    learned_prefixes: tuple[str, ...]
    split_compounds: bool
    neutral_probe: re.Pattern[str]
    clarification: re.Pattern[str]
    closing_comment: re.Pattern[str]
    pronouns: frozenset[str]
