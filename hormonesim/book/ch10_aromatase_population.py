"""Chapter 10 explorers: aromatase modulation across individuals.

Shown in ``chapters/academic/10_aromatase_population.ipynb``.

* :func:`aromatase_population_explorer` - Estradiol across 150 men on testosterone, with and
  without anastrozole.

Each is an :class:`~hormonesim.book.explorer.Explorer`: ``compute`` calls the core, ``draw``
redraws the one figure, ``describe`` writes its alt text from the data it shows.
"""
from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from .. import dose, simulate
from ..models import MaleHPG
from ..trial import E2_HIGH_PG_ML, E2_LOW_PG_ML
from . import plots
from .cache import male_cohort
from .explorer import Explorer, Slider, register


@register
def aromatase_population_explorer() -> Explorer:
    """Estradiol across 150 men on testosterone, with and without anastrozole (chapter 10)."""

    def compute(anastrozole_mg_week, bmi_mean):
        cohort = male_cohort(150, 50.0, float(bmi_mean))
        plan = dose("testosterone_cypionate", 100, "mg", every="7d")
        if anastrozole_mg_week > 0:
            plan = plan + dose("anastrozole", anastrozole_mg_week / 2, "mg", every="3.5d")
        res = simulate(cohort, plan, duration="6w", record_every="12h")
        last = res.t_hours >= res.t_hours[-1] - 168
        e2 = np.atleast_2d(res["estradiol"])[:, last].mean(axis=1)
        return {"e2": e2, "low": E2_LOW_PG_ML, "high": E2_HIGH_PG_ML}

    def draw(fig, data, values):
        ax = fig.axes[0]
        e2 = data["e2"]
        plots.histogram(ax, e2, np.linspace(0, 80, 41), plots.PALETTE["vermillion"],
                        label_text="virtual men")
        ax.axvline(data["low"], color="0.2", ls="--", lw=1.2,
                   label=f"over-suppressed below {data['low']:g} pg/mL")
        ax.axvline(data["high"], color="0.5", ls=":", lw=1.2,
                   label=f"reference upper limit {data['high']:g} pg/mL")
        ax.set_xlim(0, 80)
        ax.set_xlabel("Mean estradiol in week 6 (pg/mL)")
        ax.set_ylabel("Men (of 150)")
        ax.set_title(f"Cypionate 100 mg weekly + anastrozole {values['anastrozole_mg_week']:g} "
                     f"mg/week, mean BMI {values['bmi_mean']:g}")
        plots.legend(ax, loc="upper right", fontsize=8)

    def describe(data, values):
        e2 = data["e2"]
        return (f"Histogram of mean estradiol in week 6 for 150 virtual men on testosterone "
                f"cypionate 100 mg weekly with anastrozole {values['anastrozole_mg_week']:g} mg "
                f"per week and mean BMI {values['bmi_mean']:g}: median {np.median(e2):.1f} pg/mL, "
                f"middle 90% {np.percentile(e2, 5):.1f} to {np.percentile(e2, 95):.1f} pg/mL; "
                f"{np.mean(e2 < data['low']) * 100:.0f}% are below {data['low']:g} pg/mL "
                f"(over-suppressed) and {np.mean(e2 > data['high']) * 100:.0f}% above "
                f"{data['high']:g} pg/mL.")

    return Explorer(
        "aromatase_population_explorer", "Anastrozole across a population",
        "Which anastrozole dose removes high estradiol without pushing other men below the "
        "over-suppression line?",
        {"anastrozole_mg_week": Slider("Anastrozole per week", 0.0, 3.5, 0.25, 0.0, "mg"),
         "bmi_mean": Slider("Mean BMI of the cohort", 22.0, 38.0, 2.0, 30.0, "kg/m^2")},
        compute, draw, describe, static_control="anastrozole_mg_week", static_points=5)


