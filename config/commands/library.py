"""ingest, assets, export."""

from __future__ import annotations

import os
from pathlib import Path

from core.services import export, ingest, insights, library
from core.services.library import AssetFilter

from ..output import emit_json, listing, table
from ..progress import Progress
from . import command, group

ASSET_COLUMNS = ("id", "brand", "sku", "angle", "period", "version", "status", "compliance",
                 "state", "waiting_since")


def register(commands) -> None:
    p = command(commands, "ingest", ingest_cmd, "ingest masters (files or folders) for an order")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--order", required=True, type=int)
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                   help="cores that render masters at once (default: all)")

    sub = group(commands, "assets", "browse the library")
    p = command(sub, "list", assets_list, "list assets you may see", listing=True)
    for flag in ("--brand", "--season", "--collection", "--sku", "--status", "--channel"):
        p.add_argument(flag)
    p.add_argument("--search", help="text in SKU, product name or comments")
    p.add_argument("--archived", action="store_true", help="list archived assets instead")
    p.add_argument("--noncompliant", action="store_true", help="only assets failing a hard rule")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--after", help="cursor printed at the end of the previous page")
    p = command(sub, "show", assets_show, "an asset's versions, renditions, comments, decisions",
                listing=True)
    p.add_argument("asset", type=int)
    p = command(sub, "pending", assets_pending, "versions waiting for your decision", listing=True)

    p = command(commands, "insights", insights_cmd, "usage figures from recorded events",
                listing=True)
    p.add_argument("--brand")
    p.add_argument("--season")

    p = command(commands, "export", export_cmd, "export a brand's approved library")
    p.add_argument("dest", type=Path)
    p.add_argument("--brand", required=True)
    p.add_argument("--season")
    p.add_argument("--channel")
    p.add_argument("--include-archive", action="store_true")
    p.add_argument("--allow-noncompliant", action="store_true")
    p.add_argument("--zip", action="store_true")


def ingest_cmd(ctx, args) -> int:
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"proofdesk: {path}: no such file or folder")
    bar = Progress("ingest")

    def report(done: int, total: int, outcome: ingest.IngestOutcome) -> None:
        if outcome.ok:
            line = f"ok    {outcome.file} -> asset {outcome.asset_id} v{outcome.version}"
            line += "".join(f"\n      warning: {w}" for w in outcome.warnings)
        else:
            line = f"FAIL  {outcome.error}"
        bar.update(done, total, line)

    present = [p for p in args.paths if p.exists()]
    outcomes = ingest.ingest_paths(ctx.core, ctx.actor(), args.order, present, report,
                                   workers=max(1, args.workers))
    bar.close()
    failed = len(missing) + sum(not o.ok for o in outcomes)
    print(f"{len(outcomes) - failed + len(missing)} ingested, {failed} failed")
    return 1 if failed else 0


def assets_list(ctx, args) -> None:
    flt = AssetFilter(brand=args.brand, season=args.season, collection=args.collection,
                      sku=args.sku, status=args.status, channel=args.channel,
                      state="archived" if args.archived else "active",
                      noncompliant=args.noncompliant, text=args.search)
    page = library.list_assets(ctx.actor(), flt, after=args.after, limit=args.limit)
    if args.json:
        emit_json({"rows": page.rows, "next_cursor": page.next_cursor})
        return
    listing(args, page.rows, ASSET_COLUMNS, "no assets match")
    if page.next_cursor:
        print(f"more: --after '{page.next_cursor}'")


def assets_pending(ctx, args) -> None:
    listing(args, library.pending_for(ctx.actor()),
            ("id", "brand", "sku", "angle", "version", "deadline", "waiting_since"),
            "nothing waits for your decision")


def assets_show(ctx, args) -> None:
    detail = library.show_asset(ctx.actor(), args.asset)
    if args.json:
        emit_json(detail)
        return
    a = detail.asset
    print(f"Asset {a.id} · {a.brand} · {a.sku} {a.product} · {a.angle} · {a.period} · "
          f"v{a.version} {a.status} · {a.state}")
    for v in detail.versions:
        decided = v.decision and (f" · {v.decision['verdict']} by {v.decision['by']} "
                                  f"at {v.decision['at'][:16]} via {v.decision['source']}")
        print(f"\nv{v.number} {v.status} · {v.original_name} · {v.width}x{v.height} · "
              f"uploaded by {v.uploaded_by or '-'} at {v.uploaded_at[:16]}{decided or ''}")
        table([{"channel": r.channel, "file": r.file_name, "size": f"{r.width}x{r.height}",
                "kB": r.size_bytes // 1000, "compliance": r.verdict,
                "failing": "; ".join(f"{c['rule']} {c['measured']} (limit {c['limit']})"
                                     for c in r.checks if not c["passed"])}
               for r in v.renditions], ("channel", "file", "size", "kB", "compliance", "failing"))
    print("\nComments:" if detail.comments else "\nNo comments.")
    for c in detail.comments:
        mark = "" if c.verified else " (unverified)"
        body = "[deleted]" if c.deleted else c.body + (" (edited)" if c.edited else "")
        print(f"  {c.created_at[:16]} v{c.version or '-'} {c.author}{mark} via {c.source}: {body}")


def export_cmd(ctx, args) -> int:
    bar = Progress("export")
    report = export.export_library(
        ctx.core, ctx.actor(), args.brand, args.dest, season=args.season, channel=args.channel,
        include_archive=args.include_archive, allow_noncompliant=args.allow_noncompliant,
        as_zip=args.zip, progress=lambda done, total: bar.update(done, total))
    bar.close()
    print(f"exported {report.files} files ({report.bytes / 1e6:.1f} MB) to {report.destination}")
    for name in report.refused:
        print(f"refused non-compliant {name} (use --allow-noncompliant to include it)")
    return 1 if report.refused else 0


def insights_cmd(ctx, args) -> None:
    found = insights.insights(ctx.actor(), args.brand, args.season)
    if args.json:
        emit_json(found)
        return
    print(f"Approved but never exported: {len(found.approved_never_exported)}")
    for row in found.approved_never_exported[:20]:
        print(f"  asset {row['asset']}: {row['sku']} {row['angle']}")
    print("\nAssets exported per channel:")
    table([{"channel": c, "assets": n} for c, n in found.exports_per_channel.items()],
          ("channel", "assets"), "  none yet")
    for title, figures in (("brand", found.hours_to_approval_by_brand),
                           ("reviewer", found.hours_to_approval_by_reviewer)):
        print(f"\nTime from upload to approval by {title}:")
        table([{title: k, **v} for k, v in figures.items()],
              (title, "median_hours", "approvals"), "  no approvals yet")
    rounds = found.revision_rounds
    print(f"\nRevision rounds: {rounds['mean']} versions per asset on average, "
          f"at most {rounds['max']}, over {rounds['assets']} assets")
    print("\nCompliance failures per channel:")
    table([{"channel": c, "failing renditions": n}
           for c, n in found.compliance_failures_per_channel.items()],
          ("channel", "failing renditions"), "  none")
