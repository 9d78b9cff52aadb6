"""Chapter 2 explorers and figures: feedback and homeostasis.

Shown in ``chapters/fundamentals/02_feedback_and_homeostasis.ipynb``.

* :func:`feedback_explorer` - When a negative-feedback loop settles and when it oscillates;
  :func:`feedback_summary` gives the numbers its "What you should see" quotes.
* :func:`figure_perturbation`, :func:`figure_lh_surge`, :func:`surge_summary` - the chapter's
  figures (returned with alt text written from the data they show) and the numbers of the
  positive-feedback section.

Each explorer is an :class:`~hormonesim.book.explorer.Explorer`: ``compute`` calls the core,
``draw`` redraws the one figure, ``describe`` writes its alt text from the data it shows.
"""
from __future__ import annotations

import numpy as np

from .. import FeedbackLoop, simulate
from ..result import Result
from . import plots
from .explorer import Explorer, Slider, register

_LOOP = (("releasing_hormone", "purple"), ("trophic_hormone", "green"),
         ("target_hormone", "blue"))


# ----------------------------------------------------------------------------------------------
# figures
# ----------------------------------------------------------------------------------------------
def figure_perturbation(res: Result) -> plots.StaticFigure:
    """The three hormones of a :class:`~hormonesim.FeedbackLoop` given a dose of its end hormone."""
    model = res.model
    fig, ax = plots.figure(width=7, height=3.3)
    t, xlabel = plots.time_values(res, "hours")
    for name, color in _LOOP:
        ax.plot(t, res[name], color=plots.PALETTE[color], label=name.replace("_", " "))
    ax.axvline(model.pulse_at_h, color="0.4", ls=":", lw=1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("Level (multiples of set point)")
    plots.legend(ax, loc="upper right")
    after = res.t_hours > model.pulse_at_h
    trophic = res["trophic_hormone"]
    k = int(np.argmin(np.where(after, trophic, np.inf)))
    return plots.show(fig, alt=f"Line chart over {res.t_hours[-1]:.0f} hours of a feedback loop at "
                      f"its set point, given an extra dose of target hormone at hour "
                      f"{model.pulse_at_h:g} (dotted line). The target hormone jumps to "
                      f"{res['target_hormone'][after].max():.1f} times its set point and decays "
                      f"back; meanwhile the releasing hormone drops and the trophic hormone falls "
                      f"to {trophic[k]:.2f} times its set point at hour {res.t_hours[k]:.0f} before "
                      f"both recover.")


def surge_summary(res: Result, skip_days: float = 3.0) -> dict[str, float]:
    """Peak LH (IU/L), its day, peak estradiol (pg/mL) and peak progesterone (ng/mL) of a
    :class:`~hormonesim.FemaleHPO` run, ignoring the first ``skip_days`` (the start-up)."""
    late = res.t_days >= skip_days
    lh, e2 = res["lh"][late], res["estradiol"][late]
    k = int(np.argmax(lh))
    return {"lh_peak": float(lh[k]), "lh_peak_day": float(res.t_days[late][k]),
            "lh_median": float(np.median(lh)), "e2_peak": float(e2.max()),
            "e2_peak_day": float(res.t_days[late][int(np.argmax(e2))]),
            "p4_peak": float(res["progesterone"][late].max())}


def figure_lh_surge(runs: dict[str, Result]) -> plots.StaticFigure:
    """Estradiol (top) and LH (bottom) of virtual women, one line per run."""
    fig, (ax_e2, ax_lh) = plots.figure(2, 1, width=7, height=4.6, sharex=True)
    parts = []
    for (name, res), color in zip(runs.items(), plots.colors(len(runs))):
        ax_e2.plot(res.t_days, res["estradiol"], color=color, label=name)
        ax_lh.plot(res.t_days, res["lh"], color=color, label=name)
        s = surge_summary(res)
        parts.append(f"{name}: estradiol peaks at {s['e2_peak']:.0f} pg/mL on day "
                     f"{s['e2_peak_day']:.1f} and LH at {s['lh_peak']:.0f} IU/L on day "
                     f"{s['lh_peak_day']:.1f}, against a median LH of {s['lh_median']:.0f} IU/L")
    ax_e2.set_ylabel("Estradiol (pg/mL)")
    ax_lh.set_ylabel("LH (IU/L)")
    ax_lh.set_xlabel("Time (days)")
    ax_e2.set_ylim(bottom=0)
    ax_lh.set_ylim(bottom=0)
    plots.legend(ax_e2, loc="upper right", fontsize=8)
    days = next(iter(runs.values())).t_days[-1]
    return plots.show(fig, alt=f"Two stacked line charts over {days:.0f} days, estradiol above and "
                      f"LH below, for {len(runs)} virtual women. " + "; ".join(parts) + ".")


# ----------------------------------------------------------------------------------------------
# the explorer
# ----------------------------------------------------------------------------------------------
def _feedback_run(gain, hill, delay_h):
    model = FeedbackLoop(gain=gain, hill=hill, delay_h=delay_h)
    return {"res": simulate(model, duration="10d"), "model": model}


def feedback_summary(gain: float = 2.0, hill: float = 4.0, delay_h: float = 2.0) -> dict:
    """The numbers the feedback explorer shows at one setting (target hormone, days 5-10).

    Returns
    -------
    dict
        ``low``, ``high``, ``swing`` (set-point units), ``oscillates`` (swing > 0.05) and
        ``loop_gain`` (:meth:`~hormonesim.FeedbackLoop.loop_gain`).
    """
    data = _feedback_run(gain, hill, delay_h)
    res = data["res"]
    tgt = res["target_hormone"][res.t_days >= 5]
    swing = float(tgt.max() - tgt.min())
    return {"low": float(tgt.min()), "high": float(tgt.max()), "swing": swing,
            "oscillates": swing > 0.05, "loop_gain": float(data["model"].loop_gain())}


@register
def feedback_explorer() -> Explorer:
    """When a negative-feedback loop settles and when it oscillates (chapter 2)."""

    def draw(fig, data, values):
        ax = fig.axes[0]
        res = data["res"]
        t, xlabel = plots.time_values(res, "days")
        for name, color in _LOOP:
            ax.plot(t, res[name], color=plots.PALETTE[color], label=name.replace("_", " "))
        ax.axhline(1.0, color="0.3", ls=":", lw=1, label="set point")
        ax.set_xlabel(xlabel)
        ax.set_ylabel("Level (multiples of set point)")
        ax.set_ylim(bottom=0)
        ax.set_title(f"Gain {values['gain']:g}, steepness {values['hill']:g}, "
                     f"delay {values['delay_h']:g} h")
        plots.legend(ax, loc="upper right")

    def describe(data, values):
        res = data["res"]
        late = res.t_days >= 5
        tgt = res["target_hormone"][late]
        swing = tgt.max() - tgt.min()
        verdict = ("keeps oscillating" if swing > 0.05 else "settles at its set point")
        return (f"Line chart of the releasing, trophic and target hormones of a negative-feedback "
                f"loop over 10 days, with gain {values['gain']:g}, steepness {values['hill']:g} and "
                f"feedback delay {values['delay_h']:g} h. Starting from half its set point, the "
                f"target hormone {verdict}: over days 5 to 10 it ranges from {tgt.min():.2f} to "
                f"{tgt.max():.2f} times the set point.")

    return Explorer(
        "feedback_explorer", "Negative feedback: gain, steepness and delay",
        "Which combinations of gain and delay turn a steady loop into an oscillating one?",
        {"gain": Slider("Feedback gain", 0.5, 20.0, 0.5, 2.0),
         "hill": Slider("Steepness (Hill coefficient)", 1.0, 8.0, 1.0, 4.0),
         "delay_h": Slider("Feedback delay", 0.0, 24.0, 1.0, 2.0, "h")},
        _feedback_run, draw, describe, static_control="delay_h", static_points=5)
