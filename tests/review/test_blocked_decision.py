"""The review page: a decision moves the case at once; a blocked case is approved only with
an override reason (``store.review.record_decision`` / ``Blocked``). SQLite and PostgreSQL."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from store.tables import AuditLog, Case, ReviewDecision
from tests.review.conftest import ReviewEnv, login, seed_case


def _stage(env: ReviewEnv, case_id: int) -> str:
    with Session(env.engine) as s:
        case = s.get(Case, case_id)
        assert case is not None
        return case.stage


def test_an_approval_on_the_page_moves_the_case_at_once(
    client: TestClient, review_env: ReviewEnv
) -> None:
    token = login(client, "pawel")
    response = client.post(
        f"/cases/{review_env.case_id}/approve",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert _stage(review_env, review_env.case_id) == "approved"  # no flow run needed
    assert f'href="/cases/{review_env.case_id}"' not in client.get("/queue").text


def test_a_bankrupt_debtor_needs_an_override_reason(
    client: TestClient, review_env: ReviewEnv
) -> None:
    case_id = seed_case(
        review_env.engine, review_env.settings.home, ref="SPR/UPADLY", bankrupt=True
    )
    token = login(client, "pawel")
    refused = client.post(f"/cases/{case_id}/approve", data={"csrf_token": token})
    assert refused.status_code in {400, 409}
    assert _stage(review_env, case_id) == "ready_for_review"
    with Session(review_env.engine) as s:
        assert s.exec(select(ReviewDecision).where(ReviewDecision.case_id == case_id)).all() == []

    reason = "Sprawdziłem: upadłość uchylona postanowieniem z 10.11.2026."
    response = client.post(
        f"/cases/{case_id}/approve",
        data={"csrf_token": token, "override_reason": reason},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert _stage(review_env, case_id) == "approved"
    with Session(review_env.engine) as s:
        audit = s.exec(
            select(AuditLog).where(
                AuditLog.case_id == case_id, AuditLog.action == "review_override"
            )
        ).one()
    detail = json.loads(audit.detail)
    assert audit.actor == "pawel" and detail["reason"] == reason
    assert [b["code"] for b in detail["blockers"]] == ["bankruptcy"]
