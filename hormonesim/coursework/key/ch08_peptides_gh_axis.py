"""Answer key, chapter 8 (``chapters/intermediate/08_peptides_gh_axis.ipynb``)."""
from __future__ import annotations

from ... import GHAxis, dose, gh_increment_after_dose, simulate
from ..checks import Vary, Written, exercise


@exercise("ch8-ex1", form="the ratio of the two 24-hour mean GH levels (treated / untreated)",
          rel_tol=0.03, hint="simulate your GHAxis(age=...) for 24 h with seed=1 twice, once with "
          "hs.dose('sermorelin', ..., 'ug', start='14h') and once with plan=None, and divide the "
          "means of res['gh'].",
          vary={"age": Vary(40.0, 25.0, 65.0, 1.0, "the man's age", "years"),
                "dose_ug": Vary(300.0, 100.0, 500.0, 50.0, "sermorelin dose", "ug")})
def _ch8_ex1(age, dose_ug):
    treated = simulate(GHAxis(age=age), dose("sermorelin", dose_ug, "ug", start="14h"),
                       duration="24h", seed=1)
    untreated = simulate(GHAxis(age=age), None, duration="24h", seed=1)
    return float(treated["gh"].mean() / untreated["gh"].mean())


@exercise("ch8-ex2", form="a pair (morning, evening): extra GH in ng/mL x h over the 3 h after "
          "ipamorelin at 10:00 and at 22:00, mean of seeds 0-4", kind="numbers",
          parts=("morning", "evening"), unit="ng/mL x h", rel_tol=0.05,
          hint="10:00 is start='2h' and 22:00 is start='14h' (the simulation starts at 08:00); "
          "subtract the untreated curve of the same seed before integrating with np.trapezoid.",
          vary={"ipamorelin_ug": Vary(100.0, 50.0, 200.0, 10.0, "ipamorelin dose", "ug")},
          written=Written(1, "which time releases more and why",
                          ("1: 22:00; after sleep onset GHRH surges are strongest and somatostatin "
                           "tone falls, so more GHRH passes the lifted brake",
                           "0.5: the time without the mechanism", "0: missing")))
def _ch8_ex2(ipamorelin_ug):
    return (gh_increment_after_dose(2.0, "ipamorelin", ipamorelin_ug),
            gh_increment_after_dose(14.0, "ipamorelin", ipamorelin_ug))


@exercise("ch8-ex3", form="one of the four names", kind="choice",
          choices=("bremelanotide", "BPC-157", "ipamorelin", "sermorelin"),
          hint="look for the product with a current FDA approval in the evidence boxes, not for "
          "the one with the longest history.",
          written=Written(1.5, "one sentence each on why the other three are not approved",
                          ("0.5 per product, as the chapter's evidence boxes say: BPC-157 never "
                           "tested in controlled human trials nor approved; ipamorelin never "
                           "approved; sermorelin's approved product (Geref) is no longer marketed",)))
def _ch8_ex3():
    return "bremelanotide"