# ---------------------------------------------------------------------------------------------
# the chapter's static figures: plotting and alt text live here, the model calls in the chapter
# ---------------------------------------------------------------------------------------------
def bmi_figure(bmis, activity, bmi, e2_untreated):
    """Left: aromatase activity against BMI. Right: untreated E2 of a cohort against BMI."""
    fig, axes = plots.figure(1, 2, width=7.5, height=3.1)
    axes[0].plot(bmis, activity, color=plots.PALETTE["vermillion"])
    axes[0].set_xlabel("BMI (kg/m²)")
    axes[0].set_ylabel("Aromatase activity (x reference man)")
    axes[1].scatter(bmi, e2_untreated, s=10, color=plots.PALETTE["vermillion"], alpha=0.6)
    axes[1].axhline(E2_HIGH_PG_ML, color="0.4", ls=":", lw=1,
                    label=f"reference upper limit {E2_HIGH_PG_ML:g} pg/mL")
    axes[1].set_xlabel("BMI (kg/m²)")
    axes[1].set_ylabel("Estradiol, untreated (pg/mL)")
    plots.legend(axes[1], loc="upper left", fontsize=8)
    r = np.corrcoef(bmi, e2_untreated)[0, 1]
    return plots.show(fig, alt=(
        f"Left: a rising line of aromatase activity against BMI, from {activity[0]:.2f} times the "
        f"reference man at BMI {bmis[0]:g} to {activity[-1]:.2f} at BMI {bmis[-1]:g}. Right: "
        f"untreated estradiol of {len(bmi)} virtual men against their BMI, a loose cloud from "
        f"{np.min(e2_untreated):.0f} to {np.max(e2_untreated):.0f} pg/mL with correlation "
        f"{r:.2f}."))


def pkpd_figure(on_ai, level, e2_week8):
    """Anastrozole level and estradiol bands of a cohort on a fixed inhibitor dose."""
    fig, axes = plots.figure(1, 2, width=7.5, height=3.1)
    plots.cohort_band(axes[0], on_ai, "anastrozole", time_unit="weeks",
                      color=plots.PALETTE["purple"])
    plots.legend(axes[0], loc="lower right", fontsize=8)
    plots.cohort_band(axes[1], on_ai, "estradiol", time_unit="weeks")
    axes[1].axhline(E2_LOW_PG_ML, color="0.2", ls="--", lw=1, label=f"{E2_LOW_PG_ML:g} pg/mL")
    plots.legend(axes[1], loc="upper right", fontsize=8)
    return plots.show(fig, alt=(
        f"Left: anastrozole plasma level over 8 weeks in {len(level)} virtual men on 0.5 mg twice "
        f"weekly, accumulating over the first week and then cycling; in week 8 the men's mean "
        f"levels span {np.percentile(level, 5):.1f} to {np.percentile(level, 95):.1f} ng/mL "
        f"(5th-95th percentile). Right: their estradiol falls within days; in week 8 the median is "
        f"{np.median(e2_week8):.1f} pg/mL and {np.mean(e2_week8 < E2_LOW_PG_ML) * 100:.0f}% of men "
        f"average below the dashed {E2_LOW_PG_ML:g} pg/mL line."))


