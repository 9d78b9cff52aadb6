"""Pulse analysis: find hormone pulses in a time series and summarise them as studies do.

Published GH (and LH) profiles are summarised by the number of pulses in 24 h, their amplitude,
their mass (the area of each pulse above the baseline it rises from) and the interval between
them. This module finds pulses with a small, documented method in the spirit of Veldhuis and
Johnson's Cluster analysis [veldhuis1986cluster]: a peak counts only if both its rise from the
nadir before it and its fall to the nadir after it exceed the measurement error by a set number
of standard deviations. The error of a sample is the assay's: a coefficient of variation times
the concentration, with a floor for the assay's noise near its detection limit.

Algorithm
---------
1. Optionally take every ``sample_every_h`` hours of the series, as a study sampling blood
   every 10 or 20 minutes would (the detected pulse count depends on sampling [hartman1991]).
2. Reduce the series to alternating nadirs and peaks (local minima and maxima; plateaus count once).
3. For each peak, its significance is min(rise, fall) / sqrt(sd(peak)^2 + sd(nadir)^2), in units
   of the assay SD, where sd(y) = sqrt((assay_cv * y)^2 + assay_sd_floor^2).
4. While the least significant peak is below ``n_sd``: remove it together with the higher of its
   two flanking nadirs (merging it into its neighbour) and recompute.
5. Each remaining peak is a pulse. Its amplitude is peak minus the nadir before it; its mass is
   the area between the curve and the straight line joining the two flanking nadirs; the
   interpulse interval is the time from one peak to the next.

This is simpler than deconvolution (which estimates secretion, not concentration, and finds
more, smaller bursts): use the counts to compare profiles analysed the same way.
"""
from __future__ import annotations

import functools
import heapq
import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ._validate import check_int, check_number


@dataclass(frozen=True)
class PulseAnalysis:
    """Pulses found in one series, and summary statistics over them.

    Attributes
    ----------
    times_h, values : ndarray
        The series analysed (after optional resampling): times (h) and concentrations.
    peak_times_h : ndarray
        Time of each pulse's peak (h).
    peak_values : ndarray
        Concentration at each peak (unit of ``values``).
    amplitudes : ndarray
        Peak minus the nadir before it (unit of ``values``).
    masses : ndarray
        Area of each pulse above the line joining its flanking nadirs (unit x h).
    start_times_h, end_times_h : ndarray
        Times of the nadir before and after each pulse (h).
    nadir_values : ndarray
        Concentration of the nadir before each pulse.
    """

    times_h: np.ndarray
    values: np.ndarray
    peak_times_h: np.ndarray
    peak_values: np.ndarray
    amplitudes: np.ndarray
    masses: np.ndarray
    start_times_h: np.ndarray
    end_times_h: np.ndarray
    nadir_values: np.ndarray

    @property
    def count(self) -> int:
        """Number of pulses found."""
        return int(self.peak_times_h.size)

    @property
    def duration_h(self) -> float:
        """Length of the series analysed (h)."""
        return float(self.times_h[-1] - self.times_h[0])

    @property
    def pulses_per_24h(self) -> float:
        """Pulse frequency scaled to 24 h."""
        return self.count * 24.0 / self.duration_h

    @property
    def intervals_h(self) -> np.ndarray:
        """Interpulse intervals, peak to peak (h)."""
        return np.diff(self.peak_times_h)

    def summary(self) -> dict:
        """Count, frequency, mean amplitude, mass and interval, the way studies report them.

        Returns
        -------
        dict
            ``count``, ``pulses_per_24h``, ``mean_amplitude``, ``mean_mass`` (unit x h),
            ``total_mass`` (unit x h), ``mean_interval_min`` (NaN with fewer than two pulses),
            ``mean_level`` (time-averaged concentration) and ``mean_nadir``.
        """
        mean = lambda a: float(np.mean(a)) if a.size else float("nan")  # noqa: E731
        span = self.duration_h
        level = float(np.trapezoid(self.values, self.times_h) / span) if span > 0 else float(
            self.values.mean())
        return {"count": self.count, "pulses_per_24h": self.pulses_per_24h,
                "mean_amplitude": mean(self.amplitudes), "mean_mass": mean(self.masses),
                "total_mass": float(self.masses.sum()),
                "mean_interval_min": mean(self.intervals_h) * 60.0,
                "mean_level": level, "mean_nadir": mean(self.nadir_values)}

    def table(self) -> list[dict]:
        """One row per pulse: peak time (h), peak, amplitude, mass, start and end (h)."""
        return [{"peak_time_h": float(t), "peak": float(p), "amplitude": float(a),
                 "mass": float(m), "start_h": float(s), "end_h": float(e)}
                for t, p, a, m, s, e in zip(self.peak_times_h, self.peak_values, self.amplitudes,
                                            self.masses, self.start_times_h, self.end_times_h)]


