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

Computation: a cohort of 1,000 interviews has 40,000 code x transcript tables per coder pair,
so all of them are counted at once (units by ``numpy.bincount`` over code x transcript;
characters in one pass over the elementary segments between unit boundaries, with the
transcripts laid end to end) and kappa is computed for all tables together with the same
floating-point operations as :func:`~replicate.reliability._contingency.kappa_from_table`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations, repeat

import numpy as np
import numpy.typing as npt
import pandas as pd

from replicate.errors import DataError

from ._data import Label

__all__ = ["PER_CODE_COLUMNS", "character_agreement", "per_code_agreement", "pooled_kappa"]

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

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


def _pair_presence(frame: pd.DataFrame, pair: tuple[str, str], codes: Sequence[Label],
                   unit: str, coder: str, code: str
                   ) -> tuple[list[str], dict[str, BoolArray]]:
    """The units both coders of ``pair`` coded (sorted as text) and, per coder, a units x
    codes matrix of which codes the coder applied (one indexing pass, no crosstab per group).
    """
    sub = frame[frame[coder].isin(pair)]
    coded_by = sub.groupby(unit)[coder].nunique()
    ids = sorted(coded_by.index[coded_by == 2].tolist(), key=str)
    id_index, code_index = pd.Index(ids), pd.Index(list(codes))
    pres: dict[str, BoolArray] = {}
    for c in pair:
        rows = sub[sub[coder] == c]
        r = id_index.get_indexer(pd.Index(rows[unit]))
        k = code_index.get_indexer(pd.Index(rows[code]))
        keep = (r >= 0) & (k >= 0)
        matrix = np.zeros((len(ids), len(codes)), dtype=bool)
        matrix[r[keep], k[keep]] = True
        pres[c] = matrix
    return ids, pres


def _group_sums(values: BoolArray, group: npt.NDArray[np.intp], n_groups: int
                ) -> FloatArray:
    """Column sums of a boolean (n x k) matrix within groups of rows: (n_groups x k)."""
    k = values.shape[1]
    rows, cols = np.nonzero(values)
    counts = np.bincount(group[rows] * k + cols, minlength=n_groups * k)
    return counts.reshape(n_groups, k).astype(np.float64)


def _kappa_2x2(both: FloatArray, only_a: FloatArray, only_b: FloatArray,
               neither: FloatArray) -> FloatArray:
    """Cohen's kappa of many 2 x 2 tables at once (NaN where undefined).

    The same floating-point operations, in the same order, as :func:`kappa_from_table` on
    ``[[both, only_a], [only_b, neither]]``, so the values are identical to the last bit
    (tests/test_reliability_percode_vectorised.py checks this); vectorised because a large
    cohort has tens of thousands of code x transcript tables.
    """
    n = both + only_a + only_b + neither
    with np.errstate(divide="ignore", invalid="ignore"):
        p00, p01, p10, p11 = both / n, only_a / n, only_b / n, neither / n
        row0, row1 = p00 + p01, p10 + p11
        col0, col1 = p00 + p10, p01 + p11
        pa = p00 + p11
        pe = row0 * col0 + row1 * col1
        den = 1.0 - pe
        value = (pa - pe) / den
    ok = (n > 0) & np.isfinite(den) & (np.abs(den) >= 1e-12) & np.isfinite(value)
    return np.where(ok, value, np.nan)


def _rows(codes: Sequence[Label], names: Sequence[str | None], pair: tuple[str, str],
          unit: str, counts: FloatArray, definition: str) -> list[tuple[object, ...]]:
    """Table rows for ``counts`` of shape (codes, groups, 4), code-major, groups in order.

    Each row is ``(code, transcript, coder_a, coder_b, unit, n, both, only_a, only_b,
    neither, percent_agreement, cohen_kappa, definition)`` with the counts as whole numbers,
    percent agreement ``None`` and kappa NaN where ``n`` is 0.
    """
    flat = counts.reshape(-1, 4)
    both, only_a, only_b, neither = flat.T
    n = both + only_a + only_b + neither
    with np.errstate(divide="ignore", invalid="ignore"):
        agree = (both + neither) / n
    kappa = _kappa_2x2(both, only_a, only_b, neither)
    n_groups = len(names)
    code_col = [c for c in codes for _ in range(n_groups)]
    name_col = list(names) * len(codes)
    agree_col = [a if m > 0 else None for a, m in zip(agree.tolist(), n.tolist(), strict=True)]
    ints = [np.rint(v).astype(np.int64).tolist() for v in (n, both, only_a, only_b, neither)]
    return list(zip(code_col, name_col, repeat(pair[0]), repeat(pair[1]), repeat(unit), *ints,
                    agree_col, kappa.tolist(), repeat(definition)))


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


def _group_index(names: Sequence[str]) -> tuple[list[str], npt.NDArray[np.intp]]:
    """Sorted distinct names and each item's position among them."""
    labels = sorted(set(names))
    pos = {name: i for i, name in enumerate(labels)}
    return labels, np.fromiter((pos[name] for name in names), dtype=np.intp, count=len(names))


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
        ids, pres = _pair_presence(frame, pair, codes, unit, coder, code)
        a, b = pres[pair[0]], pres[pair[1]]
        # group 0 pools every unit; groups 1.. are the transcripts, sorted
        names: list[str | None] = [None]
        group = np.zeros(len(ids), dtype=np.intp)
        if transcripts is not None and by_transcript:
            missing = pd.Index(ids).difference(transcripts.index)
            if len(missing):
                raise DataError(f"unit {missing[0]!s} is coded but not in the units table; "
                                "add it to units")
            labels, group = _group_index(transcripts.reindex(ids).tolist())
            names += labels
        n_tr = len(names) - 1
        counts = np.zeros((len(codes), 1 + n_tr, 4))
        for i, m in enumerate((a & b, a & ~b, ~a & b)):
            counts[:, 0, i] = m.sum(axis=0)
            if n_tr:
                counts[:, 1:, i] = _group_sums(m, group, n_tr).T
        counts[:, 0, 3] = len(ids) - counts[:, 0, :3].sum(axis=1)
        if n_tr:
            size = np.bincount(group, minlength=n_tr).astype(np.float64)
            counts[:, 1:, 3] = size[None, :] - counts[:, 1:, :3].sum(axis=2)
        rows += _rows(codes, names, pair, "meaning unit", counts, _UNIT_DEFINITION)
    return pd.DataFrame(rows, columns=list(PER_CODE_COLUMNS))


