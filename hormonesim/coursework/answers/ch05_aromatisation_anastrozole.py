"""Chapter 5: aromatisation and anastrozole.

Chapter file ``chapters/intermediate/05_aromatisation_anastrozole.ipynb``; exercises ``ch5-ex1``,
``ch5-ex2``, ``ch5-ex3``.

No helpers yet (the chapter's figures call the core directly). The exercises' answer functions are
in the sealed answer key, :mod:`hormonesim.coursework.key.ch05_aromatisation_anastrozole`.
"""
