"""Chapter 12 explorers: GH pulsatility and peptide synergy.

Shown in ``chapters/academic/12_gh_pulsatility.ipynb``.

* :func:`synergy_explorer` - Why GHRH and a ghrelin agonist together release more GH than the sum.
* :func:`pulse_detection_explorer` - How sampling interval and the detection threshold change the
  pulses a study finds.

Each is an :class:`~hormonesim.book.explorer.Explorer`: ``compute`` calls the core, ``draw``
redraws the one figure, ``describe`` writes its alt text from the data it shows.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import GHAxis, detect_pulses, dose, simulate
from ..drugs import DRUGS
from ..drugs.peptides import intravenous
from . import plots
from .cache import gh_untreated
from .explorer import Choice, Explorer, Slider, register


#: the synergy explorer's virtual men (their seeds): the curves are their mean
SYNERGY_SEEDS = (0, 1, 2)


@lru_cache(maxsize=1)
def _iv_peptides():
    """GHRH(1-29) and the ghrelin agonist as intravenous boluses (the synergy explorer's drugs)."""
    return intravenous(DRUGS["sermorelin"]), intravenous(DRUGS["ipamorelin"])


@lru_cache(maxsize=64)
def _synergy_arm(mechanism: str, ghrh_ug_per_kg: float, ghs_ug_per_kg: float):
    """Times (h) and mean GH (ng/mL) of the three men over 3 h with a bolus at 1 h of GHRH
    and/or the ghrelin agonist (0 = not given). Cached per arm: a change of one dose leaves
    the untreated arm and the other peptide's arm as they were."""
    ghrh_iv, ghs_iv = _iv_peptides()
    kw = {} if mechanism == "full model" else {"ghs_pit_gain": 0.0, "ghs_hyp_gain": 0.0}
    model = GHAxis(age=30.0, **kw)
    plan = None
    if ghrh_ug_per_kg > 0:
        plan = dose(ghrh_iv, ghrh_ug_per_kg * model.weight_kg, "ug", start="1h")
    if ghs_ug_per_kg > 0:
        ghs = dose(ghs_iv, ghs_ug_per_kg * model.weight_kg, "ug", start="1h")
        plan = ghs if plan is None else plan + ghs
    runs = [simulate(model, plan, duration="3h", seed=s) for s in SYNERGY_SEEDS]
    t = runs[0].t_hours
    gh = np.mean([r["gh"] for r in runs], axis=0)
    for array in (t, gh):
        array.flags.writeable = False          # shared by every setting that reuses the arm
    return t, gh


@register
def synergy_explorer() -> Explorer:
    """Why GHRH and a ghrelin agonist together release more GH than the sum (chapter 12)."""

    def compute(ghrh_ug_per_kg, ghs_ug_per_kg, mechanism):
        ghrh, ghs = float(ghrh_ug_per_kg), float(ghs_ug_per_kg)
        arms = {"none": (0.0, 0.0)}
        if ghrh > 0:
            arms["GHRH"] = (ghrh, 0.0)
        if ghs > 0:
            arms["ghrelin agonist"] = (0.0, ghs)
        if ghrh > 0 and ghs > 0:
            arms["both"] = (ghrh, ghs)
        curves, auc = {}, {}
        for name, (a, b) in arms.items():
            t, gh = curves[name] = _synergy_arm(mechanism, a, b)
            w = t >= 1.0
            auc[name] = float(np.trapezoid(gh[w], t[w]))
        inc = {k: auc[k] - auc["none"] for k in auc}
        return {"curves": curves, "increments": inc}

    def draw(fig, data, values):
        ax_curve, ax_bar = fig.axes
        colors = {"none": "0.55", "GHRH": plots.PALETTE["purple"],
                  "ghrelin agonist": plots.PALETTE["orange"], "both": plots.PALETTE["blue"]}
        for name, (t, gh) in data["curves"].items():
            ax_curve.plot((t - 1.0) * 60, gh, color=colors[name], label=name)
        ax_curve.set_xlabel("Minutes after the IV bolus")
        ax_curve.set_ylabel("GH (ng/mL), mean of 3 men")
        ax_curve.set_ylim(bottom=0)
        plots.legend(ax_curve, loc="upper right", fontsize=8)
        inc = data["increments"]
        names = [n for n in ("GHRH", "ghrelin agonist", "both") if n in inc]
        heights = [max(inc[n], 0.0) for n in names]
        ax_bar.bar(range(len(names)), heights, color=[colors[n] for n in names])
        if "both" in inc:
            ax_bar.bar(len(names), max(inc["GHRH"], 0) + max(inc["ghrelin agonist"], 0),
                       color="white", edgecolor="0.3", hatch="//")
            names = names + ["sum of\nthe two"]
        ax_bar.set_xticks(range(len(names)))
        ax_bar.set_xticklabels(names, fontsize=8)
        ax_bar.set_ylabel("Extra GH over 2 h (ng/mL x h)")
        fig.suptitle(f"GHRH {values['ghrh_ug_per_kg']:g} ug/kg + ghrelin agonist "
                     f"{values['ghs_ug_per_kg']:g} ug/kg IV ({values['mechanism']})", fontsize=10)

    def describe(data, values):
        inc = data["increments"]
        parts = [f"{k} adds {v:.1f} ng/mL x h" for k, v in inc.items() if k != "none"]
        text = "; ".join(parts) if parts else "no peptide is given, so nothing is added"
        verdict = ""
        if "both" in inc:
            total = inc["GHRH"] + inc["ghrelin agonist"]
            ratio = inc["both"] / total if total > 0 else float("nan")
            verdict = (f" Together they add {ratio:.2f} times the sum of their separate effects "
                       f"({'more' if ratio > 1 else 'no more'} than additive).")
        return (f"Left: mean GH of three simulated men over the 2 hours after an intravenous "
                f"bolus of GHRH ({values['ghrh_ug_per_kg']:g} ug/kg) and/or a ghrelin-receptor "
                f"agonist ({values['ghs_ug_per_kg']:g} ug/kg), model: {values['mechanism']}. "
                f"Right: bars of the extra GH over 2 hours: {text}.{verdict}")

    return Explorer(
        "synergy_explorer", "GHRH and a ghrelin agonist: more than the sum?",
        "Which part of the mechanism makes the combination more than additive?",
        {"ghrh_ug_per_kg": Slider("GHRH(1-29) dose", 0.0, 2.0, 0.25, 1.0, "ug/kg"),
         "ghs_ug_per_kg": Slider("Ipamorelin dose", 0.0, 10.0, 0.5, 3.0, "ug/kg"),
         "mechanism": Choice("Model", ("full model", "no ghrelin action on somatostatin"),
                             "full model")},
        compute, draw, describe, static_control="ghs_ug_per_kg", static_points=3,
        figsize=(8.0, 3.6), ncols=2)


@register
def pulse_detection_explorer() -> Explorer:
    """How sampling interval and the detection threshold change the pulses a study finds (ch. 12)."""

    def compute(sample_every_min, assay_cv, n_sd, age, seed):
        res = gh_untreated(age, seed, "48h")
        day2 = res.t_hours >= 24.0
        t, gh = res.t_hours[day2] - 24.0, res["gh"][day2]
        analysis = detect_pulses(t, gh, assay_cv=assay_cv, n_sd=n_sd,
                                 sample_every_h=sample_every_min / 60.0)
        fine = detect_pulses(t, gh, assay_cv=assay_cv, n_sd=n_sd)
        return {"t": t, "gh": gh, "analysis": analysis, "fine_count": fine.count}

    def draw(fig, data, values):
        ax = fig.axes[0]
        a = data["analysis"]
        ax.plot(data["t"], data["gh"], color="0.7", lw=1, label="true GH (every minute)")
        ax.plot(a.times_h, a.values, "o-", ms=3, lw=1.2, color=plots.HORMONE_COLORS["gh"],
                label=f"samples every {values['sample_every_min']:g} min")
        ax.plot(a.peak_times_h, a.peak_values, "v", ms=8, color=plots.PALETTE["vermillion"],
                label=f"{a.count} pulses detected")
        for s, e in zip(a.start_times_h, a.end_times_h):
            ax.axvspan(s, e, color=plots.PALETTE["vermillion"], alpha=0.06, lw=0)
        ax.set_xlabel("Hours from 08:00 (second simulated day)")
        ax.set_ylabel("GH (ng/mL)")
        ax.set_ylim(bottom=0)
        ax.set_title(f"Assay CV {values['assay_cv']:.0%}, threshold {values['n_sd']:g} SD")
        plots.legend(ax, loc="upper left", fontsize=8)

    def describe(data, values):
        s = data["analysis"].summary()
        interval = ("no interval (fewer than two pulses)" if s["count"] < 2
                    else f"a mean interpulse interval of {s['mean_interval_min']:.0f} min")
        return (f"Line chart of a simulated man's GH over 24 hours (age {values['age']:g}), "
                f"sampled every {values['sample_every_min']:g} min. With an assay CV of "
                f"{values['assay_cv']:.0%} and a {values['n_sd']:g}-SD threshold the method finds "
                f"{s['count']} pulses ({data['fine_count']} with minute sampling), "
                f"{interval}, a mean amplitude of {s['mean_amplitude']:.2f} ng/mL and a "
                f"mean pulse mass of {s['mean_mass']:.2f} ng/mL x h."
                if s["count"] else
                f"Line chart of a simulated man's GH over 24 hours (age {values['age']:g}), "
                f"sampled every {values['sample_every_min']:g} min: with an assay CV of "
                f"{values['assay_cv']:.0%} and a {values['n_sd']:g}-SD threshold no pulse passes "
                f"({data['fine_count']} with minute sampling).")

    return Explorer(
        "pulse_detection_explorer", "Counting GH pulses: sampling and thresholds",
        "How many pulses would a study report for the same profile if it sampled less often or "
        "used a stricter threshold?",
        {"sample_every_min": Slider("Sampling interval", 1.0, 30.0, 1.0, 10.0, "min"),
         "assay_cv": Slider("Assay CV", 0.02, 0.3, 0.02, 0.08),
         "n_sd": Slider("Threshold", 1.0, 6.0, 0.5, 3.0, "SD"),
         "age": Slider("Age", 20.0, 80.0, 5.0, 30.0, "years"),
         "seed": Slider("Virtual man (seed)", 0, 9, 1, 0, integer=True)},
        compute, draw, describe, static_control="sample_every_min", static_points=4)


# ---------------------------------------------------------------------------------------------
# the chapter's static figures: plotting and alt text live here, the model calls in the chapter
# ---------------------------------------------------------------------------------------------
def noise_figure(runs: dict, counts: dict):
    """GH on the second day with and without random GHRH surges (``runs`` and ``counts`` keyed by
    the label of each run)."""
    fig, ax = plots.figure(width=7.0, height=3.2)
    for (label, res), color in zip(runs.items(), (plots.PALETTE["blue"], plots.PALETTE["vermillion"])):
        day2 = res.t_hours >= 24
        ax.plot(res.t_hours[day2] - 24, res["gh"][day2], color=color,
                label=f"{label}: {counts[label]} pulses")
    plots.shade_sleep(ax, GHAxis(), 24.0)
    ax.set_xlabel("Hours from 08:00 (second simulated day)")
    ax.set_ylabel("GH (ng/mL)")
    ax.set_ylim(bottom=0)
    plots.legend(ax, loc="upper left", fontsize=8)
    (la, ca), (lb, cb) = counts.items()
    return plots.show(fig, alt=(
        "Two GH curves over 24 hours for the same simulated man aged 30. With " + la
        + f" GH shows {ca} pulses at 20-minute sampling; with {lb} it shows {cb} (sleep shaded)."))


def delay_figure(delays_h, per_day, default_delay_h: float):
    """GH pulses per 24 h against the delay of the GH -> somatostatin loop."""
    fig, ax = plots.figure(width=6.0, height=3.0)
    ax.plot(np.asarray(delays_h) * 60, per_day, "o-", color=plots.PALETTE["blue"])
    ax.axvline(default_delay_h * 60, color="0.4", ls=":", lw=1, label="model default")
    ax.set_xlabel("Delay of the GH -> somatostatin loop (min)")
    ax.set_ylabel("GH pulses per 24 h")
    ax.set_ylim(bottom=0)
    plots.legend(ax, loc="lower left")
    return plots.show(fig, alt=(
        "Line chart of GH pulses per 24 hours against the delay of the GH-to-somatostatin "
        f"feedback, from {delays_h[0] * 60:.0f} to {delays_h[-1] * 60:.0f} minutes, mean of three "
        f"simulated men aged 30 at 20-minute sampling: {per_day[0]:.1f} pulses at the shortest "
        f"delay and {per_day[-1]:.1f} at the longest; a dotted line marks the default delay of "
        f"{default_delay_h * 60:.0f} minutes."))
