"""The queue's "Decyzja: …" badge shows only a decision still waiting to take effect.

Decisions move the case when recorded (store.review.record_decision); a case sent back and
redrafted is in review again while its send-back may still be unseen by any flow run
(``applied_at`` NULL). That send-back is history, not a pending decision: no badge, the case
counts as undecided, and the next flow run does not send the case back a second time.
Only rows of the older code (written while the case kept waiting) are still pending.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from store.db import session_scope
from store.review import (
    apply_pending_decisions,
    pending_decision,
    record_decision,
    review_queue,
    undecided,
)
from store.tables import Case, GeneratedDocument, ReviewDecision
from tests.review.conftest import ReviewEnv, login, make_docx


def _back_in_review(env: ReviewEnv) -> None:
    """What the drafting flow does after a send-back: a new pozew, the case in review."""
    v2 = env.settings.home / "documents" / "pozew-v2.docx"
    with session_scope(env.engine) as session:
        session.add(
            GeneratedDocument(
                case_id=env.case_id,
                kind="pozew",
                version=2,
                path=str(v2),
                sha256=make_docx(v2, "Pozew poprawiony"),
                input_hash="in-v2",
            )
        )
        case = session.get(Case, env.case_id)
        assert case is not None
        case.stage = "ready_for_review"
        session.add(case)


def test_a_send_back_in_effect_is_no_pending_decision_once_back_in_review(
    client: TestClient, review_env: ReviewEnv
) -> None:
    token = login(client, "pawel")
    response = client.post(
        f"/cases/{review_env.case_id}/send-back",
        data={"csrf_token": token, "comment": "Dołącz dowód doręczenia"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    _back_in_review(review_env)  # no flow run has processed the send-back
    with Session(review_env.engine) as session:
        (row,) = session.exec(select(ReviewDecision)).all()
        assert row.applied_at is None
        assert pending_decision(session, review_env.case_id) is None
        assert undecided(session, [review_env.case_id]) == [review_env.case_id]
        (queued,) = review_queue(session)
        assert queued.pending is None
    html = client.get("/queue").text
    assert "SPR/1" in html and "Decyzja:" not in html
    case_html = client.get(f"/cases/{review_env.case_id}").text
    assert 'name="seen_document_id"' in case_html  # the partner may decide again
    # the next flow run acknowledges the old send-back; it does not send the case back again
    with session_scope(review_env.engine) as session:
        assert apply_pending_decisions(session) == []
    with Session(review_env.engine) as session:
        case = session.get(Case, review_env.case_id)
        assert case is not None and case.stage == "ready_for_review"
        assert session.exec(select(ReviewDecision)).one().applied_at is not None
    with session_scope(review_env.engine) as session:  # and the partner decides anew
        record_decision(session, review_env.case_id, "pawel", "approve")


def test_a_decision_of_the_older_code_still_shows_as_pending(
    client: TestClient, review_env: ReviewEnv
) -> None:
    """Written while the case kept waiting (no audit row naming it): still the badge."""
    with session_scope(review_env.engine) as session:
        session.add(
            ReviewDecision(
                case_id=review_env.case_id, decision="approve", comment="", decided_by="pawel"
            )
        )
    login(client, "ania")
    assert "Decyzja: zatwierdzona (pawel)" in client.get("/queue").text
