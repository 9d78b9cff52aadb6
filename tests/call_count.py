"""Counting a method's calls in a test (tests/test_fast_paths.py, tests/test_gh_axis.py: how
often the engine observes a model)."""
from __future__ import annotations


def count_calls(monkeypatch, cls: type, name: str) -> list:
    """Wrap ``cls.name`` (for the test, through ``monkeypatch``) so that every call appends to
    the returned list; the wrapped method still runs."""
    real = getattr(cls, name)
    calls: list = []

    def counted(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, counted)
    return calls
