"""Answer key, chapter 2 (``chapters/fundamentals/02_feedback_and_homeostasis.ipynb``)."""
from __future__ import annotations

import numpy as np

from ... import FeedbackLoop, FemaleHPO, simulate
from ..answers.ch02_feedback_and_homeostasis import lh_peak, oscillation_range
from ..checks import Vary, Written, exercise


@exercise("ch2-ex1", form="the time from the dose to the trophic hormone's lowest level, in hours",
          unit="h", abs_tol=0.75, hint="find the time of the minimum of res['trophic_hormone'] "
          "after the dose and subtract the time of the dose (hour 12).",
          vary={"delay_h": Vary(2.0, 1.0, 6.0, 0.5, "feedback delay", "h")},
          note="Do not read the book's figure: simulate `hs.FeedbackLoop(gain=2.0, hill=2.0, "
               "delay_h={delay_h:g}, start_level=1.0, pulse_size=3.0, pulse_at_h=12.0)` for 3 days.",
          written=Written(2, "why the minimum comes later than the dose",
                          ("1: the feedback signal arrives after a delay (transit steps)",
                           "1: each stage changes at its own elimination rate, so the trophic "
                           "hormone lags the releasing hormone")))
def _ch2_ex1(delay_h):
    res = simulate(FeedbackLoop(gain=2.0, hill=2.0, delay_h=delay_h, start_level=1.0,
                                pulse_size=3.0, pulse_at_h=12.0), duration="3d")
    return float(res.t_hours[int(np.argmin(res["trophic_hormone"]))] - 12.0)


@exercise("ch2-ex2", form="the smallest whole-hour delay d (an integer)", kind="integer", unit="h",
          hint="loop over d = 0, 1, 2, ... and compute the max minus the min of the target hormone "
          "from day 15 on; the first d where it exceeds 0.1 is the answer.",
          vary={"gain": Vary(10.0, 4.0, 16.0, 2.0, "loop gain `gain`"),
                "hill": Vary(4.0, label="Hill coefficient `hill`", choices=(2.0, 3.0, 4.0))})
def _ch2_ex2(gain, hill):
    for delay in range(0, 49):
        if oscillation_range(delay, gain=gain, hill=hill) > 0.1:
            return delay
    raise RuntimeError("no delay up to 48 h makes the loop oscillate; the exercise needs updating")


@exercise("ch2-ex3", form="a derivation (written)", kind="written",
          written=Written(5, "steady state, linearised slope and why a larger slope oscillates",
                          ("1: $L = T$ and $R = L$ from the second and third equations",
                           "1: $T = 1$ solves the first equation for every $g$ and $n$",
                           "2: correct derivative, evaluated at $T = 1$ to $-gn/(1+g)$",
                           "1: oscillation argument uses both the size of the correction and "
                           "its lag")))
def _ch2_ex3():
    return None


#: the chapter's virtual woman of 30 (exercises 4 and 6): her follicle reserve and the strength of
#: her negative feedback differ per student (the model's cycle hardly changes with age below 38)
_WOMAN = {"reserve": Vary(1.0, 0.6, 1.0, 0.1, "her follicle reserve `follicle_reserve`"),
          "neg_fb": Vary(1.0, 0.8, 1.0, 0.1, "her negative feedback `negative_feedback`")}
_WOMAN_NOTE = ("Your woman is `hs.FemaleHPO(age=30, follicle_reserve={reserve:g}, "
               "negative_feedback={neg_fb:g})`")


@exercise("ch2-ex4", form="a pair (peak_with, peak_without): the highest LH in IU/L after day 3 of "
          "35 days, with estradiol's positive feedback (positive_feedback=1) and without it (0)",
          kind="numbers", parts=("peak_with", "peak_without"), unit="IU/L", rel_tol=0.05,
          hint="two runs of the same virtual woman that differ only in positive_feedback; leave "
          "out the first three days, when the model starts up.",
          vary=_WOMAN, note=_WOMAN_NOTE + " (add `positive_feedback=0.0` for the second run).",
          written=Written(2, "the prediction, and which output tells you she ovulated",
                          ("1: predicts no LH surge (LH stays near its ordinary level) and no "
                           "ovulation",
                           "1: names progesterone (the luteal phase) as the sign of ovulation")))
def _ch2_ex4(reserve, neg_fb):
    return (lh_peak(1.0, follicle_reserve=reserve, negative_feedback=neg_fb),
            lh_peak(0.0, follicle_reserve=reserve, negative_feedback=neg_fb))


@exercise("ch2-ex5", form="a judgement of the claim in four to six sentences (written)",
          kind="written",
          written=Written(4, "judge the 'sluggish thyroid' claim",
                          ("1: reads TSH as the feedback signal, to be interpreted with "
                           "thyroxine",
                           "1: uses the personal set point (narrow within a person, wide "
                           "between people)",
                           "1: cites the trial evidence that treatment did not relieve "
                           "tiredness, with its label",
                           "1: notes fatigue is non-specific, so a symptom does not identify a"
                           " hormone cause")))
def _ch2_ex5():
    return None


@exercise("ch2-ex6", form="the ratio of mean FSH after the menopause (stage 'postmenopause') to "
          "mean FSH over a 35-day cycle before it (a number)", rel_tol=0.03, abs_tol=0.5,
          hint="two untreated runs of hs.FemaleHPO over 35 days; average res['fsh'] over each.",
          vary=_WOMAN, note=_WOMAN_NOTE + " before the menopause; after it, the book's "
          "`hs.FemaleHPO(age=55, stage=\"postmenopause\")`.",
          written=Written(2, "why FSH rises, with the feedback diagram",
                          ("1: names the loss of negative feedback from ovarian estradiol (and"
                           " inhibin)",
                           "1: links it to the pituitary's unopposed FSH output (the loop's "
                           "design is unchanged)")))
def _ch2_ex6(reserve, neg_fb):
    pre = simulate(FemaleHPO(age=30, follicle_reserve=reserve, negative_feedback=neg_fb),
                   duration="35d")
    post = simulate(FemaleHPO(age=55, stage="postmenopause"), duration="35d")
    return float(post["fsh"].mean() / pre["fsh"].mean())
