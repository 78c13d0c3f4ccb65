"""The drafted settlement (ugoda) in the partner's review: listed in the queue while it
waits, approved or sent back (with a reason) on the case page by the case's partner through
the same gate as the pozew and the letters to the court (blockers block unless an override
reason is given, audited), over HTTP on SQLite and PostgreSQL.

The sample cases imported and drafted for real (tests/casework/conftest.py); the plan is
that of tests/casework/test_settlements.py: 3 000,00 zł in 3 instalments from 10.12.2026,
concluded 25.11.2026.
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
from store.tables import AuditLog, CaseFinding, Settlement
from tests.casework.cli_helpers import ok
from tests.casework.conftest import EPU, NAKAZOWE, Firm, firm  # noqa: F401 (the fixture)
from tests.review.conftest import csrf_from, login

PASSWORD = "tajne-haslo-123"
PLAN = ("--amount", "3000,00", "--instalments", "3", "--first-due", "2026-12-10")
ADD = ("settlements", "add")


def _users(firm: Firm) -> None:  # noqa: F811
    with session_scope(firm.engine) as s:
        create_user(s, "esadowska", "partner", PASSWORD, full_name="Ewa Sadowska")
        create_user(s, "ola", "paralegal", PASSWORD, full_name="Ola Asystentka")


@pytest.fixture
def settled(firm: Firm) -> int:  # noqa: F811
    """EPU concluded out of court before filing: the draft waits for esadowska."""
    firm.approve(EPU)
    out = json.loads(ok(*ADD, EPU, *PLAN, "--on", "2026-11-25", "--json"))
    assert out["review_status"] == "ready_for_review"
    _users(firm)
    return int(out["id"])


@pytest.fixture
def client(firm: Firm) -> Iterator[TestClient]:  # noqa: F811
    url = str(firm.engine.url.render_as_string(hide_password=False))
    settings = Settings(home=firm.home, database_url=url, review_secret="test-secret")
    with TestClient(create_app(settings, engine=firm.engine), base_url="http://127.0.0.1") as c:
        yield c


def _row(firm: Firm, settlement_id: int) -> Settlement:  # noqa: F811
    with Session(firm.engine) as s:
        row = s.get(Settlement, settlement_id)
        assert row is not None
        return row


def _review_finding(firm: Firm, ref: str) -> str | None:  # noqa: F811
    with Session(firm.engine) as s:
        row = s.exec(
            select(CaseFinding).where(
                CaseFinding.case_id == firm.ids[ref], CaseFinding.code == "settlement_review"
            )
        ).first()
        return row.message if row is not None else None


def _audit(firm: Firm, action: str) -> list[dict[str, object]]:  # noqa: F811
    with Session(firm.engine) as s:
        rows = s.exec(select(AuditLog).where(AuditLog.action == action)).all()
        return [json.loads(r.detail) | {"actor": r.actor} for r in rows]


def test_the_draft_waits_in_the_queue_and_a_blocker_needs_an_override(
    firm: Firm,  # noqa: F811
    settled: int,
    client: TestClient,
) -> None:
    case_id = firm.ids[EPU]
    login(client, "esadowska")
    queue = client.get("/queue").text
    assert "Ugody do akceptacji" in queue
    assert f'href="/cases/{case_id}#settlement-{settled}"' in queue
    assert "Ugoda pozasądowa" in queue and "projekt wersja 1" in queue
    page = client.get(f"/cases/{case_id}").text
    assert f'id="settlement-{settled}"' in page
    assert f"Projekt ugody #{settled}" in page and "do akceptacji" in page
    assert f'action="/settlements/{settled}/approve"' in page
    form = page[page.index(f'action="/settlements/{settled}/approve"') :][:300]
    assert f'name="csrf_token" value="{csrf_from(page)}"' in form  # the session's token
    assert "UGODA POZASĄDOWA" in page  # the draft as it prints, among the case's documents

    # a blocker on the case keeps the draft from approval without a reason
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
    assert "Zatwierdź ugodę mimo przeszkód" in client.get(f"/cases/{case_id}").text
    refused = client.post(
        f"/settlements/{settled}/approve", data={"csrf_token": token}, follow_redirects=False
    )
    assert refused.status_code == 409 and "Sprawy nie można zatwierdzić" in refused.text
    assert "Dłużnik w upadłości (KRS)" in refused.text
    assert _row(firm, settled).review_status == "ready_for_review"
    assert _audit(firm, "settlement.approve") == []
    done = client.post(
        f"/settlements/{settled}/approve",
        data={"csrf_token": token, "override_reason": "ugoda zawarta za zgodą syndyka"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"].endswith(f"/cases/{case_id}#settlement-{settled}")
    row = _row(firm, settled)
    assert (row.review_status, row.decided_by) == ("approved", "esadowska")
    assert [a["actor"] for a in _audit(firm, "settlement.approve")] == ["esadowska"]
    (override,) = _audit(firm, "settlement.override")
    assert override["reason"] == "ugoda zawarta za zgodą syndyka"
    assert override["blockers"] == ["Dłużnik w upadłości (KRS)"]
    assert _review_finding(firm, EPU) is None  # nothing waits any more
    page = client.get(f"/cases/{case_id}").text
    assert "zatwierdzona" in page and f'action="/settlements/{settled}/approve"' not in page
    assert "Zatwierdzenie ugody mimo przeszkód" in page  # the history
    assert f"#settlement-{settled}" not in client.get("/queue").text
    # decided once: a second approval is refused and changes nothing
    again = client.post(
        f"/settlements/{settled}/approve",
        data={"csrf_token": token, "override_reason": "jeszcze raz"},
        follow_redirects=False,
    )
    assert again.status_code == 409 and "nie czeka na akceptację" in again.text
    assert len(_audit(firm, "settlement.approve")) == 1


def test_sent_back_with_a_reason_and_drafted_again(
    firm: Firm,  # noqa: F811
    settled: int,
    client: TestClient,
) -> None:
    case_id = firm.ids[EPU]
    token = login(client, "esadowska")
    empty = client.post(
        f"/settlements/{settled}/send-back",
        data={"csrf_token": token, "comment": "  "},
        follow_redirects=False,
    )
    assert empty.status_code == 409 and "wymaga komentarza" in empty.text
    assert _row(firm, settled).review_status == "ready_for_review"
    back = client.post(
        f"/settlements/{settled}/send-back",
        data={"csrf_token": token, "comment": "brak numeru rachunku wierzyciela"},
        follow_redirects=False,
    )
    assert back.status_code == 303
    row = _row(firm, settled)
    assert (row.review_status, row.review_comment) == (
        "sent_back",
        "brak numeru rachunku wierzyciela",
    )
    (audit,) = _audit(firm, "settlement.send_back")
    assert audit["comment"] == "brak numeru rachunku wierzyciela" and audit["version"] == 1
    finding = _review_finding(firm, EPU)
    assert finding is not None and "zwrócony do poprawy przez esadowska" in finding
    assert "brak numeru rachunku wierzyciela" in finding
    page = client.get(f"/cases/{case_id}").text
    assert "zwrócona do poprawy" in page
    assert "Komentarz partnera: brak numeru rachunku wierzyciela" in page
    assert f"#settlement-{settled}" not in client.get("/queue").text

    # the same settlement concluded again drafts it again and it waits once more
    text = ok(*ADD, EPU, *PLAN, "--on", "2026-11-25")
    assert f"Ugoda #{settled} była zwrócona do poprawy; projekt sporządzony ponownie" in text
    row = _row(firm, settled)
    assert (row.review_status, row.review_comment, row.decided_by) == ("ready_for_review", "", "")
    assert "czeka na przegląd" in (_review_finding(firm, EPU) or "")
    assert f'href="/cases/{case_id}#settlement-{settled}"' in client.get("/queue").text
    # concluded again while it waits: nothing changes
    assert "już zapisana" in ok(*ADD, EPU, *PLAN, "--on", "2026-11-25")


def test_a_paralegal_sees_the_draft_but_cannot_decide(
    firm: Firm,  # noqa: F811
    settled: int,
    client: TestClient,
) -> None:
    token = login(client, "ola")
    page = client.get(f"/cases/{firm.ids[EPU]}").text
    assert f"Projekt ugody #{settled}" in page
    assert "Zatwierdzać i zwracać projekty ugód może tylko partner." in page
    assert f'action="/settlements/{settled}/approve"' not in page
    response = client.post(
        f"/settlements/{settled}/approve", data={"csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 403
    assert _row(firm, settled).review_status == "ready_for_review"
    missing = client.post(
        "/settlements/999999/approve", data={"csrf_token": token}, follow_redirects=False
    )
    assert missing.status_code in (403, 404)


def test_a_court_settlement_without_the_signature_is_blocked_by_itself(
    firm: Firm,  # noqa: F811
    client: TestClient,
) -> None:
    """A court settlement of a case pending in court must name the proceedings: filed
    without a sygnatura akt, the draft carries its own blocker (no case finding)."""
    firm.approve(NAKAZOWE)
    ok("cases", "file", NAKAZOWE, "--on", "2026-11-25")
    out = json.loads(ok(*ADD, NAKAZOWE, *PLAN, "--kind", "sadowa", "--on", "2026-11-26", "--json"))
    settled = int(out["id"])
    _users(firm)
    case_id = firm.ids[NAKAZOWE]
    token = login(client, "esadowska")
    queue = client.get("/queue").text
    assert f"#settlement-{settled}" in queue and "Ugoda sądowa" in queue
    assert "Przeszkody" in queue
    page = client.get(f"/cases/{case_id}").text
    assert "ugoda sądowa: sygnatura akt nieznana" in page
    refused = client.post(
        f"/settlements/{settled}/approve", data={"csrf_token": token}, follow_redirects=False
    )
    assert refused.status_code == 409 and "sygnatura akt nieznana" in refused.text
    assert _row(firm, settled).review_status == "ready_for_review"
    done = client.post(
        f"/settlements/{settled}/approve",
        data={"csrf_token": token, "override_reason": "sygnaturę wpisze sąd w protokole"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and _row(firm, settled).review_status == "approved"
    (override,) = _audit(firm, "settlement.override")
    assert any("sygnatura akt nieznana" in str(b) for b in override["blockers"])  # type: ignore[union-attr]
