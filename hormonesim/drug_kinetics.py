"""Drug kinetics for the engine: each drug's linear compartments, stepped exactly.

A drug is a chain of first-order compartments (depot stages, then plasma), so one step of
``dx/dt = A x + e_0 r`` (bolus at the step's start, infusion rate ``r`` held over it) is exact
with a matrix exponential, and so is the drug's mean over the step, which is what the model's
step reads (:func:`_step_mean`). :class:`_DrugState` holds every subject's amounts; for a fixed
regimen it computes the whole series of signals at once (:meth:`_DrugState.series`).
Used by :func:`hormonesim.simulate`; nothing here is public API.
"""
from __future__ import annotations

import numpy as np
from scipy.linalg import expm

from ._memo import read_only_memo
from .drugs import Drug
from .models.base import Model


#: exact drug propagators already computed: (size, rate matrix bytes, dt) -> (phi, gamma)
_PROPAGATORS: dict = {}


def _propagator(rate_matrix: np.ndarray, dt: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact step of dx/dt = A x + e_0 r (r constant over the step), from the augmented
    matrix exponential.

    Cached, because cohorts reuse the same few hundred (absorption, elimination) multipliers
    in every chunk, and explorers the same drugs in every update.
    """
    nc = rate_matrix.shape[0]

    def compute():
        aug = np.zeros((nc + 1, nc + 1))
        aug[:nc, :nc] = rate_matrix
        aug[0, nc] = 1.0
        e = expm(aug * dt)
        return e[:nc, :nc].copy(), e[:nc, nc].copy()

    return read_only_memo(_PROPAGATORS, _key(rate_matrix, dt), compute, _LIMIT)


#: entries kept per memo (a 10,000-man cohort brings a few hundred distinct matrices)
_LIMIT = 8192


def _key(rate_matrix: np.ndarray, dt: float) -> tuple:
    return rate_matrix.shape[0], rate_matrix.tobytes(), float(dt)


#: step means already computed: (size, rate matrix bytes, dt) -> (mean matrix, mean gain)
_STEP_MEANS: dict = {}


def _step_mean(rate_matrix: np.ndarray, dt: float) -> tuple[np.ndarray, np.ndarray]:
    """Mean over one step of dx/dt = A x + e_0 r (r constant over the step): x_mean = M x_0 + g r.

    ``M = (1/dt) int_0^dt e^(As) ds`` and ``g = (1/dt) int_0^dt int_0^s e^(Au) e_0 du ds``, both
    read off one matrix exponential of the block matrix [[A, I, 0], [0, 0, I], [0, 0, 0]] (its
    top blocks are the single and double integrals of e^(At)). The model reads a drug's mean
    over each step rather than its value at the step's start: the step then sees exactly the
    amount of hormone that the depot releases during it, whatever the step length.
    """
    nc = rate_matrix.shape[0]

    def compute():
        block = np.zeros((3 * nc, 3 * nc))
        block[:nc, :nc] = rate_matrix
        block[:nc, nc:2 * nc] = np.eye(nc)
        block[nc:2 * nc, 2 * nc:] = np.eye(nc)
        e = expm(block * dt)
        return e[:nc, nc:2 * nc] / dt, e[:nc, 2 * nc] / dt

    return read_only_memo(_STEP_MEANS, _key(rate_matrix, dt), compute, _LIMIT)


class _DrugState:
    """Amounts of one drug in its compartments for every subject, stepped exactly."""

    def __init__(self, drug: Drug, model: Model, dt: float, n: int):
        self.drug = drug
        ka_scale, ke_scale = model.pk_scales(drug)
        ka_scale = np.broadcast_to(np.asarray(ka_scale, float), (n,))
        ke_scale = np.broadcast_to(np.asarray(ke_scale, float), (n,))
        nc = drug.n_compartments
        self.x = np.zeros((nc, n))
        # Exact step for dx/dt = A x + e_0 r (r constant over the step), from the augmented
        # matrix exponential; one matrix per distinct (ka_scale, ke_scale) pair.
        if n == 1:   # one subject: one pair (np.unique's sort costs more than the rest here)
            pairs, inverse = np.stack([ka_scale, ke_scale], axis=1), np.zeros(1, np.intp)
        else:
            pairs, inverse = np.unique(np.stack([ka_scale, ke_scale], axis=1), axis=0,
                                       return_inverse=True)
        matrices = [drug.rate_matrix(ke_scale=ke_s, ka_scale=ka_s) for ka_s, ke_s in pairs]
        phis, gams = [], []
        for matrix in matrices:
            phi, gam = _propagator(matrix, dt)
            phis.append(phi)
            gams.append(gam)
        inverse = inverse.ravel()
        # (phi, gamma, subjects) per distinct pair, for the whole-series path (series())
        self.groups = [(phis[g], gams[g], np.flatnonzero(inverse == g)) for g in range(len(pairs))]
        if len(pairs) == 1:
            self.phi, self.gamma, self.per_subject = phis[0], gams[0][:, None], False
        else:
            # (nc, nc, n): contiguous per-subject propagators, applied with one broadcast
            # multiply-and-sum per step (about 3x faster than einsum for 3x3 blocks)
            self.phi = np.ascontiguousarray(np.stack(phis)[inverse].transpose(1, 2, 0))
            self.gamma = np.stack(gams)[inverse].T      # (nc, n)
            self.per_subject = True
            # advance()'s operands: row i of the (lower triangular) propagator as a list of
            # subject rows, and a second state array it writes into (the two take turns)
            self._phi_rows = [[self.phi[i, j] for j in range(i + 1)] for i in range(nc)]
            self._spare = np.empty_like(self.x)
            self._tmp = np.empty(n)
        last_rate = drug.depot_rates_per_h[-1] if drug.depot_rates_per_h else 0.0
        self.release_rate = last_rate * ka_scale      # 1/h, per subject
        self.level_factor = drug.level_scale * drug.active_fraction / drug.volume_l
        self.rate = np.zeros(n)
        self.rate_given = False       # whether ``rate`` may be non-zero (see add_rate)
        # the compartment the model reads (the last depot stage for a release, the plasma for
        # a level; none for a release straight from an infusion rate) and its step mean
        if drug.signal == "release":
            self.read_row = -2 if drug.depot_rates_per_h else None
            self.read_factor = self.release_rate * drug.active_fraction
        else:
            self.read_row, self.read_factor = -1, self.level_factor
        if self.read_row is not None:
            means = [_step_mean(matrix, dt) for matrix in matrices]
            rows = [(m[self.read_row], g[self.read_row]) for m, g in means]
            self.mean_groups = [rows[g] for g in range(len(pairs))]
            if len(pairs) == 1:
                self.mean_row, self.mean_gain = rows[0][0][:, None], rows[0][1]
            else:
                self.mean_row = np.stack([r for r, _ in rows])[inverse].T      # (nc, n)
                self.mean_gain = np.array([g for _, g in rows])[inverse]       # (n,)
                # step_mean_signal's operands: the read factor folded into the row, and only
                # the compartments the read one depends on (the propagator is lower
                # triangular, so the row is zero beyond it: the plasma for a depot's release)
                self._mean_terms = [(j, self.mean_row[j] * self.read_factor)
                                    for j in range(nc) if np.any(self.mean_row[j] != 0.0)]
                self._scaled_mean_gain = self.mean_gain * self.read_factor

    def add_bolus(self, amount) -> None:
        self.x[0] += self.drug.bioavailability * np.asarray(amount, float)

    def clear_rate(self) -> None:
        """Set the infusion rate to zero (before a step's rates are added)."""
        if self.rate_given:
            self.rate[:] = 0.0
            self.rate_given = False

    def add_rate(self, rate) -> None:
        """Add an infusion rate (drug units per hour, per subject or shared) for this step."""
        self.rate += rate
        self.rate_given = True

    def advance(self) -> None:
        if self.per_subject:
            # the chain's propagator is lower triangular: x_i <- sum_{j <= i} phi_ij x_j, as
            # nc (nc + 1) / 2 multiply-adds on subject rows (a broadcast product summed over
            # a strided axis did nc^2 and cost about five times as much)
            x, new, tmp, mul, add = self.x, self._spare, self._tmp, np.multiply, np.add
            for i, row in enumerate(self._phi_rows):
                out = new[i]
                mul(row[0], x[0], out)
                for j in range(1, i + 1):
                    mul(row[j], x[j], tmp)
                    add(out, tmp, out)
            self.x, self._spare = new, x
        else:
            self.x = self.phi @ self.x
        if self.rate_given and np.any(self.rate):
            self.x += self.gamma * (self.drug.bioavailability * self.rate)

    def signal(self) -> np.ndarray:
        """What the model reads: release flux (canonical unit/h of active hormone) or level."""
        d = self.drug
        if d.signal == "release":
            if d.depot_rates_per_h:
                return self.release_rate * self.x[-2] * d.active_fraction
            return self.rate * d.bioavailability * d.active_fraction
        return self.level()

    def step_mean_signal(self) -> np.ndarray:
        """:meth:`signal`'s exact mean over the coming step (bolus given, ``rate`` held)."""
        if self.read_row is None:
            return self.signal()
        row, x, mul, add = self.mean_row, self.x, np.multiply, np.add
        if self.per_subject:
            terms, tmp = self._mean_terms, self._tmp
            mean = mul(terms[0][1], x[terms[0][0]]) if terms else np.zeros(x.shape[1])
            for j, weight in terms[1:]:
                mul(weight, x[j], tmp)
                add(mean, tmp, mean)
            if self.rate_given and np.any(self.rate):
                mean += self._scaled_mean_gain * (self.drug.bioavailability * self.rate)
            return mean
        mean = mul(row[0], x[0])
        tmp = np.empty_like(mean)
        for j in range(1, x.shape[0]):
            mul(row[j], x[j], tmp)
            add(mean, tmp, mean)
        if self.rate_given and np.any(self.rate):
            mean += self.mean_gain * (self.drug.bioavailability * self.rate)
        mul(mean, self.read_factor, mean)
        return mean

    def level(self) -> np.ndarray:
        """Plasma level in the drug's ``level_unit``."""
        return self.x[-1] * self.level_factor

    def series(self, boluses: np.ndarray, rates: np.ndarray, step_means: bool = False
               ) -> tuple[np.ndarray, ...]:
        """Signal and level at every step of a fixed regimen, without stepping one by one.

        ``boluses`` and ``rates`` (canonical units, shape (n_steps + 1, n)) are what
        :meth:`add_bolus` and ``rate`` would receive at each step. The compartments form a chain,
        so the propagator is lower triangular and each compartment is a first-order recursion
        driven by the ones before it: ``x_i[k] = phi_ii x_i[k-1] + w_i[k]``, evaluated for all
        steps at once by ``scipy.signal.lfilter``. Same numbers as :meth:`advance` step by step
        (tests compare the two paths), at a fraction of the cost. With ``step_means`` it also
        returns the signal's exact mean over each step (:meth:`step_mean_signal`), third.
        """
        from scipy.signal import lfilter

        d = self.drug
        u_bolus = d.bioavailability * boluses
        u_rate = d.bioavailability * rates
        x = np.empty((d.n_compartments,) + boluses.shape)
        for phi, gamma, subjects in self.groups:
            ub, ur = u_bolus[:, subjects], u_rate[:, subjects]
            for i in range(d.n_compartments):
                w = np.zeros_like(ub)
                w[1:] = gamma[i] * ur[:-1]
                for j in range(i):
                    w[1:] += phi[i, j] * x[j][:-1, subjects]
                if i == 0:
                    w += ub
                x[i][:, subjects] = lfilter([1.0], [1.0, -phi[i, i]], w, axis=0)
        np.maximum(x, 0.0, out=x)
        level = x[-1] * self.level_factor
        if d.signal != "release":
            signal = level
        elif d.depot_rates_per_h:
            signal = self.release_rate * x[-2] * d.active_fraction
        else:
            signal = u_rate * d.active_fraction
        if not step_means:
            return signal, level
        if self.read_row is None:
            return signal, level, signal
        mean = np.empty_like(boluses)
        for (phi, gamma, subjects), (row, gain) in zip(self.groups, self.mean_groups):
            part = gain * u_rate[:, subjects]
            for j in range(d.n_compartments):
                if row[j]:
                    part += row[j] * x[j][:, subjects]
            mean[:, subjects] = part
        return signal, level, self.read_factor * mean
