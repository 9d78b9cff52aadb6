"""One man's step of the male HPG model on Python floats, specialised (used by :class:`MaleHPG`).

:meth:`MaleHPG._step_generic` serves arrays (a cohort's rows) and floats (one man) with the
same code, through helpers that dispatch on the type of their argument (``_exp``,
``_maximum``, ``free_t``, ...) and constants looked up in the run's context at every step.
On one man's floats those calls and lookups cost more than the arithmetic: about 20 µs a
step, most of an explorer update's simulation. :func:`float_stepper` builds, once per run, a
step with the run's constants bound as Python floats and the helpers written out in line.

It performs the same floating-point operations in the same order as the generic step (a
constant is folded in advance only where it is the left-most factor of a product the generic
step evaluates left to right), so its results are the same bit for bit; a test checks it at
both resolutions, with every drug target of the model.
"""
from __future__ import annotations

import math
from typing import Callable

from .binding import _A, _N, K_SHBG_L_PER_MOL, MW_T

#: a step on floats: (state list, drive dict of floats, step index) -> new state list
FloatStep = Callable[[list, dict, int], list]


def float_stepper(model, ctx: dict) -> FloatStep:
    """The step of ``model`` (one man, ``ctx["scalar"]``) on Python floats, for the run whose
    context is ``ctx`` (its time step ``ctx["dt"]``, its resolution, its constants).

    Parameters
    ----------
    model : MaleHPG
        One man with scalar parameters.
    ctx : dict
        The run's context from :meth:`MaleHPG.prepare` (and :meth:`MaleHPG.initial_state`,
        which sets the SHBG reference ``ctx["ft_ref"]``, pg/mL).

    Returns
    -------
    callable
        ``step(y, drive, k)``: ``y`` the 11 state values (the units of
        ``MaleHPG.state_names``), ``drive`` each drug target's step value (float), ``k`` the
        step index; returns the state at the end of the step. At the pulse-averaged
        resolution it keeps LH's target for the next step in ``ctx["lh_target"]``, as the
        generic step does.
    """
    f = float
    dt = f(ctx["dt"])
    # ------------------------------------------------------------ shared by both resolutions
    leydig_cap = f(ctx["leydig_cap"])
    leydig_ec50 = f(model.leydig_lh_ec50_iu_l)
    t_extra = f(model.t_extragonadal_mg_per_h)
    t_per_mg_h = f(ctx["t_per_mg_h"])
    e_t, t_mean_factor = f(ctx["e_t"]), f(ctx["t_mean_factor"])
    # free T (binding.free_t): tm = T * 10 / MW * 1e-9, b = N + K (SHBG 1e-9 - tm)
    four_a = 4.0 * _A
    # SHBG target (binding.shbg_target)
    shbg_base, ft_ref = f(ctx["shbg"]), f(ctx["ft_ref"])
    minus_shbg_exponent = -model.shbg_androgen_exponent
    e_shbg, fb_mean_factor = f(ctx["e_shbg"]), f(ctx["fb_mean_factor"])
    ft_hill = model.free_t_feedback_hill
    thresholds = ctx["ft_threshold"]
    n_thresholds = len(thresholds)
    clock = ctx["clock"]
    kd, kr = model.desensitisation_per_h, model.resensitisation_per_h
    gnrh_ec50 = model.gnrh_ec50_pg_ml
    k_g = ctx["k_g"]
    peak_scale = f(ctx["peak_scale"])
    recovery_per_h = model.recovery_per_h
    recovery_occupancy = model.recovery_occupancy
    downregulation_per_h = model.downregulation_per_h
    e_occ = f(ctx["e_occ"])
    # estradiol target (MaleHPG._estradiol_target): the left-most factors of each product
    e2_per_t_arom = model.e2_per_t * ctx["arom"]
    share = model.e2_testicular_fraction
    testicular_per_sec = share / (1 - share) * model.e2_per_t * 531.0
    leydig_ref = max(ctx["leydig_ref"], 1e-12)
    ai_imax, ai_ic50 = model.anastrozole_imax, model.anastrozole_ic50_ng_ml
    e_e2, e2_mean_factor = f(ctx["e_e2"]), f(ctx["e2_mean_factor"])
    e2_feedback, e2_hill = model.e2_feedback_pg_ml, model.e2_feedback_hill
    basal = model.basal_activation_per_h
    lh_ss_gain, fsh_ss_gain = f(ctx["lh_ss_gain"]), f(ctx["fsh_ss_gain"])
    lh_mean_factor = f(ctx["lh_mean_factor"])
    e_lh, e_fsh, e_leydig, e_fb = f(ctx["e_lh"]), f(ctx["e_fsh"]), f(ctx["e_leydig"]), \
        f(ctx["e_fb"])
    hcg_equivalence, hcg_saturation = model.hcg_lh_equivalence, model.hcg_saturation_iu_l
    exp, sqrt = math.exp, math.sqrt

    def common_end(y, drive, k, sec, t_new, t_mean, ft_now, shbg_new, g_new, r_new, act,
                   occ_mean):
        """The slow arm, estradiol and the gonadotropins (MaleHPG._advance, second half)."""
        g, r, lh, fsh, lhl, t_total, e2, ft_sensed, occ_slow, cap, shbg = y
        k_up = recovery_per_h / (1.0 + (occ_mean / recovery_occupancy) ** 4)
        lam_c = k_up + downregulation_per_h * max(occ_slow, 0.0)
        cap_inf = k_up / lam_c
        e_c = exp(-lam_c * dt)
        cap_new = cap_inf + (cap - cap_inf) * e_c
        cap_mean = cap_inf + (cap - cap_inf) * (1 - e_c) / (lam_c * dt)
        occ_new = occ_mean + (occ_slow - occ_mean) * e_occ
        inhibition = 0.0
        ai = drive.get("aromatase_inhibitor")
        if ai is not None:
            inhibition = ai_imax * ai / (ai + ai_ic50)
        e2_target = e2_per_t_arom * t_mean * (1 - inhibition) \
            + testicular_per_sec * sec / leydig_ref
        e2_new = e2_target + (e2 - e2_target) * e_e2
        e2_mean = e2_target + (e2 - e2_target) * e2_mean_factor
        drive_pit = (basal + act * cap_mean
                     * (1.0 / (1.0 + (e2_mean / (e2_feedback * clock[k])) ** e2_hill)))
        lh_ss = lh_ss_gain * drive_pit
        fsh_ss = fsh_ss_gain * drive_pit
        signal = lh_ss + (lh - lh_ss) * lh_mean_factor
        hcg = drive.get("lh_agonist")
        if hcg is not None:
            signal = signal + hcg_equivalence * hcg / (1.0 + hcg / hcg_saturation)
        return [g_new, r_new, lh_ss + (lh - lh_ss) * e_lh,
                fsh_ss + (fsh - fsh_ss) * e_fsh,
                signal + (lhl - signal) * e_leydig, t_new, e2_new,
                ft_now + (ft_sensed - ft_now) * e_fb, occ_new, cap_new, shbg_new], lh_ss

    def testosterone(drive, lhl_signal, t_total, shbg):
        """Leydig secretion, T's end value and step mean, free T and SHBG's end value."""
        sec = leydig_cap * lhl_signal / (lhl_signal + leydig_ec50)
        exo_t = drive.get("testosterone_release")
        made = sec + t_extra
        t_target = (made if exo_t is None else made + exo_t) * t_per_mg_h
        t_new = t_target + (t_total - t_target) * e_t
        t_mean = t_target + (t_total - t_target) * t_mean_factor
        tm = t_mean * 10.0 / MW_T * 1e-9
        b = _N + K_SHBG_L_PER_MOL * (shbg * 1e-9 - tm)
        ft_now = 2.0 * tm / (b + sqrt(b * b + four_a * tm)) * MW_T * 1e9
        shbg_goal = shbg_base * (max(ft_now, 1e-9) / ft_ref) ** minus_shbg_exponent
        return sec, t_new, t_mean, ft_now, shbg_goal + (shbg - shbg_goal) * e_shbg

    if ctx["pulse"]:
        decay_g = ctx["decay_g"]
        pulses = ctx["pulses"]
        n_pulses = len(pulses)
        k_g_dt = k_g * dt

        def step_pulse(y, drive, k):
            g, r, lh, fsh, lhl, t_total, e2, ft_sensed, occ_slow, cap, shbg = y
            sec, t_new, t_mean, ft_now, shbg_new = testosterone(drive, lhl, t_total, shbg)
            ft = ft_now + (ft_sensed - ft_now) * fb_mean_factor
            exo = drive.get("gnrh_agonist")
            fb_t = 1.0 / (1.0 + (ft / thresholds[min(k + 1, n_thresholds - 1)]) ** ft_hill)
            yv = gnrh_ec50 if exo is None else exo + gnrh_ec50
            occ = 1 - gnrh_ec50 / yv * (1 + math.log((yv + g * decay_g) / (yv + g)) / k_g_dt)
            occ = min(max(occ, 0.0), 1.0)
            lam = kd * occ + kr * (1 - occ)
            r_inf = kr * (1 - occ) / max(lam, 1e-12)
            e = exp(-lam * dt)
            r_mean = r_inf + (r - r_inf) * (1 - e) / max(lam * dt, 1e-12)
            g_new = g * decay_g
            if k + 1 < n_pulses and pulses[k + 1]:
                g_new = g_new + peak_scale * fb_t
            return common_end(y, drive, k, sec, t_new, t_mean, ft_now, shbg_new, g_new,
                              r_inf + (r - r_inf) * e, occ * r_mean, occ)[0]

        return step_pulse

    # the pulse train (MaleHPG._pulse_train)
    rec = ctx["recovery_between_pulses"]
    tau = ctx["tau"]
    generates = bool(ctx["all_generate"])
    one_minus_rec = 1 - rec
    per_pulse_divisor = max(kd, 1e-12)
    k_g_tau = k_g * tau
    leydig_mean_factor = f(ctx["leydig_mean_factor"])

    def step_mean(y, drive, k):
        lh, lhl = y[2], y[4]
        lh_ss = ctx.get("lh_target")
        if lh_ss is None:
            lh_ss = lh
        signal = lh_ss + (lh - lh_ss) * lh_mean_factor
        hcg = drive.get("lh_agonist")
        if hcg is not None:
            signal = signal + hcg_equivalence * hcg / (1.0 + hcg / hcg_saturation)
        lhl_mean = signal + (lhl - signal) * leydig_mean_factor
        g, r, lh, fsh, lhl, t_total, e2, ft_sensed, occ_slow, cap, shbg = y
        sec, t_new, t_mean, ft_now, shbg_new = testosterone(drive, lhl_mean, t_total, shbg)
        ft = ft_now + (ft_sensed - ft_now) * fb_mean_factor
        exo = drive.get("gnrh_agonist")
        if exo is not None and exo > 0:
            from .model import _GONADORELIN_NEEDS_PULSES
            raise ValueError(_GONADORELIN_NEEDS_PULSES)
        peak = peak_scale * (1.0 / (1.0 + (ft / thresholds[k]) ** ft_hill))
        phi = math.log1p(peak / gnrh_ec50) / k_g
        q = exp(-kd * phi)
        r_star = one_minus_rec / (1 - q * rec)
        lam = (1 - q * rec) / tau
        if not generates:
            r_star, lam = 1.0, kr
        e = exp(-lam * dt)
        r_new = r_star + (r - r_star) * e
        r_mean = r_star + (r - r_star) * (1 - e) / (lam * dt)
        act = (1 - q) / per_pulse_divisor / tau * r_mean
        out, ctx["lh_target"] = common_end(y, drive, k, sec, t_new, t_mean, ft_now, shbg_new,
                                           peak / k_g_tau, r_new, act, phi / tau)
        return out

    return step_mean
