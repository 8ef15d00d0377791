"""Sample-size rationale: the information-power profile and the saturation plan.

**Information power** (Malterud, Siersma & Guassora 2016): the more relevant information a
sample holds, the fewer participants are needed. Five dimensions each have a pole that
needs fewer and a pole that needs more participants. They are recorded here as ordinal
ratings (−1 = towards fewer, 0 = neither, +1 = towards more) with a justification, and
**shown as a profile, never summed into a number**: the authors offer the model as a prompt
for reflection, not a formula (methodology §1.6). Defaults are this replication's suggested
ratings from methodology §1.6.

**Saturation plan** (Guest, Namey & Chen 2020): the synthesis stage assesses code
saturation with a *base size* ``b`` (the unique codes in the first ``b`` interviews are the
denominator), a *run length* ``r`` (consecutive later interviews inspected for new codes)
and a *new-information threshold* ``t``; saturation is reached at ``s+r`` when the run after
interview ``s`` adds at most ``t`` of the base's codes. Defaults ``b = 4, r = 2, t = 5 %``;
the authors' grid (b ∈ {4, 5, 6}, r ∈ {2, 3}, t ∈ {5 %, 0 %}) is the sensitivity grid. The
stopping rule (methodology §1.8) plans ``N = 12`` (the original's size, inside Hennink &
Kaiser's 9–17) and continues up to ``max_n = 17``.

References
----------
Malterud K, Siersma VD, Guassora AD (2016). Sample size in qualitative interview studies:
guided by information power. Qual Health Res 26:1753–1760.
Guest G, Namey E, Chen M (2020). A simple method to assess and report thematic saturation in
qualitative research. PLoS ONE 15:e0232076.
Hennink M, Kaiser BN (2022). Sample sizes for saturation in qualitative research: a
systematic review of empirical tests. Soc Sci Med 292:114523.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from replicate.errors import ConfigError

__all__ = ["INFORMATION_POWER", "SaturationPlan", "information_power", "saturation_plan"]

#: key -> (dimension, pole needing fewer, pole needing more, default rating, default note)
INFORMATION_POWER: dict[str, tuple[str, str, str, int, str]] = {
    "aim": ("study aim", "narrow", "broad", -1,
            "Fairly narrow: students' experience of one-to-one mentoring."),
    "specificity": ("sample specificity", "dense", "sparse", -1,
                    "Dense: students with at least three meetings, interviewed soon after."),
    "theory": ("use of established theory", "applied", "none", 1,
               "Little theory: an inductive content analysis."),
    "dialogue": ("quality of dialogue", "strong", "weak", 0,
                 "To be judged from the pilot and the first interviews."),
    "analysis": ("analysis strategy", "case (in-depth)", "cross-case (exploratory)", 1,
                 "Cross-case: qualitative content analysis across all interviews."),
}
_LEANING = {-1: "towards fewer participants", 0: "neither", 1: "towards more participants"}


def information_power(
    profile: Mapping[str, int | Mapping[str, object]] | None = None,
    *,
    config_file: str | None = None,
) -> pd.DataFrame:
    """The information-power profile (shown, not scored).

    Parameters
    ----------
    profile : mapping or None, default=None
        ``sampling.information_power``: key (``aim``, ``specificity``, ``theory``,
        ``dialogue``, ``analysis``) -> a rating (-1, 0, 1) or
        ``{"rating": r, "justification": text}``. Keys left out take the defaults.
    config_file : str or None, default=None
        Config file name for error messages.

    Returns
    -------
    pandas.DataFrame
        One row per dimension in the order above: ``key``, ``dimension``, ``fewer_pole``,
        ``more_pole``, ``rating``, ``leaning``, ``justification``, ``source``
        (``default``/``config``).

    Raises
    ------
    ConfigError
        An unknown key, a rating other than -1, 0 or 1, or a non-text justification.

    References
    ----------
    Malterud, Siersma & Guassora (2016), Qual Health Res 26:1753–1760.
    """
    given = dict(profile or {})
    for key in given:
        if key not in INFORMATION_POWER:
            raise ConfigError(f"unknown dimension {key!r}; allowed: "
                              f"{', '.join(INFORMATION_POWER)}", file=config_file,
                              location="sampling.information_power")
    rows = []
    for key, (name, fewer, more, rating, note) in INFORMATION_POWER.items():
        source = "default"
        if key in given:
            where = f"sampling.information_power.{key}"
            entry = given[key]
            value: object = entry
            if isinstance(entry, Mapping):
                unknown = set(entry) - {"rating", "justification"}
                if unknown:
                    raise ConfigError(f"unknown field {sorted(unknown)[0]!r}; allowed: rating, "
                                      "justification", file=config_file, location=where)
                value = entry.get("rating", rating)
                text = entry.get("justification", note)
                if not isinstance(text, str):
                    raise ConfigError("justification must be text", file=config_file,
                                      location=f"{where}.justification")
                note = text
            if isinstance(value, bool) or value not in (-1, 0, 1):
                raise ConfigError(f"{value!r} is not allowed; a rating is -1 (fewer "
                                  "participants needed), 0 or 1 (more needed)",
                                  file=config_file, location=where)
            rating = -1 if value == -1 else (0 if value == 0 else 1)
            source = "config"
        rows.append((key, name, fewer, more, rating, _LEANING[rating], note, source))
    return pd.DataFrame(rows, columns=["key", "dimension", "fewer_pole", "more_pole", "rating",
                                       "leaning", "justification", "source"])


@dataclass(frozen=True)
class SaturationPlan:
    """How the synthesis stage will assess saturation, and the stopping rule.

    Attributes
    ----------
    base, run : int
        Base size ``b`` and run length ``r``.
    threshold : float
        Largest share of new codes that still counts as saturation.
    run_step : int
        How far the run window moves each time (1 = rolling; ``run`` = non-overlapping).
    planned_n, max_n : int
        Planned number of interviews and the most that will be done.
    """

    base: int
    run: int
    threshold: float
    run_step: int
    planned_n: int
    max_n: int

    @property
    def min_n(self) -> int:
        """Fewest interviews at which saturation can be assessed (``b + r``)."""
        return self.base + self.run

    @property
    def assessable(self) -> bool:
        """Whether the planned interviews are enough to assess saturation at all."""
        return self.planned_n >= self.min_n

    def grid(self) -> pd.DataFrame:
        """The 12-combination sensitivity grid of Guest, Namey & Chen (2020).

        Returns
        -------
        pandas.DataFrame
            Columns ``base``, ``run``, ``threshold``, ``min_n``, ``chosen``.
        """
        rows = [(b, r, t, b + r, (b, r, t) == (self.base, self.run, self.threshold))
                for b, r, t in itertools.product((4, 5, 6), (2, 3), (0.05, 0.0))]
        return pd.DataFrame(rows, columns=["base", "run", "threshold", "min_n", "chosen"])

    def stopping_rule(self) -> list[str]:
        """The stopping rule of methodology §1.8 as sentences."""
        return [
            f"at least {self.min_n} interviews (base {self.base} + run {self.run});",
            f"the new codes in the run are at most {self.threshold:.0%} of the base's codes;",
            "every minimum quota is met;",
            "the information-power profile has been reviewed.",
        ]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready parameters, notation and stopping rule."""
        return {"base": self.base, "run": self.run, "threshold": self.threshold,
                "run_step": self.run_step, "planned_n": self.planned_n, "max_n": self.max_n,
                "min_n": self.min_n, "assessable": self.assessable,
                "stopping_rule": self.stopping_rule()}


