"""The book's figure style: one sheet, ``style.mplstyle``, applied to the book's figures only.

matplotlib reads most style parameters when an artist is created (a line's width when ``plot``
draws it, a legend's font size when ``legend`` makes it, tick labels when the figure is drawn).
A style applied only while a figure is made (``matplotlib.rc_context`` around its creation)
therefore leaves everything drawn later at matplotlib's defaults, and ``matplotlib.style.use``
would restyle a reader's own figures too. The choice here: the book's figures are
:class:`BookFigure` objects whose public methods, and those of their :class:`BookAxes`, run
under :func:`book_style`, which sets the sheet's keys in ``matplotlib.rcParams`` for the call
and puts the previous values back afterwards. So everything a book figure creates or draws, at
any time, follows the sheet, and nothing changes globally: a reader's own figures keep the
reader's settings, whether or not the book's helpers have been called.
:func:`hormonesim.book.plots.figure` makes these figures.

>>> import matplotlib
>>> from hormonesim.book.plots import figure
>>> before = matplotlib.rcParams["lines.linewidth"]
>>> fig, ax = figure()
>>> ax.plot([0, 1])[0].get_linewidth()       # drawn after figure() returned
1.8
>>> ax.legend(["a line"]).get_texts()[0].get_fontsize()
9.0
>>> matplotlib.rcParams["lines.linewidth"] == before   # nothing changed globally
True
"""
from __future__ import annotations

import contextlib
import functools
import inspect
import threading
from pathlib import Path

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure

#: the book's style sheet (font sizes, line width, grid, spines, the palette as colour cycle)
STYLE_SHEET = Path(__file__).with_name("style.mplstyle")
#: its parameters, validated once (``matplotlib.rc_params_from_file``)
STYLE: dict = dict(matplotlib.rc_params_from_file(STYLE_SHEET, use_default_template=False))

_state = threading.local()


@contextlib.contextmanager
def book_style():
    """Apply the book's style sheet to ``matplotlib.rcParams`` for the duration of a block.

    Only the sheet's keys are set, and they are put back on exit (also after an error), so a
    reader's own settings outside the block are untouched. Re-entrant and cheap (a few
    microseconds: the values were validated when the sheet was read, unlike
    ``matplotlib.rc_context``, which copies and re-validates every parameter), which is what
    lets :class:`BookFigure` and :class:`BookAxes` wrap every one of their public methods.
    """
    if getattr(_state, "active", False):
        yield
        return
    params = matplotlib.rcParams
    saved = {key: dict.__getitem__(params, key) for key in STYLE}
    dict.update(params, STYLE)  # the documented raw update of RcParams (values pre-validated)
    _state.active = True
    try:
        yield
    finally:
        _state.active = False
        dict.update(params, saved)


def _styled(method):
    @functools.wraps(method)
    def styled(*args, **kwargs):
        if getattr(_state, "active", False):
            return method(*args, **kwargs)
        with book_style():
            return method(*args, **kwargs)
    return styled


#: methods left as they are: matplotlib checks that ``get_data_ratio`` is its own (twinx)
_UNWRAPPED = frozenset({"get_data_ratio"})


def _style_every_method(cls):
    """Run every public method (and ``__init__``) of ``cls``'s base class under the sheet."""
    base = cls.__mro__[1]
    for name in dir(base):
        if ((name.startswith("_") and name != "__init__") or name in cls.__dict__
                or name in _UNWRAPPED):
            continue
        if inspect.isfunction(inspect.getattr_static(base, name)):  # not properties, static...
            setattr(cls, name, _styled(getattr(base, name)))
    return cls


@_style_every_method
class BookAxes(Axes):
    """Axes of a book figure: whatever a method creates (a line drawn by ``plot``, a legend, a
    label, ticks on a redraw, the colour cycle after ``clear``) follows the book's sheet."""


@_style_every_method
class BookFigure(Figure):
    """A :class:`~matplotlib.figure.Figure` in the book's style, now and later.

    matplotlib reads most style parameters when an artist is created (a line's width when
    ``plot`` draws it, a legend's font size when ``legend`` makes it, tick labels when the figure
    is drawn), so a style applied only while the figure is made leaves later artists at
    matplotlib's defaults. Here every public method of the figure and of its axes
    (:class:`BookAxes`, the default ``axes_class`` of ``add_subplot``, ``add_axes``,
    ``subplots`` and ``twinx``) runs under :func:`book_style`, and so does drawing.
    """

    def add_subplot(self, *args, **kwargs):
        if not any(kwargs.get(k) for k in ("axes_class", "projection", "polar")):
            kwargs["axes_class"] = BookAxes
        return super().add_subplot(*args, **kwargs)

    def add_axes(self, *args, **kwargs):
        if not any(kwargs.get(k) for k in ("axes_class", "projection", "polar")):
            kwargs["axes_class"] = BookAxes
        return super().add_axes(*args, **kwargs)


# the overrides above also run under the sheet
BookFigure.add_subplot = _styled(BookFigure.add_subplot)
BookFigure.add_axes = _styled(BookFigure.add_axes)
