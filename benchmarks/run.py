"""Benchmarks: what readers feel (explorer latency) and what cohorts and the build cost.

Run with ``make bench``. Writes ``benchmarks/results.json`` and ``benchmarks/results.md`` (the
table the book's benchmark appendix includes) and prints the table. Every figure comes from
this one run on this machine (medians and p95 over repeats; the machine's load average at the
start and end is recorded beside them); nothing here is asserted in tests. The budgets below
are those of the project's performance issue, in one place.

Keys (see DESCRIPTIONS and chapters/appendix/benchmarks.md): widget_update_ms_median/_p95,
simulate_explorer_ms_median, lab_slider_to_figure_ms_median (real JupyterLab in headless
chromium, when both are installed), pulse_resolved_14d_ms, cohort_10k_26w_s (one thread; and
cohort_10k_26w_threads_s), cohort_speedup_vs_stacked_scipy (the engine on one thread against
scipy's best stacked-cohort solve_ivp at a tolerance that meets the same accuracy budget), engine_daily_mean_max_rel_error_{testosterone,
estradiol,lh,fsh} (against LSODA at rtol 1e-9 with the exact drug input), cohort_1m_s and
cohort_1m_peak_rss_gb (a million men, chunked, summaries only; cohort_1m_dask_s beside it),
book_build_s.
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

#: the budgets, in one place: key -> (comparison, limit); None = reported without a budget
BUDGETS = {
    "widget_update_ms_median": ("<=", 60.0),
    "widget_update_ms_p95": ("<=", 120.0),
    "simulate_explorer_ms_median": ("<=", 10.0),
    "lab_slider_to_figure_ms_median": ("<=", 150.0),
    "pulse_resolved_14d_ms": ("<=", 2000.0),
    "cohort_10k_26w_s": ("<=", 2.5),
    "cohort_10k_26w_threads_s": None,
    "cohort_speedup_vs_stacked_scipy": (">=", 40.0),
    "engine_daily_mean_max_rel_error_testosterone": ("<=", 0.02),
    "engine_daily_mean_max_rel_error_estradiol": ("<=", 0.02),
    "engine_daily_mean_max_rel_error_lh": ("<=", 0.05),
    "engine_daily_mean_max_rel_error_fsh": ("<=", 0.05),
    "cohort_10k_26w_step2h_s": None,
    "engine_step2h_daily_mean_max_rel_error_testosterone": None,
    "engine_step2h_daily_mean_max_rel_error_lh": None,
    "cohort_1m_s": None,
    "cohort_1m_dask_s": None,
    "cohort_1m_peak_rss_gb": ("<=", 3.0),
    "book_build_s": ("<=", 90.0),
}
#: the accuracy budget every method is held to (daily means against the reference)
ACCURACY = {name: BUDGETS[f"engine_daily_mean_max_rel_error_{name}"][1]
            for name in ("testosterone", "estradiol", "lh", "fsh")}
COHORT_N = 10_000
BASELINE_N = 200          # subjects in the timed stacked solve_ivp
REFERENCE_N = 3           # subjects integrated with the tight reference
RTOLS = (1e-3, 1e-4, 1e-5, 1e-6)
METHODS = ("RK45", "LSODA", "BDF")


def _timed(fn, repeats: int, cpu: list | None = None) -> list[float]:
    """Wall-clock seconds of ``repeats`` calls of ``fn``; with ``cpu`` (a list), also the
    process's CPU seconds of each call appended to it as (user, system): on this shared
    virtual machine the system share (first touches of fresh memory) and the gap between wall
    and CPU time (other jobs) show where a slow run's time went."""
    import resource

    out = []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_SELF)
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_SELF)
        if cpu is not None:
            cpu.append((round(after.ru_utime - before.ru_utime, 3),
                        round(after.ru_stime - before.ru_stime, 3)))
    return out


