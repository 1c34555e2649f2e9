"""Helpers shared by the benchmarks: timing, percentiles, progress, peak memory."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable


def progress(label: str, done: int, total: int) -> None:
    print(f"\r{label}: {done:,}/{total:,} ({100 * done // max(total, 1)}%)", end="",
          file=sys.stderr, flush=True)
    if done >= total:
        print(file=sys.stderr)


def latencies(run: Callable[[int], object], repeat: int) -> dict[str, float]:
    """Call run(i) `repeat` times; median and p95 in milliseconds."""
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        run(i)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"median_ms": round(statistics.median(times), 3),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 3)}
