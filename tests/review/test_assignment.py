"""The firm's rule: the assigned partner decides; another partner takes the case over first."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from store.assignment import Assignee, TakeOverError, assignee_status, take_over
from store.db import session_scope
from store.review import create_user
from store.tables import AuditLog, Case, ReviewDecision
from tests.review.conftest import PASSWORD, ReviewEnv, login, seed_case


@pytest.fixture
def ewa(review_env: ReviewEnv) -> str:
    with session_scope(review_env.engine) as session:
        create_user(session, "ewa", "partner", PASSWORD, full_name="Ewa Druga")
    return "ewa"


def _case(env: ReviewEnv, case_id: int) -> Case:
    with Session(env.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case


def test_another_partner_cannot_decide_without_taking_over(
    client: TestClient, review_env: ReviewEnv, ewa: str
) -> None:
    token = login(client, ewa)
    page = client.get(f"/cases/{review_env.case_id}").text
    assert 'id="approve"' not in page and "Przejmuję sprawę" in page
    assert "przypisana do partnera Paweł Partner" in page
    refused = client.post(f"/cases/{review_env.case_id}/approve", data={"csrf_token": token})
    assert refused.status_code == 409 and "przejmij ją" in refused.text
    with Session(review_env.engine) as session:
        assert session.exec(select(ReviewDecision)).all() == []

    no_reason = client.post(
        f"/cases/{review_env.case_id}/take-over", data={"csrf_token": token, "reason": "  "}
    )
    assert no_reason.status_code == 400 and "podaj powód przejęcia" in no_reason.text
    assert _case(review_env, review_env.case_id).partner == "pawel"

    taken = client.post(
        f"/cases/{review_env.case_id}/take-over",
        data={"csrf_token": token, "reason": "Paweł na urlopie do 15.12"},
    )
    assert taken.status_code == 200 and "Przejęto sprawę SPR/1 od pawel" in taken.text
    assert _case(review_env, review_env.case_id).partner == ewa
    with Session(review_env.engine) as session:
        audit = session.exec(select(AuditLog).where(AuditLog.action == "case_taken_over")).one()
    assert audit.actor == ewa
    expected = {"from": "pawel", "to": ewa, "reason": "Paweł na urlopie do 15.12"}
    assert expected.items() <= json.loads(audit.detail).items()
    history = client.get(f"/cases/{review_env.case_id}").text
    assert "Przejęcie sprawy" in history and "Paweł na urlopie do 15.12" in history

    approved = client.post(
        f"/cases/{review_env.case_id}/approve", data={"csrf_token": token}, follow_redirects=False
    )
    assert approved.status_code == 303
    with Session(review_env.engine) as session:
        (decision,) = session.exec(select(ReviewDecision)).all()
    assert decision.decided_by == ewa


def test_the_assigned_partner_is_not_asked_to_take_over(
    client: TestClient, review_env: ReviewEnv, ewa: str
) -> None:
    login(client, "pawel")
    page = client.get(f"/cases/{review_env.case_id}").text
    assert 'id="approve"' in page and "Przejmuję sprawę" not in page


def test_a_partner_without_an_account_shows_as_unassigned(
    client: TestClient, review_env: ReviewEnv
) -> None:
    # the samples name "esadowska", who has no account in a fresh installation
    orphan = seed_case(
        review_env.engine, review_env.settings.home, ref="SPR/9", partner="esadowska"
    )
    token = login(client, "pawel")
    queue = client.get("/queue").text
    row = queue[queue.index("SPR/9") :]
    row = row[: row.index("</tr>")]
    assert "nieprzypisana / brak konta" in row and "esadowska" in row
    page = client.get(f"/cases/{orphan}").text
    assert "nieprzypisana / brak konta" in page and "Przejmuję sprawę" in page
    # nobody else to ask: taking it over needs no reason
    taken = client.post(f"/cases/{orphan}/take-over", data={"csrf_token": token, "reason": ""})
    assert taken.status_code == 200
    assert _case(review_env, orphan).partner == "pawel"
    queue = client.get("/queue").text
    row = queue[queue.index("SPR/9") :]
    assert "nieprzypisana" not in row[: row.index("</tr>")]


def test_paralegal_cannot_take_over(client: TestClient, review_env: ReviewEnv) -> None:
    token = login(client, "ania")
    response = client.post(
        f"/cases/{review_env.case_id}/take-over", data={"csrf_token": token, "reason": "x"}
    )
    assert response.status_code == 403
    assert _case(review_env, review_env.case_id).partner == "pawel"


def test_take_over_rules_in_the_store(review_env: ReviewEnv, ewa: str) -> None:
    assert assignee_status(None, {"pawel"}) is Assignee.UNASSIGNED
    assert assignee_status("esadowska", {"pawel"}) is Assignee.NO_ACCOUNT
    assert assignee_status("pawel", {"pawel"}) is Assignee.ASSIGNED
    with session_scope(review_env.engine) as session:
        with pytest.raises(TakeOverError, match="już przypisana do Ciebie"):
            take_over(session, review_env.case_id, "pawel", "x")
        with pytest.raises(TakeOverError, match="Tylko partner"):
            take_over(session, review_env.case_id, "ania", "x")
        with pytest.raises(TakeOverError, match="Nie ma sprawy"):
            take_over(session, 10**9, ewa, "x")
