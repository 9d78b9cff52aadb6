"""The explorers' fast update path draws what a fresh explorer draws, and live kernels skip
the static site's precomputed frames (no timings here: those come from make bench)."""
import numpy as np
import pytest

from hormonesim import book
from hormonesim.book import explorer as explorer_module
from hormonesim.book.explorer import Choice, Explorer, Slider

import explorer_cache  # noqa: E402  (one computation per setting: tests/explorer_cache.py)

explorer_cache.install()
NAMES = sorted(book.EXPLORERS)


def _image(explorer) -> np.ndarray:
    explorer.live_png()
    return np.asarray(explorer.fig.canvas.buffer_rgba()).copy()


def _defaults(explorer) -> dict:
    return {k: c.value for k, c in explorer.controls.items()}


@pytest.mark.parametrize("name", NAMES)
def test_redraw_after_other_settings_equals_a_fresh_explorer(name):
    """Update keeps the axes' tick and spine objects instead of clearing them; whatever one
    setting leaves behind (limits, ticks, legends, colours) must not show in the next one."""
    factory = book.EXPLORERS[name]
    fresh = factory()
    settings = fresh.extreme_settings()       # a function of the controls alone
    target = settings[-1]
    fresh.live_png()                          # the live layout, as in the widget
    fresh.update(**target)
    expected = _image(fresh)
    travelled = factory()
    # the travelled explorer goes back to its defaults after every setting: their data is the
    # same each time (compute is a function of the values), so it is computed once in this
    # process (explorer_cache, installed above) and drawn each time
    travelled.live_png()
    for setting in settings[:-1]:
        travelled.update(**setting)
        travelled.live_png()
        travelled.update(**_defaults(travelled))
    travelled.update(**target)
    assert np.array_equal(_image(travelled), expected), f"{name}: redraw depends on history"


def _tricky_explorer() -> Explorer:
    """An explorer whose one setting uses everything the light reset has to undo."""

    def compute(style, level):
        x = np.linspace(1.0, 10.0, 50)
        return {"x": x, "y": level * x}

    def draw(fig, data, values):
        ax = fig.axes[0]
        if values["style"] == "busy":
            ax.plot(data["x"], data["y"], label="first")           # colours from the cycle
            ax.plot(data["x"], 2 * data["y"], label="second")
            ax.set_xscale("log")
            ax.invert_yaxis()
            ax.set_yticks([5, 15, 25])
            ax.set_yticklabels(["a", "b", "c"])
            ax.axhspan(3, 6, alpha=0.2)
            ax.text(2, 10, "note")
            ax.set_title("busy", loc="left")
            ax.legend()
            ax.set_xlim(1, 20)
        else:
            ax.plot(data["x"], data["y"])
            ax.set_title("plain")
        ax.set_xlabel("x (h)")
        ax.set_ylabel("y (ng/mL)")

    return Explorer("tricky", "A test explorer", "Does the reset work?",
                    {"style": Choice("Style", ("plain", "busy"), "plain"),
                     "level": Slider("Level", 1.0, 3.0, 1.0, 1.0)},
                    compute, draw, lambda data, values: "A line rising with x, for testing " * 3)


def test_reset_undoes_scales_inversion_fixed_ticks_legend_and_colour_cycle():
    fresh = _tricky_explorer()
    fresh.live_png()
    fresh.update(level=2.0)
    expected = _image(fresh)
    travelled = _tricky_explorer()
    travelled.live_png()
    travelled.update(style="busy", level=3.0)
    busy = _image(travelled)
    travelled.update(style="plain", level=2.0)
    ax = travelled.fig.axes[0]
    assert ax.get_xscale() == "linear" and not ax.yaxis_inverted()
    assert ax.get_legend() is None and not ax.texts and not ax.patches
    assert ax.get_title(loc="left") == ""
    assert ax.lines[0].get_color() == fresh.fig.axes[0].lines[0].get_color()
    assert not np.array_equal(busy, expected)
    assert np.array_equal(_image(travelled), expected)


@pytest.mark.parametrize("value, live_env, expected", [
    ("1", False, True), ("0", False, False), ("", True, False), ("", False, True),
    ("1", True, True)])
def test_static_frames_only_for_the_static_site(monkeypatch, value, live_env, expected):
    monkeypatch.setenv("HIL_STATIC_FRAMES", value)
    if live_env:
        monkeypatch.setenv("JPY_SESSION_NAME", "/chapters/x.ipynb")
    else:
        monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert explorer_module.static_frames_wanted() is expected


@pytest.mark.parametrize("frames", [True, False])
def test_output_bundle_carries_frames_only_when_wanted(monkeypatch, frames):
    pytest.importorskip("ipywidgets")
    monkeypatch.setenv("HIL_STATIC_FRAMES", "1" if frames else "0")
    explorer = book.EXPLORERS["half_life_explorer"]()
    assert explorer.static_control is not None
    bundle = explorer._repr_mimebundle_()
    n_frames = bundle["text/html"].count('class="hil-frame"')
    assert "application/vnd.jupyter.widget-view+json" in bundle
    if frames:
        assert n_frames >= 3 and 'type="range"' in bundle["text/html"]
    else:
        assert n_frames == 1 and 'type="range"' not in bundle["text/html"]
        assert f'alt="' in bundle["text/html"] and len(explorer.alt) > 60


def _plain_agg_image(fig, draw=None) -> np.ndarray:
    """``fig`` drawn (by ``draw``, else ``canvas.draw``) on matplotlib's own Agg canvas; the
    book's canvas is put back afterwards."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    book_canvas = fig.canvas
    plain = FigureCanvasAgg(fig)
    (draw or plain.draw)()
    image = np.asarray(plain.buffer_rgba()).copy()
    fig.set_canvas(book_canvas)
    return image


@pytest.mark.parametrize("name", NAMES)
def test_the_book_canvas_draws_matplotlibs_pixels(name):
    """The book's canvas caches text shaping and glyph bitmaps (hormonesim.book.canvas); its
    image must be matplotlib's own, on a first draw and on a redraw served from the caches."""
    from hormonesim.book import canvas

    explorer = book.EXPLORERS[name]()
    canvas.clear_caches()
    first = _image(explorer)
    again = _image(explorer)
    plain = _plain_agg_image(explorer.fig, explorer.live_png)
    assert np.array_equal(first, plain), f"{name}: first draw differs"
    assert np.array_equal(again, first), f"{name}: the cached redraw differs"


def test_the_book_canvas_draws_rotated_math_multiline_and_aliased_text_as_matplotlib():
    from hormonesim.book import canvas, plots

    fig, ax = plots.figure()
    ax.plot([0, 1], [0, 2])
    ax.set_title("Two lines\nof title, $\\alpha_1 = \\frac{1}{2}$ and g/dL")
    ax.text(0.3, 1.0, "rotated 33 degrees, 1/64-pixel phases", rotation=33)
    ax.text(0.1, 1.5, "not antialiased", antialiased=False, fontsize=13)
    ax.set_xlabel("Time (weeks)")
    ax.set_ylabel("Total testosterone (ng/dL)")
    for _ in range(2):                       # from the caches the second time
        fig.canvas.draw()
        ours = np.asarray(fig.canvas.buffer_rgba()).copy()
        assert np.array_equal(ours, _plain_agg_image(fig))
    assert canvas.ENABLED and canvas._GLYPHS and canvas._LAYOUTS and canvas._METRICS
