"""Orders and their briefs: the SKU x angle x channel matrix a brand commissions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from .. import audit
from ..actors import SYSTEM, Actor
from ..context import Core
from ..db import write_transaction
from ..errors import Conflict, InvalidInput, NotFound
from ..models import Asset, Brand, Order, OrderLine, Product, Rendition
from ..permissions import Cap
from . import briefs, notify
from .brands import brand_by_slug
from .catalog import _upsert


@dataclass(frozen=True)
class OrderView:
    id: int
    brand: str
    title: str
    status: str
    deadline: str | None
    lines: int
    approved: int


@dataclass(frozen=True)
class CoverageRow:
    sku: str
    product: str
    angle: str
    asset_id: int | None
    version: int | None
    # channel -> missing | in_review | changes_requested | approved | non_compliant | -
    cells: dict[str, str]


@dataclass(frozen=True)
class OrderDetail:
    order: OrderView
    notes: str
    guidelines: str
    channels: list[str]
    rows: list[CoverageRow] = field(default_factory=list)


def _parse_date(value: object, what: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"{what} {value!r} is not a date (YYYY-MM-DD)") from None


def load_brief(path: Path, core: Core) -> dict:
    """Read and check a brief.toml; every problem names the key at fault."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"brief file {path} does not exist") from None
    except UnicodeDecodeError as err:
        raise InvalidInput(f"brief {path.name} is not valid TOML: {err}") from None
    return check_brief(briefs.from_toml(text, f"brief {path.name}"), core, path.name)


def check_brief(brief: dict, core: Core, name: str = "brief") -> dict:
    """Every product has a SKU, known angles and known channels (with the brief's defaults)."""
    products = brief.get("products")
    if not isinstance(products, list) or not products:
        raise InvalidInput(f"{name} lists no products")
    for number, item in enumerate(products, start=1):
        if not isinstance(item, dict) or not item.get("sku"):
            raise InvalidInput(f"{name}: product #{number} has no sku")
        where = f"line {item['line']}: " if item.get("line") else ""
        _check_words(item.get("angles", brief.get("angles")), core.vocab.angles,
                     f"{where}angles of {item['sku']}")
        _check_words(item.get("channels", brief.get("channels")), core.vocab.channels,
                     f"{where}channels of {item['sku']}")
    return brief


def _check_words(words: object, known: tuple[str, ...], what: str) -> None:
    if not isinstance(words, list) or not words:
        raise InvalidInput(f"brief: {what} missing (a list, e.g. [\"{known[0]}\"])")
    if unknown := [w for w in words if w not in known]:
        raise InvalidInput(f"brief: {what}: unknown {', '.join(map(str, unknown))} "
                           f"(known: {', '.join(known)})")


def create_order(core: Core, actor: Actor, brand_slug: str, brief_path: Path,
                 deadline: str | None = None) -> OrderDetail:
    """The studio enters a brand's order: open for work at once."""
    brand = brand_by_slug(brand_slug)
    actor.require(Cap.MANAGE_ORDERS, brand.id, brand_slug)
    brief = load_brief(brief_path, core)
    order = _create(actor, brand, brief, brief_path.stem, deadline, "open", {"via": "cli"})
    return show_order(actor, order.id)


def submit_order(core: Core, actor: Actor, brand_slug: str, brief: dict,
                 origin: dict) -> OrderDetail:
    """A brand submits an order (from Slack or email) for the studio to accept or query.

    `origin` says how to answer the submitter: {"via": "email", "address": …} or
    {"via": "slack", "user": "U…"}. All of the brief is created, or nothing.
    """
    brand = brand_by_slug(brand_slug)
    actor.require(Cap.SUBMIT_ORDERS, brand.id, brand_slug)
    check_brief(brief, core)
    order = _create(actor, brand, brief, f"Order from {actor.name}", None, "submitted", origin)
    return show_order(SYSTEM, order.id)  # the submitter sees their own order's coverage


def _create(actor: Actor, brand: Brand, brief: dict, default_title: str,
            deadline: str | None, status: str, origin: dict) -> Order:
    due = _parse_date(deadline, "deadline") or _parse_date(brief.get("deadline"), "deadline")
    with write_transaction():
        order = Order.create(
            brand=brand, title=str(brief.get("title") or default_title), status=status,
            brief=brief, notes=str(brief.get("notes", "")), deadline=due, origin=origin,
            guidelines="\n".join(map(str, brief.get("guidelines", []))),
            created_by=actor.user_id)
        for item in brief["products"]:
            _add_lines(order, brand, brief, item)
        audit.record(actor.label, f"order.{status}", brand_id=brand.id,
                     subject=f"order:{order.id}",
                     data={"title": order.title, "products": len(brief["products"]),
                           "via": origin.get("via")})
        notify.order_changed(order, brand, f"order.{status}")
    return order


def accept_order(actor: Actor, order_id: int) -> OrderView:
    """The studio takes a submitted order on; the submitter hears it where they asked."""
    return _answer(actor, order_id, "open", "accepted",
                   "Your order {id} ({title}) was accepted by the studio.")


def query_order(actor: Actor, order_id: int, question: str) -> OrderView:
    """The studio asks the submitter about their order, in the medium they used."""
    if not question.strip():
        raise InvalidInput("a query needs a question")
    return _answer(actor, order_id, "submitted", "queried",
                   "The studio has a question about your order {id} ({title}): " + question)


