"""Chapter 5 explorers: aromatisation and anastrozole.

Shown in ``chapters/intermediate/05_aromatisation_anastrozole.ipynb``.

* :func:`aromatase_bmi_explorer` - Estradiol and testosterone against BMI and anastrozole dose
  (:func:`aromatase_setting` computes one setting of it).
* Figure helpers: :func:`bmi_figure`, :func:`anastrozole_figure`, :func:`loop_figure`.

Each is an :class:`~hormonesim.book.explorer.Explorer`: ``compute`` calls the core, ``draw``
redraws the one figure, ``describe`` writes its alt text from the data it shows.
"""
from __future__ import annotations

import numpy as np

from .. import MaleHPG, dose, simulate
from . import plots
from .explorer import Choice, Explorer, Slider, register


def aromatase_setting(bmi: float = 30.0, anastrozole_mg_week: float = 0.0, on_trt: str = "yes") -> dict:
    """What the explorer computes for one setting: a man of 50, 6 weeks, last-week means.

    Returns ``res`` and the last week's mean ``e2`` (pg/mL), ``t`` (ng/dL) and ``lh`` (IU/L).
    """
    if on_trt not in ("yes", "no"):
        raise ValueError(f"on_trt must be 'yes' or 'no', got {on_trt!r}")
    man = MaleHPG(age=50, bmi=bmi)
    plan = dose("testosterone_cypionate", 100, "mg", every="7d") if on_trt == "yes" else None
    if anastrozole_mg_week > 0:
        extra = dose("anastrozole", anastrozole_mg_week / 2, "mg", every="3.5d")
        plan = extra if plan is None else plan + extra
    res = simulate(man, plan, duration="6w", resolution="mean", record_every="3h")
    last = res.t_hours >= res.t_hours[-1] - 168
    return {"res": res, "e2": float(res["estradiol"][last].mean()),
            "t": float(res["testosterone"][last].mean()),
            "lh": float(res["lh"][last].mean())}


@register
def aromatase_bmi_explorer() -> Explorer:
    """Estradiol and testosterone against BMI and anastrozole dose (chapter 5)."""

    def compute(bmi, anastrozole_mg_week, on_trt):
        return aromatase_setting(bmi, anastrozole_mg_week, on_trt)

    def draw(fig, data, values):
        ax1, ax2 = fig.axes[:2]
        res = data["res"]
        plots.reference_band(ax1, "estradiol", "men")
        plots.plot_output(ax1, res, "estradiol", time_unit="weeks")
        plots.reference_band(ax2, "testosterone", "men")
        plots.plot_output(ax2, res, "testosterone", time_unit="weeks")
        ax1.set_title(f"BMI {values['bmi']:g}, anastrozole {values['anastrozole_mg_week']:g} "
                      f"mg/week, testosterone therapy: {values['on_trt']}", fontsize=9)
        plots.legend(ax1, loc="upper right", fontsize=7)
        plots.legend(ax2, loc="upper right", fontsize=7)

    def describe(data, values):
        return (f"Two line charts over 6 weeks for a virtual man of 50 with BMI {values['bmi']:g}"
                f"{' on testosterone cypionate 100 mg weekly' if values['on_trt'] == 'yes' else ''}"
                f" taking anastrozole {values['anastrozole_mg_week']:g} mg per week. In the last "
                f"week estradiol averages {data['e2']:.1f} pg/mL (reference 3.3-37 pg/mL), total "
                f"testosterone {data['t']:.0f} ng/dL and LH {data['lh']:.2f} IU/L.")

    return Explorer(
        "aromatase_bmi_explorer", "Aromatisation: body fat and anastrozole",
        "How much does body fat raise estradiol, and how far can anastrozole push it down?",
        {"bmi": Slider("BMI", 18.0, 45.0, 1.0, 30.0, "kg/m^2"),
         "anastrozole_mg_week": Slider("Anastrozole per week", 0.0, 7.0, 0.5, 0.0, "mg"),
         "on_trt": Choice("Testosterone cypionate 100 mg weekly", ("yes", "no"), "yes")},
        compute, draw, describe, static_control="anastrozole_mg_week", static_points=5,
        nrows=2, figsize=(7.0, 5.2), sharex=True)


