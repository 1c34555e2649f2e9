"""Block Kit for the review card, its thread messages and the Request changes modal.

Pure functions from plain values to Slack payloads, so what a reviewer sees can be
tested without Slack and drawn the same way by every code path.
"""

from __future__ import annotations

import datetime as dt
import json

from .card_state import CardState, Decided

APPROVE = "approve"
REQUEST_CHANGES = "request_changes"
REASON_BLOCK, REASON_INPUT = "reason", "text"
VERDICT_ICONS = {"pass": ":white_check_mark:", "advisory": ":warning:", "fail": ":x:"}
STATUS_WORDS = {"in_review": "in review", "changes_requested": "changes requested",
                "approved": "approved", "superseded": "superseded"}
SOURCE_WORDS = {"email": "by email", "tui": "in the Proofdesk desk",
                "cli": "from the Proofdesk command line", "slack": "in Slack"}


def when(iso: str) -> str:
    """A Slack date token: each reader sees their own time zone; the fallback says UTC."""
    at = dt.datetime.fromisoformat(iso)
    at = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at
    fallback = at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(at.timestamp())}^{{date_short_pretty}} at {{time}}|{fallback}>"


def button_value(asset_id: int, version: int) -> str:
    return f"{asset_id}:{version}"


def parse_button_value(value: str) -> tuple[int, int]:
    asset_id, version = value.split(":")
    return int(asset_id), int(version)


def title(card: CardState) -> str:
    return f"{card.sku} · {card.product} · {card.angle}"


def decision_line(decided: Decided) -> str:
    if decided.verdict == "approved":
        return (f":white_check_mark: *Approved v{decided.version}* by {decided.by} "
                f"at {when(decided.at)}")
    reason = f"\n>{decided.reason}" if decided.reason else ""
    return (f":pencil2: *Changes requested on v{decided.version}* by {decided.by} "
            f"at {when(decided.at)}{reason}")


def compliance_line(compliance: dict[str, str]) -> str:
    if not compliance:
        return "no channel renditions"
    return "  ".join(f"{VERDICT_ICONS.get(v, v)} {channel} {v}"
                     for channel, v in compliance.items())


def _facts(card: CardState) -> dict:
    facts = [("Version", f"v{card.version} · {STATUS_WORDS.get(card.status, card.status)}"),
             ("Order", card.order_title or "none"),
             ("Deadline", card.deadline or "none"),
             ("Uploaded by", card.uploaded_by or "unknown")]
    return {"type": "section",
            "fields": [{"type": "mrkdwn", "text": f"*{k}*\n{v}"} for k, v in facts]}


def _buttons(card: CardState) -> dict:
    value = button_value(card.asset_id, card.version)
    return {"type": "actions", "block_id": f"decide:{value}", "elements": [
        {"type": "button", "action_id": APPROVE, "style": "primary", "value": value,
         "text": {"type": "plain_text", "text": f"Approve v{card.version}"}},
        {"type": "button", "action_id": REQUEST_CHANGES, "value": value,
         "text": {"type": "plain_text", "text": "Request changes"}}]}


def card_blocks(card: CardState) -> list[dict]:
    """The review card: buttons while the current version waits, the decision once made."""
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": title(card)[:150]}},
        _facts(card),
        {"type": "section", "text": {"type": "mrkdwn",
                                     "text": f"*Compliance*  {compliance_line(card.compliance)}"}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text":
            f"{card.brand} · asset {card.asset_id} · reply in the thread to comment"}]},
    ]
    if card.decided and card.decided.version == card.version:
        blocks.append({"type": "section",
                       "text": {"type": "mrkdwn", "text": decision_line(card.decided)}})
    elif card.status == "in_review":
        blocks.append(_buttons(card))
    return blocks


def card_text(card: CardState) -> str:
    """Notification and screen-reader text of the card."""
    return f"Review {title(card)} v{card.version} ({STATUS_WORDS.get(card.status, card.status)})"


def version_comment(number: int, uploaded_by: str | None, with_diff: bool) -> str:
    who = f" by {uploaded_by}" if uploaded_by else ""
    if with_diff:
        return (f":arrows_counterclockwise: *v{number}* uploaded{who}. Before and after, "
                "changed regions outlined:")
    return f":frame_with_picture: *v{number}* uploaded{who}. Preview:"


def mirrored_comment(source: str, author: str, body: str, verified: bool) -> str:
    who = author if verified else f"{author} (unverified)"
    return f"_{SOURCE_WORDS.get(source, source)}_, *{who}*: {body}"


def reason_modal(asset_id: int, version: int, heading: str, channel: str) -> dict:
    metadata = json.dumps({"asset": asset_id, "version": version, "channel": channel})
    return {
        "type": "modal", "callback_id": REQUEST_CHANGES, "private_metadata": metadata,
        "title": {"type": "plain_text", "text": "Request changes"},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*{heading}* v{version}"}},
            {"type": "input", "block_id": REASON_BLOCK,
             "label": {"type": "plain_text", "text": "What should change?"},
             "element": {"type": "plain_text_input", "action_id": REASON_INPUT,
                         "multiline": True}},
        ],
    }
