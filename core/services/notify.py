"""Who is told what: outbox messages written inside the transaction of the change.

Payloads carry ids only; the deliverer reads the current state when it sends. Slack
messages of one asset share an ordering key (a comment goes after its card); each
email recipient has their own, so one slow inbox never holds up another.
"""

from __future__ import annotations

from .. import outbox
from ..models import Asset, AssetVersion, Brand, Comment, Decision, Order, utcnow
from .people import reviewers_of


def _slack_key(asset: Asset) -> str:
    return f"slack:asset:{asset.id}"


def version_ready(asset: Asset, version: AssetVersion, brand: Brand) -> None:
    if brand.slack_channel:
        outbox.enqueue("slack.version", {"version_id": version.id},
                       f"slack.version:{version.id}", _slack_key(asset))
    for user in reviewers_of(brand.id):
        if user.notify_email:
            outbox.enqueue("email.version", {"version_id": version.id, "user_id": user.id},
                           f"email.version:{version.id}:{user.id}",
                           f"email:asset:{asset.id}:{user.id}")


def comment_added(asset: Asset, comment: Comment, brand: Brand) -> None:
    """Mirror comments that did not come from Slack into the asset's Slack thread."""
    if brand.slack_channel and comment.source != "slack":
        outbox.enqueue("slack.comment", {"comment_id": comment.id},
                       f"slack.comment:{comment.id}", _slack_key(asset))


def decision_recorded(asset: Asset, decision: Decision, brand: Brand) -> None:
    if brand.slack_channel:
        outbox.enqueue("slack.decision", {"decision_id": decision.id},
                       f"slack.decision:{decision.id}", _slack_key(asset))


def cards_for_waiting(brand: Brand) -> None:
    """A brand that gets a review channel: what already waits for review gets its card."""
    for asset in Asset.select().where((Asset.brand == brand) & (Asset.state == "active")
                                      & (Asset.status == "in_review")):
        outbox.enqueue("slack.version", {"version_id": asset.current_version_id},
                       f"slack.version:{asset.current_version_id}", _slack_key(asset))


def order_changed(order: Order, brand: Brand, event: str) -> None:
    """A submitted order: the brand channel gets a summary card with the coverage matrix."""
    if brand.slack_channel and event == "order.submitted":
        outbox.enqueue("slack.order", {"order_id": order.id}, f"slack.order:{order.id}",
                       f"slack:order:{order.id}")
    if event == "order.submitted" and order.origin.get("via") == "email":
        lines = [f"  {item['sku']}: {', '.join(item.get('angles', order.brief.get('angles', [])))}"
                 f" -> {', '.join(item.get('channels', order.brief.get('channels', [])))}"
                 for item in order.brief["products"]]
        body = "\n".join([f"Thank you: order {order.id} ({order.title}) was received and waits "
                          "for the studio to accept it.", "",
                          f"Deadline: {order.deadline or 'none'}", "What we read:", *lines])
        outbox.enqueue("email.notice", {
            "to": order.origin["address"], "subject": f"Order {order.id} received: {order.title}",
            "body": body, "in_reply_to": order.origin.get("message_id")},
            f"email.order_received:{order.id}", f"email:notice:{order.origin['address']}")


def answer_submitter(order: Order, text: str, action: str) -> None:
    """Tell whoever submitted the order, in the medium they used."""
    origin, key = order.origin or {}, f"order.{action}:{order.id}:{utcnow().isoformat()}"
    if origin.get("via") == "email":
        outbox.enqueue("email.notice", {"to": origin["address"], "subject": f"Order {order.id}",
                                        "body": text, "in_reply_to": origin.get("message_id")},
                       f"email.{key}", f"email:notice:{origin['address']}")
    elif origin.get("via") == "slack":
        outbox.enqueue("slack.notice", {"user": origin["user"], "text": text}, f"slack.{key}",
                       f"slack:user:{origin['user']}")
