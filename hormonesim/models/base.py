"""What every model provides to the engine.

A model is a frozen dataclass whose parameters are declared with
:func:`hormonesim.provenance.param` (value, unit, source). Parameters may be scalars (one
subject) or 1-D arrays of equal length (a cohort: one value per subject); model code is written
with numpy broadcasting so the same equations serve both.

State arrays have shape ``(n_states, n_subjects)``. The engine calls, in order:
``prepare`` (endogenous drivers on the time grid, e.g. pulse times), ``initial_state``, then at
every step ``step`` (RK4 on ``derivatives`` unless a model supplies an exact or faster scheme) and,
at recorded steps, ``observe``.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import ClassVar, Mapping

import numpy as np

from .._validate import check_int, check_output
from ..provenance import parameter_table


@dataclass(frozen=True)
class Model:
    """Base class of all hormonesim models (not used directly)."""

    #: output name -> unit of every output the model records
    outputs: ClassVar[Mapping[str, str]] = {}
    #: names of the state variables (rows of the state array)
    state_names: ClassVar[tuple[str, ...]] = ()
    #: drug targets this model responds to (see :attr:`hormonesim.drugs.Drug.target`)
    drug_targets: ClassVar[frozenset] = frozenset()
    #: longest simulation accepted (h)
    max_duration_h: ClassVar[float] = 2 * 8766.0

    #: Seed of this subject's own random streams, or None (the simulation's seed alone).
    #: :func:`hormonesim.population` gives every subject one (an int array over the cohort), so
    #: ``cohort[i]`` simulated alone draws the same noise as subject ``i`` in the cohort run.
    #: Keyword-only and last, so it never shifts a model's positional parameters.
    subject_seed: int | np.ndarray | None = dataclasses.field(
        default=None, kw_only=True, repr=False,
        metadata={"note": "seed of the subject's own noise streams (set by hs.population)"})

    def __post_init__(self):
        self._check_subject_seed()
        self.check_parameters()

    def _check_subject_seed(self) -> None:
        seed = self.subject_seed
        if seed is None:
            return
        arr = np.asarray(seed)
        if isinstance(seed, bool) or arr.dtype.kind not in "iu" or arr.ndim > 1 or \
                (arr.size and arr.min() < 0):
            raise TypeError(f"{type(self).__name__}: subject_seed must be None, a non-negative "
                            f"int or a 1-D array of them (one per subject), got {seed!r}")

    # ----------------------------------------------------------- parameters
    def check_parameters(self) -> None:
        """Check every ranged parameter (scalar or per-subject array) against its low/high."""
        n = None
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray):
                if value.ndim != 1:
                    raise ValueError(f"{f.name} must be a scalar or a 1-D array (one per subject)")
                if n is not None and value.size != n:
                    raise ValueError(f"per-subject parameters must have equal length; "
                                     f"{f.name} has {value.size}, others {n}")
                n = value.size
            low, high = f.metadata.get("low"), f.metadata.get("high")
            if low is None and high is None:
                continue
            if type(value) is float and math.isfinite(value) and (low is None or value >= low) \
                    and (high is None or value <= high):
                continue   # a plain float in range (most parameters): no numpy round trip
            unit = f.metadata.get("unit", "")
            if isinstance(value, (bool, np.bool_)) or not isinstance(
                    value, (int, float, np.ndarray, np.integer, np.floating)):
                in_unit = f" in {unit}" if unit and unit != "1" else ""
                raise TypeError(f"{type(self).__name__}: {f.name} must be a number (int or "
                                f"float){in_unit}, or one per subject as a 1-D array; got "
                                f"{value!r} of type {type(value).__name__}")
            try:
                arr = np.asarray(value, dtype=float)
            except OverflowError:          # an int too large for a float
                arr = np.asarray(np.inf)
            except (TypeError, ValueError):
                raise TypeError(f"{type(self).__name__}: {f.name} must hold numbers, got "
                                f"{value!r}") from None
            if arr.dtype.kind != "f":
                raise TypeError(f"{type(self).__name__}: {f.name} must hold numbers, got "
                                f"{value!r}")
            if not np.all(np.isfinite(arr)):
                raise ValueError(f"{type(self).__name__}: {f.name} must be finite, got {value!r}")
            if (low is not None and np.any(arr < low)) or (high is not None and np.any(arr > high)):
                shown = value if arr.ndim == 0 else f"values from {arr.min():g} to {arr.max():g}"
                raise ValueError(f"{type(self).__name__}: {f.name} = {shown} {unit} is out of range;"
                                 f" allowed: [{low:g}, {high:g}] {unit}")

    @property
    def n_subjects(self) -> int:
        """1 for a single subject; the length of the per-subject parameter arrays otherwise."""
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray):
                return int(value.size)
        return 1

    def subject(self, i: int) -> "Model":
        """The i-th subject of a model with per-subject parameters, as a model of its own."""
        n = self.n_subjects
        i = check_int("i", i)
        if not -n <= i < n:
            raise IndexError(f"subject index i = {i} is out of range; allowed: {-n} to {n - 1}")
        changes = {f.name: getattr(self, f.name)[i] for f in dataclasses.fields(self)
                   if isinstance(getattr(self, f.name), np.ndarray)}
        return dataclasses.replace(self, **{k: v.item() if np.ndim(v) == 0 else v
                                            for k, v in changes.items()})

    def replace(self, **changes) -> "Model":
        """A copy with some parameters changed (checked like the constructor's)."""
        return dataclasses.replace(self, **changes)

    def parameters(self) -> list[dict]:
        """Name, value, unit, source and note of each sourced parameter."""
        return parameter_table(self)

    # ------------------------------------------------------------ dynamics
    def time_step_h(self, resolution: str | None) -> float:
        """Integration step (h) for the given resolution."""
        raise NotImplementedError

    def resolutions(self) -> tuple[str, ...]:
        """Time scales the model offers (``"pulse"``: pulse-resolved, ``"mean"``: pulse-averaged)."""
        return ("mean",)

    def default_resolution(self, duration_h: float, n_subjects: int) -> str:
        """The resolution used when the caller gives none."""
        return self.resolutions()[0]

    def record_every_h(self, resolution: str, duration_h: float) -> float:
        """Interval between recorded samples (h); a multiple of the step."""
        return self.time_step_h(resolution)

    def prepare(self, t_h: np.ndarray, rng: np.random.Generator, resolution: str) -> dict:
        """Endogenous drivers on the grid (e.g. pulse trains), computed once per simulation."""
        return {}

    def initial_state(self, ctx: dict) -> np.ndarray:
        """State at t = 0, shape (n_states, n_subjects)."""
        raise NotImplementedError

    def derivatives(self, t_h: float, y: np.ndarray, drive: dict, ctx: dict, k: int) -> np.ndarray:
        """dy/dt at time ``t_h`` (per hour)."""
        raise NotImplementedError

    def step(self, t_h: float, y: np.ndarray, dt: float, drive: dict, ctx: dict,
             k: int) -> np.ndarray:
        """Advance the state by ``dt`` hours (classical Runge-Kutta by default)."""
        f = self.derivatives
        k1 = f(t_h, y, drive, ctx, k)
        k2 = f(t_h + dt / 2, y + dt / 2 * k1, drive, ctx, k)
        k3 = f(t_h + dt / 2, y + dt / 2 * k2, drive, ctx, k)
        k4 = f(t_h + dt, y + dt * k3, drive, ctx, k)
        return y + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)

    def observe(self, y: np.ndarray, drive: dict, ctx: dict, k: int) -> dict[str, np.ndarray]:
        """Outputs (in :attr:`outputs` units) from the state, each of shape (n_subjects,)."""
        raise NotImplementedError

    #: a model may define ``step_floats(t_h, y, dt, drive, ctx, k)``: :meth:`step` for one
    #: subject whose run context has ``ctx["scalar"]`` true, with ``y`` a list of floats and each
    #: drive a float, returning a list; the engine then keeps one subject's state as a list.
    step_floats = None

    #: True for a model whose :meth:`observe` is elementwise in time (a per-step part of
    #: ``ctx`` read at ``k``, if at all): the engine may then call it once for all of a single
    #: subject's samples, with ``y`` of shape (n_states, n_samples), each drive of shape
    #: (n_samples,) and ``k`` the samples' steps, an int array (numpy's per-call cost dominates
    #: arrays of length one).
    observe_over_samples: ClassVar[bool] = False

    def pk_scales(self, drug) -> tuple[float | np.ndarray, float | np.ndarray]:
        """Per-subject multipliers of a drug's depot and elimination rates (1 by default)."""
        return 1.0, 1.0

    def check_output(self, name: str) -> str:
        """Return ``name`` if the model records it; raise listing the outputs otherwise."""
        return check_output(name, list(self.outputs))
