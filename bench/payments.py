"""Benchmark of a bank-statement import: 10,000 transactions matched against 100,000 cases.

Seeds a throw-away SQLite store (or PostgreSQL with ``--postgres``) with 100,000 open cases
(20 creditors; debtors with names and NRB account numbers as ``intake.synthetic`` makes
them; one or two invoices per case; stages spread over intake, ready for review, approved
and filed), writes a realistic MT940 statement of 10,000 entries (Polish ``:86:`` subfields)
and times ``handoff payments import`` in a fresh process: parsing, matching and recording
every matched payment with its allocation, findings, stage moves and the limitation watch.
The store is seeded as a working one is: every pre-filing case has its limitation watch
(one row per invoice, as a draft leaves it) and the deadlines that follow from it (the
whole-store ``sync_limitation_deadlines``, timed), and on PostgreSQL the planner statistics
are gathered after seeding (``ANALYZE``, what autovacuum does within a minute of a bulk
load); ``--no-analyze`` leaves them out: the plans of a store imported a moment before.
Prints the wall time, CPU, the peak memory of the largest process (max RSS) and of the whole
process tree (the import forks letter processes, ``cli.payment_letters``: summed PSS, each
shared page counted once, and summed RSS, an upper bound), and when the .docx the command
writes after committing the payments (court letters of the cases in court, 50 cases a
transaction) were written: the first one marks the end of the import transaction. Target:
under 30 s and 1 GB on the 2 shared cores. Not a test.

    .venv/bin/python bench/payments.py [--cases 100000] [--transactions 10000] [--postgres]
        [--no-analyze]

Statement mix: 40 % the case reference in the title, 20 % an invoice number, 15 % the exact
invoice amount from the debtor's account, 5 % debits, 20 % noise (no reference, an amount no
case has) - which must end on the unmatched list.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import Session

from intake.synthetic import nrb_number
from law.stages import PRE_FILING
from store.db import open_store
from store.deadlines import sync_limitation_deadlines

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2026, 12, 1)
PG_ADMIN_URL = os.environ.get(
    "HANDOFF_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
STAGES = ("intake", "ready_for_review", "approved", "filed", "filed", "order_issued")


def seed(
    engine: sa.Engine, cases: int, rng: random.Random, *, statistics: bool = True
) -> list[dict[str, object]]:
    """Insert the cases, then their limitation deadlines (the whole-store sync); return
    per case what the statement generator needs. ``statistics``: ANALYZE PostgreSQL after
    each step (False: the planner sees a store loaded in bulk a moment before)."""
    now = datetime.now(UTC)
    md = sa.MetaData()
    md.reflect(engine, only=["creditor", "debtor", "case", "invoice", "limitationwatch"])
    t_cred, t_debt, t_case, t_inv, t_watch = (
        md.tables[n] for n in ("creditor", "debtor", "case", "invoice", "limitationwatch")
    )
    pre_filing = {s.value for s in PRE_FILING}
    out: list[dict[str, object]] = []
    with engine.begin() as conn:
        conn.execute(
            sa.insert(t_cred),
            [
                {
                    "id": i,
                    "name": f"Wierzyciel {i} sp. z o.o.",
                    "nip": f"{5260000000 + i}",
                    "street": "",
                    "postcode": "",
                    "city": "Warszawa",
                    "is_business": True,
                    "created_at": now,
                    "cases_seen": 0,
                    "cases_imported": 0,
                    "cases_rejected": 0,
                }
                for i in range(1, 21)
            ],
        )
        debtors, rows, invoices, watch = [], [], [], []
        for i in range(1, cases + 1):
            account = nrb_number(rng)
            debtors.append(
                {
                    "id": i,
                    "kind": "company",
                    "name": f"Dłużnik {i} sp. z o.o.",
                    "street": "ul. Polna 1",
                    "postcode": "00-001",
                    "city": "Warszawa",
                    "country": "PL",
                    "gmina": "",
                    "powiat": "",
                    "voivodeship": "",
                    "district": "",
                    "bank_account": account,
                }
            )
            ref = f"KH/{2024 + i % 3}/{i:06d}"
            rows.append(
                {
                    "id": i,
                    "creditor_id": 1 + i % 20,
                    "debtor_id": i,
                    "external_ref": ref,
                    "stage": STAGES[i % len(STAGES)],
                    "claim_basis": "sale",
                    "intake_hash": "",
                    "evidence_root": "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
            numbers = []
            for k in range(1 + (i % 2)):
                due = TODAY - timedelta(days=rng.randrange(60, 700))
                amount = Decimal(rng.randrange(50_000, 5_000_000)) / 100
                number = f"FV/{due.year}/{due.month:02d}/{i:06d}-{k}"
                numbers.append((number, amount))
                invoices.append(
                    {
                        "case_id": i,
                        "number": number,
                        "issue_date": due - timedelta(days=14),
                        "due_date": due,
                        "amount": str(amount) if engine.dialect.name == "sqlite" else amount,
                        "currency": "PLN",
                        "accepted_by_debtor": False,
                    }
                )
                if rows[-1]["stage"] in pre_filing:  # roughly art. 118 KC: end of a year
                    watch.append(
                        {
                            "case_id": i,
                            "invoice_number": number,
                            "expires_on": date(due.year + 2, 12, 31),
                            "reason": "",
                        }
                    )
            out.append({"ref": ref, "account": account, "invoices": numbers})
        for table, data in (
            (t_debt, debtors),
            (t_case, rows),
            (t_inv, invoices),
            (t_watch, watch),
        ):
            for start in range(0, len(data), 5000):
                conn.execute(sa.insert(table), data[start : start + 5000])
    if statistics:
        analyze(engine)
    started = time.perf_counter()
    with Session(engine) as session:
        planned = sync_limitation_deadlines(session)
        session.commit()
    print(
        f"seed: {planned:,} limitation deadlines planned in {time.perf_counter() - started:.1f} s"
        + ("" if statistics or engine.dialect.name != "postgresql" else " (no ANALYZE)")
    )
    if statistics:
        analyze(engine)
    return out


def analyze(engine: sa.Engine) -> None:
    """PostgreSQL's planner statistics, as autovacuum gathers them after a bulk load."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("ANALYZE"))


