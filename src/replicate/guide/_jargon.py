"""The jargon rule of methodology.md §2.3: glossary terms, acronyms and rare words.

Word frequency comes from ``wordfreq`` (Speer 2022), which covers English and Swedish; a
word below Zipf 3.0 (fewer than one per million words) counts as rare unless it is excused:

- it is on the whitelist (domain words such as *mentor*, *termin*, and acronyms that
  medical students use themselves: *OSCE*, *GP*, *VFU*);
- a stem is common once an inflection is removed (*stött|ad*, *tvivl|ade*, *mentor|s*);
- a negating prefix leaves a common word (*un|helpful*, *o|enig*);
- (Swedish) it is a compound of two common parts (*yrkes|roll*, *karriär|val*), or a
  whitelisted stem followed by a common part (*mentors|träffarna*, but not
  *mentors|dyaden*); a learned prefix (*inter-*, *meta-*) is not a compound part;
- (hyphenated) every part is common or whitelisted (*one-to-one*, *AT-placering*).

The frequency test cannot see academic terms built from common words (*hidden
curriculum*, *reflektions|förmåga*), so those are in the glossary. Glossary terms match
with up to four inflection letters per word, and in Swedish the last word may continue as
a compound (*professionella identitets|utveckling*).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from wordfreq import zipf_frequency

from replicate.guide._lexbase import Lexicon
from replicate.guide._text import Language

__all__ = ["jargon"]

_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")


@lru_cache(maxsize=65536)
def _zipf(word: str, language: str) -> float:
    return float(zipf_frequency(word, language))


def _stems(word: str, lex: Lexicon) -> list[str]:
    return [word[: -len(s)] for s in lex.suffixes if word.endswith(s) and len(word) - len(s) >= 3]


def _common(word: str, language: Language, lex: Lexicon, min_zipf: float, depth: int) -> bool:
    if _zipf(word, language) >= min_zipf:
        return True
    if any(_zipf(stem, language) >= min_zipf for stem in _stems(word, lex)):
        return True
    return depth > 1 and _is_common_compound(word, language, lex, min_zipf, depth=depth - 1)


def _is_common_compound(word: str, language: Language, lex: Lexicon, min_zipf: float,
                        *, depth: int) -> bool:
    """Whether ``word`` splits into two common parts (Swedish compounds).

    The first part may carry the linking ``-s-`` (*yrke|s|roll*) or have dropped a final
    ``-e``/``-a`` (*läkar(e)|yrket*); with ``depth`` 2 the first part may itself be a
    compound (*två|år|s|perioden*). Both parts have at least 3 letters.
    """
    for i in range(3, len(word) - 2):
        left, right = word[:i], word[i:]
        if left in lex.learned_prefixes:
            continue
        lefts = [left, left + "e", left + "a"]
        if left.endswith("s") and len(left) > 3:
            lefts.append(left[:-1])
        if _common(right, language, lex, min_zipf, 1) and any(
            _common(x, language, lex, min_zipf, depth) for x in lefts
        ):
            return True
    return False


def _whitelisted_stem(low: str, language: Language, lex: Lexicon, whitelist: frozenset[str],
                      min_zipf: float) -> bool:
    """A whitelisted word of >= 5 letters followed by nothing rare (*mentors|träffarna*)."""
    for w in whitelist:
        if len(w) < 5 or not low.startswith(w):
            continue
        rest = low[len(w):]
        tails = [rest, rest[1:]] if rest.startswith("s") else [rest]
        for tail in tails:
            if len(tail) <= 4 or _common(tail, language, lex, min_zipf, 2):
                return True
    return False


def _rare(word: str, language: Language, lex: Lexicon, whitelist: frozenset[str],
          min_zipf: float) -> float | None:
    """Zipf frequency of ``word`` if it is rare and not excused, else ``None``."""
    low = word.lower()
    if "-" in low:
        parts = [p for p in low.split("-") if p]
        rare = [z for p in parts if (z := _rare(p, language, lex, whitelist, min_zipf)) is not None]
        return min(rare) if rare else None
    if low in whitelist or any(c.isdigit() for c in low) or len(low) < 3:
        return None
    if _whitelisted_stem(low, language, lex, whitelist, min_zipf):
        return None
    z = _zipf(low, language)
    if z >= min_zipf:
        return None
    if any(_zipf(stem, language) >= min_zipf for stem in _stems(low, lex)):
        return None
    if any(_zipf(low[len(p):], language) >= min_zipf for p in lex.prefixes
           if low.startswith(p) and len(low) - len(p) >= 4):
        return None
    if lex.split_compounds and _is_common_compound(low, language, lex, min_zipf, depth=2):
        return None
    return z


@lru_cache(maxsize=1024)
def _glossary_pattern(term: str, compounds: bool) -> re.Pattern[str]:
    """A term with up to 4 inflection letters on each word (*professionella identiteten*)."""
    parts = []
    words = term.split()
    for i, w in enumerate(words):
        stem = re.escape(w[:-1]) + "(?:y|ies)" if w.endswith("y") else re.escape(w)
        tail = r"\w*" if compounds and i == len(words) - 1 else r"\w{0,4}"
        parts.append(stem + tail)
    return re.compile(r"\b" + r"\s+".join(parts) + r"\b", re.IGNORECASE)


def _inside(span: tuple[int, int], covered: Sequence[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in covered)


def _overlaps(span: tuple[int, int], covered: Sequence[tuple[int, int]]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in covered)


def jargon(body: str, lex: Lexicon, language: Language, glossary: Iterable[str],
           use_default: bool, whitelist: frozenset[str],
           min_zipf: float) -> list[tuple[str, str]]:
    """Jargon in ``body`` as ``(matched, detail)`` pairs, in text order per kind.

    Parameters
    ----------
    body : str
        The question without tag and openers.
    lex : Lexicon
        Word lists of ``language``.
    language : {"en", "sv"}
        Language of the question.
    glossary : iterable of str
        Project glossary terms (added to the lexicon's own when ``use_default``).
    use_default : bool
        Include the built-in glossary.
    whitelist : frozenset of str
        Lower-cased words never flagged as rare or as acronyms.
    min_zipf : float
        Rare-word threshold.

    Returns
    -------
    list of tuple of str
        ``(matched text, detail)`` with detail ``"glossary term"``, ``"acronym"`` or
        ``"Zipf z"``.
    """
    out: list[tuple[str, str]] = []
    terms = sorted({*(lex.glossary if use_default else ()), *glossary}, key=str.lower)
    covered: list[tuple[int, int]] = []
    for term in terms:
        for m in _glossary_pattern(term, lex.glossary_compounds).finditer(body):
            out.append((m.group(0), "glossary term"))
            covered.append(m.span())
    for m in lex.acronym.finditer(body):
        if m.group(0).lower() not in whitelist and not _inside(m.span(), covered):
            out.append((m.group(0), "acronym"))
            covered.append(m.span())
    for m in _WORD.finditer(body):
        if _overlaps(m.span(), covered) or "'" in m.group(0):
            continue
        z = _rare(m.group(0), language, lex, whitelist, min_zipf)
        if z is not None:
            out.append((m.group(0), f"Zipf {z:.1f}"))
    return out
