"""The cohort benchmark's competitor and its judge: scipy on the same equations, and a tight
reference that measures everyone's accuracy.

* :func:`stacked_solve_ivp` integrates a whole cohort in one ``scipy.integrate.solve_ivp``
  call: the model's own ODE form (``MaleHPG.derivatives``, vectorised over subjects), the
  state stacked subject by subject, the drug input looked up per engine step (the value the
  engine holds over that step, the input's exact mean over it: an index, not an
  interpolation), and for the implicit methods
  the Jacobian's structure given (LSODA: banded, BDF: block-diagonal sparsity), as a
  numerical-methods practitioner would set it up.
* :func:`reference` integrates one subject with LSODA at rtol 1e-9, segment by segment between
  doses, with the drug input evaluated *exactly* at every time the solver asks for (the linear
  pharmacokinetics propagated from the last grid point with a matrix exponential), so it
  carries neither the engine's step nor its step-held input (a step mean, not the exact
  input at each instant).
* :func:`daily_mean_errors` compares daily means of testosterone, estradiol, LH and FSH.
"""
from __future__ import annotations

import math
import time

import numpy as np
from scipy.integrate import solve_ivp
from scipy.sparse import block_diag

import hormonesim as hs
from hormonesim.drug_kinetics import _DrugState
from hormonesim.regimen import as_plan
from hormonesim.units import parse_duration

HORMONES = {"testosterone": 5, "estradiol": 6, "lh": 2, "fsh": 3}   # output -> state row


def _setup(subject, plan, duration):
    """Grid, context, initial state and per-step drive of a fixed plan (as the engine builds
    them at the pulse-averaged resolution)."""
    model = subject.model if isinstance(subject, hs.Cohort) else subject
    plan = as_plan(plan)
    dt = model.time_step_h("mean")
    duration_h = parse_duration(duration, "duration")
    n_steps = int(math.ceil(duration_h / dt - 1e-9))
    t = np.arange(n_steps + 1) * dt
    n = model.n_subjects
    rng = np.random.default_rng(0)
    ctx = model.prepare(t, rng, "mean")
    y0 = np.asarray(model.initial_state(ctx), float)
    dosing = plan.start(t, n, rng)
    inputs = dosing.input_series(plan.drugs)
    drive: dict[str, np.ndarray] = {}
    states = {}
    for drug in plan.drugs:
        st = _DrugState(drug, model, dt, n)
        # each step's exact mean of the drug input, which the engine's step reads too
        signal = st.series(*inputs[drug.id], step_means=True)[2]
        drive[drug.target] = drive[drug.target] + signal if drug.target in drive else signal
        states[drug.id] = (st, inputs[drug.id])
    return model, plan, t, dt, ctx, y0, drive, states


def stacked_solve_ivp(cohort, plan, duration, method: str, rtol: float, atol: float = 1e-6):
    """One solve_ivp over the stacked cohort; returns (seconds, t_hours, states (n_states, n, T)).

    The time includes building the right-hand side's inputs, as the engine's includes its own.
    """
    start = time.perf_counter()
    model, plan, t, dt, ctx, y0, drive, _ = _setup(cohort, plan, duration)
    ns, n = y0.shape
    n_steps = len(t) - 1

    def rhs(t_h, y):
        k = min(int(t_h / dt), n_steps)
        state = y.reshape(n, ns).T                       # subject-major storage
        now = {target: values[k] for target, values in drive.items()}
        return model.derivatives(t_h, state, now, ctx, k).T.ravel()

    options = {}
    if method == "LSODA":
        options = {"lband": ns - 1, "uband": ns - 1}
    elif method in ("BDF", "Radau"):
        options = {"jac_sparsity": block_diag([np.ones((ns, ns))] * n, format="csc")}
    sol = solve_ivp(rhs, (0.0, float(t[-1])), y0.T.ravel(), method=method, rtol=rtol, atol=atol,
                    t_eval=t, **options)
    elapsed = time.perf_counter() - start
    if not sol.success:
        raise RuntimeError(f"solve_ivp {method} failed: {sol.message}")
    return elapsed, sol.t, sol.y.reshape(n, ns, -1).transpose(1, 0, 2)


