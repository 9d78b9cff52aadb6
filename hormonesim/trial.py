"""Virtual-trial summaries: what a protocol did to each subject of a cohort.

A virtual trial here is two or more cohort simulations of the *same* subjects under different
plans (a fixed dose, a titrated dose, with or without an aromatase inhibitor). The functions below
turn each :class:`~hormonesim.result.Result` into the numbers a trial report would show:

* :func:`fraction_in_range` - the share of subjects whose level lies in a target range, over time;
* :func:`trial_summary` (old name ``summarize``) - per subject: time in range, peak level and
  whether it is supraphysiologic, estradiol excursions above the male reference interval and below an over-suppression threshold,
  the number of lab draws and dose changes, the final dose; and population figures from them;
* :func:`dose_history` and :func:`lab_draws` - each subject's doses and each draw.

Default thresholds, each with its source: the testosterone reference interval 264-916 ng/dL
[travison2017] (above 916 = supraphysiologic here); the male estradiol interval 3.3-37 pg/mL by
LC-MS/MS [verdonk2019] (above 37 = high); over-suppressed estradiol below 10 pg/mL, a *teaching*
threshold: men whose estradiol an aromatase inhibitor lowered to about 12 pg/mL lost spine bone
density over a year [burnett_bowie2009], and estrogen deficiency raised body fat and lowered
sexual desire in men whose estradiol was suppressed experimentally [finkelstein2013].
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import check_number
from .result import Result
from .units import parse_duration

__all__ = ["fraction_in_range", "trial_summary", "summarize", "TrialSummary", "dose_history",
           "lab_draws", "compare", "T_SUPRA_NG_DL", "E2_HIGH_PG_ML", "E2_LOW_PG_ML"]

#: upper limit of the harmonised male testosterone reference interval (ng/dL) [travison2017]
T_SUPRA_NG_DL = 916.0
#: upper limit of the male estradiol LC-MS/MS reference interval (pg/mL) [verdonk2019]
E2_HIGH_PG_ML = 37.0
#: teaching threshold of over-suppressed estradiol (pg/mL) [burnett_bowie2009][finkelstein2013]
E2_LOW_PG_ML = 10.0


def _check_result(res) -> Result:
    if not isinstance(res, Result):
        raise TypeError(f"expected a Result from hs.simulate, got {type(res).__name__}")
    return res


def _values(res: Result, name: str) -> np.ndarray:
    res.check(name)
    return np.atleast_2d(res[name])


def _target(target) -> tuple[float, float]:
    if not isinstance(target, (tuple, list)) or len(target) != 2:
        raise ValueError(f"target must be (low, high), got {target!r}")
    lo = check_number("target low", target[0], low=0.0)
    hi = check_number("target high", target[1], low=0.0)
    if not lo < hi:
        raise ValueError(f"target = {tuple(target)!r}: low must be below high")
    return lo, hi


def fraction_in_range(res: Result, measure: str = "testosterone", target=(450.0, 700.0),
                      daily: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Share of subjects with ``measure`` inside ``target`` at each time.

    Parameters
    ----------
    res : Result
        A cohort (or single-subject) result.
    measure : str
        Output name.
    target : (low, high)
        Range in the output's unit (e.g. ng/dL).
    daily : bool
        Use each subject's daily mean instead of every recorded sample.

    Returns
    -------
    t_days, fraction : ndarray
        Times (days; the start of each day if ``daily``) and fractions (0 to 1).
    """
    res = _check_result(res)
    lo, hi = _target(target)
    if daily:
        days, means = res.daily_mean(res.check(measure))
        values, t = np.atleast_2d(means), days.astype(float)
    else:
        values, t = _values(res, measure), res.t_days
    return t, np.mean((values >= lo) & (values <= hi), axis=0)


