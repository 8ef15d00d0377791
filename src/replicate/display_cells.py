"""How a table's headers and cells read on a page: one set of rules for every stage.

The artifact CSVs keep their ``snake_case`` columns and full-precision numbers (they are the
contract between stages); only what a page *shows* passes through here:

* :func:`header` turns a column name into a human header: a vocabulary for the names the
  stages use (``cohen_kappa`` → "Cohen's κ", ``n_units`` → "Units"), else a rule for any
  other ``snake_case`` name (``interviewer_words`` → "Interviewer words"). Other names
  (a coder's initials, a code, ``RQ1``) are data and stay as they are.
* :func:`column_kind` decides how a column is shown, from its dtype and name: booleans as
  ✓ / –, counts as integers, agreement coefficients (κ, α, AC1, π, SE) to 3 decimals,
  similarities and probabilities to 2, shares of 0–1 as percentages, ``pct_`` columns
  (already 0–100) with a % sign, minutes to 1 decimal.
* :func:`merge_intervals` joins ``X_ci_low``/``X_ci_high`` into one "0.71–0.89" column.
* :func:`cell_html` formats one value as escaped HTML (missing values as "–"); ``diff``
  columns (word diffs written ``[-old-] {+new+}``) become ``<del>``/``<ins>``.

Examples
--------
>>> header("cohen_kappa"), header("n_flagged_probes"), header("RQ1")
("Cohen's κ", 'Flagged probes', 'RQ1')
>>> cell_html(0.8599895, "coef", 3), cell_html(True, "bool", 0), cell_html(None, "count", 0)
('0.860', '✓', '–')
>>> cell_html(0.865, "share", 1), cell_html("[-Did-] {+What did+} you", "diff", 0)
('86.5\\xa0%', '<del>Did</del> <ins>What did</ins> you')
"""

from __future__ import annotations

import html
import math
import re
from typing import Literal

import numpy as np
import pandas as pd

__all__ = ["MISSING", "NUMERIC_KINDS", "Kind", "cell_html", "column_kind", "decimals",
           "diff_html", "header", "interval_text", "merge_intervals"]

Kind = Literal["text", "diff", "bool", "count", "coef", "dec2", "dec1", "share", "pct", "ci"]
#: Kinds shown right-aligned.
NUMERIC_KINDS: frozenset[str] = frozenset({"count", "coef", "dec2", "dec1", "share", "pct",
                                           "ci"})
#: What a missing value shows.
MISSING = "–"
_PCT = "\u00a0%"

#: Headers of the column names the stages write (anything else goes through the rule).
HEADERS: dict[str, str] = {
    "abstained": "Abstained", "achieved": "Achieved", "answer_words": "Answer words",
    "answer_sentences": "Answer sentences", "area_new": "Area (new)", "area_old": "Area (old)",
    "asked_in": "Asked in", "base_unique": "Unique codes in base", "both": "Both",
    "boot_ci": "Bootstrap CI", "brennan_prediger": "Brennan–Prediger", "ci": "CI",
    "ci_method": "CI method", "codebook_change": "Codebook change", "coder_a": "Coder A",
    "coder_b": "Coder B", "cohen_kappa": "Cohen's κ", "cohen_kappa_ci": "κ CI",
    "cohen_kappa_every_unit": "κ, every unit", "conger_kappa": "Conger's κ",
    "cumulative_share": "Cumulative share", "cumulative_unique": "Cumulative codes",
    "current_code": "Current code", "duration_flag": "Outside window",
    "duration_source": "Duration from", "fewer_pole": "Fewer needed when",
    "final_code": "Consensus code", "fk_grade": "FK grade", "fleiss_kappa": "Fleiss' κ",
    "gwet_ac1": "Gwet's AC1", "gwet_ac1_ci": "AC1 CI", "gwet_ac1_every_unit": "AC1, every unit",
    "interviewer_share": "Interviewer share", "kendall_tau": "Kendall's τ",
    "krippendorff_alpha": "Krippendorff's α", "krippendorff_alpha_ci": "α CI", "lix": "LIX",
    "median_answer_words": "Median answer words", "meets_threshold": "Meets threshold",
    "met_quota": "Quota met", "min_n": "Minimum n", "minutes_source": "Minutes from",
    "more_pole": "More needed when", "n": "n", "n_any": "Excluded (any reason)",
    "n_asked": "Asked", "n_first": "Excluded (first reason)", "n_group": "In group",
    "n_main": "Main questions", "n_new": "New codes", "n_participants_quoted": "Quoted",
    "n_scored": "Scored", "n_train": "Trained on", "n_with": "With category",
    "nearest_question": "Nearest question", "new_cohort": "This cohort",
    "new_in_run": "New in run", "only_a": "Only A", "only_b": "Only B",
    "original study": "Original study", "this cohort": "This cohort",
    "original_category": "Original category", "original_theme": "Original theme",
    "pct_participants": "Share of participants", "pct_with": "Share with category",
    "percent_agreement": "Agreement", "planned_max": "Planned max",
    "planned_min": "Planned min", "pool_n": "Pool", "pool_share": "Pool share",
    "question_id": "Question", "rationale_missing": "No rationale", "rater_a": "Rater A",
    "rater_b": "Rater B", "relaxed_to": "Relaxed to", "run_end": "Run end",
    "run_interviews": "Run interviews", "run_start": "Run start", "s": "Interviews before run",
    "sample_n": "Sample", "sample_share": "Sample share", "saturated_at": "Saturated at",
    "saturation_point": "Saturation point", "scott_pi": "Scott's π", "se": "SE",
    "small_cell": "Small cell", "spoken_flags": "Flags (spoken)",
    "standard_probe": "Standard probe", "talk_share": "Talk share",
    "talk_share_basis": "Talk share from", "talk_share_flag": "Talk share high",
    "talk_share_words": "Talk share (words)", "unit_id": "Unit",
    "written_flags": "Flags (written)",
}
_TOKENS = {"id": "id", "se": "SE", "ci": "CI", "rq": "RQ", "fk": "FK", "pct": "%",
           "kappa": "κ", "alpha": "α", "ac1": "AC1", "tau": "τ"}
_SNAKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_COEF = re.compile(r"(^|_)(kappa|alpha|ac1|pi|se|value|observed|expected|prediger)(_|$)")
_DEC2 = re.compile(r"(^|_)(similarity|probability|score|tau)(_|$)")
_SHARE = re.compile(r"(^|_)(share|percent|agreement|fraction|prevalence|coverage|ratio|"
                    r"threshold|abstained)(_|$)")
_DEC1 = re.compile(r"(^|_)(minutes|min|max|grade|lix|median|mean)(_|$)")
_DIFF = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.DOTALL)


def header(name: object) -> str:
    """A human header for a column name.

    Names of the vocabulary map to their header; any other lower-case ``snake_case`` name
    gets spaces for underscores, a capital first letter, and κ, α, AC1, τ, SE, CI for their
    tokens; ``n_X`` reads as "X". Anything else (data such as a coder's initials) is kept.

    Examples
    --------
    >>> header("krippendorff_alpha"), header("n_probes"), header("student_gender")
    ("Krippendorff's α", 'Probes', 'Student gender')
    """
    text = str(name)
    if text in HEADERS:
        return HEADERS[text]
    if not _SNAKE.fullmatch(text):
        return text
    tokens = text.split("_")
    if tokens[0] == "n" and len(tokens) > 1:
        tokens = tokens[1:]
    words = " ".join(_TOKENS.get(t, t) for t in tokens)
    return words[:1].upper() + words[1:]


