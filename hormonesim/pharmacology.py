"""Receptor occupancy and concentration-response curves (the Hill/Emax model).

A hormone acts by binding its receptor; the fraction of receptors occupied, and in the simplest
case the response, rises with concentration along a saturating curve
``C**n / (EC50**n + C**n)`` [hill1910]. The same curve links drug concentration to effect
(the Emax model) throughout the package.
"""
from __future__ import annotations

import numpy as np

from ._validate import check_number


def occupancy(concentration, ec50: float, hill: float = 1.0):
    """Fraction of maximal response at ``concentration`` (same unit as ``ec50``).

    Parameters
    ----------
    concentration : float or array
        Hormone or drug concentration (>= 0), in any unit.
    ec50 : float
        Concentration giving half the maximal response, same unit (> 0).
    hill : float
        Hill coefficient (steepness), 0.1 to 20.

    Returns
    -------
    float or ndarray
        Values in [0, 1).

    Examples
    --------
    >>> occupancy(2.0, ec50=2.0)
    0.5
    """
    ec50 = check_number("ec50", ec50, low=0, low_inclusive=False)
    hill = check_number("hill", hill, low=0.1, high=20)
    c = np.asarray(concentration, dtype=float)
    if not np.all(np.isfinite(c)) or np.any(c < 0):
        raise ValueError("concentration must be finite and >= 0")
    x = (c / ec50) ** hill
    out = x / (1 + x)
    return float(out) if out.ndim == 0 else out
