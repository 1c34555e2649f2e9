"""Notification emails for versions awaiting review, and their delivery."""

from __future__ import annotations

import re
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from core.services.notices import VersionNotice


def version_email(notice: VersionNotice, *, mail_from: str, reply_to: str,
                  preview: bytes | None) -> EmailMessage:
    """A text and HTML message with the preview inline and the reply instructions."""
    msg = EmailMessage()
    msg["Subject"] = (f"[{notice.brand_name}] Review {notice.sku} {notice.angle} "
                      f"v{notice.number}" + (f" · order {notice.order_id}" if notice.order_id
                                             else ""))
    msg["From"], msg["To"], msg["Reply-To"] = mail_from, notice.recipient_email, reply_to
    msg["Message-ID"] = make_msgid(domain=reply_to.rsplit("@", 1)[-1])
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"
    lines = [
        f"{notice.product} ({notice.sku}), {notice.angle}, version {notice.number} "
        f"is waiting for your review.",
        f"Order: {notice.order_title or '-'} · deadline {notice.deadline or 'none'}",
        f"Uploaded by: {notice.uploaded_by or '-'}",
        "Compliance: " + ", ".join(f"{c} {v}" for c, v in notice.compliance.items()),
    ]
    if notice.brief_notes:
        lines.append(f"Brief: {notice.brief_notes}")
    lines += [f"{a} ({s}): {b}" for a, s, b in notice.comments]
    lines += ["", "Reply with your comments; reply APPROVED to approve this version."]
    msg.set_content("\n".join(lines))
    html = "".join(f"<p>{_escape(line)}</p>" for line in lines if line)
    if preview:
        cid = make_msgid(domain="proofdesk")
        msg.add_alternative(f'<img src="cid:{cid[1:-1]}" alt="preview" width="512">{html}',
                            subtype="html")
        msg.get_payload()[1].add_related(preview, "image", "jpeg", cid=cid)
    else:
        msg.add_alternative(html, subtype="html")
    return msg


def message_id(key: str, token: str, domain: str) -> str:
    """A Message-ID that is stable per outbox message and carries the reply token."""
    safe = re.sub(r"[^A-Za-z0-9.-]", ".", key)
    return f"<{safe}.{token}@{domain}>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def send(msg: EmailMessage, relay: str, drop_folder: Path) -> str:
    """Send through the relay (host:port), or keep the message in the drop folder."""
    if relay:
        host, _, port = relay.rpartition(":")
        with smtplib.SMTP(host, int(port), timeout=30) as smtp:
            smtp.send_message(msg)
        return f"relayed via {relay}"
    drop_folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9.@-]", "_", msg["Message-ID"].strip("<>")) + ".eml"
    (drop_folder / name).write_bytes(msg.as_bytes())
    return f"written to {drop_folder / name}"
