"""FemaleHPO for one woman on Python floats: the engine's one-subject fast path.

:meth:`FemaleHPO._advance <hormonesim.models.female_hpo.FemaleHPO._advance>` and
:meth:`~hormonesim.models.female_hpo.FemaleHPO._steroids` serve a cohort (numpy arrays, one
value per woman). For one woman numpy's per-call cost on arrays of length one dominates, so
the same equations are written out here on floats: the same operations in the same order
(each helper of ``female_hpo.py`` inlined: ``_hill`` as ``r = (max(x, 0) / k) ** n;
r / (1 + r)``, ``_weighted`` as a sum from the left), with only whole terms or right-hand
operands that do not change during a run computed once (:func:`float_constants`), which leaves
every rounding as it was. ``tests/test_female_hpo.py`` checks this path against the array
path step by step, with and without drugs.
"""
from __future__ import annotations

import math

#: the constants :func:`steroids` reads, in the order it reads them
STEROID_CONSTANTS = (
    "theca_lh_half", "e2_extraovarian", "luteal_e2", "w_e2", "e2_cl_h", "p4_adrenal",
    "luteal_p4", "w_p4", "p4_cl_h", "e3_fraction", "e3_cl_h", "t_base", "t_ovarian",
    "t_reserve", "t_cl_h", "inh_base", "inhibin_follicle", "inhibin_luteal", "w_inh")
#: the constants :func:`advance` reads, in the order it reads them
STEP_CONSTANTS = (
    "dec_tr", "dec_tr_c", "nf", "gnrh_p4_inhibition", "positive_feedback",
    "surge_e2_threshold", "surge_hill", "surge_p4_block", "lh_e2_inhibition",
    "lh_basal_synthesis", "lh_surge_synthesis", "fsh_basal_synthesis", "fsh_e2_inhibition",
    "fsh_inhibin_inhibition", "fsh_surge_synthesis", "k_lh", "dec_lh", "dec_lh_c", "k_fsh",
    "dec_fsh", "dec_fsh_c", "capacity", "last_day", "fsh_growth", "fsh_growth_half",
    "lh_growth", "dominance_size", "ovulation_rate", "ovulation_lh", "atresia", "recruitment_r",
    "dec_lut", "dec_lut_c", "estriol_potency", "endometrium_rate", "endometrium_e2_half",
    "endometrium_decay", "endometrium_p4_rate", "endometrium_p4_half")


def float_constants(model, ctx: dict, weights: tuple) -> tuple[tuple, tuple]:
    """The constants of one woman's run, as floats: for :func:`steroids` and :func:`advance`.

    Parameters
    ----------
    model : FemaleHPO
        One woman (every parameter a scalar).
    ctx : dict
        Her run context from :meth:`FemaleHPO.prepare` (``reserve``, ``age_factor`` and the
        decay factors as floats, ``capacity`` a list over days).
    weights : tuple
        The luteal stages' weights in E2, P4 and inhibin A secretion (1 each).

    Returns
    -------
    tuple of two tuples
        In :data:`STEROID_CONSTANTS` and :data:`STEP_CONSTANTS` order: floats, except
        ``capacity`` (a list, pg/mL per day), ``last_day`` (an int) and the weights (tuples).
    """
    m = model
    f = float
    reserve = ctx["reserve"]
    w_e2, w_p4, w_inh = weights
    values = {
        "theca_lh_half": f(m.theca_lh_half), "e2_extraovarian": f(m.e2_extraovarian),
        "luteal_e2": f(m.luteal_e2), "w_e2": w_e2,
        "e2_cl_h": f(m.e2_clearance_l_per_d) / 24, "p4_adrenal": f(m.p4_adrenal),
        "luteal_p4": f(m.luteal_p4), "w_p4": w_p4,
        "p4_cl_h": f(m.p4_clearance_l_per_d) / 24, "e3_fraction": f(m.e3_fraction),
        "e3_cl_h": f(m.e3_clearance_l_per_d) / 24,
        "t_base": f(m.t_adrenal) * ctx["age_factor"], "t_ovarian": f(m.t_ovarian),
        "t_reserve": 0.5 + 0.5 * min(reserve, 1.0), "t_cl_h": f(m.t_clearance_l_per_d) / 24,
        "inh_base": f(m.inhibin_antral) * reserve, "inhibin_follicle": f(m.inhibin_follicle),
        "inhibin_luteal": f(m.inhibin_luteal), "w_inh": w_inh,
        "dec_tr": ctx["dec_tr"], "dec_tr_c": 1 - ctx["dec_tr"],
        "nf": f(m.negative_feedback), "gnrh_p4_inhibition": f(m.gnrh_p4_inhibition),
        "positive_feedback": f(m.positive_feedback),
        "surge_e2_threshold": f(m.surge_e2_threshold), "surge_hill": f(m.surge_hill),
        "surge_p4_block": f(m.surge_p4_block), "lh_e2_inhibition": f(m.lh_e2_inhibition),
        "lh_basal_synthesis": f(m.lh_basal_synthesis),
        "lh_surge_synthesis": f(m.lh_surge_synthesis),
        "fsh_basal_synthesis": f(m.fsh_basal_synthesis),
        "fsh_e2_inhibition": f(m.fsh_e2_inhibition),
        "fsh_inhibin_inhibition": f(m.fsh_inhibin_inhibition),
        "fsh_surge_synthesis": f(m.fsh_surge_synthesis),
        "k_lh": m._k_lh, "dec_lh": ctx["dec_lh"], "dec_lh_c": 1 - ctx["dec_lh"],
        "k_fsh": m._k_fsh, "dec_fsh": ctx["dec_fsh"], "dec_fsh_c": 1 - ctx["dec_fsh"],
        "capacity": ctx["capacity"], "last_day": ctx["quality"].shape[0] - 1,
        "fsh_growth": f(m.fsh_growth), "fsh_growth_half": f(m.fsh_growth_half),
        "lh_growth": f(m.lh_growth), "dominance_size": f(m.dominance_size),
        "ovulation_rate": f(m.ovulation_rate), "ovulation_lh": f(m.ovulation_lh),
        "atresia": f(m.atresia), "recruitment_r": f(m.recruitment) * reserve,
        "dec_lut": ctx["dec_lut"], "dec_lut_c": 1 - ctx["dec_lut"],
        "estriol_potency": f(m.estriol_potency), "endometrium_rate": f(m.endometrium_rate),
        "endometrium_e2_half": f(m.endometrium_e2_half),
        "endometrium_decay": f(m.endometrium_decay),
        "endometrium_p4_rate": f(m.endometrium_p4_rate),
        "endometrium_p4_half": f(m.endometrium_p4_half)}
    return (tuple(values[name] for name in STEROID_CONSTANTS),
            tuple(values[name] for name in STEP_CONSTANTS))


