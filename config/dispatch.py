"""The outbox dispatcher: claims due messages and hands each to its deliverer."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import socket
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from core import outbox

log = logging.getLogger("proofdesk.outbox")
# Delivering yields the CPU to what answers people: the Slack front's acknowledgements
# (Slack gives three seconds) and the mail gateway. Linux sets a nice value per thread.
BACKGROUND_NICE = 10
Deliverer = Callable[[outbox.Message], str]


class Dispatcher:
    """Delivers messages of the kinds it has deliverers for; other kinds wait for theirs.

    `intake`, when given, runs before each batch to queue what arrived outside the
    database (requests the Slack front spooled, core.services.inbox)."""

    def __init__(self, deliverers: dict[str, Deliverer], owner: str | None = None,
                 lease_seconds: float = outbox.LEASE.total_seconds(),
                 intake: Callable[[], int] | None = None):
        self.deliverers, self.intake = deliverers, intake
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}"
        self.lease = dt.timedelta(seconds=lease_seconds)
        self._woken: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def run_once(self, limit: int = 50) -> int:
        """Deliver one batch; return how many messages were attempted."""
        if self.intake is not None:
            self.intake()
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

    def wake(self) -> None:
        """Something was queued: look now rather than after the idle pause (any thread)."""
        if self._loop is not None and self._woken is not None:
            self._loop.call_soon_threadsafe(self._woken.set)

    async def run(self, stop: asyncio.Event, idle: float = 1.0) -> None:
        """Deliver until `stop`; when idle, look again after `idle` seconds or a wake()."""
        self._loop, self._woken = asyncio.get_running_loop(), asyncio.Event()
        with ThreadPoolExecutor(1, "outbox", initializer=_in_the_background) as worker:
            while not stop.is_set():
                self._woken.clear()
                attempted = await self._loop.run_in_executor(worker, self.run_once)
                if not attempted:
                    await self._pause(stop, idle)

    async def _pause(self, stop: asyncio.Event, idle: float) -> None:
        waits = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._woken.wait())]
        await asyncio.wait(waits, timeout=idle, return_when=asyncio.FIRST_COMPLETED)
        for waiting in waits:
            waiting.cancel()


def _in_the_background() -> None:
    """Lower the delivering thread's CPU priority (Linux only; elsewhere it stays as is)."""
    if sys.platform != "linux":
        return
    tid = threading.get_native_id()
    try:
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + BACKGROUND_NICE)
    except OSError:
        log.debug("cannot lower the dispatcher's priority")
