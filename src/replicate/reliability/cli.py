"""``replicate agreement FILE``: agreement statistics for any coding spreadsheet.

The lead's ``replicate`` command registers the subcommand with :func:`add_parser` and calls
:func:`run`; errors are raised as :class:`replicate.errors.ReplicateError` subclasses (the
main CLI prints ``error.one_line()`` and exits with code 2)::

    replicate agreement codings.xlsx
    replicate agreement codings.csv --long --categories a,b,c --json
    replicate agreement scores.csv --level interval --weights quadratic
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from replicate.errors import DataError

from ._data import LEVELS, Label
from ._definitions import STATISTIC_LABELS
from ._io import read_ratings
from ._summary import AgreementStatistics, agreement_statistics
from ._weights import WEIGHT_NAMES

__all__ = ["add_parser", "run"]

_SHOWN = ("percent_agreement", "cohen_kappa", "scott_pi", "fleiss_kappa", "krippendorff_alpha",
          "gwet_ac1", "brennan_prediger")

_MEANING = {
    "percent_agreement": "share of agreeing rating pairs per unit; not corrected for chance",
    "cohen_kappa": "two coders; chance from each coder's own code use (Cohen 1960); "
                   "CI as SAS PROC FREQ",
    "scott_pi": "two coders; chance from both coders' pooled code use (Scott 1955)",
    "fleiss_kappa": "any number of coders; chance from pooled code use (Fleiss 1971)",
    "krippendorff_alpha": "any coders, missing ratings, level-aware; >= .800 reliable, "
                          ".667-.800 tentative (Krippendorff)",
    "gwet_ac1": "chance from the category set; resists the high-prevalence paradox "
                "(Gwet 2008)",
    "brennan_prediger": "chance = 1/q for q categories (MAXQDA's kappa; Brennan & "
                        "Prediger 1981)",
}


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``agreement`` subcommand.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The object returned by ``ArgumentParser.add_subparsers()``.

    Returns
    -------
    argparse.ArgumentParser
        The subcommand's parser (its default ``func`` is :func:`run`).
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "agreement",
        help="agreement statistics for a coding spreadsheet (CSV or XLSX)",
        description=(
            "Percent agreement, Cohen's kappa, Scott's pi, Fleiss' kappa, Krippendorff's "
            "alpha, Gwet's AC1 and Brennan-Prediger for a coding spreadsheet. Wide layout: "
            "first column the unit id, one column per coder, an empty cell is a missing "
            "rating. With --long: rows of unit, coder, code."
        ),
    )
    parser.add_argument("file", metavar="FILE", type=Path, help="CSV or XLSX file")
    parser.add_argument("--long", action="store_true",
                        help="rows of unit, coder, code instead of one column per coder")
    parser.add_argument("--level", choices=LEVELS, default="nominal",
                        help="level of measurement for Krippendorff's alpha (default nominal)")
    parser.add_argument("--weights", choices=WEIGHT_NAMES, default="none",
                        help="weights for Cohen's kappa (default none)")
    parser.add_argument("--categories", default=None, metavar="A,B,C",
                        help="the full category set in order (affects AC1, Brennan-Prediger "
                             "and weights)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)
    return parser


def _categories(text: str | None) -> list[Label] | None:
    if text is None:
        return None
    items = [part.strip() for part in text.split(",")]
    if not all(items):
        raise DataError(f"--categories {text!r} has an empty entry; list codes separated by "
                        "commas, e.g. a,b,c")
    return list(items)


def _fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def format_table(stats: AgreementStatistics, source: str) -> str:
    """Render the statistics as a readable text table.

    Parameters
    ----------
    stats : AgreementStatistics
        The statistics to show.
    source : str
        The file name for the heading.

    Returns
    -------
    str
        A heading, then per statistic its value, 95% CI and a line on its meaning.
    """
    cats = ", ".join(str(c) for c in stats.categories)
    lines = [
        f"Agreement for {source}",
        f"{stats.n_units} units, {stats.n_coders} coders ({', '.join(stats.coders)}), "
        f"{len(stats.categories)} categories ({cats})",
        f"alpha level: {stats.level}; Cohen's kappa weights: {stats.weights}",
        *[f"note: {line}" for line in stats.exclusions()],
        "",
        f"{'statistic':<22}{'value':>8}   95% CI",
    ]
    for name in _SHOWN:
        coef = stats.coefficients[name]
        if coef.value is None:
            ci = ("does not apply: needs exactly two coders"
                  if name in ("cohen_kappa", "scott_pi") and stats.n_coders != 2
                  else "undefined for these data")
        elif coef.ci_low is not None and coef.ci_high is not None:
            ci = f"[{coef.ci_low:.3f}, {coef.ci_high:.3f}]"
        else:
            ci = ""
        lines.append(f"{STATISTIC_LABELS[name]:<22}{_fmt(coef.value):>8}   {ci}".rstrip())
        lines.append(f"    {_MEANING[name]}")
    return "\n".join(lines)


def run(args: argparse.Namespace, *, stdout: TextIO | None = None) -> int:
    """Execute ``replicate agreement`` for parsed arguments.

    Parameters
    ----------
    args : argparse.Namespace
        Attributes ``file``, ``long``, ``level``, ``weights``, ``categories``, ``json``.
    stdout : text stream or None, default=None
        Where to print (default ``sys.stdout``).

    Returns
    -------
    int
        0 on success.

    Raises
    ------
    DataError
        Unreadable file or invalid ratings (the message names the file and row).
    """
    out = stdout if stdout is not None else sys.stdout
    path = Path(args.file)
    wide = read_ratings(path, long=bool(args.long))
    try:
        stats = agreement_statistics(wide, categories=_categories(args.categories),
                                     level=args.level, weights=args.weights)
    except DataError as err:
        raise DataError(err.message, file=str(path), location=err.location) from None
    if args.json:
        out.write(json.dumps(stats.to_json_dict()) + "\n")
    else:
        out.write(format_table(stats, str(path)) + "\n")
    return 0
