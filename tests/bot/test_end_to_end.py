"""The whole loop: ingest → card and thread upload → reply → comment → Approve → decision."""

from __future__ import annotations

from tests.bot.conftest import CHANNEL, SLACK_IDS, block_texts, buttons

REVIEWER = SLACK_IDS["reviewer"]


def test_master_to_card_to_comment_to_approval(desk):
    asset_id = desk.ingest()
    desk.deliver()

    posts = desk.slack.calls_to("chat.postMessage")
    assert len(posts) == 1 and posts[0]["channel"] == CHANNEL
    card = desk.card(asset_id)
    seen = block_texts(card)
    for fact in ("AC-100 · Desk lamp · front", "v1 · in review", "Hero shots", "2026-12-01",
                 "Retoucher", "amazon", "instagram"):
        assert fact in seen
    assert buttons(card) == ["Approve v1", "Request changes"]

    upload, = desk.slack.calls_to("files.completeUploadExternal")
    assert upload["channel_id"] == CHANNEL and upload["thread_ts"] == card["ts"]
    shared, = desk.slack.thread(CHANNEL, card["ts"])
    assert shared["files"][0]["name"] == "AC-100_front_v1_preview.jpg"
    assert desk.slack.files[shared["files"][0]["id"]]["data"][:2] == b"\xff\xd8"  # a JPEG
    assert "*v1* uploaded by Retoucher" in shared["text"]

    answer, _ = desk.sender.reply(CHANNEL, card["ts"], REVIEWER,
                                  "Shadow under the lamp is too hard")
    assert answer.status == 200
    desk.settle()
    comment, = desk.comments(asset_id)
    assert (comment.body, comment.author, comment.verified, comment.source, comment.version) == \
        ("Shadow under the lamp is too hard", "Rev", True, "slack", 1)

    assert desk.sender.click(CHANNEL, card["ts"], REVIEWER, "approve").status == 200
    desk.settle()
    assert desk.decision(asset_id)["verdict"] == "approved"
    assert desk.decision(asset_id)["by"] == "rev@acme.test"
    card = desk.card(asset_id)
    assert f"Approved v1* by <@{REVIEWER}>" in block_texts(card)
    assert buttons(card) == []

    desk.deliver()  # the outbox's slack.decision: the thread hears it too
    said = desk.slack.thread(CHANNEL, card["ts"])[-1]["text"]
    assert said.startswith(f":white_check_mark: *Approved v1* by <@{REVIEWER}> at <!date^")


def test_a_new_version_goes_into_the_same_thread_and_redraws_the_card(desk):
    asset_id = desk.ingest()
    desk.deliver()
    first_ts = desk.card_ts(asset_id)
    desk.ingest(seed=0, shift=40)
    desk.deliver()

    assert len(desk.slack.calls_to("chat.postMessage")) == 1  # still one card
    assert desk.card_ts(asset_id) == first_ts
    card = desk.card(asset_id)
    assert buttons(card) == ["Approve v2", "Request changes"]
    assert "v2 · in review" in block_texts(card)
    diff = desk.slack.thread(CHANNEL, first_ts)[-1]
    assert diff["files"][0]["name"] == "AC-100_front_v1-v2_diff.jpg"
    assert "*v2* uploaded by Retoucher. Before and after" in diff["text"]

    desk.sender.click(CHANNEL, first_ts, REVIEWER, "approve", value=f"{asset_id}:1")
    desk.settle()
    assert desk.slack.ephemerals_to(REVIEWER) == [
        "Not approved: v1 was superseded; the current version is v2"]
    assert desk.decision(asset_id, 2) is None
