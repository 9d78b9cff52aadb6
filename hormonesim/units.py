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

import math
import re
from numbers import Real

import numpy as np

from ._validate import check_choice, did_you_mean, show

#: hours per unit of time; keys are the spellings accepted in duration strings. A month is a
#: twelfth of a mean year of 365.25 days (730.5 h). A bare "m" is refused: a reader may mean
#: minutes or months ("min" and "mo" say which).
TIME_UNITS_H: dict[str, float] = {
    "s": 1 / 3600, "sec": 1 / 3600,
    "min": 1 / 60, "mins": 1 / 60, "minute": 1 / 60, "minutes": 1 / 60,
    "h": 1.0, "hr": 1.0, "hour": 1.0, "hours": 1.0,
    "d": 24.0, "day": 24.0, "days": 24.0,
    "w": 168.0, "wk": 168.0, "week": 168.0, "weeks": 168.0,
    "mo": 730.5, "month": 730.5, "months": 730.5,
    "y": 8766.0, "yr": 8766.0, "year": 8766.0, "years": 8766.0,
}

#: spellings refused on purpose, with the hint shown
_AMBIGUOUS_TIME_UNITS = {"m": "'m' is ambiguous; write minutes as 'min' and months as 'mo'",
                         "M": "'M' is ambiguous; write minutes as 'min' and months as 'mo'"}

_DURATION_RE = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-zA-Z]+)\s*$")


def time_unit_hours(unit: str, name: str, value) -> float:
    """Hours in one ``unit`` of time; a clear error for unknown or ambiguous spellings."""
    if unit in TIME_UNITS_H:
        return TIME_UNITS_H[unit]
    if unit in _AMBIGUOUS_TIME_UNITS:
        raise ValueError(f"{name} = {value!r}: {_AMBIGUOUS_TIME_UNITS[unit]}")
    from ._validate import did_you_mean
    raise ValueError(f"{name} = {value!r} has unknown time unit {unit!r}"
                     f"{did_you_mean(unit, TIME_UNITS_H)}; allowed: min, h, d, w, mo, y "
                     f"(also {', '.join(u for u in TIME_UNITS_H if u not in ('min', 'h', 'd', 'w', 'mo', 'y'))})")


def parse_duration(value, name: str = "duration") -> float:
    """Parse a duration into hours.

    Parameters
    ----------
    value : str or float
        A string such as ``"90min"``, ``"36h"``, ``"3.5d"``, ``"12w"``, ``"6mo"``, ``"1y"``; or a
        number of hours. A bare ``"m"`` is refused (minutes are ``"min"``, months ``"mo"``).
    name : str
        The parameter name used in error messages.

    Returns
    -------
    float
        The duration in hours (h), never negative.

    Raises
    ------
    TypeError
        If ``value`` is neither a string nor a real number.
    ValueError
        For an unknown or ambiguous unit, a negative, infinite or NaN duration.

    Examples
    --------
    >>> parse_duration("6mo") / 24       # a month is 30.4375 days
    182.625
    >>> parse_duration(36)
    36.0
    """
    if isinstance(value, bool) or isinstance(value, (list, tuple, dict, set, bytes)):
        raise TypeError(f"{name} must be a duration like '36h' or '12w', got {show(value)}")
    if isinstance(value, str):
        m = _DURATION_RE.match(value)
        if not m:
            raise ValueError(f"{name} = {show(value)} is not a duration; write a number and a unit, "
                             f"e.g. '90min', '36h', '3.5d', '12w', '6mo' (units: min, h, d, w, "
                             f"mo, y)")
        number, unit = m.groups()
        hours = float(number) * time_unit_hours(unit, name, value)
    elif isinstance(value, (Real, np.integer, np.floating)):
        try:
            hours = float(value)
        except OverflowError:
            hours = math.inf
    else:
        raise TypeError(f"{name} must be a duration string like '36h' or a number of hours, "
                        f"got {show(value)} of type {type(value).__name__}")
    if not math.isfinite(hours) or hours < 0:
        raise ValueError(f"{name} = {show(value)} must be a finite, non-negative duration")
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
    if not isinstance(unit, str):
        raise TypeError(f"{name} must be a string such as 'mg', 'ug' or 'IU', got {unit!r}")
    if unit in MASS_UNITS_MG:
        return amount * MASS_UNITS_MG[unit], "mg"
    if unit in ACTIVITY_UNITS_IU:
        return amount * ACTIVITY_UNITS_IU[unit], "IU"
    allowed = list(MASS_UNITS_MG) + list(ACTIVITY_UNITS_IU)
    raise ValueError(f"unknown {name} {unit!r}{did_you_mean(unit, allowed)}; allowed amount "
                     f"units: {', '.join(allowed)}")


def rate_to_canonical(rate: float, unit: str, name: str = "unit") -> tuple[float, str]:
    """Convert a delivery rate such as ``"ug/day"`` or ``"ug/h"`` to mg/h or IU/h."""
    if not isinstance(unit, str) or "/" not in unit:
        raise ValueError(f"{name} {unit!r} is not a rate; write amount/time, e.g. 'ug/day', 'ug/h'")
    amount_unit, time_unit = unit.split("/", 1)
    hours = time_unit_hours(time_unit, name, unit)
    per_unit, canon = amount_to_canonical(rate, amount_unit, name)
    return per_unit / hours, canon + "/h"


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


def _si_values(name: str, value, what: str):
    """``value`` as a float (scalar input) or a float ndarray (array-like input), checked."""
    if isinstance(value, (str, bytes)) or isinstance(value, bool) or value is None:
        raise TypeError(f"value for {what} must be a number or an array of numbers in "
                        f"{CONVENTIONAL_UNITS.get(name, 'the conventional unit')}, got {value!r} "
                        f"of type {type(value).__name__}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"value for {what} must be a number or an array of numbers, got "
                        f"{value!r}") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"value for {what} must be finite, got {value!r}")
    if arr.ndim == 0:
        return float(arr)
    return arr


def to_si(name: str, value):
    """Convert a conventional-unit value of hormone ``name`` to SI units.

    Parameters
    ----------
    name : str
        Output name, one of :data:`SI_FACTORS`.
    value : float or array-like
        Value(s) in the conventional unit given by :data:`CONVENTIONAL_UNITS`.

    Returns
    -------
    float or ndarray
        A Python float for a scalar input (int, float, numpy scalar or 0-d array); a float
        ndarray of the same shape for an array-like input (list, tuple, ndarray). Strings are
        refused (TypeError), NaN and infinity too (ValueError).

    Examples
    --------
    >>> to_si("estradiol", 10.0)                  # pg/mL -> pmol/L # doctest: +ELLIPSIS
    36.71...
    >>> to_si("lh", [5, 10])
    array([ 5., 10.])
    """
    check_choice("hormone for SI conversion", name, SI_FACTORS)
    return _si_values(name, value, "to_si") * SI_FACTORS[name][0]


def si_unit(name: str) -> str:
    """The SI unit :func:`to_si` returns for ``name``."""
    check_choice("hormone for SI conversion", name, SI_FACTORS)
    return SI_FACTORS[name][1]


def from_si(name: str, value):
    """Inverse of :func:`to_si` (same rule for scalar and array input)."""
    check_choice("hormone for SI conversion", name, SI_FACTORS)
    return _si_values(name, value, "from_si") / SI_FACTORS[name][0]
