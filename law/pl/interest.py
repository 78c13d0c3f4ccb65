"""Delay interest on a money claim, split by rate period.

Convention (polish_law.md 5.1, industry practice, DERIVED): simple interest,
``principal x rate x days / 365``, from the first day of delay (the day after the payment
deadline) through the payment or reference day inclusive; segments are split where the rate
changes, summed unrounded and rounded to grosze once at the end.

References:
    * KC art. 481 §1-2, 481 §2^1 (statutory delay interest) [S60][S61].
    * u.p.n.o.t.h. art. 4 pkt 3, art. 7-8, art. 11b (commercial interest) [S69][S70][S71].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

from law.citation import Cite, Figure, money
from law.pl.rates import CITES, KIND_NAMES, InterestKind, annual_rate, change_days
from law.pl.text import pl_date, pl_money

DAYS_IN_YEAR = Decimal(365)  # leap-year basis UNCONFIRMED (polish_law.md 8.13)


def _days_word(days: int) -> str:
    return "dzień" if days == 1 else "dni"


@dataclass(frozen=True, slots=True)
class InterestPeriod:
    """One segment with a constant rate; both ends inclusive."""

    start: date
    end: date
    days: int
    rate: Decimal  # annual, in %
    amount: Decimal  # unrounded


@dataclass(frozen=True, slots=True)
class InterestResult:
    kind: InterestKind
    principal: Decimal
    start: date
    end: date
    periods: tuple[InterestPeriod, ...]
    exact: Decimal  # unrounded sum
    figure: Figure[Decimal]  # rounded to grosze, with cites

    @property
    def amount(self) -> Decimal:
        return self.figure.value


def interest(principal: Decimal, start: date, end: date, kind: InterestKind) -> InterestResult:
    """Interest of ``kind`` on ``principal`` for every day from ``start`` to ``end`` inclusive.

    ``start`` is the first day of delay (payment deadline + 1). An empty range (end < start)
    gives zero. Raises ``ValueError`` for a negative principal and ``RateUnavailable`` for days
    before 2016.
    """
    periods = _periods(principal, start, end, kind)
    exact = sum((p.amount for p in periods), Decimal(0))
    total_days = sum(p.days for p in periods)
    reason = (
        f"{KIND_NAMES[kind]} od {pl_money(principal)} za {total_days} {_days_word(total_days)} "
        f"(od {pl_date(start)} do {pl_date(end)}), okresy stóp: {len(periods)}, "
        "liczba dni / 365"
    )
    cites: tuple[Cite, ...] = CITES[kind]
    return InterestResult(
        kind=kind,
        principal=principal,
        start=start,
        end=end,
        periods=tuple(periods),
        exact=exact,
        figure=Figure(money(exact), cites, reason),
    )


def interest_amount(principal: Decimal, start: date, end: date, kind: InterestKind) -> Decimal:
    """``interest(principal, start, end, kind).amount`` (the same figure, rounded to grosze),
    without its reason text: for the allocation of payments (art. 451 KC), which accrues
    interest at every payment of every case of a bank statement and shows no reason."""
    return money(sum((p.amount for p in _periods(principal, start, end, kind)), Decimal(0)))


def _periods(
    principal: Decimal, start: date, end: date, kind: InterestKind
) -> list[InterestPeriod]:
    """The rate periods from ``start`` to ``end`` inclusive, each with its unrounded amount."""
    if principal < 0:
        raise ValueError("kapitał nie może być ujemny")
    periods: list[InterestPeriod] = []
    if end >= start:
        bounds = [start, *change_days(kind, start, end), end + timedelta(days=1)]
        for seg_start, next_start in pairwise(bounds):
            seg_end = next_start - timedelta(days=1)
            days = (next_start - seg_start).days
            rate = annual_rate(kind, seg_start)
            amount = principal * rate / 100 * days / DAYS_IN_YEAR
            if periods and periods[-1].rate == rate:
                last = periods.pop()
                seg_start, days, amount = last.start, last.days + days, last.amount + amount
            periods.append(InterestPeriod(seg_start, seg_end, days, rate, amount))
    return periods
