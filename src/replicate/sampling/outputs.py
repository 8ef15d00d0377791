"""Report tables and figures of merit for a designed sample.

* **Pseudonyms** are letters in slot order, ``A``–``Z`` then ``AA``, ``AB``, … (bijective
  base 26, :func:`replicate.privacy.pseudonyms.pseudonym_label`), as the paper labels its
  quotes ("(H, female, age 29)").
* **Balance**: sample against eligible pool, count and share per level of every dimension.
* **Quota achievement**: the configured minimum, the minimum after relaxation and the count.
* **Coverage** (methodology §1.5): the share of (dimension, level) minimums that the
  sample meets, over the *configured* minimums (a relaxed quota lowers coverage).
* **Age-span ratio** (§1.5): ``(max − min of the sample) / (max − min of the pool)``, for
  students and for their mentors; ``None`` when the pool has a single age.
* **Sentence** in the paper's style: "12 participants (5 men and 7 women, aged 25–38)", for
  the designed sample and for the students interviewed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from replicate.privacy.pseudonyms import pseudonym_label
from replicate.sampling.quotas import Constraint

__all__ = [
    "age_span_ratio",
    "balance_table",
    "coverage",
    "describe_mentors",
    "describe_sample",
    "pseudonyms",
    "quota_table",
]

_NOUNS = {"male": ("man", "men"), "female": ("woman", "women"),
          "other": ("person of another gender", "people of another gender")}
_ADJ = {"male": "male", "female": "female", "other": "other-gender"}


def pseudonyms(n: int, *, fixed: Mapping[int, str] | None = None,
               reserved: Iterable[str] = ()) -> list[str]:
    """Pseudonyms for ``n`` slots, keeping given ones and skipping reserved letters.

    Parameters
    ----------
    n : int
        Number of slots.
    fixed : mapping of int to str, optional
        Slot -> pseudonym already in use (from the participants table).
    reserved : iterable of str
        Letters that must not be handed out (used by other participants).

    Returns
    -------
    list of str
        Slot ``i`` gets ``fixed[i]`` or the next free letter in order.
    """
    fixed = dict(fixed or {})
    taken = set(fixed.values()) | set(reserved)
    out: list[str] = []
    counter = 0
    for slot in range(n):
        if slot in fixed:
            out.append(fixed[slot])
            continue
        while pseudonym_label(counter) in taken:
            counter += 1
        out.append(pseudonym_label(counter))
        taken.add(out[-1])
    return out


def balance_table(
    pool_levels: Mapping[str, np.ndarray],
    sample: Sequence[int],
    levels: Mapping[str, Sequence[str]],
) -> pd.DataFrame:
    """Sample against eligible pool per dimension and level.

    Parameters
    ----------
    pool_levels : mapping of str to numpy.ndarray
        Dimension -> the level of each person in the pool.
    sample : sequence of int
        Pool positions of the sample.
    levels : mapping of str to sequence of str
        Dimension -> levels in display order (dimensions absent from ``pool_levels`` are
        skipped).

    Returns
    -------
    pandas.DataFrame
        Columns ``dimension``, ``level``, ``pool_n``, ``pool_share``, ``sample_n``,
        ``sample_share`` (shares rounded to 3 decimals).
    """
    rows = []
    picked = list(sample)
    for dim, dim_levels in levels.items():
        if dim not in pool_levels:
            continue
        values = pool_levels[dim]
        pool_counts = Counter(values.tolist())
        sample_counts = Counter(values[picked].tolist())
        n_pool, n_sample = max(len(values), 1), max(len(picked), 1)
        for level in dim_levels:
            p, s = pool_counts.get(level, 0), sample_counts.get(level, 0)
            rows.append((dim, level, p, round(p / n_pool, 3), s, round(s / n_sample, 3)))
    return pd.DataFrame(rows, columns=["dimension", "level", "pool_n", "pool_share",
                                       "sample_n", "sample_share"])


def quota_table(
    constraints: Sequence[Constraint],
    pool_n: np.ndarray,
    required: np.ndarray,
    achieved: np.ndarray,
) -> pd.DataFrame:
    """Minimum quotas against what the sample achieved.

    Parameters
    ----------
    constraints : sequence of Constraint
        The configured minimums.
    pool_n, required, achieved : numpy.ndarray
        Per constraint: eligible people, the minimum after relaxation, the sample's count.

    Returns
    -------
    pandas.DataFrame
        Columns ``dimension``, ``level``, ``quota`` (configured), ``required`` (after
        relaxation), ``pool_n``, ``achieved``, ``met`` (achieved >= required) and
        ``met_quota`` (achieved >= quota).
    """
    return pd.DataFrame({
        "dimension": [c.dimension for c in constraints],
        "level": [c.level for c in constraints],
        "quota": [c.quota for c in constraints],
        "required": [int(r) for r in required],
        "pool_n": [int(p) for p in pool_n],
        "achieved": [int(a) for a in achieved],
        "met": [bool(a >= r) for a, r in zip(achieved, required, strict=True)],
        "met_quota": [bool(a >= c.quota) for a, c in zip(achieved, constraints, strict=True)],
    })


def coverage(quotas: pd.DataFrame) -> float | None:
    """Share of configured (dimension, level) minimums met.

    Parameters
    ----------
    quotas : pandas.DataFrame
        A quota table with a bool column ``met_quota`` (see :func:`quota_table`).

    Returns
    -------
    float or None
        Rounded to 4 decimals; None when no minimum is configured.

    Examples
    --------
    >>> import pandas as pd
    >>> coverage(pd.DataFrame({"met_quota": [True, True, False, True]}))
    0.75
    """
    if quotas.empty:
        return None
    return round(float(quotas["met_quota"].mean()), 4)


def age_span_ratio(pool: np.ndarray, sample: np.ndarray) -> float | None:
    """Age-span ratio ``(max − min of sample) / (max − min of pool)`` (methodology §1.5).

    Parameters
    ----------
    pool, sample : numpy.ndarray
        Ages in the eligible pool and in the sample.

    Returns
    -------
    float or None
        Rounded to 4 decimals; None when the pool has a single age or the sample is empty.

    Examples
    --------
    >>> import numpy as np
    >>> age_span_ratio(np.array([20, 30, 40]), np.array([25, 35]))
    0.5
    """
    span = float(np.max(pool) - np.min(pool))
    if span <= 0 or len(sample) == 0:
        return None
    return round(float(np.max(sample) - np.min(sample)) / span, 4)


def _count_phrase(genders: Sequence[str]) -> str:
    counts = Counter(str(g) for g in genders)
    order = ["male", "female", "other", *sorted(set(counts) - set(_NOUNS))]
    parts = []
    for g in order:
        k = counts.get(g, 0)
        if k:
            one, many = _NOUNS.get(g, (f"person of gender {g}", f"people of gender {g}"))
            parts.append(f"{k} {one if k == 1 else many}")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _ages(ages: np.ndarray) -> str:
    lo, hi = int(np.min(ages)), int(np.max(ages))
    return f"aged {lo}" if lo == hi else f"aged {lo}–{hi}"


def describe_sample(genders: Sequence[str], ages: np.ndarray | None, *,
                    noun: str = "participant") -> str:
    """The paper's sentence for a sample, e.g. "12 participants (5 men and 7 women, aged 25–38)".

    Parameters
    ----------
    genders : sequence of str
        Gender of each person.
    ages : numpy.ndarray or None
        Age of each person; None leaves the age clause out (an age is not known).
    noun : str, default="participant"
        What a person is called (``"student"`` for a designed sample not yet interviewed);
        the plural adds an *s*.

    Returns
    -------
    str

    Examples
    --------
    >>> import numpy as np
    >>> describe_sample(["female"] * 7 + ["male"] * 5, np.array([25, 38] + [30] * 10))
    '12 participants (5 men and 7 women, aged 25–38)'
    >>> describe_sample(["female", "male"], None, noun="student")
    '2 students (1 man and 1 woman)'
    """
    n = len(genders)
    if n == 0:
        return f"no {noun}s"
    word = noun if n == 1 else f"{noun}s"
    details = _count_phrase(genders) + ("" if ages is None else f", {_ages(ages)}")
    return f"{n} {word} ({details})"


def describe_mentors(genders: Sequence[str], ages: np.ndarray) -> str:
    """A sentence on the sampled students' mentors, each mentor counted once.

    Parameters
    ----------
    genders : sequence of str
        Gender of each distinct mentor.
    ages : numpy.ndarray
        Age of each distinct mentor.

    Returns
    -------
    str
        Empty when there are no mentors.

    Examples
    --------
    >>> import numpy as np
    >>> describe_mentors(["male"] * 5 + ["female"] * 6, np.array([41, 63] + [50] * 9))
    'Their 11 mentors: 5 male and 6 female, aged 41–63.'
    """
    if len(genders) == 0:
        return ""
    counts = Counter(str(g) for g in genders)
    order = ["male", "female", "other", *sorted(set(counts) - set(_ADJ))]
    parts = [f"{counts[g]} {_ADJ.get(g, g)}" for g in order if g in counts]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    n = len(genders)
    return f"Their {n} {'mentor' if n == 1 else 'mentors'}: {listed}, {_ages(ages)}."
