"""Digests and deadline reminders as Slack direct messages.

A digest lists what waits for the reviewer, grouped by order, each item with a button
that opens its review card (where Approve and Request changes live).
"""

from __future__ import annotations

from slack_sdk import WebClient

from core import outbox
from core.actors import SYSTEM
from core.services import digests, orders, people, threads
from core.services.digests import Digest

from .cards import when
from .dm import dm_channel
from .posting import post_once, rate_limits

ITEMS_SHOWN = 40  # Slack allows 50 blocks a message


def digest_blocks(digest: Digest, links: dict[int, str]) -> list[dict]:
    blocks: list[dict] = [{"type": "header", "text": {
        "type": "plain_text", "text": f"{digest.total} waiting for your review · "
                                      f"{digest.brand_name}"[:150]}}]
    shown = 0
    for title, items in digest.by_order():
        if shown >= ITEMS_SHOWN:
            break
        deadline = items[0].deadline or "no deadline"
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": (
            f"*{title}* · deadline {deadline} · {digest.waiting.get(title, len(items))} waiting")}})
        for item in items[: ITEMS_SHOWN - shown]:
            section = {"type": "section", "text": {"type": "mrkdwn", "text": (
                f"`{item.sku}` {item.angle} v{item.version} · waiting since "
                f"{when(item.waiting_since)}")}}
            if item.asset_id in links:
                section["accessory"] = {"type": "button", "action_id": f"open_card_{item.asset_id}",
                                        "text": {"type": "plain_text", "text": "Open card"},
                                        "url": links[item.asset_id]}
            blocks.append(section)
            shown += 1
    if digest.total > shown:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": (
            f"…and {digest.total - shown} more: `/proofdesk pending`")}]})
    return blocks


class SlackDigests:
    def __init__(self, client: WebClient):
        self.client = client

    def deliverers(self) -> dict:
        return {"slack.digest": self.digest, "slack.reminder": self.reminder,
                "slack.overdue": self.reminder}

    def _links(self, digest: Digest) -> dict[int, str]:
        links = {}
        for item in digest.items[:ITEMS_SHOWN]:
            card = threads.card_of(item.asset_id)
            if card:
                links[item.asset_id] = self.client.chat_getPermalink(
                    channel=card[0], message_ts=card[1])["permalink"]
        return links

    def digest(self, message: outbox.Message) -> str:
        p = message.payload
        current = digests.digest_of(p["brand"], p["user_id"], p["period"])
        if not current.items or not current.slack_user_id:
            return "skipped: nothing waits any more, or no Slack id"
        with rate_limits():
            blocks = digest_blocks(current, self._links(current))
            post_once(self.client, message.idempotency_key,
                      channel=dm_channel(self.client, current.slack_user_id),
                      text=f"{current.total} versions wait for your review", blocks=blocks)
        return f"digest for {current.email} in a direct message"

    def reminder(self, message: outbox.Message) -> str:
        order = orders.show_order(SYSTEM, message.payload["order_id"]).order
        slack_id = people.user_slack_id(message.payload["user_id"])
        if not slack_id:
            return "skipped: no Slack id"
        state = "is *overdue*" if message.payload["overdue"] else f"is due on {order.deadline}"
        with rate_limits():
            post_once(self.client, message.idempotency_key,
                      channel=dm_channel(self.client, slack_id), text=(
                f"Order {order.id} ({order.title}, {order.brand}) {state}: "
                f"{order.approved} of {order.lines} shots approved."))
        return f"reminder for order {order.id} in a direct message"
