"""Shared fixtures: real SQLite and PostgreSQL stores, one Prefect API server per session.

- ``store_url`` is parametrised over SQLite and PostgreSQL: a test that takes it runs on both.
  The PostgreSQL variant creates a fresh database on 127.0.0.1:5432 and drops it afterwards;
  it is skipped with a visible reason when no server answers (CI starts one).
- ``prefect_api`` starts Prefect's temporary API server once for the whole session
  (prefect_test_harness); only tests that run flows ask for it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# CLI subprocesses that run flows use Prefect's temporary server, which ends with them, not
# a local server that would outlive the test by an hour (tests/flows/test_embedded.py and
# test_wait_review.py cover the local server explicitly).
os.environ.setdefault("HANDOFF_PREFECT_SERVER", "temporary")

PG_ADMIN_URL = os.environ.get(
    "HANDOFF_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"


def _pg_available() -> bool:
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def pg_available() -> bool:
    return _pg_available()


def _fresh_pg_database() -> Iterator[str]:
    import sqlalchemy as sa

    name = f"handoff_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture
def pg_url(pg_available: bool) -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL database (dropped after the test)."""
    if not pg_available:
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}")
    yield from _fresh_pg_database()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'handoff.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path, pg_available: bool) -> Iterator[str]:
    """A fresh store database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'handoff.db'}"
        return
    if not pg_available:
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}")
    yield from _fresh_pg_database()


@pytest.fixture
def engine(store_url: str) -> Iterator[object]:
    """An engine on a fresh, migrated store (SQLite and PostgreSQL)."""
    from store.db import open_store

    eng = open_store(store_url)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[None]:
    """One temporary Prefect API server for the whole test session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield
