"""Redaction: identifying values in texts become role placeholders before they are written.

Every text that reaches an output (a stage table or note, a quote or the authors' text in the
write-up) passes :meth:`Redactor.redact` first. What it replaces, in this order (a span taken
by an earlier rule is not looked at again):

==========================  =============================================  ==============
what                        how                                            placeholder
==========================  =============================================  ==============
URLs                        ``http(s)://…``, ``ftp://…``, ``www.…``        ``[URL]``
e-mail addresses            :func:`~replicate.privacy.find_emails`         ``[e-mail]``
personnummer and            :func:`~replicate.privacy.find_identity_       ``[ID]``
samordningsnummer           numbers` (with or without century, Luhn)
phone numbers               libphonenumber's ``PhoneNumberMatcher``        ``[phone]``
                            (leniency ``VALID``; numbers without a country
                            code in the plan of ``region``)
configured ID patterns      ``privacy.id_patterns`` (regular expressions)  ``[ID]``
roster values               student and mentor ids, e-mail addresses and   ``[ID]``,
                            names (:func:`~replicate.privacy.identifying_  ``[e-mail]``,
                            values`), whole words ignoring case            ``[student]``,
                                                                           ``[mentor]``
other people the cohort     interviewers, coders and researchers by name,  ``[name]``
knows                       ``privacy.extra_names`` (staff, wards, places)
given names no table lists  :func:`~replicate.privacy.given_names.given_   ``[name]``
                            names` (Swedish and English), only where
                            capitalised; see below
==========================  =============================================  ==============

**Given names from the list** are the rule most likely to take an ordinary word for a name,
so it is the narrowest: a token counts only when it starts with a capital letter; at the start
of a sentence (or of a line or cell) only when it is not also a common word ("Will", "Hope",
"Klara", "Stig"); never when it is in the cohort's ``privacy.not_names`` allow-list or
mostly a month or place ("May", "June", "Jordan"). ``tests/test_privacy_redact.py`` measures
the false positives on the demo cohort's meaning units.

Roster values are matched exactly as the output scan (:mod:`~replicate.privacy.matching`)
matches them, so a text the redactor has passed does not stop the report at the gate.

**Speed.** A text is normalised once; each rule first checks for a cheap sign (``@``,
``://``, seven digits, a token that starts a value) at C speed and runs its full matcher
only on the few texts that have one. ``bench/bench_redaction.py`` prints the rate.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, count

from replicate.errors import ConfigError
from replicate.privacy.common_words import COMMON_WORDS
from replicate.privacy.given_names import WORDLIKE_NAMES, given_names
from replicate.privacy.identities import IdentitySet, _name_variants
from replicate.privacy.matching import fold
from replicate.privacy.patterns import find_emails, find_phone_numbers
from replicate.privacy.personnummer import find_identity_numbers

__all__ = ["PLACEHOLDERS", "Redaction", "Redactor", "redact"]

#: Placeholder of each kind of redacted value.
PLACEHOLDERS: dict[str, str] = {
    "URL": "[URL]",
    "e-mail": "[e-mail]",
    "personnummer": "[ID]",
    "samordningsnummer": "[ID]",
    "phone number": "[phone]",
    "identifier": "[ID]",
    "student id": "[ID]",
    "mentor id": "[ID]",
    "student name": "[student]",
    "mentor name": "[mentor]",
    "name": "[name]",
    "given name": "[name]",
}

_WORD = re.compile(r"[^\W_]+")
_URL = re.compile(r"(?i)(?<![\w@])(?:(?:https?|ftp)://|www\.)[^\s<>\"'`]+")
_URL_TAIL = ".,;:!?)]}'\""
_PHONE_HINT = re.compile(r"\d(?:[\s().\-/]{0,3}\d){6}")
# An identifier like U0000764 or AB1234567 (ASCII letters, then ASCII digits, nothing else)
# holds no phone number: libphonenumber's matcher at leniency VALID rejects a candidate right
# after a Latin letter, and the digit run is the only candidate. Unit ids have this shape, and
# a table of a million of them spent 20 s in the matcher (tests/test_privacy_redact.py checks
# the claim against the library).
_CODE_LIKE = re.compile(r"[A-Za-z]+[0-9]+")
_OPENERS = frozenset("\"'“”‘’«»([{*_-–—•>")
_ENDERS = frozenset(".!?…:;")
_AMBIGUOUS = COMMON_WORDS | WORDLIKE_NAMES
#: Eponyms of the statistics and methods the reports name, where a surname is also a given
#: name of the list ("Scott's pi", "Scott 1955", "Kendall's tau"): the name is part of a
#: term there, not a person a participant mentioned.
_EPONYM = re.compile(r"(?:Scott|Kendall|Cohen|Conger)(?:['’]s\s+(?:pi|π|tau|τ|kappa|κ)\b"
                     r"|,?\s+\(?(?:19|20)\d\d\b)")

Span = tuple[int, int, str]  # start, end, kind


@dataclass(frozen=True, order=True)
class Redaction:
    """One value replaced by a placeholder (for the private redaction log).

    Attributes
    ----------
    kind : str
        A key of :data:`PLACEHOLDERS` (``e-mail``, ``student name``, ``given name``…).
    placeholder : str
        What it was replaced by.
    value : str
        The value as written. Never shown in a report: only the private log holds it.
    """

    kind: str
    placeholder: str
    value: str

    def __repr__(self) -> str:
        return f"Redaction(kind={self.kind!r}, placeholder={self.placeholder!r})"


class Redactor:
    """Replaces identifying values in texts by role placeholders (see the module docstring).

    Parameters
    ----------
    identities : IdentitySet or None, default=None
        The rosters' values (:func:`~replicate.privacy.identifying_values`); names from
        ``students.*`` become ``[student]``, from ``mentors.*`` ``[mentor]``.
    people : iterable of str, default=()
        Other people's full names (interviewers, coders, researchers): the name and its
        parts (same rules as roster names) become ``[name]``.
    extra_names : iterable of str, default=()
        Names no table lists (``privacy.extra_names``), each matched whole.
    not_names : iterable of str, default=()
        Words that are not names in this cohort (``privacy.not_names``): never taken from
        the given-name list.
    id_patterns : sequence of str, default=()
        Regular expressions of other identifiers (``privacy.id_patterns``).
    use_given_names : bool, default=True
        Also replace given names from :func:`~replicate.privacy.given_names.given_names`.
    region : str, default="SE"
        Country for phone numbers written without a country code.

    Raises
    ------
    ConfigError
        When an ID pattern is not a valid regular expression or matches the empty string.

    Examples
    --------
    >>> r = Redactor()
    >>> r.redact("Ring Anna på 070-123 45 67 eller anna@ki.se.")
    'Ring [name] på [phone] eller [e-mail].'
    """

    def __init__(
        self,
        identities: IdentitySet | None = None,
        *,
        people: Iterable[str] = (),
        extra_names: Iterable[str] = (),
        not_names: Iterable[str] = (),
        id_patterns: Sequence[str] = (),
        use_given_names: bool = True,
        region: str = "SE",
    ) -> None:
        entries: list[tuple[tuple[str, ...], str]] = []
        for ident in identities or ():
            entries.append((tuple(_WORD.findall(fold(ident.value))), _roster_kind(ident.kind,
                                                                              ident.source)))
        notes: list[str] = []
        for person in people:
            value = " ".join(str(person).split())
            for ident in _name_variants(value, "people", COMMON_WORDS, 4, notes, "people"):
                entries.append((tuple(_WORD.findall(fold(ident.value))), "name"))
        for name in extra_names:
            entries.append((tuple(_WORD.findall(fold(str(name)))), "name"))
        index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for toks, kind in sorted(set(entries)):
            if toks:
                index.setdefault(toks[0], []).append((toks, kind))
        for candidates in index.values():
            candidates.sort(key=lambda c: (-len(c[0]), c[1]))
        self._index = index
        self._first = frozenset(index)
        self._patterns = [_compile(p) for p in id_patterns]
        skip = {fold(w) for w in not_names}
        self._given = (given_names() - skip) if use_given_names else frozenset()
        # Capitalised spellings, for a C-level first check on the raw tokens of a text.
        self._given_cased = frozenset(n[:1].upper() + n[1:] for n in self._given)
        self._region = region

    def redact(self, text: str) -> str:
        """The text with every identifying value replaced by its placeholder.

        Parameters
        ----------
        text : str
            Any text (normalised to Unicode NFC).

        Returns
        -------
        str
            The redacted text; the same string when nothing was found.
        """
        return self.redact_logged(text)[0]

    def redact_logged(self, text: str) -> tuple[str, list[Redaction]]:
        """Like :meth:`redact`, also returning what was replaced, in text order.

        Parameters
        ----------
        text : str
            Any text.

        Returns
        -------
        (str, list of Redaction)
            The redacted text and one record per replaced value.
        """
        if not text:
            return text, []
        if not text.isascii() and not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        spans = self.find(text)
        if not spans:
            return text, []
        parts: list[str] = []
        done = 0
        log: list[Redaction] = []
        for start, end, kind in spans:
            placeholder = PLACEHOLDERS[kind]
            parts += [text[done:start], placeholder]
            log.append(Redaction(kind, placeholder, text[start:end]))
            done = end
        parts.append(text[done:])
        return "".join(parts), log

    def redact_each(self, texts: Sequence[str]) -> list[tuple[str, Sequence[Redaction]]]:
        """:meth:`redact_logged` of each text, the same results (test), faster for many.

        The texts are first searched all at once, joined by line breaks, for what each rule
        needs to find anything (a value's first word, an ``@``, a run of seven digits, …;
        none of it spans a line break). Each text that holds some of it is then redacted on
        its own; the others are returned as they are. A stage table's column of a million
        unit ids (``U0000764``) was searched one id at a time, 12 µs each.

        Parameters
        ----------
        texts : sequence of str
            Any texts.

        Returns
        -------
        list of (str, sequence of Redaction)
            What :meth:`redact_logged` returns for each text, with an empty tuple for
            "nothing found" (not a new empty list per text: a million lists kept the
            garbage collector busy for seconds).
        """
        texts = list(texts)
        out: list[tuple[str, Sequence[Redaction]]] = [(t, ()) for t in texts]
        for i in self._may_find(texts):
            out[i] = self.redact_logged(texts[i])
        return out

    def _may_find(self, texts: list[str]) -> list[int]:
        """The indices of the texts in which some rule of :meth:`find` may find something
        (or that are not NFC); in the others, surely, none does."""
        joined = "\n".join(texts)
        checks: list[Callable[[str], bool]] = []
        if not joined.isascii():  # the rules read the NFC form: such a text goes on its own
            checks.append(lambda t: not t.isascii() and not unicodedata.is_normalized("NFC", t))
        if "://" in joined or "www." in joined or "WWW." in joined:
            checks.append(lambda t: "://" in t or "www." in t or "WWW." in t)
        if "@" in joined:
            checks.append(lambda t: "@" in t)
        flagged: set[int] = set()
        if _PHONE_HINT.search(joined):
            # an identity number never spans a line break: those of the joined texts are
            # those of the texts; phone numbers are not looked for in an id (_CODE_LIKE)
            starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
            flagged = {bisect_right(starts, a) - 1 for a, _, _ in find_identity_numbers(joined)}
            flagged.update(_phone_candidates(texts))
        for pattern in self._patterns:  # the cohort's own patterns may anchor: one by one
            checks.append(lambda t, p=pattern: p.search(t) is not None)  # type: ignore[misc]
        # words never span a line break: the joined texts' words are all the texts' words
        if self._first and not self._first.isdisjoint(_WORD.findall(fold(joined))):
            checks.append(lambda t: not self._first.isdisjoint(_WORD.findall(fold(t))))
        if self._given and not self._given_cased.isdisjoint(_WORD.findall(joined)):
            checks.append(lambda t: not self._given_cased.isdisjoint(_WORD.findall(t)))
        if not checks:
            return sorted(flagged)
        return [i for i, t in enumerate(texts)
                if i in flagged or any(check(t) for check in checks)]

    def find(self, text: str) -> list[Span]:
        """The spans to replace, in text order, not overlapping.

        Parameters
        ----------
        text : str
            Any text (NFC; :meth:`redact` normalises it).

        Returns
        -------
        list of (start, end, kind)
            ``kind`` is a key of :data:`PLACEHOLDERS`.
        """
        found: list[Span] = []
        current = text

        def take(spans: Iterable[Span]) -> None:
            nonlocal current
            for start, end, kind in spans:
                found.append((start, end, kind))
                current = current[:start] + " " * (end - start) + current[end:]

        if "://" in text or "www." in text or "WWW." in text:
            take(_urls(current))
        if "@" in current:
            take((a, b, "e-mail") for a, b in find_emails(current))
        if _PHONE_HINT.search(current):
            take(find_identity_numbers(current))
            if not _CODE_LIKE.fullmatch(current):
                take((a, b, "phone number")
                     for a, b in find_phone_numbers(current, region=self._region))
        for pattern in self._patterns:
            take((m.start(), m.end(), "identifier") for m in pattern.finditer(current))
        if self._first:
            take(self._roster(current))
        if self._given:
            take(self._given_names(current))
        return sorted(found)

    def _roster(self, text: str) -> list[Span]:
        folded, where = _folded(text)
        words = _WORD.findall(folded)
        if self._first.isdisjoint(words):
            return []
        spans = list(_WORD.finditer(folded))
        out: list[Span] = []
        free = 0
        for i in compress(count(), map(self._first.__contains__, words)):
            if i < free:
                continue
            for toks, kind in self._index[words[i]]:
                n = len(toks)
                if tuple(words[i : i + n]) == toks:
                    start, end = spans[i].start(), spans[i + n - 1].end()
                    if where is not None:
                        start, end = where[start], where[end - 1] + 1
                    out.append((start, end, kind))
                    free = i + n
                    break
        return out

    def _given_names(self, text: str) -> list[Span]:
        if self._given_cased.isdisjoint(_WORD.findall(text)):
            return []
        out: list[Span] = []
        for m in _WORD.finditer(text):
            token = m.group()
            if not token[:1].isupper() or (token.isupper() and len(token) > 1):
                continue
            key = token.casefold()
            if key not in self._given:
                continue
            if key in _AMBIGUOUS and _sentence_start(text, m.start()):
                continue
            if _EPONYM.match(text, m.start()):
                continue
            out.append((m.start(), m.end(), "given name"))
        return out


def _phone_candidates(texts: list[str]) -> list[int]:
    """The indices of the texts with a run of seven digits that are not ids such as
    ``U0000764`` (:data:`_CODE_LIKE`): those a phone number may be found in. Column-wise
    (pandas' string methods: a million ids took 2 s one by one in Python)."""
    import numpy as np
    import pandas as pd

    column = pd.Series(texts, dtype=object)
    hinted = column.str.contains(_PHONE_HINT).to_numpy(dtype=bool)
    ids = column.str.fullmatch(_CODE_LIKE).to_numpy(dtype=bool)
    return np.flatnonzero(hinted & ~ids).tolist()


def redact(text: str, redactor: Redactor | None = None) -> str:
    """Redact one text (see :class:`Redactor`); the one function outputs pass through.

    Parameters
    ----------
    text : str
        Any text.
    redactor : Redactor or None, default=None
        The cohort's redactor (:func:`~replicate.privacy.cohort_redactor`); ``None`` uses
        the rules that need no roster (URLs, e-mail, identity and phone numbers, given
        names).

    Returns
    -------
    str
        The redacted text.

    Examples
    --------
    >>> redact("Mejla mig på anna.lind@ki.se, personnummer 19811228-9874.")
    'Mejla mig på [e-mail], personnummer [ID].'
    """
    return (redactor if redactor is not None else _default()).redact(text)


@lru_cache(maxsize=1)
def _default() -> Redactor:
    return Redactor()


def _roster_kind(kind: str, source: str) -> str:
    if kind == "name":
        if source.startswith("students."):
            return "student name"
        if source.startswith("mentors."):
            return "mentor name"
        return "name"
    return kind if kind in PLACEHOLDERS else "identifier"


def _compile(pattern: str) -> re.Pattern[str]:
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"privacy.id_patterns: {pattern!r} is not a valid regular "
                          f"expression ({exc})") from None
    if compiled.fullmatch(""):
        raise ConfigError(f"privacy.id_patterns: {pattern!r} matches the empty string; "
                          "give a pattern of the identifier itself, e.g. 'KI-\\d{6}'")
    return compiled


def _urls(text: str) -> list[Span]:
    out: list[Span] = []
    for m in _URL.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in _URL_TAIL:
            end -= 1
        out.append((m.start(), end, "URL"))
    return out


def _folded(text: str) -> tuple[str, list[int] | None]:
    """Case-folded text, and where each folded character came from when lengths differ."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded, None
    pieces = [fold(ch) for ch in text]
    where = [i for i, piece in enumerate(pieces) for _ in piece]
    return "".join(pieces), where


def _sentence_start(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence, line, cell or list item."""
    i = start - 1
    while i >= 0 and (text[i].isspace() or text[i] in _OPENERS):
        if text[i] == "\n":
            return True
        i -= 1
    return i < 0 or text[i] in _ENDERS
