"""products, orders (with the coverage matrix) and invoices."""

from __future__ import annotations

from pathlib import Path

from core.services import catalog, invoices, orders

from ..output import emit_json, listing, table
from . import command, group

CELL = {"missing": "missing", "in_review": "in review", "changes_requested": "changes",
        "approved": "APPROVED", "non_compliant": "NONCOMPLIANT", "-": "-"}


def register(commands) -> None:
    sub = group(commands, "products", "a brand's catalogue")
    p = command(sub, "add", products_add, "add or update a product")
    p.add_argument("sku")
    p.add_argument("--brand", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--collection")
    p.add_argument("--season")
    p = command(sub, "list", products_list, "list a brand's products", listing=True)
    p.add_argument("--brand", required=True)
    p.add_argument("--season")
    p = command(sub, "import", products_import, "import products.csv (sku,name,collection,season)")
    p.add_argument("csv", type=Path)
    p.add_argument("--brand", required=True)

    sub = group(commands, "orders", "orders and their briefs")
    p = command(sub, "create", orders_create, "create an order from a brief (see docs/brief.toml)")
    p.add_argument("--brand", required=True)
    p.add_argument("--brief", required=True, type=Path)
    p.add_argument("--deadline", help="YYYY-MM-DD (overrides the brief's)")
    p = command(sub, "list", orders_list, "list orders with deadline and progress", listing=True)
    p.add_argument("--brand")
    p.add_argument("--status")
    p = command(sub, "show", orders_show, "show an order's SKU x angle x channel coverage",
                listing=True)
    p.add_argument("order", type=int)

    p = command(sub, "accept", orders_accept, "accept an order a brand submitted")
    p.add_argument("order", type=int)
    p = command(sub, "query", orders_query, "ask the submitter about their order (by email "
                "or Slack, as they sent it)")
    p.add_argument("order", type=int)
    p.add_argument("--message", required=True)

    sub = group(commands, "invoices", "invoices (finance and studio admins)")
    p = command(sub, "add", invoices_add, "add an invoice to an order")
    p.add_argument("--order", required=True, type=int)
    p.add_argument("--number", required=True)
    p.add_argument("--amount", required=True, help="e.g. 1250.00")
    p.add_argument("--currency", default="EUR")
    p.add_argument("--status", default="issued", choices=invoices.STATUSES)
    p = command(sub, "list", invoices_list, "list the invoices you may see", listing=True)
    p.add_argument("--brand")


def products_add(ctx, args) -> None:
    product = catalog.add_product(ctx.actor(), args.brand, args.sku, args.name, args.collection,
                                  args.season)
    print(f"{product.brand}/{product.sku}: {product.name}")


def products_list(ctx, args) -> None:
    listing(args, catalog.list_products(ctx.actor(), args.brand, args.season),
            ("sku", "name", "collection", "season"), "no products")


def products_import(ctx, args) -> None:
    created, updated = catalog.import_products(ctx.actor(), args.brand, args.csv)
    print(f"imported {args.csv.name}: {created} new, {updated} updated")


def orders_create(ctx, args) -> None:
    detail = orders.create_order(ctx.core, ctx.actor(), args.brand, args.brief, args.deadline)
    print(f"order {detail.order.id} created for {detail.order.brand}: {detail.order.title} "
          f"({detail.order.lines} lines, deadline {detail.order.deadline or 'none'})")


def orders_list(ctx, args) -> None:
    listing(args, orders.list_orders(ctx.actor(), args.brand, args.status),
            ("id", "brand", "title", "status", "deadline", "approved", "lines"), "no orders")


def orders_show(ctx, args) -> None:
    detail = orders.show_order(ctx.actor(), args.order)
    if args.json:
        emit_json(detail)
        return
    o = detail.order
    print(f"Order {o.id} · {o.brand} · {o.title} · {o.status} · deadline {o.deadline or 'none'}")
    print(f"{o.approved} of {o.lines} approved")
    if detail.notes:
        print(f"Notes: {detail.notes}")
    print()
    rows = [{"sku": r.sku, "angle": r.angle, "version": f"v{r.version}" if r.version else "-",
             **{c: CELL[s] for c, s in r.cells.items()}} for r in detail.rows]
    table(rows, ("sku", "angle", "version", *detail.channels), "the brief has no lines")


def orders_accept(ctx, args) -> None:
    order = orders.accept_order(ctx.actor(), args.order)
    print(f"order {order.id} accepted; the submitter is told")


def orders_query(ctx, args) -> None:
    order = orders.query_order(ctx.actor(), args.order, args.message)
    print(f"question sent to the submitter of order {order.id}")


def invoices_add(ctx, args) -> None:
    invoice = invoices.add_invoice(ctx.actor(), args.order, args.number, args.amount,
                                   args.currency, args.status)
    print(f"invoice {invoice.number}: {invoice.amount} {invoice.currency} ({invoice.status})")


def invoices_list(ctx, args) -> None:
    listing(args, invoices.list_invoices(ctx.actor(), args.brand),
            ("number", "brand", "order_id", "amount", "currency", "status", "issued_on"),
            "no invoices you may see")
