"""Chapter 6 explorers: keeping the axis running.

Shown in ``chapters/intermediate/06_keeping_the_axis_running.ipynb``.

* :func:`gonadorelin_pattern_explorer` - LH, FSH and testosterone under pulsatile vs continuous
  gonadorelin.
* :func:`hcg_trt_explorer` - Leydig-cell output and LH on testosterone therapy with hCG.
* :func:`gonadorelin_setting` and :func:`hcg_setting` compute one setting of each explorer (the
  chapter's "What you should see" paragraphs use them).
* Figure helpers: :func:`hcg_dose_figure`, :func:`pattern_figure`, :func:`injections_figure`.

Each is an :class:`~hormonesim.book.explorer.Explorer`: ``compute`` calls the core, ``draw``
redraws the one figure, ``describe`` writes its alt text from the data it shows.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import MaleHPG, dose, infusion, simulate
from . import plots
from .explorer import Choice, Explorer, Slider, register


_GNRH_PATTERNS = ("pump: a pulse every 90 min", "continuous infusion",
                  "two injections a week", "none")


def gonadorelin_setting(pattern: str = _GNRH_PATTERNS[0], ug_per_day: float = 80.0,
                        own_pulses: str = "no") -> dict:
    """One setting of the gonadorelin explorer: 5 days, pulse resolution, days 3-5 means.

    Returns ``res`` and the means of ``lh``, ``fsh`` (IU/L), ``t`` (ng/dL) and ``r`` (fraction
    of responsive GnRH receptors) over days 3-5.
    """
    if pattern not in _GNRH_PATTERNS:
        raise ValueError(f"pattern {pattern!r} unknown; allowed: {', '.join(_GNRH_PATTERNS)}")
    man = MaleHPG(gnrh_pulse_generator=(own_pulses == "yes"))
    if pattern == _GNRH_PATTERNS[0]:
        plan = dose("gonadorelin", ug_per_day / 16, "ug", every="90min")
    elif pattern == _GNRH_PATTERNS[1]:
        plan = infusion("gonadorelin", ug_per_day, "ug/day")
    elif pattern == _GNRH_PATTERNS[2]:
        plan = dose("gonadorelin", min(ug_per_day * 3.5, 500.0), "ug", every="3.5d")
    else:
        plan = None
    res = simulate(man, plan, duration="5d", resolution="pulse", record_every="20min")
    late = res.t_hours >= 72
    return {"res": res, "lh": float(res["lh"][late].mean()),
            "fsh": float(res["fsh"][late].mean()),
            "t": float(res["testosterone"][late].mean()),
            "r": float(res["receptor_responsive"][late].mean())}


#: the explorer's delivery patterns, in its order (pump, continuous, two injections, none)
GNRH_PATTERNS = _GNRH_PATTERNS


@register
def gonadorelin_pattern_explorer() -> Explorer:
    """LH, FSH and testosterone under pulsatile vs continuous gonadorelin (chapter 6)."""

    def compute(pattern, ug_per_day, own_pulses):
        return gonadorelin_setting(pattern, ug_per_day, own_pulses)

    def draw(fig, data, values):
        ax1, ax2 = fig.axes[:2]
        res = data["res"]
        plots.plot_output(ax1, res, "lh", time_unit="days", label_text="LH")
        plots.plot_output(ax1, res, "fsh", time_unit="days", label_text="FSH")
        ax1.set_ylabel("LH, FSH (IU/L)")
        plots.reference_band(ax2, "testosterone", "men")
        plots.plot_output(ax2, res, "testosterone", time_unit="days")
        ax1.set_title(f"Gonadorelin {values['ug_per_day']:g} ug/day, {values['pattern']}; "
                      f"own GnRH pulses: {values['own_pulses']}", fontsize=9)
        plots.legend(ax1, loc="upper right", fontsize=7)
        plots.legend(ax2, loc="upper right", fontsize=7)

    def describe(data, values):
        return (f"Two line charts over 5 days for a virtual man "
                f"{'with' if values['own_pulses'] == 'yes' else 'without'} his own GnRH pulses, "
                f"given gonadorelin {values['ug_per_day']:g} ug per day as {values['pattern']}. "
                f"Over days 3-5 LH averages {data['lh']:.2f} IU/L, FSH {data['fsh']:.2f} IU/L and "
                f"total testosterone {data['t']:.0f} ng/dL; on average {data['r'] * 100:.0f}% of "
                f"pituitary GnRH receptors are responsive.")

    return Explorer(
        "gonadorelin_pattern_explorer", "Gonadorelin: the pattern matters",
        "Why does the same daily amount of GnRH work as pulses and fail as a continuous flow?",
        {"pattern": Choice("Delivery", _GNRH_PATTERNS, _GNRH_PATTERNS[0]),
         "ug_per_day": Slider("Gonadorelin per day", 20.0, 1000.0, 20.0, 80.0, "ug"),
         "own_pulses": Choice("Own GnRH pulse generator", ("no", "yes"), "no")},
        compute, draw, describe, static_control="pattern", nrows=2, figsize=(7.0, 5.2),
        sharex=True)


@lru_cache(maxsize=1)
def _hcg_baseline():
    """The untreated man of the hCG explorer over 3 days (cached: no control changes him)."""
    return simulate(MaleHPG(age=30, bmi=25), duration="3d", resolution="mean", record_every="2h")


def hcg_setting(hcg_iu: float = 250.0, te_mg_week: float = 200.0) -> dict:
    """One setting of the hCG explorer: a man of 30, 4 weeks, week-4 means.

    Returns ``res``, ``leydig`` and ``lh`` (week 4 relative to the untreated man) and ``t``
    (week-4 mean serum total testosterone, ng/dL).
    """
    man = MaleHPG(age=30, bmi=25)
    base = _hcg_baseline()
    plan = dose("testosterone_enanthate", te_mg_week, "mg", every="7d") if te_mg_week else None
    if hcg_iu > 0:
        extra = dose("hcg", hcg_iu, "IU", every="2d")
        plan = extra if plan is None else plan + extra
    res = simulate(man, plan, duration="4w", resolution="mean", record_every="3h")
    late = res.t_days >= 21
    b = base.t_hours >= 24
    return {"res": res,
            "leydig": float(res["leydig_secretion"][late].mean()
                            / base["leydig_secretion"][b].mean()),
            "lh": float(res["lh"][late].mean() / base["lh"][b].mean()),
            "t": float(res["testosterone"][late].mean())}


@register
def hcg_trt_explorer() -> Explorer:
    """Leydig-cell output and LH on testosterone therapy with hCG (chapter 6)."""

    def compute(hcg_iu, te_mg_week):
        return hcg_setting(hcg_iu, te_mg_week)

    def draw(fig, data, values):
        ax1, ax2 = fig.axes[:2]
        res = data["res"]
        plots.plot_output(ax1, res, "leydig_secretion", time_unit="weeks",
                          color=plots.PALETTE["purple"], label_text="Leydig-cell secretion")
        ax1.set_ylabel("Testicular T output (mg/day)")
        plots.reference_band(ax2, "testosterone", "men")
        plots.plot_output(ax2, res, "testosterone", time_unit="weeks")
        ax1.set_title(f"Enanthate {values['te_mg_week']:g} mg/week + hCG {values['hcg_iu']:g} IU "
                      f"every other day", fontsize=9)
        plots.legend(ax1, loc="upper right", fontsize=7)
        plots.legend(ax2, loc="upper right", fontsize=7)

    def describe(data, values):
        return (f"Two line charts over 4 weeks: testicular testosterone output and serum total "
                f"testosterone in a virtual man of 30 on enanthate {values['te_mg_week']:g} mg "
                f"weekly with hCG {values['hcg_iu']:g} IU every other day. In week 4 the testes "
                f"make {data['leydig'] * 100:.0f}% of their untreated output, LH is "
                f"{data['lh'] * 100:.0f}% of baseline and serum testosterone averages "
                f"{data['t']:.0f} ng/dL.")

    return Explorer(
        "hcg_trt_explorer", "hCG on top of testosterone therapy",
        "How much hCG keeps the testes making their own testosterone while LH is suppressed?",
        {"hcg_iu": Slider("hCG every other day", 0.0, 1000.0, 125.0, 250.0, "IU"),
         "te_mg_week": Slider("Enanthate per week", 0.0, 250.0, 50.0, 200.0, "mg")},
        compute, draw, describe, static_control="hcg_iu", static_points=5, nrows=2,
        figsize=(7.0, 5.2), sharex=True)


# ---------------------------------------------------------------------------------------------
# the chapter's figures: the notebook shows the model and the regimen, these draw them
# ---------------------------------------------------------------------------------------------

def hcg_dose_figure(doses_iu, ratios, published: dict) -> plots.StaticFigure:
    """Model Leydig output against hCG dose, with the study's intratesticular testosterone."""
    fig, ax = plots.figure(width=6.8, height=3.2)
    ax.plot(doses_iu, np.asarray(ratios) * 100, "o-", color=plots.PALETTE["purple"],
            label="model: testes' own secretion")
    ax.plot(list(published), np.array(list(published.values())) * 100, "s", color="0.2",
            mfc="white", label="study: intratesticular testosterone")
    ax.axhline(100, color="0.4", ls=":", lw=1)
    ax.set_xlabel("hCG every other day (IU), on enanthate 200 mg weekly")
    ax.set_ylabel("% of the untreated level")
    ax.set_ylim(bottom=0)
    plots.legend(ax, loc="lower right", fontsize=8)
    return plots.show(fig, alt=(
        "Line chart of the testes' own testosterone secretion in week 3 of enanthate 200 mg weekly, "
        "as % of untreated, against the hCG dose: "
        + ", ".join(f"{iu:g} IU {r * 100:.0f}%" for iu, r in zip(doses_iu, ratios))
        + "; open squares mark the study's intratesticular testosterone: "
        + ", ".join(f"{iu:g} IU {v * 100:.0f}%" for iu, v in published.items()) + "."))


