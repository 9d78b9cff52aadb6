"""The explorer pattern: a figure driven by controls (book floor; ipywidgets lives here).

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

The explorers themselves live one module per chapter (``hormonesim/book/ch06_...py``); each
factory is decorated with :func:`register`, which puts it in :data:`EXPLORERS` (filled when
:mod:`hormonesim.book` is imported). The tests build each one and drive its update path at the
default and the extreme values of every control.

The path of data: a control changes -> :meth:`Explorer.update` checks the value ->
``compute(**values)`` builds a model and a regimen and calls :func:`hormonesim.simulate` ->
a :class:`~hormonesim.Result` -> ``draw`` redraws the figure in place -> ``describe`` writes
the alt text -> the live widget (or the static page) shows the new PNG.
"""
from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from typing import Any, Callable

import matplotlib
import numpy as np

from . import plots
from .style import book_style


#: padding (inches) around the axes of a live explorer's one-time layout, for tick labels that
#: widen as controls move (tests check that nothing leaves the figure)
_LIVE_PAD_IN = 0.25


def _reset_axes(ax) -> None:
    """Empty ``ax`` for the next redraw, keeping its axis, spine and tick objects.

    ``Axes.clear`` rebuilds the axes' axis, spine, title and tick artists from scratch, which
    costs about three times as much as an explorer's own drawing. An explorer's ``draw`` only
    adds data artists, labels, titles, limits, fixed ticks, scales and a legend, so removing
    those and resetting limits, scales (with their default tick locators and formatters) and
    the colour cycle leaves the axes as ``clear`` would. A test redraws every explorer after
    other settings and checks the image equals that of a fresh explorer at the same values.
    """
    for artist in list(ax._children):
        artist.remove()
    if ax.legend_ is not None:
        ax.legend_.remove()
    for title in (ax.title, ax._left_title, ax._right_title):
        title.set_text("")
    ax.set_xlabel("")
    ax.set_ylabel("")
    # set_*scale installs the scale's default locators and formatters (drops fixed ticks)
    ax.set_xscale("linear")
    ax.set_yscale("linear")
    ax.set_prop_cycle(None)
    ax.ignore_existing_data_limits = True
    ax.dataLim.set_points(np.array([[np.inf, np.inf], [-np.inf, -np.inf]]))
    ax.set_xlim(0.0, 1.0)          # also undoes an inverted axis
    ax.set_ylim(0.0, 1.0)
    ax.set_autoscale_on(True)
    ax.set_xmargin(matplotlib.rcParams["axes.xmargin"])
    ax.set_ymargin(matplotlib.rcParams["axes.ymargin"])
    plots._style_axes(ax)


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

    #: how many computed settings :meth:`compute` remembers
    MEMORY = 12

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
        self._live_png_cache = b""
        self._memory: dict = {}
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

    def compute(self, **values) -> Any:
        """The explorer's data at its current settings changed by ``values`` (the figure is left
        as it is), remembered for the last :attr:`MEMORY` settings.

        A reader moves a slider back and forth: a setting seen a moment ago is drawn again
        without simulating it again (the simulations are deterministic: same settings, same
        seed, same data). The data are shared with the figure: read them, don't change them.
        :meth:`forget` empties the memory (the benchmark times every setting afresh).
        """
        values = self.check_values(values)
        key = tuple(values[k] for k in self.controls)
        data = self._memory.pop(key, None)
        if data is None:
            data = self._compute(**values)
            if len(self._memory) >= self.MEMORY:
                self._memory.pop(next(iter(self._memory)))      # the least recently used
        self._memory[key] = data
        return data

    def forget(self) -> None:
        """Forget the computed settings :meth:`compute` remembers."""
        self._memory.clear()

    def update(self, **values) -> Any:
        """Recompute with changed control values and redraw the figure in place."""
        self.values = self.check_values(values)
        self.data = self.compute(**self.values)
        with book_style():                 # the sheet's margins and colour cycle
            for ax in np.atleast_1d(self.axes).ravel():
                _reset_axes(ax)
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

    def live_png(self, dpi: int = 96, compress_level: int = 1) -> bytes:
        """The current figure as PNG for the live widget, on the layout of its first render.

        Laying out the axes (matplotlib's constrained layout) costs two to three times as much
        as drawing them, so the live widget lays the figure out once, on its first render, and
        later updates draw into the same axes positions; only the data, ticks and titles
        change. The tests check, for every explorer at the extreme values of every control,
        that nothing then falls outside the figure. The static site's frames are drawn the
        same way (:meth:`static_html`, at ``compress_level`` 6 for smaller pages).
        """
        if self._live_positions is not None:
            engine = self.fig.get_layout_engine()
            self.fig.set_layout_engine("none")
            # a static render (png) in between lays the axes out afresh: put them back
            for ax, position in zip(self.fig.axes, self._live_positions):
                ax.set_position(position)
            try:
                return plots.png_bytes(self.fig, dpi=dpi, compress_level=compress_level)
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
        """HTML for the static page: default figure with alt text, plus precomputed states.

        The frames are drawn on the live widget's layout (:meth:`live_png`): the page's default
        frame is the image the live widget shows, and the build lays each figure out once,
        not once per frame.
        """
        default = dict(self.values)
        frames = []
        if self.static_control is None:
            frames.append((None, self.live_png(compress_level=6), self.alt))
        else:
            c = self.controls[self.static_control]
            for v in c.grid(self.static_points):
                self.update(**{self.static_control: v})
                frames.append((v, self.live_png(compress_level=6), self.alt))
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
        self._live_png_cache = self.live_png()
        self._output.value = plots.StaticFigure(self._live_png_cache, self.alt)._repr_html_()

    def _single_frame_html(self, png: bytes) -> str:
        data = base64.b64encode(png).decode("ascii")
        return (f'<div class="hil-explorer" data-explorer="{self.name}">'
                f'<p class="hil-explorer-title"><strong>{html.escape(self.title)}</strong></p>'
                f'<div class="hil-frames"><img class="hil-frame" src="data:image/png;base64,{data}" '
                f'alt="{html.escape(self.alt, quote=True)}" style="max-width:100%"/></div></div>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = {"text/plain": f"{self.title} (explorer; run the notebook for live controls)"}
        frames = static_frames_wanted()
        try:
            live = self.widget()
        except ImportError:  # no ipywidgets: the static version is all there is
            return {"text/html": self.static_html(), **text}
        # for the site, every precomputed frame; in a live front end, which shows the widget,
        # the HTML fallback saved with the notebook is just the figure the widget shows
        html_text = self.static_html() if frames else self._single_frame_html(self._live_png_cache)
        bundle = {"text/html": html_text, **text}
        live_bundle = live._repr_mimebundle_(include=include, exclude=exclude)
        if isinstance(live_bundle, tuple):
            live_bundle = live_bundle[0]
        bundle.update({k: v for k, v in live_bundle.items() if k != "text/plain"})
        return bundle


def static_frames_wanted() -> bool:
    """Whether an explorer's output should carry the precomputed frames of the static site.

    The frames (``static_control`` at ``static_points`` values, each laid out and rendered)
    are for the built site, whose pages have no kernel: the book build executes notebooks
    with nbclient, and so do the tests. A reader's live kernel shows the ipywidgets version
    instead, and rendering frames there would only delay the cell. The environment variable
    ``HIL_STATIC_FRAMES`` (``1`` or ``0``) decides when set; otherwise frames are skipped in a
    kernel started by a Jupyter server for a front end (JupyterLab, Notebook, Binder: they set
    ``JPY_SESSION_NAME``) and in Google Colab, and built everywhere else.
    """
    import os
    import sys

    forced = os.environ.get("HIL_STATIC_FRAMES", "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    live = "JPY_SESSION_NAME" in os.environ or "google.colab" in sys.modules
    return not live


#: name -> factory returning an Explorer with default values
EXPLORERS: dict[str, Callable[[], Explorer]] = {}


def register(factory: Callable[[], Explorer]) -> Callable[[], Explorer]:
    """Decorator: add an explorer factory to :data:`EXPLORERS` under its function name."""
    EXPLORERS[factory.__name__] = factory
    return factory
