"""Templates and the data dictionary come from the loader's schemas; init gives a valid cohort."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from replicate.cohort import validate_cohort
from replicate.scaffold import data_dictionary, init_cohort, write_templates
from replicate.schema import TABLES
from replicate.tables import load_table

ROOT = Path(__file__).resolve().parents[1]


def test_committed_templates_match_the_generator(tmp_path: Path) -> None:
    write_templates(tmp_path)
    committed = ROOT / "data-templates"
    for p in sorted(tmp_path.iterdir()):
        if p.suffix == ".xlsx":
            pd.testing.assert_frame_equal(pd.read_excel(p, dtype=str),
                                          pd.read_excel(committed / p.name, dtype=str))
        else:
            assert p.read_bytes() == (committed / p.name).read_bytes(), p.name


def test_every_template_loads_from_csv_and_xlsx_alike() -> None:
    for name in TABLES:
        a = load_table(name, ROOT / "data-templates" / f"{name}.csv")
        b = load_table(name, ROOT / "data-templates" / f"{name}.xlsx")
        pd.testing.assert_frame_equal(a, b)


def test_dictionary_lists_every_column() -> None:
    text = data_dictionary()
    for name, schema in TABLES.items():
        assert f"## {name}" in text
        for col in schema.columns:
            assert f"| `{col.name}` | {col.kind} |" in text


def test_init_writes_a_cohort_that_validates(tmp_path: Path) -> None:
    cfg = init_cohort(tmp_path / "new")
    assert validate_cohort(cfg) == []
    assert sorted(p.name for p in (tmp_path / "new" / "tables").iterdir()) == sorted(
        f"{n}.csv" for n in TABLES)


def test_init_writes_the_original_studys_defaults(tmp_path: Path) -> None:
    """The README promises the original's defaults (12 participants, 2 pilots, >= 3 meetings,
    40-50 min); the folder init writes holds them, and its example data fit them."""
    from replicate.cohort import load_cohort
    from replicate.pipeline import stage_problems
    from replicate.stages import STAGES

    cfg = init_cohort(tmp_path / "new")
    cohort = load_cohort(cfg)
    c = cohort.config
    assert (c.sampling.target_n, c.guide.pilot_interviews, c.sampling.min_meetings) == (12, 2, 3)
    assert tuple(c.guide.planned_minutes) == (40.0, 50.0)
    assert c.programme.students_offered == len(cohort.tables["students"]) == 14
    assert len(list((tmp_path / "new" / "pilots").glob("*.txt"))) == 2
    assert stage_problems(cohort, STAGES) == []
