"""Chapter 7 explorers: therapy for women across the menopause.

Shown in ``chapters/intermediate/07_menopause_therapy.ipynb``.

* :func:`estradiol_route_explorer` - Serum E2 over a week on a patch or on tablets, at a chosen
  dose.
* :func:`progesterone_endometrium_explorer` - Why systemic estrogen with a uterus needs a
  progestogen.
* :func:`female_testosterone_explorer` - Low-dose testosterone cream in a postmenopausal woman
  against the female range.
* :func:`route_setting`, :func:`endometrium_setting` and :func:`cream_setting` compute one setting
  of each explorer (the chapter's "What you should see" paragraphs use them).
* Figure helpers: :func:`stages_figure`, :func:`estriol_figure`.

Each is an :class:`~hormonesim.book.explorer.Explorer`: ``compute`` calls the core, ``draw``
redraws the one figure, ``describe`` writes its alt text from the data it shows.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import FemaleHPO, dose, simulate
from ..reference import reference_range
from . import plots
from .explorer import Choice, Explorer, Slider, register


def _female_plan(parts):
    """Sum of regimen parts, None (no treatment) if there are none."""
    parts = [p for p in parts if p is not None]
    return sum(parts[1:], parts[0]) if parts else None


def route_setting(route: str = "both", patch_ug_per_day: float = 50.0, oral_mg: float = 1.0) -> dict:
    """One setting of the route explorer: a postmenopausal woman of 55, 7 days.

    Returns ``runs`` (label -> Result) and ``summary`` (label -> dict of the last day's ``mean``,
    ``peak``, ``trough`` and ``swing`` = peak - trough, in pg/mL).
    """
    if route not in ("transdermal patch", "oral tablet", "both"):
        raise ValueError(f"route {route!r} unknown; allowed: 'transdermal patch', 'oral tablet', 'both'")
    runs = {}
    if route in ("transdermal patch", "both"):
        runs[f"patch {patch_ug_per_day:g} ug/day"] = _route_run("patch", float(patch_ug_per_day))
    if route in ("oral tablet", "both"):
        runs[f"oral {oral_mg:g} mg once daily"] = _route_run("oral", float(oral_mg))
    summary = {}
    for label, res in runs.items():
        e2 = res["estradiol"][res.t_days >= 6]
        summary[label] = {"mean": float(e2.mean()), "peak": float(e2.max()),
                          "trough": float(e2.min()), "swing": float(e2.max() - e2.min())}
    return {"runs": runs, "summary": summary}


@lru_cache(maxsize=32)
def _route_run(route: str, amount: float):
    """7 days of one route at one dose in a postmenopausal woman of 55 (cached: the route
    explorer's other route and other dose leave this run as it was)."""
    model = FemaleHPO(age=55, stage="postmenopause")
    plan = (dose("estradiol_patch", amount, "ug/day") if route == "patch"
            else dose("estradiol_oral", amount, "mg", every="1d"))
    return simulate(model, plan, duration="7d")


#: the progesterone explorer's choices
PROGESTERONE_REGIMENS = ("none", "continuous 100 mg daily", "sequential 200 mg, 12 days a month")


def endometrium_setting(progesterone: str = PROGESTERONE_REGIMENS[0],
                        patch_ug_per_day: float = 50.0) -> dict:
    """One setting of the progesterone explorer: 8 weeks of a patch with or without progesterone.

    Returns ``res`` and, for the endometrial indicator, its ``max`` and ``end`` values.
    """
    if progesterone not in PROGESTERONE_REGIMENS:
        raise ValueError(f"progesterone {progesterone!r} unknown; allowed: {PROGESTERONE_REGIMENS}")
    model = FemaleHPO(age=55, stage="postmenopause")
    parts = [dose("estradiol_patch", patch_ug_per_day, "ug/day")]
    if progesterone == PROGESTERONE_REGIMENS[1]:
        parts.append(dose("progesterone_oral", 100, "mg", every="1d"))
    elif progesterone == PROGESTERONE_REGIMENS[2]:
        for month in range(2):
            parts.append(dose("progesterone_oral", 200, "mg", every="1d",
                              start=f"{28 * month + 14}d", count=12))
    res = simulate(model, _female_plan(parts), duration="8w")
    s = res["endometrial_stimulation"]
    return {"res": res, "max": float(s.max()), "end": float(s[-1])}


def cream_setting(cream_mg_per_day: float = 3.0, age: float = 55.0) -> dict:
    """One setting of the testosterone-cream explorer: 3 weeks; ``week3`` mean and ``peak`` (ng/dL)."""
    model = FemaleHPO(age=age, stage="postmenopause")
    plan = (dose("testosterone_female", cream_mg_per_day, "mg", every="1d")
            if cream_mg_per_day > 0 else None)
    res = simulate(model, plan, duration="3w")
    t = res["testosterone"][res.t_days >= 14]
    return {"res": res, "range": reference_range("testosterone", "women"),
            "week3": float(t.mean()), "peak": float(t.max())}


@register
def estradiol_route_explorer() -> Explorer:
    """Serum E2 over a week on a patch or on tablets, at a chosen dose (chapter 7)."""

    def compute(route, patch_ug_per_day, oral_mg):
        return route_setting(route, patch_ug_per_day, oral_mg)

    def draw(fig, data, values):
        ax = fig.axes[0]
        plots.band(ax, 31, 90, "follicular phase, premenopausal (31-90 pg/mL)")
        top = 130.0
        for (label, res), color in zip(data["runs"].items(),
                                       (plots.PALETTE["vermillion"], plots.PALETTE["blue"])):
            plots.plot_output(ax, res, "estradiol", time_unit="days", color=color,
                              label_text=label)
            top = max(top, float(res["estradiol"].max()) * 1.1)
        ax.axhline(7.1, color="0.3", ls=":", lw=1, label="postmenopausal upper limit 7.1 pg/mL")
        ax.set_ylim(0, top)
        ax.set_title("Estradiol in a virtual postmenopausal woman")
        plots.legend(ax, loc="upper right")

    def describe(data, values):
        parts = []
        for label, res in data["runs"].items():
            e2 = res["estradiol"][res.t_days >= 4]
            parts.append(f"on {label} it ranges from {e2.min():.0f} to {e2.max():.0f} pg/mL "
                         f"({e2.min() * 3.671:.0f}-{e2.max() * 3.671:.0f} pmol/L), mean "
                         f"{e2.mean():.0f} pg/mL")
        return (f"Line chart of serum estradiol over 7 days in a virtual postmenopausal woman. "
                f"From day 4, {'; '.join(parts)}. A shaded band marks the premenopausal "
                f"follicular-phase range of 31-90 pg/mL and a dotted line the postmenopausal "
                f"upper limit of 7.1 pg/mL.")

    return Explorer(
        "estradiol_route_explorer", "Estradiol by route and dose",
        "How do a patch and a daily tablet differ in the shape of the estradiol curve at "
        "similar average levels?",
        {"route": Choice("Route", ("transdermal patch", "oral tablet", "both"), "both"),
         "patch_ug_per_day": Slider("Patch delivery", 12.5, 100.0, 12.5, 50.0, "ug/day"),
         "oral_mg": Slider("Oral dose", 0.5, 2.0, 0.5, 1.0, "mg")},
        compute, draw, describe, static_control="route")


@register
def progesterone_endometrium_explorer() -> Explorer:
    """Why systemic estrogen with a uterus needs a progestogen (chapter 7)."""

    regimens = PROGESTERONE_REGIMENS

    def compute(progesterone, patch_ug_per_day):
        return endometrium_setting(progesterone, patch_ug_per_day)

    def draw(fig, data, values):
        ax_p, ax_e = fig.axes[0], fig.axes[1]
        res = data["res"]
        plots.plot_output(ax_p, res, "progesterone", time_unit="weeks")
        ax_p.set_xlabel("")
        ax_p.set_title(f"Patch {values['patch_ug_per_day']:g} ug/day with progesterone: "
                       f"{values['progesterone']}")
        plots.plot_output(ax_e, res, "endometrial_stimulation", time_unit="weeks",
                          color=plots.PALETTE["vermillion"], label_text="unopposed estrogenic "
                          "stimulation")
        ax_e.axhline(1.0, color="0.3", ls="--", lw=1, label="peak of a normal cycle")
        ax_e.set_ylabel("Endometrial stimulation (1)")
        ax_e.set_ylim(0, max(2.5, float(res["endometrial_stimulation"].max()) * 1.1))
        plots.legend(ax_e, loc="upper left")

    def describe(data, values):
        res = data["res"]
        s = res["endometrial_stimulation"]
        verdict = ("stays below" if s.max() < 1.0 else "rises above")
        return (f"Two stacked line charts over 8 weeks for a virtual postmenopausal woman with a "
                f"uterus on a {values['patch_ug_per_day']:g} ug/day estradiol patch and "
                f"progesterone '{values['progesterone']}'. Top: progesterone, peaking at "
                f"{res['progesterone'].max():.1f} ng/mL. Bottom: the model's endometrial "
                f"stimulation indicator, which {verdict} the peak of a normal cycle (dashed line "
                f"at 1): maximum {s.max():.2f}, {s[-1]:.2f} at week 8.")

    return Explorer(
        "progesterone_endometrium_explorer", "Estrogen, progesterone and the endometrium",
        "What happens to unopposed estrogenic stimulation when progesterone is added "
        "continuously or for part of each month?",
        {"progesterone": Choice("Progesterone", regimens, regimens[0]),
         "patch_ug_per_day": Slider("Patch delivery", 25.0, 100.0, 25.0, 50.0, "ug/day")},
        compute, draw, describe, static_control="progesterone", nrows=2, figsize=(7.0, 5.0),
        sharex=True)


@register
def female_testosterone_explorer() -> Explorer:
    """Low-dose testosterone cream in a postmenopausal woman against the female range (chapter 7)."""

    def compute(cream_mg_per_day, age):
        return cream_setting(cream_mg_per_day, age)

    def draw(fig, data, values):
        ax = fig.axes[0]
        res, rr = data["res"], data["range"]
        plots.reference_band(ax, "testosterone", "women")
        plots.plot_output(ax, res, "testosterone", time_unit="days",
                          label_text=f"cream {values['cream_mg_per_day']:g} mg/day")
        ax.set_ylim(0, max(120.0, float(res["testosterone"].max()) * 1.1))
        ax.set_title(f"Total testosterone, virtual woman aged {values['age']:g}")
        plots.legend(ax, loc="upper left")

    def describe(data, values):
        res, rr = data["res"], data["range"]
        t = res["testosterone"][res.t_days >= 14]
        where = ("within" if t.max() <= rr.high else "above")
        return (f"Line chart of total testosterone over 3 weeks in a virtual postmenopausal woman "
                f"aged {values['age']:g} applying {values['cream_mg_per_day']:g} mg of "
                f"testosterone as 1% cream daily. In week 3 it averages {t.mean():.0f} ng/dL "
                f"({t.mean() * 0.0347:.2f} nmol/L) and peaks at {t.max():.1f} ng/dL, {where} the "
                f"shaded female reference range of {rr.low:g}-{rr.high:g} ng/dL.")

    return Explorer(
        "female_testosterone_explorer", "Testosterone for women: dose and the female range",
        "Which daily cream doses keep a woman's testosterone within the female range?",
        {"cream_mg_per_day": Slider("Cream testosterone", 0.0, 10.0, 1.0, 3.0, "mg/day"),
         "age": Slider("Age", 45.0, 75.0, 5.0, 55.0, "y")},
        compute, draw, describe, static_control="cream_mg_per_day", static_points=6)


# ---------------------------------------------------------------------------------------------
# the chapter's figures: the notebook shows the model and the regimen, these draw them
# ---------------------------------------------------------------------------------------------

def stages_figure(runs: dict, ages: dict, ovulations: dict) -> plots.StaticFigure:
    """Estradiol (top) and FSH on a log scale (bottom) for women at different stages."""
    fig, (ax_e2, ax_fsh) = plots.figure(2, 1, width=7.0, height=5.0, sharex=True)
    for (stage, res), color in zip(runs.items(), plots.colors(len(runs))):
        plots.plot_output(ax_e2, res, "estradiol", time_unit="weeks", color=color,
                          label_text=f"{stage}, age {ages[stage]:g}")
        plots.plot_output(ax_fsh, res, "fsh", time_unit="weeks", color=color)
    ax_e2.set_xlabel("")
    ax_e2.set_ylim(0, 1.1 * max(r["estradiol"].max() for r in runs.values()))
    ax_fsh.set_yscale("log")
    ax_fsh.set_ylim(0.8, 1.3 * max(r["fsh"].max() for r in runs.values()))
    ax_fsh.set_ylabel("FSH (IU/L, log scale)")
    plots.legend(ax_e2, loc="upper right")
    text = "; ".join(f"{s}: {ovulations[s]} ovulations, mean estradiol {r['estradiol'].mean():.0f} "
                     f"pg/mL, mean FSH {r['fsh'].mean():.0f} IU/L, peak progesterone "
                     f"{r['progesterone'].max():.1f} ng/mL" for s, r in runs.items())
    return plots.show(fig, alt=(
        f"Two stacked line charts over {next(iter(runs.values())).t_days[-1] / 7:.0f} weeks for "
        f"{len(runs)} virtual women. Top: estradiol; bottom: FSH on a log scale. " + text + "."))


def estriol_figure(runs: dict) -> plots.StaticFigure:
    """Estriol over the first 2 days (left) and the endometrial indicator over the run (right)."""
    fig, (ax_e3, ax_endo) = plots.figure(1, 2, width=7.5, height=3.2)
    for (label, res), color in zip(runs.items(), plots.colors(len(runs))):
        day = res.t_days <= 2
        ax_e3.plot(res.t_hours[day], res["estriol"][day], color=color, label=label)
        ax_endo.plot(res.t_days / 7, res["endometrial_stimulation"], color=color, label=label)
    ax_e3.set_xlabel("Time (hours)")
    ax_e3.set_ylabel("Estriol (pg/mL)")
    ax_endo.set_xlabel("Time (weeks)")
    ax_endo.set_ylabel("Endometrial stimulation (1)")
    ax_endo.axhline(1.0, color="0.3", ls="--", lw=1)
    plots.legend(ax_endo, loc="upper left")
    peaks = ", ".join(f"{k}: {r['estriol'].max():.0f} pg/mL" for k, r in runs.items())
    ends = ", ".join(f"{k}: {r['endometrial_stimulation'][-1]:.2f}" for k, r in runs.items())
    return plots.show(fig, alt=(
        "Left: estriol over the first 2 days, spiking after each daily dose; peaks " + peaks
        + ". Right: the endometrial indicator over the run, ending at " + ends
        + ", against a dashed line at 1, the peak of a normal cycle."))
