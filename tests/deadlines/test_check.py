"""The warning check against real databases, a real SMTP sink and a real webhook receiver."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from flows.deadline_check import Channels, run_check, working_days_ahead
from integrations.smtp_sink import SmtpSink
from law.pl.deadlines import EventKind
from store.db import make_engine, open_store, session_scope
from store.deadlines import explain_scan, record_event, scan_open_deadlines
from store.tables import DeadlineWarning

from .conftest import WEBHOOK_SECRET, Receiver, add_case

TODAY = date(2025, 12, 29)  # Monday after Christmas 2025


def seed_court_deadlines(engine: sa.Engine) -> None:
    """2 due today, 3 within 5 working days, 1 overdue (ours) - anna's cases, piotr partners."""
    add_case(engine, "ABC/1")
    add_case(engine, "ABC/2")
    add_case(engine, "ABC/3", paralegal="ola")
    with session_scope(engine) as s:
        # due 2025-12-29 (D1) and 2025-12-29 (judgment announced 17 Dec, 1 week, Wigilia)
        record_event(
            s, "ABC/1", EventKind.PAYMENT_ORDER_SERVED, date(2025, 12, 10), signature="I Nc 100/25"
        )
        record_event(
            s, "ABC/2", EventKind.JUDGMENT_ANNOUNCED, date(2025, 12, 17), signature="I C 200/25"
        )
        # within 5 working days (to 2026-01-07): 2026-01-02, 2026-01-05, 2026-01-07
        record_event(s, "ABC/1", EventKind.CALL_SERVED, date(2025, 12, 25), signature="I Nc 100/25")
        record_event(
            s, "ABC/2", EventKind.DECISION_SERVED, date(2025, 12, 29), signature="I C 200/25"
        )
        record_event(
            s, "ABC/2", EventKind.DECISION_SERVED, date(2025, 12, 30), signature="I Cz 7/25"
        )
        # overdue: zażalenie due 2025-12-22 (decision served 2025-12-15)
        record_event(
            s, "ABC/1", EventKind.DECISION_SERVED, date(2025, 12, 15), signature="I Nc 100/25"
        )
        # ola: one upcoming
        record_event(s, "ABC/3", EventKind.CALL_SERVED, date(2025, 12, 30), signature="V GC 3/25")
        # out of horizon: apelacja due 2026-01-13
        record_event(s, "ABC/3", EventKind.JUDGMENT_REASONS_SERVED, date(2025, 12, 30))


def test_working_day_horizon() -> None:
    assert working_days_ahead(TODAY, 5) == date(2026, 1, 7)  # 1 Jan and 6 Jan are holidays


def test_scan_is_one_statement(people: sa.Engine) -> None:
    engine = people
    seed_court_deadlines(engine)
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        with engine.connect() as conn:
            items = scan_open_deadlines(
                conn, upcoming_until=date(2026, 1, 7), limitation_until=TODAY + timedelta(60)
            )
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1
    assert [i.due_on.isoformat() for i in items] == [
        "2025-12-22",
        "2025-12-29",
        "2025-12-29",
        "2026-01-02",
        "2026-01-05",
        "2026-01-07",
        "2026-01-07",
    ]
    assert {i.responsible_email for i in items} == {"anna@kancelaria.test", "ola@kancelaria.test"}
    assert {i.partner_email for i in items} == {"piotr@kancelaria.test"}


def test_scan_uses_the_open_due_index(engine: sa.Engine) -> None:
    add_case(engine, "IX/1")
    if engine.dialect.name == "postgresql":
        # a realistic shape: many closed rows, few open ones; statistics collected
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO deadline (case_id, rule_key, action, side, due_on, cites, reason,"
                    " status, updated_at) SELECT 1, 'r' || g, 'x', 'ours',"
                    " DATE '2020-01-01' + (g % 2000), '', '',"
                    " CASE WHEN g % 50 = 0 THEN 'open' ELSE 'done' END, now()"
                    " FROM generate_series(1, 20000) g"
                )
            )
            conn.execute(sa.text("ANALYZE"))
    plan = explain_scan(engine, upcoming_until=date(2026, 1, 7), limitation_until=TODAY)
    assert "ix_deadline_open_due" in plan, plan