def _answer(actor: Actor, order_id: int, status: str, action: str, text: str) -> OrderView:
    order = order_by_id(order_id)
    actor.require(Cap.MANAGE_ORDERS, order.brand_id, order.brand.slug)
    if order.status != "submitted":
        raise Conflict(f"order {order_id} is {order.status}, not submitted")
    with write_transaction():
        order.status = status
        order.save()
        message = text.format(id=order.id, title=order.title)
        audit.record(actor.label, f"order.{action}", brand_id=order.brand_id,
                     subject=f"order:{order.id}", data={"message": message})
        notify.answer_submitter(order, message, action)
    return _view(order, order.brand.slug, _progress([order.id]).get(order.id, (0, 0)))


def _add_lines(order: Order, brand: Brand, brief: dict, item: dict) -> None:
    product = Product.get_or_none(Product.brand == brand, Product.sku == item["sku"])
    if product is None or item.get("name"):
        if product is None and not item.get("name"):
            raise InvalidInput(f"brief: SKU {item['sku']} is not in the catalogue; give it a name")
        product = _upsert(brand, item["sku"], item.get("name") or product.name,
                          item.get("collection"), item.get("season"))[0]
    channels = ",".join(item.get("channels", brief.get("channels")))
    for angle in item.get("angles", brief.get("angles")):
        OrderLine.create(order=order, product=product, angle=angle, channels=channels,
                         notes=str(item.get("notes", "")))


def order_by_id(order_id: int) -> Order:
    order = Order.get_or_none(Order.id == order_id)
    if order is None:
        raise NotFound(f"no order {order_id} (see: proofdesk orders list)")
    return order


def _progress(order_ids: list[int]) -> dict[int, tuple[int, int]]:
    approved = pw.fn.SUM(pw.Case(None, [(Asset.status == "approved", 1)], 0))
    rows = (OrderLine.select(OrderLine.order, pw.fn.COUNT(OrderLine.id).alias("n"),
                             approved.alias("ok"))
            .join(Asset, pw.JOIN.LEFT_OUTER, on=(Asset.order_line == OrderLine.id))
            .where(OrderLine.order.in_(order_ids)).group_by(OrderLine.order).tuples())
    return {order: (n, int(ok or 0)) for order, n, ok in rows}


def _view(order: Order, brand_slug: str, progress: tuple[int, int]) -> OrderView:
    return OrderView(order.id, brand_slug, order.title, order.status,
                     order.deadline.isoformat() if order.deadline else None, *progress)


def list_orders(actor: Actor, brand_slug: str | None = None, status: str | None = None
                ) -> list[OrderView]:
    brands = actor.brands_with(Cap.VIEW_ORDERS)
    query = Order.select(Order, Brand).join(Brand).order_by(Order.deadline.asc(nulls="LAST"),
                                                            Order.id)
    if brands is not None:
        query = query.where(Order.brand.in_(list(brands)))
    if brand_slug:
        query = query.where(Brand.slug == brand_slug)
    if status:
        query = query.where(Order.status == status)
    orders = list(query)
    progress = _progress([o.id for o in orders])
    return [_view(o, o.brand.slug, progress.get(o.id, (0, 0))) for o in orders]


def order_view(actor: Actor, order_id: int) -> OrderView:
    """One order's summary line, without its coverage matrix."""
    order = order_by_id(order_id)
    actor.require(Cap.VIEW_ORDERS, order.brand_id, order.brand.slug)
    return _view(order, order.brand.slug, _progress([order.id]).get(order.id, (0, 0)))


def show_order(actor: Actor, order_id: int) -> OrderDetail:
    view = order_view(actor, order_id)
    order = order_by_id(order_id)
    lines = list(OrderLine.select(OrderLine, Product).join(Product)
                 .where(OrderLine.order == order).order_by(Product.sku, OrderLine.id))
    assets = {a.order_line_id: a for a in Asset.select().where(
        Asset.order_line.in_([line.id for line in lines]))}
    channels = sorted({c for line in lines for c in line.channels.split(",")})
    failing = _failing_channels([a.current_version_id for a in assets.values()])
    rows = [_coverage_row(line, assets.get(line.id), channels, failing) for line in lines]
    return OrderDetail(view, order.notes, order.guidelines, channels, rows)


def _coverage_row(line: OrderLine, asset: Asset | None, channels: list[str],
                  failing_by_version: dict[int, set[str]]) -> CoverageRow:
    wanted = set(line.channels.split(","))
    failing = failing_by_version.get(asset.current_version_id, set()) if asset else set()
    cells = {}
    for channel in channels:
        if channel not in wanted:
            cells[channel] = "-"
        elif asset is None:
            cells[channel] = "missing"
        else:
            cells[channel] = "non_compliant" if channel in failing else asset.status
    return CoverageRow(line.product.sku, line.product.name, line.angle,
                       asset.id if asset else None, asset.current_number if asset else None, cells)


def _failing_channels(version_ids: list[int]) -> dict[int, set[str]]:
    """Channels failing a hard rule, per version, in one query for the whole order."""
    failing: dict[int, set[str]] = {}
    for version_id, channel in (Rendition.select(Rendition.version, Rendition.channel)
                                .where(Rendition.version.in_(version_ids)
                                       & (Rendition.verdict == "fail")).tuples()):
        failing.setdefault(version_id, set()).add(channel)
    return failing
