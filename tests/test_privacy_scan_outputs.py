"""Output scan before publishing: every file of a report folder."""

from __future__ import annotations

import base64
import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from replicate.errors import PrivacyError
from replicate.privacy import (
    IdentitySet,
    assert_publishable,
    format_findings,
    identifying_values,
    scan_outputs,
)
from replicate.privacy.extract import png_text_chunks

IDS = identifying_values(
    pd.DataFrame({"student_id": ["S001", "S002"], "name": ["Anna Lindqvist", "Johan Ekström"],
                  "email": ["anna.lindqvist@example.org", ""]}),
    pd.DataFrame({"mentor_id": ["M017"], "name": ["Dr Karin Berg"]}),
)


def _png(metadata: dict[str, str] | None = None) -> bytes:
    fig = Figure(figsize=(2, 1))
    ax = fig.add_subplot()
    ax.bar(["A", "B"], [3, 4])
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None, **(metadata or {})})
    return buf.getvalue()


def _notebook(parameters: dict[str, object], *, image: bytes | None = None) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("config_path = ''\nrun_dir = ''", id="params")]
    outputs = [nbformat.v4.new_output("stream", name="stdout", text="12 participants\n")]
    if image is not None:
        outputs.append(nbformat.v4.new_output(
            "display_data", data={"image/png": base64.b64encode(image).decode(),
                                  "text/plain": "<Figure>"}))
    nb.cells.append(nbformat.v4.new_code_cell("show()", id="body", outputs=outputs))
    nb.metadata["papermill"] = {"parameters": parameters, "input_path": "10_sampling.ipynb",
                                "output_path": "notebooks/10_sampling.ipynb"}
    return str(nbformat.writes(nb))


def _clean_report(root: Path) -> Path:
    (root / "stages").mkdir(parents=True)
    (root / "notebooks").mkdir()
    (root / "artifacts").mkdir()
    png = _png()
    data_uri = base64.b64encode(png).decode()
    (root / "index.html").write_text(
        "<!DOCTYPE html><html><head><style>td { border: 1px solid; }</style></head><body>\n"
        "<h1>The core of mentorship</h1>\n<p>Mentor meetings, for example, were kind.</p>\n"
        "<blockquote>I could say anything to her. (H, female, 25–29)</blockquote>\n"
        f'<img src="data:image/png;base64,{data_uri}">\n'
        "<table><tr><td>A</td><td>12</td></tr></table></body></html>\n", encoding="utf-8")
    (root / "notebooks" / "10_sampling.ipynb").write_text(
        _notebook({"config_path": "cohort.yaml", "run_dir": "."}, image=png), encoding="utf-8")
    (root / "artifacts" / "10_sampling.json").write_text(
        json.dumps({"n": 12, "participants": ["A", "B"], "note": "Mentor"}), encoding="utf-8")
    (root / "artifacts" / "flow.csv").write_text("step,n\noffered,122\ninterviewed,12\n",
                                                 encoding="utf-8")
    (root / "artifacts" / "figure.png").write_bytes(png)
    (root / "manifest.json").write_text(json.dumps({"inputs": {"tables/units.csv": "ab12"}}),
                                        encoding="utf-8")
    return root


PRIVATE = ["/srv/cohorts/ki-2025"]


def test_clean_folder_passes(tmp_path: Path) -> None:
    root = _clean_report(tmp_path / "report")
    assert scan_outputs(root, IDS, private_paths=PRIVATE) == []
    assert_publishable(root, IDS, PRIVATE)  # does not raise


def test_student_id_in_html(tmp_path: Path) -> None:
    root = _clean_report(tmp_path / "report")
    (root / "stages" / "30.html").write_text(
        "<html><body>\n<table>\n<tr><td>s002</td><td>A</td></tr>\n</table></body></html>",
        encoding="utf-8")
    assert format_findings(scan_outputs(root, IDS)) == ["stages/30.html:3: student id: s***"]


def test_name_split_by_tags_and_entities(tmp_path: Path) -> None:
    root = tmp_path / "r"
    root.mkdir()
    (root / "a.html").write_text("<p>Karin&nbsp;<b>Berg</b> and &#74;ohan</p>", encoding="utf-8")
    found = scan_outputs(root, IDS)
    assert [(f.kind, f.masked) for f in found] == [("name", "Jo***"), ("name", "Ka*** ****")]


