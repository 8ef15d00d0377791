"""What a run hashes: the inputs of the manifest and each stage's incremental key.

A stage's key is a SHA-256 over what its :class:`~replicate.stage.Stage` record declares it
reads: its notebook, its config sections (with the redaction's and the ``data`` section, which
says how the tables are read), the files behind its data keys (and the author-text
files when it reads ``writeup``, the consensus resolutions when it reads ``reliability``),
the seed, the package version, and the keys of the upstream stages whose artifacts it reads.
Because the declaration is also what a test checks every stage's actual reads against, the
key cannot silently miss an input.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from replicate.cohort import Cohort
from replicate.config import author_files
from replicate.privacy.cohort_scan import kept_on
from replicate.stage import TABLE_KEYS, Stage

__all__ = ["file_sha256", "manifest", "manifest_inputs", "stage_keys", "versions"]

_VERSIONED = ("replicate", "numpy", "pandas", "pydantic", "papermill", "nbconvert", "nbclient",
              "ipykernel", "matplotlib", "scikit-learn", "scipy")


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


_DIGESTS = "_replicate_digests"  # a cohort's file digests by path and stamp


def _digest(cohort: Cohort, path: Path) -> str:
    """:func:`file_sha256`, kept on the cohort for a file whose size and modification time
    have not changed since (the run's keys and its manifest hash the same inputs: 1.3 s
    each for 10,000 transcripts)."""
    kept: dict[Path, tuple[tuple[int, int], str]] = kept_on(cohort, _DIGESTS, dict, dict)
    st = path.stat()
    stamp = (st.st_size, st.st_mtime_ns)
    known = kept.get(path)
    if known is None or known[0] != stamp:
        known = kept[path] = (stamp, file_sha256(path))
    return known[1]


def _input_files(cohort: Cohort) -> dict[str, list[Path]]:
    """The files behind each data key (folders expanded), plus the authors' Markdown files."""
    cfg = cohort.config
    out: dict[str, list[Path]] = {}
    for name in TABLE_KEYS:
        p = cfg.data_path(name)
        if p is None:
            continue
        if p.is_dir():
            out[name] = sorted(q for q in p.rglob("*") if q.is_file())
        elif p.exists():
            out[name] = [p]
    guide = cfg.data_path("guide")
    if guide is not None and guide.parent.is_dir():  # earlier guide versions beside it
        out.setdefault("guide", []).extend(
            sorted(q for q in guide.parent.glob("*.y*ml") if q != guide))
    out["author_text"] = author_files(cfg)  # <author_dir>/**/*.md and writeup.author_text
    resolutions = cfg.reliability.resolutions  # the consensus meeting's decisions (stage 30)
    out["resolutions"] = ([cfg.root / resolutions]
                          if resolutions and (cfg.root / resolutions).is_file() else [])
    return out


def _relkey(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def manifest_inputs(cohort: Cohort) -> dict[str, str]:
    """SHA-256 of every input file, keyed by its path relative to the config folder."""
    root = cohort.config.root
    files = [cohort.config.path] + [f for fs in _input_files(cohort).values() for f in fs]
    return dict(sorted((_relkey(f, root), _digest(cohort, f)) for f in files))


def versions() -> dict[str, str]:
    """Python's and the key libraries' versions, for the manifest."""
    out = {"python": ".".join(str(v) for v in sys.version_info[:3])}
    for dist in _VERSIONED:
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


def stage_keys(cohort: Cohort, stages: Sequence[Stage], *,
               upstream: Mapping[str, str] | None = None) -> dict[str, str]:
    """A key per stage over what it declares it reads.

    Parameters
    ----------
    cohort : Cohort
    stages : sequence of Stage
        The stages to key, in any order (keyed in stage order).
    upstream : mapping of str to str, optional
        Keys of stages not in ``stages`` whose artifacts a keyed stage reads (the keys
        recorded when those artifacts were written).

    Returns
    -------
    dict of str to str
        Stage name → hex digest.
    """
    cfg = cohort.config
    root = cfg.root
    files = _input_files(cohort)
    digests = {k: [f"{_relkey(f, root)}={_digest(cohort, f)}" for f in fs]
               for k, fs in files.items()}
    version = versions()["replicate"]
    known: dict[str, str] = dict(upstream or {})
    keys: dict[str, str] = {}
    for stage in sorted(stages, key=lambda s: s.name):
        h = hashlib.sha256()
        h.update(file_sha256(stage.notebook()).encode())
        sections = {n: cfg.section(n) for n in stage.key_sections if n != "seed"}
        # how the tables are read (date formats, transcript format, paths and sheets)
        sections["data"] = cfg.section("data")
        h.update(json.dumps(sections, sort_keys=True).encode())
        h.update(str(cfg.seed).encode())
        reads = [*stage.key_tables, *(["author_text"] if "writeup" in stage.sections else []),
                 *(["resolutions"] if "reliability" in stage.sections else [])]
        for key in reads:
            for line in digests.get(key, []):
                h.update(f"{key}:{line}".encode())
        for up in stage.artifacts:
            h.update(f"{up}={keys.get(up) or known.get(up, 'absent')}".encode())
        h.update(version.encode())
        keys[stage.name] = known[stage.name] = h.hexdigest()
    return keys


def _config_location(config: Path, report: Path) -> str | None:
    """The config's path relative to the report, when both live under one project folder.

    A relative path that climbs to the file-system root would spell out the absolute (private)
    location, so then nothing is recorded and ``replicate verify`` needs ``--config``.
    """
    common = Path(os.path.commonpath([config.resolve(), report.resolve()]))
    if common == Path(common.anchor):
        return None
    return Path(os.path.relpath(config, report)).as_posix()


def manifest(cohort: Cohort, done: Sequence[Stage], *, params: Mapping[str, Any],
             keys: Mapping[str, str], report: Path) -> dict[str, Any]:
    """The report's ``manifest.json``: inputs, parameters, versions, seed, and per stage its
    notebook hash, key and declared reads."""
    cfg = cohort.config
    return {
        "study_id": cfg.study.id,
        "config": cfg.path.name,
        "config_location": _config_location(cfg.path, report),
        "seed": cfg.seed,
        "parameters": dict(params),
        "inputs": manifest_inputs(cohort),
        "notebooks": {s.name: file_sha256(s.notebook()) for s in done},
        "stage_keys": {s.name: keys[s.name] for s in done if s.name in keys},
        "stage_reads": {s.name: {"sections": list(s.sections), "tables": list(s.tables),
                                 "artifacts": list(s.artifacts)} for s in done},
        "versions": versions(),
        "stages": [s.name for s in done],
    }
