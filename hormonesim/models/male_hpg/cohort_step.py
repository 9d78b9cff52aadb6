"""The male HPG model's pulse-averaged step for a cohort, fused (used by :class:`MaleHPG`).

The same equations as ``MaleHPG._step_generic`` (which one man takes on Python floats), written
for arrays of subjects with fewer elementwise passes: parameter products folded into constants
once per run (:func:`fused_constants`), whole-number Hill powers as products, shared
subexpressions once and temporaries in place (:func:`fused_step`); a large cohort is split into
parts run on threads (:func:`step_cohort`). Tests check it equals the generic step to rounding
and that the parts give the one-part numbers bit for bit.
"""
from __future__ import annotations

import numpy as np

from .binding import _A, _N, K_SHBG_L_PER_MOL, MW_T


def _hill_brake(x, threshold, hill, out):
    """``1 / (1 + (x / threshold)**hill)`` written into ``out`` (may be ``x``); a whole-number
    Hill coefficient up to 8 as repeated products (a fraction of the cost of ``pow``)."""
    np.divide(x, threshold, out=out)
    h = float(hill) if np.ndim(hill) == 0 else None
    if h is not None and h in (1.0, 2.0, 3.0, 4.0, 6.0, 8.0):
        if h == 3.0:
            out *= out * out
        elif h == 6.0:
            out *= out * out
            out *= out
        else:
            for _ in range({1.0: 0, 2.0: 1, 4.0: 2, 8.0: 3}[h]):
                out *= out
    else:
        np.power(out, hill, out=out)
    out += 1.0
    return np.divide(1.0, out, out=out)


#: subjects per part of a fused cohort step when it runs on threads (see _cohort_parts)
PART_MIN_SUBJECTS = 4096
#: subjects per part on one thread, sized to the cache (see _cohort_parts)
CACHE_PART_SUBJECTS = 5000


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

    Parts of about CACHE_PART_SUBJECTS subjects even on one thread: the step's two dozen
    temporaries of 5,000 subjects fit in a core's L2 cache (1.25 MB here), those of 10,000 do
    not; in interleaved step-only runs of 10,000 men two parts of 5,000 cost 0.88-1.14 ms of
    CPU per step against 1.24-1.30 ms for one part. With threads (HORMONESIM_THREADS), at
    least one part per thread of at least PART_MIN_SUBJECTS subjects.
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


def _run_parts(job, parts) -> None:
    """``job(part)`` for every part: in turn on one thread, else the first on this thread and
    the others on a shared pool (numpy releases the GIL inside its loops, so the parts run
    side by side when cores are free)."""
    global _POOL
    if _threads() == 1:
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
        # pg/mL, SHBG in nmol/L, the state row 10)
        "ft_n": _N, "ft_b0": K_SHBG_L_PER_MOL * 1e-9,
        "ft_b1": K_SHBG_L_PER_MOL * 10.0 / MW_T * 1e-9,
        "ft_d": 4.0 * _A * 10.0 / MW_T * 1e-9,
        # the pulse train (_pulse_train): u = peak / EC50, q = (1 + u)^(-kd/k_g)
        "u_per_fb": ctx["peak_scale"] / model.gnrh_ec50_pg_ml,
        "g_per_fb": ctx["peak_scale"] / (k_g * tau),
        "minus_kd_over_kg": -kd / k_g,
        "occ_per_log": 1.0 / (k_g * tau),
        "rec": rec, "one_minus_rec": 1.0 - rec,
        "dt_over_tau": dt / tau, "minus_dt_over_tau": -dt / tau,
        "per_pulse_per_1mq": 1.0 / (max(kd, 1e-12) * tau),
        "inv_recovery_occ": 1.0 / model.recovery_occupancy,
        "recovery_per_h": model.recovery_per_h,
        "downregulation_per_h": model.downregulation_per_h,
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
                "fb_mean_factor", "e_occ", "e_e2", "e2_mean_factor", "lh_ss_gain",
                "fsh_ss_gain", "e_fsh", "e_lh", "e_leydig"):
        c[key] = ctx[key]
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
        _run_parts(job, parts)
    ctx["lh_target"] = lh_next
    return out


