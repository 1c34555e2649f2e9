"""Blobs in S3-compatible storage, against a local S3 server (moto in server mode)."""

from __future__ import annotations

import boto3
import pytest
from moto.server import ThreadedMotoServer

from config.settings import load_settings
from config.storage_s3 import S3BlobStore
from config.wiring import open_core
from core.actors import SYSTEM
from core.blobs import sha256_of
from core.models import AssetVersion
from core.services import storage
from tests.core.conftest import make_studio, studio  # noqa: F401 - fixture
from tests.fakes.mail_sink import free_port


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, monkeypatch, request):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    name = f"pd-{request.node.name.lower().replace('_', '-')[:40]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint)
    client.create_bucket(Bucket=name)
    return name, client


def test_blobs_round_trip_with_content_addressed_keys(bucket, s3_endpoint):
    name, client = bucket
    store = S3BlobStore(f"s3://{name}/studio", s3_endpoint)
    key = store.put(b"master bytes")
    assert key == sha256_of(b"master bytes") and store.put(b"master bytes") == key
    assert store.get(key) == b"master bytes" and store.exists(key)
    assert list(store.keys()) == [key]
    assert client.list_objects_v2(Bucket=name)["Contents"][0]["Key"] == \
        f"studio/{key[:2]}/{key[2:4]}/{key}"
    assert store.location(key).startswith(f"s3://{name}/studio/")


def test_ingest_stores_masters_and_renditions_in_s3(env, bucket, s3_endpoint, monkeypatch,
                                                     tmp_path):
    name, client = bucket
    monkeypatch.setenv("PROOFDESK_BLOB_URL", f"s3://{name}/lib")
    monkeypatch.setenv("PROOFDESK_S3_ENDPOINT_URL", s3_endpoint)
    core = open_core(load_settings())
    lab = make_studio(core, tmp_path)
    [outcome] = lab.ingest(lab.master("AC-100", "front"))
    assert outcome.ok
    master = AssetVersion.get().master_sha256
    assert core.blobs.get(master) == (lab.folder / "AC-100_2025-10_front_master.jpg").read_bytes()
    stored = {o["Key"].rsplit("/", 1)[-1] for o in client.list_objects_v2(Bucket=name)["Contents"]}
    assert master in stored and len(stored) >= 5


def test_a_failing_upload_leaves_no_row_pointing_at_a_missing_object(
        env, bucket, s3_endpoint, monkeypatch, tmp_path):
    name, _ = bucket
    monkeypatch.setenv("PROOFDESK_BLOB_URL", "s3://no-such-bucket/lib")
    monkeypatch.setenv("PROOFDESK_S3_ENDPOINT_URL", s3_endpoint)
    core = open_core(load_settings())
    lab = make_studio(core, tmp_path)
    [outcome] = lab.ingest(lab.master("AC-100", "front"))
    assert not outcome.ok and "cannot store" in outcome.error and "NoSuchBucket" in outcome.error
    assert AssetVersion.select().count() == 0


def test_storage_migrate_copies_verifies_and_resumes(studio, bucket, s3_endpoint):  # noqa: F811
    name, client = bucket
    studio.ingest(studio.master("AC-100", "front"))
    target = S3BlobStore(f"s3://{name}/moved", s3_endpoint)
    local_keys = set(studio.core.blobs.keys())
    half = sorted(local_keys)[: len(local_keys) // 2]
    for sha in half:  # an earlier run that was interrupted
        target.put(studio.core.blobs.get(sha))
    report = storage.migrate(SYSTEM, studio.core.blobs, target)
    assert (report.already_there, report.copied, report.bad) == (
        len(half), len(local_keys) - len(half), [])
    assert set(target.keys()) == local_keys
