"""Answer key, chapter 8 (``chapters/intermediate/08_peptides_gh_axis.ipynb``)."""
from __future__ import annotations

from ... import GHAxis, dose, gh_increment_after_dose, simulate
from ..answers.ch08_peptides_gh_axis import mean_gh_24h
from ..checks import Vary, Written, exercise

#: the man and the sermorelin dose of exercises 1 and 4
_AGE = Vary(40.0, 25.0, 65.0, 1.0, "the man's age", "years")
_DOSE = Vary(300.0, 100.0, 500.0, 50.0, "sermorelin dose", "ug")


@exercise("ch8-ex1", form="the ratio of the two 24-hour mean GH levels (treated / untreated)",
          rel_tol=0.03, hint="the same virtual man (seed) with and without the injection; treated "
          "over untreated.",
          vary={"age": _AGE, "dose_ug": _DOSE},
          written=Written(2, "why one injection moves the daily mean so much",
                          ("1: GH is mostly low, so the daily mean is dominated by a few "
                           "pulses",
                           "1: the injected pulse interacts with the body's own (somatostatin "
                           "rise, fewer or smaller own pulses afterwards)")))
def _ch8_ex1(age, dose_ug):
    treated = simulate(GHAxis(age=age), dose("sermorelin", dose_ug, "ug", start="14h"),
                       duration="24h", seed=1)
    untreated = simulate(GHAxis(age=age), None, duration="24h", seed=1)
    return float(treated["gh"].mean() / untreated["gh"].mean())


@exercise("ch8-ex2", form="a pair (morning, evening): extra GH in ng/mL x h over the 3 h after "
          "ipamorelin at 10:00 and at 22:00, mean of seeds 0-4", kind="numbers",
          parts=("morning", "evening"), unit="ng/mL x h", rel_tol=0.05,
          hint="the simulation starts at 08:00, so clock times are offsets from it; the extra GH "
          "is treated minus untreated, for the same seeds.",
          vary={"ipamorelin_ug": Vary(100.0, 50.0, 200.0, 10.0, "ipamorelin dose", "ug")},
          written=Written(2, "which time releases more and why",
                          ("1: names the sleep-related change in GHRH drive or somatostatin "
                           "tone",
                           "1: relates it to how ipamorelin acts (weakening the brake, "
                           "amplifying GHRH)")))
def _ch8_ex2(ipamorelin_ug):
    return (gh_increment_after_dose(2.0, "ipamorelin", ipamorelin_ug),
            gh_increment_after_dose(14.0, "ipamorelin", ipamorelin_ug))


@exercise("ch8-ex3", form="one of the four names", kind="choice",
          choices=("bremelanotide", "BPC-157", "ipamorelin", "sermorelin"),
          hint="look for the product with a current FDA approval in the evidence boxes, not for "
          "the one with the longest history.",
          written=Written(3, "one sentence each on why the other three are not approved",
                          ("1: sermorelin: approved product no longer marketed; compounded now",
                           "1: ipamorelin: never approved; the Category 2 listing and its "
                           "removal are not an approval",
                           "1: BPC-157: no human trials; placed in Category 2")))
def _ch8_ex3():
    return "bremelanotide"


@exercise("ch8-ex4", form="a pair (mean_gh_0800, mean_gh_2200): the 24-hour mean GH in ng/mL with "
          "the injection at 08:00 and at 22:00", kind="numbers",
          parts=("mean_gh_0800", "mean_gh_2200"), unit="ng/mL", rel_tol=0.05,
          hint="the same virtual man and dose in both runs (seed 1); move only the clock time.",
          vary={"age": _AGE, "dose_ug": _DOSE},
          note="Your man and dose are those of exercise 1: `hs.GHAxis(age={age:g})` with "
               "sermorelin {dose_ug:g} ug, seed 1 (the explorer's default is 40 years and 300 ug).",
          written=Written(2, "the prediction with a mechanism, and how far one virtual man "
                          "carries",
                          ("1: a prediction with a mechanism (brake, GHRH surges, or "
                           "competition with the sleep-onset pulse)",
                           "1: notes that one seed is one virtual man, and checks or proposes "
                           "checking others")))
def _ch8_ex4(age, dose_ug):
    return (mean_gh_24h(8.0, sermorelin_ug=dose_ug, age=age),
            mean_gh_24h(22.0, sermorelin_ug=dose_ug, age=age))


@exercise("ch8-ex5", form="one verdict: 'supported', 'partly supported' or 'not supported'",
          kind="choice", choices=("supported", "partly supported", "not supported"),
          hint="separate what the peptides do to GH from what anyone has measured in people who "
          "take them.",
          written=Written(4, "the justification from the evidence registry and the model",
                          ("1: verdict \"not supported\"",
                           "1: no outcome trials of sermorelin or ipamorelin "
                           "(`ghs-no-outcome-trials`)",
                           "1: BPC-157 untested in people (`bpc157-no-human-trials`), or GH "
                           "itself not recommended for ageing (`gh-antiaging-review`)",
                           "1: separates the model's pharmacology (GH pulses) from the claimed"
                           " outcomes")))
def _ch8_ex5():
    # the book's verdict (evidence.yml, claim ch8-peptides): ghs-no-outcome-trials,
    # bpc157-no-human-trials, gh-antiaging-review, ipamorelin-status
    return "not supported"
