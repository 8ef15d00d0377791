"""Benchmark the machine coder: agreement with the humans and time/memory (prints only).

1. the demo cohort (stage 35's defaults: learn from the double-coded subset);
2. a larger generated cohort (60 interviews x 40 units);
3. real coded text: the NVivo 12 project in ``../shared/reference-data/qdpx-real`` (one
   coder, 303 codings, Hungarian), scored against that coder on its most frequent codes;
4. training + suggesting on 1,000 interviews / 100,000 units with two processes (target
   < 60 s, < 2 GB), in a child process so its peak memory is its own.

Run: ``.venv/bin/python bench/bench_machine_coding.py``.
"""

from __future__ import annotations

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
    analyse_machine_coding,
    fit_coder,
    pair_agreement,
    suggest,
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
                  codebook: pd.DataFrame, *, train_on: str = "double_coded") -> None:
    t = time.perf_counter()
    res = analyse_machine_coding(units, codings, codebook, seed=SEED, threshold=0.5,
                                 train_on=train_on, n_boot=1000)  # type: ignore[arg-type]
    s = res.summary
    print(f"\n== {name}: {len(units)} units, {units['transcript'].nunique()} interviews, "
          f"train_on={train_on}, {s['n_training_examples']} training examples "
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


def bench_nvivo(tmp: Path, *, top: int = 8) -> None:
    from replicate.qdpx import import_qdpx

    import_qdpx(NVIVO, tmp / "nvivo")
    units = pd.read_csv(tmp / "nvivo" / "units.csv")
    n_sources = units["transcript"].nunique()
    codes = units["code"].value_counts()
    keep = codes.index[:top].tolist()
    sub = units[units["code"].isin(keep)].sort_values(["transcript", "start"])
    sub = sub.reset_index(drop=True)
    print(f"\n== NVivo 12 project: {len(units)} codings, {codes.size} codes, {n_sources} "
          f"source(s); scored on the {top} most frequent codes ({len(sub)} codings)")
    if n_sources > 1:
        groups = sub["transcript"].astype(str).to_numpy()
        design = "leave-one-source-out"
    else:  # one source: contiguous blocks of it, so neighbouring passages never leak
        groups = np.asarray(np.arange(len(sub)) * 5 // len(sub), dtype=str)
        design = "5 contiguous blocks of the one source (leave-one-source-out impossible)"
    preds = []
    for g in sorted(set(groups)):
        train, test = sub[groups != g], sub[groups == g]
        coder = fit_coder(train["text"].astype(str).tolist(), train["code"].tolist(), seed=SEED)
        preds.append(suggest(coder, test.assign(unit_id=test.index.astype(str)),
                             threshold=0.5).assign(human=test["code"].to_numpy()))
    p = pd.concat(preds, ignore_index=True)
    for label, machine in (("above threshold 0.5", p["code"].where(~p["abstained"])),
                           ("every unit", p["code"])):
        r = pair_agreement(pd.DataFrame({"coder": p["human"], MACHINE: machine}),
                           categories=keep, n_boot=1000, seed=SEED)
        print(f"   {design}; {label}: n={r['n_units']:.0f} agreement "
              f"{_fmt(r['percent_agreement'])} κ {_fmt(r['cohen_kappa'])} "
              f"[{_fmt(r['cohen_kappa_ci_low'])}, {_fmt(r['cohen_kappa_ci_high'])}] "
              f"α {_fmt(r['krippendorff_alpha'])} AC1 {_fmt(r['gwet_ac1'])}")
    print(f"   abstained {p['abstained'].mean():.1%}; majority-code baseline "
          f"{(p['human'] == keep[0]).mean():.3f}")


def timing(folder: Path) -> None:
    """Child process: train on every unit of the large cohort and suggest for all of them."""
    units = pd.read_csv(folder / "tables" / "units.csv")
    t = time.perf_counter()
    coder = fit_coder(units["text"].tolist(), units["code"].tolist(), seed=SEED, n_jobs=2)
    fit = time.perf_counter() - t
    sug = suggest(coder, units, threshold=0.5)
    total = time.perf_counter() - t
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"   {len(units)} units, {units['transcript'].nunique()} interviews, "
          f"{len(coder.codes)} codes: training {fit:.1f} s, suggesting "
          f"{total - fit:.1f} s, total {total:.1f} s (target < 60 s); "
          f"peak memory {own:.0f} MB in the main process; "
          f"abstained {sug['abstained'].mean():.1%} (on its own training data)")


def main() -> None:
    from replicate.demo import generate_demo

    demo = ROOT / "examples" / "demo-cohort" / "tables"
    _print_result("demo cohort", *_tables(demo))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        generate_demo(tmp / "larger", n_students=300, n_interviews=60, units_per_interview=40)
        _print_result("larger generated cohort", *_tables(tmp / "larger" / "tables"))
        bench_nvivo(tmp)
        generate_demo(tmp / "large", n_students=1100, n_interviews=1000,
                      units_per_interview=100)
        print("\n== time and memory, 2 processes for the per-code heads")
        subprocess.run([sys.executable, __file__, "--timing", str(tmp / "large")], check=True)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"   largest process of the run (main or a worker): {kids:.0f} MB "
              "(target < 2 GB in all)")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--timing":
        timing(Path(sys.argv[2]))
    else:
        main()
