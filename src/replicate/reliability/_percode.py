"""Per-code agreement the way QDA tools report it.

For each code and each pair of coders, every unit both coders coded becomes a presence/absence
rating ("did this coder apply this code to this unit?"), giving a 2 x 2 table of
``both``/``only_a``/``only_b``/``neither``. From it:

* **percent agreement** ``(both + neither) / n`` and
* **Cohen's kappa** on the 2 x 2 table.

Two units of analysis are reported (column ``unit``):

``"meaning unit"``
    ``n`` counts the double-coded meaning units (Dedoose's excerpt-level events, MAXQDA's
    code-presence comparison on fixed segments).
``"character"``
    NVivo's Coding Comparison: ``n`` counts characters, a coder's coding of a code covers
    the characters of the units it was applied to (overlaps merged), and NVivo's formula
    ``kappa = (observed - expected) / (N - expected)`` with expected chance agreement
    ``(coded_A coded_B + notcoded_A notcoded_B) / N`` is Cohen's kappa on the character
    2 x 2 table (interop notes section 3.1). ``N`` is, by default, the characters covered by
    the double-coded units of the transcript; with ``transcript_lengths`` it is the whole
    transcript, which is NVivo's "source size" and is only right when the whole transcript
    was double-coded (uncoded text otherwise counts as agreement).

Rows with ``transcript`` = ``None`` pool all transcripts (by summing the 2 x 2 counts; NVivo
itself reports only node x source). :func:`pooled_kappa` gives the pooled kappa over codes
of De Vries et al. (2008), Dedoose's overall kappa.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations

import numpy as np
import numpy.typing as npt
import pandas as pd

from replicate.errors import DataError

from ._contingency import kappa_from_table
from ._data import Label

__all__ = ["PER_CODE_COLUMNS", "character_agreement", "per_code_agreement", "pooled_kappa"]

PER_CODE_COLUMNS: tuple[str, ...] = (
    "code", "transcript", "coder_a", "coder_b", "unit", "n", "both", "only_a", "only_b",
    "neither", "percent_agreement", "cohen_kappa", "definition",
)
"""Columns of the per-code tables, in order."""

_UNIT_DEFINITION = (
    "Presence/absence of the code per double-coded meaning unit; percent agreement = "
    "(both + neither) / n; Cohen's kappa on the 2 x 2 table (Dedoose excerpt-level kappa)."
)
_CHAR_DEFINITION = (
    "NVivo Coding Comparison at character level: percent agreement = (both + neither) / N; "
    "kappa = (observed - expected) / (N - expected), expected = (coded_A coded_B + "
    "notcoded_A notcoded_B) / N; N = {scope}."
)


def _unit_text(value: object) -> str:
    """Unit ids compare as text, so ``7`` in one table matches ``"7"`` in another."""
    return value.strip() if isinstance(value, str) else str(value)


def _presence(codings: pd.DataFrame, unit: str, coder: str, code: str) -> pd.DataFrame:
    frame = codings[[unit, coder, code]].copy()
    frame[unit] = frame[unit].map(_unit_text)
    frame[code] = frame[code].map(lambda v: v.strip() if isinstance(v, str) else v)
    frame = frame[frame[code].notna() & (frame[code].astype(str) != "")]
    frame[coder] = frame[coder].astype(str)
    return frame.drop_duplicates()


def _counts_row(a: npt.NDArray[np.bool_], b: npt.NDArray[np.bool_],
                length: npt.NDArray[np.float64] | None = None) -> tuple[float, ...]:
    size = np.ones(a.shape[0]) if length is None else length
    both = float(size @ (a & b))
    only_a = float(size @ (a & ~b))
    only_b = float(size @ (~a & b))
    neither = float(size.sum()) - both - only_a - only_b
    return both, only_a, only_b, neither


def _row(code: Label, transcript: str | None, pair: tuple[str, str], unit: str,
         counts: tuple[float, ...], definition: str) -> tuple[object, ...]:
    both, only_a, only_b, neither = counts
    n = both + only_a + only_b + neither
    table = np.array([[both, only_a], [only_b, neither]])
    kappa = kappa_from_table(table)[0] if n > 0 else None
    agree = (both + neither) / n if n > 0 else None
    return (code, transcript, pair[0], pair[1], unit, round(n), round(both), round(only_a),
            round(only_b), round(neither), agree, np.nan if kappa is None else kappa,
            definition)


def _codes(frame: pd.DataFrame, code: str, categories: Sequence[Label] | None) -> list[Label]:
    if categories is not None:
        return list(dict.fromkeys(categories))
    return sorted(frame[code].unique().tolist(), key=str)


def _transcripts(units: pd.DataFrame | None, unit: str) -> pd.Series | None:
    if units is None:
        return None
    if "transcript" not in units.columns or unit not in units.columns:
        raise DataError(f"units need the columns {unit} and transcript for per-transcript "
                        "agreement")
    frame = units.drop_duplicates(subset=[unit])
    return pd.Series(frame["transcript"].astype(str).to_numpy(),
                     index=pd.Index(frame[unit].map(_unit_text)))


def per_code_agreement(
    codings: pd.DataFrame,
    units: pd.DataFrame | None = None,
    *,
    categories: Sequence[Label] | None = None,
    by_transcript: bool = True,
    unit: str = "unit_id",
    coder: str = "coder",
    code: str = "code",
) -> pd.DataFrame:
    """Percent agreement and Cohen's kappa per code (and per code x transcript).

    Parameters
    ----------
    codings : pandas.DataFrame
        Long form: one row per unit, coder and applied code (a unit may carry several codes
        per coder here).
    units : pandas.DataFrame or None, default=None
        Units table with ``unit_id`` and ``transcript``; needed for per-transcript rows.
    categories : sequence or None, default=None
        The codes to report (the codebook); ``None`` = every code used, sorted.
    by_transcript : bool, default=True
        Add one row per code x transcript (when ``units`` is given).
    unit, coder, code : str
        Column names in ``codings``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PER_CODE_COLUMNS`; ``unit`` = ``"meaning unit"``; ``transcript`` is
        ``None`` on pooled rows; ``cohen_kappa`` is NaN where undefined (e.g. neither coder
        used the code). One block of rows per coder pair, sorted by code, transcript.

    Raises
    ------
    DataError
        Missing columns, fewer than two coders, or a double-coded unit missing from
        ``units``.
    """
    for col in (unit, coder, code):
        if col not in codings.columns:
            raise DataError(f"codings need the columns {unit}, {coder}, {code}; missing {col}")
    frame = _presence(codings, unit, coder, code)
    coders = sorted(frame[coder].unique().tolist())
    if len(coders) < 2:
        raise DataError(f"per-code agreement needs at least two coders, found {len(coders)}")
    codes = _codes(frame, code, categories)
    transcripts = _transcripts(units, unit)
    rows: list[tuple[object, ...]] = []
    for pair in combinations(coders, 2):
        sub = frame[frame[coder].isin(pair)]
        coded_by = sub.groupby(unit)[coder].nunique()
        shared = coded_by.index[coded_by == 2]
        sub = sub[sub[unit].isin(shared)]
        ids = pd.Index(sorted(shared.tolist(), key=str))
        pres = {c: pd.crosstab(sub.loc[sub[coder] == c, unit], sub.loc[sub[coder] == c, code])
                .reindex(index=ids, columns=codes, fill_value=0).to_numpy() > 0 for c in pair}
        groups: list[tuple[str | None, npt.NDArray[np.bool_]]] = [(None, np.ones(len(ids),
                                                                                 dtype=bool))]
        if transcripts is not None and by_transcript:
            missing = ids.difference(transcripts.index)
            if len(missing):
                raise DataError(f"unit {missing[0]!s} is coded but not in the units table; "
                                "add it to units")
            tr = transcripts.reindex(ids).to_numpy()
            groups += [(t, tr == t) for t in sorted(set(tr.tolist()))]
        for j, c in enumerate(codes):
            for name, mask in groups:
                counts = _counts_row(pres[pair[0]][mask, j], pres[pair[1]][mask, j])
                rows.append(_row(c, name, pair, "meaning unit", counts, _UNIT_DEFINITION))
    return pd.DataFrame(rows, columns=list(PER_CODE_COLUMNS))


def _segments(start: npt.NDArray[np.int64], end: npt.NDArray[np.int64]
              ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Elementary segments between all span boundaries.

    Returns the segment lengths and, per unit, the first and one-past-last segment index.
    """
    bounds = np.unique(np.concatenate([start, end]))
    return (np.diff(bounds).astype(np.float64), np.searchsorted(bounds, start),
            np.searchsorted(bounds, end))


def _coverage(pres: npt.NDArray[np.bool_], first: npt.NDArray[np.intp],
              last: npt.NDArray[np.intp], n_segments: int) -> npt.NDArray[np.bool_]:
    """Per column of ``pres`` (units x k), which segments its units cover (k x segments)."""
    units, cols = np.nonzero(pres)
    diff = np.zeros((pres.shape[1], n_segments + 1))
    np.add.at(diff, (cols, first[units]), 1.0)
    np.add.at(diff, (cols, last[units]), -1.0)
    return np.asarray(np.cumsum(diff, axis=1)[:, :n_segments] > 0)


def character_agreement(
    codings: pd.DataFrame,
    units: pd.DataFrame,
    *,
    categories: Sequence[Label] | None = None,
    transcript_lengths: Mapping[str, int] | None = None,
    unit: str = "unit_id",
    coder: str = "coder",
    code: str = "code",
) -> pd.DataFrame:
    """NVivo's character-level coding comparison per code x transcript (and pooled).

    Parameters
    ----------
    codings : pandas.DataFrame
        Long form: unit, coder, code.
    units : pandas.DataFrame
        Units with ``unit_id``, ``transcript``, ``start`` and ``end`` (0-based character
        offsets, end exclusive).
    categories : sequence or None, default=None
        Codes to report; ``None`` = every code used, sorted.
    transcript_lengths : mapping of str to int or None, default=None
        Characters per transcript file. When given, ``N`` is the whole transcript (NVivo's
        source size); otherwise the characters covered by the double-coded units.
    unit, coder, code : str
        Column names in ``codings``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PER_CODE_COLUMNS` with ``unit`` = ``"character"``.

    Raises
    ------
    DataError
        Missing ``start``/``end``, an offset that is missing or with ``end <= start``, a
        unit outside its transcript length, or fewer than two coders.

    References
    ----------
    QSR/Lumivero, NVivo Help: "Run a coding comparison query" (percentage agreement and
    kappa per node and source).
    """
    for col in ("start", "end", "transcript", unit):
        if col not in units.columns:
            raise DataError(f"character-level agreement needs units with {col}")
    spans = units.drop_duplicates(subset=[unit])
    spans.index = pd.Index(spans[unit].map(_unit_text))
    frame = _presence(codings, unit, coder, code)
    coders = sorted(frame[coder].unique().tolist())
    if len(coders) < 2:
        raise DataError(f"character agreement needs at least two coders, found {len(coders)}")
    codes = _codes(frame, code, categories)
    scope = ("the transcript length (NVivo source size)" if transcript_lengths is not None
             else "characters of the double-coded units")
    definition = _CHAR_DEFINITION.format(scope=scope)
    rows: list[tuple[object, ...]] = []
    for pair in combinations(coders, 2):
        sub = frame[frame[coder].isin(pair)]
        coded_by = sub.groupby(unit)[coder].nunique()
        shared = sorted(coded_by.index[coded_by == 2].tolist(), key=str)
        missing = [u for u in shared if u not in spans.index]
        if missing:
            raise DataError(f"unit {missing[0]!s} is coded but not in the units table")
        info = spans.loc[shared, ["transcript", "start", "end"]]
        pooled = np.zeros((len(codes), 4))
        per_transcript: list[tuple[str, npt.NDArray[np.float64]]] = []
        for name, block in info.groupby(info["transcript"].astype(str), sort=True):
            start, end = _offsets(block)
            lengths, first, last = _segments(start, end)
            ids = block.index
            every = np.ones((len(ids), 1), dtype=bool)
            covered = _coverage(every, first, last, lengths.size)[0]
            masks = {}
            for c in pair:
                rows_c = sub[(sub[coder] == c) & sub[unit].isin(ids)]
                pres = pd.crosstab(rows_c[unit], rows_c[code]).reindex(
                    index=ids, columns=codes, fill_value=0).to_numpy() > 0
                masks[c] = _coverage(pres, first, last, lengths.size)
            extra = 0.0
            if transcript_lengths is not None:
                extra = _extra_length(transcript_lengths, str(name), int(end.max()),
                                      float(lengths @ covered))
            cells = np.zeros((len(codes), 4))
            for j in range(len(codes)):
                both, only_a, only_b, neither = _counts_row(
                    masks[pair[0]][j], masks[pair[1]][j], lengths * covered)
                cells[j] = (both, only_a, only_b, neither + extra)
            pooled += cells
            per_transcript.append((str(name), cells))
        for j, c in enumerate(codes):
            rows.append(_row(c, None, pair, "character", tuple(pooled[j]), definition))
            for name, cells in per_transcript:
                rows.append(_row(c, name, pair, "character", tuple(cells[j]), definition))
    return pd.DataFrame(rows, columns=list(PER_CODE_COLUMNS))


def _offsets(block: pd.DataFrame) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    start = pd.to_numeric(block["start"], errors="coerce")
    end = pd.to_numeric(block["end"], errors="coerce")
    bad = start.isna() | end.isna() | (end <= start) | (start < 0)
    if bad.any():
        uid = bad.index[int(bad.to_numpy().argmax())]
        raise DataError(f"unit {uid!s} needs whole-number offsets with 0 <= start < end for "
                        "character-level agreement", location=f"unit {uid!s}")
    return start.to_numpy(dtype=np.int64), end.to_numpy(dtype=np.int64)


def _extra_length(lengths: Mapping[str, int], transcript: str, last: int,
                  covered: float) -> float:
    if transcript not in lengths:
        raise DataError(f"no length given for transcript {transcript}; add it to "
                        "transcript_lengths")
    total = int(lengths[transcript])
    if total < last:
        raise DataError(f"a unit ends at character {last} but transcript {transcript} has "
                        f"only {total} characters")
    return float(total) - covered


def pooled_kappa(per_code: pd.DataFrame) -> float | None:
    """Pooled kappa over codes (De Vries et al. 2008), Dedoose's overall kappa.

    ``kappa_pooled = (mean p_o - mean p_e) / (1 - mean p_e)`` over the rows given (use the
    pooled rows of one coder pair: ``transcript`` is ``None``).

    Parameters
    ----------
    per_code : pandas.DataFrame
        Rows of :func:`per_code_agreement` or :func:`character_agreement`.

    Returns
    -------
    float or None
        ``None`` when there are no rows or the mean chance agreement is 1.

    References
    ----------
    De Vries, H., Elliott, M. N., Kanouse, D. E., & Teleki, S. S. (2008). Using pooled kappa
    to summarize interrater agreement across many items. *Field Methods*, 20(3), 272-282.
    """
    rows = per_code[per_code["n"] > 0]
    if rows.empty:
        return None
    n = rows["n"].to_numpy(dtype=np.float64)
    both, only_a, only_b, neither = (rows[c].to_numpy(dtype=np.float64)
                                     for c in ("both", "only_a", "only_b", "neither"))
    p_o = (both + neither) / n
    p_e = ((both + only_a) * (both + only_b) + (only_b + neither) * (only_a + neither)) / n**2
    mean_o, mean_e = float(p_o.mean()), float(p_e.mean())
    if abs(1.0 - mean_e) < 1e-12:
        return None
    return (mean_o - mean_e) / (1.0 - mean_e)
