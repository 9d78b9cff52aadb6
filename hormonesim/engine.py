"""The integration engine: one fixed-step loop for every model, drug and cohort.

Drugs have linear kinetics and are stepped exactly with a precomputed matrix exponential
(:mod:`hormonesim.drug_kinetics`); the model's own (nonlinear) equations are stepped by the
model (Runge-Kutta by default), with each drug signal taken as its exact mean over the step
(from the same matrix exponentials). All arrays carry a subject axis, so a cohort of 10,000 is
one loop over time with vector operations, not 10,000 loops.
"""
from __future__ import annotations

import math

import numpy as np

from ._streams import simulation_streams
from ._validate import check_choice, check_seed
from .drug_kinetics import _DrugState
from .drugs import Drug
from .models.base import Model
from .regimen import as_plan
from .result import Result
from .units import parse_duration


def _duration_h(model: Model, duration) -> float:
    """``duration`` in hours, checked against what ``model`` allows."""
    duration_h = parse_duration(duration, "duration")
    if duration_h <= 0 or duration_h > model.max_duration_h:
        raise ValueError(f"duration = {duration!r} is out of range; allowed: more than 0 h and at "
                         f"most {model.max_duration_h:g} h for {type(model).__name__}")
    return duration_h


def _unwrap(subject) -> tuple[Model, bool]:
    if isinstance(subject, Model):
        return subject, False
    as_model = getattr(subject, "_as_model", None)
    if as_model is not None:
        return as_model(), True
    raise TypeError(f"simulate needs a model such as hs.MaleHPG() or a cohort from hs.population, "
                    f"got {type(subject).__name__}")


def _check_plan_fits(plan, duration_h: float, duration) -> None:
    """Refuse a plan whose doses all begin at or after the end of the run (nothing given)."""
    series = list(getattr(plan, "items", ()))
    for item in series:
        if item.start_h >= duration_h - 1e-9:
            raise ValueError(f"the first dose of {item.drug.id} ({item.label}) is at start = "
                             f"{item.start_h:g} h, at or after the end of the run (duration = "
                             f"{duration!r}, {duration_h:g} h), so it would never be given; "
                             f"allowed: start before {duration_h:g} h, or a longer duration")


def _exposure_h(drug: Drug) -> float:
    """How long one dose of a concentration-type drug stays in plasma (h): the half-life of its
    slowest step (absorption or elimination), the time scale a resolution must resolve."""
    rates = (drug.elimination_per_h,) + tuple(drug.depot_rates_per_h)
    return float(math.log(2) / min(rates))


def _choose_resolution(model: Model, plan, duration_h: float, n: int,
                       resolution: str | None) -> str:
    """The resolution to simulate at, checked against what the plan's drugs need.

    A drug the model reads as a plasma level (``signal="concentration"``) whose level lasts
    less than a step (:func:`_exposure_h`, e.g. gonadorelin: minutes) cannot be represented at
    a coarser resolution. With ``resolution=None`` the engine takes the model's default if its
    step resolves every such drug, else the coarsest of the model's resolutions that does
    (``MaleHPG`` + gonadorelin: ``"pulse"``). An explicit resolution that cannot resolve one
    raises, naming the drug and the resolution that can.
    """
    offered = model.resolutions()
    fast = [(d, _exposure_h(d)) for d in plan.drugs if d.signal == "concentration"]

    def resolves(res: str) -> bool:
        return all(model.time_step_h(res) <= exposure for _, exposure in fast)

    if resolution is None:
        default = model.default_resolution(duration_h, n)
        if resolves(default):
            return default
        fitting = [r for r in offered if resolves(r)]
        return max(fitting, key=model.time_step_h) if fitting else default
    check_choice("resolution", resolution, offered)
    if not resolves(resolution):
        drug, exposure = min(fast, key=lambda f: f[1])
        fitting = [r for r in offered if resolves(r)]
        hint = (f"use resolution={fitting[0]!r} or leave resolution=None to let simulate choose"
                if fitting else f"{type(model).__name__} offers no finer resolution")
        raise ValueError(f"resolution = {resolution!r} steps {model.time_step_h(resolution):g} h "
                         f"at a time, longer than one dose of {drug.id} lasts (about "
                         f"{exposure:.2g} h), so it cannot represent {drug.id}; {hint}")
    return resolution


