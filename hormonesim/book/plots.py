"""The book's figure style and plotting helpers (book floor: matplotlib lives here).

One palette for every figure: Okabe and Ito's colour-blind-safe set [okabe2008]. Reference
ranges are drawn as shaded bands, axes always carry units, and every figure shown in the book
goes through :func:`show`, which attaches descriptive alt text so that a reader who cannot see
the image (or whose browser blocks it) still gets the figure's message.

Figures are created with :func:`figure` as :class:`matplotlib.figure.Figure` objects (no pyplot
state), so explorers can redraw one figure in place and nothing is shown twice. Their style is
one sheet, ``style.mplstyle``, applied (by :mod:`hormonesim.book.style`) to the book's figures
for their whole life, lines drawn later included, and never to a reader's own figures: see
:func:`figure`.
"""
from __future__ import annotations

import base64
import html
import io
import struct
import warnings
import zlib

import numpy as np
from matplotlib.figure import Figure

from ..reference import reference_range
from ..result import Result
from .canvas import BookCanvasAgg
from .style import STYLE, STYLE_SHEET, BookAxes, BookFigure, book_style  # noqa: F401 - re-exported

#: Okabe-Ito colour-blind-safe palette [okabe2008]
PALETTE = {
    "black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
}
#: order in which series take colours (yellow last: low contrast on white)
CYCLE = [PALETTE[c] for c in ("blue", "vermillion", "green", "orange", "purple", "sky", "black",
                              "yellow")]
#: one colour per hormone, the same in every chapter
HORMONE_COLORS = {
    "testosterone": PALETTE["blue"], "free_testosterone": PALETTE["sky"],
    "estradiol": PALETTE["vermillion"], "lh": PALETTE["green"], "fsh": PALETTE["orange"],
    "gnrh": PALETTE["purple"], "shbg": PALETTE["black"], "progesterone": PALETTE["purple"],
    "estriol": PALETTE["orange"], "gh": PALETTE["blue"], "igf1": PALETTE["green"],
    "ghrh": PALETTE["purple"], "somatostatin": PALETTE["vermillion"], "ghrelin": PALETTE["orange"],
}
BAND_COLOR = "#999999"
#: readable names for axis labels
LABELS = {
    "testosterone": "Total testosterone", "free_testosterone": "Free testosterone",
    "estradiol": "Estradiol", "lh": "LH", "fsh": "FSH", "gnrh": "GnRH", "shbg": "SHBG",
    "progesterone": "Progesterone", "estriol": "Estriol", "gh": "GH", "igf1": "IGF-1",
    "ghrh": "GHRH", "somatostatin": "Somatostatin", "ghrelin": "Ghrelin",
}


def figure(nrows: int = 1, ncols: int = 1, width: float = 7.0, height: float = 3.4,
           sharex: bool = False, **kwargs) -> tuple[Figure, np.ndarray | object]:
    """A new figure in the book's style: ``fig, ax = figure()`` (``axes`` array if several).

    The style is the sheet ``hormonesim/book/style.mplstyle`` (``plots.STYLE``). It is applied
    to the book's figures only, and for their whole life: the figure is a
    :class:`~hormonesim.book.style.BookFigure` whose methods, and those of its axes, run under
    :func:`~hormonesim.book.style.book_style`, so a line drawn or a legend made after this
    function returns gets the sheet's line width and font size too.
    Nothing is changed globally: a reader's own matplotlib figures (``plt.subplots()`` and
    the like) keep the reader's style, even after the book's helpers have been called.

    Parameters
    ----------
    nrows, ncols : int
        Grid of axes.
    width, height : float
        Size in inches.
    """
    with book_style():
        fig = BookFigure(figsize=(width, height), layout="constrained")
        BookCanvasAgg(fig)          # Agg with its text rendering cached (same pixels)
        axes = fig.subplots(nrows, ncols, sharex=sharex, squeeze=True, **kwargs)
        for ax in np.atleast_1d(axes).ravel():
            _style_axes(ax)
    return fig, axes


def _style_axes(ax) -> None:
    for k, v in (("top", False), ("right", False)):
        ax.spines[k].set_visible(v)
    ax.grid(True, alpha=0.25)


def label(name: str, unit: str) -> str:
    """Axis label "Estradiol (pg/mL)" for output ``name`` in ``unit``."""
    return f"{LABELS.get(name, name.replace('_', ' ').capitalize())} ({unit})"


