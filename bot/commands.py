"""`/proofdesk find|pending|order|help`: answers only the caller sees, or the order form.

Answers go through the response_url; `order` opens a modal instead (see bot/orders.py).
"""

from __future__ import annotations

from slack_bolt import App, Respond
from slack_sdk import WebClient

from core.errors import ProofdeskError
from core.services import library
from core.services.library import AssetFilter

from .acks import acknowledge
from .identity import linked_actor
from .listings import MAX_LINES, asset_line, pending_line, section
from .orders import OrderForm

HELP = ("*/proofdesk find <SKU or words>*: assets whose SKU, product name or comments match, "
        "with status and latest version\n"
        "*/proofdesk pending*: what waits for your decision, nearest deadline and longest "
        "waiting first\n"
        "*/proofdesk order*: submit an order for the studio (products, angles, channels, "
        "deadline)\n"
        "*/proofdesk help*: this list\n"
        "Reply in a review card's thread to comment; use its buttons to decide.")


def find(user: str, words: str) -> tuple[str, list[dict]]:
    page = library.list_assets(linked_actor(user), AssetFilter(text=words), limit=MAX_LINES)
    lines = [asset_line(row) for row in page.rows]
    more = "more match: add words to narrow the search" if page.next_cursor else ""
    return (f"{len(lines)} asset(s) match “{words}”",
            [section(lines, f"No asset matches “{words}”.", more)])


def pending(user: str) -> tuple[str, list[dict]]:
    rows = library.pending_for(linked_actor(user))
    return (f"{len(rows)} version(s) wait for your decision",
            [section([pending_line(row) for row in rows], "Nothing waits for your decision.")])


def answer(user: str, text: str) -> tuple[str, list[dict]]:
    """The reply to one command line; a bad or unauthorised request gets a reason."""
    verb, _, rest = text.strip().partition(" ")
    try:
        if verb == "find" and rest.strip():
            return find(user, rest.strip())
        if verb == "pending":
            return pending(user)
    except ProofdeskError as err:
        return str(err), []
    return "Proofdesk commands", [section([HELP], "")]


def run_command(command: dict, respond: Respond) -> None:
    text, blocks = answer(command["user_id"], command.get("text", ""))
    respond(text=text, blocks=blocks or None, response_type="ephemeral")


def register(app: App, form: OrderForm) -> None:
    def run(command: dict, respond: Respond, client: WebClient) -> None:
        if command.get("text", "").strip().split(" ")[0] == "order":
            form.open(client, command, respond)
        else:
            run_command(command, respond)

    app.command("/proofdesk")(ack=acknowledge, lazy=[run])