def pattern_figure(cmp, window_h: float = 72.0) -> plots.StaticFigure:
    """LH (top) and responsive GnRH receptors (bottom) for each gonadorelin scenario."""
    fig, axes = plots.figure(2, 1, width=7.2, height=5.0, sharex=True)
    plots.plot_scenarios(cmp, "lh", time_unit="days", ax=axes[0])
    for (k, res), color in zip(cmp.results.items(), plots.colors(len(cmp.results))):
        t, xlabel = plots.time_values(res, "days")
        axes[1].plot(t, res["receptor_responsive"], color=color, label=k)
    axes[1].set_ylabel("Responsive GnRH receptors")
    axes[1].set_xlabel(xlabel)
    axes[1].set_ylim(0, 1.05)
    axes[0].set_xlabel("")
    late = cmp.t_hours >= window_h
    text = "; ".join(f"{k}: LH {r['lh'][late].mean():.2f} IU/L, receptors "
                     f"{r['receptor_responsive'][late].mean() * 100:.0f}% responsive"
                     for k, r in cmp.results.items())
    return plots.show(fig, alt=(
        "Two panels over 5 days for a virtual man without his own GnRH pulses: LH and the fraction "
        "of responsive pituitary GnRH receptors under gonadorelin regimens. Over days 3-5: "
        + text + "."))


def injections_figure(res) -> plots.StaticFigure:
    """LH over a week of gonadorelin injections."""
    fig, ax = plots.figure(width=7.0, height=3.0)
    plots.plot_output(ax, res, "lh", time_unit="days")
    return plots.show(fig, alt=(
        f"Line chart of LH over {res.t_days[-1]:.0f} days with gonadorelin injections in a virtual "
        f"man without his own GnRH pulses: LH spikes to {res['lh'].max():.1f} IU/L after each "
        f"injection, its median is {np.median(res['lh']):.2f} IU/L and its mean "
        f"{res['lh'].mean():.2f} IU/L."))
