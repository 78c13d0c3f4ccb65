"""Fixtures for the deadline tests: a seeded store, a real SMTP sink, a real webhook receiver.

Nothing of ours is faked: the database (SQLite and PostgreSQL), Prefect, the SMTP server
(aiosmtpd on 127.0.0.1) and the HTTP receiver (http.server on 127.0.0.1) are real.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import select

from integrations.smtp_sink import SmtpSink
from integrations.webhook import (
    DELIVERY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    verify_signature,
)
from store.db import session_scope
from store.tables import Case, Creditor, Debtor, User

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
        creditor = s.exec(select(Creditor).where(Creditor.name == "Hurtownia")).first()
        if creditor is None:
            creditor = Creditor(name="Hurtownia", nip="5260250274")
            s.add(creditor)
            s.flush()
        debtor = Debtor(
            kind="consumer",
            name="Jan Kowalski",
            pesel="44051401359",
            street="ul. Tajna 7",
            postcode="00-001",
            city="Warszawa",
        )
        s.add(debtor)
        s.flush()
        case = Case(
            creditor_id=creditor.id,
            debtor_id=debtor.id,
            external_ref=ref,
            stage=stage,
            earliest_limitation=limitation,
            paralegal=paralegal,
            partner=partner,
        )
        s.add(case)
        s.flush()
        assert case.id is not None
        return case.id


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


@dataclass
class Receiver:
    url: str
    bodies: list[dict[str, Any]] = field(default_factory=list)
    rejected: int = 0
    deliveries: list[str] = field(default_factory=list)


@pytest.fixture
def webhook_receiver() -> Iterator[Receiver]:
    """A real HTTP server that verifies the HMAC signature before reading the JSON."""
    lock = threading.Lock()
    state: dict[str, Receiver] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            ok = verify_signature(
                WEBHOOK_SECRET,
                body,
                self.headers.get(SIGNATURE_HEADER),
                self.headers.get(TIMESTAMP_HEADER),
            )
            with lock:
                if ok:
                    state["r"].bodies.append(json.loads(body))
                    state["r"].deliveries.append(self.headers.get(DELIVERY_HEADER, ""))
                else:
                    state["r"].rejected += 1
            self.send_response(204 if ok else 401)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state["r"] = Receiver(url=f"http://127.0.0.1:{server.server_address[1]}/hook")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state["r"]
    finally:
        server.shutdown()
        server.server_close()
