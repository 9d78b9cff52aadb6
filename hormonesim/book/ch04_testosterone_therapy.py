"""Chapter 4 explorers: testosterone therapy.

Shown in ``chapters/intermediate/04_testosterone_therapy.ipynb``.

* :func:`trt_regimen_explorer` - Total testosterone between doses for a route, dose and interval
  (:func:`trt_regimen` computes one setting of it).
* Figure helpers: :func:`daily_profile_figure`, :func:`single_dose_figure`, :func:`regimen_figure`,
  :func:`suppression_figure` (and the numbers they show: :func:`single_dose_ratios`,
  :func:`suppression_percent`).

Each is an :class:`~hormonesim.book.explorer.Explorer`: ``compute`` calls the core, ``draw``
redraws the one figure, ``describe`` writes its alt text from the data it shows.
"""
from __future__ import annotations

import numpy as np

from .. import MaleHPG, dose, simulate
from . import plots
from .explorer import Choice, Explorer, Slider, register


_TRT_ROUTES = {"cypionate IM": "testosterone_cypionate", "enanthate IM": "testosterone_enanthate",
               "gel (daily)": "testosterone_gel"}


@register
def trt_regimen_explorer() -> Explorer:
    """Total testosterone between doses for a route, dose and interval (chapter 4)."""

    def compute(route, dose_mg, interval_d):
        return trt_regimen(route, dose_mg, interval_d)

    def draw(fig, data, values):
        ax = fig.axes[0]
        res = data["res"]
        plots.reference_band(ax, "testosterone", "men")
        plots.plot_output(ax, res, "testosterone", time_unit="weeks", label_text="total T")
        ax.axhline(data["trough"], color=plots.PALETTE["vermillion"], ls=":", lw=1.2,
                   label=f"trough {data['trough']:.0f} ng/dL")
        ax.set_title(f"{values['route']}: {data['amount']:g} mg every {data['every']}")
        plots.legend(ax, loc="upper right", fontsize=8)

    def describe(data, values):
        return (f"Line chart of total testosterone over 10 weeks in a virtual man of 50 on "
                f"{values['route']}, {data['amount']:g} mg every {data['every']}, with the "
                f"reference band 264-916 ng/dL shaded. Over the last dosing interval testosterone "
                f"runs from a trough of {data['trough']:.0f} to a peak of {data['peak']:.0f} "
                f"ng/dL (average {data['mean']:.0f} ng/dL).")

    return Explorer(
        "trt_regimen_explorer", "Testosterone between doses: route, dose and interval",
        "Which combinations of dose and interval keep the trough and the peak inside the band?",
        {"route": Choice("Route", tuple(_TRT_ROUTES), "cypionate IM"),
         "dose_mg": Slider("Dose", 25.0, 300.0, 25.0, 100.0, "mg"),
         "interval_d": Slider("Interval (injections)", 3.5, 21.0, 3.5, 7.0, "days")},
        compute, draw, describe, static_control="interval_d", static_points=4)


# ---------------------------------------------------------------------------------------------
# the chapter's figures: the notebook shows the model and the regimen, these draw them
# ---------------------------------------------------------------------------------------------

def trt_regimen(route: str = "cypionate IM", dose_mg: float = 100.0, interval_d: float = 7.0) -> dict:
    """What the regimen explorer computes for one setting (also used by the chapter's text).

    Returns a dict with the simulation ``res`` and ``trough``, ``peak``, ``mean`` of total
    testosterone (ng/dL) over the last dosing interval (the last day for the gel), ``amount`` (mg)
    and ``every``.
    """
    if route not in _TRT_ROUTES:
        raise ValueError(f"route {route!r} unknown; allowed: {', '.join(_TRT_ROUTES)}")
    drug = _TRT_ROUTES[route]
    every = "1d" if drug == "testosterone_gel" else f"{interval_d:g}d"
    amount = min(dose_mg, 100.0) if drug == "testosterone_gel" else dose_mg
    man = MaleHPG(age=50, bmi=27)
    res = simulate(man, dose(drug, amount, "mg", every=every), duration="10w",
                   resolution="mean", record_every="2h")
    last = res.t_hours >= res.t_hours[-1] - (24 if drug == "testosterone_gel" else interval_d * 24)
    t = res["testosterone"][last]
    return {"res": res, "trough": float(t.min()), "peak": float(t.max()),
            "mean": float(t.mean()), "amount": amount, "every": every}


