"""Chapter 5 explorers: aromatisation and anastrozole.

Shown in ``chapters/intermediate/05_aromatisation_anastrozole.ipynb``.

* :func:`aromatase_bmi_explorer` - Estradiol and testosterone against BMI and anastrozole dose.

Each is an :class:`~hormonesim.book.explorer.Explorer`: ``compute`` calls the core, ``draw``
redraws the one figure, ``describe`` writes its alt text from the data it shows.
"""
from __future__ import annotations

from .. import MaleHPG, dose, simulate
from . import plots
from .explorer import Choice, Explorer, Slider, register


@register
def aromatase_bmi_explorer() -> Explorer:
    """Estradiol and testosterone against BMI and anastrozole dose (chapter 5)."""

    def compute(bmi, anastrozole_mg_week, on_trt):
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
