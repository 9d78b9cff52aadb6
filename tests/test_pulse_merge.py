"""detect_pulses merges insignificant peaks through a heap (pulses._merge_insignificant); these
tests hold it to the straightforward form it replaced, which recomputed every score and took
np.argmin after each merge: the same pulses, bit for bit, ties and plateaus included."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings, strategies as st

import hormonesim as hs
from hormonesim import pulses


def _merge_by_argmin(y, nadirs, peaks, sd, n_sd):
    """The list form of step 4 (the version before the heap), kept here as the reference."""
    nadirs, peaks = list(nadirs), list(peaks)
    while peaks:
        n = np.array(nadirs)
        p = np.array(peaks)
        yp, yb, ya = y[p], y[n[:-1]], y[n[1:]]
        rise = (yp - yb) / np.sqrt(sd(yp) ** 2 + sd(yb) ** 2)
        fall = (yp - ya) / np.sqrt(sd(yp) ** 2 + sd(ya) ** 2)
        score = np.minimum(rise, fall)
        worst = int(np.argmin(score))
        if score[worst] >= n_sd:
            break
        drop_nadir = worst if y[nadirs[worst]] > y[nadirs[worst + 1]] else worst + 1
        del peaks[worst]
        del nadirs[drop_nadir]
    return nadirs, peaks


def _check(y, assay_cv=0.08, assay_sd_floor=0.02, n_sd=3.0):
    y = np.asarray(y, float)

    def sd(v):
        return np.sqrt((assay_cv * v) ** 2 + assay_sd_floor ** 2)

    nadirs, peaks = pulses._turning_points(y)
    if not peaks:
        return
    got = pulses._merge_insignificant(y, nadirs, peaks, sd(y) ** 2, n_sd)
    want = _merge_by_argmin(y, nadirs, peaks, sd, n_sd)
    assert got == want


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.integers(0, 6), min_size=3, max_size=120),
       n_sd=st.sampled_from([0.5, 1.0, 3.0, 8.0]))
def test_heap_merge_equals_argmin_merge_with_ties_and_plateaus(values, n_sd):
    """Small integers make equal values, plateaus and equal scores (argmin's first wins)."""
    _check(values, n_sd=n_sd)
    _check(values, assay_cv=0.0, assay_sd_floor=0.4, n_sd=n_sd)


def test_equal_scores_merge_the_earlier_peak_first():
    """Two peaks of equal score: the earlier is merged (np.argmin's first), so the later one,
    which then rises from the lower valley, is the pulse that remains."""
    y = np.array([0.0, 2.0, 1.0, 2.0, 0.0])
    _check(y, assay_cv=0.0, assay_sd_floor=0.4, n_sd=3.0)
    pa = hs.detect_pulses(np.arange(5.0), y, assay_cv=0.0, assay_sd_floor=0.4, n_sd=3.0)
    assert pa.peak_times_h.tolist() == [3.0]


def test_heap_merge_equals_argmin_merge_on_simulated_gh():
    res = hs.simulate(hs.GHAxis(age=35), hs.dose("sermorelin", 300, "ug", start=14.0),
                      duration="24h", seed=2)
    for output in ("gh", "ghrh", "somatostatin"):
        for n_sd in (1.0, 3.0):
            _check(res[output], n_sd=n_sd)
    rng = np.random.default_rng(0)
    _check(np.abs(np.cumsum(rng.standard_normal(2000))), n_sd=2.0)