def test_name_in_papermill_parameters(tmp_path: Path) -> None:
    root = _clean_report(tmp_path / "report")
    (root / "notebooks" / "40.ipynb").write_text(
        _notebook({"config_path": "cohort.yaml", "title": "Interview with Johan Ekström"}),
        encoding="utf-8")
    assert format_findings(scan_outputs(root, IDS)) == [
        "notebooks/40.ipynb:1: name (metadata.papermill.parameters.title): Jo*** *******",
    ]


def test_absolute_paths(tmp_path: Path) -> None:
    root = _clean_report(tmp_path / "report")
    (root / "manifest.json").write_text(json.dumps({
        "config": "/srv/cohorts/ki-2025/cohort.yaml",
        "python": "/home/alice/.venv/bin/python",
        "win": "C:\\Users\\Bob\\study",
    }), encoding="utf-8")
    assert format_findings(scan_outputs(root, IDS, private_paths=PRIVATE)) == [
        "manifest.json:1: private path (config): /s**/*******/**-****",
        "manifest.json:1: home path (python): /home/al***",
        r"manifest.json:1: home path (win): C:\Users\B**",
    ]


def test_png_text_chunk_and_unreadable_files(tmp_path: Path) -> None:
    root = _clean_report(tmp_path / "report")
    (root / "artifacts" / "figure.png").write_bytes(_png({"Title": "Sessions of M017"}))
    (root / "artifacts" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 binary")
    found = scan_outputs(root, IDS)
    assert [(f.file, f.where, f.kind) for f in found] == [
        ("artifacts/figure.png", "PNG text chunk Title", "mentor id"),
        ("artifacts/photo.jpg", "", "unscanned file"),
    ]


def test_assert_publishable_message(tmp_path: Path) -> None:
    root = _clean_report(tmp_path / "report")
    (root / "artifacts" / "quotes.csv").write_text(
        "quote,who\nI could say anything,Anna Lindqvist\n", encoding="utf-8")
    with pytest.raises(PrivacyError) as info:
        assert_publishable(root, IDS, PRIVATE)
    message = str(info.value)
    assert message == (
        "artifacts/quotes.csv, line 2, column who: name found (the value is in students.name, "
        "row 2); 1 finding(s) in 1 file(s) (name); nothing "
        "was published. Remove identifying values from the inputs of the stage that wrote the "
        "file"
    )
    assert info.value.exit_code == 2 and "Lindqvist" not in message


def test_unicode_escapes_in_json_are_read(tmp_path: Path) -> None:
    root = tmp_path / "r"
    root.mkdir()
    (root / "a.json").write_text(json.dumps({"who": "Johan Ekström"}), encoding="utf-8")
    assert "\\u00f6" in (root / "a.json").read_text(encoding="utf-8")
    assert [f.where for f in scan_outputs(root, IDS)] == ["who"]


def test_empty_identity_set_only_paths(tmp_path: Path) -> None:
    root = tmp_path / "r"
    root.mkdir()
    (root / "a.md").write_text("Anna Lindqvist at /Users/anna/x\n", encoding="utf-8")
    assert [f.kind for f in scan_outputs(root, IdentitySet())] == ["home path"]


def test_html_attribute_values_and_comments(tmp_path: Path) -> None:
    root = tmp_path / "r"
    root.mkdir()
    (root / "a.html").write_text(
        '<p>\n<a title="Anna Lindqvist" href="/home/anna/r.html">link</a>\n'
        "<!-- written by S001 -->\n<span data-x='M017'>x</span></p>", encoding="utf-8")
    found = scan_outputs(root, IDS)
    assert [(f.line, f.kind, f.masked) for f in found] == [
        (2, "home path", "/home/a***"),
        (2, "name", "An** *********"),
        (2, "name", "a***"),  # the first name, inside the path
        (3, "student id", "S***"),
        (4, "mentor id", "M***"),
    ]


def _chunk(ctype: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + ctype + body
            + struct.pack(">I", zlib.crc32(ctype + body) & 0xFFFFFFFF))


def test_png_text_chunks_all_kinds() -> None:
    info = PngInfo()
    info.add_text("Author", "Anna Lindqvist", zip=True)  # zTXt
    info.add_itxt("Title", "Åsa Öberg", lang="sv", tkey="Titel")  # iTXt
    buf = io.BytesIO()
    Image.new("L", (4, 4)).save(buf, format="PNG", pnginfo=info)
    data = buf.getvalue()
    # A tEXt chunk after the image data, just before IEND (allowed by the PNG spec).
    iend = data.rindex(b"IEND") - 4
    data = data[:iend] + _chunk(b"tEXt", b"Comment\0by S001") + data[iend:]
    assert png_text_chunks(data) == [("Author", "Anna Lindqvist"),
                                     ("Title", "Titel Åsa Öberg"),
                                     ("Comment", "by S001")]
    assert png_text_chunks(b"GIF89a") is None
    assert png_text_chunks(data[:60]) is None  # truncated inside a chunk


def test_zip_members_and_fail_closed(tmp_path: Path) -> None:
    root = tmp_path / "r"
    root.mkdir()
    with zipfile.ZipFile(root / "project.qdpx", "w") as archive:
        archive.writestr("project.qde", '<Project>\n<User name="Johan Ekström"/></Project>')
        archive.writestr("sources/A.txt", "I could say anything.")
    (root / "latin1.csv").write_bytes("namn\nÅsa\n".encode("latin-1"))
    nb = json.loads(_notebook({"config_path": "cohort.yaml"}))
    nb["cells"][1]["outputs"].append({"output_type": "display_data", "metadata": {},
                                      "data": {"image/jpeg": "/9j/4AAQ"}})
    (root / "nb.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    found = [(f.file, f.line, f.where, f.kind) for f in scan_outputs(root, IDS)]
    assert found == [
        ("latin1.csv", None, "", "unscanned file"),
        ("nb.ipynb", None, "cells[1].outputs[1].data.image/jpeg", "unscanned data"),
        ("project.qdpx", 2, "project.qde", "name"),
    ]


def test_the_cited_works_dois_are_not_student_ids(tmp_path: Path) -> None:
    """In a roster of 20,000 students numbered S00001 …, ``s10459`` is a student id, and the
    original paper's DOI (10.1007/s10459-011-9317-0) holds it: found at 10,000 interviews,
    where the gate refused the report for the reference list. The cited DOIs are not
    scanned; the same id anywhere else still is."""
    ids = identifying_values(
        pd.DataFrame({"student_id": ["S10459"], "name": ["Anna Lindqvist"], "email": [""]}),
        pd.DataFrame({"mentor_id": ["M017"], "name": ["Dr Karin Berg"]}))
    root = _clean_report(tmp_path / "report")
    cite = ("Kalén S, Ponzer S, Silén C. … 2012;17(3):389–401. "
            "doi:10.1007/s10459-011-9317-0")
    (root / "index.html").write_text(f"<html><body>\n<li>{cite}</li>\n</body></html>",
                                     encoding="utf-8")
    assert scan_outputs(root, ids) == []
    (root / "index.html").write_text(
        f"<html><body>\n<li>{cite}</li>\n<p>doi:10.1007/s10459-999</p>\n</body></html>",
        encoding="utf-8")
    assert format_findings(scan_outputs(root, ids)) == ["index.html:3: student id: s1****"]


_CELL_PIECES = ["\n", "\r", "Anna", "Lind", " ", "  ", "\t", "x,y", '"q"', "é", "\u00a0", "",
                "S123", "\x1c", "a b"]


@settings(max_examples=300, deadline=None)
@given(data=st.data(), columns=st.integers(1, 4), rows=st.integers(0, 6),
       ending=st.sampled_from(["\n", "\r\n"]), trailing=st.booleans())
def test_a_table_read_at_c_speed_gives_the_record_by_record_chunks(
        data: st.DataObject, columns: int, rows: int, ending: str, trailing: bool) -> None:
    # stage tables of one line per record take a fast path; it must say what the slow one does
    import csv

    from replicate.privacy import extract

    cell = st.lists(st.sampled_from(_CELL_PIECES), max_size=3).map("".join)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=ending)
    writer.writerow([f"h{i}" for i in range(columns)])
    for _ in range(rows):
        writer.writerow(data.draw(st.lists(cell, min_size=columns, max_size=columns)))
    text = buf.getvalue() if trailing else buf.getvalue().rstrip("\r\n")
    fast = list(extract._csv(text, "t.csv"))
    original = extract._csv_one_line_records
    try:
        extract._csv_one_line_records = lambda _text: None  # type: ignore[assignment]
        slow = list(extract._csv(text, "t.csv"))
    finally:
        extract._csv_one_line_records = original  # type: ignore[assignment]
    assert [(c.where, c.text) for c in fast] == [(c.where, c.text) for c in slow]
    # the fast path's screen: each column's distinct cells, each once
    assert all(sorted(c.screen.split("\n")) == sorted(set(c.text.split("\n")))
               for c in fast if c.screen is not None)
    if all(c.screen is None for c in fast):  # the slow path: as before, no screen
        assert fast == slow


_SCREENED_CELLS = ["Anna", "Lindqvist", "Anna Lindqvist", "lindqvist anna", "S002", "s0021",
                   "/srv/cohorts/ki-2025/x.csv", "/home/", "code A", "code B", "", "Berg",
                   "Dr Karin", "doi:10.1007/s10459-011-9317-0"]


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(st.lists(st.sampled_from(_SCREENED_CELLS), min_size=2, max_size=2),
                      max_size=12))
