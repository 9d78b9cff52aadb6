"""Explorers: interactive figures driven by controls (presentation layer; ipywidgets lives here).

An :class:`Explorer` is the book's one pattern for a live plot:

* ``controls`` - named sliders or choices with ranges that cannot produce invalid input;
* ``compute(**values)`` - builds a model and a regimen from the values and calls
  :func:`hormonesim.simulate` (no model code here: only calls into the core);
* ``draw(fig, data, values)`` - redraws the explorer's one figure in place;
* ``describe(data, values)`` - the figure's alt text, computed from the data it shows.

In a notebook with a kernel the explorer shows ipywidgets controls that update the figure.
On the static site the same output carries an HTML version: the default figure as an image with
alt text and, when ``static_control`` is set, a small precomputed set of figures for that control,
switched by a range input (``_static/hil-explorer.js``), so the page still responds with no kernel.

Every explorer factory is registered in :data:`EXPLORERS`; the tests build each one and drive its
update path at the default and the extreme values of every control.
"""
from __future__ import annotations

import base64
import html
import itertools
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from . import plots


#: padding (inches) around the axes of a live explorer's one-time layout, for tick labels that
#: widen as controls move (tests check that nothing leaves the figure)
_LIVE_PAD_IN = 0.25


@dataclass(frozen=True)
class Slider:
    """A numeric control. ``low``/``high`` bound what a reader can choose."""

    label: str
    low: float
    high: float
    step: float
    value: float
    unit: str = ""
    integer: bool = False

    def __post_init__(self):
        if not self.low <= self.value <= self.high or self.step <= 0:
            raise ValueError(f"control {self.label!r}: need low <= value <= high and step > 0")

    def extremes(self) -> tuple[float, float]:
        return (self.low, self.high)

    def grid(self, n: int) -> list[float]:
        """``n`` evenly spaced values snapped to the step, always including the default."""
        raw = np.linspace(self.low, self.high, n)
        snapped = sorted({round(self.low + round((v - self.low) / self.step) * self.step, 10)
                          for v in raw} | {self.value})
        return [int(v) if self.integer else float(v) for v in snapped]

    def make_widget(self):
        import ipywidgets as w
        cls = w.IntSlider if self.integer else w.FloatSlider
        desc = f"{self.label} ({self.unit})" if self.unit else self.label
        return cls(value=self.value, min=self.low, max=self.high, step=self.step,
                   description=desc, continuous_update=False,
                   style={"description_width": "initial"}, layout=w.Layout(width="95%"))


@dataclass(frozen=True)
class Choice:
    """A choice among named options."""

    label: str
    options: tuple
    value: Any

    def __post_init__(self):
        if self.value not in self.options:
            raise ValueError(f"control {self.label!r}: default {self.value!r} not among options")

    def extremes(self) -> tuple:
        return tuple(self.options)

    def grid(self, n: int) -> list:
        return list(self.options)

    def make_widget(self):
        import ipywidgets as w
        return w.Dropdown(options=list(self.options), value=self.value, description=self.label,
                          style={"description_width": "initial"})