def _check_series(times_h, values) -> tuple[np.ndarray, np.ndarray]:
    for name, arr in (("times_h", times_h), ("values", values)):
        if isinstance(arr, (str, bytes)) or arr is None:
            raise TypeError(f"{name} must be a 1-D sequence of numbers, got {arr!r}")
    try:
        t = np.asarray(times_h, dtype=float)
        y = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"times_h and values must be sequences of numbers ({exc})") from None
    if t.ndim != 1 or y.ndim != 1:
        raise ValueError(f"times_h and values must be 1-D; got shapes {t.shape} and {y.shape} "
                         f"(analyse one subject at a time)")
    if t.size != y.size:
        raise ValueError(f"times_h and values must have the same length; got {t.size} and "
                         f"{y.size}")
    if t.size < 3:
        raise ValueError(f"need at least 3 samples to find pulses, got {t.size}")
    if not (np.all(np.isfinite(t)) and np.all(np.isfinite(y))):
        raise ValueError("times_h and values must be finite numbers (no NaN or infinity)")
    if np.any(np.diff(t) <= 0):
        raise ValueError("times_h must be strictly increasing (hours since the start)")
    if np.any(y < 0):
        raise ValueError(f"concentrations cannot be negative; smallest value is {y.min():g}")
    return t, y


def _turning_points(y: np.ndarray) -> tuple[list[int], list[int]]:
    """Indices of alternating nadirs and peaks: nadirs[i] < peaks[i] < nadirs[i + 1]."""
    # collapse plateaus: keep the first index of each run of equal values
    keep = np.concatenate([[True], np.diff(y) != 0])
    idx = np.flatnonzero(keep)
    z = y[idx]
    if z.size < 3:
        return [int(idx[0]), int(idx[-1])] if z.size else [], []
    d = np.sign(np.diff(z))
    # interior turning points, found at once (not sample by sample): a peak where the series
    # rises into it and falls out of it, a nadir the other way round
    inner = idx[1:-1]
    peaks = inner[(d[:-1] > 0) & (d[1:] < 0)].tolist()
    nadirs = ([int(idx[0])] if d[0] > 0 else []) + inner[(d[:-1] < 0) & (d[1:] > 0)].tolist()
    if not nadirs or (peaks and nadirs[0] > peaks[0]):
        nadirs.insert(0, 0)
    # the series' last sample closes the last peak (a pulse still falling at the end)
    if peaks and (len(nadirs) == len(peaks)):
        nadirs.append(int(y.size - 1))
    return nadirs, peaks


def _merge_insignificant(y: np.ndarray, nadirs: list[int], peaks: list[int], sd_sq: np.ndarray,
                         n_sd: float) -> tuple[list[int], list[int]]:
    """Step 4 of the algorithm: merge the least significant peak until every peak passes.

    ``nadirs`` and ``peaks`` are :func:`_turning_points`'s (``len(nadirs) == len(peaks) + 1``),
    ``sd_sq`` the squared assay SD of every sample. Returns the nadirs and peaks that remain.

    Merging a peak changes the score of one neighbour only (the peak that inherits the kept
    nadir), so the scores sit in a heap, ordered by (score, position): the least significant
    peak, the earliest of equal ones, as ``np.argmin`` over all scores would pick, at
    O(log n) a merge instead of every score recomputed. Each score is the same floating-point
    expression as in the vectorised form: ``min(rise, fall)`` with
    ``rise = (y_peak - y_nadir) / sqrt(sd_sq[peak] + sd_sq[nadir])``.
    """
    yv, sq = y.tolist(), sd_sq.tolist()
    sqrt = math.sqrt
    m = len(peaks)
    before, after = nadirs[:-1], nadirs[1:]       # each peak's flanking nadirs (sample indices)
    prev_peak, next_peak = list(range(-1, m - 1)), list(range(1, m + 1))   # linked list
    alive, version = [True] * m, [0] * m

    def score(j: int) -> float:
        p, b, a = peaks[j], before[j], after[j]
        rise = (yv[p] - yv[b]) / sqrt(sq[p] + sq[b])
        fall = (yv[p] - yv[a]) / sqrt(sq[p] + sq[a])
        return rise if rise < fall else fall

    heap = [(score(j), j, 0) for j in range(m)]
    heapq.heapify(heap)
    while heap:
        worst_score, j, v = heapq.heappop(heap)
        if not alive[j] or v != version[j]:
            continue                              # a merged peak, or a score since replaced
        if worst_score >= n_sd:
            break
        # drop the peak and the higher of its two nadirs (the lower one stays as the valley)
        alive[j] = False
        left, right = prev_peak[j], next_peak[j]
        if right < m:
            prev_peak[right] = left
        if left >= 0:
            next_peak[left] = right
        if yv[before[j]] > yv[after[j]]:          # the left neighbour's fall ends lower now
            changed, valley = left, after[j]
            if changed >= 0:
                after[changed] = after[j]
        else:                                     # the right neighbour rises from lower now
            changed, valley = (right if right < m else -1), before[j]
            if changed >= 0:
                before[changed] = before[j]
        if changed >= 0:
            version[changed] += 1
            heapq.heappush(heap, (score(changed), changed, version[changed]))
    kept = [j for j in range(m) if alive[j]]
    if not kept:                                  # every peak merged: one valley is left
        return [valley], []
    return [before[j] for j in kept] + [after[kept[-1]]], [peaks[j] for j in kept]


