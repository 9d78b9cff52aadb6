"""A million virtual men over 26 weeks, chunked, summaries only: time and peak memory.

Run as a subprocess by ``benchmarks/run.py`` (so its peak resident memory is its own):

    python benchmarks/bigcohort.py --n 1000000 --chunk-size 20000 [--dask WORKERS]

Prints one JSON line: seconds (population + simulation + summaries), peak RSS (GB) of this
process and, with Dask, of the largest worker and of all processes together (each process's
own peak; they need not peak at the same time, so the sum is an upper bound).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import hormonesim as hs  # noqa: E402


def _peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2   # kB -> GB (Linux)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--chunk-size", type=int, default=20_000)
    parser.add_argument("--duration", default="26w")
    parser.add_argument("--dask", type=int, default=0, help="LocalCluster workers (0: none)")
    args = parser.parse_args(argv)
    plan = hs.dose("testosterone_cypionate", 100, "mg", every="7d")
    summaries = hs.Summaries(outputs=("testosterone",))
    client = cluster = None
    if args.dask:
        from distributed import Client, LocalCluster
        cluster = LocalCluster(n_workers=args.dask, threads_per_worker=1, processes=True,
                               dashboard_address=None, memory_limit=0)
        client = Client(cluster)
    start = time.perf_counter()
    cohort = hs.population(hs.MaleHPG(), n=args.n, seed=1)
    res = hs.simulate(cohort, plan, duration=args.duration, chunk_size=args.chunk_size,
                      summaries=summaries, client=client)
    elapsed = time.perf_counter() - start
    out = {"n": args.n, "chunk_size": args.chunk_size, "seconds": elapsed,
           "peak_rss_gb": _peak_rss_gb(), "n_chunks": res.n_chunks,
           "median_average_testosterone": float(sorted(res.average("testosterone"))[args.n // 2]),
           "mean_time_in_range": float(res.time_in_range("testosterone").mean())}
    if client is not None:
        workers = client.run(_peak_rss_gb)
        out["dask_workers"] = args.dask
        out["worker_peak_rss_gb"] = max(workers.values())
        out["all_processes_peak_rss_gb"] = out["peak_rss_gb"] + sum(workers.values())
        client.close()
        cluster.close()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    raise SystemExit(main())
