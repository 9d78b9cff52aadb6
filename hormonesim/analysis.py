"""Analysis tools every model shares: scenario comparison, one-way sensitivity, steady state.

Core layer (numpy only): each function runs :func:`hormonesim.simulate` and returns a small
result object with a ``table()`` (list of dicts) and ``to_csv()``; :mod:`hormonesim.plots` draws
them (``plots.plot_scenarios``, ``plots.tornado``).

* :func:`compare_scenarios` - several regimens and/or subjects side by side on one time grid.
* :func:`sensitivity` - one-way sensitivity: each parameter moved down and up by a fraction, the
  change in a chosen summary (for a tornado plot).
* :func:`periodic_steady_state` - trough, peak and average over the last dosing interval once the
  levels repeat from one interval to the next (the predicted steady state of a regimen).

Examples
--------
>>> import hormonesim as hs
>>> ss = hs.periodic_steady_state(hs.MaleHPG(), hs.dose("testosterone_cypionate", 100, "mg",
...                               every="7d"), output="testosterone")
>>> ss.trough < ss.average < ss.peak
True
"""
from __future__ import annotations

import csv
import dataclasses
import io
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np

from ._validate import as_generator, check_choice, check_int, check_number, check_seed
from .engine import simulate
from .models.base import Model
from .regimen import Regimen, as_plan
from .result import Result
from .units import parse_duration


def _write_csv(rows: list[dict], path=None) -> str:
    buf = io.StringIO()
    if rows:
        w = csv.DictWriter(buf, fieldnames=list(rows[0]))
        w.writeheader()
        for r in rows:
            w.writerow({k: (f"{v:.6g}" if isinstance(v, (float, np.floating)) else v)
                        for k, v in r.items()})
    text = buf.getvalue()
    if path is not None:
        with open(path, "w", newline="") as fh:
            fh.write(text)
    return text


# --------------------------------------------------------------------------- summaries
def _common_seed(seed) -> int:
    """One int seed shared by several simulations (drawn once from a Generator or entropy)."""
    seed = check_seed(seed)
    return seed if isinstance(seed, int) else int(as_generator(seed).integers(2 ** 63))


def _interval_h(plan: Regimen) -> float | None:
    """The longest repeating dosing interval of a plan (h), or None if nothing repeats."""
    intervals = [s.every_h for s in plan.doses if s.every_h]
    return max(intervals) if intervals else None


def summary_value(res: Result, output: str, summary: str = "mean",
                  window_h: float | None = None, subject: int | None = None) -> float:
    """One number from one subject's result: ``"mean"``, ``"trough"``, ``"peak"`` or ``"final"``.

    The canonical name; ``hs.summarise`` is the old name of the same function (kept working).
    Not to be confused with :func:`hormonesim.trial_summary`, the per-subject outcomes of a
    cohort (a trial arm).

    Parameters
    ----------
    res : Result
    output : str
        Output name (e.g. ``"testosterone"``).
    summary : str
        ``"mean"`` (time average), ``"trough"`` (minimum), ``"peak"`` (maximum), ``"final"``.
    window_h : float, optional
        Only the last ``window_h`` hours are summarised (default: the last dosing interval of the
        plan, or the last quarter of the run if nothing repeats).
    subject : int, optional
        Subject of a cohort result.
    """
    check_choice("summary", summary, ("mean", "trough", "peak", "final"))
    if not isinstance(res, Result):
        raise TypeError(f"res must be a Result from hs.simulate, got {type(res).__name__}")
    res.check(output)
    if subject is not None and res.is_cohort:
        subject = check_int("subject", subject, low=0, high=res.n_subjects - 1)
    values = res[output] if subject is None or not res.is_cohort else res[output][subject]
    if values.ndim != 1:
        raise ValueError("summary_value needs one subject; give subject=i for a cohort result")
    if window_h is None:
        window_h = _interval_h(res.plan) or (res.t_hours[-1] / 4)
    window_h = check_number("window_h", window_h, low=0, low_inclusive=False, unit="h")
    w = res.t_hours >= res.t_hours[-1] - window_h - 1e-9
    v = values[w]
    return float({"mean": v.mean(), "trough": v.min(), "peak": v.max(), "final": v[-1]}[summary])


