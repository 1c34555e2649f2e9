"""`/proofdesk order`: the order form, and turning its submission into a submitted order.

The submission is checked and created in the view_submission acknowledgement itself:
only that answer can keep the modal open with an error beside the field at fault, so a
brief with a bad line creates nothing and the person fixes the line in place. The
receipt goes out afterwards, in a lazy listener, so Slack's wait is never spent on it.
"""

from __future__ import annotations

import datetime as dt

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from core.actors import Actor
from core.context import Core
from core.errors import ProofdeskError
from core.naming import Vocabulary
from core.permissions import Cap
from core.services import brands, briefs, orders
from core.services.brands import BrandView
from core.services.orders import OrderDetail

from .dm import dm_channel
from .identity import linked_actor
from .order_card import matrix_text

ORDER_VIEW = "order_submit"
BRAND, TITLE, PRODUCTS = "brand", "title", "products"
DEADLINE, NOTES, GUIDELINES = "deadline", "notes", "guidelines"
VALUE = "value"  # the action_id of every input in the form
RECEIPT = "proofdesk_order_receipt"  # context key handing the receipt to the lazy listener
EXAMPLE = "NW-3001 front,back amazon,shopify Linen shirt"
NO_RIGHT = ("You may not submit orders for any brand. Ask the studio for a marketer or "
            "reviewer role on your brand.")


def orderable_brands(actor: Actor) -> list[BrandView]:
    return [b for b in brands.list_brands(actor) if actor.can(Cap.SUBMIT_ORDERS, b.id)]


def _input(block_id: str, label: str, element: dict, *, optional: bool = False,
           hint: str = "") -> dict:
    block = {"type": "input", "block_id": block_id, "optional": optional,
             "label": {"type": "plain_text", "text": label},
             "element": {**element, "action_id": VALUE}}
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    return block


def _text(multiline: bool = False, placeholder: str = "") -> dict:
    element: dict = {"type": "plain_text_input", "multiline": multiline}
    if placeholder:
        element["placeholder"] = {"type": "plain_text", "text": placeholder}
    return element


def order_modal(choices: list[BrandView], vocab: Vocabulary) -> dict:
    """The form; the hint lists the angles and channels the studio knows."""
    options = [{"text": {"type": "plain_text", "text": b.name[:75]}, "value": b.slug}
               for b in choices[:100]]
    select: dict = {"type": "static_select", "options": options,
                    "placeholder": {"type": "plain_text", "text": "Choose a brand"}}
    if len(options) == 1:
        select["initial_option"] = options[0]
    products_hint = (f"One product a line: SKU angles channels, and a name for a SKU that is "
                     f"not in the catalogue yet. Angles: {', '.join(vocab.angles)}. "
                     f"Channels: {', '.join(vocab.channels)}.")
    return {
        "type": "modal", "callback_id": ORDER_VIEW,
        "title": {"type": "plain_text", "text": "New order"},
        "submit": {"type": "plain_text", "text": "Submit order"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _input(BRAND, "Brand", select),
            _input(TITLE, "Title", _text(placeholder="e.g. Spring linen"), optional=True),
            _input(PRODUCTS, "Products", _text(True, EXAMPLE), hint=products_hint[:2000]),
            _input(DEADLINE, "Deadline", {"type": "datepicker"}),
            _input(NOTES, "Notes", _text(True), optional=True),
            _input(GUIDELINES, "Guideline links", _text(placeholder="https://…, https://…"),
                   optional=True, hint="Links to style guides or references, comma-separated."),
        ],
    }


def open_form(vocab: Vocabulary, client: WebClient, command: dict, respond: Respond) -> None:
    """Open the form for someone who may order; tell anyone else why not, privately."""
    try:
        choices = orderable_brands(linked_actor(command["user_id"]))
    except ProofdeskError as err:
        choices, refusal = [], str(err)
    else:
        refusal = NO_RIGHT
    if not choices:
        respond(text=f"No order form: {refusal}", response_type="ephemeral")
        return
    client.views_open(trigger_id=command["trigger_id"], view=order_modal(choices, vocab))


def form_values(view: dict) -> dict[str, str]:
    """The submitted values by block id, blank when left empty."""
    values = {}
    for block_id, actions in view["state"]["values"].items():
        element = actions.get(VALUE) or {}
        chosen = (element.get("selected_option") or {}).get("value")
        values[block_id] = (chosen or element.get("selected_date") or element.get("value")
                            or "").strip()
    return values


def _links(text: str) -> list[str]:
    return [link.strip() for link in text.split(",") if link.strip()]


def form_problems(values: dict[str, str], today: dt.date) -> dict[str, str]:
    """What the form itself gets wrong, by block; the brief is core's to judge."""
    problems = {}
    if values.get(DEADLINE) and values[DEADLINE] < today.isoformat():
        problems[DEADLINE] = f"The deadline {values[DEADLINE]} has passed: pick a later date."
    if bad := [link for link in _links(values.get(GUIDELINES, ""))
               if not link.startswith(("https://", "http://"))]:
        problems[GUIDELINES] = f"Not a link: {bad[0]} (links start with https://)."
    return problems


def build_brief(values: dict[str, str]) -> dict:
    """The brief from the product lines, with the form's other fields set over it."""
    brief = briefs.from_lines(values.get(PRODUCTS, ""))
    brief["deadline"] = values.get(DEADLINE) or brief.get("deadline")
    for key in (TITLE, NOTES):
        if values.get(key):
            brief[key] = values[key]
    if values.get(GUIDELINES):
        brief["guidelines"] = _links(values[GUIDELINES])
    return brief


def receipt_text(detail: OrderDetail) -> str:
    order = detail.order
    due = f"due {order.deadline}" if order.deadline else "no deadline"
    return (f"Order {order.id} received: {order.title} for {order.brand}, {order.lines} "
            f"line(s), {due}. The studio will accept it or ask you about it here.")


class OrderForm:
    """The listeners of the order form, bound to the core that takes the orders."""

    def __init__(self, core: Core):
        self.core = core

    def open(self, client: WebClient, command: dict, respond: Respond) -> None:
        open_form(self.core.vocab, client, command, respond)

    def submit(self, ack: Ack, body: dict, view: dict, context: BoltContext) -> None:
        """Create the order, or keep the form open with the reason beside the field."""
        user = body["user"]["id"]
        values = form_values(view)
        if problems := form_problems(values, dt.date.today()):
            ack(response_action="errors", errors=problems)
            return
        try:
            detail = orders.submit_order(self.core, linked_actor(user), values.get(BRAND, ""),
                                         build_brief(values), origin={"via": "slack",
                                                                      "user": user})
        except ProofdeskError as err:
            ack(response_action="errors",
                errors={PRODUCTS: str(err).removeprefix("brief: ")[:2000]})
            return
        ack()
        context[RECEIPT] = {"text": receipt_text(detail),
                            "matrix": matrix_text(detail.channels, detail.rows)}

    def confirm(self, body: dict, context: BoltContext, client: WebClient) -> None:
        """DM the receipt of an order just created (nothing when the form was refused)."""
        receipt = context.get(RECEIPT)
        if not receipt:
            return
        client.chat_postMessage(
            channel=dm_channel(client, body["user"]["id"]), text=receipt["text"],
            blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": receipt["text"]}},
                    {"type": "section", "text": {"type": "mrkdwn", "text": receipt["matrix"]}}])


def register(app: App, form: OrderForm) -> None:
    app.view(ORDER_VIEW)(ack=form.submit, lazy=[form.confirm])
