"""The authors' own text: one Markdown file per part of the write-up the tool cannot write.

The write-up states only what the stages computed and the config says. Everything else (the
background, the aim when ``study.aim`` is not set, the conclusions, the reflexivity
statement, the narrative of each category in Results, the reading of the age and gender
table, the discussion and the limitations) is the authors', and each part has its own file
under the cohort's ``writeup.author_dir`` (default ``author/``):

=======================================  ==================================================
file                                     included in
=======================================  ==================================================
``background.md``                        Introduction
``aim.md``                               Summary and Introduction (when ``study.aim`` is
                                         not set)
``conclusions.md``                       Structured summary › Conclusions
``reflexivity.md``                       Methods › Research team and reflexivity
``results/<category-slug>.md``           Results, under its category (one per category of
                                         the codebook)
``age-and-gender.md``                    Results › Aspects of age and gender
``discussion.md``                        Discussion
``limitations.md``                       Discussion › Limitations
=======================================  ==================================================

``writeup.author_text.<part>`` may point a part to another file (older configs). Markdown
comments (``<!-- … -->``) are dropped, so a file holding only the one-line prompt that
``replicate init`` writes counts as empty and the part stays "to complete"; a missing or
empty file is listed in *Still to complete* with the file to edit. Nothing the tool
generates is ever written into these files, so a run can never overwrite the authors' text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from replicate.config import CohortConfig, confine
from replicate.errors import DataError

__all__ = [
    "PARTS",
    "AuthorFile",
    "AuthorText",
    "category_files",
    "category_slug",
    "read_author_text",
    "strip_comments",
    "write_author_files",
]


@dataclass(frozen=True)
class AuthorFile:
    """One part the authors write.

    Attributes
    ----------
    key : str
        The part (``writeup.author_text`` key; ``results/<slug>`` for a category).
    file : str
        Its default file, relative to ``writeup.author_dir``.
    prompt : str
        The one-line prompt ``replicate init`` writes (as a Markdown comment).
    """

    key: str
    file: str
    prompt: str


PARTS: tuple[AuthorFile, ...] = (
    AuthorFile("background", "background.md",
               "Introduction: the background, the problem and earlier work, and why this "
               "replication."),
    AuthorFile("aim", "aim.md",
               "Aim of the study in one or two sentences (used when study.aim in cohort.yaml "
               "is not set)."),
    AuthorFile("conclusions", "conclusions.md",
               "Conclusions of the structured summary: what the findings mean, in two or "
               "three sentences."),
    AuthorFile("reflexivity", "reflexivity.md",
               "Reflexivity: the researchers' relationship with the participants and their "
               "assumptions, and how these were handled (COREQ 6-8)."),
    AuthorFile("age_gender", "age-and-gender.md",
               "Aspects of age and gender: what the students said about their own and their "
               "mentor's age and gender, read with the table in Results."),
    AuthorFile("discussion", "discussion.md",
               "Discussion: the findings against the original study and earlier work, "
               "information power, transferability and implications."),
    AuthorFile("limitations", "limitations.md",
               "Limitations of the study and how they bear on the findings."),
)
_CATEGORY_PROMPT = ("Results, category \"{label}\": describe the category through its "
                    "subcategories, in prose with quotes, as the original study did.")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def category_slug(label: str) -> str:
    """A file name for a category: ASCII letters and digits joined by hyphens.

    Examples
    --------
    >>> category_slug("A free zone")
    'a-free-zone'
    >>> category_slug("Tillhörighet & gemenskap")
    'tillhorighet-gemenskap'
    """
    ascii_ = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def category_files(categories: Iterable[str]) -> dict[str, str]:
    """Each category's narrative file, relative to ``writeup.author_dir``, in the given order.

    Two categories with the same slug get ``-2``, ``-3``…; a label without a letter or digit
    gets ``category-<n>``.

    Examples
    --------
    >>> category_files(["Hope", "hope", "?"])
    {'Hope': 'results/hope.md', 'hope': 'results/hope-2.md', '?': 'results/category-3.md'}
    """
    out: dict[str, str] = {}
    used: set[str] = set()
    for i, label in enumerate(dict.fromkeys(categories), start=1):
        base = category_slug(label) or f"category-{i}"
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        out[label] = f"results/{slug}.md"
    return out


def strip_comments(markdown: str) -> str:
    """Drop Markdown (HTML) comments, outside fenced code blocks.

    An unclosed ``<!--`` is left as it is, so no text the authors wrote after it disappears.

    Examples
    --------
    >>> strip_comments("<!-- prompt -->\\nText <!-- note --> here.\\n")
    '\\nText  here.\\n'
    """
    out: list[str] = []
    segment: list[str] = []
    fenced = False

    def flush() -> None:
        if segment:
            out.append(_COMMENT.sub("", "".join(segment)))
            segment.clear()

    for line in markdown.splitlines(keepends=True):
        if line.lstrip().startswith(("```", "~~~")):
            if not fenced:
                flush()
            fenced = not fenced
            out.append(line)
        elif fenced:
            out.append(line)
        else:
            segment.append(line)
    flush()
    return "".join(out)


@dataclass
class AuthorText:
    """The authors' parts as read: text, why a part is missing, and each part's file.

    Attributes
    ----------
    present : dict of str to str
        Part → Markdown (comments dropped), for the parts with text.
    missing : dict of str to str
        Part → why it has none (``file not found``, ``file is empty``, ``only comments
        (the prompt)``).
    paths : dict of str to str
        Part → its file as the authors see it (relative to the config's folder).
    categories : dict of str to str
        Category label → its part key (``results/<slug>``).
    """

    present: dict[str, str] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)


def _files(config: CohortConfig, categories: Sequence[str]
           ) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """(part, file relative to the config folder, config key) in reading order."""
    w = config.writeup
    base = w.author_dir.rstrip("/\\")
    parts: list[tuple[str, str, str]] = []
    for p in PARTS:
        own = w.author_text.get(p.key)  # type: ignore[call-overload]
        if own is not None:
            parts.append((p.key, own, f"writeup.author_text.{p.key}"))
        else:
            parts.append((p.key, f"{base}/{p.file}", "writeup.author_dir"))
    keys: dict[str, str] = {}
    for label, rel in category_files(categories).items():
        key = rel.removesuffix(".md")
        keys[label] = key
        parts.append((key, f"{base}/{rel}", "writeup.author_dir"))
    return parts, keys


def read_author_text(config: CohortConfig, categories: Sequence[str] = ()) -> AuthorText:
    """Read every author part of a cohort.

    Parameters
    ----------
    config : CohortConfig
    categories : sequence of str, default=()
        The categories of the results (each has a narrative file).

    Returns
    -------
    AuthorText

    Raises
    ------
    ConfigError
        A file leads outside the cohort folder (a symbolic link); the key is named.
    DataError
        A file is not UTF-8.
    """
    parts, keys = _files(config, categories)
    out = AuthorText(categories=keys)
    for part, rel, key in parts:
        out.paths[part] = rel
        path = confine(rel, config.root, key, file=str(config.path))
        if not path.is_file():
            out.missing[part] = "file not found"
            continue
        try:
            raw = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise DataError("not valid UTF-8; save the file as UTF-8", file=rel,
                            location=key) from None
        text = strip_comments(raw)
        if text.strip():
            out.present[part] = text
        else:
            out.missing[part] = "only comments (the prompt)" if raw.strip() else "file is empty"
    return out


def _prompt(text: str) -> str:
    return "<!-- " + text.replace("-->", "- ->").replace("\n", " ") + " -->\n"


def write_author_files(root: Path, *, author_dir: str = "author",
                       categories: Sequence[str] = ()) -> list[Path]:
    """Create the author files with their one-line prompt; never overwrite a file.

    Parameters
    ----------
    root : Path
        The cohort folder (of ``cohort.yaml``).
    author_dir : str, default="author"
        ``writeup.author_dir``.
    categories : sequence of str, default=()
        The codebook's categories: one narrative file each.

    Returns
    -------
    list of Path
        The files written (existing ones are left alone).
    """
    folder = root / author_dir
    todo = [(folder / p.file, p.prompt) for p in PARTS]
    todo += [(folder / rel, _CATEGORY_PROMPT.format(label=label))
             for label, rel in category_files(categories).items()]
    written = []
    for path, prompt in todo:
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_prompt(prompt), encoding="utf-8")
        written.append(path)
    return written
