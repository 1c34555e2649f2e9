"""Approve and Request changes: exactly the version on the button, refusals said privately."""

from __future__ import annotations

import time

import pytest

from core.services import review
from tests.bot.conftest import CHANNEL, SLACK_IDS, UNLINKED, block_texts, buttons

REVIEWER, ADMIN = SLACK_IDS["reviewer"], SLACK_IDS["admin"]


@pytest.fixture
def posted(desk):
    """An asset whose v1 card is in the channel; returns (asset id, card ts)."""
    asset_id = desk.ingest()
    desk.deliver()
    return asset_id, desk.card_ts(asset_id)


@pytest.mark.parametrize(("who", "why"), [
    (UNLINKED, f"Not approved: Your Slack account ({UNLINKED}) is not linked to a Proofdesk "
               f"user. Ask the studio to run `proofdesk users update YOUR-EMAIL --slack-id "
               f"{UNLINKED}`"),
    (SLACK_IDS["retoucher"], "Not approved: retoucher@studio.test may not decide for brand acme"),
    (SLACK_IDS["rival"], "Not approved: rev@globex.test may not decide for brand acme"),
])
def test_a_click_without_the_right_changes_nothing_and_says_why(desk, posted, who, why):
    asset_id, ts = posted
    desk.sender.click(CHANNEL, ts, who, "approve")
    desk.settle()
    told, = desk.slack.ephemerals_to(who)
    assert told.startswith(why)
    assert desk.decision(asset_id) is None
    assert buttons(desk.card(asset_id)) == ["Approve v1", "Request changes"]


def test_a_deactivated_reviewer_is_told_to_ask_for_reactivation(desk, posted):
    from core.actors import SYSTEM
    from core.services import people

    people.update_user(SYSTEM, "rev@acme.test", active=False)
    desk.sender.click(CHANNEL, posted[1], REVIEWER, "approve")
    desk.settle()
    assert desk.slack.ephemerals_to(REVIEWER) == [
        "Not approved: user rev@acme.test is deactivated: ask the studio to reactivate your "
        "account."]


def test_a_second_decision_names_who_decided_first_and_when(desk, posted):
    asset_id, ts = posted
    desk.sender.click(CHANNEL, ts, REVIEWER, "approve")
    desk.settle()
    desk.sender.click(CHANNEL, ts, ADMIN, "approve", value=f"{asset_id}:1")
    desk.settle()
    told, = desk.slack.ephemerals_to(ADMIN)
    assert told.startswith("Not approved: v1 was already approved by Rev at 20")
    assert told.endswith(" UTC")
    assert desk.decision(asset_id)["by"] == "rev@acme.test"


def _open_modal(desk, ts: str, who: str) -> dict:
    desk.sender.click(CHANNEL, ts, who, "request_changes")
    desk.settle()
    opened, = desk.slack.calls_to("views.open")
    return opened["view"]


def test_request_changes_opens_a_modal_in_time_and_records_the_reason(desk, posted):
    asset_id, ts = posted
    clicked = time.monotonic()
    view = _open_modal(desk, ts, REVIEWER)
    opened_at = next(c.at for c in desk.slack.calls if c.method == "views.open")
    assert opened_at - clicked < 3  # the fake also refuses an expired trigger_id
    assert view["title"]["text"] == "Request changes"
    assert "*AC-100 · Desk lamp · front* v1" in block_texts(view)

    values = {"reason": {"text": {"type": "plain_text_input", "value": "Crop tighter, please"}}}
    answer = desk.sender.submit(view, REVIEWER, values)
    assert (answer.status, answer.body) == (200, "")  # the modal closes
    desk.settle()
    decision = desk.decision(asset_id)
    assert (decision["verdict"], decision["reason"]) == \
        ("changes_requested", "Crop tighter, please")
    assert [c.body for c in desk.comments(asset_id)] == ["Crop tighter, please"]
    seen = block_texts(desk.card(asset_id))
    assert f"Changes requested on v1* by <@{REVIEWER}>" in seen and ">Crop tighter, please" in seen
    assert buttons(desk.card(asset_id)) == []


def test_a_blank_reason_keeps_the_modal_open(desk, posted):
    view = _open_modal(desk, posted[1], REVIEWER)
    answer = desk.sender.submit(view, REVIEWER, {"reason": {"text": {"value": "   "}}})
    assert answer.json() == {"response_action": "errors",
                             "errors": {"reason": "Say what should change."}}
    desk.settle()
    assert desk.decision(posted[0]) is None


def test_an_unlinked_user_gets_no_modal_but_the_reason(desk, posted):
    desk.sender.click(CHANNEL, posted[1], UNLINKED, "request_changes")
    desk.settle()
    assert desk.slack.calls_to("views.open") == []
    told, = desk.slack.ephemerals_to(UNLINKED)
    assert told.startswith("Changes not requested: Your Slack account")


def test_a_modal_submitted_after_a_new_version_is_refused(desk, posted):
    asset_id, ts = posted
    view = _open_modal(desk, ts, REVIEWER)
    desk.ingest(shift=40)
    desk.sender.submit(view, REVIEWER, {"reason": {"text": {"value": "Too dark"}}})
    desk.settle()
    assert desk.slack.ephemerals_to(REVIEWER) == [
        "Changes not requested: v1 was superseded; the current version is v2"]
    assert desk.decision(asset_id, 1) is None and desk.decision(asset_id, 2) is None


def test_a_decision_made_elsewhere_redraws_the_card_and_is_said_in_the_thread(desk, posted):
    asset_id, ts = posted
    reviewer = desk.studio.actors["reviewer"]
    review.decide(reviewer, asset_id, 1, "changes_requested", "email", "Wrong colour")
    desk.deliver()
    assert buttons(desk.card(asset_id)) == []
    said = desk.slack.thread(CHANNEL, ts)[-1]["text"]
    assert said.startswith(f":pencil2: *Changes requested on v1* by <@{REVIEWER}>")
    assert said.endswith(">Wrong colour _(by email)_")
