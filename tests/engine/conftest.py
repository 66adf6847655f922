"""The store's backends as fixtures: every store test runs on SQLite and on PostgreSQL.

PostgreSQL needs `DATABASE_URL_TEST` (`.ci/run` starts a server and sets it). Without it the
PostgreSQL cases are skipped on a developer's machine, and fail in CI (`CI=true`): a CI run
that silently skipped them would claim a coverage it doesn't have.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.engine.store import Store, open_store

BACKENDS = ["sqlite", "postgresql"]


def postgres_url() -> str:
    """DATABASE_URL_TEST, or skip (fail in CI)."""
    url = os.environ.get("DATABASE_URL_TEST")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but DATABASE_URL_TEST is not set: .ci/run must start PostgreSQL for the store tests")
        pytest.skip("DATABASE_URL_TEST is not set (the PostgreSQL store tests run in CI)")
    return url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None for SQLite (in DATA_DIR); for PostgreSQL, a fresh schema of its own per test."""
    if request.param == "sqlite":
        yield None
        return
    url = postgres_url()
    import psycopg
    from psycopg.conninfo import make_conninfo

    schema = f"factdesk_test_{secrets.token_hex(6)}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield make_conninfo(url, options=f"-c search_path={schema}")
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path, database_url: str | None) -> Iterator[Store]:
    opened = open_store(data_dir, database_url)
    try:
        yield opened
    finally:
        opened.close()
