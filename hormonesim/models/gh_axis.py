"""The growth-hormone axis: pulsatile GH from GHRH, somatostatin, ghrelin and IGF-1.

Structure
---------
The model keeps the structure of Farhy, Bowers and Veldhuis's model of human GH regulation
[farhy2007] and adds the two ingredients that make it pulse on its own: a delayed GH ->
somatostatin loop (as in MacGregor and Leng's model of the rat GH system [macgregor2005]) and
stochastic variability of hypothalamic GHRH release. In words:

* **GHRH** (hypothalamic, pg/mL) is released with random minute-to-minute variability, more
  strongly in the first hours of sleep (slow-wave sleep), less with age; somatostatin inhibits
  its release, steeply.
* **Somatostatin** (SRIF, hypothalamic, pg/mL) has a basal release, lowered in slow-wave sleep,
  and a release driven by GH after a delay (a chain of transit stages, mean ``delay_h``).
* **GH** (plasma, ng/mL) is released by the pituitary in proportion to a saturating function
  of GHRH (own plus any GHRH analogue), plus a direct ghrelin-receptor (GHS-R) action, the
  whole multiplied by a somatostatin brake that GHS-R activation opposes
  ``(1 + F1) / (1 + (SRIF/IC50)^2 + F1)`` [farhy2007]; IGF-1 damps it slowly; GH is cleared
  first-order.
* **Ghrelin** (plasma, pg/mL) relaxes to a meal-entrained target (falls after meals, recovers
  before the next [cummings2001]); with any ghrelin-receptor agonist it makes the GHS-R
  activation ``s`` in Farhy's units (endogenous tone = 20 [farhy2007]). GHS-R activation acts
  at three places [farhy2007]: directly on the pituitary (``g0`` term), against somatostatin at
  the pituitary (``F1``) and against somatostatin at the GHRH neurone (``F2``).
* **Releasable GH store** (fraction of full): GH leaves the pituitary in proportion to it; release
  empties it and it refills over hours. This is why a ghrelin-receptor agonist whose level stays
  high for hours still releases one finite episode of GH [gobburu1999].
* **IGF-1** (plasma, ng/mL) is made in proportion to a saturating function of a slow GH exposure
  (GH averaged over about half a day) and cleared slowly, so it varies little within a day; it
  damps pituitary GH release.

Why the loop makes pulses: a GHRH surge releases GH; GH, after a delay, raises somatostatin,
which shuts off GHRH and the pituitary; GH is cleared in minutes; somatostatin falls back; the
next random GHRH surge can then fire. The delay sets the refractory time between pulses.
Why a GHRH analogue and a ghrelin agonist act together: GHRH's action is multiplied by the
somatostatin brake, and ghrelin-receptor activation lifts that brake (``F1``) and lets more
GHRH out (``F2``): the product of two raised factors exceeds the sum of each raised alone.

All concentrations of GHRH and somatostatin are the model's hypothalamic (portal) levels in
Farhy's pg/mL scale, not peripheral plasma levels, which are far lower and barely reflect them.

Time: ``t = 0`` is clock time ``start_clock_h`` (08:00 by default), so a 24 h simulation
contains one night. Integration: exponential Euler with a 1-minute step (each state decays
exactly over the step while its production is held), which is stable for the fast
hypothalamic rates and keeps a 24 h simulation at a few milliseconds. One set of
equations (:func:`_production` and ``GHAxis._advance``) runs on Python floats for one subject
and on numpy rows for a cohort, as in :class:`~hormonesim.FemaleHPO`; the engine's one-subject
loop runs a fused copy of them (:mod:`~hormonesim.models.gh_axis_float_step`), bit for bit the
same numbers at about half the cost per step.

This is a teaching model: its structure and several constants are published, others are
calibrated to the observations in :mod:`hormonesim.validation.gh` or chosen for behaviour and
labelled "teaching"; the validation page lists which.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .._validate import check_choice
from .._memo import read_only_memo
from ..provenance import param
from .base import Model
from .gh_axis_float_step import N_TRANSIT, for_one_subject

_MEALS_CLOCK_H = (8.0, 13.0, 19.0)  # teaching: breakfast, lunch, dinner

#: GHAxis._daily_rhythms's values per (parameters, time grid), GHAxis._step_constants's per
#: (model, step, subjects), each emptied when it holds _KEPT entries
_RHYTHMS: dict = {}
_STEP_CONSTANTS: dict = {}
_KEPT = 16


def _exp(x):
    return math.exp(x) if isinstance(x, float) else np.exp(x)


def _floats(drive: dict) -> dict:
    """Drug signals of one subject as Python floats."""
    return {key: float(np.ravel(value)[0]) for key, value in drive.items()}


def _hill(x, ec50, n):
    """Increasing Hill function (x/ec50)^n / (1 + (x/ec50)^n), 0 for x <= 0."""
    r = (np.maximum(x, 0.0) / ec50) ** n
    return r / (1.0 + r)


@dataclass(frozen=True)
class GHAxis(Model):
    """Pulsatile growth-hormone axis of an adult man (teaching model, see the module docstring).

    Parameters
    ----------
    age : float
        Age (years), 18 to 90. Lowers GHRH drive and the sleep-onset GH surge.
    weight_kg : float
        Body weight (kg), 40 to 200; sets GH's distribution volume (secretion in ug).
    start_clock_h : float
        Clock time (h, 0-24) at t = 0; default 08:00.
    sleep_onset_clock_h : float
        Clock time of sleep onset (h, 0-24); default 23:00.
    sleep : bool
        False simulates a night of sleep deprivation (no sleep-entrained surge).
    delay_h : float
        Mean delay of the GH -> somatostatin feedback (h).
    ghrh_noise_cv : float
        Coefficient of variation of hypothalamic GHRH release (random surges).
    age_decline_per_decade : float
        Fractional fall of GHRH drive per decade after 25 y.

    Notes
    -----
    Other parameters are rates, potencies and Hill constants listed with their sources by
    ``GHAxis().parameters()``.

    Examples
    --------
    >>> import hormonesim as hs
    >>> res = hs.simulate(hs.GHAxis(age=40), duration="24h", seed=1)
    >>> res.units["gh"]
    'ng/mL'
    """

    # ------------------------------------------------------------------ subject
    age: float = param(40.0, "y", "teaching: adult man", low=18.0, high=90.0)
    weight_kg: float = param(80.0, "kg", "teaching: reference man", low=40.0, high=200.0)
    start_clock_h: float = param(8.0, "h", "teaching: simulations start at 08:00", low=0.0,
                                 high=24.0)
    sleep_onset_clock_h: float = param(23.0, "h", "teaching: lights out at 23:00", low=0.0,
                                       high=24.0)
    sleep: bool = True
    # ------------------------------------------------------------------ GH (pituitary, plasma)
    gh_half_life_min: float = param(
        20.0, "min", "derived: between exogenous 14-19 min and endogenous 23-26 min [holl1993]",
        low=5.0, high=60.0)
    gh_volume_l_per_kg: float = param(
        0.07, "L/kg", "teaching: GH distribution volume about 7% of body weight, plasma plus part "
        "of the extracellular fluid", low=0.02, high=0.3)
    gh_max_release: float = param(
        270.0, "ng/mL/h", "calibrated: peak GH after 1 ug/kg IV GHRH(1-29) [wilton1993]; "
        "Farhy's kr1 is 600 [farhy2007]", low=1.0, high=2000.0)
    ghrh_ec50: float = param(300.0, "pg/mL", "teaching: Farhy's t1 is 400 [farhy2007]",
                             low=10.0, high=5000.0)
    ghrh_hill: float = param(3.0, "1", "teaching: Farhy's n1 is 5 [farhy2007]", low=1.0, high=8.0)
    gh_pool_ng_ml: float = param(
        120.0, "ng/mL", "calibrated: a ghrelin-receptor agonist releases one finite episode of GH "
        "even while its level stays high [gobburu1999]; size of the releasable store in plasma-"
        "concentration units", low=1.0, high=1000.0)
    pool_refill_half_life_h: float = param(
        1.5, "h", "teaching: the releasable GH store refills over hours", low=0.1, high=24.0)
    srif_ic50_pituitary: float = param(20.0, "pg/mL", "calibrated: interpulse GH nadir; Farhy's "
                                       "t2 is 10 [farhy2007]", low=1.0, high=500.0)
    srif_hill_pituitary: float = param(2.0, "1", "farhy2007", low=1.0, high=6.0)
    # ------------------------------------------------------------------ somatostatin
    srif_elimination_per_h: float = param(25.0, "1/h", "farhy2007", "t1/2 1.7 min",
                                          low=1.0, high=200.0)
    srif_basal_release: float = param(700.0, "pg/mL/h", "calibrated: interpulse GH nadir; "
                                      "Farhy's S_basal is 900 [farhy2007]", low=0.0, high=1e5)
    srif_gh_release: float = param(3000.0, "pg/mL/h", "calibrated: pulse count; Farhy's kr4 is "
                                   "20400 [farhy2007]", low=0.0, high=1e6)
    srif_gh_ec50: float = param(4.0, "ng/mL", "teaching: Farhy's t5 is 10 [farhy2007]",
                                low=0.1, high=100.0)
    srif_gh_hill: float = param(2.0, "1", "farhy2007", low=1.0, high=6.0)
    delay_h: float = param(0.3, "h", "calibrated: GH pulse frequency [winer1990]; the delayed "
                           "GH -> somatostatin loop of [macgregor2005] sets the refractory time",
                           low=0.05, high=3.0)
    # ------------------------------------------------------------------ GHRH
    ghrh_elimination_per_h: float = param(40.0, "1/h", "farhy2007", "t1/2 1 min",
                                          low=1.0, high=400.0)
    ghrh_max_release: float = param(1700.0, "pg/mL/h", "calibrated: pulse count and mean GH; "
                                    "Farhy's kr3 is 63000 [farhy2007]", low=0.0, high=1e6)
    srif_ic50_hypothalamus: float = param(80.0, "pg/mL", "teaching: Farhy's t4 is 28 [farhy2007]",
                                          low=1.0, high=1000.0)
    srif_hill_hypothalamus: float = param(4.0, "1", "teaching: Farhy's n4 is 5 [farhy2007]",
                                          low=1.0, high=8.0)
    ghrh_noise_cv: float = param(1.0, "1", "teaching: random GHRH surges, as the stochastic "
                                 "GHRH neurones of [macgregor2005]", low=0.0, high=3.0)
    ghrh_noise_corr_h: float = param(0.1, "h", "calibrated: GH pulse frequency [winer1990]; "
                                     "duration of a random GHRH surge",
                                     low=0.02, high=3.0)
    age_decline_per_decade: float = param(
        0.08, "1", "calibrated: with the fading sleep-onset surge, GH secretion falls about 14% "
        "per decade of adult life [toogood1996]",
        low=0.0, high=0.5)
    # ------------------------------------------------------------------ sleep
    sleep_ghrh_gain: float = param(3.0, "1", "teaching: the largest GH pulse follows sleep onset "
                                   "(slow-wave sleep) [vancauter2000]", low=0.0, high=5.0)
    sleep_srif_dip: float = param(0.6, "1", "teaching: somatostatin tone falls in slow-wave sleep",
                                  low=0.0, high=0.95)
    sws_duration_h: float = param(3.0, "h", "teaching: slow-wave sleep concentrates in the first "
                                  "third of the night [vancauter2000]", low=0.5, high=8.0)
    sleep_age_halving_y: float = param(
        25.0, "y", "teaching: slow-wave sleep and sleep-onset GH fall steeply from young "
        "adulthood to midlife [vancauter2000]", low=5.0, high=100.0)
    # ------------------------------------------------------------------ ghrelin and GHS-R
    ghrelin_baseline: float = param(500.0, "pg/mL", "teaching: total plasma ghrelin of the "
                                    "order of hundreds of pg/mL", low=10.0, high=5000.0)
    ghrelin_half_life_min: float = param(30.0, "min", "teaching: total ghrelin clears in tens "
                                         "of minutes", low=2.0, high=240.0)
    meal_suppression: float = param(0.4, "1", "teaching: ghrelin falls after meals and rises "
                                    "before the next [cummings2001]", low=0.0, high=0.9)
    ghs_endogenous: float = param(20.0, "Farhy GHS units", "farhy2007",
                                  "GHS-R activation by own ghrelin", low=0.0, high=1000.0)
    ghs_direct_gain: float = param(1.0, "1", "farhy2007", "g0", low=0.0, high=20.0)
    ghs_direct_ec50: float = param(200.0, "Farhy GHS units", "farhy2007", "tg0", low=1.0,
                                   high=1e5)
    ghs_direct_hill: float = param(2.9, "1", "farhy2007", "ng0", low=1.0, high=8.0)
    ghs_pit_gain: float = param(45000.0, "1", "farhy2007", "g1: GHS-R opposes SRIF at the "
                                "pituitary", low=0.0, high=1e6)
    ghs_pit_ec50: float = param(390.0, "Farhy GHS units", "farhy2007", "tg1", low=1.0, high=1e5)
    ghs_pit_hill: float = param(3.0, "1", "farhy2007", "ng1", low=1.0, high=8.0)
    ghs_hyp_gain: float = param(100.0, "1", "farhy2007", "g2: GHS-R opposes SRIF at the GHRH "
                                "neurone", low=0.0, high=1e5)
    ghs_hyp_ec50: float = param(10000.0, "Farhy GHS units", "farhy2007", "tg2", low=1.0,
                                high=1e6)
    ghs_hyp_hill: float = param(2.0, "1", "farhy2007", "ng2", low=1.0, high=8.0)
    # ------------------------------------------------------------------ drugs (PD)
    ghrh_analogue_potency: float = param(
        1.0, "1", "teaching: 1 pg/mL of GHRH(1-29) in plasma counts as 1 pg/mL of GHRH at the "
        "somatotroph; dose-response checked against [sassolas1986]", low=0.0, high=100.0)
    ipamorelin_sc50_ng_ml: float = param(
        152.0, "ng/mL", "derived: SC50 214 nmol/L x 711.9 g/mol [gobburu1999]", low=1.0,
        high=1e4)
    ipamorelin_max_ghs: float = param(
        1000.0, "Farhy GHS units", "calibrated: GH peak time and dose-response after "
        "intravenous ipamorelin [gobburu1999]", low=0.0, high=1e6)
    # ------------------------------------------------------------------ IGF-1
    igf1_half_life_h: float = param(15.0, "h", "teaching: IGF-1 in the ternary complex with "
                                    "IGFBP-3 and ALS clears over about half a day",
                                    low=1.0, high=100.0)
    gh_exposure_half_life_h: float = param(
        12.0, "h", "teaching: the liver's IGF-1 output follows GH averaged over about a day, "
        "so IGF-1 varies little within a day", low=0.5, high=96.0)
    igf1_basal: float = param(10.0, "ng/mL", "teaching: IGF-1 made without GH", low=0.0,
                              high=500.0)
    igf1_gh_gain: float = param(800.0, "ng/mL", "calibrated: IGF-1 about 230 ng/mL at 25 y "
                              "and about 110 ng/mL at 85 y, the trend of adult reference ranges",
                                low=0.0, high=2000.0)
    igf1_gh_ec50: float = param(5.0, "ng/mL", "teaching: IGF-1 output saturates with mean GH",
                                low=0.05, high=50.0)
    igf1_feedback_ref: float = param(180.0, "ng/mL", "teaching: IGF-1 at which its feedback "
                                     "is neutral", low=10.0, high=1000.0)
    igf1_feedback_exponent: float = param(0.5, "1", "teaching: IGF-1 damps pituitary GH release",
                                          low=0.0, high=4.0)

    n_transit: ClassVar[int] = 4
    outputs: ClassVar = {"gh": "ng/mL", "ghrh": "pg/mL", "somatostatin": "pg/mL",
                         "ghrelin": "pg/mL", "igf1": "ng/mL", "gh_secretion": "ug/h"}
    state_names: ClassVar = ("gh", "somatostatin", "ghrh", "ghrelin", "igf1",
                             "releasable_pool", "gh_exposure") + tuple(
        f"gh_transit_{i}" for i in range(4))
    drug_targets: ClassVar = frozenset({"ghrh_agonist", "ghs_agonist"})
    max_duration_h: ClassVar[float] = 12 * 168.0
    step_h: ClassVar[float] = 1.0 / 60.0

    def check_parameters(self) -> None:
        if not isinstance(self.sleep, (bool, np.bool_)):
            raise TypeError(f"GHAxis: sleep must be True or False, got {self.sleep!r}")
        super().check_parameters()

    # ---------------------------------------------------------------- derived
    @property
    def gh_elimination_per_h(self):
        """GH elimination rate constant ln 2 / half-life (1/h)."""
        return math.log(2) * 60.0 / np.asarray(self.gh_half_life_min, float)

    @property
    def gh_volume_l(self):
        """GH distribution volume (L)."""
        return np.asarray(self.gh_volume_l_per_kg, float) * np.asarray(self.weight_kg, float)

    @property
    def age_factor(self):
        """Multiplier of GHRH drive for age: (1 - decline)^((age - 25)/10) after 25 y."""
        decades = np.maximum(np.asarray(self.age, float) - 25.0, 0.0) / 10.0
        return (1.0 - np.asarray(self.age_decline_per_decade, float)) ** decades

    @property
    def sleep_gain_at_age(self):
        """Sleep-onset gain on GHRH drive, halving every ``sleep_age_halving_y`` after 20 y."""
        years = np.maximum(np.asarray(self.age, float) - 20.0, 0.0)
        return np.asarray(self.sleep_ghrh_gain, float) * 0.5 ** (years / self.sleep_age_halving_y)

    # ---------------------------------------------------------------- engine hooks
    def resolutions(self):
        return ("pulse",)

    def time_step_h(self, resolution):
        check_choice("resolution", resolution, self.resolutions())
        return self.step_h

    def record_every_h(self, resolution, duration_h):
        if duration_h <= 72:
            return self.step_h
        if duration_h <= 24 * 21:
            return 5 * self.step_h
        return 15 * self.step_h

    def sleep_weight(self, t_h: np.ndarray) -> np.ndarray:
        """Slow-wave-sleep weight (0-1) at simulation times ``t_h`` (h): 1 early in the night.

        A smooth window that rises over 15 min after sleep onset and fades over the last
        hour of ``sws_duration_h``; zero if ``sleep`` is False.
        """
        t_h = np.asarray(t_h, float)
        if not self.sleep:
            return np.zeros_like(t_h)
        since = np.mod(t_h + self.start_clock_h - self.sleep_onset_clock_h, 24.0)
        rise = np.clip(since / 0.25, 0.0, 1.0)
        fall = np.clip((self.sws_duration_h - since) / 1.0, 0.0, 1.0)
        return rise * fall

    def ghrelin_target(self, t_h: np.ndarray) -> np.ndarray:
        """Meal-entrained ghrelin target (pg/mL) at times ``t_h`` (h).

        Each meal lowers the target by ``meal_suppression`` (decaying over ~2 h) and the
        target rises by half that before the next meal (pre-prandial rise [cummings2001]).
        """
        clock = np.mod(np.asarray(t_h, float) + self.start_clock_h, 24.0)
        post = np.zeros_like(clock)
        pre = np.zeros_like(clock)
        for meal in _MEALS_CLOCK_H:
            since = np.mod(clock - meal, 24.0)
            post += np.exp(-since / 2.0) * (since < 6.0)
            until = np.mod(meal - clock, 24.0)
            pre += np.exp(-until / 1.0) * (until < 3.0)
        return self.ghrelin_baseline * (1.0 - self.meal_suppression * np.minimum(post, 1.0)
                                        + 0.5 * self.meal_suppression * np.minimum(pre, 1.0))

    def _daily_rhythms(self, t_h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`sleep_weight` and :meth:`ghrelin_target` at ``t_h``, read-only. They depend
        on the clock, sleep and meal parameters and the time grid only, and most runs repeat a
        grid (an explorer's three men, a dose slider moved): for scalar parameters the last
        grids' values are kept (0.2 ms a day saved)."""
        t_h = np.asarray(t_h, float)
        params = (self.start_clock_h, self.sleep_onset_clock_h, self.sleep, self.sws_duration_h,
                  self.ghrelin_baseline, self.meal_suppression)
        if any(isinstance(p, np.ndarray) for p in params):    # per-subject: not kept
            return self.sleep_weight(t_h), self.ghrelin_target(t_h)
        return read_only_memo(_RHYTHMS, params + (t_h.tobytes(),), lambda: (
            self.sleep_weight(t_h), self.ghrelin_target(t_h)), _KEPT)

    def _step_constants(self, dt: float, n: int) -> dict:
        """The context's parts that depend on the parameters and the step ``dt`` (h) only,
        read-only; kept per (model, step) for scalar parameters (explorers rerun a model), a
        cohort's model (arrays: not hashable) computes them every run."""
        try:
            found = _STEP_CONSTANTS.get((self, dt, n))
        except TypeError:                                  # per-subject arrays: not kept
            return self._compute_step_constants(dt, n)
        if found is None:
            found = self._compute_step_constants(dt, n)
            for value in found.values():
                if isinstance(value, np.ndarray):
                    value.flags.writeable = False
            if len(_STEP_CONSTANTS) >= _KEPT:
                _STEP_CONSTANTS.clear()
            _STEP_CONSTANTS[(self, dt, n)] = found
        return found

    def _compute_step_constants(self, dt: float, n: int) -> dict:
        """Noise filter, decay and gain factors over a step, the equations' constants."""
        cv = np.broadcast_to(np.asarray(self.ghrh_noise_cv, float), (n,))
        k_ghrelin = math.log(2) * 60.0 / np.asarray(self.ghrelin_half_life_min, float)
        k_igf = math.log(2) / np.asarray(self.igf1_half_life_h, float)
        k_tr = self.n_transit / np.asarray(self.delay_h, float)
        rates = [self.gh_elimination_per_h, np.asarray(self.srif_elimination_per_h, float),
                 np.asarray(self.ghrh_elimination_per_h, float), k_ghrelin, k_igf]
        gain_frac = np.stack([np.broadcast_to((1 - np.exp(-r * dt)) / r, (n,)) for r in rates])
        # production terms are multiplied by (1 - e^{-k dt})/k in the step, so the IGF-1 and
        # ghrelin "production" is target level x k
        gain_frac[4] *= k_igf
        return {
            "noise_sd": np.sqrt(np.log1p(cv ** 2)),
            "noise_decay": np.exp(-dt / np.broadcast_to(
                np.asarray(self.ghrh_noise_corr_h, float), (n,))),
            "sleep_gain": np.broadcast_to(self.sleep_gain_at_age, (n,)),
            "drive_at_age": np.asarray(self.ghrh_max_release, float) * self.age_factor,
            "srif_dip": np.asarray(self.sleep_srif_dip, float),
            "srif_basal_release": np.asarray(self.srif_basal_release, float),
            "k_ghrelin": k_ghrelin,
            "decay": np.stack([np.broadcast_to(np.exp(-r * dt), (n,)) for r in rates]),
            "gain": gain_frac,
            "transit_decay": np.broadcast_to(np.exp(-k_tr * dt), (n,)),
            "constants": self._constants(scalar=n == 1),
            "gh_volume_l": self.gh_volume_l,
            "pool_refill_per_h": math.log(2) / np.asarray(self.pool_refill_half_life_h, float),
            "pool_ng_ml": np.asarray(self.gh_pool_ng_ml, float),
            "exposure_decay": np.broadcast_to(np.exp(-math.log(2) * dt / np.asarray(
                self.gh_exposure_half_life_h, float)), (n,))}

    def prepare(self, t_h, rng, resolution):
        # imported here, not with the module: scipy.signal (and the scipy.stats it loads) takes
        # about 0.6 s to import, which every `import hormonesim` paid, GH model or not
        from scipy.signal import lfilter

        n = self.n_subjects
        dt = float(t_h[1] - t_h[0]) if len(t_h) > 1 else self.step_h
        n_t = len(t_h)
        fixed = self._step_constants(dt, n)
        # log-normal GHRH variability: an Ornstein-Uhlenbeck process in log space (mean 1)
        sig, a = fixed["noise_sd"], fixed["noise_decay"]
        eps = rng.standard_normal((n_t, n))
        z_before = rng.standard_normal(n)  # the process's value just before t = 0 (stationary)
        z = np.empty((n_t, n))
        if np.all(a == a[0]):  # one linear filter for all subjects, vectorised over time
            z[:] = lfilter([np.sqrt(1 - a[0] ** 2)], [1.0, -a[0]], eps, axis=0,
                           zi=(a[0] * z_before)[None, :])[0]
        else:
            for j in range(n):
                z[:, j] = lfilter([np.sqrt(1 - a[j] ** 2)], [1.0, -a[j]], eps[:, j],
                                  zi=[a[j] * z_before[j]])[0]
        noise = np.exp(sig * z - sig ** 2 / 2)
        sleep_w, ghrelin_target = self._daily_rhythms(t_h)
        sleep_w = sleep_w[:, None]
        ghrh_drive = fixed["drive_at_age"] * noise * (1.0 + fixed["sleep_gain"] * sleep_w)
        # slow-wave sleep lowers somatostatin release, basal and GH-driven alike
        srif_scale = np.broadcast_to(1.0 - fixed["srif_dip"] * sleep_w, (n_t, n))
        ghrelin_target = np.broadcast_to(ghrelin_target[:, None], (n_t, n))
        ctx = {"ghrh_drive": ghrh_drive, "srif_basal": fixed["srif_basal_release"] * srif_scale,
               "srif_scale": srif_scale, "ghrelin_target": ghrelin_target,
               "ghrelin_prod": ghrelin_target * fixed["k_ghrelin"], "n": n, "scalar": n == 1}
        for key in ("decay", "gain", "transit_decay", "constants", "gh_volume_l",
                    "pool_refill_per_h", "pool_ng_ml", "exposure_decay"):
            ctx[key] = fixed[key]
        if n == 1:   # one subject: Python floats (numpy on length-1 arrays costs microseconds)
            for_one_subject(ctx, None if self.n_transit == N_TRANSIT else (
                lambda y, drive, dt, k: self._advance(y, [0.0] * len(y), dt, drive, ctx, k)))
        return ctx

    def typical_mean_gh(self):
        """Approximate 24 h mean GH (ng/mL) of an untreated subject, used to start the GH
        exposure and IGF-1 at their steady levels (calibrated: fitted to the model's own 24 h
        means across age)."""
        return 1.55 * self.age_factor ** 2.0

    def initial_state(self, ctx):
        n = ctx["n"]
        y = np.empty((len(self.state_names), n))
        srif0 = (np.asarray(self.srif_basal_release, float) + np.asarray(self.srif_gh_release, float)
                 * _hill(0.3, self.srif_gh_ec50, self.srif_gh_hill)) / self.srif_elimination_per_h
        y[0] = 0.3
        y[1] = srif0
        y[2] = 50.0
        y[3] = ctx["ghrelin_target"][0]
        m = self.typical_mean_gh()
        y[4] = self.igf1_basal + self.igf1_gh_gain * m / (m + self.igf1_gh_ec50)
        y[5] = 1.0
        y[6] = self.typical_mean_gh()
        y[7:] = 0.3
        return y

    # ---------------------------------------------------------------- equations
    def ghs_activation(self, ghrelin, ipamorelin_ng_ml):
        """GHS-R activation in Farhy's units from own ghrelin (pg/mL) and ipamorelin (ng/mL)."""
        drug = np.asarray(ipamorelin_ng_ml, float)
        return (self.ghs_endogenous * np.asarray(ghrelin, float) / self.ghrelin_baseline
                + self.ipamorelin_max_ghs * drug / (drug + self.ipamorelin_sc50_ng_ml))

    def _constants(self, scalar: bool) -> tuple:
        """Parameters in the order :func:`_production` reads them (floats for one subject)."""
        names = ("gh_max_release", "ghrh_ec50", "ghrh_hill", "srif_ic50_pituitary",
                 "srif_hill_pituitary", "srif_gh_release", "srif_gh_ec50", "srif_gh_hill",
                 "srif_ic50_hypothalamus", "srif_hill_hypothalamus", "ghs_endogenous",
                 "ghrelin_baseline", "ipamorelin_max_ghs", "ipamorelin_sc50_ng_ml",
                 "ghs_direct_gain", "ghs_direct_ec50", "ghs_direct_hill", "ghs_pit_gain",
                 "ghs_pit_ec50", "ghs_pit_hill", "ghs_hyp_gain", "ghs_hyp_ec50", "ghs_hyp_hill",
                 "ghrh_analogue_potency", "igf1_feedback_ref", "igf1_feedback_exponent",
                 "igf1_basal", "igf1_gh_gain", "igf1_gh_ec50")
        values = [getattr(self, n) for n in names]
        if scalar:
            return tuple(v if type(v) is float else float(np.asarray(v).reshape(-1)[0])
                         for v in values)
        return tuple(np.asarray(v, float) for v in values)

    def _rates(self, y, drive, ctx, k):
        """Production rates (per hour) of GH (ng/mL/h), somatostatin and GHRH (pg/mL/h) and
        IGF-1 (ng/mL per clearance time), from state ``y`` and the drug signals; ``k`` is the
        step (an int), or the steps of one subject's samples (an int array, with ``y`` and the
        signals over those samples: :meth:`observe` after the run)."""
        if isinstance(k, np.ndarray):
            srif_basal, srif_scale, ghrh_drive = (np.asarray(ctx[key])[k] for key in (
                "srif_basal", "srif_scale", "ghrh_drive"))
        else:
            srif_basal, srif_scale, ghrh_drive = (ctx["srif_basal"][k], ctx["srif_scale"][k],
                                                  ctx["ghrh_drive"][k])
        return _production(ctx["constants"], y[0], y[1], y[2], y[3], y[4], y[6], y[-1],
                           drive.get("ghrh_agonist", 0.0), drive.get("ghs_agonist", 0.0),
                           srif_basal, srif_scale, ghrh_drive)

    def step_floats(self, t_h, y, dt, drive, ctx, k):
        """:meth:`step` for one subject on Python floats: ``y`` a list, ``drive`` floats.

        Runs the fused copy of the equations built by :meth:`prepare`
        (:func:`~hormonesim.models.gh_axis_float_step.one_subject_step`), which gives bit for
        bit what :meth:`_advance` gives, at about a third of its cost."""
        return ctx["float_step"](y, drive, dt, k)

    def step_keeps_nonnegative(self, ctx) -> bool:
        """Whether :meth:`step` returns no negative value for a non-negative state, so the engine
        can skip its clip: true. Every production rate is a sum, product or quotient of
        non-negative numbers (states, parameters, the drugs' signals, which the drug kinetics
        clip at zero), or a non-negative number raised to a power; every state update is
        ``y * e + production * gain`` with ``e`` and ``gain`` >= 0, or, for the pool,
        ``pool * e + k / a * (1 - e)`` with ``0 < e <= 1``: in floating point too, no update
        can go below zero (``test_outputs_finite_and_non_negative`` checks the outputs)."""
        return True

    def step(self, t_h, y, dt, drive, ctx, k):
        if ctx["scalar"]:   # one subject: the same equations on Python floats
            rows = y[:, 0].tolist()
            return np.array(self._advance(rows, [0.0] * len(rows), dt, _floats(drive), ctx,
                                          k))[:, None]
        return self._advance(y, np.empty_like(y), dt, drive, ctx, k)

    def _advance(self, y, new, dt, drive, ctx, k):
        """One step of every state: ``y`` and ``new`` are rows (arrays, a cohort) or floats
        (a list, one subject); exponential Euler, each state exact for its production held."""
        p_gh, p_srif, p_ghrh, p_igf = self._rates(y, drive, ctx, k)
        pool = y[5]
        # GH leaves the pituitary in proportion to its releasable store
        prod = (p_gh * pool, p_srif, p_ghrh, ctx["ghrelin_prod"][k], p_igf)
        decay, gain = ctx["decay"], ctx["gain"]
        for i in range(5):
            new[i] = y[i] * decay[i] + prod[i] * gain[i]
        # releasable pool: refilled first-order, emptied by release (exact for p_gh held)
        k_refill = ctx["pool_refill_per_h"]
        a = k_refill + p_gh / ctx["pool_ng_ml"]
        e = _exp(-a * dt)
        new[5] = pool * e + k_refill / a * (1.0 - e)
        # slow hepatic GH exposure (drives IGF-1): relaxes to GH over about a day
        e = ctx["exposure_decay"]
        new[6] = y[6] * e + y[0] * (1.0 - e)
        # transit chain GH -> delayed GH signal: each stage relaxes exactly to its input
        e = ctx["transit_decay"]
        previous = y[0]
        for i in range(7, len(y)):
            new[i] = y[i] * e + previous * (1.0 - e)
            previous = y[i]
        return new

    #: observe reads the step's inputs of ``ctx`` at the samples' steps ``k`` (see _rates), so
    #: the engine may observe one subject's samples all at once, after the run
    observe_over_samples: ClassVar[bool] = True

    def observe(self, y, drive, ctx, k):
        # the rates at the sample, from the drugs' level at that instant (the step after it
        # computes its own, from the drugs' mean over the step)
        if ctx["scalar"] and not isinstance(k, np.ndarray):
            p_gh = self._rates(y[:, 0].tolist(), _floats(drive), ctx, k)[0]
        else:
            p_gh = self._rates(y, drive, ctx, k)[0]
        # ng/mL/h x L = ug/h (p_gh is a float for one subject, an array for a cohort)
        secretion = y[5] * (p_gh * ctx["gh_volume_l"])
        return {"gh": y[0], "ghrh": y[2], "somatostatin": y[1], "ghrelin": y[3], "igf1": y[4],
                "gh_secretion": secretion}

    # ---------------------------------------------------------------- helpers
    def daily_secretion_ug(self, res) -> float | np.ndarray:
        """GH secreted per 24 h (ug/day) in a result of this model, from its ``gh_secretion``."""
        t = res.t_hours
        sec = res["gh_secretion"]
        total = np.trapezoid(sec, t, axis=-1) if hasattr(np, "trapezoid") else np.trapz(sec, t, axis=-1)
        return total * 24.0 / (t[-1] - t[0])


