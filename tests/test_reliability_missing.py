"""Units no coder, or one coder only, rated: dropped and reported, never refused.

Krippendorff (2011) defines alpha over *pairable* values: a unit with fewer than two ratings
has no pair and drops out. Two published worked examples have such units:

* Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C (4 observers
  x 12 units, values 1-5, missing data): nominal alpha = 0.743, with 40 pairable values
  (coincidence margins 9, 13, 10, 5, 3); unit 12 has a single value. The same data are
  R irrCAC's ``cac.raw4raters`` (tests/data/reference/reliability, alpha 0.74342).
* Wikipedia, "Krippendorff's alpha", worked example (3 coders x 15 units, values 1-4): units
  2 and 14 have no value at all and unit 1 one value; nominal alpha = 0.691, interval alpha
  = 0.811.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from replicate.cli import main
from replicate.reliability import (
    agreement_statistics,
    coincidence_matrix,
    krippendorff_alpha,
    ratings_table,
)

REFERENCE = Path(__file__).parent / "data" / "reference" / "reliability"
NAN = np.nan

# Wikipedia's table: rows are coders A, B, C; columns units 1-15; NaN = no value
WIKIPEDIA = pd.DataFrame(
    np.array([[NAN, NAN, NAN, NAN, NAN, 3, 4, 1, 2, 1, 1, 3, 3, NAN, 3],
              [1, NAN, 2, 1, 3, 3, 4, 3, NAN, NAN, NAN, NAN, NAN, NAN, NAN],
              [NAN, NAN, 2, 1, 3, 4, 4, NAN, 2, 1, 1, 3, 3, NAN, 4]]).T,
    index=pd.Index(range(1, 16), name="unit"), columns=["A", "B", "C"])


def _krippendorff_2011() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "gwet_cac_raw4raters.csv", index_col="unit")


def test_krippendorff_2011_worked_example() -> None:
    data = _krippendorff_2011()
    alpha = krippendorff_alpha(data, level="nominal")
    assert alpha.value is not None
    assert round(alpha.value, 3) == 0.743
    assert abs(alpha.value - 0.74342) <= 0.5e-5  # R irrCAC krippen.alpha.raw
    assert alpha.n_units == 11  # unit 12 (one value) is unpairable
    o = coincidence_matrix(data)
    assert o.to_numpy().sum() == pytest.approx(40.0)
    assert o.sum(axis=1).round(9).tolist() == [9, 13, 10, 5, 3]
    stats = agreement_statistics(data)
    assert stats.single_rated_units == (12,) and stats.dropped_units == ()


@pytest.mark.parametrize(("level", "published"), [("nominal", 0.691), ("interval", 0.811)])
def test_wikipedia_example_with_unrated_units(level: str, published: float) -> None:
    alpha = krippendorff_alpha(WIKIPEDIA, level=level)  # type: ignore[arg-type]
    assert alpha.value is not None and round(alpha.value, 3) == published
    assert alpha.n_units == 12  # 15 units, 2 unrated, 1 with a single value


def test_unrated_units_are_dropped_and_said() -> None:
    table = ratings_table(WIKIPEDIA)
    assert table.dropped == (2, 14) and table.n_units == 13
    assert table.single_rated == (1,)
    stats = agreement_statistics(WIKIPEDIA)
    assert stats.n_units == 13 and stats.dropped_units == (2, 14)
    assert stats.exclusions() == [
        "2 unit(s) dropped: no coder rated them (2, 14)",
        "1 unit(s) rated by one coder only (1): unpairable, so no agreement is counted on "
        "them (alpha leaves them out)"]
    # dropping a unit nobody rated changes nothing
    alone = agreement_statistics(WIKIPEDIA.drop(index=[2, 14]))
    for name, coef in stats.coefficients.items():
        assert coef.value == alone.coefficients[name].value, name
    # the drop survives re-validation with another category set
    assert ratings_table(table, categories=[1, 2, 3, 4, 5]).dropped == (2, 14)


def test_cli_reports_dropped_units(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "wikipedia.csv"
    WIKIPEDIA.astype("Int64").to_csv(path)
    assert main(["agreement", str(path)]) == 0
    out = capsys.readouterr().out
    assert "note: 2 unit(s) dropped: no coder rated them (2, 14)" in out
    assert "note: 1 unit(s) rated by one coder only (1)" in out
    assert any(line.startswith("Krippendorff's alpha") and line.split()[2] == "0.691"
               for line in out.splitlines())
    assert main(["agreement", str(path), "--json", "--level", "interval"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["n_units"] == 13 and data["n_units_dropped"] == 2
    assert data["units_dropped"] == ["2", "14"] and data["units_single_rated"] == ["1"]
    assert round(data["krippendorff_alpha"], 3) == 0.811
