"""Simulation results: named time series with units, SI conversion and export."""
from __future__ import annotations

import csv
import io

import numpy as np

from ._validate import check_int, check_number, check_output
from .units import SI_FACTORS, to_si


class Result:
    """The outcome of :func:`hormonesim.simulate`.

    Attributes
    ----------
    t_hours, t_days : ndarray
        Sample times (h, d), 1-D.
    units : dict
        Unit of each output (``res.units["testosterone"] == "ng/dL"``).
    is_cohort : bool
        True for a cohort: ``res[name]`` then has shape (n_subjects, n_times).
    doses : list of (float, str, ndarray)
        Every dose given: time (h), drug id, amount per subject (canonical unit).

    Examples
    --------
    >>> import hormonesim as hs
    >>> res = hs.simulate(hs.FeedbackLoop(), duration="2d")
    >>> x = res["target_hormone"]           # a read-only view
    >>> x.flags.writeable
    False
    >>> res["lhx"]
    Traceback (most recent call last):
    ...
    hormonesim._validate.UnknownOutputError: unknown output 'lhx'; allowed: 'releasing_hormone', 'trophic_hormone', 'target_hormone', 'feedback_signal'
    >>> round(float(res.window("1d").mean()), 2)    # share of samples in the second day
    0.5
    """

    def __init__(self, t_hours, data, units, model, plan, seed, is_cohort, resolution, doses):
        t_hours = np.array(t_hours, dtype=float)  # the result's own copy, read-only like its outputs
        t_hours.flags.writeable = False
        self.t_hours = t_hours
        self._data = data
        self.units = {k: units[k] for k in data}
        self.model = model
        self.plan = plan
        self.seed = seed
        self.is_cohort = is_cohort
        self.resolution = resolution
        self.doses = doses

    @property
    def t_days(self) -> np.ndarray:
        """The time axis in days (read-only, like every array a Result hands out)."""
        days = self.t_hours / 24.0
        days.flags.writeable = False
        return days

    @property
    def outputs(self) -> list[str]:
        """Names of the recorded outputs."""
        return list(self._data)

    @property
    def n_subjects(self) -> int:
        return next(iter(self._data.values())).shape[0]

    def __getitem__(self, name: str) -> np.ndarray:
        """Output ``name``: shape (n_times,) for one subject, (n_subjects, n_times) for a cohort.

        The array is a read-only view of the result's data (``x[:] = 0`` raises ValueError), so a
        reader's edits cannot change the result; ``res[name].copy()`` gives a writable copy.
        An unknown name raises :class:`~hormonesim.UnknownOutputError` (a KeyError).
        """
        values = self._data[self.check(name)]
        view = (values if self.is_cohort else values[0]).view()
        view.flags.writeable = False
        return view

    def __contains__(self, name: str) -> bool:
        return name in self._data

    def si(self, name: str) -> np.ndarray:
        """Output ``name`` in SI units (nmol/L for testosterone, pmol/L for estradiol, ...)."""
        values = self[name]
        if name not in SI_FACTORS:
            raise ValueError(f"output {name!r} has no SI conversion; outputs with one: "
                             f"{', '.join(n for n in self.outputs if n in SI_FACTORS)}")
        return to_si(name, values)

    def subject(self, i: int) -> "Result":
        """One subject of a cohort result, as a single-subject result."""
        if not self.is_cohort:
            raise ValueError("subject(i) applies to cohort results; this is one subject")
        i = check_int("i", i)
        if not 0 <= i < self.n_subjects:
            raise IndexError(f"subject index i = {i} is out of range; allowed: 0 to "
                             f"{self.n_subjects - 1}")
        data = {k: v[i:i + 1] for k, v in self._data.items()}
        doses = [(t, d, a[i:i + 1]) for t, d, a in self.doses]
        return Result(self.t_hours, data, self.units, self.model.subject(i), self.plan, self.seed,
                      False, self.resolution, doses)

    def window(self, start: float, stop: float | None = None) -> np.ndarray:
        """Boolean mask of samples with ``start <= t_hours < stop``.

        ``start`` and ``stop`` are hours (numbers) or durations such as ``"2w"``; ``stop=None``
        runs to the end.
        """
        from .units import parse_duration
        start_h = parse_duration(start, "start")
        stop_h = np.inf if stop is None else parse_duration(stop, "stop")
        return (self.t_hours >= start_h) & (self.t_hours < stop_h)

    def daily_mean(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Mean of ``name`` over each whole day: (day index, means)."""
        values = self._data[self.check(name)]
        days = np.floor(self.t_hours / 24.0 + 1e-9).astype(int)
        whole = np.unique(days[days < np.floor(self.t_hours[-1] / 24.0 + 1e-9)])
        if whole.size == 0:
            raise ValueError(f"daily_mean needs at least one whole day; this result ends at "
                             f"{self.t_hours[-1]:g} h (simulate a duration of at least '1d')")
        means = np.stack([values[:, days == d].mean(axis=1) for d in whole], axis=1)
        return whole, (means if self.is_cohort else means[0])

    def check(self, name: str) -> str:
        """Return ``name`` if the result records it; raise UnknownOutputError listing outputs."""
        return check_output(name, self.outputs)

    def to_csv(self, path=None, outputs: list[str] | None = None) -> str:
        """Write the result as CSV (one row per time, or per subject and time for a cohort).

        Parameters
        ----------
        path : str or path-like, optional
            File to write; the CSV text is returned either way.
        outputs : list of str, optional
            Which outputs to include (all by default).
        """
        if isinstance(outputs, str):
            outputs = [outputs]
        names = [self.check(n) for n in (outputs or self.outputs)]
        buf = io.StringIO()
        w = csv.writer(buf)
        head = ["subject"] if self.is_cohort else []
        w.writerow(head + ["t_hours"] + [f"{n} [{self.units[n]}]" for n in names])
        for s in range(self.n_subjects):
            for j, t in enumerate(self.t_hours):
                row = ([s] if self.is_cohort else []) + [f"{t:.6g}"]
                w.writerow(row + [f"{self._data[n][s, j]:.6g}" for n in names])
        text = buf.getvalue()
        if path is not None:
            with open(path, "w", newline="") as fh:
                fh.write(text)
        return text

    def __repr__(self) -> str:
        kind = f"cohort of {self.n_subjects}" if self.is_cohort else "one subject"
        return (f"<Result {type(self.model).__name__}, {kind}, {self.t_hours[-1]:g} h, "
                f"outputs: {', '.join(self.outputs)}>")
