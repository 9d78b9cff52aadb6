"""Argument checks shared by the public API.

Every public function of :mod:`hormonesim` checks its input with these helpers so that a
wrong value fails at once with a message naming the parameter, the value received and what
is allowed (the project's rule: bad input gets a clear error, never a NaN downstream).
"""
from __future__ import annotations

import difflib
import math
from numbers import Real
from typing import Iterable

import numpy as np


class UnknownOutputError(KeyError, ValueError):
    """An output name a model or result does not record.

    A :class:`KeyError` (``res["lhx"]`` is a lookup by name) that is also a :class:`ValueError`,
    so code written when unknown names raised ValueError keeps working.
    """

    def __str__(self) -> str:       # KeyError would quote the whole message
        return str(self.args[0]) if self.args else ""


def show(value, limit: int = 60) -> str:
    """``repr(value)`` shortened for an error message (a 400-digit int stays readable)."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 15] + "..." + text[-12:]


def did_you_mean(value, allowed: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest allowed spelling, or ``""`` if none is close."""
    if not isinstance(value, str):
        return ""
    allowed = list(allowed)
    # the same word in another case first ('Mg' -> 'mg', not 'g'), then the closest spelling
    close = [a for a in allowed if a.lower() == value.lower()]
    if not close:
        close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


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
                        f"got {show(value)} of type {type(value).__name__}")
    try:
        v = float(value)
    except OverflowError:           # an int too large for a float, e.g. 10**400
        v = math.inf
    if not math.isfinite(v):
        raise ValueError(f"{name} must be a finite number, got {show(value)}")
    u = f" {unit}" if unit else ""
    rng = _describe_range(low, high, low_inclusive, high_inclusive, u)
    if low is not None and (v < low or (v == low and not low_inclusive)):
        raise ValueError(f"{name} = {show(value)}{u} is out of range; allowed: {rng}")
    if high is not None and (v > high or (v == high and not high_inclusive)):
        raise ValueError(f"{name} = {show(value)}{u} is out of range; allowed: {rng}")
    return v


def _describe_range(low, high, low_inc, high_inc, unit) -> str:
    if low is not None and high is not None:
        return f"{'[' if low_inc else '('}{low:g}, {high:g}{']' if high_inc else ')'}{unit}"
    if low is not None:
        return f"{'>=' if low_inc else '>'} {low:g}{unit}"
    if high is not None:
        return f"{'<=' if high_inc else '<'} {high:g}{unit}"
    return "any finite number"


def check_choice(name: str, value, allowed: Iterable[str], *,
                 error: type[ValueError] = ValueError) -> str:
    """Return ``value`` if it is one of ``allowed``; otherwise raise naming all choices.

    ``error`` is the class raised for a string that is not allowed (a subclass of
    :class:`ValueError`, e.g. :class:`UnknownOutputError`); a non-string raises TypeError.
    """
    allowed = list(allowed)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {', '.join(map(repr, allowed))}; "
                        f"got {value!r} of type {type(value).__name__}")
    if value not in allowed:
        raise error(f"unknown {name} {value!r}{did_you_mean(value, allowed)}; "
                    f"allowed: {', '.join(map(repr, allowed))}")
    return value


def check_output(value, allowed: Iterable[str]) -> str:
    """Return output name ``value`` if it is in ``allowed``; raise :class:`UnknownOutputError`."""
    return check_choice("output", value, allowed, error=UnknownOutputError)


#: what a ``seed`` parameter accepts, for error messages
SEED_KINDS = "an integer >= 0, a numpy.random.Generator or None (fresh entropy)"


def check_seed(seed, name: str = "seed") -> int | np.random.Generator | None:
    """Check a seed: a non-negative int, a :class:`numpy.random.Generator` or ``None``.

    Returns the seed as given (an int as a Python int). Use :func:`as_generator` to draw.
    """
    if seed is None or isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"{name} must be {SEED_KINDS}; got {seed!r} of type "
                        f"{type(seed).__name__}")
    if seed < 0:
        raise ValueError(f"{name} = {seed!r} is out of range; allowed: {SEED_KINDS}")
    return int(seed)


def as_generator(seed, name: str = "seed") -> np.random.Generator:
    """A :class:`numpy.random.Generator` from a checked seed (a Generator is used as is)."""
    seed = check_seed(seed, name)
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


def check_int(name: str, value, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int after checking type and range."""
    allowed = _describe_range(low, high, True, True, "")
    kind = "an integer" if allowed == "any finite number" else f"an integer, {allowed}"
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be {kind}; got {show(value)} of type {type(value).__name__}")
    check_number(name, value, low=low, high=high)
    return int(value)
