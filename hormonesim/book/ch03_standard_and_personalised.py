"""Chapter 3 explorers and figures: standard and personalised protocols.

Shown in ``chapters/fundamentals/03_standard_and_personalised.ipynb``.

* :func:`standard_dose_explorer` - One weekly testosterone dose across 150 virtual men;
  :func:`standard_dose_summary` gives the numbers its "What you should see" quotes.
* :func:`titration_explorer` - Fixed dose vs titration to labs: schedule and assay noise;
  :func:`titration_summary` likewise.
* ``figure_*`` - the chapter's figures, each returned with alt text written from the data it shows
  (the chapter's code cells keep only the models, regimens and cohorts).

Each explorer is an :class:`~hormonesim.book.explorer.Explorer`: ``compute`` calls the core,
``draw`` redraws the one figure, ``describe`` writes its alt text from the data it shows.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import dose, simulate, titrated
from ..result import Result
from ..trial import fraction_in_range
from . import plots
from .cache import male_cohort
from .explorer import Explorer, Slider, register

#: the chapter's teaching target for total testosterone on treatment (ng/dL)
TARGET = (450.0, 700.0)
#: the harmonised reference range for total testosterone in men 19-39 (ng/dL) [travison2017]
REFERENCE = (264.0, 916.0)


def _mid_interval_last_week(res, name: str) -> np.ndarray:
    """Each subject's level at the middle of the last 7-day dosing interval."""
    t_mid = res.t_hours[-1] - 84.0
    k = int(np.argmin(np.abs(res.t_hours - t_mid)))
    return np.atleast_2d(res[name])[:, k]


def level_at(res: Result, hour: float, name: str = "testosterone") -> np.ndarray:
    """Each subject's ``name`` at the recorded time nearest ``hour`` (h)."""
    k = int(np.argmin(np.abs(res.t_hours - hour)))
    return np.atleast_2d(res[name])[:, k]


# ----------------------------------------------------------------------------------------------
# figures
# ----------------------------------------------------------------------------------------------
def figure_reference_histogram(at_8am: np.ndarray, who: str) -> plots.StaticFigure:
    """Histogram of one morning testosterone per virtual man against the reference range."""
    inside = np.mean((at_8am >= REFERENCE[0]) & (at_8am <= REFERENCE[1]))
    fig, ax = plots.figure(width=6.5, height=3.2)
    ax.axvspan(*REFERENCE, color=plots.BAND_COLOR, alpha=0.2, lw=0,
               label=f"reference range {REFERENCE[0]:.0f}-{REFERENCE[1]:.0f} ng/dL")
    ax.hist(at_8am, bins=np.linspace(0, 1400, 36), color=plots.PALETTE["blue"], alpha=0.8,
            label=f"{len(at_8am)} virtual men")
    ax.set_xlabel("Total testosterone at 08:00 (ng/dL)")
    ax.set_ylabel("Men")
    plots.legend(ax, loc="upper right")
    return plots.show(fig, alt=f"Histogram of 08:00 total testosterone in {len(at_8am)} untreated "
                      f"virtual men, {who}. Levels span {np.percentile(at_8am, 2.5):.0f} to "
                      f"{np.percentile(at_8am, 97.5):.0f} ng/dL between the 2.5th and 97.5th "
                      f"percentiles, median {np.median(at_8am):.0f} ng/dL; {inside * 100:.0f}% lie "
                      f"inside the shaded reference range of {REFERENCE[0]:.0f}-{REFERENCE[1]:.0f} "
                      f"ng/dL.")


def figure_individuals(res: Result, cohort, picks) -> plots.StaticFigure:
    """A cohort's 5th-95th percentile band over time with a few individual subjects."""
    fig, ax = plots.figure(width=6.5, height=3.2)
    plots.cohort_band(ax, res, "testosterone", color=plots.PALETTE["black"],
                      label_text="cohort median")
    colors = (plots.PALETTE["vermillion"], plots.PALETTE["green"], plots.PALETTE["blue"])
    ranges = []
    for i, color in zip(picks, colors):
        t = res["testosterone"][i]
        ax.plot(res.t_days, t, color=color,
                label=f"man {i}: clearance x{cohort[i].t_clearance_scale:.2f}, "
                      f"Leydig x{cohort[i].leydig_scale:.2f}")
        ranges.append(f"man {i} between {t.min():.0f} and {t.max():.0f} ng/dL")
    ax.set_ylim(0, 1300)
    plots.legend(ax, loc="upper right", fontsize=7)
    return plots.show(fig, alt=f"Line chart of total testosterone over {res.t_days[-1]:.0f} days: a "
                      f"grey band for the 5th-95th percentile of {len(cohort)} virtual men and "
                      f"{len(picks)} individual men, each following his own daily rhythm around his "
                      f"own level: " + ", ".join(ranges) + f"; the band spans about "
                      f"{np.percentile(res['testosterone'], 5):.0f} to "
                      f"{np.percentile(res['testosterone'], 95):.0f} ng/dL.")


