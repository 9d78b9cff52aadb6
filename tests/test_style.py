"""The book's figure style is one sheet, hormonesim/book/style.mplstyle, applied to every figure
the book draws for the figure's whole life, and to nothing else."""
from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

import hormonesim as hs
from hormonesim.book import plots

ROOT = Path(__file__).resolve().parents[1]
SHEET = ROOT / "hormonesim" / "book" / "style.mplstyle"


def sheet_values() -> dict[str, str]:
    """The sheet's ``key: value`` lines, read as text (independently of the code under test)."""
    out = {}
    for line in SHEET.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            key, value = (s.strip() for s in line.split(":", 1))
            out[key] = value
    return out


SHEET_VALUES = sheet_values()
LINE_WIDTH = float(SHEET_VALUES["lines.linewidth"])
LEGEND_SIZE = float(SHEET_VALUES["legend.fontsize"])
TITLE_SIZE = float(SHEET_VALUES["axes.titlesize"])


def test_the_sheet_differs_from_matplotlib_defaults_so_these_tests_can_fail():
    defaults = matplotlib.rcParamsDefault
    assert LINE_WIDTH != defaults["lines.linewidth"]
    assert LEGEND_SIZE != matplotlib.font_manager.FontProperties(
        size=defaults["legend.fontsize"]).get_size_in_points()
    assert TITLE_SIZE != matplotlib.font_manager.FontProperties(
        size=defaults["axes.titlesize"]).get_size_in_points()
    assert set(plots.STYLE) == set(SHEET_VALUES)


def test_the_sheets_colour_cycle_is_the_books_palette():
    cycle = [c["color"].upper() for c in plots.STYLE["axes.prop_cycle"]]
    assert cycle == [c.upper() for c in plots.CYCLE]


def test_artists_made_after_figure_returns_get_the_sheets_values():
    fig, ax = plots.figure()
    # made now, long after figure() returned: matplotlib reads the style when an artist is born
    line, = ax.plot([0, 1, 2], [1, 3, 2], label="a line")
    plots.legend(ax)
    assert line.get_linewidth() == LINE_WIDTH
    assert ax.get_legend().get_texts()[0].get_fontsize() == LEGEND_SIZE
    direct = ax.legend()  # a legend made without the book's helper too
    assert direct.get_texts()[0].get_fontsize() == LEGEND_SIZE
    assert ax.set_title("title").get_fontsize() == TITLE_SIZE
    assert line.get_color().upper() == plots.CYCLE[0].upper()  # the palette, first colour
    plots.png_bytes(fig)  # ticks are made when the figure is drawn
    assert ax.xaxis.get_major_ticks()[0].label1.get_fontsize() == float(
        SHEET_VALUES["font.size"])


def test_every_axes_of_a_book_figure_is_styled_twins_and_cleared_axes_included():
    fig, axes = plots.figure(1, 2)
    for ax in axes:
        ax.clear()  # what an explorer does before each redraw
        assert ax.plot([0, 1])[0].get_linewidth() == LINE_WIDTH
        assert ax.plot([0, 1])[0].get_color().upper() == plots.CYCLE[1].upper()
    twin = axes[0].twinx()
    assert twin.plot([0, 1])[0].get_linewidth() == LINE_WIDTH
    extra = fig.add_axes((0.6, 0.6, 0.2, 0.2))
    assert extra.plot([0, 1])[0].get_linewidth() == LINE_WIDTH
    assert fig.legend(["x"]).get_texts()[0].get_fontsize() == LEGEND_SIZE


def test_a_live_explorer_keeps_the_style_after_an_update():
    from hormonesim.book.ch01_hormones_as_messages import half_life_explorer

    ex = half_life_explorer()
    ex.update(half_life_h=ex.controls["half_life_h"].high)
    ax = np.atleast_1d(ex.axes).ravel()[0]
    # redrawn after ax.clear(): the level line (no explicit width) takes the sheet's, the dashed
    # average keeps its own 1.2, the legend (no explicit size) the sheet's font size
    widths = {ln.get_label(): ln.get_linewidth() for ln in ax.get_lines()}
    assert widths["hormone level"] == LINE_WIDTH
    assert ax.get_legend().get_texts()[0].get_fontsize() == LEGEND_SIZE
    assert ax.title.get_fontsize() == TITLE_SIZE


