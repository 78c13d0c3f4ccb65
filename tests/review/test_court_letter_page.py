"""The letter to the court on the review page: shown with its rules (and which of them the
letter cites), its draft rendered among the case's documents, decided by the case's partner
through the same gate as the pozew (blockers block unless an override reason is given).

The sample case TT/WIND/2026/0152 imported and drafted for real (tests/casework/conftest.py),
on SQLite and PostgreSQL; filed 25.11.2026, 1 000,00 zł paid on 26.11.2026 (769,80 zł
principal, 230,20 zł interest: tests/casework/test_court_letters.py derives the figures).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from config import Settings
from review.app import create_app
from store.db import session_scope
from store.review import create_user
from store.tables import AuditLog, CaseFinding, CourtLetter
from tests.casework.cli_helpers import ok
from tests.casework.conftest import NAKAZOWE, Firm, firm  # noqa: F401 (the fixture)
from tests.review.conftest import csrf_from, login

PASSWORD = "tajne-haslo-123"


@pytest.fixture
def letter(firm: Firm) -> int:  # noqa: F811
    firm.approve(NAKAZOWE)
    ok("cases", "file", NAKAZOWE, "--on", "2026-11-25", "--signature", "I C 123/26")
    ok("payments", "add", NAKAZOWE, "--amount", "1000,00", "--on", "2026-11-26")
    out = json.loads(ok("letters", "draft", NAKAZOWE, "--reason", "payment", "--json"))
    with session_scope(firm.engine) as s:
        create_user(s, "esadowska", "partner", PASSWORD, full_name="Ewa Sadowska")
        create_user(s, "ola", "paralegal", PASSWORD, full_name="Ola Asystentka")
    return int(out["letter"]["id"])


@pytest.fixture
def client(firm: Firm) -> Iterator[TestClient]:  # noqa: F811
    url = str(firm.engine.url.render_as_string(hide_password=False))
    settings = Settings(home=firm.home, database_url=url, review_secret="test-secret")
    with TestClient(create_app(settings, engine=firm.engine), base_url="http://127.0.0.1") as c:
        yield c


def _status(firm: Firm, letter_id: int) -> str:  # noqa: F811
    with Session(firm.engine) as s:
        row = s.get(CourtLetter, letter_id)
        assert row is not None
        return row.status


def test_case_page_shows_the_letter_and_the_partner_decides(
    firm: Firm,  # noqa: F811
    letter: int,
    client: TestClient,
) -> None:
    case_id = firm.ids[NAKAZOWE]
    login(client, "esadowska")
    queue = client.get("/queue").text  # the letter waits in the queue like any draft
    assert "Pisma do sądu do akceptacji" in queue
    assert f'href="/cases/{case_id}#letter-{letter}"' in queue
    page = client.get(f"/cases/{case_id}").text
    assert "Pisma do sądu (1)" in page
    assert "Cofnięcie pozwu w części ze zrzeczeniem się roszczenia" in page
    assert "do akceptacji" in page
    assert "KPC art. 203 §1" in page and "UNCONFIRMED" in page
    assert "u.k.s.c. art. 79 ust. 1 pkt 3 lit. a" in page
    # the draft as it prints, among the case's documents (mammoth render of the .docx)
    assert "Pismo do sądu (cofnięcie pozwu)" in page
    assert (
        "co do kwoty 769,80 zł należności głównej oraz odsetek ustawowych za opóźnienie w "
        "transakcjach handlowych od kwoty 8 487,00 zł za okres od dnia 16 września 2026 r. do "
        "dnia 26 listopada 2026 r. w kwocie 230,20 zł"
    ) in page
    assert f'action="/letters/{letter}/approve"' in page

    # a blocker on the case keeps the letter from approval without a reason
    with session_scope(firm.engine) as s:
        s.add(
            CaseFinding(
                case_id=case_id,
                source="registry",
                code="bankruptcy",
                severity="blocker",
                message="Dłużnik w upadłości (KRS)",
            )
        )
    token = csrf_from(client.get(f"/cases/{case_id}").text)
    refused = client.post(
        f"/letters/{letter}/approve", data={"csrf_token": token}, follow_redirects=False
    )
    assert refused.status_code == 409 and "Sprawy nie można zatwierdzić" in refused.text
    assert _status(firm, letter) == "ready_for_review"
    done = client.post(
        f"/letters/{letter}/approve",
        data={"csrf_token": token, "override_reason": "zapłata potwierdzona przez syndyka"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"].endswith(f"#letter-{letter}")
    assert _status(firm, letter) == "approved"
    with Session(firm.engine) as s:
        actions = [a.action for a in s.exec(select(AuditLog)).all()]
    assert "court_letter.approve" in actions and "court_letter.override" in actions
    assert "zatwierdzone" in client.get(f"/cases/{case_id}").text
    assert f"#letter-{letter}" not in client.get("/queue").text


def test_a_paralegal_sees_the_letter_but_cannot_decide(
    firm: Firm,  # noqa: F811
    letter: int,
    client: TestClient,
) -> None:
    token = login(client, "ola")
    page = client.get(f"/cases/{firm.ids[NAKAZOWE]}").text
    assert "Pisma do sądu (1)" in page
    assert "Zatwierdzać i zwracać pisma może tylko partner." in page
    assert f'action="/letters/{letter}/approve"' not in page
    response = client.post(
        f"/letters/{letter}/approve", data={"csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 403
    assert _status(firm, letter) == "ready_for_review"
