"""hormonesim: teaching models of endocrine feedback and hormone therapy.

The package behind *Hormones in the Loop*. Models are teaching models: each parameter names its
source, and the book's validation appendix shows where they match published data and where not.
Nothing here is medical advice; the package simulates virtual subjects only.

>>> import hormonesim as hs
>>> res = hs.simulate(hs.FeedbackLoop(gain=2.0), duration="3d")
>>> float(res["target_hormone"][-1])  # doctest: +ELLIPSIS
1.0...
"""
from . import pharmacology, reference, units, validation
from . import checks  # exercise self-checks (numpy + core only; no matplotlib/ipywidgets)
from .drugs import DRUGS, Drug, get_drug
from .engine import simulate
from .models import FeedbackLoop, Model, SecretionClearance
from .models.gh_axis import GHAxis
from .models.male_hpg import MaleHPG, free_testosterone_vermeulen
from .analysis import (ScenarioComparison, Sensitivity, SteadyState, compare_scenarios,
                       periodic_steady_state, sensitivity, summarise)
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
from .titration import Titrated, titrated
from .trial import TrialSummary, compare, dose_history, fraction_in_range, lab_draws, summarize
from . import trial
__all__ += ["Cohort", "Spread", "population", "Titrated", "titrated", "TrialSummary", "compare",
            "dose_history", "fraction_in_range", "lab_draws", "summarize"]