class Explorer:
    """A figure with controls; see the module docstring for the pattern.

    Parameters
    ----------
    name : str
        Registry name (``"half_life"``).
    title : str
        What the explorer shows, for readers and screen readers.
    question : str
        The question a reader should answer with it.
    controls : dict of str -> Slider or Choice
    compute : callable(**values) -> data
    draw : callable(fig, data, values) -> None
        Clears and redraws the figure's axes.
    describe : callable(data, values) -> str
        Alt text for the current figure.
    static_control : str, optional
        Control to precompute on the static page.
    static_points : int
        How many values of ``static_control`` to precompute.
    figsize : (float, float)
    nrows, ncols : int
        Axes grid of the figure.
    """

    def __init__(self, name: str, title: str, question: str, controls: dict, compute: Callable,
                 draw: Callable, describe: Callable, static_control: str | None = None,
                 static_points: int = 5, figsize: tuple[float, float] = (7.0, 3.6),
                 nrows: int = 1, ncols: int = 1, sharex: bool = False):
        self.name, self.title, self.question = name, title, question
        self.controls = dict(controls)
        if static_control is not None and static_control not in self.controls:
            raise ValueError(f"static_control {static_control!r} is not a control of {name}")
        self._compute, self._draw, self._describe = compute, draw, describe
        self.static_control = static_control
        self.static_points = static_points
        self.fig, self.axes = plots.figure(nrows, ncols, width=figsize[0], height=figsize[1],
                                           sharex=sharex)
        self.values = {k: c.value for k, c in self.controls.items()}
        self.data = None
        self.alt = ""
        self._widgets = None
        self._output = None
        self._live_positions = None
        self.update()

    # ----------------------------------------------------------- update path
    def check_values(self, values: dict) -> dict:
        """Merge ``values`` into the current ones, refusing unknown names and out-of-range values."""
        merged = dict(self.values)
        for k, v in values.items():
            if k not in self.controls:
                raise ValueError(f"{self.name} has no control {k!r}; controls: "
                                 f"{', '.join(self.controls)}")
            c = self.controls[k]
            if isinstance(c, Slider) and not (c.low - 1e-9 <= v <= c.high + 1e-9):
                raise ValueError(f"{self.name}: {k} = {v} outside [{c.low}, {c.high}]")
            if isinstance(c, Choice) and v not in c.options:
                raise ValueError(f"{self.name}: {k} = {v!r} not one of {c.options}")
            merged[k] = v
        return merged

    def update(self, **values) -> Any:
        """Recompute with changed control values and redraw the figure in place."""
        self.values = self.check_values(values)
        self.data = self._compute(**self.values)
        for ax in np.atleast_1d(self.axes).ravel():
            ax.clear()
            plots._style_axes(ax)
        self._draw(self.fig, self.data, self.values)
        self.alt = self._describe(self.data, self.values)
        return self.data

    def extreme_settings(self) -> list[dict]:
        """Control settings for tests: each control at each extreme, and all at once."""
        out = []
        for k, c in self.controls.items():
            for v in c.extremes():
                out.append({k: v})
        sliders = [k for k, c in self.controls.items() if isinstance(c, Slider)]
        for pick in (0, 1):
            out.append({k: self.controls[k].extremes()[pick] for k in sliders})
        return out

    # ------------------------------------------------------------- rendering
    def png(self, dpi: int = 96) -> bytes:
        """The current figure as PNG, laid out afresh (constrained layout)."""
        return plots.png_bytes(self.fig, dpi=dpi)

    def live_png(self, dpi: int = 96) -> bytes:
        """The current figure as PNG for the live widget, on the layout of its first render.

        Laying out the axes (matplotlib's constrained layout) costs as much as drawing them, so
        the live widget lays the figure out once, on its first render, and later updates draw
        into the same axes positions; only the data, ticks and titles change. The tests check,
        for every explorer at the extreme values of every control, that nothing then falls
        outside the figure.
        """
        if self._live_positions is not None:
            engine = self.fig.get_layout_engine()
            self.fig.set_layout_engine("none")
            # a static render (png) in between lays the axes out afresh: put them back
            for ax, position in zip(self.fig.axes, self._live_positions):
                ax.set_position(position)
            try:
                return plots.png_bytes(self.fig, dpi=dpi)
            finally:
                self.fig.set_layout_engine(engine)
        # the first layout leaves room for tick labels that grow as controls move
        engine = self.fig.get_layout_engine()
        pads = {k: engine.get()[k] for k in ("w_pad", "h_pad")}
        engine.set(w_pad=_LIVE_PAD_IN, h_pad=_LIVE_PAD_IN)
        try:
            png = self.png(dpi)
        finally:
            engine.set(**pads)
        self._live_positions = [ax.get_position().frozen() for ax in self.fig.axes]
        return png

    def static_html(self) -> str:
        """HTML for the static page: default figure with alt text, plus precomputed states."""
        default = dict(self.values)
        frames = []
        if self.static_control is None:
            frames.append((None, self.png(), self.alt))
        else:
            c = self.controls[self.static_control]
            for v in c.grid(self.static_points):
                self.update(**{self.static_control: v})
                frames.append((v, self.png(), self.alt))
            self.update(**default)
        idx = 0
        if self.static_control is not None:
            idx = [f[0] for f in frames].index(default[self.static_control])
        imgs = []
        for i, (v, png, alt) in enumerate(frames):
            data = base64.b64encode(png).decode("ascii")
            hidden = "" if i == idx else " hidden"
            value = "" if v is None else f' data-value="{html.escape(str(v))}"'
            imgs.append(f'<img class="hil-frame" src="data:image/png;base64,{data}" '
                        f'alt="{html.escape(alt, quote=True)}"{value}{hidden} style="max-width:100%"/>')
        control = ""
        if self.static_control is not None:
            c = self.controls[self.static_control]
            labels = [f"{v:g} {getattr(c, 'unit', '')}".strip() if isinstance(v, (int, float))
                      else str(v) for v, _, _ in frames]
            cid = f"hil-{self.name}-{self.static_control}"
            control = (f'<div class="hil-static-control"><label for="{cid}">{html.escape(c.label)}'
                       f'{" (" + html.escape(c.unit) + ")" if getattr(c, "unit", "") else ""}: '
                       f'<output>{html.escape(labels[idx])}</output></label> '
                       f'<input type="range" id="{cid}" min="0" max="{len(frames) - 1}" step="1" '
                       f'value="{idx}" data-labels="{html.escape("|".join(labels), quote=True)}"/>'
                       f'<p class="hil-static-note">Precomputed at build time; other controls at '
                       f'their defaults. Launch the page on Binder or Colab for every control.</p></div>')
        return (f'<div class="hil-explorer" data-explorer="{self.name}">'
                f'<p class="hil-explorer-title"><strong>{html.escape(self.title)}</strong></p>'
                f'{control}<div class="hil-frames">{"".join(imgs)}</div></div>')

    def widget(self):
        """The live ipywidgets version: controls above an HTML widget holding the figure.

        The figure is an ``<img>`` with its alt text inside an ``ipywidgets.HTML``, replaced on
        every change. (An ``Output`` widget with ``display`` would route the image through
        output capture, which stalled notebook runners such as nbclient when several kernels
        ran side by side.)
        """
        import ipywidgets as w

        if self._widgets is None:
            self._widgets = {k: c.make_widget() for k, c in self.controls.items()}
            self._output = w.HTML()

            def on_change(change, key=None):
                self.update(**{key: change["new"]})
                self._render_live()

            for k, wid in self._widgets.items():
                wid.observe(lambda ch, key=k: on_change(ch, key), names="value")
            self._render_live()
        return w.VBox([w.HTML(f"<b>{html.escape(self.title)}</b>"), *self._widgets.values(),
                       self._output])

    def _render_live(self) -> None:
        self._output.value = plots.StaticFigure(self.live_png(), self.alt)._repr_html_()

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/html": self.static_html(),
                  "text/plain": f"{self.title} (explorer; run the notebook for live controls)"}
        try:
            live = self.widget()
        except ImportError:  # no ipywidgets: the static version is all there is
            return bundle
        live_bundle = live._repr_mimebundle_(include=include, exclude=exclude)
        if isinstance(live_bundle, tuple):
            live_bundle = live_bundle[0]
        bundle.update({k: v for k, v in live_bundle.items() if k != "text/plain"})
        return bundle