def _record_steps(model: Model, resolution: str, duration_h: float, dt: float,
                  record_every) -> int:
    """Recorded every how many steps; ``record_every`` must be a whole number of steps."""
    if record_every is None:
        return max(1, int(round(model.record_every_h(resolution, duration_h) / dt)))
    rec_h = parse_duration(record_every, "record_every")
    ratio = rec_h / dt
    every = int(round(ratio))
    if every < 1 or abs(ratio - every) > 1e-6 * max(1.0, ratio):
        lo = max(1, int(math.floor(ratio + 1e-9)))
        raise ValueError(f"record_every = {record_every!r} ({rec_h:g} h) is not a whole number of "
                         f"steps of {dt:g} h ({type(model).__name__}, resolution {resolution!r}); "
                         f"allowed: multiples of {dt:g} h, e.g. {lo * dt:g} h or "
                         f"{(lo + 1) * dt:g} h")
    return every


#: largest cohort simulated in one piece (every time series in memory); beyond it, chunk_size
MAX_UNCHUNKED = 100_000


def simulate(subject, plan=None, duration="1w", seed=0, resolution: str | None = None,
             record_every: str | float | None = None, *, chunk_size: int | None = None,
             summaries=None, client=None):
    """Simulate a model (one subject) or a cohort under a regimen.

    Parameters
    ----------
    subject : Model or Cohort
        e.g. ``hs.MaleHPG(age=55)`` or ``hs.population(hs.MaleHPG(), n=1000)``.
    plan : Regimen, protocol or None
        Treatment; ``None`` simulates the untreated subject (the baseline).
    duration : str or float
        Simulated time, e.g. ``"24h"``, ``"12w"``; a number is taken as hours.
    seed : int, numpy.random.Generator or None
        Seed of the random parts (pulse trains, noise, assay error): a non-negative int (the
        same seed gives the same result), a Generator (drawn from) or None (fresh entropy).
        Subjects that carry their own ``subject_seed`` (every subject of a cohort from
        :func:`hormonesim.population`) draw their noise from their own stream, so subject ``i``
        of a cohort equals ``cohort[i]`` simulated alone with the same seed (see
        :mod:`hormonesim.population` for which draws this covers).
    resolution : str, optional
        ``"pulse"`` (minute-scale pulses) or ``"mean"`` (pulse-averaged, hours); models offer
        one or both. By default the model chooses from the duration and cohort size, and the
        engine takes a finer resolution when a drug in the plan needs it (gonadorelin, whose
        level lasts minutes, needs ``"pulse"`` in ``MaleHPG``); an explicit resolution too
        coarse for a drug raises ValueError.
    record_every : str or float, optional
        Sampling interval of the result, a whole number of integration steps (otherwise
        ValueError naming the step); by default the model's choice.
    chunk_size : int, optional
        For a cohort too large to hold every time series: simulate ``chunk_size`` subjects at
        a time and return only per-subject summaries (a
        :class:`~hormonesim.CohortSummary`; the chapter on virtual trials shows a run).
    summaries : list of str or hormonesim.Summaries, optional
        What a chunked run keeps (trough, average, peak, time in range, daily means).
    client : dask.distributed.Client, optional
        Run the chunks on a Dask cluster (needs ``chunk_size``; Dask is optional).

    Returns
    -------
    Result
        (a :class:`~hormonesim.CohortSummary` when ``chunk_size`` is given)

    Examples
    --------
    >>> import hormonesim as hs
    >>> res = hs.simulate(hs.FeedbackLoop(), duration="2d")
    >>> res["target_hormone"].shape == res.t_hours.shape
    True
    """
    if chunk_size is not None:
        from .chunked import simulate_chunked
        return simulate_chunked(subject, plan, duration, chunk_size=chunk_size, seed=seed,
                                resolution=resolution, record_every=record_every,
                                summaries=summaries, client=client)
    if summaries is not None or client is not None:
        raise ValueError("summaries= and client= belong to a chunked run: give chunk_size too, "
                         "e.g. chunk_size=10_000")
    model, is_cohort = _unwrap(subject)
    plan = as_plan(plan)
    seed = check_seed(seed)
    duration_h = _duration_h(model, duration)
    _check_plan_fits(plan, duration_h, duration)
    for drug in plan.drugs:
        if drug.target not in model.drug_targets:
            usable = sorted(d for d in _drug_ids() if _drug_target(d) in model.drug_targets)
            raise ValueError(f"drug {drug.id!r} has no effect in {type(model).__name__}; drugs it "
                             f"responds to: {', '.join(usable) or 'none'}")
    n = model.n_subjects
    if n > MAX_UNCHUNKED:
        raise ValueError(f"a cohort of {n:,} subjects is more than {MAX_UNCHUNKED:,}, the most "
                         f"simulate keeps every time series of; give chunk_size (e.g. "
                         f"chunk_size=10_000) to get per-subject summaries with bounded memory")
    resolution = _choose_resolution(model, plan, duration_h, n, resolution)
    dt = model.time_step_h(resolution)
    n_steps = max(1, int(math.ceil(duration_h / dt - 1e-9)))
    t = np.arange(n_steps + 1) * dt
    every = _record_steps(model, resolution, duration_h, dt, record_every)

    rng = simulation_streams(seed, n, getattr(model, "subject_seed", None))
    ctx = model.prepare(t, rng, resolution)
    y = np.asarray(model.initial_state(ctx), dtype=float)
    drugs = {d.id: _DrugState(d, model, dt, n) for d in plan.drugs}
    dosing = plan.start(t, n, rng)
    observing = dosing.wants_observations
    # A fixed plan (no protocol reading labs) whose drug kinetics are shared by all subjects or
    # by a few groups: the drug series for every step are computed at once (_DrugState.series),
    # outside the time loop. Otherwise (titration, per-subject kinetics) drugs are stepped below.
    whole_series = not observing and all(len(st.groups) <= 8 for st in drugs.values())
    # The model's step reads each drug's exact mean over the step (step_drive); what is recorded
    # at a sample reads the drug's value at that instant (drive).
    if whole_series:
        inputs = dosing.input_series([st.drug for st in drugs.values()])
        levels: dict[str, np.ndarray] = {}
        drive_series: dict[str, np.ndarray] = {}
        mean_series: dict[str, np.ndarray] = {}
        for st in drugs.values():
            signal, levels[st.drug.id], mean = st.series(*inputs[st.drug.id], step_means=True)
            target = st.drug.target
            drive_series[target] = drive_series[target] + signal if target in drive_series \
                else signal
            mean_series[target] = mean_series[target] + mean if target in mean_series else mean

    rec_idx = np.arange(0, n_steps + 1, every)
    samples: dict[str, np.ndarray] = {}        # each (samples, subjects), filled row by row
    rec = checked = 0
    # one subject whose model observes elementwise in time (Model.observe_over_samples): keep
    # the state and the drug input at each sample and observe them all at once after the loop
    later = (n == 1 and whole_series and getattr(model, "observe_over_samples", False))
    if later:
        kept_drive = {target: values[rec_idx, 0] for target, values in drive_series.items()}
    # a model whose step cannot return a negative value (see Model.step_keeps_nonnegative)
    # spares the clip of every state at every step
    keeps = getattr(model, "step_keeps_nonnegative", None)
    nonnegative = bool(keeps(ctx)) if keeps is not None else False

    def drive_now(mean: bool) -> dict:
        drive: dict[str, np.ndarray] = {}
        for st in drugs.values():
            target = st.drug.target
            value = st.step_mean_signal() if mean else st.signal()
            drive[target] = drive[target] + value if target in drive else value
        return drive

    # one subject on Python floats (Model.step_floats, where the model has one): the state
    # stays a list between steps and the drugs' step means are read from lists (numpy's
    # per-call cost dominates arrays of length one)
    floats = (n == 1 and whole_series and bool(ctx.get("scalar"))
              and getattr(model, "step_floats", None) is not None)
    if floats:
        t_list = t.tolist()
        mean_lists = {target: values[:, 0].tolist() for target, values in mean_series.items()}
        y = y[:, 0].tolist()
    rec_list = rec_idx.tolist() + [-1]          # the steps recorded, then a sentinel

    general_loop_steps = n_steps + 1
    if floats and later:
        # one subject on floats, observed after the loop: a loop with nothing else in it (the
        # general loop below tests half a dozen cases at every step and writes each sample
        # into an array column, a sizeable share of a step that costs 2-7 µs); the same steps
        kept = _steps_on_floats(model, y, t_list, dt, mean_lists, ctx, n_steps, rec_list,
                                nonnegative)
        kept_y = np.array(kept, dtype=float).T
        rec = len(kept)
        general_loop_steps = 0
    elif later:
        kept_y = np.empty((y.shape[0], len(rec_idx)))    # (states, samples), filled below
    for k in range(general_loop_steps):
        if not whole_series:
            for drug, amount in dosing.boluses(k):
                drugs[drug.id].add_bolus(amount)
            for st in drugs.values():
                st.clear_rate()
            for drug, r in dosing.rates(k):
                drugs[drug.id].add_rate(r)
            step_drive = drive_now(True)
        elif not floats:                       # (on floats, the step reads mean_lists)
            step_drive = {target: values[k] for target, values in mean_series.items()}
        if k == rec_list[rec] and later:
            kept_y[:, rec] = y[:, 0]        # (on floats, _steps_on_floats kept them)
            rec += 1
        elif k == rec_list[rec]:
            if whole_series:
                drive = {target: values[k] for target, values in drive_series.items()}
            else:
                drive = drive_now(False)
            out = model.observe(np.array(y)[:, None] if floats else y, drive, ctx, k)
            for st in drugs.values():
                out[st.drug.id] = levels[st.drug.id][k] if whole_series else st.level()
            if not samples:
                # samples go time-major, one contiguous row per sample and output in a
                # (samples, subjects) array, and the result holds its transpose, a view. (A
                # column of a subject-major array per sample touched a cache line per subject;
                # blocks of samples copied, transposed, into a subject-major result cost a
                # tenth of a run of 10,000 men over 26 weeks, writing 640 MB a second time.)
                samples = {name: np.empty((len(rec_idx), n)) for name in out}
            for name, value in out.items():
                samples[name][rec] = value
            if observing:
                dosing.observe(k, float(t[k]), out)
            rec += 1
            if rec - checked == _CHECK_EVERY or rec == len(rec_idx):
                _check_finite(samples, checked, rec, model)
                checked = rec
        if k == n_steps:
            break
        if floats:
            y = model.step_floats(t_list[k], y, dt, {target: values[k] for target, values
                                                       in mean_lists.items()}, ctx, k)
            if not nonnegative:   # as np.maximum(y, 0): negatives to zero, NaN kept
                y = [v if not v < 0.0 else 0.0 for v in y]
            continue
        y = model.step(float(t[k]), y, dt, step_drive, ctx, k)
        if not nonnegative:
            np.maximum(y, 0.0, out=y)  # concentrations and amounts cannot go below zero
        if not whole_series:
            for st in drugs.values():
                st.advance()

    if later:
        out = model.observe(kept_y, kept_drive, ctx, rec_idx)
        for st in drugs.values():
            out[st.drug.id] = levels[st.drug.id][rec_idx, 0]
        samples = {name: np.array(np.broadcast_to(value, rec_idx.shape), float)[:, None]
                   for name, value in out.items()}
        _check_finite(samples, 0, len(rec_idx), model)
    data = {name: values.T for name, values in samples.items()}    # (subjects, samples)
    units = {**model.outputs, **{st.drug.id: st.drug.level_unit for st in drugs.values()}}
    return Result(t_hours=t[rec_idx], data=data, units=units, model=model, plan=plan,
                  seed=seed if isinstance(seed, int) else None,
                  is_cohort=is_cohort, resolution=resolution, doses=dosing.history)


