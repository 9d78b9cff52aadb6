"""Chapter 8 explorers: peptide therapies and the GH axis.

Shown in ``chapters/intermediate/08_peptides_gh_axis.ipynb``.

* :func:`peptide_pulse_explorer` - GH pulses over 24 h under sermorelin, ipamorelin or both, by
  dose and timing (:func:`peptide_setting` computes one setting of it).
* Figure helpers: :func:`gh_day_figure`, :func:`timing_figure`, :func:`synergy_figure`.

Each is an :class:`~hormonesim.book.explorer.Explorer`: ``compute`` calls the core, ``draw``
redraws the one figure, ``describe`` writes its alt text from the data it shows.
"""
from __future__ import annotations

import numpy as np

from .. import GHAxis, dose, pulse_analysis, simulate
from . import plots
from .cache import gh_untreated, gh_untreated_pulses
from .explorer import Explorer, Slider, register


def _clock(hour: float) -> str:
    return f"{int(hour) % 24:02d}:{int(round((hour % 1) * 60)):02d}"


def peptide_setting(sermorelin_ug: float = 300.0, ipamorelin_ug: float = 0.0, clock_h: float = 22.0,
                    age: float = 40.0, seed: int = 1) -> dict:
    """One setting of the peptide explorer: 24 h from 08:00, with and without the injection.

    Returns ``res`` and ``base`` (Results), ``model``, ``start_h`` (hours after 08:00), the pulse
    analyses ``pulses`` and ``base_pulses``, and ``extra``: GH added over the 3 h after the
    injection (ng/mL x h, treated minus untreated).
    """
    model = GHAxis(age=age)
    start_h = (clock_h - model.start_clock_h) % 24.0
    plan = None
    if sermorelin_ug > 0:
        plan = dose("sermorelin", sermorelin_ug, "ug", start=start_h)
    if ipamorelin_ug > 0:
        p = dose("ipamorelin", ipamorelin_ug, "ug", start=start_h)
        plan = p if plan is None else plan + p
    base = gh_untreated(age, seed)
    base_pulses = gh_untreated_pulses(age, seed)
    res = simulate(model, plan, duration="24h", seed=seed) if plan is not None else base
    w = (res.t_hours >= start_h) & (res.t_hours <= start_h + 3)
    extra = float(np.trapezoid(res["gh"][w] - base["gh"][w], res.t_hours[w])) if w.sum() > 1 else 0.0
    return {"res": res, "base": base, "model": model, "start_h": start_h,
            "pulses": pulse_analysis(res) if plan is not None else base_pulses,
            "base_pulses": base_pulses, "extra": extra}


@register
def peptide_pulse_explorer() -> Explorer:
    """GH pulses over 24 h under sermorelin, ipamorelin or both, by dose and timing (ch. 8)."""

    def compute(sermorelin_ug, ipamorelin_ug, clock_h, age, seed):
        return peptide_setting(sermorelin_ug, ipamorelin_ug, clock_h, age, seed)

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
        extra = data["extra"]
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


# ---------------------------------------------------------------------------------------------
# the chapter's figures: the notebook shows the model and the regimen, these draw them
# ---------------------------------------------------------------------------------------------

def gh_day_figure(day, model) -> plots.StaticFigure:
    """GHRH, somatostatin, GH and IGF-1 over one simulated day, on clock time."""
    fig, axes = plots.gh_axis_panels(day)
    ticks = np.arange(0, 25, 4)
    axes[-1].set_xticks(ticks)
    axes[-1].set_xticklabels([_clock(model.start_clock_h + t) for t in ticks])
    axes[-1].set_xlabel("Clock time (the simulation starts at 08:00)")
    pulses = pulse_analysis(day)
    night = (day.t_hours >= 15) & (day.t_hours < 18)
    return plots.show(fig, alt=(
        f"Four stacked line charts over 24 hours from 08:00 for a simulated man. GHRH (top) "
        f"fluctuates in brief surges up to about {day['ghrh'].max():.0f} pg/mL. Somatostatin "
        f"(second) has a median of {np.median(day['somatostatin']):.0f} pg/mL and rises after each "
        f"GH pulse. GH (third) shows {pulses.count} detected pulses, from "
        f"{np.percentile(day['gh'], 5):.1f} ng/mL between pulses to a highest peak of "
        f"{day['gh'].max():.1f} ng/mL; its mean is {day['gh'][night].mean():.1f} ng/mL in the "
        f"first three hours of sleep (shaded) against {day['gh'][~night].mean():.1f} ng/mL the "
        f"rest of the day. IGF-1 (bottom) changes slowly, between {day['igf1'].min():.0f} and "
        f"{day['igf1'].max():.0f} ng/mL."))


def timing_figure(clock_times, extra: dict) -> plots.StaticFigure:
    """Extra GH over 3 h against the clock time of one injection, one line per peptide."""
    fig, ax = plots.figure(width=6.8, height=3.2)
    for (label, values), color, marker in zip(extra.items(), (plots.PALETTE["purple"],
                                                               plots.PALETTE["orange"]), "os"):
        ax.plot(clock_times, values, marker + "-", color=color, label=label)
    ax.set_xticks(clock_times)
    ax.set_xticklabels([f"{c:02d}:00" for c in clock_times])
    ax.set_xlabel("Clock time of the injection")
    ax.set_ylabel("Extra GH over 3 h (ng/mL x h)")
    ax.set_ylim(bottom=0)
    plots.legend(ax, loc="upper left")
    text = "; ".join(f"{k} between {min(v):.1f} and {max(v):.1f} ng/mL x h, highest at "
                     f"{clock_times[int(np.argmax(v))]:02d}:00" for k, v in extra.items())
    return plots.show(fig, alt=(
        f"Line chart of the extra GH released in the 3 hours after one subcutaneous injection, "
        f"against the clock time of the injection from {clock_times[0]:02d}:00 to "
        f"{clock_times[-1]:02d}:00, mean of simulated men: " + text + "."))


def synergy_figure(extra: dict) -> plots.StaticFigure:
    """Bars: extra GH for each peptide alone, both together, and the sum of the two alone."""
    names = list(extra)
    total = extra[names[0]] + extra[names[1]]
    fig, ax = plots.figure(width=6.0, height=3.0)
    heights = list(extra.values()) + [total]
    ax.bar(range(4), heights, color=[plots.PALETTE["purple"], plots.PALETTE["orange"],
                                     plots.PALETTE["blue"], "white"], edgecolor="0.3")
    ax.set_xticks(range(4))
    ax.set_xticklabels(names + ["sum of the two"], fontsize=9)
    ax.set_ylabel("Extra GH over 3 h (ng/mL x h)")
    return plots.show(fig, alt=(
        "Bar chart of the extra GH over the 3 hours after injections at 22:00, mean of simulated "
        "men aged 40: " + ", ".join(f"{k} {v:.1f}" for k, v in extra.items())
        + f" ng/mL x h, against {total:.1f} for the sum of the two given separately (open bar)."))
