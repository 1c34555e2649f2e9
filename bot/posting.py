"""Posting to Slack exactly once per outbox message, and Slack's rate limits as retries.

chat.postMessage has no idempotency key, so a crash between Slack accepting a post and
the outbox marking it delivered would post it again. Before posting, the intent is
claimed in core's once-ledger and the key rides along as message metadata; a retry that
finds its intent already claimed first looks for its key in the channel (or thread)
and reuses that message instead of posting a second one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from core.services import once

EVENT_TYPE = "proofdesk_post"
INTENT = "slack.post"
SEARCH_DEPTH = 200  # messages looked through on a retry; one page of Slack's history


class RateLimited(Exception):
    """Slack answered 429; the outbox dispatcher retries after `retry_after` seconds."""

    def __init__(self, method: str, retry_after: float):
        super().__init__(f"Slack rate-limited {method}; retry after {retry_after:g} s")
        self.retry_after = retry_after


@contextlib.contextmanager
def rate_limits() -> Iterator[None]:
    """Turn a 429 from any Web API call into RateLimited, honouring Retry-After."""
    try:
        yield
    except SlackApiError as err:
        if err.response.status_code != 429:
            raise
        retry_after = float(err.response.headers.get("Retry-After", 1))
        raise RateLimited(err.response.api_url.rsplit("/", 1)[-1], retry_after) from err


def post_once(client: WebClient, key: str, *, channel: str, text: str,
              blocks: list[dict] | None = None, thread_ts: str | None = None) -> str:
    """Post a message for `key` (outbox idempotency key + step) once; return its ts."""
    if not once.claim(INTENT, key, "post"):
        found = _find(client, key, channel, thread_ts)
        if found:
            return found
    response = client.chat_postMessage(
        channel=channel, text=text, blocks=blocks, thread_ts=thread_ts,
        metadata={"event_type": EVENT_TYPE, "event_payload": {"key": key}})
    return response["ts"]


def _find(client: WebClient, key: str, channel: str, thread_ts: str | None) -> str | None:
    if thread_ts:
        page = client.conversations_replies(channel=channel, ts=thread_ts, limit=SEARCH_DEPTH,
                                            include_all_metadata=True)
    else:
        page = client.conversations_history(channel=channel, limit=SEARCH_DEPTH,
                                            include_all_metadata=True)
    for message in page["messages"]:
        payload = (message.get("metadata") or {}).get("event_payload") or {}
        if payload.get("key") == key:
            return message["ts"]
    return None
