"""Material for the consensus meeting: the disagreement list and a plain-language verdict.

Following the original study's "independent coding of parts, then consensus" (methodology
section 3.4), agreement is descriptive: the primary output is the list of disagreements the
coders discuss, with room for the resolution and any codebook change. The verdict compares
the statistics with the configured thresholds and cites the conventions: Krippendorff's
alpha >= 0.800 reliable, 0.667 <= alpha < 0.800 tentative conclusions only (Krippendorff
2004, p. 241); kappa bands of Landis & Koch (1977).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from replicate.errors import ConfigError, DataError

from ._data import RatingTable, as_table
from ._definitions import LANDIS_KOCH_BANDS, STATISTIC_LABELS
from ._summary import AgreementStatistics

__all__ = ["THRESHOLD_ALIASES", "disagreements", "verdict"]

THRESHOLD_ALIASES: dict[str, str] = {
    "alpha": "krippendorff_alpha",
    "kappa": "cohen_kappa",
    "pi": "scott_pi",
    "fleiss": "fleiss_kappa",
    "conger": "conger_kappa",
    "ac1": "gwet_ac1",
    "bp": "brennan_prediger",
    "agreement": "percent_agreement",
    **{name: name for name in STATISTIC_LABELS},
}
"""Threshold keys accepted by :func:`verdict` and the statistic each refers to."""


def disagreements(
    ratings: pd.DataFrame | RatingTable,
    units: pd.DataFrame | None = None,
    *,
    unit: str = "unit_id",
) -> pd.DataFrame:
    """List the units on which the coders who rated them did not all agree.

    Parameters
    ----------
    ratings : pandas.DataFrame or RatingTable
        Wide table (index = unit id, one column per coder).
    units : pandas.DataFrame or None, default=None
        Units table (``unit_id``, ``participant``, ``transcript``, ``text`` and optionally
        the consensus ``code``) to show where each disagreement is and what it says.
    unit : str, default="unit_id"
        Unit-id column of ``units``.

    Returns
    -------
    pandas.DataFrame
        Columns ``unit_id, participant, transcript, text``, then one column per coder (named
        after the coder, blank where the coder did not rate the unit), then ``codes`` (the
        distinct codes given, sorted, joined by ``" | "``: the dispute, to group by),
        ``final_code`` (the consensus code from ``units``, blank if absent), ``resolution``
        (blank: the code the coders agree on, filled in at the meeting; see
        :func:`settle`) and ``codebook_change`` (blank, for the meeting's log). Sorted by
        transcript, unit id.

    Raises
    ------
    DataError
        ``units`` lacks the unit-id column or misses a unit that was rated.
    """
    table = as_table(ratings)
    codes, present = table.codes, table.present
    first = np.where(present, codes, np.iinfo(np.int32).max).min(axis=1)
    differ = (present & (codes != first[:, None])).any(axis=1)
    keep = np.flatnonzero(differ & (table.ratings_per_unit >= 2))
    wide = table.to_frame().iloc[keep]
    out = pd.DataFrame({"unit_id": [str(u) for u in wide.index]})
    info_cols = ("participant", "transcript", "text")
    if units is not None:
        if unit not in units.columns:
            raise DataError(f"units need the column {unit}")
        info = units.drop_duplicates(subset=[unit])
        info.index = pd.Index(info[unit].astype(str))
        missing = [u for u in out["unit_id"] if u not in info.index]
        if missing:
            raise DataError(f"unit {missing[0]} was rated but is not in the units table; "
                            "add it to units")
        for col in info_cols:
            out[col] = (info.loc[out["unit_id"], col].to_numpy(dtype=object)
                        if col in info.columns else "")
        final = (info.loc[out["unit_id"], "code"].to_numpy(dtype=object)
                 if "code" in info.columns else "")
    else:
        for col in info_cols:
            out[col] = ""
        final = ""
    for coder in table.coders:
        out[coder] = ["" if v is None or pd.isna(v) else v for v in wide[coder].tolist()]
    given = wide[list(table.coders)].to_numpy(dtype=object).tolist()
    out["codes"] = [" | ".join(sorted({str(v) for v in row if v is not None and not pd.isna(v)}))
                    for row in given]
    out["final_code"] = final
    out["resolution"] = ""
    out["codebook_change"] = ""
    order = out.sort_values(["transcript", "unit_id"], key=lambda s: s.astype(str)).index
    return out.loc[order].reset_index(drop=True)


def _band(value: float) -> str:
    for low, high, label in LANDIS_KOCH_BANDS:
        if low <= value <= high:
            return label
    return "poor"


def _sentence(name: str, value: float | None, threshold: float) -> tuple[bool | None, str]:
    label = STATISTIC_LABELS[name]
    if value is None:
        why = ("it needs exactly two coders" if name in ("cohen_kappa", "scott_pi")
               else "it is undefined for these data")
        return None, f"{label} was not computed ({why})."
    met = value >= threshold
    head = f"{label} = {value:.3f} {'meets' if met else 'is below'} the threshold of {threshold:g}"
    if name == "krippendorff_alpha":
        if value >= 0.800:
            tail = "Krippendorff's 0.800 convention for reliable data is met"
        elif value >= 0.667:
            tail = ("between Krippendorff's 0.667 and 0.800: tentative conclusions only")
        else:
            tail = "below Krippendorff's 0.667: data not reliable by his convention"
        return met, f"{head}; {tail}."
    if name == "percent_agreement":
        return met, f"{head} (not corrected for chance)."
    return met, f"{head} ({_band(value)} agreement by Landis & Koch)."


def verdict(
    statistics: AgreementStatistics | Mapping[str, float | None],
    thresholds: Mapping[str, float],
) -> str:
    """A plain-language verdict of the agreement statistics against thresholds.

    Parameters
    ----------
    statistics : AgreementStatistics or mapping of str to float or None
        The statistics (a mapping uses the names of :data:`STATISTICS`).
    thresholds : mapping of str to float
        Minimum acceptable values, keyed by statistic name or alias (``alpha``, ``kappa``,
        ``pi``, ``fleiss``, ``conger``, ``ac1``, ``bp``, ``agreement``), e.g.
        ``{"alpha": 0.667, "kappa": 0.6}``.

    Returns
    -------
    str
        One paragraph: how many thresholds are met, one sentence per statistic, and a
        reminder that agreement is descriptive and disagreements go to consensus.

    Raises
    ------
    ConfigError
        An unknown threshold key or a threshold outside [-1, 1].
    """
    values: Mapping[str, float | None]
    if isinstance(statistics, AgreementStatistics):
        values = {k: c.value for k, c in statistics.coefficients.items()}
    else:
        values = statistics
    sentences: list[str] = []
    met_count = checked = 0
    for key in sorted(thresholds, key=lambda k: THRESHOLD_ALIASES.get(k, k)):
        if key not in THRESHOLD_ALIASES:
            raise ConfigError(f"threshold {key!r} names no statistic; use one of "
                              f"{', '.join(sorted(THRESHOLD_ALIASES))}")
        threshold = float(thresholds[key])
        if not -1.0 <= threshold <= 1.0:
            raise ConfigError(f"threshold {key} = {threshold} must lie between -1 and 1")
        name = THRESHOLD_ALIASES[key]
        if key == "kappa" and values.get(name) is None and values.get("fleiss_kappa") is not None:
            # "kappa" is the kappa that fits the number of coders: Cohen's with two coders,
            # Fleiss' with three or more (it is never silently dropped)
            name = "fleiss_kappa"
        met, text = _sentence(name, values.get(name), threshold)
        sentences.append(text)
        if met is not None:
            checked += 1
            met_count += int(met)
    if not thresholds:
        head = "No thresholds were configured."
    elif checked == 0:
        head = "No configured threshold could be checked."
    elif checked == met_count:
        head = ("The one checked threshold is met." if checked == 1
                else f"All {checked} checked thresholds are met.")
    else:
        head = (f"{checked - met_count} of {checked} checked thresholds "
                f"{'is' if checked - met_count == 1 else 'are'} not met.")
    tail = ("Agreement is reported descriptively; every disagreement goes to the consensus "
            "meeting and its resolution to the consensus log.")
    return " ".join([head, *sentences, tail])
