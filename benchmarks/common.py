"""Helpers shared by the benchmarks: timing, percentiles, progress, peak memory."""

from __future__ import annotations

import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator


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


@contextlib.contextmanager
def temporary_home(database_url: str | None = None) -> Iterator[str]:
    """A fresh PROOFDESK_HOME (and database, SQLite unless a URL is given) for one run."""
    with tempfile.TemporaryDirectory() as home:
        os.environ["PROOFDESK_HOME"] = home
        if database_url:
            os.environ["PROOFDESK_DATABASE_URL"] = database_url
        yield home