def test_a_column_screened_by_its_distinct_cells_gives_the_unscreened_findings(
        tmp_path_factory: pytest.TempPathFactory, cells: list[list[str]]) -> None:
    # a column is scanned in full only when its distinct cells hold some value's first token
    # or a path's marker; a name split over two rows ("Dr Karin" / "Berg") is still found
    from replicate.privacy import extract

    root = tmp_path_factory.mktemp("screen")
    pd.DataFrame(cells, columns=["a", "b"]).to_csv(root / "t.csv", index=False)
    screened = scan_outputs(root, IDS, private_paths=PRIVATE)
    original = extract._csv_one_line_records
    try:
        extract._csv_one_line_records = lambda _text: None  # type: ignore[assignment]
        unscreened = scan_outputs(root, IDS, private_paths=PRIVATE)
    finally:
        extract._csv_one_line_records = original  # type: ignore[assignment]
    assert screened == unscreened


def test_a_scan_fed_file_by_file_ends_as_the_whole_folders_scan(tmp_path: Path) -> None:
    from replicate.privacy import OutputScan

    report = _clean_report(tmp_path / "r")
    table = report / "artifacts" / "10_sampling-sample.csv"
    table.write_text("pseudonym,age\nA,25\n", encoding="utf-8")
    gone = report / "artifacts" / "20_old.csv"
    gone.write_text("mentor\nDr Karin Berg\n", encoding="utf-8")
    scan = OutputScan(report, IDS)
    scan.queue([table, gone])  # a stage's files, scanned while the run waits for others
    assert scan.step() and scan.step() and not scan.step()
    table.write_text("pseudonym,who\nA,Johan Ekström\n", encoding="utf-8")  # changed since
    gone.unlink()  # and a file that is no longer there
    found = [f for f, _source in scan.finish()]
    assert found == scan_outputs(report, IDS)
    assert [(f.file, f.line, f.kind) for f in found] == [
        ("artifacts/10_sampling-sample.csv", 2, "name")]


