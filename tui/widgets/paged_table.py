"""A table that asks for its next page when the end comes into view (keyset pagination)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from ..messages import MoreWanted

LOOKAHEAD = 10  # rows before the end at which the next page is asked for
Cells = Sequence[str | Text]


class PagedTable(DataTable):
    """Rows keyed by id; posts MoreWanted once per page when the cursor or scroll nears the end."""

    BINDINGS = [Binding("j", "cursor_down", show=False), Binding("k", "cursor_up", show=False),
                Binding("G", "scroll_bottom", show=False), Binding("g", "scroll_top", show=False)]

    def __init__(self, columns: Sequence[tuple[str, str]], **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.columns_spec = columns
        self.has_more = False
        self._asked = False

    def on_mount(self) -> None:
        for key, label in self.columns_spec:
            self.add_column(label, key=key)

    def show(self, rows: Iterable[tuple[str, Cells]], *, append: bool, has_more: bool) -> None:
        if not append:
            self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key)
        self.has_more, self._asked = has_more, False

    def replace(self, key: str, cells: Cells) -> None:
        """Refresh one row in place (after a write), if it is shown."""
        if key not in self.rows:
            return
        for (column, _), value in zip(self.columns_spec, cells, strict=True):
            self.update_cell(key, column, value)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self.max_scroll_y and new_value >= self.max_scroll_y - 1:
            self._want_more()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.row_count - LOOKAHEAD:
            self._want_more()

    def _want_more(self) -> None:
        if self.has_more and not self._asked and self.row_count:
            self._asked = True
            self.post_message(MoreWanted())