def statement(cases: list[dict[str, object]], n: int, rng: random.Random) -> str:
    """An MT940 statement of ``n`` entries (see the module docstring for the mix)."""
    lines = [
        ":20:BENCH20261130",
        ":25:PL61109010140000071219812874",
        ":28C:00999/001",
        ":60F:C261101PLN0,00",
    ]
    picked = rng.sample(range(len(cases)), k=min(n, len(cases)))
    for e in range(n):
        case = cases[picked[e % len(picked)]]
        roll = rng.random()
        number, amount = rng.choice(case["invoices"])  # type: ignore[arg-type]
        day = TODAY - timedelta(days=rng.randrange(1, 28))
        stamp = day.strftime("%y%m%d")
        mark = "C"
        if roll < 0.40:
            title, value = f"Zaplata {case['ref']} ", Decimal(rng.randrange(1000, 50000)) / 100
        elif roll < 0.60:
            title, value = f"za fakture {number} ", Decimal(rng.randrange(1000, 50000)) / 100
        elif roll < 0.75:
            title, value = "przelew ", amount
        elif roll < 0.80:
            title, value, mark = "oplata bankowa ", Decimal("4.50"), "D"
        else:
            title, value = "zwrot nadplaty ", Decimal(rng.randrange(1, 99)) / 100
        account = case["account"] if roll < 0.80 else nrb_number(rng)
        lines.append(
            f":61:{stamp}{stamp[2:]}{mark}N{str(value).replace('.', ',')}NTRFNONREF//B{e:08d}"
        )
        lines.append(f":86:020~00PRZELEW~20{title}~27KONTRAHENT {e}~38PL{account}")
    lines += [":62F:C261130PLN0,00", "-"]
    return "\n".join(lines) + "\n"