def bench_explorers(points: int = 4) -> dict:
    """Time control changes across every registered explorer, as the live widget does them.

    One change = ``update`` (compute: simulate; redraw the axes) + ``live_png`` (render for
    the widget); the widget's first render, which lays the figure out, happens before timing
    starts. Each control goes through ``points`` values of its range (and its default), the
    others staying where the previous control left them. Every change is computed afresh:
    the explorer's memory of recent settings (``Explorer.compute``) is emptied before each,
    so a setting visited twice is simulated twice; what a change leaves as it was (an
    untreated baseline, the other route's or arm's run, a shared virtual cohort) stays cached,
    as it does for a reader. ``simulate_explorer_ms_median`` is the compute inside those same
    updates (not a second run of it).
    """
    update_ms, simulate_ms, per_explorer = [], [], {}
    for name, factory in sorted(book.EXPLORERS.items()):
        explorer = factory()
        explorer.live_png()
        inner = explorer._compute
        computed = []

        def timed_compute(**values):
            start = time.perf_counter()
            out = inner(**values)
            computed.append((time.perf_counter() - start) * 1e3)
            return out

        explorer._compute = timed_compute
        times = []
        for key, control in explorer.controls.items():
            for value in control.grid(points):
                explorer.forget()
                start = time.perf_counter()
                explorer.update(**{key: value})
                explorer.live_png()
                times.append((time.perf_counter() - start) * 1e3)
        explorer._compute = inner
        if len(computed) != len(times):
            raise RuntimeError(f"{name}: {len(computed)} computes for {len(times)} updates")
        explorer.update(**{k: c.value for k, c in explorer.controls.items()})
        update_ms += times
        simulate_ms += computed
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


def bench_cohort(n: int = COHORT_N, repeats: int = 3) -> tuple[dict, object]:
    """The 10,000-man run as a user gets it (one thread), and with the fused step on one
    thread per CPU (HORMONESIM_THREADS, reported beside it: it helps only when cores are free)."""
    cohort = hs.population(hs.MaleHPG(), n=n, seed=1)
    plan = _cohort_plan()
    threads = os.cpu_count() or 1
    out = {"cohort_n": n, "cohort_threads": threads}
    saved = os.environ.pop("HORMONESIM_THREADS", None)
    try:
        for key, setting in (("cohort_10k_26w_s", None), ("cohort_10k_26w_threads_s", threads)):
            if setting is not None:
                os.environ["HORMONESIM_THREADS"] = str(setting)
            cpu: list = []
            times = _timed(lambda: hs.simulate(cohort, plan, duration="26w", seed=0), repeats,
                           cpu)
            out[key] = float(np.median(times))
            out[key[:-2] + "_runs_s"] = times
            out[key[:-2] + "_runs_cpu_user_system_s"] = cpu
    finally:
        os.environ.pop("HORMONESIM_THREADS", None)
        if saved is not None:
            os.environ["HORMONESIM_THREADS"] = saved
    # the same men with a two-hour step, which a user may choose for a large cohort (its
    # accuracy is measured in bench_accuracy_and_baseline)
    coarse = hs.population(hs.MaleHPG(mean_step_h=2.0), n=n, seed=1)
    times = _timed(lambda: hs.simulate(coarse, plan, duration="26w", seed=0), repeats)
    out["cohort_10k_26w_step2h_s"] = float(np.median(times))
    out["cohort_10k_26w_step2h_runs_s"] = times
    return out, cohort


