"""Products, seasons and collections of a brand."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from .. import audit
from ..actors import Actor
from ..db import write_transaction
from ..errors import InvalidInput
from ..models import Brand, Collection, Product, Season
from ..permissions import Cap
from .brands import brand_by_slug

CSV_COLUMNS = ("sku", "name", "collection", "season")


@dataclass(frozen=True)
class ProductView:
    id: int
    brand: str
    sku: str
    name: str
    collection: str | None
    season: str | None


_NAME = re.compile(r"[\w][\w .&+()-]{0,63}")


def _named(model, brand: Brand, name: str | None):
    """A season or collection by name; names become export folders, so no '/' or '..'."""
    if not name:
        return None
    name = name.strip()
    if not _NAME.fullmatch(name):
        raise InvalidInput(f"{model.__name__.lower()} name {name!r} may hold letters, digits, "
                           "spaces and . & + ( ) - only")
    return model.get_or_create(brand=brand, name=name)[0]


def _upsert(brand: Brand, sku: str, name: str, collection: str | None,
            season: str | None) -> tuple[Product, bool]:
    sku = sku.strip()
    if not sku or not all(c.isalnum() or c == "-" for c in sku):
        raise InvalidInput(f"SKU {sku!r} must be letters, digits and '-'")
    fields = {"name": name.strip() or sku, "collection": _named(Collection, brand, collection),
              "season": _named(Season, brand, season)}
    product = Product.get_or_none(Product.brand == brand, Product.sku == sku)
    if product is None:
        return Product.create(brand=brand, sku=sku, **fields), True
    for key, value in fields.items():
        setattr(product, key, value)
    product.save()
    return product, False


def add_product(actor: Actor, brand_slug: str, sku: str, name: str,
                collection: str | None = None, season: str | None = None) -> ProductView:
    brand = brand_by_slug(brand_slug)
    actor.require(Cap.MANAGE_ORDERS, brand.id, brand_slug)
    with write_transaction():
        product, created = _upsert(brand, sku, name, collection, season)
        audit.record(actor.label, "product.added" if created else "product.updated",
                     brand_id=brand.id, subject=f"product:{product.id}", data={"sku": sku})
    return _view(product, brand)


def import_products(actor: Actor, brand_slug: str, path: Path) -> tuple[int, int]:
    """Import a CSV (sku,name,collection,season): all rows or none. Returns (new, updated)."""
    brand = brand_by_slug(brand_slug)
    actor.require(Cap.MANAGE_ORDERS, brand.id, brand_slug)
    rows = list(_read_csv(path))
    created = 0
    with write_transaction():
        for line_no, row in rows:
            try:
                created += _upsert(brand, row["sku"], row.get("name") or "",
                                   row.get("collection"), row.get("season"))[1]
            except InvalidInput as err:
                raise InvalidInput(f"{path.name} line {line_no}: {err}") from None
        audit.record(actor.label, "product.imported", brand_id=brand.id,
                     subject=f"brand:{brand.slug}", data={"file": path.name, "rows": len(rows)})
    return created, len(rows) - created


def _read_csv(path: Path) -> Iterable[tuple[int, dict]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise InvalidInput(f"cannot read {path}: {err}") from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "sku" not in header:
        raise InvalidInput(f"{path.name}: first line must name the columns {','.join(CSV_COLUMNS)}")
    reader.fieldnames = header
    for line_no, row in enumerate(reader, start=2):
        yield line_no, {k: (v or "").strip() for k, v in row.items() if k}


def _view(product: Product, brand: Brand) -> ProductView:
    return ProductView(product.id, brand.slug, product.sku, product.name,
                       product.collection.name if product.collection_id else None,
                       product.season.name if product.season_id else None)


def list_products(actor: Actor, brand_slug: str, season: str | None = None) -> list[ProductView]:
    brand = brand_by_slug(brand_slug)
    if not (actor.can(Cap.VIEW_ORDERS, brand.id) or actor.can(Cap.VIEW_APPROVED, brand.id)):
        actor.require(Cap.VIEW_ORDERS, brand.id, brand_slug)
    query = (Product.select(Product, Collection, Season)
             .join_from(Product, Collection, join_type=pw.JOIN.LEFT_OUTER)
             .join_from(Product, Season, join_type=pw.JOIN.LEFT_OUTER)
             .where(Product.brand == brand).order_by(Product.sku))
    if season:
        query = query.where(Season.name == season)
    return [_view(p, brand) for p in query]


def list_seasons(actor: Actor, brand_slug: str) -> list[str]:
    """The brand's season names, for browsing (cheap: no products are loaded)."""
    brand = brand_by_slug(brand_slug)
    if not (actor.can(Cap.VIEW_DRAFTS, brand.id) or actor.can(Cap.VIEW_APPROVED, brand.id)
            or actor.can(Cap.VIEW_ORDERS, brand.id)):
        actor.require(Cap.VIEW_APPROVED, brand.id, brand_slug)
    return [s.name for s in Season.select(Season.name).where(Season.brand == brand)
            .order_by(Season.name)]
