"""The book's Agg canvas: matplotlib's, with its text rendering cached (same pixels, less time).

An explorer redraws its figure on every control change, and most of that figure's text is
the same from one redraw to the next: titles, axis labels, legends, and tick labels at the
same places. matplotlib's Agg renderer (3.11) shapes every string afresh on every draw
(``FT2Font._layout``) and renders every glyph afresh (``FT2Font._render_glyph``); text was
about 40% of an explorer's redraw. :class:`BookCanvasAgg` is :class:`FigureCanvasAgg` with a
renderer that remembers

* the shaped glyphs of a string, keyed on the font files, size, resolution, hinting flags,
  font features and language (everything shaping depends on);
* each glyph's bitmap, keyed on the glyph, font, size, resolution, hinting, antialiasing,
  rotation matrix and the glyph's sub-pixel phase. FreeType positions glyphs in 1/64 of a
  pixel (26.6 fixed point); a bitmap rendered at a whole-pixel offset of the same phase is the
  same bitmap moved by whole pixels, so the cache stores it at phase-only offset and moves it;
* the font's height metrics that ``Text`` reads from the font tables for every layout.

The pixels are matplotlib's own: ``tests/test_explorer_update_path.py`` renders every
explorer with this canvas and with the plain one and compares the images. Only the book's
figures use it (:func:`hormonesim.book.plots.figure`); if matplotlib's private text API ever
changes shape, :data:`ENABLED` is false and the plain renderer is used.
"""
from __future__ import annotations

import math

import numpy as np
from matplotlib import font_manager
from matplotlib.backends import backend_agg
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.ft2font import FT2Font

try:                                # matplotlib >= 3.10 (older ones, e.g. in Pyodide: disabled)
    from matplotlib.ft2font import RenderMode
except ImportError:                 # pragma: no cover - depends on the matplotlib installed
    RenderMode = None

#: shaped strings: key -> list of matplotlib LayoutItem
_LAYOUTS: dict = {}
#: glyph bitmaps: key -> (buffer, left, top) at the glyph's sub-pixel phase
_GLYPHS: dict = {}
#: font height metrics: key -> (ascent, descent, line gap) in pixels
_METRICS: dict = {}
#: entries kept per cache before it is emptied (a few MB at most)
MAX_ENTRIES = 20_000

#: whether the private matplotlib API this relies on is there (checked once at import)
ENABLED = (RenderMode is not None and hasattr(backend_agg, "get_hinting_flag")
           and all(hasattr(RendererAgg, name) for name in
                   ("_prepare_font", "_draw_text_glyphs_and_boxes", "draw_text"))
           and all(hasattr(FT2Font, name) for name in ("_layout", "_render_glyph",
                                                       "_set_transform")))


def clear_caches() -> None:
    """Forget every cached layout, glyph and metric (tests; memory)."""
    _LAYOUTS.clear()
    _GLYPHS.clear()
    _METRICS.clear()


def _remember(cache: dict, key, value):
    if len(cache) >= MAX_ENTRIES:
        cache.clear()
    cache[key] = value
    return value


def _font_key(prop) -> tuple:
    """The font files ``prop`` resolves to under the current settings (what Agg renders)."""
    return tuple(font_manager.fontManager._find_fonts_by_props(prop))


