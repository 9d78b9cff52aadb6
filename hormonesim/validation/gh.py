"""Validation observations for this axis (filled in with the axis's model)."""
from __future__ import annotations


def observations(Observation) -> list:
    """The published observations of this axis, as ``Observation`` objects."""
    return []
