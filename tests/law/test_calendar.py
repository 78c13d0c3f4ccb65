"""Calendar and term counting (polish_law.md 2.1-2.4)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from law.pl.calendar import Unit, add_months, is_working_day, next_working_day, term_end


@pytest.mark.parametrize(
    ("day", "working", "source"),
    [
        (date(2025, 12, 24), False, "H1: Wigilia free since 2025 (Dz.U. 2024 poz. 1965)"),
        (date(2024, 12, 24), True, "H1: Wigilia a working day in 2024"),
        (date(2011, 1, 6), False, "2.3: Trzech Króli since 2011"),
        (date(2026, 4, 6), False, "2.3: Easter Monday 2026"),
        (date(2026, 6, 4), False, "2.3: Corpus Christi 2026"),
        (date(2025, 11, 8), False, "2.1: Saturday counts as non-working (art. 115 KC)"),
        (date(2025, 11, 3), True, "ordinary Monday"),
    ],
)
def test_working_days(day: date, working: bool, source: str) -> None:
    assert is_working_day(day) is working, source


@pytest.mark.parametrize(
    ("start", "months", "expected", "source"),
    [
        (date(2025, 12, 31), 2, date(2026, 2, 28), "D14 / art. 112 KC month-end clamp"),
        (date(2024, 1, 31), 1, date(2024, 2, 29), "art. 112 KC, leap year"),
        (date(2024, 2, 29), 12, date(2025, 2, 28), "art. 112 KC: 29 Feb -> 28 Feb"),
        (date(2025, 3, 15), -36, date(2022, 3, 15), "negative months"),
    ],
)
def test_add_months(start: date, months: int, expected: date, source: str) -> None:
    assert add_months(start, months) == expected, source


def test_days_exclude_event_day() -> None:
    # D12: art. 111 §2 KC
    assert term_end(date(2025, 10, 27), 7, Unit.DAYS) == date(2025, 11, 3)


def test_next_working_day_over_christmas_2025() -> None:
    assert next_working_day(date(2025, 12, 24)) == date(2025, 12, 29)


@pytest.mark.parametrize(
    ("deadline", "expected", "source"),
    [
        # TT/WIND/2026/0171: Sunday 30.08.2026 -> Monday 31.08 (interest from 1.09)
        (date(2026, 8, 30), date(2026, 8, 31), "K3: Sunday -> Monday (art. 115 KC)"),
        # TT/WIND/2026/0171: Saturday 19.09.2026 -> Monday 21.09 (interest from 22.09)
        (date(2026, 9, 19), date(2026, 9, 21), "K3: Saturday -> Monday (art. 115 KC)"),
        (date(2026, 9, 18), date(2026, 9, 18), "a Friday stays"),
        (date(2025, 12, 24), date(2025, 12, 29), "K3 + 2.3: Wigilia 2025, 25-26.12, weekend"),
        (date(2024, 12, 24), date(2024, 12, 24), "2.3: Wigilia 2024 was a working day"),
        (date(2024, 12, 25), date(2024, 12, 27), "2.3: 25-26.12 holidays, Friday 27.12"),
        (date(2023, 12, 30), date(2024, 1, 2), "Saturday, Sunday, 1.01 holiday -> 2.01"),
        (date(2022, 12, 31), date(2023, 1, 2), "Saturday 31.12.2022 -> Monday 2.01.2023"),
        (date(2026, 1, 6), date(2026, 1, 7), "2.3: Trzech Króli (Tuesday) -> Wednesday"),
        (date(2026, 4, 5), date(2026, 4, 7), "2.3: Easter Sunday and Monday 2026"),
        (date(2026, 6, 4), date(2026, 6, 5), "2.3: Corpus Christi 2026 (Thursday)"),
        (date(2026, 5, 1), date(2026, 5, 4), "1.05 Friday, weekend, 3.05 Sunday -> 4.05"),
        (date(2016, 12, 31), date(2016, 12, 31), "2.1: a Saturday before 1.01.2017 stays"),
        (date(2016, 11, 5), date(2016, 11, 5), "2.1: Saturdays only from 1.01.2017"),
        (date(2016, 11, 6), date(2016, 11, 7), "2.1: a Sunday moved before 2017 too"),
    ],
)
def test_payment_deadline_art_115(deadline: date, expected: date, source: str) -> None:
    from law.pl.calendar import payment_deadline

    assert payment_deadline(deadline) == expected, source


@given(st.dates(min_value=date(2017, 1, 1), max_value=date(2035, 12, 31)))
def test_payment_deadline_is_the_first_working_day_on_or_after(deadline: date) -> None:
    # art. 115 KC: the next day that is neither a Saturday nor a statutory non-working day
    from law.pl.calendar import payment_deadline

    moved = payment_deadline(deadline)
    assert is_working_day(moved) and deadline <= moved <= deadline + timedelta(days=5)
    assert all(
        not is_working_day(deadline + timedelta(days=n)) for n in range((moved - deadline).days)
    )
    assert payment_deadline(moved) == moved
