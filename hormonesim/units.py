"""Units of time, amount, rate and concentration.

The package computes in hours for time and in each hormone's conventional US clinical
unit for concentrations (``ng/dL`` for testosterone, ``pg/mL`` for estradiol, ...).
:func:`to_si` converts a conventional value to SI (``nmol/L``, ``pmol/L``) with the factors
below, each derived from the hormone's molar mass.

Examples
--------
>>> parse_duration("90min")
1.5
>>> parse_duration("12w")
2016.0
>>> round(to_si("testosterone", 500.0), 2)   # ng/dL -> nmol/L
17.34
"""
from __future__ import annotations

import re

import numpy as np

from ._validate import check_choice

#: hours per unit of time; keys are the spellings accepted in duration strings
TIME_UNITS_H: dict[str, float] = {
    "s": 1 / 3600, "sec": 1 / 3600,
    "min": 1 / 60, "m": 1 / 60,
    "h": 1.0, "hr": 1.0, "hour": 1.0, "hours": 1.0,
    "d": 24.0, "day": 24.0, "days": 24.0,
    "w": 168.0, "wk": 168.0, "week": 168.0, "weeks": 168.0,
    "y": 8766.0, "yr": 8766.0, "year": 8766.0, "years": 8766.0,
}

_DURATION_RE = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-zA-Z]+)\s*$")


def parse_duration(value, name: str = "duration") -> float:
    """Parse a duration into hours.

    Parameters
    ----------
    value : str or float
        A string such as ``"90min"``, ``"36h"``, ``"3.5d"``, ``"12w"``; or a number of hours.
    name : str
        The parameter name used in error messages.

    Returns
    -------
    float
        The duration in hours (h), never negative.
    """
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a duration like '36h' or '12w', got {value!r}")
    if isinstance(value, (int, float, np.integer, np.floating)):
        hours = float(value)
    elif isinstance(value, str):
        m = _DURATION_RE.match(value)
        if not m:
            raise ValueError(f"{name} = {value!r} is not a duration; write a number and a unit, "
                             f"e.g. '90min', '36h', '3.5d', '12w' (units: min, h, d, w, y)")
        number, unit = m.groups()
        if unit not in TIME_UNITS_H:
            raise ValueError(f"{name} = {value!r} has unknown time unit {unit!r}; "
                             f"allowed: {', '.join(sorted(set(TIME_UNITS_H)))}")
        hours = float(number) * TIME_UNITS_H[unit]
    else:
        raise TypeError(f"{name} must be a duration string like '36h' or a number of hours, "
                        f"got {value!r} of type {type(value).__name__}")
    if not np.isfinite(hours) or hours < 0:
        raise ValueError(f"{name} = {value!r} must be a finite, non-negative duration")
    return hours


#: amount units: factor to the canonical unit of their dimension
MASS_UNITS_MG: dict[str, float] = {"g": 1000.0, "mg": 1.0, "ug": 1e-3, "µg": 1e-3, "mcg": 1e-3,
                                   "ng": 1e-6}
ACTIVITY_UNITS_IU: dict[str, float] = {"IU": 1.0, "kIU": 1000.0, "mIU": 1e-3}


def amount_to_canonical(amount: float, unit: str, name: str = "unit") -> tuple[float, str]:
    """Convert an amount to mg (mass) or IU (activity).

    Returns
    -------
    (float, str)
        The amount in the canonical unit and that unit's name (``"mg"`` or ``"IU"``).
    """
    if unit in MASS_UNITS_MG:
        return amount * MASS_UNITS_MG[unit], "mg"
    if unit in ACTIVITY_UNITS_IU:
        return amount * ACTIVITY_UNITS_IU[unit], "IU"
    raise ValueError(f"unknown {name} {unit!r}; allowed amount units: "
                     f"{', '.join(list(MASS_UNITS_MG) + list(ACTIVITY_UNITS_IU))}")