def test_a_scan_in_a_worker_process_finds_what_the_whole_folders_scan_finds(
        tmp_path: Path) -> None:
    from replicate.privacy import OutputScan

    report = _clean_report(tmp_path / "r")
    table = report / "artifacts" / "10_sampling-sample.csv"
    table.write_text("pseudonym,age\nA,25\n", encoding="utf-8")
    named = report / "artifacts" / "30_x-disagreements.csv"
    named.write_text("unit,text\nU1,she met Dr Karin Berg\n", encoding="utf-8")
    gone = report / "artifacts" / "20_old.csv"
    gone.write_text("mentor\nDr Karin Berg\n", encoding="utf-8")
    scan = OutputScan(report, IDS, background=True)
    try:
        scan.queue([table, named, gone])
        assert not scan.step()  # nothing for the run's own process to do
        for job in scan._jobs:
            job.result(timeout=60)  # the workers have scanned all three
        table.write_text("pseudonym,who\nA,Johan Ekström\n", encoding="utf-8")  # changed since
        gone.unlink()
        found = [f for f, _source in scan.finish()]
    finally:
        scan.close()
    assert scan._pool is None  # finish stopped the worker
    assert found == scan_outputs(report, IDS)
    assert [(f.file, f.line, f.kind) for f in found] == [
        ("artifacts/10_sampling-sample.csv", 2, "name"),
        ("artifacts/30_x-disagreements.csv", 2, "name")]


