"""Waits between retries: exponential backoff with full jitter, so retrying processes spread out."""

from __future__ import annotations

import random
from collections.abc import Iterator

_random = random.SystemRandom()


def backoff_delays(first_s: float = 0.1, cap_s: float = 5.0) -> Iterator[float]:
    """Yields, forever, a delay drawn uniformly between zero and a ceiling that starts at
    ``first_s`` and doubles each time up to ``cap_s`` (full jitter)."""
    ceiling = first_s
    while True:
        yield _random.uniform(0, ceiling)
        ceiling = min(ceiling * 2, cap_s)