def reference_band(ax, hormone: str, population: str, text: bool = True) -> None:
    """Shade the published reference range of ``hormone`` for ``population`` on ``ax``."""
    rr = reference_range(hormone, population)
    ax.axhspan(rr.low, rr.high, color=BAND_COLOR, alpha=0.18, lw=0,
               label=f"reference range {rr.low:g}-{rr.high:g} {rr.unit}" if text else None)


def band(ax, low: float, high: float, text: str | None = None) -> None:
    """Shade a horizontal band (a target range, say) between ``low`` and ``high``."""
    ax.axhspan(low, high, color=BAND_COLOR, alpha=0.18, lw=0, label=text)


def time_values(res: Result, time_unit: str) -> tuple[np.ndarray, str]:
    """Sample times of ``res`` in ``"hours"``, ``"days"`` or ``"weeks"`` and the axis label."""
    factors = {"minutes": 60.0, "hours": 1.0, "days": 1 / 24, "weeks": 1 / 168}
    if time_unit not in factors:
        raise ValueError(f"time_unit {time_unit!r} unknown; allowed: {', '.join(factors)}")
    return res.t_hours * factors[time_unit], f"Time ({time_unit})"


def plot_output(ax, res: Result, name: str, time_unit: str = "days", color: str | None = None,
                label_text: str | None = None, **kwargs) -> None:
    """Plot one output of a single-subject result against time, with units on the axes."""
    t, xlabel = time_values(res, time_unit)
    values = res[name]
    if values.ndim != 1:
        raise ValueError("plot_output draws one subject; use res.subject(i) or a cohort plot")
    ax.plot(t, values, color=color or HORMONE_COLORS.get(name), label=label_text, **kwargs)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(label(name, res.units[name]))
    ax.set_ylim(bottom=0)


def png_bytes(fig: Figure, dpi: int = 110, compress_level: int = 6) -> bytes:
    """The figure rendered as PNG at ``dpi`` (dots per inch).

    One draw of the Agg canvas, then the encoding. ``savefig`` would first run the constrained
    layout in an extra draw pass and then draw again, which costs about a third of an
    explorer's redraw; the image is the same. ``compress_level`` (zlib, 0-9) trades size for
    time. Pages keep 6, encoded by Pillow (matplotlib's own PNG writer), whose adaptive
    per-row filters make the smallest files. The live widget uses 1 and :func:`_fast_png`:
    rows unfiltered, one zlib pass; about half of Pillow's time at level 1 for a file of the
    same size (line art on white compresses as well without filters).
    """
    if fig.dpi != dpi:
        fig.set_dpi(dpi)
    fig.canvas.draw()
    rgb = np.asarray(fig.canvas.buffer_rgba())[..., :3]
    if compress_level <= 1:
        return _fast_png(rgb, dpi, compress_level)
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format="png", dpi=(dpi, dpi), compress_level=compress_level)
    return buf.getvalue()


def _png_chunk(tag: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))


def _fast_png(rgb: np.ndarray, dpi: float, compress_level: int = 1) -> bytes:
    """An 8-bit RGB PNG of ``rgb`` (rows x columns x 3, uint8): filter type 0 (None) on every
    row, one zlib stream at ``compress_level``; the resolution goes in a pHYs chunk as
    Pillow writes it."""
    height, width, _ = rgb.shape
    rows = np.empty((height, 1 + 3 * width), np.uint8)
    rows[:, 0] = 0                                   # filter type None
    rows[:, 1:] = rgb.reshape(height, 3 * width)
    per_metre = int(dpi / 0.0254 + 0.5)
    return b"".join((
        b"\x89PNG\r\n\x1a\n",
        _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
        _png_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), compress_level)),
        _png_chunk(b"IEND", b"")))


class StaticFigure:
    """A rendered figure with alt text; displays as an ``<img alt=...>`` in notebooks and the book."""

    def __init__(self, png: bytes, alt: str, caption: str | None = None):
        if not isinstance(alt, str) or len(alt.strip()) < 20:
            raise ValueError("alt must describe the figure in a sentence or more (>= 20 characters)")
        self.png = png
        self.alt = alt.strip()
        self.caption = caption

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        cap = f"<figcaption>{html.escape(self.caption)}</figcaption>" if self.caption else ""
        return (f'<figure class="hil-figure"><img src="data:image/png;base64,{data}" '
                f'alt="{html.escape(self.alt, quote=True)}" style="max-width:100%"/>{cap}</figure>')

    def _repr_png_(self) -> bytes:
        return self.png


