"""Linear stability of a model's steady state: fixed points, Jacobians, eigenvalues, Hopf points.

Chapter 9 asks when a negative-feedback loop stops settling and starts to oscillate. Near a
steady state :math:`y^*` a model :math:`\\dot y = f(y)` behaves like its linearisation
:math:`\\dot u = J u`, with :math:`J = \\partial f / \\partial y` at :math:`y^*`: the steady state
is stable when every eigenvalue of :math:`J` has a negative real part, and a *Hopf bifurcation*
happens where a complex pair of eigenvalues crosses the imaginary axis as a parameter changes
(past it, a limit cycle is born).

For a *cyclic chain* of :math:`N` first-order stages with rates :math:`k_i` (1/h) closed by one
inhibitory link of local gain :math:`K` (the magnitude of the logarithmic slope of the feedback
at the steady state), the characteristic equation is
:math:`\\prod_i (s + k_i) + K \\prod_i k_i = 0`. A pair :math:`s = \\pm i\\omega` solves it when
:math:`\\sum_i \\arctan(\\omega / k_i) = \\pi` and :math:`K = \\prod_i \\sqrt{1 + (\\omega/k_i)^2}`
(:func:`chain_hopf_threshold`). With equal rates this is Thron's secant condition,
:math:`K^* = \\sec(\\pi/N)^N` (:func:`secant_threshold`) [thron1991]; unequal rates raise the
threshold, so the secant value is the best case for oscillation.

Numpy and scipy only. Works with any model of the package that has a ``derivatives`` method (the
pulse-averaged form of ``MaleHPG``, the teaching ``FeedbackLoop``).
"""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq, root

from .models.base import Model

__all__ = ["secant_threshold", "chain_hopf_threshold", "fixed_point", "jacobian",
           "eigenvalues", "hopf_point"]


def secant_threshold(n_stages: int) -> float:
    """Thron's secant bound: the smallest loop gain at which N equal stages can oscillate.

    Parameters
    ----------
    n_stages : int
        Number of first-order stages in the loop (>= 1).

    Returns
    -------
    float
        :math:`\\sec(\\pi/N)^N` (dimensionless); ``inf`` for one or two stages, which never
        oscillate however strong the feedback.

    Examples
    --------
    >>> round(secant_threshold(3), 6)
    8.0
    """
    if isinstance(n_stages, bool) or not isinstance(n_stages, (int, np.integer)):
        raise TypeError(f"n_stages must be an integer >= 1, got {n_stages!r}")
    if n_stages < 1:
        raise ValueError(f"n_stages must be >= 1, got {n_stages}")
    if n_stages <= 2:
        return math.inf
    return float(1.0 / math.cos(math.pi / n_stages) ** n_stages)


def chain_hopf_threshold(rates_per_h: Sequence[float]) -> tuple[float, float]:
    """Loop gain and period at the Hopf point of a cyclic chain of first-order stages.

    Parameters
    ----------
    rates_per_h : sequence of float
        Rate constant of each stage (1/h, each > 0 and finite), e.g. ``ln 2 / half-life``.

    Returns
    -------
    gain : float
        The critical loop gain :math:`K^*` (dimensionless): with a larger gain the steady state
        is unstable and the loop oscillates; ``inf`` for fewer than three stages.
    period_h : float
        Period of the oscillation born at that gain, :math:`2\\pi/\\omega` (h); ``inf`` for
        fewer than three stages.

    Examples
    --------
    >>> g, p = chain_hopf_threshold([1.0, 1.0, 1.0])
    >>> round(g, 6), round(p, 4)
    (8.0, 3.6276)
    """
    k = np.asarray(rates_per_h, dtype=float)
    if k.ndim != 1 or k.size == 0:
        raise ValueError(f"rates_per_h must be a non-empty 1-D sequence of rates (1/h), got {rates_per_h!r}")
    if not np.all(np.isfinite(k)) or np.any(k <= 0):
        raise ValueError(f"rates_per_h must be finite and > 0 (1/h), got {k.tolist()}")
    if k.size <= 2:
        return math.inf, math.inf

    def phase(w: float) -> float:
        return float(np.sum(np.arctan(w / k)) - math.pi)

    hi = float(k.max())
    while phase(hi) <= 0:
        hi *= 2
    w = brentq(phase, 0.0, hi, xtol=1e-14, rtol=1e-12)
    return float(np.prod(np.sqrt(1 + (w / k) ** 2))), float(2 * math.pi / w)


