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
                 ^ SHBG and albumin binding (Vermeulen's mass action; SHBG falls over days  |
                 |   when free T rises above the man's own untreated level)                 |
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
flagged ``calibrated=True`` in the validation table (:mod:`hormonesim.validation`); the others are checks it was not
tuned on. Simulation time 0 is midnight (the clock of the circadian rhythm).

One set of equations serves one man and a cohort: :meth:`MaleHPG._advance` runs on Python floats
for a single subject (numpy calls on length-1 arrays cost microseconds each, and the pulse
resolution takes thousands of steps) and on arrays for a cohort; the small helpers below pick
``math`` or ``numpy`` by the type of their argument. Tests step both side by side.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import ClassVar

import numpy as np

from ..base import Model
from .binding import free_t, shbg_target
from .cohort_step import _cohort_parts, fused_constants, step_cohort
from .float_step import float_stepper
from .parameters import MaleHPGParameters
from .steady_state import kept_steady_state

_GONADORELIN_NEEDS_PULSES = ("gonadorelin changes within minutes and needs resolution='pulse'; "
                             "the pulse-averaged resolution ('mean') cannot represent it")


def _exp(x):
    return math.exp(x) if isinstance(x, float) else np.exp(x)


def _log(x):
    return math.log(x) if isinstance(x, float) else np.log(x)


def _log1p(x):
    return math.log1p(x) if isinstance(x, float) else np.log1p(x)


def _maximum(a, b):
    return max(a, b) if isinstance(a, float) else np.maximum(a, b)


def _clip01(x):
    return min(max(x, 0.0), 1.0) if isinstance(x, float) else np.clip(x, 0.0, 1.0)


def _where(cond, a, b):
    return (a if cond else b) if isinstance(cond, bool) else np.where(cond, a, b)


def _fires(fire) -> bool:
    return fire if isinstance(fire, bool) else bool(fire.any())


def _floats(drive: dict) -> dict:
    """Drug signals of one subject as Python floats."""
    return {key: float(np.ravel(value)[0]) for key, value in drive.items()}


@dataclass(frozen=True)
class MaleHPG(MaleHPGParameters, Model):
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

    outputs: ClassVar = {"gnrh": "pg/mL", "lh": "IU/L", "fsh": "IU/L", "testosterone": "ng/dL",
                         "free_testosterone": "pg/mL", "estradiol": "pg/mL", "shbg": "nmol/L",
                         "receptor_responsive": "fraction", "leydig_secretion": "mg/day",
                         "gonadotroph_capacity": "fraction"}
    state_names: ClassVar = ("gnrh", "responsive", "lh", "fsh", "lh_leydig", "testosterone",
                             "estradiol", "free_t_sensed", "occupancy_slow", "capacity",
                             "shbg")
    drug_targets: ClassVar = frozenset({"testosterone_release", "aromatase_inhibitor",
                                        "gnrh_agonist", "lh_agonist"})

    def __post_init__(self):
        if not isinstance(self.gnrh_pulse_generator, (bool, np.bool_)):
            raise TypeError(f"MaleHPG: gnrh_pulse_generator must be True or False, got "
                            f"{self.gnrh_pulse_generator!r}")
        super().__post_init__()

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
        ctx = {"n": n, "dt": dt, "resolution": resolution, "pulse": resolution == "pulse"}
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
        ctx["shbg"] = self._per_subject(self.shbg_nmol_l, n)        # untreated SHBG
        ctx["e_shbg"] = math.exp(-math.log(2) / self.shbg_half_life_h * dt)
        ctx["cl_t"] = self._per_subject(self.t_clearance_l_per_h, n)
        ctx["k_t"] = math.log(2) / self.t_half_life_h if np.ndim(self.t_half_life_h) == 0 else \
            np.log(2) / self._per_subject(self.t_half_life_h, n)
        ctx["v_t"] = ctx["cl_t"] / ctx["k_t"]
        ctx["leydig_cap"] = self._per_subject(self.leydig_capacity_mg_per_h, n)
        ctx["arom"] = self._per_subject(self.aromatase_activity, n)
        # Leydig secretion at which the testicular E2 share holds (a fixed amount, see the property)
        ctx["leydig_ref"] = self._per_subject(self.testicular_e2_reference_mg_per_h, n)
        # step constants (exact exponential factors and combined gains), computed once
        ctx["e_lh"] = np.exp(-np.log(2) / self.lh_half_life_h * dt)
        ctx["e_fsh"] = np.exp(-np.log(2) / self.fsh_half_life_h * dt)
        ctx["e_leydig"] = np.exp(-dt / np.asarray(self.leydig_delay_h, float))
        ctx["leydig_mean_factor"] = (1 - ctx["e_leydig"]) / (dt / np.asarray(self.leydig_delay_h,
                                                                             float))
        ctx["e_t"] = np.exp(-ctx["k_t"] * dt)
        ctx["t_mean_factor"] = (1 - ctx["e_t"]) / (ctx["k_t"] * dt)
        ctx["e_e2"] = np.exp(-np.log(2) / self.e2_half_life_h * dt)
        # step mean of a stage relaxing exactly towards a held target: (1 - e) / (k dt)
        ctx["e2_mean_factor"] = (1 - ctx["e_e2"]) / (np.log(2) / self.e2_half_life_h * dt)
        ctx["lh_mean_factor"] = (1 - ctx["e_lh"]) / (np.log(2) / self.lh_half_life_h * dt)
        x = dt / np.asarray(self.feedback_delay_h, float)
        ctx["e_fb"] = np.exp(-x)
        ctx["e_occ"] = math.exp(-dt / self.occupancy_memory_h)
        ctx["fb_mean_factor"] = (1 - np.exp(-x)) / x
        ctx["lh_ss_gain"] = self.pituitary_scale * self.lh_release_max * self.lh_half_life_h / np.log(2)
        ctx["fsh_ss_gain"] = self.pituitary_scale * self.fsh_release_max * self.fsh_half_life_h \
            / np.log(2)
        ctx["t_per_mg_h"] = 1e5 / ctx["cl_t"]
        ctx["all_generate"] = bool(np.all(generator > 0))
        ctx["gen"] = generator > 0
        # circadian factor of the pulse amplitude on the grid (mid-step for the mean resolution)
        offset = 0.0 if resolution == "pulse" else dt / 2
        circ = self._circadian(np.add.outer(t_h + offset, np.zeros(1)))
        ctx["peak_scale"] = self.gnrh_pulse_peak_pg_ml * generator                  # (n,)
        # the free-T feedback threshold of the pulse generator follows the clock: one float per
        # step when every subject shares the set point (an (n_steps, n) array took 350 MB for
        # 10,000 men over 26 weeks), else (n_steps, n); the same numbers either way
        if np.ndim(self.free_t_feedback_pg_ml) == 0:
            ctx["ft_threshold"] = (self.free_t_feedback_pg_ml * circ[:, 0]).tolist()
        else:
            ctx["ft_threshold"] = np.broadcast_to(self.free_t_feedback_pg_ml * circ,
                                                  (len(t_h), n)).copy()
        ctx["clock"] = circ[:, 0].tolist()              # the clock factor of the E2 threshold
        ctx["scalar"] = n == 1 and all(np.ndim(getattr(self, f.name)) == 0 for f in fields(self))
        # a cohort at the pulse-averaged resolution takes the fused step (_step_cohort), whose
        # combined constants are computed here once
        ctx["fused"] = (not ctx["scalar"] and resolution == "mean" and ctx["all_generate"])
        if ctx["fused"]:
            ctx["parts"] = _cohort_parts(self._fused_constants(ctx), n)
        if ctx["scalar"]:
            # one subject: the per-subject constants as Python floats, rows as lists
            for key, value in list(ctx.items()):
                if isinstance(value, np.ndarray) and value.shape == (1,):
                    ctx[key] = value.dtype.type(value[0]).item()
                elif isinstance(value, np.ndarray) and value.ndim == 0:
                    ctx[key] = float(value)
            if isinstance(ctx["ft_threshold"], np.ndarray):
                ctx["ft_threshold"] = ctx["ft_threshold"][:, 0].tolist()
            if ctx["pulse"]:
                ctx["pulses"] = ctx["pulses"][:, 0].tolist()
        return ctx

    # -------------------------------------------------------------- mechanism
    def _circadian(self, t_h):
        return 1 + self.circadian_amplitude * np.cos(2 * np.pi * (t_h - self.circadian_peak_clock_h)
                                                     / 24.0)

    def _t_feedback(self, free_t_pg_ml, threshold):
        """Free-T brake on the GnRH pulse amplitude (1 = no brake).

        The circadian rhythm acts on the feedback set points (this threshold and the E2 one, by
        the same factor), not on the drive: a rhythm in the drive would be corrected by the loop
        itself, a rhythm in the whole set point is followed by it. (With the clock on the free-T
        threshold alone, the E2 brake, which carries much of the feedback in men, damped the
        rhythm to a few percent.)
        """
        return 1.0 / (1.0 + (free_t_pg_ml / threshold) ** self.free_t_feedback_hill)

    def _e2_factor(self, e2, clock=1.0):
        """E2 brake on the pituitary (1 = no brake); its threshold follows the same clock as the
        free-T threshold, so the rhythm moves the whole set point."""
        return 1.0 / (1.0 + (e2 / (self.e2_feedback_pg_ml * clock)) ** self.e2_feedback_hill)

    def _hcg_signal(self, hcg_iu_l):
        """LH-equivalent signal (IU/L) of plasma hCG at the Leydig LH receptor, saturating."""
        return self.hcg_lh_equivalence * hcg_iu_l / (1.0 + hcg_iu_l / self.hcg_saturation_iu_l)

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
            / _maximum(ctx["leydig_ref"], 1e-12)
        return peripheral + testicular

    def _pulse_train(self, peak, ctx):
        """Expected effect of the pulse train on the pituitary (pulse-averaged resolution).

        For a GnRH bolus of peak ``A`` decaying at ``k_g``, the integrated occupancy (Hill 1) is
        ``Phi = ln(1 + A/EC50)/k_g`` (h). During a pulse the responsive fraction falls by the
        factor ``q = exp(-k_des Phi)``, and between pulses it recovers by the expected factor
        ``rec``. Returns ``(per_pulse, r_star, lam)``: the activation per pulse and unit
        responsive fraction ``(1 - q)/k_des/tau`` per hour, the responsive fraction the train
        settles to, the rate (1/h) at which it gets there, and the mean receptor occupancy.
        """
        kd = self.desensitisation_per_h
        phi = _log1p(peak / self.gnrh_ec50_pg_ml) / ctx["k_g"]
        q = _exp(-kd * phi)
        rec = ctx["recovery_between_pulses"]
        tau = ctx["tau"]
        r_star = (1 - rec) / (1 - q * rec)
        lam = (1 - q * rec) / tau
        if not ctx["all_generate"]:
            r_star = _where(ctx["gen"], r_star, 1.0)
            lam = _where(ctx["gen"], lam, self.resensitisation_per_h)
        return (1 - q) / max(kd, 1e-12) / tau, r_star, lam, phi / tau

    def _downregulation(self, occupancy_slow):
        """Rate (1/h) at which sustained occupancy removes gonadotroph responsiveness.

        Proportional to the lagged occupancy (receptor internalisation follows occupancy over
        hours). Pulses and continuous flow of the same daily amount down-regulate alike; what
        differs is recovery, which needs free receptors (:meth:`_recovery`), so only pulses with
        gaps between them keep the gonadotrophs responsive [belchetz1978].
        """
        return self.downregulation_per_h * _maximum(occupancy_slow, 0.0)

    def _recovery(self, occupancy):
        """Rate (1/h) of recovery of responsiveness: it needs nearly free receptors, so it runs
        in the gaps between pulses and stalls under continuous exposure (a steep switch, Hill 4,
        at ``recovery_occupancy``)."""
        return self.recovery_per_h / (1.0 + (occupancy / self.recovery_occupancy) ** 4)

    # ---------------------------------------------------------------- state
    def initial_state(self, ctx):
        """Untreated steady state of the pulse-averaged equations (damped fixed-point iteration).

        It depends on the parameters alone, so one man's is kept (by his parameters, in a
        small cache) for his next run: an explorer that moves a dose re-simulates the same man
        many times. So is a cohort's, for the last few cohorts (by the bytes of their
        parameters): a virtual trial runs one cohort under several regimens. One man's 120
        passes run on Python floats (about 2 ms; 10-14 ms on one-element arrays), a cohort's
        on arrays (``male_hpg/steady_state.py``; about 0.1 s for 10,000 men).
        """
        return kept_steady_state(self, ctx)

    def step_keeps_nonnegative(self, ctx) -> bool:
        """Whether :meth:`step` returns no negative value for a non-negative state, so the engine
        can skip its clip: true of the fused cohort step, whose every update is a target >= 0
        plus ``(x - target) * e`` with ``0 <= e <= 1`` (a value between x and the target, also in
        floating point) or a product and quotient of non-negative numbers (a test checks it).
        True as well of one man's step on floats (``male_hpg/float_step.py``, the same
        equations at either resolution, where occupancy is also clipped to [0, 1]; a test
        checks it)."""
        return bool(ctx.get("fused")) or bool(ctx.get("scalar"))

    def step_floats(self, t_h, y, dt, drive, ctx, k):
        """:meth:`step` for one man on Python floats: ``y`` a list, ``drive`` floats.

        The step specialised for this run (``float_stepper`` in ``male_hpg/float_step.py``,
        built at the first step): the same operations as :meth:`_step_generic`, bit for bit,
        at about a third of its cost."""
        stepper = ctx.get("float_step")
        if stepper is None:
            if dt != ctx["dt"]:
                return self._step_generic(y, dt, drive, ctx, k)
            stepper = ctx["float_step"] = float_stepper(self, ctx)
        return stepper(y, drive, k)

    def step(self, t_h, y, dt, drive, ctx, k):
        if ctx.get("fused"):
            return self._step_cohort(y, dt, drive, ctx, k)
        if ctx["scalar"]:
            return np.array(self._step_generic(y[:, 0].tolist(), dt, _floats(drive), ctx, k))[:, None]
        # the rows written into one array (np.array of a list of rows copies them one more time)
        out = np.empty_like(y)
        for i, row in enumerate(self._step_generic(y, dt, drive, ctx, k)):
            out[i] = row
        return out

    def _fused_constants(self, ctx):
        return fused_constants(self, ctx)

    def _step_cohort(self, y, dt, drive, ctx, k):
        """The pulse-averaged step for a cohort, fused (:mod:`.cohort_step`)."""
        return step_cohort(y, dt, drive, ctx, k)


    def _step_generic(self, y, dt, drive, ctx, k):
        """One step (rows of a cohort or one man's floats); :meth:`_step_cohort` is the same
        step fused for a cohort at the pulse-averaged resolution.

        The loop T -> free T -> GnRH -> LH -> Leydig signal -> T must be cut somewhere. Holding
        the Leydig signal at its start-of-step value made the 1-h step oscillate with a period
        of hours, 2-3 fold in T, where the ODE (``derivatives`` under scipy's RK45) is smooth.
        The step therefore feeds testosterone the Leydig signal's step mean: the stage relaxes
        exactly towards LH's step mean (plus hCG), and LH's step mean follows exactly from LH at
        the start of the step and its target. Only that target is not known before the step
        (it closes the loop); it enters LH's step mean with weight ``1 - lh_mean_factor``
        (0.14 at 1-h steps) and the Leydig signal's mean with about 0.05, and is taken from the
        previous step (``ctx["lh_target"]``). Until December 2026 the step made a predictor
        pass to get it (a second pass over every equation for those 5%); the benchmark's tight
        reference (LSODA, rtol 1e-9) gives the same daily-mean errors either way (26 weeks of
        testosterone cypionate: T 1.56% against 1.59%, LH 2.9% against 2.8%; untreated 0.03%),
        at half the cost.
        """
        if ctx["pulse"]:
            return self._advance(y, dt, drive, ctx, k)
        lh, lhl = y[2], y[4]
        lh_ss = ctx.get("lh_target")
        if lh_ss is None:
            lh_ss = lh
        signal = lh_ss + (lh - lh_ss) * ctx["lh_mean_factor"]
        hcg = drive.get("lh_agonist")
        if hcg is not None:
            signal = signal + self._hcg_signal(hcg)
        return self._advance(y, dt, drive, ctx, k,
                             signal + (lhl - signal) * ctx["leydig_mean_factor"])

    def _advance(self, y, dt, drive, ctx, k, lhl_mean=None):
        """One step of every state; ``y`` holds rows (arrays, a cohort) or floats (one man).
        ``lhl_mean``: the Leydig signal's mean over the step (pulse-averaged resolution, see
        :meth:`_step_generic`, which then keeps LH's target for the next step)."""
        g, r, lh, fsh, lhl, t_total, e2, ft_sensed, occ_slow, cap, shbg = y
        # testosterone first: its inputs (Leydig signal, exogenous release) are known at the start
        # of the step, so its exact step mean can drive the feedback (a semi-implicit scheme that
        # keeps the fast T link of the loop stable at hour-long steps)
        sec = self._leydig_secretion(lhl if lhl_mean is None else lhl_mean, ctx)
        exo_t = drive.get("testosterone_release")
        made = sec + self.t_extragonadal_mg_per_h
        t_target = (made if exo_t is None else made + exo_t) * ctx["t_per_mg_h"]
        t_new = t_target + (t_total - t_target) * ctx["e_t"]
        t_mean = t_target + (t_total - t_target) * ctx["t_mean_factor"]
        ft_now = free_t(t_mean, shbg)
        # SHBG relaxes towards the level synthesis sets at this free T (exact linear step)
        shbg_goal = shbg_target(ft_now, ctx, self.shbg_androgen_exponent)
        shbg_new = shbg_goal + (shbg - shbg_goal) * ctx["e_shbg"]
        # exact mean of the sensed (lagged) free T over the step, for the feedback
        ft = ft_now + (ft_sensed - ft_now) * ctx["fb_mean_factor"]
        kd, kr = self.desensitisation_per_h, self.resensitisation_per_h
        ec50 = self.gnrh_ec50_pg_ml
        exo = drive.get("gnrh_agonist")
        threshold = ctx["ft_threshold"]
        if ctx["pulse"]:
            fb_t = self._t_feedback(ft, threshold[min(k + 1, len(threshold) - 1)])
            yv = ec50 if exo is None else exo + ec50
            # exact mean occupancy over the step of (b + g e^{-k s}) / (b + g e^{-k s} + EC50),
            # b = exogenous gonadorelin (held over the step), g = endogenous portal GnRH
            occ = 1 - ec50 / yv * (1 + _log((yv + g * ctx["decay_g"]) / (yv + g))
                                   / (ctx["k_g"] * dt))
            occ = _clip01(occ)
            lam = kd * occ + kr * (1 - occ)
            r_inf = kr * (1 - occ) / _maximum(lam, 1e-12)
            e = _exp(-lam * dt)
            r_mean = r_inf + (r - r_inf) * (1 - e) / _maximum(lam * dt, 1e-12)
            act = occ * r_mean
            r_new = r_inf + (r - r_inf) * e
            occ_mean = occ
            g_new = g * ctx["decay_g"]
            if k + 1 < len(ctx["pulses"]):
                fire = ctx["pulses"][k + 1]
                if _fires(fire):
                    g_new = g_new + fire * ctx["peak_scale"] * fb_t
        else:
            if exo is not None and np.any(exo > 0):
                raise ValueError(_GONADORELIN_NEEDS_PULSES)
            # expected effect of the pulse train over the step (see _pulse_train)
            peak = ctx["peak_scale"] * self._t_feedback(ft, threshold[k])
            per_pulse, r_star, lam, occ_mean = self._pulse_train(peak, ctx)
            e = _exp(-lam * dt)
            r_new = r_star + (r - r_star) * e
            r_mean = r_star + (r - r_star) * (1 - e) / (lam * dt)
            act = per_pulse * r_mean
            g_new = peak / (ctx["k_g"] * ctx["tau"])          # mean portal GnRH over the cycle
        # slow arm: gonadotroph capacity, down-regulated by sustained occupancy (exact linear step
        # with the rate held at its start-of-step value)
        k_up = self._recovery(occ_mean)
        lam_c = k_up + self._downregulation(occ_slow)
        cap_inf = k_up / lam_c
        e_c = _exp(-lam_c * dt)
        cap_new = cap_inf + (cap - cap_inf) * e_c
        cap_mean = cap_inf + (cap - cap_inf) * (1 - e_c) / (lam_c * dt)
        occ_new = occ_mean + (occ_slow - occ_mean) * ctx["e_occ"]
        # estradiol next (its inputs, the step mean of T and the Leydig secretion, are known), so
        # the E2 brake reads E2's exact step mean rather than its start-of-step value
        e2_target = self._estradiol_target(t_mean, sec, drive, ctx)
        e2_new = e2_target + (e2 - e2_target) * ctx["e_e2"]
        e2_mean = e2_target + (e2 - e2_target) * ctx["e2_mean_factor"]
        # gonadotropins: exact exponential step with secretion held over the step
        drive_pit = (self.basal_activation_per_h
                     + act * cap_mean * self._e2_factor(e2_mean, ctx["clock"][k]))
        lh_ss = ctx["lh_ss_gain"] * drive_pit
        if lhl_mean is not None:
            ctx["lh_target"] = lh_ss
        fsh_ss = ctx["fsh_ss_gain"] * drive_pit
        # Leydig LH-receptor signal: LH (its exact step mean) plus hCG, through a first-order lag
        lh_mean = lh_ss + (lh - lh_ss) * ctx["lh_mean_factor"]
        hcg = drive.get("lh_agonist")
        signal = lh_mean if hcg is None else lh_mean + self._hcg_signal(hcg)
        return [g_new, r_new, lh_ss + (lh - lh_ss) * ctx["e_lh"],
                fsh_ss + (fsh - fsh_ss) * ctx["e_fsh"],
                signal + (lhl - signal) * ctx["e_leydig"], t_new, e2_new,
                ft_now + (ft_sensed - ft_now) * ctx["e_fb"], occ_new, cap_new, shbg_new]

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
        g, r, lh, fsh, lhl, t_total, e2, ft_sensed, occ_slow, cap, shbg = y
        sec = self._leydig_secretion(lhl, ctx)
        exo_t = drive.get("testosterone_release")
        made = sec + self.t_extragonadal_mg_per_h
        t_target = (made if exo_t is None else made + exo_t) * ctx["t_per_mg_h"]
        ft_now = free_t(t_total, shbg)
        peak = ctx["peak_scale"] * self._t_feedback(
            ft_sensed, self.free_t_feedback_pg_ml * self._circadian(t_h))
        per_pulse, r_star, lam, occ = self._pulse_train(peak, ctx)
        drive_pit = self.basal_activation_per_h + per_pulse * r * cap * self._e2_factor(
            e2, self._circadian(t_h))
        k_up = self._recovery(occ)
        k_lh = math.log(2) / self.lh_half_life_h
        k_fsh = math.log(2) / self.fsh_half_life_h
        hcg = drive.get("lh_agonist")
        signal = lh if hcg is None else lh + self._hcg_signal(hcg)
        e2_target = self._estradiol_target(t_total, sec, drive, ctx)
        return np.array([
            peak / ctx["tau"] - ctx["k_g"] * g,
            lam * (r_star - r),
            k_lh * (ctx["lh_ss_gain"] * drive_pit - lh),
            k_fsh * (ctx["fsh_ss_gain"] * drive_pit - fsh),
            (signal - lhl) / np.asarray(self.leydig_delay_h, float),
            ctx["k_t"] * (t_target - t_total),
            math.log(2) / self.e2_half_life_h * (e2_target - e2),
            (ft_now - ft_sensed) / np.asarray(self.feedback_delay_h, float),
            (occ - occ_slow) / self.occupancy_memory_h,
            k_up * (1 - cap) - self._downregulation(occ_slow) * cap,
            math.log(2) / self.shbg_half_life_h
            * (shbg_target(ft_now, ctx, self.shbg_androgen_exponent) - shbg),
        ])

    observe_over_samples: ClassVar[bool] = True

    def observe(self, y, drive, ctx, k):
        g, r, lh, fsh, lhl, t_total, e2, _, _, cap, shbg = y
        exo = drive.get("gnrh_agonist")
        gnrh = g if exo is None else g + exo
        shbg = np.broadcast_to(np.asarray(shbg, float), t_total.shape)
        return {"gnrh": gnrh, "lh": lh, "fsh": fsh, "testosterone": t_total,
                "free_testosterone": free_t(t_total, shbg),
                "estradiol": e2, "shbg": shbg.copy(), "receptor_responsive": r,
                "leydig_secretion": self._leydig_secretion(lhl, ctx) * 24.0,
                "gonadotroph_capacity": cap}
