"""Invoices of orders: only roles with the invoice capabilities see or add them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .. import audit
from ..actors import Actor
from ..db import write_transaction
from ..errors import Conflict, InvalidInput
from ..models import Brand, Invoice, Order
from ..permissions import Cap
from .orders import order_by_id

STATUSES = ("draft", "issued", "paid", "void")


@dataclass(frozen=True)
class InvoiceView:
    id: int
    number: str
    order_id: int
    brand: str
    amount: str  # decimal, e.g. "1250.00"
    currency: str
    status: str
    issued_on: str
    paid_on: str | None


def _minor_units(amount: str) -> int:
    try:
        value = Decimal(amount)
    except InvalidOperation:
        raise InvalidInput(f"amount {amount!r} is not a number (e.g. 1250.00)") from None
    if value < 0 or value != value.quantize(Decimal("0.01")):
        raise InvalidInput(f"amount {amount!r} must be positive with at most 2 decimals")
    return int(value * 100)


def add_invoice(actor: Actor, order_id: int, number: str, amount: str, currency: str = "EUR",
                status: str = "issued", issued_on: str | None = None) -> InvoiceView:
    order = order_by_id(order_id)
    actor.require(Cap.MANAGE_INVOICES, order.brand_id, order.brand.slug)
    if status not in STATUSES:
        raise InvalidInput(f"invoice status {status!r} is not one of {', '.join(STATUSES)}")
    if len(currency) != 3 or not currency.isalpha():
        raise InvalidInput(f"currency {currency!r} is not an ISO 4217 code like EUR")
    with write_transaction():
        if Invoice.get_or_none(Invoice.number == number):
            raise Conflict(f"invoice {number} already exists")
        invoice = Invoice.create(
            order=order, number=number, amount_minor=_minor_units(amount),
            currency=currency.upper(), status=status,
            issued_on=dt.date.fromisoformat(issued_on) if issued_on else dt.date.today(),
            paid_on=dt.date.today() if status == "paid" else None)
        audit.record(actor.label, "invoice.added", brand_id=order.brand_id,
                     subject=f"invoice:{invoice.id}", data={"number": number, "amount": amount})
    return _view(invoice, order.brand.slug)


def _view(invoice: Invoice, brand_slug: str) -> InvoiceView:
    amount = f"{Decimal(invoice.amount_minor) / 100:.2f}"
    return InvoiceView(invoice.id, invoice.number, invoice.order_id, brand_slug, amount,
                       invoice.currency, invoice.status, str(invoice.issued_on),
                       str(invoice.paid_on) if invoice.paid_on else None)


def list_invoices(actor: Actor, brand_slug: str | None = None) -> list[InvoiceView]:
    brands = actor.brands_with(Cap.VIEW_INVOICES)
    query = (Invoice.select(Invoice, Order, Brand).join(Order).join(Brand)
             .order_by(Invoice.issued_on.desc(), Invoice.id.desc()))
    if brands is not None:
        query = query.where(Order.brand.in_(list(brands)))
    if brand_slug:
        query = query.where(Brand.slug == brand_slug)
    return [_view(i, i.order.brand.slug) for i in query]
