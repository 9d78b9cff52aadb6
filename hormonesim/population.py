"""Virtual cohorts: one model, many subjects, each with their own parameters.

A :class:`Cohort` is a model whose between-subject parameters are 1-D arrays (one value per
subject), drawn by :func:`population` from log-normal distributions whose spreads come from
published pharmacokinetic and population data (each :class:`Spread` names its source). The engine
simulates a cohort in one vectorised loop over time, so 10,000 virtual men over 26 weeks is a
matter of seconds on the pulse-averaged time scale::

    import hormonesim as hs
    cohort = hs.population(hs.MaleHPG(), n=1000, seed=1)
    res = hs.simulate(cohort, hs.dose("testosterone_cypionate", 100, "mg", every="7d"),
                      duration="26w")
    res["testosterone"].shape            # (1000, n_times)
    cohort[7]                            # subject 7, a MaleHPG of his own

How the draws are made (the statistical model, stated once):

* each varied parameter ``p`` of subject ``i`` is ``p_i = p_0 * exp(sigma * z_i)``, with ``p_0``
  the value in the model you pass (so the *median* subject is that model) and
  ``sigma = sqrt(ln(1 + CV**2))``, so the between-subject coefficient of variation is ``CV``;
* the ``z_i`` are independent standard normal draws, one per parameter, in a fixed order, from
  ``numpy.random.default_rng(seed)``: the same seed gives the same cohort;
* draws are clipped to the parameter's declared range (a fraction of a percent of draws at the
  default spreads);
* parameters are independent of one another (no correlations are modelled: a limitation, since
  e.g. SHBG and BMI are correlated in real men; the model's own BMI dependence of SHBG and
  aromatase supplies part of that correlation when BMI varies);
* multipliers of drug absorption and elimination (``depot_release_scale``,
  ``drug_clearance_scale``) are rounded to a 1% grid, far finer than their spread, so the engine
  can reuse the exact drug propagators across subjects.

Random parts of a *simulation* come from each subject's own stream: every subject gets a
``subject_seed`` (drawn after the parameters, from the same generator), and the engine seeds
subject ``i``'s noise from ``(subject_seed[i], simulation seed)``
(:mod:`hormonesim._streams`). So subject ``i`` of a cohort run equals ``cohort[i]`` simulated
alone with the same simulation seed, at the pulse-averaged resolution for every model
(follicle-quality noise in ``FemaleHPO`` included), for ``GHAxis``'s GHRH noise, and for the
assay noise of a titrated protocol (tests/test_cohort_equivalence.py shows it). One exception:
``MaleHPG``'s GnRH pulse trains at ``resolution="pulse"`` are drawn subject by subject in a loop
the engine cannot attribute, so there a subject alone gets other pulse times than in the cohort.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Mapping

import numpy as np

from ._validate import as_generator, check_int, check_number, check_seed
from .models.base import Model

__all__ = ["Spread", "Cohort", "population", "DEFAULT_SPREADS", "MAX_SUBJECTS"]

#: largest cohort :func:`population` builds (beyond 100,000 subjects simulate it with
#: ``chunk_size``, see :mod:`hormonesim.chunked`; parameters cost ~100 bytes per subject)
MAX_SUBJECTS = 10_000_000


@dataclass(frozen=True)
class Spread:
    """Between-subject variability of one parameter (log-normal around the model's value).

    Attributes
    ----------
    cv : float
        Between-subject coefficient of variation (dimensionless, 0 to 3).
    source : str
        A references.bib key, or "derived: ... [key]", "calibrated: ... [key]", "teaching: ...".
    note : str
        What the number rests on, in a few words.
    """

    cv: float
    source: str
    note: str = ""

    def __post_init__(self):
        check_number("cv", self.cv, low=0.0, high=3.0)
        if not isinstance(self.source, str) or not self.source.strip():
            raise ValueError("a Spread needs a source: a references.bib key or "
                             "'derived: ...', 'calibrated: ...', 'teaching: ...'")

    @property
    def sigma(self) -> float:
        """Standard deviation of ln(parameter), sqrt(ln(1 + CV^2))."""
        return float(np.sqrt(np.log1p(self.cv ** 2)))


#: default spreads per model class name; MaleHPG's multipliers are 1 in the typical man
DEFAULT_SPREADS: dict[str, dict[str, Spread]] = {
    "MaleHPG": {
        "t_clearance_scale": Spread(
            0.44, "testoviron_label",
            "metabolic clearance rate of testosterone 16 +- 7 mL/min/kg: CV 7/16 = 0.44"),
        "shbg_scale": Spread(
            0.30, "andersson2003",
            "between-subject CV of SHBG 30% in healthy young men sampled monthly for 17 months "
            "(as tabulated by the EFLM biological variation database)"),
        "leydig_scale": Spread(
            0.48, "petersen2015",
            "between-man CV of the Leydig cell number, 0.48 (stereological counts in 26 men aged "
            "16-80 y, no age trend), taken as the spread of Leydig capacity. The loop's feedback "
            "passes about half of it on to T; with the other spreads, untreated nonobese men aged "
            "19-39 then span total T about 300-840 ng/dL at 08:00 (2.5th-97.5th percentile), "
            "inside but narrower than the harmonised 264-916 [travison2017] (checked in "
            "tests/test_population.py)"),
        "aromatase_scale": Spread(
            0.30, "calibrated: with T varying, untreated nonobese men reach the upper limit of the "
                  "male LC-MS/MS E2 interval, 37 pg/mL, near the 97.5th percentile [verdonk2019]",
            "aromatase activity not explained by fat mass (BMI dependence is in the model); the "
            "model's lower E2 tail (~14 pg/mL) stays above the interval's 3.3 pg/mL: a known gap"),
        "pituitary_scale": Spread(
            0.20, "teaching: gonadotroph output; LH differs about 2-3 fold between healthy men, "
                  "partly from different feedback set points [crabbe2007]",
            "a teaching assumption: no published CV of pituitary sensitivity was found"),
        "depot_release_scale": Spread(
            0.25, "teaching: spread of depot absorption, so that peaks after an injection fall "
                  "on days 2-5 as observed across men [nankin1987]",
            "a teaching assumption on absorption variability"),
        "drug_clearance_scale": Spread(
            0.30, "teaching: between-subject CV of 30% in elimination of concentration-type "
                  "drugs (anastrozole, hCG), a typical popPK magnitude",
            "a teaching assumption; no popPK model of anastrozole in men was found"),
    },
}

_PK_GRID = ("depot_release_scale", "drug_clearance_scale")


def _field_bounds(model: Model, name: str) -> tuple[float | None, float | None]:
    for f in dataclasses.fields(model):
        if f.name == name:
            return f.metadata.get("low"), f.metadata.get("high")
    raise KeyError(name)


class Cohort:
    """A virtual population: one model with per-subject parameter arrays.

    Build one with :func:`population`. ``len(cohort)`` is the number of subjects, ``cohort[i]`` is
    subject ``i`` as a model of its own (``cohort[2:5]`` a smaller cohort), and
    ``hs.simulate(cohort, plan, ...)`` simulates everyone at once.

    Attributes
    ----------
    model : Model
        The model with per-subject arrays (what the engine integrates).
    base : Model
        The model the cohort was drawn around (its median subject).
    spreads : dict of str -> Spread
        The spreads used.
    seed : int, Generator or None
        Seed of the draws, as given to :func:`population`.
    """

    def __init__(self, model: Model, base: Model, spreads: Mapping[str, Spread], seed: int,
                 varied: Mapping[str, np.ndarray]):
        self.model = model
        self.base = base
        self.spreads = dict(spreads)
        self.seed = seed
        self._varied = dict(varied)

    def __len__(self) -> int:
        return self.model.n_subjects

    def __getitem__(self, index):
        n = len(self)
        if isinstance(index, slice):
            idx = np.arange(n)[index]
            return self._subset(idx)
        if isinstance(index, (list, np.ndarray)):
            idx = np.asarray(index)
            if idx.dtype == bool:
                if idx.shape != (n,):
                    raise IndexError(f"a boolean index needs {n} values, got {idx.shape}")
                idx = np.flatnonzero(idx)
            return self._subset(idx.astype(int))
        if isinstance(index, bool) or not isinstance(index, (int, np.integer)):
            raise TypeError(f"cohort index must be an integer or a slice, got {index!r}")
        i = int(index)
        if not -n <= i < n:
            raise IndexError(f"subject index {index} out of range for a cohort of {n} "
                             f"(allowed: {-n}..{n - 1})")
        return self.model.subject(i % n)

    def _subset(self, idx: np.ndarray) -> "Cohort":
        if idx.size == 0:
            raise IndexError("this selection contains no subjects")
        if idx.min() < -len(self) or idx.max() >= len(self):
            raise IndexError(f"subject indices must lie in 0..{len(self) - 1}")
        changes = {name: np.asarray(getattr(self.model, name))[idx]
                   for name in self._array_fields()}
        model = dataclasses.replace(self.model, **changes)
        return Cohort(model, self.base, self.spreads, self.seed,
                      {k: v[idx] for k, v in self._varied.items()})

    def _array_fields(self) -> list[str]:
        return [f.name for f in dataclasses.fields(self.model)
                if isinstance(getattr(self.model, f.name), np.ndarray)]

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def _as_model(self) -> Model:
        """The vectorised model the engine integrates (see :func:`hormonesim.simulate`)."""
        return self.model

    def values(self, name: str) -> np.ndarray:
        """Per-subject values of parameter ``name`` (a length-n array, also for unvaried ones)."""
        names = [f.name for f in dataclasses.fields(self.model)]
        if name not in names:
            raise ValueError(f"unknown parameter {name!r} of {type(self.model).__name__}; "
                             f"varied in this cohort: {', '.join(self._varied) or 'none'}")
        return np.broadcast_to(np.asarray(getattr(self.model, name), float), (len(self),)).copy()

    @property
    def varied(self) -> list[str]:
        """Names of the parameters that differ between subjects."""
        return list(self._varied)

    def describe(self) -> list[dict]:
        """One row per varied parameter: median, 2.5th and 97.5th percentile, CV, source."""
        rows = []
        for name, values in self._varied.items():
            spread = self.spreads.get(name)
            rows.append({"name": name, "median": float(np.median(values)),
                         "p2.5": float(np.percentile(values, 2.5)),
                         "p97.5": float(np.percentile(values, 97.5)),
                         "cv": None if spread is None else spread.cv,
                         "source": "drawn by population()" if spread is None else spread.source})
        return rows

    def table(self) -> list[dict]:
        """The same rows as :meth:`describe`: like every ``table()`` of the package, a list of
        row dicts (ScenarioComparison, Sensitivity, SteadyState, Cohort)."""
        return self.describe()

    def __repr__(self) -> str:
        return (f"<Cohort of {len(self)} {type(self.model).__name__} subjects, seed {self.seed}, "
                f"varied: {', '.join(self._varied) or 'nothing'}>")


def _as_spread(name: str, value) -> Spread:
    if isinstance(value, Spread):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"spread of {name!r} must be a CV (a number) or a hs.Spread, got {value!r}")
    return Spread(float(value), "teaching: spread chosen by the user", "user-specified CV")


def _covariate(name: str, spec, n: int, rng: np.random.Generator, low, high) -> np.ndarray | None:
    """A per-subject covariate: None, a (mean, sd) tuple (normal, clipped), or n values."""
    if spec is None:
        return None
    if isinstance(spec, tuple):
        if len(spec) != 2:
            raise ValueError(f"{name} as a tuple must be (mean, sd), got {spec!r}")
        mean = check_number(f"{name} mean", spec[0], low=low, high=high)
        sd = check_number(f"{name} sd", spec[1], low=0.0, high=(high - low))
        return np.clip(rng.normal(mean, sd, n), low, high)
    values = np.asarray(spec, dtype=float)
    if values.shape != (n,):
        raise ValueError(f"{name} must be None, a (mean, sd) tuple or {n} values (one per "
                         f"subject), got an array of shape {values.shape}")
    if not np.all(np.isfinite(values)) or values.min() < low or values.max() > high:
        raise ValueError(f"{name} values must lie in [{low:g}, {high:g}]")
    return values


def population(model: Model, n: int, seed=0, spreads: Mapping | None = None,
               bmi=None, age=None) -> Cohort:
    """A virtual cohort of ``n`` subjects drawn around ``model``.

    Parameters
    ----------
    model : Model
        The typical subject, e.g. ``hs.MaleHPG(age=45)``; its parameters must be scalars.
    n : int
        Number of subjects, 1 to 10,000,000 (above 100,000, simulate with ``chunk_size``).
    seed : int, numpy.random.Generator or None
        Seed of the draws: an int >= 0 (the same seed gives the same cohort), a Generator, or
        None (fresh entropy).
    spreads : dict, optional
        Parameter name -> between-subject CV (a number, taken as a teaching assumption) or a
        :class:`~hormonesim.Spread` with its source. ``None`` uses
        :data:`~hormonesim.population.DEFAULT_SPREADS` for the model (MaleHPG: testosterone
        clearance, SHBG, Leydig capacity, aromatase, pituitary output, drug absorption and
        elimination). Models without defaults need explicit spreads.
        ``{}`` varies nothing except ``bmi``/``age`` if given.
    bmi, age : None, (mean, sd) or array of n values, optional
        Body-mass index (kg/m^2) and age (years) per subject, for models with those parameters:
        ``None`` keeps the model's value for everyone, a ``(mean, sd)`` tuple draws from a normal
        distribution clipped to the model's allowed range, an array gives each subject's value.
        In MaleHPG, BMI sets body weight (testosterone clearance), fat mass (aromatase) and SHBG.

    Returns
    -------
    Cohort

    Raises
    ------
    TypeError
        If ``model`` is not a model or ``n``/``seed`` are not integers.
    ValueError
        For ``n`` outside 1..10,000,000, an unknown parameter, a parameter that already varies,
        or spreads missing for a model without defaults.

    Examples
    --------
    >>> import hormonesim as hs
    >>> cohort = hs.population(hs.FeedbackLoop(), n=50, seed=3, spreads={"gain": 0.3})
    >>> len(cohort), float(cohort[0].gain) > 0
    (50, True)
    """
    if not isinstance(model, Model):
        raise TypeError(f"population needs a model such as hs.MaleHPG(), got "
                        f"{type(model).__name__}")
    n = check_int("n", n, low=1, high=MAX_SUBJECTS)
    seed = check_seed(seed)
    if model.n_subjects != 1 or any(isinstance(getattr(model, f.name), np.ndarray)
                                    for f in dataclasses.fields(model)):
        raise ValueError("population needs a model with scalar parameters (one typical subject); "
                         "this model already has per-subject arrays")
    kind = type(model).__name__
    if spreads is None:
        if kind not in DEFAULT_SPREADS:
            params = [f.name for f in dataclasses.fields(model) if "source" in f.metadata]
            raise ValueError(f"no default spreads for {kind}; pass spreads={{name: cv}} for some "
                             f"of its parameters: {', '.join(params)}")
        spreads = DEFAULT_SPREADS[kind]
    if not isinstance(spreads, Mapping):
        raise TypeError(f"spreads must be a dict of parameter name -> CV or hs.Spread, "
                        f"got {type(spreads).__name__}")
    fields = {f.name: f for f in dataclasses.fields(model)}
    numeric = [name for name, f in fields.items()
               if f.metadata.get("low") is not None or f.metadata.get("high") is not None]
    resolved: dict[str, Spread] = {}
    for name in sorted(spreads):
        if name not in fields or name not in numeric:
            raise ValueError(f"unknown parameter {name!r} of {kind}; parameters that can vary: "
                             f"{', '.join(numeric)}")
        resolved[name] = _as_spread(name, spreads[name])

    rng = as_generator(seed)
    changes: dict[str, np.ndarray] = {}
    for cov_name, spec in (("bmi", bmi), ("age", age)):
        if spec is None:
            continue
        if cov_name not in fields:
            raise ValueError(f"{kind} has no parameter {cov_name!r}; leave {cov_name}=None")
        low, high = _field_bounds(model, cov_name)
        if cov_name == "age" and hasattr(model, "age_range"):   # e.g. FemaleHPO: per stage
            low, high = model.age_range
        changes[cov_name] = _covariate(cov_name, spec, n, rng, low, high)
    for name, spread in resolved.items():
        z = rng.standard_normal(n)
        base = float(getattr(model, name))
        values = base * np.exp(spread.sigma * z)
        if name in _PK_GRID:
            values = np.exp(np.round(np.log(values) / 0.01) * 0.01)
        low, high = _field_bounds(model, name)
        values = np.clip(values, low if low is not None else -np.inf,
                         high if high is not None else np.inf)
        changes[name] = values
    if not changes:  # nothing varies: still a cohort of n identical subjects
        name = numeric[0]
        changes[name] = np.full(n, float(getattr(model, name)))
    # each subject's own noise streams (drawn last, so the parameters above do not depend on it)
    changes["subject_seed"] = rng.integers(0, 2 ** 63 - 1, size=n, dtype=np.int64)
    cohort_model = dataclasses.replace(model, **changes)
    varied = {k: v for k, v in changes.items() if k in resolved or k in ("bmi", "age")}
    return Cohort(cohort_model, model, resolved, seed, varied)
