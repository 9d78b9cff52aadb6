"""Cohorts larger than memory: simulate in subject chunks and keep only summaries.

``hs.simulate(cohort, plan, duration, chunk_size=N)`` runs the cohort ``N`` subjects at a
time and returns a :class:`CohortSummary` (per-subject trough, average and peak, time in a
target range, daily means) instead of a :class:`~hormonesim.Result` holding every time series,
so memory stays bounded by one chunk's time series plus the summaries. With
``client=`` a ``dask.distributed.Client`` the chunks run on the cluster's workers (a
``LocalCluster`` on a laptop, any cluster elsewhere); Dask is imported only then, so neither
``import hormonesim`` nor the book needs it.

The numbers do not depend on how the cohort is cut or where a chunk runs: every chunk is
simulated with the same seed, and the subjects of a population draw their noise from their own
streams (:mod:`hormonesim._streams`), so subject ``i`` gets the same result in any chunk. A run
with Dask equals the same run without it exactly; a chunked run equals the unchunked one to
rounding (a chunk of one subject steps on Python floats rather than numpy arrays).

Example (a small cohort; the same call takes a million subjects)::

    import hormonesim as hs
    cohort = hs.population(hs.MaleHPG(), n=2_000, seed=1)
    plan = hs.dose("testosterone_cypionate", 100, "mg", every="7d")
    s = hs.simulate(cohort, plan, duration="26w", chunk_size=500)
    s.average("testosterone").shape      # (2000,): each man's mean over the last interval
    s.time_in_range("testosterone")      # fraction of that interval inside 450-700 ng/dL
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from ._validate import check_choice, check_int, check_number, check_seed

__all__ = ["KINDS", "Summaries", "CohortSummary", "simulate_chunked"]

#: what a chunked run can keep per subject
KINDS = ("trough", "average", "peak", "time_in_range", "daily_mean")

#: default target ranges for time in range (output -> (low, high) in the output's unit); the
#: testosterone range is the one the book's virtual trials use (hs.trial.summarize)
DEFAULT_TARGETS = {"testosterone": (450.0, 700.0)}


@dataclass(frozen=True)
class Summaries:
    """What a chunked run keeps of each subject.

    Parameters
    ----------
    outputs : sequence of str, optional
        Outputs to summarise (default: ``testosterone`` when the model has it, else its first
        output).
    kinds : sequence of str
        Any of ``"trough"``, ``"average"``, ``"peak"`` (minimum, time average and maximum over
        the window), ``"time_in_range"`` (fraction of the window's samples inside the
        output's target) and ``"daily_mean"`` (mean of each whole day of the run).
    window : str, float or None
        The last part of the run that trough, average, peak and time in range look at, e.g.
        ``"1w"`` (a number is hours); default: the plan's longest dosing interval, or the last
        quarter of the run if nothing repeats (as :func:`hormonesim.summarise`).
    targets : dict, optional
        Output -> (low, high) for ``time_in_range``; default 450-700 ng/dL for testosterone.
    """

    outputs: tuple[str, ...] | None = None
    kinds: tuple[str, ...] = KINDS
    window: str | float | None = None
    targets: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.outputs is not None:
            outputs = (self.outputs,) if isinstance(self.outputs, str) else tuple(self.outputs)
            if not outputs:
                raise ValueError("outputs must name at least one output")
            object.__setattr__(self, "outputs", outputs)
        kinds = (self.kinds,) if isinstance(self.kinds, str) else tuple(self.kinds)
        if not kinds:
            raise ValueError(f"kinds must name at least one of {', '.join(KINDS)}")
        for kind in kinds:
            check_choice("summary kind", kind, KINDS)
        object.__setattr__(self, "kinds", kinds)
        targets = {}
        for name, target in dict(self.targets).items():
            if not isinstance(target, (tuple, list)) or len(target) != 2:
                raise ValueError(f"targets[{name!r}] must be (low, high), got {target!r}")
            lo = check_number(f"targets[{name!r}] low", target[0], low=0.0)
            hi = check_number(f"targets[{name!r}] high", target[1], low=0.0)
            if not lo < hi:
                raise ValueError(f"targets[{name!r}] = {tuple(target)!r}: low must be below high")
            targets[name] = (lo, hi)
        object.__setattr__(self, "targets", targets)

    def resolved(self, model) -> "Summaries":
        """These summaries with the model's defaults filled in, checked against its outputs."""
        outputs = self.outputs
        if outputs is None:
            outputs = ("testosterone",) if "testosterone" in model.outputs else \
                (next(iter(model.outputs)),)
        for name in outputs:
            model.check_output(name)
        targets = dict(self.targets)
        if "time_in_range" in self.kinds:
            for name in outputs:
                if name not in targets:
                    if name not in DEFAULT_TARGETS:
                        raise ValueError(f"time_in_range needs a target range for {name!r}: pass "
                                         f"targets={{{name!r}: (low, high)}} in "
                                         f"{model.outputs[name]}")
                    targets[name] = DEFAULT_TARGETS[name]
        return Summaries(outputs, self.kinds, self.window, targets)


def _as_summaries(summaries) -> Summaries:
    if summaries is None:
        return Summaries()
    if isinstance(summaries, Summaries):
        return summaries
    if isinstance(summaries, str) or isinstance(summaries, Sequence):
        return Summaries(kinds=summaries)
    raise TypeError(f"summaries must be None, a list of kinds ({', '.join(KINDS)}) or "
                    f"hs.Summaries(...), got {type(summaries).__name__}")


class CohortSummary:
    """Per-subject summaries of a chunked cohort run (no time series).

    Attributes
    ----------
    n_subjects : int
    outputs : tuple of str
    kinds : tuple of str
    units : dict of str -> str
    window_h : float
        Length of the window (h) at the end of the run that trough, average, peak and time in
        range cover.
    targets : dict of str -> (float, float)
    days : ndarray of int
        Day index of each column of :meth:`daily_mean`.
    n_chunks, chunk_size : int
    seed : int
        The seed every chunk was simulated with.
    """

    def __init__(self, values: dict, n_subjects: int, spec: Summaries, units: dict,
                 window_h: float, days: np.ndarray, chunk_size: int, n_chunks: int, seed: int):
        self._values = values
        self.n_subjects = n_subjects
        self.outputs = spec.outputs
        self.kinds = spec.kinds
        self.targets = spec.targets
        self.units = units
        self.window_h = window_h
        self.days = days
        self.chunk_size = chunk_size
        self.n_chunks = n_chunks
        self.seed = seed

    def __len__(self) -> int:
        return self.n_subjects

    def _get(self, kind: str, name: str) -> np.ndarray:
        check_choice("output", name, self.outputs)
        if kind not in self.kinds:
            raise ValueError(f"this run did not keep {kind!r}; kept: {', '.join(self.kinds)} "
                             f"(choose with summaries=...)")
        out = self._values[(kind, name)].view()
        out.flags.writeable = False
        return out

    def trough(self, name: str) -> np.ndarray:
        """Each subject's minimum of ``name`` over the window, shape (n_subjects,)."""
        return self._get("trough", name)

    def average(self, name: str) -> np.ndarray:
        """Each subject's time average of ``name`` over the window, shape (n_subjects,)."""
        return self._get("average", name)

    def peak(self, name: str) -> np.ndarray:
        """Each subject's maximum of ``name`` over the window, shape (n_subjects,)."""
        return self._get("peak", name)

    def time_in_range(self, name: str) -> np.ndarray:
        """Each subject's fraction (0-1) of the window inside ``targets[name]``."""
        return self._get("time_in_range", name)

    def daily_mean(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Day indices and each subject's daily means, shape (n_subjects, n_days)."""
        return self.days, self._get("daily_mean", name)

    def table(self) -> list[dict]:
        """One row per output and kind (daily means left out): median and 2.5th-97.5th
        percentiles across subjects."""
        rows = []
        for name in self.outputs:
            for kind in self.kinds:
                if kind == "daily_mean":
                    continue
                v = self._values[(kind, name)]
                rows.append({"output": name, "summary": kind,
                             "unit": "fraction" if kind == "time_in_range" else self.units[name],
                             "median": float(np.median(v)),
                             "p2.5": float(np.percentile(v, 2.5)),
                             "p97.5": float(np.percentile(v, 97.5))})
        return rows

    def __repr__(self) -> str:
        return (f"<CohortSummary of {self.n_subjects} subjects in {self.n_chunks} chunks: "
                f"{', '.join(self.kinds)} of {', '.join(self.outputs)}>")


def _summarise_result(res, spec: Summaries, window_h: float) -> dict:
    """The summaries of one chunk's Result, as arrays with the subject axis first."""
    out = {}
    t = res.t_hours
    in_window = t >= t[-1] - window_h - 1e-9
    for name in spec.outputs:
        values = np.atleast_2d(res[name])
        if {"trough", "average", "peak", "time_in_range"} & set(spec.kinds):
            w = values[:, in_window]
            if "trough" in spec.kinds:
                out[("trough", name)] = w.min(axis=1)
            if "average" in spec.kinds:
                out[("average", name)] = w.mean(axis=1)
            if "peak" in spec.kinds:
                out[("peak", name)] = w.max(axis=1)
            if "time_in_range" in spec.kinds:
                lo, hi = spec.targets[name]
                out[("time_in_range", name)] = ((w >= lo) & (w <= hi)).mean(axis=1)
        if "daily_mean" in spec.kinds:
            out[("daily_mean", name)] = np.atleast_2d(res.daily_mean(name)[1])
    return out


def _run_chunk(cohort, plan, duration, seed, resolution, record_every, spec, window_h) -> dict:
    """Simulate one chunk of subjects and return only its summaries (runs on a worker)."""
    from .engine import simulate

    res = simulate(cohort, plan, duration=duration, seed=seed, resolution=resolution,
                   record_every=record_every)
    return _summarise_result(res, spec, window_h)


def _window_h(spec: Summaries, plan, duration_h: float) -> float:
    from .analysis import _interval_h
    from .units import parse_duration

    if spec.window is None:
        window = _interval_h(plan) or duration_h / 4
    else:
        window = parse_duration(spec.window, "window")
    window = check_number("window", window, low=0.0, low_inclusive=False, unit="h")
    if window > duration_h:
        raise ValueError(f"window = {spec.window!r} ({window:g} h) is longer than the run "
                         f"({duration_h:g} h)")
    return float(window)


def simulate_chunked(cohort, plan=None, duration="1w", *, chunk_size: int, seed=0,
                     resolution: str | None = None, record_every=None, summaries=None,
                     client=None) -> CohortSummary:
    """Simulate ``cohort`` ``chunk_size`` subjects at a time and keep per-subject summaries.

    Called by :func:`hormonesim.simulate` when it is given ``chunk_size``; the parameters are
    those of ``simulate`` plus:

    Parameters
    ----------
    chunk_size : int
        Subjects per chunk (1 to 100,000). Memory is about one chunk's time series (all model
        outputs at every recorded time) plus the summaries of the whole cohort.
    summaries : None, list of str or Summaries
        What to keep (see :class:`Summaries`); a list picks kinds for the default output.
    client : dask.distributed.Client, optional
        Run the chunks on this Dask cluster (chunks are sent to workers and only their
        summaries come back); ``None`` runs them one after another in this process.

    Returns
    -------
    CohortSummary

    Examples
    --------
    Six men in chunks of four: the summaries equal those of the whole run.

    >>> import numpy as np, hormonesim as hs
    >>> men = hs.population(hs.MaleHPG(), n=6, seed=1)
    >>> plan = hs.dose("testosterone_cypionate", 100, "mg", every="7d")
    >>> s = hs.simulate(men, plan, duration="2w", chunk_size=4)
    >>> s.n_chunks, s.average("testosterone").shape, s.window_h
    (2, (6,), 168.0)
    >>> res = hs.simulate(men, plan, duration="2w")
    >>> last_week = res.t_hours >= res.t_hours[-1] - 168
    >>> whole = res["testosterone"][:, last_week].mean(axis=1)
    >>> bool(np.allclose(s.average("testosterone"), whole, rtol=1e-12))
    True
    """
    from .engine import _duration_h
    from .population import Cohort
    from .regimen import as_plan

    if not isinstance(cohort, Cohort):
        raise TypeError(f"chunk_size splits a cohort from hs.population into chunks of subjects; "
                        f"got {type(cohort).__name__} (simulate one model without chunk_size)")
    chunk_size = check_int("chunk_size", chunk_size, low=1, high=100_000)
    seed = check_seed(seed)
    if not isinstance(seed, int):   # one draw, so that every chunk uses the same seed
        seed = int(np.random.default_rng(seed).integers(2 ** 63) if seed is None
                   else seed.integers(2 ** 63))
    plan = as_plan(plan)
    model = cohort.model
    duration_h = _duration_h(model, duration)
    spec = _as_summaries(summaries).resolved(model)
    window_h = _window_h(spec, plan, duration_h)
    n = len(cohort)
    bounds = [(a, min(a + chunk_size, n)) for a in range(0, n, chunk_size)]
    args = (plan, duration, seed, resolution, record_every, spec, window_h)

    values: dict = {}

    def place(a: int, b: int, part: dict) -> None:
        for key, arr in part.items():
            if key not in values:
                values[key] = np.empty((n,) + arr.shape[1:], dtype=arr.dtype)
            values[key][a:b] = arr

    if client is None:
        for a, b in bounds:
            place(a, b, _run_chunk(cohort[a:b], *args))
    else:
        _run_on_dask(client, cohort, bounds, args, place)
    units = {name: model.outputs[name] for name in spec.outputs}
    days = np.array([], dtype=int)
    if "daily_mean" in spec.kinds:
        days = np.arange(values[("daily_mean", spec.outputs[0])].shape[1])
    return CohortSummary(values, n, spec, units, window_h, days, chunk_size, len(bounds), seed)


def _run_on_dask(client, cohort, bounds, args, place, in_flight: int = 8) -> None:
    """Submit every chunk to ``client`` and collect the summaries in order, a few at a time.

    Only ``client.submit`` and ``client.gather`` are used (no import of Dask here); results
    are gathered ``in_flight`` chunks at a time and released, so the summaries of a chunk
    are held once, in the arrays ``place`` fills, while the workers go on with later chunks.
    """
    if not (hasattr(client, "submit") and hasattr(client, "gather")):
        raise TypeError(f"client must be a dask.distributed Client (with submit and gather), "
                        f"got {type(client).__name__}")
    futures = [client.submit(_run_chunk, cohort[a:b], *args, pure=False) for a, b in bounds]
    for start in range(0, len(futures), in_flight):
        batch = futures[start:start + in_flight]
        for (a, b), part in zip(bounds[start:start + in_flight], client.gather(batch)):
            place(a, b, part)
        for future in batch:
            future.release()
        futures[start:start + in_flight] = [None] * len(batch)
