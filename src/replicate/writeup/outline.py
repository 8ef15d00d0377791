"""The write-up's outline: headings and anchors, table and figure numbers, and the register
of parts the authors still have to write.

One :class:`Outline` is used while a write-up is assembled, in document order, so tables and
figures are numbered as they appear. :meth:`Outline.todo` is the only way a section marks a
gap: it returns the inline marker ("to complete by the authors") and records what is missing,
where, and which config key or file would fill it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from replicate.writeup import markdown as md
from replicate.writeup.i18n import SECTIONS, Text

__all__ = ["Outline"]


@dataclass
class Outline:
    """Headings, numbering and the to-complete register of one write-up.

    Parameters
    ----------
    text : Text
        The study language.
    """

    text: Text
    to_complete: list[dict[str, str]] = field(default_factory=list)
    _counters: dict[str, int] = field(default_factory=dict)

    def heading(self, key: str) -> str:
        """The Markdown heading of section ``key`` at its outline level."""
        level, _ = SECTIONS[key]
        return md.heading(level, self.text.h(key))

    def path(self, key: str) -> str:
        """The section's place as text, e.g. ``Methods › Sampling and participants``."""
        names = []
        node: str | None = key
        while node is not None:
            names.append(self.text.h(node))
            node = SECTIONS[node][1]
        return " › ".join(reversed(names))

    def ref(self, key: str) -> str:
        """A Markdown link to section ``key`` (its heading text, anchored)."""
        return md.link(self.text.h(key), "#" + md.anchor(self.text.h(key)))

    def path_ref(self, key: str) -> str:
        """A Markdown link showing the section's full path (for the checklists)."""
        return md.link(self.path(key), "#" + md.anchor(self.text.h(key)))

    def caption(self, kind: str, text: str, *, source: str = "") -> str:
        """``**Table 3.** text Source: file.`` with the next number of ``kind``.

        Parameters
        ----------
        kind : {"table", "figure"}
        text : str
            The caption (Markdown).
        source : str, default=""
            The artifact or input the table or figure shows, named after the caption.
        """
        n = self._counters.get(kind, 0) + 1
        self._counters[kind] = n
        where = f" {self.text('caption.source', source=source)}" if source else ""
        return f"**{self.text(f'caption.{kind}', n=n)}** {text}{where}\n\n"

    def has_hint(self, hint: str) -> bool:
        """Whether a registered gap is filled by ``hint`` or by a key that contains it.

        ``writeup.researchers (credentials)`` is covered by ``writeup.researchers``.
        """
        return any(hint == item["how"] or hint.startswith(item["how"] + " ")
                   for item in self.to_complete)

    def todo(self, key: str, section: str, hint: str, *, reason: str = "",
             what: str | None = None) -> str:
        """Record a part to complete and return its inline marker (emphasised).

        Parameters
        ----------
        key : str
            What is missing (``"recording"``, ``"reflexivity"``); recorded once.
        section : str
            Section key where it belongs.
        hint : str
            The config key or file that would fill it.
        reason : str, default=""
            Why it is missing, when more than "not given" (e.g. a file not found).
        what : str, optional
            The description shown; by default the phrase ``todo.<key>``.
        """
        if not any(item["key"] == key for item in self.to_complete):
            self.to_complete.append({
                "key": key,
                "what": what if what is not None else self.text.label("todo", key),
                "section": self.path(section),
                "how": hint,
                "reason": reason,
            })
        return f"*{self.text.to_complete}*"
