"""One subject's step of :class:`~hormonesim.GHAxis` on Python floats, fused into one function.

Why a second copy of the equations
----------------------------------
The engine steps one subject on Python floats (``Model.step_floats``): numpy's per-call cost
dominates arrays of length one. :meth:`GHAxis._advance` and :func:`_production` serve one
subject and a cohort alike, which costs, at every one-minute step, four Python calls, a
dictionary read per per-step input, a tuple of 29 constants unpacked and the state written item
by item into a list: about three quarters of a 24 h run (1440 steps) went there, not into the
arithmetic. :func:`one_subject_step` builds, once per run, a closure that does the same
arithmetic with the constants bound as closure variables, and two per-step products that do not
depend on the state precomputed for every step:

* ``srif_scale[k] * srif_gh_release`` (the left factor of the GH-driven somatostatin release);
* ``ghrelin_prod[k] * gain[3]`` (ghrelin's whole production term over the step).

Both are left-prefix products of the original expressions, so every floating-point operation is
the one of the generic equations, with the same operands in the same order: the result is bit
for bit the generic path's (``tests/test_fast_paths.py::
test_one_subject_on_floats_equals_the_array_step`` checks it). A change to the model's equations
must be made in both places; that test fails until it is.
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np

#: the closure unpacks the state into named floats: it is written for this many transit stages
N_TRANSIT = 4


def one_subject_step(constants: tuple, ctx: dict, srif_scale: np.ndarray,
                     ghrelin_prod: np.ndarray) -> Callable[[list, dict, float, int], list]:
    """The fused float step of one subject, for the context ``ctx`` of ``GHAxis.prepare``.

    Parameters
    ----------
    constants : tuple of float
        The model's parameters in the order of ``GHAxis._constants`` (floats, one subject).
    ctx : dict
        One subject's context (``ctx["scalar"]``): per-step inputs as lists of floats, decay and
        gain factors of the five first-order states (lists of 5 floats), and the float factors
        of the releasable pool, the GH exposure and the transit chain.
    srif_scale, ghrelin_prod : ndarray, shape (n_steps + 1,)
        ``ctx``'s somatostatin scale (1) and ghrelin production (pg/mL/h) at every step, as
        arrays (the two products are formed with numpy: the same IEEE multiplication).

    Returns
    -------
    callable
        ``step(y, drive, dt, k) -> list``: the state after step ``k`` (``y`` a list of 11
        floats in ``GHAxis.state_names`` order, ``drive`` the drug signals as floats: GHRH
        analogue in pg/mL and ghrelin agonist in ng/mL, ``dt`` the step in hours).
    """
    (gh_max, ghrh_ec50, ghrh_n, srif_ic50_pit, srif_n_pit, srif_gh_rel, srif_gh_ec50, srif_gh_n,
     srif_ic50_hyp, srif_n_hyp, ghs_endo, ghrelin_base, ipa_max, ipa_sc50, g0, tg0, ng0,
     g1, tg1, ng1, g2, tg2, ng2, potency, igf_ref, igf_exp, igf_basal, igf_gain,
     igf_ec50) = constants
    decay_gh, decay_srif, decay_ghrh, decay_ghrelin, decay_igf = ctx["decay"]
    gain_gh, gain_srif, gain_ghrh, gain_ghrelin, gain_igf = ctx["gain"]
    srif_basal = ctx["srif_basal"]
    ghrh_drive = ctx["ghrh_drive"]
    # left-prefix products of the generic expressions (see the module docstring)
    srif_gh_drive = (srif_scale * srif_gh_rel).tolist()
    ghrelin_in = (ghrelin_prod * gain_ghrelin).tolist()
    k_refill = ctx["pool_refill_per_h"]
    pool_ng_ml = ctx["pool_ng_ml"]
    e_exposure = ctx["exposure_decay"]
    w_exposure = 1.0 - e_exposure
    e_transit = ctx["transit_decay"]
    w_transit = 1.0 - e_transit
    exp = math.exp

    def step(y: list, drive: dict, dt: float, k: int) -> list:
        gh, srif, ghrh, ghrelin, igf1, pool, exposure, tr1, tr2, tr3, tr4 = y
        analogue = drive.get("ghrh_agonist", 0.0)
        agonist = drive.get("ghs_agonist", 0.0)
        # _production: GHS-R activation and its three actions [farhy2007]
        s = ghs_endo * ghrelin / ghrelin_base + ipa_max * agonist / (agonist + ipa_sc50)
        r = (s / tg1) ** ng1
        f1 = g1 * r / (1.0 + r)
        r = (s / tg2) ** ng2
        f2 = g2 * r / (1.0 + r)
        r = (s / tg0) ** ng0
        direct = g0 * r / (1.0 + r)
        r = ((ghrh + potency * analogue) / ghrh_ec50) ** ghrh_n
        by_ghrh = r / (1.0 + r)
        brake = (1.0 + f1) / (1.0 + (srif / srif_ic50_pit) ** srif_n_pit + f1)
        igf_brake = (igf_ref / (igf1 + 1e-9)) ** igf_exp
        p_gh = gh_max * (by_ghrh + direct) * brake * igf_brake
        r = (tr4 / srif_gh_ec50) ** srif_gh_n
        p_srif = srif_basal[k] + srif_gh_drive[k] * r / (1.0 + r)
        p_ghrh = ghrh_drive[k] * (1.0 + f2) / (1.0 + (srif / srif_ic50_hyp) ** srif_n_hyp + f2)
        p_igf = igf_basal + igf_gain * exposure / (exposure + igf_ec50)
        # _advance: exponential Euler of each state, production held over the step
        a = k_refill + p_gh / pool_ng_ml
        e = exp(-a * dt)
        return [gh * decay_gh + p_gh * pool * gain_gh,
                srif * decay_srif + p_srif * gain_srif,
                ghrh * decay_ghrh + p_ghrh * gain_ghrh,
                ghrelin * decay_ghrelin + ghrelin_in[k],
                igf1 * decay_igf + p_igf * gain_igf,
                pool * e + k_refill / a * (1.0 - e),
                exposure * e_exposure + gh * w_exposure,
                tr1 * e_transit + gh * w_transit,
                tr2 * e_transit + tr1 * w_transit,
                tr3 * e_transit + tr2 * w_transit,
                tr4 * e_transit + tr3 * w_transit]

    return step


def for_one_subject(ctx: dict, generic_step: Callable | None) -> None:
    """Turn ``GHAxis.prepare``'s context of one subject into Python floats, in place.

    Per-step inputs become lists, the decay and gain factors lists of 5 floats, the pool, GH
    exposure and transit factors floats, and ``ctx["float_step"]`` the step
    ``GHAxis.step_floats`` runs: the fused :func:`one_subject_step`, or ``generic_step`` (the
    generic equations, given when the model's transit chain is not :data:`N_TRANSIT` long).
    """
    ctx["pool_refill_per_h"] = float(ctx["pool_refill_per_h"])
    ctx["pool_ng_ml"] = float(ctx["pool_ng_ml"])
    ctx["exposure_decay"] = float(ctx["exposure_decay"][0])
    ctx["transit_decay"] = float(ctx["transit_decay"][0])
    columns = {key: ctx[key][:, 0] for key in ("srif_basal", "srif_scale", "ghrh_drive",
                                               "ghrelin_prod", "decay", "gain")}
    ctx.update((key, column.tolist()) for key, column in columns.items())
    ctx["float_step"] = generic_step or one_subject_step(
        ctx["constants"], ctx, columns["srif_scale"], columns["ghrelin_prod"])
