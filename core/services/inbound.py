"""Inbound mail: stored durably before it is acknowledged, settled exactly once afterwards.

The gateway calls `store` before answering 250; a processor later `settle`s each
accepted message (applied, quarantined, auto-reply, refused) in one transaction with
whatever it applies, so a crash never applies a reply twice or loses one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from peewee import fn

from .. import audit, outbox
from ..actors import Actor
from ..blobs import BlobStore, sha256_of
from ..db import write_transaction
from ..errors import Conflict, NotFound
from ..models import Asset, AssetVersion, InboundMail, User, UserAddress, utcnow
from ..permissions import Cap

STATUSES = ("accepted", "applied", "quarantined", "auto_reply", "refused", "discarded")


@dataclass(frozen=True)
class MailView:
    id: int
    message_id: str | None
    token: str
    sender: str
    status: str
    reason: str
    received_at: str
    raw_sha256: str
    released: bool


@dataclass(frozen=True)
class ReplyTarget:
    """What a reply token points at, as it stands now."""

    version_id: int
    version: int
    asset_id: int
    current_version: int
    brand_id: int
    user_id: int
    user_email: str
    user_addresses: tuple[str, ...]


def _view(mail: InboundMail) -> MailView:
    return MailView(mail.id, mail.message_id, mail.token, mail.sender, mail.status, mail.reason,
                    mail.received_at.isoformat(), mail.raw_sha256, mail.released)


def store(blobs: BlobStore, raw: bytes, *, token: str, sender: str,
          message_id: str | None) -> tuple[MailView, bool]:
    """Keep the raw message (blob, then row); returns (mail, False) for a duplicate."""
    raw_sha = blobs.put(raw)
    dedupe = f"{token}|{message_id.strip() if message_id else 'sha256:' + sha256_of(raw)}"
    with write_transaction():
        existing = InboundMail.get_or_none(InboundMail.dedupe_key == dedupe)
        if existing:
            return _view(existing), False
        mail = InboundMail.create(message_id=message_id, dedupe_key=dedupe, token=token,
                                  sender=sender, raw_sha256=raw_sha)
    return _view(mail), True


def accepted_ids(limit: int = 500) -> list[int]:
    """Messages stored but not yet settled, oldest first (picked up again after a restart)."""
    return [m.id for m in InboundMail.select(InboundMail.id)
            .where(InboundMail.status == "accepted").order_by(InboundMail.id).limit(limit)]


def mail(mail_id: int) -> MailView:
    row = InboundMail.get_or_none(InboundMail.id == mail_id)
    if row is None:
        raise NotFound(f"no inbound mail {mail_id}")
    return _view(row)


def reply_target(version_id: int, user_id: int) -> ReplyTarget | None:
    row = (AssetVersion.select(AssetVersion.number, Asset.id, Asset.current_number, Asset.brand)
           .join(Asset).where(AssetVersion.id == version_id).tuples().first())
    user = (User.select(User.email).where((User.id == user_id) & User.active).tuples().first())
    if row is None or user is None:
        return None
    number, asset_id, current, brand_id = row
    extra = [a for (a,) in UserAddress.select(UserAddress.email)
             .where(UserAddress.user == user_id).tuples()]
    return ReplyTarget(version_id, number, asset_id, current, brand_id, user_id, user[0],
                       (user[0], *extra))


def settle(mail_id: int, status: str, reason: str = "", *,
           apply: Callable[[], None] | None = None,
           notice: tuple[str, str, str] | None = None) -> bool:
    """Apply and record the outcome of one accepted message, all or nothing.

    `notice` (to, subject, body) queues an explanatory email to the sender. Returns
    False when the message was already settled (by an earlier run or another process).
    """
    if status not in STATUSES:
        raise ValueError(f"unknown mail status {status}")
    with write_transaction():
        claimed = (InboundMail.update(status=status, reason=reason[:2000], processed_at=utcnow())
                   .where((InboundMail.id == mail_id) & (InboundMail.status == "accepted"))
                   .execute())
        if not claimed:  # settled already, by an earlier run or another process
            return False
        if apply:
            apply()
        if notice:
            to, subject, body = notice
            message_id = InboundMail.select(InboundMail.message_id).where(
                InboundMail.id == mail_id).scalar()
            outbox.enqueue("email.notice", {"to": to, "subject": subject, "body": body,
                                            "in_reply_to": message_id},
                           f"email.notice:{mail_id}", f"email:notice:{to}")
        if status != "applied":
            audit.record("mailgate", f"mail.{status}", subject=f"mail:{mail_id}",
                         data={"reason": reason[:500]})
    return True


def list_mail(actor: Actor, status: str | None = "quarantined", limit: int = 200) -> list[MailView]:
    actor.require(Cap.MANAGE_MAIL, None)
    query = InboundMail.select().order_by(InboundMail.id.desc()).limit(limit)
    if status:
        query = query.where(InboundMail.status == status)
    return [_view(m) for m in query]


def raw_message(actor: Actor, blobs: BlobStore, mail_id: int) -> bytes:
    actor.require(Cap.MANAGE_MAIL, None)
    return blobs.get(mail(mail_id).raw_sha256)


def reopen(actor: Actor, mail_id: int) -> MailView:
    """Release a quarantined message: it is processed again, trusted by an admin."""
    return _judge(actor, mail_id, "released", status="accepted", released=True,
                  reason=f"released by {actor.email}")


def discard(actor: Actor, mail_id: int) -> MailView:
    return _judge(actor, mail_id, "discarded", status="discarded", processed_at=utcnow())


def _judge(actor: Actor, mail_id: int, action: str, **changes) -> MailView:
    """An admin's verdict on a quarantined message, audited."""
    actor.require(Cap.MANAGE_MAIL, None)
    with write_transaction():
        row = InboundMail.get_or_none(InboundMail.id == mail_id)
        if row is None:
            raise NotFound(f"no inbound mail {mail_id}")
        if row.status != "quarantined":
            raise Conflict(f"mail {mail_id} is {row.status}, not quarantined")
        for field, value in changes.items():
            setattr(row, field, value)
        row.save()
        audit.record(actor.label, f"mail.{action}", subject=f"mail:{row.id}")
    return _view(row)


def counts() -> dict[str, int]:
    return dict(InboundMail.select(InboundMail.status, fn.COUNT(InboundMail.id))
                .group_by(InboundMail.status).tuples())
