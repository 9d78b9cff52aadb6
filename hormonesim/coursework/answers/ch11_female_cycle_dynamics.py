"""Chapter 11: hormonal interplay in female health.

Chapter file ``chapters/academic/11_female_cycle_dynamics.ipynb``; exercises ``ch11-ex1``, ``ch11-ex2``,
``ch11-ex3``.

No helpers yet (the chapter's figures call the core directly). The exercises' answer functions are
in the sealed answer key, :mod:`hormonesim.coursework.key.ch11_female_cycle_dynamics`.
"""