#: name -> factory returning an Explorer with default values
EXPLORERS: dict[str, Callable[[], Explorer]] = {}


def register(factory: Callable[[], Explorer]) -> Callable[[], Explorer]:
    """Decorator: add an explorer factory to :data:`EXPLORERS` under its function name."""
    EXPLORERS[factory.__name__] = factory
    return factory


# --------------------------------------------------------------------------------------
# Chapter 1: half-life and clearance
# --------------------------------------------------------------------------------------
@register
def half_life_explorer() -> Explorer:
    """How a hormone's half-life shapes its level under pulsatile secretion (chapter 1)."""
    from . import SecretionClearance, simulate

    def compute(half_life_h, pulse_interval_h, secretion_ug_per_h):
        model = SecretionClearance(half_life_h=half_life_h, pulse_interval_h=pulse_interval_h,
                                   secretion_ug_per_h=secretion_ug_per_h)
        res = simulate(model, duration="24h")
        return {"res": res, "model": model}

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
        compute, draw, describe, static_control="half_life_h", static_points=6)


# --------------------------------------------------------------------------------------
# Chapter 2: negative feedback, gain and delay
# --------------------------------------------------------------------------------------
@register
def feedback_explorer() -> Explorer:
    """When a negative-feedback loop settles and when it oscillates (chapter 2)."""
    from . import FeedbackLoop, simulate

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


# --------------------------------------------------------------------------------------
# Chapters 8 and 12: GH pulses under peptides, synergy, pulse analysis
# --------------------------------------------------------------------------------------
from functools import lru_cache as _lru_cache  # noqa: E402


def _gh_untreated(age: float, seed: int, duration: str = "24h"):
    """The untreated day of a GHAxis subject (cached: explorers compare against it often)."""
    return _gh_untreated_cached(float(age), int(seed), duration)


@_lru_cache(maxsize=64)
def _gh_untreated_cached(age, seed, duration):
    from . import GHAxis, simulate
    return simulate(GHAxis(age=age), None, duration=duration, seed=seed)


def _clock(hour: float) -> str:
    return f"{int(hour) % 24:02d}:{int(round((hour % 1) * 60)):02d}"


@register
def peptide_pulse_explorer() -> Explorer:
    """GH pulses over 24 h under sermorelin, ipamorelin or both, by dose and timing (ch. 8)."""
    from . import GHAxis, dose, pulse_analysis, simulate

    def compute(sermorelin_ug, ipamorelin_ug, clock_h, age, seed):
        model = GHAxis(age=age)
        start_h = (clock_h - model.start_clock_h) % 24.0
        plan = None
        if sermorelin_ug > 0:
            plan = dose("sermorelin", sermorelin_ug, "ug", start=start_h)
        if ipamorelin_ug > 0:
            p = dose("ipamorelin", ipamorelin_ug, "ug", start=start_h)
            plan = p if plan is None else plan + p
        base = _gh_untreated(age, seed)
        res = simulate(model, plan, duration="24h", seed=seed) if plan is not None else base
        return {"res": res, "base": base, "model": model, "start_h": start_h,
                "pulses": pulse_analysis(res), "base_pulses": pulse_analysis(base)}

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
        t0 = data["start_h"]
        w = (res.t_hours >= t0) & (res.t_hours <= t0 + 3)
        extra = float(np.trapezoid(res["gh"][w] - base["gh"][w], res.t_hours[w])) if w.sum() > 1 \
            else 0.0
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


@register
def synergy_explorer() -> Explorer:
    """Why GHRH and a ghrelin agonist together release more GH than the sum (chapter 12)."""
    from . import GHAxis, dose, simulate
    from .drugs import DRUGS
    from .drugs.peptides import intravenous

    ghrh_iv, ghs_iv = intravenous(DRUGS["sermorelin"]), intravenous(DRUGS["ipamorelin"])
    seeds = (0, 1, 2)

    def compute(ghrh_ug_per_kg, ghs_ug_per_kg, mechanism):
        kw = {} if mechanism == "full model" else {"ghs_pit_gain": 0.0, "ghs_hyp_gain": 0.0}
        model = GHAxis(age=30.0, **kw)
        arms = {"none": None}
        if ghrh_ug_per_kg > 0:
            arms["GHRH"] = dose(ghrh_iv, ghrh_ug_per_kg * model.weight_kg, "ug", start="1h")
        if ghs_ug_per_kg > 0:
            arms["ghrelin agonist"] = dose(ghs_iv, ghs_ug_per_kg * model.weight_kg, "ug",
                                           start="1h")
        if ghrh_ug_per_kg > 0 and ghs_ug_per_kg > 0:
            arms["both"] = arms["GHRH"] + arms["ghrelin agonist"]
        curves, auc = {}, {}
        for name, plan in arms.items():
            runs = [simulate(model, plan, duration="3h", seed=s) for s in seeds]
            t = runs[0].t_hours
            gh = np.mean([r["gh"] for r in runs], axis=0)
            curves[name] = (t, gh)
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
    from . import detect_pulses

    def compute(sample_every_min, assay_cv, n_sd, age, seed):
        res = _gh_untreated(age, seed, "48h")
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


