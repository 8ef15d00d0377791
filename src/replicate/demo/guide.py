"""The demo interview guide, versions 1.0 and 1.1.

The four question areas are the original's (Kalén, Ponzer & Silén 2012, Methods: the content of
the students' conversations with their mentors, the relationship, the meaning of the mentorship
and general views on mentoring); the questions are written for the demo. Version 1.1 is the one
piloted. It keeps, on purpose, a few flawed questions so that the pilot-check notebook
(methodology.md §2.3) has real findings: Q3 is double-barrelled, Q5 is a closed yes/no
question, Q7 is leading ("Don't you think …") and Q8 uses jargon ("professional identity
formation"). ``changes`` records, with rationales, what changed from version 1.0.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["GUIDE_V10", "GUIDE_V11", "render_guide"]

_RQ = {
    "RQ1": "What do medical students and their mentors talk about in one-to-one mentoring?",
    "RQ2": "How do students experience the relationship with their mentor?",
    "RQ3": "What does the mentorship mean to the students?",
    "RQ4": "How do students view mentoring of medical students in general?",
}

_NEUTRAL = ["Can you tell me more about that?", "Could you give me an example?"]


def _q(qid: str, kind: str, text: str, probes: list[str]) -> dict[str, Any]:
    return {"id": qid, "kind": kind, "text": text, "probes": probes}


_Q1 = _q("Q1", "opening",
         "Could you tell me how you came to have a mentor during your clinical years?",
         ["What did you expect before the first meeting?"])
_Q2 = _q("Q2", "key", "What did you usually talk about with your mentor?",
         ["Could you give me an example of a typical meeting?",
          "What did you talk about that you did not talk about elsewhere?"])
_Q3 = _q("Q3", "key",
         "How did you prepare for the meetings and what did you take away from them?",
         _NEUTRAL)
_Q4 = _q("Q4", "key", "How would you describe your relationship with your mentor?",
         ["How did the relationship change over the two years?", *_NEUTRAL[:1]])
_Q5 = _q("Q5", "key", "Was it easy to reach your mentor when you needed to?",
         ["What happened when you got in touch?"])
_Q6 = _q("Q6", "key",
         "Thinking of your mentor as a person, what mattered most for how you got on?",
         ["What part, if any, did your mentor's age play?",
          "What part, if any, did your mentor's gender play?"])
_Q7 = _q("Q7", "key", "Don't you think the mentorship made you a better doctor?",
         _NEUTRAL)
_Q8 = _q("Q8", "key",
         "How has the mentorship influenced your professional identity formation?",
         ["How do you see your own role on the ward now?"])
_Q9 = _q("Q9", "key", "How do you picture your future working life now?",
         ["How did you feel about the future before the mentorship?", *_NEUTRAL[1:]])
_Q10 = _q("Q10", "key", "What do you think about mentoring for medical students in general?",
          ["Who would gain most from having a mentor?"])
_Q11 = _q("Q11", "key",
          "What advice would you give a medical school that wants to start a mentoring "
          "programme?", ["What should the mentor's role be?"])
_Q12 = _q("Q12", "closing",
          "Finally, what else would you like to add about your mentorship, anything we have "
          "not talked about?", [])


def _areas(content: list[dict[str, Any]], relation: list[dict[str, Any]],
           meaning: list[dict[str, Any]], general: list[dict[str, Any]]
           ) -> list[dict[str, Any]]:
    return [
        {"id": "content", "title": "Content of the conversations",
         "research_questions": ["RQ1"], "questions": content},
        {"id": "relationship", "title": "The relationship with the mentor",
         "research_questions": ["RQ2"], "questions": relation},
        {"id": "meaning", "title": "What the mentorship meant",
         "research_questions": ["RQ3"], "questions": meaning},
        {"id": "general", "title": "Views on mentoring in general",
         "research_questions": ["RQ4", "RQ3"], "questions": general},
    ]


_TITLE = "Interview guide: medical students' experience of a one-to-one mentor (synthetic demo)"

GUIDE_V10: dict[str, Any] = {
    "version": "1.0",
    "language": "en",
    "title": _TITLE,
    "planned_minutes": [40, 50],
    "research_questions": dict(_RQ),
    "areas": _areas(
        [_Q1, _q("Q2", "key", "Did you talk about your studies with your mentor?", []), _Q3],
        [_Q4, _Q5, _q("Q6", "key", "How many times did you meet your mentor, and where?", [])],
        [_Q7, _Q8, _Q9],
        [_q("Q10", "key",
            "What is your opinion about the usefulness, the cost and the organisation of "
            "mentoring programmes in medical education in general compared with other forms "
            "of student support such as tutoring, study counselling and peer groups?", []),
         _Q11],
    ),
}
"""The draft guide before expert review."""

GUIDE_V11: dict[str, Any] = {
    "version": "1.1",
    "language": "en",
    "title": _TITLE,
    "planned_minutes": [40, 50],
    "research_questions": dict(_RQ),
    "areas": _areas([_Q1, _Q2, _Q3], [_Q4, _Q5, _Q6], [_Q7, _Q8, _Q9], [_Q10, _Q11, _Q12]),
    "previous": "guide_v1.0.yaml",
    "changes": [
        {"question": "Q2", "rationale": "Reworded as an open question: the closed draft "
                                        "invited a yes or no and narrowed the talk to studies."},
        {"question": "Q6", "rationale": "Replaced: the number and place of meetings come from "
                                        "the programme register; a question on the mentor as a "
                                        "person lets age and gender come up without asking "
                                        "about them directly."},
        {"question": "Q10", "rationale": "Shortened to one simple question; the draft asked "
                                         "about three things at once and was hard to follow."},
        {"question": "Q12", "rationale": "Added a closing question that invites final "
                                         "comments."},
    ],
}
"""The guide as piloted and used (version 1.1)."""

_HEADER = """\
# SYNTHETIC DEMO DATA: an interview guide written for the replicate demo cohort.
# It follows the four question areas of Kalén, Ponzer & Silén (2012); the wording is ours.
# Some questions are flawed on purpose (Q3 double-barrelled, Q5 closed, Q7 leading,
# Q8 jargon) so that the pilot checks have something to find.
# synthetic: true
"""


class _NoAliasDumper(yaml.SafeDumper):
    """Safe dumper that writes repeated lists in full instead of YAML anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def render_guide(guide: dict[str, Any]) -> str:
    """Render a guide as YAML text with the synthetic-data header comment.

    Parameters
    ----------
    guide : dict
        ``GUIDE_V10`` or ``GUIDE_V11``.

    Returns
    -------
    str
        Deterministic YAML (keys in the order given, block style, ``\\n`` line ends).
    """
    body = yaml.dump(guide, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True,
                     width=100, default_flow_style=False)
    return _HEADER + f"# version {guide['version']}\n" + body
