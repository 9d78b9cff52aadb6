"""Chapter 2 explorers: feedback and homeostasis.

Shown in ``chapters/fundamentals/02_feedback_and_homeostasis.ipynb``.

* :func:`feedback_explorer` - When a negative-feedback loop settles and when it oscillates.

Each is an :class:`~hormonesim.book.explorer.Explorer`: ``compute`` calls the core, ``draw``
redraws the one figure, ``describe`` writes its alt text from the data it shows.
"""
from __future__ import annotations

from .. import FeedbackLoop, simulate
from . import plots
from .explorer import Explorer, Slider, register


@register
def feedback_explorer() -> Explorer:
    """When a negative-feedback loop settles and when it oscillates (chapter 2)."""

    def compute(gain, hill, delay_h):
        model = FeedbackLoop(gain=gain, hill=hill, delay_h=delay_h)
        res = simulate(model, duration="10d")
        return {"res": res, "model": model}

    def draw(fig, data, values):
        ax = fig.axes[0]
        res = data["res"]
        t, xlabel = plots.time_values(res, "days")
        for name, color in (("releasing_hormone", plots.PALETTE["purple"]),
                            ("trophic_hormone", plots.PALETTE["green"]),
                            ("target_hormone", plots.PALETTE["blue"])):
            ax.plot(t, res[name], color=color, label=name.replace("_", " "))
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
        compute, draw, describe, static_control="delay_h", static_points=5)