def bench_accuracy_and_baseline(cohort) -> dict:
    """The engine's error against a tight reference, and scipy's stacked solve_ivp at the
    loosest tolerance that meets the same accuracy budget, timed on BASELINE_N subjects.

    Reference: LSODA, rtol 1e-9, atol 1e-9, the exact drug input (benchmarks/fair.py), for
    the cohort's first REFERENCE_N men; errors are the largest relative difference of daily
    means over 26 weeks (182 days) and those men. The engine is timed and checked as a cohort
    (hourly record for the check).
    """
    import fair

    plan = _cohort_plan()
    refs = [fair.reference(cohort[i], plan, "26w") for i in range(REFERENCE_N)]
    out: dict = {"reference": "LSODA rtol 1e-9 atol 1e-9, exact drug input",
                 "reference_subjects": REFERENCE_N}

    def worst(errors_per_subject):
        return {k: max(e[k] for e in errors_per_subject) for k in fair.HORMONES}

    rows = {"lh": 2, "fsh": 3, "testosterone": 5, "estradiol": 6}

    def engine_errors(men, every_h: int) -> dict:
        """The worst daily-mean errors of the engine's run of ``men``, sampled every
        ``every_h`` hours, against the reference at the same sample times."""
        res = hs.simulate(men, plan, duration="26w", record_every=f"{every_h}h")
        errors = []
        for i, (t_ref, y_ref) in enumerate(refs):
            states = np.zeros((7, len(res.t_hours)))
            for name, row in rows.items():
                states[row] = res[name][i]
            errors.append(fair.daily_mean_errors(res.t_hours, states, t_ref[::every_h],
                                                 y_ref[:, ::every_h]))
        return worst(errors)

    for name, value in engine_errors(cohort[:REFERENCE_N], 1).items():
        out[f"engine_daily_mean_max_rel_error_{name}"] = value
    # the two-hour step, against the reference at the same (two-hourly) sample times
    coarse = hs.population(hs.MaleHPG(mean_step_h=2.0), n=len(cohort), seed=1)[:REFERENCE_N]
    for name, value in engine_errors(coarse, 2).items():
        out[f"engine_step2h_daily_mean_max_rel_error_{name}"] = value
    # tolerance search on the reference subjects, then one timed run on BASELINE_N subjects
    search = {}
    for method in METHODS:
        for rtol in RTOLS:
            _, t_s, y_s = fair.stacked_solve_ivp(cohort[:REFERENCE_N], plan, "26w", method, rtol)
            errs = worst([fair.daily_mean_errors(t_s, y_s[:, i], *refs[i])
                          for i in range(REFERENCE_N)])
            ok = all(errs[k] <= ACCURACY[k] for k in errs)
            search.setdefault(method, []).append({"rtol": rtol, "meets_budget": ok,
                                                  **{k: round(v, 5) for k, v in errs.items()}})
            if ok:
                break
    timed = {}
    for method, tries in search.items():
        good = [t for t in tries if t["meets_budget"]]
        if not good:
            continue
        rtol = good[0]["rtol"]
        seconds, _, _ = fair.stacked_solve_ivp(cohort[:BASELINE_N], plan, "26w", method, rtol)
        timed[method] = {"rtol": rtol, "seconds": seconds,
                         "s_per_subject": seconds / BASELINE_N}
    best = min(timed, key=lambda m: timed[m]["seconds"])
    out.update({"baseline_tolerance_search": search, "baseline_timed": timed,
                "baseline_method": best, "baseline_rtol": timed[best]["rtol"],
                "baseline_subjects": BASELINE_N,
                "baseline_s_per_subject": timed[best]["s_per_subject"]})
    return out


def bench_big_cohort(dask: bool = False, n: int = 1_000_000, chunk_size: int = 10_000,
                     workers: int = 2) -> dict:
    """A million men, 26 weeks, chunked, summaries only, in a subprocess of its own (its peak
    RSS is its own): in one process, or (``dask``) on a Dask LocalCluster of ``workers``
    worker processes when Dask is installed."""
    script = Path(__file__).with_name("bigcohort.py")
    out = {}
    runs = [("", [])]
    if dask:
        try:
            import distributed  # noqa: F401
            runs = [("_dask", ["--dask", str(workers)])]
        except ImportError:
            return {"cohort_1m_dask_skipped": "dask.distributed is not installed"}
    for suffix, extra in runs:
        proc = subprocess.run([sys.executable, str(script), "--n", str(n), "--chunk-size",
                               str(chunk_size), *extra], capture_output=True, text=True,
                              cwd=ROOT)
        if proc.returncode != 0:
            raise RuntimeError(f"bigcohort{suffix} failed:\n{proc.stderr[-3000:]}")
        record = json.loads(proc.stdout.strip().splitlines()[-1])
        out[f"cohort_1m{suffix}_s"] = record["seconds"]
        out[f"cohort_1m{suffix}_peak_rss_gb"] = record["peak_rss_gb"]
        out[f"cohort_1m{suffix}_run"] = record
    return out


