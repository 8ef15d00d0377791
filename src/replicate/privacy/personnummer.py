"""Swedish personal identity numbers (personnummer) and coordination numbers.

A personnummer is ``YYMMDD-NNNC`` (10 digits; ``+`` instead of ``-`` for people aged 100 or
more) or ``YYYYMMDDNNNC`` (12 digits, separator optional). ``NNN`` is a serial number and
``C`` a check digit: the Luhn (mod 10) check digit of the ten digits ``YYMMDDNNN``
(Skatteverket, SKV 704). A samordningsnummer (coordination number, for people not registered
as residents) has the same form with 60 added to the day (SKV 707).

A candidate found in text is reported only when the date is a real calendar date (day, or
day − 60 for a coordination number), the serial is not ``000`` and the Luhn check digit
matches, so other 10- and 12-digit numbers (phone numbers, dates with times, record numbers)
are rarely mistaken for identity numbers: of random digit strings with a valid date, only
one in ten passes the checksum.

Why not a library: the ``personnummer`` package (3.2.1, last release February 2024) and
``python-stdnum``'s ``stdnum.se.personnummer`` both infer the century of a 10-digit number
from today's date, so whether a number is "valid" could change with the day a scan runs
(this project's outputs must not depend on the clock); ``stdnum.se.personnummer`` also
rejects coordination numbers, ``personnummer`` has no type hints, and neither finds numbers
in running text, which is the part we need. The checks themselves are a dozen lines.

References
----------
.. [1] Skatteverket. *Personnummer* (SKV 704), edition 8, 2007.
.. [2] Skatteverket. *Samordningsnummer* (SKV 707), 2009.
.. [3] Luhn, H. P. (1960). Computer for verifying numbers. US Patent 2,950,048.
"""

from __future__ import annotations

import calendar
import re
from typing import Literal

__all__ = ["find_identity_numbers", "identity_number_kind", "luhn_valid"]

IdentityKind = Literal["personnummer", "samordningsnummer"]

# 6 or 8 date digits, an optional separator, 4 digits; not inside a longer digit run.
_CANDIDATE = re.compile(r"(?<![\d+-])(\d{8}|\d{6})([-+ ]?)(\d{4})(?![\d-]?\d)")


def luhn_valid(digits: str) -> bool:
    """Whether a digit string passes the Luhn (mod 10) check.

    Written by hand (a library would add a dependency for five lines): from the right, every
    second digit is doubled and 9 is subtracted when the double exceeds 9; the sum must be a
    multiple of 10.

    Parameters
    ----------
    digits : str
        Digits only, check digit last.

    Returns
    -------
    bool
        True when the check digit is right; False also for an empty or non-digit string.

    References
    ----------
    .. [1] Luhn, H. P. (1960). Computer for verifying numbers. US Patent 2,950,048.

    Examples
    --------
    >>> luhn_valid("8112289874")
    True
    >>> luhn_valid("8112289875")
    False
    """
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def identity_number_kind(text: str) -> IdentityKind | None:
    """Classify a string as a valid personnummer, samordningsnummer, or neither.

    Parameters
    ----------
    text : str
        ``YYMMDD-NNNC``, ``YYMMDD+NNNC``, ``YYMMDDNNNC``, ``YYYYMMDD-NNNC`` or
        ``YYYYMMDDNNNC`` (a space may stand for the separator).

    Returns
    -------
    {"personnummer", "samordningsnummer"} or None
        None when the form, the date, the serial or the check digit is wrong.

    Notes
    -----
    A 10-digit number does not say its century; it is accepted when its date exists in
    either the 1900s or the 2000s (this matters only for 29 February of year 00), so the
    result never depends on today's date.

    Examples
    --------
    >>> identity_number_kind("811228-9874")
    'personnummer'
    >>> identity_number_kind("811228-9875") is None
    True
    >>> identity_number_kind("701063-2391")
    'samordningsnummer'
    """
    m = _CANDIDATE.fullmatch(text.strip())
    if m is None:
        return None
    return _classify(m.group(1), m.group(3))


def find_identity_numbers(text: str) -> list[tuple[int, int, IdentityKind]]:
    """Find valid personnummer and samordningsnummer in running text.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of (start, end, kind)
        Character spans of the numbers that pass every check, in text order.
    """
    found: list[tuple[int, int, IdentityKind]] = []
    for m in _CANDIDATE.finditer(text):
        kind = _classify(m.group(1), m.group(3))
        if kind is not None:
            found.append((m.start(), m.end(), kind))
    return found


def _classify(date_digits: str, last4: str) -> IdentityKind | None:
    if len(date_digits) == 8:
        century: int | None = int(date_digits[:2])
        if century not in (18, 19, 20):
            return None
        short = date_digits[2:]
    else:
        century, short = None, date_digits
    yy, month, day = int(short[:2]), int(short[2:4]), int(short[4:6])
    kind: IdentityKind = "personnummer"
    if day > 60:
        kind, day = "samordningsnummer", day - 60
    years = [century * 100 + yy] if century is not None else [1900 + yy, 2000 + yy]
    if not 1 <= month <= 12 or not any(
        1 <= day <= calendar.monthrange(y, month)[1] for y in years
    ):
        return None
    if last4[:3] == "000" or not luhn_valid(short + last4):
        return None
    return kind
