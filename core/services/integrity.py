"""`fsck`: check that every referenced blob exists and is intact, and what is orphaned.

Reports precisely; repairs only what is safe: orphan blobs (older than an hour, so an
ingest in flight is never touched) move to HOME/lost+found, stale temp files go.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from .. import audit
from ..actors import Actor
from ..blobs import BlobStore, sha256_of
from ..models import Asset, AssetVersion, CommentAttachment, InboundMail, Rendition
from ..permissions import Cap

SAFE_AGE_SECONDS = 3600


@dataclass
class FsckReport:
    blobs_checked: int = 0
    missing: list[str] = field(default_factory=list)  # "sha256 (what refers to it)"
    corrupt: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    broken_assets: list[str] = field(default_factory=list)
    audit_problem: str | None = None
    repaired: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.missing or self.corrupt or self.orphans or self.broken_assets
                    or self.audit_problem)


def _references() -> Iterator[tuple[str, str]]:
    """(sha256, who refers to it) for every blob the database names."""
    for v in AssetVersion.select(AssetVersion.id, AssetVersion.master_sha256).iterator():
        yield v.master_sha256, f"master of version {v.id}"
    for r in Rendition.select(Rendition.id, Rendition.sha256, Rendition.channel).iterator():
        yield r.sha256, f"{r.channel} rendition {r.id}"
    for a in CommentAttachment.select(CommentAttachment.id, CommentAttachment.sha256).iterator():
        yield a.sha256, f"comment attachment {a.id}"
    for m in InboundMail.select(InboundMail.id, InboundMail.raw_sha256).iterator():
        yield m.raw_sha256, f"inbound mail {m.id}"


def fsck(actor: Actor, store: BlobStore, *, repair: bool = False, lost_found: Path,
         progress: Callable[[int, int], None] | None = None) -> FsckReport:
    actor.require(Cap.MANAGE_BRANDS, None)
    report = FsckReport()
    referenced: dict[str, str] = {}
    for sha, who in _references():
        referenced.setdefault(sha, who)
    for done, (sha, who) in enumerate(referenced.items(), start=1):
        if not store.exists(sha):
            report.missing.append(f"{sha} ({who})")
        elif sha256_of(store.get(sha)) != sha:
            report.corrupt.append(f"{sha} ({who})")
        report.blobs_checked = done
        if progress:
            progress(done, len(referenced))
    _orphans(store, referenced, report, repair, lost_found)
    _assets(report)
    chain = audit.verify()
    if not chain.ok:
        report.audit_problem = f"audit chain broken at event {chain.first_broken_id}: " \
                               f"{chain.problem}"
    return report


def _orphans(store: BlobStore, referenced: dict[str, str], report: FsckReport,
             repair: bool, lost_found: Path) -> None:
    old = time.time() - SAFE_AGE_SECONDS
    for sha in store.keys():
        if sha in referenced or store.modified(sha) > old:
            continue
        report.orphans.append(sha)
        if repair:
            lost_found.mkdir(parents=True, exist_ok=True)
            (lost_found / sha).write_bytes(store.get(sha))
            store.delete(sha)
            report.repaired.append(f"moved orphan {sha} to {lost_found}")
    stale = getattr(store, "stale_temp_files", lambda older_than: [])(old)
    for tmp in stale if repair else []:
        tmp.unlink(missing_ok=True)
        report.repaired.append(f"removed unfinished write {tmp.name}")


def _assets(report: FsckReport) -> None:
    versions = AssetVersion.alias()
    rows = (Asset.select(Asset.id, Asset.current_version_id, versions.asset)
            .join(versions, pw.JOIN.LEFT_OUTER, on=(versions.id == Asset.current_version_id))
            .tuples().iterator())
    for asset_id, current, owner in rows:
        if current is None:
            report.broken_assets.append(f"asset {asset_id} has no current version")
        elif owner != asset_id:
            report.broken_assets.append(f"asset {asset_id}: current version {current} "
                                        f"belongs to {'nothing' if owner is None else owner}")
