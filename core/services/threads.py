"""Where each asset's review card lives in Slack, so replies find their asset."""

from __future__ import annotations

from ..db import write_transaction
from ..models import SlackPost


def record_card(asset_id: int, channel: str, ts: str) -> None:
    """Remember the card of an asset (first post wins; later versions reuse its thread)."""
    with write_transaction():
        SlackPost.insert(asset=asset_id, channel=channel, ts=ts).on_conflict_ignore().execute()


def card_of(asset_id: int) -> tuple[str, str] | None:
    post = SlackPost.get_or_none(SlackPost.asset == asset_id)
    return (post.channel, post.ts) if post else None


def asset_of_thread(channel: str, ts: str) -> int | None:
    post = SlackPost.get_or_none((SlackPost.channel == channel) & (SlackPost.ts == ts))
    return post.asset_id if post else None
