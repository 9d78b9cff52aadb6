"""MaleHPG's parameters, each with its unit and source, and the quantities derived from them.

The equations live in :mod:`.model`; this module holds only numbers and their provenance (a
frozen dataclass mixin that :class:`~hormonesim.models.male_hpg.MaleHPG` inherits), so a reader
checking a source does not have to read the mechanism, and the reverse.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...provenance import param


@dataclass(frozen=True)
class MaleHPGParameters:
    """Parameters of :class:`~hormonesim.models.male_hpg.MaleHPG` (see its docstring)."""

    # ------------------------------------------------------------------ the man
    age: float = param(40.0, "years", "teaching: age of the virtual man", low=18.0, high=90.0)
    bmi: float = param(25.0, "kg/m^2", "teaching: body-mass index of the virtual man",
                       low=17.0, high=50.0)
    gnrh_pulse_generator: bool = True
    height_m: float = param(1.75, "m", "teaching: reference height to turn BMI into weight",
                            low=1.4, high=2.1)

    # ------------------------------------------------- per-subject variability hooks
    t_clearance_scale: float = param(1.0, "1", "testoviron_label",
                                     "multiplier of the testosterone MCR (the label's 16 +- 7 "
                                     "mL/min/kg gives the spread, a CV of ~0.44)", low=0.3, high=3.0)
    aromatase_scale: float = param(1.0, "1", "teaching: between-man spread of aromatase activity",
                                   low=0.2, high=5.0)
    shbg_scale: float = param(1.0, "1", "teaching: between-man spread of SHBG", low=0.2, high=5.0)
    leydig_scale: float = param(1.0, "1", "petersen2015", "multiplier of Leydig capacity; "
                                "hs.population varies it with the between-man CV of Leydig cell "
                                "number (0.48)", low=0.05, high=3.0)
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
    gnrh_pulse_peak_pg_ml: float = param(200.0, "pg/mL", "teaching: portal GnRH pulse peak with no "
                                         "feedback, inside the 20-800 pM (~24-950 pg/mL) measured "
                                         "in hypophysial portal blood of animals [clayton1981]; "
                                         "not measurable in men", low=0.0, high=2000.0)
    gnrh_half_life_min: float = param(4.0, "min", "lutrelef_label",
                                      "biological half-life of gonadorelin IV ~4 min", low=1.0,
                                      high=30.0)
    free_t_feedback_pg_ml: float = param(87.8, "pg/mL", "calibrated: jointly with the E2 "
                                         "feedback, LH to ~5% of baseline on enanthate 200 "
                                         "mg/week [coviello2005] and, on anastrozole 1 mg daily, "
                                         "T up 67% while E2 falls 35% [leder2004]",
                                         low=1.0, high=5000.0)
    free_t_feedback_hill: float = param(6.0, "1", "calibrated: with free_t_feedback_pg_ml "
                                        "[coviello2005][leder2004]", low=0.5, high=8.0)
    feedback_delay_h: float = param(0.25, "h", "teaching: the hypothalamus senses free T through "
                                    "a first-order lag (Keenan and Veldhuis include a delay in "
                                    "the T feedback [keenan1998])", low=0.1, high=12.0)
    circadian_amplitude: float = param(0.2, "1", "calibrated: T at 16:00 20-25% below 08:00 in men "
                                       "aged 30-40 [brambilla2009]; the clock moves both "
                                       "feedback thresholds (free T and E2) together",
                                       low=0.0, high=0.9)
    circadian_peak_clock_h: float = param(5.0, "h", "calibrated: feedback threshold peak placed so "
                                          "that total T peaks near 07:30 [diver2003]", low=0.0, high=24.0)

    # -------------------------------------------------------------- pituitary
    gnrh_ec50_pg_ml: float = param(40.0, "pg/mL", "teaching: GnRH receptor occupancy half-maximal "
                                   "(Hill 1) inside the portal range [clayton1981], so that the "
                                   "peripheral gonadorelin levels of a pump (a 5 ug sc dose peaks "
                                   "near 80-90 pg/mL) stimulate and fall back between pulses",
                                   low=0.1, high=1000.0)
    desensitisation_per_h: float = param(10.0, "1/h", "teaching: occupied receptors desensitise in "
                                         "minutes [li1989]; continuous GnRH fails where pulses "
                                         "succeed [belchetz1978]", low=0.0, high=100.0)
    resensitisation_per_h: float = param(0.7, "1/h", "teaching: free receptors recover over ~1.5 h, "
                                         "about one pulse interval [li1989][belchetz1978]",
                                         low=0.01, high=20.0)
    occupancy_memory_h: float = param(2.0, "h", "teaching: the slow arm of desensitisation "
                                      "reads receptor occupancy averaged over ~2 h (a first-order "
                                      "lag), so it tells sustained from pulsed exposure",
                                      low=0.1, high=24.0)
    downregulation_per_h: float = param(0.1, "1/h", "calibrated: with recovery_per_h and "
                                        "recovery_occupancy, continuous GnRH loses most of the LH "
                                        "response within days where hourly-to-90-min pulses keep it "
                                        "(monkeys without their own GnRH [belchetz1978]); constant "
                                        "agonist infusion in male rhesus: LH rise, then decline to "
                                        "undetectable [akhtar1983]", low=0.0, high=1.0)
    recovery_occupancy: float = param(0.1, "1", "teaching: receptor occupancy above which recovery "
                                      "stalls (Hill 4); a man's own portal GnRH pulses (half-life "
                                      "minutes) leave the receptors free between pulses",
                                      low=0.01, high=0.9)
    recovery_per_h: float = param(0.3, "1/h", "calibrated: with downregulation_per_h; free "
                                  "receptors restore responsiveness within hours between pulses "
                                  "[belchetz1978]", low=1e-4, high=5.0)
    lh_release_max: float = param(175.0, "IU/L/h", "calibrated: baseline LH ~4 IU/L in the "
                                  "reference man (teaching target)", low=0.0, high=2000.0)
    fsh_release_max: float = param(85.9, "IU/L/h", "calibrated: baseline FSH ~4 IU/L in the "
                                   "reference man (teaching target)", low=0.0, high=2000.0)
    basal_activation_per_h: float = param(2.5e-4, "1/h", "calibrated: GnRH-independent "
                                          "gonadotropin release, ~2% of the usual; LH falls to ~5% "
                                          "and FSH to ~3% of baseline under full suppression "
                                          "[coviello2005]", low=0.0, high=0.1)
    e2_feedback_pg_ml: float = param(13.4, "pg/mL", "calibrated: E2 brake on the pituitary, "
                                     "strong enough that removing part of a man's E2 frees the "
                                     "axis as anastrozole does [leder2004]; jointly with the free-T "
                                     "feedback [coviello2005]", low=0.5, high=500.0)
    e2_feedback_hill: float = param(3.0, "1", "calibrated: [leder2004][coviello2005] (grid of "
                                    "1.5 and 3; 3 fits both)", low=0.5, high=6.0)
    lh_half_life_h: float = param(2.27, "h", "wide2022", "136 min, inside the 125-164 min "
                                  "measured for the LH glycoforms under GnRH-receptor blockade",
                                  low=0.2, high=12.0)
    fsh_half_life_h: float = param(4.57, "h", "urban1991", "FSH disappearance 274 +- 45 min",
                                   low=0.5, high=24.0)

    # ------------------------------------------------------------------ testis
    leydig_max_mg_per_h: float = param(0.968, "mg/h", "calibrated: total T 531 ng/dL (median of "
                                       "healthy nonobese men 19-39 y [travison2017]) at age 30, "
                                       "BMI 23", low=0.0, high=20.0)
    leydig_lh_ec50_iu_l: float = param(15.0, "IU/L", "calibrated: Leydig cells respond nearly "
                                       "linearly at usual LH, so an LH rise of 1.5-2-fold raises T "
                                       "by ~60% as on anastrozole [leder2004] (grid of 4.5 and 15 "
                                       "IU/L)", low=0.1, high=100.0)
    leydig_delay_h: float = param(1.0, "h", "teaching: LH-to-testosterone lag of about an hour "
                                  "[keenan1998]", low=0.05, high=12.0)
    leydig_age_decline_per_year: float = param(0.008, "1/year", "teaching: Leydig capacity falls "
                                               "~0.8%/year after 30, in line with the longitudinal "
                                               "decline of T in [harman2001]", low=0.0, high=0.03)
    hcg_lh_equivalence: float = param(0.455, "IU LH per IU hCG", "calibrated: with "
                                      "hcg_saturation_iu_l, hCG 125 and 250 IU every other day on "
                                      "top of TE keep intratesticular T 25% and 7% below baseline "
                                      "[coviello2005]", low=0.0, high=5.0)
    hcg_saturation_iu_l: float = param(11.3, "IU/L", "calibrated: the testicular response to hCG "
                                       "saturates (125 -> 250 -> 500 IU raised intratesticular T "
                                       "0.75 -> 0.93 -> 1.26-fold [coviello2005]); modelled as "
                                       "LH-receptor signalling that saturates above this plasma "
                                       "hCG. Fitted to the 125 and 250 IU arms; 500 IU is a check",
                                       low=0.1, high=1e4)
    t_extragonadal_mg_per_h: float = param(0.0041, "mg/h", "derived: testosterone made outside the "
                                           "testes (adrenal precursors converted in tissues), "
                                           "taken as the same ~0.1 mg/day as the adrenal and "
                                           "peripheral share of FemaleHPO (14 ng/dL x 700 L/day, "
                                           "calibrated to women's range [vesper2015]); a teaching "
                                           "assumption for men", low=0.0, high=0.1)
    t_mcr_ml_min_kg: float = param(9.0, "mL/min/kg", "teaching: metabolic clearance rate of "
                                   "plasma testosterone ~1000 L/day in young men (9 mL/min/kg x "
                                   "77 kg), the order of the constant-infusion MCR of [southren1967] "
                                   "(its exact figure not read here); with the median T of young "
                                   "men it gives a production of ~5-6 mg/day. The label's 16 "
                                   "mL/min/kg [testoviron_label] and the apparent MCR of injected "
                                   "enanthate, 1821 L/day in young men [coviello2006], are ~1.8 "
                                   "times higher: the model puts that difference into the "
                                   "availability of the ester depot (see the drugs)",
                                   low=2.0, high=60.0)
    t_half_life_h: float = param(1.0, "h", "teaching: plasma half-life of testosterone ~1 h (sets "
                                 "V = MCR/ke; matters little for daily means)", low=0.1, high=12.0)

    # --------------------------------------------------------- aromatase, SHBG
    e2_per_t: float = param(0.0332, "pg/mL per ng/dL", "calibrated: E2 ~19 pg/mL, near the middle "
                            "of the LC-MS/MS male interval 3.3-37 pg/mL [verdonk2019], in the "
                            "reference man (age 30, BMI 23; refitted with leydig_max_mg_per_h when "
                            "the testicular E2 share became a fixed amount, keeping his E2 where "
                            "the E2 brake was calibrated)", low=0.0, high=1.0)
    e2_testicular_fraction: float = param(0.2, "1", "teaching: about a fifth of a man's E2 is "
                                          "secreted by the testes, the rest aromatised in tissues "
                                          "[longcope1969]. The share holds when the testes secrete "
                                          "what the reference man's do (testicular_e2_reference_"
                                          "mg_per_h); testicular E2 scales with the absolute Leydig "
                                          "output, so a man with small testes makes little of it",
                                          low=0.0, high=0.9)
    aromatase_adipose_fraction: float = param(0.6, "1", "teaching: share of aromatase activity that "
                                              "scales with fat mass in the reference man",
                                              low=0.0, high=1.0)
    e2_half_life_h: float = param(1.0, "h", "teaching: E2 clears within hours", low=0.1, high=12.0)
    anastrozole_imax: float = param(0.725, "1", "calibrated: E2 falls ~35% in older men on 1 mg "
                                    "daily while T rises [leder2004] (refitted from 0.69 when the "
                                    "testicular E2 share became a fixed amount; not refitted when "
                                    "SHBG began to follow free T, which made the fall 38%). Isotope studies in women show "
                                    "~97% whole-body inhibition at 1 mg [geisler2002]; why serum E2 "
                                    "in men falls so much less (assay floor at low E2, sources the "
                                    "model lacks) is not resolved here", low=0.0, high=1.0)
    anastrozole_ic50_ng_ml: float = param(0.6, "ng/mL", "calibrated: E2 down >80% in women on 1 "
                                          "mg/day [arimidex_label]", low=0.01, high=100.0)
    shbg_reference_nmol_l: float = param(35.0, "nmol/L", "teaching: typical SHBG of a man of 40 "
                                         "with BMI 25", low=5.0, high=200.0)
    shbg_age_slope_per_year: float = param(0.012, "1/year", "teaching: SHBG rises ~1.2%/year of "
                                           "age [harman2001]", low=0.0, high=0.05)
    shbg_bmi_slope_per_unit: float = param(0.03, "1/(kg/m^2)", "teaching: SHBG falls ~3% per BMI "
                                           "unit", low=0.0, high=0.1)
    shbg_androgen_exponent: float = param(0.46, "1", "calibrated: androgens lower hepatic "
                                          "SHBG; the model's SHBG heads to (free T / the man's "
                                          "own untreated free T)^-b, relative to his own level so "
                                          "that an untreated man keeps the SHBG that age, BMI and "
                                          "shbg_scale give him (0 holds SHBG constant). b fitted "
                                          "to the bioavailable fraction of T in the daily arm of "
                                          "[leder2004] (bioavailable T 99 -> 207 ng/dL while total "
                                          "T rose 343 -> 572: x1.25), the trial the feedback is "
                                          "calibrated on. An independent estimate agrees in sign "
                                          "and size: SHBG -34% while free T rose 1.85-fold in "
                                          "normal men on enanthate 200 mg every 2 weeks "
                                          "[plymate1983], b = 0.67",
                                          low=0.0, high=2.0)
    shbg_half_life_h: float = param(72.0, "h", "teaching: SHBG, a plasma glycoprotein made by "
                                    "the liver, follows a change in its synthesis over days "
                                    "(first-order, half-time 3 d); no human turnover time was "
                                    "found in the sources searched. The free-T check on "
                                    "[nankin1987] was not used to choose it (or b): its model "
                                    "value stays inside the band for half-times from 1.4 to 7 d "
                                    "and for b from 0.3 to 0.67",
                                    low=1.0, high=2000.0)

    # ------------------------------------------------------------- numerics
    pulse_step_min: float = param(2.0, "min", "teaching: step of the pulse resolution (occupancy "
                                  "is averaged exactly over each step)", low=0.5, high=10.0)

    mean_step_h: float = param(1.0, "h", "teaching: step of the pulse-averaged resolution (every "
                               "linear stage is stepped exactly, so daily means do not depend on "
                               "it)", low=0.25, high=4.0)

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
        """Untreated SHBG (nmol/L) from age, BMI and the subject's scale; under androgen
        treatment SHBG moves away from it (the model's ``shbg`` state, see
        ``shbg_androgen_exponent``)."""
        f = (1 + self.shbg_age_slope_per_year * (self.age - 40)) \
            * np.exp(-self.shbg_bmi_slope_per_unit * (self.bmi - 25))
        return self.shbg_reference_nmol_l * np.maximum(f, 0.2) * self.shbg_scale

    @property
    def testicular_e2_reference_mg_per_h(self):
        """Leydig secretion (mg/h) at which the testes supply ``e2_testicular_fraction`` of E2.

        The reference man of the Leydig calibration (age 30, BMI 23: total T 531 ng/dL
        [travison2017]) at the model's MCR: 531 ng/dL x his clearance, about 4.8 mg/day. It is a
        fixed amount, not a fraction of each man's capacity: testicular E2 follows the testes'
        steroid output [longcope1969], so a hypogonadal man with a fraction of the Leydig mass
        secretes a fraction of the testicular E2 (before, the share was set relative to each
        man's own half capacity, which gave a man with 35% of the Leydig capacity as much
        testicular E2 as a healthy man at the same relative load).
        """
        return 531.0 * self.t_mcr_ml_min_kg * 60e-3 * 23.0 * self.height_m ** 2 / 1e5

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