def bench_lab() -> dict:
    """Keyboard-to-figure in a real JupyterLab (benchmarks/lab.py), or why it was skipped."""
    import lab

    return lab.measure()


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
    for key, budget in BUDGETS.items():
        if key in results and budget is not None:
            op, limit = budget
            value = results[key]
            out[key] = bool(value <= limit if op == "<=" else value >= limit)
    return out


def _fmt(value: float) -> str:
    return f"{value:,.3f}" if abs(value) < 1 else f"{value:,.1f}"


def table(results: dict) -> str:
    lines = [f"{'measure':46s} {'value':>12s} {'budget':>10s}  met", "-" * 76]
    met = verdicts(results)
    for key, budget in BUDGETS.items():
        if key in results:
            limit = "" if budget is None else f"{budget[0]} {budget[1]:g}"
            verdict = "" if budget is None else ("yes" if met[key] else "NO")
            lines.append(f"{key:46s} {_fmt(results[key]):>12s} {limit:>10s}  {verdict}")
        else:
            lines.append(f"{key:46s} {'not measured':>12s}")
    return "\n".join(lines)


DESCRIPTIONS = {
    "widget_update_ms_median": "one control change to a redrawn figure, all explorers, in-process (ms)",
    "widget_update_ms_p95": "the same, 95th percentile (ms)",
    "simulate_explorer_ms_median": "the simulation inside an explorer update (ms)",
    "lab_slider_to_figure_ms_median": "real JupyterLab: arrow key on a live slider to the new figure (ms)",
    "pulse_resolved_14d_ms": "male HPG axis, 14 days at 2-minute resolution (ms)",
    "cohort_10k_26w_s": "10,000 virtual men, 26 weeks, pulse-averaged (s)",
    "cohort_10k_26w_threads_s": "the same with the model's step on one thread per CPU (HORMONESIM_THREADS) (s)",
    "cohort_speedup_vs_stacked_scipy": "engine (one thread) vs scipy's best stacked-cohort solve_ivp, same accuracy budget (x)",
    "engine_daily_mean_max_rel_error_testosterone": "engine vs tight reference: daily mean T, max relative error",
    "engine_daily_mean_max_rel_error_estradiol": "the same for estradiol",
    "engine_daily_mean_max_rel_error_lh": "the same for LH",
    "engine_daily_mean_max_rel_error_fsh": "the same for FSH",
    "cohort_10k_26w_step2h_s": "the 10,000 men with a two-hour step (mean_step_h=2), one thread (s)",
    "engine_step2h_daily_mean_max_rel_error_testosterone": "its daily mean T against the tight reference, max relative error",
    "engine_step2h_daily_mean_max_rel_error_lh": "the same for LH",
    "cohort_1m_s": "1,000,000 men, 26 weeks, chunks of 10,000, summaries only, one process (s)",
    "cohort_1m_dask_s": "the same on a Dask LocalCluster, 2 worker processes (s)",
    "cohort_1m_peak_rss_gb": "peak memory (RSS) of the one-process million-subject run (GB)",
    "book_build_s": "fresh book build, every notebook executed (s)",
}


