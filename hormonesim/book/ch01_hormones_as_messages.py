"""Chapter 1 explorers and figures: hormones as messages.

Shown in ``chapters/fundamentals/01_hormones_as_messages.ipynb``.

* :func:`half_life_explorer` - How a hormone's half-life shapes its level under pulsatile
  secretion; :func:`half_life_summary` gives the numbers its "What you should see" quotes.
* :func:`figure_hill`, :func:`figure_half_life`, :func:`figure_patch` - the chapter's figures,
  each returned with alt text written from the data it shows (the chapter's code cells keep only
  the model and the regimen).

Each explorer is an :class:`~hormonesim.book.explorer.Explorer`: ``compute`` calls the core,
``draw`` redraws the one figure, ``describe`` writes its alt text from the data it shows.
"""
from __future__ import annotations

import numpy as np

from .. import SecretionClearance, pharmacology, simulate
from ..result import Result
from . import plots
from .explorer import Explorer, Slider, register


# ----------------------------------------------------------------------------------------------
# figures
# ----------------------------------------------------------------------------------------------
def figure_hill(ec50: float = 2.0, hills=(1, 2, 6), c_max: float = 10.0) -> plots.StaticFigure:
    """Hill concentration-response curves with one EC50 (ng/mL) and several Hill coefficients."""
    concentration = np.linspace(0, c_max, 400)          # ng/mL
    fig, ax = plots.figure(width=6.5, height=3.2)
    spans = []
    for n, color in zip(hills, plots.colors(len(hills))):
        response = pharmacology.occupancy(concentration, ec50=ec50, hill=n)
        ax.plot(concentration, response, color=color, label=f"Hill coefficient n = {n:g}")
        rising = concentration[(response > 0.1) & (response < 0.9)]
        spans.append((n, rising.min(), rising.max()))
    ax.axvline(ec50, color="0.4", ls=":", lw=1)
    ax.set_xlabel("Hormone concentration (ng/mL)")
    ax.set_ylabel("Response (fraction of maximum)")
    plots.legend(ax, loc="lower right")
    text = "; ".join(f"with n = {n:g} from 10% to 90% between {lo:.1f} and {hi:.1f} ng/mL"
                     for n, lo, hi in spans)
    return plots.show(fig, alt=f"{len(hills)} saturating concentration-response curves with the "
                      f"same EC50 of {ec50:g} ng/mL, marked by a dotted vertical line where every "
                      f"curve reaches half its maximum. The responses rise {text}.")


def figure_half_life(runs: dict[str, Result]) -> plots.StaticFigure:
    """Rise to steady state after secretion switches on, one line per run of
    :class:`~hormonesim.SecretionClearance` (same secretion and clearance, different half-lives).
    """
    fig, ax = plots.figure(width=6.5, height=3.2)
    parts = []
    for (name, res), color in zip(runs.items(), plots.colors(len(runs))):
        model = res.model
        plots.plot_output(ax, res, "hormone", time_unit="hours", color=color,
                          label_text=f"{name}, half-life {model.half_life_h:g} h")
        level = res["hormone"]
        reached = res.t_hours[level >= 0.9375 * model.steady_level_ng_ml]
        when = (f"reaches 15/16 of it at {reached[0]:.1f} h" if reached.size
                else f"is at {level[-1] / model.steady_level_ng_ml * 100:.0f}% of it at "
                     f"{res.t_hours[-1]:.0f} h")
        parts.append(f"the {model.half_life_h:g}-hour hormone {when}")
    steady = next(iter(runs.values())).model.steady_level_ng_ml
    ax.axhline(steady, color="0.3", ls=":", lw=1, label="secretion / clearance")
    ax.set_ylabel("Hormone level (ng/mL)")
    plots.legend(ax, loc="lower right")
    return plots.show(fig, alt=f"{len(runs)} hormones with equal secretion and clearance but "
                      f"different half-lives rise from zero after secretion starts. All approach "
                      f"the same level of {steady:.2f} ng/mL, marked by a dotted line; "
                      + "; ".join(parts) + ".")


def figure_patch(res: Result, half_life_h: float) -> plots.StaticFigure:
    """Estradiol after a patch is applied, with the plateau and the 1-5 half-life marks.

    ``half_life_h`` is the half-life of the slowest step (the skin reservoir), in hours.
    """
    fig, ax = plots.figure(width=6.5, height=3.2)
    e2 = res["estradiol"]
    base, plateau = float(e2[0]), float(e2[-1])
    plots.plot_output(ax, res, "estradiol", time_unit="hours", label_text="estradiol")
    ax.axhline(plateau, color="0.3", ls=":", lw=1, label="plateau")
    for k in range(1, 6):
        ax.axvline(k * half_life_h, color="0.6", ls="--", lw=0.8,
                   label="whole half-lives of the skin reservoir" if k == 1 else None)
    plots.legend(ax, loc="lower right")
    k4 = int(np.argmin(np.abs(res.t_hours - 4 * half_life_h)))
    share = (e2[k4] - base) / (plateau - base) * 100
    return plots.show(fig, alt=f"Estradiol of a virtual postmenopausal woman over "
                      f"{res.t_hours[-1]:.0f} hours after a patch is applied at hour 0: it rises "
                      f"from {base:.0f} pg/mL to a plateau of {plateau:.0f} pg/mL (dotted line). "
                      f"Dashed lines mark 1 to 5 half-lives of the skin reservoir "
                      f"({half_life_h:g} h each); at 4 half-lives the level has covered "
                      f"{share:.1f}% of the way to the plateau.")


# ----------------------------------------------------------------------------------------------
# the explorer
# ----------------------------------------------------------------------------------------------
def _half_life_run(half_life_h, pulse_interval_h, secretion_ug_per_h):
    model = SecretionClearance(half_life_h=half_life_h, pulse_interval_h=pulse_interval_h,
                               secretion_ug_per_h=secretion_ug_per_h)
    return {"res": simulate(model, duration="24h"), "model": model}


def half_life_summary(half_life_h: float = 2.3, pulse_interval_h: float = 1.5,
                      secretion_ug_per_h: float = 10.0) -> dict[str, float]:
    """The numbers the half-life explorer shows at one setting (after the first 12 hours).

    Returns
    -------
    dict
        ``low``, ``high``, ``mean`` (ng/mL), ``trough_to_peak`` (low / high), ``swing_pct``
        ((high - low) / mean, %) and ``steady`` (secretion / clearance, ng/mL).
    """
    data = _half_life_run(half_life_h, pulse_interval_h, secretion_ug_per_h)
    res, model = data["res"], data["model"]
    v = res["hormone"][res.t_hours >= 12]
    return {"low": float(v.min()), "high": float(v.max()), "mean": float(v.mean()),
            "trough_to_peak": float(v.min() / v.max()),
            "swing_pct": float((v.max() - v.min()) / v.mean() * 100),
            "steady": float(model.steady_level_ng_ml)}


@register
def half_life_explorer() -> Explorer:
    """How a hormone's half-life shapes its level under pulsatile secretion (chapter 1)."""

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
        _half_life_run, draw, describe, static_control="half_life_h", static_points=6)
