"""Stage artifacts: the contract between stages.

Stage ``NN_name`` writes ``artifacts/NN_name.json`` (its summary), ``artifacts/NN_name-<table>.csv``
and ``artifacts/NN_name-<figure>.png``. Everything is written deterministically: JSON with sorted
keys, CSV with ``\\n`` line ends, PNG without a software/time stamp.
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
    """

    stage: str
    summary: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    figures: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def add_figure(self, name: str, fig: Figure, alt: str) -> None:
        """Keep ``fig`` as PNG with its alt text."""
        self.figures[name] = (figure_png(fig), alt)

    def write(self, run_dir: Path) -> None:
        """Write the summary JSON, CSV tables and PNG figures under ``run_dir/artifacts``."""
        out = Path(run_dir) / "artifacts"
        out.mkdir(parents=True, exist_ok=True)
        text = json.dumps(to_jsonable(self.summary), sort_keys=True, indent=2,
                          ensure_ascii=False, allow_nan=False)
        (out / f"{self.stage}.json").write_text(text + "\n", encoding="utf-8")
        for name, df in sorted(self.tables.items()):
            df.to_csv(out / f"{self.stage}-{name}.csv", index=False, lineterminator="\n")
        for name, (png, _alt) in sorted(self.figures.items()):
            (out / f"{self.stage}-{name}.png").write_bytes(png)

    def show(self, name: str) -> None:
        """Display a note, table or figure in the notebook (needs IPython)."""
        from replicate.display import show_figure, show_markdown, show_table

        if name in self.notes:
            show_markdown(self.notes[name])
        elif name in self.tables:
            show_table(self.tables[name])
        elif name in self.figures:
            png, alt = self.figures[name]
            show_figure(png, alt)
        else:
            raise KeyError(f"{self.stage} has no note, table or figure called {name!r}")


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
    return pd.read_csv(path, keep_default_na=False)
