"""Argument checks shared by the public API.

Every public function of :mod:`hormonesim` checks its input with these helpers so that a
wrong value fails at once with a message naming the parameter, the value received and what
is allowed (the project's rule: bad input gets a clear error, never a NaN downstream).
"""
from __future__ import annotations

import math
from numbers import Real
from typing import Iterable

import numpy as np


def check_number(name: str, value, *, low: float | None = None, high: float | None = None,
                 low_inclusive: bool = True, high_inclusive: bool = True, unit: str = "") -> float:
    """Return ``value`` as a float after checking its type, finiteness and range.

    Raises
    ------
    TypeError
        If ``value`` is not a real number (``bool`` is refused too).
    ValueError
        If ``value`` is not finite or lies outside ``[low, high]``.
    """
    if isinstance(value, bool) or not isinstance(value, (Real, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number{' in ' + unit if unit else ''}, "
                        f"got {value!r} of type {type(value).__name__}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    u = f" {unit}" if unit else ""
    rng = _describe_range(low, high, low_inclusive, high_inclusive, u)
    if low is not None and (v < low or (v == low and not low_inclusive)):
        raise ValueError(f"{name} = {value!r}{u} is out of range; allowed: {rng}")
    if high is not None and (v > high or (v == high and not high_inclusive)):
        raise ValueError(f"{name} = {value!r}{u} is out of range; allowed: {rng}")
    return v


def _describe_range(low, high, low_inc, high_inc, unit) -> str:
    if low is not None and high is not None:
        return f"{'[' if low_inc else '('}{low:g}, {high:g}{']' if high_inc else ')'}{unit}"
    if low is not None:
        return f"{'>=' if low_inc else '>'} {low:g}{unit}"
    if high is not None:
        return f"{'<=' if high_inc else '<'} {high:g}{unit}"
    return "any finite number"


def check_choice(name: str, value, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``allowed``; otherwise raise naming all choices."""
    allowed = list(allowed)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {', '.join(map(repr, allowed))}; "
                        f"got {value!r} of type {type(value).__name__}")
    if value not in allowed:
        raise ValueError(f"unknown {name} {value!r}; allowed: {', '.join(map(repr, allowed))}")
    return value


def check_int(name: str, value, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int after checking type and range."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {value!r} of type {type(value).__name__}")
    check_number(name, value, low=low, high=high)
    return int(value)
