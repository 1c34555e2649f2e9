"""Who is told what: outbox messages written inside the transaction of the change.

Payloads carry ids only; the deliverer reads the current state when it sends. Slack
messages of one asset share an ordering key (a comment goes after its card); each
email recipient has their own, so one slow inbox never holds up another.
"""

from __future__ import annotations

from .. import outbox
from ..models import Asset, AssetVersion, Brand, Comment, Decision
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
