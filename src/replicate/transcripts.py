"""Speaker-tagged interview transcripts.

Format (UTF-8 text, one file per interview)::

    # synthetic: true
    # participant: A
    # date: 2025-09-01
    # duration_min: 46
    [00:00:05] I: Could you tell me about your first meeting with your mentor?
    [00:00:12] P: We met at the hospital café ...
    I: (a turn without a timestamp is allowed)

* Header lines start with ``#`` and hold ``key: value`` pairs; they come first.
* A turn starts with an optional ``[hh:mm:ss]`` or ``[mm:ss]`` timestamp, then a speaker tag
  ``I:`` (interviewer) or ``P:`` (participant) (also ``Interviewer:`` / ``Participant:`` and
  the Swedish ``Intervjuare:`` / ``Deltagare:``).
* A line without a tag continues the previous turn. Blank lines are ignored.
* Character offsets (``start``/``end`` in the units table) count code points in the whole file
  as read with universal newlines (CRLF counts as one character).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from replicate.errors import DataError
from replicate.tables_read import read_regular_file

__all__ = ["MAX_TRANSCRIPT_BYTES", "Transcript", "Turn", "parse_transcript", "read_text",
           "read_transcript"]

MAX_TRANSCRIPT_BYTES = 64 << 20
"""Largest transcript read (64 MiB; a two-hour interview is about 100 kB)."""

Speaker = Literal["I", "P"]

_TAG = re.compile(
    r"^(?:\[(?P<ts>\d{1,2}:\d{2}(?::\d{2})?)\]\s*)?"
    r"(?P<tag>I|P|Interviewer|Participant|Intervjuare|Deltagare|IP)\s*:\s?(?P<text>.*)$"
)
_SPEAKERS: dict[str, Speaker] = {
    "I": "I", "Interviewer": "I", "Intervjuare": "I",
    "P": "P", "IP": "P", "Participant": "P", "Deltagare": "P",
}


@dataclass(frozen=True)
class Turn:
    """One speaker turn.

    Attributes
    ----------
    speaker : {"I", "P"}
        ``I`` interviewer, ``P`` participant.
    text : str
        What was said (continuation lines joined with a space).
    line : int
        1-based line number where the turn starts.
    seconds : float or None
        Timestamp in seconds from the start, when given.
    """

    speaker: Speaker
    text: str
    line: int
    seconds: float | None = None

    @cached_property
    def words(self) -> int:
        """Number of whitespace-separated words (counted once per turn)."""
        return len(self.text.split())


@dataclass(frozen=True)
class Transcript:
    """A parsed transcript: header fields and turns."""

    name: str
    header: dict[str, str] = field(default_factory=dict)
    turns: tuple[Turn, ...] = ()

    @cached_property
    def _speaker_words(self) -> dict[Speaker, int]:
        # one pass over the turns for every count (stage 00 asks three times per transcript:
        # 5 s at 10,000 interviews when each count went over every turn's cached count)
        out: dict[Speaker, int] = {}
        for turn in self.turns:
            out[turn.speaker] = out.get(turn.speaker, 0) + len(turn.text.split())
        return out

    @property
    def words(self) -> int:
        """All words spoken."""
        return sum(self._speaker_words.values())

    def words_by(self, speaker: Speaker) -> int:
        """Words spoken by ``speaker``."""
        return self._speaker_words.get(speaker, 0)

    def duration_minutes(self, *, words_per_minute: float = 130.0) -> tuple[float, str]:
        """Interview length in minutes and how it was obtained.

        Returns
        -------
        minutes : float
        source : {"header", "timestamps", "estimated"}
            From the ``duration_min`` header, the last timestamp, or the word count at
            ``words_per_minute``.
        """
        if "duration_min" in self.header:
            try:
                return float(self.header["duration_min"]), "header"
            except ValueError:
                pass
        stamps = [t.seconds for t in self.turns if t.seconds is not None]
        if stamps:
            return max(stamps) / 60.0, "timestamps"
        return self.words / words_per_minute, "estimated"


@lru_cache(maxsize=1 << 16)  # stamps repeat across transcripts (00:00:00-01:30:00)
def _seconds(stamp: str) -> float:
    total = 0
    for part in stamp.split(":"):
        total = total * 60 + int(part)
    return float(total)


def read_text(path: Path) -> str:
    """Read a UTF-8 text file (a leading BOM is dropped, CRLF becomes LF).

    The file must be a regular file of at most :data:`MAX_TRANSCRIPT_BYTES` bytes: a named
    pipe is refused (reading one blocks until a writer appears), as is a loop of symbolic
    links.

    Raises
    ------
    DataError
        When the file is missing, not a regular file, too large or not UTF-8.
    """
    raw = read_regular_file(path, limit=MAX_TRANSCRIPT_BYTES,
                            folder_message="is a folder, expected a text file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
            file=str(path), location=f"line {line}",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_transcript(text: str, *, name: str = "<transcript>") -> Transcript:
    """Parse transcript text into header and turns.

    Parameters
    ----------
    text : str
        The whole file.
    name : str
        File name used in error messages.

    Raises
    ------
    DataError
        When the text has no speaker-tagged turn, or text comes before the first tag.
    """
    header: dict[str, str] = {}
    turns: list[Turn] = []
    # the open turn: speaker, its text pieces (joined with one space), first line, timestamp
    speaker: Speaker | None = None
    pieces: list[str] = []
    first_line = 0
    seconds: float | None = None
    in_header = True
    match = _TAG.match
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        if in_header and line.startswith("#"):
            key, sep, value = line.lstrip("#").partition(":")
            if sep:
                header[key.strip().lower()] = value.strip()
            continue
        in_header = False
        m = match(line)
        if m:
            if speaker is not None:
                turns.append(Turn(speaker, " ".join(pieces), first_line, seconds))
            ts, tag, said = m.group("ts", "tag", "text")
            speaker = _SPEAKERS[tag]
            said = said.strip()
            pieces = [said] if said else []
            first_line = lineno
            seconds = _seconds(ts) if ts else None
        elif speaker is None:
            raise DataError(
                "text before any speaker tag; each turn must start with 'I:' or 'P:'",
                file=name, location=f"line {lineno}",
            )
        else:
            pieces.append(line)
    if speaker is not None:
        turns.append(Turn(speaker, " ".join(pieces), first_line, seconds))
    if not turns:
        raise DataError(
            "no speaker-tagged turns found; each turn must start with 'I:' or 'P:'", file=name
        )
    return Transcript(name=name, header=header, turns=tuple(turns))


def read_transcript(path: Path) -> Transcript:
    """Read and parse the transcript at ``path``."""
    return parse_transcript(read_text(path), name=str(path))
