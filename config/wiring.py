"""The composition root: build the database, blob store and renderer for core services."""

from __future__ import annotations

from core.blobs import LocalBlobStore
from core.context import Core
from core.db import open_database
from core.naming import Vocabulary
from core.rendering import SpecRenderer
from core.schema import ensure_schema
from renderers import load_channel_specs

from .settings import Settings, secret_key


def open_core(settings: Settings) -> Core:
    """Create the home folder, database and secret key if missing; upgrade the schema."""
    home = settings.home
    home.mkdir(parents=True, exist_ok=True)
    secret_key(settings)
    db = open_database(settings.database_url)
    ensure_schema(db)
    specs = load_channel_specs(settings.channels_file)
    vocab = Vocabulary(tuple(settings["angles"]), tuple(specs))
    return Core(blobs=LocalBlobStore(home / "blobs"),
                renderer=SpecRenderer(specs, int(settings["max_pixels"])), vocab=vocab,
                near_duplicate_distance=int(settings["near_duplicate_distance"]),
                options={"home": str(home)})
