"""Chapter 1 explorers: hormones as messages.

Shown in ``chapters/fundamentals/01_hormones_as_messages.ipynb``.

* :func:`half_life_explorer` - How a hormone's half-life shapes its level under pulsatile
  secretion.

Each is an :class:`~hormonesim.book.explorer.Explorer`: ``compute`` calls the core, ``draw``
redraws the one figure, ``describe`` writes its alt text from the data it shows.
"""
from __future__ import annotations

from .. import SecretionClearance, simulate
from . import plots
from .explorer import Explorer, Slider, register


@register
def half_life_explorer() -> Explorer:
    """How a hormone's half-life shapes its level under pulsatile secretion (chapter 1)."""

    def compute(half_life_h, pulse_interval_h, secretion_ug_per_h):
        model = SecretionClearance(half_life_h=half_life_h, pulse_interval_h=pulse_interval_h,
                                   secretion_ug_per_h=secretion_ug_per_h)
        res = simulate(model, duration="24h")
        return {"res": res, "model": model}

    def draw(fig, data, values):
        ax = fig.axes[0]
        res, model = data["res"], data["model"]
        plots.plot_output(ax, res, "hormone", time_unit="hours", color=plots.PALETTE["blue"],
                          label_text="hormone level")
        ax.axhline(model.steady_level_ng_ml, color=plots.PALETTE["vermillion"], ls="--", lw=1.2,
                   label=f"secretion / clearance = {model.steady_level_ng_ml:.2g} ng/mL")
        ax.set_ylabel("Hormone level (ng/mL = ug/L)")
        ax.set_title(f"Half-life {values['half_life_h']:g} h, a pulse every "
                     f"{values['pulse_interval_h']:g} h")
        plots.legend(ax, loc="upper right")

    def describe(data, values):
        res, model = data["res"], data["model"]
        late = res.t_hours >= 12
        v = res["hormone"][late]
        swing = (v.max() - v.min()) / v.mean() * 100
        return (f"Line chart of a hormone's level over 24 hours with a secretory pulse every "
                f"{values['pulse_interval_h']:g} h and a half-life of {values['half_life_h']:g} h. "
                f"After the first 12 hours the level swings between {v.min():.2g} and {v.max():.2g} "
                f"ng/mL, a swing of {swing:.0f}% of its mean of {v.mean():.2g} ng/mL; a dashed line "
                f"marks the average predicted by secretion divided by clearance, "
                f"{model.steady_level_ng_ml:.2g} ng/mL.")

    return Explorer(
        "half_life_explorer", "Half-life and pulsatile secretion",
        "How short must a half-life be for secretory pulses to show in the blood?",
        {"half_life_h": Slider("Half-life", 0.1, 12.0, 0.1, 2.3, "h"),
         "pulse_interval_h": Slider("Pulse interval", 0.5, 6.0, 0.5, 1.5, "h"),
         "secretion_ug_per_h": Slider("Mean secretion", 1.0, 50.0, 1.0, 10.0, "ug/h")},
        compute, draw, describe, static_control="half_life_h", static_points=6)
