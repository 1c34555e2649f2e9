"""audit, outbox, status, serve, tui, digest, demo."""

from __future__ import annotations

import argparse

from core import outbox
from core.db import database
from core.schema import current_version
from core.services import auditlog, brands, digests, inbound

from ..output import emit_json, listing
from ..slack import slack_spool
from . import command, group


def register(commands) -> None:
    sub = group(commands, "audit", "the hash-chained audit log")
    p = command(sub, "list", audit_list, "newest events first", listing=True)
    p.add_argument("--brand")
    p.add_argument("--action", help="prefix, e.g. decision.")
    p.add_argument("--limit", type=int, default=50)
    command(sub, "verify", audit_verify, "walk the hash chain and name the first broken link")

    sub = group(commands, "outbox", "notifications waiting for delivery")
    command(sub, "failed", outbox_failed, "messages that gave up, with their errors", listing=True)
    p = command(sub, "retry", outbox_retry, "make failed messages due again")
    p.add_argument("id", nargs="?", type=int)
    p.add_argument("--all-failed", action="store_true")

    command(commands, "status", status, "outbox backlog, failures, schema version", listing=True)
    p = command(commands, "serve", serve_cmd, "run the outbox dispatcher (and front-ends)")
    p.add_argument("--log-format", choices=("text", "json"), default="text")
    p.add_argument("--once", action="store_true", help="deliver what is due, then exit")
    p = command(commands, "tui", tui_cmd, "the admin desk in the terminal (? lists the keys)")
    p.add_argument("--as", dest="actor", metavar="EMAIL", default=argparse.SUPPRESS,
                   help="act as this user (default: setting 'as', else the local operator)")
    p = command(commands, "digest", digest_cmd, "queue (or preview) the digests of pending work")
    p.add_argument("--now", action="store_true", help="queue the current period's digests now")
    p.add_argument("--brand", help="only this brand")
    p.add_argument("--dry-run", action="store_true", help="print the digests, send nothing")
    p = command(commands, "demo", demo_cmd, "seed a demo library into the home folder")
    p.add_argument("--serve", action="store_true", help="then run proofdesk serve")


def audit_list(ctx, args) -> None:
    listing(args, auditlog.list_events(ctx.actor(), args.brand, args.action, args.limit),
            ("id", "at", "actor", "action", "subject"), "no events")


def audit_verify(ctx, args) -> int:
    report = auditlog.verify_chain(ctx.actor())
    if report.ok:
        print(f"audit chain intact: {report.events} events")
        return 0
    print(f"audit chain BROKEN at event {report.first_broken_id}: {report.problem} "
          f"({report.events} events before it verify)")
    return 1


def outbox_failed(ctx, args) -> None:
    listing(args, outbox.failures(), ("id", "kind", "attempts", "failed_at", "last_error"),
            "no failed deliveries")


def outbox_retry(ctx, args) -> int:
    if args.id is None and not args.all_failed:
        print("proofdesk: give a message id or --all-failed")
        return 2
    count = outbox.retry(None if args.all_failed else args.id)
    print(f"{count} message(s) due again")
    return 0


def status(ctx, args) -> None:
    data = {"home": str(ctx.settings.home), "database": ctx.settings.database_url.split("?")[0],
            "schema_version": current_version(database.obj), "outbox": outbox.backlog(),
            "failed": len(outbox.failures()), "mail": inbound.counts(),
            "last_digest": digests.last_runs(),
            "slack_configured": bool(ctx.settings["slack_bot_token"]),
            "slack_spooled": slack_spool(ctx.settings).waiting(),
            "relay": ctx.settings["smtp_relay"] or None}
    if args.json:
        emit_json(data)
        return
    print(f"home {data['home']} · schema v{data['schema_version']} · {data['database']}")
    print(f"Slack {'configured' if data['slack_configured'] else 'not configured'} · "
          f"{data['slack_spooled']} Slack request(s) spooled for serve · "
          f"mail relay {data['relay'] or 'none (drop folder)'}")
    print("inbound mail: " + (", ".join(f"{n} {s}" for s, n in data["mail"].items()) or "none")
          + f" · failed deliveries: {data['failed']}")
    for brand, at in data["last_digest"].items():
        print(f"last digest for {brand}: {at[:16]}")
    listing(args, data["outbox"], ("kind", "n", "failed", "oldest"), "outbox empty")


def serve_cmd(ctx, args) -> None:
    from ..serve import run
    from ..wiring import open_core

    core = open_core(ctx.settings, pool_size=int(ctx.settings["db_pool_size"]))
    run(core, ctx.settings, getattr(args, "log_format", "text"), once=getattr(args, "once", False))


def demo_cmd(ctx, args) -> None:
    from ..demo import seed

    seed(ctx.core, ctx.settings)
    if args.serve:
        serve_cmd(ctx, args)


def tui_cmd(ctx, args) -> None:
    from tui.app import run_tui

    from ..serve import mail_processor

    run_tui(ctx.core, ctx.email, process_mail=mail_processor(ctx.core, ctx.settings).process)


def digest_cmd(ctx, args) -> int:
    import datetime as dt

    from ..deliver import EmailDeliverers
    from ..schedule import UTC, period_of, previous_fire, run_digest

    if not (args.now or args.dry_run):
        print("proofdesk: say --now to queue the digests or --dry-run to preview them")
        return 2
    now = dt.datetime.now(UTC)
    chosen = [b for b in brands.list_brands(ctx.actor()) if args.brand in (None, b.slug)]
    if args.brand and not chosen:
        brands.brand_by_slug(args.brand)  # names the unknown brand
    for brand in chosen:
        fire = previous_fire(brand.digest_cron, brand.timezone, now) or now
        if args.dry_run:
            mailer = EmailDeliverers(ctx.core, ctx.settings)
            for digest in digests.digests_for(brand.slug, period_of(fire)):
                msg = mailer.compose_digest(digest, "dry-run")
                print(f"To: {msg['To']}\nSubject: {msg['Subject']}\n")
                print(msg.get_body(("plain",)).get_content())
            continue
        queued = run_digest(brand, now, grace=now - fire + dt.timedelta(seconds=1))
        print(f"{brand.slug}: {len(queued)} digest(s) queued for period {period_of(fire)}")
    return 0
