"""Fixtures for the review page: a seeded case with a real .docx draft, users, an app."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from docx import Document
from fastapi.testclient import TestClient

from config import Settings
from review.app import create_app
from store.db import open_store, session_scope
from store.review import create_user
from store.tables import (
    Case,
    CaseFinding,
    Creditor,
    Debtor,
    EvidenceFile,
    GeneratedDocument,
    Invoice,
    RegistryCheck,
)
from tests.conftest import StoreTemplates

PASSWORD = "tajne-haslo-123"
DRAFT_TEXT = "Pozew o zapłatę kwoty 12 345,67 zł przeciwko Dłużnik Testowy sp. z o.o."
CLAIM = {
    "figures": [
        {
            "label": "Należność główna",
            "value": "12 345,67 zł",
            "cites": ["KC art. 535"],
            "reason": "suma niezapłaconych faktur",
            "contested": False,
        },
        {
            "label": "Rekompensata za koszty odzyskiwania",
            "value": "171,00 zł",
            "cites": ["ustawa o przeciwdziałaniu nadmiernym opóźnieniom art. 10 ust. 1"],
            "reason": "40 EUR po kursie NBP",
            "contested": True,
        },
    ],
    # the keys documents.claim_summary writes (the page must not show them as they are)
    "invoices": [
        {
            "number": "FV/1/2024",
            "due_date": "2024-03-15",
            "amount": "12 345,67 zł",
            "principal": "12 345,67 zł",
            "interest_kind": "odsetki ustawowe za opóźnienie w transakcjach handlowych",
            "interest_from": "16.03.2024",
            "interest_to_date": "2 310,12 zł",
            "compensation": "171,00 zł",
            "compensation_cites": "ustawa o przeciwdziałaniu nadmiernym opóźnieniom art. 10",
            "limitation_expires_on": "2027-12-31",
            "limitation_alternative": "",
            "limitation_status": "ok",
            "limitation_cites": "KC art. 118, KC art. 120 § 1",
            "limitation_reason": "roszczenie związane z działalnością gospodarczą: 3 lata, "
            "koniec roku kalendarzowego",
        }
    ],
    "procedure": {
        "name": "EPU",
        "reason": "roszczenie pieniężne, dłużnik ma adres w Polsce",
        "cites": ["KPC art. 505^28"],
    },
}


def make_docx(path: Path, *paragraphs: str, title: str = "Pozew o zapłatę") -> str:
    doc = Document()
    doc.add_heading(title, level=1)
    for text in paragraphs:
        doc.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return hashlib.sha256(path.read_bytes()).hexdigest()


def seed_case(
    engine: sa.Engine,
    home: Path,
    ref: str = "SPR/1",
    stage: str = "ready_for_review",
    draft_text: str = DRAFT_TEXT,
    limitation_in_days: int = 400,
    bankrupt: bool = False,
    registry_checked: bool = True,
    partner: str | None = "pawel",
    memo_text: str | None = None,
) -> int:
    """A case under review with a real .docx draft; returns its id."""
    with session_scope(engine) as session:
        creditor = Creditor(name=f"Wierzyciel {ref} S.A.", nip=None)
        debtor = Debtor(kind="company", name=f"Dłużnik Testowy {ref} sp. z o.o.")
        session.add(creditor)
        session.add(debtor)
        session.flush()
        assert creditor.id is not None and debtor.id is not None
        case = Case(
            creditor_id=creditor.id,
            debtor_id=debtor.id,
            external_ref=ref,
            stage=stage,
            paralegal="ania",
            partner=partner,
            claim_json=json.dumps(CLAIM, ensure_ascii=False),
            total_claim=Decimal("12516.67"),
            procedure="epu",
            earliest_limitation=date.today() + timedelta(days=limitation_in_days),
        )
        session.add(case)
        session.flush()
        assert case.id is not None
        docx_path = home / "documents" / f"case-{case.id}" / "pozew-v1.docx"
        sha = make_docx(docx_path, draft_text)
        session.add(
            GeneratedDocument(
                case_id=case.id,
                kind="pozew",
                version=1,
                path=str(docx_path),
                sha256=sha,
                input_hash=f"in-{case.id}-1",
            )
        )
        if memo_text is not None:
            memo_path = home / "documents" / f"case-{case.id}" / "memo-v1.docx"
            session.add(
                GeneratedDocument(
                    case_id=case.id,
                    kind="memo",
                    version=1,
                    path=str(memo_path),
                    sha256=make_docx(memo_path, memo_text, title="Notatka dla partnera"),
                    input_hash=f"memo-{case.id}-1",
                )
            )
        session.add(
            EvidenceFile(
                case_id=case.id,
                kind="invoice",
                path="faktury/FV-1-2024.pdf",
                sha256="ab" * 32,
                size_bytes=1234,
                description="Faktura FV/1/2024",
                doc_date=date(2024, 2, 14),
            )
        )
        if bankrupt:
            session.add(
                CaseFinding(
                    case_id=case.id,
                    source="registry",
                    code="bankruptcy",
                    severity="blocker",
                    message="Dłużnik w upadłości",
                )
            )
        if registry_checked:
            session.add(
                RegistryCheck(
                    case_id=case.id,
                    service="verification",
                    identifier="0000000000",
                    checked_on=date.today(),
                    status="verified",
                )
            )
        return case.id


@dataclass
class ReviewEnv:
    engine: sa.Engine
    settings: Settings
    case_id: int


def _users(url: str, _folder: Path) -> None:
    engine = open_store(url)
    with session_scope(engine) as session:
        create_user(session, "pawel", "partner", PASSWORD, full_name="Paweł Partner")
        create_user(session, "ania", "paralegal", PASSWORD, full_name="Anna Asystentka")
    engine.dispose()


@pytest.fixture
def review_env(
    tmp_path: Path, store_url: str, store_templates: StoreTemplates
) -> Iterator[ReviewEnv]:
    """A store (SQLite and PostgreSQL) with users pawel (partner), ania (paralegal) and a case
    (the store with the users is made once per session: tests.conftest.StoreTemplates)."""
    store_templates.restore("review-users", store_url, _users)
    engine = open_store(store_url)
    settings = Settings(home=tmp_path, database_url=store_url, review_secret="test-secret")
    case_id = seed_case(engine, tmp_path)
    yield ReviewEnv(engine, settings, case_id)
    engine.dispose()


@pytest.fixture
def client(review_env: ReviewEnv) -> Iterator[TestClient]:
    app = create_app(review_env.settings, engine=review_env.engine)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def csrf_from(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Sign in; return the CSRF token of the signed-in session."""
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_from(client.get("/queue").text)


COURT = "Sąd Rejonowy Lublin-Zachód w Lublinie VI Wydział Cywilny"


def approve_and_file(engine: sa.Engine, case_id: int, on: date | None = None) -> date:
    """The partner approves the case and the pozew is filed (``casework.filing``), as
    ``handoff cases file`` does; returns the filing day."""
    from casework.filing import file_case
    from config import firm_today
    from store.review import record_decision

    today = firm_today()
    with session_scope(engine) as session:  # the invoice the seeded claim summary shows
        session.add(
            Invoice(
                case_id=case_id,
                number="FV/1/2024",
                issue_date=date(2024, 2, 14),
                due_date=date(2024, 3, 15),
                amount=Decimal("12345.67"),
            )
        )
        record_decision(session, case_id, "pawel", "approve")
    day = on or today
    file_case(engine, f"#{case_id}", day, today=today, actor="ania", court=COURT)
    return day
