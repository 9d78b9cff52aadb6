"""Chapter 8: peptide therapies and the GH axis.

Chapter file ``chapters/intermediate/08_peptides_gh_axis.ipynb``; exercises ``ch8-ex1``, ``ch8-ex2``,
``ch8-ex3``.

No helpers yet (the chapter's figures call the core directly). The exercises' answer functions are
in the sealed answer key, :mod:`hormonesim.coursework.key.ch08_peptides_gh_axis`.
"""