def markdown(results: dict) -> str:
    """The table of one run as Markdown (included by the book's benchmark appendix page)."""
    met = verdicts(results)
    lines = ["| measure | what it times | value | budget | met |", "|---|---|---:|---:|---|"]
    for key, budget in BUDGETS.items():
        limit = "reported" if budget is None else f"{budget[0]} {budget[1]:g}"
        if key in results:
            verdict = "" if budget is None else ("yes" if met[key] else "**no**")
            lines.append(f"| `{key}` | {DESCRIPTIONS[key]} | {_fmt(results[key])} | {limit} | "
                         f"{verdict} |")
        else:
            why = results.get(key.replace("_median", "") + "_skipped",
                              "not measured in this run" if "machine" in results
                              else "not measured yet")
            lines.append(f"| `{key}` | {DESCRIPTIONS[key]} | {why} | {limit} | |")
    if "machine" not in results:
        lines += ["", PENDING]
        return "\n".join(lines) + "\n"
    m = results["machine"]
    lines += ["", f"Measured on {m['date']}: {m['cpus']} CPUs, {m['platform']}, Python "
              f"{m['python']}, numpy {m['numpy']}, scipy {m['scipy']}; load average "
              f"{m['load_before'][0]:.1f} at the start and {m['load_after'][0]:.1f} at the end "
              f"(other jobs shared the machine: wall-clock times carry that load)."]
    if "widget_updates_measured" in results:
        lines[-1] += f" {results['widget_updates_measured']} explorer updates."
    if "cohort_10k_26w_runs_cpu_user_system_s" in results:
        runs = "; ".join(f"{wall:.2f} s (CPU: user {user:.2f} s, system {system:.2f} s)"
                         for wall, (user, system) in
                         zip(results["cohort_10k_26w_runs_s"],
                             results["cohort_10k_26w_runs_cpu_user_system_s"]))
        lines += ["", f"The {len(results['cohort_10k_26w_runs_s'])} timed runs of the "
                  f"10,000-man cohort (one thread; `cohort_10k_26w_s` is their median), wall "
                  f"clock and the process's CPU time: {runs}. System time is the kernel "
                  f"providing the result's fresh memory (about 640 MB); wall time above user "
                  f"plus system time is time the process waited for the CPU."]
    if len(results.get("invocations", [])) > 1:
        lines += ["", f"Measured in {len(results['invocations'])} invocations of "
                  f"`benchmarks/run.py` (`--resume`), started at "
                  f"{', '.join(results['invocations'])}."]
    if "baseline_method" in results:
        timed = results["baseline_timed"]
        others = ", ".join(f"{m} {v['rtol']:g}: {v['s_per_subject']:.3f} s" for m, v in
                           timed.items())
        best = results["baseline_method"]
        chosen = next(t for t in results["baseline_tolerance_search"][best]
                      if t["rtol"] == results["baseline_rtol"])
        errors = "; ".join(
            f"{label} {100 * results[f'engine_daily_mean_max_rel_error_{name}']:.2f}% (engine) "
            f"and {100 * chosen[name]:.2f}% ({best})"
            for name, label in (("testosterone", "T"), ("estradiol", "E2"), ("lh", "LH"),
                                ("fsh", "FSH")))
        lines += ["", f"Baseline: scipy `solve_ivp` over the stacked cohort of "
                  f"{results['baseline_subjects']} men (the same `MaleHPG.derivatives`, drug input "
                  f"looked up per hour: its exact mean over the hour, as the engine reads it), each method at the loosest relative tolerance (of "
                  f"{', '.join(format(r, 'g') for r in RTOLS)}) whose daily means meet the "
                  f"accuracy budget against the reference; seconds per subject: {others}. Best: "
                  f"{results['baseline_method']} at rtol {results['baseline_rtol']:g}, "
                  f"{results['baseline_s_per_subject']:.3f} s per subject, against the engine's "
                  f"{results['cohort_10k_26w_s'] / results['cohort_n'] * 1e3:.3f} ms per subject "
                  f"in the 10,000-man cohort on one thread "
                  f"({results['cohort_10k_26w_threads_s'] / results['cohort_n'] * 1e3:.3f} ms on "
                  f"{results.get('cohort_threads', 1)} threads). Accuracy at that speed, the largest "
                  f"relative error of daily means against the reference: {errors}. Reference: "
                  f"{results['reference']}, {results['reference_subjects']} men."]
    return "\n".join(lines) + "\n"


