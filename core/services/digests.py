"""Digests of pending approvals and deadline reminders, queued exactly once per period.

The caller (the scheduler in `serve`, or `proofdesk digest --now`) names the period;
each recipient's claim in the once-ledger and their outbox messages are written in
one transaction, so a restart, a second process or a re-run never sends twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby

import peewee as pw

from .. import outbox
from ..db import write_transaction
from ..models import (
    Asset,
    AssetVersion,
    Brand,
    DigestRun,
    Membership,
    Order,
    OrderLine,
    Product,
    Rendition,
    User,
)
from .brands import brand_by_slug
from .people import reviewers_of


@dataclass(frozen=True)
class DigestItem:
    asset_id: int
    version_id: int
    sku: str
    product: str
    angle: str
    version: int
    waiting_since: str
    order_id: int | None
    order_title: str | None
    deadline: str | None
    thumbnail_sha256: str | None


@dataclass(frozen=True)
class Digest:
    brand: str
    brand_name: str
    user_id: int
    email: str
    name: str
    slack_user_id: str | None
    period: str
    items: list[DigestItem] = field(default_factory=list)  # the first LISTED, in order
    waiting: dict[str, int] = field(default_factory=dict)  # order title -> all waiting

    @property
    def total(self) -> int:
        return sum(self.waiting.values())

    def by_order(self) -> list[tuple[str, list[DigestItem]]]:
        """Items grouped by order, groups in the items' order (nearest deadline first)."""
        return [(key, list(group)) for key, group in
                groupby(self.items, key=lambda item: item.order_title or "No order")]


LISTED = 100  # items a digest lists one by one; the rest are counted


def waiting_counts(brand: Brand) -> dict[str, int]:
    """All in-review versions of the brand, counted per order title."""
    title = pw.fn.COALESCE(Order.title, "No order")
    rows = (Asset.select(title.alias("title"), pw.fn.COUNT(Asset.id).alias("n"))
            .join_from(Asset, OrderLine, pw.JOIN.LEFT_OUTER)
            .join_from(OrderLine, Order, pw.JOIN.LEFT_OUTER)
            .where((Asset.brand == brand) & (Asset.status == "in_review")
                   & (Asset.state == "active"))
            .group_by(title).tuples())
    return dict(rows)


def pending_items(brand: Brand, limit: int = LISTED) -> list[DigestItem]:
    """In-review versions of a brand: nearest deadline first, then longest waiting."""
    thumb = Rendition.alias("thumb")
    query = (Asset.select(Asset.id.alias("asset_id"), AssetVersion.id.alias("version_id"),
                          Product.sku, Product.name.alias("product"), Asset.angle,
                          Asset.current_number.alias("version"), Asset.waiting_since,
                          Order.id.alias("order_id"), Order.title.alias("order_title"),
                          Order.deadline, thumb.sha256.alias("thumbnail_sha256"))
             .join_from(Asset, Product)
             .join_from(Asset, AssetVersion, on=(AssetVersion.id == Asset.current_version_id))
             .join_from(Asset, OrderLine, pw.JOIN.LEFT_OUTER)
             .join_from(OrderLine, Order, pw.JOIN.LEFT_OUTER)
             .join_from(Asset, thumb, pw.JOIN.LEFT_OUTER,
                        on=((thumb.version == Asset.current_version_id)
                            & (thumb.channel == "thumbnail")))
             .where((Asset.brand == brand) & (Asset.status == "in_review")
                    & (Asset.state == "active"))
             .order_by(Order.deadline.asc(nulls="LAST"), Order.id, Asset.waiting_since)
             .limit(limit).dicts())
    return [DigestItem(**{**row, "waiting_since": row["waiting_since"].isoformat(),
                          "deadline": row["deadline"].isoformat() if row["deadline"] else None})
            for row in query]