#: the old name of :func:`summary_value` (kept so existing code keeps working)
summarise = summary_value


# ------------------------------------------------------------------- scenario comparison
@dataclass
class ScenarioComparison:
    """Results of several scenarios on one time grid.

    Attributes
    ----------
    results : dict
        Scenario label -> :class:`Result`.
    t_hours : ndarray
        The common sample times (h).
    """

    results: dict

    @property
    def labels(self) -> list[str]:
        return list(self.results)

    @property
    def t_hours(self) -> np.ndarray:
        return next(iter(self.results.values())).t_hours

    def __getitem__(self, label: str) -> Result:
        check_choice("scenario", label, self.labels)
        return self.results[label]

    def values(self, output: str) -> dict[str, np.ndarray]:
        """Output ``output`` of every scenario (arrays on the common grid)."""
        return {k: r[r.check(output)] for k, r in self.results.items()}

    def table(self, outputs: Sequence[str] = ("testosterone",), summaries: Sequence[str] = (
            "trough", "mean", "peak"), window_h: float | None = None) -> list[dict]:
        """One row per scenario: each summary of each output over the last interval."""
        rows = []
        for label, res in self.results.items():
            row = {"scenario": label}
            for out in outputs:
                for s in summaries:
                    row[f"{out}_{s} [{res.units[res.check(out)]}]"] = summary_value(res, out, s,
                                                                                     window_h)
            rows.append(row)
        return rows

    def to_csv(self, path=None, outputs: Sequence[str] | None = None) -> str:
        """Long-format CSV: scenario, t_hours and each output (with units)."""
        first = next(iter(self.results.values()))
        names = list(outputs or [n for n in first.outputs
                                 if all(n in r for r in self.results.values())])
        rows = []
        for label, res in self.results.items():
            for j, t in enumerate(res.t_hours):
                row = {"scenario": label, "t_hours": float(t)}
                for n in names:
                    row[f"{n} [{res.units[n]}]"] = float(res[n][j])
                rows.append(row)
        return _write_csv(rows, path)


def compare_scenarios(scenarios: Mapping[str, tuple] | Sequence[tuple], duration="12w",
                      seed=0, resolution: str | None = None,
                      record_every: str | float | None = None) -> ScenarioComparison:
    """Simulate several (subject, plan) scenarios on one time grid.

    Parameters
    ----------
    scenarios : dict or list
        ``{"label": (model, plan), ...}`` or a list of ``(label, model, plan)``; ``plan`` may be
        None (untreated). Several regimens for one man, or one regimen for several men.
    duration : str or float
        Simulated time, the same for all.
    seed : int, numpy.random.Generator or None
        The same seed for every scenario, so differences come from the scenarios, not chance
        (a Generator or None is turned into one int seed first).
    resolution, record_every : optional
        Passed to :func:`simulate`; by default chosen from the first scenario so that the grids
        are aligned.

    Returns
    -------
    ScenarioComparison

    Examples
    --------
    >>> import hormonesim as hs
    >>> man = hs.MaleHPG()
    >>> cmp = hs.compare_scenarios({"weekly": (man, hs.dose("testosterone_cypionate", 100, "mg",
    ...                            every="7d")), "fortnightly": (man, hs.dose(
    ...                            "testosterone_cypionate", 200, "mg", every="14d"))},
    ...                            duration="6w")
    >>> cmp.labels
    ['weekly', 'fortnightly']
    """
    items = list(scenarios.items()) if isinstance(scenarios, Mapping) else \
        [(s[0], tuple(s[1:])) for s in scenarios]
    if not items:
        raise ValueError("scenarios is empty; give at least one (model, plan) pair")
    parsed = []
    for label, pair in items:
        if not isinstance(label, str):
            raise TypeError(f"scenario labels must be strings, got {label!r}")
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"scenario {label!r} must be (model, plan), got {pair!r}")
        model, plan = pair
        if not isinstance(model, Model) and not hasattr(model, "_as_model"):
            raise TypeError(f"scenario {label!r}: first item must be a model such as "
                            f"hs.MaleHPG() or a cohort, got {type(model).__name__}")
        parsed.append((label, model, as_plan(plan)))
    duration_h = parse_duration(duration, "duration")
    as_model = [m if isinstance(m, Model) else m._as_model() for _, m, _ in parsed]
    m0 = as_model[0]
    if resolution is None:
        resolution = m0.default_resolution(duration_h, max(m.n_subjects for m in as_model))
    if record_every is None:
        record_every = m0.record_every_h(resolution, duration_h)
    seed = _common_seed(seed)
    results = {label: simulate(m, p, duration=duration, seed=seed, resolution=resolution,
                               record_every=record_every) for label, m, p in parsed}
    return ScenarioComparison(results)


