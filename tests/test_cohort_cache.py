"""The run's loaded cohort handed to its kernels (:mod:`replicate.cohort_cache`)."""

from __future__ import annotations

import dataclasses
import stat
from pathlib import Path

import pandas as pd
import pytest

from replicate.cohort import Cohort, load_cohort
from replicate.cohort_cache import ENV, cache_folder, read_cache
from replicate.pipeline import stage_problems
from replicate.privacy.outputs import RedactionPolicy, cohort_redactor
from replicate.stages import STAGES, stage_named


def _same(a: Cohort, b: Cohort) -> None:
    assert a.config == b.config and a.notes == b.notes and a.pilots == b.pilots
    assert a.transcripts == b.transcripts and a.texts == b.texts
    assert sorted(a.tables) == sorted(b.tables)
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], check_exact=True)


def test_the_cached_cohort_is_the_tables_only_load(demo_copy: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    cohort = load_cohort(demo_copy)
    assert cohort.transcripts  # the run loads the transcripts; the cache leaves them out
    assert stage_problems(cohort, STAGES) == []  # what a run does to it before the kernels
    private = demo_copy.parent / "private"
    stale = private / ".run-cohort-999999999-x"  # a killed run's (no such process)
    stale.mkdir(parents=True)
    with cache_folder(cohort.config) as cache:
        cache.write(cohort)
        env = cache.env
        folder = Path(env[ENV])
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert folder.parent == private and not stale.exists()
        monkeypatch.setenv(ENV, env[ENV])
        cached = read_cache(demo_copy)
        assert cached is not None
        fresh = load_cohort(demo_copy, transcripts=False)
        _same(cached, fresh)
        # the run's redaction policy comes with it (no kernel builds it again), and it is
        # the one the kernel would have built
        kept = vars(cached).get("_replicate_redaction")
        assert isinstance(kept, RedactionPolicy)
        assert cohort_redactor(cached) is kept
        made = cohort_redactor(fresh)
        assert (kept.log_dir, kept.study_id) == (made.log_dir, made.study_id)
        names = [str(v) for t in ("students", "mentors") for v in fresh.tables[t].iloc[:3, 1]]
        text = f"{' and '.join(names)} met on 2024-03-01; mail x.y@example.org, 070-123 45 67"
        assert kept.redactor.redact(text) == made.redactor.redact(text) != text
        other = demo_copy.parent / "other.yaml"
        other.write_text(demo_copy.read_text(encoding="utf-8"), encoding="utf-8")
        assert read_cache(other) is None  # written for another config file
    assert not folder.exists()
    assert read_cache(demo_copy) is None  # the run is over


def test_a_stage_takes_the_cached_cohort_unless_it_parses_transcripts(
        demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Cohort] = []

    def entry(cohort: Cohort, run_dir: Path) -> object:
        seen.append(cohort)
        return None

    cohort = load_cohort(demo_copy)
    marked = dataclasses.replace(cohort, notes=[*cohort.notes, "from the run"])
    with cache_folder(marked.config) as cache:
        cache.write(marked)
        env = cache.env
        monkeypatch.setenv(ENV, env[ENV])
        for name in ("10", "35", "00"):
            stage = dataclasses.replace(stage_named(name), entry=entry)  # type: ignore[arg-type]
            stage.run(demo_copy, tmp_path / "r")
    from_run = [c.notes[-1:] == ["from the run"] for c in seen]
    assert from_run == [True, True, True]
    assert not seen[1].transcripts and not seen[1].texts
    # 00 parses the transcripts: the run's tables, and the transcripts read in the kernel
    assert seen[2].transcripts == cohort.transcripts and seen[2].texts == cohort.texts
    _same(dataclasses.replace(seen[2], notes=cohort.notes), cohort)
    assert "_replicate_redaction" in vars(seen[2])  # the run's redaction policy came along
