"""A brand orders by email: brief as lines, CSV or TOML; errors answered, nothing half made."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from core.actors import SYSTEM
from core.models import InboundMail, Order, OrderLine, OutboxMessage
from core.services import orders
from tests.mailgate.conftest import DOMAIN


def _notices() -> list[dict]:
    return [m.payload for m in OutboxMessage.select().where(OutboxMessage.kind == "email.notice")
            .order_by(OutboxMessage.id)]


def _order_mail(gateway, to: str, body: str, sender: str = "rev@acme.test",
                attachment: tuple[str, str] | None = None) -> str:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, "New shoot"
    msg["Message-ID"] = f"<{abs(hash((to, body)))}@brand.test>"
    msg.set_content(body)
    if attachment:
        msg.add_attachment(attachment[1].encode(), maintype="text", subtype="plain",
                           filename=attachment[0])
    answer = gateway.send("", to=to, sender=sender,
                          raw=msg.as_bytes(policy=msg.policy.clone(linesep="\r\n")))
    gateway.settle()
    return answer


def test_plain_lines_create_a_submitted_order_and_the_reply_says_what_was_read(gateway):
    before = Order.select().count()
    _order_mail(gateway, f"orders@{DOMAIN}", "title: Spring capsule\ndeadline: 2027-02-01\n"
                "AC-100 side amazon\nAC-300 front,back shopify,instagram Ceramic vase\n")
    order = Order.select().order_by(Order.id.desc()).first()
    assert Order.select().count() == before + 1
    assert (order.status, order.title, str(order.deadline)) == ("submitted", "Spring capsule",
                                                                "2027-02-01")
    assert order.origin["via"] == "email" and order.origin["address"] == "rev@acme.test"
    assert OrderLine.select().where(OrderLine.order == order).count() == 3
    [notice] = _notices()
    assert notice["subject"] == f"Order {order.id} received: Spring capsule"
    assert "AC-300: front, back -> shopify, instagram" in notice["body"]


@pytest.mark.parametrize("name, text", [
    ("brief.csv", "sku,angles,channels,name\nAC-100,side,amazon,\nAC-400,front,email,Mirror\n"),
    ("brief.toml", 'title = "From TOML"\nangles = ["side"]\nchannels = ["amazon"]\n'
                   '[[products]]\nsku = "AC-100"\n[[products]]\nsku = "AC-400"\nname = "Mirror"\n'),
])
def test_attached_brief_files_are_read(gateway, name, text):
    _order_mail(gateway, f"orders+acme@{DOMAIN}", "Please see the attached brief.",
                attachment=(name, text))
    order = Order.select().order_by(Order.id.desc()).first()
    assert order.status == "submitted"
    assert {line.product.sku for line in order.lines} == {"AC-100", "AC-400"}


def test_a_bad_line_is_answered_with_the_line_and_nothing_is_created(gateway):
    before = Order.select().count()
    _order_mail(gateway, f"orders@{DOMAIN}", "AC-100 side amazon\nAC-300 frnt amazon\n")
    assert Order.select().count() == before
    assert InboundMail.get().status == "refused"
    [notice] = _notices()
    assert "line 2: angles of AC-300: unknown frnt" in notice["body"]
    assert "Nothing was created" in notice["body"]


def test_strangers_are_not_answered_and_other_brands_refused(gateway):
    before = Order.select().count()
    _order_mail(gateway, f"orders@{DOMAIN}", "AC-100 side amazon", sender="who@nowhere.test")
    assert _notices() == []
    _order_mail(gateway, f"orders+acme@{DOMAIN}", "AC-100 side amazon", sender="rev@globex.test")
    assert Order.select().count() == before
    assert "may not submit orders for brand acme" in _notices()[0]["body"]


def test_the_studio_accepts_or_queries_and_the_submitter_hears_by_email(gateway):
    _order_mail(gateway, f"orders@{DOMAIN}", "AC-100 side amazon")
    order = Order.select().order_by(Order.id.desc()).first()
    orders.query_order(SYSTEM, order.id, "Which background for the side shot?")
    assert "Which background for the side shot?" in _notices()[-1]["body"]
    orders.accept_order(SYSTEM, order.id)
    assert _notices()[-1]["to"] == "rev@acme.test" and "was accepted" in _notices()[-1]["body"]
    assert Order.get_by_id(order.id).status == "open"
