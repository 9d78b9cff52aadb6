"""Published observations and the model's value for each.

Each :class:`Observation` names a published number (value, unit, population, dose, source) and
knows how to compute the same quantity from a simulation. :func:`evaluate` runs them all; the
validation appendix plots model against data and the tests assert each stays within its stated
tolerance. ``calibrated=True`` marks observations a parameter was fitted to; the others are
checks the model was not tuned on, and the page keeps the two apart.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from . import female, gh, male


@dataclass(frozen=True)
class Observation:
    """One published observation and how the model reproduces it.

    Attributes
    ----------
    id : str
        Short identifier (``"tc200_peak_day"``).
    axis : str
        ``"male_hpg"``, ``"gh"``, ``"female_hpo"`` or ``"pk"``.
    description : str
        What was measured, in words.
    value : float
        The published value (central estimate).
    unit : str
    low, high : float
        The tolerance band the model must fall in (published spread or stated tolerance).
    population, dose : str
        Who was studied and what they received.
    source : str
        references.bib key.
    calibrated : bool
        True if a model parameter was fitted to this observation.
    compute : callable
        Returns the model's value (same unit) when called with no arguments.
    note : str
        Where and why the model and the data differ, if they do.
    """

    id: str
    axis: str
    description: str
    value: float
    unit: str
    low: float
    high: float
    population: str
    dose: str
    source: str
    calibrated: bool
    compute: Callable[[], float] = field(repr=False)
    note: str = ""


@dataclass(frozen=True)
class Comparison:
    """An observation with the model's value and whether it falls in the tolerance band."""

    observation: Observation
    model_value: float

    @property
    def within(self) -> bool:
        return self.observation.low <= self.model_value <= self.observation.high


def observations() -> list[Observation]:
    """All observations, from every axis module."""
    obs: list[Observation] = []
    for module in (male, gh, female):
        obs.extend(module.observations(Observation))
    return obs


def evaluate(axis: str | None = None) -> list[Comparison]:
    """Compute the model's value for every observation (of one axis, if given)."""
    return [Comparison(o, float(o.compute())) for o in observations()
            if axis is None or o.axis == axis]


__all__ = ["Observation", "Comparison", "observations", "evaluate"]
