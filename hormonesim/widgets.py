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
        return plots.png_bytes(self.fig, dpi=dpi)

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
        """The live ipywidgets version (controls above an output that shows the figure)."""
        import ipywidgets as w
        from IPython.display import display

        if self._widgets is None:
            self._widgets = {k: c.make_widget() for k, c in self.controls.items()}
            self._output = w.Output()

            def on_change(change, key=None):
                self.update(**{key: change["new"]})
                self._render_live(display)

            for k, wid in self._widgets.items():
                wid.observe(lambda ch, key=k: on_change(ch, key), names="value")
            self._render_live(display)
        return w.VBox([w.HTML(f"<b>{html.escape(self.title)}</b>"), *self._widgets.values(),
                       self._output])

    def _render_live(self, display) -> None:
        self._output.clear_output(wait=True)
        with self._output:
            display(plots.StaticFigure(self.png(), self.alt))

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
