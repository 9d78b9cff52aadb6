"""FemaleHPO's parameters, each with its unit and source.

The equations live in :mod:`hormonesim.models.female_hpo`; this module holds only the numbers
and their provenance (a frozen dataclass mixin that
:class:`~hormonesim.models.female_hpo.FemaleHPO` inherits, as
:mod:`hormonesim.models.male_hpg.parameters` does for MaleHPG), so a reader checking a source
does not have to read the mechanism, and the reverse.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..provenance import param


@dataclass(frozen=True)
class FemaleHPOParameters:
    """Parameters of :class:`~hormonesim.models.female_hpo.FemaleHPO` (see its docstring)."""

    # ------------------------------------------------------------------ subject
    age: float = param(30.0, "y", "teaching: adult woman", low=18.0, high=90.0)
    stage: str = "premenopause"
    follicle_reserve: float | None = field(default=None, metadata={
        "unit": "1", "source": "teaching: relative follicle reserve; default from age and stage, "
        "see reserve_for [margolskee2013]", "note": "1 = woman of 25-35 y"})
    positive_feedback: float = param(1.0, "1", "teaching: multiplier of the E2-triggered surge",
                                     low=0.0, high=3.0)
    negative_feedback: float = param(1.0, "1", "teaching: multiplier of negative-feedback "
                                     "potencies", low=0.2, high=3.0)
    follicle_noise_cv: float = param(0.25, "1", "teaching: cycle-to-cycle variation of follicle "
                                     "quality; makes the transition irregular", low=0.0, high=1.0)
    uterus: bool = True
    # ------------------------------------------------------------------ gonadotropins
    lh_half_life_min: float = param(136.0, "min", "wide2022", "inside the 125-164 min measured for "
                                    "the LH glycoforms", low=20.0, high=600.0)
    fsh_half_life_min: float = param(
        274.0, "min", "teaching: FSH half-life about 4.5 h (Urban et al. JCEM 1991, in the project's "
        "research notes, not verified)", low=60.0, high=1200.0)
    lh_basal_synthesis: float = param(
        440.0, "IU/L/d", "calibrated: postmenopausal LH about 30 IU/L and follicular LH 5-13 IU/L "
        "[anckaert2021]; structure from [harrisclark2003]", low=1.0, high=5000.0)
    lh_surge_synthesis: float = param(
        500.0, "IU/L/d", "calibrated: mid-cycle LH peak, measured 8-73 IU/L [anckaert2021]; "
        "structure from [harrisclark2003]", low=0.0, high=1e4)
    surge_e2_threshold: float = param(
        190.0, "pg/mL", "calibrated: E2 near its pre-ovulatory level (60-534 pg/mL "
        "[anckaert2021]) for about a day triggers the surge; structure from [harrisclark2003]", low=50.0, high=1000.0)
    surge_hill: float = param(6.0, "1", "teaching: steep switch (Harris-Clark use 8 "
                              "[harrisclark2003])", low=1.0, high=12.0)
    surge_p4_block: float = param(1.0, "ng/mL", "teaching: P4 above ~1 ng/mL blocks the surge",
                                  low=0.05, high=20.0)
    lh_e2_inhibition: float = param(4.0, "pg/mL", "calibrated: LH post- vs premenopause",
                                    low=0.5, high=500.0)
    gnrh_p4_inhibition: float = param(
        8.0, "ng/mL", "calibrated: luteal LH and FSH; P4 slows GnRH drive [roblitz2013]",
        low=0.5, high=100.0)
    fsh_basal_synthesis: float = param(
        320.0, "IU/L/d", "calibrated: postmenopausal FSH well above 25 IU/L [harlow2012]", low=1.0, high=1e4)
    fsh_surge_synthesis: float = param(
        60.0, "IU/L/d", "calibrated: small mid-cycle FSH peak", low=0.0, high=2000.0)
    fsh_e2_inhibition: float = param(60.0, "pg/mL", "calibrated: FSH less E2-sensitive than LH",
                                     low=1.0, high=1000.0)
    fsh_inhibin_inhibition: float = param(1.0, "1", "teaching: inhibin in units of this "
                                          "potency", low=0.05, high=50.0)
    feedback_delay_d: float = param(1.0, "d", "teaching: delay of ovarian feedback; Harris-Clark "
                                    "use discrete delays of 1-2 d [harrisclark2003]",
                                    low=0.1, high=5.0)
    # ------------------------------------------------------------------ follicles
    recruitment: float = param(5.0, "pg/mL/d", "calibrated: cycle length 24-38 d [munro2018]; "
                               "E2-equivalents recruited per day at reserve 1", low=0.0, high=100.0)
    fsh_growth: float = param(1.35, "1/d", "calibrated: cycle length [munro2018]", low=0.0,
                              high=50.0)
    fsh_growth_half: float = param(6.0, "IU/L", "teaching: FSH threshold concept", low=0.5,
                                   high=100.0)
    atresia: float = param(0.625, "1/d", "calibrated: FSH threshold about 5 IU/L", low=0.0,
                           high=20.0)
    lh_growth: float = param(0.8, "1/d", "teaching: a dominant follicle becomes LH-dependent",
                             low=0.0, high=20.0)
    dominance_size: float = param(100.0, "pg/mL", "teaching: cohort size at which LH dependence "
                                  "appears", low=1.0, high=1000.0)
    follicle_capacity: float = param(600.0, "pg/mL", "calibrated: pre-ovulatory E2 peak, "
                                     "measured 60-534 pg/mL [anckaert2021]", low=10.0, high=5000.0)
    theca_lh_half: float = param(3.0, "IU/L", "teaching: two-cell, two-gonadotropin E2 synthesis "
                                 "needs LH-driven theca androgen", low=0.1, high=50.0)
    ovulation_rate: float = param(8.0, "1/d", "teaching: the surge empties the follicle in <1 d",
                                  low=0.0, high=50.0)
    ovulation_lh: float = param(30.0, "IU/L", "teaching: LH level that ovulates", low=1.0,
                                high=200.0)
    luteal_span_d: float = param(9.5, "d", "calibrated: luteal phase about 14 d, cycle length [munro2018]", low=3.0,
                                 high=30.0)
    luteal_p4: float = param(0.04, "ng/mL per pg/mL", "calibrated: luteal P4 4-15 ng/mL [anckaert2021]",
                             low=0.0, high=10.0)
    luteal_e2: float = param(0.3, "1", "calibrated: luteal E2 60-233 pg/mL [anckaert2021]", low=0.0,
                             high=10.0)
    inhibin_antral: float = param(6.0, "1", "calibrated: early-follicular FSH 4-10 IU/L; inhibin "
                                  "B from the antral pool, proportional to the reserve",
                                  low=0.0, high=100.0)
    inhibin_follicle: float = param(0.02, "1 per pg/mL", "teaching: inhibin B of the growing "
                                    "cohort", low=0.0, high=10.0)
    inhibin_luteal: float = param(0.03, "1 per pg/mL", "calibrated: luteal FSH 1.5-4 IU/L; "
                                  "inhibin A", low=0.0, high=10.0)
    # ------------------------------------------------------------------ steroids
    e2_extraovarian: float = param(5.0, "pg/mL", "verdonk2019", "postmenopausal E2 < 7.1 pg/mL "
                                   "(< 26 pmol/L), from aromatisation in fat", low=0.0, high=100.0)
    e2_clearance_l_per_d: float = param(
        1000.0, "L/d", "calibrated: 50 ug/day patch raises E2 by 50.1 pg/mL [estradot_dp]",
        low=100.0, high=10000.0)
    p4_clearance_l_per_d: float = param(
        2200.0, "L/d", "teaching: order of magnitude of progesterone's metabolic clearance; only "
        "secretion/clearance is constrained by the luteal P4 level", low=100.0, high=20000.0)
    p4_adrenal: float = param(0.3, "ng/mL", "teaching: follicular/postmenopausal P4 < 1 ng/mL",
                              low=0.0, high=5.0)
    e3_clearance_l_per_d: float = param(
        1800.0, "L/d", "teaching: estriol is cleared quickly (IV half-life ~20 min); value not "
        "measured here", low=100.0, high=20000.0)
    e3_fraction: float = param(0.08, "1", "teaching: unconjugated estriol a small fraction of E2 "
                               "outside pregnancy", low=0.0, high=1.0)
    t_clearance_l_per_d: float = param(
        700.0, "L/d", "teaching: testosterone clearance in women, lower than men's (more SHBG)",
        low=100.0, high=5000.0)
    t_adrenal: float = param(14.0, "ng/dL", "calibrated: women's total T 7-50 ng/dL [vesper2015]; "
                             "adrenal and peripheral share at 30 y", low=0.0, high=100.0)
    t_ovarian: float = param(18.0, "ng/dL", "calibrated: women's total T 7-50 ng/dL "
                             "[vesper2015]; LH-driven theca and stroma", low=0.0, high=100.0)
    # ------------------------------------------------------------------ endometrium
    endometrium_e2_half: float = param(60.0, "pg/mL", "teaching: half-maximal estrogenic drive",
                                       low=1.0, high=1000.0)
    endometrium_rate: float = param(0.14, "1/d", "calibrated: about 1 at the end of a normal "
                                    "follicular phase", low=0.0, high=10.0)
    endometrium_p4_half: float = param(2.0, "ng/mL", "teaching: P4 opposes estrogenic "
                                       "proliferation [nams2022]", low=0.05, high=50.0)
    endometrium_p4_rate: float = param(1.0, "1/d", "teaching: progesterone reverses estrogenic "
                                      "stimulation within days", low=0.0, high=20.0)
    endometrium_decay: float = param(0.02, "1/d", "teaching: slow regression without "
                                     "progesterone", low=0.0, high=5.0)
    estrone_per_estradiol: float = param(
        1.0, "1", "teaching: without a first pass (ovary, fat, patch) estrone and estradiol circulate "
        "at similar levels, E1:E2 about 1 with transdermal estradiol [kuhl2005] (ratio as "
        "summarised in the project's brief; the review's table was not read here)", low=0.0,
        high=20.0)
    oral_estrone_per_estradiol: float = param(
        6.0, "1", "teaching: after oral estradiol E1:E2 is about 5-7 because of first-pass "
        "conversion [kuhl2005] (as summarised in the project's brief; not read in the review "
        "itself)", low=0.0, high=20.0)
    estriol_potency: float = param(0.1, "1", "teaching: estriol a weak estrogen, ~10% of E2 per "
                                   "pg/mL [kuhl2005]", low=0.0, high=1.0)
