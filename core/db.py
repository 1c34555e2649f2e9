"""Database connection from a URL, SQLite tuned for concurrent processes, write transactions."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import peewee
from playhouse.pool import PooledPostgresqlDatabase

database = peewee.DatabaseProxy()

SQLITE_PRAGMAS = (
    ("journal_mode", "wal"),
    ("busy_timeout", 30_000),
    ("foreign_keys", 1),
    ("synchronous", "normal"),
    ("cache_size", -64_000),
)


def open_database(url: str, pool_size: int = 0) -> peewee.Database:
    """Open `sqlite:///path` or `postgresql://user@host:port/db?options=...` and bind the models.

    With `pool_size`, PostgreSQL connections come from a bounded pool that recycles
    stale ones (for the long-running `serve`, whose worker threads each hold one).
    """
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)[1:]  # sqlite:///relative.db, sqlite:////absolute.db
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = peewee.SqliteDatabase(path, pragmas=SQLITE_PRAGMAS, timeout=30)
    elif parts.scheme in ("postgres", "postgresql"):
        params = dict(parse_qsl(parts.query))
        if pool_size:
            params.update(max_connections=pool_size, stale_timeout=300)
        kind = PooledPostgresqlDatabase if pool_size else peewee.PostgresqlDatabase
        db = kind(
            unquote(parts.path.lstrip("/")),
            user=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            host=parts.hostname,
            port=parts.port or 5432,
            **params,
        )
    else:
        raise ValueError(f"unsupported database URL {url!r}: use sqlite:///PATH or postgresql://...")
    database.initialize(db)
    return db


def is_postgres(db: peewee.Database | None = None) -> bool:  # pooled ones are subclasses
    return isinstance(db or database.obj, peewee.PostgresqlDatabase)


@contextlib.contextmanager
def write_transaction() -> Iterator[None]:
    """A write transaction that takes the write lock up front.

    On SQLite `BEGIN IMMEDIATE` makes a second writer wait (busy timeout) instead of
    failing later with "database is locked" when it upgrades a read lock.
    """
    db = database.obj
    if db.in_transaction():
        with db.atomic():
            yield
        return
    lock = ("IMMEDIATE",) if not is_postgres(db) else ()
    with db.atomic(*lock):
        yield


def locking(query: peewee.ModelSelect, clause: str = "FOR UPDATE") -> peewee.ModelSelect:
    """Row locks on PostgreSQL; SQLite needs none inside `BEGIN IMMEDIATE`."""
    return query.for_update(clause) if is_postgres() else query
