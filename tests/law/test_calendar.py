"""Calendar and term counting (polish_law.md 2.1-2.4)."""

from __future__ import annotations

from datetime import date

import pytest

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
