"""A partner's decision takes effect at once; blockers block approval unless overridden.

Real stores (SQLite and PostgreSQL); the case is seeded with a real .docx draft
(``tests.review.conftest.seed_case``). No Prefect: a flow run is not needed for a decision to
move its case.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from store.db import session_scope
from store.queries import case_detail, case_rows
from store.review import (
    Blocked,
    InvalidDecision,
    apply_pending_decisions,
    blockers_for,
    create_user,
    overridden_blockers,
    pending_decision,
    record_decision,
    review_queue,
    sent_back_queue,
    undecided,
    unseen_decisions,
)
from store.tables import AuditLog, Case, CaseFinding, GeneratedDocument, ReviewDecision
from tests.review.conftest import make_docx, seed_case

PASSWORD = "haslo-partnera-1"


@pytest.fixture
def partner(engine: sa.Engine) -> str:
    with session_scope(engine) as s:
        create_user(s, "pawel", "partner", PASSWORD)
    return "pawel"


def _case(engine: sa.Engine, case_id: int) -> Case:
    with Session(engine) as s:
        case = s.get(Case, case_id)
        assert case is not None
        return case


def _actions(engine: sa.Engine, case_id: int) -> list[tuple[str, str]]:
    with Session(engine) as s:
        rows = s.exec(select(AuditLog).where(AuditLog.case_id == case_id)).all()
        return [(a.actor, a.action) for a in rows]


def test_an_approval_moves_the_case_at_once(
    engine: sa.Engine, tmp_path: Path, partner: str
) -> None:
    case_id = seed_case(engine, tmp_path)
    with session_scope(engine) as s:
        row = record_decision(s, case_id, partner, "approve")
        assert row.applied_at is None  # not seen by a flow run yet
    # visible at once: `handoff cases show`, `cases list`, the review queue
    assert _case(engine, case_id).stage == "approved"
    detail = case_detail(engine, "SPR/1")
    assert detail is not None and detail["stage"] == "approved"
    assert [r["stage"] for r in case_rows(engine)] == ["approved"]
    with Session(engine) as s:
        assert review_queue(s) == []
        assert pending_decision(s, case_id) is None
        assert undecided(s, [case_id]) == []
        assert [d.id for d in unseen_decisions(s, [case_id])] == [row.id]
    # a flow run sees it once (idempotent), without moving the case again
    with session_scope(engine) as s:
        assert apply_pending_decisions(s) == [(case_id, "approve")]
    with session_scope(engine) as s:
        assert apply_pending_decisions(s) == []
        assert unseen_decisions(s, [case_id]) == []
    assert _case(engine, case_id).stage == "approved"
    actions = _actions(engine, case_id)
    assert ("pawel", "review_approve") in actions
    assert ("flow", "review_acknowledged") in actions


def test_a_send_back_moves_the_case_to_the_sent_back_list_at_once(
    engine: sa.Engine, tmp_path: Path, partner: str
) -> None:
    case_id = seed_case(engine, tmp_path)
    with session_scope(engine) as s:
        record_decision(s, case_id, partner, "send_back", "Popraw odsetki od FV/1")
    case = _case(engine, case_id)
    assert (case.stage, case.review_comment) == ("sent_back", "Popraw odsetki od FV/1")
    with Session(engine) as s:
        (row,) = sent_back_queue(s)
        assert row.case_id == case_id and row.comment == "Popraw odsetki od FV/1"
        assert row.pending is None  # in effect: nothing is waiting for a flow
    with session_scope(engine) as s:
        assert apply_pending_decisions(s, [case_id]) == [(case_id, "send_back")]
    assert _case(engine, case_id).stage == "sent_back"


def test_a_second_decision_and_a_stale_approval_are_refused(
    engine: sa.Engine, tmp_path: Path, partner: str
) -> None:
    case_id = seed_case(engine, tmp_path)
    with Session(engine) as s:
        (seen,) = s.exec(select(GeneratedDocument.id)).all()
    v2 = tmp_path / "documents" / "v2" / "pozew-v2.docx"
    with session_scope(engine) as s:  # a new draft appears while the partner reads v1
        s.add(
            GeneratedDocument(
                case_id=case_id,
                kind="pozew",
                version=2,
                path=str(v2),
                sha256=make_docx(v2, "Nowa wersja"),
                input_hash="in-v2",
            )
        )
    with pytest.raises(InvalidDecision, match="nowsza wersja projektu"), session_scope(engine) as s:
        record_decision(s, case_id, partner, "approve", document_id=seen)
    assert _case(engine, case_id).stage == "ready_for_review"
    with session_scope(engine) as s:
        record_decision(s, case_id, partner, "approve", document_id=seen + 1)
    with (
        pytest.raises(InvalidDecision, match="nie czeka na akceptację"),
        session_scope(engine) as s,
    ):
        record_decision(s, case_id, partner, "send_back", "za późno")
    with Session(engine) as s:
        assert len(s.exec(select(ReviewDecision)).all()) == 1


def test_approving_a_bankrupt_debtor_is_blocked(
    engine: sa.Engine, tmp_path: Path, partner: str
) -> None:
    case_id = seed_case(engine, tmp_path, bankrupt=True)
    with Session(engine) as s:
        assert [b.code for b in blockers_for(s, case_id)] == ["bankruptcy"]
    for reason in (None, "", "   "):
        with pytest.raises(Blocked) as caught, session_scope(engine) as s:
            record_decision(s, case_id, partner, "approve", override_reason=reason)
        assert [b.code for b in caught.value.blockers] == ["bankruptcy"]
        assert str(caught.value).startswith("Sprawy nie można zatwierdzić")
        assert "Dłużnik w upadłości" in str(caught.value)
    assert _case(engine, case_id).stage == "ready_for_review"
    with Session(engine) as s:
        assert s.exec(select(ReviewDecision)).all() == []
    # sending it back is never blocked
    with session_scope(engine) as s:
        record_decision(s, case_id, partner, "send_back", "Sprawdź upadłość")
    assert _case(engine, case_id).stage == "sent_back"


def test_an_override_with_a_reason_approves_and_is_audited(
    engine: sa.Engine, tmp_path: Path, partner: str
) -> None:
    case_id = seed_case(engine, tmp_path, bankrupt=True)
    reason = "Zgłoszenie wierzytelności sędziemu-komisarzowi wymaga tytułu; biorę to na siebie."
    with session_scope(engine) as s:
        row = record_decision(s, case_id, partner, "approve", override_reason=f"  {reason} ")
    assert _case(engine, case_id).stage == "approved"
    with Session(engine) as s:
        audit = s.exec(select(AuditLog).where(AuditLog.action == "review_override")).one()
        assert audit.actor == "pawel" and audit.case_id == case_id
        detail = json.loads(audit.detail)
        assert detail["reason"] == reason and detail["decision_id"] == row.id
        assert [b["code"] for b in detail["blockers"]] == ["bankruptcy"]
        assert overridden_blockers(s, case_id) == {"registry:bankruptcy:"}


def test_a_decision_recorded_before_the_change_is_still_applied(
    engine: sa.Engine, tmp_path: Path, partner: str
) -> None:
    """A row written by the old code (case still waiting) is applied by the next flow run."""
    case_id = seed_case(engine, tmp_path)
    with session_scope(engine) as s:
        s.add(
            ReviewDecision(case_id=case_id, decision="send_back", comment="x", decided_by="pawel")
        )
    with Session(engine) as s:
        assert pending_decision(s, case_id) is not None
        assert undecided(s, [case_id]) == []
        (row,) = review_queue(s)
        assert row.pending is not None
    with session_scope(engine) as s:
        assert apply_pending_decisions(s) == [(case_id, "send_back")]
    assert (_case(engine, case_id).stage, _case(engine, case_id).review_comment) == (
        "sent_back",
        "x",
    )


def test_a_sent_back_case_decided_again_acknowledges_both(
    engine: sa.Engine, tmp_path: Path, partner: str
) -> None:
    case_id = seed_case(engine, tmp_path)
    with session_scope(engine) as s:
        record_decision(s, case_id, partner, "send_back", "Popraw")
    with session_scope(engine) as s:  # the paralegals corrected it; a new draft is up
        case = s.get(Case, case_id)
        assert case is not None
        case.stage = "ready_for_review"
        s.add(case)
    with session_scope(engine) as s:
        record_decision(s, case_id, partner, "approve")
    with session_scope(engine) as s:
        assert apply_pending_decisions(s) == [(case_id, "approve")]
    assert _case(engine, case_id).stage == "approved"
    with Session(engine) as s:
        assert all(d.applied_at is not None for d in s.exec(select(ReviewDecision)).all())
        blocker_rows = s.exec(select(CaseFinding)).all()
        assert blocker_rows == []
