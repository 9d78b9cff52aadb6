"""The male HPG model's pulse-averaged step for a cohort, fused (used by :class:`MaleHPG`).

The same equations as ``MaleHPG._step_generic`` (one man takes its form on floats,
``float_step.py``), written for arrays of subjects with as few ufunc calls as possible:
parameter products folded into constants once per run (:func:`fused_constants`), every
constant an array operand (:func:`_as_operands`), whole-number Hill powers as products, shared
subexpressions once, and every result written into the output or a scratch row kept between
steps (:func:`fused_step`); a large cohort is split into parts, run in turn or on threads
(:func:`step_cohort`). Tests check it equals the generic step to rounding and that the parts
give the one-part numbers bit for bit.
"""
from __future__ import annotations

import numpy as np

from .binding import _A, _N, K_SHBG_L_PER_MOL, MW_T


#: subjects per part of a fused cohort step when it runs on threads (see _cohort_parts)
PART_MIN_SUBJECTS = 4096
#: subjects per part on one thread, sized to the cache (see _cohort_parts)
CACHE_PART_SUBJECTS = 10000


def _threads() -> int:
    """Threads a fused cohort step may use: HORMONESIM_THREADS if set, else one; one where
    threads cannot start (Pyodide).

    One by default: on the shared two-core machine the benchmark runs on, two threads were
    slower than one in every measurement (the other core was busy with other jobs); on an idle
    multi-core machine, set e.g. ``HORMONESIM_THREADS=2`` (numbers are the same bit for bit;
    ``make bench`` reports the cohort both ways).
    """
    import os
    import sys

    if sys.platform == "emscripten":
        return 1
    env = os.environ.get("HORMONESIM_THREADS", "").strip()
    if env:
        if not env.isdigit() or int(env) < 1:
            raise ValueError(f"HORMONESIM_THREADS = {env!r}; allowed: a whole number >= 1")
        return int(env)
    return 1


