"""What the humans coded: training examples and the units still to code.

The cohort's tables allow one code per meaning unit: ``units.code`` is the final
(consensus) code and ``codings`` has one row per unit and coder (its key is
``unit_id, coder``), so the machine coder is a single-label classifier.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from replicate.errors import DataError

__all__ = ["EXAMPLE_COLUMNS", "TrainOn", "coded_mask", "sample_examples", "training_examples",
           "units_to_code"]

TrainOn = Literal["double_coded", "coded"]
"""Which units the machine learns from (see :func:`training_examples`)."""

EXAMPLE_COLUMNS: tuple[str, ...] = ("unit_id", "interview", "text", "code", "source")
"""Columns of :func:`training_examples`, in order."""

_UNIT_COLUMNS = ("unit_id", "transcript", "text")


def _blank(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return values.isna() | text.isna() | (text == "")


def _check(units: pd.DataFrame, codings: pd.DataFrame | None) -> None:
    missing = [c for c in _UNIT_COLUMNS if c not in units.columns]
    if missing:
        raise DataError(f"the units table has no column {missing[0]!r}; the machine coder "
                        f"needs {', '.join(_UNIT_COLUMNS)}", file="units")
    if codings is not None:
        missing = [c for c in ("unit_id", "coder", "code") if c not in codings.columns]
        if missing:
            raise DataError(f"the codings table has no column {missing[0]!r}", file="codings")


def coded_mask(units: pd.DataFrame) -> pd.Series:
    """Which units carry a human (final) code in ``units.code``.

    Parameters
    ----------
    units : pandas.DataFrame
        The units table; a missing ``code`` column means no unit is coded.

    Returns
    -------
    pandas.Series of bool
        Aligned with ``units``.

    Examples
    --------
    >>> import pandas as pd
    >>> coded_mask(pd.DataFrame({"code": ["a", None, " "]})).tolist()
    [True, False, False]
    """
    if "code" not in units.columns:
        return pd.Series(False, index=units.index)
    return ~_blank(units["code"])


def training_examples(units: pd.DataFrame, codings: pd.DataFrame | None = None, *,
                      train_on: TrainOn = "coded") -> pd.DataFrame:
    """The examples the machine learns from: one text and one code each.

    A unit with a final code in ``units.code`` is one example (``source="final"``). A
    double-coded unit without one gives one example per coder's code (``source`` = the
    coder), so the humans' disagreements stay in the data instead of being settled by the
    machine.

    Parameters
    ----------
    units : pandas.DataFrame
        ``unit_id, transcript, text`` and optionally ``code``.
    codings : pandas.DataFrame or None, default=None
        ``unit_id, coder, code``: the double-coded subset.
    train_on : {"coded", "double_coded"}, default="coded"
        ``"coded"``: every unit the humans coded. ``"double_coded"``: only the units in
        ``codings`` (what the humans coded independently before one of them completed the
        coding, the original study's design).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`EXAMPLE_COLUMNS`; ``interview`` is the unit's transcript.

    Raises
    ------
    DataError
        A required column is missing, or ``train_on="double_coded"`` without codings.

    Examples
    --------
    >>> import pandas as pd
    >>> u = pd.DataFrame({"unit_id": ["U1", "U2", "U3"], "transcript": ["A", "A", "B"],
    ...                   "text": ["x", "y", "z"], "code": ["a", None, None]})
    >>> c = pd.DataFrame({"unit_id": ["U2", "U2"], "coder": ["SK", "CS"], "code": ["a", "b"]})
    >>> training_examples(u, c)[["unit_id", "code", "source"]].values.tolist()
    [['U1', 'a', 'final'], ['U2', 'b', 'CS'], ['U2', 'a', 'SK']]
    """
    _check(units, codings)
    if train_on not in ("coded", "double_coded"):
        raise DataError(f"train_on must be 'coded' or 'double_coded', got {train_on!r}")
    if train_on == "double_coded" and (codings is None or codings.empty):
        raise DataError("train_on='double_coded' needs the codings of the double-coded "
                        "subset", file="codings")
    frame = units.assign(unit_id=units["unit_id"].astype(str))
    double = (set(codings["unit_id"].astype(str).tolist()) if codings is not None else set())
    keep = frame["unit_id"].isin(double) if train_on == "double_coded" else True
    final = frame[coded_mask(frame) & keep]
    parts = [pd.DataFrame({"unit_id": final["unit_id"], "interview": final["transcript"],
                           "text": final["text"], "code": final["code"].astype(str).str.strip(),
                           "source": "final"})]
    if codings is not None and not codings.empty:
        open_units = frame[~coded_mask(frame) & frame["unit_id"].isin(double)]
        c = codings.assign(unit_id=codings["unit_id"].astype(str))
        c = c[~_blank(c["code"])].merge(open_units[list(_UNIT_COLUMNS)], on="unit_id")
        parts.append(pd.DataFrame({"unit_id": c["unit_id"], "interview": c["transcript"],
                                   "text": c["text"], "code": c["code"].astype(str).str.strip(),
                                   "source": c["coder"].astype(str)}))
    out = pd.concat(parts, ignore_index=True)
    out["interview"] = out["interview"].astype(str)
    out["text"] = out["text"].fillna("").astype(str)
    return out.sort_values(["unit_id", "source"], kind="stable").reset_index(drop=True)


def units_to_code(units: pd.DataFrame, codings: pd.DataFrame | None = None, *,
                  train_on: TrainOn = "coded") -> pd.DataFrame:
    """The units the machine suggests codes for.

    Parameters
    ----------
    units, codings, train_on
        As in :func:`training_examples`: with ``"coded"`` the units without a final code
        and outside the double-coded subset; with ``"double_coded"`` every unit outside the
        double-coded subset (also when a coder has since coded it: the suggestion can then
        be compared with that code, which the machine never saw).

    Returns
    -------
    pandas.DataFrame
        The rows of ``units`` (same columns), in their order.
    """
    _check(units, codings)
    ids = units["unit_id"].astype(str)
    double = ids.isin(set(codings["unit_id"].astype(str).tolist()) if codings is not None
                      else set())
    keep = ~double if train_on == "double_coded" else ~coded_mask(units) & ~double
    return units.loc[np.asarray(keep, dtype=bool)]


def sample_examples(examples: pd.DataFrame, most: int | None, *,
                    seed: int | Sequence[int]) -> pd.DataFrame:
    """At most ``most`` of the examples, drawn with the seed, in their order.

    A fit of the machine coder costs time in proportion to its examples times the codes, so
    each fit learns from a seeded sample of at most ``coding.max_examples`` examples (the
    learning curve shows what more examples add).

    Parameters
    ----------
    examples : pandas.DataFrame
        Training examples (:func:`training_examples`).
    most : int or None
        The most examples to keep; None keeps all.
    seed : int or sequence of int
        Seed of the draw (``numpy.random.default_rng``).

    Returns
    -------
    pandas.DataFrame
        ``examples`` itself when it has no more than ``most`` rows, else a sample.

    Examples
    --------
    >>> ex = pd.DataFrame({"unit_id": list("abcdef")})
    >>> len(sample_examples(ex, 4, seed=1)), len(sample_examples(ex, None, seed=1))
    (4, 6)
    """
    if most is None or len(examples) <= most:
        return examples
    take = np.sort(np.random.default_rng(seed).choice(len(examples), size=most, replace=False))
    return examples.iloc[take]
