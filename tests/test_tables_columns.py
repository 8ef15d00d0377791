"""Column-at-a-time conversion in :func:`check_table` equals converting cell by cell.

The loader converts each distinct cell text of a column once (and plain digits directly) and
strips whitespace one column at a time; these tests compare it with the obvious loop over
cells that it replaced, on random columns mixing valid, empty, padded and bad cells.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from replicate.errors import DataError
from replicate.schema import Column, TableSchema
from replicate.tables import _convert, check_table, read_raw_table

SCHEMA = TableSchema(
    name="mixed", meaning="test", key=("id",),
    columns=(
        Column("id", "str", True, "id", "x"),
        Column("n", "int", True, "whole number", "3", minimum=0, maximum=200),
        Column("f", "float", False, "number", "1.5", minimum=-1),
        Column("g", "category", False, "category", "a", allowed=("female", "male")),
        Column("b", "bool", False, "flag", "true"),
        Column("d", "date", False, "date", "2025-01-01"),
    ),
)
CELLS = ["", "0", "5", "05", "200", "201", "-3", "+4", "1.5", "1,5", "abc", "1e2", "nan",
         "inf", "99999999999999999999", "٣", "Male", "female", "ja", "nej", "2025-02-30",
         "2025-01-31", "7"]


def _reference(raw: pd.DataFrame) -> tuple[dict[str, list[object]], list[str]]:
    """The cell-by-cell loop (the loader before it worked on whole columns)."""
    values: dict[str, list[object]] = {}
    problems: list[str] = []
    for col in SCHEMA.columns:
        values[col.name] = []
        for i, cell in enumerate(raw[col.name].tolist()):
            where = f"row {i + 2}, column {col.name}"
            if cell == "":
                if col.required:
                    problems.append(f"f.csv, {where}: empty cell; column '{col.name}' is "
                                    "required")
                values[col.name].append(None)
                continue
            value, problem = _convert(col, cell, table=SCHEMA.name)
            if problem:
                problems.append(f"f.csv, {where}: {problem}")
            values[col.name].append(value)
    return values, problems


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(*[st.sampled_from(CELLS)] * 5), min_size=1, max_size=12))
def test_column_conversion_equals_cell_by_cell(rows: list[tuple[str, ...]]) -> None:
    raw = pd.DataFrame({"id": [f"r{i}" for i in range(len(rows))],
                        **{name: [r[j] for r in rows] for j, name in enumerate("nfgbd")}},
                       dtype=str)
    table, problems = check_table(raw, SCHEMA, file="f.csv")
    values, expected = _reference(raw)
    assert [p.one_line() for p in problems] == expected
    for name, column in values.items():
        got = table[name].tolist()
        assert [None if pd.isna(v) else v for v in got] == [
            None if v is None or pd.isna(v) else v for v in column], name


def test_padding_is_stripped_only_where_present(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('id,n\n  a ,1\nb,"\u00a02\t"\nc,3\n', encoding="utf-8")
    raw = read_raw_table(path)
    assert raw.to_numpy().tolist() == [["a", "1"], ["b", "2"], ["c", "3"]]
    assert all(isinstance(dt, pd.StringDtype) for dt in raw.dtypes)
    plain = tmp_path / "p.csv"
    plain.write_text("id,n\na,1\n", encoding="utf-8")
    assert read_raw_table(plain).to_numpy().tolist() == [["a", "1"]]


def test_many_equal_bad_cells_each_reported_in_row_order() -> None:
    raw = pd.DataFrame({"id": [f"r{i}" for i in range(6)],
                        "n": ["x", "5", "x", "", "300", "x"]}, dtype=str)
    schema = TableSchema(name="t", meaning="t", columns=SCHEMA.columns[:2])
    table, problems = check_table(raw, schema, file="t.csv")
    assert [p.location for p in problems] == [f"row {r}, column n" for r in (2, 4, 5, 6, 7)]
    assert isinstance(problems[0], DataError)
    assert problems[3].message == "300 is above the maximum 200"
    assert table["n"].isna().tolist() == [True, False, True, True, True, True]
    assert table["n"].iloc[1] == 5
