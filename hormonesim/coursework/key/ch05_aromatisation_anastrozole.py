"""Answer key, chapter 5 (``chapters/intermediate/05_aromatisation_anastrozole.ipynb``)."""
from __future__ import annotations

from ... import MaleHPG, dose, simulate
from ..answers.ch04_testosterone_therapy import VERDICTS
from ..answers.ch05_aromatisation_anastrozole import e2_on_trt_with_anastrozole
from ..answers.common import weekly_mean
from ..checks import Vary, Written, exercise

_AGE = Vary(50.0, 35.0, 70.0, 1.0, "the man's age", "years")
_BMI = Vary(30.0, 24.0, 38.0, 0.5, "the man's BMI", "kg/m2")


@exercise("ch5-ex1", form="the ratio of mean estradiol at the high BMI to mean estradiol at the "
          "low BMI", rel_tol=0.01, hint="untreated hs.MaleHPG(age=..., bmi=...) for 6 weeks; average "
          "the last week of each.",
          vary={"age": _AGE, "bmi_high": Vary(35.0, 31.0, 40.0, 0.5, "the high BMI", "kg/m2"),
                "bmi_low": Vary(22.0, 19.0, 25.0, 0.5, "the low BMI", "kg/m2")},
          written=Written(2, "why estradiol rises less than fat mass",
                          ("1: not all aromatase scales with fat mass",
                           "1: negative feedback lowers LH and testosterone, the substrate of "
                           "aromatase")))
def _ch5_ex1(age, bmi_high, bmi_low):
    return (weekly_mean(MaleHPG(age=age, bmi=bmi_high), None, "estradiol")
            / weekly_mean(MaleHPG(age=age, bmi=bmi_low), None, "estradiol"))


@exercise("ch5-ex2", form="the fall in mean estradiol, in % of its value without anastrozole",
          unit="%", rel_tol=0.02, hint="your man on cypionate 100 mg weekly, with and without "
          "anastrozole every 3.5 days; compare the last week of 6.",
          vary={"age": _AGE, "bmi": _BMI,
                "ai_mg": Vary(0.5, label="anastrozole dose every 3.5 days", unit="mg",
                             choices=(0.125, 0.25, 0.375, 0.5, 0.625))},
          written=Written(2, "why the fall is larger on therapy",
                          ("1: on therapy LH is suppressed and the testes are off",
                           "1: so the loop cannot raise testosterone (the substrate) to offset"
                           " the inhibition")))
def _ch5_ex2(age, bmi, ai_mg):
    man = MaleHPG(age=age, bmi=bmi)
    trt = dose("testosterone_cypionate", 100, "mg", every="7d")
    without = weekly_mean(man, trt, "estradiol")
    with_ai = weekly_mean(man, trt + dose("anastrozole", ai_mg, "mg", every="3.5d"), "estradiol")
    return 100 * (1 - with_ai / without)


@exercise("ch5-ex3", form="four numbers (t_before, t_after, e2_before, e2_after): total T in "
          "ng/dL and estradiol in pg/mL, untreated (the last 3 of 4 days) and after 12 weeks of "
          "anastrozole 1 mg daily (days 70-84)", kind="numbers",
          parts=("t_before", "t_after", "e2_before", "e2_after"), rel_tol=0.05,
          hint="hs.MaleHPG(age=68, bmi=28, leydig_scale=0.75) is the book's man; untreated for 4 "
          "days (mean from day 1) and on anastrozole for 12 weeks (mean from day 70), "
          "resolution=\"mean\".",
          vary={"trial_age": Vary(68.0, 60.0, 80.0, 1.0, "the trial man's age", "years"),
                "trial_bmi": Vary(28.0, 25.0, 34.0, 0.5, "the trial man's BMI", "kg/m2"),
                "leydig_scale": Vary(0.75, 0.6, 0.8, 0.05, "the trial man's Leydig capacity "
                                     "(leydig_scale, 1 = a typical man)", ""),
                "aromatase_scale": Vary(1.0, 0.7, 1.4, 0.1, "the trial man's aromatase activity "
                                        "(aromatase_scale, 1 = a typical man)", "")},
          note="Your trial man is `hs.MaleHPG(age={trial_age:g}, bmi={trial_bmi:g}, "
               "leydig_scale={leydig_scale:g}, aromatase_scale={aromatase_scale:g})`: one man "
               "over 60, where the trial reports the means of many (baseline 319 ng/dL and "
               "15 pg/mL). Compare his changes, after / before, with the trial's.",
          written=Written(3, "which feedback arm would have to be stronger",
                          ("1: compares both changes (after / before) with the trial's, with "
                           "the direction of each difference",
                           "1: names the estradiol arm of the feedback (relative to the "
                           "free-testosterone arm)",
                           "1: explains the mechanism: more LH, more substrate, estradiol "
                           "partly restored")))