def detect_pulses(times_h, values, *, assay_cv: float = 0.08, assay_sd_floor: float = 0.02,
                  n_sd: float = 3.0, sample_every_h: float | None = None) -> PulseAnalysis:
    """Find pulses in a hormone series (simulated or measured) and measure each one.

    Parameters
    ----------
    times_h : array_like
        Sample times (h), strictly increasing, at least 3.
    values : array_like
        Concentrations (any unit, e.g. GH in ng/mL), finite and non-negative.
    assay_cv : float
        Coefficient of variation of the assay, 0 to 1 (default 0.08, a typical intra-assay CV).
    assay_sd_floor : float
        Smallest assay SD, in the unit of ``values`` (default 0.02: noise near the detection
        limit of a sensitive GH assay in ng/mL). Must be > 0 if ``assay_cv`` is 0.
    n_sd : float
        How many assay SDs both the rise and the fall of a peak must exceed (default 3), > 0.
    sample_every_h : float, optional
        Analyse only samples this far apart (h), like a study drawing blood every 10 min
        (``10/60``); by default every sample is used.

    Returns
    -------
    PulseAnalysis
        Pulses and their summary (``.summary()``), see the module docstring for the method.

    Examples
    --------
    >>> import numpy as np
    >>> t = np.arange(0, 24, 1 / 60)
    >>> gh = 0.2 + sum(5 * np.exp(-(t - t0) / 0.3) * (t >= t0) for t0 in (2, 6, 10, 14, 18, 22))
    >>> detect_pulses(t, gh).count
    6
    """
    t, y = _check_series(times_h, values)
    assay_cv = check_number("assay_cv", assay_cv, low=0.0, high=1.0)
    assay_sd_floor = check_number("assay_sd_floor", assay_sd_floor, low=0.0)
    if assay_cv == 0 and assay_sd_floor == 0:
        raise ValueError("assay_cv and assay_sd_floor cannot both be 0: every assay has an error")
    n_sd = check_number("n_sd", n_sd, low=0.0, low_inclusive=False, high=100.0)
    if sample_every_h is not None:
        step = check_number("sample_every_h", sample_every_h, low=0.0, low_inclusive=False,
                            unit="h")
        grid = np.arange(t[0], t[-1] + 1e-9, step)
        pick = np.unique(np.clip(np.searchsorted(t, grid - 1e-9), 0, t.size - 1))
        t, y = t[pick], y[pick]
        if t.size < 3:
            raise ValueError(f"sample_every_h = {sample_every_h} leaves fewer than 3 samples")

    def sd(v):
        return np.sqrt((assay_cv * v) ** 2 + assay_sd_floor ** 2)

    nadirs, peaks = _turning_points(y)
    if peaks:   # merge the least significant peak until all pass
        nadirs, peaks = _merge_insignificant(y, nadirs, peaks, sd(y) ** 2, n_sd)

    peak_idx = np.array(peaks, dtype=int)
    nad = np.array(nadirs, dtype=int)
    masses, amplitudes = [], []
    for i, pk in enumerate(peak_idx):
        a, b = nad[i], nad[i + 1]
        seg_t, seg_y = t[a:b + 1], y[a:b + 1]
        line = np.interp(seg_t, [t[a], t[b]], [y[a], y[b]])
        masses.append(float(np.trapezoid(np.maximum(seg_y - line, 0.0), seg_t)))
        amplitudes.append(float(y[pk] - y[a]))
    empty = np.array([], dtype=float)
    return PulseAnalysis(
        times_h=t, values=y,
        peak_times_h=t[peak_idx] if peak_idx.size else empty,
        peak_values=y[peak_idx] if peak_idx.size else empty,
        amplitudes=np.array(amplitudes, dtype=float),
        masses=np.array(masses, dtype=float),
        start_times_h=t[nad[:-1]] if peak_idx.size else empty,
        end_times_h=t[nad[1:]] if peak_idx.size else empty,
        nadir_values=y[nad[:-1]] if peak_idx.size else empty)