# --------------------------------------------------------------------- one-way sensitivity
@dataclass
class Sensitivity:
    """One-way sensitivity of a summary to each parameter (rows sorted by impact).

    Attributes
    ----------
    output, summary : str
        What was summarised.
    unit : str
    base : float
        The summary at the unchanged parameters.
    fraction : float
        Relative change applied to each parameter (0.2 = -20% and +20%).
    rows : list of dict
        ``parameter, low_value, high_value, summary_low, summary_high, change_low_pct,
        change_high_pct, swing_pct``.
    """

    output: str
    summary: str
    unit: str
    base: float
    fraction: float
    rows: list

    def table(self) -> list[dict]:
        return list(self.rows)

    def to_csv(self, path=None) -> str:
        return _write_csv(self.rows, path)


def sensitivity(model: Model, plan=None, parameters: Sequence[str] | None = None,
                fraction: float = 0.2, output: str = "testosterone", summary: str = "mean",
                duration="8w", window_h: float | None = None, seed=0,
                resolution: str | None = None) -> Sensitivity:
    """One-way sensitivity analysis: each parameter -/+ ``fraction``, the change in a summary.

    Parameters
    ----------
    model : Model
        One subject (scalar parameters).
    plan : Regimen or None
    parameters : list of str, optional
        Parameter names to vary; by default every ranged numeric parameter whose source is not
        a pure bookkeeping choice (the model's variability hooks and mechanism constants).
    fraction : float
        Relative change, 0 < fraction < 1 (values are clipped to the parameter's allowed range).
    output, summary : str
        What to summarise (see :func:`summary_value`), over the last dosing interval by default.
    duration : str or float
        Long enough to reach the periodic steady state.

    Returns
    -------
    Sensitivity
    """
    if not isinstance(model, Model):
        raise TypeError(f"model must be a model such as hs.MaleHPG(), got {type(model).__name__}")
    if model.n_subjects != 1:
        raise ValueError("sensitivity needs one subject (scalar parameters)")
    fraction = check_number("fraction", fraction, low=0, high=1, low_inclusive=False,
                            high_inclusive=False)
    fields = {f.name: f for f in dataclasses.fields(model)}
    numeric = [n for n, f in fields.items() if f.metadata.get("low") is not None
               and isinstance(getattr(model, n), (int, float)) and not isinstance(
                   getattr(model, n), bool) and getattr(model, n) != 0
               and not n.endswith("_step_min") and not n.endswith("_step_h")]
    if parameters is None:
        parameters = numeric
    for p in parameters:
        check_choice("parameter", p, numeric)
    plan = as_plan(plan)
    seed = _common_seed(seed)
    run = lambda m: simulate(m, plan, duration=duration, seed=seed, resolution=resolution)
    base_res = run(model)
    output = base_res.check(output)
    base = summary_value(base_res, output, summary, window_h)
    rows = []
    for p in parameters:
        f = fields[p]
        v = float(getattr(model, p))
        lo_lim = f.metadata.get("low")
        hi_lim = f.metadata.get("high")
        lo = max(v * (1 - fraction), lo_lim if lo_lim is not None else -np.inf)
        hi = min(v * (1 + fraction), hi_lim if hi_lim is not None else np.inf)
        s_lo = summary_value(run(model.replace(**{p: lo})), output, summary, window_h)
        s_hi = summary_value(run(model.replace(**{p: hi})), output, summary, window_h)
        c_lo = 100 * (s_lo - base) / base if base else np.nan
        c_hi = 100 * (s_hi - base) / base if base else np.nan
        rows.append({"parameter": p, "unit": f.metadata.get("unit", ""), "base_value": v,
                     "low_value": lo, "high_value": hi, "summary_low": s_lo,
                     "summary_high": s_hi, "change_low_pct": c_lo, "change_high_pct": c_hi,
                     "swing_pct": abs(c_hi - c_lo)})
    rows.sort(key=lambda r: -r["swing_pct"])
    return Sensitivity(output, summary, base_res.units[output], base, fraction, rows)