def dose_history(res: Result, drug: str) -> tuple[np.ndarray, np.ndarray]:
    """Each dose of ``drug`` given: times (days) and amounts per subject (n_subjects, n_doses).

    Amounts are in the drug's canonical unit (mg or IU of product); a subject's zero means the
    protocol gave that subject no dose at that time.
    """
    res = _check_result(res)
    rows = [(t, a) for t, d, a in res.doses if d == drug]
    if not rows:
        given = sorted({d for _, d, _ in res.doses})
        raise ValueError(f"no doses of {drug!r} in this result; drugs given: "
                         f"{', '.join(given) or 'none'}")
    t = np.array([r[0] for r in rows]) / 24.0
    amounts = np.stack([np.broadcast_to(r[1], (res.n_subjects,)) for r in rows], axis=1)
    return t, amounts


def lab_draws(res: Result) -> list:
    """The lab draws of a titrated protocol (list of :class:`~hormonesim.titration.LabDraw`);
    empty for fixed regimens."""
    return list(getattr(_check_result(res).doses, "labs", []))


def _changes(res: Result) -> list:
    return list(getattr(res.doses, "changes", []))


@dataclass(frozen=True)
class TrialSummary:
    """Per-subject outcomes of one arm of a virtual trial (arrays of length n_subjects).

    Attributes
    ----------
    measure : str
    target : (float, float)
    time_in_range : ndarray
        Fraction of samples (after ``after``) with ``measure`` in target.
    in_range_end : ndarray of bool
        In target over the last dosing interval's samples, on average (mean level in range).
    peak : ndarray
        Highest ``measure`` after ``after`` (output unit).
    supraphysiologic : ndarray of bool
        ``peak`` above ``supra`` (default the upper testosterone reference limit, 916 ng/dL).
    e2_max, e2_min : ndarray or None
        Highest and lowest estradiol (pg/mL), if the model records estradiol.
    e2_high, e2_low : ndarray of bool or None
        Estradiol ever above ``e2_high_threshold`` / below ``e2_low_threshold``.
    e2_low_time : ndarray or None
        Fraction of samples with estradiol below ``e2_low_threshold``.
    n_draws, n_changes : ndarray of int
        Lab draws and dose changes per subject (0 for fixed regimens).
    final_dose : dict of str -> ndarray
        Last dose of each drug given (canonical unit), per subject.
    thresholds : dict
        The thresholds used.
    unit : str
        Unit of ``measure`` (e.g. ng/dL).
    """

    measure: str
    target: tuple
    time_in_range: np.ndarray
    in_range_end: np.ndarray
    peak: np.ndarray
    supraphysiologic: np.ndarray
    e2_max: np.ndarray | None
    e2_min: np.ndarray | None
    e2_high: np.ndarray | None
    e2_low: np.ndarray | None
    e2_low_time: np.ndarray | None
    n_draws: np.ndarray
    n_changes: np.ndarray
    final_dose: dict
    thresholds: dict
    unit: str = ""

    @property
    def n_subjects(self) -> int:
        return int(self.peak.size)

    def table(self) -> list[dict]:
        """The population figures as rows ``{"figure": name, "value": value}``, like every
        ``table()`` of the package (a list of row dicts); :meth:`figures` gives the same as a dict.
        """
        return [{"figure": name, "value": value} for name, value in self.figures().items()]

    def figures(self) -> dict:
        """Population figures by name: shares of subjects (0 to 1), medians and totals."""
        out = {"subjects": self.n_subjects,
               "median time in range": float(np.median(self.time_in_range)),
               "in range at end": float(np.mean(self.in_range_end)),
               "supraphysiologic peak": float(np.mean(self.supraphysiologic)),
               f"median peak {self.measure}": float(np.median(self.peak))}
        if self.e2_high is not None:
            out["E2 ever high"] = float(np.mean(self.e2_high))
            out["E2 ever over-suppressed"] = float(np.mean(self.e2_low))
            out["median lowest E2"] = float(np.median(self.e2_min))
        out["lab draws per subject"] = float(np.mean(self.n_draws))
        out["dose changes per subject"] = float(np.mean(self.n_changes))
        out["subjects with a dose change"] = float(np.mean(self.n_changes > 0))
        return out


