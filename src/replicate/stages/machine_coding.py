"""Stage 35: the machine coder (suggestions for the units to code, scored as a coder)."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from replicate.artifacts import StageResult
from replicate.cohort import Cohort
from replicate.errors import ConfigError, DataError, ReplicateError
from replicate.stage import Stage

if TYPE_CHECKING:
    import pandas as pd

    from replicate.coding import MachineCodingResult

__all__ = ["STAGE", "compute", "machine_coding", "precheck"]


def _cpus() -> int:
    """The cores this process may use (threads fit the per-code heads; results do not
    depend on it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS and Windows
        return max(1, os.cpu_count() or 1)


def _analyse(cohort: Cohort, *, n_boot: int,
             on_suggestions: Callable[[pd.DataFrame], None] | None = None
             ) -> MachineCodingResult:
    # imported here, not at the top: every stage notebook imports replicate.stages
    from replicate.coding import analyse_machine_coding

    cfg = cohort.config
    c = cfg.coding
    try:
        return analyse_machine_coding(
            cohort.table("units"), cohort.table("codings"), cohort.table("codebook"),
            seed=cfg.seed, threshold=c.threshold,
            shares=c.learning_curve, train_on=c.train_on, n_boot=n_boot, model=c.model,
            n_jobs=_cpus(), max_examples=c.max_examples, on_suggestions=on_suggestions)
    except DataError as exc:  # the analysis knows the tables by name only: name the file
        if exc.file in ("codings", "units"):
            exc.file = cohort.data_file(exc.file)
        raise


def precheck(cohort: Cohort) -> list[ReplicateError]:
    """Check the inputs without training: ``coding.model: e5`` without the extra, no
    codings, no human-coded unit or a coder called ``machine`` is found here."""
    from replicate.coding import MACHINE, check_model, training_examples

    cfg = cohort.config
    if not cfg.coding.enabled:
        return []
    try:
        check_model(cfg.coding.model)
    except ConfigError as exc:
        exc.file = cohort.display(cfg.path)
        return [exc]
    codings = cohort.table("codings")
    codings_file = cohort.data_file("codings")
    if MACHINE in set(codings["coder"].astype(str).tolist()):
        return [DataError(f"a human coder is called {MACHINE!r}, the machine's name; rename "
                          "the coder", file=codings_file)]
    try:
        if training_examples(cohort.table("units"), codings,
                             train_on=cfg.coding.train_on).empty:
            return [DataError("no human-coded unit to learn from", file=codings_file)]
    except ReplicateError as exc:
        return [exc]
    return []


#: Suggestions from which the export runs in a process of its own, beside the scoring and
#: the artifacts (at 800,000 suggestions it takes about 30 s; a process costs about 2 s).
_EXPORT_APART = 50_000


def _export_args(cohort: Cohort, suggestions: pd.DataFrame) -> tuple[Any, ...] | None:
    """What :func:`replicate.qdpx.export_qdpx` gets for the suggestions, or None without
    transcripts or suggestions."""
    cfg = cohort.config
    folder = cfg.data_path("transcripts")
    made = suggestions[~suggestions["abstained"]]
    if folder is None or made.empty:
        return None
    units = cohort.table("units")
    units = units[units["unit_id"].astype(str).isin(set(made["unit_id"].tolist()))]
    units = units.assign(code=units["unit_id"].astype(str).map(
        dict(zip(made["unit_id"].tolist(), made["code"].tolist(), strict=True))))
    path = cfg.root / cfg.privacy.key_dir / f"{cfg.study.id}-machine-suggestions.qdpx"
    # the units' code is the suggestion; without a codings table no user is named
    return (cohort.table("codebook"), units, folder, path,
            f"{cfg.study.id}: machine suggestions to review")


def _write_export(codebook: pd.DataFrame, units: pd.DataFrame, folder: Path, path: Path,
                  name: str) -> str:
    from replicate.qdpx import export_qdpx

    export_qdpx(codebook, units, folder, path, project_name=name)
    path.chmod(0o600)  # it holds every transcript: private, as the pseudonym key is
    return path.name


class _Export:
    """The suggestions as a REFI-QDA project in the private folder (it holds the whole
    transcripts, so never in the report): started as soon as the suggestions are made, in a
    process of its own when they are many, so that it runs beside the scoring and the
    writing of the artifacts.

    Attributes
    ----------
    name : str or None
        The file name it writes, or None when there is nothing to export.
    """

    def __init__(self, cohort: Cohort) -> None:
        self._cohort = cohort
        self._pool: Any = None
        self._job: Future[str] | None = None
        self.name: str | None = None

    def start(self, suggestions: pd.DataFrame) -> None:
        args = _export_args(self._cohort, suggestions)
        if args is None:
            return
        self.name = args[3].name
        if len(args[1]) < _EXPORT_APART:
            _write_export(*args)
            return
        from joblib.externals.loky import (  # type: ignore[import-untyped, unused-ignore]
            ProcessPoolExecutor,
        )

        self._pool = ProcessPoolExecutor(max_workers=1)
        self._job = self._pool.submit(_write_export, *args)

    def wait(self) -> None:
        """Wait for the export; its error (a unit not in its transcript …) is raised here."""
        try:
            if self._job is not None:
                self._job.result()
        finally:
            self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool, self._job = None, None


def compute(cohort: Cohort, run_dir: Path) -> StageResult:
    """Stage 35: train on the human codes, suggest, score as a coder; write the artifacts."""
    cfg = cohort.config
    out = STAGE.result(cohort)
    if not cfg.coding.enabled:
        out.summary = {"enabled": False}
        out.notes["headline"] = "The machine coder is switched off (`coding.enabled: false`)."
        out.write(Path(run_dir))
        return out
    export = _Export(cohort)
    try:
        res = _analyse(cohort, n_boot=cfg.reliability.bootstrap, on_suggestions=export.start)
        out.summary = {"enabled": True, **res.summary}
        out.tables.update(res.tables())
        out.add_figure("learning_curve_chart", res.curve_figure(),
                       f"Agreement of the machine coder ({_label(res.summary)}) with the "
                       "humans' codes on held-out interviews against the share of the other "
                       "interviews' coded units it learned from.")
        out.summary["qdpx"] = export.name
        out.notes["headline"] = _headline(res.summary, export.name)
        out.write(Path(run_dir))
        export.wait()  # the stage fails, and nothing is published, if the export failed
    finally:
        export.close()
    return out


def _label(s: dict[str, object]) -> str:
    from replicate.coding import MODEL_LABELS

    return MODEL_LABELS.get(str(s["model"]), str(s["model"]))


def _learned(s: dict[str, object]) -> str:
    if s.get("sampled"):
        return (f"a seeded sample of {s['n_training_examples']} of the "
                f"{s['n_examples_available']} human-coded examples (at most "
                f"`coding.max_examples` = {s['max_examples']} for one fit, also for each model "
                "scored below)")
    return f"{s['n_training_examples']} human-coded examples"


def _scored_units(scored: dict[str, Any]) -> str:
    if scored.get("sampled"):
        return (f"a seeded sample of {scored['n_units']} of the {scored['n_double_coded']} "
                f"double-coded units (at most {scored['max_per_fold']} per fold)")
    return "the double-coded units"


def _headline(s: dict[str, object], exported: str | None) -> str:
    scored = cast("dict[str, Any]", s["scored"])
    mh = cast("dict[str, dict[str, Any]]", s["machine_vs_human"])
    pairs = "; ".join(
        f"with {coder}: κ {v['cohen_kappa']:.2f}, α {v['krippendorff_alpha']:.2f}, "
        f"AC1 {v['gwet_ac1']:.2f} on {v['n_units']:.0f} units"
        for coder, v in sorted(mh.items()) if v["cohen_kappa"] is not None)
    asked, abstained = cast("int", s["n_suggested"]), cast("int", s["n_abstained"])
    text = (f"The machine coder (model `{s['model']}`: {s['model_description']}) learned "
            f"from {_learned(s)} and, of the {asked} units it was asked to code, suggested a "
            f"code for {asked - abstained} and abstained on {abstained} (probability below "
            f"{s['threshold']}). Scored {scored['design']} on {_scored_units(scored)}, it "
            f"abstained on {(scored['abstention_rate'] or 0):.0%} of them; where it suggested a "
            f"code it agreed {pairs or 'too rarely to compute agreement'}. The machine's "
            "figures below all come from this model. Every suggestion is a proposal for a "
            "coder to review; none is part of the human reliability figures.")
    if exported:
        text += (f" The suggestions are in `{exported}` (REFI-QDA, in the private folder "
                 "beside the pseudonym key) for review in NVivo, ATLAS.ti or MAXQDA.")
    return text


STAGE = Stage(
    number="35", slug="machine_coding", title="Machine coding", entry=compute,
    sections=("coding", "reliability", "privacy"),
    tables=("units", "codings", "codebook", "transcripts"),
    requires=("units", "codings", "codebook"), precheck=precheck,
    parses_transcripts=False,  # the export reads the transcript files itself
    weight=8.8,  # seconds on the demo (bench/bench_pipeline.py): scheduling only
)


def machine_coding(config_path: str | Path, run_dir: str | Path) -> StageResult:
    """Run stage 35 from its notebook: load the cohort and call :func:`compute`."""
    return STAGE.run(config_path, run_dir)
