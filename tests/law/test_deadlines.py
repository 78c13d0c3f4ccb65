"""Court-event deadlines: worked cases D* of polish_law.md 7.2 and the no-holiday property."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from law.pl.calendar import is_holiday
from law.pl.deadlines import EventKind, Side, deadlines_for
from tests.law.conftest import golden

CASES = golden("deadlines")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_worked_cases(case: dict[str, Any]) -> None:
    (deadline,) = deadlines_for(EventKind(case["event"]), date.fromisoformat(case["on"]))
    assert deadline.due_on == date.fromisoformat(case["due_on"]), case["source"]
    assert deadline.action == case["action"]
    assert deadline.cites and deadline.reason


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
