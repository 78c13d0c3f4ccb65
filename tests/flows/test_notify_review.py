"""Review-request notifications: once per case and document version, e-mail and webhook.

Real SQLite and PostgreSQL stores, a real SMTP server (integrations.smtp_sink on
127.0.0.1) and a real HTTP receiver that checks the HMAC signature before reading the body.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import select

from config import Settings
from flows.notify_review import notify_review_requests
from integrations.smtp_sink import SmtpSink, free_port
from store.db import session_scope
from store.tables import (
    CaseFinding,
    GeneratedDocument,
    Notification,
    User,
)
from tests.support import (
    DEBTOR_NAME,
    PESEL,
    STREET,
    Receiver,
    consumer_debtor,
    insert_case,
    webhook_receiver,
)

SECRET = "review-webhook-secret"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver(SECRET) as r:
        yield r


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    with SmtpSink() as s:
        yield s


def settings_for(
    tmp_path: Path, *, smtp: SmtpSink | None = None, webhook: Receiver | None = None
) -> Settings:
    return Settings(
        home=tmp_path / "var",
        database_url="sqlite://",  # unused: the engine is passed in
        smtp_host=smtp.host if smtp else None,
        smtp_port=smtp.port if smtp else 25,
        mail_from="kancelaria@example.pl",
        webhook_url=webhook.url if webhook else None,
        webhook_secret=SECRET if webhook else None,
        review_base_url="https://przeglad.kancelaria.test",
    )


def add_case(
    engine: sa.Engine,
    ref: str,
    *,
    stage: str = "ready_for_review",
    partner: str | None = "piotr",
    versions: int = 1,
) -> int:
    with session_scope(engine) as s:
        case_id = insert_case(
            s,
            ref,
            creditor="Hurtownia Sp. z o.o.",
            debtor=consumer_debtor(),
            stage=stage,
            partner=partner,
            paralegal="anna",
            procedure="upominawcze",
            total_claim=Decimal("12345.67"),
        )
        s.add(
            CaseFinding(
                case_id=case_id,
                source="evidence",
                code="x",
                severity="warning",
                message=f"{DEBTOR_NAME} {STREET}",  # must not leak into messages
            )
        )
    for v in range(1, versions + 1):
        add_version(engine, case_id, v)
    return case_id


def add_version(engine: sa.Engine, case_id: int, version: int) -> None:
    with session_scope(engine) as s:
        for kind in ("pozew", "memo"):
            s.add(
                GeneratedDocument(
                    case_id=case_id,
                    kind=kind,
                    version=version,
                    path=f"/tmp/{case_id}/{kind}-v{version}.docx",
                    sha256="0" * 64,
                    input_hash=f"h{version}",
                )
            )


@pytest.fixture
def people(engine: sa.Engine) -> sa.Engine:
    with session_scope(engine) as s:
        s.add(
            User(
                username="piotr",
                full_name="Piotr Zieliński",
                email="piotr@kancelaria.test",
                role="partner",
            )
        )
        s.add(User(username="ewa", full_name="Ewa Bez Maila", email=None, role="partner"))
    return engine


def test_partner_is_told_once_per_case_and_version(
    people: sa.Engine, sink: SmtpSink, receiver: Receiver, tmp_path: Path
) -> None:
    engine = people
    a = add_case(engine, "ABC/1")
    b = add_case(engine, "ABC/2")
    settings = settings_for(tmp_path, smtp=sink, webhook=receiver)

    first = notify_review_requests(engine, settings, [a, b])
    assert (first.emails_sent, first.webhooks_sent, first.failed) == (2, 2, 0)
    mails = sink.wait_for(2)
    assert {m["To"] for m in mails} == {"piotr@kancelaria.test"}
    assert {m["Subject"] for m in mails} == {
        "Do przeglądu: sprawa ABC/1 (wersja 1)",
        "Do przeglądu: sprawa ABC/2 (wersja 1)",
    }
    body = mails[0].get_content()
    assert "https://przeglad.kancelaria.test/cases/" in body
    assert "12345.67" in body and "Hurtownia Sp. z o.o." in body
    assert receiver.rejected == 0
    assert {(x["type"], x["case_ref"], x["version"]) for x in receiver.bodies} == {
        ("review.requested", "ABC/1", 1),
        ("review.requested", "ABC/2", 1),
    }
    assert receiver.bodies[0]["documents"] == ["memo", "pozew"]

    # the second call sends nothing
    again = notify_review_requests(engine, settings, [a, b])
    assert (again.emails_sent, again.webhooks_sent, again.already_sent) == (0, 0, 4)
    assert len(sink.mails) == 2 and len(receiver.bodies) == 2

    # a new version of case a is announced again, case b stays quiet
    add_version(engine, a, 2)
    third = notify_review_requests(engine, settings, [a, b])
    assert (third.emails_sent, third.webhooks_sent, third.already_sent) == (1, 1, 2)
    assert sink.wait_for(3)[-1]["Subject"] == "Do przeglądu: sprawa ABC/1 (wersja 2)"
    assert receiver.bodies[-1]["version"] == 2

    with session_scope(engine) as s:
        rows = s.exec(select(Notification)).all()
        assert len(rows) == 6 and all(r.delivered_at is not None for r in rows)
        assert {r.key for r in rows} >= {
            f"review_request:case={a}:v=2:email",
            f"review_request:case={a}:v=2:webhook",
        }


def test_no_pesel_name_or_address_in_messages_or_logs(
    people: sa.Engine,
    sink: SmtpSink,
    receiver: Receiver,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    case_id = add_case(people, "ABC/9")
    caplog.set_level(logging.DEBUG)
    notify_review_requests(people, settings_for(tmp_path, smtp=sink, webhook=receiver), [case_id])
    everything = [m.raw.decode("utf-8", "replace") for m in sink.mails]
    everything += [m.message.get_content() for m in sink.mails]
    everything += [r.decode("utf-8") for r in receiver.raw]
    everything += [r.getMessage() for r in caplog.records]
    assert len(sink.mails) == 1 and len(receiver.raw) == 1
    for text in everything:
        for secret in (PESEL, DEBTOR_NAME, STREET, "Tajna"):
            assert secret not in text


def test_only_ready_cases_with_drafts_and_unroutable_partners(
    people: sa.Engine, sink: SmtpSink, receiver: Receiver, tmp_path: Path
) -> None:
    engine = people
    approved = add_case(engine, "ABC/3", stage="approved")
    no_docs = add_case(engine, "ABC/4", versions=0)
    no_email = add_case(engine, "ABC/5", partner="ewa")
    nobody = add_case(engine, "ABC/6", partner=None)
    result = notify_review_requests(
        engine,
        settings_for(tmp_path, smtp=sink, webhook=receiver),
        [approved, no_docs, no_email, nobody],
    )
    assert result.not_ready == 2
    assert result.unroutable == 2 and result.emails_sent == 0
    assert result.webhooks_sent == 2  # the firm's receiver still hears about both
    assert {b["partner"] for b in receiver.bodies} == {"ewa", ""}
    assert sink.mails == []


def test_nothing_configured_sends_nothing(people: sa.Engine, tmp_path: Path) -> None:
    case_id = add_case(people, "ABC/7")
    result = notify_review_requests(people, settings_for(tmp_path), [case_id])
    assert result.summary() == {
        "emails_sent": 0,
        "webhooks_sent": 0,
        "already_sent": 0,
        "not_ready": 0,
        "unroutable": 0,
        "failed": 0,
    }
    with session_scope(people) as s:
        assert s.exec(select(Notification)).all() == []


def test_a_failed_send_is_retried_by_the_next_call(
    people: sa.Engine, receiver: Receiver, tmp_path: Path
) -> None:
    case_id = add_case(people, "ABC/8")
    port = free_port()
    down = Settings(
        home=tmp_path / "var",
        smtp_host="127.0.0.1",
        smtp_port=port,  # nothing listens here yet
        mail_from="kancelaria@example.pl",
    )
    failed = notify_review_requests(people, down, [case_id])
    assert failed.failed == 1 and failed.emails_sent == 0
    with session_scope(people) as s:
        assert s.exec(select(Notification)).all() == []  # the claim was given back
    with SmtpSink(port=port) as sink:
        ok = notify_review_requests(people, down, [case_id])
        assert ok.emails_sent == 1
        assert len(sink.wait_for(1)) == 1


def test_concurrent_calls_send_each_notification_once(
    people: sa.Engine, sink: SmtpSink, receiver: Receiver, tmp_path: Path
) -> None:
    ids = [add_case(people, f"CON/{i}") for i in range(5)]
    settings = settings_for(tmp_path, smtp=sink, webhook=receiver)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(notify_review_requests(people, settings, ids))
        except BaseException as exc:  # pragma: no cover - shown by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(r.emails_sent for r in results) == 5
    assert sum(r.webhooks_sent for r in results) == 5
    assert len(sink.wait_for(5)) == 5 and len(receiver.bodies) == 5
    assert len(set(receiver.deliveries)) == 5
