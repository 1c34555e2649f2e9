"""The App Home tab: what waits for the user's decision and their brands' open orders."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from core.errors import ProofdeskError
from core.services import library, orders

from .acks import acknowledge
from .identity import linked_actor
from .listings import order_line, pending_line, section


def _header(text: str) -> dict:
    return {"type": "header", "text": {"type": "plain_text", "text": text}}


def home_view(user: str) -> dict:
    try:
        actor = linked_actor(user)
    except ProofdeskError as err:
        return {"type": "home", "blocks": [_header("Proofdesk"), section([str(err)], "")]}
    waiting = library.pending_for(actor)
    open_orders = orders.list_orders(actor, status="open")
    return {"type": "home", "blocks": [
        _header(f"Waiting for your decision ({len(waiting)})"),
        section([pending_line(row) for row in waiting], "Nothing waits for your decision."),
        {"type": "divider"},
        _header(f"Open orders ({len(open_orders)})"),
        section([order_line(order) for order in open_orders], "No open orders."),
    ]}


def publish_home(event: dict, client: WebClient) -> None:
    if event.get("tab", "home") == "home":
        client.views_publish(user_id=event["user"], view=home_view(event["user"]))


def register(app: App) -> None:
    app.event("app_home_opened")(ack=acknowledge, lazy=[publish_home])
