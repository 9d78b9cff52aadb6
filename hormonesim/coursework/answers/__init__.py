"""The exercise answers, one module per chapter (``ch06_keeping_the_axis_running.py`` holds
chapter 6's). Importing this package registers every self-check with
:func:`hormonesim.coursework.checks.exercise`; each expected answer is computed from the model
the first time a check needs it.

A new chapter's answers go in ``chNN_<notebook name>.py`` here, imported below.
"""
from .ch01_hormones_as_messages import trough_to_peak
from .ch02_feedback_and_homeostasis import oscillation_range
from . import ch03_standard_and_personalised  # noqa: F401  (registers its checks)
from .ch04_testosterone_therapy import trt_steady_state, trt_choice_in_band
from . import ch05_aromatisation_anastrozole  # noqa: F401  (registers its checks)
from .ch06_keeping_the_axis_running import gonadorelin_lh, hcg_leydig_ratio
from .ch07_menopause_therapy import female_cream_week3_mean
from . import ch08_peptides_gh_axis  # noqa: F401  (registers its checks)
from .ch09_hpg_dynamical_system import lh_for_interval, lh_recovery_day
from . import ch10_aromatase_population  # noqa: F401  (registers its checks)
from . import ch11_female_cycle_dynamics  # noqa: F401  (registers its checks)
from .ch12_gh_pulsatility import gh_pulses_per_day, gh_synergy_ratio
from .common import weekly_mean

#: public helpers of the answer modules (chapters call some; also ``hs.checks.<name>``)
HELPERS = ('female_cream_week3_mean', 'gh_pulses_per_day', 'gh_synergy_ratio',
           'gonadorelin_lh', 'hcg_leydig_ratio', 'lh_for_interval', 'lh_recovery_day',
           'oscillation_range', 'trough_to_peak', 'trt_choice_in_band',
           'trt_steady_state', 'weekly_mean')
