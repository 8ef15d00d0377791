"""Text extraction from output files, for the output scan.

Every file of a report folder is turned into text chunks, each with a place (``where``):

=====================  ==================================================================
file                   what is read
=====================  ==================================================================
``.ipynb``, ``.json``  every string, number and key, parsed (so ``\\u00e5`` and ``\\\\`` escapes
                       are undone); ``where`` is the JSON path, e.g.
                       ``metadata.papermill.parameters.config_path``; multi-line strings
                       split by nbformat into lists are joined again; embedded
                       ``image/png`` outputs are decoded and their text chunks read
``.html``, ``.htm``    what a reader can see: the text with tags blanked (so
                       ``Anna <b>Lind</b>`` reads as ``Anna Lind``), quoted attribute
                       values (``alt``, ``title``, ``href``, ``data-*``…) except those
                       that only style the page (``class``, ``id``, ``style``…), comments,
                       entities undone; ``<style>`` and ``<script>`` contents are not
                       read (a stylesheet's ``.jp-JuliaIcon`` is not a student called
                       Julia; the pages' Content-Security-Policy runs no script);
                       ``data:`` URIs are decoded: PNG text chunks and SVG text are
                       read, fonts are skipped
``.csv``               one chunk per column (``where`` = ``column <name>``), each cell
                       on the line its record starts on, and the header row
``.png``               the ``tEXt``, ``zTXt`` and ``iTXt`` chunks, as ``key: value``
                       lines (:func:`png_text_chunks`); pixels are not read
ZIP containers         each member, by its own type (``.zip``, ``.qdpx``, ``.xlsx``,
                       ``.docx``, ``.odt``, ``.ods``)
``.xml``               the text as it is, and (WordprocessingML: a ``.docx``'s
                       ``word/document.xml``) the text of each paragraph parsed with lxml,
                       its runs joined, so that a name Word split over two runs
                       (``An`` + ``na``) is still one word; ``where`` ends in
                       ``paragraph text``
anything else          the whole file as UTF-8 text (CSV, Markdown, SVG, YAML, logs…)
=====================  ==================================================================

A file or embedded object that cannot be read this way (a JPEG, a PDF, a non-UTF-8 file) is
not silently passed: it yields an :class:`Unscanned` marker, which the output scan reports,
so a report with content the scan cannot see is not published (fail closed).
"""

from __future__ import annotations

import base64
import binascii
import csv
import html
import io
import itertools
import json
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

__all__ = ["Chunk", "Unscanned", "iter_chunks", "png_text_chunks"]

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_MAX_TEXT = 16 * 1024 * 1024

_ZIP_SUFFIXES = (".zip", ".qdpx", ".xlsx", ".docx", ".pptx", ".odt", ".ods")
_DATA_URI = re.compile(
    r"data:(?P<mime>[\w.+-]+/[\w.+-]+)(?:;[\w.+-]+=[\w.+-]+)*;base64,(?P<data>[A-Za-z0-9+/=\s]+)"
)
_TAG = re.compile(r"<!--|-->|<[^>]*>")
_ATTRIBUTE = re.compile(r"([^\s\"'<>/=]+)\s*=\s*(\"[^\"]*\"|'[^']*')")
_HIDDEN_BLOCK = re.compile(r"(<(style|script)\b[^>]*>)(.*?)(</\2\s*>)", re.IGNORECASE | re.DOTALL)
#: Attributes that only style or structure a page: their values are not read (every other
#: attribute's value is: tooltips, alternative text, links, sources, data attributes).
_STRUCTURAL_ATTRIBUTES = frozenset({
    "class", "dir", "for", "headers", "id", "lang", "rel", "role", "style", "tabindex", "type",
})
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIPPED_MIME = re.compile(r"font/|application/(?:x-)?font|application/vnd\.ms-fontobject")


@dataclass(frozen=True)
class Chunk:
    """A piece of text to scan and where it came from inside its file.

    ``screen``, when given, holds the distinct lines of ``text`` (each once, joined by line
    breaks): every token and every line-local substring of ``text`` is in it, so a scan that
    finds no value's first token and no path's marker in ``screen`` would find nothing in
    ``text`` (:meth:`~replicate.privacy.matching.TokenMatcher.may_match`). A column of a
    stage table repeats its values (codes, coders, definitions) hundreds of thousands of
    times; its screen is small.
    """

    where: str
    text: str
    screen: str | None = None


@dataclass(frozen=True)
class Unscanned:
    """Content that could not be turned into text (reported as a finding)."""

    where: str
    kind: str  # "unscanned file" or "unscanned data"


