"""The library table's columns: one row per asset, coloured by status and compliance."""

from __future__ import annotations

from rich.text import Text

from core.services.library import AssetRow

from ..format import status, when

COLUMNS = (("sku", "SKU"), ("product", "Product"), ("angle", "Angle"), ("version", "Ver"),
           ("status", "Status"), ("compliance", "Compliance"), ("updated", "Last activity"),
           ("waiting", "Waiting since"), ("brand", "Brand"))


def asset_cells(row: AssetRow) -> tuple[str | Text, ...]:
    waiting = when(row.waiting_since) if row.status == "in_review" else "-"
    return (row.sku, row.product, row.angle, f"v{row.version}",
            status("archived" if row.state == "archived" else row.status),
            status(row.compliance), when(row.updated_at), waiting, row.brand)


def asset_row(row: AssetRow) -> tuple[str, tuple[str | Text, ...]]:
    return str(row.id), asset_cells(row)
