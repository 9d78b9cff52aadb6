"""Dosing regimens: when which drug is given, how much, by which schedule.

A regimen is built from :func:`dose` (doses at times, e.g. an injection every 14 days, or a
patch delivering a rate) and :func:`infusion` (continuous delivery between two times), and
composed with ``+``::

    plan = dose("testosterone_cypionate", 200, "mg", every="14d") + dose("anastrozole", 0.5, "mg", every="3.5d")

The engine asks a plan for a :class:`Dosing` run object: which doses fall in each integration
step and which rates run. Fixed regimens precompute it; adaptive protocols (see
:func:`hormonesim.titrated`) implement the same small interface and may read simulated labs.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

import numpy as np

from ._validate import check_int, check_number
from .drugs import Drug, get_drug
from .units import amount_to_canonical, is_rate_unit, parse_duration, rate_to_canonical


def _max_canonical(drug: Drug) -> float:
    """Largest accepted single dose (mg or IU), or for a rate drug the largest rate (per h)."""
    if is_rate_unit(drug.typical_unit):
        return rate_to_canonical(drug.max_amount, drug.typical_unit)[0]
    return amount_to_canonical(drug.max_amount, drug.typical_unit)[0]


def max_rate_canonical(drug: Drug) -> float:
    """Largest accepted delivery rate (canonical unit per hour) of ``drug``.

    For a drug delivered as a rate (a patch) it is the drug table's ``max_amount`` rate. For a
    drug given as doses it is the largest accepted dose given at the shortest accepted interval,
    ``max_amount / min_interval_h`` (both from the drug table): an infusion may not deliver more
    per hour than the largest dosing schedule :func:`dose` accepts.
    """
    if is_rate_unit(drug.typical_unit):
        return _max_canonical(drug)
    return _max_canonical(drug) / drug.min_interval_h


@dataclass(frozen=True)
class DoseSeries:
    """Doses of one drug at regular times.

    Attributes
    ----------
    drug : Drug
    amount : float
        Amount per dose in the drug's canonical unit (mg or IU, of product).
    every_h : float or None
        Interval between doses (h); ``None`` for a single dose.
    start_h : float
        Time of the first dose (h).
    count : int or None
        Number of doses; ``None`` repeats until the end of the simulation.
    label : str
        How the user wrote it, for legends ("200 mg every 14d").
    """

    drug: Drug
    amount: float
    every_h: float | None
    start_h: float
    count: int | None
    label: str

    def times_h(self, duration_h: float) -> np.ndarray:
        """Dose times (h) that fall before ``duration_h``."""
        if self.every_h is None:
            times = np.array([self.start_h])
        else:
            n = int(np.floor((duration_h - self.start_h) / self.every_h + 1e-9)) + 1
            if self.count is not None:
                n = min(n, self.count)
            times = self.start_h + self.every_h * np.arange(max(n, 0))
        return times[times < duration_h]


@dataclass(frozen=True)
class RateSeries:
    """Continuous delivery of one drug at a constant rate between two times.

    ``rate`` is in the drug's canonical unit per hour (mg/h or IU/h). A patch dosed with
    :func:`dose` at ``"ug/day"`` is a RateSeries that runs for the whole simulation (patch changes
    are not modelled separately: the label's nominal delivery rate is taken as constant).
    """

    drug: Drug
    rate: float
    start_h: float
    stop_h: float | None
    label: str


class Dosing:
    """What the engine asks of a plan while it integrates (one object per simulation).

    Parameters
    ----------
    t_h : ndarray
        The integration grid (h).
    n_subjects : int
        Number of subjects simulated together.
    """

    def __init__(self, plan: "Regimen", t_h: np.ndarray, n_subjects: int):
        self.t_h = t_h
        self.n_subjects = n_subjects
        dt = t_h[1] - t_h[0] if len(t_h) > 1 else 1.0
        duration = t_h[-1] + dt
        self._boluses: dict[int, list[tuple[Drug, float]]] = {}
        for series in plan.doses:
            for time in series.times_h(duration):
                k = int(round(time / dt))
                if k < len(t_h):
                    self._boluses.setdefault(k, []).append((series.drug, series.amount))
        self._rates = [(s.drug, s.rate, int(round(s.start_h / dt)),
                        len(t_h) if s.stop_h is None else int(round(s.stop_h / dt)))
                       for s in plan.rates]
        self.history: list[tuple[float, str, np.ndarray]] = []

    def boluses(self, k: int) -> list[tuple[Drug, float | np.ndarray]]:
        """Doses given at step ``k``: (drug, amount in canonical unit, scalar or per subject)."""
        given = self._boluses.get(k, [])
        for drug, amount in given:
            self.history.append((float(self.t_h[k]), drug.id,
                                 np.broadcast_to(np.asarray(amount, float), (self.n_subjects,))))
        return given

    def rates(self, k: int) -> list[tuple[Drug, float | np.ndarray]]:
        """Rates running during step ``k``: (drug, canonical unit per hour)."""
        return [(d, r) for d, r, k0, k1 in self._rates if k0 <= k < k1]

    def input_series(self, drugs: Iterable[Drug]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """All boluses and rates of a fixed plan at once, recording the doses given.

        Returns, for each drug id, ``(boluses, rates)`` of shape (n_steps, n_subjects): what
        :meth:`boluses` and :meth:`rates` return step by step (canonical unit; per hour for
        rates). Only for plans whose dosing does not depend on observations.
        """
        if self.wants_observations:
            raise RuntimeError("input_series is for fixed plans; this plan reads observations")
        shape = (len(self.t_h), self.n_subjects)
        out = {d.id: (np.zeros(shape), np.zeros(shape)) for d in drugs}
        for k in sorted(self._boluses):
            for drug, amount in self.boluses(k):
                out[drug.id][0][k] += amount
        for drug, rate, k0, k1 in self._rates:
            out[drug.id][1][k0:k1] += rate
        return out

    def observe(self, k: int, t_h: float, outputs: dict[str, np.ndarray]) -> None:
        """Called at every recorded step with the model's outputs; fixed plans ignore it."""

    @property
    def wants_observations(self) -> bool:
        """True if :meth:`observe` does something (the engine skips the call otherwise)."""
        return False


class Regimen:
    """A set of dose series and rate series; compose with ``+``.

    ``Regimen()`` is the empty plan (no treatment).
    """

    def __init__(self, items: Iterable[DoseSeries | RateSeries] = ()):
        self.items = tuple(items)
        for item in self.items:
            if not isinstance(item, (DoseSeries, RateSeries)):
                raise TypeError(f"a Regimen holds dose or rate series, got {type(item).__name__}")

    def __add__(self, other: "Regimen") -> "Regimen":
        if other is None:
            return self
        if not isinstance(other, Regimen):
            raise TypeError(f"only regimens can be added to a regimen, got {type(other).__name__}; "
                            f"build one with hs.dose(...) or hs.infusion(...)")
        if type(other) is not Regimen:  # let adaptive protocols combine themselves
            return other.__radd__(self)
        return Regimen(self.items + other.items)

    def __radd__(self, other):
        if other is None or (isinstance(other, int) and not isinstance(other, bool)
                             and other == 0):  # sum([...]) starts from 0
            return self
        if not isinstance(other, Regimen):
            raise TypeError(f"only regimens can be added to a regimen, got {other!r} of type "
                            f"{type(other).__name__}; build one with hs.dose(...) or "
                            f"hs.infusion(...)")
        return Regimen.__add__(other, self)

    def __iter__(self) -> Iterator[DoseSeries | RateSeries]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        inner = " + ".join(f"{i.drug.id} {i.label}" for i in self.items) or "no treatment"
        return f"Regimen({inner})"

    @property
    def doses(self) -> tuple[DoseSeries, ...]:
        return tuple(i for i in self.items if isinstance(i, DoseSeries))

    @property
    def rates(self) -> tuple[RateSeries, ...]:
        return tuple(i for i in self.items if isinstance(i, RateSeries))

    @property
    def drugs(self) -> tuple[Drug, ...]:
        """The distinct drugs in the plan, in order of first appearance."""
        seen: dict[str, Drug] = {}
        for i in self.items:
            seen.setdefault(i.drug.id, i.drug)
        return tuple(seen.values())

    def start(self, t_h: np.ndarray, n_subjects: int, rng: np.random.Generator) -> Dosing:
        """The run object the engine uses for one simulation on grid ``t_h``."""
        return Dosing(self, t_h, n_subjects)


def _check_amount(drug: Drug, amount, unit: str, what: str) -> tuple[float, str]:
    amount = check_number("amount" if what == "dose" else "rate", amount, low=0,
                          low_inclusive=False, unit=unit if isinstance(unit, str) else "")
    if what == "rate" or is_rate_unit(unit):
        canon, canon_unit = rate_to_canonical(amount, unit, "unit")
    else:
        canon, canon_unit = amount_to_canonical(amount, unit, "unit")
    if canon_unit.split("/")[0] != drug.amount_unit:
        raise ValueError(f"unit {unit!r} does not fit {drug.id}, which is dosed in "
                         f"{drug.typical_unit} (a {drug.amount_unit}-based unit)")
    if what == "rate":
        limit = max_rate_canonical(drug)
        if canon > limit * (1 + 1e-9):
            in_unit = limit * amount / canon          # the limit in the caller's unit
            why = ("the drug table's largest rate" if drug.dose_kind == "rate" else
                   f"the largest dose, {drug.max_amount:g} {drug.typical_unit}, at the shortest "
                   f"interval, {drug.min_interval_h:g} h")
            raise ValueError(f"rate of {drug.id} = {amount:g} {unit} is above the largest "
                             f"accepted rate; allowed: more than 0 and at most {in_unit:.4g} "
                             f"{unit} ({why})")
        return canon, canon_unit
    limit = _max_canonical(drug)
    if canon > limit * (1 + 1e-9):
        raise ValueError(f"amount = {amount:g} {unit} of {drug.id} is above the largest accepted "
                         f"dose, {drug.max_amount:g} {drug.typical_unit}; allowed: more than 0 "
                         f"and at most {limit * amount / canon:.4g} {unit}")
    return canon, canon_unit


def dose(drug: str, amount: float, unit: str, every: str | float | None = None,
         start: str | float = "0h", count: int | None = None) -> Regimen:
    """Doses of a drug, once or at regular intervals.

    Parameters
    ----------
    drug : str
        Drug id, one of ``hs.DRUGS`` (e.g. ``"testosterone_cypionate"``).
    amount : float
        Amount per dose in ``unit`` (> 0). For a patch, the delivery rate.
    unit : str
        ``"mg"``, ``"ug"``, ``"IU"``, ...; for patches a rate such as ``"ug/day"``.
    every : str or float, optional
        Dosing interval ("14d", "3.5d", "90min"); ``None`` gives a single dose. For a patch, the
        patch-change interval (delivery is continuous either way).
    start : str or float
        Time of the first dose from the start of the simulation ("0h").
    count : int, optional
        Number of doses; by default doses repeat to the end of the simulation.

    Returns
    -------
    Regimen

    Examples
    --------
    >>> plan = dose("testosterone_cypionate", 200, "mg", every="14d")
    >>> len(plan)
    1
    """
    d = get_drug(drug)
    if not isinstance(unit, str):
        raise TypeError(f"unit must be a string such as 'mg', got {unit!r}")
    start_h = parse_duration(start, "start")
    if d.dose_kind == "rate":
        if not is_rate_unit(unit):
            raise ValueError(f"{d.id} delivers a rate; give unit as amount/time, e.g. "
                             f"{d.typical_unit!r}, not {unit!r}")
        rate, _ = _check_amount(d, amount, unit, "rate")
        amount = float(amount)
        if every is not None:
            parse_duration(every, "every")
        if count is not None:
            raise ValueError(f"count does not apply to {d.id}, which delivers continuously; "
                             f"use hs.infusion(..., stop=...) to end delivery")
        return Regimen([RateSeries(d, rate, start_h, None, f"{amount:g} {unit}")])
    if is_rate_unit(unit):
        raise ValueError(f"{d.id} is given as doses; give unit as an amount such as "
                         f"{d.typical_unit!r}, not the rate {unit!r} (use hs.infusion for a rate)")
    canon, _ = _check_amount(d, amount, unit, "dose")
    amount = float(amount)
    every_h = None
    if every is not None:
        every_h = parse_duration(every, "every")
        if every_h < d.min_interval_h - 1e-9:
            raise ValueError(f"every = {every!r} is shorter than the shortest interval accepted for "
                             f"{d.id}, {d.min_interval_h:g} h")
    if count is not None:
        count = check_int("count", count, low=1)
        if every is None and count > 1:
            raise ValueError(f"count = {count} needs an interval: give every=... (e.g. "
                             f"every='7d'); without every, dose gives a single dose")
    label = f"{amount:g} {unit}" + (f" every {every}" if every is not None else "")
    return Regimen([DoseSeries(d, canon, every_h, start_h, count, label)])


def infusion(drug: str, rate: float, unit: str, start: str | float = "0h",
             stop: str | float | None = None) -> Regimen:
    """Continuous delivery of a drug at a constant rate.

    Parameters
    ----------
    drug : str
        Drug id.
    rate : float
        Delivery rate in ``unit`` (> 0).
    unit : str
        A rate, amount/time: ``"ug/h"``, ``"ug/day"``, ``"IU/day"``.
    start, stop : str or float
        When delivery begins and ends; ``stop=None`` runs to the end of the simulation.

    Returns
    -------
    Regimen
    """
    d = get_drug(drug)
    if not isinstance(unit, str):
        raise TypeError(f"unit must be a rate such as 'ug/h' or 'mg/day', got {unit!r}")
    if not is_rate_unit(unit):
        raise ValueError(f"an infusion needs a rate unit such as 'ug/h', got unit = {unit!r}")
    canon, _ = _check_amount(d, rate, unit, "rate")
    rate = float(rate)
    start_h = parse_duration(start, "start")
    stop_h = None if stop is None else parse_duration(stop, "stop")
    if stop_h is not None and stop_h <= start_h:
        raise ValueError(f"stop = {stop!r} must come after start = {start!r}")
    return Regimen([RateSeries(d, canon, start_h, stop_h, f"{rate:g} {unit}")])


def as_plan(plan) -> Regimen:
    """``None`` becomes the empty regimen; anything else must be a Regimen (or protocol)."""
    if plan is None:
        return Regimen()
    if not isinstance(plan, Regimen):
        raise TypeError(f"plan must be a regimen built with hs.dose(...)/hs.infusion(...) or None "
                        f"for no treatment, got {type(plan).__name__}")
    return plan
