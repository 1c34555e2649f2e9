"""The transactional outbox: what core wants said outside, delivered by `serve`.

Messages are written in the same transaction as the change they announce. A
dispatcher claims due messages with a lease (and `FOR UPDATE SKIP LOCKED` on
PostgreSQL), so several processes never deliver one message at the same time; the
idempotency key lets the receiver apply a redelivery once.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import peewee as pw

from .db import locking, write_transaction
from .models import OutboxMessage, utcnow

MAX_ATTEMPTS = 8
LEASE = dt.timedelta(seconds=60)  # renewed before each send; a crashed owner's lapses


@dataclass(frozen=True)
class Message:
    id: int
    kind: str
    payload: dict
    idempotency_key: str
    attempts: int


def enqueue(kind: str, payload: dict, key: str, ordering_key: str = "") -> bool:
    """Queue a message once per idempotency key; False when the key was already queued."""
    return (OutboxMessage.insert(kind=kind, payload=payload, idempotency_key=key,
                                 ordering_key=ordering_key)
            .on_conflict_ignore().as_rowcount().execute()) == 1


def _due(now: dt.datetime, kinds: tuple[str, ...]) -> pw.Expression:
    lease_free = OutboxMessage.lease_until.is_null() | (OutboxMessage.lease_until < now)
    return (OutboxMessage.delivered_at.is_null() & OutboxMessage.failed_at.is_null()
            & (OutboxMessage.next_attempt_at <= now) & lease_free
            & OutboxMessage.kind.in_(kinds))


def _head_of_its_order(now: dt.datetime) -> pw.Expression:
    """Per ordering key only the oldest undelivered message is due (in order per asset)."""
    older = OutboxMessage.alias("older")
    blocker = (older.select(older.id)
               .where((older.ordering_key == OutboxMessage.ordering_key)
                      & (older.ordering_key != "") & (older.id < OutboxMessage.id)
                      & older.delivered_at.is_null() & older.failed_at.is_null()))
    return ~pw.fn.EXISTS(blocker)


def claim(owner: str, kinds: tuple[str, ...], limit: int = 50,
          lease: dt.timedelta = LEASE) -> list[Message]:
    """Lease up to `limit` due messages of the given kinds to `owner`."""
    now = utcnow()
    with write_transaction():
        query = (OutboxMessage.select()
                 .where(_due(now, kinds) & _head_of_its_order(now))
                 .order_by(OutboxMessage.id).limit(limit))
        rows = list(locking(query, "FOR UPDATE SKIP LOCKED"))
        if rows:
            (OutboxMessage.update(lease_owner=owner, lease_until=now + lease)
             .where(OutboxMessage.id.in_([r.id for r in rows])).execute())
    return [Message(r.id, r.kind, r.payload, r.idempotency_key, r.attempts) for r in rows]


def renew(message_id: int, owner: str, lease: dt.timedelta = LEASE) -> bool:
    """Extend the lease just before sending; False if it lapsed and another owner took it."""
    return bool(OutboxMessage.update(lease_until=utcnow() + lease)
                .where((OutboxMessage.id == message_id) & (OutboxMessage.lease_owner == owner)
                       & OutboxMessage.delivered_at.is_null()).execute())


def delivered(message_id: int, owner: str) -> None:
    """Mark delivered; `lease_owner` stays as the record of which process delivered it."""
    (OutboxMessage.update(delivered_at=utcnow(), lease_until=None,
                          last_error=None, attempts=OutboxMessage.attempts + 1)
     .where((OutboxMessage.id == message_id) & (OutboxMessage.lease_owner == owner))
     .execute())


def backoff(attempts: int) -> dt.timedelta:
    """Exponential backoff with full jitter: about 2 s, 4 s, 8 s ... capped at one hour."""
    return dt.timedelta(seconds=random.uniform(0.5, 1.0) * min(3600, 2 ** attempts))


def failed(message_id: int, owner: str, error: str, *, retry_after: float | None = None) -> None:
    """Record a failed attempt; after MAX_ATTEMPTS the message stays failed until retried."""
    with write_transaction():
        row = OutboxMessage.get_or_none(id=message_id, lease_owner=owner)
        if row is None:
            return
        attempts = row.attempts + 1
        wait = dt.timedelta(seconds=retry_after) if retry_after is not None else backoff(attempts)
        row.attempts, row.last_error = attempts, error[:2000]
        row.lease_owner = row.lease_until = None
        row.next_attempt_at = utcnow() + wait
        if attempts >= MAX_ATTEMPTS:
            row.failed_at = utcnow()
        row.save()


def retry(message_id: int | None = None) -> int:
    """Make failed messages due again (one, or all when no id); return how many."""
    query = OutboxMessage.update(failed_at=None, attempts=0, next_attempt_at=utcnow())
    cond = OutboxMessage.failed_at.is_null(False)
    if message_id is not None:
        cond &= OutboxMessage.id == message_id
    return query.where(cond).execute()


def backlog() -> list[dict]:
    """Undelivered messages by kind: count, failed count, oldest creation time."""
    failed_count = pw.fn.SUM(pw.Case(None, [(OutboxMessage.failed_at.is_null(False), 1)], 0))
    rows = (OutboxMessage.select(OutboxMessage.kind, pw.fn.COUNT(OutboxMessage.id).alias("n"),
                                 failed_count.alias("failed"),
                                 pw.fn.MIN(OutboxMessage.created_at).alias("oldest"))
            .where(OutboxMessage.delivered_at.is_null())
            .group_by(OutboxMessage.kind).order_by(OutboxMessage.kind).dicts())
    return [dict(r, failed=int(r["failed"] or 0)) for r in rows]


def failures(limit: int = 100) -> list[dict]:
    rows = (OutboxMessage.select(OutboxMessage.id, OutboxMessage.kind, OutboxMessage.attempts,
                                 OutboxMessage.last_error, OutboxMessage.failed_at)
            .where(OutboxMessage.failed_at.is_null(False))
            .order_by(OutboxMessage.id).limit(limit).dicts())
    return list(rows)

