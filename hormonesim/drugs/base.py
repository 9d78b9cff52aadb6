"""How a drug is described: route, dose units, linear pharmacokinetics and what it does.

A drug is a chain of first-order compartments: zero or more depot (absorption or release)
compartments in series, emptying into a central (plasma) compartment that is cleared first-order::

    dose -> depot_1 --k1--> depot_2 --k2--> ... --> central --ke--> (eliminated)

Linear kinetics let the engine step every drug exactly with a matrix exponential, and let a
cohort scale each subject's rates without changing the code. What a drug *does* is its
``target``: a model reads either the drug's flux into plasma (``signal="release"``, amount/h, for
hormones the body also makes, so the model clears them with its own hormone) or its plasma level
(``signal="concentration"``, for agonists and inhibitors).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

import numpy as np

#: factor from (canonical amount unit per litre) to each level unit
_LEVEL_SCALE = {("mg", "ng/dL"): 1e5, ("mg", "pg/mL"): 1e6, ("mg", "ng/mL"): 1e3,
                ("IU", "IU/L"): 1.0, ("mg", "ug/L"): 1e3}


@dataclass(frozen=True)
class Drug:
    """A drug's route, dosing units and linear PK, each PK number with its source.

    Attributes
    ----------
    id : str
        Drug id used in :func:`hormonesim.dose` (``"testosterone_cypionate"``).
    name : str
        Human-readable name.
    route : str
        ``"intramuscular"``, ``"subcutaneous"``, ``"oral"``, ``"transdermal"``, ``"intravenous"``.
    amount_unit : str
        Canonical amount unit, ``"mg"`` or ``"IU"``; rates are that unit per hour.
    dose_kind : str
        ``"bolus"`` (a dose given at a time) or ``"rate"`` (a patch delivering amount/day).
    target : str
        What the drug does in a model, e.g. ``"testosterone_release"``, ``"aromatase_inhibitor"``.
    signal : str
        ``"release"`` (flux into plasma, canonical unit/h) or ``"concentration"`` (plasma level).
    depot_rates_per_h : tuple of float
        First-order transfer rates (1/h) of the depot chain; empty for an intravenous bolus.
    elimination_per_h : float
        Central elimination rate constant ke (1/h).
    volume_l : float
        Apparent volume of distribution (L) of the central compartment.
    bioavailability : float
        Fraction of the dose reaching the first compartment (0-1].
    active_fraction : float
        Mass of active hormone per mass of product (e.g. ester to testosterone), (0-1].
    level_unit : str
        Unit of the drug's own plasma level, recorded in results under the drug id.
    typical_amount, max_amount : float
        A typical and the largest accepted single dose (or rate), in ``typical_unit``.
    typical_unit : str
        The unit doses are usually written in (``"mg"``, ``"ug"``, ``"IU"``, ``"ug/day"``).
    min_interval_h : float
        The shortest accepted dosing interval (h).
    sources : mapping
        Source (references.bib key or ``derived:``/``calibrated:`` text) for each PK attribute.
    evidence : str
        Regulatory status and evidence label, e.g. "approved use (US, as of 2026)".
    """

    id: str
    name: str
    route: str
    amount_unit: str
    dose_kind: str
    target: str
    signal: str
    depot_rates_per_h: tuple
    elimination_per_h: float
    volume_l: float
    bioavailability: float
    active_fraction: float
    level_unit: str
    typical_amount: float
    typical_unit: str
    max_amount: float
    min_interval_h: float
    sources: Mapping[str, str] = field(default_factory=dict)
    evidence: str = ""
    notes: str = ""

    def __post_init__(self):
        needed = {"depot_rates_per_h", "elimination_per_h", "volume_l", "bioavailability",
                  "active_fraction"}
        missing = needed - set(self.sources)
        if missing:
            raise ValueError(f"drug {self.id!r} lacks a source for {sorted(missing)}")
        if (self.amount_unit, self.level_unit) not in _LEVEL_SCALE:
            raise ValueError(f"drug {self.id!r}: no level scale for {self.amount_unit}->{self.level_unit}")
        object.__setattr__(self, "sources", MappingProxyType(dict(self.sources)))

    # ----------------------------------------------------------------- kinetics
    @property
    def n_compartments(self) -> int:
        """Number of PK compartments (depots plus central)."""
        return len(self.depot_rates_per_h) + 1

    @property
    def half_life_h(self) -> float:
        """Elimination half-life of the central compartment, ln 2 / ke (h)."""
        return float(np.log(2) / self.elimination_per_h)

    @property
    def level_scale(self) -> float:
        """Factor from central amount / volume (canonical unit per L) to ``level_unit``."""
        return _LEVEL_SCALE[(self.amount_unit, self.level_unit)]

    def rate_matrix(self, ke_scale: float = 1.0, ka_scale: float = 1.0) -> np.ndarray:
        """The linear system matrix A (1/h) of dx/dt = A x over [depots..., central]."""
        n = self.n_compartments
        a = np.zeros((n, n))
        for i, k in enumerate(self.depot_rates_per_h):
            a[i, i] -= k * ka_scale
            a[i + 1, i] += k * ka_scale
        a[n - 1, n - 1] = -self.elimination_per_h * ke_scale
        return a

    def replace(self, **changes) -> "Drug":
        """A copy with some attributes changed (used by explorers of half-life and route)."""
        return dataclasses.replace(self, **changes)

    def describe(self) -> dict:
        """Route, units, half-life and sources, as a dict (what ``hs.DRUGS`` tables show)."""
        return {"id": self.id, "name": self.name, "route": self.route,
                "units": self.typical_unit, "target": self.target,
                "half_life_h": round(self.half_life_h, 3), "sources": dict(self.sources),
                "evidence": self.evidence}
