"""Admin TUI latency on the 1,000,000-version library: launch, open an asset, filter.

    .venv/bin/python benchmarks/tui.py [--versions 1000000] [--repeat 5]

Builds the library with `benchmarks.library.build`, then drives the real app headless
(`App.run_test`) and times, until the result is painted: launch -> first page of the
Library table; Enter on a row -> the Asset screen filled; a typed filter -> the table
refilled. The naive way, measured in the same run, is the same app with pagination off:
the table is loaded by reading every row (once per launch and per filter).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.library import build  # noqa: E402
from config.settings import load_settings  # noqa: E402
from config.wiring import open_core  # noqa: E402
from core.actors import SYSTEM  # noqa: E402
from core.db import database  # noqa: E402
from tui.app import ProofdeskApp  # noqa: E402
from tui.screens.asset import AssetScreen  # noqa: E402
from tui.screens.library import LibraryScreen  # noqa: E402
from tui.session import Session  # noqa: E402

SIZE = (160, 50)
FILTER = "brand:brand-0 season:SS26 status:in_review"
TIMEOUT = 600.0


class NaiveLibrary(LibraryScreen):
    page_size = 10**9  # every matching row in one read: what the desk avoids


class NaiveApp(ProofdeskApp):
    MODES = {**ProofdeskApp.MODES, "library": NaiveLibrary}


async def until(app, done: Callable[[], bool]) -> None:
    """Poll the UI until `done()`, then wait for the refresh that paints it.

    No pilot key presses here: the pilot waits for the whole app to go idle after each
    key, which would add its own hundreds of milliseconds to what is measured.
    """
    deadline = time.perf_counter() + TIMEOUT
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the TUI did not get there in time")
        await asyncio.sleep(0.002)
    painted = asyncio.get_running_loop().create_future()
    app.screen.call_after_refresh(lambda: painted.done() or painted.set_result(None))
    await painted


async def one_run(app_class: type[ProofdeskApp], core) -> dict[str, float]:
    """Launch, open the 50th asset, go back, filter: milliseconds for each step."""
    times = {}
    start = time.perf_counter()
    app = app_class(Session(core, SYSTEM))
    async with app.run_test(size=SIZE):
        table = lambda: app.screen.query_one("#assets")  # noqa: E731
        await until(app, lambda: rows(app, LibraryScreen, "#assets"))
        times["launch -> first page painted"] = ms(start)
        times["rows in the table after launch"] = table().row_count
        table().move_cursor(row=min(50, table().row_count - 1))
        start = time.perf_counter()
        table().action_select_cursor()  # what Enter does
        await until(app, lambda: rows(app, AssetScreen, "#versions"))
        times["open an asset"] = ms(start)
        app.pop_screen()
        await until(app, lambda: isinstance(app.screen, LibraryScreen))
        start = time.perf_counter()
        app.screen.set_search(FILTER)
        await until(app, lambda: table().row_count and table().get_row_at(0)[-1] == "brand-0"
                    and table().get_row_at(0)[4].plain == "review")
        times["apply a filter"] = ms(start)
    return times


def rows(app, screen: type, selector: str) -> int:
    """Rows of a table on the current screen (0 while that screen is still composing)."""
    if not isinstance(app.screen, screen):
        return 0
    return sum(table.row_count for table in app.screen.query(selector))


def ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


def measure(core, repeat: int) -> dict:
    results = {}
    for label, app_class, runs in (("desk (keyset pages of 100)", ProofdeskApp, repeat),
                                   ("naive (every row read)", NaiveApp, 1)):
        samples = [asyncio.run(one_run(app_class, core)) for _ in range(runs)]
        results[label] = {step: {"median_ms": statistics.median(s[step] for s in samples),
                                 "max_ms": max(s[step] for s in samples)}
                          for step in samples[0] if not step.startswith("rows")}
        results[label]["rows in the table after launch"] = samples[0][
            "rows in the table after launch"]
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["PROOFDESK_HOME"] = home
        os.environ.pop("PROOFDESK_DATABASE_URL", None)
        core = open_core(load_settings())
        shape = build(args.versions)
        database.obj.execute_sql("ANALYZE")
        print(json.dumps({"database": "sqlite", **shape, "tui": measure(core, args.repeat)},
                         indent=2))
        database.obj.close()


if __name__ == "__main__":
    main()
