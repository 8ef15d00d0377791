"""The output gate scans what a reader sees: a student called Julia no longer blocks reports."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from replicate.errors import PrivacyError
from replicate.privacy import assert_publishable, identifying_values, scan_outputs
from replicate.report import notebook_to_html

IDS = identifying_values(
    pd.DataFrame({"student_id": ["S001", "S002"], "name": ["Julia Nyström", "Omar Haddad"]}),
    pd.DataFrame({"mentor_id": ["M001"], "name": ["Karin Holm"]}),
)


def _report(root: Path, markdown: str) -> Path:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("res.show('x')")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": markdown})]
    nb.cells = [cell]
    (root / "stages").mkdir(parents=True)
    html = notebook_to_html(nb, title="Demo: overview")
    (root / "stages" / "00_cohort_overview.html").write_text(html, encoding="utf-8")
    return root


def test_a_student_called_julia_publishes(tmp_path: Path) -> None:
    root = _report(tmp_path / "r", "<p>Twelve students were interviewed.</p>")
    page = (root / "stages" / "00_cohort_overview.html").read_text(encoding="utf-8")
    assert "jp-JuliaIcon" in page and "--jp-icon-julia" in page  # nbconvert's stylesheet
    assert_publishable(root, IDS)


def test_julia_in_the_body_or_a_tooltip_still_blocks(tmp_path: Path) -> None:
    root = _report(tmp_path / "r", '<p title="from Julia">x</p><p>Omar said</p>')
    found = scan_outputs(root, IDS)
    assert [(f.file, f.kind, f.masked) for f in found] == [
        ("stages/00_cohort_overview.html", "name", "Ju***"),
        ("stages/00_cohort_overview.html", "name", "O***"),
    ]
    with pytest.raises(PrivacyError) as info:
        assert_publishable(root, IDS)
    message = str(info.value)
    assert message.startswith("stages/00_cohort_overview.html, line ")
    assert "name found (the value is in students.name, row 2)" in message
    assert "Julia" not in message and "Omar" not in message


def test_csv_finding_names_the_column_and_the_roster_row(tmp_path: Path) -> None:
    (tmp_path / "artifacts").mkdir()
    (tmp_path / "artifacts" / "40_theme_synthesis-quotes.csv").write_text(
        'text,attribution\n"I could say anything,\nreally",A\nKarin listened,B\n',
        encoding="utf-8")
    with pytest.raises(PrivacyError) as info:
        assert_publishable(tmp_path, IDS)
    assert str(info.value).startswith(
        "artifacts/40_theme_synthesis-quotes.csv, line 4, column text: name found (the value "
        "is in mentors.name, row 2);")


def test_notebook_outputs_and_json_are_still_read(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text('{"who": "S002"}', encoding="utf-8")
    assert [(f.where, f.kind) for f in scan_outputs(tmp_path, IDS)] == [("who", "student id")]
