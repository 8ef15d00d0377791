"""Age bands and small-cell suppression."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from replicate.errors import ConfigError
from replicate.privacy import band_age, band_ages, suppress_small_cells


@pytest.mark.parametrize(
    ("age", "expected"),
    [(25, "25–29"), (27, "25–29"), (29, "25–29"), (29.9, "25–29"), (30, "30–34"),
     (24, "20–24"), (np.int64(38), "35–39")],
)
def test_band_width_5(age: float, expected: str) -> None:
    assert band_age(age, width=5) == expected


def test_band_origin_and_width_1() -> None:
    assert band_age(27, width=5, origin=3) == "23–27"
    assert band_age(28, width=5, origin=3) == "28–32"
    assert band_age(27, width=1) == "27"
    assert band_age(27, width=10) == "20–29"


@pytest.mark.parametrize(
    ("age", "expected"),
    [(18, "<25"), (24, "<25"), (25, "25–29"), (34, "30–34"), (35, "≥35"), (90, "≥35")],
)
def test_band_cutpoints(age: int, expected: str) -> None:
    assert band_age(age, cutpoints=(25, 30, 35)) == expected


def test_band_cutpoints_single_year_band() -> None:
    assert band_age(30, cutpoints=(30, 31, 40)) == "30"


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"width": 5, "cutpoints": [25]}, {"width": 0}, {"width": 2.5}, {"cutpoints": []},
     {"cutpoints": [30, 25]}, {"cutpoints": [25, 25]}],
)
def test_band_options_rejected(kwargs: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        band_age(27, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("age", [float("nan"), "27", True])
def test_band_age_rejected(age: object) -> None:
    with pytest.raises(ConfigError, match="finite number"):
        band_age(age, width=5)  # type: ignore[arg-type]


def test_band_ages_series() -> None:
    ages = pd.Series([38, 25, None, 31, 27], index=list("abcde"), name="age")
    banded = band_ages(ages, width=5)
    assert banded.tolist()[:2] == ["35–39", "25–29"] and pd.isna(banded["c"])
    assert list(banded.cat.categories) == ["25–29", "30–34", "35–39"]
    assert banded.cat.ordered and banded.name == "age" and list(banded.index) == list("abcde")


def test_suppress_small_cells() -> None:
    table = pd.DataFrame({"theme": ["Space", "Growth", "Roles", "None"],
                          "female": [7, 4, 1, 0], "male": [5, 5, 12, 0]})
    out = suppress_small_cells(table, 5)
    assert out["female"].tolist() == [7, "<5", "<5", 0]
    assert out["male"].tolist() == [5, 5, 12, 0]
    assert out["male"].dtype == table["male"].dtype  # untouched column keeps its type
    assert out["theme"].tolist() == table["theme"].tolist()
    assert table["female"].tolist() == [7, 4, 1, 0]  # input unchanged


def test_suppress_options() -> None:
    table = pd.DataFrame({"a": [1.0, 3.0, np.nan, 2.0], "b": [1, 2, 3, 4]})
    out = suppress_small_cells(table, 3, columns=["a"], marker="≤2")
    assert out["a"].tolist()[:2] == ["≤2", 3] and pd.isna(out["a"][2])
    assert out["a"][3] == "≤2" and out["b"].tolist() == [1, 2, 3, 4]
    assert suppress_small_cells(table, 0).equals(table)  # the config default: off
    assert suppress_small_cells(table, 1).equals(table)


@pytest.mark.parametrize(("k", "columns"), [(-1, None), (2.5, None), (True, None),
                                             (5, ["missing"]), (5, ["t"])])
def test_suppress_rejected(k: object, columns: list[str] | None) -> None:
    table = pd.DataFrame({"n": [1, 2], "t": ["x", "y"]})
    with pytest.raises(ConfigError):
        suppress_small_cells(table, k, columns=columns)  # type: ignore[arg-type]
