"""The composition root: build the database, blob store and renderer for core services."""

from __future__ import annotations

from pathlib import Path

from core.blobs import BlobStore, LocalBlobStore
from core.context import Core
from core.db import open_database
from core.naming import Vocabulary
from core.rendering import SpecRenderer
from core.schema import ensure_schema
from renderers import load_channel_specs

from .settings import Settings, secret_key


def blob_store(settings: Settings, url: str) -> BlobStore:
    """The local folder (empty URL or a path) or S3 (`s3://bucket/prefix`)."""
    if url.startswith("s3://"):
        from .storage_s3 import S3BlobStore

        return S3BlobStore(url, settings["s3_endpoint_url"])
    return LocalBlobStore(Path(url) if url else settings.home / "blobs")


def open_core(settings: Settings, pool_size: int = 0) -> Core:
    """Create the home folder, database and secret key if missing; upgrade the schema."""
    home = settings.home
    home.mkdir(parents=True, exist_ok=True)
    secret_key(settings)
    db = open_database(settings.database_url, pool_size)
    ensure_schema(db)
    specs = load_channel_specs(settings.channels_file)
    vocab = Vocabulary(tuple(settings["angles"]), tuple(specs))
    return Core(blobs=blob_store(settings, settings["blob_url"]),
                renderer=SpecRenderer(specs, int(settings["max_pixels"])), vocab=vocab,
                near_duplicate_distance=int(settings["near_duplicate_distance"]),
                options={"home": str(home)})