def show(fig: Figure, alt: str, caption: str | None = None, dpi: int = 110) -> StaticFigure:
    """Render ``fig`` with alt text for display (make it the last expression of a cell).

    Parameters
    ----------
    fig : Figure
        From :func:`figure`.
    alt : str
        What the figure shows, in words and numbers, for a reader who cannot see it.
    caption : str, optional
        A visible caption.
    """
    return StaticFigure(png_bytes(fig, dpi), alt, caption)


def legend(ax, **kwargs) -> None:
    """A legend outside the way of the data, if there is anything to label."""
    handles, labels_ = ax.get_legend_handles_labels()
    if handles:
        ax.legend(frameon=False, **kwargs)


def histogram(ax, values, bins, color: str, alpha: float = 0.8,
              label_text: str | None = None) -> np.ndarray:
    """A histogram of ``values`` in ``bins`` (edges) drawn as one filled outline; returns the
    counts.

    The same counts and bars as ``ax.hist`` (values outside the edges are left out), drawn as
    one artist (``Axes.stairs``) instead of one rectangle per bin: an explorer's histogram of
    40 bins then redraws in a fraction of the time, and adjacent bars show no seams.
    """
    counts, edges = np.histogram(np.asarray(values, float), bins=bins)
    ax.stairs(counts, edges, fill=True, color=color, alpha=alpha, lw=0, label=label_text)
    return counts


def colors(n: int) -> list[str]:
    """``n`` colours from the palette, in the book's order."""
    return [CYCLE[i % len(CYCLE)] for i in range(n)]



def validation_figure(comparisons, title: str = "") -> tuple[Figure, object]:
    """Model value against published value for each observation, as ratios with tolerance bars.

    Each row is one observation: the published value is 1 (vertical line), the grey bar its
    tolerance band relative to that value, the marker the model's value (filled when inside the
    band, open when outside). Calibrated observations are drawn as squares, out-of-sample
    checks as circles.
    """
    n = len(comparisons)
    fig, ax = figure(width=7.5, height=max(2.0, 0.38 * n + 1.0))
    for i, c in enumerate(comparisons):
        o = c.observation
        scale = o.value if o.value else 1.0
        ax.plot([o.low / scale, o.high / scale], [i, i], color=BAND_COLOR, lw=6, alpha=0.5,
                solid_capstyle="butt")
        color = PALETTE["blue"] if c.within else PALETTE["vermillion"]
        ax.plot(c.model_value / scale, i, marker="s" if o.calibrated else "o", ms=7,
                color=color, mfc=color if c.within else "white", mew=1.6)
    ax.axvline(1.0, color="0.3", lw=1, ls=":")
    ax.set_yticks(range(n))
    ax.set_yticklabels([c.observation.id for c in comparisons], fontsize=8)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlabel("Model value / published value (log scale; grey: tolerance band)")
    if title:
        ax.set_title(title)
    return fig, ax


def validation_table_html(comparisons) -> str:
    """An HTML table of observations: published value, band, model value, verdict, source."""
    rows = []
    for c in comparisons:
        o = c.observation
        verdict = "within" if c.within else "<strong>outside</strong>"
        rows.append(
            f"<tr><td>{html.escape(o.id)}</td><td>{html.escape(o.description)}</td>"
            f"<td>{o.value:.3g} {html.escape(o.unit)}</td><td>{o.low:.3g}-{o.high:.3g}</td>"
            f"<td>{c.model_value:.3g}</td><td>{verdict}</td>"
            f"<td>{'calibrated' if o.calibrated else 'out-of-sample'}</td>"
            f"<td>{html.escape(o.population)}; {html.escape(o.dose)}</td>"
            f"<td>{html.escape(o.source)}</td><td>{html.escape(o.note)}</td></tr>")
    head = ("<tr><th>id</th><th>observation</th><th>published</th><th>band</th><th>model</th>"
            "<th>verdict</th><th>use</th><th>population; dose</th><th>source</th><th>note</th></tr>")
    return ('<div class="hil-table" role="region" aria-label="validation table" tabindex="0">'
            f'<table class="table"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table></div>')


