"""Backup and restore: every table as JSON lines plus every blob, with a manifest of hashes.

One format for SQLite and PostgreSQL (so a backup also moves a studio between them),
read inside one transaction so it is a consistent snapshot while Proofdesk runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from ..actors import Actor
from ..blobs import BlobStore, LocalBlobStore, sha256_of
from ..db import database, is_postgres, write_transaction
from ..errors import Conflict, InvalidInput
from ..models import ALL_MODELS, AuditEvent, Brand, SchemaVersion, utcnow
from ..permissions import Cap
from ..schema import LATEST

FORMAT = 1
Progress = Callable[[str, int, int], None]
TABLES = [m for m in ALL_MODELS if m is not SchemaVersion]


@dataclass(frozen=True)
class BackupReport:
    path: str
    rows: dict[str, int]
    blobs: int
    blob_bytes: int


def _encode(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _decode(model: type[pw.Model], row: dict) -> dict:
    fields = model._meta.fields
    out = {}
    for name, value in row.items():
        field = fields[name]
        if value is not None and isinstance(field, pw.DateTimeField):
            value = dt.datetime.fromisoformat(value)
        elif value is not None and isinstance(field, pw.DateField):
            value = dt.date.fromisoformat(value)
        out[name] = value
    return out


def _file_sha(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backup(actor: Actor, store: BlobStore, dest: Path,
           progress: Progress | None = None) -> BackupReport:
    actor.require(Cap.MANAGE_BRANDS, None)
    if dest.exists() and any(dest.iterdir()):
        raise InvalidInput(f"backup folder {dest} is not empty")
    (dest / "tables").mkdir(parents=True, exist_ok=True)
    rows, files = {}, {}
    with database.obj.atomic():
        if is_postgres():
            database.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for model in TABLES:
            name = model._meta.table_name
            path = dest / "tables" / f"{name}.jsonl"
            with path.open("w", encoding="utf-8") as out:
                count = 0
                for row in model.select().order_by(model._meta.primary_key).dicts().iterator():
                    out.write(json.dumps({k: _encode(v) for k, v in row.items()}) + "\n")
                    count += 1
            rows[name], files[name] = count, _file_sha(path)
            if progress:
                progress("tables", len(rows), len(TABLES))
    blobs, size = _copy_blobs(store, LocalBlobStore(dest / "blobs"), progress)
    manifest = {"format": FORMAT, "schema_version": LATEST, "created_at": utcnow().isoformat(),
                "rows": rows, "table_sha256": files, "blobs": blobs}
    (dest / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return BackupReport(str(dest), rows, len(blobs), size)


def _copy_blobs(source: BlobStore, target: BlobStore,
                progress: Progress | None) -> tuple[dict[str, int], int]:
    """Copy every blob, checking its hash on the way; returns {sha: size} and total bytes."""
    keys = list(source.keys())
    copied, total = {}, 0
    for done, sha in enumerate(keys, start=1):
        data = source.get(sha)
        if sha256_of(data) != sha:
            raise Conflict(f"blob {sha} is corrupt at {source.location(sha)}; run proofdesk fsck")
        target.put(data)
        copied[sha], total = len(data), total + len(data)
        if progress:
            progress("blobs", done, len(keys))
    return copied, total


def restore(actor: Actor, store: BlobStore, src: Path,
            progress: Progress | None = None) -> BackupReport:
    """Restore into an empty home (no brands, no audit events), verifying every hash."""
    actor.require(Cap.MANAGE_BRANDS, None)
    manifest = _manifest(src)
    if Brand.select().exists() or AuditEvent.select().exists():
        raise Conflict("restore needs an empty home: this database already has data")
    for name, sha in manifest["table_sha256"].items():
        if _file_sha(src / "tables" / f"{name}.jsonl") != sha:
            raise InvalidInput(f"backup table {name} does not match its manifest hash")
    source = LocalBlobStore(src / "blobs")
    blobs, size = _copy_blobs(source, store, progress)
    if set(blobs) != set(manifest["blobs"]):
        raise InvalidInput("the backup's blobs do not match its manifest")
    with write_transaction():
        for done, model in enumerate(TABLES, start=1):
            _load(model, src / "tables" / f"{model._meta.table_name}.jsonl")
            if progress:
                progress("tables", done, len(TABLES))
    if is_postgres():
        _reset_sequences()
    return BackupReport(str(src), manifest["rows"], len(blobs), size)


def _manifest(src: Path) -> dict:
    try:
        manifest = json.loads((src / "manifest.json").read_text())
    except (OSError, ValueError) as err:
        raise InvalidInput(f"{src} is not a Proofdesk backup: {err}") from None
    if manifest.get("format") != FORMAT or manifest.get("schema_version") != LATEST:
        raise InvalidInput(f"backup format {manifest.get('format')} / schema "
                           f"{manifest.get('schema_version')} is not what this Proofdesk "
                           f"restores (format {FORMAT}, schema {LATEST})")
    return manifest


def _load(model: type[pw.Model], path: Path, batch: int = 1000) -> None:
    rows: list[dict] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            rows.append(_decode(model, json.loads(line)))
            if len(rows) == batch:
                model.insert_many(rows).execute()
                rows = []
    if rows:
        model.insert_many(rows).execute()


def _reset_sequences() -> None:
    for model in TABLES:
        table = model._meta.table_name
        database.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM \"{table}\"), 0) + 1, false)")


