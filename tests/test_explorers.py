"""Every explorer's update path, driven as a reader would: defaults, extremes, live widgets."""
import html
import itertools

import numpy as np
import pytest

from hormonesim import book

import explorer_cache  # noqa: E402  (one computation per setting: tests/explorer_cache.py)

explorer_cache.install()
NAMES = sorted(book.EXPLORERS)


def _all_arrays(obj):
    if isinstance(obj, np.ndarray):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _all_arrays(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from _all_arrays(v)
    elif hasattr(obj, "outputs") and hasattr(obj, "__getitem__"):  # a Result
        for name in obj.outputs:
            yield np.asarray(obj[name])


def _layout_problems(fig) -> list[str]:
    """Artists outside the figure, or axes (with their labels) overlapping, in pixels."""
    renderer = fig.canvas.get_renderer()
    width, height = fig.get_size_inches() * fig.dpi
    out = fig.get_tightbbox(renderer).transformed(fig.dpi_scale_trans)
    problems = []
    if min(out.x0, out.y0) < -0.5 or out.x1 > width + 0.5 or out.y1 > height + 0.5:
        problems.append(f"content {out.bounds} leaves the {width:.0f}x{height:.0f} figure")
    boxes = [ax.get_tightbbox(renderer) for ax in fig.axes if ax.get_visible()]
    for a, b in itertools.combinations(boxes, 2):
        if min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 and min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5:
            problems.append(f"axes {a.bounds} and {b.bounds} overlap")
    return problems


@pytest.mark.parametrize("name", NAMES)
def test_explorer_update_path_at_default_and_extremes(name):
    """Each control at each extreme: finite, non-negative data, alt text, and a live redraw
    (which keeps the layout of the first render) with nothing clipped or overlapping."""
    explorer = book.EXPLORERS[name]()
    assert explorer.question.endswith("?")
    default_alt = explorer.alt
    assert len(default_alt) > 60
    explorer.live_png()
    positions = [ax.get_position().bounds for ax in explorer.fig.axes]
    for setting in explorer.extreme_settings():
        explorer.update(**setting)
        assert explorer.live_png()[:8] == b"\x89PNG\r\n\x1a\n"
        assert [ax.get_position().bounds for ax in explorer.fig.axes] == positions
        assert not _layout_problems(explorer.fig), f"{name} {setting}: {_layout_problems(explorer.fig)}"
        assert len(explorer.alt) > 60, f"{name} {setting}: alt text too short"
        for arr in _all_arrays(explorer.data):
            if arr.dtype.kind == "f":
                assert np.all(np.isfinite(arr)), f"{name} {setting}: non-finite values"
                assert np.all(arr >= 0), f"{name} {setting}: negative values"
        assert explorer.fig.axes and any(ax.lines or ax.patches or ax.collections
                                         for ax in explorer.fig.axes)
    explorer.png()      # a static render lays the figure out afresh; the live one keeps its own
    explorer.live_png()
    assert [ax.get_position().bounds for ax in explorer.fig.axes] == positions
    explorer.update(**{k: c.value for k, c in explorer.controls.items()})
    assert explorer.alt == default_alt


@pytest.mark.parametrize("name", NAMES)
def test_explorer_static_html_has_described_frames(name):
    explorer = book.EXPLORERS[name]()
    html_text = explorer.static_html()
    n_frames = html_text.count('class="hil-frame"')
    assert n_frames >= 1 and html_text.count(' alt="') == n_frames
    if explorer.static_control:
        assert n_frames >= 3 and 'type="range"' in html_text
        assert html_text.count(" hidden") == n_frames - 1


@pytest.mark.parametrize("name", NAMES)
def test_live_widgets_drive_the_figure(name):
    """Changing an ipywidgets control (as a reader's click would) redraws the explorer."""
    pytest.importorskip("ipywidgets")
    explorer = book.EXPLORERS[name]()
    box = explorer.widget()
    controls = explorer._widgets
    key, control = next(iter(explorer.controls.items()))
    before = explorer.alt
    new = control.extremes()[-1] if control.extremes()[-1] != control.value else control.extremes()[0]
    controls[key].value = new
    assert explorer.values[key] == new
    assert explorer.alt != before or new == control.value
    assert box.children[-1] is explorer._output
    shown = explorer._output.value
    assert shown.startswith('<figure class="hil-figure"><img src="data:image/png;base64,')
    assert f'alt="{html.escape(explorer.alt, quote=True)}"' in shown
    controls[key].value = control.value            # and back: the figure is replaced again
    assert explorer._output.value != shown or new == control.value


def test_out_of_range_values_are_refused():
    explorer = book.half_life_explorer()
    with pytest.raises(ValueError, match="outside"):
        explorer.update(half_life_h=1e6)
    with pytest.raises(ValueError, match="has no control"):
        explorer.update(nonsense=1)
