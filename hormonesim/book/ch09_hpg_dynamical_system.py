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

import numpy as np

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
         # defaults: the model's own calibrated values (MaleHPG's parameters), so the explorer
         # opens on the man the rest of the book simulates
         "feedback_hill": Slider("Feedback steepness (Hill)", 1.0, 8.0, 0.5,
                                 MaleHPG().free_t_feedback_hill),
         "feedback_threshold": Slider("Feedback threshold (free T)", 30.0, 180.0, 10.0,
                                      MaleHPG().free_t_feedback_pg_ml, "pg/mL")},
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


# ---------------------------------------------------------------------------------------------
# the chapter's static figures: plotting and alt text live here, the model calls in the chapter
# ---------------------------------------------------------------------------------------------
def time_scales_figure(runs: dict):
    """Total T at pulse resolution with the daily means of both resolutions (``runs`` has keys
    ``"pulse"`` and ``"mean"``, each a Result)."""
    fig, ax = plots.figure(width=7.2, height=3.3)
    t, _ = plots.time_values(runs["pulse"], "days")
    ax.plot(t, runs["pulse"]["testosterone"], color=plots.PALETTE["sky"], lw=0.8,
            label="pulse resolution")
    for resolution, style in (("pulse", "o"), ("mean", "s")):
        days, means = runs[resolution].daily_mean("testosterone")
        ax.plot(days + 0.5, means, style,
                color="0.1" if resolution == "pulse" else plots.PALETTE["vermillion"],
                mfc="white" if resolution == "mean" else None, label=f"daily mean, {resolution}")
    ax.set_xlabel("Time (days)")
    ax.set_ylabel(plots.label("testosterone", "ng/dL"))
    ax.set_ylim(bottom=0)
    plots.legend(ax, loc="lower right", fontsize=8)
    dp = runs["pulse"].daily_mean("testosterone")[1][1:]
    dm = runs["mean"].daily_mean("testosterone")[1][1:]
    return plots.show(fig, alt=(
        "Line chart of total testosterone over 10 days of cypionate 100 mg weekly at 2-minute "
        "resolution, with daily means from the pulse resolution (circles) and the pulse-averaged "
        f"resolution (squares); from day 1 on, they differ by at most "
        f"{np.max(np.abs(dp / dm - 1)) * 100:.1f}%."))


def perturbation_figure(pert, lh0: float, recovery_days: float):
    """Testosterone and LH after one enanthate injection, with LH's set point."""
    fig, axes = plots.figure(2, 1, width=7.2, height=4.8, sharex=True)
    plots.plot_output(axes[0], pert, "testosterone", time_unit="days")
    plots.plot_output(axes[1], pert, "lh", time_unit="days")
    axes[1].axhline(lh0, color="0.4", ls=":", lw=1, label="set point")
    plots.legend(axes[1], loc="lower right", fontsize=8)
    axes[0].set_xlabel("")
    return plots.show(fig, alt=(
        f"Two panels over 6 weeks after one 250 mg enanthate injection on day 2: total "
        f"testosterone peaks at {pert['testosterone'].max():.0f} ng/dL; LH falls from its set "
        f"point of {lh0:.2f} IU/L to {pert['lh'].min():.2f} IU/L and recovers over about "
        f"{recovery_days:.0f} days."))


def frequency_figure(intervals, lh_small, lh_large):
    """Day-2 mean LH against the gonadorelin pulse interval for small and large pulses."""
    fig, ax = plots.figure(width=6.8, height=3.2)
    ax.plot(intervals, lh_small, "o-", color=plots.PALETTE["blue"], label="1 ug pulses")
    ax.plot(intervals, lh_large, "s-", color=plots.PALETTE["vermillion"], label="5 ug pulses")
    ax.set_xlabel("Interval between gonadorelin pulses (min)")
    ax.set_ylabel("Day-2 mean LH (IU/L)")
    ax.set_ylim(bottom=0)
    plots.legend(ax, loc="lower right", fontsize=8)
    best_s, best_l = int(np.argmax(lh_small)), int(np.argmax(lh_large))
    return plots.show(fig, alt=(
        "Line chart of day-2 mean LH in a virtual man without his own GnRH pulses, against the "
        f"interval between gonadorelin pulses from {intervals[0]} to {intervals[-1]} min: with "
        f"1 ug pulses LH peaks at {intervals[best_s]} min ({max(lh_small):.1f} IU/L), with 5 ug "
        f"pulses at {intervals[best_l]} min ({max(lh_large):.1f} IU/L); at {intervals[0]} min LH "
        f"is {lh_small[0]:.1f} and {lh_large[0]:.1f} IU/L."))


