"""Chapter 3: standard and personalised protocols.

Chapter file ``chapters/fundamentals/03_standard_and_personalised.ipynb``; exercises ``ch3-ex1``,
``ch3-ex2``, ``ch3-ex3``.

No helpers yet (the chapter's figures call the core directly). The exercises' answer functions are
in the sealed answer key, :mod:`hormonesim.coursework.key.ch03_standard_and_personalised`.
"""