def iter_chunks(name: str, data: bytes, *, where: str = "") -> Iterator[Chunk | Unscanned]:
    """Turn one file's bytes into text chunks (see the module docstring).

    Parameters
    ----------
    name : str
        File name; its suffix picks the reader.
    data : bytes
        File content.
    where : str, default=""
        Prefix for the places (used for ZIP members).

    Yields
    ------
    Chunk or Unscanned
        Text to scan, or a marker for content that cannot be read as text.
    """
    if not data:
        return
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    if suffix == ".png":
        yield from _png(data, where)
    elif suffix in _ZIP_SUFFIXES:
        yield from _zip(data, where)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            yield Unscanned(where, "unscanned file")
            return
        if suffix in (".ipynb", ".json"):
            try:
                parsed = json.loads(text)
            except ValueError:
                yield Chunk(where, text)
            else:
                yield from _json(parsed, where, notebook=suffix == ".ipynb")
        elif suffix in (".html", ".htm", ".xhtml"):
            yield from _html(text, where)
        elif suffix == ".csv":
            yield from _csv(text, where)
        elif suffix == ".xml":
            yield Chunk(where, text)
            yield from _word_paragraphs(data, where)
        else:
            yield Chunk(where, text)


def _join(where: str, part: str) -> str:
    return f"{where}.{part}" if where else part


def _json(value: object, where: str, *, notebook: bool) -> Iterator[Chunk | Unscanned]:
    if isinstance(value, dict):
        for key, item in value.items():
            key = str(key)
            yield Chunk(f"{where} (key)" if where else "(key)", key)
            place = _join(where, key)
            if key == "image/png" or key.startswith(("image/", "application/pdf")):
                yield from _embedded(key, item, place)
            else:
                yield from _json(item, place, notebook=notebook)
    elif isinstance(value, list):
        if notebook and value and all(isinstance(v, str) for v in value):
            # nbformat stores a multi-line string as a list of lines.
            yield Chunk(where, "".join(value))
            return
        for i, item in enumerate(value):
            yield from _json(item, f"{where}[{i}]", notebook=notebook)
    elif isinstance(value, str):
        yield Chunk(where, value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield Chunk(where, str(value))


def _embedded(mime: str, item: object, where: str) -> Iterator[Chunk | Unscanned]:
    payload = "".join(item) if isinstance(item, list) else item
    if not isinstance(payload, str):
        return
    if mime == "image/svg+xml":
        yield Chunk(where, payload)
        return
    try:
        raw = base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError):
        raw = b""
    if mime == "image/png" and raw:
        yield from _png(raw, where)
    else:
        yield Unscanned(where, "unscanned data")


def _png(data: bytes, where: str) -> Iterator[Chunk | Unscanned]:
    texts = png_text_chunks(data)
    if texts is None:
        yield Unscanned(where, "unscanned data" if where else "unscanned file")
        return
    for key, value in texts:
        yield Chunk(_join(where, f"PNG text chunk {key}"), f"{key}: {value}")


def png_text_chunks(data: bytes) -> list[tuple[str, str]] | None:
    """The ``tEXt``, ``zTXt`` and ``iTXt`` chunks of a PNG file, in file order.

    Read by walking the chunk list (PNG specification, ISO/IEC 15948, §5.3 and §11.3.4)
    instead of with Pillow: Pillow decodes every pixel to reach text chunks stored after the
    image data, which made this the slowest step of the output scan. Compressed text is
    inflated up to 16 MB per chunk.

    Parameters
    ----------
    data : bytes
        The file content.

    Returns
    -------
    list of (keyword, text) or None
        None when ``data`` is not a well-formed PNG chunk stream.

    References
    ----------
    .. [1] ISO/IEC 15948:2004. Portable Network Graphics (PNG) specification, 2nd ed.
    """
    if not data.startswith(_PNG_SIGNATURE):
        return None
    out: list[tuple[str, str]] = []
    pos = len(_PNG_SIGNATURE)
    while pos + 8 <= len(data):
        length, ctype = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if len(body) != length:
            return None
        pos += 12 + length  # length, type, data, CRC
        try:
            if ctype == b"tEXt":
                key, _, text = body.partition(b"\0")
                out.append((key.decode("latin-1"), text.decode("latin-1")))
            elif ctype == b"zTXt":
                key, _, rest = body.partition(b"\0")
                out.append((key.decode("latin-1"), _inflate(rest[1:]).decode("latin-1")))
            elif ctype == b"iTXt":
                key, _, rest = body.partition(b"\0")
                compressed, rest = rest[0], rest[2:]
                _lang, _, rest = rest.partition(b"\0")
                translated, _, text = rest.partition(b"\0")
                raw = _inflate(text) if compressed else text
                out.append((key.decode("latin-1"),
                            f"{translated.decode('utf-8')} {raw.decode('utf-8')}".strip()))
        except (zlib.error, UnicodeDecodeError, IndexError):
            return None
        if ctype == b"IEND":
            break
    return out


