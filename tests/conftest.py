"""Shared fixtures: real SQLite and PostgreSQL stores, one Prefect API server per session.

- ``store_url`` is parametrised over SQLite and PostgreSQL: a test that takes it runs on both.
  The PostgreSQL variant creates a fresh database on 127.0.0.1:5432 and drops it afterwards
  (the drop runs in the background: PostgreSQL 15 checkpoints on every DROP DATABASE); it is
  skipped with a visible reason when no server answers (CI starts one).
- ``store_templates`` keeps stores that are expensive to build (the migrated schema, the
  drafted sample firm) once per session and backend, and gives each test an exact copy.
- ``prefect_api`` starts Prefect's temporary API server once for the whole session
  (prefect_test_harness); only tests that run flows ask for it.
"""

from __future__ import annotations

import os
import queue
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
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


def _pg_url(name: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def _pg_admin(sql: str, **params: str) -> None:
    """One statement on the server's admin database, outside a transaction."""
    import sqlalchemy as sa

    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(sql), params)
    finally:
        admin.dispose()


def _pg_exists(name: str) -> bool:
    import sqlalchemy as sa

    admin = sa.create_engine(PG_ADMIN_URL, poolclass=sa.NullPool)
    try:
        with admin.connect() as conn:
            found = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).first()
    finally:
        admin.dispose()
    return found is not None


def _drop_pg_database(name: str) -> None:
    _pg_admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = :n AND pid <> pg_backend_pid()",
        n=name,
    )
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}"')


class _Worker:
    """One background thread running the jobs handed to it, in order; ``close()`` waits for
    them all. A job's failure is kept for the end of the session, never lost."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.failures: list[str] = []

    def submit(self, job: Callable[[], None]) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()
        self._jobs.put(job)

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                job()
            except Exception as exc:
                self.failures.append(f"{self.name}: {exc}")

    def close(self) -> None:
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join()
            self._thread = None


class _Dropper:
    """Drops databases on a background thread, all those waiting at once and in parallel:
    the checkpoints their DROP DATABASE statements force are then shared (one checkpoint for
    a batch), not waited for one after another. ``close()`` waits until all are gone."""

    def __init__(self) -> None:
        self._names: queue.Queue[str | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.failures: list[str] = []

    def submit(self, name: str) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="pg-drop", daemon=True)
            self._thread.start()
        self._names.put(name)

    def _run(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(8, thread_name_prefix="pg-drop") as pool:
            done = False
            while not done:
                batch = [self._names.get()]
                while not self._names.empty():
                    batch.append(self._names.get())
                done = None in batch
                names = [n for n in batch if n is not None]
                for name, error in zip(names, pool.map(self._drop, names), strict=True):
                    if error is not None:
                        self.failures.append(f"DROP DATABASE {name}: {error}")

    @staticmethod
    def _drop(name: str) -> Exception | None:
        try:
            _drop_pg_database(name)
        except Exception as exc:
            return exc
        return None

    def close(self) -> None:
        if self._thread is not None:
            self._names.put(None)
            self._thread.join()
            self._thread = None


class _PgDatabases:
    """The tests' PostgreSQL databases, made and dropped off the tests' path. PostgreSQL 15
    writes a whole copy of the template database into the WAL for each CREATE DATABASE and
    forces a checkpoint (and waits for it) on each DROP DATABASE: under load both take up to
    a second. So one thread keeps the next database of each template ready (made exactly as
    the test would make it: ``CREATE DATABASE ... TEMPLATE``; template1 for a fresh, empty
    one) and another drops finished ones."""

    def __init__(self) -> None:
        self._creates = _Worker("pg-create")
        self._drops = _Dropper()
        self._stock: dict[str, queue.Queue[str | Exception]] = {}
        self._ordered: dict[str, int] = {}  # asked of the create thread, not yet handed out
        self._templates: list[str] = []  # dropped last: the create thread copies them

    def _order(self, template: str) -> None:
        name = f"handoff_test_{uuid.uuid4().hex[:12]}"
        stock = self._stock.setdefault(template, queue.Queue())

        def create() -> None:
            try:
                _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            except Exception as exc:  # handed to the test that waits for it
                stock.put(exc)
                return
            stock.put(name)

        self._creates.submit(create)
        self._ordered[template] = self._ordered.get(template, 0) + 1

    def new(self, template: str = "template1") -> str:
        """The name of a new database copied from ``template``; the next one is ordered."""
        if not self._ordered.get(template):
            self._order(template)
        made = self._stock[template].get()
        self._ordered[template] -= 1
        self._order(template)
        if isinstance(made, Exception):
            raise made
        return made

    def drop(self, name: str) -> None:
        self._drops.submit(name)

    def drop_at_close(self, template: str) -> None:
        self._templates.append(template)

    def close(self) -> list[str]:
        """Wait for the threads, drop the databases left in stock; the failures."""
        self._creates.close()
        for stock in self._stock.values():
            while not stock.empty():
                left = stock.get()
                if isinstance(left, str):
                    self.drop(left)
        self._stock.clear()
        self._ordered.clear()
        for template in self._templates:
            self.drop(template)
        self._templates.clear()
        self._drops.close()
        return self._creates.failures + self._drops.failures


_PG = _PgDatabases()


@pytest.fixture(scope="session", autouse=True)
def _pg_databases_dropped() -> Iterator[None]:
    """At the end of the session every test database is dropped (and a failure is loud)."""
    yield
    failures = _PG.close()
    assert failures == [], failures


def _fresh_pg_database() -> Iterator[str]:
    name = _PG.new()
    try:
        yield _pg_url(name)
    finally:
        _PG.drop(name)


@pytest.fixture
def pg_url(pg_available: bool) -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL database (dropped after the test)."""
    if not pg_available:
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}")
    yield from _fresh_pg_database()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'handoff.db'}"


