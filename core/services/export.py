"""Export a brand's library in the documented folder layout with a manifest.

`<brand>/<season>/<SKU>/master|channels/<channel>|archive/...` plus `manifest.csv`
(one row per file). Only what the actor may see is written; non-compliant renditions
are refused unless explicitly allowed.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from .. import audit
from ..actors import Actor
from ..context import Core
from ..db import write_transaction
from ..errors import InvalidInput
from ..models import (
    Asset,
    AssetVersion,
    Decision,
    Download,
    Product,
    Rendition,
    Season,
    User,
)
from ..naming import MASTER, format_name
from ..permissions import Cap
from .brands import brand_by_slug

MANIFEST_COLUMNS = ("path", "sku", "angle", "channel", "version", "status", "approved_by",
                    "approved_at", "sha256")
AIDS = ("preview", "thumbnail")


@dataclass
class ExportReport:
    destination: str
    files: int = 0
    bytes: int = 0
    refused: list[str] = field(default_factory=list)  # non-compliant renditions left out


@dataclass(frozen=True)
class _Item:
    path: str
    sha256: str
    row: dict
    version_id: int
    asset_id: int


def export_library(core: Core, actor: Actor, brand_slug: str, dest: Path, *,
                   season: str | None = None, channel: str | None = None,
                   include_archive: bool = False, allow_noncompliant: bool = False,
                   as_zip: bool = False,
                   progress: Callable[[int, int], None] | None = None) -> ExportReport:
    brand = brand_by_slug(brand_slug)
    actor.require(Cap.EXPORT, brand.id, brand_slug)
    if channel and channel not in core.vocab.channels:
        raise InvalidInput(f"unknown channel {channel!r} (known: {', '.join(core.vocab.channels)})")
    report = ExportReport(str(dest))
    items = list(_items(actor, brand, season, channel,
                        include_archive and actor.can(Cap.VIEW_DRAFTS, brand.id),
                        allow_noncompliant, report))
    writer = _ZipWriter(dest) if as_zip else _FolderWriter(dest)
    with writer:
        for done, item in enumerate(items, start=1):
            data = core.blobs.get(item.sha256)
            writer.write(item.path, data)
            report.files, report.bytes = report.files + 1, report.bytes + len(data)
            if progress:
                progress(done, len(items))
        writer.write("manifest.csv", _manifest(items))
    with write_transaction():
        rows = [{
            "user": actor.user_id, "actor": actor.label, "brand_id": brand.id,
            "asset_id": item.asset_id, "version_id": item.version_id,
            "channel": item.row["channel"], "via": "export"} for item in items]
        if rows:
            Download.insert_many(rows).execute()
        audit.record(actor.label, "library.exported", brand_id=brand.id,
                     subject=f"brand:{brand.slug}",
                     data={"files": report.files, "season": season, "channel": channel,
                           "refused": len(report.refused)})
    return report


def _items(actor: Actor, brand, season: str | None, channel: str | None, archive: bool,
           allow_noncompliant: bool, report: ExportReport) -> Iterator[_Item]:
    masters = actor.can(Cap.VIEW_MASTERS, brand.id)
    query = (AssetVersion.select(AssetVersion, Asset, Product, Season)
             .join(Asset).join(Product).join(Season, pw.JOIN.LEFT_OUTER)
             .where((Asset.brand == brand) & (Asset.state == "active")))
    if season:
        query = query.where(Season.name == season)
    current = (AssetVersion.status == "approved") & (AssetVersion.id == Asset.current_version_id)
    query = query.where(current | (AssetVersion.status == "superseded") if archive else current)
    for version in query.order_by(Product.sku, Asset.angle, AssetVersion.number):
        yield from _version_items(version, masters, channel, allow_noncompliant, report)


def _version_items(version: AssetVersion, masters: bool, channel: str | None,
                   allow_noncompliant: bool, report: ExportReport) -> Iterator[_Item]:
    asset, product = version.asset, version.asset.product
    season = product.season.name if product.season_id else "no-season"
    folder = f"{asset.brand.slug}/{season}/{product.sku}"
    archived = version.status == "superseded"
    base = _row(version)

    def name(channel_name: str, ext: str) -> str:
        return format_name(product.sku, asset.period, asset.angle, channel_name, ext,
                           version.number if archived else None)

    if masters and channel in (None, MASTER):
        where = "archive" if archived else "master"
        yield _Item(f"{folder}/{where}/{name(MASTER, version.master_ext)}", version.master_sha256,
                    {**base, "channel": MASTER, "sha256": version.master_sha256}, version.id,
                    asset.id)
    if archived:
        return
    for r in version.renditions.where(Rendition.channel.not_in(AIDS)).order_by(Rendition.channel):
        if channel and r.channel != channel:
            continue
        if r.verdict == "fail" and not allow_noncompliant:
            report.refused.append(r.file_name)
            continue
        yield _Item(f"{folder}/channels/{r.channel}/{r.file_name}", r.sha256,
                    {**base, "channel": r.channel, "sha256": r.sha256}, version.id, asset.id)


def _row(version: AssetVersion) -> dict:
    decision = (Decision.select(Decision, User).join(User)
                .where((Decision.version == version) & (Decision.verdict == "approved")).first())
    return {"sku": version.asset.product.sku, "angle": version.asset.angle,
            "version": version.number, "status": version.status,
            "approved_by": decision.user.email if decision else "",
            "approved_at": decision.at.isoformat() if decision else ""}


def _manifest(items: list[_Item]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in items:
        writer.writerow({**item.row, "path": item.path})
    return out.getvalue().encode()


def _inside(relative: str) -> str:
    """Refuse any path that could leave the export folder (defence in depth: names are
    validated where they are made)."""
    parts = relative.split("/")
    if relative.startswith("/") or "\\" in relative or any(p in ("", ".", "..") for p in parts):
        raise InvalidInput(f"refusing to export to unsafe path {relative!r}")
    return relative


class _FolderWriter:
    def __init__(self, dest: Path):
        self.dest = dest

    def __enter__(self):
        self.dest.mkdir(parents=True, exist_ok=True)
        return self

    def write(self, relative: str, data: bytes) -> None:
        target = self.dest / _inside(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def __exit__(self, *exc) -> None:
        return None


class _ZipWriter:
    def __init__(self, dest: Path):
        self.dest = dest if dest.suffix == ".zip" else dest.with_suffix(".zip")
        self.partial = self.dest.with_suffix(".zip.partial")

    def __enter__(self):
        self.dest.parent.mkdir(parents=True, exist_ok=True)
        self.zip = zipfile.ZipFile(self.partial, "w", zipfile.ZIP_STORED)
        return self

    def write(self, relative: str, data: bytes) -> None:
        self.zip.writestr(_inside(relative), data)

    def __exit__(self, exc_type, *exc) -> None:
        self.zip.close()
        if exc_type is None:
            self.partial.replace(self.dest)
        else:
            self.partial.unlink(missing_ok=True)
