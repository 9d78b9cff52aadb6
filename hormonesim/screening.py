"""The arithmetic of "comprehensive panels": how many results a healthy person has outside range.

A laboratory reference range is usually the central 95% of results in healthy people: by
construction, 2.5% of healthy results lie below it and 2.5% above it. A person who has ``k``
independent tests therefore collects out-of-range results ("flags") by chance alone. With ``k``
tests and a central interval holding a fraction ``coverage`` of healthy results, the number of
flags of one healthy person is binomial, ``Binomial(k, 1 - coverage)``, and the chance of at
least one flag is ``1 - coverage**k`` (64% for 20 tests at 95%).

This module simulates that directly: a virtual cohort of healthy people, each measured on ``k``
independent tests whose results follow the same distribution the reference ranges were built
from. numpy only (it is part of the core and runs in Pyodide).
"""
from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np

from ._validate import as_generator

__all__ = ["central_interval_z", "expected_flag_distribution", "screening_flags",
           "share_with_at_least_one_flag"]

#: largest cohort the simulation accepts (results are drawn as one n_people x n_tests array)
MAX_RESULTS = 50_000_000


def _check_int(name: str, value, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be a whole number, got {value!r} ({type(value).__name__})")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")
    return int(value)


def _check_coverage(coverage) -> float:
    if isinstance(coverage, bool) or not isinstance(coverage, Real):
        raise TypeError(f"coverage must be a number between 0 and 1 (e.g. 0.95), got {coverage!r}")
    coverage = float(coverage)
    if not (math.isfinite(coverage) and 0.0 < coverage < 1.0):
        raise ValueError(f"coverage must lie strictly between 0 and 1 (a central interval, "
                         f"e.g. 0.95), got {coverage}")
    return coverage


def central_interval_z(coverage: float = 0.95) -> float:
    """Half-width, in standard deviations, of the central interval holding ``coverage``.

    Solves ``erf(z / sqrt(2)) = coverage`` by bisection (no scipy needed).

    Parameters
    ----------
    coverage : float
        Fraction of a normal distribution inside the interval, strictly between 0 and 1.

    Returns
    -------
    float
        ``z`` such that a standard normal value lies in ``[-z, z]`` with probability
        ``coverage`` (1.95996... for 0.95).

    Examples
    --------
    >>> round(central_interval_z(0.95), 3)
    1.96
    """
    coverage = _check_coverage(coverage)
    low, high = 0.0, 40.0
    for _ in range(200):
        mid = 0.5 * (low + high)
        if math.erf(mid / math.sqrt(2.0)) < coverage:
            low = mid
        else:
            high = mid
    return 0.5 * (low + high)


def screening_flags(n_tests: int = 20, n_people: int = 10_000, coverage: float = 0.95,
                    seed: int | None = 0) -> np.ndarray:
    """Simulate a healthy virtual cohort's results on independent tests; count each person's flags.

    Every virtual person is healthy: each of their ``n_tests`` results is drawn from the
    distribution of healthy results (standardised to mean 0, SD 1), and each test's reference
    range is the central ``coverage`` interval of that same distribution. A result outside the
    range is a flag. The tests are independent, which real panels are only approximately.

    Parameters
    ----------
    n_tests : int
        Number of independent tests per person, 1 to 1000.
    n_people : int
        Size of the virtual cohort, 1 to 10,000,000 (and at most 50 million results in all).
    coverage : float
        Share of healthy results inside each reference range, strictly between 0 and 1
        (0.95 for the usual 2.5th-97.5th percentile range).
    seed : int, numpy.random.Generator or None
        Seed of the random generator: an integer >= 0, a Generator (used as is) or ``None``
        (fresh entropy), as every ``seed`` of the package.

    Returns
    -------
    ndarray of int, shape (n_people,)
        Number of out-of-range results of each person, between 0 and ``n_tests``.

    Raises
    ------
    TypeError
        If a count is not a whole number, or ``coverage`` or ``seed`` has the wrong type.
    ValueError
        If a count or ``coverage`` is out of range.

    Examples
    --------
    >>> flags = screening_flags(n_tests=20, n_people=100_000, seed=1)
    >>> bool(abs((flags >= 1).mean() - (1 - 0.95**20)) < 0.01)
    True
    """
    n_tests = _check_int("n_tests", n_tests, 1, 1000)
    n_people = _check_int("n_people", n_people, 1, 10_000_000)
    coverage = _check_coverage(coverage)
    rng = as_generator(seed, "seed")  # an int >= 0, a numpy Generator or None, as everywhere
    if n_tests * n_people > MAX_RESULTS:
        raise ValueError(f"n_tests x n_people = {n_tests * n_people:,} results is more than the "
                         f"{MAX_RESULTS:,} this simulation draws at once; use fewer people")
    z = central_interval_z(coverage)
    results = rng.standard_normal((n_people, n_tests))
    return np.count_nonzero(np.abs(results) > z, axis=1)


def expected_flag_distribution(n_tests: int = 20, coverage: float = 0.95) -> np.ndarray:
    """Exact probabilities of 0, 1, ..., ``n_tests`` flags for one healthy person.

    Parameters
    ----------
    n_tests : int
        Number of independent tests, 1 to 1000.
    coverage : float
        Share of healthy results inside each reference range, strictly between 0 and 1.

    Returns
    -------
    ndarray of float, shape (n_tests + 1,)
        Binomial probabilities ``P(flags = j)``, summing to 1.

    Examples
    --------
    >>> p = expected_flag_distribution(20, 0.95)
    >>> round(float(p[0]), 3)
    0.358
    """
    n_tests = _check_int("n_tests", n_tests, 1, 1000)
    coverage = _check_coverage(coverage)
    p = 1.0 - coverage
    j = np.arange(n_tests + 1)
    log_comb = np.array([math.lgamma(n_tests + 1) - math.lgamma(k + 1) - math.lgamma(n_tests - k + 1)
                         for k in j])
    return np.exp(log_comb + j * math.log(p) + (n_tests - j) * math.log(coverage))


def share_with_at_least_one_flag(n_tests: int = 20, coverage: float = 0.95) -> float:
    """Probability that a healthy person has at least one out-of-range result, ``1 - coverage**k``.

    Parameters
    ----------
    n_tests : int
        Number of independent tests, 1 to 1000.
    coverage : float
        Share of healthy results inside each reference range, strictly between 0 and 1.

    Returns
    -------
    float
        Between 0 and 1 (about 0.64 for 20 tests at 95%).

    Examples
    --------
    >>> round(share_with_at_least_one_flag(20, 0.95), 2)
    0.64
    """
    n_tests = _check_int("n_tests", n_tests, 1, 1000)
    coverage = _check_coverage(coverage)
    return 1.0 - coverage ** n_tests