def digests_for(brand_slug: str, period: str) -> list[Digest]:
    """What each reviewer of the brand who wants digests would get (nothing if nothing waits)."""
    brand = brand_by_slug(brand_slug)
    items = pending_items(brand)
    if not items:
        return []
    waiting = waiting_counts(brand)
    return [Digest(brand.slug, brand.name, u.id, u.email, u.name, u.slack_user_id, period, items,
                   waiting) for u in reviewers_of(brand.id) if u.notify_digest]


def queue_digests(brand_slug: str, period: str) -> list[Digest]:
    """Claim and queue each reviewer's digest for the period; returns those newly queued."""
    queued = []
    for digest in digests_for(brand_slug, period):
        payload = {"brand": digest.brand, "period": period}
        if _claim_and_queue("digest", digest.user_id, f"{digest.brand}:{period}", payload):
            queued.append(digest)
    return queued


def _claim_and_queue(kind: str, user_id: int, period: str, payload: dict) -> bool:
    """One ledger row and the user's messages (email and/or Slack DM), all or nothing."""
    user = User.get_by_id(user_id)
    with write_transaction():
        claimed = (DigestRun.insert(kind=kind, recipient=str(user_id), period_key=period)
                   .on_conflict_ignore().as_rowcount().execute())
        if not claimed:
            return False
        for medium in _media(user):
            outbox.enqueue(f"{medium}.{kind}", {**payload, "user_id": user_id},
                           f"{medium}.{kind}:{user_id}:{period}",
                           f"{medium}:user:{user_id}")
    return True


def _media(user: User) -> Iterable[str]:
    if user.notify_email:
        yield "email"
    if user.notify_slack and user.slack_user_id:
        yield "slack"


@dataclass(frozen=True)
class Reminder:
    order_id: int
    brand: str
    title: str
    deadline: str
    in_review: int
    overdue: bool
    recipients: list[str]


def queue_reminders(today: dt.date, within_days: int = 3) -> list[Reminder]:
    """Orders due soon with work in review go to the brand's reviewers; overdue ones to admins."""
    in_review = pw.fn.SUM(pw.Case(None, [(Asset.status == "in_review", 1)], 0))
    unfinished = pw.fn.SUM(pw.Case(None, [(Asset.status != "approved", 1)], 0))
    rows = (Order.select(Order, Brand, in_review.alias("waiting"), unfinished.alias("open"))
            .join(Brand).switch(Order).join(OrderLine).join(Asset, pw.JOIN.LEFT_OUTER)
            .where(Order.deadline <= today + dt.timedelta(days=within_days))
            .group_by(Order.id, Brand.id))
    reminders = []
    for order in rows:
        overdue = order.deadline < today
        if not (order.open if overdue else order.waiting):
            continue
        people = _studio_admins() if overdue else reviewers_of(order.brand_id)
        kind = "overdue" if overdue else "reminder"
        payload = {"order_id": order.id, "overdue": overdue}
        sent = [u.email for u in people
                if _claim_and_queue(kind, u.id, f"order:{order.id}:{today}", payload)]
        if sent:
            reminders.append(Reminder(order.id, order.brand.slug, order.title,
                                      order.deadline.isoformat(), int(order.waiting or 0),
                                      overdue, sent))
    return reminders


def _studio_admins() -> list[User]:
    return list(User.select().join(Membership)
                .where((Membership.role == "studio_admin") & Membership.brand.is_null()
                       & User.active).distinct())


def digest_of(brand_slug: str, user_id: int, period: str) -> Digest:
    """The digest to deliver now (state at delivery time), for the outbox deliverers."""
    user = User.get_by_id(user_id)
    brand = brand_by_slug(brand_slug)
    return Digest(brand.slug, brand.name, user.id, user.email, user.name, user.slack_user_id,
                  period, pending_items(brand), waiting_counts(brand))


def last_runs() -> dict[str, str]:
    """The latest digest queued per brand (ISO time), for `proofdesk status`."""
    latest: dict[str, str] = {}
    for run in DigestRun.select().where(DigestRun.kind == "digest").order_by(DigestRun.id):
        latest[run.period_key.split(":", 1)[0]] = run.created_at.isoformat()
    return latest