# Fixtures that make the test's PostgreSQL database themselves, as a copy of a template
# (StoreTemplates.restore): for a test that takes one, store_url only names the database (an
# empty one would be made and dropped for nothing). A fixture listed here that did not make
# it fails loudly (the database does not exist); one not listed that does is only slower.
MAKE_THEIR_OWN_PG_STORE = ("engine", "firm", "story", "review_env")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path, pg_available: bool) -> Iterator[str]:
    """A fresh store database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'handoff.db'}"
        return
    if not pg_available:
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}")
    if any(name in request.fixturenames for name in MAKE_THEIR_OWN_PG_STORE):
        name = f"handoff_test_{uuid.uuid4().hex[:12]}"
        try:
            yield _pg_url(name)
        finally:
            _PG.drop(name)
        return
    yield from _fresh_pg_database()


Build = Callable[[str, Path], None]


class StoreTemplates:
    """Stores built once per session (each xdist worker has its own) and copied per test.

    ``restore(name, store_url, build)`` makes the store at ``store_url`` (from the
    ``store_url`` fixture: a SQLite file not made yet, a PostgreSQL database only named, see
    MAKE_THEIR_OWN_PG_STORE) an exact copy of the template ``name`` of that backend. The
    template is made on first use by ``build(url, folder)`` on a store of its own: a SQLite
    file is copied byte for byte, a PostgreSQL database is created with ``CREATE DATABASE
    ... TEMPLATE`` (in the background, ahead of the test that takes it).

    ``folder`` is where the build writes its files (documents, case folders). The store
    keeps their absolute paths, so the folder is not the test's tmp_path but a fixed one per
    template and backend: every ``restore`` puts back the files there exactly as they were
    built (the previous test's changes are gone) and returns that folder. Tests of one
    worker run one at a time, so one folder per template is enough.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._stores: dict[str, str] = {}  # "name-backend" -> template store URL

    def restore(self, name: str, store_url: str, build: Build) -> Path:
        backend = "sqlite" if store_url.startswith("sqlite") else "postgres"
        key = f"{name}-{backend}"
        folder = self.root / key / "files"
        snapshot = self.root / key / "snapshot"
        if key not in self._stores:
            self._stores[key] = self._build(key, backend, folder, build)
            shutil.copytree(folder, snapshot, symlinks=True)
        else:
            shutil.rmtree(folder)
            shutil.copytree(snapshot, folder, symlinks=True)
        template = self._stores[key]
        if backend == "sqlite":
            target = Path(store_url.split("///", 1)[1])
            assert not target.exists(), f"{target}: the store must be fresh"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(template.split("///", 1)[1], target)
        else:
            # a copy made in the background takes the database's name (an instant rename);
            # store_url made no empty one for a fixture in MAKE_THEIR_OWN_PG_STORE, else
            # the empty one steps aside and is dropped in the background
            target = store_url.rsplit("/", 1)[1]
            copy = _PG.new(template.rsplit("/", 1)[1])
            if _pg_exists(target):
                aside = f"handoff_aside_{uuid.uuid4().hex[:12]}"
                _pg_admin(f'ALTER DATABASE "{target}" RENAME TO "{aside}"')
                _PG.drop(aside)
            _pg_admin(f'ALTER DATABASE "{copy}" RENAME TO "{target}"')
        return folder

    def _build(self, key: str, backend: str, folder: Path, build: Build) -> str:
        if folder.exists():  # left by a build that failed: start again from nothing
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        if backend == "sqlite":
            path = self.root / key / "template.db"
            for left in (
                path,
                path.with_name(path.name + "-wal"),
                path.with_name(path.name + "-shm"),
            ):
                left.unlink(missing_ok=True)  # left by a build that failed
            build(f"sqlite:///{path}", folder)
            # a copy must hold everything: fold the WAL into the file, then there is none
            with sqlite3.connect(path) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.close()
            wal = path.with_name(path.name + "-wal")
            assert not wal.exists() or wal.stat().st_size == 0, f"{wal} still holds pages"
            return f"sqlite:///{path}"
        name = f"handoff_tpl_{uuid.uuid4().hex[:12]}"
        _pg_admin(f'CREATE DATABASE "{name}"')
        _PG.drop_at_close(name)
        build(_pg_url(name), folder)
        # CREATE DATABASE ... TEMPLATE needs the template without connections
        _pg_admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = :n AND pid <> pg_backend_pid()",
            n=name,
        )
        return _pg_url(name)


@pytest.fixture(scope="session")
def store_templates(tmp_path_factory: pytest.TempPathFactory) -> StoreTemplates:
    return StoreTemplates(tmp_path_factory.mktemp("store-templates"))


def _migrated(url: str, _folder: Path) -> None:
    from store.db import open_store

    open_store(url).dispose()


def migrated_copy(templates: StoreTemplates, store_url: str) -> None:
    """Make the fresh store at ``store_url`` a copy of an empty store migrated to the newest
    revision once per session (tests/store/test_migrations.py migrates empty ones)."""
    templates.restore("migrated", store_url, _migrated)


@pytest.fixture
def engine(store_url: str, store_templates: StoreTemplates) -> Iterator[object]:
    """An engine on a fresh, migrated store (SQLite and PostgreSQL): ``migrated_copy``."""
    from store.db import open_store

    migrated_copy(store_templates, store_url)
    eng = open_store(store_url)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[None]:
    """One temporary Prefect API server for the whole test session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield
