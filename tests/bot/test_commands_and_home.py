"""/proofdesk find|pending|help answered privately; the App Home tab."""

from __future__ import annotations

from tests.bot.conftest import SLACK_IDS, UNLINKED, block_texts

REVIEWER = SLACK_IDS["reviewer"]


def _ask(desk, user: str, text: str) -> dict:
    answer = desk.sender.command(user, text)
    assert (answer.status, answer.body) == (200, "")  # acknowledged empty; answered after
    desk.settle()
    response = desk.slack.responses[f"command-{user}"][-1]
    assert response["response_type"] == "ephemeral"
    return response


def test_find_lists_matching_assets_with_status_and_version(desk):
    lamp = desk.ingest("AC-100", "front")
    desk.ingest("AC-100", "front", shift=40)
    desk.ingest("AC-200", "front", seed=3)
    response = _ask(desk, REVIEWER, "find lamp")
    assert block_texts(response) == \
        f"*AC-100* Desk lamp · front — v2 in review (asset {lamp})"
    assert _ask(desk, REVIEWER, "find AC-2")["text"] == "1 asset(s) match “AC-2”"
    assert block_texts(_ask(desk, REVIEWER, "find teapot")) == "No asset matches “teapot”."


def test_find_shows_only_what_the_caller_may_see(desk):
    desk.ingest()
    assert block_texts(_ask(desk, SLACK_IDS["rival"], "find AC")) == "No asset matches “AC”."


def test_pending_lists_what_waits_for_the_callers_decision(desk):
    first = desk.ingest("AC-100", "front")
    second = desk.ingest("AC-100", "back", seed=2)
    lines = block_texts(_ask(desk, REVIEWER, "pending")).splitlines()
    assert [line.split("(asset ")[1].split(")")[0] for line in lines] == [str(first), str(second)]
    assert all("due 2026-12-01" in line for line in lines)
    assert block_texts(_ask(desk, SLACK_IDS["retoucher"], "pending")) == \
        "Nothing waits for your decision."


def test_help_and_unlinked_callers(desk):
    assert "*/proofdesk pending*" in block_texts(_ask(desk, REVIEWER, "help"))
    assert "*/proofdesk find" in block_texts(_ask(desk, REVIEWER, "what?"))
    assert _ask(desk, UNLINKED, "pending")["text"].startswith(
        f"Your Slack account ({UNLINKED}) is not linked")


def test_home_tab_shows_pending_decisions_and_open_orders(desk):
    asset_id = desk.ingest()
    assert desk.sender.home_opened(REVIEWER).status == 200
    desk.settle()
    published, = desk.slack.calls_to("views.publish")
    assert published["user_id"] == REVIEWER
    seen = block_texts(published["view"])
    assert "Waiting for your decision (1)" in seen
    assert f"*AC-100* Desk lamp · front — v1 in review (asset {asset_id})" in seen
    assert "*Hero shots* (acme, order 1) · due 2026-12-01 · 0/3 approved" in seen


def test_home_tab_of_an_unlinked_user_says_how_to_get_access(desk):
    desk.sender.home_opened(UNLINKED)
    desk.settle()
    published, = desk.slack.calls_to("views.publish")
    assert "is not linked to a Proofdesk user" in block_texts(published["view"])
