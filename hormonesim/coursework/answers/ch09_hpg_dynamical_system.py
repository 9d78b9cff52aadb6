"""Chapter 9: the HPG axis as a dynamical system.

Chapter file ``chapters/academic/09_hpg_dynamical_system.ipynb``; exercises ``ch9-ex1``, ``ch9-ex2``,
``ch9-ex3``.

Helpers only: the chapter's figures and solutions call them. The exercises' answer functions are
in the sealed answer key, :mod:`hormonesim.coursework.key.ch09_hpg_dynamical_system`.

Helpers the chapter's solutions call (also ``hs.checks.<name>``): :func:`lh_for_interval`,
:func:`lh_recovery_day`.
"""
from __future__ import annotations

import numpy as np

from ... import MaleHPG, dose, simulate


def lh_for_interval(interval_min: float, pulse_ug: float = 5.0) -> float:
    """Day-2 mean LH for gonadorelin pulses every ``interval_min`` (GnRH-deficient man, ch 9)."""
    res = simulate(MaleHPG(gnrh_pulse_generator=False),
                   dose("gonadorelin", pulse_ug, "ug", every=f"{interval_min:g}min"),
                   duration="2d", resolution="pulse", record_every="4min")
    return float(res["lh"][res.t_hours >= 24].mean())


def lh_recovery_day(te_mg: float = 250.0, within: float = 0.1) -> float:
    """Days after a single TE dose (given on day 2) until LH is back within ``within`` of its set point."""
    res = simulate(MaleHPG(age=35, bmi=25), dose("testosterone_enanthate", te_mg, "mg",
                                                 start="2d", count=1),
                   duration="8w", resolution="mean", record_every="6h")
    lh, d = res["lh"], res.t_days
    lh0 = lh[d < 2].mean()
    low = int(np.argmin(lh))
    back = np.nonzero(lh[low:] >= (1 - within) * lh0)[0]
    return float(d[low + back[0]] - 2.0) if back.size else float("nan")
