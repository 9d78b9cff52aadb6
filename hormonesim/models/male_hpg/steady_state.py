"""The male HPG model's untreated steady state, the start of every run (see MaleHPG.initial_state).

A damped fixed-point iteration of the pulse-averaged equations, averaged over the day's clock.
"""
from __future__ import annotations

import math
from dataclasses import fields

import numpy as np

from .binding import free_t, set_free_t_reference
from .cohort_step import _power_plan, _raise


#: one man's untreated steady state by his parameters (see kept_steady_state)
_INITIAL_STATES: dict = {}
#: a cohort's, by the bytes of its parameters: the last few cohorts only
_COHORT_INITIAL_STATES: dict = {}
_COHORT_CACHE_ENTRIES = 4


def _parameters_key(model) -> tuple:
    """A cohort model's parameters as a hashable key (each array by dtype, shape and bytes)."""
    return (type(model),) + tuple(
        (f.name, (value.dtype.str, value.shape, value.tobytes()))
        if isinstance(value, np.ndarray) else (f.name, value)
        for f in fields(model) for value in (getattr(model, f.name),))


def kept_steady_state(model, ctx):
    """:func:`untreated_steady_state`, kept for the next run of the same parameters (a copy
    is returned; the run's SHBG reference is set either way): one man's by his parameters
    (up to 256 men), a cohort's by the bytes of its parameters (the last four cohorts)."""
    key, cache, limit = None, _INITIAL_STATES, 256
    if ctx["n"] == 1:
        try:
            key = (type(model), model)
            hash(key)
        except (TypeError, ValueError):       # unhashable (array-valued) parameters
            key = None
    if key is None:
        key, cache, limit = _parameters_key(model), _COHORT_INITIAL_STATES, _COHORT_CACHE_ENTRIES
    hit = cache.get(key)
    if hit is not None:
        set_free_t_reference(ctx, hit[7])
        return hit.copy()
    y = untreated_steady_state(model, ctx)
    if len(cache) >= limit:
        cache.pop(next(iter(cache)))             # the oldest entry
    cache[key] = y.copy()
    return y


def untreated_steady_state(model, ctx):
    """The untreated steady state of ``model`` (a :class:`~hormonesim.MaleHPG`), shape
    (n_states, n_subjects): the fixed-point iteration of ``MaleHPG.initial_state`` (which keeps
    one man's result). Sets the run's SHBG reference (the man's untreated free T) in ``ctx``."""
    if ctx.get("scalar"):
        return _one_man(model, ctx)
    n = ctx["n"]
    arr = {key: np.atleast_1d(np.asarray(value, float)) for key, value in ctx.items()
           if key in ("shbg", "tau", "recovery_between_pulses", "generator", "leydig_cap",
                      "cl_t", "arom", "leydig_ref")}
    c = {**ctx, **arr, "gen": arr["generator"] > 0}
    t_total = np.full(n, 500.0)
    e2 = np.full(n, 20.0)
    k_lh = math.log(2) / model.lh_half_life_h
    k_fsh = math.log(2) / model.fsh_half_life_h
    hours = (np.arange(12) * 2.0 + 1.0)[:, None]        # circadian average over the day
    ps = model.pituitary_scale
    # The pulse train of MaleHPG._pulse_train at each clock hour, with its constants folded
    # (the same quantities to rounding; the (hours, men) arrays are the cost, so every pass
    # over them is in place): u = peak / EC50 = u_max * brake, ln(1 + u) gives the occupancy
    # ln(1 + u) / (k_g tau) and q = (1 + u)^(-kd / k_g); per pulse and responsive fraction
    # (1 - q) / (kd tau) * (1 - rec) / (1 - q rec). A man without pulses has u = 0, so q = 1:
    # no activation and a responsive fraction (1 - rec) / (1 - rec) = 1, as there.
    inv_ft_threshold = 1.0 / (model.free_t_feedback_pg_ml * model._circadian(hours))
    inv_e2_threshold = 1.0 / (model.e2_feedback_pg_ml * model._circadian(hours))
    ft_plan, e2_plan = (_power_plan(model.free_t_feedback_hill),
                        _power_plan(model.e2_feedback_hill))
    u_max = model.gnrh_pulse_peak_pg_ml * c["generator"] / model.gnrh_ec50_pg_ml
    minus_kd_over_kg = -model.desensitisation_per_h / c["k_g"]
    rec = c["recovery_between_pulses"]
    occ_per_log_sum = 1.0 / (c["k_g"] * c["tau"] * len(hours))      # mean over the hours
    act_per_sum = (1 - rec) / (np.maximum(model.desensitisation_per_h, 1e-12) * c["tau"]
                   * len(hours))
    lh_gain = ps * model.lh_release_max / k_lh
    fsh_gain = ps * model.fsh_release_max / k_fsh
    x, w, tmp = np.empty((3, len(hours), n))           # scratch (hours, men), in place
    # damped iteration, a quarter step: the SHBG response takes this state's free T as the
    # man's untreated level, so it must be the loop's fixed point; half steps oscillated
    # without settling when the Leydig response was made more linear (EC50 30 IU/L)
    for _ in range(120):
        ft = free_t(t_total, c["shbg"])
        # the free-T brake (_t_feedback) at each hour, then the pulse train
        _raise(np.multiply(inv_ft_threshold, ft, out=x), model.free_t_feedback_hill, ft_plan, tmp)
        x += 1.0
        np.divide(u_max, x, out=x)                     # u = peak / EC50
        np.log1p(x, out=x)
        occ_day = x.sum(axis=0) * occ_per_log_sum
        x *= minus_kd_over_kg
        np.exp(x, out=x)                               # q
        np.multiply(x, rec, out=w)
        np.subtract(1.0, w, out=w)                     # 1 - q rec
        np.subtract(1.0, x, out=x)
        np.divide(x, w, out=x)                         # (1 - q) / (1 - q rec)
        act_day = x.sum(axis=0) * act_per_sum          # mean of per pulse * r*
        k_up = model._recovery(occ_day)
        cap = k_up / (k_up + model._downregulation(occ_day))
        act = act_day * cap
        _raise(np.multiply(inv_e2_threshold, e2, out=x), model.e2_feedback_hill, e2_plan, tmp)
        x += 1.0
        np.divide(1.0, x, out=x)
        ef = x.sum(axis=0) / len(hours)
        pituitary = model.basal_activation_per_h + act * ef
        lh = lh_gain * pituitary
        sec = model._leydig_secretion(lh, c)
        t_new = (sec + model.t_extragonadal_mg_per_h) * 1e5 / c["cl_t"]
        e2_new = model._estradiol_target(t_new, sec, {}, c)
        t_total = 0.75 * t_total + 0.25 * t_new
        e2 = 0.75 * e2 + 0.25 * e2_new
    fsh = fsh_gain * pituitary                         # of the last pass, as lh
    # the responsive fraction of the last pass (w: its 1 - q rec), the mean over the hours of
    # (1 - rec) / (1 - q rec)
    r_day = np.divide(1 - rec, w).sum(axis=0) / len(hours)
    y = np.zeros((len(model.state_names), n))
    y[10] = c["shbg"]
    y[1] = r_day
    y[2] = lh
    y[3] = fsh
    y[4] = lh
    y[5] = t_total
    y[6] = e2
    y[7] = free_t(t_total, c["shbg"])
    y[8] = occ_day
    y[9] = cap
    set_free_t_reference(ctx, y[7])
    return y