def threshold_figure(stages, secant, hills, gain_formula, gain_numeric):
    """Left: the secant threshold against the number of stages. Right: the Hopf gain of the
    chapter's loop against the Hill coefficient, from the formula (line) and from the
    Jacobian's eigenvalues (points)."""
    fig, (ax1, ax2) = plots.figure(1, 2, width=7.5, height=3.1)
    ax1.semilogy(stages, secant, "o-", color=plots.PALETTE["blue"])
    ax1.set_xlabel("Number of equal first-order stages N")
    ax1.set_ylabel("Loop gain needed, sec(pi/N)^N")
    ax2.plot(hills, gain_formula, "-", color=plots.PALETTE["vermillion"],
             label="from the chain formula")
    ax2.plot(hills, gain_numeric, "o", color="0.1", mfc="white", label="from the eigenvalues")
    ax2.set_xlabel("Hill coefficient n of the feedback")
    ax2.set_ylabel("Hopf gain g*")
    ax2.set_ylim(bottom=0)
    plots.legend(ax2, loc="upper right", fontsize=8)
    finite = [(h, g) for h, g in zip(hills, gain_formula) if np.isfinite(g)]
    return plots.show(fig, alt=(
        "Left: the secant threshold on a log scale against the number of equal stages, from "
        f"{secant[0]:.0f} for {stages[0]} stages down to {secant[-1]:.2f} for {stages[-1]}. "
        "Right: the feedback gain at which the chapter's nine-stage loop starts to oscillate, "
        f"against the Hill coefficient: no threshold below n = {finite[0][0]:g}, then "
        f"{finite[0][1]:.2f} at n = {finite[0][0]:g} falling to {finite[-1][1]:.2f} at "
        f"n = {finite[-1][0]:g}; the points from the eigenvalues lie on the formula's line."))


def bifurcation_figure(gains, lows, highs, growth, hopf_gain: float):
    """Bifurcation diagram: the target hormone's range after the transient against the gain
    (top) and the largest real part of the Jacobian's eigenvalues (bottom)."""
    fig, (ax1, ax2) = plots.figure(2, 1, width=7.0, height=4.8, sharex=True)
    ax1.fill_between(gains, lows, highs, color=plots.PALETTE["sky"], alpha=0.4, lw=0)
    ax1.plot(gains, highs, "o-", color=plots.PALETTE["blue"], ms=3, label="maximum")
    ax1.plot(gains, lows, "s-", color=plots.PALETTE["blue"], ms=3, label="minimum")
    ax1.set_ylabel("Target hormone, days 10-15\n(set-point units)")
    ax2.axhline(0, color="0.4", lw=0.8)
    ax2.plot(gains, growth, "-", color=plots.PALETTE["vermillion"])
    ax2.set_ylabel("Largest Re(eigenvalue) (1/h)")
    ax2.set_xlabel("Feedback gain g")
    for ax in (ax1, ax2):
        ax.axvline(hopf_gain, color="0.2", ls="--", lw=1, label="Hopf point")
    plots.legend(ax1, loc="upper left", fontsize=8)
    above = np.asarray(gains) > hopf_gain
    amp = np.asarray(highs) - np.asarray(lows)
    return plots.show(fig, alt=(
        "Bifurcation diagram of the Goodwin-type loop. Top: the lowest and highest level of the "
        f"target hormone on days 10-15 against the gain from {gains[0]:g} to {gains[-1]:g}: one "
        f"level (a stable steady state) below the dashed Hopf point at g = {hopf_gain:.2f}, "
        f"then a widening band, up to a peak-to-trough range of {amp[above].max():.2f} "
        "set-point units. Bottom: the largest real part of the Jacobian's eigenvalues, which "
        "crosses zero at the same gain."))


def ageing_figure(ages, decay, period, decay_slow, period_slow):
    """Damping rate and ringing period of the male axis's slowest oscillatory mode against age,
    with the default testosterone clearance and with older men's slower clearance."""
    fig, (ax1, ax2) = plots.figure(1, 2, width=7.5, height=3.1)
    for ax, a, b, ylab in ((ax1, decay, decay_slow, "Damping rate -Re(lambda) (1/h)"),
                           (ax2, period, period_slow, "Ringing period (h)")):
        ax.plot(ages, a, "o-", color=plots.PALETTE["blue"], label="default clearance")
        ax.plot(ages, b, "s--", color=plots.PALETTE["vermillion"], label="clearance x 0.76")
        ax.set_xlabel("Age (years)")
        ax.set_ylabel(ylab)
        ax.set_ylim(bottom=0)
    plots.legend(ax1, loc="lower right", fontsize=8)
    return plots.show(fig, alt=(
        "Two line charts against age of the virtual man's axis at its set point. Left: the "
        "damping rate of its slowest oscillatory mode rises from "
        f"{decay[0]:.2f} per hour at {ages[0]} to {decay[-1]:.2f} at {ages[-1]} years "
        f"({decay_slow[0]:.2f} to {decay_slow[-1]:.2f} with slower testosterone clearance). "
        f"Right: its period lengthens from {period[0]:.1f} to {period[-1]:.1f} hours. "
        "The rate stays above zero: the axis never reaches the Hopf point."))


def tornado_figure(sens, n_params: int):
    """Tornado plot of a one-way sensitivity analysis of mean total testosterone."""
    fig, ax = plots.tornado(sens)
    top, last = sens.rows[0], sens.rows[-1]
    return plots.show(fig, alt=(
        f"Tornado plot of the change in mean total testosterone (from {sens.base:.0f} ng/dL) when "
        f"each of {n_params} parameters is lowered or raised by 20%. The largest effect is "
        f"{top['parameter'].replace('_', ' ')} ({top['change_low_pct']:+.0f}% / "
        f"{top['change_high_pct']:+.0f}%); the smallest is {last['parameter'].replace('_', ' ')} "
        f"({last['change_low_pct']:+.1f}% / {last['change_high_pct']:+.1f}%)."))