def _production(c, gh, srif, ghrh, ghrelin, igf1, gh_exposure, gh_delayed, analogue, agonist,
                srif_basal, srif_scale, ghrh_drive):
    """Production rates of GH, somatostatin, GHRH and IGF-1 (the model's equations).

    Written with arithmetic only, so it runs on Python floats (one subject, fast) and on numpy
    arrays (a cohort) alike. All inputs are non-negative (the engine clamps states at zero).
    """
    (gh_max, ghrh_ec50, ghrh_n, srif_ic50_pit, srif_n_pit, srif_gh_rel, srif_gh_ec50, srif_gh_n,
     srif_ic50_hyp, srif_n_hyp, ghs_endo, ghrelin_base, ipa_max, ipa_sc50, g0, tg0, ng0,
     g1, tg1, ng1, g2, tg2, ng2, potency, igf_ref, igf_exp, igf_basal, igf_gain,
     igf_ec50) = c
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
    r = (gh_delayed / srif_gh_ec50) ** srif_gh_n
    p_srif = srif_basal + srif_scale * srif_gh_rel * r / (1.0 + r)
    p_ghrh = ghrh_drive * (1.0 + f2) / (1.0 + (srif / srif_ic50_hyp) ** srif_n_hyp + f2)
    p_igf = igf_basal + igf_gain * gh_exposure / (gh_exposure + igf_ec50)
    return p_gh, p_srif, p_ghrh, p_igf
