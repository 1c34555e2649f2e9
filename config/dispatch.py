"""The outbox dispatcher: claims due messages and hands each to its deliverer."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import socket
from collections.abc import Callable

from core import outbox

log = logging.getLogger("proofdesk.outbox")
Deliverer = Callable[[outbox.Message], str]


class Dispatcher:
    """Delivers messages of the kinds it has deliverers for; other kinds wait for theirs."""

    def __init__(self, deliverers: dict[str, Deliverer], owner: str | None = None,
                 lease_seconds: float = outbox.LEASE.total_seconds()):
        self.deliverers = deliverers
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}"
        self.lease = dt.timedelta(seconds=lease_seconds)

    def run_once(self, limit: int = 50) -> int:
        """Deliver one batch; return how many messages were attempted."""
        messages = outbox.claim(self.owner, tuple(self.deliverers), limit, self.lease)
        for message in messages:
            if not outbox.renew(message.id, self.owner, self.lease):
                continue  # our lease lapsed during a slow batch; its new owner sends it
            try:
                result = self.deliverers[message.kind](message)
            except Exception as err:  # noqa: BLE001 - any failure is retried with backoff
                retry_after = getattr(err, "retry_after", None)
                outbox.failed(message.id, self.owner, f"{type(err).__name__}: {err}",
                              retry_after=retry_after)
                log.warning("delivery failed", extra={"event": "delivery_failed",
                                                      "kind": message.kind, "id": message.id,
                                                      "error": str(err)})
                continue
            outbox.delivered(message.id, self.owner)
            log.info("delivered", extra={"event": "delivered", "kind": message.kind,
                                         "id": message.id, "result": result})
        return len(messages)

    async def run(self, stop: asyncio.Event, idle: float = 1.0) -> None:
        while not stop.is_set():
            attempted = await asyncio.to_thread(self.run_once)
            if not attempted:
                try:
                    await asyncio.wait_for(stop.wait(), idle)
                except TimeoutError:
                    pass
