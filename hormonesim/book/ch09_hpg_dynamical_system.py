"""Chapter 9 explorers: the HPG axis as a dynamical system.

Shown in ``chapters/academic/09_hpg_dynamical_system.ipynb``.

* :func:`hpg_perturbation_explorer` - The axis's response to a perturbation: feedback steepness and
  the return to set point.
* :func:`desensitisation_explorer` - GnRH-receptor desensitisation against pulse interval and
  continuous exposure.

Each is an :class:`~hormonesim.book.explorer.Explorer`: ``compute`` calls the core, ``draw``
redraws the one figure, ``describe`` writes its alt text from the data it shows.
"""
from __future__ import annotations

from .. import MaleHPG, dose, simulate
from . import plots
from .explorer import Explorer, Slider, register


@register
def hpg_perturbation_explorer() -> Explorer:
    """The axis's response to a perturbation: feedback steepness and the return to set point (ch 9)."""

    def compute(te_mg, feedback_hill, feedback_threshold):
        man = MaleHPG(age=35, bmi=25, free_t_feedback_hill=feedback_hill,
                      free_t_feedback_pg_ml=feedback_threshold)
        plan = dose("testosterone_enanthate", te_mg, "mg", start="2d", count=1) if te_mg else None
        res = simulate(man, plan, duration="5w", resolution="mean", record_every="2h")
        pre = res.t_hours < 48
        lh0 = float(res["lh"][pre].mean())
        t0 = float(res["testosterone"][pre].mean())
        lh = res["lh"]
        return {"res": res, "lh0": lh0, "t0": t0, "lh_min": float(lh.min()),
                "lh_end": float(lh[-12:].mean())}

    def draw(fig, data, values):
        ax1, ax2 = fig.axes[:2]
        res = data["res"]
        plots.plot_output(ax1, res, "testosterone", time_unit="days")
        plots.plot_output(ax2, res, "lh", time_unit="days")
        ax2.axhline(data["lh0"], color="0.4", ls=":", lw=1, label="set point before the dose")
        ax1.set_title(f"Enanthate {values['te_mg']:g} mg on day 2; feedback steepness "
                      f"{values['feedback_hill']:g}, threshold {values['feedback_threshold']:g} "
                      f"pg/mL free T", fontsize=9)
        plots.legend(ax2, loc="lower right", fontsize=7)

    def describe(data, values):
        return (f"Two line charts over 5 weeks: total testosterone and LH of a virtual man given "
                f"one {values['te_mg']:g} mg enanthate injection on day 2, with feedback "
                f"steepness {values['feedback_hill']:g} and threshold "
                f"{values['feedback_threshold']:g} pg/mL. Before the dose testosterone averages "
                f"{data['t0']:.0f} ng/dL and LH {data['lh0']:.2f} IU/L; LH falls to "
                f"{data['lh_min']:.2f} IU/L and ends at {data['lh_end']:.2f} IU/L.")

    return Explorer(
        "hpg_perturbation_explorer", "Perturbing the axis: a single dose and the way back",
        "How do the feedback's steepness and threshold set the level, the suppression and the "
        "recovery?",
        {"te_mg": Slider("Enanthate dose", 0.0, 500.0, 50.0, 250.0, "mg"),
         "feedback_hill": Slider("Feedback steepness (Hill)", 1.0, 6.0, 0.5, 5.5),
         "feedback_threshold": Slider("Feedback threshold (free T)", 30.0, 150.0, 10.0, 66.3,
                                      "pg/mL")},
        compute, draw, describe, static_control="feedback_hill", static_points=4, nrows=2,
        figsize=(7.0, 5.2), sharex=True)


@register
def desensitisation_explorer() -> Explorer:
    """GnRH-receptor desensitisation against pulse interval and continuous exposure (chapter 9)."""

    def compute(interval_min, pulse_ug, desensitisation_per_h):
        man = MaleHPG(gnrh_pulse_generator=False, desensitisation_per_h=desensitisation_per_h)
        res = simulate(man, dose("gonadorelin", pulse_ug, "ug", every=f"{interval_min:g}min"),
                       duration="2d", resolution="pulse", record_every="4min")
        late = res.t_hours >= 24
        return {"res": res, "lh": float(res["lh"][late].mean()),
                "r": float(res["receptor_responsive"][late].mean()),
                "rmin": float(res["receptor_responsive"][late].min())}

    def draw(fig, data, values):
        ax1, ax2 = fig.axes[:2]
        res = data["res"]
        t, xlabel = plots.time_values(res, "hours")
        ax1.plot(t, res["receptor_responsive"], color=plots.PALETTE["purple"],
                 label="responsive GnRH receptors")
        ax1.set_ylabel("Responsive fraction")
        ax1.set_ylim(0, 1.05)
        plots.plot_output(ax2, res, "lh", time_unit="hours")
        ax1.set_title(f"{values['pulse_ug']:g} ug gonadorelin every {values['interval_min']:g} "
                      f"min; desensitisation {values['desensitisation_per_h']:g} per h", fontsize=9)
        plots.legend(ax1, loc="lower right", fontsize=7)

    def describe(data, values):
        return (f"Two line charts over 48 hours in a virtual man without his own GnRH pulses, "
                f"given {values['pulse_ug']:g} ug gonadorelin every {values['interval_min']:g} "
                f"minutes: the fraction of responsive pituitary GnRH receptors dips with each "
                f"pulse (on day 2 its mean is {data['r']:.2f}, its lowest {data['rmin']:.2f}) and "
                f"LH averages {data['lh']:.2f} IU/L on day 2.")

    return Explorer(
        "desensitisation_explorer", "Desensitisation: how often can the pituitary be stimulated?",
        "Which pulse interval gives the most LH for a given pulse size, and why does a shorter one "
        "give less?",
        {"interval_min": Slider("Pulse interval", 15.0, 240.0, 15.0, 90.0, "min"),
         "pulse_ug": Slider("Pulse size", 1.0, 40.0, 1.0, 5.0, "ug"),
         "desensitisation_per_h": Slider("Desensitisation rate", 1.0, 30.0, 1.0, 10.0, "1/h")},
        compute, draw, describe, static_control="interval_min", static_points=5, nrows=2,
        figsize=(7.0, 5.2), sharex=True)