def held_out_figure(families: dict, observed: dict):
    """Model responses to anastrozole 1 mg daily (T ratio against E2 ratio) as one parameter at a
    time is changed, against the published bands.

    ``families`` maps a label to a list of (value label, t_ratio, e2_ratio); ``observed`` has
    ``t``, ``e2`` (published ratios) and ``t_band``, ``e2_band`` (low, high).
    """
    fig, ax = plots.figure(width=6.8, height=3.8)
    (tl, th), (el, eh) = observed["t_band"], observed["e2_band"]
    ax.add_patch(Rectangle((tl, el), th - tl, eh - el, color=plots.PALETTE["green"], alpha=0.15, lw=0,
        label="published result's band"))
    ax.plot(observed["t"], observed["e2"], "*", color=plots.PALETTE["green"], ms=12,
            label="men, 1 mg daily (burnett_bowie2009)")
    markers = ("o-", "s-", "D")
    colours = (plots.PALETTE["blue"], plots.PALETTE["vermillion"], "0.1")
    # labels above the points for the first family, below for the second: both families pass
    # through the default model's point, whose two labels would otherwise overlap
    # (the second family's line falls to the right, so its labels sit below and to the left,
    # off the line)
    offsets = (((4, 4), "left"), ((-4, -10), "right"), ((4, 4), "left"))
    for (name, rows), m, c, (offset, align) in zip(families.items(), markers, colours, offsets):
        ax.plot([r[1] for r in rows], [r[2] for r in rows], m, color=c, label=name, ms=5)
        for text, x, y in rows:
            ax.annotate(text, (x, y), textcoords="offset points", xytext=offset, fontsize=7,
                        color=c, ha=align)
    ax.set_xlabel("Total testosterone on anastrozole / before (ratio)")
    ax.set_ylabel("Estradiol on anastrozole / before (ratio)")
    ax.set_ylim(0, 1.05)
    plots.legend(ax, loc="upper left", fontsize=7)
    parts = []
    for name, rows in families.items():
        parts.append(f"{name}: " + "; ".join(f"{t} gives T x{x:.2f}, E2 x{y:.2f}"
                                             for t, x, y in rows))
    return plots.show(fig, alt=(
        "Scatter of the model's response to anastrozole 1 mg daily for 12 weeks (testosterone "
        "ratio across, estradiol ratio up) in a man like those of the held-out trial, against the "
        f"published result (T x{observed['t']:.2f}, E2 x{observed['e2']:.2f}; band T {tl:g}-{th:g}, "
        f"E2 {el:g}-{eh:g}). " + ". ".join(parts) + "."))


def low_share_figure(arms: dict, fraction_in_range):
    """Share of men with daily mean E2 below the over-suppression line, per arm, over time."""
    fig, ax = plots.figure(width=6.5, height=3.2)
    low_share = {}
    for (name, res), color in zip(arms.items(), plots.colors(len(arms))):
        t, frac = fraction_in_range(res, "estradiol", (0, E2_LOW_PG_ML), daily=True)
        ax.plot(t / 7, frac * 100, color=color, label=name)
        low_share[name] = frac[-7:].mean() * 100
    ax.set_xlabel("Time (weeks)")
    ax.set_ylabel(f"Men with daily mean E2 < {E2_LOW_PG_ML:g} pg/mL (%)")
    ax.set_ylim(0, 100)
    plots.legend(ax, loc="center right")
    return plots.show(fig, alt=(
        f"Line chart over 24 weeks of the share of virtual men whose daily mean estradiol is below "
        f"{E2_LOW_PG_ML:g} pg/mL, one line per arm; in the last week: "
        + ", ".join(f"{name} {v:.0f}%" for name, v in low_share.items()) + "."))


def trial_figure(summaries: dict):
    """Histograms of the trial's outcomes per arm (weeks 18-24)."""
    fig, axes = plots.trial_distributions(summaries)
    names = list(summaries)
    tir = ", ".join(f"{n} {np.median(s.time_in_range) * 100:.0f}%" for n, s in summaries.items())
    e2 = ", ".join(f"{n} {np.median(s.e2_min):.0f} pg/mL" for n, s in summaries.items())
    return plots.show(fig, alt=(
        f"Histograms over weeks 18-24 for the {len(names)} arms. Median time with testosterone in "
        f"450-700 ng/dL: {tir}. Median lowest estradiol: {e2}; a dashed line marks "
        f"{E2_LOW_PG_ML:g} pg/mL."))


def held_out_response(**change) -> tuple[float, float]:
    """The held-out anastrozole experiment for one virtual man like the trial's (68 years,
    BMI 28 kg/m^2, three quarters of the usual Leydig capacity), with model parameters changed.

    Returns (testosterone ratio, estradiol ratio): the mean over weeks 10-12 of anastrozole 1 mg
    daily divided by the untreated mean (days 1-4, after the first day).
    """
    man = MaleHPG(age=68, bmi=28, leydig_scale=0.75, **change)
    base = simulate(man, None, duration="4d", resolution="mean", record_every="2h")
    on = simulate(man, dose("anastrozole", 1, "mg", every="1d"), duration="12w",
                  resolution="mean", record_every="6h")
    before, weeks_10_12 = base.t_hours >= 24, on.t_days >= 70
    return (float(on["testosterone"][weeks_10_12].mean() / base["testosterone"][before].mean()),
            float(on["estradiol"][weeks_10_12].mean() / base["estradiol"][before].mean()))


