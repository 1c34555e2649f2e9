"""Mail quarantine: held replies, why, their raw and extracted text; release or discard."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from core.services import inbound
from mailgate.body import parse_reply

from ..format import when
from ..messages import MailLoaded, MailOpened
from .base import DeskScreen


class MailScreen(DeskScreen):
    BINDINGS = [
        Binding("l", "release", "Release (apply)"),
        Binding("d", "discard", "Discard"),
        Binding("r", "reload", "Reload"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield DataTable(id="mails", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="message"):
                yield Static("Select a message to read it.", id="reply")
                yield Static(id="raw")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("#", "Received", "Sender", "Reason")

    def reload(self) -> None:
        self.call(lambda: inbound.list_mail(self.session.actor, "quarantined"), MailLoaded)

    def on_mail_loaded(self, message: MailLoaded) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for m in message.mails:
            table.add_row(str(m.id), when(m.received_at), m.sender, m.reason, key=str(m.id))
        if not message.mails:
            self._show("[dim]The quarantine is empty.[/]", "")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is None:
            return
        mail_id, actor = int(event.row_key.value), self.session.actor
        blobs = self.session.core.blobs

        def read() -> MailOpened:
            raw = inbound.raw_message(actor, blobs, mail_id)
            return MailOpened(mail_id, parse_reply(raw).reply, raw.decode("utf-8", "replace"))

        self.call(read, lambda opened: opened)

    def on_mail_opened(self, message: MailOpened) -> None:
        if message.mail_id == self.selected():
            self._show(f"[b]Extracted reply[/b]\n{escape(message.reply or '(empty)')}",
                       f"[b]Raw message[/b]\n[dim]{escape(message.raw)}[/]")

    def _show(self, reply: str, raw: str) -> None:
        self.query_one("#reply", Static).update(reply)
        self.query_one("#raw", Static).update(raw)

    def selected(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_release(self) -> None:
        if (mail_id := self.selected()) is not None:
            self.confirm(f"Trust mail {mail_id} and apply it?", lambda: self.act(
                lambda: self._release(mail_id), f"mail {mail_id} released"))

    def _release(self, mail_id: int) -> str:
        """Reopen, then settle it now when the desk has the gateway's processor."""
        inbound.reopen(self.session.actor, mail_id)
        process = self.session.process_mail
        return process(mail_id) if process else "accepted"

    def action_discard(self) -> None:
        if (mail_id := self.selected()) is not None:
            self.confirm(f"Discard mail {mail_id}?", lambda: self.act(
                lambda: inbound.discard(self.session.actor, mail_id), f"mail {mail_id} discarded"))