def test_a_file_the_worker_could_not_scan_is_scanned_at_the_end(tmp_path: Path) -> None:
    from concurrent.futures import Future

    from replicate.privacy import OutputScan

    report = _clean_report(tmp_path / "r")
    named = report / "artifacts" / "30_x-disagreements.csv"
    named.write_text("unit,text\nU1,she met Dr Karin Berg\n", encoding="utf-8")
    scan = OutputScan(report, IDS)
    died: Future[None] = Future()
    died.set_exception(RuntimeError("worker died"))
    scan._jobs.append(died)  # type: ignore[arg-type]
    found = [f for f, _source in scan.finish()]
    assert [(f.file, f.kind) for f in found] == [("artifacts/30_x-disagreements.csv", "name")]


def test_a_watched_file_is_scanned_once_it_stops_changing_and_again_if_it_changes(
        tmp_path: Path) -> None:
    from replicate.privacy import OutputScan

    report = _clean_report(tmp_path / "r")
    table = report / "artifacts" / "35_machine_coding-review.csv"
    table.write_text("unit,text\nU1,fine\n", encoding="utf-8")
    scan = OutputScan(report, IDS, background=True)
    try:
        scan.watch(["artifacts/35_machine_coding-*.csv"])
        assert not scan.step() and scan._jobs == []  # seen once: it may still be written
        assert not scan.step() and len(scan._jobs) == 1  # unchanged since: sent
        scan.step()
        scan.queue([table])  # the stage is done: not sent again, unchanged
        assert len(scan._jobs) == 1
        scan._jobs[0].result(timeout=60)
        table.write_text("unit,text\nU1,she met Dr Karin Berg\n", encoding="utf-8")
        found = [f for f, _source in scan.finish()]  # changed after it was scanned
    finally:
        scan.close()
    assert found == scan_outputs(report, IDS)
    assert [(f.file, f.line) for f in found] == [("artifacts/35_machine_coding-review.csv", 2)]


def test_with_workers_the_files_left_at_the_end_are_scanned_by_the_workers(
    tmp_path: Path,
) -> None:
    from replicate.privacy import OutputScan

    report = _clean_report(tmp_path / "r")
    (report / "artifacts" / "50_write_up-draft.md").write_text(
        "Thanks to Dr Karin Berg.\n", encoding="utf-8")
    (report / "index.html").write_text("<p>Johan Ekström</p>\n", encoding="utf-8")
    ids = identifying_values(
        pd.DataFrame({"student_id": ["S001", "S002"], "name": ["Anna Lindqvist", "Johan Ekström"],
                      "email": ["anna.lindqvist@example.org", ""]}),
        pd.DataFrame({"mentor_id": ["M017"], "name": ["Dr Karin Berg"]}))
    scan = OutputScan(report, ids, background=True)
    try:
        found = [f for f, _source in scan.finish()]  # nothing was queued before
    finally:
        scan.close()
    assert found == scan_outputs(report, IDS)
    assert [(f.file, f.kind) for f in found] == [("artifacts/50_write_up-draft.md", "name"),
                                                 ("index.html", "name")]
    assert "matcher" not in vars(ids)  # this process built no matcher: the workers scanned


def test_with_a_broken_pool_the_files_left_at_the_end_are_scanned_here(tmp_path: Path) -> None:
    from replicate.privacy import OutputScan

    report = _clean_report(tmp_path / "r")
    (report / "index.html").write_text("<p>Johan Ekström</p>\n", encoding="utf-8")
    scan = OutputScan(report, IDS, background=True)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a worker died: the pool takes no more work")

    scan._pool.submit = broken
    try:
        found = [f for f, _source in scan.finish()]
    finally:
        scan.close()
    assert [(f.file, f.kind) for f in found] == [("index.html", "name")]
