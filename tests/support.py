"""Helpers shared by several test folders: a case row seeded directly into the store, and a
real HTTP receiver that checks the webhook signature before reading the body."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sqlmodel import Session, select

from integrations.webhook import (
    DELIVERY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    verify_signature,
)
from store.tables import Case, Creditor, Debtor

CREDITOR_NIP = "5260250274"
PESEL = "44051401359"
DEBTOR_NAME = "Jan Kowalski"
STREET = "ul. Tajna 7"


def consumer_debtor() -> Debtor:
    """A new consumer debtor row with a PESEL and an address (personal data to keep out)."""
    return Debtor(
        kind="consumer",
        name=DEBTOR_NAME,
        pesel=PESEL,
        street=STREET,
        postcode="00-001",
        city="Warszawa",
    )


def insert_case(s: Session, ref: str, *, creditor: str, debtor: Debtor, **fields: Any) -> int:
    """A case row of the creditor called ``creditor`` (created on first use) against ``debtor``
    (added unless already stored); ``fields`` are further ``Case`` columns. Returns its id."""
    creditor_row = s.exec(select(Creditor).where(Creditor.name == creditor)).first()
    if creditor_row is None:
        creditor_row = Creditor(name=creditor, nip=CREDITOR_NIP)
        s.add(creditor_row)
        s.flush()
    if debtor.id is None:
        s.add(debtor)
        s.flush()
    case = Case(creditor_id=creditor_row.id, debtor_id=debtor.id, external_ref=ref, **fields)
    s.add(case)
    s.flush()
    assert case.id is not None
    return case.id


@dataclass
class Receiver:
    url: str
    bodies: list[dict[str, Any]] = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)
    deliveries: list[str] = field(default_factory=list)
    rejected: int = 0


@contextmanager
def webhook_receiver(secret: str) -> Iterator[Receiver]:
    """A real HTTP server on 127.0.0.1 that verifies the HMAC signature before reading the
    JSON; signed bodies are kept, unsigned ones counted in ``rejected``."""
    lock = threading.Lock()
    box: dict[str, Receiver] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            ok = verify_signature(
                secret,
                body,
                self.headers.get(SIGNATURE_HEADER),
                self.headers.get(TIMESTAMP_HEADER),
            )
            with lock:
                if ok:
                    box["r"].raw.append(body)
                    box["r"].bodies.append(json.loads(body))
                    box["r"].deliveries.append(self.headers.get(DELIVERY_HEADER, ""))
                else:
                    box["r"].rejected += 1
            self.send_response(204 if ok else 401)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    box["r"] = Receiver(url=f"http://127.0.0.1:{server.server_address[1]}/hook")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield box["r"]
    finally:
        server.shutdown()
        server.server_close()
