"""Helpers shared by several test folders: a case row seeded directly into the store, the
sample cases imported and drafted into a store (built once per session through
``tests.conftest.StoreTemplates``), and a real HTTP receiver that checks the webhook signature
before reading the body."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlmodel import Session, select

from integrations.webhook import (
    DELIVERY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    verify_signature,
)
from store.tables import Case, Creditor, Debtor

if TYPE_CHECKING:
    from tests.conftest import StoreTemplates

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


PARTNER = ("pawel", "partner", "haslo-partnera-1")


def drafted_samples(templates: StoreTemplates, store_url: str, drafted_on: date) -> Path:
    """Make the fresh store at ``store_url`` hold the sample cases imported and every
    draftable case drafted for real on ``drafted_on`` (plain Python, no Prefect), and the
    partner ``pawel``; returns the folder holding ``cases/`` (the imported case folders) and
    ``var/`` (the ``HANDOFF_HOME`` the drafts were written under, ``var/documents``).

    Built once per session and backend, then copied (``StoreTemplates``): every test gets
    the same rows and files, at the same absolute paths, as if it had built them itself."""

    def build(url: str, folder: Path) -> None:
        from config import SAMPLE_FIRM
        from documents.firm import load_firm_profile
        from flows.case_pipeline import DraftingContext, draft_cases
        from intake.importer import import_batch
        from store.db import open_store, session_scope
        from store.drafting import draftable_case_ids
        from store.review import create_user
        from tests.conftest import SAMPLES

        home = folder / "var"
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("HANDOFF_HOME", str(home))
            mp.setenv("HANDOFF_DATABASE_URL", url)
            engine = open_store(url)
            try:
                import_batch(engine, shutil.copytree(SAMPLES / "cases", folder / "cases"))
                ctx = DraftingContext(
                    documents_dir=home / "documents",
                    firm=load_firm_profile(SAMPLE_FIRM),
                    reference_date=drafted_on,
                )
                draft_cases(engine, draftable_case_ids(engine), ctx)
                with session_scope(engine) as s:
                    create_user(s, *PARTNER)
            finally:
                engine.dispose()

    return templates.restore(f"samples-drafted-{drafted_on.isoformat()}", store_url, build)


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
