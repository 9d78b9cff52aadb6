"""Two small teaching models for the Fundamentals chapters.

:class:`SecretionClearance`
    One hormone, secreted in pulses or steadily into one well-mixed compartment and cleared by
    first-order elimination. It shows what a half-life does: a short one lets pulses show, a long
    one smooths them; the average level is secretion divided by clearance whatever the half-life.
:class:`FeedbackLoop`
    A three-stage loop, releasing hormone -> trophic hormone -> target hormone, whose product
    inhibits the first stage after a delay (Goodwin's oscillator [goodwin1965]; its
    testosterone form is Smith's model of the male axis [smith1980]). With weak or gentle feedback
    and a short delay it settles to a set point; with strong, steep feedback and a long delay it
    oscillates.

Both are teaching models in normalised units: they explain mechanisms, they are not fitted to a
particular hormone (the validation page says which models are).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from scipy.linalg import expm

from .._memo import read_only_memo
from ..provenance import param
from .base import Model

#: matrix exponentials of augmented loop matrices already computed: (size, bytes) -> read-only
#: array. The gain and the Hill coefficient do not enter the matrix, so a stability scan over
#: them (chapter 9's Hopf search: ~280 simulations) reuses one exponential of up to 45 x 45
#: (4 ms each) instead of computing it for every run.
_EXPM: dict = {}


def _augmented_expm(aug: np.ndarray) -> np.ndarray:
    return read_only_memo(_EXPM, (aug.shape[0], aug.tobytes()), lambda: (expm(aug),), 256)[0]


def _power(x: float, exponent: float) -> float:
    """``x ** exponent`` as numpy gives it: NaN (not a complex number) for x < 0."""
    if x >= 0.0:
        return x ** exponent
    return float(np.power(x, exponent))


def _predict(rows: tuple, y: list, p0: float) -> list:
    """``phi @ y + g0 * p0`` on Python floats, each row summed from the left.

    ``phi`` is the loop's 9 x 9 lower-triangular propagator and ``g0`` its production column:
    row i of ``rows`` holds the first i + 1 entries of row i of ``phi``, then ``g0[i]``.
    """
    r0, r1, r2, r3, r4, r5, r6, r7, r8 = rows
    y0, y1, y2, y3, y4, y5, y6, y7, y8 = y
    return [r0[0] * y0 + r0[1] * p0,
            r1[0] * y0 + r1[1] * y1 + r1[2] * p0,
            r2[0] * y0 + r2[1] * y1 + r2[2] * y2 + r2[3] * p0,
            r3[0] * y0 + r3[1] * y1 + r3[2] * y2 + r3[3] * y3 + r3[4] * p0,
            r4[0] * y0 + r4[1] * y1 + r4[2] * y2 + r4[3] * y3 + r4[4] * y4 + r4[5] * p0,
            r5[0] * y0 + r5[1] * y1 + r5[2] * y2 + r5[3] * y3 + r5[4] * y4 + r5[5] * y5
            + r5[6] * p0,
            r6[0] * y0 + r6[1] * y1 + r6[2] * y2 + r6[3] * y3 + r6[4] * y4 + r6[5] * y5
            + r6[6] * y6 + r6[7] * p0,
            r7[0] * y0 + r7[1] * y1 + r7[2] * y2 + r7[3] * y3 + r7[4] * y4 + r7[5] * y5
            + r7[6] * y6 + r7[7] * y7 + r7[8] * p0,
            r8[0] * y0 + r8[1] * y1 + r8[2] * y2 + r8[3] * y3 + r8[4] * y4 + r8[5] * y5
            + r8[6] * y6 + r8[7] * y7 + r8[8] * y8 + r8[9] * p0]


@dataclass(frozen=True)
class SecretionClearance(Model):
    """One hormone with pulsatile or steady secretion and first-order clearance.

    Parameters
    ----------
    half_life_h : float
        Elimination half-life (h), 0.05 to 200.
    secretion_ug_per_h : float
        Mean secretion rate (ug/h), 0 to 1e4.
    volume_l : float
        Volume of distribution (L), 1 to 100.
    pulse_interval_h : float
        Time between secretory pulses (h); 0 means steady secretion.
    pulse_duration_h : float
        Duration of each square secretory pulse (h).
    start_fraction : float
        Level at t = 0 as a multiple of the steady average level.
    """

    half_life_h: float = param(2.27, "h", "wide2022", "LH half-life 136 min (glycoforms 125-164 "
                               "min), the default hormone",
                               low=0.05, high=200.0)
    secretion_ug_per_h: float = param(10.0, "ug/h", "teaching: round number, level scales linearly",
                                      low=0.0, high=1e4)
    volume_l: float = param(15.0, "L", "teaching: about the extracellular fluid volume",
                            low=1.0, high=100.0)
    pulse_interval_h: float = param(1.5, "h", "veldhuis1986",
                                    "LH pulses about every 74-90 min in men", low=0.0, high=48.0)
    pulse_duration_h: float = param(0.1, "h", "teaching: a secretory burst of a few minutes",
                                    low=0.01, high=2.0)
    start_fraction: float = param(1.0, "1", "teaching: level at t = 0 as a fraction of the steady "
                                  "average (0 = secretion switches on at t = 0)", low=0.0, high=10.0)

    outputs: ClassVar = {"hormone": "ng/mL", "secretion": "ug/h"}
    state_names: ClassVar = ("amount_ug",)

    @property
    def elimination_per_h(self) -> float:
        """ke = ln 2 / half-life (1/h)."""
        return math.log(2) / self.half_life_h

    @property
    def clearance_l_per_h(self) -> float:
        """Clearance CL = ke V (L/h)."""
        return self.elimination_per_h * self.volume_l

    @property
    def steady_level_ng_ml(self) -> float:
        """Average level at steady state, secretion / clearance (ng/mL)."""
        return self.secretion_ug_per_h / self.clearance_l_per_h

    def time_step_h(self, resolution):
        step = min(self.half_life_h / 20, self.pulse_duration_h / 2 if self.pulse_interval_h else 1)
        return max(min(step, 0.25), 1 / 120)

    def record_every_h(self, resolution, duration_h):
        return self.time_step_h(resolution)

    def secretion_at(self, t_h: np.ndarray) -> np.ndarray:
        """Secretion rate (ug/h) at times ``t_h``: square pulses of equal mass, or steady."""
        t_h = np.asarray(t_h, dtype=float)
        if self.pulse_interval_h == 0 or self.pulse_duration_h >= self.pulse_interval_h:
            return np.full_like(t_h, self.secretion_ug_per_h)
        in_pulse = np.mod(t_h, self.pulse_interval_h) < self.pulse_duration_h
        return np.where(in_pulse, self.secretion_ug_per_h * self.pulse_interval_h
                        / self.pulse_duration_h, 0.0)

    def prepare(self, t_h, rng, resolution):
        dt = t_h[1] - t_h[0]
        # mean secretion over each step, so pulses shorter than a step keep their mass
        fine = np.linspace(0, dt, 9)[:-1]
        return {"secretion": self.secretion_at(t_h[:, None] + fine[None, :]).mean(axis=1),
                "decay": math.exp(-self.elimination_per_h * dt)}

    def initial_state(self, ctx):
        level = self.start_fraction * self.steady_level_ng_ml * self.volume_l
        return np.zeros((1, self.n_subjects)) + level

    def step(self, t_h, y, dt, drive, ctx, k):
        s = ctx["secretion"][k]
        ke = self.elimination_per_h
        return y * ctx["decay"] + s / ke * (1 - ctx["decay"])  # exact for constant s over dt

    def observe(self, y, drive, ctx, k):
        return {"hormone": y[0] / self.volume_l, "secretion": np.full(y.shape[1], ctx["secretion"][k])}


@dataclass(frozen=True)
class FeedbackLoop(Model):
    """A three-hormone negative-feedback loop with a delay (Goodwin type).

    Levels are in units of their set point (1 = the unperturbed steady level). The first stage
    is produced at rate ``1 + gain`` times its clearance, inhibited by the delayed target hormone
    through ``1 / (1 + gain * T_delayed**hill)``; so T = 1 is always the steady state, and
    ``gain`` and ``hill`` set how hard and how steeply the loop corrects a deviation.

    Parameters
    ----------
    gain : float
        Feedback strength (dimensionless), 0 to 50.
    hill : float
        Steepness of the inhibition (Hill coefficient), 1 to 20.
    delay_h : float
        Mean delay of the feedback signal (h), 0 to 48, as a chain of 6 transit steps. Delays
        under 0.1 h (6 minutes) are treated as none: they are negligible against half-lives of
        at least 0.1 h and would need a far smaller time step.
    half_life_releasing_h, half_life_trophic_h, half_life_target_h : float
        Half-lives of the three hormones (h).
    pulse_size : float
        Extra target hormone given at ``pulse_at_h`` (in set-point units; 0 = none).
    pulse_at_h : float
        Time of that perturbation (h).
    start_level : float
        Level of all three hormones at t = 0 (set-point units).
    """

    gain: float = param(2.0, "1", "teaching: loop strength, explored in chapter 2", low=0.0, high=50.0)
    hill: float = param(2.0, "1", "teaching: steepness, Smith's analysis needs > 8 without delay "
                        "[smith1980]", low=1.0, high=20.0)
    delay_h: float = param(2.0, "h", "teaching: transport and synthesis delay", low=0.0, high=48.0)
    half_life_releasing_h: float = param(0.5, "h", "teaching: releasing hormones clear in minutes",
                                         low=0.1, high=48.0)
    half_life_trophic_h: float = param(2.0, "h", "wide2022", "LH half-life ~2 h",
                                       low=0.1, high=48.0)
    half_life_target_h: float = param(4.0, "h", "teaching: target hormone clears in hours",
                                      low=0.1, high=200.0)
    pulse_size: float = param(0.0, "1", "teaching: a perturbation to watch the loop respond",
                              low=0.0, high=20.0)
    pulse_at_h: float = param(24.0, "h", "teaching: time of the perturbation", low=0.0, high=1e4)
    start_level: float = param(0.5, "1", "teaching: all three hormones start at this fraction of "
                               "their set point, so the loop has something to correct",
                               low=0.0, high=5.0)

    n_transit: ClassVar[int] = 6
    outputs: ClassVar = {"releasing_hormone": "set-point units", "trophic_hormone": "set-point units",
                         "target_hormone": "set-point units", "feedback_signal": "set-point units"}
    state_names: ClassVar = ("releasing", "trophic", "target") + tuple(f"transit_{i}" for i in range(6))

    @property
    def _delayed(self) -> bool:
        return self.delay_h >= 0.1

    def _rates(self):
        return tuple(math.log(2) / h for h in (self.half_life_releasing_h, self.half_life_trophic_h,
                                               self.half_life_target_h))

    @property
    def _shared_rates(self) -> bool:
        """True when every subject has the same half-lives and delay (one linear part)."""
        return all(np.ndim(getattr(self, name)) == 0 for name in (
            "half_life_releasing_h", "half_life_trophic_h", "half_life_target_h", "delay_h"))

    def time_step_h(self, resolution):
        fastest = min(float(np.min(h)) for h in (self.half_life_releasing_h,
                                                 self.half_life_trophic_h, self.half_life_target_h))
        if self._shared_rates:
            # exponential step (see step): the linear chain is exact, the step only has to
            # follow the feedback term, which changes no faster than the fastest half-life
            return float(min(fastest / 2, 0.25))
        step = fastest / 5
        if self._delayed:
            step = min(step, np.min(self.delay_h) / self.n_transit / 2)
        return float(min(step, 0.25))

    def _linear_part(self) -> np.ndarray:
        """Matrix A (1/h) of the loop's linear terms; production enters state 0 at rate k_R."""
        kr, kl, kt = self._rates()
        a = np.zeros((3 + self.n_transit,) * 2)
        a[0, 0] = -kr
        a[1, 0], a[1, 1] = kl, -kl
        a[2, 1], a[2, 2] = kt, -kt
        if self._delayed:
            ktr = self.n_transit / self.delay_h
            for i in range(3, 3 + self.n_transit):
                a[i, i - 1], a[i, i] = ktr, -ktr
        return a

    def prepare(self, t_h, rng, resolution):
        if not self._shared_rates:
            return {}
        dt = float(t_h[1] - t_h[0]) if len(t_h) > 1 else self.time_step_h(resolution)
        n = 3 + self.n_transit
        # exact propagator of dy/dt = A y + b p(t) for p linear over the step (augmented
        # matrix exponential): y(dt) = Phi y + G0 p(0) + G1 (p(dt) - p(0))
        aug = np.zeros((n + 2, n + 2))
        aug[:n, :n] = self._linear_part() * dt
        aug[0, n] = self._rates()[0] * dt
        aug[n, n + 1] = 1.0
        e = _augmented_expm(aug)
        ctx = {"etd": (e[:n, :n], e[:n, n:n + 1], e[:n, n + 1:n + 2])}
        # one subject (every parameter a scalar): the step runs on Python floats (step_floats;
        # numpy's per-call cost dominates arrays of length one), the propagator as its lower
        # triangle (the loop matrix is lower triangular, so is its exponential: tests check)
        # with the production column g0 after each row
        ctx["scalar"] = self.n_subjects == 1 and all(
            np.ndim(v) == 0 for v in vars(self).values() if isinstance(v, (float, int, np.ndarray)))
        if ctx["scalar"]:
            ctx["etd_floats"] = (tuple(tuple(e[i, :i + 1].tolist()) + (float(e[i, n]),)
                                       for i in range(n)),
                                 e[:n, n + 1].tolist(),
                                 float(self.gain), float(self.hill),
                                 -1 if self._delayed else 2)
        return ctx

    def _production(self, y) -> np.ndarray:
        """Relative production of the first hormone, (1 + g) / (1 + g fb^n) (set-point units)."""
        fb = y[-1] if self._delayed else y[2]
        return (1 + self.gain) / (1 + self.gain * fb ** self.hill)

    def record_every_h(self, resolution, duration_h):
        dt = self.time_step_h(resolution)
        return dt * max(1, int(round(min(0.25, duration_h / 2000) / dt)))

    def initial_state(self, ctx):
        return np.full((3 + self.n_transit, self.n_subjects), 1.0) * self.start_level

    def derivatives(self, t_h, y, drive, ctx, k):
        kr, kl, kt = self._rates()
        r, l, tgt = y[0], y[1], y[2]
        dy = np.empty_like(y)
        dy[0] = kr * (self._production(y) - r)
        dy[1] = kl * (r - l)
        dy[2] = kt * (l - tgt)
        if self._delayed:
            ktr = self.n_transit / self.delay_h
            dy[3] = ktr * (tgt - y[3])
            dy[4:] = ktr * (y[3:-1] - y[4:])
        else:
            dy[3:] = 0.0
        return dy

    def step(self, t_h, y, dt, drive, ctx, k):
        """Exponential time differencing (ETD2) when subjects share their rates, else RK4.

        The linear chain is propagated exactly; the nonlinear production is taken as linear
        over the step between its value at the start and at a predicted end (a second-order
        predictor-corrector). Tests compare both schemes with scipy's solve_ivp. One subject
        takes :meth:`step_floats`, the same scheme on Python floats.
        """
        if ctx.get("scalar"):
            return np.array(self._etd_floats(t_h, y[:, 0].tolist(), dt, ctx))[:, None]
        etd = ctx.get("etd")
        if etd is None:
            y = super().step(t_h, y, dt, drive, ctx, k)
        else:
            phi, g0, g1 = etd
            p0 = self._production(y)
            predicted = phi @ y + g0 * p0
            y = predicted + g1 * (self._production(predicted) - p0)
        if self.pulse_size and t_h <= self.pulse_at_h < t_h + dt:
            y = y.copy()
            y[2] += self.pulse_size
        return y

    def step_keeps_nonnegative(self, ctx: dict) -> bool:
        """Whether :meth:`step` returns no negative value for a non-negative state, so the engine
        can skip its clip: true of the ETD2 step when its propagator ``Phi`` and columns
        ``G0 >= G1`` are non-negative (as the exact ones are). The step is then
        ``Phi y + G0 p0 + G1 (p1 - p0)`` with productions ``p0, p1 >= 0``: ``Phi y + G0 p0`` is
        at least ``G0 p0`` and ``G1 (p1 - p0)`` at least ``-G1 p0 >= -G0 p0``, also after
        rounding (which is monotone), whatever the order of the sums (a test checks it)."""
        etd = ctx.get("etd")
        if etd is None:
            return False
        phi, g0, g1 = etd
        return bool(phi.min() >= 0.0 and g1.min() >= 0.0 and np.all(g0 >= g1))

    def step_floats(self, t_h: float, y: list, dt: float, drive: dict, ctx: dict,
                    k: int) -> list:
        """:meth:`step` (ETD2) for one subject on Python floats.

        Parameters
        ----------
        t_h : float
            Time at the start of the step (h).
        y : list of float
            The nine states (set-point units), in :attr:`state_names` order.
        dt : float
            Step (h).
        drive, ctx : dict
            Drug signals (none act on this model) and the run context from :meth:`prepare`.
        k : int
            Index of the step.

        Returns
        -------
        list of float
            The states at ``t_h + dt`` (set-point units).
        """
        return self._etd_floats(t_h, y, dt, ctx)

    def _etd_floats(self, t_h: float, y: list, dt: float, ctx: dict) -> list:
        """One ETD2 step of one subject on floats (:meth:`step_floats`, :meth:`step`)."""
        rows, g1, gain, hill, fb_index = ctx["etd_floats"]
        p0 = (1 + gain) / (1 + gain * _power(y[fb_index], hill))
        predicted = _predict(rows, y, p0)
        dp = (1 + gain) / (1 + gain * _power(predicted[fb_index], hill)) - p0
        new = [x + g * dp for x, g in zip(predicted, g1)]
        if self.pulse_size and t_h <= self.pulse_at_h < t_h + dt:
            new[2] += self.pulse_size
        return new

    #: observe reads the state alone (elementwise in time), so one subject's samples are
    #: observed at once after the loop (see Model.observe_over_samples)
    observe_over_samples: ClassVar[bool] = True

    def observe(self, y, drive, ctx, k):
        fb = y[-1] if self._delayed else y[2]
        return {"releasing_hormone": y[0], "trophic_hormone": y[1], "target_hormone": y[2],
                "feedback_signal": fb}

    def loop_gain(self) -> float:
        """Magnitude of the loop's gain at the set point, gain*hill/(1+gain) (dimensionless).

        Linearising the inhibition at T = 1 gives a slope of -gain*hill/(1+gain) (set-point units);
        the three first-order stages then multiply it by 1 at zero frequency. The larger this
        number and the longer the delay, the closer the loop is to oscillating.
        """
        return self.gain * self.hill / (1 + self.gain)
