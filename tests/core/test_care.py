"""Backup and restore round trip, and fsck finding what is missing, corrupt or orphaned."""

from __future__ import annotations

import os
import time

import pytest

from config.settings import load_settings
from config.wiring import open_core
from core.actors import SYSTEM
from core.errors import Conflict
from core.models import ALL_MODELS, AssetVersion, SchemaVersion
from core.services import backup, integrity, review
from tests import conftest


def _snapshot(store) -> tuple[dict, dict]:
    tables = {m._meta.table_name: list(m.select().order_by(m._meta.primary_key).dicts())
              for m in ALL_MODELS if m is not SchemaVersion}
    blobs = {sha: store.get(sha) for sha in store.keys()}
    return tables, blobs


@pytest.fixture
def populated(studio):
    outcomes = studio.ingest(studio.master("AC-100", "front", 1),
                             studio.master("AC-100", "back", 2))
    review.decide(studio.actors["reviewer"], outcomes[0].asset_id, 1, "approved", "cli")
    review.add_comment(studio.actors["reviewer"], outcomes[1].asset_id, "Crop tighter", "email",
                       external_id="<m@x>")
    return studio


def test_backup_then_restore_into_an_empty_home_keeps_every_row_and_blob(
        populated, tmp_path, monkeypatch):
    before = _snapshot(populated.core.blobs)
    report = backup.backup(SYSTEM, populated.core.blobs, tmp_path / "bk")
    assert report.rows["asset_version"] == 2 and report.blobs == len(before[1])

    schema = None
    monkeypatch.setenv("PROOFDESK_HOME", str(tmp_path / "second"))
    if conftest.PG_URL:
        schema, url = conftest._pg_schema_url()
        monkeypatch.setenv("PROOFDESK_DATABASE_URL", url)
    try:
        fresh = open_core(load_settings())
        backup.restore(SYSTEM, fresh.blobs, tmp_path / "bk")
        assert _snapshot(fresh.blobs) == before
        with pytest.raises(Conflict, match="empty home"):
            backup.restore(SYSTEM, fresh.blobs, tmp_path / "bk")
        assert integrity.fsck(SYSTEM, fresh.blobs, lost_found=tmp_path / "lf").clean
    finally:
        if schema:
            conftest._drop_schema(schema)


def test_fsck_is_clean_on_a_healthy_library(populated, tmp_path):
    report = integrity.fsck(SYSTEM, populated.core.blobs, lost_found=tmp_path / "lf")
    assert report.clean and report.blobs_checked > 4


def test_fsck_names_missing_and_corrupt_blobs(populated, tmp_path):
    store = populated.core.blobs
    first, second = [v.master_sha256 for v in AssetVersion.select().order_by(AssetVersion.id)]
    store.path(first).unlink()
    store.path(second).write_bytes(b"bit rot")
    report = integrity.fsck(SYSTEM, store, lost_found=tmp_path / "lf")
    assert report.missing == [f"{first} (master of version 1)"]
    assert report.corrupt == [f"{second} (master of version 2)"]
    assert not report.clean


def test_fsck_repair_moves_old_orphans_to_lost_and_found_but_not_fresh_ones(populated, tmp_path):
    store = populated.core.blobs
    old, fresh = store.put(b"left by a crashed ingest"), store.put(b"an ingest in flight")
    a_day_ago = time.time() - 86400
    os.utime(store.path(old), (a_day_ago, a_day_ago))
    report = integrity.fsck(SYSTEM, store, repair=True, lost_found=tmp_path / "lf")
    assert report.orphans == [old]
    assert (tmp_path / "lf" / old).exists() and not store.exists(old) and store.exists(fresh)
    assert integrity.fsck(SYSTEM, store, lost_found=tmp_path / "lf").clean


def test_fsck_reports_a_broken_audit_chain(populated, tmp_path):
    from core.models import AuditEvent

    AuditEvent.update(action="tampered").where(AuditEvent.id == 2).execute()
    report = integrity.fsck(SYSTEM, populated.core.blobs, lost_found=tmp_path / "lf")
    assert report.audit_problem == "audit chain broken at event 2: content does not match its hash"
