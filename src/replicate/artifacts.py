"""Stage artifacts: the contract between stages.

Stage ``NN_name`` writes ``artifacts/NN_name.json`` (its summary), ``artifacts/NN_name-<table>.csv``
and ``artifacts/NN_name-<figure>.png``. Everything is written deterministically: JSON with sorted
keys, CSV with ``\\n`` line ends, PNG without a software/time stamp.

Every text a stage writes or shows passes the cohort's redactor first
(:mod:`replicate.privacy.redact`, given as ``StageResult(..., redaction=...)``): table cells,
summary strings and notes. What was replaced goes to a private log beside the pseudonym key,
never into the report. CSV cells a spreadsheet would run as a formula are neutralised
(:func:`replicate.privacy.escaping.csv_safe_frame`; :func:`read_table` undoes it), and notes
are rendered to HTML with raw HTML escaped and only safe link targets
(:func:`replicate.privacy.escaping.note_html`).
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

from replicate.errors import ArtifactError
from replicate.privacy.escaping import csv_safe_frame, note_html
from replicate.privacy.outputs import LoggedRedaction, RedactionPolicy, redact_frame, redact_json

__all__ = ["StageResult", "figure_png", "read_summary", "read_table", "to_jsonable"]


def to_jsonable(value: Any) -> Any:
    """Convert numpy/pandas scalars and containers to plain JSON values (NaN → None)."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.strftime("%Y-%m-%d")
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Path):
        return value.as_posix()
    return value