#: the note under the table while no run of this code has been recorded
PENDING = ("No run of the current code is recorded yet: `make bench` measures every figure of "
           "this table and rewrites it (the previous figures were measured on older versions of "
           "the male model's step and were withdrawn).")


def _machine(load_before) -> dict:
    import scipy

    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "numpy": np.__version__, "scipy": scipy.__version__, "platform": platform.platform(),
            "load_before": list(load_before), "load_after": list(os.getloadavg()),
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def _write(results: dict, out: Path, load_before) -> None:
    """Write what has been measured so far (a run cut short still leaves its numbers)."""
    results["budgets_met"] = verdicts(results)
    results["machine"] = _machine(load_before)
    out.write_text(json.dumps(results, indent=2) + "\n")
    out.with_suffix(".md").write_text(markdown(results))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="do not time the book build")
    parser.add_argument("--skip-lab", action="store_true", help="do not time JupyterLab")
    parser.add_argument("--skip-1m", action="store_true", help="skip the million-subject runs")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.json"))
    parser.add_argument("--resume", action="store_true",
                        help="keep the sections already in --out and measure only the rest "
                             "(the record then names both invocations)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).parent))
    out = Path(args.out)
    load_before = os.getloadavg()
    results: dict = {}
    if args.resume and out.exists() and "machine" in json.loads(out.read_text()):
        results = json.loads(out.read_text())
        load_before = results["machine"]["load_before"]
        results.setdefault("invocations", [results["machine"]["date"]])
        results["invocations"].append(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
    done = set(results)

    def section(name, fn, *a):
        start = time.perf_counter()
        value = fn(*a)
        print(f"{name}: {time.perf_counter() - start:.0f} s", flush=True)
        return value

    if "widget_update_ms_median" not in done:
        results.update(section("explorers", bench_explorers))
    if "pulse_resolved_14d_ms" not in done:
        results.update(section("pulse", bench_pulse_resolved))
    if "cohort_speedup_vs_stacked_scipy" not in done:
        cohort_results, cohort = section("cohort", bench_cohort)
        results.update(cohort_results)
        _write(results, out, load_before)
        results.update(section("accuracy and baseline", bench_accuracy_and_baseline, cohort))
        # like for like: the engine on one thread (its default), as solve_ivp runs
        per_subject_engine = results["cohort_10k_26w_s"] / results["cohort_n"]
        results["cohort_speedup_vs_stacked_scipy"] = (results["baseline_s_per_subject"]
                                                      / per_subject_engine)
        del cohort
        _write(results, out, load_before)
    # the slowest section last: a run cut short keeps the others
    if not args.skip_lab and "lab_slider_to_figure_ms_median" not in done:
        try:
            results.update(section("lab", bench_lab))
        except Exception as err:  # noqa: BLE001 - recorded, the run goes on to the build
            results["lab_slider_to_figure_skipped"] = f"failed: {type(err).__name__}: {err}"[:500]
        _write(results, out, load_before)
    if not args.skip_build and "book_build_s" not in done:
        results.update(section("build", bench_book_build))
        _write(results, out, load_before)
    if not args.skip_1m and "cohort_1m_s" not in done:
        results.update(section("million", bench_big_cohort))
        _write(results, out, load_before)
    if not args.skip_1m and "cohort_1m_dask_s" not in done:
        results.update(section("million on dask", bench_big_cohort, True))
    _write(results, out, load_before)
    print(table(results))
    print(f"\nwritten to {out} and {out.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
