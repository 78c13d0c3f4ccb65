"""Court-event deadlines: worked cases D* of polish_law.md 7.2 and the no-holiday property."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from law.pl.calendar import is_holiday
from law.pl.deadlines import EVENT_LABELS, STEPS, EventKind, Side, deadlines_for
from tests.law.conftest import golden

CASES = golden("deadlines")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_worked_cases(case: dict[str, Any]) -> None:
    (deadline,) = deadlines_for(EventKind(case["event"]), date.fromisoformat(case["on"]))
    assert deadline.due_on == date.fromisoformat(case["due_on"]), case["source"]
    assert deadline.action == case["action"]
    assert deadline.cites and deadline.reason


@pytest.mark.parametrize(
    ("served", "due_on", "why"),
    [
        # KPC art. 130^2 §3 (K5): one week from service of the return order, art. 112 KC,
        # shifted by art. 115 KC (via art. 165 §1 KPC) off Saturdays and holidays
        (date(2025, 10, 27), date(2025, 11, 3), "Mon -> Mon"),
        (date(2025, 12, 17), date(2025, 12, 29), "Wed 24.12.2025 Wigilia (holiday since 2025)"),
        (date(2024, 12, 17), date(2024, 12, 24), "Tue 24.12.2024, a working day then"),
        (date(2025, 12, 18), date(2025, 12, 29), "Thu 25.12 -> Fri 26 -> Sat -> Sun -> Mon"),
        (date(2025, 12, 30), date(2026, 1, 7), "Tue 6.01.2026 Trzech Króli"),
        (date(2026, 4, 29), date(2026, 5, 6), "1.05 Fri, 3.05 Sun: Wed 6.05 unaffected"),
        (date(2026, 4, 25), date(2026, 5, 4), "Sat 2.05 -> Sun 3.05 (holiday) -> Mon 4.05"),
    ],
)
def test_returned_for_unpaid_fee_opens_one_week_top_up(
    served: date, due_on: date, why: str
) -> None:
    (deadline,) = deadlines_for(EventKind.RETURNED_UNPAID_FEE, served)
    assert deadline.due_on == due_on, why
    assert deadline.side is Side.OURS
    assert deadline.action == "uiszczenie brakującej opłaty po zwrocie pisma"
    assert [str(c) for c in deadline.cites][:2] == ["KPC art. 130^2 §3", "KPC art. 165 §1"]
    assert "od doręczenia zarządzenia o zwrocie" in deadline.reason


def test_every_event_kind_has_steps_and_a_polish_label() -> None:
    assert set(EVENT_LABELS) == set(EventKind) == set(STEPS)
    assert EVENT_LABELS[EventKind.RETURNED_UNPAID_FEE] == "zwrot pisma z powodu nieopłacenia"


def test_sides() -> None:
    on = date(2025, 10, 27)
    assert deadlines_for(EventKind.PAYMENT_ORDER_SERVED, on)[0].side is Side.THEIRS
    assert deadlines_for(EventKind.JUDGMENT_REASONS_SERVED, on)[0].side is Side.OURS


def test_unconfirmed_provisions_say_so() -> None:
    on = date(2025, 10, 27)
    for kind in (EventKind.EPU_DISCONTINUED, EventKind.SERVICE_FAILED_NOTICE):
        assert "UNCONFIRMED" in deadlines_for(kind, on)[0].reason


@given(
    kind=st.sampled_from(list(EventKind)),
    on=st.dates(min_value=date(2017, 1, 1), max_value=date(2035, 12, 31)),
)
def test_never_on_weekend_or_holiday(kind: EventKind, on: date) -> None:
    for deadline in deadlines_for(kind, on):
        assert deadline.due_on.weekday() < 5
        assert not is_holiday(deadline.due_on)
        assert deadline.due_on >= on
