"""Polish working-day calendar and the counting of terms (art. 110-115 KC).

Terms in days exclude the day of the triggering event (art. 111 par. 2 KC); terms in weeks,
months and years end on the day corresponding by name or date to the start day, clamped to
the last day of a shorter month (art. 112 KC). A term to perform an act that ends on a
Saturday or a statutory non-working day moves to the next working day (art. 115 KC, art. 165
par. 1 KPC) - but never a limitation period (SN III CZP 21/23).

A contractual payment deadline (termin płatności) is such a term too (polish_law.md 0b K3,
dominant view): ending on a Saturday or a holiday it moves to the next working day, and the
delay - interest, rekompensata, wymagalność (art. 187 par. 1 pkt 1^1 KPC) and the start of
limitation (art. 120 par. 1 KC) - begins the day after the moved day
(``payment_deadline``). Saturdays count since 1.01.2017; before, only Sundays and holidays.

References:
    * KC art. 111-112, 115 (polish_law.md 2.1, [S29][S30]).
    * Ustawa z 18.01.1951 o dniach wolnych od pracy; 24 Dec free from 2025 (Dz.U. 2024
      poz. 1965) - via python-holidays >= 0.64 (polish_law.md 2.3, [S34][S36]).
    * SN III CZP 21/23 of 22.05.2024 (no art. 115 shift for limitation) [S31].
    * Art. 115 KC on payment deadlines: Gazeta Podatkowa 77/2021 "Sobota wydłuża termin
      płatności" (polish_law.md 0b K3); Saturdays in art. 115 since 1.01.2017 (2.1 [S30]).
"""

from __future__ import annotations

import calendar as _calendar
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays

from law.citation import Cite

ART_111 = Cite("KC", "art. 111 §2")
ART_112 = Cite("KC", "art. 112")
ART_115 = Cite("KC", "art. 115")
KPC_165 = Cite("KPC", "art. 165 §1")
SATURDAY_IN_ART_115 = date(2017, 1, 1)  # art. 115 KC names Saturdays from this day


class Unit(StrEnum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.Poland(years=year).keys())


def is_holiday(day: date) -> bool:
    """Statutory non-working day (Sundays are checked separately)."""
    return day in _holidays(day.year)


def is_working_day(day: date) -> bool:
    """Not a Saturday, not a Sunday, not a statutory holiday (art. 115 KC)."""
    return day.weekday() < 5 and not is_holiday(day)


def next_working_day(day: date) -> date:
    """``day`` itself if it is a working day, else the next one (art. 115 KC shift)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def payment_deadline(deadline: date) -> date:
    """The day a contractual payment deadline really ends (art. 115 KC, K3).

    A deadline on a Saturday or a statutory non-working day moves to the next day that is
    neither; payment on that day is on time, the delay starts the day after it. Never use
    this for the end of a limitation period (SN III CZP 21/23).
    """
    if deadline >= SATURDAY_IN_ART_115:  # art. 115 KC as amended, Saturdays from 1.01.2017
        return next_working_day(deadline)
    while deadline.weekday() == 6 or is_holiday(deadline):  # before: Sundays and holidays
        deadline += timedelta(days=1)
    return deadline


def previous_working_day(day: date) -> date:
    """``day`` itself if it is a working day, else the closest earlier one."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def add_months(start: date, months: int) -> date:
    """Same date ``months`` later, clamped to the month end (art. 112 KC: 31.12 + 2 m -> 28.02)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = _calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def add_years(start: date, years: int) -> date:
    """Same date ``years`` later; 29 Feb -> 28 Feb (art. 112 KC)."""
    return add_months(start, 12 * years)


def term_end(event: date, amount: int, unit: Unit) -> date:
    """Raw end of a term counted from ``event`` (art. 111-112 KC), without the art. 115 shift."""
    if unit is Unit.DAYS:
        return event + timedelta(days=amount)
    if unit is Unit.WEEKS:
        return event + timedelta(weeks=amount)
    if unit is Unit.MONTHS:
        return add_months(event, amount)
    return add_years(event, amount)


def procedural_term_end(event: date, amount: int, unit: Unit) -> date:
    """End of a term to perform an act: art. 111-112 KC then the art. 115 KC shift."""
    return next_working_day(term_end(event, amount, unit))


def last_day_of_month(day: date) -> date:
    return date(day.year, day.month, _calendar.monthrange(day.year, day.month)[1])
