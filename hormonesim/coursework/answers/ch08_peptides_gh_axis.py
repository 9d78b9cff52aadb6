"""Chapter 8 exercise answers: peptide therapies and the GH axis.

Exercises of ``chapters/intermediate/08_peptides_gh_axis.ipynb``: ``ch8-ex1`` to ``ch8-ex5``
(ex5 judges a claim: its answer is a verdict, its written part has a rubric).

Each ``@exercise`` function computes the expected answer from the model when a check first
needs it; the chapter's solution cells show the reader the same computation.
"""
from __future__ import annotations

from ... import GHAxis, dose, gh_increment_after_dose, simulate
from ..checks import exercise


@exercise("ch8-ex1", form="the ratio of the two 24-hour mean GH levels (treated / untreated)",
          rel_tol=0.03, hint="the same virtual man (seed) with and without the injection; treated over "
          "untreated.")
def _ch8_ex1():
    treated = simulate(GHAxis(age=40), dose("sermorelin", 300, "ug", start="14h"),
                       duration="24h", seed=1)
    untreated = simulate(GHAxis(age=40), None, duration="24h", seed=1)
    return float(treated["gh"].mean() / untreated["gh"].mean())


@exercise("ch8-ex2", form="a pair (morning, evening): extra GH in ng/mL x h over the 3 h after "
          "100 ug ipamorelin at 10:00 and at 22:00, mean of seeds 0-4", kind="numbers",
          parts=("morning", "evening"), unit="ng/mL x h", rel_tol=0.05,
          hint="the simulation starts at 08:00, so clock times are offsets from it; the extra GH "
          "is treated minus untreated, for the same seeds.")
def _ch8_ex2():
    return (gh_increment_after_dose(2.0), gh_increment_after_dose(14.0))


@exercise("ch8-ex3", form="one of the four names", kind="choice",
          choices=("bremelanotide", "BPC-157", "ipamorelin", "sermorelin"),
          hint="look for the product with a current FDA approval in the evidence boxes, not for "
          "the one with the longest history.")
def _ch8_ex3():
    return "bremelanotide"


def mean_gh_24h(clock_h: float, sermorelin_ug: float = 300.0, age: float = 40.0, seed: int = 1) -> float:
    """24-hour mean GH (ng/mL) with one sermorelin injection at ``clock_h`` (the day starts 08:00)."""
    model = GHAxis(age=age)
    start_h = (clock_h - model.start_clock_h) % 24.0
    res = simulate(model, dose("sermorelin", sermorelin_ug, "ug", start=start_h), duration="24h",
                   seed=seed)
    return float(res["gh"].mean())


@exercise("ch8-ex4", form="a pair (mean_gh_0800, mean_gh_2200): the 24-hour mean GH in ng/mL with "
          "the injection at 08:00 and at 22:00", kind="numbers",
          parts=("mean_gh_0800", "mean_gh_2200"), unit="ng/mL", rel_tol=0.05,
          hint="the explorer's default man (age 40, seed 1) with sermorelin 300 ug; move only the "
          "clock time.")
def _ch8_ex4():
    return (mean_gh_24h(8.0), mean_gh_24h(22.0))


@exercise("ch8-ex5", form="one verdict: 'supported', 'partly supported' or 'not supported'",
          kind="choice", choices=("supported", "partly supported", "not supported"),
          hint="separate what the peptides do to GH from what anyone has measured in people who "
          "take them.")
def _ch8_ex5():
    # the book's verdict (evidence.yml, claim ch8-peptides): ghs-no-outcome-trials,
    # bpc157-no-human-trials, gh-antiaging-review, ipamorelin-status
    return "not supported"