def _cohort_parts(c: dict, n: int) -> list:
    """The cohort split into contiguous parts, each with its slice of the per-subject
    constants: ``[(slice, constants), ...]``.

    Parts of about CACHE_PART_SUBJECTS subjects even on one thread, so that the rows a step
    reads and writes (state, output, a dozen scratch rows kept between steps, the per-subject
    constants) stay in the caches. In interleaved step-only runs of 10,000 men (CPU time per
    step, December 2026), one part took 370-396 µs, two parts of 5,000 423-438 µs and four of
    2,500 505-550 µs: each part pays every ufunc call's fixed cost again. (Before the scratch
    rows were kept, a step made two dozen new temporaries and parts of 5,000 were faster.)
    With threads (HORMONESIM_THREADS), at least one part per thread of at least
    PART_MIN_SUBJECTS subjects.
    """
    parts = max(1, int(round(n / CACHE_PART_SUBJECTS)), min(_threads(), n // PART_MIN_SUBJECTS))
    if parts == 1:
        return [(slice(0, n), c)]
    edges = np.linspace(0, n, parts + 1).astype(int)
    out = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        sl = slice(int(lo), int(hi))
        out.append((sl, {key: (value[..., sl] if isinstance(value, np.ndarray) and value.ndim
                               and value.shape[-1] == n else value) for key, value in c.items()}))
    return out


_POOL = None


def _run_parts(job, parts, threads: int) -> None:
    """``job(part)`` for every part: in turn on one thread (``threads`` 1), else the first on
    this thread and the others on a shared pool (numpy releases the GIL inside its loops, so
    the parts run side by side when cores are free)."""
    global _POOL
    if threads == 1:
        for part in parts:
            job(part)
        return
    if _POOL is None:
        from concurrent.futures import ThreadPoolExecutor
        _POOL = ThreadPoolExecutor(max_workers=3, thread_name_prefix="hormonesim")
    futures = [_POOL.submit(job, part) for part in parts[1:]]
    job(parts[0])
    for f in futures:
        f.result()


def fused_constants(model, ctx) -> dict:
    """Per-subject (or shared) constants of :meth:`_step_cohort`: the products and quotients
    of parameters that the step would otherwise recompute for every subject every hour."""
    dt, tau, k_g = ctx["dt"], ctx["tau"], ctx["k_g"]
    kd = model.desensitisation_per_h
    share = model.e2_testicular_fraction
    rec = ctx["recovery_between_pulses"]
    c = {
        # Leydig secretion cap * s / (s + EC50), and T's target per mg/h
        "leydig_cap": ctx["leydig_cap"], "leydig_ec50": model.leydig_lh_ec50_iu_l,
        "t_extra": model.t_extragonadal_mg_per_h, "t_per_mg_h": ctx["t_per_mg_h"],
        # free T by Vermeulen's quadratic (binding.free_t) with its constants folded:
        # FT = 20 T / (b + sqrt(b^2 + d T)), b = N + b0 SHBG - b1 T  (T in ng/dL, FT in
        # pg/mL, SHBG in nmol/L, the state row 10), with b and d T divided by 20 and 400 (a
        # pass fewer): FT = T / (b/20 + sqrt((b/20)^2 + d T / 400))
        "ft_n_20": _N / 20.0, "ft_b0_20": K_SHBG_L_PER_MOL * 1e-9 / 20.0,
        "minus_ft_b1_20": -K_SHBG_L_PER_MOL * 10.0 / MW_T * 1e-9 / 20.0,
        "ft_d_400": 4.0 * _A * 10.0 / MW_T * 1e-9 / 400.0,
        # the pulse train (_pulse_train): u = peak / EC50, q = (1 + u)^(-kd/k_g)
        # and the mean portal GnRH peak / (k_g tau) = u EC50 / (k_g tau)
        "u_per_fb": ctx["peak_scale"] / model.gnrh_ec50_pg_ml,
        "g_per_u": model.gnrh_ec50_pg_ml / (k_g * tau),
        "minus_kd_over_kg": -kd / k_g,
        # occupancy relative to the recovery occupancy, ln(1 + u) / (k_g tau occ_rec)
        "occ_rel_per_log": 1.0 / (k_g * tau * model.recovery_occupancy),
        # -lam dt = -(1 - q rec) dt / tau, r* = (1 - rec) / (1 - q rec), per pulse (1 - q) p
        "rec_dt_over_tau": rec * dt / tau, "dt_over_tau": dt / tau,
        "minus_one_minus_rec_dt_over_tau": -(1.0 - rec) * dt / tau,
        "per_pulse_per_1mq": 1.0 / (max(kd, 1e-12) * tau),
        "minus_per_pulse_per_1mq": -1.0 / (max(kd, 1e-12) * tau),
        # the capacity's rates times -dt: k_up (-dt) and lam_c (-dt) directly
        "minus_dt_recovery": -dt * model.recovery_per_h,
        "minus_dt_downregulation": -dt * model.downregulation_per_h,
        # E2 target = a_t T_mean (1 - inhibition) + a_s secretion
        "e2_per_t_total": model.e2_per_t * ctx["arom"],
        "e2_per_secretion": share / (1 - share) * model.e2_per_t * 531.0
        / np.maximum(ctx["leydig_ref"], 1e-12),
        "e2_feedback": model.e2_feedback_pg_ml,
        "ft_hill": model.free_t_feedback_hill, "e2_hill": model.e2_feedback_hill,
        "basal": model.basal_activation_per_h,
        "ai_imax": model.anastrozole_imax, "ai_ic50": model.anastrozole_ic50_ng_ml,
        "hcg_equivalence": model.hcg_lh_equivalence, "hcg_saturation": model.hcg_saturation_iu_l,
        "ft_threshold": ctx["ft_threshold"], "clock": ctx["clock"],
        # SHBG: untreated level, the androgen exponent and the step factor; the untreated free
        # T it refers to ("ft_ref") is set by MaleHPG.initial_state
        "shbg_base": ctx["shbg"], "minus_shbg_exponent": -model.shbg_androgen_exponent,
        "e_shbg": ctx["e_shbg"],
    }
    for key in ("lh_mean_factor", "leydig_mean_factor", "e_t", "t_mean_factor", "e_fb",
                "fb_mean_factor", "e_occ", "e_e2", "e2_mean_factor", "lh_ss_gain", "e_fsh",
                "e_lh", "e_leydig"):
        c[key] = ctx[key]
    # relaxations as weighted sums (a pass fewer each, fused_step): the Leydig signal's step
    # mean from lh_prev, lh and lhl; the lagged occupancy, occ_slow e + occ (1 - e); FSH's end
    # value, fsh e + gain activation (1 - e), without its target
    m_lh, m_ley = c["lh_mean_factor"], c["leydig_mean_factor"]
    c["leydig_weight_lh_prev"] = (1.0 - m_lh) * (1.0 - m_ley)
    c["leydig_weight_lh"] = m_lh * (1.0 - m_ley)
    c["leydig_weight_signal"] = 1.0 - m_ley
    c["occ_rel_weight"] = model.recovery_occupancy * (1.0 - c["e_occ"])
    c["fsh_end_gain"] = ctx["fsh_ss_gain"] * (1.0 - c["e_fsh"])
    _as_operands(c, dt)
    return c


def step_cohort(y, dt, drive, ctx, k):
    """The pulse-averaged step of :meth:`MaleHPG._step_generic` for a cohort, fused
    (:func:`fused_step`), over the cohort's parts (``ctx["parts"]``, see
    :func:`_cohort_parts`) in turn or on threads."""
    n = y.shape[1]
    out = np.empty_like(y)
    lh_prev = ctx.get("lh_target")
    lh_next = np.empty(n)
    parts = ctx["parts"]
    if len(parts) == 1:
        fused_step(y, dt, drive, parts[0][1], k, out, lh_prev, lh_next)
    else:
        def job(part):
            sl, c = part
            sub = {key: (value[..., sl] if np.ndim(value) and np.shape(value)[-1] == n
                         else value) for key, value in drive.items()}
            fused_step(y[:, sl], dt, sub, c, k, out[:, sl],
                             None if lh_prev is None else lh_prev[sl], lh_next[sl])
        threads = ctx.get("threads")
        if threads is None:                     # (read once per run)
            threads = ctx["threads"] = _threads()
        _run_parts(job, parts, threads)
    ctx["lh_target"] = lh_next
    return out


#: the literal numbers of the fused step as 0-d arrays (see _as_operands)
_ONE, _TINY = (np.array(v) for v in (1.0, 1e-9))
#: the step's scratch rows per part (see fused_step)
_SCRATCH_ROWS = ("a", "b", "w", "sec", "t_mean", "ft_now", "occ", "qrec", "r_star", "e", "hcg")


def _as_operands(c: dict, dt: float) -> None:
    """Make ``c``'s constants cheap ufunc operands, in place: every number a 0-d float64 array
    (a Python float costs numpy a conversion at each call, about 0.4 µs, as much as the
    arithmetic on 2,500 subjects), the step's per-step thresholds as lists of 0-d arrays, the
    Hill powers as plans of products (:func:`_brake`)."""
    e2_feedback = c["e2_feedback"]      # (the E2 threshold as the generic step forms it)
    for key, value in list(c.items()):
        if isinstance(value, (float, int, np.floating)) and not isinstance(value, bool):
            c[key] = np.asarray(value, float)
        elif (isinstance(value, np.ndarray) and value.ndim == 1 and value.size > 1
              and value.dtype == float and np.all(value == value[0])):
            # a per-subject constant every subject shares (e.g. the pulse interval, which
            # the population does not vary): one number, not a row the step reads each time
            c[key] = np.asarray(value[0], float)
    threshold = c.pop("ft_threshold")       # (the step reads the reciprocals below)
    # the thresholds' reciprocals (a product costs half a quotient)
    c["ft_inv_threshold_k"] = ([np.asarray(1.0 / v, float) for v in threshold]
                               if isinstance(threshold, list) else 1.0 / threshold)
    c["e2_inv_threshold_k"] = [np.asarray(1.0 / (e2_feedback * v), float)
                               for v in c.pop("clock")]
    c["inv_hcg_saturation"] = 1.0 / c["hcg_saturation"]
    c["ft_hill_plan"] = _power_plan(c["ft_hill"])
    c["e2_hill_plan"] = _power_plan(c["e2_hill"])
    c["dt"] = dt


def _power_plan(hill):
    """How :func:`_raise` raises to ``hill``: a tuple of "square"/"cube" steps for a
    whole-number power up to 8 (repeated products, a fraction of the cost of ``pow``), else
    None (``np.power``)."""
    h = float(hill) if np.ndim(hill) == 0 else None
    plans = {1.0: (), 2.0: ("square",), 3.0: ("cube",), 4.0: ("square", "square"),
             6.0: ("cube", "square"), 8.0: ("square", "square", "square")}
    return plans.get(h) if h is not None else None


def _raise(x, hill, plan, tmp):
    """``x ** hill`` in place, by the ``plan`` of :func:`_power_plan` (``np.power`` when it is
    None); ``tmp`` a scratch array of ``x``'s shape for the cube."""
    if plan is None:
        return np.power(x, hill, x)
    for op in plan:
        if op == "square":
            np.multiply(x, x, x)
        else:
            np.multiply(x, x, tmp)
            np.multiply(x, tmp, x)
    return x


def _brake(x, inv_threshold, hill, plan, tmp, numerator=_ONE):
    """The Hill brake ``numerator / (1 + (x / threshold)**hill)`` in place on ``x``, from the
    threshold's reciprocal and the power's plan (:func:`_raise`); ``tmp`` a scratch row."""
    np.multiply(x, inv_threshold, x)
    _raise(x, hill, plan, tmp)
    np.add(x, _ONE, x)
    return np.divide(numerator, x, x)


def fused_step(y, dt, drive, c, k, out, lh_prev, lh_next):
    """The pulse-averaged step of :meth:`MaleHPG._step_generic` for a cohort, fused.

    The same equations, the same order and the same exact exponential factors as
    :meth:`MaleHPG._advance` (tests compare the two to rounding), with the parameter products
    precomputed (:func:`fused_constants`), integer Hill powers as products instead of
    ``pow``, shared subexpressions computed once, and every result written into the output or
    one of a part's scratch rows, kept between steps: each line is one ufunc call with its
    output given and every operand an array (:func:`_as_operands`). On 5,000 subjects the cost
    of a call (about 0.5 µs) is a third of the step, so calls are what this function saves.
    """
    g, r, lh, fsh, lhl, t_total, e2, ft_sensed, occ_slow, cap, shbg = y
    scratch = c.get("scratch")
    if scratch is None or scratch.shape[1] != y.shape[1]:
        scratch = c["scratch"] = np.empty((len(_SCRATCH_ROWS), y.shape[1]))
    a, b, w, sec, t_mean, ft_now, occ, qrec, r_star, e, hcg_signal = scratch
    add, sub, mul, div, exp = np.add, np.subtract, np.multiply, np.divide, np.exp
    # Leydig signal's step mean (see _step_generic): LH's step mean with its target taken from
    # the previous step (signal = lh_prev + (lh - lh_prev) m_lh, plus hCG's signal), relaxed
    # through the Leydig lag (signal + (lhl - signal) m_ley), as one weighted sum
    lhl_mean = mul(lhl, c["leydig_mean_factor"], a)
    if lh_prev is None:                     # (the signal is lh itself)
        mul(lh, c["leydig_weight_signal"], w)
    else:
        mul(lh_prev, c["leydig_weight_lh_prev"], w)
        add(lhl_mean, w, lhl_mean)
        mul(lh, c["leydig_weight_lh"], w)
    add(lhl_mean, w, lhl_mean)
    hcg = drive.get("lh_agonist")
    if hcg is not None:
        mul(c["hcg_equivalence"], hcg, hcg_signal)
        mul(hcg, c["inv_hcg_saturation"], b)
        add(_ONE, b, b)
        div(hcg_signal, b, hcg_signal)
        mul(hcg_signal, c["leydig_weight_signal"], w)
        add(lhl_mean, w, lhl_mean)
    # testosterone: target from the secretion, exact step mean and end value
    add(lhl_mean, c["leydig_ec50"], sec)
    div(lhl_mean, sec, sec)
    mul(sec, c["leydig_cap"], sec)
    t_target = add(sec, c["t_extra"], w)
    exo_t = drive.get("testosterone_release")
    if exo_t is not None:
        add(t_target, exo_t, t_target)
    mul(t_target, c["t_per_mg_h"], t_target)
    sub(t_total, t_target, a)                            # T - target
    mul(a, c["e_t"], out[5])
    add(out[5], t_target, out[5])
    mul(a, c["t_mean_factor"], t_mean)
    add(t_mean, t_target, t_mean)
    # free T (Vermeulen) at the step mean of T, b and the discriminant scaled (see
    # fused_constants)
    mul(t_mean, c["minus_ft_b1_20"], b)
    add(b, c["ft_n_20"], b)
    mul(shbg, c["ft_b0_20"], a)
    add(b, a, b)
    mul(t_mean, c["ft_d_400"], ft_now)
    mul(b, b, a)
    add(ft_now, a, ft_now)
    np.sqrt(ft_now, ft_now)
    add(ft_now, b, ft_now)
    div(t_mean, ft_now, ft_now)
    # SHBG towards its target at this free T (binding.shbg_target), exact linear step:
    # SHBG0 (FT / FT0)^-x as (SHBG0 FT0^x) exp(-x ln FT), two thirds of the cost of pow
    np.maximum(ft_now, _TINY, out=a)
    np.log(a, a)
    mul(a, c["minus_shbg_exponent"], a)
    exp(a, a)
    mul(a, c["shbg_target_step"], a)                     # target (1 - e_shbg)
    mul(shbg, c["e_shbg"], out[10])
    add(out[10], a, out[10])
    # sensed free T: exact step mean (feedback) and end value of the lag
    sub(ft_sensed, ft_now, b)
    mul(b, c["e_fb"], out[7])
    add(out[7], ft_now, out[7])
    mul(b, c["fb_mean_factor"], b)
    add(b, ft_now, b)
    # free-T brake on the pulse amplitude, as u = peak / EC50 (the peak's brake times
    # u_per_fb)
    u = _brake(b, c["ft_inv_threshold_k"][k], c["ft_hill"], c["ft_hill_plan"], a,
               c["u_per_fb"])
    mul(u, c["g_per_u"], out[0])                         # mean portal GnRH
    # pulse train: q = (1 + u)^(-kd/k_g), occupancy = ln(1 + u) / (k_g tau)
    log_u = np.log1p(u, u)
    mul(log_u, c["occ_rel_per_log"], occ)                # occupancy / recovery occupancy
    q = mul(log_u, c["minus_kd_over_kg"], log_u)
    exp(q, q)
    minus_lam_dt = mul(q, c["rec_dt_over_tau"], qrec)
    sub(minus_lam_dt, c["dt_over_tau"], minus_lam_dt)    # -(1 - q rec) dt / tau = -lam dt
    div(c["minus_one_minus_rec_dt_over_tau"], minus_lam_dt, r_star)
    per_pulse = mul(q, c["minus_per_pulse_per_1mq"], q)
    add(per_pulse, c["per_pulse_per_1mq"], per_pulse)    # (1 - q) / (kd tau)
    exp(minus_lam_dt, e)
    # responsive fraction: end value and exact step mean, r* + (r - r_end) / (lam dt)
    sub(r, r_star, a)
    mul(a, e, a)
    add(a, r_star, out[1])
    sub(out[1], r, a)
    div(a, minus_lam_dt, a)
    add(a, r_star, a)
    act = mul(a, per_pulse, a)
    # slow arm: capacity and the lagged occupancy
    k_up = mul(occ, occ, w)
    mul(k_up, k_up, k_up)
    add(k_up, _ONE, k_up)
    if dt != c["dt"]:
        raise ValueError(f"the fused step's constants were prepared for dt = {c['dt']} h, "
                         f"not {dt} h")
    div(c["minus_dt_recovery"], k_up, k_up)             # -k_up dt
    # (the generic step's max(occupancy, 0) is the occupancy itself here: a state, which
    # the engine keeps non-negative and this step keeps so, step_keeps_nonnegative)
    minus_lam_c_dt = mul(occ_slow, c["minus_dt_downregulation"], b)
    add(minus_lam_c_dt, k_up, minus_lam_c_dt)            # -lam_c dt
    cap_inf = div(k_up, minus_lam_c_dt, k_up)            # k_up / lam_c
    e_c = exp(minus_lam_c_dt, e)
    cap_mean = r_star
    sub(cap, cap_inf, cap_mean)
    mul(cap_mean, e_c, cap_mean)
    add(cap_mean, cap_inf, out[9])                       # capacity at the end of the step
    sub(out[9], cap, cap_mean)
    div(cap_mean, minus_lam_c_dt, cap_mean)
    add(cap_mean, cap_inf, cap_mean)                     # capacity's step mean
    mul(act, cap_mean, act)
    mul(occ_slow, c["e_occ"], b)                         # occ_slow e + occ (1 - e)
    mul(occ, c["occ_rel_weight"], w)
    add(b, w, out[8])
    # estradiol: target from the step mean of T and the secretion; end value, step mean
    e2_t = mul(t_mean, c["e2_per_t_total"], t_mean)
    ai = drive.get("aromatase_inhibitor")
    if ai is not None:
        mul(c["ai_imax"], ai, b)
        add(ai, c["ai_ic50"], w)
        div(b, w, w)
        sub(_ONE, w, w)
        mul(e2_t, w, e2_t)
    mul(sec, c["e2_per_secretion"], sec)
    add(e2_t, sec, e2_t)
    sub(e2, e2_t, b)
    mul(b, c["e_e2"], out[6])
    add(out[6], e2_t, out[6])
    mul(b, c["e2_mean_factor"], b)
    add(b, e2_t, b)
    # gonadotropins: the activation through the E2 brake, targets held over the step,
    # exact exponential steps
    drive_pit = _brake(b, c["e2_inv_threshold_k"][k], c["e2_hill"], c["e2_hill_plan"], w, act)
    add(drive_pit, c["basal"], drive_pit)
    lh_ss = mul(drive_pit, c["lh_ss_gain"], lh_next)
    mul(drive_pit, c["fsh_end_gain"], a)                 # fsh e + target (1 - e)
    mul(fsh, c["e_fsh"], w)
    add(w, a, out[3])
    sub(lh, lh_ss, a)
    mul(a, c["e_lh"], out[2])
    add(out[2], lh_ss, out[2])
    # Leydig LH-receptor signal: LH's step mean (plus hCG) through the lag
    mul(a, c["lh_mean_factor"], a)
    add(a, lh_ss, a)
    if hcg is not None:
        add(a, hcg_signal, a)
    sub(lhl, a, b)
    mul(b, c["e_leydig"], b)
    add(b, a, out[4])