def test_no_global_side_effects_on_a_readers_figures():
    before = dict(matplotlib.rcParams)
    fig, ax = plots.figure()
    ax.plot([0, 1])
    plots.legend(ax)
    plots.png_bytes(fig)
    assert dict(matplotlib.rcParams) == before
    reader = Figure()  # a reader's own figure, after the book's helpers ran
    reader_ax = reader.subplots()
    assert reader_ax.plot([0, 1])[0].get_linewidth() == matplotlib.rcParams["lines.linewidth"]
    assert reader_ax.get_lines()[0].get_linewidth() != LINE_WIDTH


def test_a_readers_own_settings_survive_and_stay_theirs():
    with matplotlib.rc_context({"lines.linewidth": 4.0, "legend.fontsize": 15}):
        fig, ax = plots.figure()
        assert ax.plot([0, 1])[0].get_linewidth() == LINE_WIDTH
        assert matplotlib.rcParams["lines.linewidth"] == 4.0
        reader_ax = Figure().subplots()
        assert reader_ax.plot([0, 1])[0].get_linewidth() == 4.0


def test_an_error_inside_a_book_figure_restores_the_settings():
    before = dict(matplotlib.rcParams)
    fig, ax = plots.figure()
    with pytest.raises(ValueError):
        ax.plot([0, 1, 2], [0, 1])  # x and y of different lengths
    assert dict(matplotlib.rcParams) == before
    with pytest.raises(RuntimeError):
        with plots.book_style():
            assert matplotlib.rcParams["lines.linewidth"] == LINE_WIDTH
            raise RuntimeError("boom")
    assert dict(matplotlib.rcParams) == before


BOOK_MODULES = sorted((ROOT / "hormonesim" / "book").glob("*.py"))
FIGURE_MAKERS = re.compile(r"\bpyplot\b|\bplt\.|\bFigure\(|\bsubplots\(|rc_context|style\.use")


@pytest.mark.parametrize("path", [p for p in BOOK_MODULES
                                  if p.name not in ("plots.py", "style.py")],
                         ids=lambda p: p.name)
def test_book_modules_make_figures_only_through_plots_figure(path):
    hits = [line.strip() for line in path.read_text().splitlines()
            if FIGURE_MAKERS.search(line) and "plots.figure(" not in line]
    assert not hits, f"{path.name} makes a figure (or a style) outside plots.figure(): {hits}"


CHAPTERS = sorted((ROOT / "chapters").rglob("*.ipynb"))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapters_make_figures_only_through_plots_figure(path):
    cells = json.loads(path.read_text())["cells"]
    hits = [line.strip() for cell in cells if cell["cell_type"] == "code"
            for line in "".join(cell["source"]).splitlines()
            if FIGURE_MAKERS.search(line) and "plots.figure(" not in line]
    assert not hits, f"{path.name} makes a figure (or a style) outside plots.figure(): {hits}"


def test_plot_scenarios_is_the_name_and_compare_a_deprecated_alias():
    cmp = hs.compare_scenarios({"none": (hs.MaleHPG(), None),
                                "T cyp 100 mg/wk": (hs.MaleHPG(), hs.dose(
                                    "testosterone_cypionate", 100, "mg", every="7d"))},
                               duration="2w")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, ax = plots.plot_scenarios(cmp, "testosterone", reference="men")
    assert [ln.get_label() for ln in ax.get_lines()] == ["none", "T cyp 100 mg/wk"]
    with pytest.warns(DeprecationWarning, match="plot_scenarios"):
        fig2, ax2 = plots.compare(cmp, "testosterone")
    assert [ln.get_label() for ln in ax2.get_lines()] == ["none", "T cyp 100 mg/wk"]
    np.testing.assert_array_equal(ax.get_lines()[1].get_ydata(), ax2.get_lines()[1].get_ydata())
    assert plots.compare is not hs.compare and "plot_scenarios" in dir(plots)
