"""Events -> deadlines in the store: holiday edge dates, edit, delete, done, audit, limitation."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlmodel import select

from law.pl.deadlines import STEPS, EventKind, deadlines_for
from store.db import session_scope
from store.deadlines import (
    LIMITATION_RULE,
    CaseNotFound,
    EventNotFound,
    delete_event,
    edit_event,
    list_deadlines,
    mark_done,
    record_event,
    sync_limitation_deadlines,
)
from store.tables import AuditLog, Deadline

from .conftest import add_case

# (kind, event date, expected last day, why) - polish_law.md 7.2 and hand-counted dates
# around Christmas 2025 (24-26 Dec holidays, Wigilia free since 2025), New Year, Epiphany.
EDGE_CASES = [
    (EventKind.PAYMENT_ORDER_SERVED, date(2025, 12, 10), date(2025, 12, 29), "D1: Wigilia"),
    (EventKind.PAYMENT_ORDER_SERVED, date(2024, 12, 10), date(2024, 12, 24), "D2: 2024"),
    (EventKind.PAYMENT_ORDER_SERVED, date(2025, 12, 20), date(2026, 1, 5), "D6: Sat->Mon"),
    (EventKind.CALL_SERVED, date(2025, 10, 27), date(2025, 11, 3), "D12: 7 days"),
    (EventKind.APPEAL_JUDGMENT_REASONS_SERVED, date(2025, 12, 31), date(2026, 3, 2), "D14"),
    (EventKind.JUDGMENT_ANNOUNCED, date(2025, 12, 17), date(2025, 12, 29), "1 w -> Wigilia"),
    (EventKind.JUDGMENT_REASONS_SERVED, date(2025, 12, 11), date(2025, 12, 29), "2 w -> Thu 25"),
    (EventKind.DECISION_SERVED, date(2025, 12, 30), date(2026, 1, 7), "1 w -> 6 Jan"),
    (EventKind.DECISION_SERVED, date(2025, 12, 19), date(2025, 12, 29), "1 w -> Fri 26"),
    (EventKind.CALL_SERVED, date(2025, 12, 25), date(2026, 1, 2), "7 d -> Thu 1 Jan"),
    (EventKind.SERVICE_FAILED_NOTICE, date(2025, 10, 24), date(2025, 12, 29), "2 m -> Wigilia"),
    (EventKind.EPU_DISCONTINUED, date(2025, 9, 26), date(2025, 12, 29), "3 m -> Fri 26"),
    (EventKind.STATEMENT_OF_CLAIM_SERVED, date(2025, 12, 12), date(2025, 12, 29), "2 w Fri 26"),
    (EventKind.PAYMENT_ORDER_FINAL, date(2025, 12, 24), date(2025, 12, 29), "0 d on Wigilia"),
    (EventKind.CAUSE_OF_DELAY_CEASED, date(2025, 12, 19), date(2025, 12, 29), "1 w -> Fri 26"),
    (EventKind.NEW_EVIDENCE_POSSIBLE, date(2025, 12, 12), date(2025, 12, 29), "2 w -> Fri 26"),
    (EventKind.RETURNED_UNPAID_FEE, date(2025, 12, 18), date(2025, 12, 29), "130^2: 1 w Thu 25"),
    (EventKind.JUDGMENT_FINAL, date(2025, 12, 24), date(2025, 12, 29), "final: 0 d on Wigilia"),
]


def test_every_event_kind_is_covered() -> None:
    # the lifecycle-only kinds (issue #17: order issued, objection, settled, ...) open none
    opening = {k for k in EventKind if STEPS[k]}
    assert {k for k, *_ in EDGE_CASES} == opening
    assert set(EventKind) == set(STEPS)


@pytest.mark.parametrize(("kind", "on", "due", "why"), EDGE_CASES, ids=[c[3] for c in EDGE_CASES])
def test_event_stores_its_deadlines_on_holiday_edges(
    engine: sa.Engine, kind: EventKind, on: date, due: date, why: str
) -> None:
    add_case(engine, "ABC/1")
    with session_scope(engine) as s:
        event, rows = record_event(s, "ABC/1", kind, on, signature="I Nc 1/25", actor="anna")
    expected = deadlines_for(kind, on)
    assert [r.due_on for r in rows] == [d.due_on for d in expected] == [due]
    row = rows[0]
    assert (row.action, row.side, row.status) == (expected[0].action, expected[0].side, "open")
    assert "KC art. 115" in row.cites
    assert row.responsible == "anna" and row.event_id == event.id


def test_edit_moves_delete_cancels_done_stays_done_audited(engine: sa.Engine) -> None:
    add_case(engine, "ABC/2")
    with session_scope(engine) as s:
        ev1, (sprzeciw,) = record_event(
            s, "ABC/2", EventKind.PAYMENT_ORDER_SERVED, date(2025, 12, 10), actor="anna"
        )
        ev2, (zazalenie,) = record_event(
            s, "ABC/2", EventKind.DECISION_SERVED, date(2025, 12, 1), actor="anna"
        )
    assert sprzeciw.due_on == date(2025, 12, 29)

    # the service date was entered wrong: the deadline moves
    with session_scope(engine) as s:
        _, (moved,) = edit_event(s, ev1.id, on=date(2025, 12, 20), actor="ola")
    assert moved.id == sprzeciw.id and moved.due_on == date(2026, 1, 5)

    # done stays done, even when its event is edited or deleted
    with session_scope(engine) as s:
        mark_done(s, zazalenie.id, actor="anna")
    with session_scope(engine) as s:
        _, (kept,) = edit_event(s, ev2.id, on=date(2025, 12, 3), actor="ola")
    assert kept.status == "done" and kept.due_on == date(2025, 12, 8)

    # a changed kind cancels the old rule's deadline and opens the new one
    with session_scope(engine) as s:
        _, rows = edit_event(s, ev1.id, kind=EventKind.CALL_SERVED, actor="ola")
    assert {(r.rule_key, r.status) for r in rows} == {
        ("payment-order-served:0", "cancelled"),
        ("call-served:0", "open"),
    }
    # deleting the event cancels its open deadlines
    with session_scope(engine) as s:
        cancelled = delete_event(s, ev1.id, actor="ola")
        delete_event(s, ev2.id, actor="ola")
    assert {r.status for r in cancelled} == {"cancelled"}
    with session_scope(engine) as s:
        assert s.get(Deadline, zazalenie.id).status == "done"  # type: ignore[union-attr]
        assert list_deadlines(s, case_ref="ABC/2") == []
        with pytest.raises(EventNotFound):
            edit_event(s, ev1.id, note="x")
        actions = [a.action for a in s.exec(select(AuditLog).order_by(AuditLog.id)).all()]
    assert actions == [
        "event.add",
        "deadline.add",
        "event.add",
        "deadline.add",
        "event.edit",
        "deadline.move",
        "deadline.done",
        "event.edit",
        "event.edit",
        "deadline.add",
        "deadline.cancel",
        "event.delete",
        "deadline.cancel",
        "event.delete",
    ]


def test_unknown_case_is_refused(engine: sa.Engine) -> None:
    with session_scope(engine) as s, pytest.raises(CaseNotFound):
        record_event(s, "NOPE", EventKind.CALL_SERVED, date(2025, 1, 2))


def test_limitation_deadline_is_one_row_per_case_and_follows_the_case(engine: sa.Engine) -> None:
    from store.tables import Case

    pre = add_case(engine, "L/1", stage="intake", limitation=date(2026, 3, 1))
    filed = add_case(engine, "L/2", stage="filed", limitation=date(2026, 3, 1))
    add_case(engine, "L/3", stage="intake", limitation=None)
    for _ in range(3):
        with session_scope(engine) as s:
            sync_limitation_deadlines(s)

    def rows() -> list[tuple[int, date, str]]:
        with session_scope(engine) as s:
            q = select(Deadline).where(Deadline.rule_key == LIMITATION_RULE)
            return sorted((d.case_id, d.due_on, d.status) for d in s.exec(q).all())

    assert rows() == [(pre, date(2026, 3, 1), "open")]
    # the partial unique index refuses a second case-level row even past the application
    with pytest.raises(sa.exc.IntegrityError), session_scope(engine) as s:
        s.add(
            Deadline(
                case_id=pre,
                rule_key=LIMITATION_RULE,
                action="x",
                side="ours",
                due_on=date(2026, 1, 1),
            )
        )
        s.flush()
    with session_scope(engine) as s:
        case = s.get(Case, pre)
        assert case is not None
        case.earliest_limitation = date(2026, 2, 1)
        s.add(case)
    with session_scope(engine) as s:
        sync_limitation_deadlines(s)
    assert rows() == [(pre, date(2026, 2, 1), "open")]
    with session_scope(engine) as s:
        case = s.get(Case, pre)
        assert case is not None
        case.stage = "filed"
        s.add(case)
    with session_scope(engine) as s:
        sync_limitation_deadlines(s)
    assert rows() == [(pre, date(2026, 2, 1), "cancelled")]
    assert filed not in {r[0] for r in rows()}
