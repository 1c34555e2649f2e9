"""/proofdesk order: the form, submitting it, the summary card, the studio's answers."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.order_card import matrix_text
from core.actors import SYSTEM
from core.models import OutboxMessage
from core.services import orders
from core.services.orders import CoverageRow
from tests.bot.conftest import CHANNEL, SLACK_IDS, UNLINKED, block_texts

SUBMITTER, MARKETER, RIVAL = SLACK_IDS["reviewer"], SLACK_IDS["marketer"], SLACK_IDS["rival"]
DEADLINE = (dt.date.today() + dt.timedelta(days=30)).isoformat()


def _open_form(desk, user: str = SUBMITTER) -> dict:
    answer = desk.sender.command(user, "order")
    assert (answer.status, answer.body) == (200, "")
    desk.settle()
    opened = desk.slack.calls_to("views.open")
    assert opened, desk.slack.responses
    return opened[-1]["view"]


def _values(products: str, brand: str = "acme", **more: str) -> dict:
    values = {"brand": {"value": {"type": "static_select",
                                  "selected_option": {"value": brand}}},
              "products": {"value": {"type": "plain_text_input", "value": products}},
              "deadline": {"value": {"type": "datepicker",
                                     "selected_date": more.pop("deadline", DEADLINE)}}}
    for block, text in more.items():
        values[block] = {"value": {"type": "plain_text_input", "value": text}}
    return values


def _submit(desk, view: dict, values: dict, user: str = SUBMITTER):
    answer = desk.sender.submit(view, user, values)
    desk.settle()
    return answer


def _submitted() -> list:
    return orders.list_orders(SYSTEM, status="submitted")


def test_the_command_opens_the_form_with_the_brands_the_user_may_order_for(desk):
    view = _open_form(desk)
    assert view["callback_id"] == "order_submit"
    blocks = {b["block_id"]: b for b in view["blocks"]}
    assert list(blocks) == ["brand", "title", "products", "deadline", "notes", "guidelines"]
    assert [o["value"] for o in blocks["brand"]["element"]["options"]] == ["acme"]
    assert blocks["products"]["element"]["multiline"] is True
    assert "front" in blocks["products"]["hint"]["text"]
    assert "amazon" in blocks["products"]["hint"]["text"]
    assert blocks["deadline"]["element"]["type"] == "datepicker"
    assert blocks["notes"]["optional"] and blocks["guidelines"]["optional"]
    admin_view = _open_form(desk, SLACK_IDS["admin"])
    assert [o["value"] for o in admin_view["blocks"][0]["element"]["options"]] == \
        ["acme", "globex"]


@pytest.mark.parametrize("user, reason", [
    (UNLINKED, f"Your Slack account ({UNLINKED}) is not linked"),
    (SLACK_IDS["retoucher"], "You may not submit orders for any brand"),
])
def test_people_without_the_right_are_told_privately_and_get_no_form(desk, user, reason):
    desk.sender.command(user, "order")
    desk.settle()
    assert not desk.slack.calls_to("views.open")
    response = desk.slack.responses[f"command-{user}"][-1]
    assert response["response_type"] == "ephemeral"
    assert response["text"].startswith(f"No order form: {reason}")


def test_a_valid_submission_creates_the_order_and_posts_its_summary_card(desk):
    view = _open_form(desk)
    lines = "AC-100 front,back amazon,shopify\nNW-3001 front instagram Linen shirt"
    answer = _submit(desk, view, _values(lines, title="Spring linen", notes="White sweep",
                                         guidelines="https://acme.test/guide.pdf"))
    assert (answer.status, answer.body) == (200, "")  # the modal closes

    order, = _submitted()
    assert (order.brand, order.title, order.deadline, order.lines) == \
        ("acme", "Spring linen", DEADLINE, 3)
    receipt, = desk.slack.dm(SUBMITTER)
    assert receipt["text"].startswith(f"Order {order.id} received: Spring linen")

    row = OutboxMessage.get(OutboxMessage.kind == "slack.order")
    assert row.payload == {"order_id": order.id}
    desk.deliver()
    card, = desk.slack.top_level(CHANNEL)
    text = block_texts(card)
    assert f"Order {order.id}: Spring linen" in text
    for expected in ("Acme Home", DEADLINE, "rev@acme.test", "submitted", "White sweep",
                     "https://acme.test/guide.pdf"):
        assert expected in text, expected
    matrix = text.split("```")[1].strip().splitlines()
    assert matrix == [
        "SKU      Product      Angle  amazon  instagram  shopify",
        "AC-100   Desk lamp    front  to do   ·          to do",
        "AC-100   Desk lamp    back   to do   ·          to do",
        "NW-3001  Linen shirt  front  ·       to do      ·"]
    desk.deliver()
    assert len(desk.slack.top_level(CHANNEL)) == 1  # delivered once


def test_a_marketer_may_submit_an_order(desk):
    answer = _submit(desk, _open_form(desk, MARKETER), _values("AC-200 front shopify"),
                     MARKETER)
    assert (answer.status, answer.body) == (200, "")


def test_the_order_remembers_it_came_from_slack(desk):
    _submit(desk, _open_form(desk), _values("AC-200 front shopify"))
    order, = _submitted()
    orders.accept_order(SYSTEM, order.id)
    notice = OutboxMessage.get(OutboxMessage.kind == "slack.notice")
    assert notice.payload["user"] == SUBMITTER


@pytest.mark.parametrize("lines, block, message", [
    ("AC-100 front amazon\nAC-200 frnt shopify", "products",
     "line 2: angles of AC-200: unknown frnt (known: front, back"),
    ("AC-100 front amazon\nZZ-1 front amazon", "products", "ZZ-1 is not in the catalogue"),
    ("AC-100 front", "products", "line 1: 'AC-100 front': expected 'SKU angles channels'"),
])
def test_a_bad_line_keeps_the_form_open_naming_it_and_creates_nothing(desk, lines, block,
                                                                      message):
    answer = _submit(desk, _open_form(desk), _values(lines))
    assert answer.status == 200
    body = answer.json()
    assert body["response_action"] == "errors"
    assert message in body["errors"][block]
    assert _submitted() == []
    assert not OutboxMessage.select().where(OutboxMessage.kind == "slack.order").exists()
    assert desk.slack.dm(SUBMITTER) == []


def test_form_fields_are_checked_beside_the_field(desk):
    past = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    body = _submit(desk, _open_form(desk), _values("AC-100 front amazon", deadline=past,
                                                   guidelines="guide.pdf")).json()
    assert set(body["errors"]) == {"deadline", "guidelines"}
    assert _submitted() == []


def test_someone_else_s_brand_or_an_unlinked_user_is_refused(desk):
    view = _open_form(desk, RIVAL)
    assert [o["value"] for o in view["blocks"][0]["element"]["options"]] == ["globex"]
    forged = _submit(desk, view, _values("AC-100 front amazon", brand="acme"), RIVAL).json()
    assert "may not submit orders for brand acme" in forged["errors"]["products"]
    stranger = _submit(desk, view, _values("AC-100 front amazon"), UNLINKED).json()
    assert "is not linked" in stranger["errors"]["products"]
    assert _submitted() == []


@pytest.mark.parametrize("answer, expected", [
    (lambda order_id: orders.accept_order(SYSTEM, order_id), "was accepted by the studio"),
    (lambda order_id: orders.query_order(SYSTEM, order_id, "Which shade of white?"),
     "has a question about your order"),
])
def test_the_studio_s_answer_reaches_the_submitter_by_dm(desk, answer, expected):
    _submit(desk, _open_form(desk), _values("AC-200 front shopify"))
    order, = _submitted()
    answer(order.id)
    desk.deliver()
    receipt, notice = desk.slack.dm(SUBMITTER)
    assert expected in notice["text"] and f"order {order.id}" in notice["text"]
    desk.deliver()
    assert len(desk.slack.dm(SUBMITTER)) == 2


def test_a_large_matrix_is_cut_at_a_whole_line_within_slack_s_limit():
    rows = [CoverageRow(f"SKU-{n:04d}", "A product with a long name", "front", None, None,
                        {"amazon": "missing", "shopify": "approved"}) for n in range(300)]
    text = matrix_text(["amazon", "shopify"], rows)
    assert len(text) <= 3000
    kept = text.split("```")[1].strip().splitlines()
    assert kept[0].split() == ["SKU", "Product", "Angle", "amazon", "shopify"]
    assert text.endswith(f"…and {300 - (len(kept) - 1)} more lines")
    assert kept[-1].endswith("to do   ok")
