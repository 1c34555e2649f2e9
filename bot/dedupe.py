"""Slack resends an event it believes went unacknowledged (with X-Slack-Retry-Num).

The retry carries the same `event_id`; remembering recent ids answers a retry with a
plain 200 and does not apply it twice. Core's own idempotency (a comment is applied once
per Slack message) covers the rare retry that reaches another process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from slack_bolt import BoltResponse

KEEP = 20_000  # Slack retries within about five minutes; this is hours of busy traffic


class RecentEvents:
    def __init__(self, keep: int = KEEP):
        self.keep = keep
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        with self._lock:
            if event_id in self._seen:
                return False
            self._seen[event_id] = None
            if len(self._seen) > self.keep:
                self._seen.popitem(last=False)
            return True



def skip_retried_events(recent: RecentEvents) -> Callable[..., BoltResponse | None]:
    """A Bolt middleware (Bolt passes arguments by name: `body`, `next`)."""

    def skip_retried(body: dict, next: Callable[[], None]) -> BoltResponse | None:
        event_id = body.get("event_id")
        if event_id and not recent.first_time(event_id):
            return BoltResponse(status=200, body="")
        next()
        return None

    return skip_retried