def steroids(c: tuple, y: list, drive: dict) -> tuple:
    """Plasma E2 (pg/mL), P4 (ng/mL), E3 (pg/mL), T (ng/dL) and inhibin (1) of one woman.

    Parameters
    ----------
    c : tuple
        The first of :func:`float_constants`.
    y : list of float
        Her state (:attr:`FemaleHPO.state_names` order).
    drive : dict
        Drug release fluxes (mg/h) by target, floats.

    Returns
    -------
    tuple of float
        ``(e2, p4, e3, t, inh)``, as :meth:`FemaleHPO._steroids`.
    """
    (theca_lh_half, e2_extraovarian, luteal_e2, w_e2, e2_cl_h, p4_adrenal, luteal_p4, w_p4,
     p4_cl_h, e3_fraction, e3_cl_h, t_base, t_ovarian, t_reserve, t_cl_h, inh_base,
     inhibin_follicle, inhibin_luteal, w_inh) = c
    lh, g = y[0], y[2]
    l0, l1, l2, l3, l4, l5 = y[3:9]
    theca = lh / (lh + theca_lh_half)
    a0, a1, a2, a3, a4, a5 = w_e2
    e2_end = (e2_extraovarian + g * theca
              + luteal_e2 * (0.0 + a0 * l0 + a1 * l1 + a2 * l2 + a3 * l3 + a4 * l4 + a5 * l5))
    get = drive.get
    flux = get("estradiol_release", 0.0) + get("estradiol_oral_release", 0.0)
    e2 = e2_end + flux * 1e6 / e2_cl_h
    a0, a1, a2, a3, a4, a5 = w_p4
    p4 = (p4_adrenal + luteal_p4 * (0.0 + a0 * l0 + a1 * l1 + a2 * l2 + a3 * l3 + a4 * l4
                                    + a5 * l5)
          + get("progesterone_release", 0.0) * 1e3 / p4_cl_h)
    e3 = e3_fraction * e2_end + get("estriol_release", 0.0) * 1e6 / e3_cl_h
    t = (t_base + t_ovarian * (lh / (lh + 20.0)) * t_reserve + 0.05 * g * theca
         + get("testosterone_release", 0.0) * 1e5 / t_cl_h)
    a0, a1, a2, a3, a4, a5 = w_inh
    inh = (inh_base + inhibin_follicle * g
           + inhibin_luteal * (0.0 + a0 * l0 + a1 * l1 + a2 * l2 + a3 * l3 + a4 * l4 + a5 * l5))
    return e2, p4, e3, t, inh


