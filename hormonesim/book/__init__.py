"""The book floor: what the chapters draw (figures, explorers). matplotlib and ipywidgets live here.

The package has three floors; each may use the floors below it, never the ones above
(``ARCHITECTURE.md`` at the repository root is the map)::

    hormonesim.book, hormonesim.coursework     (side by side; book never imports coursework)
    hormonesim (the core: units, regimens, drugs, models, engine, results, population, ...)

Rule of this floor: it calls the core only through its public API (``hormonesim``, its models,
``simulate``, ``Result``); it never defines a model or an equation, and it never imports
:mod:`hormonesim.coursework`. The core never imports this floor (``import hormonesim`` loads no
matplotlib).

What lives here
---------------
* :mod:`~hormonesim.book.plots` - the one figure style (colour-blind-safe palette, reference
  bands, units on axes) and plotting helpers; :func:`~hormonesim.book.plots.show` attaches alt text.
* :mod:`~hormonesim.book.explorer` - the explorer pattern: :class:`Explorer` with
  :class:`Slider`/:class:`Choice` controls, the registry :data:`EXPLORERS`.
* ``ch01_...py`` ... ``ch12_...py`` - each chapter's explorers, one short module per chapter,
  named after the chapter's notebook (``ch06_keeping_the_axis_running`` for
  ``chapters/intermediate/06_keeping_the_axis_running.ipynb``).
* :mod:`~hormonesim.book.cache` - cached simulations that explorers of several chapters share.

A new chapter's explorer goes in ``hormonesim/book/chNN_<notebook name>.py``, decorated with
:func:`~hormonesim.book.explorer.register`, and is imported below so that :data:`EXPLORERS`
(which the tests and the benchmark walk) lists it.
"""
from . import plots
from .explorer import EXPLORERS, Choice, Explorer, Slider, register
from .ch01_hormones_as_messages import half_life_explorer
from .ch02_feedback_and_homeostasis import feedback_explorer
from .ch03_standard_and_personalised import standard_dose_explorer, titration_explorer
from .ch04_testosterone_therapy import trt_regimen_explorer
from .ch05_aromatisation_anastrozole import aromatase_bmi_explorer
from .ch06_keeping_the_axis_running import gonadorelin_pattern_explorer, hcg_trt_explorer
from .ch07_menopause_therapy import (estradiol_route_explorer, female_testosterone_explorer,
                                     progesterone_endometrium_explorer)
from .ch08_peptides_gh_axis import peptide_pulse_explorer
from .ch09_hpg_dynamical_system import hpg_perturbation_explorer, desensitisation_explorer
from .ch10_aromatase_population import aromatase_population_explorer
from .ch11_female_cycle_dynamics import follicle_reserve_explorer, cycle_feedback_explorer
from .ch12_gh_pulsatility import synergy_explorer, pulse_detection_explorer

__all__ = ["EXPLORERS", "Choice", "Explorer", "Slider", "plots", "register"]
__all__ += list(EXPLORERS)      # every chapter's explorer factories, imported above
