"""Chapter 6 explorers: keeping the axis running.

Shown in ``chapters/intermediate/06_keeping_the_axis_running.ipynb``.

* :func:`gonadorelin_pattern_explorer` - LH, FSH and testosterone under pulsatile vs continuous
  gonadorelin.
* :func:`hcg_trt_explorer` - Leydig-cell output and LH on testosterone therapy with hCG.

Each is an :class:`~hormonesim.book.explorer.Explorer`: ``compute`` calls the core, ``draw``
redraws the one figure, ``describe`` writes its alt text from the data it shows.
"""
from __future__ import annotations

from .. import MaleHPG, dose, infusion, simulate
from . import plots
from .explorer import Choice, Explorer, Slider, register


_GNRH_PATTERNS = ("pump: a pulse every 90 min", "continuous infusion",
                  "two injections a week", "none")


@register
def gonadorelin_pattern_explorer() -> Explorer:
    """LH, FSH and testosterone under pulsatile vs continuous gonadorelin (chapter 6)."""

    def compute(pattern, ug_per_day, own_pulses):
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


@register
def hcg_trt_explorer() -> Explorer:
    """Leydig-cell output and LH on testosterone therapy with hCG (chapter 6)."""

    def compute(hcg_iu, te_mg_week):
        man = MaleHPG(age=30, bmi=25)
        base = simulate(man, duration="3d", resolution="mean", record_every="2h")
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
