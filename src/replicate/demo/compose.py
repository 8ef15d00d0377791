"""Cheap composition of synthetic participant speech from the text banks.

A :class:`Speaker` holds one participant's fixed facts (the mentor's pronouns, specialty, age
and gender, whether there is a doctor in the family) and deals sentences from the banks
(:mod:`replicate.demo.bank_talk` and the per-code banks) without replacement, filling the
slots. Everything is plain string work on block-drawn random integers, so a 1,000-interview
cohort composes in seconds.
"""

from __future__ import annotations

from string import Formatter

from replicate.demo.bank_talk import (
    ANECDOTE_EVENTS,
    ANECDOTE_TIMES,
    COMMA_OPENERS,
    FILLER,
    SLOTS,
    STANDALONE_OPENERS,
)
from replicate.demo.codebook import CODES
from replicate.demo.rand import Deck, Draw

__all__ = ["QUESTION_TOPICS", "Speaker"]

QUESTION_TOPICS: dict[str, tuple[str, str]] = {
    "Q1": ("background", "course"),
    "Q2": ("meetings", "course"),
    "Q3": ("meetings", "course"),
    "Q4": ("relationship", "meetings"),
    "Q5": ("relationship", "meetings"),
    "Q6": ("relationship", "generic"),
    "Q7": ("meaning", "course"),
    "Q8": ("meaning", "course"),
    "Q9": ("meaning", "views"),
    "Q10": ("views", "meaning"),
    "Q11": ("views", "meetings"),
    "Q12": ("closing", "meaning"),
}
"""Main and secondary filler topic for answers to each guide question."""

_PRONOUNS = {
    "female": {"he": "she", "him": "her", "his": "her", "He": "She", "His": "Her"},
    "male": {"he": "he", "him": "him", "his": "his", "He": "He", "His": "His"},
}


class Speaker:
    """Composes what one synthetic participant says.

    Parameters
    ----------
    draw : Draw
        Random source for this transcript.
    mentor_gender : {"female", "male"}
        Chooses the pronouns for the mentor.
    mentor_age : int
        Mentors under 45 count as young when the participant talks about age.
    specialty : str
        Mentor's specialty.
    doctor_in_family : bool
        Whether the participant mentions a doctor in the family.
    """

    def __init__(self, draw: Draw, *, mentor_gender: str, mentor_age: int, specialty: str,
                 doctor_in_family: bool) -> None:
        self.draw = draw
        self.mentor_gender = mentor_gender
        self.mentor_young = mentor_age < 45
        self.doctor_in_family = doctor_in_family
        self._fixed = dict(_PRONOUNS.get(mentor_gender, _PRONOUNS["male"]))
        self._fixed["spec"] = specialty.lower()
        self._slot_decks = {k: Deck(v, draw) for k, v in SLOTS.items()}
        self._decks: dict[str, Deck[str]] = {}
        self._cores = [Deck(spec.cores, draw) for spec in CODES]
        self._more = [Deck(spec.more, draw) for spec in CODES]
        self._keys: dict[str, list[str]] = {}
        self._times = Deck(ANECDOTE_TIMES, draw)
        self._events = Deck(ANECDOTE_EVENTS, draw)

    def fill(self, template: str) -> str:
        """Fill the slots of ``template`` (pronouns, specialty, places, courses, …)."""
        if "{" not in template:
            return template
        keys = self._keys.get(template)
        if keys is None:
            keys = [f for _, f, _, _ in Formatter().parse(template) if f]
            self._keys[template] = keys
        values = dict(self._fixed)
        for key in keys:
            if key not in values:
                value = self._slot_decks[key].deal()
                values[key] = value.format_map(self._fixed) if "{" in value else value
        return template.format_map(values)

    def _deck(self, topic: str) -> Deck[str]:
        deck = self._decks.get(topic)
        if deck is None:
            deck = Deck(FILLER[topic], self.draw)
            self._decks[topic] = deck
        return deck

    def sentence(self, topic: str) -> str:
        """One filled filler sentence on ``topic`` (a key of ``bank_talk.FILLER``)."""
        return self.fill(self._deck(topic).deal())

    def filler(self, topics: tuple[str, str], words: int) -> list[str]:
        """Filler sentences on the question's topics, about ``words`` words in all.

        Sentences come from the main topic (45 %), the secondary topic (20 %), short
        anecdotes (15 %), asides about life at the time (10 %) and general hesitations
        (10 %); some start with a discourse marker.
        """
        out: list[str] = []
        count = 0
        while count < words:
            roll = self.draw.index(100)
            if roll < 45:
                text = self.sentence(topics[0])
            elif roll < 65:
                text = self.sentence(topics[1])
            elif roll < 80:
                text = self.fill(f"{self._times.deal()}, {self._events.deal()}.")
            elif roll < 90:
                text = self.sentence("life")
            else:
                text = self.sentence("generic")
            roll = self.draw.index(100)
            if roll < 12:
                text = f"{self.draw.pick(STANDALONE_OPENERS)} {text}"
            elif roll < 24:
                opener = self.draw.pick(COMMA_OPENERS)
                if not (text.startswith("I ") or text.startswith("I'")):
                    text = text[0].lower() + text[1:]
                text = f"{opener} {text}"
            out.append(text)
            count += text.count(" ") + 1
        return out

    def unit(self, code: int, *, extend: bool) -> tuple[str, str]:
        """A meaning unit voicing ``code`` and its condensation.

        Parameters
        ----------
        code : int
            Index into ``codebook.CODES``.
        extend : bool
            Add a follow-up sentence to the unit.

        Returns
        -------
        text, condensed : str
        """
        core, condensed = self._cores[code].deal()
        text = self.fill(core)
        if extend:
            text = f"{text} {self.fill(self._more[code].deal())}"
        return text, condensed

    def aspects(self) -> list[str]:
        """Uncoded remarks on the mentor's gender and age (the original's separate summary)."""
        gender = "mentor_female" if self.mentor_gender == "female" else "mentor_male"
        age = "mentor_young" if self.mentor_young else "mentor_old"
        return [self.sentence(gender), self.sentence(age)]

    def family(self) -> list[str]:
        """An uncoded remark about a doctor in the family, when there is one."""
        return [self.sentence("doctor_family")] if self.doctor_in_family else []