# -------------------------------------------------------------------- periodic steady state
@dataclass(frozen=True)
class SteadyState:
    """Trough, peak and average of an output over the last dosing interval.

    Attributes
    ----------
    output, unit : str
    interval_h : float
        The dosing interval (h).
    trough, peak, average : float
        Minimum, maximum and time average over the last interval (``unit``).
    fluctuation_pct : float
        (peak - trough) / average x 100.
    reached : bool
        True if the last two intervals agree within ``tolerance``.
    intervals_simulated : int
    result : Result
        The simulation the numbers come from.
    """

    output: str
    unit: str
    interval_h: float
    trough: float
    peak: float
    average: float
    fluctuation_pct: float
    reached: bool
    intervals_simulated: int
    result: Result = dataclasses.field(repr=False)

    def table(self) -> list[dict]:
        return [{"output": self.output, "unit": self.unit, "interval_h": self.interval_h,
                 "trough": self.trough, "average": self.average, "peak": self.peak,
                 "fluctuation_pct": self.fluctuation_pct, "reached": self.reached}]

    def to_csv(self, path=None) -> str:
        return _write_csv(self.table(), path)


def periodic_steady_state(model: Model, plan, output: str = "testosterone",
                          interval: str | float | None = None, n_intervals: int | None = None,
                          tolerance: float = 0.02, seed=0,
                          resolution: str | None = None) -> SteadyState:
    """The predicted steady state of a periodic regimen: trough, peak, average.

    Parameters
    ----------
    model : Model
        One subject.
    plan : Regimen
        A regimen with at least one repeating dose series.
    output : str
    interval : str or float, optional
        The dosing interval (default: the plan's longest repeating interval).
    n_intervals : int, optional
        How many intervals to simulate, 2 to 1000 (default: enough for five half-lives of the
        slowest drug, at least 6, at most 40).
    tolerance : float
        Relative agreement of the averages of the last two intervals that counts as reached,
        strictly between 0 and 1 (0.02 = 2%).
    seed : int, numpy.random.Generator or None
        Seed, as in :func:`~hormonesim.simulate`.
    resolution : str, optional
        As in :func:`~hormonesim.simulate`.

    Returns
    -------
    SteadyState
    """
    plan = as_plan(plan)
    if interval is None:
        interval_h = _interval_h(plan)
        if interval_h is None:
            raise ValueError("the plan has no repeating doses; give doses with every=... or "
                             "an interval")
    else:
        interval_h = parse_duration(interval, "interval")
    if n_intervals is not None:
        n_intervals = check_int("n_intervals", n_intervals, low=2, high=1000)
    tolerance = check_number("tolerance", tolerance, low=0.0, high=1.0, low_inclusive=False,
                             high_inclusive=False)
    if n_intervals is None:
        slowest = max([1.0] + [max([d.half_life_h] + [np.log(2) / k for k in d.depot_rates_per_h])
                               for d in plan.drugs])
        n_intervals = int(np.clip(np.ceil(5 * slowest / interval_h) + 2, 6, 40))
    duration_h = n_intervals * interval_h
    res = simulate(model, plan, duration=duration_h, seed=seed, resolution=resolution)
    output = res.check(output)
    v, t = res[output], res.t_hours
    if v.ndim != 1:
        raise ValueError("periodic_steady_state needs one subject")
    end = t[-1]
    last = (t >= end - interval_h - 1e-9)
    prev = (t >= end - 2 * interval_h - 1e-9) & (t < end - interval_h - 1e-9)
    avg = float(v[last].mean())
    reached = bool(abs(avg - v[prev].mean()) <= tolerance * max(avg, 1e-12))
    return SteadyState(output, res.units[output], interval_h, float(v[last].min()),
                       float(v[last].max()), avg, float(100 * (v[last].max() - v[last].min())
                                                        / max(avg, 1e-12)),
                       reached, n_intervals, res)


__all__ = ["ScenarioComparison", "Sensitivity", "SteadyState", "compare_scenarios",
           "periodic_steady_state", "sensitivity", "summary_value", "summarise"]
