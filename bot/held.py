"""Slack requests that change the library: held durably, acknowledged, then applied by `serve`.

The process that answers Slack only checks the signature, spools the request
(`core.services.inbox`) and acknowledges it; the outbox dispatcher of `proofdesk serve`
applies it in another process. Acknowledgements so never wait behind the work, and an
acknowledged click or reply survives a crash. Requests are applied in order per card
thread; a Slack retry of an event (same `event_id`) is applied once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from core import outbox
from core.services.inbox import SLACK, Held, Spool

from .posting import rate_limits

KIND = SLACK


@dataclass(frozen=True)
class HeldRequest:
    job: str  # which Job applies it
    body: dict  # Slack's payload, as Bolt parsed it
    bot_user_id: str | None  # the bot itself, whose own messages are not comments


Job = Callable[[HeldRequest, WebClient], None]
Check = Callable[[dict], dict | None]  # errors to show in a modal, or None when valid
Wanted = Callable[[dict], bool]  # False for requests that would change nothing


def request_key(body: dict) -> str:
    """Slack resends an event (X-Slack-Retry-Num) with the same `event_id`, so a retry is
    applied once, whichever `serve` it reaches; an interaction is never resent and has a
    trigger id of its own."""
    if body.get("event_id"):
        return f"slack:{body['event_id']}"
    if body.get("trigger_id"):
        return f"slack:{body['trigger_id']}"
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    return f"slack:{digest}"


def ordering_key(body: dict) -> str:
    """The card thread a request is about: a thread's requests are applied in order."""
    event = body.get("event") or {}
    if event:
        message = event.get("message") or event.get("previous_message") or event
        return f"{event.get('channel', '')}:{message.get('thread_ts') or message.get('ts', '')}"
    container = body.get("container") or {}
    if container.get("message_ts"):
        return f"{container.get('channel_id', '')}:{container['message_ts']}"
    return ""


class RequestHolder:
    """The answering side: ack functions that hold the request, then acknowledge it."""

    def __init__(self, spool: Spool, on_held: Callable[[], None] = lambda: None):
        self.spool = spool
        self.on_held = on_held  # wakes the dispatcher that applies held requests

    def ack(self, job: str, check: Check | None = None,
            wanted: Wanted | None = None) -> Callable[..., None]:
        """An ack function for `job`: refuse with the check's errors, skip what is not
        wanted (chatter in the channel), otherwise hold the request, then acknowledge."""

        def hold_then_ack(ack: Ack, body: dict, context: BoltContext) -> None:
            errors = check(body) if check else None
            if errors:
                ack(response_action="errors", errors=errors)
                return
            if wanted and not wanted(body):
                ack()
                return
            payload = {"job": job, "body": body, "bot_user_id": context.bot_user_id}
            self.spool.hold(Held(KIND, payload, request_key(body), ordering_key(body)))
            self.on_held()
            ack()

        return hold_then_ack


class HeldRequests:
    """The applying side: the outbox deliverer of held Slack requests."""

    def __init__(self, client: WebClient, jobs: dict[str, Job]):
        self.client, self.jobs = client, jobs

    def deliverers(self) -> dict[str, Callable[[outbox.Message], str]]:
        return {KIND: self.apply}

    def apply(self, message: outbox.Message) -> str:
        request = HeldRequest(**message.payload)
        with rate_limits():
            self.jobs[request.job](request, self.client)
        return f"slack {request.job} applied"
