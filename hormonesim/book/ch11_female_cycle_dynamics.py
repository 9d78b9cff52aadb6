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


# ---------------------------------------------------------------------------------------------
# the chapter's static figures: plotting and alt text live here, the model calls in the chapter
# ---------------------------------------------------------------------------------------------
def cycle_figure(cycle, surges):
    """Estradiol and progesterone (top), LH and FSH (bottom) of one simulated woman."""
    fig, (ax_s, ax_g) = plots.figure(2, 1, width=7.0, height=5.0, sharex=True)
    plots.plot_output(ax_s, cycle, "estradiol", time_unit="days", label_text="estradiol (pg/mL)")
    ax_s.plot(cycle.t_days, cycle["progesterone"] * 10, color=plots.HORMONE_COLORS["progesterone"],
              label="progesterone x 10 (ng/mL x 10)")
    ax_s.set_ylabel("Estradiol (pg/mL)")
    ax_s.set_xlabel("")
    plots.legend(ax_s, loc="upper right")
    plots.plot_output(ax_g, cycle, "lh", time_unit="days", label_text="LH")
    ax_g.plot(cycle.t_days, cycle["fsh"], color=plots.HORMONE_COLORS["fsh"], label="FSH")
    ax_g.set_ylabel("LH, FSH (IU/L)")
    for s in surges:
        ax_g.axvline(s, color="0.5", ls=":", lw=0.8)
    ax_s.set_ylim(0, 1.1 * max(cycle["estradiol"].max(), 10 * cycle["progesterone"].max()))
    ax_g.set_ylim(0, 1.1 * max(cycle["lh"].max(), cycle["fsh"].max()))
    plots.legend(ax_g, loc="upper right")
    return plots.show(fig, alt=(
        "Two stacked line charts of a simulated 30-year-old woman over 9 weeks. Top: estradiol "
        f"rises to about {cycle['estradiol'].max():.0f} pg/mL before each ovulation, falls, and has "
        f"a smaller luteal rise; progesterone peaks at {cycle['progesterone'].max():.1f} ng/mL in "
        f"each luteal phase. Bottom: LH surges to {cycle['lh'].max():.0f} IU/L on days "
        + ", ".join(f"{s:.0f}" for s in surges) + " (dotted lines); FSH has a small rise before "
        "each follicular phase and a small mid-cycle peak."))


def reset_figure(untreated, treated, start_day, s_u, s_t):
    """LH with and without a 10-day progesterone course (shaded)."""
    fig, ax = plots.figure(width=7.0, height=3.2)
    plots.plot_output(ax, untreated, "lh", time_unit="days", color=plots.PALETTE["green"],
                      label_text="no treatment")
    plots.plot_output(ax, treated, "lh", time_unit="days", color=plots.PALETTE["purple"],
                      label_text="progesterone days %.0f-%.0f" % (start_day, start_day + 9))
    ax.axvspan(start_day, start_day + 10, color="0.85", lw=0)
    ax.set_ylim(0, 1.1 * max(untreated["lh"].max(), treated["lh"].max()))
    plots.legend(ax, loc="upper right")
    shift = s_t[-1] - s_u[-1] if len(s_t) and len(s_u) else float("nan")
    return plots.show(fig, alt=(
        "Line chart of LH over 12 weeks with and without a 10-day progesterone course (shaded, "
        f"from day {start_day:.0f}). Without treatment surges fall on days "
        + ", ".join(f"{s:.0f}" for s in s_u) + "; with it on days "
        + ", ".join(f"{s:.0f}" for s in s_t) + f". The last surge shown moves by {shift:.0f} days."))


def reserve_figure(reserves, n_ov, fsh, p4):
    """Ovulations (left) and mean FSH and progesterone (right) against the follicle reserve."""
    fig, (ax_n, ax_h) = plots.figure(1, 2, width=7.5, height=3.2)
    ax_n.plot(reserves, n_ov, "o-", color=plots.PALETTE["blue"])
    ax_n.set_xlabel("Follicle reserve (1 = age 25-35)")
    ax_n.set_ylabel("Ovulations in 32 weeks")
    ax_h.plot(reserves, fsh, "o-", color=plots.HORMONE_COLORS["fsh"], label="mean FSH (IU/L)")
    ax_h.plot(reserves, p4 * 10, "s-", color=plots.HORMONE_COLORS["progesterone"],
              label="mean progesterone x 10 (ng/mL x 10)")
    ax_h.set_xlabel("Follicle reserve (1 = age 25-35)")
    ax_h.set_ylabel("Level")
    plots.legend(ax_h, loc="upper right")
    return plots.show(fig, alt=(
        "Left: ovulations in 32 simulated weeks against follicle reserve from "
        f"{reserves[0]:g} to {reserves[-1]:g}: "
        + ", ".join(f"{r:g}: {n}" for r, n in zip(reserves, n_ov))
        + f". Right: mean FSH goes from {fsh[0]:.0f} IU/L at reserve {reserves[0]:g} to "
        f"{fsh[-1]:.1f} IU/L at reserve {reserves[-1]:g}, and mean progesterone from "
        f"{p4[0]:.1f} to {p4[-1]:.1f} ng/mL."))
