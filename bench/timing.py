"""Timing shared by the benchmarks: the median of a few repeats, since the machines are noisy."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

REPEATS = 5


def median_seconds(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