def saturation_plan(
    *,
    base: int = 4,
    run: int = 2,
    threshold: float = 0.05,
    run_step: int = 1,
    planned_n: int = 12,
    max_n: int | None = None,
    config_file: str | None = None,
) -> SaturationPlan:
    """Validate the saturation parameters and the stopping rule.

    Parameters
    ----------
    base : int, default=4
        Base size ``b``.
    run : int, default=2
        Run length ``r``.
    threshold : float, default=0.05
        New-information threshold ``t`` in [0, 1).
    run_step : int, default=1
        Window step, 1 to ``run``.
    planned_n : int, default=12
        Planned interviews. Below ``b + r`` saturation cannot be assessed (the plan says so
        through :attr:`SaturationPlan.assessable`; it is not an error).
    max_n : int or None, default=None
        Most interviews, at least ``planned_n``; None means ``max(17, planned_n)`` (17 is the
        top of Hennink & Kaiser's range).
    config_file : str or None, default=None
        Config file name for error messages.

    Returns
    -------
    SaturationPlan

    Raises
    ------
    ConfigError
        A value outside the ranges above.

    References
    ----------
    Guest, Namey & Chen (2020), PLoS ONE 15:e0232076.
    """
    def whole(value: object, key: str, low: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ConfigError(f"{value!r} is not allowed; give a whole number >= {low}",
                              file=config_file, location=f"sampling.saturation.{key}")
        return value

    b, r = whole(base, "base", 1), whole(run, "run", 1)
    step = whole(run_step, "run_step", 1)
    if step > r:
        raise ConfigError(f"run_step {step} is longer than the run ({r}); use 1 to {r}",
                          file=config_file, location="sampling.saturation.run_step")
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not (
        0 <= threshold < 1
    ):
        raise ConfigError(f"{threshold!r} is not allowed; give a share from 0 up to (not "
                          "including) 1, e.g. 0.05", file=config_file,
                          location="sampling.saturation.threshold")
    planned = whole(planned_n, "planned_n", 1)
    most = whole(max(17, planned) if max_n is None else max_n, "max_n", planned)
    return SaturationPlan(b, r, float(threshold), step, planned, most)
