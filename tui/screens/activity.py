"""Activity: the audit log, newest first, filterable, with the hash chain's verdict on top."""

from __future__ import annotations

import json

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Input, Static

from core.permissions import Cap
from core.services import auditlog
from core.services.auditlog import EventView

from ..messages import ChainChecked, EventsLoaded, MoreWanted
from ..widgets.paged_table import PagedTable
from .base import DeskScreen

PAGE = 100
COLUMNS = (("id", "#"), ("at", "At"), ("actor", "Who"), ("action", "Action"),
           ("subject", "Subject"), ("data", "Details"))


def event_row(e: EventView) -> tuple[str, tuple[str, ...]]:
    details = json.dumps(e.data, ensure_ascii=False, default=str)[:120] if e.data else ""
    return str(e.id), (str(e.id), e.at[:19].replace("T", " "), e.actor, e.action, e.subject,
                       details)


class ActivityScreen(DeskScreen):
    BINDINGS = [Binding("slash", "search", "Filter"), Binding("V", "verify", "Verify chain"),
                Binding("r", "reload", "Reload")]

    def __init__(self) -> None:
        super().__init__()
        self.oldest: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("checking the hash chain…", id="chain")
        yield Input(placeholder="action prefix (e.g. decision.) · brand:SLUG", id="filter")
        yield PagedTable(COLUMNS, id="events")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PagedTable).focus()
        self.action_verify()

    def reload(self, append: bool = False) -> None:
        words = self.query_one("#filter", Input).value.split()
        brand = next((w[6:] for w in words if w.startswith("brand:")), None)
        action = next((w for w in words if not w.startswith("brand:")), None)
        before = self.oldest if append else None
        self.call(lambda: auditlog.list_events(self.session.actor, brand, action, PAGE, before),
                  lambda events: EventsLoaded(events, append))

    def on_events_loaded(self, message: EventsLoaded) -> None:
        if message.events:
            self.oldest = message.events[-1].id
        self.query_one(PagedTable).show(map(event_row, message.events), append=message.append,
                                        has_more=len(message.events) == PAGE)

    def on_more_wanted(self, message: MoreWanted) -> None:
        message.stop()
        self.reload(append=True)

    def on_input_submitted(self) -> None:
        self.reload()
        self.query_one(PagedTable).focus()

    def action_search(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_verify(self) -> None:
        if not self.session.actor.can(Cap.VIEW_AUDIT, None):
            self.query_one("#chain", Static).update("")
            return
        self.call(lambda: auditlog.verify_chain(self.session.actor), ChainChecked)

    def on_chain_checked(self, message: ChainChecked) -> None:
        report = message.report
        text = (Text(f"✓ hash chain intact: {report.events} events", style="green") if report.ok
                else Text(f"✗ hash chain broken at event {report.first_broken_id}: "
                          f"{report.problem}", style="bold white on red"))
        self.query_one("#chain", Static).update(text)