def fused_step(y, dt, drive, c, k, out, lh_prev, lh_next):
    """The pulse-averaged step of :meth:`MaleHPG._step_generic` for a cohort, fused.

    The same equations, the same order and the same exact exponential factors as
    :meth:`MaleHPG._advance` (tests compare the two to rounding), with the parameter products
    precomputed (:func:`fused_constants`), integer Hill powers as products instead of
    ``pow``, shared subexpressions computed once, and the temporaries written in place.
    About half the elementwise passes of the generic step for a large cohort.
    """
    g, r, lh, fsh, lhl, t_total, e2, ft_sensed, occ_slow, cap, shbg = y
    a = np.empty_like(r)            # scratch rows
    b = np.empty_like(r)
    # Leydig signal's step mean (see _step_generic): LH's step mean with its target taken from
    # the previous step, relaxed through the Leydig lag
    signal = lh if lh_prev is None else lh_prev + (lh - lh_prev) * c["lh_mean_factor"]
    hcg = drive.get("lh_agonist")
    if hcg is not None:
        hcg = c["hcg_equivalence"] * hcg / (1.0 + hcg / c["hcg_saturation"])
        signal = signal + hcg
    lhl_mean = signal + (lhl - signal) * c["leydig_mean_factor"]
    # testosterone: target from the secretion, exact step mean and end value
    sec = lhl_mean + c["leydig_ec50"]
    np.divide(lhl_mean, sec, out=sec)
    sec *= c["leydig_cap"]
    t_target = sec + c["t_extra"]
    exo_t = drive.get("testosterone_release")
    if exo_t is not None:
        t_target += exo_t
    t_target *= c["t_per_mg_h"]
    np.subtract(t_total, t_target, out=a)               # T - target
    np.multiply(a, c["e_t"], out=out[5])
    out[5] += t_target
    t_mean = np.multiply(a, c["t_mean_factor"])
    t_mean += t_target
    # free T (Vermeulen) at the step mean of T
    np.multiply(t_mean, -c["ft_b1"], out=b)
    b += c["ft_n"]
    np.multiply(shbg, c["ft_b0"], out=a)
    b += a
    ft_now = np.multiply(t_mean, c["ft_d"])
    ft_now += b * b
    np.sqrt(ft_now, out=ft_now)
    ft_now += b
    np.divide(t_mean, ft_now, out=ft_now)
    ft_now *= 20.0
    # SHBG towards its target at this free T (binding.shbg_target), exact linear step
    np.maximum(ft_now, 1e-9, out=a)
    a /= c["ft_ref"]
    np.power(a, c["minus_shbg_exponent"], out=a)
    a *= c["shbg_base"]                                  # target
    np.subtract(shbg, a, out=out[10])
    out[10] *= c["e_shbg"]
    out[10] += a
    # sensed free T: exact step mean (feedback) and end value of the lag
    np.subtract(ft_sensed, ft_now, out=b)
    np.multiply(b, c["e_fb"], out=out[7])
    out[7] += ft_now
    b *= c["fb_mean_factor"]
    b += ft_now
    # free-T brake on the pulse amplitude
    fb = _hill_brake(b, c["ft_threshold"][k], c["ft_hill"], b)
    np.multiply(fb, c["g_per_fb"], out=out[0])          # mean portal GnRH
    # pulse train: q = (1 + u)^(-kd/k_g), occupancy = ln(1 + u) / (k_g tau)
    log_u = fb
    log_u *= c["u_per_fb"]
    np.log1p(log_u, out=log_u)
    occ = log_u * c["occ_per_log"]
    q = np.multiply(log_u, c["minus_kd_over_kg"], out=log_u)
    np.exp(q, out=q)
    one_m_qrec = q * c["rec"]
    np.subtract(1.0, one_m_qrec, out=one_m_qrec)        # 1 - q rec = lam tau
    np.subtract(1.0, q, out=q)
    per_pulse = q
    per_pulse *= c["per_pulse_per_1mq"]
    r_star = np.divide(c["one_minus_rec"], one_m_qrec)
    minus_lam_dt = one_m_qrec
    minus_lam_dt *= c["minus_dt_over_tau"]
    e = np.exp(minus_lam_dt)
    # responsive fraction: end value and exact step mean, r* + (r - r_end) / (lam dt)
    np.subtract(r, r_star, out=a)
    a *= e
    np.add(a, r_star, out=out[1])
    np.subtract(out[1], r, out=a)
    a /= minus_lam_dt
    a += r_star
    act = a
    act *= per_pulse
    # slow arm: capacity and the lagged occupancy
    k_up = np.multiply(occ, c["inv_recovery_occ"])
    k_up *= k_up
    k_up *= k_up
    k_up += 1.0
    np.divide(c["recovery_per_h"], k_up, out=k_up)
    lam_c = np.maximum(occ_slow, 0.0)
    lam_c *= c["downregulation_per_h"]
    lam_c += k_up
    cap_inf = np.divide(k_up, lam_c, out=k_up)
    lam_c *= -dt                                        # -lam_c dt
    e_c = np.exp(lam_c)
    np.subtract(cap, cap_inf, out=b)
    b *= e_c
    np.add(b, cap_inf, out=out[9])                      # capacity at the end of the step
    np.subtract(out[9], cap, out=b)
    b /= lam_c
    b += cap_inf                                        # capacity's step mean
    act *= b
    np.subtract(occ_slow, occ, out=b)
    b *= c["e_occ"]
    np.add(b, occ, out=out[8])
    # estradiol: target from the step mean of T and the secretion; end value, step mean
    e2_t = np.multiply(t_mean, c["e2_per_t_total"], out=t_mean)
    ai = drive.get("aromatase_inhibitor")
    if ai is not None:
        e2_t *= 1 - c["ai_imax"] * ai / (ai + c["ai_ic50"])
    sec *= c["e2_per_secretion"]
    e2_t += sec
    np.subtract(e2, e2_t, out=b)
    np.multiply(b, c["e_e2"], out=out[6])
    out[6] += e2_t
    b *= c["e2_mean_factor"]
    b += e2_t
    e2f = _hill_brake(b, c["e2_feedback"] * c["clock"][k], c["e2_hill"], b)
    # gonadotropins: targets held over the step, exact exponential steps
    drive_pit = act
    drive_pit *= e2f
    drive_pit += c["basal"]
    lh_ss = drive_pit * c["lh_ss_gain"]
    lh_next[...] = lh_ss
    fsh_ss = drive_pit
    fsh_ss *= c["fsh_ss_gain"]
    np.subtract(fsh, fsh_ss, out=b)
    b *= c["e_fsh"]
    np.add(b, fsh_ss, out=out[3])
    np.subtract(lh, lh_ss, out=a)
    np.multiply(a, c["e_lh"], out=out[2])
    out[2] += lh_ss
    # Leydig LH-receptor signal: LH's step mean (plus hCG) through the lag
    a *= c["lh_mean_factor"]
    a += lh_ss
    if hcg is not None:
        a += hcg
    np.subtract(lhl, a, out=b)
    b *= c["e_leydig"]
    np.add(b, a, out=out[4])