def check(
    engine: sa.Engine,
    sink: SmtpSink | None,
    *,
    today: date = TODAY,
    receiver: Receiver | None = None,
    limitation_days: tuple[int, ...] = (60, 14),
):  # type: ignore[no-untyped-def]
    channels = Channels(
        smtp=sink.settings(sender="terminy@kancelaria.test") if sink else None,
        webhook_url=receiver.url if receiver else None,
        webhook_secret=WEBHOOK_SECRET if receiver else None,
    )
    return run_check(
        engine, channels, today=today, within_working_days=5, limitation_days=limitation_days
    )


def test_polish_digest_and_escalation_reach_the_smtp_sink(
    people: sa.Engine, smtp_sink: SmtpSink
) -> None:
    engine = people
    seed_court_deadlines(engine)
    result = check(engine, smtp_sink)
    assert result.emails_sent == 3  # anna, ola, piotr (escalation)
    mails = {m.message["To"]: m.message for m in smtp_sink.mails}
    anna = mails["anna@kancelaria.test"]
    assert anna["Subject"] == (
        "Terminy na 2025-12-29: 2 dziś, 3 w ciągu 5 dni roboczych, 1 po terminie"
    )
    body = anna.get_content()
    assert "DZIŚ (2)" in body and "PO TERMINIE (1)" in body
    assert "W CIĄGU 5 DNI ROBOCZYCH (3)" in body
    assert (
        "- ABC/1 | sygn. I Nc 100/25 | termin drugiej strony: sprzeciw / zarzuty | "
        "termin: 2025-12-29 (dziś)"
    ) in body
    assert "KPC art. 502 §1" in body and "KC art. 115" in body
    assert (
        "- ABC/1 | sygn. I Nc 100/25 | zażalenie | termin: 2025-12-22 (7 dni po terminie)" in body
    )
    assert "wniosek o uzasadnienie wyroku" in body
    piotr = mails["piotr@kancelaria.test"]
    assert (
        piotr["Subject"]
        == "Terminy na 2025-12-29: 0 dziś, 0 w ciągu 5 dni roboczych, 1 po terminie"
    )
    assert "ESKALACJA" in piotr.get_content() and "odpowiedzialny: anna" in piotr.get_content()
    ola = mails["ola@kancelaria.test"]
    assert "V GC 3/25" in ola.get_content() and "2026-01-07" in ola.get_content()
    for mail in smtp_sink.mails:  # never personal data of the debtor
        text = mail.raw.decode("utf-8", "replace") + mail.message.get_content()
        assert "44051401359" not in text and "Tajna" not in text and "Kowalski" not in text


def test_rerun_after_everything_was_sent_sends_nothing(
    people: sa.Engine, smtp_sink: SmtpSink, webhook_receiver: Receiver
) -> None:
    engine = people
    seed_court_deadlines(engine)
    first = check(engine, smtp_sink, receiver=webhook_receiver)
    assert (first.emails_sent, first.webhooks_sent) == (3, 3)
    second = check(engine, smtp_sink, receiver=webhook_receiver)
    assert (second.emails_sent, second.webhooks_sent, second.claimed) == (0, 0, 0)
    assert second.already_sent == first.claimed
    assert len(smtp_sink.mails) == 3 and len(webhook_receiver.bodies) == 3
    assert webhook_receiver.rejected == 0
    anna = next(b for b in webhook_receiver.bodies if b["recipient"] == "anna")
    assert anna["subject"].startswith("Terminy na 2025-12-29: 2 dziś")
    assert {i["due_on"] for i in anna["items"]} >= {"2025-12-22", "2025-12-29"}
    with session_scope(engine) as s:
        rows = s.exec(select(DeadlineWarning)).all()
    assert rows and all(r.delivered_at is not None for r in rows)
    # the next day, due_today levels turned overdue: new level, sent once
    third = check(engine, smtp_sink, today=date(2025, 12, 30))
    assert third.emails_sent >= 1
    assert check(engine, smtp_sink, today=date(2025, 12, 30)).emails_sent == 0


def test_failed_send_releases_the_claim_and_the_next_run_sends(people: sa.Engine) -> None:
    engine = people
    seed_court_deadlines(engine)
    with SmtpSink() as sink:
        port = sink.port
    dead = Channels(smtp=SmtpSink(port=port).settings())  # nothing listens there now
    failed = run_check(engine, dead, today=TODAY)
    assert failed.failed > 0 and failed.emails_sent == 0
    with session_scope(engine) as s:
        assert s.exec(select(DeadlineWarning)).all() == []
    with SmtpSink() as sink:
        assert check(engine, sink).emails_sent == 3