def _word_paragraphs(data: bytes, where: str) -> Iterator[Chunk | Unscanned]:
    """The text of each WordprocessingML paragraph, runs joined (one line per paragraph)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError:
        return  # the text as it is was read already
    paragraphs = ["".join(t.text or "" for t in p.iter(f"{_W}t")) for p in root.iter(f"{_W}p")]
    if paragraphs:
        yield Chunk(_join(where, "paragraph text"), "\n".join(paragraphs))


def _inflate(data: bytes) -> bytes:
    return zlib.decompressobj().decompress(data, _MAX_TEXT)


def _zip(data: bytes, where: str) -> Iterator[Chunk | Unscanned]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [(i.filename, archive.read(i)) for i in archive.infolist()
                       if not i.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        yield Unscanned(where, "unscanned data" if where else "unscanned file")
        return
    for member, content in sorted(members):
        yield from iter_chunks(member, content, where=_join(where, member))


def _html(text: str, where: str) -> Iterator[Chunk | Unscanned]:
    embedded: list[Chunk | Unscanned] = []

    def blank_data(m: re.Match[str]) -> str:
        mime = m.group("mime").lower()
        place = _join(where, f"data URI {mime}")
        if not _SKIPPED_MIME.match(mime):
            embedded.extend(_embedded(mime, m.group("data"), place))
        return _blank(m.group())

    text = _HIDDEN_BLOCK.sub(lambda m: m.group(1) + _blank(m.group(3)) + m.group(4), text)
    text = _DATA_URI.sub(blank_data, text)
    yield Chunk(where, html.unescape(_TAG.sub(_blank_tag, text)))
    yield from embedded


# whitespace other than a space or a line break (one character class: scanned at C speed)
_OTHER_SPACE = re.compile(r"[^\S \n]")


def _odd_space(column: str) -> bool:
    """Whether some cell of ``column`` (cells on lines) has whitespace ``" ".join(cell.split())``
    would change: anything but single spaces between words."""
    return ("  " in column or "\n " in column or " \n" in column or column.startswith(" ")
            or column.endswith(" ") or _OTHER_SPACE.search(column) is not None)


def _csv_one_line_records(text: str) -> list[list[str]] | None:
    """The records when each takes one line and has the header's number of fields (a stage
    table as ``pandas`` writes it), else None; read at C speed, as a report of a million
    units holds 400 MB of tables."""
    records = list(csv.reader(io.StringIO(text)))
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if not records or len(records) != lines:
        return None
    width = len(records[0])
    if width == 0 or any(len(r) != width for r in records):
        return None
    return records


def _csv(text: str, where: str) -> Iterator[Chunk | Unscanned]:
    """One chunk per column, each cell on the line where its record starts."""
    try:
        records = _csv_one_line_records(text)
    except csv.Error:
        records = None
    if records is not None:
        # the columns by slicing the records laid end to end (all have the header's width):
        # a third of the time zip(*records) took on a million-row table
        width = len(records[0])
        flat = list(itertools.chain.from_iterable(records))
        del records
        for j in range(width):  # line 1 of each column is its header
            cells = flat[j::width]
            distinct = list(dict.fromkeys(cells))
            # whether a cell has odd whitespace is a property of each distinct cell
            if _odd_space("\n".join(distinct)):
                cells = [" ".join(c.split()) for c in cells]
                distinct = list(dict.fromkeys(cells))
            yield Chunk(_join(where, f"column {cells[0]}"), "\n".join(cells),
                        "\n".join(distinct))
        return
    reader = csv.reader(io.StringIO(text))
    columns: list[list[str]] = []
    header: list[str] = []
    try:
        start = 1
        for record in reader:
            if not header:
                header = record or [""]
                columns = [[] for _ in header]
            for i, cell in enumerate(record[: len(header)] if columns else []):
                column = columns[i]
                column.extend([""] * (start - 1 - len(column)))
                column.append(" ".join(cell.split()))
            start = reader.line_num + 1
    except csv.Error:
        yield Chunk(where, text)  # not a well-formed table: read it whole
        return
    extra = [" ".join(r[len(header):]) for r in csv.reader(io.StringIO(text))
             if len(r) > len(header)]
    for name, column in zip(header, columns, strict=True):
        yield Chunk(_join(where, f"column {name}"), "\n".join(column))
    if extra:
        yield Chunk(_join(where, "cells beyond the header"), "\n".join(extra))


def _blank_tag(m: re.Match[str]) -> str:
    # Blank a tag (same length, newlines kept) except the quoted values of shown attributes,
    # so that "Anna <b>Lind</b>" reads "Anna    Lind    " and title="…" or href="…" are
    # still read, but class="jp-JuliaIcon" is not.
    tag = m.group()
    if tag in ("<!--", "-->"):
        return " " * len(tag)
    parts: list[str] = []
    done = 0
    for attr in _ATTRIBUTE.finditer(tag):
        if attr.group(1).lower() in _STRUCTURAL_ATTRIBUTES:
            continue
        start, end = attr.start(2) + 1, attr.end(2) - 1
        parts += [_blank(tag[done:start]), tag[start:end]]
        done = end
    parts.append(_blank(tag[done:]))
    return "".join(parts)


def _blank(text: str) -> str:
    # Spaces of the same length, newlines kept (so positions and line numbers stay valid).
    if "\n" not in text:
        return " " * len(text)
    return "\n".join(" " * len(line) for line in text.split("\n"))