# --------------------------------------------------------------------------------------
# Chapters 7 and 11: therapy across the menopause; the cycle as a dynamical system
# --------------------------------------------------------------------------------------
def _female_plan(parts):
    """Sum of regimen parts, None (no treatment) if there are none."""
    parts = [p for p in parts if p is not None]
    return sum(parts[1:], parts[0]) if parts else None


@register
def estradiol_route_explorer() -> Explorer:
    """Serum E2 over a week on a patch or on tablets, at a chosen dose (chapter 7)."""
    from . import FemaleHPO, dose, simulate

    def compute(route, patch_ug_per_day, oral_mg):
        model = FemaleHPO(age=55, stage="postmenopause")
        runs = {}
        if route in ("transdermal patch", "both"):
            runs[f"patch {patch_ug_per_day:g} ug/day"] = simulate(
                model, dose("estradiol_patch", patch_ug_per_day, "ug/day"), duration="7d")
        if route in ("oral tablet", "both"):
            runs[f"oral {oral_mg:g} mg once daily"] = simulate(
                model, dose("estradiol_oral", oral_mg, "mg", every="1d"), duration="7d")
        return {"runs": runs}

    def draw(fig, data, values):
        ax = fig.axes[0]
        plots.band(ax, 31, 90, "follicular phase, premenopausal (31-90 pg/mL)")
        top = 130.0
        for (label, res), color in zip(data["runs"].items(),
                                       (plots.PALETTE["vermillion"], plots.PALETTE["blue"])):
            plots.plot_output(ax, res, "estradiol", time_unit="days", color=color,
                              label_text=label)
            top = max(top, float(res["estradiol"].max()) * 1.1)
        ax.axhline(7.1, color="0.3", ls=":", lw=1, label="postmenopausal upper limit 7.1 pg/mL")
        ax.set_ylim(0, top)
        ax.set_title("Estradiol in a virtual postmenopausal woman")
        plots.legend(ax, loc="upper right")

    def describe(data, values):
        parts = []
        for label, res in data["runs"].items():
            e2 = res["estradiol"][res.t_days >= 4]
            parts.append(f"on {label} it ranges from {e2.min():.0f} to {e2.max():.0f} pg/mL "
                         f"({e2.min() * 3.671:.0f}-{e2.max() * 3.671:.0f} pmol/L), mean "
                         f"{e2.mean():.0f} pg/mL")
        return (f"Line chart of serum estradiol over 7 days in a virtual postmenopausal woman. "
                f"From day 4, {'; '.join(parts)}. A shaded band marks the premenopausal "
                f"follicular-phase range of 31-90 pg/mL and a dotted line the postmenopausal "
                f"upper limit of 7.1 pg/mL.")

    return Explorer(
        "estradiol_route_explorer", "Estradiol by route and dose",
        "How do a patch and a daily tablet differ in the shape of the estradiol curve at "
        "similar average levels?",
        {"route": Choice("Route", ("transdermal patch", "oral tablet", "both"), "both"),
         "patch_ug_per_day": Slider("Patch delivery", 12.5, 100.0, 12.5, 50.0, "ug/day"),
         "oral_mg": Slider("Oral dose", 0.5, 2.0, 0.5, 1.0, "mg")},
        compute, draw, describe, static_control="route")


@register
def progesterone_endometrium_explorer() -> Explorer:
    """Why systemic estrogen with a uterus needs a progestogen (chapter 7)."""
    from . import FemaleHPO, dose, simulate

    regimens = ("none", "continuous 100 mg daily", "sequential 200 mg, 12 days a month")

    def compute(progesterone, patch_ug_per_day):
        model = FemaleHPO(age=55, stage="postmenopause")
        parts = [dose("estradiol_patch", patch_ug_per_day, "ug/day")]
        if progesterone == regimens[1]:
            parts.append(dose("progesterone_oral", 100, "mg", every="1d"))
        elif progesterone == regimens[2]:
            for month in range(2):
                parts.append(dose("progesterone_oral", 200, "mg", every="1d",
                                  start=f"{28 * month + 14}d", count=12))
        res = simulate(model, _female_plan(parts), duration="8w")
        return {"res": res}

    def draw(fig, data, values):
        ax_p, ax_e = fig.axes[0], fig.axes[1]
        res = data["res"]
        plots.plot_output(ax_p, res, "progesterone", time_unit="weeks")
        ax_p.set_xlabel("")
        ax_p.set_title(f"Patch {values['patch_ug_per_day']:g} ug/day with progesterone: "
                       f"{values['progesterone']}")
        plots.plot_output(ax_e, res, "endometrial_stimulation", time_unit="weeks",
                          color=plots.PALETTE["vermillion"], label_text="unopposed estrogenic "
                          "stimulation")
        ax_e.axhline(1.0, color="0.3", ls="--", lw=1, label="peak of a normal cycle")
        ax_e.set_ylabel("Endometrial stimulation (1)")
        ax_e.set_ylim(0, max(2.5, float(res["endometrial_stimulation"].max()) * 1.1))
        plots.legend(ax_e, loc="upper left")

    def describe(data, values):
        res = data["res"]
        s = res["endometrial_stimulation"]
        verdict = ("stays below" if s.max() < 1.0 else "rises above")
        return (f"Two stacked line charts over 8 weeks for a virtual postmenopausal woman with a "
                f"uterus on a {values['patch_ug_per_day']:g} ug/day estradiol patch and "
                f"progesterone '{values['progesterone']}'. Top: progesterone, peaking at "
                f"{res['progesterone'].max():.1f} ng/mL. Bottom: the model's endometrial "
                f"stimulation indicator, which {verdict} the peak of a normal cycle (dashed line "
                f"at 1): maximum {s.max():.2f}, {s[-1]:.2f} at week 8.")

    return Explorer(
        "progesterone_endometrium_explorer", "Estrogen, progesterone and the endometrium",
        "What happens to unopposed estrogenic stimulation when progesterone is added "
        "continuously or for part of each month?",
        {"progesterone": Choice("Progesterone", regimens, regimens[0]),
         "patch_ug_per_day": Slider("Patch delivery", 25.0, 100.0, 25.0, 50.0, "ug/day")},
        compute, draw, describe, static_control="progesterone", nrows=2, figsize=(7.0, 5.0),
        sharex=True)