def trial_summary(res: Result, measure: str = "testosterone", target=(450.0, 700.0),
                  after: str | float = "0h", supra: float = T_SUPRA_NG_DL,
                  e2_high: float = E2_HIGH_PG_ML, e2_low: float = E2_LOW_PG_ML,
                  end_window: str | float = "7d") -> TrialSummary:
    """Per-subject outcomes of one trial arm.

    The canonical name; ``hs.summarize`` is the old name of the same function (kept working).
    Not to be confused with :func:`hormonesim.summary_value`, one number from one subject.

    Parameters
    ----------
    res : Result
        Cohort result of one protocol.
    measure : str
        The level the protocol aims at (``"testosterone"``).
    target : (low, high)
        Target range (output unit).
    after : str or float
        Ignore samples before this time (e.g. "6w" to skip the approach to steady state).
    supra : float
        Threshold of a supraphysiologic ``measure`` (default 916 ng/dL [travison2017]).
    e2_high, e2_low : float
        Estradiol thresholds (pg/mL): high above 37 [verdonk2019]; over-suppressed below 10
        (teaching threshold, see the module docstring).
    end_window : str or float
        Length of the final window whose mean decides ``in_range_end`` ("7d").

    Returns
    -------
    TrialSummary

    Examples
    --------
    >>> import hormonesim as hs
    >>> cohort = hs.population(hs.MaleHPG(), n=20, seed=1)
    >>> res = hs.simulate(cohort, hs.dose("testosterone_cypionate", 100, "mg", every="7d"),
    ...                   duration="6w")
    >>> s = hs.trial_summary(res, after="3w")
    >>> s.n_subjects, 0 <= s.figures()["in range at end"] <= 1
    (20, True)
    """
    res = _check_result(res)
    lo, hi = _target(target)
    after_h = parse_duration(after, "after")
    if after_h >= res.t_hours[-1]:
        raise ValueError(f"after = {after!r} leaves no samples; the result ends at "
                         f"{res.t_hours[-1]:g} h")
    supra = check_number("supra", supra, low=0.0)
    e2_high = check_number("e2_high", e2_high, low=0.0)
    e2_low = check_number("e2_low", e2_low, low=0.0)
    end_h = parse_duration(end_window, "end_window")
    keep = res.t_hours >= after_h
    values = _values(res, measure)[:, keep]
    inside = (values >= lo) & (values <= hi)
    last = res.t_hours[keep] >= res.t_hours[-1] - end_h
    end_mean = values[:, last].mean(axis=1)
    peak = values.max(axis=1)
    if "estradiol" in res:
        e2 = _values(res, "estradiol")[:, keep]
        e2_max, e2_min = e2.max(axis=1), e2.min(axis=1)
        e2_hi, e2_lo = e2_max > e2_high, e2_min < e2_low
        e2_low_time = np.mean(e2 < e2_low, axis=1)
    else:
        e2_max = e2_min = e2_hi = e2_lo = e2_low_time = None
    n = values.shape[0]
    n_draws = np.zeros(n, int)
    for draw in lab_draws(res):
        n_draws += 1
    n_changes = np.zeros(n, int)
    for change in _changes(res):
        n_changes += change.changed.astype(int)
    final = {}
    for drug in sorted({d for _, d, _ in res.doses}):
        _, amounts = dose_history(res, drug)
        final[drug] = amounts[:, -1].copy()
    return TrialSummary(measure, (lo, hi), inside.mean(axis=1), (end_mean >= lo) & (end_mean <= hi),
                        peak, peak > supra, e2_max, e2_min, e2_hi, e2_lo, e2_low_time, n_draws,
                        n_changes, final, {"supra": supra, "e2_high": e2_high, "e2_low": e2_low,
                                           "after_h": after_h}, res.units[measure])


#: the old name of :func:`trial_summary` (kept so existing code keeps working)
summarize = trial_summary


def compare(arms: dict, **kwargs) -> dict:
    """:meth:`TrialSummary.figures` of each arm: ``{arm name: {figure: value}}``.

    ``arms`` maps a name to a Result; ``kwargs`` go to :func:`trial_summary`.
    """
    if not isinstance(arms, dict) or not arms:
        raise ValueError("arms must be a non-empty dict of name -> Result")
    return {name: trial_summary(res, **kwargs).figures() for name, res in arms.items()}
