"""fsck, backup, restore: keeping the library safe."""

from __future__ import annotations

from pathlib import Path

from core.services import backup, integrity, storage

from ..output import emit_json
from ..progress import Progress
from . import command, group


def register(commands) -> None:
    p = command(commands, "fsck", fsck_cmd, "check every blob and link; --repair moves orphans "
                "to lost+found", listing=True)
    p.add_argument("--repair", action="store_true")
    sub = group(commands, "storage", "where blobs live")
    p = command(sub, "migrate", storage_migrate, "copy every blob to another store and verify "
                "it (resumable)")
    p.add_argument("--to", required=True, metavar="URL", help="s3://bucket/prefix or a folder")
    p = command(commands, "backup", backup_cmd, "back up the database and every blob to a folder")
    p.add_argument("dest", type=Path)


def storage_migrate(ctx, args) -> int:
    from ..wiring import blob_store

    bar = Progress("migrate")
    target = blob_store(ctx.settings, args.to)
    report = storage.migrate(ctx.actor(), ctx.core.blobs, target, bar.update)
    bar.close()
    print(f"{report.copied} blobs copied, {report.already_there} already there, "
          f"{len(report.bad)} failed verification")
    for sha in report.bad:
        print(f"hash mismatch after copy: {sha}")
    if report.bad:
        return 1
    print(f"All blobs verified. Now set PROOFDESK_BLOB_URL={args.to} (or blob_url in "
          "proofdesk.toml) and restart Proofdesk.")
    return 0


def _bar(label: str):
    bar = Progress(label)
    return bar, lambda stage, done, total: bar.update(done, total) if stage == "blobs" else None


def fsck_cmd(ctx, args) -> int:
    bar = Progress("fsck")
    report = integrity.fsck(ctx.actor(), ctx.core.blobs, repair=args.repair,
                            lost_found=ctx.settings.home / "lost+found", progress=bar.update)
    bar.close()
    if args.json:
        emit_json(report)
        return 0 if report.clean else 1
    print(f"{report.blobs_checked} referenced blobs checked")
    for title, items in (("missing", report.missing), ("corrupt", report.corrupt),
                         ("orphan", report.orphans), ("broken asset", report.broken_assets),
                         ("repaired", report.repaired)):
        for item in items:
            print(f"{title}: {item}")
    if report.audit_problem:
        print(report.audit_problem)
    print("clean" if report.clean else "problems found (see above)")
    return 0 if report.clean else 1


def backup_cmd(ctx, args) -> None:
    bar, progress = _bar("backup")
    report = backup.backup(ctx.actor(), ctx.core.blobs, args.dest, progress)
    bar.close()
    print(f"backed up {sum(report.rows.values())} rows and {report.blobs} blobs "
          f"({report.blob_bytes / 1e6:.1f} MB) to {report.path}")


def restore_backup(ctx, src: Path) -> None:
    bar, progress = _bar("restore")
    report = backup.restore(ctx.actor(), ctx.core.blobs, src, progress)
    bar.close()
    print(f"restored {sum(report.rows.values())} rows and {report.blobs} blobs from {report.path}")