@register
def female_testosterone_explorer() -> Explorer:
    """Low-dose testosterone cream in a postmenopausal woman against the female range (chapter 7)."""
    from . import FemaleHPO, dose, simulate
    from .reference import reference_range

    def compute(cream_mg_per_day, age):
        model = FemaleHPO(age=age, stage="postmenopause")
        plan = (dose("testosterone_female", cream_mg_per_day, "mg", every="1d")
                if cream_mg_per_day > 0 else None)
        res = simulate(model, plan, duration="3w")
        return {"res": res, "range": reference_range("testosterone", "women")}

    def draw(fig, data, values):
        ax = fig.axes[0]
        res, rr = data["res"], data["range"]
        plots.reference_band(ax, "testosterone", "women")
        plots.plot_output(ax, res, "testosterone", time_unit="days",
                          label_text=f"cream {values['cream_mg_per_day']:g} mg/day")
        ax.set_ylim(0, max(120.0, float(res["testosterone"].max()) * 1.1))
        ax.set_title(f"Total testosterone, virtual woman aged {values['age']:g}")
        plots.legend(ax, loc="upper left")

    def describe(data, values):
        res, rr = data["res"], data["range"]
        t = res["testosterone"][res.t_days >= 14]
        where = ("within" if t.max() <= rr.high else "above")
        return (f"Line chart of total testosterone over 3 weeks in a virtual postmenopausal woman "
                f"aged {values['age']:g} applying {values['cream_mg_per_day']:g} mg of "
                f"testosterone as 1% cream daily. In week 3 it averages {t.mean():.0f} ng/dL "
                f"({t.mean() * 0.0347:.2f} nmol/L) and peaks at {t.max():.1f} ng/dL, {where} the "
                f"shaded female reference range of {rr.low:g}-{rr.high:g} ng/dL.")

    return Explorer(
        "female_testosterone_explorer", "Testosterone for women: dose and the female range",
        "Which daily cream doses keep a woman's testosterone within the female range?",
        {"cream_mg_per_day": Slider("Cream testosterone", 0.0, 10.0, 1.0, 3.0, "mg/day"),
         "age": Slider("Age", 45.0, 75.0, 5.0, 55.0, "y")},
        compute, draw, describe, static_control="cream_mg_per_day", static_points=6)


def _cycle_summary(res) -> dict:
    from .models.female_hpo import cycle_lengths, lh_surges
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
    from . import FemaleHPO, simulate

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
    from . import FemaleHPO, simulate

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


# --------------------------------------------------------------------------------------
# Chapters 3 and 10: one dose across a virtual population, titration, aromatase inhibition
# --------------------------------------------------------------------------------------
@_lru_cache(maxsize=16)
def _cohort_cached(n: int, age: float, bmi_mean: float, seed: int = 3):
    """A virtual cohort of men (cached: explorers reuse it). 4-hour steps keep updates quick."""
    from . import MaleHPG, population
    return population(MaleHPG(age=age, bmi=min(max(bmi_mean, 17.0), 50.0), mean_step_h=4.0),
                      n=n, seed=seed, bmi=(bmi_mean, 4.0), age=(age, 8.0))


def _mid_interval_last_week(res, name: str) -> np.ndarray:
    """Each subject's level at the middle of the last 7-day dosing interval."""
    t_mid = res.t_hours[-1] - 84.0
    k = int(np.argmin(np.abs(res.t_hours - t_mid)))
    return np.atleast_2d(res[name])[:, k]


