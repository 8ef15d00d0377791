"""Two synthetic pilot interviews that test the demo guide (version 1.1).

The original piloted its guide with two interviews (Kalén, Ponzer & Silén 2012, Methods). The
demo pilots are scripted so that the pilot checks of methodology.md §2.4 have real findings:

* both pilots skip key question Q9 (it is never asked);
* the interviewer paraphrases the guide, asks Q5 before Q4 in pilot 2 (order adherence), and
  asks one question that is not in the guide in pilot 1 (a candidate to add);
* the participant asks for clarification after the jargon question Q8 (pilot 1) and the
  double-barrelled Q3 (pilot 2); closed questions get short answers;
* the interviewer uses neutral probes and, in pilot 2, one leading probe;
* each pilot lasts 15–25 minutes, short of the planned 40–50.
"""

from __future__ import annotations

import datetime as dt

from replicate.demo.codebook import CODES, NO_DOCTOR
from replicate.demo.compose import QUESTION_TOPICS, Speaker
from replicate.demo.transcripts import SUB_QUESTIONS, Turn, render_turns

__all__ = ["SKIPPED", "compose_pilot"]

SKIPPED = "Q9"
"""The key question neither pilot asks."""

_WORDING: tuple[dict[str, str], ...] = (
    {
        "Q1": "So, to begin with, could you tell me how you came to have a mentor during "
              "your clinical years?",
        "Q2": "What did you usually talk about when you met your mentor?",
        "Q3": "How did you prepare for the meetings, and what did you take away from them "
              "afterwards?",
        "Q4": "How would you describe the relationship you had with your mentor?",
        "Q5": "Was it easy to reach your mentor when you needed to?",
        "Q6": "If you think of your mentor as a person, what mattered most for how you got "
              "on?",
        "Q7": "Don't you think the mentorship has made you a better doctor?",
        "Q8": "And how has the mentorship influenced your professional identity formation?",
        "Q10": "What do you think about mentoring for medical students more generally?",
        "Q11": "What advice would you give a medical school that wants to start its own "
               "mentoring programme?",
        "Q12": "Finally, is there anything else you would like to add about your mentorship, "
               "anything we have not talked about?",
    },
    {
        "Q1": "Could you tell me first how you came to have a mentor in your clinical years?",
        "Q2": "What did you and your mentor usually talk about?",
        "Q3": "How did you prepare for your meetings and what did you take away from them?",
        "Q4": "How would you describe your relationship with your mentor, then?",
        "Q5": "Okay. Was it easy for you to reach your mentor when you needed to?",
        "Q6": "Thinking of your mentor as a person, what mattered most for how the two of you "
              "got on?",
        "Q7": "Don't you think that the mentorship made you a better doctor in the end?",
        "Q8": "How has the mentorship influenced your professional identity formation, would "
              "you say?",
        "Q10": "What do you think about mentoring for medical students in general?",
        "Q11": "What advice would you give to a medical school that wants to start a "
               "mentoring programme?",
        "Q12": "Finally, what else would you like to add, anything we have not talked about?",
    },
)
_ORDER = (
    ("Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "EXTRA", "Q7", "Q8", "Q10", "Q11", "Q12"),
    ("Q1", "Q2", "Q3", "Q5", "Q4", "Q6", "Q7", "Q8", "Q10", "Q11", "Q12"),
)
_EXTRA = "What was it like to follow your mentor at work in the clinic?"
_INTRO = ("Thanks for helping us try out the questions. It is a test run, so please tell me "
          "if anything is unclear.")
_SHORT = {
    "Q5": ["Yes, it was.", "{He} always answered quickly."],
    "Q7": ["Yes, I suppose so.", "Maybe, in some ways."],
}
_CLARIFY: dict[tuple[int, str], tuple[str, str]] = {
    (0, "Q8"): ("Sorry, what do you mean by professional identity formation?",
                "I mean whether it has changed how you see yourself in your coming role, the "
                "kind of professional you are becoming."),
    (1, "Q3"): ("Sorry, could you repeat that? Which part should I answer first?",
                "Let's start with the preparing, and then we can come to the rest."),
}
_PROBES = (
    ("Q1", "Can you tell me more about that?"), ("Q4", "Could you give me an example?"),
    ("Q10", "In what way?"),
)
_LEADING_PROBE = ("Q4", "That must have been a great support, right?")


def _answer(speaker: Speaker, q: str, words: int) -> list[str]:
    """A pilot answer: filler on the question's topics with one or two coded-looking ideas."""
    codes = [c for c, spec in enumerate(CODES) if q in SUB_QUESTIONS[spec.subcategory]
             and not (speaker.doctor_in_family and spec.subcategory == NO_DOCTOR)]
    draw = speaker.draw
    ideas = [speaker.unit(draw.pick(codes), extend=draw.chance(0.5))[0]
             for _ in range(draw.between(1, 2))] if codes else []
    filler = speaker.filler(QUESTION_TOPICS.get(q, ("relationship", "meetings")), words)
    at = draw.between(1, max(1, len(filler) - 1))
    return filler[:at] + ideas + filler[at:]


def compose_pilot(
    speaker: Speaker, index: int, *, minutes: int, date: dt.date
) -> str:
    """Write pilot transcript ``index`` (0 or 1).

    Parameters
    ----------
    speaker : Speaker
        The pilot participant (and the random source).
    index : int
        0 for pilot 1, 1 for pilot 2.
    minutes : int
        Planned length, 15–25 minutes.
    date : datetime.date
        Interview date.

    Returns
    -------
    str
        The transcript text.
    """
    wording = _WORDING[index]
    order = _ORDER[index]
    per_answer = max(40, (minutes * 128 - 30 * len(order)) // (len(order) + 2))
    turns: list[Turn] = []
    for q in order:
        asked = _EXTRA if q == "EXTRA" else wording[q]
        if q == "Q1":
            turns.append(("I", [_INTRO], []))
            turns.append(("P", ["Okay, sure."], []))
        turns.append(("I", [asked], []))
        if (index, q) in _CLARIFY:
            ask, explain = _CLARIFY[(index, q)]
            turns.append(("P", [ask], []))
            turns.append(("I", [explain], []))
        if q in _SHORT:
            turns.append(("P", [speaker.fill(s) for s in _SHORT[q]], []))
            continue
        topic_q = "Q4" if q == "EXTRA" else q
        if q == "Q12":
            turns.append(("P", [speaker.sentence("closing")], []))
            continue
        turns.append(("P", _answer(speaker, topic_q, per_answer), []))
        for probe_q, probe in _PROBES:
            if probe_q == q:
                turns.append(("I", [probe], []))
                turns.append(("P", _answer(speaker, topic_q, per_answer // 2), []))
        if index == 1 and q == _LEADING_PROBE[0]:
            turns.append(("I", [_LEADING_PROBE[1]], []))
            turns.append(("P", ["Yes, it was.", *_answer(speaker, q, per_answer // 3)], []))
    turns.append(("I", ["Thank you, that was very helpful for testing the questions."], []))
    turns.append(("P", ["You're welcome."], []))
    fields = [("participant", f"pilot-{index + 1}"), ("pilot", "true"),
              ("date", date.isoformat()), ("interviewer", "SK"), ("language", "en"),
              ("guide_version", "1.1")]
    text, _, _ = render_turns(turns, minutes, fields)
    return text
