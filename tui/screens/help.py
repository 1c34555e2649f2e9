"""`?`: the keys of the screen underneath, and how the desk is laid out."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Markdown

ABOUT = """\
# Proofdesk keys
Screens: **1** Library · **2** Orders · **3** People · **4** Mail quarantine · **5** Activity
(those your roles open). **:** or **ctrl+p** opens the command palette: every action,
and `asset 42` to jump to an asset. **escape** goes back, **q** quits.
In the library search, `brand:acme season:AW25 status:in_review channel:amazon failing`
narrow the table; other words search SKU, product name and comments.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Markdown(ABOUT)
            table = DataTable(cursor_type="none", show_header=True)
            table.add_columns("Key", "Action")
            table.add_rows(self.keys)
            yield table