def figure_cycle(res: Result, skip_days: float = 3.0) -> plots.StaticFigure:
    """Estradiol and progesterone of one virtual woman over a menstrual cycle."""
    late = res.t_days >= skip_days
    fig, ax = plots.figure(width=6.5, height=3.2)
    ax.plot(res.t_days[late], res["estradiol"][late], color=plots.HORMONE_COLORS["estradiol"],
            label="estradiol (pg/mL)")
    ax.set_xlabel("Time (days)")
    ax.set_ylabel("Estradiol (pg/mL)")
    ax.set_ylim(bottom=0)
    ax2 = ax.twinx()
    ax2.plot(res.t_days[late], res["progesterone"][late], color=plots.PALETTE["purple"], ls="--",
             label="progesterone (ng/mL)")
    ax2.set_ylabel("Progesterone (ng/mL)")
    ax2.set_ylim(bottom=0)
    ax2.spines["right"].set_visible(True)
    lines = ax.get_legend_handles_labels()
    lines2 = ax2.get_legend_handles_labels()
    ax.legend(lines[0] + lines2[0], lines[1] + lines2[1], frameon=False, loc="upper right")
    e2, p4, days = res["estradiol"][late], res["progesterone"][late], res.t_days[late]
    return plots.show(fig, alt=f"Line chart of one virtual woman's estradiol (solid, left axis) and "
                      f"progesterone (dashed, right axis) from day {skip_days:g} to day "
                      f"{days[-1]:.0f}. Estradiol ranges from {e2.min():.0f} to {e2.max():.0f} "
                      f"pg/mL, peaking on day {days[int(np.argmax(e2))]:.1f}; progesterone stays "
                      f"below 1 ng/mL until after the estradiol peak and then rises to "
                      f"{p4.max():.1f} ng/mL on day {days[int(np.argmax(p4))]:.1f}.")


def figure_fixed_dose(res: Result, weeks: float, target=TARGET) -> plots.StaticFigure:
    """Testosterone of a treated cohort over the first ``weeks`` weeks: band, median, 15 men."""
    fig, ax = plots.figure(width=6.5, height=3.2)
    plots.band(ax, *target, f"target {target[0]:.0f}-{target[1]:.0f} ng/dL")
    plots.cohort_band(ax, res, "testosterone", time_unit="weeks", show_subjects=15)
    ax.set_xlim(0, weeks)
    plots.legend(ax, loc="upper left", fontsize=8)
    mid = level_at(res, weeks * 168 - 84)
    inside = np.mean((mid >= target[0]) & (mid <= target[1])) * 100
    return plots.show(fig, alt=f"Total testosterone over {weeks:g} weeks in {len(mid)} virtual men "
                      f"on one weekly dose: a median line, a 5th-95th percentile band and 15 "
                      f"individual men, each rising and falling with every injection. At the last "
                      f"mid-interval the median is {np.median(mid):.0f} ng/dL; the middle 90% span "
                      f"{np.percentile(mid, 5):.0f} to {np.percentile(mid, 95):.0f} ng/dL, and "
                      f"{inside:.0f}% of men fall inside the {target[0]:.0f}-{target[1]:.0f} ng/dL "
                      f"target band.")


def figure_in_range(arms: dict, target=TARGET, check_every_w: float = 6) -> plots.StaticFigure:
    """Share of each arm's subjects whose daily mean lies in ``target``, over time."""
    fig, ax = plots.figure(width=6.5, height=3.2)
    curves = plots.fraction_in_range_plot(ax, arms, target=target)
    plots.legend(ax, loc="lower right")
    ends = "; ".join(f"{name}: {curve[1][-7:].mean() * 100:.0f}% in the last week"
                     for name, curve in curves.items())
    n = next(iter(arms.values())).n_subjects
    weeks = next(iter(arms.values())).t_hours[-1] / 168
    return plots.show(fig, alt=f"Line chart over {weeks:.0f} weeks of the share of {n} virtual men "
                      f"whose daily mean testosterone lies in {target[0]:.0f}-{target[1]:.0f} "
                      f"ng/dL, one line per arm; the titrated arm climbs in steps after each "
                      f"{check_every_w:g}-weekly lab check. " + ends + ".")


