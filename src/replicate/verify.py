"""``replicate verify``: is a published report still what its inputs produce?

Re-hashes the inputs recorded in the report's manifest and lists those that changed, then
re-runs the cohort into a temporary folder and compares every output byte for byte.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from replicate.cohort import load_cohort
from replicate.errors import DataError
from replicate.pipeline import manifest_inputs, run_cohort

__all__ = ["Verification", "verify_report"]


@dataclass
class Verification:
    """Outcome of :func:`verify_report`."""

    changed_inputs: list[str] = field(default_factory=list)
    added_inputs: list[str] = field(default_factory=list)
    removed_inputs: list[str] = field(default_factory=list)
    differing_outputs: list[str] = field(default_factory=list)
    rerun: bool = False

    @property
    def ok(self) -> bool:
        """True when inputs are unchanged and every output was reproduced byte for byte."""
        return not (self.changed_inputs or self.added_inputs or self.removed_inputs
                    or self.differing_outputs)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _manifest_without_location(data: bytes) -> object:
    obj = json.loads(data)
    if isinstance(obj, dict):
        obj.pop("config_location", None)
    return obj


def verify_report(report: Path, *, config: Path | None = None, rerun: bool = True) -> Verification:
    """Check a report against its inputs.

    Parameters
    ----------
    report : Path
        ``reports/<study-id>``.
    config : Path, optional
        The cohort config; by default the location recorded in the manifest.
    rerun : bool, default=True
        Re-run into a temporary folder and compare outputs.

    Raises
    ------
    DataError
        No manifest, or the config cannot be found.
    """
    manifest_path = report / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError("no manifest.json; is this a report folder?", file=str(report)) from None
    except ValueError as exc:
        raise DataError(f"manifest.json is not valid JSON ({exc})", file=str(report)) from None
    location = manifest.get("config_location")
    cfg_path = config or ((report / location).resolve() if location else None)
    if cfg_path is None or not cfg_path.is_file():
        raise DataError("cannot find the cohort config recorded in the manifest; pass --config",
                        file=str(manifest_path), location="config_location")
    cohort = load_cohort(cfg_path)
    now = manifest_inputs(cohort)
    then: dict[str, str] = manifest.get("inputs", {})
    out = Verification()
    out.changed_inputs = sorted(k for k in now.keys() & then.keys() if now[k] != then[k])
    out.added_inputs = sorted(now.keys() - then.keys())
    out.removed_inputs = sorted(then.keys() - now.keys())
    if not rerun:
        return out
    stages = [str(s)[:2] for s in manifest.get("stages", [])]
    with tempfile.TemporaryDirectory(prefix="replicate-verify-") as tmp:
        fresh = run_cohort(cfg_path, out_root=Path(tmp), stages=stages or None, force=True)
        a, b = _files(report), _files(fresh.report_dir)
        for name in sorted(a.keys() | b.keys()):
            if name == "manifest.json" and name in a and name in b:
                same = _manifest_without_location(a[name]) == _manifest_without_location(b[name])
            else:
                same = a.get(name) == b.get(name)
            if not same:
                out.differing_outputs.append(name)
    out.rerun = True
    return out