def _steps_on_floats(model, y: list, t_list: list, dt: float, mean_lists: dict, ctx: dict,
                     n_steps: int, rec_list: list, nonnegative: bool) -> list:
    """Run one subject's ``n_steps`` steps on floats (``model.step_floats``); returns the
    states (lists) at the recorded steps ``rec_list`` (ascending, then a sentinel -1)."""
    step = model.step_floats
    kept = []
    next_rec, rec = rec_list[0], 0
    no_drugs: dict = {}
    for k in range(n_steps):
        if k == next_rec:
            kept.append(y)              # (each step returns a new list)
            rec += 1
            next_rec = rec_list[rec]
        drive = ({target: values[k] for target, values in mean_lists.items()} if mean_lists
                 else no_drugs)
        y = step(t_list[k], y, dt, drive, ctx, k)
        if not nonnegative:   # as np.maximum(y, 0): negatives to zero, NaN kept
            y = [v if not v < 0.0 else 0.0 for v in y]
    if n_steps == next_rec:
        kept.append(y)
    return kept


#: samples between checks of the recording for non-finite values (see _check_finite)
_CHECK_EVERY = 8


def _check_finite(samples: dict, start: int, stop: int, model: Model) -> None:
    """Raise FloatingPointError naming the output if samples ``start:stop`` of any recorded
    output hold a non-finite value (a bug in the model or its step size).

    A sum is finite when every value is (a NaN or an infinity makes it NaN or infinite), so
    one sum of the rows, still in the cache, clears them; only a sum that is not finite (or
    overflows) is looked at value by value."""
    for name, values in samples.items():
        part = values[start:stop]
        with np.errstate(over="ignore", invalid="ignore"):
            total = np.sum(part)
        if not np.isfinite(total) and not np.all(np.isfinite(part)):
            raise FloatingPointError(f"{type(model).__name__} produced a non-finite {name}; "
                                     f"this is a bug in the model or its step size, please report it")


