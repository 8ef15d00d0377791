"""Headings, fixed phrases and number formats of the write-up in English and Swedish.

The study language (``study.language``) selects the language of every heading and fixed
phrase. Data (theme labels, quotes, codebook descriptions, config text) is shown as given.
Swedish follows the Swedish conventions of scientific writing: decimal comma (``0,86``), a
space before the percent sign (``20 %``) and "och" in lists. The phrases are in
``phrases.yaml`` beside this module (key → ``{en, sv}`` Python format strings); every key has
both languages with the same placeholders (a test checks it).

A gettext catalogue would need compiled ``.mo`` files for two languages and a few hundred
short strings; one YAML file keeps each phrase next to its translation, reviewable by a
translator who does not read Python.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from importlib.resources import files
from typing import Any

import yaml


def _load_phrases() -> dict[str, dict[str, str]]:
    text = files("replicate.writeup").joinpath("phrases.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return {str(k): {"en": str(v["en"]), "sv": str(v["sv"])} for k, v in data.items()}


PHRASES: dict[str, dict[str, str]] = _load_phrases()

__all__ = ["PHRASES", "SECTIONS", "TO_COMPLETE", "Text"]

TO_COMPLETE = {"en": "to complete by the authors", "sv": "att komplettera av författarna"}

# Section key -> (heading level, parent key or None); headings come from "h.<key>".
SECTIONS: dict[str, tuple[int, str | None]] = {
    "summary": (2, None),
    "introduction": (2, None),
    "methods": (2, None),
    "design": (3, "methods"),
    "context": (3, "methods"),
    "team": (3, "methods"),
    "sampling": (3, "methods"),
    "collection": (3, "methods"),
    "analysis": (3, "methods"),
    "ethics": (3, "methods"),
    "results": (2, None),
    "age_gender": (3, "results"),
    "saturation": (3, "results"),
    "comparison": (3, "results"),
    "discussion": (2, None),
    "limitations": (3, "discussion"),
    "declarations": (2, None),
    "checklists": (2, None),
    "coreq": (3, "checklists"),
    "srqr": (3, "checklists"),
    "to_complete": (2, None),
    "references": (2, None),
    "appendix_guide": (2, None),
    "appendix_codebook": (2, None),
}

_SV_WORDS = (
    (re.compile(r"\b(\d+) female\b"), r"\1 kvinnor"),
    (re.compile(r"\b(\d+) male\b"), r"\1 män"),
    (re.compile(r"\b(\d+) other\b"), r"\1 annat"),
    (re.compile(r"\bnot reported\b"), "ej rapporterat"),
    (re.compile(r"\bnot given\b"), "ej angivet"),
)
_ATTRIBUTION = re.compile(r"^\((?P<who>[^,]+)(?:, (?P<gender>female|male|other|not stated))?"
                          r"(?:, age (?P<age>.+))?\)$")


class Text:
    """Phrases and formats of one language.

    Parameters
    ----------
    language : {"en", "sv"}

    Examples
    --------
    >>> Text("sv").fmt(0.8599, "coef")
    '0,86'
    >>> Text("en").join(["a", "b", "c"])
    'a, b and c'
    """

    def __init__(self, language: str) -> None:
        if language not in ("en", "sv"):
            raise ValueError(f"language {language!r}; allowed: en, sv")
        self.language = language

    def __call__(self, key: str, **values: Any) -> str:
        """The phrase ``key`` in this language, formatted with ``values``."""
        return PHRASES[key][self.language].format(**values)

    def h(self, key: str) -> str:
        """The heading of section ``key`` (see :data:`SECTIONS`)."""
        return self(f"h.{key}")

    @property
    def to_complete(self) -> str:
        """The marker of a part only the authors can write."""
        return TO_COMPLETE[self.language]

    def _decimal(self, text: str) -> str:
        return text.replace(".", ",") if self.language == "sv" else text

    def fmt(self, value: Any, style: str) -> str:
        """Format a value for the text.

        Parameters
        ----------
        value : object
            ``None`` (or NaN) gives the phrase "not available".
        style : {"count", "coef", "share", "pct", "minutes", "text"}
            ``count`` whole number; ``coef`` two decimals (agreement coefficients);
            ``share`` three decimals; ``pct`` a fraction as a whole percentage;
            ``minutes`` shortest form of a number; ``text`` as it is.
        """
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            return self("na")
        if style == "count":
            return str(int(value))
        if style == "coef":
            return self._decimal(f"{float(value):.2f}")
        if style == "share":
            return self._decimal(f"{float(value):.3f}")
        if style == "pct":
            return self.pct(float(value))
        if style == "minutes":
            return self._decimal(f"{float(value):g}")
        return str(value)

    def pct(self, fraction: float, digits: int = 0) -> str:
        """A fraction as a percentage (``20%``; Swedish ``20 %``)."""
        number = self._decimal(f"{100 * fraction:.{digits}f}")
        return f"{number} %" if self.language == "sv" else f"{number}%"

    def n(self, shown: str, noun: str, value: Any = None) -> str:
        """A number with its noun in the right number: ``1 theme``, ``3 themes``.

        Parameters
        ----------
        shown : str
            The number as shown (from :meth:`fmt` or :meth:`Evidence.num`).
        noun : str
            The key of ``noun.<noun>`` in the phrases: ``singular|plural`` per language.
        value : object, optional
            The raw value; by default ``shown`` decides (``"1"`` is singular).

        Examples
        --------
        >>> Text("en").n("1", "category"), Text("en").n("3", "category")
        ('1 category', '3 categories')
        >>> Text("sv").n("1", "theme"), Text("sv").n("2", "theme")
        ('1 tema', '2 teman')
        """
        one, many = self(f"noun.{noun}").split("|")
        single = (value == 1) if value is not None else shown.strip() == "1"
        return f"{shown} {one if single else many}"

    def join(self, items: Iterable[str]) -> str:
        """``a, b and c`` (Swedish ``a, b och c``)."""
        seq = list(items)
        if len(seq) <= 1:
            return "".join(seq)
        return ", ".join(seq[:-1]) + f" {self('and')} " + seq[-1]

    def gender(self, value: object) -> str:
        """A gender value of the data (``female``, ``male``, ``other``) in this language."""
        s = "" if value is None else str(value)
        key = f"gender.{s}"
        return self(key) if key in PHRASES else s

    def datum(self, value: object) -> str:
        """A value of a stage table with its English fixed words translated (Swedish only)."""
        s = "" if value is None else str(value)
        if self.language == "sv":
            for pattern, repl in _SV_WORDS:
                s = pattern.sub(repl, s)
        return s

    def attribution(self, value: object) -> str:
        """A quote attribution ``(H, female, age 29)`` in this language."""
        s = str(value)
        m = _ATTRIBUTION.match(s)
        if m is None or self.language == "en":
            return s
        if m["gender"] and m["age"]:
            return self("quote.attribution", who=m["who"], gender=self.gender(m["gender"]),
                        age=m["age"])
        # coarsened (privacy.min_cell): the gender or the age left out
        parts = [m["who"], *([self.gender(m["gender"])] if m["gender"] else []),
                 *([self("quote.age", age=m["age"])] if m["age"] else [])]
        return f"({', '.join(parts)})"

    def label(self, prefix: str, key: object, *, default: str | None = None,
              **values: Any) -> str:
        """The phrase ``<prefix>.<key>`` (formatted with ``values``) if it exists, else
        ``default`` (``key`` when None)."""
        full = f"{prefix}.{key}"
        if full in PHRASES:
            return self(full, **values)
        return str(key) if default is None else default