def run_import(url: str, file: Path) -> tuple[float, int, dict[str, object]]:
    """``handoff payments import`` in a fresh process: wall seconds, peak RSS (kB), its JSON."""
    env = os.environ | {
        "HANDOFF_DATABASE_URL": url,
        "HANDOFF_HOME": str(file.parent / "home"),
        "PYTHONWARNINGS": "ignore",
    }
    global _cpu_before
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    _cpu_before = usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    _STARTED.append(time.time())
    with subprocess.Popen(
        [str(Path(sys.executable).with_name("handoff")), "payments", "import", str(file), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as proc:
        sampler = _TreeMemory(proc.pid)
        sampler.start()
        stdout, stderr = proc.communicate()
        sampler.stop()
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"import failed ({proc.returncode}): {stderr}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - _cpu_before
    _CPU.append(cpu)
    _TREE.append(sampler)
    return elapsed, usage.ru_maxrss, json.loads(stdout)


class _TreeMemory(threading.Thread):
    """Samples, every 50 ms, the memory of a process and all its descendants (the letter
    processes it forks): the peak of their summed PSS (each shared page counted once,
    split among the processes sharing it: what the tree really uses) and of their summed
    RSS (shared pages counted in every process: an upper bound), and the most processes."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_pss_kb = 0
        self.peak_rss_kb = 0
        self.most_processes = 0
        self._stop_event = threading.Event()

    def stop(self) -> None:
        self._stop_event.set()
        self.join()

    def run(self) -> None:
        while not self._stop_event.wait(0.05):
            pids = _tree(self.pid)
            pss = rss = 0
            for pid in pids:
                kb = _rollup(pid)
                pss += kb.get("Pss", 0)
                rss += kb.get("Rss", 0)
            self.peak_pss_kb = max(self.peak_pss_kb, pss)
            self.peak_rss_kb = max(self.peak_rss_kb, rss)
            self.most_processes = max(self.most_processes, len(pids))


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return out


def _rollup(pid: int) -> dict[str, int]:
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return {}
    out = {}
    for line in lines[1:]:
        name, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            out[name] = int(parts[0])
    return out


_TREE: list[_TreeMemory] = []


_CPU: list[float] = []
_STARTED: list[float] = []


def letters_written(home: Path, since: float) -> str:
    """When the court letters' .docx were written, in seconds after the import started
    (they are written after the payments are committed, one transaction per case)."""
    stamps = [p.stat().st_mtime - since for p in home.rglob("*.docx") if p.stat().st_mtime >= since]
    if not stamps:
        return "no court letter written"
    return (
        f"{len(stamps):,} .docx written (court letters, final statements) from "
        f"+{min(stamps):.1f} s to +{max(stamps):.1f} s"
    )


_cpu_before = 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--transactions", type=int, default=10_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument(
        "--no-analyze",
        action="store_true",
        help="PostgreSQL: no planner statistics (a store imported in bulk a moment before)",
    )
    args = parser.parse_args()
    rng = random.Random(18)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.postgres:
            name = f"handoff_bench_{uuid.uuid4().hex[:8]}"
            admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
            url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
        else:
            url = f"sqlite:///{folder / 'bench.db'}"
        try:
            engine = open_store(url)
            t0 = time.perf_counter()
            cases = seed(engine, args.cases, rng, statistics=not args.no_analyze)
            engine.dispose()
            file = folder / "wyciag.sta"
            file.write_text(statement(cases, args.transactions, rng), encoding="utf-8")
            print(
                f"seeded {args.cases:,} cases and a {args.transactions:,}-entry MT940 "
                f"({file.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s"
            )
            elapsed, peak_kb, report = run_import(url, file)
            print(
                f"{engine.dialect.name}: import {elapsed:.1f} s wall ({_CPU[-1]:.1f} s CPU), peak "
                f"RSS {peak_kb / 1024:.0f} MB (the largest process); the whole process tree "
                f"({_TREE[-1].most_processes} processes at most) peaked at "
                f"{_TREE[-1].peak_pss_kb / 1024:.0f} MB PSS, {_TREE[-1].peak_rss_kb / 1024:.0f} "
                "MB RSS summed; "
                f"credits {report['credits']}, recorded {len(report['recorded'])}, unmatched "
                f"{len(report['unmatched'])}, debits {report['debits_skipped']}; "
                f"{letters_written(folder / 'home', _STARTED[-1])}"
                + (
                    f", {len(report['court_letters_failed'])} court letters not written"
                    if report.get("court_letters_failed")
                    else ""
                )
            )
            elapsed2, _, again = run_import(url, file)
            print(
                f"same statement again: {elapsed2:.1f} s wall ({_CPU[-1]:.1f} s CPU), recorded "
                f"{len(again['recorded'])}, "
                f"already imported {again['already_imported']}"
            )
        finally:
            if args.postgres:
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


if __name__ == "__main__":
    main()