def reference(subject, plan, duration, rtol: float = 1e-9, atol: float = 1e-9):
    """One subject with LSODA at rtol 1e-9 and the exact drug input: (t_hours, states).

    The drugs' compartments are integrated together with the model (their linear equations
    added to the system), so the input the model sees is exact at every time the solver asks
    for; doses are added between integration segments.
    """
    model, plan, t, dt, ctx, y0, _, states = _setup(subject, plan, duration)
    if model.n_subjects != 1:
        raise ValueError("reference takes one subject")
    n_steps = len(t) - 1
    ns = y0.shape[0]
    drugs, offset = [], ns
    for st, (boluses, rates) in states.values():
        d = st.drug
        ka, ke = model.pk_scales(d)
        a = d.rate_matrix(ke_scale=float(np.ravel(ke)[0]), ka_scale=float(np.ravel(ka)[0]))
        drugs.append((st, a, slice(offset, offset + d.n_compartments), boluses[:, 0], rates[:, 0]))
        offset += d.n_compartments

    def rhs(t_h, y):
        k = min(int(t_h / dt + 1e-12), n_steps)
        drive, dx = {}, []
        for st, a, sl, _, rates in drugs:
            x = y[sl]
            st.x = x[:, None]
            st.rate = np.array([rates[k]])
            target = st.drug.target
            drive[target] = drive.get(target, 0.0) + st.signal()
            flow = a @ x
            flow[0] += st.drug.bioavailability * rates[k]
            dx.append(flow)
        dy = model.derivatives(t_h, y[:ns, None], drive, ctx, k)[:, 0]
        return np.concatenate([dy, *dx])

    # integrate between the steps where a dose is given or a rate changes (the input jumps)
    jumps = {0, n_steps}
    for _, _, _, boluses, rates in drugs:
        jumps |= set(np.flatnonzero(boluses).tolist())
        jumps |= set((np.flatnonzero(np.diff(rates)) + 1).tolist())
    jumps = sorted(k for k in jumps if 0 <= k <= n_steps)
    y = np.concatenate([y0[:, 0], np.zeros(offset - ns)])
    out = np.empty((offset, n_steps + 1))
    for a_k, b_k in zip(jumps[:-1], jumps[1:]):
        for st, _, sl, boluses, _ in drugs:
            y[sl.start] += st.drug.bioavailability * boluses[a_k]
        out[:, a_k] = y
        sol = solve_ivp(rhs, (t[a_k], t[b_k]), y, method="LSODA", rtol=rtol, atol=atol,
                        t_eval=t[a_k + 1:b_k + 1])
        if not sol.success:
            raise RuntimeError(f"reference failed: {sol.message}")
        out[:, a_k + 1:b_k + 1] = sol.y
        y = sol.y[:, -1].copy()
    return t, out[:ns]


def daily_means(t_h: np.ndarray, series: np.ndarray) -> np.ndarray:
    """Means over each whole day of samples on an hourly grid; series (..., T)."""
    days = int(np.floor(t_h[-1] / 24.0 + 1e-9))
    per_day = int(round(24.0 / (t_h[1] - t_h[0])))
    return series[..., :days * per_day].reshape(series.shape[:-1] + (days, per_day)).mean(-1)


def daily_mean_errors(t_h, states, t_ref, ref_states) -> dict[str, float]:
    """Largest relative error of daily means per hormone (states: (n_states, T) each)."""
    out = {}
    for name, row in HORMONES.items():
        got = daily_means(t_h, states[row])
        want = daily_means(t_ref, ref_states[row])
        out[name] = float(np.max(np.abs(got - want) / np.abs(want)))
    return out
