"""Benchmark of replicate.reliability against the ``krippendorff`` package (0.9.0).

Prints three figures (not a timed test):

1. Krippendorff's alpha (nominal) for 2 coders x 1,000,000 units with 20 categories:
   wall time and peak traced memory of ``replicate.reliability.krippendorff_alpha`` versus
   ``krippendorff.alpha``. Each measurement runs in a fresh subprocess; peak memory is the
   ``tracemalloc`` peak during the call (numpy registers its buffers with tracemalloc), the
   input array being allocated before tracing starts.
2. The same for Gwet's analytic SE switched off (``se=False``), the bare coefficient.
3. 1,000 bootstrap resamples of alpha on 5 coders x 100,000 units.

``krippendorff.alpha`` builds an ``n x q x q`` array (about 9 GB at 10^6 units and 20 values),
so by default it is measured at 100,000, 250,000 and 500,000 units and extrapolated linearly to
10^6 (its time and memory are linear in the number of units); ``--full`` runs it at 10^6.

Usage::

    .venv/bin/python bench/bench_reliability.py [--full] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import tracemalloc

import numpy as np

N_BIG = 1_000_000
N_CATEGORIES = 20
SMALL_SIZES = (100_000, 250_000, 500_000)


def _data(n: int, coders: int, seed: int = 0) -> np.ndarray:
    """coders x n float array: coder 1 random, others agree with it 80% of the time."""
    rng = np.random.default_rng(seed)
    base = rng.integers(0, N_CATEGORIES, size=n)
    rows = [base]
    for _ in range(coders - 1):
        other = rng.integers(0, N_CATEGORIES, size=n)
        rows.append(np.where(rng.random(n) < 0.8, base, other))
    data = np.vstack(rows).astype(np.float64)
    if coders > 2:
        data[rng.random(data.shape) < 0.1] = np.nan
        data[0, np.isnan(data).all(axis=0)] = 0.0
    return data


def _worker(which: str, n: int) -> None:
    import pandas as pd

    data = _data(n, 2)
    if which.startswith("ours"):
        from replicate.reliability import krippendorff_alpha

        se = which == "ours"
        tracemalloc.start()
        start, cpu = time.perf_counter(), time.process_time()
        frame = pd.DataFrame(data.T, columns=["coder1", "coder2"])
        value = krippendorff_alpha(frame, level="nominal", se=se).value
    else:
        import krippendorff

        tracemalloc.start()
        start, cpu = time.perf_counter(), time.process_time()
        value = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal",
                                         value_domain=np.arange(N_CATEGORIES, dtype=float)))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    _, peak = tracemalloc.get_traced_memory()
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_bytes": peak, "value": value}))


def _measure(which: str, n: int, repeat: int) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, __file__, "--worker", which, str(n)],
                             capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout))
    best = min(runs, key=lambda r: r["seconds"])
    return {"seconds": best["seconds"], "cpu": min(r["cpu"] for r in runs),
            "peak_bytes": max(r["peak_bytes"] for r in runs), "value": best["value"]}


def _extrapolate(points: list[tuple[int, dict[str, float]]], key: str) -> float:
    sizes = np.array([p[0] for p in points], dtype=float)
    values = np.array([p[1][key] for p in points], dtype=float)
    slope, intercept = np.polyfit(sizes, values, 1)
    return float(slope * N_BIG + intercept)


def _bootstrap_figure() -> tuple[float, float, float, tuple[float, float]]:
    import pandas as pd

    from replicate.reliability import bootstrap_agreement, ratings_table

    data = _data(100_000, 5, seed=1)
    table = ratings_table(pd.DataFrame(data.T))
    start, cpu = time.perf_counter(), time.process_time()
    boot = bootstrap_agreement(table, n_boot=1000, seed=7, statistics=["krippendorff_alpha"])
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    row = boot.iloc[0]
    return seconds, cpu, float(row["estimate"]), (float(row["ci_low"]), float(row["ci_high"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="run krippendorff at 10^6 units")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best)")
    parser.add_argument("--worker", nargs=2, metavar=("WHICH", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker[0], int(args.worker[1]))
        return

    mib = 1024.0**2
    ours = _measure("ours", N_BIG, args.repeat)
    bare = _measure("ours_nose", N_BIG, args.repeat)
    if args.full:
        theirs = _measure("krippendorff", N_BIG, 1)
        how = "measured at 10^6 units"
    else:
        points = [(n, _measure("krippendorff", n, args.repeat)) for n in SMALL_SIZES]
        theirs = {"seconds": _extrapolate(points, "seconds"),
                  "cpu": _extrapolate(points, "cpu"),
                  "peak_bytes": _extrapolate(points, "peak_bytes"),
                  "value": points[-1][1]["value"]}
        how = "extrapolated linearly from " + ", ".join(
            f"{n:,} units ({p['seconds']:.2f} s, {p['peak_bytes'] / mib:,.0f} MiB)"
            for n, p in points)
        check = _measure("ours_nose", SMALL_SIZES[-1], 1)
        print(f"alpha at {SMALL_SIZES[-1]:,} units: replicate {check['value']:.12f}, "
              f"krippendorff {points[-1][1]['value']:.12f}")
    print(f"Krippendorff's alpha, 2 coders x {N_BIG:,} units x {N_CATEGORIES} categories")
    print(f"  krippendorff.alpha 0.9.0: {theirs['seconds']:8.2f} s wall {theirs['cpu']:8.2f} s "
          f"CPU {theirs['peak_bytes'] / mib:10,.0f} MiB peak ({how})")
    for label, res in (("replicate (with SE)", ours), ("replicate (se=False)", bare)):
        print(f"  {label:<24}: {res['seconds']:8.3f} s wall {res['cpu']:8.3f} s CPU "
              f"{res['peak_bytes'] / mib:10,.1f} MiB peak -> "
              f"{theirs['seconds'] / res['seconds']:.0f}x faster (wall), "
              f"{theirs['cpu'] / res['cpu']:.0f}x (CPU), "
              f"{theirs['peak_bytes'] / res['peak_bytes']:.0f}x less memory")
    seconds, cpu, estimate, (low, high) = _bootstrap_figure()
    print(f"Bootstrap: 1,000 resamples of alpha, 5 coders x 100,000 units: {seconds:.2f} s wall, "
          f"{cpu:.2f} s CPU (alpha {estimate:.4f}, 95% CI {low:.4f} to {high:.4f})")


if __name__ == "__main__":
    main()
