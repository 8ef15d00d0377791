"""Which codes each demo interview contains, and the simulated double coding.

Saturation. Interviews are coded in interview order, and the first occurrence of each code is
scheduled so that code saturation looks like real data (Guest, Bunce & Johnson 2006; Guest,
Namey & Chen 2020): most codes appear in the first interviews and only a few new ones later.
For 12 interviews the numbers of new codes are 19, 8, 4, 3, 2, 1, 1, 1, 0, 0, 1, 0 (40 codes),
which with base 4, run 2 and a 5 % threshold saturates at "7+2" and still shows one late code.
Codes differ in how common they are (log-normal weights), the commonest tending to appear first;
a code appears at most three times per interview (each code has three ways of being said)
unless an early interview has too few codes to fill its units.

Coverage. Every subcategory is voiced by at least two participants, and the subcategory *Having
no doctor in family or among friends* only by participants without one (the attribute
``doctor_in_family``), so the subgroup view has a real pattern to show.

Double coding. As in the original (two authors coded parts of the transcripts independently,
then reached consensus; methodology.md §3.4), two coders (SK, CS) code about 20 % of the units,
sampled per transcript (stratified). Between 84 % and 88 % of these agree; a disagreement puts
one coder on the final code and the other on a code of the same subcategory or of a neighbouring
one (``codebook.NEIGHBOURS``), and falls three times as often on the ambiguous boundaries.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from replicate.demo.codebook import CODES, NEIGHBOURS, NO_DOCTOR

__all__ = ["NEW_CODES_12", "double_code", "schedule_codes"]

NEW_CODES_12 = (19, 8, 4, 3, 2, 1, 1, 1, 0, 0, 1, 0)
"""New codes per interview for a 12-interview study (sums to the 40 codes)."""
CODERS = ("CS", "SK")
MAX_PER_INTERVIEW = 3
_AMBIGUOUS = frozenset({"Own and others' demands", "Relieving", "Getting perspective",
                        "Reflection", "Security", "Available mentor",
                        "Having no doctor in family or among friends"})


def _first_interviews(n: int, rng: np.random.Generator, weights: np.ndarray) -> list[int]:
    """Interview index (0-based) where each code first appears, before constraints."""
    slots: list[int] = []
    for i, k in enumerate(NEW_CODES_12):
        target = i if n >= len(NEW_CODES_12) else (i * n) // len(NEW_CODES_12)
        slots.extend([target] * k)
    # Commoner codes (higher weight, jittered) are met earlier.
    jitter = weights * rng.lognormal(0.0, 0.6, len(weights))
    order = np.argsort(-jitter, kind="stable")
    first = [0] * len(CODES)
    for rank, code in enumerate(order):
        first[int(code)] = slots[rank]
    return first


def schedule_codes(
    doctor_in_family: list[bool], units: list[int], rng: np.random.Generator
) -> list[list[int]]:
    """Choose the code (an index into ``CODES``) of every meaning unit of every interview.

    Parameters
    ----------
    doctor_in_family : list of bool
        Per interview (in interview order): the participant has a doctor in the family.
    units : list of int
        Number of meaning units per interview.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    list of list of int
        Per interview, the code indices of its units (unordered).
    """
    n = len(units)
    weights = rng.lognormal(0.0, 0.7, len(CODES))
    first = _first_interviews(n, rng, weights)
    allowed = [[not (dif and spec.subcategory == NO_DOCTOR) for spec in CODES]
               for dif in doctor_in_family]
    for c, spec in enumerate(CODES):  # move no-doctor codes to a participant without one
        if spec.subcategory == NO_DOCTOR:
            later = [i for i in range(first[c], n) if allowed[i][c]]
            anywhere = [i for i in range(n) if allowed[i][c]]
            first[c] = later[0] if later else (anywhere[0] if anywhere else n)

    out: list[list[int]] = []
    pending: list[int] = []
    seen: set[int] = set()
    for i in range(n):
        due = pending + sorted(c for c in range(len(CODES)) if first[c] == i)
        new, pending = due[: units[i]], due[units[i]:]
        seen.update(new)
        pool = [c for c in sorted(seen) if allowed[i][c]]
        codes = list(new)
        need = units[i] - len(new)
        if pool and need > 0:
            p = weights[pool] / weights[pool].sum()
            draws = [pool[int(j)] for j in rng.choice(len(pool), 4 * need, p=p)]
            count = Counter(codes)
            spare: list[int] = []
            for c in draws:
                if len(codes) == units[i]:
                    break
                if count[c] < MAX_PER_INTERVIEW:
                    codes.append(c)
                    count[c] += 1
                else:
                    spare.append(c)
            codes += spare[: units[i] - len(codes)]
        out.append(codes)
    _ensure_coverage(out, allowed, first)
    return out


def _ensure_coverage(out: list[list[int]], allowed: list[list[bool]], first: list[int]) -> None:
    """Make every subcategory voiced by at least two participants where possible."""
    n = len(out)
    subs = sorted({spec.subcategory for spec in CODES})
    for sub in subs:
        members = [c for c, spec in enumerate(CODES) if spec.subcategory == sub]
        earliest = min(first[c] for c in members)
        covering = {i for i in range(n) if any(c in members for c in out[i])}
        candidates = [i for i in range(n) if i not in covering and i >= earliest
                      and any(allowed[i][c] for c in members) and len(out[i]) > 1]
        candidates += [i for i in range(n) if i not in covering and i < earliest
                       and any(allowed[i][c] for c in members) and len(out[i]) > 1]
        for i in candidates:
            if len(covering) >= 2:
                break
            counts = Counter(out[i])
            victim = max(out[i], key=lambda c: (counts[c], -c))
            if counts[victim] < 2:
                continue  # would remove a code's only unit in this interview
            code = next(c for c in members if allowed[i][c])
            out[i][out[i].index(victim)] = code
            covering.add(i)


def double_code(
    units: list[list[tuple[str, int]]], rng: np.random.Generator, *, fraction: float = 0.2
) -> list[tuple[str, str, int]]:
    """Simulate two coders on a stratified sample of the units.

    Parameters
    ----------
    units : list of list of (str, int)
        Per transcript, its units as ``(unit_id, final code index)``.
    rng : numpy.random.Generator
        Source of randomness.
    fraction : float, default=0.2
        Share of each transcript's units that both coders code.

    Returns
    -------
    list of (str, str, int)
        ``(unit_id, coder, code index)`` sorted by unit id then coder.
    """
    sample: list[tuple[str, int]] = []
    for rows in units:
        if not rows:
            continue
        k = max(1, round(fraction * len(rows)))
        idx = np.sort(rng.choice(len(rows), size=k, replace=False))
        sample.extend(rows[int(j)] for j in idx)
    if not sample:
        return []
    rate = 0.12 + 0.04 * float(rng.random())
    n_dis = min(len(sample), math.floor(rate * len(sample) + 0.5))
    w = np.array([3.0 if CODES[c].subcategory in _AMBIGUOUS else 1.0 for _, c in sample])
    dis = set(rng.choice(len(sample), size=n_dis, replace=False, p=w / w.sum()).tolist())
    rows_out: list[tuple[str, str, int]] = []
    for j, (uid, code) in enumerate(sample):
        if j not in dis:
            rows_out += [(uid, "CS", code), (uid, "SK", code)]
            continue
        sub = CODES[code].subcategory
        near = {sub, *NEIGHBOURS[sub]}
        alt = [c for c, spec in enumerate(CODES) if spec.subcategory in near and c != code]
        other = alt[int(rng.integers(len(alt)))]
        if rng.random() < 0.6:  # SK, who finished the coding, more often held the final code
            rows_out += [(uid, "CS", other), (uid, "SK", code)]
        else:
            rows_out += [(uid, "CS", code), (uid, "SK", other)]
    rows_out.sort(key=lambda r: (r[0], r[1]))
    return rows_out
