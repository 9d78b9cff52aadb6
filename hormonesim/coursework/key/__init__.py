"""The answer key: every exercise's definition and the function that computes its expected answer
from the model, one module per chapter (``ch06_keeping_the_axis_running.py`` for chapter 6).

Importing this package registers every exercise with
:func:`hormonesim.coursework.checks.exercise`. It is *sealed*: no public name returns an expected
value, and the grader's sandbox runs each submission on a copy of the package without this
folder, so a graded notebook cannot import it (see :mod:`hormonesim.coursework.grading`). The
helpers the chapters' figures and solutions call live in :mod:`hormonesim.coursework.answers`.

A new chapter's exercises go in ``chNN_<notebook name>.py`` here, imported below.
"""
from . import (ch01_hormones_as_messages, ch02_feedback_and_homeostasis,  # noqa: F401
               ch03_standard_and_personalised, ch04_testosterone_therapy,
               ch05_aromatisation_anastrozole, ch06_keeping_the_axis_running,
               ch07_menopause_therapy, ch08_peptides_gh_axis, ch09_hpg_dynamical_system,
               ch10_aromatase_population, ch11_female_cycle_dynamics, ch12_gh_pulsatility)

#: exercises with an automatically graded answer that do not vary per student, and why
NOT_VARIED = {
    "ch4-ex3": "a choice among three regimens; other men can make no regimen or two fit the band",
    "ch8-ex3": "a fact about regulatory status, not a model result",
    "ch9-ex1": "the best of five pulse intervals; the same for every man of the model",
    "ch11-ex3": "a threshold on a 0.1 grid that does not move with age or seed",
    "ch10-ex5": "a rule written in code: with halving, almost no man of any cohort ends outside "
                "10-37 pg/mL, so the pair is about the same for every variant",
    "ch3-ex6": "read by eye from the book's cycle figure first; the ratio moves by only a few "
               "percent between virtual women of 30",
    # verdicts on a clinic's claim: the evidence registry decides them, not a model result, so
    # no virtual patient can change them; the written justification carries most of the points
    "ch4-ex6": "a verdict on a claim, from the evidence registry",
    "ch5-ex5": "a verdict on a claim, from the evidence registry",
    "ch6-ex5": "a verdict on a claim, from the evidence registry",
    "ch7-ex5": "a verdict on a claim, from the evidence registry",
    "ch8-ex5": "a verdict on a claim, from the evidence registry",
}
