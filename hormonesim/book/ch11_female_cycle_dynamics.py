"""Chapter 11 explorers: hormonal interplay in female health.

Shown in ``chapters/academic/11_female_cycle_dynamics.ipynb``.

* :func:`follicle_reserve_explorer` - How a shrinking follicle reserve turns regular cycles into
  irregular ones.
* :func:`cycle_feedback_explorer` - The surge needs positive feedback; negative feedback sets the
  follicular phase.

Each is an :class:`~hormonesim.book.explorer.Explorer`: ``compute`` calls the core, ``draw``
redraws the one figure, ``describe`` writes its alt text from the data it shows.
"""
from __future__ import annotations

from .. import FemaleHPO, simulate
from ..models.female_hpo import cycle_lengths, lh_surges
from . import plots
from .explorer import Explorer, Slider, register


def _cycle_summary(res) -> dict:
    surges = lh_surges(res)
    return {"surges": surges, "cycles": cycle_lengths(res)}


def _draw_cycle(fig, res, summary, title):
    ax_e, ax_g = fig.axes[0], fig.axes[1]
    plots.plot_output(ax_e, res, "estradiol", time_unit="weeks", label_text="estradiol (pg/mL)")
    t, _ = plots.time_values(res, "weeks")
    ax_e.plot(t, res["progesterone"] * 10, color=plots.HORMONE_COLORS["progesterone"], lw=1.2,
              label="progesterone x 10 (ng/mL x 10)")
    ax_e.set_ylabel("Estradiol (pg/mL)")
    ax_e.set_xlabel("")
    ax_e.set_ylim(0, max(300.0, float(res["estradiol"].max()) * 1.1,
                         float(res["progesterone"].max()) * 11))
    ax_e.set_title(title)
    plots.plot_output(ax_g, res, "lh", time_unit="weeks", label_text="LH")
    ax_g.plot(t, res["fsh"], color=plots.HORMONE_COLORS["fsh"], label="FSH")
    ax_g.set_ylabel("LH, FSH (IU/L)")
    for s in summary["surges"]:
        ax_g.axvline(s / 7, color="0.5", lw=0.6, ls=":")
    ax_g.set_ylim(0, max(60.0, float(res["lh"].max()) * 1.1, float(res["fsh"].max()) * 1.1))
    plots.legend(ax_g, loc="upper right")
    plots.legend(ax_e, loc="upper right")


def _describe_cycle(res, summary, setting):
    n, cl = len(summary["surges"]), summary["cycles"]
    cyc = (f"cycle lengths {', '.join(f'{c:.0f}' for c in cl)} days" if len(cl)
           else "no complete cycle")
    return (f"Two stacked line charts over 12 weeks for a virtual woman with {setting}. Top: "
            f"estradiol (mean {res['estradiol'].mean():.0f}, maximum {res['estradiol'].max():.0f} "
            f"pg/mL) and progesterone (maximum {res['progesterone'].max():.1f} ng/mL). Bottom: LH "
            f"(maximum {res['lh'].max():.0f} IU/L) and FSH (mean {res['fsh'].mean():.0f} IU/L), "
            f"with dotted lines at {n} LH surges (ovulations); {cyc}.")


@register
def follicle_reserve_explorer() -> Explorer:
    """How a shrinking follicle reserve turns regular cycles into irregular ones (chapter 11)."""

    def compute(follicle_reserve, seed):
        res = simulate(FemaleHPO(age=45, follicle_reserve=follicle_reserve), duration="12w",
                       seed=int(seed))
        return {"res": res, "summary": _cycle_summary(res)}

    def draw(fig, data, values):
        _draw_cycle(fig, data["res"], data["summary"],
                    f"Follicle reserve {values['follicle_reserve']:g} (1 = age 25-35)")

    def describe(data, values):
        return _describe_cycle(data["res"], data["summary"],
                               f"follicle reserve {values['follicle_reserve']:g} (seed "
                               f"{int(values['seed'])})")

    return Explorer(
        "follicle_reserve_explorer", "Follicle reserve and the menopause transition",
        "Below which follicle reserve do ovulations become irregular, and what happens to FSH "
        "and estradiol?",
        {"follicle_reserve": Slider("Follicle reserve", 0.0, 1.2, 0.05, 1.0),
         "seed": Slider("Random seed", 0, 9, 1, 0, integer=True)},
        compute, draw, describe, static_control="follicle_reserve", static_points=5,
        nrows=2, figsize=(7.0, 5.2), sharex=True)


@register
def cycle_feedback_explorer() -> Explorer:
    """The surge needs positive feedback; negative feedback sets the follicular phase (chapter 11)."""

    def compute(positive_feedback, negative_feedback):
        res = simulate(FemaleHPO(age=30, positive_feedback=positive_feedback,
                                 negative_feedback=negative_feedback), duration="12w", seed=0)
        return {"res": res, "summary": _cycle_summary(res)}

    def draw(fig, data, values):
        _draw_cycle(fig, data["res"], data["summary"],
                    f"Positive feedback x{values['positive_feedback']:g}, negative feedback "
                    f"x{values['negative_feedback']:g}")

    def describe(data, values):
        return _describe_cycle(data["res"], data["summary"],
                               f"E2 positive feedback at {values['positive_feedback']:g} and "
                               f"negative feedback at {values['negative_feedback']:g} times the "
                               f"default")

    return Explorer(
        "cycle_feedback_explorer", "Positive and negative feedback in the cycle",
        "How weak can estradiol's positive feedback become before the LH surge, and with it "
        "ovulation, fails?",
        {"positive_feedback": Slider("Positive feedback", 0.0, 2.0, 0.1, 1.0),
         "negative_feedback": Slider("Negative feedback", 0.5, 2.0, 0.1, 1.0)},
        compute, draw, describe, static_control="positive_feedback", static_points=5,
        nrows=2, figsize=(7.0, 5.2), sharex=True)
