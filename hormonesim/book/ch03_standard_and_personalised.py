"""Chapter 3 explorers: standard and personalised protocols.

Shown in ``chapters/fundamentals/03_standard_and_personalised.ipynb``.

* :func:`standard_dose_explorer` - One weekly testosterone dose across 150 virtual men.
* :func:`titration_explorer` - Fixed dose vs titration to labs: schedule and assay noise.

Each is an :class:`~hormonesim.book.explorer.Explorer`: ``compute`` calls the core, ``draw``
redraws the one figure, ``describe`` writes its alt text from the data it shows.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import dose, simulate, titrated
from ..trial import fraction_in_range
from . import plots
from .cache import male_cohort
from .explorer import Explorer, Slider, register


def _mid_interval_last_week(res, name: str) -> np.ndarray:
    """Each subject's level at the middle of the last 7-day dosing interval."""
    t_mid = res.t_hours[-1] - 84.0
    k = int(np.argmin(np.abs(res.t_hours - t_mid)))
    return np.atleast_2d(res[name])[:, k]


@register
def standard_dose_explorer() -> Explorer:
    """One weekly testosterone dose across 150 virtual men (chapter 3)."""

    target = (450.0, 700.0)

    def compute(dose_mg, bmi_mean):
        cohort = male_cohort(150, 50.0, float(bmi_mean))
        res = simulate(cohort, dose("testosterone_cypionate", dose_mg, "mg", every="7d"),
                       duration="6w", record_every="12h")
        return {"t": _mid_interval_last_week(res, "testosterone")}

    def draw(fig, data, values):
        ax = fig.axes[0]
        t = data["t"]
        ax.axvspan(264, 916, color=plots.BAND_COLOR, alpha=0.15, lw=0,
                   label="reference range 264-916 ng/dL")
        ax.axvspan(*target, color=plots.PALETTE["green"], alpha=0.15, lw=0,
                   label="target 450-700 ng/dL")
        ax.hist(t, bins=np.linspace(0, 2000, 41), color=plots.PALETTE["blue"], alpha=0.8,
                label="virtual men")
        ax.set_xlim(0, 2000)
        ax.set_xlabel("Mid-interval total testosterone in week 6 (ng/dL)")
        ax.set_ylabel("Men (of 150)")
        ax.set_title(f"{values['dose_mg']:g} mg cypionate weekly, mean BMI {values['bmi_mean']:g}")
        plots.legend(ax, loc="upper right", fontsize=8)

    def describe(data, values):
        t = data["t"]
        inside = np.mean((t >= target[0]) & (t <= target[1])) * 100
        return (f"Histogram of mid-interval total testosterone after 6 weeks of "
                f"{values['dose_mg']:g} mg testosterone cypionate weekly in 150 virtual men with "
                f"mean BMI {values['bmi_mean']:g}. The median is {np.median(t):.0f} ng/dL and the "
                f"middle 90% span {np.percentile(t, 5):.0f} to {np.percentile(t, 95):.0f} ng/dL; "
                f"{inside:.0f}% fall in the 450-700 ng/dL target, {np.mean(t < 264) * 100:.0f}% "
                f"below 264 and {np.mean(t > 916) * 100:.0f}% above 916 ng/dL.")

    return Explorer(
        "standard_dose_explorer", "One dose, 150 different men",
        "Is there a single weekly dose that puts most of the cohort in the target range?",
        {"dose_mg": Slider("Weekly dose", 25.0, 250.0, 25.0, 100.0, "mg"),
         "bmi_mean": Slider("Mean BMI of the cohort", 22.0, 38.0, 2.0, 28.0, "kg/m^2")},
        compute, draw, describe, static_control="dose_mg", static_points=5)


@lru_cache(maxsize=2)
def _fixed_in_range_cached(target: tuple):
    """Fixed-dose arm of the titration explorer (it does not depend on the controls)."""
    res = simulate(male_cohort(80, 50.0, 28.0),
                   dose("testosterone_cypionate", 100, "mg", every="7d"), duration="18w",
                   record_every="12h")
    return fraction_in_range(res, "testosterone", target, daily=True)


@register
def titration_explorer() -> Explorer:
    """Fixed dose vs titration to labs: schedule and assay noise (chapter 3)."""

    target = (450.0, 700.0)

    def compute(check_every_w, assay_cv):
        cohort = male_cohort(80, 50.0, 28.0)
        plan = titrated("testosterone_cypionate", start=100, unit="mg", every="7d",
                        target=target, check_every=f"{check_every_w:g}w", assay_cv=assay_cv)
        tit = simulate(cohort, plan, duration="18w", record_every="12h")
        changes = sum(int(c.changed.sum()) for c in tit.doses.changes) / len(cohort)
        return {"fixed 100 mg weekly": _fixed_in_range_cached(target),
                "titrated": fraction_in_range(tit, "testosterone", target, daily=True),
                "changes": changes}

    def draw(fig, data, values):
        ax = fig.axes[0]
        for (name, color) in (("fixed 100 mg weekly", plots.PALETTE["vermillion"]),
                              ("titrated", plots.PALETTE["blue"])):
            t, frac = data[name]
            ax.plot(t / 7, frac * 100, color=color, label=name)
        ax.set_ylim(0, 100)
        ax.set_xlabel("Time (weeks)")
        ax.set_ylabel("Men in 450-700 ng/dL (%)")
        ax.set_title(f"Labs every {values['check_every_w']:g} weeks, assay CV "
                     f"{values['assay_cv'] * 100:.0f}%")
        plots.legend(ax, loc="lower right")

    def describe(data, values):
        t, fixed = data["fixed 100 mg weekly"]
        _, tit = data["titrated"]
        return (f"Line chart of the share of 80 virtual men whose daily mean testosterone lies in "
                f"450-700 ng/dL over 18 weeks. On a fixed 100 mg weekly dose it levels off near "
                f"{fixed[-7:].mean() * 100:.0f}%; titrated with labs every "
                f"{values['check_every_w']:g} weeks and an assay CV of "
                f"{values['assay_cv'] * 100:.0f}% it reaches {tit[-7:].mean() * 100:.0f}% in the "
                f"last week, after about {data['changes']:.1f} dose changes per man.")

    return Explorer(
        "titration_explorer", "What titration changes",
        "How much do more frequent labs help, and what does a noisier assay cost?",
        {"check_every_w": Slider("Labs every", 2.0, 12.0, 2.0, 6.0, "weeks"),
         "assay_cv": Slider("Assay CV", 0.0, 0.3, 0.05, 0.1)},
        compute, draw, describe, static_control="check_every_w", static_points=4)
