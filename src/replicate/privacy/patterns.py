"""Pattern detectors: e-mail addresses, phone numbers and private absolute paths.

* **E-mail addresses**: a pragmatic pattern (``local@domain.tld``, the dot-atom form of
  RFC 5322 §3.4.1 without quoted local parts or IP literals), which is what appears in
  transcripts and spreadsheets.
* **Phone numbers**: Google's libphonenumber through the ``phonenumbers`` package
  (``PhoneNumberMatcher`` at leniency ``VALID``): it knows each country's numbering plan, so
  ``070-123 45 67``, ``+46 70 123 45 67`` and ``+44 20 7946 0958`` are found while dates,
  times, years, page ranges and personnummer are not. A hand-written pattern cannot tell
  ``2025-09-01`` from a phone number without that knowledge. Numbers written without a
  country code are read in the numbering plan of ``region`` (default ``SE``).
* **Private absolute paths**: the folders the caller names (config folder, home folder), and
  any home folder of the usual forms ``/home/<user>/``, ``/Users/<user>/`` and
  ``C:\\Users\\<user>\\``; ``/`` and ``\\`` are interchangeable and the match ignores case.

References
----------
.. [1] Resnick, P. (ed.) (2008). Internet Message Format. RFC 5322, §3.4.1.
.. [2] Google. libphonenumber. https://github.com/google/libphonenumber
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePath

import phonenumbers

__all__ = ["PathMatcher", "find_emails", "find_phone_numbers"]

_EMAIL = re.compile(
    r"(?<![\w.+-])[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*"
    r"@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}(?![\w-])"
)

# Home folders that name a user account. The user name stops at a separator, quote,
# whitespace or markup character.
_USER = r"[^\\/\s\"'<>:|*?]+"
_HOME = (
    rf"(?<![\w.])/home/{_USER}",
    rf"(?<![\w.])/Users/{_USER}",
    rf"(?<![\w])[A-Za-z]:[\\/]+Users[\\/]+{_USER}",
)


def find_emails(text: str) -> list[tuple[int, int]]:
    """Find e-mail addresses in text.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of (start, end)
        Character spans in text order.

    Examples
    --------
    >>> find_emails("write to anna.lind@ki.se or call")
    [(9, 24)]
    """
    return [(m.start(), m.end()) for m in _EMAIL.finditer(text)]


def find_phone_numbers(text: str, *, region: str = "SE") -> list[tuple[int, int]]:
    """Find phone numbers valid in their country's numbering plan.

    Parameters
    ----------
    text : str
        Any text.
    region : str, default="SE"
        ISO 3166 country code used for numbers written without ``+`` and a country code.

    Returns
    -------
    list of (start, end)
        Character spans in text order.

    References
    ----------
    .. [1] Google. libphonenumber. https://github.com/google/libphonenumber

    Examples
    --------
    >>> find_phone_numbers("Ring 070-123 45 67 den 2025-09-01.")
    [(5, 18)]
    """
    matcher = phonenumbers.PhoneNumberMatcher(
        text, region, leniency=phonenumbers.Leniency.VALID
    )
    return [(m.start, m.end) for m in matcher]


class PathMatcher:
    """Finds private absolute paths in text with one compiled regular expression.

    Parameters
    ----------
    private_paths : sequence of str or PurePath
        Folders that must not appear in an output (e.g. the config folder and the home
        folder). A path and everything below it match; ``/`` and ``\\`` are interchangeable
        and case is ignored. Filesystem roots (``/``, ``C:\\``) are ignored: they would match
        every absolute path.
    """

    def __init__(self, private_paths: Sequence[str | PurePath] = ()) -> None:
        given = sorted({p for p in (_normalise(x) for x in private_paths) if p}, key=len)
        alternatives = [
            "(?P<private>" + "|".join(_path_pattern(p) for p in reversed(given)) + ")"
        ] if given else []
        alternatives.append("(?P<home>" + "|".join(_HOME) + ")")
        self._regex = re.compile("|".join(alternatives), re.IGNORECASE)
        # Every match contains one of these lower-case literals. Checking for them with
        # ``in`` first (C speed) skips the regular expression, whose case-insensitive
        # alternation behind look-behinds has no literal prefix to jump to, on the texts
        # that cannot match: most of them.
        self._needles = tuple(sorted(
            {"/home/", "users/", "users\\"}
            | {max(p.lower().split("/"), key=len) for p in given}
        ))

    def may_match(self, text: str) -> bool:
        """Whether ``text`` holds a literal that every match contains (else :meth:`find`
        finds nothing in it, nor in any text made of the same lines: no literal spans a line
        break)."""
        low = text.lower()
        return any(needle in low for needle in self._needles)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Find private paths in ``text``.

        Returns
        -------
        list of (start, end, kind)
            ``kind`` is ``"private path"`` for a given folder and ``"home path"`` for a
            generic home folder.
        """
        if not self.may_match(text):
            return []
        return [
            (m.start(), m.end(), "private path" if m.lastgroup == "private" else "home path")
            for m in self._regex.finditer(text)
        ]


def _normalise(path: str | PurePath) -> str:
    text = str(path).strip().replace("\\", "/").rstrip("/")
    # A root ("" after stripping "/", or a bare drive such as "C:") would match everything.
    if not text or re.fullmatch(r"[A-Za-z]:", text):
        return ""
    return text


def _path_pattern(path: str) -> str:
    parts = [re.escape(p) for p in path.split("/")]
    return r"[\\/]+".join(parts) + r"(?![\w-])"
