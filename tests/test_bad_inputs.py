"""Bad-input corpus: every malformed input stops ``run`` and ``validate`` with exit 2.

Each case of :mod:`bad_inputs` mutates one file of a fresh copy of the demo cohort. ``run``
must print exactly one line (the first problem) naming the file and, where one applies, the
location, with no traceback, and must leave an existing report folder byte for byte as it was;
``validate`` must list one problem per line and end with a count. Byte-order marks, CRLF
line ends and a real workbook in place of a CSV are not errors: those cohorts load to the same
tables, transcripts, config and guide as the original.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from bad_inputs import ACCEPTED, BAD, Case
from replicate.cli import main
from replicate.cohort import Cohort, load_cohort, validate_cohort
from replicate.guide import load_guide

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo-cohort"
OLD_REPORT = b"<!doctype html><title>previous report</title>\n"
SUMMARY = re.compile(r"^(\d+) problem\(s\) found in .*cohort\.yaml$")


def _cohort(case: Case, tmp_path: Path) -> Path:
    root = tmp_path / "demo-cohort"
    shutil.copytree(DEMO, root)
    case.mutate(root)
    return root / "cohort.yaml"


def _tree(folder: Path) -> dict[str, bytes | None]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None
            for p in sorted(folder.rglob("*"))}


def _check_line(line: str, case: Case) -> None:
    """``file[, location]: message`` with the expected file, location and wording."""
    assert "Traceback" not in line
    where, _, message = line.partition(": ")
    assert case.file in where, f"the line does not start with {case.file}: {line}"
    if case.location is not None:
        assert re.search(case.location, where), f"no location /{case.location}/ in: {line}"
    if case.says is not None:
        assert re.search(case.says, message), f"the message does not say /{case.says}/: {line}"


def test_corpus_is_large_and_ids_are_unique() -> None:
    assert len(BAD) >= 50
    ids = [c.id for c in [*BAD, *ACCEPTED]]
    assert len(ids) == len(set(ids))
    prefixes = {c.id.split("-")[0] for c in BAD}
    assert {"config", "students", "mentors", "participants", "codebook", "units", "codings",
            "transcript", "guide"} <= prefixes


@pytest.mark.parametrize("case", BAD, ids=[c.id for c in BAD])
def test_bad_input_stops_run_and_validate(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = _cohort(case, tmp_path)
    reports = tmp_path / "reports"
    (reports / "demo").mkdir(parents=True)
    (reports / "demo" / "index.html").write_bytes(OLD_REPORT)
    before = _tree(reports)

    assert main(["run", str(cfg), "--out", str(reports)]) == 2
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert len(lines) == 1, err
    first = lines[0]
    _check_line(first, case)
    assert "report:" not in out
    assert _tree(reports) == before

    assert main(["validate", str(cfg)]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert out == ""
    *problems, summary = err.splitlines()
    m = SUMMARY.match(summary)
    assert m is not None, summary
    assert int(m.group(1)) == len(problems) == case.problems, problems
    assert problems[0] == first  # run stops at the problem validate lists first
    for line in problems:
        where, sep, message = line.partition(": ")
        assert sep and message.strip(), line
        assert "demo-cohort" in where, f"no file named in: {line}"
        assert line == line.strip()


def _same_cohort(a: Cohort, b: Cohort) -> None:
    assert sorted(a.tables) == sorted(b.tables)
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name])
    assert a.transcripts.keys() == b.transcripts.keys()
    for name, t in a.transcripts.items():
        assert t.turns == b.transcripts[name].turns
        assert t.header == b.transcripts[name].header
    assert a.texts == b.texts
    assert [p.turns for p in a.pilots.values()] == [p.turns for p in b.pilots.values()]


@pytest.fixture(scope="module")
def original() -> Cohort:
    return load_cohort(DEMO / "cohort.yaml")


@pytest.mark.parametrize("case", ACCEPTED, ids=[c.id for c in ACCEPTED])
def test_odd_but_valid_inputs_load_unchanged(
    case: Case, tmp_path: Path, original: Cohort
) -> None:
    cfg = _cohort(case, tmp_path)
    copy, demo = _tree(cfg.parent), _tree(DEMO)
    assert any(demo.get(name) != data for name, data in copy.items())  # the mutation did something
    assert validate_cohort(cfg) == []
    cohort = load_cohort(cfg)
    _same_cohort(cohort, original)
    skip = {"path", "data"} if case.id == "students-real-xlsx" else {"path"}
    assert cohort.config.model_dump(exclude=skip) == original.config.model_dump(exclude=skip)
    guide, ref = load_guide(cfg.parent / "guide" / "guide.yaml"), load_guide(
        DEMO / "guide" / "guide.yaml")
    assert guide.model_dump() == ref.model_dump()


def test_bom_and_crlf_everywhere_validates_via_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "demo-cohort"
    shutil.copytree(DEMO, root)
    for case in ACCEPTED:
        if case.id not in {"tables-swedish-excel-csv", "tables-utf16"}:  # re-encode tables
            case.mutate(root)
    assert (root / "tables" / "units.csv").read_bytes().startswith(b"\xef\xbb\xbfunit_id,")
    assert b"\r\n" in (root / "transcripts" / "A.txt").read_bytes()
    assert main(["validate", str(root / "cohort.yaml")]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"{root / 'cohort.yaml'}: valid")
    assert "problem" not in err
