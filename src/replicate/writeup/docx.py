"""Word files for co-authors: ``write-up.docx`` and ``checklists.docx``, through pandoc.

Co-authors and journals work in Word. The write-up's Markdown (the text of ``write-up.md``)
is converted by pandoc, shipped by the ``pypandoc-binary`` wheel (pandoc 3 inside a
manylinux/macOS/Windows wheel, found with :func:`pypandoc.get_pandoc_path`), so nothing has to
be installed besides replicate:

* headings become Word headings (Heading 1–6), pipe tables real Word tables, and the stage
  figures (``artifacts/*.png``, found through ``--resource-path``) embedded pictures;
* the page is A4: the reference document is pandoc's own default ``reference.docx`` with an
  A4 page size and 2.5 cm margins written into its section properties
  (:func:`reference_docx`), so the styles follow the pandoc version installed and no binary
  file is kept in the repository;
* the bytes are deterministic: pandoc runs with ``SOURCE_DATE_EPOCH`` fixed
  (:data:`SOURCE_DATE_EPOCH`, 1980-01-01, the earliest date a ZIP entry can carry), which
  fixes the ZIP entries' times and the document's created/modified properties; nothing
  else in pandoc's output depends on time or place.

``checklists.docx`` holds COREQ and SRQR as Word tables (item number, item, the section of
the write-up reporting it, and its status), as journals ask for at submission.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from replicate.errors import ConfigError
from replicate.writeup import markdown as md
from replicate.writeup.checklists import ChecklistEntry
from replicate.writeup.i18n import Text

__all__ = ["A4", "SOURCE_DATE_EPOCH", "checklists_markdown", "markdown_to_docx", "pandoc",
           "reference_docx"]

#: 1980-01-01T00:00:00Z: fixed creation time of every Word file (the earliest ZIP date).
SOURCE_DATE_EPOCH = "315532800"
#: A4 in twentieths of a point (210 × 297 mm), with 2.5 cm (1417) margins.
A4 = ('<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1417" '
      'w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/>')
#: CommonMark with pipe tables (GitHub's dialect), as :mod:`replicate.writeup.render` reads
#: it: raw HTML is text, bare addresses are not turned into links.
FROM = "gfm-raw_html-autolink_bare_uris"
_LANG = {"en": "en-GB", "sv": "sv-SE"}
_SECT = re.compile(r"(<w:sectPr\b[^>]*>)(.*?)(</w:sectPr>)", re.DOTALL)
_PAGE = re.compile(r"<w:pg(?:Sz|Mar)\b[^>]*/>")


def pandoc() -> str:
    """The pandoc executable shipped by ``pypandoc-binary`` (or one on ``PATH``).

    Raises
    ------
    ConfigError
        pandoc is not installed (one line with the install hint).
    """
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        raise ConfigError("pandoc was not found; the Word files of the write-up need it: "
                          "pip install pypandoc-binary (or install pandoc 3)",
                          location="write-up.docx") from None


def _run(args: Sequence[str], *, cwd: Path | None = None, data: bytes | None = None) -> bytes:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    done = subprocess.run([pandoc(), *args], input=data, capture_output=True, cwd=cwd,
                          env=env, check=False)
    if done.returncode != 0:
        first = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["?"])[0]
        raise RuntimeError(f"pandoc failed ({done.returncode}): {first}")
    return done.stdout


def _a4(document_xml: str) -> str:
    """Section properties with an A4 page (any page size or margins there replaced)."""
    def page(m: re.Match[str]) -> str:
        inner = _PAGE.sub("", m.group(2))
        # schema order: footnotePr, endnotePr, type, then pgSz and pgMar
        head = re.match(r"\s*(?:<w:footnotePr>.*?</w:footnotePr>)?\s*"
                        r"(?:<w:endnotePr>.*?</w:endnotePr>)?\s*(?:<w:type\b[^>]*/>)?",
                        inner, re.DOTALL)
        cut = head.end() if head else 0
        return m.group(1) + inner[:cut] + A4 + inner[cut:] + m.group(3)

    out, n = _SECT.subn(page, document_xml)
    if n == 0:
        out = document_xml.replace("</w:body>", f"<w:sectPr>{A4}</w:sectPr></w:body>", 1)
    return out


@lru_cache(maxsize=1)
def _reference_bytes(executable: str) -> bytes:
    """pandoc's default ``reference.docx`` made A4 (once per process and pandoc)."""
    src = zipfile.ZipFile(io.BytesIO(_run(["--print-default-data-file", "reference.docx"])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = _a4(data.decode("utf-8")).encode("utf-8")
            out.writestr(zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def reference_docx(dest: Path) -> Path:
    """Write pandoc's default ``reference.docx`` with an A4 page to ``dest``.

    Parameters
    ----------
    dest : Path
        The file to write.

    Returns
    -------
    Path
        ``dest``.
    """
    dest.write_bytes(_reference_bytes(pandoc()))
    return dest


def markdown_to_docx(markdown: str, dest: Path, *, resource_dir: Path,
                     language: str = "en") -> None:
    """Convert write-up Markdown to a Word file on an A4 page.

    Parameters
    ----------
    markdown : str
        CommonMark with pipe tables; images by paths relative to ``resource_dir``.
    dest : Path
        The ``.docx`` to write.
    resource_dir : Path
        Where the images are found (the report folder).
    language : {"en", "sv"}, default="en"
        The document's language (spelling and hyphenation in Word).

    Raises
    ------
    ConfigError
        pandoc is not installed.
    RuntimeError
        pandoc failed.
    """
    with tempfile.TemporaryDirectory(prefix="replicate-docx-") as tmp:
        ref = reference_docx(Path(tmp) / "reference.docx")
        out = Path(tmp) / "out.docx"
        _run([f"--from={FROM}", "--to=docx", f"--reference-doc={ref}",
              f"--resource-path={resource_dir.resolve()}",
              f"--metadata=lang:{_LANG.get(language, language)}", f"--output={out}"],
             cwd=resource_dir, data=markdown.encode("utf-8"))
        dest.write_bytes(out.read_bytes())


def checklists_markdown(coreq: Sequence[ChecklistEntry], srqr: Sequence[ChecklistEntry],
                        text: Text, *, title: str) -> str:
    """COREQ and SRQR as Markdown tables: number, item, section reporting it, status.

    Parameters
    ----------
    coreq, srqr : sequence of ChecklistEntry
        The filled checklists (:func:`~replicate.writeup.checklists.fill_checklist`).
    text : Text
        The study language.
    title : str
        The study's title (data: escaped here).

    Returns
    -------
    str
    """
    t = text
    parts = [md.heading(1, t("h.checklists")),
             t("docx.checklists_intro", title=md.escape(title)) + "\n\n"]
    for key, entries in (("coreq", coreq), ("srqr", srqr)):
        parts.append(md.heading(2, t.h(key)))
        rows = [(f"S{e.number}" if e.checklist == "SRQR" else str(e.number), e.item,
                 e.section, t.label("status", e.status)) for e in entries]
        parts.append(md.table([t("col.no"), t("col.item"), t("col.section"),
                               t("col.status_ck")], rows))
    return "".join(parts)