@register
def standard_dose_explorer() -> Explorer:
    """One weekly testosterone dose across 150 virtual men (chapter 3)."""
    from . import dose, simulate

    target = (450.0, 700.0)

    def compute(dose_mg, bmi_mean):
        cohort = _cohort_cached(150, 50.0, float(bmi_mean))
        res = simulate(cohort, dose("testosterone_cypionate", dose_mg, "mg", every="7d"),
                       duration="6w", record_every="12h")
        return {"t": _mid_interval_last_week(res, "testosterone")}

    def draw(fig, data, values):
        ax = fig.axes[0]
        t = data["t"]
        ax.axvspan(264, 916, color=plots.BAND_COLOR, alpha=0.15, lw=0,
                   label="reference range 264-916 ng/dL")
        ax.axvspan(*target, color=plots.PALETTE["green"], alpha=0.15, lw=0,
                   label="target 450-700 ng/dL")
        ax.hist(t, bins=np.linspace(0, 2000, 41), color=plots.PALETTE["blue"], alpha=0.8,
                label="virtual men")
        ax.set_xlim(0, 2000)
        ax.set_xlabel("Mid-interval total testosterone in week 6 (ng/dL)")
        ax.set_ylabel("Men (of 150)")
        ax.set_title(f"{values['dose_mg']:g} mg cypionate weekly, mean BMI {values['bmi_mean']:g}")
        plots.legend(ax, loc="upper right", fontsize=8)

    def describe(data, values):
        t = data["t"]
        inside = np.mean((t >= target[0]) & (t <= target[1])) * 100
        return (f"Histogram of mid-interval total testosterone after 6 weeks of "
                f"{values['dose_mg']:g} mg testosterone cypionate weekly in 150 virtual men with "
                f"mean BMI {values['bmi_mean']:g}. The median is {np.median(t):.0f} ng/dL and the "
                f"middle 90% span {np.percentile(t, 5):.0f} to {np.percentile(t, 95):.0f} ng/dL; "
                f"{inside:.0f}% fall in the 450-700 ng/dL target, {np.mean(t < 264) * 100:.0f}% "
                f"below 264 and {np.mean(t > 916) * 100:.0f}% above 916 ng/dL.")

    return Explorer(
        "standard_dose_explorer", "One dose, 150 different men",
        "Is there a single weekly dose that puts most of the cohort in the target range?",
        {"dose_mg": Slider("Weekly dose", 25.0, 250.0, 25.0, 100.0, "mg"),
         "bmi_mean": Slider("Mean BMI of the cohort", 22.0, 38.0, 2.0, 28.0, "kg/m^2")},
        compute, draw, describe, static_control="dose_mg", static_points=5)


@_lru_cache(maxsize=2)
def _fixed_in_range_cached(target: tuple):
    """Fixed-dose arm of the titration explorer (it does not depend on the controls)."""
    from . import dose, simulate
    from .trial import fraction_in_range
    res = simulate(_cohort_cached(80, 50.0, 28.0),
                   dose("testosterone_cypionate", 100, "mg", every="7d"), duration="18w",
                   record_every="12h")
    return fraction_in_range(res, "testosterone", target, daily=True)


@register
def titration_explorer() -> Explorer:
    """Fixed dose vs titration to labs: schedule and assay noise (chapter 3)."""
    from . import simulate, titrated
    from .trial import fraction_in_range

    target = (450.0, 700.0)

    def compute(check_every_w, assay_cv):
        cohort = _cohort_cached(80, 50.0, 28.0)
        plan = titrated("testosterone_cypionate", start=100, unit="mg", every="7d",
                        target=target, check_every=f"{check_every_w:g}w", assay_cv=assay_cv)
        tit = simulate(cohort, plan, duration="18w", record_every="12h")
        changes = sum(int(c.changed.sum()) for c in tit.doses.changes) / len(cohort)
        return {"fixed 100 mg weekly": _fixed_in_range_cached(target),
                "titrated": fraction_in_range(tit, "testosterone", target, daily=True),
                "changes": changes}

    def draw(fig, data, values):
        ax = fig.axes[0]
        for (name, color) in (("fixed 100 mg weekly", plots.PALETTE["vermillion"]),
                              ("titrated", plots.PALETTE["blue"])):
            t, frac = data[name]
            ax.plot(t / 7, frac * 100, color=color, label=name)
        ax.set_ylim(0, 100)
        ax.set_xlabel("Time (weeks)")
        ax.set_ylabel("Men in 450-700 ng/dL (%)")
        ax.set_title(f"Labs every {values['check_every_w']:g} weeks, assay CV "
                     f"{values['assay_cv'] * 100:.0f}%")
        plots.legend(ax, loc="lower right")

    def describe(data, values):
        t, fixed = data["fixed 100 mg weekly"]
        _, tit = data["titrated"]
        return (f"Line chart of the share of 80 virtual men whose daily mean testosterone lies in "
                f"450-700 ng/dL over 18 weeks. On a fixed 100 mg weekly dose it levels off near "
                f"{fixed[-7:].mean() * 100:.0f}%; titrated with labs every "
                f"{values['check_every_w']:g} weeks and an assay CV of "
                f"{values['assay_cv'] * 100:.0f}% it reaches {tit[-7:].mean() * 100:.0f}% in the "
                f"last week, after about {data['changes']:.1f} dose changes per man.")

    return Explorer(
        "titration_explorer", "What titration changes",
        "How much do more frequent labs help, and what does a noisier assay cost?",
        {"check_every_w": Slider("Labs every", 2.0, 12.0, 2.0, 6.0, "weeks"),
         "assay_cv": Slider("Assay CV", 0.0, 0.3, 0.05, 0.1)},
        compute, draw, describe, static_control="check_every_w", static_points=4)


