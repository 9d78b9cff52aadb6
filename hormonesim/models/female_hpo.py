"""The female hypothalamic-pituitary-ovarian (HPO) axis: menstrual cycle and menopause transition.

What the model is built from
----------------------------
The structure is a reduced form of the Selgrade family of menstrual-cycle models
[harrisclark2003], [margolskee2013]: pituitary LH and FSH whose synthesis is inhibited by
estradiol (E2), progesterone (P4) and inhibin at low E2, and switched to a surge by high E2
(positive feedback, blocked by P4); an ovary whose follicles grow under FSH, become
LH-dependent as they dominate, ovulate under the LH surge and turn into a corpus luteum that
passes through a chain of luteal stages making P4, E2 and inhibin A. Margolskee and Selgrade
extended this to the whole reproductive life span by letting recruitment from a shrinking
follicle pool drive the transition [margolskee2013]; here the size of that pool is the
parameter ``follicle_reserve``. From Röblitz et al.'s GynCycle [roblitz2013] the model takes
P4's slowing of hypothalamic GnRH drive, acting on both gonadotropins.

What was kept, what was dropped (the honest list)
-------------------------------------------------
Kept: E2 negative feedback at low levels and positive feedback at high levels on LH (and less
on FSH); P4 inhibition of the surge and of basal gonadotropin drive; inhibin suppression of FSH;
FSH-driven follicle growth with a threshold (growth wins over atresia only when FSH is high
enough), LH-driven growth of a dominant follicle, LH-surge-driven ovulation, a luteal chain.
Feedback delays (delay differential equations in [harrisclark2003]) are replaced by short
transit chains (linear chain trick), so the engine's fixed-step loop integrates them.

Dropped: the separate LH/FSH reserve pools of [harrisclark2003] (synthesis goes straight to
plasma), the nine separately parameterised ovarian stages (one growing-cohort state and six
luteal stages here), GnRH pulses and receptor binding of [roblitz2013], AMH and primordial
follicle dynamics of [margolskee2013] (the reserve is a parameter, constant over a simulation:
the transition takes years, a simulation weeks to months), separate inhibin A and B outputs,
estrone. Parameters of the cycle are calibrated to the cycle observations in
:mod:`hormonesim.validation.female` (cycle length, E2 and LH peaks, luteal P4,
postmenopausal E2 and FSH), not copied from the papers, whose units and states differ.

How the menopause transition emerges
------------------------------------
Recruitment into the growing cohort, the cohort's size and the inhibin made by the antral
follicles all scale with ``follicle_reserve``. With a smaller reserve (1) less inhibin lets FSH
rise first, (2) each follicular phase starts from fewer follicles, lasts longer and reaches a
lower E2 peak, (3) when the peak E2 falls below the level that triggers positive feedback,
ovulation fails: no corpus luteum, no P4, and the cycle turns into waves of follicle growth
and atresia with unopposed E2. Slow random variation of follicle quality (seeded) makes
ovulation intermittent near that threshold: irregular cycles. With no reserve left, E2 comes
only from extra-ovarian aromatisation, P4 from the adrenal, and FSH and LH rise to
postmenopausal levels.

Drugs
-----
Exogenous hormones enter as release fluxes (mg/h of hormone into plasma) at the targets
``estradiol_release``, ``progesterone_release``, ``estriol_release`` and
``testosterone_release``; the model clears each with its own clearance. Steroid half-lives
(minutes to an hour) are short next to the step, so each plasma steroid is its quasi-steady
level, production / clearance.

Endometrial indicator
---------------------
``endometrial_stimulation`` (dimensionless) integrates estrogenic drive and decays when
progesterone opposes it: about 1 at the end of a normal follicular phase, near 0 after the
luteal phase. Above 1 and rising means proliferative stimulation beyond a normal cycle's,
unopposed by progesterone: the reason systemic estrogen for a woman with a uterus is combined
with a progestogen [nams2022]. It is a teaching indicator, not a risk estimate.

Time step 2 h, exponential Euler (each state decays exactly over the step while its
production is held), so 8 weeks take a fraction of a second.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .._validate import check_choice, check_number
from .base import Model
from .female_hpo_floats import advance, float_constants, steroids
from .female_hpo_parameters import FemaleHPOParameters

STAGES = ("premenopause", "perimenopause", "postmenopause")
#: ages (years) accepted for each stage. Teaching bounds around when the menopause transition
#: happens: a premenopausal (regularly cycling) woman is at most 55, a perimenopausal one 35 to
#: 60; a postmenopausal woman may be any adult age (surgical menopause, primary ovarian
#: insufficiency). They keep a reader from simulating e.g. a cycling 80-year-old by mistake;
#: an unusual case can be modelled with ``follicle_reserve`` and a stage that fits the age.
STAGE_AGES: dict[str, tuple[float, float]] = {"premenopause": (18.0, 55.0),
                                              "perimenopause": (35.0, 60.0),
                                              "postmenopause": (18.0, 90.0)}
N_LUTEAL = 6
# weight of each luteal stage in progesterone, estradiol and inhibin A secretion (teaching:
# P4 peaks mid-luteal, E2 has a luteal second peak, both fall at luteolysis)
_W_P4 = (0.05, 0.6, 1.0, 1.0, 0.7, 0.35)
_W_E2 = (0.1, 0.4, 0.9, 1.0, 0.8, 0.4)
_W_INH = (0.3, 0.8, 1.0, 1.0, 0.7, 0.3)
_LN2 = math.log(2.0)

# The equations below run on numpy arrays (a cohort, or one subject's samples); one woman is
# stepped on Python floats by female_hpo_floats.py, the same equations written out.


def _weighted(weights, rows):
    """sum_i w_i rows_i over the luteal stages (rows: arrays)."""
    total = 0.0
    for w, row in zip(weights, rows):
        total = total + w * row
    return total


def _hill(x, k, n):
    """Increasing Hill function x^n / (k^n + x^n), 0 for x <= 0."""
    r = (np.maximum(x, 0.0) / k) ** n
    return r / (1.0 + r)


def reserve_for(age: float, stage: str) -> float:
    """Default follicle reserve (relative to a woman of 25-35 years = 1) for an age and stage.

    Teaching mapping: the primordial follicle pool falls roughly exponentially with age and is
    about a thousand follicles at the final menstrual period [margolskee2013]; the values for
    each stage are chosen so that the model's cycles are regular, irregular and absent.

    Parameters
    ----------
    age : float
        Age (years).
    stage : str
        ``"premenopause"``, ``"perimenopause"`` or ``"postmenopause"``.

    Returns
    -------
    float
        Relative follicle reserve (dimensionless).
    """
    if stage == "postmenopause":
        return 0.0
    if stage == "perimenopause":
        # late reproductive / transition: about a third of the young reserve, less with age
        return float(np.clip(0.28 - 0.01 * (age - 48.0), 0.22, 0.34))
    return float(np.clip(1.0 - 0.025 * max(age - 35.0, 0.0), 0.7, 1.0))


@dataclass(frozen=True)
class FemaleHPO(FemaleHPOParameters, Model):
    """Menstrual cycle and menopause transition (reduced Selgrade-type model; see module docstring).

    Parameters
    ----------
    age : float
        Age (years): premenopause 18 to 55, perimenopause 35 to 60, postmenopause 18 to 90
        (:data:`STAGE_AGES`). Sets the default follicle reserve within a stage and the
        adrenal share of testosterone.
    stage : str
        ``"premenopause"`` (regular ovulatory cycles), ``"perimenopause"`` (shrinking reserve:
        irregular cycles, higher FSH) or ``"postmenopause"`` (no follicles left).
    follicle_reserve : float, optional
        Relative follicle reserve, 0 to 1.5 (1 = a woman of 25-35 years); by default from
        ``age`` and ``stage`` (:func:`reserve_for`).
    positive_feedback : float
        Strength of E2 positive feedback (the surge), as a multiple of the default, 0 to 3.
    negative_feedback : float
        Strength of E2/P4/inhibin negative feedback on gonadotropin synthesis, multiple of the
        default, 0.2 to 3.
    follicle_noise_cv : float
        Coefficient of variation of slow random variation in follicle quality (0 to 1);
        makes cycles near the ovulation threshold irregular. 0 gives a deterministic model.
    uterus : bool
        Informational: whether the virtual woman has a uterus (the endometrial indicator is
        computed either way; chapters use it to decide whether a progestogen is needed).

    Notes
    -----
    Other parameters are rates, potencies and secretion constants, declared with their units and
    sources in ``hormonesim/models/female_hpo_parameters.py``; ``FemaleHPO().parameters()``
    lists each with its unit and source.

    Examples
    --------
    >>> import hormonesim as hs
    >>> res = hs.simulate(hs.FemaleHPO(age=30), duration="8w", seed=0)
    >>> res.units["estradiol"], res.units["progesterone"]
    ('pg/mL', 'ng/mL')
    """

    # the parameters (fields), each with its unit and source: female_hpo_parameters.py

    outputs: ClassVar = {"lh": "IU/L", "fsh": "IU/L", "estradiol": "pg/mL",
                         "progesterone": "ng/mL", "estriol": "pg/mL", "testosterone": "ng/dL",
                         "inhibin": "1", "follicles": "pg/mL",
                         "endometrial_stimulation": "1", "estrone": "pg/mL"}
    state_names: ClassVar = (("lh", "fsh", "follicles") + tuple(f"luteal_{i}" for i in range(N_LUTEAL))
                             + ("e2_f1", "e2_f2", "p4_f1", "p4_f2", "inh_f1", "inh_f2",
                                "endometrium"))
    drug_targets: ClassVar = frozenset({"estradiol_release", "progesterone_release",
                                        "estriol_release", "testosterone_release",
                                        "estradiol_oral_release"})

    def __post_init__(self):
        check_choice("stage", self.stage, STAGES)
        low, high = STAGE_AGES[self.stage]
        if not isinstance(self.age, np.ndarray) or self.age.ndim == 0:
            check_number("age", self.age, low=18.0, high=90.0, unit="y")
        elif self.age.ndim != 1 or self.age.size == 0 or self.age.dtype.kind not in "iuf":
            raise TypeError(f"FemaleHPO: age must be a number or a 1-D array of numbers (one "
                            f"per subject), got {self.age!r}")
        else:
            for a in (np.min(self.age), np.max(self.age)):
                check_number("age", float(a), low=18.0, high=90.0, unit="y")
        ages = np.asarray(self.age, float)
        if ages.min() < low or ages.max() > high:
            shown = f"{float(ages):g}" if ages.ndim == 0 else \
                f"values from {ages.min():g} to {ages.max():g}"
            allowed = "; ".join(f"{s} {a:g}-{b:g}" for s, (a, b) in STAGE_AGES.items())
            raise ValueError(f"FemaleHPO: age = {shown} y does not fit stage = {self.stage!r}; "
                             f"allowed ages for {self.stage}: {low:g} to {high:g} y (stages: "
                             f"{allowed})")
        if not isinstance(self.uterus, (bool, np.bool_)):
            raise TypeError(f"uterus must be True or False, got {self.uterus!r}")
        if self.follicle_reserve is not None:
            if isinstance(self.follicle_reserve, np.ndarray):
                arr = self.follicle_reserve
                if not np.all(np.isfinite(arr)) or arr.min() < 0 or arr.max() > 1.5:
                    raise ValueError("follicle_reserve must lie in [0, 1.5] (1 = a woman of "
                                     "25-35 y)")
            else:
                check_number("follicle_reserve", self.follicle_reserve, low=0.0, high=1.5)
        super().__post_init__()

    # ----------------------------------------------------------- derived
    @property
    def age_range(self) -> tuple[float, float]:
        """Ages (y) accepted for this model's ``stage`` (:data:`STAGE_AGES`)."""
        return STAGE_AGES[self.stage]

    @property
    def reserve(self):
        """The follicle reserve used (given, or from age and stage), dimensionless."""
        if self.follicle_reserve is not None:
            return self.follicle_reserve
        if np.ndim(self.age):
            return np.array([reserve_for(a, self.stage) for a in self.age])
        return reserve_for(float(self.age), self.stage)

    def time_step_h(self, resolution):
        return 2.0

    def record_every_h(self, resolution, duration_h):
        return 2.0 if duration_h <= 24 * 7 * 26 else 6.0

    def _constants(self, dt_d: float) -> dict:
        """Per-step decay factors (computed once per simulation)."""
        return {"dec_tr": math.exp(-2.0 / self.feedback_delay_d * dt_d),
                "dec_lh": math.exp(-self._k_lh * dt_d), "dec_fsh": math.exp(-self._k_fsh * dt_d),
                "dec_lut": math.exp(-N_LUTEAL / self.luteal_span_d * dt_d),
                "age_factor": np.clip(1.0 - 0.012 * (np.asarray(self.age, float) - 30.0), 0.5, 1.2)}

    # ----------------------------------------------------------- engine hooks
    def prepare(self, t_h, rng, resolution):
        n = self.n_subjects
        n_days = int(math.ceil(t_h[-1] / 24.0)) + 2
        # slow variation of follicle quality: AR(1) in log space, correlation time ~10 days
        rho = math.exp(-1.0 / 10.0)
        cv = np.asarray(self.follicle_noise_cv, float)
        sigma = np.sqrt(np.log1p(cv ** 2))
        z = np.empty((n_days, n))
        z[0] = rng.standard_normal(n)
        eps = rng.standard_normal((n_days, n))
        for d in range(1, n_days):
            z[d] = rho * z[d - 1] + math.sqrt(1 - rho ** 2) * eps[d]
        quality = np.exp(sigma * z - sigma ** 2 / 2)
        reserve = np.broadcast_to(np.asarray(self.reserve, float), (n,)).copy()
        ctx = {"quality": quality, "reserve": reserve,
               "capacity": self.follicle_capacity * reserve ** 0.75 * quality,
               **self._constants((t_h[1] - t_h[0]) / 24.0 if len(t_h) > 1 else 1 / 24)}
        ctx["scalar"] = n == 1 and all(np.ndim(v) == 0 for v in vars(self).values()
                                       if isinstance(v, (float, int, np.ndarray)))
        if ctx["scalar"]:   # one subject: Python floats (tests compare with the array path)
            ctx["reserve"] = float(reserve[0])
            ctx["capacity"] = ctx["capacity"][:, 0].tolist()
            ctx["age_factor"] = float(ctx["age_factor"])
            ctx["floats"] = float_constants(self, ctx, (_W_E2, _W_P4, _W_INH))
        return ctx

    def _steroids(self, y, drive, ctx):
        """Plasma E2 (pg/mL), P4 (ng/mL), E3 (pg/mL), T (ng/dL) and inhibin from the state."""
        lh, g = y[0], y[2]
        lut = y[3:3 + N_LUTEAL]
        theca = lh / (lh + self.theca_lh_half)
        e2_end = self.e2_extraovarian + g * theca + self.luteal_e2 * _weighted(_W_E2, lut)
        # drug fluxes (mg/h) -> mg/L at clearance CL (L/h) -> pg/mL (x1e6) or ng/mL (x1e3)
        e2 = e2_end + self._exogenous_estradiol(drive)
        p4 = (self.p4_adrenal + self.luteal_p4 * _weighted(_W_P4, lut)
              + drive.get("progesterone_release", 0.0) * 1e3 / (self.p4_clearance_l_per_d / 24))
        e3 = (self.e3_fraction * e2_end
              + drive.get("estriol_release", 0.0) * 1e6 / (self.e3_clearance_l_per_d / 24))
        t = (self.t_adrenal * ctx["age_factor"] + self.t_ovarian * (lh / (lh + 20.0))
             * (0.5 + 0.5 * np.minimum(ctx["reserve"], 1.0)) + 0.05 * g * theca
             + drive.get("testosterone_release", 0.0) * 1e5 / (self.t_clearance_l_per_d / 24))
        inh = (self.inhibin_antral * ctx["reserve"] + self.inhibin_follicle * g
               + self.inhibin_luteal * _weighted(_W_INH, lut))
        return e2, p4, e3, t, inh

    def initial_state(self, ctx):
        n = self.n_subjects
        y = np.zeros((len(self.state_names), n))
        r = ctx["reserve"]
        y[2] = self.recruitment * r / 0.5          # small early-follicular cohort
        e2 = self.e2_extraovarian + y[2] * 0.6
        p4 = self.p4_adrenal
        inh = self.inhibin_antral * r + self.inhibin_follicle * y[2]
        syn_lh, syn_fsh = self._synthesis(e2, p4, inh)
        y[0] = syn_lh / self._k_lh
        y[1] = syn_fsh / self._k_fsh
        y[9], y[10], y[11], y[12], y[13], y[14] = e2, e2, p4, p4, inh, inh
        y[15] = 0.1
        return y

    @property
    def _k_lh(self) -> float:
        return _LN2 / (self.lh_half_life_min / 1440.0)

    @property
    def _k_fsh(self) -> float:
        return _LN2 / (self.fsh_half_life_min / 1440.0)

    def _synthesis(self, e2f, p4f, inhf):
        """LH and FSH synthesis (IU/L/d) from the delayed ovarian signals."""
        nf = self.negative_feedback
        gnrh = 1.0 / (1.0 + nf * p4f / self.gnrh_p4_inhibition)
        surge = (self.positive_feedback * _hill(e2f, self.surge_e2_threshold, self.surge_hill)
                 / (1.0 + (p4f / self.surge_p4_block) ** 2))
        e2_brake = 0.05 + 0.95 / (1.0 + nf * e2f / self.lh_e2_inhibition)  # 5% escapes E2
        lh = self.lh_basal_synthesis * gnrh * e2_brake + self.lh_surge_synthesis * surge
        fsh = (self.fsh_basal_synthesis * gnrh / (1.0 + nf * e2f / self.fsh_e2_inhibition)
               / (1.0 + nf * inhf / self.fsh_inhibin_inhibition)
               + self.fsh_surge_synthesis * surge)
        return lh, fsh

    def step_floats(self, t_h: float, y: list, dt: float, drive: dict, ctx: dict,
                    k: int) -> list:
        """:meth:`step` for one woman on Python floats.

        Parameters
        ----------
        t_h : float
            Time at the start of the step (h).
        y : list of float
            Her state, in :attr:`state_names` order (units of :attr:`outputs`).
        dt : float
            Step (h).
        drive : dict
            Drug release fluxes (mg/h) by target, floats (mean over the step).
        ctx : dict
            The run context from :meth:`prepare`.
        k : int
            Index of the step.

        Returns
        -------
        list of float
            The state at ``t_h + dt``.
        """
        return self._advance_floats(t_h, y, dt, drive, ctx, k)

    def step(self, t_h, y, dt, drive, ctx, k):
        if ctx["scalar"]:
            return np.array(self._advance_floats(t_h, y[:, 0].tolist(), dt, _floats(drive),
                                                 ctx, k))[:, None]
        return self._advance(y, np.empty_like(y), t_h, dt, drive, ctx, k)

    def _advance_floats(self, t_h, y, dt, drive, ctx, k):
        """One woman's step on floats (:mod:`~hormonesim.models.female_hpo_floats`)."""
        for_steroids, for_step = ctx["floats"]
        return advance(for_step, t_h, y, dt, steroids(for_steroids, y, drive))

    def _advance(self, y, new, t_h, dt, drive, ctx, k):
        """One step of every state of a cohort: ``y`` and ``new`` are (states, women) arrays."""
        d = dt / 24.0                      # step in days
        # the steroids from the drugs' mean over the step (the engine's step drive)
        e2, p4, e3, t, inh = self._steroids(y, drive, ctx)
        # ---- delayed feedback signals: two transit stages, mean delay feedback_delay_d
        dec = ctx["dec_tr"]
        for i, src in ((9, e2), (11, p4), (13, inh)):
            new[i] = y[i] * dec + src * (1 - dec)
            new[i + 1] = y[i + 1] * dec + y[i] * (1 - dec)
        e2f, p4f, inhf = y[10], y[12], y[14]
        # ---- gonadotropins: synthesis straight to plasma, first-order clearance
        syn_lh, syn_fsh = self._synthesis(e2f, p4f, inhf)
        for i, syn, kk, dk in ((0, syn_lh, self._k_lh, ctx["dec_lh"]),
                               (1, syn_fsh, self._k_fsh, ctx["dec_fsh"])):
            new[i] = y[i] * dk + syn / kk * (1 - dk)
        # ---- growing follicle cohort (E2-equivalents, pg/mL)
        lh, fsh, g = y[0], y[1], y[2]
        r = ctx["reserve"]
        day = min(int(t_h // 24), ctx["quality"].shape[0] - 1)
        capacity = ctx["capacity"][day]
        growth = (self.fsh_growth * _hill(fsh, self.fsh_growth_half, 2)
                  + self.lh_growth * _hill(g, self.dominance_size, 2) * lh / (lh + 5.0))
        crowd = np.maximum(1.0 - (g / np.maximum(capacity, 1e-9)) ** 4, -1.0)
        ovulate = self.ovulation_rate * _hill(lh, self.ovulation_lh, 8)
        # a dominant follicle escapes atresia (it has outgrown its dependence on FSH)
        net = growth * crowd - self.atresia - ovulate
        gain = np.exp(net * d)
        new[2] = g * gain + self.recruitment * r * d
        # follicle mass ovulated in the step: ovulate x the integral of g over the step
        small = np.abs(net * d) < 1e-9
        integral = np.where(small, g * d, g * (gain - 1.0) / np.where(small, 1.0, net))
        ovulated = np.clip(ovulate * integral, 0.0, g)
        # ---- luteal chain (corpus luteum stages), exact first-order transfer held over the step
        dl = ctx["dec_lut"]
        new[3] = y[3] * dl + ovulated
        for i in range(4, 3 + N_LUTEAL):
            new[i] = y[i] * dl + y[i - 1] * (1 - dl)
        # ---- endometrial stimulation
        eeff = e2 + self.estriol_potency * e3
        drive_e = self.endometrium_rate * eeff / (eeff + self.endometrium_e2_half)
        loss = self.endometrium_decay + self.endometrium_p4_rate * _hill(p4, self.endometrium_p4_half, 2)
        de = np.exp(-loss * d)
        new[15] = y[15] * de + drive_e / loss * (1 - de)
        return new

    #: observe is elementwise in time (the state and the drugs at the samples), so one woman's
    #: samples are observed at once after the run (see Model.observe_over_samples)
    observe_over_samples: ClassVar[bool] = True

    def observe(self, y, drive, ctx, k):
        if ctx["scalar"] and not isinstance(k, np.ndarray):
            rows = y[:, 0].tolist()
            drive = _floats(drive)
            e2, p4, e3, t, inh = steroids(ctx["floats"][0], rows, drive)
            oral = (drive.get("estradiol_oral_release", 0.0) * 1e6
                    / (self.e2_clearance_l_per_d / 24))       # as _estrone, on floats
            estrone = (self.estrone_per_estradiol * (e2 - oral)
                       + self.oral_estrone_per_estradiol * oral)
            values = np.array([rows[0], rows[1], e2, p4, e3, t, inh, rows[2], rows[15],
                               estrone])
            return dict(zip(self.outputs, values[:, None]))     # each of length one
        e2, p4, e3, t, inh = self._steroids(y, drive, ctx)
        return {"lh": y[0].copy(), "fsh": y[1].copy(), "estradiol": e2, "progesterone": p4,
                "estriol": e3, "testosterone": t, "inhibin": inh, "follicles": y[2].copy(),
                "endometrial_stimulation": y[15].copy(), "estrone": self._estrone(e2, drive)}

    # ------------------------------------------------------------ routes of estradiol
    def _exogenous_estradiol(self, drive):
        """E2 (pg/mL) from drugs: transdermal release plus what reaches plasma by mouth.

        Oral estradiol arrives through the gut wall and liver, where most of it is turned into
        estrone and estrone sulfate; the drug's depot chain holds that reservoir and releases
        estradiol from it (``estradiol_oral_release``), so here both routes are E2 fluxes cleared
        with the model's E2 clearance.
        """
        flux = drive.get("estradiol_release", 0.0) + drive.get("estradiol_oral_release", 0.0)
        return flux * 1e6 / (self.e2_clearance_l_per_d / 24)

    def _estrone(self, e2, drive):
        """Estrone (pg/mL): about as much as E2 without a first pass, several times more by mouth.

        E2 reaching plasma by mouth comes with the estrone of the first pass, so its share of E2
        is multiplied by ``oral_estrone_per_estradiol``; the rest of E2 (ovary, fat, patch) by
        ``estrone_per_estradiol``. A teaching output: the ratios are inputs, not predictions.
        """
        oral = drive.get("estradiol_oral_release", 0.0) * 1e6 / (self.e2_clearance_l_per_d / 24)
        oral = np.asarray(oral, float) if not isinstance(oral, float) else np.array([oral])
        return (self.estrone_per_estradiol * (e2 - oral)
                + self.oral_estrone_per_estradiol * oral)


def _floats(drive: dict) -> dict:
    """Drug signals of one subject as Python floats."""
    return {key: value.item() if isinstance(value, np.ndarray) else float(value)
            for key, value in drive.items()}


# ---------------------------------------------------------------------- cycle analysis
def lh_surges(res, threshold: float = 20.0) -> np.ndarray:
    """Times (days) of LH surge peaks (ovulations) in a single-subject result.

    Parameters
    ----------
    res : Result
        A simulation of :class:`FemaleHPO` (one subject).
    threshold : float
        LH level (IU/L) a peak must exceed to count as a surge.

    Returns
    -------
    ndarray
        Day of each surge peak.
    """
    check_number("threshold", threshold, low=0.0, low_inclusive=False, unit="IU/L")
    lh = np.asarray(res["lh"])
    if lh.ndim != 1:
        raise ValueError("lh_surges analyses one subject; use res.subject(i) for a cohort")
    level = max(threshold, 2.5 * float(np.median(lh)))
    above = lh > level
    peaks = []
    i, n = 0, len(lh)
    while i < n:
        if above[i]:
            j = i
            while j < n and above[j]:
                j += 1
            if i > 0:  # a run already under way at t = 0 is no surge seen
                peaks.append(i + int(np.argmax(lh[i:j])))
            i = j
        else:
            i += 1
    return res.t_days[np.array(peaks, dtype=int)] if peaks else np.array([])


def cycle_lengths(res, threshold: float = 20.0) -> np.ndarray:
    """Intervals (days) between successive LH surges (ovulation to ovulation)."""
    return np.diff(lh_surges(res, threshold))


__all__ = ["FemaleHPO", "STAGES", "STAGE_AGES", "reserve_for", "lh_surges", "cycle_lengths"]
