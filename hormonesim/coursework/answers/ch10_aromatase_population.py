"""Chapter 10: aromatase modulation across individuals.

Chapter file ``chapters/academic/10_aromatase_population.ipynb``; exercises ``ch10-ex1``, ``ch10-ex2``,
``ch10-ex3``.

No helpers yet (the chapter's figures call the core directly). The exercises' answer functions are
in the sealed answer key, :mod:`hormonesim.coursework.key.ch10_aromatase_population`.
"""
