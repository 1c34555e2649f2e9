"""Reading and verifying the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from .. import audit
from ..actors import ALL_BRANDS, Actor
from ..models import AuditEvent
from ..permissions import Cap
from .brands import brand_by_slug


@dataclass(frozen=True)
class EventView:
    id: int
    at: str
    actor: str
    action: str
    subject: str
    data: dict


def list_events(actor: Actor, brand_slug: str | None = None, action: str | None = None,
                limit: int = 50, before: int | None = None) -> list[EventView]:
    """Newest first; `before` is the id to page below."""
    brands = actor.brands_with(Cap.VIEW_AUDIT)
    query = AuditEvent.select().order_by(AuditEvent.id.desc()).limit(limit)
    if brands is not ALL_BRANDS:
        query = query.where(AuditEvent.brand_id.in_(list(brands)))
    if brand_slug:
        query = query.where(AuditEvent.brand_id == brand_by_slug(brand_slug).id)
    if action:
        query = query.where(AuditEvent.action.startswith(action))
    if before:
        query = query.where(AuditEvent.id < before)
    return [EventView(e.id, e.at.isoformat(), e.actor, e.action, e.subject, e.data)
            for e in query]


def verify_chain(actor: Actor) -> audit.ChainReport:
    actor.require(Cap.VIEW_AUDIT, None)
    return audit.verify()
