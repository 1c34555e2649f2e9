"""The card's buttons: Approve vN, and Request changes with its reason modal.

A button carries the asset and the version it was drawn for, so a click always decides
exactly that version; core refuses it when the version was superseded or already
decided, and the refusal is shown to the clicker alone.
"""

from __future__ import annotations

import json
import logging
import re

from slack_bolt import App
from slack_sdk import WebClient

from core.errors import ProofdeskError
from core.services import review

from .acks import acknowledge
from .cards import (
    APPROVE,
    REASON_BLOCK,
    REASON_INPUT,
    REQUEST_CHANGES,
    parse_button_value,
    reason_modal,
)
from .ephemeral import tell
from .held import HeldRequest, RequestHolder
from .identity import linked_actor

log = logging.getLogger("proofdesk.slack")


def _clicked(body: dict, action: dict) -> tuple[str, str, int, int]:
    asset_id, version = parse_button_value(action["value"])
    return body["user"]["id"], body["channel"]["id"], asset_id, version


def _heading(body: dict, asset_id: int) -> str:
    """The card's header (SKU · product · angle), so the modal names what is judged."""
    for block in (body.get("message") or {}).get("blocks", []):
        if block.get("type") == "header":
            return block["text"]["text"]
    return f"Asset {asset_id}"


def decide(client: WebClient, user: str, channel: str, asset_id: int, version: int,
           verdict: str, reason: str = "") -> None:
    """Record the decision; its outbox message redraws the card and says it in the thread."""
    try:
        review.decide(linked_actor(user), asset_id, version, verdict, "slack", reason)
    except ProofdeskError as err:
        word = "Not approved" if verdict == "approved" else "Changes not requested"
        log.info("decision refused", extra={"event": "decision_refused", "asset": asset_id,
                                            "version": version, "slack_user": user,
                                            "reason": str(err)})
        tell(client, channel, user, f"{word}: {err}")
        return
    log.info("decision", extra={"event": "decision", "asset": asset_id, "version": version,
                                "verdict": verdict, "slack_user": user})


def approve(request: HeldRequest, client: WebClient) -> None:
    """A held Approve click (bot/held.py): decide exactly the version on the button."""
    user, channel, asset_id, version = _clicked(request.body, request.body["actions"][0])
    decide(client, user, channel, asset_id, version, "approved")


def open_reason_modal(body: dict, action: dict, client: WebClient) -> None:
    """Open the modal first thing: the trigger_id expires three seconds after the click."""
    user, channel, asset_id, version = _clicked(body, action)
    try:
        linked_actor(user)
    except ProofdeskError as err:
        tell(client, channel, user, f"Changes not requested: {err}")
        return
    client.views_open(trigger_id=body["trigger_id"],
                      view=reason_modal(asset_id, version, _heading(body, asset_id), channel))


def _reason(view: dict) -> str:
    return (view["state"]["values"][REASON_BLOCK][REASON_INPUT].get("value") or "").strip()


def reason_errors(body: dict) -> dict | None:
    """A blank reason keeps the modal open with a note beside the field."""
    return None if _reason(body["view"]) else {REASON_BLOCK: "Say what should change."}


def request_changes(request: HeldRequest, client: WebClient) -> None:
    """A held reason modal submission: request changes on the version it was opened for."""
    body = request.body
    meta = json.loads(body["view"]["private_metadata"])
    decide(client, body["user"]["id"], meta["channel"], meta["asset"], meta["version"],
           "changes_requested", _reason(body["view"]))


JOBS = {"approve": approve, "request_changes": request_changes}


def register(app: App, holder: RequestHolder) -> None:
    app.action(APPROVE)(holder.ack("approve"))
    app.action(REQUEST_CHANGES)(ack=acknowledge, lazy=[open_reason_modal])
    app.view(REQUEST_CHANGES)(holder.ack("request_changes", check=reason_errors))
    app.action(re.compile(r"^open_card_\d+$"))(acknowledge)  # a link button: Slack opens it
