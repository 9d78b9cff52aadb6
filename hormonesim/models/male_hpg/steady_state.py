"""The male HPG model's untreated steady state, the start of every run (see MaleHPG.initial_state).

A damped fixed-point iteration of the pulse-averaged equations, averaged over the day's clock.
"""
from __future__ import annotations

import math

import numpy as np

from .binding import free_t, set_free_t_reference
from .cohort_step import _hill_brake


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
    ft_threshold = model.free_t_feedback_pg_ml * model._circadian(hours)
    brake = np.empty((len(hours), n))
    # damped iteration, a quarter step: the SHBG response takes this state's free T as the
    # man's untreated level, so it must be the loop's fixed point; half steps oscillated
    # without settling when the Leydig response was made more linear (EC50 30 IU/L)
    for _ in range(120):
        ft = free_t(t_total, c["shbg"])
        # the free-T brake, _t_feedback (a whole-number Hill power as products)
        peak = model.gnrh_pulse_peak_pg_ml * c["generator"] * _hill_brake(
            ft[None, :], ft_threshold, model.free_t_feedback_hill, brake)
        per_pulse, r_star, _, occ = model._pulse_train(peak, c)
        occ_day = np.mean(occ * np.ones_like(peak), axis=0)
        k_up = model._recovery(occ_day)
        cap = k_up / (k_up + model._downregulation(occ_day))
        act = np.mean(per_pulse * r_star, axis=0) * cap
        ef = np.mean(_hill_brake(e2[None, :], model.e2_feedback_pg_ml * model._circadian(hours),
                                 model.e2_feedback_hill, brake), axis=0)
        lh = ps * model.lh_release_max * (model.basal_activation_per_h + act * ef) / k_lh
        fsh = ps * model.fsh_release_max * (model.basal_activation_per_h + act * ef) / k_fsh
        sec = model._leydig_secretion(lh, c)
        t_new = (sec + model.t_extragonadal_mg_per_h) * 1e5 / c["cl_t"]
        e2_new = model._estradiol_target(t_new, sec, {}, c)
        t_total = 0.75 * t_total + 0.25 * t_new
        e2 = 0.75 * e2 + 0.25 * e2_new
    y = np.zeros((len(model.state_names), n))
    y[10] = c["shbg"]
    y[1] = np.mean(r_star * np.ones_like(peak), axis=0)
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