def rate_to_canonical(rate: float, unit: str, name: str = "unit") -> tuple[float, str]:
    """Convert a delivery rate such as ``"ug/day"`` or ``"ug/h"`` to mg/h or IU/h."""
    if not isinstance(unit, str) or "/" not in unit:
        raise ValueError(f"{name} {unit!r} is not a rate; write amount/time, e.g. 'ug/day', 'ug/h'")
    amount_unit, time_unit = unit.split("/", 1)
    if time_unit not in TIME_UNITS_H:
        raise ValueError(f"{name} {unit!r} has unknown time unit {time_unit!r}; "
                         f"allowed: min, h, d/day, w/week")
    per_unit, canon = amount_to_canonical(rate, amount_unit, name)
    return per_unit / TIME_UNITS_H[time_unit], canon + "/h"


def is_rate_unit(unit: str) -> bool:
    """True if ``unit`` is written as amount/time (``"ug/day"``)."""
    return isinstance(unit, str) and "/" in unit


#: conventional unit of each output and the factor that turns it into SI
#: (source of each factor: molar mass, see comments; IU-based units are already SI-like)
CONVENTIONAL_UNITS: dict[str, str] = {
    "testosterone": "ng/dL", "free_testosterone": "pg/mL", "estradiol": "pg/mL",
    "progesterone": "ng/mL", "estriol": "pg/mL", "lh": "IU/L", "fsh": "IU/L",
    "shbg": "nmol/L", "gnrh": "pg/mL", "gh": "ng/mL", "igf1": "ng/mL",
    "ghrh": "pg/mL", "somatostatin": "pg/mL", "ghrelin": "pg/mL",
}
SI_FACTORS: dict[str, tuple[float, str]] = {
    # testosterone, M = 288.42 g/mol: 1 ng/dL = 10 ng/L / 288.42 = 0.034671 nmol/L
    "testosterone": (10 / 288.42, "nmol/L"),
    # free testosterone: 1 pg/mL = 1 ng/L / 288.42 g/mol = 3.4671 pmol/L
    "free_testosterone": (1000 / 288.42, "pmol/L"),
    # estradiol, M = 272.38 g/mol: 1 pg/mL = 3.6713 pmol/L
    "estradiol": (1000 / 272.38, "pmol/L"),
    # estriol, M = 288.38 g/mol: 1 pg/mL = 3.4676 pmol/L
    "estriol": (1000 / 288.38, "pmol/L"),
    # progesterone, M = 314.46 g/mol: 1 ng/mL = 3.180 nmol/L
    "progesterone": (1000 / 314.46, "nmol/L"),
    # IGF-1, M ~ 7649 g/mol: 1 ng/mL = 0.1307 nmol/L
    "igf1": (1000 / 7649.0, "nmol/L"),
    "lh": (1.0, "IU/L"), "fsh": (1.0, "IU/L"), "shbg": (1.0, "nmol/L"),
    "gh": (1.0, "ug/L"),
}


def to_si(name: str, value):
    """Convert a conventional-unit value of hormone ``name`` to SI units.

    Parameters
    ----------
    name : str
        Output name, one of :data:`SI_FACTORS`.
    value : float or array
        Value(s) in the conventional unit given by :data:`CONVENTIONAL_UNITS`.
    """
    check_choice("hormone for SI conversion", name, SI_FACTORS)
    return np.asarray(value, dtype=float) * SI_FACTORS[name][0] if np.ndim(value) else \
        float(value) * SI_FACTORS[name][0]


def si_unit(name: str) -> str:
    """The SI unit :func:`to_si` returns for ``name``."""
    check_choice("hormone for SI conversion", name, SI_FACTORS)
    return SI_FACTORS[name][1]


def from_si(name: str, value):
    """Inverse of :func:`to_si`."""
    check_choice("hormone for SI conversion", name, SI_FACTORS)
    return np.asarray(value, dtype=float) / SI_FACTORS[name][0] if np.ndim(value) else \
        float(value) / SI_FACTORS[name][0]