def pulse_analysis(res, output: str = "gh", subject: int | None = None, *,
                   start_h: float = 0.0, stop_h: float | None = None, **options) -> PulseAnalysis:
    """:func:`detect_pulses` on one output of a simulation result.

    Parameters
    ----------
    res : Result
        From :func:`hormonesim.simulate`.
    output : str
        Output name (default ``"gh"``).
    subject : int, optional
        Subject index for a cohort result.
    start_h, stop_h : float
        Window to analyse (h), e.g. skip the first hours while the model settles.
    **options
        Passed to :func:`detect_pulses` (``assay_cv``, ``n_sd``, ``sample_every_h``, ...).
    """
    if res.is_cohort:
        if subject is None:
            raise ValueError("res is a cohort result; give subject=i to analyse one subject")
        res = res.subject(subject)
    values = res[output]
    start_h = check_number("start_h", start_h, low=0.0, unit="h")
    stop = res.t_hours[-1] if stop_h is None else check_number("stop_h", stop_h, low=start_h,
                                                               low_inclusive=False, unit="h")
    window = (res.t_hours >= start_h) & (res.t_hours <= stop)
    return detect_pulses(res.t_hours[window], values[window], **options)


@functools.lru_cache(maxsize=32)
def _gh_untreated_day(age: float, seed: int):
    """The untreated 24 h of ``GHAxis(age)`` with ``seed`` (cached: compared against often)."""
    from .engine import simulate
    from .models.gh_axis import GHAxis
    return simulate(GHAxis(age=age), None, duration="24h", seed=seed)


def gh_increment_after_dose(plan_start_h: float, drug: str = "ipamorelin",
                            amount_ug: float = 100.0, seeds: Sequence[int] = (0, 1, 2, 3, 4),
                            age: float = 40.0, window_h: float = 3.0) -> float:
    """Extra GH a single subcutaneous peptide dose releases, over the same men untreated.

    Each virtual man (one per seed) is simulated for 24 h from 08:00 with one dose and without
    it; the difference of the two GH curves is integrated over the ``window_h`` hours after the
    dose and averaged over the men (ng/mL x h). Used in chapter 8 to ask whether the time of day
    changes what a dose adds.

    Parameters
    ----------
    plan_start_h : float
        Time of the dose, hours after 08:00 (0 to 24 - ``window_h``).
    drug : str
        A drug acting on the GH axis, e.g. ``"ipamorelin"`` or ``"sermorelin"``.
    amount_ug : float
        Dose (ug), more than 0.
    seeds : sequence of int
        One virtual man per seed (the same men with and without the dose).
    age : float
        Age of the men (years).
    window_h : float
        Hours after the dose over which the extra GH is integrated (more than 0).

    Returns
    -------
    float
        Mean extra GH, ng/mL x h (a negative value means less GH than untreated).
    """
    from .engine import simulate
    from .models.gh_axis import GHAxis
    from .regimen import dose

    window_h = check_number("window_h", window_h, low=0.0, low_inclusive=False, high=24.0,
                            unit="h")
    plan_start_h = check_number("plan_start_h", plan_start_h, low=0.0, high=24.0 - window_h,
                                unit="h")
    seeds = [check_int("seeds", s, low=0) for s in seeds]
    if not seeds:
        raise ValueError("seeds is empty; give at least one seed (one virtual man each)")
    model = GHAxis(age=age)
    plan = dose(drug, amount_ug, "ug", start=plan_start_h)
    extra = []
    for seed in seeds:
        treated = simulate(model, plan, duration="24h", seed=seed)
        untreated = _gh_untreated_day(float(model.age), seed)
        t = treated.t_hours
        w = (t >= plan_start_h) & (t <= plan_start_h + window_h)
        extra.append(np.trapezoid(treated["gh"][w] - untreated["gh"][w], t[w]))
    return float(np.mean(extra))


__all__ = ["PulseAnalysis", "detect_pulses", "gh_increment_after_dose", "pulse_analysis"]
