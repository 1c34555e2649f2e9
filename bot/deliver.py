"""Deliverers of the slack.* outbox messages: read the present state, then say it in Slack.

Each call is safe to repeat: the card is drawn from current state (chat.update is
idempotent), posts go through `post_once`, and the card's (channel, ts) is recorded
as soon as Slack returns it. A 429 becomes `RateLimited`, which the dispatcher retries
after Slack's Retry-After; any other failure is retried with backoff, so Slack being
down delays a notification but never loses it. Thread uploads are at least once: a
crash between Slack completing an upload and the outbox marking it delivered shows
that image twice.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient

import renderers
from core import outbox
from core.actors import SYSTEM
from core.blobs import BlobStore
from core.services import brands, threads
from core.services.notices import (
    VersionNotice,
    comment_notice,
    decision_notice,
    version_notice,
)

from .card_state import Decided, load_card
from .cards import (
    SOURCE_WORDS,
    card_blocks,
    card_text,
    decision_line,
    mirrored_comment,
    version_comment,
)
from .files import upload_to_thread
from .posting import post_once, rate_limits

Card = tuple[str, str]  # (channel, ts)


def refresh_card(client: WebClient, asset_id: int, card: Card) -> None:
    """Redraw the card in place from the asset's current state."""
    state = load_card(asset_id)
    client.chat_update(channel=card[0], ts=card[1], text=card_text(state),
                       blocks=card_blocks(state))


def review_channel(brand_slug: str) -> str | None:
    return next((b.slack_channel for b in brands.list_brands(SYSTEM) if b.slug == brand_slug),
                None)


class SlackDelivery:
    """Builds the deliverer callables `config.dispatch.Dispatcher` runs."""

    def __init__(self, blobs: BlobStore, client: WebClient):
        self.blobs, self.client = blobs, client

    def deliverers(self) -> dict[str, Callable[[outbox.Message], str]]:
        return {"slack.version": self.version, "slack.comment": self.comment,
                "slack.decision": self.decision}

    def version(self, message: outbox.Message) -> str:
        """A first version posts the card; a later one goes into its thread, card redrawn."""
        notice = version_notice(message.payload["version_id"])
        with rate_limits():
            card = threads.card_of(notice.asset_id)
            if card is None:
                card = self._post_card(notice.asset_id, notice.brand, message.idempotency_key)
                if card is None:
                    return f"skipped: brand {notice.brand} has no Slack review channel"
            else:
                refresh_card(self.client, notice.asset_id, card)
            self._upload(notice, card)
        return f"v{notice.number} of asset {notice.asset_id} in {card[0]} thread {card[1]}"

    def _post_card(self, asset_id: int, brand: str, key: str) -> Card | None:
        channel = review_channel(brand)
        if not channel:
            return None
        state = load_card(asset_id)
        ts = post_once(self.client, f"{key}:card", channel=channel, text=card_text(state),
                       blocks=card_blocks(state))
        threads.record_card(asset_id, channel, ts)
        return threads.card_of(asset_id)

    def _upload(self, notice: VersionNotice, card: Card) -> None:
        if not notice.preview_sha256:
            return
        preview = self.blobs.get(notice.preview_sha256)
        stem = f"{notice.sku}_{notice.angle}"
        if notice.previous_preview_sha256:
            data = renderers.version_diff(self.blobs.get(notice.previous_preview_sha256), preview)
            name = f"{stem}_v{notice.number - 1}-v{notice.number}_diff.jpg"
        else:
            data, name = preview, f"{stem}_v{notice.number}_preview.jpg"
        comment = version_comment(notice.number, notice.uploaded_by,
                                  bool(notice.previous_preview_sha256))
        upload_to_thread(self.client, card[0], card[1], data, name, comment)

    def comment(self, message: outbox.Message) -> str:
        """Mirror a comment made by email, in the TUI or CLI into the asset's thread."""
        notice = comment_notice(message.payload["comment_id"])
        card = threads.card_of(notice.asset_id)
        if card is None or not notice.body:
            return "skipped: no card for the asset, or the comment was deleted"
        with rate_limits():
            post_once(self.client, message.idempotency_key, channel=card[0], thread_ts=card[1],
                      text=mirrored_comment(notice.source, notice.author, notice.body,
                                            notice.verified))
        return f"comment {notice.comment_id} mirrored into {card[0]} thread {card[1]}"

    def decision(self, message: outbox.Message) -> str:
        """Redraw the card with the decision and say it in the thread."""
        notice = decision_notice(message.payload["decision_id"])
        card = threads.card_of(notice.asset_id)
        if card is None:
            return "skipped: no card for the asset"
        by = f"<@{notice.by_slack_id}>" if notice.by_slack_id else notice.by_name
        line = decision_line(Decided(notice.verdict, notice.version, by, notice.at,
                                     notice.reason))
        if notice.source != "slack":
            line += f" _({SOURCE_WORDS.get(notice.source, notice.source)})_"
        with rate_limits():
            refresh_card(self.client, notice.asset_id, card)
            post_once(self.client, message.idempotency_key, channel=card[0], thread_ts=card[1],
                      text=line)
        return f"decision {notice.decision_id} shown in {card[0]} thread {card[1]}"
