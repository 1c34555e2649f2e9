"""What a review card shows, read fresh from core each time it is drawn.

A card always shows the asset's current version: drawing it from the present state
(rather than from the outbox message that asked for it) makes posting, updating after
a new version and updating after a decision one idempotent operation.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.actors import SYSTEM
from core.errors import NotFound
from core.services import library, orders, people


@dataclass(frozen=True)
class Decided:
    verdict: str  # approved | changes_requested
    version: int
    by: str  # a Slack mention when the decider is linked, else their name
    at: str  # ISO time, UTC
    reason: str


@dataclass(frozen=True)
class CardState:
    asset_id: int
    brand: str
    sku: str
    product: str
    angle: str
    version: int
    status: str
    order_title: str | None
    deadline: str | None
    uploaded_by: str | None
    compliance: dict[str, str]  # channel -> pass | advisory | fail
    decided: Decided | None


HIDDEN_CHANNELS = ("preview", "thumbnail")  # renditions for people, not deliverables


def load_card(asset_id: int) -> CardState:
    detail = library.show_asset(SYSTEM, asset_id, history=False)
    current = detail.versions[-1]
    order = orders.order_view(SYSTEM, detail.order_id) if detail.order_id else None
    decision = current.decision
    decided = Decided(decision["verdict"], current.number, slack_name(decision["by"]),
                      decision["at"], decision["reason"]) if decision else None
    row = detail.asset
    return CardState(
        row.id, row.brand, row.sku, row.product, row.angle, current.number, current.status,
        order.title if order else None, order.deadline if order else None,
        display_name(current.uploaded_by) if current.uploaded_by else None,
        {r.channel: r.verdict for r in current.renditions if r.channel not in HIDDEN_CHANNELS},
        decided)


def _user(email: str) -> people.UserView | None:
    try:
        return people.user_roles(SYSTEM, email)
    except NotFound:
        return None


def slack_name(email: str) -> str:
    """`<@U…>` so Slack shows the person (and notifies nobody twice), else their name."""
    user = _user(email)
    if user is None:
        return email
    return f"<@{user.slack_user_id}>" if user.slack_user_id else user.name


def display_name(email: str) -> str:
    user = _user(email)
    return user.name if user else email