def figure_png(fig: Figure, *, dpi: int = 100) -> bytes:
    """Render a figure to PNG bytes with no metadata that varies between runs."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


@dataclass
class StageResult:
    """What a stage produced: a JSON summary, tables, figures and Markdown notes.

    Notebooks display its parts with :meth:`show`; :meth:`write` saves the artifacts.

    ``redaction`` (the cohort's :func:`~replicate.privacy.cohort_redactor`) redacts every
    text before it is written or shown; without it texts are written as they are and only
    the output scan stands between them and a published report. A note is Markdown, or
    trusted HTML when it is an object with ``__html__`` (``markupsafe.Markup``), as a table
    the package built with escaped labels.
    """

    stage: str
    summary: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    figures: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    redaction: RedactionPolicy | None = field(default=None, repr=False, compare=False)
    # each table as :meth:`write` redacted it, beside the table it was made from: the page
    # shows the same (a table of 800,000 suggestions took 8 s to redact, once is enough)
    _written: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def add_figure(self, name: str, fig: Figure, alt: str) -> None:
        """Keep ``fig`` as PNG with its alt text."""
        self.figures[name] = (figure_png(fig), alt)

    def write(self, run_dir: Path) -> None:
        """Write the summary JSON, CSV tables and PNG figures under ``run_dir/artifacts``.

        With a ``redaction`` policy, texts are redacted first and what was replaced is
        written to ``<privacy.key_dir>/<study id>-redactions-<stage>.csv`` (never inside
        ``run_dir``).
        """
        out = Path(run_dir) / "artifacts"
        out.mkdir(parents=True, exist_ok=True)
        summary, tables, log = self._redacted()
        text = json.dumps(to_jsonable(summary), sort_keys=True, indent=2,
                          ensure_ascii=False, allow_nan=False)
        (out / f"{self.stage}.json").write_text(text + "\n", encoding="utf-8")
        for name, df in sorted(tables.items()):
            csv_safe_frame(df).to_csv(out / f"{self.stage}-{name}.csv", index=False,
                                      lineterminator="\n")
        for name, (png, _alt) in sorted(self.figures.items()):
            (out / f"{self.stage}-{name}.png").write_bytes(png)
        if self.redaction is not None:
            self.redaction.write_log(self.stage, log, report_folders=[Path(run_dir)])

    def _redacted(self) -> tuple[Any, dict[str, pd.DataFrame], list[LoggedRedaction]]:
        if self.redaction is None:
            return self.summary, self.tables, []
        redactor = self.redaction.redactor
        summary, log = redact_json(to_jsonable(self.summary), redactor,
                                   file=f"artifacts/{self.stage}.json")
        tables: dict[str, pd.DataFrame] = {}
        memo: dict[str, Any] = {}  # the tables share texts (unit ids, codes): search each once
        for name, df in self.tables.items():
            tables[name], found = redact_frame(df, redactor, memo=memo,
                                               file=f"artifacts/{self.stage}-{name}.csv")
            self._written[name] = (df, tables[name])
            log += found
        for name, note in sorted(self.notes.items()):
            _, in_note = redactor.redact_logged(str(note))
            log += [LoggedRedaction(f"stages/{self.stage}.html", f"note {name}", r)
                    for r in in_note]
        for name, (_png, alt) in sorted(self.figures.items()):
            _, in_alt = redactor.redact_logged(alt)
            log += [LoggedRedaction(f"stages/{self.stage}.html", f"figure {name} alt text",
                                    r) for r in in_alt]
        return summary, tables, log

    def _text(self, text: str) -> str:
        return text if self.redaction is None else self.redaction.redactor.redact(text)

    def html(self, name: str) -> str:
        """The HTML :meth:`show` displays for a note, table or figure, redacted and escaped.

        A table is rendered as its view in :data:`replicate.display_views.VIEWS` says
        (caption, human headers, rounded numbers, the rest of a long table behind
        ``<details>`` or in the CSV, linked as ``../artifacts/<stage>-<table>.csv``); a view
        with a ``source`` shows a second selection of that table under its own name.

        Raises
        ------
        KeyError
            No note, table, figure or view of that name.
        """
        from replicate.display import figure_html, table_html
        from replicate.display_views import figure_caption, view_for

        if name in self.notes:
            note = self.notes[name]
            trusted = hasattr(note, "__html__")
            text = self._text(str(note.__html__() if trusted else note))  # type: ignore[attr-defined]
            return text if trusted else note_html(text)
        view = view_for(self.stage, name)
        table = name if name in self.tables else view.source
        if table is not None and table in self.tables:
            df = self.tables[table]
            written = self._written.get(table)
            if written is not None and written[0] is df:  # redacted by write
                df = written[1]
            elif self.redaction is not None:
                df = redact_frame(df, self.redaction.redactor)[0]
            return table_html(df, view=view, csv=f"../artifacts/{self.stage}-{table}.csv",
                              redact=self._text)
        if name in self.figures:
            png, alt = self.figures[name]
            return figure_html(png, self._text(alt), caption=figure_caption(self.stage, name))
        raise KeyError(f"{self.stage} has no note, table or figure called {name!r}")

    def show(self, name: str) -> None:
        """Display a note, table or figure in the notebook (needs IPython); see :meth:`html`."""
        from replicate.display import show_html

        show_html(self.html(name))


def read_summary(run_dir: Path, stage: str) -> dict[str, Any]:
    """Read ``artifacts/<stage>.json``.

    Raises
    ------
    ArtifactError
        Naming the stage to run first when the artifact is missing.
    """
    path = Path(run_dir) / "artifacts" / f"{stage}.json"
    if not path.exists():
        raise ArtifactError(f"the artifacts of stage {stage} are missing; run stage {stage} "
                            f"first (replicate run cohort.yaml --stages {stage[:2]})",
                            file=path.name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ArtifactError(f"unreadable artifact ({exc}); re-run stage {stage}",
                            file=path.name) from None
    if not isinstance(data, dict):
        raise ArtifactError(f"unexpected content; re-run stage {stage}", file=path.name)
    return data


def read_table(run_dir: Path, stage: str, name: str) -> pd.DataFrame:
    """Read ``artifacts/<stage>-<name>.csv``; ArtifactError naming the stage when missing."""
    path = Path(run_dir) / "artifacts" / f"{stage}-{name}.csv"
    if not path.exists():
        raise ArtifactError(f"table {name} of stage {stage} is missing; run stage {stage} first",
                            file=path.name)
    return _undo_csv_safe(pd.read_csv(path, keep_default_na=False))


def _undo_csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Remove the ``'`` that :meth:`StageResult.write` put before formula-like cells."""
    for col in frame.columns:
        series = frame[col]
        if not pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            texts = series.astype(str)
            marked = texts.str.match(r"'[=+\-@\t\r]")
            if marked.any():
                frame[col] = series.where(~marked, texts.str.slice(1))
    return frame
