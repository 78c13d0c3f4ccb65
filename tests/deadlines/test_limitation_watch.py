"""The limitation watch follows every live invoice (polish_law.md 0b K4), on SQLite and
PostgreSQL: one deadline per watched invoice, moved, cancelled when the invoice is no longer
live or the case is filed, and each warning level sent once per invoice deadline.

Before the per-invoice watch only ``Case.earliest_limitation`` was watched: with two live
invoices, the later one had no deadline at all (TT/WIND/2025/0087-like cases).
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import select

from integrations.smtp_sink import SmtpSink
from store.db import session_scope
from store.deadlines import (
    LIMITATION_RULE,
    mark_done,
    replace_limitation_watch,
    scan_open_deadlines,
    sync_limitation_deadlines,
)
from store.tables import Case, Deadline

from .conftest import add_case
from .test_check import check

A, B = "FV/2024/10/015", "FV/2025/01/003"


def limitation_rows(engine: sa.Engine) -> list[tuple[int, str, date, str]]:
    with session_scope(engine) as s:
        q = select(Deadline).where(Deadline.event_id.is_(None))  # type: ignore[union-attr]
        return sorted((d.case_id, d.rule_key, d.due_on, d.status) for d in s.exec(q).all())


def sync(engine: sa.Engine) -> int:
    with session_scope(engine) as s:
        return sync_limitation_deadlines(s)


def watch(engine: sa.Engine, case_id: int, *rows: tuple[str, date]) -> None:
    with session_scope(engine) as s:
        replace_limitation_watch(s, {case_id: [(n, d, "") for n, d in rows]})


def test_one_deadline_per_live_invoice(engine: sa.Engine) -> None:
    case = add_case(engine, "W/1", stage="ready_for_review", limitation=date(2026, 12, 31))
    watch(engine, case, (A, date(2026, 12, 31)), (B, date(2027, 12, 31)))
    assert sync(engine) == 2
    assert sync(engine) == 0  # idempotent
    assert limitation_rows(engine) == [
        (case, f"{LIMITATION_RULE}:{A}", date(2026, 12, 31), "open"),
        (case, f"{LIMITATION_RULE}:{B}", date(2027, 12, 31), "open"),
    ]
    with session_scope(engine) as s:
        actions = sorted(d.action for d in s.exec(select(Deadline)).all())
    assert actions[0].endswith(f"(faktura {A})")

    # B paid or barred: its deadline is cancelled, A's date moves (a new acknowledgement)
    watch(engine, case, (A, date(2027, 12, 31)))
    assert sync(engine) == 2
    assert limitation_rows(engine) == [
        (case, f"{LIMITATION_RULE}:{A}", date(2027, 12, 31), "open"),
        (case, f"{LIMITATION_RULE}:{B}", date(2027, 12, 31), "cancelled"),
    ]
    # done stays done when its date moves; filing cancels what is open
    with session_scope(engine) as s:
        (row,) = s.exec(select(Deadline).where(Deadline.rule_key == f"limitation:{A}")).all()
        assert row.id is not None
        mark_done(s, row.id)
    watch(engine, case, (A, date(2028, 12, 31)), (B, date(2027, 12, 31)))
    sync(engine)
    assert limitation_rows(engine) == [
        (case, f"{LIMITATION_RULE}:{A}", date(2028, 12, 31), "done"),
        (case, f"{LIMITATION_RULE}:{B}", date(2027, 12, 31), "open"),
    ]
    with session_scope(engine) as s:
        c = s.get(Case, case)
        assert c is not None
        c.stage = "filed"
        s.add(c)
    sync(engine)
    assert [r[3] for r in limitation_rows(engine)] == ["done", "cancelled"]


def test_a_case_drafted_before_keeps_its_case_wide_row_until_redrafted(
    engine: sa.Engine,
) -> None:
    case = add_case(engine, "W/2", stage="intake", limitation=date(2026, 6, 30))
    sync(engine)
    assert limitation_rows(engine) == [(case, LIMITATION_RULE, date(2026, 6, 30), "open")]
    watch(engine, case, (A, date(2026, 6, 30)), (B, date(2026, 12, 31)))
    sync(engine)
    assert limitation_rows(engine) == [
        (case, LIMITATION_RULE, date(2026, 6, 30), "cancelled"),
        (case, f"{LIMITATION_RULE}:{A}", date(2026, 6, 30), "open"),
        (case, f"{LIMITATION_RULE}:{B}", date(2026, 12, 31), "open"),
    ]
    # no live invoice left: nothing watched
    watch(engine, case)
    sync(engine)
    with session_scope(engine) as s:
        c = s.get(Case, case)
        assert c is not None
        c.earliest_limitation = None
        s.add(c)
    sync(engine)
    assert {r[3] for r in limitation_rows(engine)} == {"cancelled"}


def test_every_invoice_is_warned_about_once(people: sa.Engine, smtp_sink: SmtpSink) -> None:
    engine = people
    case = add_case(engine, "W/3", stage="ready_for_review", limitation=date(2026, 3, 31))
    watch(engine, case, (A, date(2026, 3, 31)), (B, date(2026, 5, 31)))
    sync(engine)
    with session_scope(engine) as s:
        items = scan_open_deadlines(
            s, upcoming_until=date(2026, 1, 1), limitation_until=date(2026, 12, 31)
        )
    assert sorted(i.rule_key for i in items) == [f"limitation:{A}", f"limitation:{B}"]
    assert all(i.is_limitation for i in items)
    sent: dict[date, int] = {}
    day = date(2026, 1, 25)
    while day <= date(2026, 5, 31):
        sent[day] = check(engine, smtp_sink, today=day).emails_sent
        day += timedelta(days=1)
    # A: 60 days before (30.01), 14 days (17.03), the day (31.03); B: 1.04, 17.05, 31.05
    assert {d for d, n in sent.items() if n} == {
        date(2026, 1, 30),
        date(2026, 3, 17),
        date(2026, 3, 31),
        date(2026, 4, 1),
        date(2026, 5, 17),
        date(2026, 5, 31),
    }
    # 1.04: A is overdue (anna, escalated to piotr) and B at 60 days in anna's digest
    assert sent[date(2026, 4, 1)] == 2 and sum(sent.values()) == 7
    bodies = "".join(m.message.get_content() for m in smtp_sink.mails)
    assert f"(faktura {A})" in bodies and f"(faktura {B})" in bodies
