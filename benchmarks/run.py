"""Benchmarks: what readers feel (explorer latency) and what cohorts and the build cost.

Run with ``make bench``. Writes ``benchmarks/results.json`` and prints a table. Every figure is
measured in this one run on this machine (medians and p95 over repeats; the machine is noisy),
never asserted in tests. Budgets are those of the project's benchmark issue; the table says
whether each is met.

Keys: widget_update_ms_median, widget_update_ms_p95 (one control change to a redrawn figure,
in-process, Agg backend, over the book's real explorers), simulate_explorer_ms_median (the
simulation inside that update), pulse_resolved_14d_ms (male HPG, pulse resolution, 14 days),
cohort_10k_26w_s (10,000 virtual men, 26 weeks, pulse-averaged), cohort_speedup_vs_solve_ivp
(against a per-subject scipy solve_ivp loop of the same model, scaled per subject), book_build_s
(fresh build executing every notebook).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import hormonesim as hs  # noqa: E402
from hormonesim import book  # noqa: E402

BUDGETS = {  # key: (comparison, limit)
    "widget_update_ms_median": ("<=", 150.0),
    "widget_update_ms_p95": ("<=", 300.0),
    "simulate_explorer_ms_median": ("<=", 30.0),
    "pulse_resolved_14d_ms": ("<=", 2000.0),
    "cohort_10k_26w_s": ("<=", 10.0),
    "cohort_speedup_vs_solve_ivp": (">=", 100.0),
    "book_build_s": ("<=", 300.0),
}


def _timed(fn, repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def bench_explorers(points: int = 4) -> dict:
    """Time control changes across every registered explorer, as the live widget does them.

    One change = ``update`` (simulate, redraw the axes) + ``live_png`` (render for the widget);
    the widget's first render, which lays the figure out, happens before timing starts.
    """
    update_ms, simulate_ms, per_explorer = [], [], {}
    for name, factory in sorted(book.EXPLORERS.items()):
        explorer = factory()
        explorer.live_png()
        times = []
        for key, control in explorer.controls.items():
            for value in control.grid(points):
                values = explorer.check_values({key: value})
                start = time.perf_counter()
                explorer._compute(**values)
                simulate_ms.append((time.perf_counter() - start) * 1e3)
                start = time.perf_counter()
                explorer.update(**{key: value})
                explorer.live_png()
                times.append((time.perf_counter() - start) * 1e3)
        explorer.update(**{k: c.value for k, c in explorer.controls.items()})
        update_ms += times
        per_explorer[name] = round(float(np.median(times)), 1)
    return {"widget_update_ms_median": float(np.median(update_ms)),
            "widget_update_ms_p95": float(np.percentile(update_ms, 95)),
            "simulate_explorer_ms_median": float(np.median(simulate_ms)),
            "widget_updates_measured": len(update_ms), "widget_update_ms_by_explorer": per_explorer}


def bench_pulse_resolved(repeats: int = 3) -> dict:
    man = hs.MaleHPG()
    times = _timed(lambda: hs.simulate(man, None, duration="14d", resolution="pulse", seed=0),
                   repeats)
    return {"pulse_resolved_14d_ms": float(np.median(times) * 1e3)}


def _cohort_plan():
    return hs.dose("testosterone_cypionate", 100, "mg", every="7d")


def bench_cohort(n: int = 10_000, repeats: int = 3) -> dict:
    cohort = hs.population(hs.MaleHPG(), n=n, seed=1)
    plan = _cohort_plan()
    times = _timed(lambda: hs.simulate(cohort, plan, duration="26w", seed=0), repeats)
    return {"cohort_10k_26w_s": float(np.median(times)), "cohort_n": n}


def bench_solve_ivp_baseline(n_subjects: int = 3) -> dict:
    """A plain per-subject solve_ivp loop of the same model and regimen, scaled to 10,000.

    Each subject's pulse-averaged equations (``MaleHPG.derivatives``, the ODE form of what the
    engine steps) are integrated over 26 weeks with scipy's adaptive RK45
    (``hormonesim.engine.solve_ivp_reference``: rtol 1e-6, atol 1e-9, output on the engine's
    hourly grid), with the drug's testosterone release taken from the same exact PK and
    interpolated in time, as a straightforward implementation would. The tests check that it
    agrees with the engine on daily means.
    """
    from hormonesim.engine import solve_ivp_reference

    cohort = hs.population(hs.MaleHPG(), n=n_subjects, seed=1)
    plan = _cohort_plan()
    per_subject = []
    for i in range(n_subjects):
        man = cohort[i]
        start = time.perf_counter()
        solve_ivp_reference(man, plan, duration="26w")
        per_subject.append(time.perf_counter() - start)
    return {"solve_ivp_s_per_subject": float(np.median(per_subject)),
            "solve_ivp_subjects_timed": n_subjects}


def bench_book_build() -> dict:
    jb = Path(sys.executable).with_name("jupyter-book")
    env = dict(os.environ, IPYTHONDIR=str(ROOT / ".ipython"))
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        proc = subprocess.run([str(jb), "build", ".", "--all", "--path-output", out], cwd=ROOT,
                              env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError("book build failed:\n" + proc.stdout[-3000:] + proc.stderr[-3000:])
    return {"book_build_s": elapsed}


def verdicts(results: dict) -> dict:
    out = {}
    for key, (op, limit) in BUDGETS.items():
        if key in results:
            value = results[key]
            out[key] = bool(value <= limit if op == "<=" else value >= limit)
    return out


def table(results: dict) -> str:
    lines = [f"{'measure':32s} {'value':>12s} {'budget':>10s}  met", "-" * 62]
    met = verdicts(results)
    for key, (op, limit) in BUDGETS.items():
        if key in results:
            lines.append(f"{key:32s} {results[key]:12.1f} {op + ' ' + format(limit, 'g'):>10s}  "
                         f"{'yes' if met[key] else 'NO'}")
    return "\n".join(lines)


DESCRIPTIONS = {
    "widget_update_ms_median": "one control change to a redrawn figure, all explorers (ms)",
    "widget_update_ms_p95": "the same, 95th percentile (ms)",
    "simulate_explorer_ms_median": "the simulation inside an explorer update (ms)",
    "pulse_resolved_14d_ms": "male HPG axis, 14 days at minute resolution (ms)",
    "cohort_10k_26w_s": "10,000 virtual men, 26 weeks, pulse-averaged (s)",
    "cohort_speedup_vs_solve_ivp": "cohort engine vs a per-subject solve_ivp loop (x)",
    "book_build_s": "fresh book build, every notebook executed (s)",
}


def markdown(results: dict) -> str:
    """The table of one run as Markdown (included by the book's benchmark appendix page)."""
    met = verdicts(results)
    lines = ["| measure | what it times | value | budget | met |", "|---|---|---:|---:|---|"]
    for key, (op, limit) in BUDGETS.items():
        if key in results:
            lines.append(f"| `{key}` | {DESCRIPTIONS[key]} | {results[key]:,.1f} | "
                         f"{op} {limit:g} | {'yes' if met[key] else '**no**'} |")
        else:
            lines.append(f"| `{key}` | {DESCRIPTIONS[key]} | not measured in this run | "
                         f"{op} {limit:g} | |")
    m = results["machine"]
    lines += ["", f"Measured on {m['date']}: {m['cpus']} CPUs, {m['platform']}, Python "
              f"{m['python']}, numpy {m['numpy']}. {results['widget_updates_measured']} explorer "
              f"updates; the solve_ivp loop timed on {results['solve_ivp_subjects_timed']} "
              f"subjects ({results['solve_ivp_s_per_subject']:.1f} s each over 26 weeks)."]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="do not time the book build")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.json"))
    args = parser.parse_args(argv)
    results: dict = {}
    results.update(bench_explorers())
    results.update(bench_pulse_resolved())
    results.update(bench_cohort())
    results.update(bench_solve_ivp_baseline())
    per_subject_engine = results["cohort_10k_26w_s"] / results["cohort_n"]
    results["cohort_speedup_vs_solve_ivp"] = results["solve_ivp_s_per_subject"] / per_subject_engine
    if not args.skip_build:
        results.update(bench_book_build())
    results["budgets_met"] = verdicts(results)
    results["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "numpy": np.__version__, "platform": platform.platform(),
                          "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    out = Path(args.out)
    out.write_text(json.dumps(results, indent=2) + "\n")
    out.with_suffix(".md").write_text(markdown(results))
    print(table(results))
    print(f"\nwritten to {out} and {out.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
