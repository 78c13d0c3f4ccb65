"""Benchmark of the deadline scan: 1,000,000 deadline rows on SQLite and PostgreSQL.

Times ``store.deadlines.scan_open_deadlines`` (the one query of the daily check, rows turned
into Python objects) with the (status, due_on) index, then with the index dropped for
contrast, and prints the plans. Target: under 50 ms per scan with the index. Not a test.

    .venv/bin/python bench/deadlines.py [--rows 1000000] [--skip-postgres]

Data shape: 5,000 cases; due dates spread over 2021-2027; 98 % of rows done or cancelled,
2 % open (from a month back to a year ahead), one open limitation deadline per case.
PostgreSQL: a throw-away database on HANDOFF_TEST_PG_URL's server (dropped afterwards).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store.db import open_store
from store.deadlines import explain_scan, scan_open_deadlines

TODAY = date(2026, 1, 15)
UPCOMING_UNTIL = date(2026, 1, 22)  # 5 working days
LIMITATION_UNTIL = TODAY + timedelta(days=60)
CASES = 5_000
PG_ADMIN_URL = os.environ.get(
    "HANDOFF_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def rows(n: int, seed: int = 7) -> Iterator[tuple[object, ...]]:
    rng = random.Random(seed)
    start, span = date(2021, 1, 1), (date(2027, 12, 31) - date(2021, 1, 1)).days
    for i in range(n):
        case_id = rng.randrange(1, CASES + 1)
        key = f"call-served:{i}"
        if i < CASES:  # one case-level limitation deadline per case
            case_id, key = i + 1, "limitation"
            status, due = "open", TODAY + timedelta(days=rng.randrange(-30, 730))
        elif rng.random() < 0.02:
            status, due = "open", TODAY + timedelta(days=rng.randrange(-30, 365))
        else:
            status = "done" if rng.random() < 0.9 else "cancelled"
            due = start + timedelta(days=rng.randrange(span))
        yield (
            case_id,
            key,
            "czynność",
            "ours",
            due,
            "KPC art. 130 §1",
            "",
            "anna" if i % 2 else "ola",
            status,
        )


def seed(engine: sa.Engine, n: int) -> None:
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO creditor (name, street, postcode, city, is_business)"
                " VALUES ('Hurtownia', '', '', '', true)"
            )
        )
        conn.execute(
            sa.text(
                'INSERT INTO "user" (username, full_name, email, role, password_hash, active)'
                " VALUES"
                " ('anna', '', 'anna@k.test', 'paralegal', '', true),"
                " ('ola', '', 'ola@k.test', 'paralegal', '', true),"
                " ('piotr', '', 'piotr@k.test', 'partner', '', true)"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO debtor (kind, name, street, postcode, city, country)"
                " VALUES ('company', :n, '', '', '', 'PL')"
            ),
            [{"n": f"D{i}"} for i in range(CASES)],
        )
        conn.execute(
            sa.text(
                'INSERT INTO "case" (creditor_id, debtor_id, external_ref, stage, claim_basis,'
                " paralegal, partner, intake_hash, evidence_root, created_at, updated_at)"
                " VALUES (1, :i, :ref, 'in_court', 'business', 'anna', 'piotr', '', '',"
                " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ),
            [{"i": i, "ref": f"B/{i}"} for i in range(1, CASES + 1)],
        )
    cols = "case_id, rule_key, action, side, due_on, cites, reason, responsible, status"
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        if engine.dialect.name == "sqlite":
            sql = (
                f"INSERT INTO deadline ({cols}, updated_at) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)"
            )
            batch: list[tuple[object, ...]] = []
            for row in rows(n):
                batch.append((*row[:4], row[4].isoformat(), *row[5:]))  # type: ignore[union-attr]
                if len(batch) == 50_000:
                    cur.executemany(sql, batch)
                    batch.clear()
            cur.executemany(sql, batch)
            raw.commit()
            cur.execute("ANALYZE")
        else:
            with cur.copy(f"COPY deadline ({cols}, updated_at) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows(n):
                    copy.write_row((*row, "2026-01-15T00:00:00+00"))
            raw.commit()
            cur.execute("ANALYZE")
            raw.commit()
    finally:
        raw.close()


def time_scan(engine: sa.Engine, runs: int = 15) -> tuple[float, int]:
    times, found = [], 0
    with engine.connect() as conn:
        scan_open_deadlines(conn, upcoming_until=UPCOMING_UNTIL, limitation_until=LIMITATION_UNTIL)
        for _ in range(runs):
            t0 = time.perf_counter()
            found = len(
                scan_open_deadlines(
                    conn, upcoming_until=UPCOMING_UNTIL, limitation_until=LIMITATION_UNTIL
                )
            )
            times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, found


def bench(label: str, url: str, n: int) -> None:
    engine = open_store(url)
    try:
        t0 = time.perf_counter()
        seed(engine, n)
        print(f"\n== {label}: {n:,} deadline rows seeded in {time.perf_counter() - t0:.1f} s")
        ms, found = time_scan(engine)
        print(f"scan with ix_deadline_open_due: median {ms:.1f} ms, {found} rows")
        print(
            "plan:\n  "
            + explain_scan(
                engine, upcoming_until=UPCOMING_UNTIL, limitation_until=LIMITATION_UNTIL
            ).replace("\n", "\n  ")
        )
        with engine.begin() as conn:
            conn.execute(sa.text("DROP INDEX ix_deadline_open_due"))
            conn.execute(sa.text("ANALYZE"))
        ms_no, found_no = time_scan(engine, runs=5)
        print(
            f"scan WITHOUT the index:        median {ms_no:.1f} ms, {found_no} rows"
            f" ({ms_no / ms:.0f}x slower)"
        )
        print(
            "plan:\n  "
            + explain_scan(
                engine, upcoming_until=UPCOMING_UNTIL, limitation_until=LIMITATION_UNTIL
            ).replace("\n", "\n  ")
        )
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE INDEX ix_deadline_open_due ON deadline (status, due_on)"))
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench("SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}", args.rows)
    if args.skip_postgres:
        return
    name = f"handoff_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        bench("PostgreSQL", PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}", args.rows)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
