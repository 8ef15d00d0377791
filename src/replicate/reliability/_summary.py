"""Every agreement statistic for one ratings table, in one call.

:func:`agreement_statistics` validates the table once and computes the coefficients of
:data:`STATISTICS`; each states its definition. Statistics that need exactly two coders
(Cohen's kappa, Scott's pi) are ``None`` for other numbers of coders. ``weights`` applies to
Cohen's kappa only and ``level`` to Krippendorff's alpha only, as in ``replicate agreement``;
the other coefficients are the unweighted (nominal) ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from replicate.errors import DataError

from ._alpha import krippendorff_alpha
from ._data import Label, Level, RatingTable, as_table
from ._definitions import STATISTIC_LABELS
from ._multirater import brennan_prediger, conger_kappa, fleiss_kappa, gwet_ac1, percent_agreement
from ._pairwise import cohen_kappa, scott_pi
from ._result import Coefficient
from ._weights import WeightSpec

__all__ = ["STATISTICS", "AgreementStatistics", "agreement_statistics"]

STATISTICS: tuple[str, ...] = (
    "percent_agreement",
    "cohen_kappa",
    "scott_pi",
    "fleiss_kappa",
    "conger_kappa",
    "krippendorff_alpha",
    "gwet_ac1",
    "brennan_prediger",
)
"""Statistic keys in report order."""

FRAME_COLUMNS: tuple[str, ...] = (
    "statistic", "label", "value", "se", "ci_low", "ci_high", "ci_method", "observed",
    "expected", "n_units", "definition",
)


@dataclass(frozen=True)
class AgreementStatistics:
    """All coefficients for one table.

    Attributes
    ----------
    n_units : int
        Units (rows) in the table.
    n_coders : int
        Coders (columns).
    coders : tuple of str
        Coder names.
    categories : tuple of Label
        Category set used (its size ``q`` enters AC1 and Brennan-Prediger).
    level : str
        Level of measurement of alpha.
    weights : str
        Weights of Cohen's kappa (``"none"``, ``"linear"``, ``"quadratic"``, ``"custom"``).
    coefficients : dict of str to Coefficient
        Keyed by the names in :data:`STATISTICS`; each ``n_units`` counts the units that
        statistic could use.
    dropped_units : tuple
        Units no coder rated: dropped before any statistic (not in ``n_units``).
    single_rated_units : tuple
        Units one coder rated: unpairable, so no statistic counts agreement on them
        (Krippendorff's alpha leaves them out by definition; the Fleiss-type coefficients
        use them only for the category shares, as Gwet 2014 does).
    """

    n_units: int
    n_coders: int
    coders: tuple[str, ...]
    categories: tuple[Label, ...]
    level: Level
    weights: str
    coefficients: dict[str, Coefficient]
    dropped_units: tuple[object, ...] = ()
    single_rated_units: tuple[object, ...] = ()

    def exclusions(self) -> list[str]:
        """Which units a statistic could not use, and why; one line each.

        Returns
        -------
        list of str
            Empty when every statistic used every unit.
        """
        lines: list[str] = []
        if self.dropped_units:
            lines.append(f"{len(self.dropped_units)} unit(s) dropped: no coder rated them "
                         f"({_ids(self.dropped_units)})")
        if self.single_rated_units:
            lines.append(f"{len(self.single_rated_units)} unit(s) rated by one coder only "
                         f"({_ids(self.single_rated_units)}): unpairable, so no agreement "
                         "is counted on them (alpha leaves them out)")
        return lines

    def value(self, name: str) -> float | None:
        """Return the value of one statistic.

        Parameters
        ----------
        name : str
            A key of :data:`STATISTICS`.

        Returns
        -------
        float or None
            ``None`` when the statistic does not apply or is undefined.
        """
        return self.coefficients[name].value

    def to_json_dict(self) -> dict[str, object]:
        """The ``replicate agreement --json`` object (``None`` where a statistic does not apply).

        Returns
        -------
        dict
            Keys ``n_units, n_coders, percent_agreement, cohen_kappa, cohen_kappa_se,
            cohen_kappa_ci, scott_pi, fleiss_kappa, krippendorff_alpha, gwet_ac1,
            brennan_prediger, n_units_dropped, units_dropped, n_units_single_rated,
            units_single_rated``; ``cohen_kappa_ci`` is ``[low, high]`` or ``None``; the
            ``units_*`` lists hold the ids of the units no coder, or one coder only, rated.
        """
        kappa = self.coefficients["cohen_kappa"]
        ci = None if kappa.ci_low is None or kappa.ci_high is None else [kappa.ci_low,
                                                                         kappa.ci_high]
        return {
            "n_units": self.n_units,
            "n_coders": self.n_coders,
            "percent_agreement": self.value("percent_agreement"),
            "cohen_kappa": kappa.value,
            "cohen_kappa_se": kappa.se,
            "cohen_kappa_ci": ci,
            "scott_pi": self.value("scott_pi"),
            "fleiss_kappa": self.value("fleiss_kappa"),
            "krippendorff_alpha": self.value("krippendorff_alpha"),
            "gwet_ac1": self.value("gwet_ac1"),
            "brennan_prediger": self.value("brennan_prediger"),
            "n_units_dropped": len(self.dropped_units),
            "units_dropped": [str(u) for u in self.dropped_units],
            "n_units_single_rated": len(self.single_rated_units),
            "units_single_rated": [str(u) for u in self.single_rated_units],
        }

    def to_frame(self) -> pd.DataFrame:
        """Return the coefficients as a tidy table.

        Returns
        -------
        pandas.DataFrame
            One row per statistic with columns ``statistic, label, value, se, ci_low,
            ci_high, ci_method, observed, expected, n_units, definition``.
        """
        rows = [
            (name, STATISTIC_LABELS[name], c.value, c.se, c.ci_low, c.ci_high, c.ci_method,
             c.observed, c.expected, c.n_units, c.definition)
            for name, c in self.coefficients.items()
        ]
        return pd.DataFrame(rows, columns=list(FRAME_COLUMNS))


def agreement_statistics(
    ratings: pd.DataFrame | RatingTable,
    *,
    categories: Sequence[Label] | None = None,
    level: Level = "nominal",
    weights: WeightSpec = "none",
    statistics: Sequence[str] | None = None,
) -> AgreementStatistics:
    """Compute every agreement statistic (or those named) for a units x coders table.

    Parameters
    ----------
    ratings : pandas.DataFrame or RatingTable
        Wide table: index = unit id, one column per coder, missing = ``NaN``/``None``/blank.
    categories : sequence or None, default=None
        The full category set in order (affects AC1, Brennan-Prediger and weights).
    level : {"nominal", "ordinal", "interval", "ratio"}, default="nominal"
        Level of measurement for Krippendorff's alpha.
    weights : {"none", "linear", "quadratic"}, sequence or array, default="none"
        Weights for Cohen's kappa.
    statistics : sequence of str or None, default=None
        Only these coefficients (names as in :data:`STATISTICS`), in this function's order;
        None = all. Stage 35 scores the machine per code with four of them.

    Returns
    -------
    AgreementStatistics
        The coefficients with their definitions, SEs and intervals.

    Raises
    ------
    DataError
        Invalid ratings (see :func:`ratings_table`) or weights.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"SK": ["a", "a", "b", "b"], "CS": ["a", "b", "b", "b"]},
    ...                      index=["U1", "U2", "U3", "U4"])
    >>> stats = agreement_statistics(table)
    >>> stats.value("percent_agreement"), round(stats.value("cohen_kappa"), 3)
    (0.75, 0.5)
    """
    table = as_table(ratings, categories, level)
    compute: dict[str, Callable[[], Coefficient]] = {
        "percent_agreement": lambda: percent_agreement(table),
        "cohen_kappa": lambda: cohen_kappa(table, weights=weights),
        "scott_pi": lambda: scott_pi(table),
        "fleiss_kappa": lambda: fleiss_kappa(table),
        "conger_kappa": lambda: conger_kappa(table),
        "krippendorff_alpha": lambda: krippendorff_alpha(table, level=level),
        "gwet_ac1": lambda: gwet_ac1(table),
        "brennan_prediger": lambda: brennan_prediger(table),
    }
    unknown = sorted(set(statistics or ()) - set(compute))
    if unknown:
        raise DataError(f"unknown statistic(s) {', '.join(unknown)}; allowed: "
                        f"{', '.join(compute)}")
    coefficients = {name: f() for name, f in compute.items()
                    if statistics is None or name in statistics}
    weight_name = weights if isinstance(weights, str) else "custom"
    return AgreementStatistics(
        n_units=table.n_units, n_coders=table.n_coders, coders=table.coders,
        categories=table.categories, level=level, weights=weight_name,
        coefficients=coefficients, dropped_units=tuple(table.dropped),
        single_rated_units=table.single_rated,
    )


def _ids(units: tuple[object, ...], shown: int = 10) -> str:
    text = ", ".join(str(u) for u in units[:shown])
    return text + (f", … ({len(units) - shown} more)" if len(units) > shown else "")
