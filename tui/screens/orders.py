"""Orders with deadline and progress; invoices below for those allowed to see them."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Label

from core.permissions import Cap
from core.services import invoices, orders
from core.services.orders import OrderView

from ..format import status
from ..messages import OrdersLoaded
from .base import DeskScreen
from .form import Field
from .order import OrderScreen

BAR = 10  # cells in a progress bar


def progress(order: OrderView) -> Text:
    done = round(BAR * order.approved / order.lines) if order.lines else 0
    return Text.assemble(("█" * done, "green"), ("░" * (BAR - done), "dim"),
                         f" {order.approved}/{order.lines}")


class OrdersScreen(DeskScreen):
    BINDINGS = [Binding("r", "reload", "Reload"),
                Binding("a", "accept", "Accept order"),
                Binding("k", "query", "Ask the submitter")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Orders", classes="section")
        yield DataTable(id="orders", cursor_type="row", zebra_stripes=True)
        yield Label("Invoices", classes="section", id="invoices-label")
        yield DataTable(id="invoices", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#orders", DataTable).add_columns(
            "#", "Brand", "Title", "Status", "Deadline", "Approved")
        self.query_one("#invoices", DataTable).add_columns(
            "Number", "Order", "Brand", "Amount", "Status", "Issued", "Paid")
        allowed = self.session.has(Cap.VIEW_INVOICES)
        for widget in self.query("#invoices, #invoices-label"):
            widget.display = allowed

    def reload(self) -> None:
        actor, session = self.session.actor, self.session
        self.call(lambda: (orders.list_orders(actor) if session.has(Cap.VIEW_ORDERS) else [],
                           invoices.list_invoices(actor)),
                  lambda found: OrdersLoaded(*found))

    def on_orders_loaded(self, message: OrdersLoaded) -> None:
        table = self.query_one("#orders", DataTable)
        table.clear()
        for o in message.orders:
            table.add_row(str(o.id), o.brand, o.title, status(o.status), o.deadline or "-",
                          progress(o), key=str(o.id))
        bills = self.query_one("#invoices", DataTable)
        bills.clear()
        for i in message.invoices:
            bills.add_row(i.number, str(i.order_id), i.brand, f"{i.amount} {i.currency}",
                          status(i.status), i.issued_on, i.paid_on or "-", key=str(i.id))

    def _selected(self) -> int | None:
        table = self.query_one("#orders", DataTable)
        if not table.row_count:
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_accept(self) -> None:
        """Take on an order a brand submitted; the submitter hears it where they asked."""
        order_id = self._selected()
        if order_id is not None:
            self.confirm(f"Accept order {order_id}?", lambda: self.act(
                lambda: orders.accept_order(self.session.actor, order_id),
                f"order {order_id} accepted"))

    def action_query(self) -> None:
        order_id = self._selected()
        if order_id is not None:
            self.ask(f"Question about order {order_id}",
                     [Field("question", "Question", required=True)],
                     lambda a: self.act(lambda: orders.query_order(
                         self.session.actor, order_id, a["question"]), "question sent"))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "orders":
            self.app.push_screen(OrderScreen(int(event.row_key.value)))
