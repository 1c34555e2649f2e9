"""Library: brands -> seasons -> products on the left, the filterable asset table on the right."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Input, Static, Tree

from core.errors import InvalidInput
from core.services import brands, catalog, library
from core.services.library import AssetFilter

from .. import query
from ..messages import AssetLoaded, AssetsLoaded, BrandsLoaded, MoreWanted, ProductsLoaded
from ..widgets.asset_table import COLUMNS, asset_cells, asset_row
from ..widgets.library_tree import LibraryTree, Place
from ..widgets.paged_table import PagedTable
from .base import DeskScreen

SEARCH_DELAY = 0.3  # seconds of typing pause before the table follows the search box


class LibraryScreen(DeskScreen):
    CSS_PATH = Path(__file__).with_name("library.tcss")  # absolute: subclasses live elsewhere
    page_size = 100  # rows per keyset page
    BINDINGS = [
        Binding("slash", "search", "Search"),
        Binding("f", "flag('failing')", "Failing"),
        Binding("A", "flag('archived')", "Archived"),
        Binding("t", "toggle_tree", "Tree"),
        Binding("r", "reload", "Reload"),
        Binding("escape", "clear", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = AssetFilter()
        self.cursor: str | None = None
        self.generation = 0
        self.opened: int | None = None
        self._typing = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield LibraryTree(id="tree")
            with Vertical(id="main"):
                yield Input(placeholder=query.HINT, id="search")
                yield Static(id="summary")
                yield PagedTable(COLUMNS, id="assets")
        yield Footer()

    @property
    def table(self) -> PagedTable:
        return self.query_one("#assets", PagedTable)

    def on_mount(self) -> None:
        self.call(lambda: brands.list_brands(self.session.actor), BrandsLoaded)
        self.load()
        self.table.focus()

    def reload(self) -> None:
        """On return from an asset, refresh just that row: the page and scroll stay put."""
        if self.opened is not None:
            asset_id, self.opened = self.opened, None
            self.call(lambda: library.show_asset(self.session.actor, asset_id), AssetLoaded)

    def action_reload(self) -> None:
        self.load()

    def load(self, append: bool = False) -> None:
        if not append:
            self.generation += 1
            self.cursor = None
        flt, after, generation, size = self.filter, self.cursor, self.generation, self.page_size
        self.call(lambda: library.list_assets(self.session.actor, flt, after=after, limit=size),
                  lambda page: AssetsLoaded(page, generation, append))

    def on_assets_loaded(self, message: AssetsLoaded) -> None:
        if message.generation != self.generation:
            return  # an answer to a filter the admin has already changed
        self.cursor = message.page.next_cursor
        self.table.show(map(asset_row, message.page.rows), append=message.append,
                        has_more=self.cursor is not None)
        self._summarise()

    def on_more_wanted(self, message: MoreWanted) -> None:
        message.stop()
        if self.cursor:
            self.load(append=True)

    def on_asset_loaded(self, message: AssetLoaded) -> None:
        self.table.replace(str(message.detail.asset.id), asset_cells(message.detail.asset))

    def _summarise(self) -> None:
        shown = self.table.row_count
        more = " · more below ↓" if self.cursor else ""
        applied = query.render(self.filter) or "everything active"
        self.query_one("#summary", Static).update(f"{shown} assets shown{more} · {applied}")

    # filtering
    def apply(self, line: str) -> None:
        try:
            self.filter = query.parse(line)
        except InvalidInput as err:
            self.notify(str(err), severity="warning")
            return
        self.load()

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._typing:
            self._typing.stop()
        self._typing = self.set_timer(SEARCH_DELAY, lambda: self.apply(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self._typing:
            self._typing.stop()
        self.apply(event.value)
        self.table.focus()

    def set_search(self, line: str) -> None:
        search = self.query_one("#search", Input)
        with search.prevent(Input.Changed):
            search.value = line
        self.apply(line)

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_clear(self) -> None:
        self.set_search("")
        self.table.focus()

    def action_flag(self, word: str) -> None:
        line = self.query_one("#search", Input).value
        words = line.split()
        self.set_search(" ".join(w for w in words if w != word) if word in words
                        else f"{line} {word}".strip())

    def action_toggle_tree(self) -> None:
        tree = self.query_one("#tree")
        tree.display = not tree.display

    # the tree
    def on_brands_loaded(self, message: BrandsLoaded) -> None:
        self.query_one("#tree", LibraryTree).set_brands(message.brands)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Place]) -> None:
        place = event.node.data
        if place and place.brand and not place.loaded:
            brand = place.brand
            self.call(lambda: catalog.list_products(self.session.actor, brand),
                      lambda products: ProductsLoaded(brand, products))

    def on_products_loaded(self, message: ProductsLoaded) -> None:
        self.query_one("#tree", LibraryTree).set_products(message.brand, message.products)

    def on_tree_node_selected(self, event: Tree.NodeSelected[Place]) -> None:
        place = event.node.data
        if place and place.brand:
            line = self.query_one("#search", Input).value
            self.set_search(query.narrow(line, brand=place.brand, season=place.season,
                                         sku=place.sku))

    # opening an asset
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.opened = int(event.row_key.value)
        self.app.open_asset(self.opened)
