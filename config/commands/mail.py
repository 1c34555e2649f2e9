"""mail: the quarantine of inbound replies."""

from __future__ import annotations

from core.services import inbound
from mailgate.body import parse_reply

from ..output import emit_json, listing
from . import command, group


def register(commands) -> None:
    sub = group(commands, "mail", "inbound replies: quarantine, release, discard")
    p = command(sub, "list", mail_list, "inbound mail by status (default: quarantined)",
                listing=True)
    p.add_argument("--status", default="quarantined", choices=(*inbound.STATUSES, "all"))
    p = command(sub, "show", mail_show, "the raw message and the text extracted from it",
                listing=True)
    p.add_argument("id", type=int)
    p = command(sub, "release", mail_release, "trust a quarantined reply and apply it")
    p.add_argument("id", type=int)
    p = command(sub, "discard", mail_discard, "drop a quarantined reply")
    p.add_argument("id", type=int)
    command(sub, "dns", mail_dns, "the DKIM, SPF and DMARC records to publish")


def mail_list(ctx, args) -> None:
    status = None if args.status == "all" else args.status
    listing(args, inbound.list_mail(ctx.actor(), status),
            ("id", "received_at", "sender", "status", "reason"), "no such mail")


def mail_show(ctx, args) -> None:
    raw = inbound.raw_message(ctx.actor(), ctx.core.blobs, args.id)
    view, body = inbound.mail(args.id), parse_reply(raw)
    if args.json:
        emit_json({"mail": view, "reply": body.reply, "images": [i.filename for i in body.images],
                   "raw": raw.decode("utf-8", "replace")})
        return
    print(f"Mail {view.id} from {view.sender} · {view.status} · {view.reason}\n")
    print("Extracted reply:\n" + (body.reply or "(empty)"))
    print("\nRaw message:\n" + raw.decode("utf-8", "replace"))


def mail_release(ctx, args) -> None:
    from ..serve import mail_processor

    inbound.reopen(ctx.actor(), args.id)
    status = mail_processor(ctx.core, ctx.settings).process(args.id)
    print(f"mail {args.id} released: {status} ({inbound.mail(args.id).reason})")


def mail_discard(ctx, args) -> None:
    inbound.discard(ctx.actor(), args.id)
    print(f"mail {args.id} discarded")


def mail_dns(ctx, args) -> None:
    from email.utils import parseaddr

    from mailgate.dkim_sign import dns_records

    from ..deliver import dkim_key

    key = dkim_key(ctx.settings)
    domain = parseaddr(ctx.settings["mail_from"])[1].rpartition("@")[2]
    if key is None:
        print("DKIM is not configured: set dkim_selector and dkim_private_key "
              "(openssl genrsa -out dkim.pem 2048) to sign outbound mail.")
    for record in dns_records(key, domain, ctx.settings["spf_include"]):
        print(record)
