"""Outbox delivery to Slack: rate limits, crashes mid-delivery, mirrored comments."""

from __future__ import annotations

import pytest

from core import outbox
from core.actors import SYSTEM
from core.models import OutboxMessage, utcnow
from core.services import brands, review, threads
from tests.bot.conftest import CHANNEL


def _make_due() -> None:
    """Fast-forward the outbox clock: every waiting message is due now."""
    OutboxMessage.update(next_attempt_at=utcnow()).execute()


def test_a_429_is_retried_after_retry_after_and_then_delivered(desk):
    asset_id = desk.ingest()
    desk.slack.rate_limit("chat.postMessage", times=1, retry_after=30)
    desk.deliver()

    assert threads.card_of(asset_id) is None
    row = OutboxMessage.get(OutboxMessage.kind == "slack.version")
    assert row.attempts == 1 and "rate-limited chat.postMessage" in row.last_error
    wait = (row.next_attempt_at - utcnow()).total_seconds()
    assert 28 < wait <= 30  # Slack's Retry-After, not the exponential backoff

    _make_due()
    desk.deliver()
    assert threads.card_of(asset_id) is not None
    assert len(desk.slack.top_level(CHANNEL)) == 1


def test_slack_down_delays_but_never_loses_a_card(desk):
    asset_id = desk.ingest()
    desk.slack.down = True
    desk.deliver()
    row = OutboxMessage.get(OutboxMessage.kind == "slack.version")
    assert (row.delivered_at, row.failed_at, row.attempts) == (None, None, 1)
    assert threads.card_of(asset_id) is None

    desk.slack.down = False
    _make_due()
    desk.deliver()
    assert threads.card_of(asset_id) is not None


def test_a_crash_between_posting_and_recording_the_card_posts_it_once(desk, monkeypatch):
    asset_id = desk.ingest()
    record = threads.record_card

    def crash(*args):
        raise SystemExit("killed after chat.postMessage, before record_card")

    monkeypatch.setattr(threads, "record_card", crash)
    with pytest.raises(SystemExit):
        desk.deliver()
    assert len(desk.slack.top_level(CHANNEL)) == 1
    monkeypatch.setattr(threads, "record_card", record)
    OutboxMessage.update(lease_owner=None, lease_until=None).execute()  # the lease expired

    desk.deliver()
    assert len(desk.slack.top_level(CHANNEL)) == 1
    assert desk.slack.calls_to("conversations.history")  # it looked before posting again
    assert threads.card_of(asset_id) == (CHANNEL, desk.slack.top_level(CHANNEL)[0]["ts"])


def test_comments_from_email_and_the_cli_are_mirrored_into_the_thread(desk):
    asset_id = desk.ingest()
    desk.deliver()
    reviewer = desk.studio.actors["reviewer"]
    review.add_comment(reviewer, asset_id, "The cord should be hidden", "email",
                       external_id="<abc@mail>")
    review.add_comment(desk.studio.actors["producer"], asset_id, "On it", "cli")
    review.add_comment(reviewer, asset_id, "Said in Slack", "slack", external_id="C:1")
    desk.deliver()
    said = [m["text"] for m in desk.slack.thread(CHANNEL, desk.card_ts(asset_id))
            if not m.get("files")]
    assert said == ["_by email_, *Rev*: The cord should be hidden",
                    "_from the Proofdesk command line_, *Producer*: On it"]


def test_a_card_for_a_brand_that_lost_its_channel_is_skipped_not_retried(desk):
    desk.ingest()
    brands.update_brand(SYSTEM, "acme", slack_channel="")
    desk.deliver()
    assert desk.slack.calls_to("chat.postMessage") == []
    assert outbox.backlog() == [] or "slack.version" not in {b["kind"] for b in outbox.backlog()}


def test_a_version_delivered_late_still_shows_the_current_state(desk):
    """Outbox ordering per asset: v1's card then v2 in its thread, even when both wait."""
    asset_id = desk.ingest()
    desk.ingest(shift=40)
    desk.deliver()
    assert len(desk.slack.top_level(CHANNEL)) == 1
    assert "Approve v2" in str(desk.card(asset_id)["blocks"])
    names = [m["files"][0]["name"] for m in desk.slack.thread(CHANNEL, desk.card_ts(asset_id))]
    assert names == ["AC-100_front_v1_preview.jpg", "AC-100_front_v1-v2_diff.jpg"]