def _ch5_ex3(trial_age, trial_bmi, leydig_scale, aromatase_scale):
    # the held-out trial (burnett_bowie2009, validation.male.burnett_bowie for the book's man),
    # for one virtual man over 60 (the trial's men: over 60, low or borderline testosterone)
    man = MaleHPG(age=trial_age, bmi=trial_bmi, leydig_scale=leydig_scale,
                  aromatase_scale=aromatase_scale)
    base = simulate(man, duration="4d", resolution="mean")
    on_ai = simulate(man, dose("anastrozole", 1, "mg", every="1d"), duration="12w",
                     resolution="mean")
    b, w = base.t_hours >= 24, on_ai.t_days >= 70
    return tuple(float(r[k][m].mean()) for k in ("testosterone", "estradiol")
                 for r, m in ((base, b), (on_ai, w)))


@exercise("ch5-ex4", form="a pair (e2_1mg_week, e2_7mg_week): last-week mean estradiol in pg/mL",
          kind="numbers", parts=("e2_1mg_week", "e2_7mg_week"), unit="pg/mL", rel_tol=0.05,
          hint="the explorer's man on testosterone with anastrozole at 1 and then 7 mg per week "
          "(two doses a week); read the last week's estradiol from the alt text or compute it.",
          vary={"age": _AGE, "bmi": _BMI},
          note="Your man is the one of exercise 2, `hs.MaleHPG(age={age:g}, bmi={bmi:g})`, on "
               "cypionate 100 mg weekly (the explorer's default man is 50 years old with BMI 30).",
          written=Written(2, "the prediction, and the explanation of the result",
                          ("1: a prediction with a reason based on the shape of the "
                           "dose-response curve (or an honest linear guess)",
                           "1: explains the result with the Emax ceiling and the level "
                           "relative to IC50")))
def _ch5_ex4(age, bmi):
    return (e2_on_trt_with_anastrozole(1.0, bmi=bmi, age=age),
            e2_on_trt_with_anastrozole(7.0, bmi=bmi, age=age))


@exercise("ch5-ex5", form="one verdict: 'supported', 'partly supported' or 'not supported'",
          kind="choice", choices=VERDICTS,
          hint="the claim has three parts (a ratio target, water retention, breast growth); look "
          "each up in the chapter's evidence sections.",
          written=Written(4, "the justification from the evidence registry and the model",
                          ("1: verdict \"not supported\"",
                           "1: cites the absence of a guideline recommendation or trial "
                           "support for routine use (`no-routine-ai`)",
                           "1: cites a harm or a confounder (`anastrozole-bone`, "
                           "`water-retention`)",
                           "1: uses the model for what it can show (the loop on therapy) and "
                           "names what it cannot (outcomes)")))
def _ch5_ex5():
    # the book's verdict (evidence.yml, claim ch5-ratio): no-routine-ai, anastrozole-bone,
    # water-retention, e2-testing-breast-symptoms
    return "not supported"
