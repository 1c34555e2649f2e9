"""Digest building and outbox dispatch rate.

    .venv/bin/python benchmarks/digest.py [--pending 10000] [--reviewers 50] [--messages 1000]

1. A brand with 10,000 versions waiting and 50 reviewers: time to queue every reviewer's
   digest (claims + outbox rows) and to compose all 50 emails with their contact sheets,
   against composing them the naive way (a contact sheet drawn per reviewer).
2. 1,000 queued notices delivered by the outbox dispatcher to a local SMTP relay, against
   plain smtplib sending the same 1,000 messages to the same relay.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import smtplib
import sys
import time
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image  # noqa: E402

from benchmarks.common import progress, temporary_home  # noqa: E402


def build(core, pending: int, reviewers: int) -> None:
    from core.actors import SYSTEM
    from core.db import database
    from core.models import Asset, AssetVersion, Order, OrderLine, Product, Rendition
    from core.services import brands, people

    brands.add_brand(SYSTEM, "acme", "Acme")
    for n in range(reviewers):
        people.add_user(SYSTEM, f"rev{n}@acme.test", f"Reviewer {n}", "reviewer", "acme")
    thumbs = []
    for n in range(20):
        out = io.BytesIO()
        Image.new("RGB", (256, 192), (40 + n * 10, 90, 160)).save(out, "JPEG")
        thumbs.append(core.blobs.put(out.getvalue()))
    with database.atomic():
        order = Order.create(brand=1, title="AW26", brief={}, deadline=dt.date(2026, 12, 1))
        for start in range(0, pending, 1000):
            ids = range(start + 1, min(pending, start + 1000) + 1)
            Product.insert_many([{"id": i, "brand": 1, "sku": f"SKU-{i:05d}", "name": f"P{i}"}
                                 for i in ids]).execute()
            OrderLine.insert_many([{"id": i, "order": order.id, "product": i, "angle": "front",
                                    "channels": "amazon"} for i in ids]).execute()
            Asset.insert_many([{"id": i, "brand": 1, "product": i, "order_line": i,
                                "angle": "front", "period": "2026-10", "current_version_id": i,
                                "current_number": 1, "due": dt.date(2026, 12, 1)}
                               for i in ids]).execute()
            AssetVersion.insert_many([{"id": i, "asset": i, "number": 1, "master_sha256": "0" * 64,
                                       "master_ext": "jpg", "original_name": "m.jpg",
                                       "size_bytes": 1, "width": 6000, "height": 4000}
                                      for i in ids]).execute()
            Rendition.insert_many([{"version": i, "channel": "thumbnail",
                                    "sha256": thumbs[i % 20], "ext": "jpg", "width": 256,
                                    "height": 192, "size_bytes": 9000, "file_name": "t.jpg"}
                                   for i in ids]).execute()
            progress("building", min(pending, start + 1000), pending)


def digests_run(core, settings) -> dict:
    from config.deliver import SHEET_ITEMS, EmailDeliverers
    from core.models import OutboxMessage
    from core.services import digests
    from renderers import contact_sheet

    start = time.perf_counter()
    queued = digests.queue_digests("acme", "2026-11-24T09:00:00+0000")
    queue_s = time.perf_counter() - start
    mailer = EmailDeliverers(core, settings)
    messages = list(OutboxMessage.select().where(OutboxMessage.kind == "email.digest"))
    start = time.perf_counter()
    for message in messages:
        p = message.payload
        mailer.compose_digest(digests.digest_of(p["brand"], p["user_id"], p["period"]),
                              message.idempotency_key)
    compose_s = time.perf_counter() - start
    start = time.perf_counter()
    for digest in queued:  # the naive way: a contact sheet drawn for every reviewer
        contact_sheet([(core.blobs.get(i.thumbnail_sha256), i.sku)
                       for i in digest.items[:SHEET_ITEMS]])
    naive_sheets_s = time.perf_counter() - start
    return {"reviewers": len(queued), "waiting": queued[0].total,
            "queue_s": round(queue_s, 3), "compose_all_s": round(compose_s, 3),
            "total_s": round(queue_s + compose_s, 3),
            "baseline_naive_sheets_only_s": round(naive_sheets_s, 3)}


def dispatch_run(core, settings, count: int) -> dict:
    from config.deliver import EmailDeliverers
    from config.dispatch import Dispatcher
    from core import outbox
    from core.db import write_transaction
    from tests.fakes.mail_sink import MailSink

    with MailSink() as relay:
        os.environ["PROOFDESK_SMTP_RELAY"] = relay.relay
        from config.settings import load_settings

        with write_transaction():
            for n in range(count):
                outbox.enqueue("email.notice", {"to": f"u{n}@x.test", "subject": f"n{n}",
                                                "body": "hello"}, f"bench:{n}")
        dispatcher = Dispatcher(EmailDeliverers(core, load_settings()).kinds())
        start = time.perf_counter()
        while dispatcher.run_once(limit=100):
            progress("dispatching", len(relay.messages), count)
        outbox_s = time.perf_counter() - start
        start = time.perf_counter()
        host, port = relay.relay.split(":")
        for n in range(count):
            msg = EmailMessage()
            msg["From"], msg["To"], msg["Subject"] = "pd@x.test", f"u{n}@x.test", f"raw{n}"
            msg.set_content("hello")
            with smtplib.SMTP(host, int(port)) as smtp:
                smtp.send_message(msg)
        raw_s = time.perf_counter() - start
        delivered = len(relay.wait_for(2 * count))
    return {"messages": count, "outbox_per_s": round(count / outbox_s, 1),
            "baseline_plain_smtplib_per_s": round(count / raw_s, 1),
            "received": delivered}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pending", type=int, default=10_000)
    parser.add_argument("--reviewers", type=int, default=50)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--database-url", help="default: SQLite in a temporary home")
    args = parser.parse_args()
    with temporary_home(args.database_url):
        from config.settings import load_settings
        from config.wiring import open_core

        settings = load_settings()
        core = open_core(settings)
        build(core, args.pending, args.reviewers)
        result = {"digests": digests_run(core, settings),
                  "dispatch": dispatch_run(core, settings, args.messages)}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
