"""A studio with a few real assets, the desk app over it, and pilot helpers."""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
from dataclasses import dataclass

import pytest
from textual.widgets import DataTable

from core.models import Asset, AssetVersion, Comment, Decision, InboundMail
from core.services import review
from tests.core.conftest import Studio, studio  # noqa: F401 - fixture
from tui.app import ProofdeskApp
from tui.session import Session

SIZE = (140, 40)
FROZEN = dt.datetime(2026, 11, 2, 9, 30)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests here in a fresh event loop (no async plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@dataclass
class Library:
    studio: Studio
    front: int  # AC-100 front: two versions, a comment
    back: int  # AC-100 back: one version
    clock: int  # AC-200 front

    def app(self, who: str = "admin", **session) -> ProofdeskApp:
        return desk(self.studio, who, **session)


def desk(place: Studio, who: str = "admin", **session) -> ProofdeskApp:
    """The TUI acting as one of the studio's people."""
    return ProofdeskApp(Session(place.core, place.actors[who], **session))


@pytest.fixture
def lib(studio) -> Library:  # noqa: F811
    studio.ingest(studio.master("AC-100", "front", seed=1))
    [front] = studio.ingest(studio.master("AC-100", "front", seed=1, shift=60))
    [back] = studio.ingest(studio.master("AC-100", "back", seed=2))
    [clock] = studio.ingest(studio.master("AC-200", "front", seed=3))
    review.add_comment(studio.actors["reviewer"], front.asset_id, "Lift the shadow a bit", "slack")
    return Library(studio, front.asset_id, back.asset_id, clock.asset_id)


def freeze_times() -> None:
    """Every stored time set to one instant, so snapshots do not depend on the clock."""
    Asset.update(waiting_since=FROZEN, updated_at=FROZEN).execute()
    AssetVersion.update(uploaded_at=FROZEN).execute()
    Comment.update(created_at=FROZEN).execute()
    Decision.update(at=FROZEN).execute()
    InboundMail.update(received_at=FROZEN).execute()


async def settle(pilot, quiet_rounds: int = 3) -> None:
    """Wait until workers are done, every table has measured its rows, and a few UI rounds
    pass with nothing started again."""
    quiet = 0
    for _ in range(100):
        busy = any(not worker.is_finished for worker in pilot.app.workers)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        quiet = 0 if busy or not _tables_measured(pilot.app) else quiet + 1
        if quiet >= quiet_rounds:
            _redraw_tables(pilot.app)
            await pilot.pause()
            return


def _tables_measured(app) -> bool:
    """A DataTable sizes its columns to new rows when it is next idle (Textual keeps the
    pending work in these attributes)."""
    return not any(getattr(table, "_require_update_dimensions", False)
                   or getattr(table, "_updated_cells", None)
                   for table in app.screen.query(DataTable))


def _redraw_tables(app) -> None:
    """Textual 8 keeps lines a DataTable drew before it sized its columns (under load a
    frame can come first) until the cursor moves or the terminal resizes; drop them, so a
    snapshot shows the table as a reader sees it once they touch it."""
    for table in app.screen.query(DataTable):
        table.notify_style_update()


def notes(app: ProofdeskApp) -> list[str]:
    return [str(n.message) for n in app._notifications]