def advance(c: tuple, t_h: float, y: list, dt: float, hormones: tuple) -> list:
    """One step of every state of one woman (exponential Euler, as :meth:`FemaleHPO._advance`).

    Parameters
    ----------
    c : tuple
        The second of :func:`float_constants`.
    t_h : float
        Time at the start of the step (h).
    y : list of float
        Her state (:attr:`FemaleHPO.state_names` order).
    dt : float
        Step (h).
    hormones : tuple of float
        :func:`steroids` of ``y`` and the step's drugs.

    Returns
    -------
    list of float
        The state at ``t_h + dt``.
    """
    (dec, dec_c, nf, gnrh_p4_inhibition, positive_feedback, surge_e2_threshold, surge_hill,
     surge_p4_block, lh_e2_inhibition, lh_basal_synthesis, lh_surge_synthesis,
     fsh_basal_synthesis, fsh_e2_inhibition, fsh_inhibin_inhibition, fsh_surge_synthesis,
     k_lh, dec_lh, dec_lh_c, k_fsh, dec_fsh, dec_fsh_c, capacities, last_day, fsh_growth,
     fsh_growth_half, lh_growth, dominance_size, ovulation_rate, ovulation_lh, atresia,
     recruitment_r, dl, dl_c, estriol_potency, endometrium_rate, endometrium_e2_half,
     endometrium_decay, endometrium_p4_rate, endometrium_p4_half) = c
    (lh, fsh, g, l0, l1, l2, l3, l4, l5, e2_1, e2f, p4_1, p4f, inh_1, inhf, endo) = y
    e2, p4, e3, _, inh = hormones
    d = dt / 24.0                      # step in days
    # ---- gonadotropins: synthesis straight to plasma, first-order clearance
    gnrh = 1.0 / (1.0 + nf * p4f / gnrh_p4_inhibition)
    x = 0.0 if e2f < 0.0 else e2f                                    # max(e2f, 0)
    r = (x / surge_e2_threshold) ** surge_hill
    surge = positive_feedback * (r / (1.0 + r)) / (1.0 + (p4f / surge_p4_block) ** 2)
    e2_brake = 0.05 + 0.95 / (1.0 + nf * e2f / lh_e2_inhibition)   # 5% escapes E2
    syn_lh = lh_basal_synthesis * gnrh * e2_brake + lh_surge_synthesis * surge
    syn_fsh = (fsh_basal_synthesis * gnrh / (1.0 + nf * e2f / fsh_e2_inhibition)
               / (1.0 + nf * inhf / fsh_inhibin_inhibition) + fsh_surge_synthesis * surge)
    new_lh = lh * dec_lh + syn_lh / k_lh * dec_lh_c
    new_fsh = fsh * dec_fsh + syn_fsh / k_fsh * dec_fsh_c
    # ---- growing follicle cohort (E2-equivalents, pg/mL)
    day = int(t_h // 24)
    capacity = capacities[day if day < last_day else last_day]
    x = 0.0 if fsh < 0.0 else fsh
    r = (x / fsh_growth_half) ** 2
    growth = fsh_growth * (r / (1.0 + r))
    x = 0.0 if g < 0.0 else g
    r = (x / dominance_size) ** 2
    growth = growth + lh_growth * (r / (1.0 + r)) * lh / (lh + 5.0)
    crowd = 1.0 - (g / (1e-9 if 1e-9 > capacity else capacity)) ** 4
    crowd = -1.0 if -1.0 > crowd else crowd
    x = 0.0 if lh < 0.0 else lh
    r = (x / ovulation_lh) ** 8
    ovulate = ovulation_rate * (r / (1.0 + r))
    # a dominant follicle escapes atresia (it has outgrown its dependence on FSH)
    net = growth * crowd - atresia - ovulate
    gain = math.exp(net * d)
    new_g = g * gain + recruitment_r * d
    # follicle mass ovulated in the step: ovulate x the integral of g over the step
    integral = g * d if abs(net * d) < 1e-9 else g * (gain - 1.0) / net
    ovulated = ovulate * integral
    ovulated = 0.0 if 0.0 > ovulated else ovulated
    ovulated = g if g < ovulated else ovulated
    # ---- endometrial stimulation
    eeff = e2 + estriol_potency * e3
    drive_e = endometrium_rate * eeff / (eeff + endometrium_e2_half)
    x = 0.0 if p4 < 0.0 else p4
    r = (x / endometrium_p4_half) ** 2
    loss = endometrium_decay + endometrium_p4_rate * (r / (1.0 + r))
    de = math.exp(-loss * d)
    return [new_lh, new_fsh, new_g,
            # ---- luteal chain (corpus luteum stages), exact first-order transfer held
            l0 * dl + ovulated, l1 * dl + l0 * dl_c, l2 * dl + l1 * dl_c, l3 * dl + l2 * dl_c,
            l4 * dl + l3 * dl_c, l5 * dl + l4 * dl_c,
            # ---- delayed feedback signals: two transit stages, mean delay feedback_delay_d
            e2_1 * dec + e2 * dec_c, e2f * dec + e2_1 * dec_c,
            p4_1 * dec + p4 * dec_c, p4f * dec + p4_1 * dec_c,
            inh_1 * dec + inh * dec_c, inhf * dec + inh_1 * dec_c,
            # ---- endometrial stimulation
            endo * de + drive_e / loss * (1 - de)]
