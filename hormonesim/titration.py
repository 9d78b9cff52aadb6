"""Titrated protocols: a dose adjusted to simulated lab results, subject by subject.

:func:`titrated` builds the "personalised" arm of a virtual trial: every subject starts on the
same dose; on a schedule, a blood draw at a chosen time in the dosing interval reads the measured
hormone with multiplicative assay noise, and a stated rule changes that subject's dose for the
doses that follow. It is a :class:`~hormonesim.regimen.Regimen`, so it composes with fixed
regimens through ``+``::

    plan = (hs.titrated("testosterone_cypionate", start=100, unit="mg", every="7d",
                        target=(450, 700), check_every="6w")
            + hs.dose("anastrozole", 0.5, "mg", every="3.5d"))

The rule, stated once (``rule="step"``, the default):

* a draw is scheduled every ``check_every`` (first at ``first_check``, by default one
  ``check_every`` after the start); it is taken in the first dosing interval that begins at or
  after that time, at ``draw_at``: ``"mid"`` (halfway between injections, the practice for
  intramuscular enanthate and cypionate [bhasin2018]), ``"trough"`` (just before the next dose)
  or a fixed time after a dose ("2d");
* measured = true level x exp(sigma z), z standard normal, sigma = sqrt(ln(1 + assay_cv^2)):
  a median-unbiased assay with coefficient of variation ``assay_cv``;
* if the measured value is below ``target[0]`` the dose moves one ``step`` in the direction that
  raises the measured hormone, above ``target[1]`` one step the other way, inside the target
  nothing changes; doses stay within ``bounds``;
* the new dose applies from the next scheduled dose after the draw.

``rule="proportional"`` scales the dose by (middle of target / measured), the linear-kinetics
correction of therapeutic drug monitoring, limited to a factor 0.5-2 per change and rounded to a
multiple of ``step``; ``rule`` may also be a function ``f(dose, measured, low, high) -> new dose``
(arrays over subjects, doses in ``unit``).

Every draw and every dose change is recorded; after ``res = hs.simulate(cohort, plan, ...)``,
``res.doses`` holds each dose given with its per-subject amount, ``res.doses.labs`` the draws
and ``res.doses.changes`` the dose changes (see :func:`hormonesim.trial.dose_history`).
This is a model of a protocol, not a protocol to follow: the book never turns a reader's
numbers into a dose.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ._validate import check_choice, check_number
from .drugs import Drug, get_drug
from .regimen import DoseSeries, Dosing, RateSeries, Regimen, _max_canonical
from .units import amount_to_canonical, is_rate_unit, parse_duration

__all__ = ["titrated", "Titrated", "Titration", "TitrationLog", "LabDraw", "DoseChange"]

#: hormones a titration can measure, with which drug targets raise (+1) or lower (-1) them
_EFFECT = {
    ("testosterone_release", "testosterone"): +1, ("testosterone_release", "free_testosterone"): +1,
    ("testosterone_release", "estradiol"): +1, ("aromatase_inhibitor", "estradiol"): -1,
    ("aromatase_inhibitor", "testosterone"): +1, ("lh_agonist", "testosterone"): +1,
    ("lh_agonist", "estradiol"): +1, ("estradiol_release", "estradiol"): +1,
    ("estradiol_oral_release", "estradiol"): +1,
}
_RULES = ("step", "proportional")


def _measurable() -> list[str]:
    """Every output a model of the package records (what ``measure`` may name)."""
    from .models import FeedbackLoop, SecretionClearance
    from .models.female_hpo import FemaleHPO
    from .models.gh_axis import GHAxis
    from .models.male_hpg import MaleHPG
    names: dict[str, None] = {}
    for cls in (MaleHPG, FemaleHPO, GHAxis, FeedbackLoop, SecretionClearance):
        names.update(dict.fromkeys(cls.outputs))
    from .drugs import DRUGS             # a drug's own plasma level is recorded under its id
    names.update(dict.fromkeys(DRUGS))
    return list(names)


@dataclass(frozen=True)
class LabDraw:
    """One scheduled blood draw across all subjects.

    Attributes
    ----------
    t_h : float
        Time of the draw (h).
    drug : str
        Drug whose dose the draw steers.
    measure : str
        Output measured.
    true : ndarray
        Model level per subject (output unit).
    measured : ndarray
        What the assay reported per subject (with its noise).
    """

    t_h: float
    drug: str
    measure: str
    true: np.ndarray
    measured: np.ndarray


@dataclass(frozen=True)
class DoseChange:
    """The dose decision after one draw (doses in the titration's ``unit``)."""

    t_h: float
    drug: str
    old: np.ndarray
    new: np.ndarray

    @property
    def changed(self) -> np.ndarray:
        """Boolean per subject: did this decision change the dose?"""
        return ~np.isclose(self.old, self.new)


class TitrationLog(list):
    """The doses given (a list of (t_h, drug id, per-subject amounts), like any dose history)
    plus ``labs`` (list of :class:`LabDraw`) and ``changes`` (list of :class:`DoseChange`)."""

    def __init__(self, *args):
        super().__init__(*args)
        self.labs: list[LabDraw] = []
        self.changes: list[DoseChange] = []


@dataclass(frozen=True)
class Titration:
    """The settings of one titrated drug (built and checked by :func:`titrated`)."""

    drug: Drug
    start: float            # dose in `unit`
    unit: str
    per_unit: float         # canonical amount per `unit`
    every_h: float
    start_h: float
    target: tuple[float, float]
    measure: str
    check_every_h: float
    first_check_h: float
    assay_cv: float
    draw_offset_h: float
    draw_label: str
    rule: str | Callable
    step: float
    bounds: tuple[float, float]
    direction: int

    def describe(self) -> str:
        rule = self.rule if isinstance(self.rule, str) else getattr(self.rule, "__name__", "custom")
        return (f"{self.drug.id} from {self.start:g} {self.unit} every {self.every_h / 24:g} d, "
                f"{self.measure} checked every {self.check_every_h / 168:g} w at {self.draw_label} "
                f"(assay CV {self.assay_cv:g}), target {self.target[0]:g}-{self.target[1]:g}, "
                f"rule {rule}, step {self.step:g} {self.unit}, bounds {self.bounds[0]:g}-"
                f"{self.bounds[1]:g} {self.unit}")

    def decide(self, dose: np.ndarray, measured: np.ndarray) -> np.ndarray:
        """New dose (in ``unit``) per subject from the current dose and the measured level."""
        lo, hi = self.target
        if callable(self.rule):
            new = np.asarray(self.rule(dose.copy(), measured.copy(), lo, hi), dtype=float)
            new = np.broadcast_to(new, dose.shape).astype(float)
            if not np.all(np.isfinite(new)):
                raise ValueError(f"the titration rule for {self.drug.id} returned a non-finite dose")
        elif self.rule == "step":
            move = np.where(measured < lo, 1.0, np.where(measured > hi, -1.0, 0.0)) * self.direction
            new = dose + move * self.step
        else:  # proportional
            mid = 0.5 * (lo + hi)
            outside = (measured < lo) | (measured > hi)
            factor = np.clip((mid / np.maximum(measured, 1e-12)) ** self.direction, 0.5, 2.0)
            new = np.where(outside, np.round(dose * factor / self.step) * self.step, dose)
        return np.clip(new, self.bounds[0], self.bounds[1])


class Titrated(Regimen):
    """A regimen with one or more titrated drugs, plus any fixed doses added with ``+``.

    Build with :func:`titrated`; ``titrations`` holds the settings, ``items`` the fixed part and
    a nominal series of each titrated drug (so ``plan.drugs`` lists them for the engine).
    """

    def __init__(self, titrations: tuple[Titration, ...], fixed: tuple = ()):
        self.titrations = tuple(titrations)
        self.fixed = tuple(fixed)
        ids = [t.drug.id for t in self.titrations]
        if len(set(ids)) != len(ids):
            raise ValueError(f"a drug can be titrated only once per plan, got {ids}")
        nominal = [DoseSeries(t.drug, t.start * t.per_unit, t.every_h, t.start_h, None,
                              f"titrated from {t.start:g} {t.unit}") for t in self.titrations]
        super().__init__(tuple(nominal) + self.fixed)

    def _combine(self, other) -> "Titrated":
        if other is None or other == 0:
            return self
        if isinstance(other, Titrated):
            return Titrated(self.titrations + other.titrations, self.fixed + other.fixed)
        if isinstance(other, Regimen):
            titrated_ids = {t.drug.id for t in self.titrations}
            clash = [i.drug.id for i in other.items if i.drug.id in titrated_ids]
            if clash:
                raise ValueError(f"{clash[0]} is titrated in this plan; do not also give it as a "
                                 f"fixed dose")
            return Titrated(self.titrations, self.fixed + tuple(other.items))
        raise TypeError(f"only regimens can be added to a titrated protocol, got "
                        f"{type(other).__name__}")

    def __add__(self, other):
        return self._combine(other)

    def __radd__(self, other):
        return self._combine(other)

    def __repr__(self) -> str:
        parts = [f"titrated {t.describe()}" for t in self.titrations]
        parts += [f"{i.drug.id} {i.label}" for i in self.fixed]
        return f"Titrated({' + '.join(parts)})"

    def start(self, t_h: np.ndarray, n_subjects: int, rng: np.random.Generator) -> Dosing:
        return _TitrationDosing(self, t_h, n_subjects, rng)


class _TitrationDosing(Dosing):
    """Run object: fixed doses as usual, titrated doses per subject, labs read at draws."""

    def __init__(self, plan: Titrated, t_h: np.ndarray, n_subjects: int,
                 rng: np.random.Generator):
        super().__init__(Regimen(plan.fixed), t_h, n_subjects)
        self.history = TitrationLog()
        self.rng = rng
        self.dt = float(t_h[1] - t_h[0]) if len(t_h) > 1 else 1.0
        end_h = float(t_h[-1]) + self.dt
        self.runs = []
        for tit in plan.titrations:
            dose_times = tit.start_h + tit.every_h * np.arange(
                max(0, int(math.floor((end_h - tit.start_h) / tit.every_h + 1e-9)) + 1))
            dose_times = dose_times[dose_times < end_h]
            dose_steps = {int(round(t / self.dt)): t for t in dose_times}
            draws = []
            c = tit.first_check_h
            while c < end_h:
                # first dosing interval starting at or after the scheduled check
                j = max(0, int(math.ceil((c - tit.start_h) / tit.every_h - 1e-9)))
                draw = tit.start_h + j * tit.every_h + tit.draw_offset_h
                if draw < end_h and (not draws or draw > draws[-1] + 1e-9):
                    draws.append(draw)
                c += tit.check_every_h
            self.runs.append({"tit": tit, "dose": np.full(n_subjects, tit.start, float),
                              "steps": dose_steps, "draws": draws, "next": 0})

    def boluses(self, k: int):
        given = super().boluses(k)
        out = list(given)
        for run in self.runs:
            if k in run["steps"]:
                tit = run["tit"]
                amount = run["dose"] * tit.per_unit
                if np.any(amount > 0):
                    out.append((tit.drug, amount.copy()))
                self.history.append((float(self.t_h[k]), tit.drug.id, amount.copy()))
        return out

    @property
    def wants_observations(self) -> bool:
        return True

    def observe(self, k: int, t_h: float, outputs: dict) -> None:
        for run in self.runs:
            draws, tit = run["draws"], run["tit"]
            while run["next"] < len(draws) and t_h >= draws[run["next"]] - 1e-6:
                run["next"] += 1
                if tit.measure not in outputs:
                    raise ValueError(f"titration measures {tit.measure!r}, which this model does "
                                     f"not record; outputs: {', '.join(outputs)}")
                true = np.asarray(outputs[tit.measure], float).copy()
                sigma = math.sqrt(math.log1p(tit.assay_cv ** 2))
                noise = np.exp(sigma * self.rng.standard_normal(true.shape)) if sigma else 1.0
                measured = true * noise
                old = run["dose"].copy()
                run["dose"] = tit.decide(old, measured)
                self.history.labs.append(LabDraw(t_h, tit.drug.id, tit.measure, true, measured))
                self.history.changes.append(DoseChange(t_h, tit.drug.id, old, run["dose"].copy()))


def titrated(drug: str, start: float, unit: str, every: str | float, target: tuple,
             measure: str = "testosterone", check_every: str | float = "6w",
             assay_cv: float = 0.1, draw_at: str | float = "mid", rule: str | Callable = "step",
             step: float | None = None, bounds: tuple | None = None,
             first_check: str | float | None = None, direction: str | None = None,
             start_at: str | float = "0h") -> Titrated:
    """A dose adjusted per subject to simulated lab results (the personalised arm of a trial).

    Parameters
    ----------
    drug : str
        Drug id, given as doses (e.g. ``"testosterone_cypionate"``, ``"anastrozole"``).
    start : float
        Starting dose in ``unit`` (>= 0; 0 starts a subject without the drug until labs call
        for it, e.g. an aromatase inhibitor only for high estradiol).
    unit : str
        Dose unit (``"mg"``).
    every : str or float
        Dosing interval ("7d").
    target : (low, high)
        Target range of ``measure`` in its output unit (e.g. (450, 700) ng/dL).
    measure : str
        Output read at each draw (``"testosterone"``, ``"estradiol"``, ...).
    check_every : str or float
        Interval between scheduled draws ("6w"); at least one dosing interval.
    assay_cv : float
        Coefficient of variation of the assay, 0 to 0.5 (multiplicative noise).
    draw_at : str or float
        ``"mid"`` (halfway through the dosing interval), ``"trough"`` (just before a dose) or a
        time after a dose, shorter than the interval ("2d").
    rule : str or callable
        ``"step"`` (default), ``"proportional"``, or ``f(dose, measured, low, high) -> dose``.
    step : float, optional
        Dose step in ``unit`` (> 0); by default a quarter of the starting dose (or of the
        drug's typical dose when starting at 0).
    bounds : (min, max), optional
        Allowed doses in ``unit``; by default (0 if ``start`` is 0 else ``step``, the drug's
        largest accepted dose).
    first_check : str or float, optional
        Time of the first scheduled draw; by default ``check_every``.
    direction : {"raises", "lowers"}, optional
        Whether the drug raises or lowers ``measure``; inferred for the usual pairs
        (testosterone raises testosterone and estradiol, an aromatase inhibitor lowers
        estradiol).
    start_at : str or float
        Time of the first dose ("0h").

    Returns
    -------
    Titrated
        A regimen; add fixed regimens with ``+``.

    Examples
    --------
    >>> import hormonesim as hs
    >>> plan = hs.titrated("testosterone_cypionate", start=100, unit="mg", every="7d",
    ...                    target=(450, 700))
    >>> [d.id for d in plan.drugs]
    ['testosterone_cypionate']
    """
    d = get_drug(drug)
    if d.dose_kind != "bolus":
        raise ValueError(f"titrated needs a drug given as doses; {d.id} delivers a rate")
    if not isinstance(unit, str) or is_rate_unit(unit):
        raise ValueError(f"unit must be an amount such as {d.typical_unit!r}, got {unit!r}")
    per_unit, canon_unit = amount_to_canonical(1.0, unit, "unit")
    if canon_unit != d.amount_unit:
        raise ValueError(f"unit {unit!r} does not fit {d.id}, which is dosed in {d.typical_unit}")
    max_dose = _max_canonical(d) / per_unit
    start = check_number("start", start, low=0.0, high=max_dose, unit=unit)
    every_h = parse_duration(every, "every")
    if every_h < d.min_interval_h - 1e-9:
        raise ValueError(f"every = {every!r} is shorter than the shortest interval accepted for "
                         f"{d.id}, {d.min_interval_h:g} h")
    if not isinstance(target, (tuple, list)) or len(target) != 2:
        raise ValueError(f"target must be (low, high), got {target!r}")
    lo = check_number("target low", target[0], low=0.0)
    hi = check_number("target high", target[1], low=0.0)
    if not lo < hi:
        raise ValueError(f"target = {tuple(target)!r}: low must be below high")
    if not isinstance(measure, str):
        raise TypeError(f"measure must be an output name such as 'testosterone', got {measure!r}")
    check_choice("measure", measure, _measurable())
    check_every_h = parse_duration(check_every, "check_every")
    if check_every_h < every_h - 1e-9:
        raise ValueError(f"check_every = {check_every!r} is shorter than the dosing interval "
                         f"{every!r}; a draw per interval at most")
    assay_cv = check_number("assay_cv", assay_cv, low=0.0, high=0.5)
    if isinstance(draw_at, str) and draw_at in ("mid", "trough"):
        offset = every_h / 2 if draw_at == "mid" else every_h
        label = "mid-interval" if draw_at == "mid" else "trough"
    else:
        try:
            offset = parse_duration(draw_at, "draw_at")
        except (TypeError, ValueError) as err:
            raise ValueError(f"draw_at must be 'mid', 'trough' or a time after the dose such as "
                             f"'2d', got {draw_at!r}") from err
        if not 0 <= offset < every_h:
            raise ValueError(f"draw_at = {draw_at!r} must lie within the dosing interval "
                             f"[0, {every_h:g} h)")
        label = f"{offset / 24:g} d after a dose"
    if not callable(rule):
        check_choice("rule", rule, _RULES)
    if step is None:
        base = start if start > 0 else d.typical_amount * amount_to_canonical(
            1.0, d.typical_unit)[0] / per_unit
        step = base / 4
    step = check_number("step", step, low=0.0, low_inclusive=False, high=max_dose, unit=unit)
    if bounds is None:
        bounds = (0.0 if start == 0 else min(step, start), max_dose)
    if not isinstance(bounds, (tuple, list)) or len(bounds) != 2:
        raise ValueError(f"bounds must be (min, max) in {unit}, got {bounds!r}")
    b0 = check_number("bounds min", bounds[0], low=0.0, high=max_dose, unit=unit)
    b1 = check_number("bounds max", bounds[1], low=0.0, high=max_dose, unit=unit)
    if not b0 <= start <= b1:
        raise ValueError(f"start = {start:g} {unit} must lie within bounds ({b0:g}, {b1:g})")
    if direction is None:
        sign = _EFFECT.get((d.target, measure))
        if sign is None:
            raise ValueError(f"say whether {d.id} raises or lowers {measure}: "
                             f"direction='raises' or 'lowers'")
    else:
        sign = +1 if check_choice("direction", direction, ("raises", "lowers")) == "raises" else -1
    first_h = check_every_h if first_check is None else parse_duration(first_check, "first_check")
    start_h = parse_duration(start_at, "start_at")
    tit = Titration(d, start, unit, per_unit, every_h, start_h, (lo, hi), measure, check_every_h,
                    first_h, assay_cv, offset, label, rule, step, (b0, b1), sign)
    return Titrated((tit,))
