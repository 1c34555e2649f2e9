"""Schema creation and versioned upgrades, run at every start.

A fresh database gets every table as the models stand and the latest version; an
older one runs each migration after its recorded version, in one transaction each.
"""

from __future__ import annotations

from collections.abc import Callable

import peewee as pw
from playhouse.migrate import PostgresqlMigrator, SchemaMigrator, SqliteMigrator, migrate

from .db import is_postgres, write_transaction
from .models import ALL_MODELS, SchemaVersion


def _add_user_digest_preference(migrator: SchemaMigrator) -> None:
    migrate(migrator.add_column("user", "notify_digest", pw.BooleanField(default=True)))


# Version N is reached by MIGRATIONS[N - 2]; version 1 is the first released schema.
MIGRATIONS: list[Callable[[SchemaMigrator], None]] = [_add_user_digest_preference]
LATEST = len(MIGRATIONS) + 1


def current_version(db: pw.Database) -> int | None:
    if not db.table_exists(SchemaVersion._meta.table_name):
        return None
    row = SchemaVersion.select(pw.fn.MAX(SchemaVersion.version)).scalar()
    return int(row) if row is not None else None


def ensure_schema(db: pw.Database) -> int:
    """Create or upgrade the schema in one transaction; return the version now in force."""
    with write_transaction():
        if is_postgres(db):  # one process upgrades, the others wait for it
            db.execute_sql("SELECT pg_advisory_xact_lock(7216001)")
        version = current_version(db)
        if version is None:
            db.create_tables(ALL_MODELS, safe=True)
            SchemaVersion.create(version=LATEST)
            return LATEST
        if version == LATEST:  # the common case: touch nothing (DDL would lock busy tables)
            return LATEST
        migrator = PostgresqlMigrator(db) if is_postgres(db) else SqliteMigrator(db)
        for number in range(version + 1, LATEST + 1):
            MIGRATIONS[number - 2](migrator)
            SchemaVersion.create(version=number)
        db.create_tables(ALL_MODELS, safe=True)  # tables and indexes added since are created
    return LATEST
