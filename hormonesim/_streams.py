"""Random streams of a simulation: one per subject when subjects carry their own seed.

A model draws its random parts (follicle-quality noise, GHRH noise, pulse trains) in
``prepare`` from the generator the engine passes, as arrays whose last axis is the subject
axis, e.g. ``rng.standard_normal((n_days, n))``. When every subject carries a
``subject_seed`` (as :func:`hormonesim.population` gives them), the engine passes a
:class:`SubjectStreams` instead: column ``j`` of such a draw then comes from subject ``j``'s own
generator, seeded by ``(subject_seed[j], simulation seed)``. Subject ``j`` simulated alone draws
the same numbers, so a cohort run equals one-by-one runs. Draws whose shape does not end in the
number of subjects (e.g. a loop over subjects drawing a train of a different length per subject)
cannot be attributed to one subject and come from the simulation's shared generator.
"""
from __future__ import annotations

import numpy as np

#: positional parameters of the Generator methods models use (``size`` among them)
_SIGNATURES: dict[str, tuple[str, ...]] = {
    "standard_normal": ("size",), "random": ("size",), "standard_exponential": ("size",),
    "normal": ("loc", "scale", "size"), "uniform": ("low", "high", "size"),
    "gamma": ("shape", "scale", "size"), "exponential": ("scale", "size"),
    "lognormal": ("mean", "sigma", "size"), "poisson": ("lam", "size"),
    "integers": ("low", "high", "size"),
}


class SubjectStreams:
    """A stand-in for :class:`numpy.random.Generator` with one stream per subject.

    Parameters
    ----------
    shared : numpy.random.Generator
        The simulation's generator (draws that belong to no single subject).
    subject_seeds : array of int, shape (n_subjects,)
        Each subject's own seed.
    key : int
        The simulation's seed (an int; a Generator or None seed is turned into one draw).
    """

    def __init__(self, shared: np.random.Generator, subject_seeds, key: int):
        self.shared = shared
        seeds = np.atleast_1d(np.asarray(subject_seeds)).astype(np.int64)
        self.n = int(seeds.size)
        self._seeds, self._key = seeds, int(key)
        self._built: list[np.random.Generator] | None = None

    @property
    def _gens(self) -> list[np.random.Generator]:
        # built on first use: models that draw nothing (e.g. MaleHPG at its mean resolution)
        # do not pay for 10,000 generators
        if self._built is None:
            self._built = [np.random.default_rng([int(s), self._key]) for s in self._seeds]
        return self._built

    def subject(self, i: int) -> np.random.Generator:
        """Subject ``i``'s own generator (for models that draw subject by subject)."""
        return self._gens[i]

    def __getattr__(self, method: str):
        names = _SIGNATURES.get(method)
        if names is None:               # anything else: the shared stream (or the only one)
            return getattr(self._gens[0] if self.n == 1 else self.shared, method)

        def draw(*args, **kwargs):
            params = dict(zip(names, args))
            params.update(kwargs)
            size = params.pop("size", None)
            if self.n == 1:
                return getattr(self._gens[0], method)(**params, size=size)
            shape = (size,) if isinstance(size, (int, np.integer)) else \
                (None if size is None else tuple(size))
            if not shape or shape[-1] != self.n:
                return getattr(self.shared, method)(**params, size=size)
            cols = []
            for j, gen in enumerate(self._gens):
                p = {k: (np.asarray(v)[..., j] if np.ndim(v) and np.shape(v)[-1] == self.n else v)
                     for k, v in params.items()}
                cols.append(getattr(gen, method)(**p, size=shape[:-1]))
            return np.stack(cols, axis=-1)

        return draw


def simulation_streams(seed, n_subjects: int, subject_seeds):
    """The generator a simulation passes to the model and the plan, and the seed to record.

    ``seed`` is an int, a Generator or None (checked by the caller). Without subject seeds this
    is ``numpy.random.default_rng(seed)`` (or the Generator itself), as always.
    """
    shared = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    if subject_seeds is None:
        return shared
    key = seed if isinstance(seed, int) else int(shared.integers(2 ** 63))
    return SubjectStreams(shared, np.broadcast_to(np.asarray(subject_seeds), (n_subjects,)), key)
