"""One computation per explorer setting for the whole side session of make test.

tests/test_explorers.py and tests/test_explorer_update_path.py build every explorer six times
(each test makes its own) and drive each through the same defaults and extremes, computing the
same settings again and again: about a quarter of the side session's CPU. Explorer computations
are deterministic (same settings, same seed, same data; what Explorer.compute's own memory of
recent settings already relies on), so these tests share them: ``install()`` makes
``Explorer.compute`` look a setting up in one dictionary per process, keyed by the explorer's
name and its checked values, before computing it. The data are shared, as Explorer.compute
shares them between updates: drawing reads them and never changes them. What each test checks
(drawing, layout, alt text, widgets, static frames, finite and non-negative data) is unchanged.
"""
from __future__ import annotations

from hormonesim.book.explorer import Explorer

_SHARED: dict = {}
_COMPUTE = Explorer.compute


def _shared_compute(self, **values):
    key = (self.name, repr(sorted(self.check_values(values).items())))
    data = _SHARED.get(key)
    if data is None:
        data = _SHARED[key] = _COMPUTE(self, **values)
    return data


def install() -> None:
    """Share explorer computations within this process (idempotent)."""
    Explorer.compute = _shared_compute
