"""Notification emails for versions awaiting review, notices to senders, and delivery."""

from __future__ import annotations

import html
import re
import smtplib
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import formatdate, getaddresses, parseaddr
from pathlib import Path

from core.services.digests import Digest
from core.services.notices import VersionNotice
from core.services.orders import OrderView
from mailgate.dkim_sign import DkimKey, sign

REPLY_HELP = "Reply with your comments; reply APPROVED to approve this version, " \
             "or start with \"changes:\" to request changes."


def _headers(msg: EmailMessage, *, mail_from: str, to: str, subject: str, msg_id: str) -> None:
    msg["Subject"], msg["From"], msg["To"], msg["Message-ID"] = subject, mail_from, to, msg_id
    msg["Date"] = formatdate(localtime=False)
    msg["Auto-Submitted"] = "auto-generated"  # keeps out-of-office replies away
    msg["X-Auto-Response-Suppress"] = "All"


def message_id(key: str, token: str, domain: str) -> str:
    """A Message-ID stable per outbox message (receivers dedupe) that carries the reply token."""
    return _plain_id(f"{key}.{token}", domain)


def version_email(notice: VersionNotice, *, mail_from: str, token: str, domain: str, key: str,
                  preview: bytes | None, diff: bytes | None = None) -> EmailMessage:
    """A text and an HTML part; the preview (and the diff for v2+) inline by cid."""
    msg = EmailMessage()
    order = f" · order {notice.order_id}" if notice.order_id else ""
    _headers(msg, mail_from=mail_from, to=notice.recipient_email or "",
             subject=f"[{notice.brand_name}] Review {notice.sku} {notice.angle} "
                     f"v{notice.number}{order}", msg_id=message_id(key, token, domain))
    msg["Reply-To"] = f"review+{token}@{domain}"
    lines = _summary(notice)
    msg.set_content("\n".join([*lines, "", REPLY_HELP]))
    images = [("preview", preview), ("changes since the last version", diff)]
    images = [(label, data) for label, data in images if data]
    tags = "".join(f'<p><img src="cid:img{i}@proofdesk" alt="{label}" width="600"></p>'
                   for i, (label, _) in enumerate(images))
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)
    msg.add_alternative(f"<html><body>{tags}{body}<p><b>{html.escape(REPLY_HELP)}</b></p>"
                        "</body></html>", subtype="html")
    html_part = msg.get_payload()[1]
    for i, (_, data) in enumerate(images):
        html_part.add_related(data, "image", "jpeg", cid=f"<img{i}@proofdesk>")
    return msg


def _summary(notice: VersionNotice) -> list[str]:
    lines = [
        f"{notice.product} ({notice.sku}), {notice.angle}, version {notice.number} is waiting "
        "for your review.",
        f"Order: {notice.order_title or '-'} · deadline {notice.deadline or 'none'}",
        f"Uploaded by: {notice.uploaded_by or '-'}",
        "Compliance: " + (", ".join(f"{c} {v}" for c, v in notice.compliance.items()) or "-"),
    ]
    if notice.brief_notes:
        lines.append(f"Brief: {notice.brief_notes}")
    if notice.comments:
        lines += ["", "Latest comments:"] + [f"  {a} (via {s}): {b}" for a, s, b in notice.comments]
    return lines


def digest_email(digest: Digest, *, mail_from: str, domain: str, key: str,
                 tokens: dict[int, str], sheet: bytes | None) -> EmailMessage:
    """Pending versions grouped by order, a contact sheet, one reply address per item."""
    msg = EmailMessage()
    count = digest.total
    _headers(msg, mail_from=mail_from, to=digest.email, msg_id=_plain_id(key, domain),
             subject=f"[{digest.brand_name}] {count} version{'s' if count != 1 else ''} "
                     "waiting for your review")
    shown = "" if count == len(digest.items) else f" (the first {len(digest.items)} listed)"
    lines = [f"{count} versions wait for your decision, nearest deadline first{shown}.", ""]
    for title, items in digest.by_order():
        deadline = items[0].deadline or "no deadline"
        lines.append(f"{title} (deadline {deadline}, {digest.waiting.get(title, len(items))} "
                     "waiting)")
        lines += [f"  {i.sku} {i.angle} v{i.version} · waiting since {i.waiting_since[:10]} · "
                  f"reply to review+{tokens[i.version_id]}@{domain}" for i in items]
        lines.append("")
    lines.append("Write to an item's address with your comments, or APPROVED to approve it. "
                 "Everything waiting: proofdesk assets pending, or /proofdesk pending in Slack.")
    msg.set_content("\n".join(lines))
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)
    image = '<p><img src="cid:sheet@proofdesk" alt="contact sheet" width="700"></p>'
    msg.add_alternative(f"<html><body>{image if sheet else ''}{body}</body></html>",
                        subtype="html")
    if sheet:
        msg.get_payload()[1].add_related(sheet, "image", "jpeg", cid="<sheet@proofdesk>")
    return msg


def reminder_email(order: OrderView, *, overdue: bool, to: str, mail_from: str, domain: str,
                   key: str) -> EmailMessage:
    msg = EmailMessage()
    state = "is overdue" if overdue else f"is due on {order.deadline}"
    _headers(msg, mail_from=mail_from, to=to, msg_id=_plain_id(key, domain),
             subject=f"[{order.brand}] Order {order.id} {state}: {order.title}")
    msg.set_content(f"Order {order.id} ({order.title}) {state}.\n"
                    f"{order.approved} of {order.lines} shots are approved.\n\n"
                    f"See the coverage: proofdesk orders show {order.id}")
    return msg


def _plain_id(key: str, domain: str) -> str:
    return f"<{re.sub(r'[^A-Za-z0-9.-]', '.', key)}@{domain}>"


def notice_email(payload: dict, *, mail_from: str, domain: str, key: str) -> EmailMessage:
    """A short explanation to a sender (refused command, unreadable or empty reply)."""
    msg = EmailMessage()
    _headers(msg, mail_from=mail_from, to=payload["to"], subject=payload["subject"],
             msg_id=_plain_id(key, domain))
    if payload.get("in_reply_to"):
        msg["In-Reply-To"] = payload["in_reply_to"]
    msg.set_content(payload["body"])
    return msg


def send(msg: EmailMessage, relay: str, drop_folder: Path, dkim_key: DkimKey | None = None
         ) -> str:
    """Send through the relay (host:port), or keep the message in the drop folder;
    DKIM-signed when a key is configured."""
    raw = msg.as_bytes(policy=SMTP_POLICY)
    if dkim_key:
        raw = sign(raw, dkim_key)
    if relay:
        host, _, port = relay.rpartition(":")
        recipients = [address for _, address in getaddresses(msg.get_all("To", []))]
        with smtplib.SMTP(host, int(port), timeout=30) as smtp:
            smtp.sendmail(parseaddr(str(msg["From"]))[1], recipients, raw)
        return f"relayed via {relay}"
    drop_folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9.@-]", "_", msg["Message-ID"].strip("<>")) + ".eml"
    (drop_folder / name).write_bytes(raw)
    return f"written to {drop_folder / name}"
