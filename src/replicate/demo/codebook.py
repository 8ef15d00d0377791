"""The demo codebook: the original's Table 1 hierarchy with synthetic codes beneath it.

The hierarchy (3 themes, 6 categories, 17 subcategories) is the one reported by Kalén, Ponzer &
Silén (2012, Table 1) as transcribed in ``docs/methodology.md`` §5.2; it is a fact about the
study and carries over unchanged, so the demo's comparison with the original replicates every
subcategory. The 40 codes below it (2–3 per subcategory), their descriptions and all text are
written for the demo.

``NEIGHBOURS`` lists the subcategory boundaries that methodology.md §5.2 names as ambiguous
(plus a few natural neighbours); coders' simulated disagreements fall within a subcategory or
across one of these boundaries, as real disagreements tend to.
"""

from __future__ import annotations

from replicate.demo.bank_future import FUTURE
from replicate.demo.bank_space import SPACE
from replicate.demo.bank_transition import TRANSITION
from replicate.demo.spec import CodeSpec

__all__ = [
    "CATEGORY_OF",
    "CODES",
    "HIERARCHY",
    "NEIGHBOURS",
    "NO_DOCTOR",
    "SUBCATEGORIES",
    "THEME_OF",
    "codebook_rows",
]

HIERARCHY: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    ("Space", (
        ("A free zone", ("Someone to talk to", "Reflection", "Relieving",
                         "Own and others' demands")),
        ("A sense of security", ("Support", "Available mentor", "Security")),
    )),
    ("Belief in the future", (
        ("Hope", ("It will work", "Looking forward to work as a doctor")),
        ("Motivation", ("Motivation",)),
    )),
    ("Transition", (
        ("Becoming a doctor", ("Insight into the profession", "Becoming more self-confident",
                               "Getting perspective")),
        ("Belonging to the community", ("Being invited", "Collegial interaction", "Fellowship",
                                        "Having no doctor in family or among friends")),
    )),
)
"""Themes → categories → subcategories, in the order of the original Table 1."""

SUBCATEGORIES: tuple[str, ...] = tuple(
    sub for _, cats in HIERARCHY for _, subs in cats for sub in subs
)
CATEGORY_OF: dict[str, str] = {
    sub: cat for _, cats in HIERARCHY for cat, subs in cats for sub in subs
}
THEME_OF: dict[str, str] = {cat: theme for theme, cats in HIERARCHY for cat, _ in cats}

CODES: tuple[CodeSpec, ...] = SPACE + FUTURE + TRANSITION
"""All codes, in hierarchy order."""

NO_DOCTOR = "Having no doctor in family or among friends"
"""Only participants without a doctor in the family speak to this subcategory."""

_PAIRS: tuple[tuple[str, str], ...] = (
    ("Own and others' demands", "Relieving"),
    ("Getting perspective", "Reflection"),
    ("Security", "Available mentor"),
    ("Security", "Support"),
    ("Someone to talk to", "Relieving"),
    ("It will work", "Looking forward to work as a doctor"),
    ("Looking forward to work as a doctor", "Motivation"),
    ("Being invited", "Collegial interaction"),
    ("Fellowship", "Collegial interaction"),
    ("Having no doctor in family or among friends", "Insight into the profession"),
    ("Becoming more self-confident", "Own and others' demands"),
    ("Insight into the profession", "Getting perspective"),
)

NEIGHBOURS: dict[str, tuple[str, ...]] = {
    sub: tuple(sorted({b for a, b in _PAIRS if a == sub} | {a for a, b in _PAIRS if b == sub}))
    for sub in SUBCATEGORIES
}
"""Subcategories a coder may confuse with each other (symmetric)."""


def codebook_rows() -> list[dict[str, str]]:
    """Return the codebook table rows in hierarchy order.

    Returns
    -------
    list of dict
        Columns ``code, subcategory, category, theme, description``.
    """
    rows = []
    for spec in CODES:
        cat = CATEGORY_OF[spec.subcategory]
        rows.append({
            "code": spec.code,
            "subcategory": spec.subcategory,
            "category": cat,
            "theme": THEME_OF[cat],
            "description": spec.description,
        })
    return rows
