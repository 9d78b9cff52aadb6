"""Helpers the chapters' figures and solutions call, one module per chapter
(``ch06_keeping_the_axis_running.py`` holds chapter 6's).

These are analysis the chapter shows (for example the LH response to a pulse interval), public
and importable in the grading sandbox. The exercises' expected answers are *not* here: they are
computed by the sealed answer key, :mod:`hormonesim.coursework.key`.
"""
from .ch01_hormones_as_messages import trough_to_peak
from .ch02_feedback_and_homeostasis import oscillation_range
from .ch04_testosterone_therapy import trt_steady_state, trt_choice_in_band
from .ch06_keeping_the_axis_running import gonadorelin_lh, hcg_leydig_ratio
from .ch07_menopause_therapy import female_cream_week3_mean
from .ch09_hpg_dynamical_system import lh_for_interval, lh_recovery_day
from .ch12_gh_pulsatility import gh_pulses_per_day, gh_synergy_ratio
from .common import weekly_mean

#: public helpers of the answer modules (chapters call some; also ``hs.checks.<name>``)
HELPERS = ('female_cream_week3_mean', 'gh_pulses_per_day', 'gh_synergy_ratio',
           'gonadorelin_lh', 'hcg_leydig_ratio', 'lh_for_interval', 'lh_recovery_day',
           'oscillation_range', 'trough_to_peak', 'trt_choice_in_band',
           'trt_steady_state', 'weekly_mean')
