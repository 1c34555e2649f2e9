"""Deliverers of the order messages: the summary card in the brand channel, and notices.

`slack.order` is queued when a brand submits an order; `slack.notice` when the studio
accepts or queries an order that came from Slack, so the answer reaches the submitter
where they asked. Both post through `post_once`, so a retried delivery never posts twice.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient

from core import outbox
from core.actors import SYSTEM
from core.services import auditlog, brands, orders

from .dm import dm_channel
from .order_card import order_blocks, order_text
from .posting import post_once, rate_limits

SUBMITTED = "order.submitted"
AUDIT_DEPTH = 200  # recent submissions looked through for the submitter's name


def submitter_of(brand_slug: str, order_id: int) -> str:
    """Who submitted the order, from the audit event its submission recorded.

    The order view carries no submitter; the audit trail is the record of who did it.
    """
    events = auditlog.list_events(SYSTEM, brand_slug, action=SUBMITTED, limit=AUDIT_DEPTH)
    return next((e.actor for e in events if e.subject == f"order:{order_id}"), "unknown")


class OrderDelivery:
    """Builds the deliverer callables for slack.order and slack.notice."""

    def __init__(self, client: WebClient):
        self.client = client

    def deliverers(self) -> dict[str, Callable[[outbox.Message], str]]:
        return {"slack.order": self.order, "slack.notice": self.notice}

    def order(self, message: outbox.Message) -> str:
        detail = orders.show_order(SYSTEM, message.payload["order_id"])
        brand = next(b for b in brands.list_brands(SYSTEM) if b.slug == detail.order.brand)
        if not brand.slack_channel:
            return f"skipped: brand {brand.slug} has no Slack review channel"
        who = submitter_of(brand.slug, detail.order.id)
        with rate_limits():
            ts = post_once(self.client, message.idempotency_key, channel=brand.slack_channel,
                           text=order_text(detail, brand.name, who),
                           blocks=order_blocks(detail, brand.name, who))
        return f"order {detail.order.id} summary in {brand.slack_channel} at {ts}"

    def notice(self, message: outbox.Message) -> str:
        user, text = message.payload["user"], message.payload["text"]
        with rate_limits():
            channel = dm_channel(self.client, user)
            post_once(self.client, message.idempotency_key, channel=channel, text=text)
        return f"notice sent to {user}"
