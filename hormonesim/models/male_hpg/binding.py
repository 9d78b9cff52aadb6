"""Testosterone binding in plasma: free testosterone by Vermeulen's mass action [vermeulen1999]."""
from __future__ import annotations

import math

import numpy as np

# molar masses (g/mol) for the binding calculation
MW_T = 288.42
ALBUMIN_MW = 66_500.0
K_SHBG_L_PER_MOL = 1.0e9
K_ALBUMIN_L_PER_MOL = 3.6e4
ALBUMIN_G_DL = 4.3


def free_testosterone_vermeulen(total_ng_dl, shbg_nmol_l, albumin_g_dl=4.3,
                                k_shbg_l_per_mol=1.0e9, k_albumin_l_per_mol=3.6e4):
    """Free testosterone (pg/mL) by mass action with SHBG and albumin [vermeulen1999].

    Solves ``Ka_shbg * N * FT**2 + (N + Ka_shbg*(SHBG - T)) * FT - T = 0`` with
    ``N = 1 + Ka_albumin * [albumin]``, all concentrations in mol/L.

    Parameters
    ----------
    total_ng_dl : float or array
        Total testosterone (ng/dL), >= 0.
    shbg_nmol_l : float or array
        SHBG (nmol/L), >= 0.
    albumin_g_dl : float
        Albumin (g/dL); 4.3 g/dL is Vermeulen's default.
    k_shbg_l_per_mol, k_albumin_l_per_mol : float
        Association constants (L/mol) of testosterone with SHBG (1e9) and albumin (3.6e4)
        [vermeulen1999].

    Returns
    -------
    ndarray or float
        Free testosterone (pg/mL).

    Examples
    --------
    >>> round(float(free_testosterone_vermeulen(500.0, 35.0)), 0)
    99.0
    """
    t = np.asarray(total_ng_dl, float) * 10.0 / MW_T * 1e-9      # mol/L
    s = np.asarray(shbg_nmol_l, float) * 1e-9
    n = 1.0 + k_albumin_l_per_mol * albumin_g_dl * 10.0 / ALBUMIN_MW
    a = k_shbg_l_per_mol * n
    b = n + k_shbg_l_per_mol * (s - t)
    ft = 2.0 * t / (b + np.sqrt(b * b + 4.0 * a * t))          # stable root of the quadratic
    out = ft * MW_T * 1e9                                       # mol/L -> pg/mL
    return float(out) if out.ndim == 0 else out



def free_t(t_ng_dl, shbg_nmol_l):
    """Free T (pg/mL) at the default albumin, on Python floats (one man) or arrays (a cohort).

    The same quadratic as :func:`free_testosterone_vermeulen`, without its array conversion
    (the one-man step calls it thousands of times).
    """
    tm = t_ng_dl * 10.0 / MW_T * 1e-9
    b = _N + K_SHBG_L_PER_MOL * (shbg_nmol_l * 1e-9 - tm)
    root = math.sqrt if isinstance(b, float) else np.sqrt
    return 2.0 * tm / (b + root(b * b + 4.0 * _A * tm)) * MW_T * 1e9


_N = 1.0 + K_ALBUMIN_L_PER_MOL * ALBUMIN_G_DL * 10.0 / ALBUMIN_MW
_A = K_SHBG_L_PER_MOL * _N


def set_free_t_reference(ctx: dict, free_t_untreated) -> None:
    """Keep the man's untreated free T (pg/mL), the reference of the SHBG response
    (``shbg_target``), in a MaleHPG run's context and in the fused step's
    constants of each part of the cohort."""
    ref = np.asarray(free_t_untreated, float)
    ctx["ft_ref"] = float(ref[0]) if ctx.get("scalar") else ref.copy()
    for sl, c in ctx.get("parts", ()):
        c["ft_ref"] = ref[sl]
        c["shbg_base"] = np.asarray(ctx["shbg"], float)[sl] if np.ndim(ctx["shbg"]) \
            else ctx["shbg"]
        # the fused step's SHBG target, SHBG0 FT0^x exp(-x ln FT) (cohort_step.fused_step)
        c["shbg_per_ft_power"] = c["shbg_base"] * c["ft_ref"] ** -c["minus_shbg_exponent"]
        c["shbg_target_step"] = c["shbg_per_ft_power"] * (1.0 - c["e_shbg"])


def shbg_target(free_t_now, ctx: dict, exponent: float):
    """SHBG (nmol/L) that hepatic synthesis is heading to at free T ``free_t_now`` (pg/mL): the
    untreated SHBG times (free T / untreated free T)^-``exponent``. Androgens lower hepatic
    SHBG [plymate1983]; the exponent is fitted to the bioavailable fraction of T on anastrozole
    [leder2004]."""
    floor = max(free_t_now, 1e-9) if isinstance(free_t_now, float) else np.maximum(free_t_now, 1e-9)
    return ctx["shbg"] * (floor / ctx["ft_ref"]) ** (-exponent)
