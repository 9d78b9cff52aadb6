"""Every explorer's update path, driven as a reader would: defaults, extremes, live widgets."""
import numpy as np
import pytest

from hormonesim import widgets

NAMES = sorted(widgets.EXPLORERS)


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


@pytest.mark.parametrize("name", NAMES)
def test_explorer_update_path_at_default_and_extremes(name):
    explorer = widgets.EXPLORERS[name]()
    assert explorer.question.endswith("?")
    default_alt = explorer.alt
    assert len(default_alt) > 60
    for setting in explorer.extreme_settings():
        explorer.update(**setting)
        assert len(explorer.alt) > 60, f"{name} {setting}: alt text too short"
        for arr in _all_arrays(explorer.data):
            if arr.dtype.kind == "f":
                assert np.all(np.isfinite(arr)), f"{name} {setting}: non-finite values"
                assert np.all(arr >= 0), f"{name} {setting}: negative values"
        assert explorer.fig.axes and any(ax.lines or ax.patches or ax.collections
                                         for ax in explorer.fig.axes)
    explorer.update(**{k: c.value for k, c in explorer.controls.items()})
    assert explorer.alt == default_alt


@pytest.mark.parametrize("name", NAMES)
def test_explorer_static_html_has_described_frames(name):
    explorer = widgets.EXPLORERS[name]()
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
    explorer = widgets.EXPLORERS[name]()
    box = explorer.widget()
    controls = explorer._widgets
    key, control = next(iter(explorer.controls.items()))
    before = explorer.alt
    new = control.extremes()[-1] if control.extremes()[-1] != control.value else control.extremes()[0]
    controls[key].value = new
    assert explorer.values[key] == new
    assert explorer.alt != before or new == control.value
    assert box.children[-1] is explorer._output


def test_out_of_range_values_are_refused():
    explorer = widgets.half_life_explorer()
    with pytest.raises(ValueError, match="outside"):
        explorer.update(half_life_h=1e6)
    with pytest.raises(ValueError, match="has no control"):
        explorer.update(nonsense=1)
