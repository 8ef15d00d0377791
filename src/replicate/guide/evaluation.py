"""Measured precision and recall of the question-flaw rules on labelled questions.

The §2.3 rules (:mod:`replicate.guide.flaws`) are heuristics, so the report states how
often they are right. This module scores them against a labelled table of questions and
ships the figures measured on the project's labelled set as package data
(``rule_scores.csv``), so a stage page can print them next to the flags.

The labelled set (``tests/data/guide_questions.csv``) holds realistic interview questions
and probes about medical students' mentorship and clinical education, in English and
Swedish, written for this project and labelled by the rule definitions in
``docs/guide-checks.md`` before the rules were tuned. About 30 % of the rows are marked
``split = holdout`` and were not looked at while tuning; the figures are reported for the
whole set and for that held-out part.

Scoring is per rule: a question counts as flagged by a rule when
:func:`~replicate.guide.flaws.check_question` returns at least one flag of that rule, of
any severity (``too_long`` at 21-25 words and ``why`` are information notes, and still
count). Then, for each rule, ``tp`` = labelled and flagged, ``fp`` = flagged but not
labelled, ``fn`` = labelled but not flagged, precision = tp / (tp + fp) and recall =
tp / (tp + fn), both NaN when their denominator is 0.

Regenerate the shipped figures after changing a rule or the labelled set::

    python -m replicate.guide.evaluation --write
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

import pandas as pd

from replicate.errors import DataError
from replicate.guide.flaws import RULES, check_question

__all__ = [
    "MEASURED_COLUMNS",
    "SCORE_COLUMNS",
    "load_labelled",
    "main",
    "measure",
    "measured_rule_scores",
    "predicted_flags",
    "rule_labels",
    "rule_scores",
]

#: Columns of :func:`rule_scores`.
SCORE_COLUMNS: tuple[str, ...] = ("rule", "language", "tp", "fp", "fn", "precision", "recall")
#: Columns of :func:`measured_rule_scores` and :func:`measure`.
MEASURED_COLUMNS: tuple[str, ...] = ("split", *SCORE_COLUMNS)

_LANGUAGES = ("en", "sv")
_SCORES_FILE = "rule_scores.csv"
#: The labelled set in a source checkout (``src/replicate/guide`` -> repository root).
_DEFAULT_DATA = Path(__file__).resolve().parents[3] / "tests" / "data" / "guide_questions.csv"


def load_labelled(path: str | Path) -> pd.DataFrame:
    """Read and validate a labelled question table.

    Parameters
    ----------
    path : str or Path
        A UTF-8 CSV with columns ``text``, ``language`` (``en`` | ``sv``), optionally
        ``split`` (``dev`` | ``holdout``) and ``kind``, and the labels: either a ``flaws``
        column of space-separated rule names (empty = no flaw) or one 0/1 column per rule
        in :data:`~replicate.guide.flaws.RULES`.

    Returns
    -------
    pandas.DataFrame
        The table as read, empty cells as empty strings.

    Raises
    ------
    DataError
        A missing column, an unknown language, split or rule name, or a label that is not
        0/1; the message names the file, row and column.
    """
    path = Path(path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    try:
        rule_labels(frame)
    except DataError as err:
        raise DataError(err.message, file=str(path), location=err.location) from None
    if "split" in frame.columns:
        bad = [pos for pos, v in enumerate(frame["split"]) if v not in ("dev", "holdout")]
        if bad:
            raise DataError(f"{frame['split'].iloc[bad[0]]!r} is not a split; use 'dev' or "
                            "'holdout'", file=str(path), location=f"row {bad[0] + 2}, column split")
    return frame


def rule_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """The expected flags of a labelled table, one boolean column per rule.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``text`` and ``language`` plus a ``flaws`` column or per-rule 0/1 columns
        (see :func:`load_labelled`).

    Returns
    -------
    pandas.DataFrame
        Same index as ``frame``; columns :data:`~replicate.guide.flaws.RULES`, dtype bool.

    Raises
    ------
    DataError
        As :func:`load_labelled`; ``location`` names the row (file row, header = row 1).
    """
    for col in ("text", "language"):
        if col not in frame.columns:
            raise DataError(f"missing column {col!r}; a labelled table needs text, language "
                            "and either flaws or one 0/1 column per rule")
    bad_lang = [pos for pos, v in enumerate(frame["language"]) if v not in _LANGUAGES]
    if bad_lang:
        value = frame["language"].iloc[bad_lang[0]]
        raise DataError(f"{value!r} is not a language; use 'en' or 'sv'",
                        location=f"row {bad_lang[0] + 2}, column language")
    out = pd.DataFrame(False, index=frame.index, columns=list(RULES))
    if "flaws" in frame.columns:
        for pos, (i, cell) in enumerate(frame["flaws"].items()):
            names = str(cell).replace(",", " ").split() if isinstance(cell, str) else []
            for name in names:
                if name not in RULES:
                    raise DataError(f"{name!r} is not a rule; use one of {', '.join(RULES)}",
                                    location=f"row {pos + 2}, column flaws")
                out.at[i, name] = True
        return out
    missing = [r for r in RULES if r not in frame.columns]
    if missing:
        raise DataError(f"missing label columns {missing}; give a flaws column or one 0/1 "
                        "column per rule")
    for rule in RULES:
        values = frame[rule].astype(str).str.strip()
        bad = [pos for pos, v in enumerate(values) if v not in ("0", "1")]
        if bad:
            raise DataError(f"{values.iloc[bad[0]]!r} is not a label; use 0 or 1",
                            location=f"row {bad[0] + 2}, column {rule}")
        out[rule] = values.eq("1").to_numpy()
    return out


def predicted_flags(frame: pd.DataFrame, *, glossary: Iterable[str] = (),
                    whitelist: Iterable[str] = ()) -> pd.DataFrame:
    """Which rules fire on each question of ``frame``.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``text`` and ``language``.
    glossary, whitelist : iterable of str, default=()
        Passed to :func:`~replicate.guide.flaws.check_question`.

    Returns
    -------
    pandas.DataFrame
        Same index as ``frame``; columns :data:`~replicate.guide.flaws.RULES`, dtype bool.
    """
    gl, wl = tuple(glossary), tuple(whitelist)
    out = pd.DataFrame(False, index=frame.index, columns=list(RULES))
    for i, text, lang in zip(frame.index, frame["text"], frame["language"], strict=True):
        for f in check_question(str(text), language=lang, glossary=gl, whitelist=wl):
            out.at[i, f.rule] = True
    return out


def _ratio(num: int, den: int) -> float:
    return num / den if den else math.nan


def rule_scores(frame: pd.DataFrame, *, glossary: Iterable[str] = (),
                whitelist: Iterable[str] = ()) -> pd.DataFrame:
    """Precision and recall of every rule on a labelled table, overall and per language.

    Parameters
    ----------
    frame : pandas.DataFrame
        A labelled table (see :func:`load_labelled`).
    glossary, whitelist : iterable of str, default=()
        Passed to :func:`~replicate.guide.flaws.check_question`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SCORE_COLUMNS`: one row per rule (order of
        :data:`~replicate.guide.flaws.RULES`) and language, ``language`` being ``"all"``
        first, then ``"en"`` and ``"sv"`` when present. ``tp``, ``fp``, ``fn`` are counts;
        ``precision`` and ``recall`` are NaN when their denominator is 0.

    Raises
    ------
    DataError
        When the labels are malformed (see :func:`rule_labels`).

    Examples
    --------
    >>> frame = pd.DataFrame({"text": ["Did you meet often?", "How did you meet?"],
    ...                       "language": ["en", "en"], "flaws": ["closed", ""]})
    >>> s = rule_scores(frame)
    >>> s.loc[(s.rule == "closed") & (s.language == "all"), ["tp", "fp", "fn"]].values.tolist()
    [[1, 0, 0]]
    """
    expected = rule_labels(frame)
    got = predicted_flags(frame, glossary=glossary, whitelist=whitelist)
    langs = ["all", *[lang for lang in _LANGUAGES if (frame["language"] == lang).any()]]
    rows: list[dict[str, object]] = []
    for rule in RULES:
        for lang in langs:
            sel = frame["language"].eq(lang) if lang != "all" else frame["language"].notna()
            e, g = expected.loc[sel, rule], got.loc[sel, rule]
            tp, fp, fn = int((e & g).sum()), int((~e & g).sum()), int((e & ~g).sum())
            rows.append({"rule": rule, "language": lang, "tp": tp, "fp": fp, "fn": fn,
                         "precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn)})
    return pd.DataFrame(rows, columns=list(SCORE_COLUMNS))


def measure(frame: pd.DataFrame, *, splits: Sequence[str] = ("all", "holdout")) -> pd.DataFrame:
    """Scores on the whole labelled set and on named parts of it, rounded for shipping.

    Parameters
    ----------
    frame : pandas.DataFrame
        A labelled table with a ``split`` column when a split other than ``"all"`` is asked.
    splits : sequence of str, default=("all", "holdout")
        ``"all"`` = every row; any other value selects the rows whose ``split`` equals it.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`MEASURED_COLUMNS`, precision and recall rounded to 4 decimals.
    """
    parts = []
    for split in splits:
        sub = frame if split == "all" else frame[frame["split"] == split]
        scores = rule_scores(sub)
        scores.insert(0, "split", split)
        parts.append(scores)
    out = pd.concat(parts, ignore_index=True)
    out[["precision", "recall"]] = out[["precision", "recall"]].round(4)
    return out


def measured_rule_scores() -> pd.DataFrame:
    """The precision and recall of each rule as measured on the project's labelled set.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`MEASURED_COLUMNS` (``split``, ``rule``, ``language``, ``tp``, ``fp``,
        ``fn``, ``precision``, ``recall``). ``split`` is ``"all"`` (the whole labelled set)
        or ``"holdout"`` (the ~30 % not looked at while tuning the rules); ``language`` is
        ``"all"``, ``"en"`` or ``"sv"``. One row per split, rule and language.

    See Also
    --------
    rule_scores : the same figures for any labelled table.

    Examples
    --------
    >>> s = measured_rule_scores()
    >>> sorted(s.split.unique())
    ['all', 'holdout']
    >>> bool(s.query("split == 'all' and language == 'all'").precision.min() >= 0.9)
    True
    """
    ref = resources.files("replicate.guide") / _SCORES_FILE
    with ref.open("r", encoding="utf-8") as fh:
        frame = pd.read_csv(fh, dtype={"tp": int, "fp": int, "fn": int})
    return frame[list(MEASURED_COLUMNS)]


def _table(scores: pd.DataFrame) -> str:
    lines = [f"{'rule':18s} {'lang':4s} {'P':>5s} {'R':>5s} {'tp':>4s} {'fp':>3s} {'fn':>3s}"]
    for r in scores.itertuples(index=False):
        lines.append(f"{r.rule:18s} {r.language:4s} {r.precision:5.2f} {r.recall:5.2f} "
                     f"{r.tp:4d} {r.fp:3d} {r.fn:3d}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the measured scores; with ``--write``, store them as package data.

    Parameters
    ----------
    argv : sequence of str or None, default=None
        Command-line arguments (``--data PATH``, ``--write``).

    Returns
    -------
    int
        Exit status, 0.
    """
    parser = argparse.ArgumentParser(prog="python -m replicate.guide.evaluation",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=_DEFAULT_DATA,
                        help="labelled question table (default: tests/data/guide_questions.csv)")
    parser.add_argument("--write", action="store_true",
                        help=f"write the scores to replicate/guide/{_SCORES_FILE}")
    args = parser.parse_args(argv)
    scores = measure(load_labelled(args.data))
    for split in scores["split"].unique():
        print(f"\nsplit = {split}\n{_table(scores[scores['split'] == split])}")
    if args.write:
        target = Path(__file__).with_name(_SCORES_FILE)
        scores.to_csv(target, index=False, lineterminator="\n")
        print(f"\nwrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