def _coverage(pres: BoolArray, first: npt.NDArray[np.intp], last: npt.NDArray[np.intp],
              n_segments: int) -> BoolArray:
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
        shared, pres = _pair_presence(frame, pair, codes, unit, coder, code)
        missing = [u for u in shared if u not in spans.index]
        if missing:
            raise DataError(f"unit {missing[0]!s} is coded but not in the units table")
        info = spans.loc[shared, ["transcript", "start", "end"]]
        labels, tid = _group_index(info["transcript"].astype(str).tolist())
        start, end = _offsets(info, labels, tid, transcript_lengths)
        counts = np.zeros((len(codes), 1 + len(labels), 4))
        if len(labels):
            counts[:, 1:, :] = _character_counts(start, end, tid, len(labels),
                                                 pres[pair[0]], pres[pair[1]])
            if transcript_lengths is not None:
                total = np.array([float(int(transcript_lengths[t])) for t in labels])
                counts[:, 1:, 3] += total[None, :] - counts[:, 1:, :].sum(axis=2)
            counts[:, 0, :] = counts[:, 1:, :].sum(axis=1)
        rows += _rows(codes, [None, *labels], pair, "character", counts, definition)
    return pd.DataFrame(rows, columns=list(PER_CODE_COLUMNS))


def _character_counts(start: IntArray, end: IntArray, tid: npt.NDArray[np.intp], n_tr: int,
                      pres_a: BoolArray, pres_b: BoolArray) -> FloatArray:
    """Character 2 x 2 counts per code and transcript, shape (codes, transcripts, 4).

    All transcripts are laid end to end on one line (transcript ``t`` starts where ``t - 1``
    ends), so one pass over the elementary segments between unit boundaries serves every
    transcript: a segment belongs to the transcript it starts in, and the segments between
    two transcripts' units are covered by no unit. ``neither`` counts the characters of the
    double-coded units that neither coder coded with the code.
    """
    last = np.zeros(n_tr, dtype=np.int64)
    np.maximum.at(last, tid, end)
    offset = np.concatenate([[0], np.cumsum(last)[:-1]]).astype(np.int64)
    bounds = np.unique(np.concatenate([offset[tid] + start, offset[tid] + end]))
    lengths = np.diff(bounds)
    first = np.searchsorted(bounds, offset[tid] + start)
    stop = np.searchsorted(bounds, offset[tid] + end)
    n_seg = lengths.size
    size = lengths * _coverage(np.ones((len(tid), 1), dtype=bool), first, stop, n_seg)[0]
    seg_first = np.searchsorted(bounds[:-1], offset, side="left")
    a = _coverage(pres_a, first, stop, n_seg)
    b = _coverage(pres_b, first, stop, n_seg)
    out = np.zeros((a.shape[0], n_tr, 4))
    for i, mask in enumerate((a & b, a & ~b, ~a & b)):
        out[:, :, i] = np.add.reduceat(size[None, :] * mask, seg_first, axis=1)
    covered = np.add.reduceat(size, seg_first).astype(np.float64)
    out[:, :, 3] = covered[None, :] - out[:, :, :3].sum(axis=2)
    return out


def _offsets(info: pd.DataFrame, labels: Sequence[str], tid: npt.NDArray[np.intp],
             lengths: Mapping[str, int] | None) -> tuple[IntArray, IntArray]:
    """Checked whole-number offsets of the units in ``info``.

    Transcripts are checked in sorted order and the first problem is raised: a unit with a
    missing offset or ``end <= start`` (the first such unit of the transcript), else, with
    ``lengths``, a transcript without a length or shorter than its last unit's end.
    """
    start = pd.to_numeric(info["start"], errors="coerce")
    end = pd.to_numeric(info["end"], errors="coerce")
    bad = (start.isna() | end.isna() | (end <= start) | (start < 0)).to_numpy()
    limit = int(tid[bad].min()) if bad.any() else len(labels)
    if lengths is not None:
        good = tid < limit
        last = np.zeros(len(labels))
        np.maximum.at(last, tid[good], end.to_numpy(dtype=np.float64)[good])
        for t in range(limit):
            _check_length(lengths, labels[t], int(last[t]))
    if bad.any():
        uid = info.index[int(np.argmax(bad & (tid == limit)))]
        raise DataError(f"unit {uid!s} needs whole-number offsets with 0 <= start < end for "
                        "character-level agreement", location=f"unit {uid!s}")
    return start.to_numpy(dtype=np.int64), end.to_numpy(dtype=np.int64)


def _check_length(lengths: Mapping[str, int], transcript: str, last: int) -> None:
    if transcript not in lengths:
        raise DataError(f"no length given for transcript {transcript}; add it to "
                        "transcript_lengths")
    total = int(lengths[transcript])
    if total < last:
        raise DataError(f"a unit ends at character {last} but transcript {transcript} has "
                        f"only {total} characters")


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
