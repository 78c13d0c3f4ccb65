"""Fixtures for the deadline tests: a seeded store, a real SMTP sink, a real webhook receiver.

Nothing of ours is faked: the database (SQLite and PostgreSQL), Prefect, the SMTP server
(aiosmtpd on 127.0.0.1) and the HTTP receiver (http.server on 127.0.0.1) are real.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa

from integrations.smtp_sink import SmtpSink
from store.db import session_scope
from store.tables import User
from tests.support import Receiver, consumer_debtor, insert_case
from tests.support import webhook_receiver as serve_webhook

WEBHOOK_SECRET = "test-webhook-secret"


def add_case(
    engine: sa.Engine,
    ref: str,
    *,
    stage: str = "in_court",
    limitation: date | None = None,
    paralegal: str = "anna",
    partner: str = "piotr",
) -> int:
    """A case of creditor "Hurtownia" against a consumer with a PESEL and an address."""
    with session_scope(engine) as s:
        return insert_case(
            s,
            ref,
            creditor="Hurtownia",
            debtor=consumer_debtor(),
            stage=stage,
            earliest_limitation=limitation,
            paralegal=paralegal,
            partner=partner,
        )


@pytest.fixture
def people(engine: sa.Engine) -> sa.Engine:
    """Users: anna and ola (paralegals), piotr (partner)."""
    with session_scope(engine) as s:
        s.add(
            User(
                username="anna",
                full_name="Anna Nowak",
                email="anna@kancelaria.test",
                role="paralegal",
            )
        )
        s.add(
            User(
                username="ola",
                full_name="Ola Wiśniewska",
                email="ola@kancelaria.test",
                role="paralegal",
            )
        )
        s.add(
            User(
                username="piotr",
                full_name="Piotr Zieliński",
                email="piotr@kancelaria.test",
                role="partner",
            )
        )
    return engine


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def webhook_receiver() -> Iterator[Receiver]:
    """A real HTTP server that verifies the HMAC signature before reading the JSON."""
    with serve_webhook(WEBHOOK_SECRET) as receiver:
        yield receiver