def _one_man(model, ctx):
    """:func:`untreated_steady_state` for one man (``ctx["scalar"]``: his constants are Python
    floats): the same damped iteration and the same clock hours, on floats. NumPy's cost per
    call dominated the 12-element arrays: 120 passes took about 15 ms of every explorer update
    that changes the man (the result agrees with the array version to about 1e-15)."""
    clock = [float(v) for v in model._circadian(np.arange(12) * 2.0 + 1.0)]
    ft_thresholds = [model.free_t_feedback_pg_ml * v for v in clock]
    e2_thresholds = [model.e2_feedback_pg_ml * v for v in clock]
    ft_hill, e2_hill = model.free_t_feedback_hill, model.e2_feedback_hill
    peak_max = model.gnrh_pulse_peak_pg_ml * ctx["generator"]
    k_lh = math.log(2) / model.lh_half_life_h
    k_fsh = math.log(2) / model.fsh_half_life_h
    ps = model.pituitary_scale
    basal, shbg = model.basal_activation_per_h, ctx["shbg"]
    pulse_train = model._pulse_train
    t_total, e2 = 500.0, 20.0
    for _ in range(120):
        ft = free_t(t_total, shbg)
        occ_sum = act_sum = r_sum = 0.0
        for threshold in ft_thresholds:
            peak = peak_max / (1.0 + (ft / threshold) ** ft_hill)
            per_pulse, r_star, _, occ = pulse_train(peak, ctx)
            occ_sum += occ
            act_sum += per_pulse * r_star
            r_sum += r_star
        occ_day = occ_sum / 12
        k_up = model._recovery(occ_day)
        cap = k_up / (k_up + model._downregulation(occ_day))
        act = act_sum / 12 * cap
        ef = sum(1.0 / (1.0 + (e2 / threshold) ** e2_hill) for threshold in e2_thresholds) / 12
        pituitary = basal + act * ef
        lh = ps * model.lh_release_max * pituitary / k_lh
        sec = model._leydig_secretion(lh, ctx)
        t_new = (sec + model.t_extragonadal_mg_per_h) * 1e5 / ctx["cl_t"]
        e2_new = model._estradiol_target(t_new, sec, {}, ctx)
        t_total = 0.75 * t_total + 0.25 * t_new
        e2 = 0.75 * e2 + 0.25 * e2_new
    fsh = ps * model.fsh_release_max * pituitary / k_fsh     # of the last pass, as lh
    y = np.zeros((len(model.state_names), 1))
    y[:, 0] = [0.0, r_sum / 12, lh, fsh, lh, t_total, e2, free_t(t_total, shbg), occ_day, cap,
               shbg]
    set_free_t_reference(ctx, y[7])
    return y