@register
def aromatase_population_explorer() -> Explorer:
    """Estradiol across 150 men on testosterone, with and without anastrozole (chapter 10)."""
    from . import dose, simulate
    from .trial import E2_HIGH_PG_ML, E2_LOW_PG_ML

    def compute(anastrozole_mg_week, bmi_mean):
        cohort = _cohort_cached(150, 50.0, float(bmi_mean))
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


# --------------------------------------------------------------------------------------
# Chapters 4, 5, 6 and 9: the male HPG axis (MaleHPG)
# --------------------------------------------------------------------------------------
_TRT_ROUTES = {"cypionate IM": "testosterone_cypionate", "enanthate IM": "testosterone_enanthate",
               "gel (daily)": "testosterone_gel"}


@register
def trt_regimen_explorer() -> Explorer:
    """Total testosterone between doses for a route, dose and interval (chapter 4)."""
    from . import MaleHPG, dose, simulate

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


@register
def aromatase_bmi_explorer() -> Explorer:
    """Estradiol and testosterone against BMI and anastrozole dose (chapter 5)."""
    from . import MaleHPG, dose, simulate

    def compute(bmi, anastrozole_mg_week, on_trt):
        man = MaleHPG(age=50, bmi=bmi)
        plan = dose("testosterone_cypionate", 100, "mg", every="7d") if on_trt == "yes" else None
        if anastrozole_mg_week > 0:
            extra = dose("anastrozole", anastrozole_mg_week / 2, "mg", every="3.5d")
            plan = extra if plan is None else plan + extra
        res = simulate(man, plan, duration="6w", resolution="mean", record_every="3h")
        last = res.t_hours >= res.t_hours[-1] - 168
        return {"res": res, "e2": float(res["estradiol"][last].mean()),
                "t": float(res["testosterone"][last].mean()),
                "lh": float(res["lh"][last].mean())}

    def draw(fig, data, values):
        ax1, ax2 = fig.axes[:2]
        res = data["res"]
        plots.reference_band(ax1, "estradiol", "men")
        plots.plot_output(ax1, res, "estradiol", time_unit="weeks")
        plots.reference_band(ax2, "testosterone", "men")
        plots.plot_output(ax2, res, "testosterone", time_unit="weeks")
        ax1.set_title(f"BMI {values['bmi']:g}, anastrozole {values['anastrozole_mg_week']:g} "
                      f"mg/week, testosterone therapy: {values['on_trt']}", fontsize=9)
        plots.legend(ax1, loc="upper right", fontsize=7)
        plots.legend(ax2, loc="upper right", fontsize=7)

    def describe(data, values):
        return (f"Two line charts over 6 weeks for a virtual man of 50 with BMI {values['bmi']:g}"
                f"{' on testosterone cypionate 100 mg weekly' if values['on_trt'] == 'yes' else ''}"
                f" taking anastrozole {values['anastrozole_mg_week']:g} mg per week. In the last "
                f"week estradiol averages {data['e2']:.1f} pg/mL (reference 3.3-37 pg/mL), total "
                f"testosterone {data['t']:.0f} ng/dL and LH {data['lh']:.2f} IU/L.")

    return Explorer(
        "aromatase_bmi_explorer", "Aromatisation: body fat and anastrozole",
        "How much does body fat raise estradiol, and how far can anastrozole push it down?",
        {"bmi": Slider("BMI", 18.0, 45.0, 1.0, 30.0, "kg/m^2"),
         "anastrozole_mg_week": Slider("Anastrozole per week", 0.0, 7.0, 0.5, 0.0, "mg"),
         "on_trt": Choice("Testosterone cypionate 100 mg weekly", ("yes", "no"), "yes")},
        compute, draw, describe, static_control="anastrozole_mg_week", static_points=5,
        nrows=2, figsize=(7.0, 5.2), sharex=True)


_GNRH_PATTERNS = ("pump: a pulse every 90 min", "continuous infusion",
                  "two injections a week", "none")


