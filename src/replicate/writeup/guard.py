"""``write-up.md`` is generated: the notice at its top, the hashes a run records, and the
refusal to overwrite a copy someone edited.

Stage 50 rewrites ``write-up.md`` on every run. So that no one's text is lost without a word,
the file opens with a Markdown comment saying so and naming the author folder, and stage 50
records in its summary (``artifacts/50_write_up.json``) the SHA-256 of the file and of each
of its top-level sections. Before any kernel starts, ``replicate run`` calls
:func:`check_not_edited`: when the published file no longer has the recorded hash, the run
stops (one line, exit code 2) naming the file, the sections edited and the author files
where such text belongs, unless ``--force`` is given.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from replicate.config import CohortConfig
from replicate.errors import ConfigError
from replicate.writeup.authoring import PARTS
from replicate.writeup.i18n import Text

__all__ = ["FILE_HASH", "SECTION_HASHES", "check_not_edited", "notice", "recorded_hashes",
           "section_hashes"]

#: Keys of stage 50's summary holding the hashes of ``write-up.md`` and of its sections.
FILE_HASH = "write_up_md_sha256"
SECTION_HASHES = "write_up_md_sections"
_TOP = re.compile(r"^## (.+)$", re.MULTILINE)
#: Section key → the author parts whose text belongs there.
_PARTS_OF = {"summary": ("conclusions", "aim"), "introduction": ("background", "aim"),
             "methods": ("reflexivity",), "results": ("results", "age_gender"),
             "discussion": ("discussion", "limitations")}


def notice(text: Text, author_dir: str) -> str:
    """The comment that opens ``write-up.md`` (invisible when the Markdown is rendered)."""
    body = text("writeup.notice", author_dir=author_dir.rstrip("/\\")).replace("--", "–")
    return f"<!-- {body} -->\n\n"


def _sha(data: str | bytes) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def recorded_hashes(markdown: str) -> dict[str, Any]:
    """What stage 50 records of the ``write-up.md`` it writes, for :func:`check_not_edited`:
    the file's SHA-256 (:data:`FILE_HASH`) and its sections' (:data:`SECTION_HASHES`)."""
    return {FILE_HASH: _sha(markdown), SECTION_HASHES: section_hashes(markdown)}


def section_hashes(markdown: str) -> dict[str, str]:
    """SHA-256 of each top-level section (from one ``## `` heading to the next), by heading;
    the text before the first one is under ``""``. A repeated heading gets `` (2)``.

    Examples
    --------
    >>> sorted(section_hashes("# T\\n\\n## A\\n\\nx\\n\\n## B\\n\\ny\\n"))
    ['', 'A', 'B']
    """
    starts = [(0, ""), *((m.start(), m.group(1).strip()) for m in _TOP.finditer(markdown))]
    ends = [start for start, _ in starts[1:]] + [len(markdown)]
    out: dict[str, str] = {}
    for (start, name), end in zip(starts, ends, strict=True):
        key, n = name, 1
        while key in out:
            n += 1
            key = f"{name} ({n})"
        out[key] = _sha(markdown[start:end])
    return out


def _edited(recorded: Mapping[str, str], now: Mapping[str, str]) -> list[str]:
    return [name for name in dict.fromkeys([*recorded, *now])
            if recorded.get(name) != now.get(name)]


def _where(config: CohortConfig, sections: list[str]) -> list[str]:
    """The author files for the edited sections (every part's file when none is known)."""
    w = config.writeup
    base = w.author_dir.rstrip("/\\")
    files = {p.key: w.author_text.get(p.key) or f"{base}/{p.file}"  # type: ignore[call-overload]
             for p in PARTS}
    files["results"] = f"{base}/results/<category>.md"
    t = Text(config.study.language)
    keys = [k for k in _PARTS_OF if t.h(k) in sections]
    parts = [p for k in keys for p in _PARTS_OF[k]] or [*_PARTS_OF["summary"],
                                                          *_PARTS_OF["introduction"],
                                                          *_PARTS_OF["methods"],
                                                          *_PARTS_OF["results"],
                                                          *_PARTS_OF["discussion"]]
    return list(dict.fromkeys(files[p] for p in parts))


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def check_not_edited(report: Path, config: CohortConfig) -> None:
    """Refuse to go on when the published ``write-up.md`` was edited since stage 50 wrote it.

    Parameters
    ----------
    report : Path
        The published report folder (``reports/<study-id>``).
    config : CohortConfig
        The cohort's config (author folder, language).

    Raises
    ------
    ConfigError
        The file's SHA-256 differs from the one recorded in ``artifacts/50_write_up.json``;
        the message names the file, the sections that differ and the author files where
        such text belongs. Nothing is raised when there is no report, no recorded hash (an
        older report) or the file is unchanged.
    """
    md = report / "write-up.md"
    summary = report / "artifacts" / "50_write_up.json"
    if not (md.is_file() and summary.is_file()):
        return
    try:
        recorded = json.loads(summary.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if not isinstance(recorded, dict) or not recorded.get(FILE_HASH):
        return
    data = md.read_bytes()
    if _sha(data) == recorded[FILE_HASH]:
        return
    text = data.decode("utf-8", errors="replace")
    edited = [s for s in _edited(recorded.get(SECTION_HASHES) or {}, section_hashes(text)) if s]
    which = f" (sections {', '.join(edited)})" if edited else ""
    raise ConfigError(
        f"edited since replicate wrote it{which}; every run rewrites this file, so the edits "
        f"would be lost: move them to {', '.join(_where(config, edited))} (the files the "
        "write-up includes) and run again, or run with --force to overwrite it",
        file=_shown(md))
