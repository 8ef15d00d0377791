"""Small text utilities shared by the guide checks: words, sentences, discourse openers.

Tokenisation is a regular expression over Unicode letters rather than a tokenizer library:
the rules in methodology.md §2.3 are stated over whitespace-separated words with
punctuation removed, and a regex gives exactly that for English and Swedish (å, ä, ö are
``\\w``) without loading a model.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = [
    "OPENERS",
    "Language",
    "body_offset",
    "count_sentences",
    "normalise",
    "sentences",
    "words",
]

Language = Literal["en", "sv"]

#: A word: letters/digits, with inner apostrophes or hyphens ("don't", "e-post").
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
#: A sentence ends at ., ! or ? (one or more) followed by space or the end.
_SENT_END = re.compile(r"[.!?]+(?=\s|$)")
#: Discourse openers removed before the rules look at the first token (methodology §2.3).
OPENERS: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"(?:(?:so|and|now|okay|ok|well)\b[\s,.]*)+", re.IGNORECASE),
    "sv": re.compile(r"(?:(?:så|och|nu|okej|ok|men)\b[\s,.]*)+", re.IGNORECASE),
}
#: An explicit question tag at the start of a spoken turn, e.g. ``[Q3]``.
_TAG = re.compile(r"^\s*\[[A-Za-z0-9_.-]+\]\s*")


def normalise(text: str) -> str:
    """Replace typographic apostrophes with ``'`` (same length, so offsets are kept)."""
    return text.replace("’", "'").replace("‘", "'")


def words(text: str) -> list[str]:
    """Words of ``text`` in order (punctuation dropped, case kept)."""
    return _WORD.findall(normalise(text))


def sentences(text: str) -> list[str]:
    """Sentences of ``text``: pieces ending in ``.``, ``!`` or ``?`` that contain a word."""
    out: list[str] = []
    start = 0
    for m in _SENT_END.finditer(text):
        piece = text[start : m.end()].strip()
        if _WORD.search(piece):
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if _WORD.search(tail):
        out.append(tail)
    return out


def count_sentences(text: str) -> int:
    """Number of sentences (at least 1 for any text with a word, else 0)."""
    return len(sentences(text))


def body_offset(text: str, language: Language) -> int:
    """Offset where the question proper starts, after a ``[Q3]`` tag and discourse openers."""
    pos = 0
    m = _TAG.match(text)
    if m:
        pos = m.end()
    while pos < len(text) and text[pos].isspace():
        pos += 1
    m2 = OPENERS[language].match(text, pos)
    if m2 and m2.end() < len(text):
        pos = m2.end()
    return pos
