"""The append-only, hash-chained audit log."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from .db import database, is_postgres
from .models import AuditEvent, utcnow

GENESIS = "0" * 64
_CHAIN_LOCK = 7216002


def _digest(prev_hash: str, at: str, actor: str, action: str, brand_id: int | None,
            subject: str, data: dict) -> str:
    body = json.dumps([prev_hash, at, actor, action, brand_id, subject, data],
                      sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def record(actor: str, action: str, *, brand_id: int | None = None, subject: str = "",
           data: dict | None = None) -> AuditEvent:
    """Append one event; call inside the write transaction of the change it records."""
    if is_postgres():  # serialise appenders so the chain stays linear
        database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_CHAIN_LOCK,))
    last = AuditEvent.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).first()
    prev = last.hash if last else GENESIS
    at = utcnow()
    data = json.loads(json.dumps(data or {}, default=str))
    digest = _digest(prev, at.isoformat(), actor, action, brand_id, subject, data)
    return AuditEvent.create(at=at, actor=actor, action=action, brand_id=brand_id,
                             subject=subject, data=data, prev_hash=prev, hash=digest)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    first_broken_id: int | None = None
    problem: str = ""


def verify(batch: int = 5000) -> ChainReport:
    """Walk the chain in id order; name the first event whose link or content is wrong."""
    prev, count, last_id = GENESIS, 0, 0
    while True:
        rows = list(AuditEvent.select().where(AuditEvent.id > last_id)
                    .order_by(AuditEvent.id).limit(batch))
        if not rows:
            return ChainReport(True, count)
        for event in rows:
            if event.prev_hash != prev:
                return ChainReport(False, count, event.id, "previous-hash link does not match")
            expected = _digest(prev, event.at.isoformat(), event.actor, event.action,
                               event.brand_id, event.subject, event.data)
            if expected != event.hash:
                return ChainReport(False, count, event.id, "content does not match its hash")
            prev, count, last_id = event.hash, count + 1, event.id
