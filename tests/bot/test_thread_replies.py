"""Thread replies become comments: once each, by whom, with files; edits and deletions follow."""

from __future__ import annotations

import pytest

from core.models import CommentAttachment
from tests.bot.conftest import CHANNEL, SLACK_IDS, UNLINKED

REVIEWER = SLACK_IDS["reviewer"]


@pytest.fixture
def thread(desk):
    asset_id = desk.ingest()
    desk.deliver()
    return asset_id, desk.card_ts(asset_id)


def test_a_retried_event_is_applied_once(desk, thread):
    asset_id, ts = thread
    answer, reply_ts = desk.sender.reply(CHANNEL, ts, REVIEWER, "Lighter, please",
                                         event_id="Ev0RETRY")
    retry, _ = desk.sender.reply(CHANNEL, ts, REVIEWER, "Lighter, please", event_id="Ev0RETRY",
                                 retry_num=1)
    assert (answer.status, retry.status) == (200, 200)
    # the same message under a new event id (say, another process saw the first) is kept once too
    desk.sender.event({"type": "message", "channel": CHANNEL, "user": REVIEWER,
                       "text": "Lighter, please", "ts": reply_ts, "thread_ts": ts})
    desk.settle()
    assert [c.body for c in desk.comments(asset_id)] == ["Lighter, please"]


def test_an_unlinked_user_is_kept_as_unverified_and_told_once(desk, thread):
    asset_id, ts = thread
    desk.sender.reply(CHANNEL, ts, UNLINKED, "Love it")
    desk.settle()
    desk.sender.reply(CHANNEL, ts, UNLINKED, "Ship it")
    desk.settle()
    comments = desk.comments(asset_id)
    assert [(c.body, c.author, c.verified) for c in comments] == [
        ("Love it", "Dana Visitor (unverified Slack user)", False),
        ("Ship it", "Dana Visitor (unverified Slack user)", False)]
    told, = desk.slack.ephemerals_to(UNLINKED)
    assert told.startswith("Your reply was kept as a comment from an unverified Slack user. "
                           f"Your Slack account ({UNLINKED}) is not linked")


def test_a_linked_user_without_the_right_to_comment_is_refused(desk, thread):
    asset_id, ts = thread
    marketer = SLACK_IDS["marketer"]
    desk.sender.reply(CHANNEL, ts, marketer, "Nice")
    desk.settle()
    assert desk.comments(asset_id) == []
    assert desk.slack.ephemerals_to(marketer) == [
        "Your reply was not recorded: mkt@acme.test may not comment for brand acme"]


def test_bots_the_bot_itself_and_other_threads_are_ignored(desk, thread):
    asset_id, ts = thread
    desk.sender.event({"type": "message", "subtype": "bot_message", "bot_id": "B0OTHER",
                       "channel": CHANNEL, "text": "beep", "ts": "1700009000.000001",
                       "thread_ts": ts})
    desk.sender.event({"type": "message", "channel": CHANNEL, "user": desk.slack.bot_user_id,
                       "bot_id": desk.slack.bot_id, "text": "mine", "ts": "1700009000.000002",
                       "thread_ts": ts})
    desk.sender.reply(CHANNEL, "1700000000.999999", REVIEWER, "not a card's thread")
    desk.sender.event({"type": "message", "channel": CHANNEL, "user": REVIEWER,
                       "text": "top level", "ts": "1700009000.000003"})
    desk.settle()
    assert desk.comments(asset_id) == []


def test_edits_and_deletions_follow_the_comment(desk, thread):
    asset_id, ts = thread
    _, reply_ts = desk.sender.reply(CHANNEL, ts, REVIEWER, "Too dark")
    desk.settle()
    desk.sender.edit(CHANNEL, ts, REVIEWER, reply_ts, "Too dark", "Too dark on the left")
    desk.settle()
    comment, = desk.comments(asset_id)
    assert (comment.body, comment.edited) == ("Too dark on the left", True)

    desk.sender.delete(CHANNEL, ts, REVIEWER, reply_ts, "Too dark on the left")
    desk.settle()
    comment, = desk.comments(asset_id)
    assert comment.deleted and comment.body == ""


def test_files_on_a_reply_are_fetched_with_the_bot_token_and_attached(desk, thread):
    asset_id, ts = thread
    markup = b"\x89PNG\r\n\x1a\nmarked-up crop"
    shared = desk.slack.add_file("markup.png", markup, "image/png")
    desk.sender.reply(CHANNEL, ts, REVIEWER, "See the circle", files=[shared])
    desk.settle()
    comment, = desk.comments(asset_id)
    attachment, = CommentAttachment.select().where(CommentAttachment.comment == comment.id)
    assert (attachment.filename, attachment.content_type, attachment.size_bytes) == \
        ("markup.png", "image/png", len(markup))
    assert desk.studio.core.blobs.get(attachment.sha256) == markup


def test_a_file_off_slack_is_not_fetched_with_the_token(desk, thread):
    asset_id, ts = thread
    elsewhere = {"id": "F0EVIL", "name": "x.png", "mimetype": "image/png",
                 "url_private": "https://attacker.example/x.png"}
    desk.sender.reply(CHANNEL, ts, REVIEWER, "look", files=[elsewhere])
    desk.settle()
    assert desk.comments(asset_id) == []
    assert desk.slack.ephemerals_to(REVIEWER) == [
        "Your reply was not recorded: not fetching a file from attacker.example"]
