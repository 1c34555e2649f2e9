"""Requests a front end acknowledged before acting on them, held until `serve` applies them.

Slack wants an answer within three seconds and never sends an interaction again once it got
one. So the bot writes what was asked to a spool folder (fsynced) and acknowledges only
then; `serve` moves spooled requests into the outbox (`take_in`), whose dispatcher applies
them like any message, retries them when applying fails, and applies each once (the
idempotency key). A crash after the acknowledgement delays a request, never
loses it. The spool is a folder rather than a table so that acknowledging never waits for
the database's write lock, which `serve` takes for every message it applies (SQLite has
one writer at a time). The work itself (decisions, comments) goes through the usual
services when applied, audited there.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import outbox
from ..db import write_transaction
from ..durable import write_durably

log = logging.getLogger("proofdesk.inbox")
SLACK = "slack.inbound"
_FILES_PER_TRANSACTION = 100  # spool files moved into the outbox per transaction


@dataclass(frozen=True)
class Held:
    kind: str
    payload: dict
    key: str  # idempotency key: a request held twice is applied once
    ordering_key: str = ""  # requests with the same key are applied in arrival order


@dataclass
class _Batch:
    """Requests that arrived while the previous batch was being written: one file, one fsync."""

    items: list[Held] = field(default_factory=list)
    done: bool = False
    error: BaseException | None = None


class Spool:
    """A folder of held requests, in files named so that sorting them gives arrival order.

    Group commit: requests that arrive together are written and fsynced as one file by the
    first of their threads, so twenty concurrent acknowledgements cost about two fsyncs,
    not forty."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._turn = threading.Condition()
        self._open = _Batch()
        self._writing = False
        self._files = itertools.count()

    def hold(self, held: Held) -> None:
        """Store one request durably: it is on disk when this returns."""
        with self._turn:
            batch = self._open
            batch.items.append(held)
            while not batch.done and self._writing:
                self._turn.wait()
            leader = not batch.done
            if leader:
                self._writing, self._open = True, _Batch()
        if leader:
            self._write(batch)
        if batch.error is not None:
            raise batch.error

    def _write(self, batch: _Batch) -> None:
        name = f"{time.time_ns():020d}-{os.getpid()}-{next(self._files)}.json"
        try:
            write_durably(self.folder / name, json.dumps([vars(h) for h in batch.items]).encode())
        except BaseException as err:  # every request of the batch fails with it
            batch.error = err
        with self._turn:
            batch.done, self._writing = True, False
            self._turn.notify_all()

    def take_in(self) -> int:
        """Move spooled requests into the outbox, oldest first; how many were new there.

        A file is removed only after its row is committed; one that is read twice (a crash,
        or two `serve`s sharing the folder) meets its idempotency key and is queued once."""
        taken = 0
        while files := sorted(self.folder.glob("*.json"))[:_FILES_PER_TRANSACTION]:
            held = [(path, _read(path)) for path in files]
            with write_transaction():
                for request in (r for _, requests in held for r in requests):
                    taken += outbox.enqueue(request.kind, request.payload, request.key,
                                            request.ordering_key)
            for path, _ in held:
                path.unlink(missing_ok=True)
        return taken


    def waiting(self) -> int:
        """Requests spooled and not yet taken in (`serve` is down, or just behind)."""
        count = 0
        for path in self.folder.glob("*.json"):
            try:
                count += len(_parse(path))
            except (OSError, ValueError, TypeError):
                continue  # taken in meanwhile, or unreadable (take_in sets it aside)
        return count


def _parse(path: Path) -> list[Held]:
    return [Held(**item) for item in json.loads(path.read_bytes())]


def _read(path: Path) -> list[Held]:
    """A file's requests; an unreadable file is kept aside for a person, not retried forever."""
    try:
        return _parse(path)
    except FileNotFoundError:
        return []  # another serve took it in first
    except (ValueError, TypeError) as err:
        path.rename(path.with_suffix(".unreadable"))
        log.error("unreadable held request", extra={"file": str(path), "error": str(err)})
        return []