# ---------------------------------------------------------------------------------------------
# the chapter's figures: the notebook shows the model and the regimen, these draw them
# ---------------------------------------------------------------------------------------------

def bmi_figure(bmis, e2, tt, ft) -> plots.StaticFigure:
    """Estradiol (left) and total and free testosterone (right) against BMI."""
    fig, (ax1, ax2) = plots.figure(1, 2, width=7.5, height=3.2)
    ax1.plot(bmis, e2, "o-", color=plots.HORMONE_COLORS["estradiol"])
    ax1.set_xlabel("BMI (kg/m²)")
    ax1.set_ylabel(plots.label("estradiol", "pg/mL"))
    ax1.set_ylim(bottom=0)
    ax2.plot(bmis, tt, "o-", color=plots.HORMONE_COLORS["testosterone"], label="total T (ng/dL)")
    ax2.plot(bmis, np.asarray(ft) * 5, "s--", color=plots.HORMONE_COLORS["free_testosterone"],
             label="free T x 5 (pg/mL)")
    ax2.set_xlabel("BMI (kg/m²)")
    ax2.set_ylabel("Testosterone")
    ax2.set_ylim(bottom=0)
    plots.legend(ax2, loc="lower left", fontsize=8)
    return plots.show(fig, alt=(
        f"Two panels for untreated virtual men of 50 with BMI from {bmis[0]:g} to {bmis[-1]:g}: "
        f"estradiol goes from {e2[0]:.1f} to {e2[-1]:.1f} pg/mL, total testosterone from "
        f"{tt[0]:.0f} to {tt[-1]:.0f} ng/dL and free testosterone from {ft[0]:.0f} to "
        f"{ft[-1]:.0f} pg/mL."))


def anastrozole_figure(runs: dict, levels: dict) -> plots.StaticFigure:
    """Plasma anastrozole over time for each regimen; ``levels[label] = (level, inhibition)``."""
    fig, ax = plots.figure(width=7.0, height=3.2)
    for (label, res), color in zip(runs.items(), plots.colors(len(runs))):
        t, xlabel = plots.time_values(res, "days")
        ax.plot(t, res["anastrozole"], color=color, label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("Anastrozole (ng/mL)")
    ax.set_ylim(bottom=0)
    plots.legend(ax, loc="upper left", fontsize=8)
    text = "; ".join(f"{k}: about {c:.1f} ng/mL in week 3, aromatase {i * 100:.0f}% inhibited in "
                     f"the model" for k, (c, i) in levels.items())
    return plots.show(fig, alt="Line chart of plasma anastrozole over 3 weeks for two regimens. "
                      + text + ".")


def loop_figure(percent: dict) -> plots.StaticFigure:
    """Bars: E2, total T and LH with anastrozole as % of the level without, one panel per case.

    ``percent[case] = {"estradiol": %, "testosterone": %, "lh": %}``.
    """
    fig, axes = plots.figure(1, len(percent), width=7.5, height=3.3)
    keys, x = ("estradiol", "testosterone", "lh"), np.arange(3)
    for ax, (case, pct) in zip(np.atleast_1d(axes), percent.items()):
        ax.bar(x - 0.2, [100] * 3, 0.4, color="0.75", label="without anastrozole")
        ax.bar(x + 0.2, [pct[k] for k in keys], 0.4, color=plots.PALETTE["vermillion"],
               label="with anastrozole")
        ax.set_xticks(x)
        ax.set_xticklabels(["E2", "total T", "LH"])
        ax.set_title(case, fontsize=9)
        ax.set_ylabel("% of the level without anastrozole")
    plots.legend(np.atleast_1d(axes)[0], loc="upper left", fontsize=7)
    text = "; ".join(f"{case}: E2 {p['estradiol']:.0f}%, T {p['testosterone']:.0f}%, LH {p['lh']:.0f}%"
                     for case, p in percent.items())
    return plots.show(fig, alt="Bar charts for a virtual man of 50 with BMI 30, last week of 6, "
                      "with anastrozole compared with none, each level as % of the level without: "
                      + text + ".")
