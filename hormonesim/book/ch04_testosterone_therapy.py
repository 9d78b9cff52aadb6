"""Chapter 4 explorers: testosterone therapy.

Shown in ``chapters/intermediate/04_testosterone_therapy.ipynb``.

* :func:`trt_regimen_explorer` - Total testosterone between doses for a route, dose and interval.

Each is an :class:`~hormonesim.book.explorer.Explorer`: ``compute`` calls the core, ``draw``
redraws the one figure, ``describe`` writes its alt text from the data it shows.
"""
from __future__ import annotations

from .. import MaleHPG, dose, simulate
from . import plots
from .explorer import Choice, Explorer, Slider, register


_TRT_ROUTES = {"cypionate IM": "testosterone_cypionate", "enanthate IM": "testosterone_enanthate",
               "gel (daily)": "testosterone_gel"}


@register
def trt_regimen_explorer() -> Explorer:
    """Total testosterone between doses for a route, dose and interval (chapter 4)."""

    def compute(route, dose_mg, interval_d):
        drug = _TRT_ROUTES[route]
        every = "1d" if drug == "testosterone_gel" else f"{interval_d:g}d"
        amount = min(dose_mg, 100.0) if drug == "testosterone_gel" else dose_mg
        man = MaleHPG(age=50, bmi=27)
        res = simulate(man, dose(drug, amount, "mg", every=every), duration="10w",
                       resolution="mean", record_every="2h")
        last = res.t_hours >= res.t_hours[-1] - (24 if drug == "testosterone_gel"
                                                 else interval_d * 24)
        t = res["testosterone"][last]
        return {"res": res, "trough": float(t.min()), "peak": float(t.max()),
                "mean": float(t.mean()), "amount": amount, "every": every}

    def draw(fig, data, values):
        ax = fig.axes[0]
        res = data["res"]
        plots.reference_band(ax, "testosterone", "men")
        plots.plot_output(ax, res, "testosterone", time_unit="weeks", label_text="total T")
        ax.axhline(data["trough"], color=plots.PALETTE["vermillion"], ls=":", lw=1.2,
                   label=f"trough {data['trough']:.0f} ng/dL")
        ax.set_title(f"{values['route']}: {data['amount']:g} mg every {data['every']}")
        plots.legend(ax, loc="upper right", fontsize=8)

    def describe(data, values):
        return (f"Line chart of total testosterone over 10 weeks in a virtual man of 50 on "
                f"{values['route']}, {data['amount']:g} mg every {data['every']}, with the "
                f"reference band 264-916 ng/dL shaded. Over the last dosing interval testosterone "
                f"runs from a trough of {data['trough']:.0f} to a peak of {data['peak']:.0f} "
                f"ng/dL (average {data['mean']:.0f} ng/dL).")

    return Explorer(
        "trt_regimen_explorer", "Testosterone between doses: route, dose and interval",
        "Which combinations of dose and interval keep the trough and the peak inside the band?",
        {"route": Choice("Route", tuple(_TRT_ROUTES), "cypionate IM"),
         "dose_mg": Slider("Dose", 25.0, 300.0, 25.0, 100.0, "mg"),
         "interval_d": Slider("Interval (injections)", 3.5, 21.0, 3.5, 7.0, "days")},
        compute, draw, describe, static_control="interval_d", static_points=4)
