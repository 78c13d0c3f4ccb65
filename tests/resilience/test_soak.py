"""Soak: the same batch handed off twice. The second run creates no rows, no documents and
no warnings, and the process's memory stays flat. CI runs N = 100; bench/soak.py
runs the full 10,000.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from intake.synthetic import generate_cases
from store.db import open_store

N = 100
TODAY = date(2026, 11, 23)


def row_counts(url: str) -> dict[str, int]:
    """Rows per table of the case store."""
    engine = open_store(url)
    try:
        with engine.connect() as conn:
            tables = sa.inspect(conn).get_table_names()
            return {
                t: int(conn.execute(sa.text(f'SELECT COUNT(*) FROM "{t}"')).scalar_one())
                for t in tables
                if t != "alembic_version"
            }
    finally:
        engine.dispose()


def current_rss_mb() -> float:
    """Resident memory now (not the peak): /proc/self/statm pages."""
    import os

    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def document_files(home: Path) -> set[Path]:
    return {p for p in (home / "documents").rglob("*") if p.is_file()}


@pytest.fixture
def soak_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, str]]:
    home = tmp_path / "var"
    url = f"sqlite:///{home / 'handoff.db'}"
    monkeypatch.setenv("HANDOFF_HOME", str(home))
    monkeypatch.setenv("HANDOFF_DATABASE_URL", url)
    monkeypatch.setenv("HANDOFF_REGISTRIES", "offline")
    yield home, url


@pytest.mark.slow
def test_second_handoff_of_the_same_batch_changes_nothing(
    prefect_api: None,
    soak_home: tuple[Path, str],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from flows.handoff import handoff

    home, url = soak_home
    batch = generate_cases(N, tmp_path / "batch", seed=5, today=TODAY)

    first = handoff(source=str(batch), reference_date=TODAY)
    assert first["intake"]["created"] == N
    assert {r["outcome"] for r in first["cases"]} == {"drafted"}
    rows, files, rss_after_first = row_counts(url), document_files(home), current_rss_mb()
    assert rows["generateddocument"] >= 3 * N and len(files) == rows["generateddocument"]

    caplog.clear()
    with caplog.at_level(logging.WARNING):
        second = handoff(source=str(batch), reference_date=TODAY)
    rss_after_second = current_rss_mb()

    assert second["intake"]["unchanged"] == N
    assert second["intake"]["created"] == second["intake"]["updated"] == 0
    assert second["intake"]["rejected"] == 0
    # nothing left to draft: every case is reported as already drafted, none drafted again
    assert len(second["cases"]) == N
    assert {r["outcome"] for r in second["cases"]} == {"unchanged"}
    after = row_counts(url)
    # a re-import records its batch (one row, one audit entry); nothing about any case
    grown = {t: after[t] - rows[t] for t in rows if after[t] != rows[t]}
    assert set(grown) <= {"batch", "auditlog"}, grown
    assert grown.get("batch", 0) <= 1 and grown.get("auditlog", 0) <= 1, grown
    assert document_files(home) == files
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert not warnings, [r.getMessage() for r in warnings]
    assert rss_after_second - rss_after_first < 64, (rss_after_first, rss_after_second)
