"""The male hypothalamic-pituitary-gonadal (HPG) axis.

Structure (one arrow per mechanism, each with its own parameters)::

    GnRH pulse generator --pulses--> portal GnRH --occupancy--> pituitary GnRH receptors
        ^   (renewal process,             (t1/2 ~4 min)           | responsive fraction R
        |    amplitude damped by free T)                          | (desensitised while occupied,
        |                                                         |  resensitised while free)
        |                                    LH, FSH  <-----------+  damped by estradiol
        |                                      |
        |              Leydig cells <----------+  (+ hCG on the same LH receptor)
        |                   | testosterone secretion (mg/h) (+ exogenous testosterone, mg/h)
        |                   v
        +---- free T <-- total T (cleared at the MCR) --aromatase (fat mass, anastrozole)--> E2
                 ^ SHBG and albumin binding (Vermeulen's mass action)                      |
                 +-------------------------- E2 feedback on the pituitary <----------------+

It follows the template of Keenan and Veldhuis [keenan1998]: a stochastic GnRH pulse train,
dose-response links with feedback, first-order clearances. Receptor desensitisation follows Li
and Goldbeter's two-state receptor [li1989]: occupied receptors desensitise quickly, free ones
resensitise over about an hour, so brief pulses leave the pituitary responsive while continuous
exposure leaves most receptors desensitised [belchetz1978].

Two resolutions give the same daily means:

``"pulse"``
    2-minute steps; every GnRH pulse is a bolus that decays exponentially; receptor occupancy is
    averaged exactly over each step, so pulses shorter than a step keep their effect. Needed for
    gonadorelin (whose plasma level changes within minutes).
``"mean"``
    1-hour steps; the pulse train enters through its expected effect per hour, computed in closed
    form from the pulse amplitude (the same formulas the pulse resolution integrates), so 26 weeks
    and 10,000-subject cohorts run as a handful of vector operations per hour.

Everything is vectorised over subjects: any parameter may be a 1-D array (one value per subject).
This is a teaching model: the parameters marked ``calibrated`` were fitted to the observations
flagged ``calibrated=True`` in :mod:`hormonesim.validation.male`; the others are checks it was not
tuned on. Simulation time 0 is midnight (the clock of the circadian rhythm).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ..provenance import param
from .base import Model

# molar masses (g/mol) for the binding calculation
_MW_T = 288.42
_ALBUMIN_MW = 66_500.0


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
    t = np.asarray(total_ng_dl, float) * 10.0 / _MW_T * 1e-9      # mol/L
    s = np.asarray(shbg_nmol_l, float) * 1e-9
    n = 1.0 + k_albumin_l_per_mol * albumin_g_dl * 10.0 / _ALBUMIN_MW
    a = k_shbg_l_per_mol * n
    b = n + k_shbg_l_per_mol * (s - t)
    ft = 2.0 * t / (b + np.sqrt(b * b + 4.0 * a * t))          # stable root of the quadratic
    out = ft * _MW_T * 1e9                                       # mol/L -> pg/mL
    return float(out) if out.ndim == 0 else out


_GONADORELIN_NEEDS_PULSES = ("gonadorelin changes within minutes and needs resolution='pulse'; "
                             "the pulse-averaged resolution ('mean') cannot represent it")


@dataclass(frozen=True)
class MaleHPG(Model):
    """Male HPG axis with pulsatile GnRH, LH/FSH, Leydig testosterone, aromatase, SHBG.

    Parameters
    ----------
    age : float
        Age (years), 18 to 90. Lowers Leydig capacity and raises SHBG.
    bmi : float
        Body-mass index (kg/m^2), 17 to 50. Sets body weight (and so testosterone clearance),
        fat mass (and so aromatase activity) and SHBG.
    gnrh_pulse_generator : bool
        False for a man without his own GnRH pulses (hypogonadotropic hypogonadism).

    Notes
    -----
    Per-subject variability hooks (``hs.population`` draws these; 1 is the typical man):
    ``t_clearance_scale``, ``aromatase_scale``, ``shbg_scale``, ``leydig_scale``,
    ``pituitary_scale``, ``depot_release_scale``, ``drug_clearance_scale``.
    The other parameters are the mechanism's constants, each with its source.

    Examples
    --------
    >>> import hormonesim as hs
    >>> res = hs.simulate(hs.MaleHPG(age=30, bmi=23), duration="3d", resolution="mean")
    >>> bool(450 < res["testosterone"].mean() < 620)
    True
    """

    # ------------------------------------------------------------------ the man
    age: float = param(40.0, "years", "teaching: age of the virtual man", low=18.0, high=90.0)
    bmi: float = param(25.0, "kg/m^2", "teaching: body-mass index of the virtual man",
                       low=17.0, high=50.0)
    gnrh_pulse_generator: bool = True
    height_m: float = param(1.75, "m", "teaching: reference height to turn BMI into weight",
                            low=1.4, high=2.1)

    # ------------------------------------------------- per-subject variability hooks
    t_clearance_scale: float = param(1.0, "1", "testoviron_label",
                                     "multiplier of the testosterone MCR (16 +- 7 mL/min/kg: "
                                     "a CV of ~0.44)", low=0.3, high=3.0)
    aromatase_scale: float = param(1.0, "1", "teaching: between-man spread of aromatase activity",
                                   low=0.2, high=5.0)
    shbg_scale: float = param(1.0, "1", "teaching: between-man spread of SHBG", low=0.2, high=5.0)
    leydig_scale: float = param(1.0, "1", "teaching: between-man spread of Leydig capacity",
                                low=0.05, high=3.0)
    pituitary_scale: float = param(1.0, "1", "teaching: between-man spread of gonadotroph output",
                                   low=0.1, high=5.0)
    depot_release_scale: float = param(1.0, "1", "teaching: multiplier of the depot release rates "
                                       "of injected and applied drugs", low=0.3, high=3.0)
    drug_clearance_scale: float = param(1.0, "1", "teaching: multiplier of the elimination rate of "
                                        "concentration-type drugs (anastrozole, hCG, gonadorelin)",
                                        low=0.3, high=3.0)

    # ---------------------------------------------------------- hypothalamus
    pulse_interval_h: float = param(1.4, "h", "calibrated: mean GnRH/LH interpulse interval, 74-95 "
                                    "min in men [veldhuis1986][veldhuis1987]", low=0.5, high=8.0)
    pulse_regularity: float = param(4.0, "1", "teaching: gamma shape of the renewal intervals "
                                    "(CV 0.5); Keenan and Veldhuis use a Weibull renewal process "
                                    "[keenan1998]", low=1.0, high=50.0)
    gnrh_pulse_peak_pg_ml: float = param(20.0, "pg/mL", "teaching: portal GnRH pulse peak with no "
                                         "feedback; not measurable in men", low=0.0, high=1000.0)
    gnrh_half_life_min: float = param(4.0, "min", "lutrelef_label",
                                      "biological half-life of gonadorelin IV ~4 min", low=1.0,
                                      high=30.0)
    free_t_feedback_pg_ml: float = param(66.3, "pg/mL", "calibrated: LH to ~5% of baseline on "
                                         "testosterone enanthate 200 mg/week [coviello2005]",
                                         low=1.0, high=5000.0)
    free_t_feedback_hill: float = param(5.5, "1", "calibrated: with free_t_feedback_pg_ml "
                                        "[coviello2005]", low=0.5, high=6.0)
    feedback_delay_h: float = param(0.25, "h", "teaching: the hypothalamus senses free T through "
                                    "a first-order lag (Keenan and Veldhuis include a delay in "
                                    "the T feedback [keenan1998])", low=0.1, high=12.0)
    circadian_amplitude: float = param(0.2, "1", "calibrated: T at 16:00 20-25% below 08:00 in men "
                                       "aged 30-40 [brambilla2009]", low=0.0, high=0.9)
    circadian_peak_clock_h: float = param(5.0, "h", "calibrated: feedback threshold peak placed so "
                                          "that total T peaks near 07:30 [diver2003]", low=0.0, high=24.0)

    # -------------------------------------------------------------- pituitary
    gnrh_ec50_pg_ml: float = param(10.0, "pg/mL", "teaching: GnRH receptor occupancy half-maximal "
                                   "(Hill 1), so that the peripheral gonadorelin levels of a "
                                   "pump (tens of pg/mL) stimulate", low=0.1, high=1000.0)
    desensitisation_per_h: float = param(10.0, "1/h", "teaching: occupied receptors desensitise in "
                                         "minutes [li1989]; continuous GnRH fails where pulses "
                                         "succeed [belchetz1978]", low=0.0, high=100.0)
    resensitisation_per_h: float = param(0.7, "1/h", "teaching: free receptors recover over ~1.5 h, "
                                         "about one pulse interval [li1989][belchetz1978]",
                                         low=0.01, high=20.0)
    lh_release_max: float = param(174.0, "IU/L/h", "calibrated: baseline LH ~4.5 IU/L in the "
                                  "reference man (teaching target)", low=0.0, high=2000.0)
    fsh_release_max: float = param(77.3, "IU/L/h", "calibrated: baseline FSH ~4 IU/L in the "
                                   "reference man (teaching target)", low=0.0, high=2000.0)
    basal_activation_per_h: float = param(2.5e-4, "1/h", "calibrated: GnRH-independent "
                                          "gonadotropin release, ~2% of the usual; LH falls to ~5% "
                                          "and FSH to ~3% of baseline under full suppression "
                                          "[coviello2005]", low=0.0, high=0.1)
    e2_feedback_pg_ml: float = param(20.0, "pg/mL", "calibrated: with free_t_feedback to the "
                                     "suppression in [coviello2005]", low=0.5, high=500.0)
    e2_feedback_hill: float = param(1.5, "1", "calibrated: [coviello2005]", low=0.5, high=6.0)
    lh_half_life_h: float = param(2.27, "h", "wide2022", "136 min, inside the 125-164 min "
                                  "measured for the LH glycoforms under GnRH-receptor blockade",
                                  low=0.2, high=12.0)
    fsh_half_life_h: float = param(4.57, "h", "urban1991", "FSH disappearance 274 +- 45 min",
                                   low=0.5, high=24.0)

    # ------------------------------------------------------------------ testis
    leydig_max_mg_per_h: float = param(0.787, "mg/h", "calibrated: total T 531 ng/dL (median of "
                                       "healthy nonobese men 19-39 y [travison2017]) at age 30, "
                                       "BMI 23", low=0.0, high=20.0)
    leydig_lh_ec50_iu_l: float = param(4.5, "IU/L", "teaching: Leydig cells at half capacity at "
                                       "typical LH, so hCG can roughly double secretion",
                                       low=0.1, high=100.0)
    leydig_delay_h: float = param(1.0, "h", "teaching: LH-to-testosterone lag of about an hour "
                                  "[keenan1998]", low=0.05, high=12.0)
    leydig_age_decline_per_year: float = param(0.008, "1/year", "teaching: Leydig capacity falls "
                                               "~0.8%/year after 30, in line with the longitudinal "
                                               "decline of T in [harman2001]", low=0.0, high=0.03)
    hcg_lh_equivalence: float = param(0.2, "IU LH per IU hCG", "calibrated: hCG 125 IU every other "
                                      "day on top of TE keeps intratesticular T 25% below baseline "
                                      "[coviello2005]", low=0.0, high=5.0)
    t_mcr_ml_min_kg: float = param(16.0, "mL/min/kg", "testoviron_label",
                                   "metabolic clearance rate of testosterone 16 +- 7 mL/min/kg",
                                   low=2.0, high=60.0)
    t_half_life_h: float = param(1.0, "h", "teaching: plasma half-life of testosterone ~1 h (sets "
                                 "V = MCR/ke; matters little for daily means)", low=0.1, high=12.0)

    # --------------------------------------------------------- aromatase, SHBG
    e2_per_t: float = param(0.038, "pg/mL per ng/dL", "calibrated: E2 ~20 pg/mL, the middle of the "
                            "LC-MS/MS male interval 3.3-37 pg/mL [verdonk2019], in the reference "
                            "man", low=0.0, high=1.0)
    e2_testicular_fraction: float = param(0.2, "1", "teaching: about a fifth of a man's E2 is "
                                          "secreted by the testes, the rest aromatised in tissues "
                                          "[longcope1969]", low=0.0, high=0.9)
    aromatase_adipose_fraction: float = param(0.6, "1", "teaching: share of aromatase activity that "
                                              "scales with fat mass in the reference man",
                                              low=0.0, high=1.0)
    e2_half_life_h: float = param(1.0, "h", "teaching: E2 clears within hours", low=0.1, high=12.0)
    anastrozole_imax: float = param(0.97, "1", "calibrated: whole-body aromatisation inhibited "
                                    "~97.3% at 1 mg/day [geisler2002]", low=0.0, high=1.0)
    anastrozole_ic50_ng_ml: float = param(0.6, "ng/mL", "calibrated: E2 down >80% in women on 1 "
                                          "mg/day [arimidex_label]", low=0.01, high=100.0)
    shbg_reference_nmol_l: float = param(35.0, "nmol/L", "teaching: typical SHBG of a man of 40 "
                                         "with BMI 25", low=5.0, high=200.0)
    shbg_age_slope_per_year: float = param(0.012, "1/year", "teaching: SHBG rises ~1.2%/year of "
                                           "age [harman2001]", low=0.0, high=0.05)
    shbg_bmi_slope_per_unit: float = param(0.03, "1/(kg/m^2)", "teaching: SHBG falls ~3% per BMI "
                                           "unit", low=0.0, high=0.1)

    # ------------------------------------------------------------- numerics
    pulse_step_min: float = param(2.0, "min", "teaching: step of the pulse resolution (occupancy "
                                  "is averaged exactly over each step)", low=0.5, high=10.0)

    mean_step_h: float = param(1.0, "h", "teaching: step of the pulse-averaged resolution (every "
                               "linear stage is stepped exactly, so daily means do not depend on "
                               "it)", low=0.25, high=4.0)

    outputs: ClassVar = {"gnrh": "pg/mL", "lh": "IU/L", "fsh": "IU/L", "testosterone": "ng/dL",
                         "free_testosterone": "pg/mL", "estradiol": "pg/mL", "shbg": "nmol/L",
                         "receptor_responsive": "fraction", "leydig_secretion": "mg/day"}
    state_names: ClassVar = ("gnrh", "responsive", "lh", "fsh", "lh_leydig", "testosterone",
                             "estradiol", "free_t_sensed")
    drug_targets: ClassVar = frozenset({"testosterone_release", "aromatase_inhibitor",
                                        "gnrh_agonist", "lh_agonist"})

    def __post_init__(self):
        if not isinstance(self.gnrh_pulse_generator, (bool, np.bool_)):
            raise TypeError(f"MaleHPG: gnrh_pulse_generator must be True or False, got "
                            f"{self.gnrh_pulse_generator!r}")
        super().__post_init__()

    # ------------------------------------------------------ derived quantities
    @property
    def weight_kg(self):
        """Body weight (kg) from BMI and the reference height."""
        return self.bmi * self.height_m ** 2

    @property
    def fat_mass_kg(self):
        """Fat mass (kg): body fat % = 1.2 BMI + 0.23 age - 16.2 for men [deurenberg1991]."""
        pct = np.clip(1.2 * self.bmi + 0.23 * self.age - 16.2, 3.0, 70.0)
        return pct / 100.0 * self.weight_kg

    @property
    def t_clearance_l_per_h(self):
        """Testosterone clearance (L/h): MCR x weight x scale [testoviron_label]."""
        return self.t_mcr_ml_min_kg * 60e-3 * self.weight_kg * self.t_clearance_scale

    @property
    def shbg_nmol_l(self):
        """SHBG (nmol/L) from age, BMI and the subject's scale (constant in time)."""
        f = (1 + self.shbg_age_slope_per_year * (self.age - 40)) \
            * np.exp(-self.shbg_bmi_slope_per_unit * (self.bmi - 25))
        return self.shbg_reference_nmol_l * np.maximum(f, 0.2) * self.shbg_scale

    @property
    def aromatase_activity(self):
        """Aromatase activity relative to the reference man (age 40, BMI 25)."""
        ref_fat = (1.2 * 25 + 0.23 * 40 - 16.2) / 100.0 * 25 * self.height_m ** 2
        a = self.aromatase_adipose_fraction
        return ((1 - a) + a * self.fat_mass_kg / ref_fat) * self.aromatase_scale

    @property
    def leydig_capacity_mg_per_h(self):
        """Maximal Leydig testosterone secretion (mg/h) at this age."""
        age_factor = np.clip(1 - self.leydig_age_decline_per_year * np.maximum(self.age - 30, 0),
                             0.2, 1.0)
        return self.leydig_max_mg_per_h * age_factor * self.leydig_scale

    # ------------------------------------------------------------- engine API
    def resolutions(self):
        return ("pulse", "mean")

    def default_resolution(self, duration_h, n_subjects):
        return "pulse" if (duration_h <= 7 * 24 and n_subjects <= 20) else "mean"

    def time_step_h(self, resolution):
        return self.pulse_step_min / 60.0 if resolution == "pulse" else self.mean_step_h

    def record_every_h(self, resolution, duration_h):
        if resolution == "pulse":
            dt = self.time_step_h("pulse")
            target = 1 / 6 if duration_h <= 4 * 24 else 0.5
            return dt * max(1, int(round(target / dt)))
        dt = self.mean_step_h
        return dt * max(1, int(round((2.0 if duration_h <= 60 * 24 else 6.0) / dt)))

    def pk_scales(self, drug):
        if drug.signal == "release":
            return self.depot_release_scale, 1.0
        return self.depot_release_scale, self.drug_clearance_scale

    def _per_subject(self, value, n):
        return np.broadcast_to(np.asarray(value, float), (n,)).copy()

    def prepare(self, t_h, rng, resolution):
        n = self.n_subjects
        dt = float(t_h[1] - t_h[0]) if len(t_h) > 1 else self.time_step_h(resolution)
        ctx = {"n": n, "dt": dt, "resolution": resolution}
        k_g = math.log(2) / (self.gnrh_half_life_min / 60.0)
        ctx["k_g"] = k_g
        tau = self._per_subject(self.pulse_interval_h, n)
        shape = self._per_subject(self.pulse_regularity, n)
        generator = self._per_subject(1.0 if self.gnrh_pulse_generator else 0.0, n)
        ctx["generator"] = generator
        ctx["tau"] = tau
        # expected recovery factor between pulses, E[exp(-k_res * interval)] for gamma intervals
        k_res = self._per_subject(self.resensitisation_per_h, n)
        ctx["recovery_between_pulses"] = (1 + k_res * tau / shape) ** (-shape)
        if resolution == "pulse":
            n_steps = len(t_h)
            pulses = np.zeros((n_steps, n), dtype=bool)
            horizon = t_h[-1] + dt
            # renewal process: gamma intervals with mean tau; the first pulse at a uniform phase
            for i in range(n):
                if not generator[i]:
                    continue
                m = int(horizon / tau[i] * 1.5) + 20
                gaps = rng.gamma(shape[i], tau[i] / shape[i], size=m)
                times = rng.uniform(0, tau[i]) + np.concatenate([[0.0], np.cumsum(gaps[:-1])])
                idx = np.round(times[times < horizon] / dt).astype(int)
                idx = idx[idx < n_steps]
                pulses[idx, i] = True
            ctx["pulses"] = pulses
            ctx["decay_g"] = math.exp(-k_g * dt)
        # constants reused every step
        ctx["shbg"] = self._per_subject(self.shbg_nmol_l, n)
        ctx["cl_t"] = self._per_subject(self.t_clearance_l_per_h, n)
        ctx["k_t"] = math.log(2) / self.t_half_life_h if np.ndim(self.t_half_life_h) == 0 else \
            np.log(2) / self._per_subject(self.t_half_life_h, n)
        ctx["v_t"] = ctx["cl_t"] / ctx["k_t"]
        ctx["leydig_cap"] = self._per_subject(self.leydig_capacity_mg_per_h, n)
        ctx["arom"] = self._per_subject(self.aromatase_activity, n)
        # reference Leydig secretion for the testicular E2 share: the untreated steady state
        ctx["leydig_ref"] = ctx["leydig_cap"] * 0.5
        # step constants (exact exponential factors and combined gains), computed once
        ctx["e_lh"] = np.exp(-np.log(2) / self.lh_half_life_h * dt)
        ctx["e_fsh"] = np.exp(-np.log(2) / self.fsh_half_life_h * dt)
        ctx["e_leydig"] = np.exp(-dt / np.asarray(self.leydig_delay_h, float))
        ctx["e_t"] = np.exp(-ctx["k_t"] * dt)
        ctx["t_mean_factor"] = (1 - ctx["e_t"]) / (ctx["k_t"] * dt)
        ctx["e_e2"] = np.exp(-np.log(2) / self.e2_half_life_h * dt)
        x = dt / np.asarray(self.feedback_delay_h, float)
        ctx["e_fb"] = np.exp(-x)
        ctx["fb_mean_factor"] = (1 - np.exp(-x)) / x
        ctx["lh_ss_gain"] = self.pituitary_scale * self.lh_release_max * self.lh_half_life_h / np.log(2)
        ctx["fsh_ss_gain"] = self.pituitary_scale * self.fsh_release_max * self.fsh_half_life_h \
            / np.log(2)
        ctx["t_per_mg_h"] = 1e5 / ctx["cl_t"]
        ctx["all_generate"] = bool(np.all(generator > 0))
        # circadian factor of the pulse amplitude on the grid (mid-step for the mean resolution)
        offset = 0.0 if resolution == "pulse" else dt / 2
        circ = self._circadian(np.add.outer(t_h + offset, np.zeros(1)))
        ctx["peak_scale"] = self.gnrh_pulse_peak_pg_ml * generator                  # (n,)
        # the free-T feedback threshold of the pulse generator follows the clock: (n_steps, n)
        ctx["ft_threshold"] = np.broadcast_to(self.free_t_feedback_pg_ml * circ,
                                              (len(t_h), n)).copy()
        if n == 1:
            # one subject: the same equations on Python floats (numpy calls on length-1 arrays
            # cost microseconds each; tests check both paths give the same numbers)
            sc = {key: float(np.ravel(ctx[key])[0]) for key in (
                "shbg", "leydig_cap", "t_per_mg_h", "e_t", "t_mean_factor", "e_fb",
                "fb_mean_factor", "k_g", "tau", "recovery_between_pulses", "peak_scale",
                "lh_ss_gain", "fsh_ss_gain", "e_lh", "e_fsh", "e_leydig", "e_e2", "arom",
                "leydig_ref")}
            sc["threshold"] = ctx["ft_threshold"][:, 0].tolist()
            sc["generate"] = bool(generator[0] > 0)
            sc["pulse"] = resolution == "pulse"
            if sc["pulse"]:
                sc["pulses"] = ctx["pulses"][:, 0].tolist()
                sc["decay_g"] = float(ctx["decay_g"])
            albumin_n = 1.0 + 3.6e4 * 4.3 * 10.0 / _ALBUMIN_MW
            sc["vermeulen_a"] = 1.0e9 * albumin_n
            sc["vermeulen_n"] = albumin_n
            ctx["scalar"] = sc
        return ctx

    # -------------------------------------------------------------- mechanism
    def _circadian(self, t_h):
        return 1 + self.circadian_amplitude * np.cos(2 * np.pi * (t_h - self.circadian_peak_clock_h)
                                                     / 24.0)

    def _pulse_peak(self, free_t, t_h, ctx):
        """GnRH pulse peak (pg/mL): generator x free-T feedback, whose threshold follows the clock.

        The circadian rhythm acts on the feedback set point (the threshold), not on the drive:
        a rhythm in the drive would be corrected by the loop itself, a rhythm in the set point
        is followed by it.
        """
        threshold = self.free_t_feedback_pg_ml * self._circadian(t_h)
        fb = 1.0 / (1.0 + (free_t / threshold) ** self.free_t_feedback_hill)
        return self.gnrh_pulse_peak_pg_ml * ctx["generator"] * fb

    def _e2_factor(self, e2):
        return 1.0 / (1.0 + (e2 / self.e2_feedback_pg_ml) ** self.e2_feedback_hill)

    def _leydig_secretion(self, lh_leydig, ctx):
        """Leydig testosterone secretion (mg/h) from the LH-receptor signal (IU/L LH-equivalent)."""
        return ctx["leydig_cap"] * lh_leydig / (lh_leydig + self.leydig_lh_ec50_iu_l)

    def _estradiol_target(self, t_total, secretion, drive, ctx):
        """Steady E2 (pg/mL) for the current T, Leydig secretion and anastrozole level.

        Peripheral aromatisation is proportional to total T, to aromatase activity (fat mass) and
        to the uninhibited fraction ``1 - Imax C/(IC50 + C)`` of anastrozole's Emax model;
        testicular secretion is proportional to Leydig output.
        """
        inhibition = 0.0
        ai = drive.get("aromatase_inhibitor")
        if ai is not None:
            inhibition = self.anastrozole_imax * ai / (ai + self.anastrozole_ic50_ng_ml)
        peripheral = self.e2_per_t * ctx["arom"] * t_total * (1 - inhibition)
        share = self.e2_testicular_fraction
        # testicular E2 equals the stated share of total E2 in the reference man (T 531 ng/dL)
        testicular = share / (1 - share) * self.e2_per_t * 531.0 * secretion \
            / np.maximum(ctx["leydig_ref"], 1e-12)
        return peripheral + testicular

    def _pulse_response(self, peak, responsive, ctx):
        """Mean-resolution pituitary activation per hour and desensitisation per hour.

        For a GnRH bolus of peak ``A`` decaying at ``k_g``, the integrated occupancy (Hill 1) is
        ``Phi = ln(1 + A/EC50)/k_g`` (h). During a pulse the responsive fraction falls by the
        factor ``q = exp(-k_des Phi)``; the activation it gives is ``R (1 - q)/k_des``.
        """
        phi = np.log1p(peak / self.gnrh_ec50_pg_ml) / ctx["k_g"]
        kd = self.desensitisation_per_h
        q = np.exp(-kd * phi)
        per_pulse = (1 - q) / kd if kd > 0 else phi
        rate = 1.0 / ctx["tau"]
        return rate * per_pulse * responsive, rate * (1 - q), phi * rate

    # ---------------------------------------------------------------- state
    def initial_state(self, ctx):
        """Untreated steady state of the pulse-averaged equations (damped fixed-point iteration)."""
        n = ctx["n"]
        t_total = np.full(n, 500.0)
        e2 = np.full(n, 20.0)
        k_lh = math.log(2) / self.lh_half_life_h
        k_fsh = math.log(2) / self.fsh_half_life_h
        rec = ctx["recovery_between_pulses"]
        hours = (np.arange(12) * 2.0 + 1.0)[:, None]        # circadian average over the day
        kd = max(self.desensitisation_per_h, 1e-12)
        ps = self.pituitary_scale
        for _ in range(60):
            ft = free_testosterone_vermeulen(t_total, ctx["shbg"])
            peak = self._pulse_peak(ft[None, :], hours, ctx)
            q = np.exp(-kd * np.log1p(peak / self.gnrh_ec50_pg_ml) / ctx["k_g"])
            r_star = np.where(ctx["generator"] > 0, (1 - rec) / (1 - q * rec), 1.0)
            act = np.mean((1 - q) / kd / ctx["tau"] * r_star, axis=0)
            ef = self._e2_factor(e2)
            lh = ps * self.lh_release_max * (self.basal_activation_per_h + act * ef) / k_lh
            fsh = ps * self.fsh_release_max * (self.basal_activation_per_h + act * ef) / k_fsh
            sec = self._leydig_secretion(lh, ctx)
            t_new = sec * 1e5 / ctx["cl_t"]
            e2_new = self._estradiol_target(t_new, sec, {}, ctx)
            t_total = 0.5 * t_total + 0.5 * t_new
            e2 = 0.5 * e2 + 0.5 * e2_new
        y = np.zeros((len(self.state_names), n))
        y[1] = np.mean(r_star, axis=0)
        y[2] = lh
        y[3] = fsh
        y[4] = lh
        y[5] = t_total
        y[6] = e2
        y[7] = free_testosterone_vermeulen(t_total, ctx["shbg"])
        return y

    def _step_scalar(self, y, dt, drive, ctx, k):
        """:meth:`step` for one subject, on Python floats (both resolutions)."""
        sc = ctx["scalar"]
        g, r, lh, fsh, lhl, t_total, e2, ft_sensed = (float(v) for v in y[:, 0])
        exo_g = drive.get("gnrh_agonist")
        exo_g = 0.0 if exo_g is None else float(exo_g[0])
        sec = sc["leydig_cap"] * lhl / (lhl + self.leydig_lh_ec50_iu_l)
        exo_t = drive.get("testosterone_release")
        total_sec = sec if exo_t is None else sec + float(exo_t[0])
        t_target = total_sec * sc["t_per_mg_h"]
        t_new = t_target + (t_total - t_target) * sc["e_t"]
        t_mean = t_target + (t_total - t_target) * sc["t_mean_factor"]
        ft_now = self._free_t_scalar(t_mean, sc)
        ft = ft_now + (ft_sensed - ft_now) * sc["fb_mean_factor"]
        kd, kr = self.desensitisation_per_h, self.resensitisation_per_h
        ec50 = self.gnrh_ec50_pg_ml
        ef = 1.0 / (1.0 + (e2 / self.e2_feedback_pg_ml) ** self.e2_feedback_hill)
        threshold = sc["threshold"]
        if sc["pulse"]:
            fb_t = 1.0 / (1.0 + (ft / threshold[min(k + 1, len(threshold) - 1)])
                          ** self.free_t_feedback_hill)
            yv = exo_g + ec50
            occ = 1 - ec50 / yv * (1 + math.log((yv + g * sc["decay_g"]) / (yv + g))
                                   / (sc["k_g"] * dt))
            occ = min(max(occ, 0.0), 1.0)
            lam = kd * occ + kr * (1 - occ)
            r_inf = kr * (1 - occ) / max(lam, 1e-12)
            e = math.exp(-lam * dt)
            r_mean = r_inf + (r - r_inf) * (1 - e) / max(lam * dt, 1e-12)
            act = occ * r_mean
            r_new = r_inf + (r - r_inf) * e
            g_new = g * sc["decay_g"]
            if k + 1 < len(sc["pulses"]) and sc["pulses"][k + 1]:
                g_new += sc["peak_scale"] * fb_t
        else:
            if exo_g > 0:
                raise ValueError(_GONADORELIN_NEEDS_PULSES)
            fb_t = 1.0 / (1.0 + (ft / threshold[k]) ** self.free_t_feedback_hill)
            peak = sc["peak_scale"] * fb_t
            tau = sc["tau"]
            q = math.exp(-kd * math.log1p(peak / ec50) / sc["k_g"])
            rec = sc["recovery_between_pulses"]
            if sc["generate"]:
                r_star = (1 - rec) / (1 - q * rec)
                lam = (1 - q * rec) / tau
            else:
                r_star, lam = 1.0, kr
            e = math.exp(-lam * dt)
            r_new = r_star + (r - r_star) * e
            r_mean = r_star + (r - r_star) * (1 - e) / (lam * dt)
            act = (1 - q) / max(kd, 1e-12) / tau * r_mean
            g_new = peak / (sc["k_g"] * tau)
        drive_pit = self.basal_activation_per_h + act * ef
        lh_ss = sc["lh_ss_gain"] * drive_pit
        fsh_ss = sc["fsh_ss_gain"] * drive_pit
        hcg = drive.get("lh_agonist")
        signal = lh if hcg is None else lh + self.hcg_lh_equivalence * float(hcg[0])
        inhibition = 0.0
        ai = drive.get("aromatase_inhibitor")
        if ai is not None:
            a = float(ai[0])
            inhibition = self.anastrozole_imax * a / (a + self.anastrozole_ic50_ng_ml)
        share = self.e2_testicular_fraction
        e2_target = (self.e2_per_t * sc["arom"] * t_mean * (1 - inhibition)
                     + share / (1 - share) * self.e2_per_t * 531.0 * sec / max(sc["leydig_ref"], 1e-12))
        return np.array([[g_new], [r_new], [lh_ss + (lh - lh_ss) * sc["e_lh"]],
                         [fsh_ss + (fsh - fsh_ss) * sc["e_fsh"]],
                         [signal + (lhl - signal) * sc["e_leydig"]], [t_new],
                         [e2_target + (e2 - e2_target) * sc["e_e2"]],
                         [ft_now + (ft_sensed - ft_now) * sc["e_fb"]]])

    @staticmethod
    def _free_t_scalar(t_ng_dl: float, sc: dict) -> float:
        """Vermeulen's free T (pg/mL) for one subject (see free_testosterone_vermeulen)."""
        tm = t_ng_dl * 10.0 / _MW_T * 1e-9
        b = sc["vermeulen_n"] + 1.0e9 * (sc["shbg"] * 1e-9 - tm)
        return 2.0 * tm / (b + math.sqrt(b * b + 4.0 * sc["vermeulen_a"] * tm)) * _MW_T * 1e9

    def derivatives(self, t_h, y, drive, ctx, k):
        """The pulse-averaged equations as a plain ODE system, dy/dt (state units per hour).

        The same mechanism :meth:`step` integrates with exact exponential factors at the
        ``mean`` resolution, written as instantaneous rates, so any ODE solver (e.g.
        ``scipy.integrate.solve_ivp``) can integrate it: tests check that both give the same
        daily means, and the benchmark times such a solver against the engine. Mean portal
        GnRH is secreted at ``peak/tau`` per hour and cleared at ``k_g`` (the step takes it
        at its quasi-steady value, reached within minutes); the circadian feedback threshold
        is evaluated at ``t_h`` itself. ``drive`` holds each drug target's value at ``t_h``.
        Only the ``mean`` resolution has such a form: GnRH pulses are events, not rates.
        """
        if ctx["resolution"] != "mean":
            raise ValueError("MaleHPG.derivatives is the pulse-averaged system; prepare the "
                             f"context with resolution='mean', not {ctx['resolution']!r}")
        exo = drive.get("gnrh_agonist")
        if exo is not None and np.any(np.asarray(exo) > 0):
            raise ValueError(_GONADORELIN_NEEDS_PULSES)
        g, r, lh, fsh, lhl, t_total, e2, ft_sensed = y
        sec = self._leydig_secretion(lhl, ctx)
        exo_t = drive.get("testosterone_release")
        t_target = (sec if exo_t is None else sec + exo_t) * ctx["t_per_mg_h"]
        ft_now = free_testosterone_vermeulen(t_total, ctx["shbg"])
        fb_t = 1.0 / (1.0 + (ft_sensed / (self.free_t_feedback_pg_ml * self._circadian(t_h)))
                      ** self.free_t_feedback_hill)
        peak = ctx["peak_scale"] * fb_t
        tau = ctx["tau"]
        kd, kr = self.desensitisation_per_h, self.resensitisation_per_h
        q = np.exp(-kd * np.log1p(peak / self.gnrh_ec50_pg_ml) / ctx["k_g"])
        rec = ctx["recovery_between_pulses"]
        gen = ctx["generator"] > 0
        r_star = np.where(gen, (1 - rec) / (1 - q * rec), 1.0)
        lam = np.where(gen, (1 - q * rec) / tau, kr)
        act = (1 - q) / max(kd, 1e-12) / tau * r
        drive_pit = self.basal_activation_per_h + act * self._e2_factor(e2)
        k_lh = math.log(2) / self.lh_half_life_h
        k_fsh = math.log(2) / self.fsh_half_life_h
        hcg = drive.get("lh_agonist")
        signal = lh if hcg is None else lh + self.hcg_lh_equivalence * hcg
        e2_target = self._estradiol_target(t_total, sec, drive, ctx)
        return np.array([
            peak / tau - ctx["k_g"] * g,
            lam * (r_star - r),
            k_lh * (ctx["lh_ss_gain"] * drive_pit - lh),
            k_fsh * (ctx["fsh_ss_gain"] * drive_pit - fsh),
            (signal - lhl) / np.asarray(self.leydig_delay_h, float),
            ctx["k_t"] * (t_target - t_total),
            math.log(2) / self.e2_half_life_h * (e2_target - e2),
            (ft_now - ft_sensed) / np.asarray(self.feedback_delay_h, float),
        ])

    def step(self, t_h, y, dt, drive, ctx, k):
        if "scalar" in ctx:
            return self._step_scalar(y, dt, drive, ctx, k)
        g, r, lh, fsh, lhl, t_total, e2, ft_sensed = y
        # testosterone first: its inputs (Leydig signal, exogenous release) are known at the start
        # of the step, so its exact step mean can drive the feedback (a semi-implicit scheme that
        # keeps the fast T link of the loop stable at hour-long steps)
        sec = ctx["leydig_cap"] * lhl / (lhl + self.leydig_lh_ec50_iu_l)
        exo_t = drive.get("testosterone_release")
        t_target = (sec if exo_t is None else sec + exo_t) * ctx["t_per_mg_h"]
        t_new = t_target + (t_total - t_target) * ctx["e_t"]
        t_mean = t_target + (t_total - t_target) * ctx["t_mean_factor"]
        ft_now = free_testosterone_vermeulen(t_mean, ctx["shbg"])
        # exact mean of the sensed (lagged) free T over the step, for the feedback
        e_fb = ctx["e_fb"]
        ft = ft_now + (ft_sensed - ft_now) * ctx["fb_mean_factor"]
        kd, kr = self.desensitisation_per_h, self.resensitisation_per_h
        ec50 = self.gnrh_ec50_pg_ml
        ef = self._e2_factor(e2)
        exo = drive.get("gnrh_agonist")
        if ctx["resolution"] == "pulse":
            fb_t = 1.0 / (1.0 + (ft / ctx["ft_threshold"][min(k + 1, len(ctx["ft_threshold"]) - 1)])
                          ** self.free_t_feedback_hill)
            k_g = ctx["k_g"]
            yv = ec50 if exo is None else exo + ec50
            # exact mean occupancy over the step of (b + g e^{-k s}) / (b + g e^{-k s} + EC50),
            # b = exogenous gonadorelin (held over the step), g = endogenous portal GnRH
            occ = 1 - ec50 / yv * (1 + np.log((yv + g * ctx["decay_g"]) / (yv + g)) / (k_g * dt))
            occ = np.clip(occ, 0.0, 1.0)
            lam = kd * occ + kr * (1 - occ)
            r_inf = kr * (1 - occ) / np.maximum(lam, 1e-12)
            e = np.exp(-lam * dt)
            r_mean = r_inf + (r - r_inf) * (1 - e) / np.maximum(lam * dt, 1e-12)
            act = occ * r_mean
            r_new = r_inf + (r - r_inf) * e
            g_new = g * ctx["decay_g"]
            if k + 1 < len(ctx["pulses"]):
                fire = ctx["pulses"][k + 1]
                if fire.any():
                    g_new = g_new + fire * ctx["peak_scale"] * fb_t
        else:
            if exo is not None and np.any(exo > 0):
                raise ValueError(_GONADORELIN_NEEDS_PULSES)
            # expected effect of the pulse train over the step (see _pulse_response)
            fb_t = 1.0 / (1.0 + (ft / ctx["ft_threshold"][k]) ** self.free_t_feedback_hill)
            peak = ctx["peak_scale"] * fb_t
            tau = ctx["tau"]
            phi = np.log1p(peak / ec50) / ctx["k_g"]
            q = np.exp(-kd * phi)
            rec = ctx["recovery_between_pulses"]
            r_star = (1 - rec) / (1 - q * rec)
            lam = (1 - q * rec) / tau
            if not ctx["all_generate"]:
                gen = ctx["generator"] > 0
                r_star = np.where(gen, r_star, 1.0)
                lam = np.where(gen, lam, kr)
            e = np.exp(-lam * dt)
            r_new = r_star + (r - r_star) * e
            r_mean = r_star + (r - r_star) * (1 - e) / (lam * dt)
            act = (1 - q) / max(kd, 1e-12) / tau * r_mean
            g_new = peak / (ctx["k_g"] * tau)          # mean portal GnRH over the pulse cycle
        # gonadotropins: exact exponential step with secretion held over the step
        drive_pit = self.basal_activation_per_h + act * ef
        lh_ss = ctx["lh_ss_gain"] * drive_pit
        fsh_ss = ctx["fsh_ss_gain"] * drive_pit
        out = np.empty_like(y)
        out[0] = g_new
        out[1] = r_new
        out[2] = lh_ss + (lh - lh_ss) * ctx["e_lh"]
        out[3] = fsh_ss + (fsh - fsh_ss) * ctx["e_fsh"]
        # Leydig LH-receptor signal: LH plus hCG, through a first-order lag
        hcg = drive.get("lh_agonist")
        signal = lh if hcg is None else lh + self.hcg_lh_equivalence * hcg
        out[4] = signal + (lhl - signal) * ctx["e_leydig"]
        out[5] = t_new
        e2_target = self._estradiol_target(t_mean, sec, drive, ctx)
        out[6] = e2_target + (e2 - e2_target) * ctx["e_e2"]
        out[7] = ft_now + (ft_sensed - ft_now) * e_fb
        return out

    def observe(self, y, drive, ctx, k):
        g, r, lh, fsh, lhl, t_total, e2, _ = y
        exo = drive.get("gnrh_agonist")
        gnrh = g if exo is None else g + exo
        if "scalar" in ctx:
            free_t = np.array([self._free_t_scalar(float(t_total[0]), ctx["scalar"])])
        else:
            free_t = free_testosterone_vermeulen(t_total, ctx["shbg"])
        return {"gnrh": gnrh, "lh": lh, "fsh": fsh, "testosterone": t_total,
                "free_testosterone": free_t,
                "estradiol": e2, "shbg": ctx["shbg"].copy(), "receptor_responsive": r,
                "leydig_secretion": self._leydig_secretion(lhl, ctx) * 24.0}