def figure_trial(summaries: dict) -> plots.StaticFigure:
    """Distributions of time in target, peaks and lowest estradiol, two arms side by side."""
    fig, axes = plots.trial_distributions(summaries)
    (n_fix, s_fix), (n_tit, s_tit) = summaries.items()
    return plots.show(fig, alt=f"Three histograms comparing the {n_fix} and {n_tit} arms. Time in "
                      f"the target: median {np.median(s_fix.time_in_range) * 100:.0f}% vs "
                      f"{np.median(s_tit.time_in_range) * 100:.0f}%. Peak testosterone: "
                      f"{s_fix.supraphysiologic.mean() * 100:.0f}% vs "
                      f"{s_tit.supraphysiologic.mean() * 100:.0f}% of men above "
                      f"{REFERENCE[1]:.0f} ng/dL (dashed line). Lowest estradiol below the 10 pg/mL "
                      f"over-suppression line (dashed): {s_fix.e2_low.mean() * 100:.0f}% vs "
                      f"{s_tit.e2_low.mean() * 100:.0f}% of men.")


def figure_final_dose(res: Result, drug: str, start_mg: float) -> plots.StaticFigure:
    """Histogram of each subject's final dose after titration."""
    fig, ax = plots.figure(width=6.0, height=3.0)
    final = plots.dose_histogram(ax, res, drug)
    return plots.show(fig, alt=f"Bar chart of each virtual man's final weekly dose after "
                      f"{res.t_hours[-1] / 168:.0f} weeks of titration, all starting at "
                      f"{start_mg:g} mg: doses range from {final.min():.0f} to {final.max():.0f} "
                      f"mg, {np.mean(final == start_mg) * 100:.0f}% still on {start_mg:g} mg, "
                      f"{np.mean(final < start_mg) * 100:.0f}% lower and "
                      f"{np.mean(final > start_mg) * 100:.0f}% higher.")


def figure_panel(flags: np.ndarray, exact: np.ndarray, n_tests: int,
                 shown: int = 7) -> plots.StaticFigure:
    """Bar chart of out-of-range results per healthy person, with the binomial prediction."""
    n_people = len(flags)
    k = np.arange(shown)
    observed = np.bincount(flags, minlength=n_tests + 1)[k] / n_people * 100
    fig, ax = plots.figure(width=6.5, height=3.2)
    ax.bar(k, observed, color=plots.PALETTE["blue"], alpha=0.8,
           label=f"{n_people:,} simulated healthy people")
    ax.plot(k, exact[k] * 100, "o", color=plots.PALETTE["vermillion"],
            label=f"exact: binomial, {n_tests} tests at 5%")
    ax.set_xticks(k)
    ax.set_xlabel(f"Out-of-range results among {n_tests} tests")
    ax.set_ylabel("People (%)")
    plots.legend(ax, loc="upper right")
    return plots.show(fig, alt=f"Bar chart of how many of {n_tests} independent tests fall outside "
                      f"their 95% reference range in {n_people:,} simulated healthy people: "
                      f"{observed[0]:.0f}% have none, {observed[1]:.0f}% one, {observed[2]:.0f}% "
                      f"two and {observed[3]:.0f}% three; red dots (the binomial formula) sit on the "
                      f"bars. {np.mean(flags >= 1) * 100:.0f}% of these healthy people have at "
                      f"least one flag.")


# ----------------------------------------------------------------------------------------------
# explorers
# ----------------------------------------------------------------------------------------------
#: weeks the standard-dose explorer simulates: more than four half-lives (5 days) of the
#: cypionate depot's slow release, so the last week is at its steady pattern (chapter 1's rule)
STANDARD_DOSE_WEEKS = 4


@lru_cache(maxsize=16)
def _standard_dose_run(dose_mg: float, bmi_mean: float) -> dict:
    cohort = male_cohort(150, 50.0, float(bmi_mean))
    res = simulate(cohort, dose("testosterone_cypionate", dose_mg, "mg", every="7d"),
                   duration=f"{STANDARD_DOSE_WEEKS}w", record_every="12h")
    return {"t": _mid_interval_last_week(res, "testosterone")}