# --------------------------------------------------------------------------------------
# GH axis: pulse plots (chapters 8 and 12)
# --------------------------------------------------------------------------------------
def shade_sleep(ax, model, duration_h: float, time_unit: str = "hours", text: bool = True) -> None:
    """Shade the slow-wave-sleep window(s) of a :class:`~hormonesim.GHAxis` on a time axis."""
    factor = {"minutes": 60.0, "hours": 1.0, "days": 1 / 24, "weeks": 1 / 168}[time_unit]
    if not getattr(model, "sleep", False):
        return
    onset = (model.sleep_onset_clock_h - model.start_clock_h) % 24.0
    first = True
    while onset < duration_h:
        ax.axvspan(onset * factor, min(onset + model.sws_duration_h, duration_h) * factor,
                   color=PALETTE["sky"], alpha=0.12, lw=0,
                   label="early sleep (slow-wave sleep)" if (text and first) else None)
        first = False
        onset += 24.0


def mark_doses(ax, res: Result, time_unit: str = "hours") -> None:
    """Draw a short tick and label at the top of ``ax`` for each dose in ``res``."""
    factor = {"minutes": 60.0, "hours": 1.0, "days": 1 / 24, "weeks": 1 / 168}[time_unit]
    styles = {"sermorelin": PALETTE["purple"], "ipamorelin": PALETTE["orange"]}
    seen = set()
    for t_h, drug_id, _amount in res.doses:
        base = drug_id.replace("_iv", "")
        color = styles.get(base, PALETTE["black"])
        ax.axvline(t_h * factor, color=color, ls="--", lw=1.2,
                   label=f"{base} dose" if base not in seen else None)
        seen.add(base)


def pulse_plot(ax, res: Result, analysis=None, output: str = "gh", time_unit: str = "hours",
               color: str | None = None, label_text: str | None = None, peaks: bool = True,
               **kwargs) -> None:
    """Plot a pulsatile series with its detected pulses marked.

    Parameters
    ----------
    ax : Axes
    res : Result
        A single-subject result (e.g. of :class:`hormonesim.GHAxis`).
    analysis : PulseAnalysis, optional
        From :func:`hormonesim.pulse_analysis`; computed with default settings if omitted and
        ``peaks`` is true.
    output : str
        Output to draw (default ``"gh"``).
    time_unit : str
        ``"hours"`` (default), ``"minutes"``, ``"days"``.
    peaks : bool
        Mark each detected pulse's peak with a triangle.
    """
    plot_output(ax, res, output, time_unit=time_unit, color=color, label_text=label_text,
                **kwargs)
    if peaks:
        if analysis is None:
            from ..pulses import pulse_analysis
            analysis = pulse_analysis(res, output)
        factor = {"minutes": 60.0, "hours": 1.0, "days": 1 / 24, "weeks": 1 / 168}[time_unit]
        ax.plot(analysis.peak_times_h * factor, analysis.peak_values, "v", ms=6,
                color=color or HORMONE_COLORS.get(output, PALETTE["blue"]), mfc="white",
                label=f"{analysis.count} pulses detected")


def gh_axis_panels(res: Result, time_unit: str = "hours") -> tuple[Figure, np.ndarray]:
    """Four stacked panels of a GH-axis result: GHRH, somatostatin, GH (with pulses), IGF-1."""
    fig, axes = figure(4, 1, width=7.5, height=7.0, sharex=True)
    shade = getattr(res, "model", None)
    for ax, name in zip(axes, ("ghrh", "somatostatin", "gh", "igf1")):
        if name == "gh":
            pulse_plot(ax, res, output="gh", time_unit=time_unit)
            legend(ax, loc="upper right", fontsize=8)
        else:
            plot_output(ax, res, name, time_unit=time_unit)
        if shade is not None:
            shade_sleep(ax, shade, float(res.t_hours[-1]), time_unit, text=False)
        ax.set_ylabel(label(name, res.units[name]).replace(" (", "\n("), fontsize=9)
    for ax in axes[:-1]:
        ax.set_xlabel("")
    return fig, axes


