"""hormonesim: teaching models of endocrine feedback and hormone therapy.

The package behind *Hormones in the Loop*. Models are teaching models: each parameter names its
source, and the book's validation appendix shows where they match published data and where not.
Nothing here is medical advice; the package simulates virtual subjects only.

The package has three floors, each a folder; a floor may use the floors below it, never the
ones above (``ARCHITECTURE.md`` at the repository root is the map):

* the core, this folder's modules and ``drugs/``, ``models/``, ``validation/``: units, regimens,
  PK, the axes, the engine, results, cohorts, trials and analysis. Rule: numpy and scipy only;
  it never imports matplotlib, ipywidgets, nbformat, nbclient or IPython, nor anything from
  ``book/`` or ``coursework/``, so ``import hormonesim`` loads none of them.
* :mod:`hormonesim.book`: the figure style and the explorers, one module per chapter.
* :mod:`hormonesim.coursework`: self-checks, the exercise answers one module per chapter, the
  student release and the grader.

``hs.checks``, ``hs.plots`` and ``hs.widgets`` (the paths readers' notebooks use) are bound on
first use to :mod:`hormonesim.coursework.checks`, :mod:`hormonesim.book.plots` and
:mod:`hormonesim.book`; that lazy table below is the core's only reference to the upper floors.

>>> import hormonesim as hs
>>> res = hs.simulate(hs.FeedbackLoop(gain=2.0), duration="3d")
>>> float(res["target_hormone"][-1])  # doctest: +ELLIPSIS
1.0...
"""
from . import pharmacology, reference, units, validation
from .drugs import DRUGS, Drug, get_drug
from .engine import simulate
from .models import FeedbackLoop, Model, SecretionClearance
from .models.gh_axis import GHAxis
from .models.male_hpg import MaleHPG, free_testosterone_vermeulen
from .analysis import (ScenarioComparison, Sensitivity, SteadyState, compare_scenarios,
                       periodic_steady_state, sensitivity, summarise, summary_value)
from .models.female_hpo import FemaleHPO
from .pulses import PulseAnalysis, detect_pulses, gh_increment_after_dose, pulse_analysis
from .regimen import Regimen, dose, infusion
from .result import Result
from .units import parse_duration, si_unit, to_si

__version__ = "0.1.0"

__all__ = ["DRUGS", "Drug", "FeedbackLoop", "Model", "Regimen", "Result", "SecretionClearance",
           "dose", "get_drug", "infusion", "parse_duration", "si_unit", "simulate", "to_si"]
__all__ += ["GHAxis", "PulseAnalysis", "detect_pulses", "gh_increment_after_dose", "pulse_analysis"]
__all__ += ["FemaleHPO"]
__all__ += ["MaleHPG", "free_testosterone_vermeulen", "ScenarioComparison", "Sensitivity",
            "SteadyState", "compare_scenarios", "periodic_steady_state", "sensitivity", "summarise"]
from .population import Cohort, Spread, population
from .chunked import CohortSummary, Summaries
from .titration import Titrated, titrated
from .trial import (TrialSummary, compare, dose_history, fraction_in_range, lab_draws, summarize,
                    trial_summary)
from . import trial
__all__ += ["CohortSummary", "Summaries"]
__all__ += ["Cohort", "Spread", "population", "Titrated", "titrated", "TrialSummary", "compare",
            "dose_history", "fraction_in_range", "lab_draws", "summarize"]
# one name per concept: summary_value (one number from one subject) and trial_summary (outcomes
# of a cohort arm); summarise/summarize are their old names, kept as aliases
from ._validate import UnknownOutputError
__all__ += ["summary_value", "trial_summary", "UnknownOutputError"]

from . import screening  # noqa: E402  (hs.screening.screening_flags: the "20 tests" arithmetic)


#: reader-facing paths to the upper floors, imported on first attribute access (PEP 562) so
#: that ``import hormonesim`` loads no plotting or notebook library
_UPPER_FLOORS = {"checks": "hormonesim.coursework.checks", "plots": "hormonesim.book.plots",
                 "widgets": "hormonesim.book", "book": "hormonesim.book",
                 "coursework": "hormonesim.coursework"}


def __getattr__(name: str):
    if name in _UPPER_FLOORS:
        import importlib
        module = importlib.import_module(_UPPER_FLOORS[name])
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_UPPER_FLOORS))
