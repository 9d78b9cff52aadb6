"""Chapter 10 explorers: aromatase modulation across individuals.

Shown in ``chapters/academic/10_aromatase_population.ipynb``.

* :func:`aromatase_population_explorer` - Estradiol across 150 men on testosterone, with and
  without anastrozole.

Each is an :class:`~hormonesim.book.explorer.Explorer`: ``compute`` calls the core, ``draw``
redraws the one figure, ``describe`` writes its alt text from the data it shows.
"""
from __future__ import annotations

import numpy as np

from .. import dose, simulate
from ..trial import E2_HIGH_PG_ML, E2_LOW_PG_ML
from . import plots
from .cache import male_cohort
from .explorer import Explorer, Slider, register


@register
def aromatase_population_explorer() -> Explorer:
    """Estradiol across 150 men on testosterone, with and without anastrozole (chapter 10)."""

    def compute(anastrozole_mg_week, bmi_mean):
        cohort = male_cohort(150, 50.0, float(bmi_mean))
        plan = dose("testosterone_cypionate", 100, "mg", every="7d")
        if anastrozole_mg_week > 0:
            plan = plan + dose("anastrozole", anastrozole_mg_week / 2, "mg", every="3.5d")
        res = simulate(cohort, plan, duration="6w", record_every="12h")
        last = res.t_hours >= res.t_hours[-1] - 168
        e2 = np.atleast_2d(res["estradiol"])[:, last].mean(axis=1)
        return {"e2": e2, "low": E2_LOW_PG_ML, "high": E2_HIGH_PG_ML}

    def draw(fig, data, values):
        ax = fig.axes[0]
        e2 = data["e2"]
        ax.hist(e2, bins=np.linspace(0, 80, 41), color=plots.PALETTE["vermillion"], alpha=0.8,
                label="virtual men")
        ax.axvline(data["low"], color="0.2", ls="--", lw=1.2,
                   label=f"over-suppressed below {data['low']:g} pg/mL")
        ax.axvline(data["high"], color="0.5", ls=":", lw=1.2,
                   label=f"reference upper limit {data['high']:g} pg/mL")
        ax.set_xlim(0, 80)
        ax.set_xlabel("Mean estradiol in week 6 (pg/mL)")
        ax.set_ylabel("Men (of 150)")
        ax.set_title(f"Cypionate 100 mg weekly + anastrozole {values['anastrozole_mg_week']:g} "
                     f"mg/week, mean BMI {values['bmi_mean']:g}")
        plots.legend(ax, loc="upper right", fontsize=8)

    def describe(data, values):
        e2 = data["e2"]
        return (f"Histogram of mean estradiol in week 6 for 150 virtual men on testosterone "
                f"cypionate 100 mg weekly with anastrozole {values['anastrozole_mg_week']:g} mg "
                f"per week and mean BMI {values['bmi_mean']:g}: median {np.median(e2):.1f} pg/mL, "
                f"middle 90% {np.percentile(e2, 5):.1f} to {np.percentile(e2, 95):.1f} pg/mL; "
                f"{np.mean(e2 < data['low']) * 100:.0f}% are below {data['low']:g} pg/mL "
                f"(over-suppressed) and {np.mean(e2 > data['high']) * 100:.0f}% above "
                f"{data['high']:g} pg/mL.")

    return Explorer(
        "aromatase_population_explorer", "Anastrozole across a population",
        "Which anastrozole dose removes high estradiol without pushing other men below the "
        "over-suppression line?",
        {"anastrozole_mg_week": Slider("Anastrozole per week", 0.0, 3.5, 0.25, 0.0, "mg"),
         "bmi_mean": Slider("Mean BMI of the cohort", 22.0, 38.0, 2.0, 30.0, "kg/m^2")},
        compute, draw, describe, static_control="anastrozole_mg_week", static_points=5)
