"""Brands -> seasons -> products, filled lazily: a brand's catalogue loads when it opens."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rich.markup import escape
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from core.services.brands import BrandView
from core.services.catalog import ProductView

MAX_PRODUCTS = 300  # per season in the tree; beyond that, searching is quicker than scrolling
NO_SEASON = "(no season)"


@dataclass(frozen=True)
class Place:
    """What a tree node stands for, as search keys (brand, season, sku)."""

    brand: str | None = None
    season: str | None = None
    sku: str | None = None
    loaded: bool = True


class LibraryTree(Tree[Place]):
    def __init__(self, **kwargs) -> None:
        super().__init__("Library", data=Place(), **kwargs)
        self.show_root = False
        self.guide_depth = 2

    def set_brands(self, brands: list[BrandView]) -> None:
        self.clear()
        for brand in brands:
            node = self.root.add(f"{escape(brand.name)} [dim]{brand.slug}[/]",
                                 data=Place(brand.slug, loaded=False))
            node.add_leaf("loading…")
        self.root.expand()

    def set_products(self, brand: str, products: list[ProductView]) -> None:
        node = self._brand_node(brand)
        if node is None:
            return
        node.remove_children()
        node.data = Place(brand)
        by_season: dict[str, list[ProductView]] = defaultdict(list)
        for product in products:
            by_season[product.season or NO_SEASON].append(product)
        for season in sorted(by_season):
            items = by_season[season]
            season_key = None if season == NO_SEASON else season
            child = node.add(f"{escape(season)} [dim]{len(items)}[/]",
                             data=Place(brand, season_key))
            for product in items[:MAX_PRODUCTS]:
                child.add_leaf(f"{product.sku} [dim]{escape(product.name)}[/]",
                               data=Place(brand, season_key, product.sku))
            if len(items) > MAX_PRODUCTS:
                child.add_leaf(f"[dim]… {len(items) - MAX_PRODUCTS} more: search by SKU[/]",
                               data=Place(brand, season_key))

    def _brand_node(self, brand: str) -> TreeNode[Place] | None:
        return next((n for n in self.root.children if n.data and n.data.brand == brand), None)
