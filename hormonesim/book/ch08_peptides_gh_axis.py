"""Chapter 8 explorers: peptide therapies and the GH axis.

Shown in ``chapters/intermediate/08_peptides_gh_axis.ipynb``.

* :func:`peptide_pulse_explorer` - GH pulses over 24 h under sermorelin, ipamorelin or both, by
  dose and timing.

Each is an :class:`~hormonesim.book.explorer.Explorer`: ``compute`` calls the core, ``draw``
redraws the one figure, ``describe`` writes its alt text from the data it shows.
"""
from __future__ import annotations

import numpy as np

from .. import GHAxis, dose, pulse_analysis, simulate
from . import plots
from .cache import gh_untreated
from .explorer import Explorer, Slider, register


def _clock(hour: float) -> str:
    return f"{int(hour) % 24:02d}:{int(round((hour % 1) * 60)):02d}"


@register
def peptide_pulse_explorer() -> Explorer:
    """GH pulses over 24 h under sermorelin, ipamorelin or both, by dose and timing (ch. 8)."""

    def compute(sermorelin_ug, ipamorelin_ug, clock_h, age, seed):
        model = GHAxis(age=age)
        start_h = (clock_h - model.start_clock_h) % 24.0
        plan = None
        if sermorelin_ug > 0:
            plan = dose("sermorelin", sermorelin_ug, "ug", start=start_h)
        if ipamorelin_ug > 0:
            p = dose("ipamorelin", ipamorelin_ug, "ug", start=start_h)
            plan = p if plan is None else plan + p
        base = gh_untreated(age, seed)
        res = simulate(model, plan, duration="24h", seed=seed) if plan is not None else base
        return {"res": res, "base": base, "model": model, "start_h": start_h,
                "pulses": pulse_analysis(res), "base_pulses": pulse_analysis(base)}

    def draw(fig, data, values):
        ax = fig.axes[0]
        res, base, model = data["res"], data["base"], data["model"]
        plots.shade_sleep(ax, model, 24.0)
        ax.plot(base.t_hours, base["gh"], color="0.55", lw=1.2, ls="-",
                label="same man, no peptide")
        plots.pulse_plot(ax, res, data["pulses"], color=plots.HORMONE_COLORS["gh"],
                         label_text="GH with the peptide(s)")
        plots.mark_doses(ax, res)
        ticks = np.arange(0, 25, 4)
        ax.set_xticks(ticks)
        ax.set_xticklabels([_clock(model.start_clock_h + t) for t in ticks])
        ax.set_xlabel("Clock time (the simulation starts at 08:00)")
        given = [f"sermorelin {values['sermorelin_ug']:g} ug" if values["sermorelin_ug"] else "",
                 f"ipamorelin {values['ipamorelin_ug']:g} ug" if values["ipamorelin_ug"] else ""]
        given = " + ".join(g for g in given if g) or "no peptide"
        ax.set_title(f"{given} sc at {_clock(values['clock_h'])}, man aged {values['age']:g}")
        plots.legend(ax, loc="upper left", fontsize=8)

    def describe(data, values):
        res, base = data["res"], data["base"]
        t0 = data["start_h"]
        w = (res.t_hours >= t0) & (res.t_hours <= t0 + 3)
        extra = float(np.trapezoid(res["gh"][w] - base["gh"][w], res.t_hours[w])) if w.sum() > 1 \
            else 0.0
        return (f"Line chart of GH over 24 hours from 08:00 for a simulated man aged "
                f"{values['age']:g}, with sermorelin {values['sermorelin_ug']:g} ug and ipamorelin "
                f"{values['ipamorelin_ug']:g} ug injected under the skin at "
                f"{_clock(values['clock_h'])}. The 24-hour mean GH is {res['gh'].mean():.2f} ng/mL "
                f"(untreated {base['gh'].mean():.2f} ng/mL), the highest peak "
                f"{res['gh'].max():.1f} ng/mL, and {data['pulses'].count} pulses are detected "
                f"(untreated {data['base_pulses'].count}). In the 3 hours after the injection "
                f"the peptide(s) add {extra:.1f} ng/mL x h of GH above the untreated curve; the "
                f"shaded band marks early sleep, when the body's own largest pulse comes.")

    return Explorer(
        "peptide_pulse_explorer", "GH pulses under sermorelin and ipamorelin",
        "Does a peptide injection add a pulse on top of the body's own, and does the time of day "
        "change how much GH it releases?",
        {"sermorelin_ug": Slider("Sermorelin dose", 0.0, 1000.0, 50.0, 300.0, "ug"),
         "ipamorelin_ug": Slider("Ipamorelin dose", 0.0, 1000.0, 50.0, 0.0, "ug"),
         "clock_h": Slider("Injection clock time", 8.0, 23.0, 1.0, 22.0, "h"),
         "age": Slider("Age", 20.0, 80.0, 5.0, 40.0, "years"),
         "seed": Slider("Virtual man (seed)", 0, 9, 1, 1, integer=True)},
        compute, draw, describe, static_control="clock_h", static_points=4,
        figsize=(7.5, 3.8))