def plot_scenarios(comparison, output: str = "testosterone", time_unit: str = "days", ax=None,
                   reference: str | None = None, width: float = 7.5, height: float = 3.6):
    """All scenarios of a :func:`hormonesim.compare_scenarios` result on one axes.

    (Formerly ``plots.compare``, renamed so that ``compare`` means one thing in the book:
    :func:`hormonesim.compare`, which compares the arms of a virtual trial.)

    Parameters
    ----------
    comparison : ScenarioComparison
    output : str
        Output to draw (e.g. ``"testosterone"``).
    time_unit : str
        ``"hours"``, ``"days"`` or ``"weeks"``.
    ax : Axes, optional
        Draw into an existing axes (explorers); a new figure otherwise.
    reference : str, optional
        Population of a reference band to shade (``"men"``).

    Returns
    -------
    (Figure, Axes)
    """
    if ax is None:
        fig, ax = figure(width=width, height=height)
    else:
        fig = ax.figure
    unit = None
    for (lab, res), color in zip(comparison.results.items(), colors(len(comparison.results))):
        t, xlabel = time_values(res, time_unit)
        values = res[res.check(output)]
        if values.ndim != 1:
            raise ValueError("plot_scenarios draws single subjects; use res.subject(i) for "
                             "cohorts")
        ax.plot(t, values, color=color, label=lab)
        unit = res.units[output]
    if reference is not None:
        reference_band(ax, output, reference)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(label(output, unit))
    ax.set_ylim(bottom=0)
    legend(ax, loc="upper right", fontsize=8)
    return fig, ax


def compare(*args, **kwargs):
    """Deprecated name of :func:`plot_scenarios` (``hs.compare`` compares trial arms)."""
    warnings.warn("hormonesim.book.plots.compare is deprecated and will be removed; use "
                  "plots.plot_scenarios (hs.compare is the comparison of trial arms)",
                  DeprecationWarning, stacklevel=2)
    return plot_scenarios(*args, **kwargs)