@register
def gonadorelin_pattern_explorer() -> Explorer:
    """LH, FSH and testosterone under pulsatile vs continuous gonadorelin (chapter 6)."""
    from . import MaleHPG, dose, infusion, simulate

    def compute(pattern, ug_per_day, own_pulses):
        man = MaleHPG(gnrh_pulse_generator=(own_pulses == "yes"))
        if pattern == _GNRH_PATTERNS[0]:
            plan = dose("gonadorelin", ug_per_day / 16, "ug", every="90min")
        elif pattern == _GNRH_PATTERNS[1]:
            plan = infusion("gonadorelin", ug_per_day, "ug/day")
        elif pattern == _GNRH_PATTERNS[2]:
            plan = dose("gonadorelin", min(ug_per_day * 3.5, 500.0), "ug", every="3.5d")
        else:
            plan = None
        res = simulate(man, plan, duration="5d", resolution="pulse", record_every="20min")
        late = res.t_hours >= 72
        return {"res": res, "lh": float(res["lh"][late].mean()),
                "fsh": float(res["fsh"][late].mean()),
                "t": float(res["testosterone"][late].mean()),
                "r": float(res["receptor_responsive"][late].mean())}

    def draw(fig, data, values):
        ax1, ax2 = fig.axes[:2]
        res = data["res"]
        plots.plot_output(ax1, res, "lh", time_unit="days", label_text="LH")
        plots.plot_output(ax1, res, "fsh", time_unit="days", label_text="FSH")
        ax1.set_ylabel("LH, FSH (IU/L)")
        plots.reference_band(ax2, "testosterone", "men")
        plots.plot_output(ax2, res, "testosterone", time_unit="days")
        ax1.set_title(f"Gonadorelin {values['ug_per_day']:g} ug/day, {values['pattern']}; "
                      f"own GnRH pulses: {values['own_pulses']}", fontsize=9)
        plots.legend(ax1, loc="upper right", fontsize=7)
        plots.legend(ax2, loc="upper right", fontsize=7)

    def describe(data, values):
        return (f"Two line charts over 5 days for a virtual man "
                f"{'with' if values['own_pulses'] == 'yes' else 'without'} his own GnRH pulses, "
                f"given gonadorelin {values['ug_per_day']:g} ug per day as {values['pattern']}. "
                f"Over days 3-5 LH averages {data['lh']:.2f} IU/L, FSH {data['fsh']:.2f} IU/L and "
                f"total testosterone {data['t']:.0f} ng/dL; on average {data['r'] * 100:.0f}% of "
                f"pituitary GnRH receptors are responsive.")

    return Explorer(
        "gonadorelin_pattern_explorer", "Gonadorelin: the pattern matters",
        "Why does the same daily amount of GnRH work as pulses and fail as a continuous flow?",
        {"pattern": Choice("Delivery", _GNRH_PATTERNS, _GNRH_PATTERNS[0]),
         "ug_per_day": Slider("Gonadorelin per day", 20.0, 1000.0, 20.0, 80.0, "ug"),
         "own_pulses": Choice("Own GnRH pulse generator", ("no", "yes"), "no")},
        compute, draw, describe, static_control="pattern", nrows=2, figsize=(7.0, 5.2),
        sharex=True)


@register
def hcg_trt_explorer() -> Explorer:
    """Leydig-cell output and LH on testosterone therapy with hCG (chapter 6)."""
    from . import MaleHPG, dose, simulate

    def compute(hcg_iu, te_mg_week):
        man = MaleHPG(age=30, bmi=25)
        base = simulate(man, duration="3d", resolution="mean", record_every="2h")
        plan = dose("testosterone_enanthate", te_mg_week, "mg", every="7d") if te_mg_week else None
        if hcg_iu > 0:
            extra = dose("hcg", hcg_iu, "IU", every="2d")
            plan = extra if plan is None else plan + extra
        res = simulate(man, plan, duration="4w", resolution="mean", record_every="3h")
        late = res.t_days >= 21
        b = base.t_hours >= 24
        return {"res": res,
                "leydig": float(res["leydig_secretion"][late].mean()
                                / base["leydig_secretion"][b].mean()),
                "lh": float(res["lh"][late].mean() / base["lh"][b].mean()),
                "t": float(res["testosterone"][late].mean())}

    def draw(fig, data, values):
        ax1, ax2 = fig.axes[:2]
        res = data["res"]
        plots.plot_output(ax1, res, "leydig_secretion", time_unit="weeks",
                          color=plots.PALETTE["purple"], label_text="Leydig-cell secretion")
        ax1.set_ylabel("Testicular T output (mg/day)")
        plots.reference_band(ax2, "testosterone", "men")
        plots.plot_output(ax2, res, "testosterone", time_unit="weeks")
        ax1.set_title(f"Enanthate {values['te_mg_week']:g} mg/week + hCG {values['hcg_iu']:g} IU "
                      f"every other day", fontsize=9)
        plots.legend(ax1, loc="upper right", fontsize=7)
        plots.legend(ax2, loc="upper right", fontsize=7)

    def describe(data, values):
        return (f"Two line charts over 4 weeks: testicular testosterone output and serum total "
                f"testosterone in a virtual man of 30 on enanthate {values['te_mg_week']:g} mg "
                f"weekly with hCG {values['hcg_iu']:g} IU every other day. In week 4 the testes "
                f"make {data['leydig'] * 100:.0f}% of their untreated output, LH is "
                f"{data['lh'] * 100:.0f}% of baseline and serum testosterone averages "
                f"{data['t']:.0f} ng/dL.")

    return Explorer(
        "hcg_trt_explorer", "hCG on top of testosterone therapy",
        "How much hCG keeps the testes making their own testosterone while LH is suppressed?",
        {"hcg_iu": Slider("hCG every other day", 0.0, 1000.0, 125.0, 250.0, "IU"),
         "te_mg_week": Slider("Enanthate per week", 0.0, 250.0, 50.0, 200.0, "mg")},
        compute, draw, describe, static_control="hcg_iu", static_points=5, nrows=2,
        figsize=(7.0, 5.2), sharex=True)


@register
def hpg_perturbation_explorer() -> Explorer:
    """The axis's response to a perturbation: feedback steepness and the return to set point (ch 9)."""
    from . import MaleHPG, dose, simulate

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
         "feedback_hill": Slider("Feedback steepness (Hill)", 1.0, 6.0, 0.5, 5.5),
         "feedback_threshold": Slider("Feedback threshold (free T)", 30.0, 150.0, 10.0, 66.3,
                                      "pg/mL")},
        compute, draw, describe, static_control="feedback_hill", static_points=4, nrows=2,
        figsize=(7.0, 5.2), sharex=True)


@register
def desensitisation_explorer() -> Explorer:
    """GnRH-receptor desensitisation against pulse interval and continuous exposure (chapter 9)."""
    from . import MaleHPG, dose, simulate

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
