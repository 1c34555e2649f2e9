"""Orders by email: a brand user writes to orders@ (or orders+<brand>@) with a brief.

The brief comes as an attached brief.toml or CSV (sku, angles, channels), or as plain
lines in the body. Anything that cannot be read is answered with the exact line and
the reason, and nothing is created.
"""

from __future__ import annotations

from email.message import Message
from email.utils import parseaddr

from core.errors import NotFound, ProofdeskError
from core.permissions import Cap
from core.services import brands, briefs, orders, people
from mailgate.body import parse_reply
from mailgate.charsets import decode_text


def brief_from(msg: Message, raw: bytes) -> dict:
    """The first attached .toml or .csv brief, else the lines of the body."""
    for part in msg.walk():
        name = (part.get_filename() or "").lower()
        if name.endswith((".toml", ".csv")):
            text = decode_text(part.get_payload(decode=True) or b"", part.get_content_charset())
            return (briefs.from_toml if name.endswith(".toml") else briefs.from_csv)(text, name)
    return briefs.from_lines(parse_reply(raw).text)


def _brand_for(actor, tag: str) -> str:
    mine = [b.slug for b in brands.list_brands(actor)
            if actor.can(Cap.SUBMIT_ORDERS, b.id)]
    if tag:
        return tag
    if len(mine) == 1:
        return mine[0]
    raise NotFound("say which brand the order is for: write to orders+<brand>@… "
                   f"(yours: {', '.join(mine) or 'none'})")


def settle_order(processor, view, msg: Message, raw: bytes) -> tuple[str, str]:
    sender = parseaddr(str(msg.get("From", "")))[1].lower()
    try:
        actor = people.actor_for_email(sender)
    except ProofdeskError as err:  # a stranger: recorded, never answered (no backscatter)
        return processor._finish(view, "refused", str(err))
    if not view.released and view.sender.lower() not in people.addresses(actor.user_id):
        return processor._finish(view, "quarantined",
                                 f"envelope sender {view.sender} is not {sender}")
    try:
        brand = _brand_for(actor, view.token.partition(":")[2])
        brief = brief_from(msg, raw)
        origin = {"via": "email", "address": sender,
                  "message_id": str(msg.get("Message-ID", "")).strip() or None}
        return processor._finish(view, "applied", "order", apply=lambda: orders.submit_order(
            processor.core, actor, brand, brief, origin))
    except ProofdeskError as err:
        return processor._finish(view, "refused", str(err), processor._notice(
            msg, sender, f"Your order was not created: {err}. Nothing was created; please "
                         "correct it and send it again."))