def _check_model(model) -> None:
    if not isinstance(model, Model) and hasattr(model, "__len__") and hasattr(model, "values"):
        raise TypeError(f"stability analysis needs one subject, got a cohort of {len(model)}; "
                        "analyse one virtual subject, e.g. cohort[0]")
    if not isinstance(model, Model):
        raise TypeError(f"model must be a hormonesim model (e.g. hs.FeedbackLoop()), got "
                        f"{type(model).__name__}")
    if model.n_subjects != 1:
        raise TypeError(f"stability analysis needs one subject, got a cohort of {model.n_subjects}")
    if type(model).derivatives is Model.derivatives:
        raise TypeError(f"{type(model).__name__} has no derivatives(); stability needs an ODE form")


def _context(model, t_h: float) -> dict:
    resolution = "mean" if "mean" in model.resolutions() else model.resolutions()[0]
    dt = model.time_step_h(resolution)
    return model.prepare(t_h + np.arange(2) * dt, np.random.default_rng(0), resolution)


def _rhs(model, ctx, t_h):
    def f(y):
        return np.asarray(model.derivatives(t_h, np.asarray(y, float)[:, None], {}, ctx, 0),
                          dtype=float)[:, 0]
    return f


def fixed_point(model, t_h: float = 0.0) -> np.ndarray:
    """Steady state of an untreated model: the state where every derivative is zero.

    Parameters
    ----------
    model : Model
        One subject with a ``derivatives`` method (e.g. ``hs.FeedbackLoop()``,
        ``hs.MaleHPG(circadian_amplitude=0)``). A model with a clock is frozen at ``t_h``; give
        it no clock (zero amplitude) for a true steady state.
    t_h : float
        Time at which time-dependent terms are evaluated (h).

    Returns
    -------
    numpy.ndarray
        The steady state, one value per ``model.state_names`` (state units).

    Raises
    ------
    RuntimeError
        If the root finder does not converge.
    """
    _check_model(model)
    ctx = _context(model, float(t_h))
    return _fixed_point(model, ctx, _rhs(model, ctx, float(t_h)))


def _fixed_point(model, ctx: dict, f) -> np.ndarray:
    y0 = np.asarray(model.initial_state(ctx), dtype=float)[:, 0]
    scale = np.maximum(np.abs(y0), 1e-6)

    def solve(start: np.ndarray):
        sol = root(lambda z: f(z * scale), start / scale, method="hybr", options={"xtol": 1e-12})
        y = sol.x * scale
        ok = sol.success and np.max(np.abs(f(y))) <= 1e-6 * max(1.0, np.max(np.abs(y)))
        return y, ok, sol.message

    y, ok, message = solve(y0)
    if not ok:  # start again from where the dynamics lead after a long run
        run = solve_ivp(lambda t, z: f(z), (0.0, 2000.0), y0, method="LSODA", rtol=1e-8,
                        atol=1e-10)
        y, ok, message = solve(run.y[:, -1])
    if not ok or np.any(y < -1e-9):
        raise RuntimeError(f"fixed_point did not converge for {type(model).__name__}: {message}")
    return y