def tornado(sens, top: int | None = 10, ax=None, width: float = 7.0):
    """Tornado plot of a :func:`hormonesim.sensitivity` result.

    One horizontal bar pair per parameter, sorted by impact: the change (%) of the summary when
    the parameter is lowered (blue) and raised (vermillion) by ``sens.fraction``.

    Returns
    -------
    (Figure, Axes)
    """
    rows = sens.rows[:top] if top else sens.rows
    n = len(rows)
    if ax is None:
        fig, ax = figure(width=width, height=max(2.2, 0.4 * n + 1.2))
    else:
        fig = ax.figure
    y = np.arange(n)
    low = [r["change_low_pct"] for r in rows]
    high = [r["change_high_pct"] for r in rows]
    pct = int(round(sens.fraction * 100))
    ax.barh(y, low, color=PALETTE["blue"], label=f"parameter -{pct}%")
    ax.barh(y, high, color=PALETTE["vermillion"], label=f"parameter +{pct}%", alpha=0.85)
    ax.axvline(0, color="0.3", lw=1)
    ax.set_yticks(y)
    ax.set_yticklabels([r["parameter"].replace("_", " ") for r in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(f"Change in {sens.summary} {LABELS.get(sens.output, sens.output)} (%) "
                  f"from {sens.base:.3g} {sens.unit}")
    legend(ax, loc="lower right", fontsize=8)
    return fig, ax


# ----------------------------------------------------------------------------------------------
# Virtual cohorts and trials (chapters 3 and 10)
# ----------------------------------------------------------------------------------------------
def cohort_band(ax, res: Result, name: str, time_unit: str = "days", color: str | None = None,
                label_text: str | None = None, percentiles: tuple = (5, 95),
                show_subjects: int = 0) -> None:
    """Median and a percentile band of a cohort output over time (optionally some subjects).

    Parameters
    ----------
    ax : Axes
    res : Result
        A cohort result (``res.is_cohort``).
    name : str
        Output name.
    percentiles : (low, high)
        Band between these percentiles of the cohort at each time (5th-95th by default).
    show_subjects : int
        Also draw this many individual subjects as thin lines (the first ones).
    """
    values = np.atleast_2d(res[name])
    t, xlabel = time_values(res, time_unit)
    color = color or HORMONE_COLORS.get(name, PALETTE["blue"])
    for i in range(min(show_subjects, values.shape[0])):
        ax.plot(t, values[i], color=color, lw=0.6, alpha=0.35)
    lo, hi = np.percentile(values, percentiles, axis=0)
    ax.fill_between(t, lo, hi, color=color, alpha=0.2, lw=0,
                    label=f"{percentiles[0]:g}th-{percentiles[1]:g}th percentile"
                    if label_text is None else None)
    ax.plot(t, np.median(values, axis=0), color=color, lw=2.0,
            label=label_text or "median")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(label(name, res.units[name]))
    ax.set_ylim(bottom=0)


def fraction_in_range_plot(ax, arms: dict, measure: str = "testosterone", target=(450, 700),
                           time_unit: str = "weeks", daily: bool = True) -> dict:
    """Share of subjects in ``target`` over time, one line per trial arm.

    ``arms`` maps an arm name to its cohort Result. Returns ``{arm: (t, fraction)}``.
    """
    from ..trial import fraction_in_range
    out = {}
    scale = {"days": 1.0, "weeks": 1 / 7}[time_unit]
    for (name, res), color in zip(arms.items(), colors(len(arms))):
        t, frac = fraction_in_range(res, measure, target, daily=daily)
        ax.plot(t * scale, frac * 100, color=color, label=name)
        out[name] = (t, frac)
    ax.set_xlabel(f"Time ({time_unit})")
    ax.set_ylabel(f"Subjects in {target[0]:g}-{target[1]:g} (%)")
    ax.set_ylim(0, 100)
    return out


def trial_distributions(summaries: dict, width: float = 7.5, height: float = 2.9):
    """Three panels comparing trial arms: time in target, peak level, lowest estradiol.

    ``summaries`` maps an arm name to a :class:`hormonesim.trial.TrialSummary`. Dashed lines
    mark the supraphysiologic threshold and the over-suppressed estradiol threshold.

    Returns
    -------
    (Figure, ndarray of Axes)
    """
    fig, axes = figure(1, 3, width=width, height=height)
    cols = colors(len(summaries))
    first = next(iter(summaries.values()))
    bins_tir = np.linspace(0, 100, 21)
    peaks = np.concatenate([s.peak for s in summaries.values()])
    bins_peak = np.linspace(0, max(peaks.max(), first.thresholds["supra"]) * 1.05, 25)
    for (name, s), c in zip(summaries.items(), cols):
        axes[0].hist(s.time_in_range * 100, bins=bins_tir, color=c, alpha=0.55, label=name)
        axes[1].hist(s.peak, bins=bins_peak, color=c, alpha=0.55, label=name)
    axes[0].set_xlabel(f"Time in {first.target[0]:g}-{first.target[1]:g} (%)")
    axes[0].set_ylabel("Subjects")
    axes[1].axvline(first.thresholds["supra"], color="0.3", ls="--", lw=1)
    axes[1].set_xlabel(f"Peak {LABELS.get(first.measure, first.measure).lower()}"
                       + (f" ({first.unit})" if first.unit else ""))
    if first.e2_min is not None:
        mins = np.concatenate([s.e2_min for s in summaries.values()])
        bins_e2 = np.linspace(0, max(mins.max(), first.thresholds["e2_low"]) * 1.1, 25)
        for (name, s), c in zip(summaries.items(), cols):
            axes[2].hist(s.e2_min, bins=bins_e2, color=c, alpha=0.55, label=name)
        axes[2].axvline(first.thresholds["e2_low"], color=PALETTE["vermillion"], ls="--", lw=1)
        axes[2].set_xlabel("Lowest estradiol (pg/mL)")
    legend(axes[0], loc="upper left", fontsize=8)
    return fig, axes


def dose_histogram(ax, res: Result, drug: str, unit: str = "mg", color: str | None = None,
                   label_text: str | None = None) -> np.ndarray:
    """Histogram of each subject's last dose of ``drug`` (canonical unit, e.g. mg); returns them."""
    from ..trial import dose_history
    _, amounts = dose_history(res, drug)
    final = amounts[:, -1]
    values = np.unique(final)
    width = np.min(np.diff(values)) * 0.8 if values.size > 1 else max(values[0] * 0.2, 1e-3)
    counts = [(final == v).sum() for v in values]
    ax.bar(values, counts, width=width, color=color or PALETTE["blue"], alpha=0.8,
           label=label_text)
    ax.set_xlabel(f"Final dose ({unit})")
    ax.set_ylabel("Subjects")
    return final