def _drug_ids():
    from .drugs import DRUGS
    return list(DRUGS)


def _drug_target(drug_id: str) -> str:
    from .drugs import DRUGS
    return DRUGS[drug_id].target


def solve_ivp_reference(model: Model, plan=None, duration="1w", seed=0,
                        rtol: float = 1e-6, atol: float = 1e-9) -> tuple[np.ndarray, np.ndarray]:
    """Integrate one subject's ODE form (``model.derivatives``) with scipy's adaptive RK45.

    A cross-check of the engine's fixed-step scheme and the baseline of the benchmark: the
    straightforward way to simulate a model. Drug signals come from the same exact PK as in
    :func:`~hormonesim.simulate`, on the model's step grid, and are interpolated linearly in time.

    Parameters
    ----------
    model : Model
        One subject with a ``derivatives`` method at its ``mean`` resolution (e.g. ``MaleHPG``).
    plan : Regimen or None
        Treatment; protocols that read lab values are not supported here.
    duration : str or float
        Simulated time, e.g. ``"4w"``; a number is taken as hours.
    seed : int, numpy.random.Generator or None
        Seed, as in :func:`~hormonesim.simulate`.
    rtol, atol : float
        Tolerances of ``solve_ivp`` (relative; absolute in the state's units).

    Returns
    -------
    t_hours : ndarray, shape (n_times,)
        The model's step grid (h).
    states : ndarray, shape (n_states, n_times)
        The state at those times, in the model's state units.
    """
    from scipy.integrate import solve_ivp

    if not isinstance(model, Model) or model.n_subjects != 1:
        raise TypeError(f"solve_ivp_reference needs one subject (a Model), got "
                        f"{type(model).__name__}")
    plan = as_plan(plan)
    seed = check_seed(seed)
    duration_h = _duration_h(model, duration)
    _check_plan_fits(plan, duration_h, duration)
    resolution = "mean" if "mean" in model.resolutions() else model.resolutions()[0]
    dt = model.time_step_h(resolution)
    n_steps = max(1, int(math.ceil(duration_h / dt - 1e-9)))
    t = np.arange(n_steps + 1) * dt
    rng = simulation_streams(seed, 1, getattr(model, "subject_seed", None))
    ctx = model.prepare(t, rng, resolution)
    ctx.pop("scalar", None)
    y0 = np.asarray(model.initial_state(ctx), dtype=float)[:, 0]
    dosing = plan.start(t, 1, rng)
    if dosing.wants_observations:
        raise ValueError("solve_ivp_reference takes fixed regimens, not protocols that read "
                         "simulated lab values")
    inputs = dosing.input_series(plan.drugs)
    signals: dict[str, np.ndarray] = {}
    for drug in plan.drugs:
        signal = _DrugState(drug, model, dt, 1).series(*inputs[drug.id])[0][:, 0]
        signals[drug.target] = signals.get(drug.target, 0.0) + signal

    def rhs(t_h, y):
        k = min(int(t_h / dt), n_steps)
        drive = {target: np.array([np.interp(t_h, t, values)])
                 for target, values in signals.items()}
        return model.derivatives(t_h, y[:, None], drive, ctx, k)[:, 0]

    sol = solve_ivp(rhs, (0.0, float(t[-1])), y0, method="RK45", rtol=rtol, atol=atol, t_eval=t)
    if not sol.success:
        raise RuntimeError(f"solve_ivp failed for {type(model).__name__}: {sol.message}")
    return sol.t, sol.y