def daily_profile_figure(day) -> plots.StaticFigure:
    """LH pulses and total testosterone over the second simulated day (pulse resolution)."""
    w = day.t_hours >= 24
    t, _ = plots.time_values(day, "hours")
    hours = t[w] - 24
    fig, axes = plots.figure(2, 1, width=7.2, height=4.6, sharex=True)
    axes[0].plot(hours, day["lh"][w], color=plots.HORMONE_COLORS["lh"])
    axes[0].set_ylabel(plots.label("lh", "IU/L"))
    T = day["testosterone"][w]
    axes[1].plot(hours, T, color=plots.HORMONE_COLORS["testosterone"])
    plots.reference_band(axes[1], "testosterone", "men")
    axes[1].set_ylabel(plots.label("testosterone", "ng/dL"))
    axes[1].set_xlabel("Clock time (hours after midnight)")
    axes[1].set_ylim(bottom=0)
    plots.legend(axes[1], loc="lower left", fontsize=8)
    return plots.show(fig, alt=(
        f"Two panels over one simulated day of a virtual man: LH in pulses between "
        f"{day['lh'][w].min():.1f} and {day['lh'][w].max():.1f} IU/L, and total testosterone between "
        f"{T.min():.0f} and {T.max():.0f} ng/dL, highest around {hours[np.argmax(T)]:.0f}:00, "
        f"with the reference band 264-916 ng/dL shaded in grey."))


def single_dose_ratios(single) -> dict:
    """Peak of each hormone relative to its pre-dose level, and the day of the testosterone peak."""
    out = {name: float((single[name] / single[name][0]).max())
           for name in ("testosterone", "free_testosterone", "estradiol")}
    out["peak_day"] = float(single.t_days[np.argmax(single["testosterone"])])
    day13 = np.argmin(np.abs(single.t_days - 13))
    out["day13"] = float(single["testosterone"][day13] / single["testosterone"][0])
    return out


def single_dose_figure(single) -> plots.StaticFigure:
    """Each hormone as a multiple of its pre-dose level after one injection."""
    r = single_dose_ratios(single)
    fig, ax = plots.figure(width=7.0, height=3.4)
    t, xlabel = plots.time_values(single, "days")
    for name in ("testosterone", "free_testosterone", "estradiol"):
        ax.plot(t, single[name] / single[name][0], color=plots.HORMONE_COLORS[name],
                label=f"{plots.LABELS[name]} (peak x{r[name]:.1f})")
    ax.axhline(1, color="0.4", ls=":", lw=1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("Level / level before the dose")
    plots.legend(ax, loc="upper right", fontsize=8)
    return plots.show(fig, alt=(
        f"Line chart over {t[-1]:.0f} days after one injection in a virtual hypogonadal man, each "
        f"hormone as a multiple of its pre-dose level: total testosterone peaks "
        f"{r['testosterone']:.1f}-fold on day {r['peak_day']:.1f}, free testosterone "
        f"{r['free_testosterone']:.1f}-fold and estradiol {r['estradiol']:.1f}-fold; on day 13 total "
        f"testosterone is {r['day13']:.1f} times its pre-dose level."))


def regimen_figure(cmp, steady: dict) -> plots.StaticFigure:
    """Total testosterone for several regimens, with the steady-state numbers in the alt text."""
    fig, ax = plots.plot_scenarios(cmp, "testosterone", time_unit="weeks", reference="men")
    text = "; ".join(f"{k}: trough {s.trough:.0f}, average {s.average:.0f}, peak {s.peak:.0f} ng/dL"
                     for k, s in steady.items())
    return plots.show(fig, alt="Line chart of total testosterone over 10 weeks for three regimens in "
                      "a virtual man of 50, with the reference band 264-916 ng/dL shaded. At steady "
                      "state: " + text + ".")


def suppression_percent(trt, start_day: float = 14.0) -> dict:
    """LH, FSH and the testes' own secretion after ``start_day``, in % of their untreated level."""
    late = trt.t_days >= start_day
    return {k: float(trt[k][late].mean() / trt[k][0] * 100)
            for k in ("lh", "fsh", "leydig_secretion")}


def suppression_figure(trt) -> plots.StaticFigure:
    """LH, FSH and the testes' own testosterone output on therapy, as % of the untreated level."""
    fig, ax = plots.figure(width=7.0, height=3.3)
    t, xlabel = plots.time_values(trt, "weeks")
    names = {"lh": "LH", "fsh": "FSH", "leydig_secretion": "testes' own testosterone"}
    colors = {"lh": plots.HORMONE_COLORS["lh"], "fsh": plots.HORMONE_COLORS["fsh"],
              "leydig_secretion": plots.PALETTE["purple"]}
    for k, text in names.items():
        ax.plot(t, trt[k] / trt[k][0] * 100, color=colors[k], label=text)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("% of the untreated level")
    ax.set_ylim(0, 110)
    plots.legend(ax, loc="upper right", fontsize=8)
    p = suppression_percent(trt)
    return plots.show(fig, alt=(
        f"Line chart over {t[-1]:.0f} weeks of testosterone therapy in a virtual man: LH, FSH and "
        f"the testes' own testosterone secretion, each as % of its untreated level, fall within "
        f"days; from week 3 on LH is {p['lh']:.0f}%, FSH {p['fsh']:.0f}% and testicular output "
        f"{p['leydig_secretion']:.0f}%."))
