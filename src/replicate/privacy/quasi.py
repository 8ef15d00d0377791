"""Quasi-identifiers: coarsen combinations of attributes that too few people share.

A pseudonym hides a name, but "(M, other, age 27)" next to a quote still points at one
person when only one student of the programme has another gender. Before a table of
participants or a quote attribution is published, every combination of the attributes shown
together must be shared by at least ``k`` people (``privacy.min_cell``) of the *pool* the
participants were drawn from (the eligible students): *k*-anonymity [1]_ reached by global
recoding and local suppression [2]_. :func:`coarsen` does it in three steps, each only where
needed:

1. **Merge rare categories** (global recoding): a value of a ``merge`` column (gender) that
   fewer than ``k`` people of the pool have becomes :data:`NOT_STATED`, together with the
   missing values ("another gender" is merged into "not stated").
2. **Widen the age band** (local recoding), row by row: the exact age (or the configured
   band) becomes a band of the configured width, then twice and four times as wide, until
   ``k`` people of the pool share the row's combination.
3. **Drop attributes** (local suppression), row by row, when no band is wide enough: as few
   as will do, the least important first (``columns`` are given most important first, so
   the last is dropped first); the age is then shown in the narrowest band that is safe.

A row's combination is counted in the pool recoded the same way (a dropped attribute matches
everyone), and the last candidate (nothing shown) is shared by the whole pool.

**Limit.** A row that lost an attribute every other row shows tells a careful reader that
it was rare; suppressing other rows as well (secondary suppression) is not done. The ethics
paragraph of the write-up says what kinds of coarsening happened, never for whom.

References
----------
.. [1] Sweeney, L. (2002). k-anonymity: a model for protecting privacy. *International
   Journal of Uncertainty, Fuzziness and Knowledge-Based Systems*, 10(5), 557–570.
.. [2] Hundepool, A., Domingo-Ferrer, J., Franconi, L., et al. (2012). *Statistical
   Disclosure Control*. Wiley. Ch. 3 (global recoding, local suppression).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

import pandas as pd

from replicate.errors import ConfigError
from replicate.privacy.banding import band_age

__all__ = ["NOT_STATED", "Coarsening", "coarsen", "coarsening_kinds", "merge_rare"]

#: The group rare categories and missing values of a ``merge`` column are shown as.
NOT_STATED = "not stated"

Kind = Literal["merged", "widened", "dropped"]
_MISSING = "\x00missing"  # a key no data value can be
_DROPPED = "\x00any"


@dataclass(frozen=True, order=True)
class Coarsening:
    """What :func:`coarsen` changed in one column.

    Attributes
    ----------
    kind : {"dropped", "merged", "widened"}
        ``merged``: rare categories shown as :data:`NOT_STATED`; ``widened``: a wider age
        band; ``dropped``: the value left out.
    column : str
        The column.
    rows : int
        How many rows of the frame changed. For tests and the private record only: the
        report says what kind of coarsening happened, not how often.
    """

    kind: Kind
    column: str
    rows: int


def coarsen(
    frame: pd.DataFrame,
    columns: Sequence[str],
    pool: pd.DataFrame | None,
    min_cell: int,
    *,
    age: str = "age",
    merge: Sequence[str] = ("gender",),
    age_width: int = 5,
    exact_ages: bool = False,
    max_width: int = 20,
) -> tuple[pd.DataFrame, list[Coarsening]]:
    """Coarsen the attributes shown together until ``min_cell`` people of the pool share each
    row's combination (see the module docstring for the steps).

    Parameters
    ----------
    frame : pandas.DataFrame
        The rows to show (participants), holding ``columns``.
    columns : sequence of str
        The attributes shown together, most important first (the last is dropped first).
        ``age`` among them holds ages in years; the others are categories.
    pool : pandas.DataFrame or None
        The people the rows were drawn from (the eligible students), with the same columns;
        ``None`` uses ``frame`` itself.
    min_cell : int
        ``k``: the fewest people of the pool who must share a combination; 1 changes
        nothing.
    age : str, default="age"
        The age column.
    merge : sequence of str, default=("gender",)
        Category columns whose rare values are merged into :data:`NOT_STATED`.
    age_width : int, default=5
        The configured band width (``privacy.age_band_width``).
    exact_ages : bool, default=False
        Show exact ages where that is safe (``privacy.band_ages`` false); else bands of
        ``age_width`` at the least.
    max_width : int, default=20
        The widest band tried before the age is dropped.

    Returns
    -------
    (pandas.DataFrame, list of Coarsening)
        A copy of ``frame`` in which ``columns`` hold text labels (ages as ``"27"`` or
        ``"25–29"``) or ``None`` where a value was dropped or missing; and what changed, one
        record per kind and column, sorted.

    Raises
    ------
    ConfigError
        ``min_cell`` or a width is not a positive integer, or a column is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> pool = pd.DataFrame({"gender": ["male"] * 6 + ["female"] * 6 + ["other"] + [None] * 4,
    ...                      "age": [27] * 5 + [31] + [27] * 11})
    >>> shown, what = coarsen(pool.iloc[[0, 5, 12]], ["gender", "age"], pool, 5,
    ...                       exact_ages=True)
    >>> shown.to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'gender': 'male', 'age': '27'}, {'gender': 'male', 'age': '20–39'},
     {'gender': 'not stated', 'age': '27'}]
    >>> what  # doctest: +NORMALIZE_WHITESPACE
    [Coarsening(kind='merged', column='gender', rows=1),
     Coarsening(kind='widened', column='age', rows=1)]
    """
    for name, value in (("min_cell", min_cell), ("age_width", age_width),
                        ("max_width", max_width)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError(f"{name} must be a positive whole number, got {value!r}",
                              location=f"privacy.{name}")
    cols = list(dict.fromkeys(columns))
    base = frame if pool is None else pool
    for name, table in (("frame", frame), ("pool", base)):
        absent = [c for c in cols if c not in table.columns]
        if absent:
            raise ConfigError(f"the {name} has no column {', '.join(absent)}",
                              location="privacy.min_cell")
    merged = [c for c in merge if c in cols and c != age]
    rare = {c: _rare(base[c], min_cell) for c in merged}
    rows = {c: [_category(v, rare.get(c)) for v in frame[c].tolist()] for c in cols if c != age}
    pooled = {c: [_category(v, rare.get(c)) for v in base[c].tolist()] for c in cols if c != age}
    widths = _widths(age_width, exact_ages, max_width) if age in cols else [0]
    ladder = _ladder(cols, age, len(widths))
    chosen = [len(ladder) - 1] * len(frame)
    open_rows = list(range(len(frame)))
    for step, (width_i, kept) in enumerate(ladder):
        if not open_rows:
            break
        width = widths[width_i] if width_i < len(widths) else None
        ages_pool = _ages(base[age], width) if age in kept else None
        ages_rows = _ages(frame[age], width) if age in kept else None
        counts = Counter(_keys(pooled, ages_pool, kept, age, len(base)))
        keys = _keys(rows, ages_rows, kept, age, len(frame))
        still = []
        for i in open_rows:
            if counts[keys[i]] >= min_cell:
                chosen[i] = step
            else:
                still.append(i)
        open_rows = still
    return _apply(frame, cols, age, rows, widths, ladder, chosen)


def merge_rare(
    frame: pd.DataFrame, columns: Sequence[str], pool: pd.DataFrame | None, min_cell: int
) -> tuple[pd.DataFrame, list[Coarsening]]:
    """Step 1 of :func:`coarsen` alone: values of ``columns`` that fewer than ``min_cell``
    people of the pool have, and missing values, become :data:`NOT_STATED` (for tables that
    show one attribute at a time, such as subgroup prevalence).

    Parameters
    ----------
    frame : pandas.DataFrame
        The rows to show.
    columns : sequence of str
        Category columns (``gender``, ``mentor_gender``); those ``frame`` lacks are skipped.
    pool : pandas.DataFrame or None
        The people the rows were drawn from; ``None`` uses ``frame``. A column the pool
        lacks is counted in ``frame``.
    min_cell : int
        ``k``.

    Returns
    -------
    (pandas.DataFrame, list of Coarsening)
        A copy with the merged columns as text, and one ``merged`` record per column changed.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"gender": ["male"] * 5 + ["other"]})
    >>> merge_rare(f, ["gender"], None, 5)[0]["gender"].tolist()[-2:]
    ['male', 'not stated']
    """
    out = frame.copy()
    records = []
    for c in dict.fromkeys(columns):
        if c not in frame.columns:
            continue
        source = pool if pool is not None and c in pool.columns else frame
        rare = _rare(source[c], min_cell)
        values = [_category(v, rare) for v in frame[c].tolist()]
        n = sum(1 for v, o in zip(values, frame[c].tolist(), strict=True)
                if v == NOT_STATED and _text(o) not in (_MISSING, NOT_STATED))
        out[c] = pd.Series(values, index=frame.index, dtype=object)
        if n:
            records.append(Coarsening("merged", c, n))
    return out, records


def coarsening_kinds(records: Iterable[Coarsening | dict[str, object]]) -> list[str]:
    """The kinds of coarsening that happened, without counts: ``"age widened"``,
    ``"gender merged"``, ``"attribute dropped"`` (sorted, each once); what a summary may
    publish.

    Examples
    --------
    >>> coarsening_kinds([Coarsening("merged", "gender", 1),
    ...                   Coarsening("dropped", "mentor_gender", 2)])
    ['attribute dropped', 'gender merged']
    """
    out: set[str] = set()
    for r in records:
        kind = r.kind if isinstance(r, Coarsening) else str(r.get("kind"))
        column = r.column if isinstance(r, Coarsening) else str(r.get("column"))
        if kind == "dropped":
            out.add("attribute dropped")
        elif kind == "merged":
            out.add(f"{'gender' if 'gender' in column else column} merged")
        elif kind == "widened":
            out.add("age widened")
    return sorted(out)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _text(value: object) -> str:
    return _MISSING if _missing(value) or not str(value).strip() else str(value).strip()


def _rare(values: pd.Series, k: int) -> frozenset[str]:
    counts = Counter(_text(v).casefold() for v in values.tolist())
    return frozenset(v for v, n in counts.items() if n < k and v != _MISSING)


def _category(value: object, rare: frozenset[str] | None) -> str:
    text = _text(value)
    if rare is None:
        return text
    return NOT_STATED if text == _MISSING or text.casefold() in rare else text


def _widths(width: int, exact: bool, widest: int) -> list[int]:
    out = [1] if exact and width > 1 else []
    w = width
    while w < widest:
        out.append(w)
        w *= 2
    return [*out, w]


def _ladder(cols: list[str], age: str, n_widths: int) -> list[tuple[int, tuple[str, ...]]]:
    """Candidate steps (age width index, columns kept), least information lost first: fewer
    attributes dropped, then the less important ones dropped, then a narrower age band. The
    last step keeps nothing."""
    order = list(reversed(cols))
    rank = {c: i for i, c in enumerate(order)}
    steps: list[tuple[tuple[int, tuple[int, ...], int], tuple[int, tuple[str, ...]]]] = []
    for size in range(len(order) + 1):
        for dropped in combinations(order, size):
            kept = tuple(c for c in cols if c not in dropped)
            widths = range(n_widths) if age in kept else range(n_widths - 1, n_widths)
            for w in widths:
                priority = (size, tuple(sorted(rank[c] for c in dropped)), w)
                steps.append((priority, (w, kept)))
    return [step for _, step in sorted(steps)]


def _ages(values: pd.Series, width: int | None) -> list[str]:
    out = []
    for v in pd.to_numeric(values, errors="coerce").tolist():
        if _missing(v) or width is None:
            out.append(_MISSING)
        else:
            out.append(_age_label(v, width))
    return out


def _age_label(age: float, width: int) -> str:
    return str(math.floor(age)) if width == 1 else band_age(float(age), width=width)


def _keys(cats: dict[str, list[str]], ages: list[str] | None, kept: tuple[str, ...],
          age: str, n: int) -> list[tuple[str, ...]]:
    key_cols = [ages if c == age else [v.casefold() for v in cats[c]] for c in kept]
    if not key_cols:
        return [()] * n
    return [tuple(parts) for parts in zip(*key_cols, strict=True)]


def _apply(frame: pd.DataFrame, cols: list[str], age: str, rows: dict[str, list[str]],
           widths: list[int], ladder: list[tuple[int, tuple[str, ...]]], chosen: list[int]
           ) -> tuple[pd.DataFrame, list[Coarsening]]:
    out = frame.copy()
    changed: Counter[tuple[Kind, str]] = Counter()
    for c in cols:
        if c == age:
            continue
        original = [_text(v) for v in frame[c].tolist()]
        labels: list[str | None] = []
        for i, value in enumerate(rows[c]):
            kept = c in ladder[chosen[i]][1]
            if not kept and original[i] != _MISSING:
                changed["dropped", c] += 1
            elif kept and value != original[i] and original[i] != _MISSING:
                changed["merged", c] += 1
            labels.append(None if not kept or value == _MISSING else value)
        out[c] = pd.Series(labels, index=frame.index, dtype=object)
    if age in cols:
        numeric = pd.to_numeric(frame[age], errors="coerce").tolist()
        labels = []
        for i, v in enumerate(numeric):
            width_i, kept_cols = ladder[chosen[i]]
            if _missing(v):
                labels.append(None)
            elif age not in kept_cols:
                changed["dropped", age] += 1
                labels.append(None)
            else:
                width = widths[width_i]
                if width_i > 0:
                    changed["widened", age] += 1
                labels.append(_age_label(v, width))
        out[age] = pd.Series(labels, index=frame.index, dtype=object)
    return out, sorted(Coarsening(k, c, n) for (k, c), n in changed.items())
