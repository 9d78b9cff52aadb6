"""A bounded memo of read-only numpy results, for matrix exponentials computed once per run
setting and reused by later runs (drug propagators and step means, the teaching loop's
augmented exponential)."""
from __future__ import annotations

from typing import Callable


def read_only_memo(cache: dict, key, compute: Callable[[], tuple], limit: int) -> tuple:
    """``cache[key]``, computed by ``compute()`` (a tuple of arrays, made read-only) on the
    first call; the cache is emptied when it holds ``limit`` entries."""
    hit = cache.get(key)
    if hit is None:
        hit = compute()
        for arr in hit:
            arr.flags.writeable = False
        if len(cache) >= limit:
            cache.clear()
        cache[key] = hit
    return hit