def held_out_diagnosis(t_obs, e2_obs) -> dict:
    """Which of two parameters decides the model's response to anastrozole (section "Which
    parameter decides the response?").

    Varies the E2 feedback threshold (x2, x1, x0.5, x0.25 of the default) and anastrozole's
    maximal effect (default, 0.8, 0.65, 0.5) one at a time, then both at their strongest, and
    compares each ratio with the held-out observations ``t_obs`` and ``e2_obs`` (rows of
    :func:`hormonesim.validation.observations`, with ``value``, ``low`` and ``high``).

    Returns
    -------
    dict
        ``families`` for :func:`held_out_figure`; ``feedback``, ``imax``, ``both`` and
        ``default`` as (T ratio, E2 ratio); ``inside`` with, for ``"feedback"``, ``"imax"``,
        ``"both"`` and ``"default"``, whether each ratio is inside its band; and three sentences
        computed from those values: ``diagnosis`` (which change brings each ratio nearer the
        published one), ``t_mover`` and ``e2_mover`` (which parameter moves that ratio more).
    """
    default = MaleHPG()
    fb0, imax0 = default.e2_feedback_pg_ml, default.anastrozole_imax
    feedback_rows = [(f"x{f:g}", *held_out_response(e2_feedback_pg_ml=fb0 * f))
                     for f in (2, 1, 0.5, 0.25)]
    imax_rows = [(f"{i:.2f}", *held_out_response(anastrozole_imax=i)) for i in (imax0, 0.8, 0.65, 0.5)]
    both = held_out_response(e2_feedback_pg_ml=fb0 * 0.25, anastrozole_imax=0.5)
    default_row = held_out_response()
    ratios = {"feedback": tuple(feedback_rows[-1][1:]), "imax": tuple(imax_rows[-1][1:]),
              "both": both, "default": default_row}
    bands = ((t_obs.low, t_obs.high), (e2_obs.low, e2_obs.high))
    inside = {key: tuple(low <= r <= high for r, (low, high) in zip(pair, bands))
              for key, pair in ratios.items()}
    published = (t_obs.value, e2_obs.value)

    def closer(k):
        # the changes that bring ratio k (0: testosterone, 1: E2) nearer the published value
        names = [name for name, key in (("the stronger E2 brake", "feedback"),
                                        ("the lower maximal effect", "imax"))
                 if abs(ratios[key][k] - published[k]) < abs(default_row[k] - published[k])]
        return " and ".join(names) if names else "neither change alone"

    where = ["inside" if ok else "outside" for ok in inside["default"]]
    diagnosis = (f"the testosterone ratio comes nearer the published one with {closer(0)}, the E2 "
                 f"ratio with {closer(1)} (the default model is {where[0]} the testosterone band "
                 f"and {where[1]} the E2 band)")

    def mover(k):
        # which parameter moves ratio k (1: testosterone, 2: E2) more over the values tried
        spread = {"the E2 feedback arm": np.ptp([r[k] for r in feedback_rows]),
                  "anastrozole's maximal effect": np.ptp([r[k] for r in imax_rows])}
        big, small = sorted(spread, key=spread.get, reverse=True)
        if spread[big] > 1.5 * spread[small]:
            return f"{big} more than with {small}"
        return "the E2 feedback arm and anastrozole's maximal effect about equally"

    return {"families": {"E2 feedback threshold (x default)": feedback_rows,
                         "anastrozole Imax": imax_rows, "both changed": [("both", *both)]},
            "feedback": ratios["feedback"], "imax": ratios["imax"], "both": both,
            "default": default_row, "inside": inside, "diagnosis": diagnosis,
            "t_mover": mover(1), "e2_mover": mover(2)}
