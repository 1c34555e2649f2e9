"""Brands: the tenants of the library."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import audit
from ..actors import Actor
from ..db import write_transaction
from ..errors import Conflict, InvalidInput, NotFound
from ..models import Brand
from ..permissions import Cap

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass(frozen=True)
class BrandView:
    id: int
    slug: str
    name: str
    slack_channel: str | None
    digest_cron: str
    timezone: str


def _view(brand: Brand) -> BrandView:
    return BrandView(brand.id, brand.slug, brand.name, brand.slack_channel, brand.digest_cron,
                     brand.timezone)


def brand_by_slug(slug: str) -> Brand:
    brand = Brand.get_or_none(Brand.slug == slug)
    if brand is None:  # never list other brands here: the caller may not see them
        raise NotFound(f"unknown brand {slug!r} (see: proofdesk brands list)")
    return brand


def add_brand(actor: Actor, slug: str, name: str, slack_channel: str | None = None,
              timezone: str = "UTC") -> BrandView:
    actor.require(Cap.MANAGE_BRANDS, None)
    if not _SLUG.match(slug):
        raise InvalidInput(f"brand slug {slug!r} must be lowercase letters, digits and '-'")
    with write_transaction():
        if Brand.get_or_none(Brand.slug == slug):
            raise Conflict(f"brand {slug} already exists")
        brand = Brand.create(slug=slug, name=name, slack_channel=slack_channel, timezone=timezone)
        audit.record(actor.label, "brand.added", brand_id=brand.id, subject=f"brand:{slug}",
                     data={"name": name})
    return _view(brand)


def update_brand(actor: Actor, slug: str, **changes: str | None) -> BrandView:
    """Change name, slack_channel, digest_cron or timezone."""
    brand = brand_by_slug(slug)
    actor.require(Cap.MANAGE_BRANDS, brand.id, slug)
    allowed = {"name", "slack_channel", "digest_cron", "timezone"}
    changes = {k: v for k, v in changes.items() if v is not None}
    if unknown := set(changes) - allowed:
        raise InvalidInput(f"cannot change {', '.join(sorted(unknown))} of a brand")
    with write_transaction():
        gains_channel = bool(changes.get("slack_channel")) and not brand.slack_channel
        for key, value in changes.items():
            setattr(brand, key, value)
        brand.save()
        if gains_channel:
            from .notify import cards_for_waiting  # notify needs people, which needs brands

            cards_for_waiting(brand)
        audit.record(actor.label, "brand.updated", brand_id=brand.id, subject=f"brand:{slug}",
                     data=changes)
    return _view(brand)


def list_brands(actor: Actor) -> list[BrandView]:
    """The brands the actor has any role for."""
    query = Brand.select().order_by(Brand.slug)
    if None not in actor.grants:
        query = query.where(Brand.id.in_([b for b in actor.grants if b is not None]))
    return [_view(b) for b in query]