def test_limitation_raised_at_60_and_14_days_once_each(
    people: sa.Engine, smtp_sink: SmtpSink
) -> None:
    engine = people
    add_case(engine, "PRZ/1", stage="ready_for_review", limitation=date(2026, 3, 31))
    add_case(engine, "PRZ/2", stage="filed", limitation=date(2026, 3, 31))  # sued: no warning
    sent: dict[date, int] = {}
    day = date(2026, 1, 20)
    while day <= date(2026, 3, 31):
        sent[day] = check(engine, smtp_sink, today=day).emails_sent
        day += timedelta(days=1)
    assert {d: n for d, n in sent.items() if n} == {
        date(2026, 1, 30): 1,  # 60 days before
        date(2026, 3, 17): 1,  # 14 days before
        date(2026, 3, 31): 1,  # the last day itself
    }
    subjects = [m.message["Subject"] for m in smtp_sink.mails]
    assert subjects[0] == (
        "Terminy na 2026-01-30: 0 dziś, 0 w ciągu 5 dni roboczych, 0 po terminie, 1 przedawnienie"
    )
    body = smtp_sink.mails[0].message.get_content()
    assert "PRZEDAWNIENIE" in body and "PRZ/1" in body and "za 60 dni" in body
    assert "PRZ/2" not in "".join(m.message.get_content() for m in smtp_sink.mails)


def test_limitation_thresholds_are_configurable(people: sa.Engine, smtp_sink: SmtpSink) -> None:
    engine = people
    add_case(engine, "PRZ/3", stage="intake", limitation=date(2026, 3, 31))
    assert check(engine, smtp_sink, today=date(2026, 1, 30), limitation_days=(30,)).emails_sent == 0
    assert check(engine, smtp_sink, today=date(2026, 3, 1), limitation_days=(30,)).emails_sent == 1
    assert check(engine, smtp_sink, today=date(2026, 3, 2), limitation_days=(30,)).emails_sent == 0


@pytest.mark.postgres
def test_concurrent_checks_on_postgresql_send_each_warning_once(
    pg_url: str, smtp_sink: SmtpSink, webhook_receiver: Receiver
) -> None:
    engine = open_store(pg_url)
    try:
        from store.tables import User

        with session_scope(engine) as s:
            for name in ("anna", "ola", "piotr"):
                s.add(User(username=name, email=f"{name}@kancelaria.test", role="paralegal"))
        seed_court_deadlines(engine)
        # many cases so that the runs overlap in the claim statement
        for n in range(40):
            add_case(engine, f"LOT/{n}", paralegal=("anna", "ola")[n % 2])
            with session_scope(engine) as s:
                record_event(s, f"LOT/{n}", EventKind.CALL_SERVED, date(2025, 12, 22 + n % 8))
        runs = 6
        barrier = threading.Barrier(runs)
        results: list[object] = []
        errors: list[BaseException] = []

        def one() -> None:
            own = make_engine(pg_url)  # a separate pool, as a separate process would have
            try:
                barrier.wait(timeout=60)
                results.append(check(own, smtp_sink, receiver=webhook_receiver))
            except BaseException as exc:
                errors.append(exc)
            finally:
                own.dispose()

        threads = [threading.Thread(target=one) for _ in range(runs)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not errors, errors
        with session_scope(engine) as s:
            claims = s.exec(select(DeadlineWarning)).all()
        levels = [(c.deadline_id, c.level) for c in claims]
        assert len(levels) == len(set(levels)) and claims
        # every warning went out exactly once: count the items across all received digests
        mailed = sum(m.message.get_content().count("\n- ") for m in smtp_sink.mails)
        assert mailed == sum(1 for c in claims if c.level.endswith("/email"))
        hooked = [
            (i["deadline_id"], i["level"]) for b in webhook_receiver.bodies for i in b["items"]
        ]
        assert (
            len(hooked)
            == len(set(hooked))
            == sum(1 for c in claims if c.level.endswith("/webhook"))
        )
        assert sum(r.emails_sent for r in results) == len(smtp_sink.mails)  # type: ignore[attr-defined]
        assert check(engine, smtp_sink).claimed == 0
    finally:
        engine.dispose()
