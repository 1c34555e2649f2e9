"""Digests and reminders reach reviewers as Slack direct messages, once."""

from __future__ import annotations

import datetime as dt

from config.schedule import UTC, run_digest
from core.actors import SYSTEM
from core.services import brands, digests, people
from tests.bot.conftest import SLACK_IDS, block_texts
from tests.fakes.slack_api import dm_channel_of

GRACE = dt.timedelta(hours=3)


def _acme():
    return next(b for b in brands.list_brands(SYSTEM) if b.slug == "acme")


def test_digest_is_a_dm_listing_each_item_with_a_button_to_its_card(desk):
    first = desk.ingest("AC-100", "front", seed=1)
    desk.ingest("AC-200", "front", seed=2)
    desk.deliver()  # the cards
    people.update_user(SYSTEM, "rev@acme.test", notify_email=False)
    assert run_digest(_acme(), dt.datetime(2026, 11, 24, 9, 5, tzinfo=UTC), GRACE)
    desk.deliver()
    [dm] = desk.slack.top_level(dm_channel_of(SLACK_IDS["reviewer"]))
    text = block_texts(dm)
    assert "2 waiting for your review · Acme Home" in text
    assert "Hero shots* · deadline 2026-12-01 · 2 waiting" in text
    assert "`AC-100` front v1" in text and "`AC-200` front v1" in text
    links = [b["accessory"]["url"] for b in dm["blocks"] if "accessory" in b]
    assert len(links) == 2
    assert f"https://studio.slack.com/archives/C0ACME/p{desk.card_ts(first).replace('.', '')}" \
        in links
    assert run_digest(_acme(), dt.datetime(2026, 11, 24, 9, 30, tzinfo=UTC), GRACE) == []
    desk.deliver()
    assert len(desk.slack.top_level(dm_channel_of(SLACK_IDS["reviewer"]))) == 1  # once per period


def test_deadline_reminder_as_a_dm(desk):
    desk.ingest("AC-100", "front")
    digests.queue_reminders(dt.date(2026, 11, 29), within_days=3)
    desk.deliver()
    [dm] = desk.slack.top_level(dm_channel_of(SLACK_IDS["reviewer"]))
    assert "Order 1 (Hero shots, acme) is due on 2026-12-01: 0 of 3 shots approved." == dm["text"]


def test_a_brand_that_gets_its_channel_later_gets_cards_for_what_waits(studio, slack,
                                                                        slack_settings):
    from config.dispatch import Dispatcher
    from config.slack import slack_deliverers

    studio.ingest(studio.master("AC-100", "front"))  # no channel yet: no card
    brands.update_brand(SYSTEM, "acme", slack_channel="C0LATE")
    Dispatcher(slack_deliverers(studio.core, slack_settings)).run_once()
    [card] = slack.top_level("C0LATE")
    assert "AC-100" in card["text"]
