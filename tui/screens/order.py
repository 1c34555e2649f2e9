"""One order: its brief as the SKU x angle x channel coverage matrix, a colour per status."""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from core.services import orders
from core.services.orders import CoverageRow

from ..format import LABELS, STYLES, status
from ..messages import OrderLoaded
from .base import DeskScreen

CELL_STATES = ("missing", "in_review", "changes_requested", "approved", "non_compliant")


def cell(state: str) -> Text:
    """A matrix cell: a block in the status colour and the word, readable without colour."""
    if state == "-":
        return Text("·", style="dim")
    return Text.assemble(("■ ", STYLES.get(state, "")), status(state))


def legend() -> Text:
    return Text("  ").join(Text.assemble(("■ ", STYLES[s]), LABELS.get(s, s))
                           for s in CELL_STATES)


class OrderScreen(DeskScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back"), Binding("r", "reload", "Reload")]

    def __init__(self, order_id: int) -> None:
        super().__init__()
        self.order_id = order_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("loading…", id="brief")
        yield DataTable(id="coverage", cursor_type="row")
        yield Static(legend(), id="legend")
        yield Footer()

    def reload(self) -> None:
        self.call(lambda: orders.show_order(self.session.actor, self.order_id), OrderLoaded)

    def on_order_loaded(self, message: OrderLoaded) -> None:
        detail = message.detail
        o = detail.order
        brief = (f"[b]Order {o.id}: {escape(o.title)}[/b] · {o.brand} · {o.status} · "
                 f"due {o.deadline or '-'} · {o.approved}/{o.lines} approved")
        for label, text in (("Notes", detail.notes), ("Guidelines", detail.guidelines)):
            if text:
                brief += f"\n[dim]{label}:[/] {escape(text)}"
        self.query_one("#brief", Static).update(brief)
        table = self.query_one("#coverage", DataTable)
        table.clear(columns=True)
        table.add_columns("SKU", "Product", "Angle", "Ver", *detail.channels)
        for number, row in enumerate(detail.rows):
            table.add_row(*self._cells(row, detail.channels), key=f"{number}:{row.asset_id or ''}")

    @staticmethod
    def _cells(row: CoverageRow, channels: list[str]) -> list[str | Text]:
        version = f"v{row.version}" if row.version else "-"
        return [row.sku, row.product, row.angle, version, *(cell(row.cells[c]) for c in channels)]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        asset_id = event.row_key.value.split(":")[1]
        if asset_id:
            self.app.open_asset(int(asset_id))
        else:
            self.notify("nothing delivered for this line yet", severity="warning")