class BookRendererAgg(RendererAgg):
    """:class:`RendererAgg` whose text shaping, glyph bitmaps and font metrics are cached."""

    def __init__(self, width, height, dpi):
        super().__init__(width, height, dpi)
        #: font properties -> font files, for one draw (BookCanvasAgg.draw empties it: the
        #: files depend on rcParams, which may change between draws, not during one)
        self.fonts: dict = {}

    def _font_key(self, prop) -> tuple:
        try:
            return self.fonts[prop]
        except KeyError:
            key = self.fonts[prop] = _font_key(prop)
            return key
        except TypeError:
            return _font_key(prop)

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        flags = backend_agg.get_hinting_flag()
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        size = prop.get_size_in_points()
        key = (self._font_key(prop), size, self.dpi, s, flags, features, language)
        try:
            items = _LAYOUTS.get(key)
        except TypeError:            # unhashable features or language: shape as matplotlib does
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        if items is None:
            font = self._prepare_font(prop)
            items = _remember(_LAYOUTS, key, font._layout(s, flags=flags, features=features,
                                                          language=language))
        self._draw_text_glyphs_and_boxes(
            gc, x, y, angle,
            ((item.ft_object, size, item.glyph_index, 0, 1, item.x, item.y) for item in items),
            [])

    def _draw_text_glyphs_and_boxes(self, gc, x, y, angle, glyphs, boxes):
        # matplotlib's method (backend_agg.RendererAgg), with each glyph's bitmap cached at its
        # sub-pixel phase; the boxes (mathtext and TeX rules) are left to matplotlib
        cos = math.cos(math.radians(angle))
        sin = math.sin(math.radians(angle))
        load_flags = backend_agg.get_hinting_flag()
        antialiased = gc.get_antialiased()
        height = self.height
        matrices: dict = {}
        for font, size, glyph_index, slant, extend, dx, dy in glyphs:  # dy is upwards.
            matrix = matrices.get((slant, extend))
            if matrix is None:
                m = (0x10000 * np.array([[cos, -sin], [sin, cos]])
                     @ [[extend, extend * slant], [0, 1]]).round().astype(int)
                matrix = matrices[(slant, extend)] = (m, m.tobytes())
            # FreeType's y is upwards; 26.6 fixed point
            px = round(0x40 * (x + dx * cos - dy * sin))
            py = round(0x40 * (height - y + dx * sin + dy * cos))
            key = (font.fname, font.face_index, size, self.dpi, glyph_index, load_flags,
                   antialiased, matrix[1], px & 63, py & 63)
            hit = _GLYPHS.get(key)
            if hit is None:
                font.set_size(size, self.dpi)
                font._set_transform(matrix[0], [px & 63, py & 63])
                bitmap = font._render_glyph(
                    glyph_index, load_flags,
                    RenderMode.NORMAL if antialiased else RenderMode.MONO)
                buffer = bitmap.buffer
                if not antialiased:
                    buffer *= 0xff
                hit = _remember(_GLYPHS, key, (buffer, bitmap.left, bitmap.top))
            buffer, left, top = hit
            # draw_text_image's y is downwards & the bitmap bottom side.
            self._renderer.draw_text_image(
                buffer, left + (px >> 6), int(height) - (top + (py >> 6)) + buffer.shape[0],
                0, gc)
        if boxes:
            super()._draw_text_glyphs_and_boxes(gc, x, y, angle, (), boxes)

    def _get_font_height_metrics(self, prop):
        """Ascent, descent and line gap (pixels) of the font of ``prop``, as ``Text`` computes
        them from the font's tables (matplotlib's ``Text._get_layout``), cached."""
        key = (self._font_key(prop), prop.get_size_in_points(), self.dpi)
        hit = _METRICS.get(key)
        if hit is not None:
            return hit
        font = font_manager.get_font(list(key[0]))
        value = (None, None, None)
        for table_name, gap_key, ascent_key, descent_key in (
                ('OS/2', 'sTypoLineGap', 'sTypoAscender', 'sTypoDescender'),
                ('hhea', 'lineGap', 'ascent', 'descent')):
            table = font.get_sfnt_table(table_name)
            if table is None:
                continue
            scale = 1 / font.get_sfnt_table('head')['unitsPerEm'] * key[1] * self.dpi / 72
            value = (table[ascent_key] * scale, -table[descent_key] * scale,
                     table[gap_key] * scale)
            break
        return _remember(_METRICS, key, value)


class BookCanvasAgg(FigureCanvasAgg):
    """:class:`FigureCanvasAgg` drawing with :class:`BookRendererAgg` (same pixels, faster)."""

    def get_renderer(self):
        if not ENABLED:
            return super().get_renderer()
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = BookRendererAgg(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer

    def draw(self):
        if ENABLED:
            self.get_renderer().fonts.clear()
        super().draw()