def _is_bool(values: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(values):
        return True
    if values.dtype != object:
        return False
    present = [v for v in values.tolist() if not _missing(v)]
    return bool(present) and all(isinstance(v, bool | np.bool_) for v in present)


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(float(value))


def column_kind(name: object, values: pd.Series) -> Kind:
    """How a column is shown, from its values' type and its name.

    Parameters
    ----------
    name : object
        The column name (``pct_*`` is 0–100; shares, agreement and prevalence are 0–1).
    values : pandas.Series

    Returns
    -------
    Kind
        ``bool``, ``count`` (integers, also floats that are all whole numbers), ``coef``
        (3 decimals), ``dec2``, ``dec1``, ``share`` (0–1 as %), ``pct`` (0–100 with a %
        sign), ``diff`` or ``text``.

    Examples
    --------
    >>> column_kind("met", pd.Series([True, False])), column_kind("n_train", pd.Series([3.0]))
    ('bool', 'count')
    >>> column_kind("pool_share", pd.Series([0.25])), column_kind("pct_with", pd.Series([40.0]))
    ('share', 'pct')
    """
    text = str(name)
    if _is_bool(values):
        return "bool"
    if not pd.api.types.is_numeric_dtype(values):
        return "diff" if text == "diff" else "text"
    if text.startswith("pct_") or text.endswith("_pct"):
        return "pct"
    if _SHARE.search(text):
        return "share"
    if _DEC2.search(text):
        return "dec2"
    if _COEF.search(text):
        return "coef"
    finite = pd.to_numeric(values, errors="coerce").dropna().to_numpy(dtype=float)
    if pd.api.types.is_integer_dtype(values) or np.all(finite == np.round(finite)):
        return "count"
    if _DEC1.search(text) or text.startswith("n_"):
        return "dec1"
    return "dec2"


def decimals(kind: Kind, values: pd.Series) -> int:
    """Decimals a column of ``kind`` is shown with (a share or % column: 0 when every value
    is a whole percentage, else 1)."""
    if kind in ("share", "pct"):
        scale = 100.0 if kind == "share" else 1.0
        finite = pd.to_numeric(values, errors="coerce").dropna().to_numpy(dtype=float) * scale
        return 0 if np.allclose(finite, np.round(finite), atol=1e-9) else 1
    return {"coef": 3, "dec2": 2, "dec1": 1}.get(kind, 0)


def diff_html(text: str) -> str:
    """A word diff written ``[-removed-] {+added+}`` as escaped HTML with ``<del>``/``<ins>``.

    Examples
    --------
    >>> diff_html("a [-<b>-] {+c+}")
    'a <del>&lt;b&gt;</del> <ins>c</ins>'
    """
    out: list[str] = []
    last = 0
    for m in _DIFF.finditer(text):
        out.append(html.escape(text[last:m.start()]))
        if m.group(1) is not None:
            out.append(f"<del>{html.escape(m.group(1))}</del>")
        else:
            out.append(f"<ins>{html.escape(m.group(2))}</ins>")
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def _number(value: float, places: int) -> str:
    text = f"{value:.{places}f}"
    return "0" + text[2:] if text.startswith("-0") and float(text) == 0 else text


def cell_html(value: object, kind: Kind, places: int) -> str:
    """One cell as escaped HTML.

    Parameters
    ----------
    value : object
    kind : Kind
        From :func:`column_kind`.
    places : int
        From :func:`decimals`.
    """
    if _missing(value) or (isinstance(value, str) and not value.strip()):
        return MISSING
    if kind == "bool":
        return "✓" if bool(value) else MISSING
    if kind == "diff":
        return diff_html(str(value))
    if kind in ("text", "ci") or isinstance(value, str):
        return html.escape(str(value))
    number = float(value)  # type: ignore[arg-type]
    if kind == "count":
        return f"{round(number):d}"
    if kind == "share":
        return _number(100.0 * number, places) + _PCT
    if kind == "pct":
        return _number(number, places) + _PCT
    return _number(number, places)


def interval_text(low: object, high: object, places: int = 3) -> str:
    """An interval as text: "0.71–0.89", "-0.12 to 0.30" when a bound is negative, "–" when
    either bound is missing.

    Examples
    --------
    >>> interval_text(0.7112, 0.8899, 2), interval_text(-0.12, 0.3, 2), interval_text(None, 1)
    ('0.71–0.89', '-0.12 to 0.30', '–')
    """
    if any(_missing(v) or v == "" for v in (low, high)):
        return MISSING
    lo, hi = _number(float(low), places), _number(float(high), places)  # type: ignore[arg-type]
    return f"{lo} to {hi}" if lo.startswith("-") or hi.startswith("-") else f"{lo}–{hi}"


def merge_intervals(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Kind]]:
    """Join every ``X_low``/``X_high`` pair of columns (``ci_low``, ``boot_ci_low``,
    ``cohen_kappa_ci_low``, …) into one text column ``X`` placed where ``X_low`` was.

    Returns
    -------
    (pandas.DataFrame, dict of str to Kind)
        The frame and the kinds of the new columns (``ci``).
    """
    out = frame.copy()
    kinds: dict[str, Kind] = {}
    for col in [c for c in frame.columns if str(c).endswith("_low")]:
        stem = str(col)[: -len("_low")]
        high = f"{stem}_high"
        if high not in out.columns or stem in out.columns:
            continue
        merged = [interval_text(lo, hi) for lo, hi in zip(out[col], out[high], strict=True)]
        position = list(out.columns).index(col)
        out = out.drop(columns=[col, high])
        out.insert(position, stem, merged)
        kinds[stem] = "ci"
    return out, kinds
