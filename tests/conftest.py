"""Shared fixtures: a fresh Proofdesk home per test, on SQLite or PostgreSQL.

Set PROOFDESK_TEST_DATABASE_URL=postgresql://... to run the suite on PostgreSQL; every
test then gets its own schema, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

PG_URL = os.environ.get("PROOFDESK_TEST_DATABASE_URL", "")
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def _pg_schema_url() -> tuple[str, str]:
    import psycopg2

    schema = f"t_{uuid.uuid4().hex[:12]}"
    base = PG_URL.split("?")[0]
    with psycopg2.connect(base.replace("postgresql://", "postgres://", 1)) as conn:
        conn.cursor().execute(f"CREATE SCHEMA {schema}")
    return schema, f"{base}?options=-csearch_path%3D{schema}"


def _drop_schema(schema: str) -> None:
    import psycopg2

    from core.db import database

    if database.obj is not None:
        database.obj.close()
    conn = psycopg2.connect(PG_URL.split("?")[0])
    conn.autocommit = True
    conn.cursor().execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    conn.close()


@pytest.fixture
def env(tmp_path, monkeypatch) -> dict[str, str]:
    """Environment of a fresh home: PROOFDESK_HOME (and database URL) set for this test."""
    home = tmp_path / "home"
    monkeypatch.setenv("PROOFDESK_HOME", str(home))
    monkeypatch.delenv("PROOFDESK_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    schema = None
    if PG_URL:
        schema, url = _pg_schema_url()
        monkeypatch.setenv("PROOFDESK_DATABASE_URL", url)
    yield {k: v for k, v in os.environ.items()}
    if schema:
        _drop_schema(schema)


@pytest.fixture
def settings(env):
    from config.settings import load_settings

    return load_settings()


@pytest.fixture
def core(settings):
    from config.wiring import open_core

    core = open_core(settings)
    yield core
    from core.db import database

    database.obj.close()


@pytest.fixture
def cli(core, capsys):
    """Run `proofdesk ARGS...` in-process: returns (exit code, stdout, stderr)."""
    from config.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run