def standard_dose_summary(dose_mg: float = 100.0, bmi_mean: float = 28.0) -> dict[str, float]:
    """The numbers the standard-dose explorer shows at one setting.

    Returns
    -------
    dict
        ``median``, ``p5``, ``p95`` (ng/dL) and the shares (fractions) ``in_target``,
        ``below_range`` and ``above_range`` of mid-interval total testosterone in the last week.
    """
    t = _standard_dose_run(float(dose_mg), float(bmi_mean))["t"]
    return {"median": float(np.median(t)), "p5": float(np.percentile(t, 5)),
            "p95": float(np.percentile(t, 95)),
            "in_target": float(np.mean((t >= TARGET[0]) & (t <= TARGET[1]))),
            "below_range": float(np.mean(t < REFERENCE[0])),
            "above_range": float(np.mean(t > REFERENCE[1]))}


@register
def standard_dose_explorer() -> Explorer:
    """One weekly testosterone dose across 150 virtual men (chapter 3)."""

    def compute(dose_mg, bmi_mean):
        return _standard_dose_run(float(dose_mg), float(bmi_mean))

    def draw(fig, data, values):
        ax = fig.axes[0]
        t = data["t"]
        ax.axvspan(*REFERENCE, color=plots.BAND_COLOR, alpha=0.15, lw=0,
                   label=f"reference range {REFERENCE[0]:.0f}-{REFERENCE[1]:.0f} ng/dL")
        ax.axvspan(*TARGET, color=plots.PALETTE["green"], alpha=0.15, lw=0,
                   label=f"target {TARGET[0]:.0f}-{TARGET[1]:.0f} ng/dL")
        plots.histogram(ax, t, np.linspace(0, 2000, 41), plots.PALETTE["blue"],
                        label_text="virtual men")
        ax.set_xlim(0, 2000)
        ax.set_xlabel(f"Mid-interval total testosterone in week {STANDARD_DOSE_WEEKS} (ng/dL)")
        ax.set_ylabel("Men (of 150)")
        ax.set_title(f"{values['dose_mg']:g} mg cypionate weekly, mean BMI {values['bmi_mean']:g}")
        plots.legend(ax, loc="upper right", fontsize=8)

    def describe(data, values):
        t = data["t"]
        inside = np.mean((t >= TARGET[0]) & (t <= TARGET[1])) * 100
        return (f"Histogram of mid-interval total testosterone after {STANDARD_DOSE_WEEKS} weeks "
                f"of {values['dose_mg']:g} mg testosterone cypionate weekly in 150 virtual men with "
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


@lru_cache(maxsize=16)
def _titration_run(check_every_w: float, assay_cv: float) -> dict:
    cohort = male_cohort(80, 50.0, 28.0)
    plan = titrated("testosterone_cypionate", start=100, unit="mg", every="7d",
                    target=TARGET, check_every=f"{check_every_w:g}w", assay_cv=assay_cv)
    tit = simulate(cohort, plan, duration="18w", record_every="12h")
    changes = sum(int(c.changed.sum()) for c in tit.doses.changes) / len(cohort)
    return {"fixed 100 mg weekly": _fixed_in_range_cached(TARGET),
            "titrated": fraction_in_range(tit, "testosterone", TARGET, daily=True),
            "changes": changes}


def titration_summary(check_every_w: float = 6.0, assay_cv: float = 0.1,
                      reach: float = 0.7) -> dict[str, float]:
    """The numbers the titration explorer shows at one setting.

    Returns
    -------
    dict
        ``fixed_end`` and ``titrated_end`` (share in target over the last week, fractions),
        ``changes`` (dose changes per man) and ``weeks_to_reach`` (first week the titrated arm's
        daily share reaches ``reach``; ``nan`` if it never does).
    """
    data = _titration_run(float(check_every_w), float(assay_cv))
    t_fix, fixed = data["fixed 100 mg weekly"]
    t_tit, tit = data["titrated"]
    hit = np.nonzero(tit >= reach)[0]
    return {"fixed_end": float(fixed[-7:].mean()), "titrated_end": float(tit[-7:].mean()),
            "changes": float(data["changes"]),
            "weeks_to_reach": float(t_tit[hit[0]] / 7) if hit.size else float("nan")}


@register
def titration_explorer() -> Explorer:
    """Fixed dose vs titration to labs: schedule and assay noise (chapter 3)."""

    def compute(check_every_w, assay_cv):
        return _titration_run(float(check_every_w), float(assay_cv))

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
