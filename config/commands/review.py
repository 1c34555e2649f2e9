"""comment, approve, request-changes, archive, restore."""

from __future__ import annotations

from pathlib import Path

from core.services import review

from . import command
from .care import restore_backup


def register(commands) -> None:
    p = command(commands, "comment", comment, "comment on an asset's current version")
    p.add_argument("asset", type=int)
    p.add_argument("text")
    p = command(commands, "approve", approve, "approve exactly one version of an asset")
    p.add_argument("asset", type=int)
    p.add_argument("--version", required=True, type=int)
    p = command(commands, "request-changes", request_changes, "request changes on a version")
    p.add_argument("asset", type=int)
    p.add_argument("--version", required=True, type=int)
    p.add_argument("--reason", required=True)
    p = command(commands, "archive", archive, "archive an asset")
    p.add_argument("asset", type=int)
    p = command(commands, "restore", restore, "restore an archived asset (restore ASSET_ID), "
                "or a backup into an empty home (restore BACKUP_FOLDER)")
    p.add_argument("target", metavar="ASSET_ID|BACKUP_FOLDER")


def comment(ctx, args) -> None:
    result = review.add_comment(ctx.actor(), args.asset, args.text, "cli")
    print(f"comment {result.id} added to asset {result.asset_id} v{result.version}")


def _decide(ctx, args, verdict: str, reason: str = "") -> None:
    result = review.decide(ctx.actor(), args.asset, args.version, verdict, "cli", reason)
    print(f"asset {result.asset_id} v{result.version}: {result.verdict.replace('_', ' ')} "
          f"by {result.by}")


def approve(ctx, args) -> None:
    _decide(ctx, args, "approved")


def request_changes(ctx, args) -> None:
    _decide(ctx, args, "changes_requested", args.reason)


def archive(ctx, args) -> None:
    review.set_state(ctx.actor(), args.asset, "archived")
    print(f"asset {args.asset} archived")


def restore(ctx, args) -> None:
    if not args.target.isdigit():
        restore_backup(ctx, Path(args.target))
        return
    review.set_state(ctx.actor(), int(args.target), "active")
    print(f"asset {args.target} restored")
