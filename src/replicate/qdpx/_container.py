"""Opening a REFI-QDA project: a ``.qdpx`` ZIP archive or an unzipped folder.

REFI-QDA 1.5 §8–10: a ``.qdpx`` is a ZIP holding one ``project.qde`` at its root and a flat
``sources/`` folder whose files are named ``<GUID>.<ext>`` and referenced as
``internal://<GUID>.<ext>``. Real archives differ (interop.md §4.1): NVivo for Windows writes
``Sources/``, NVivo for Mac adds a zero-byte ``sources/.root``, ATLAS.ti names the ``.qde``
after the project, and hand-zipped folders put everything one level down. Each of these is
accepted and reported. Files are read in memory, never extracted to disk.
"""

from __future__ import annotations

import codecs
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from replicate.errors import DataError
from replicate.qdpx._report import Log

__all__ = ["MAX_INTERNAL_SIZE", "Container", "decode_text", "internal_name", "open_container"]

MAX_INTERNAL_SIZE = 2**31 - 1
"""REFI-QDA 1.5 §8: an internal file holds at most 2 GB − 1 bytes."""

_JUNK = {".root", ".ds_store", "thumbs.db"}


def decode_text(data: bytes, *, file: str, guid: str, log: Log) -> str:
    """Decode a plain-text source: UTF-8 (with or without BOM), or UTF-16 with a BOM.

    Raises
    ------
    DataError
        When the bytes are neither (names the file and the TextSource GUID).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        log.quirk("utf16-source", "a source file is UTF-16, not UTF-8 as REFI-QDA requires; "
                  "decoded as UTF-16", file)
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"source text is not valid UTF-8 (byte 0x{data[exc.start]:02x} at {exc.start}); "
            "REFI-QDA plain-text sources must be UTF-8", file=file,
            location=f"TextSource guid {guid}") from None


def internal_name(path: str) -> tuple[str | None, str]:
    """The archive file a source path names: ``(name, how)``, or ``(None, scheme)``.

    ``internal://NAME`` (the standard) and a bare ``NAME`` (qc writes
    ``plainTextPath="admin-1.txt"`` for a file in ``sources/``) name a file in the archive;
    the scheme's letter case is ignored and a leading ``sources/`` is dropped. ``how`` is
    ``"internal"`` or ``"bare"``. ``relative://`` and ``absolute://`` paths are outside the
    archive: ``(None, scheme)``.
    """
    text = path.strip().replace("\\", "/")
    scheme, sep, rest = text.partition("://")
    if sep and scheme.casefold() != "internal":
        return None, scheme.casefold()
    how = "internal" if sep else "bare"
    name = (rest if sep else text).lstrip("/")
    if name.casefold().startswith("sources/"):
        name = name[len("sources/"):]
    return (name or None), how


@dataclass
class Container:
    """An opened project: the ``.qde`` bytes and a reader for internal files.

    Attributes
    ----------
    label : str
        The project as the user named it (for messages).
    qde_name : str
        Path of the ``.qde`` inside the archive or folder.
    qde : bytes
        The project XML.
    """

    label: str
    qde_name: str
    qde: bytes
    _names: dict[str, str]
    _read: Callable[[str], bytes]
    _root: str

    def find(self, internal: str, log: Log) -> str | None:
        """Locate ``internal://NAME`` and return its path in the container, or None.

        Looks in ``sources/`` first, then in a ``Sources/`` (any case) folder, then anywhere,
        reporting each deviation.
        """
        name = internal.strip()
        exact = f"{self._root}sources/{name}"
        if exact in self._names.values():
            return exact
        key = f"{self._root}sources/{name}".casefold()
        if key in self._names:
            actual = self._names[key]
            folder = actual[len(self._root):].split("/", 1)[0]
            if folder != "sources":
                log.quirk("sources-folder", f"source files are in '{folder}/' instead of "
                          "'sources/' (NVivo for Windows writes 'Sources/'); accepted")
            else:
                log.quirk("source-file-case", "a source file name differs in letter case "
                          "from its internal:// reference; matched ignoring case", actual)
            return actual
        anywhere = [v for k, v in self._names.items()
                    if PurePosixPath(k).name == name.casefold()]
        if len(anywhere) == 1:
            log.quirk("source-file-place", "a source file is outside 'sources/'; found "
                      "by its name", anywhere[0])
            return anywhere[0]
        return None

    def read(self, name: str) -> bytes:
        """Bytes of the internal file ``name`` (a path returned by :meth:`find`)."""
        return self._read(name)


def _pick_qde(names: list[str], label: str, log: Log) -> tuple[str, str]:
    """Return (qde path, root prefix) among ``names`` (POSIX paths)."""
    if "project.qde" in names:
        return "project.qde", ""
    top = [n for n in names if "/" not in n and n.casefold().endswith(".qde")]
    if len(top) == 1:
        log.quirk("qde-name", f"the project file is called '{top[0]}' instead of "
                  "'project.qde' (ATLAS.ti names it after the project); accepted")
        return top[0], ""
    if len(top) > 1:
        raise DataError(
            f"{len(top)} .qde files at the top level ({', '.join(sorted(top))}); a REFI-QDA "
            "project holds exactly one, named project.qde", file=label)
    nested = [n for n in names if n.count("/") == 1 and n.casefold().endswith(".qde")]
    if len(nested) == 1:
        root = nested[0].split("/", 1)[0] + "/"
        log.quirk("nested-root", f"project.qde and sources/ sit inside a folder '{root}' "
                  "instead of at the top of the archive (the folder was zipped, not its "
                  "contents); accepted")
        return nested[0], root
    raise DataError(
        "no project.qde found; a .qdpx is a ZIP with project.qde at its root and the "
        "source files in sources/ (give the .qdpx as exported, or a folder holding "
        "project.qde)", file=label)


def _junk(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return PurePosixPath(name).name.casefold() in _JUNK or (bool(parts)
                                                            and parts[0] == "__MACOSX")


@contextmanager
def open_container(path: Path, log: Log) -> Iterator[Container]:
    """Open a ``.qdpx`` file or an unzipped project folder.

    Parameters
    ----------
    path : pathlib.Path
        The ``.qdpx`` (ZIP) file or a folder holding ``project.qde`` and ``sources/``.
    log : Log
        Receives the quirks found.

    Yields
    ------
    Container

    Raises
    ------
    DataError
        When the path is missing, is not a ZIP archive, or holds no (or several) ``.qde``.
    """
    label = str(path)
    if path.is_dir():
        files = sorted(p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file())
        qde_name, root = _pick_qde(files, label, log)
        names = {n.casefold(): n for n in files if n.startswith(root) and not _junk(n)}
        yield Container(label, qde_name, (path / qde_name).read_bytes(), names,
                        lambda name: (path / name).read_bytes(), root)
        return
    if not path.exists():
        raise DataError("file not found; give a .qdpx file or an unzipped project folder",
                        file=label)
    if not zipfile.is_zipfile(path):
        raise DataError(
            "not a ZIP archive; a .qdpx project is a ZIP file holding project.qde and "
            "sources/ (export it again from the QDA tool as a REFI-QDA project)", file=label)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            # Some Windows ZIP tools write "sources\\x.txt"; read those as folders.
            actual = {i.filename.replace("\\", "/"): i.filename for i in infos}
            if any("\\" in i.filename for i in infos):
                log.quirk("backslash-paths", "archive entry names use backslashes (some "
                          "Windows ZIP tools write them); read as folder separators")
            all_names = list(actual)
            qde_name, root = _pick_qde(all_names, label, log)
            junk = sorted(n for n in all_names if _junk(n))
            if junk:
                log.quirk("junk-entries", f"ignored {len(junk)} housekeeping entr"
                          f"{'y' if len(junk) == 1 else 'ies'} ({', '.join(junk[:5])}); "
                          "NVivo for Mac writes a zero-byte 'sources/.root'")
            names = {n.casefold(): n for n in all_names
                     if n.startswith(root) and not _junk(n)}

            def read(name: str) -> bytes:
                size = zf.getinfo(actual[name]).file_size
                if size > MAX_INTERNAL_SIZE:
                    raise DataError(
                        f"internal file is {size} bytes; REFI-QDA allows at most "
                        f"{MAX_INTERNAL_SIZE} (2 GB − 1)", file=label, location=name)
                return zf.read(actual[name])

            yield Container(label, qde_name, read(qde_name), names, read, root)
    except zipfile.BadZipFile as exc:
        raise DataError(f"damaged ZIP archive ({exc}); export the project again",
                        file=label) from None