def jacobian(model, y: np.ndarray | None = None, t_h: float = 0.0,
             rel_step: float = 1e-6) -> np.ndarray:
    """Jacobian ``J[i, j] = d f_i / d y_j`` (1/h, in state units) by central differences.

    Parameters
    ----------
    model : Model
        As for :func:`fixed_point`.
    y : array_like, optional
        State at which to linearise (state units); default the model's :func:`fixed_point`.
    t_h : float
        Time at which time-dependent terms are evaluated (h).
    rel_step : float
        Relative finite-difference step (0 < rel_step < 0.01).

    Returns
    -------
    numpy.ndarray
        Square matrix, one row and column per state.
    """
    _check_model(model)
    if not 0 < rel_step < 0.01:
        raise ValueError(f"rel_step must be in (0, 0.01), got {rel_step!r}")
    ctx = _context(model, float(t_h))
    f = _rhs(model, ctx, float(t_h))
    y = _fixed_point(model, ctx, f) if y is None else np.asarray(y, dtype=float)
    if y.shape != (len(model.state_names),) or not np.all(np.isfinite(y)):
        raise ValueError(f"y must be {len(model.state_names)} finite state values, got {y!r}")
    n = y.size
    jac = np.empty((n, n))
    for j in range(n):
        h = rel_step * max(abs(y[j]), 1e-3)
        up, down = y.copy(), y.copy()
        up[j] += h
        down[j] -= h
        jac[:, j] = (f(up) - f(down)) / (2 * h)
    return jac


def eigenvalues(model, t_h: float = 0.0) -> np.ndarray:
    """Eigenvalues (1/h) of the Jacobian at the steady state, largest real part first.

    A steady state is stable when the first one has a negative real part; its imaginary part
    divided by 2 pi is the frequency (1/h) of the damped ringing after a perturbation.
    """
    ev = np.linalg.eigvals(jacobian(model, t_h=t_h))
    return ev[np.argsort(-ev.real, kind="stable")]


def hopf_point(model, parameter: str, low: float, high: float, t_h: float = 0.0,
               n_grid: int = 13) -> float:
    """Value of ``parameter`` at which the steady state loses stability (a Hopf bifurcation).

    Scans ``parameter`` from ``low`` to ``high`` and locates, by bisection, where the largest real
    part of the Jacobian's eigenvalues crosses zero.

    Parameters
    ----------
    model : Model
        As for :func:`fixed_point`; the other parameters stay as they are.
    parameter : str
        Name of a model parameter (e.g. ``"gain"`` of ``hs.FeedbackLoop``).
    low, high : float
        Range to search (parameter units), ``low < high``, both inside the parameter's range.
    t_h : float
        Time at which time-dependent terms are evaluated (h).
    n_grid : int
        Number of evenly spaced values scanned before bisection (>= 2); a change of stability
        and back between two neighbouring values would be missed.

    Returns
    -------
    float
        The critical value (parameter units), or ``nan`` if the stability does not change
        between ``low`` and ``high`` (check :func:`eigenvalues` at either end to see which side).
    """
    _check_model(model)
    names = [p["name"] for p in model.parameters()]
    if parameter not in names:
        raise ValueError(f"unknown parameter {parameter!r} of {type(model).__name__}; allowed: "
                         f"{', '.join(names)}")
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"need finite low < high, got low={low!r}, high={high!r}")

    def growth(value: float) -> float:
        return float(eigenvalues(model.replace(**{parameter: float(value)}), t_h)[0].real)

    if isinstance(n_grid, bool) or not isinstance(n_grid, (int, np.integer)) or n_grid < 2:
        raise ValueError(f"n_grid must be an integer >= 2, got {n_grid!r}")
    grid = np.linspace(low, high, int(n_grid))
    signs = np.sign([growth(v) for v in grid])
    change = np.nonzero(np.diff(signs) != 0)[0]
    if change.size == 0:
        return math.nan
    i = int(change[0])
    return float(brentq(growth, grid[i], grid[i + 1], xtol=1e-7 * max(1.0, abs(high)),
                        rtol=1e-7))
