"""Rekompensata za koszty odzyskiwania należności (art. 10 u.p.n.o.t.h.).

Per invoice (not aggregated across invoices of one contract): 40 EUR if the performance is
<= 5 000 zł, 70 EUR if > 5 000 and < 50 000 zł, 100 EUR if >= 50 000 zł (since 1.01.2020;
before: a flat 40 EUR); only in commercial transactions whose payment deadline falls on or
after 28.04.2013. Converted at the NBP Table A mid EUR rate of the last business day of the
month preceding the month in which the payment became due - read as the month of the payment
deadline (calculators, R9); the "due = deadline + 1" reading (R10) is returned as the
contested alternative when it changes the month.

References:
    * u.p.n.o.t.h. art. 10 ust. 1-2 (polish_law.md 5.4) [S73][S76]; SN III CZP 94/15 [S74];
      CJEU 1.12.2022 per-invoice [S75].
    * NBP Table A archive [S77] -> ``law.pl.data.eur_mid_rates``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from law.citation import Cite, Figure, money
from law.pl.calendar import previous_working_day
from law.pl.data.eur_mid_rates import EUR_MID_RATES

ACT_IN_FORCE = date(2013, 4, 28)
TIERS_FROM = date(2020, 1, 1)
ART_10 = Cite("u.p.n.o.t.h.", "art. 10 ust. 1")
MAX_WALK_BACK_DAYS = 10


class EurRateUnavailable(LookupError):
    """No NBP EUR rate known for the month required; pass an explicit rate."""


@dataclass(frozen=True, slots=True)
class Compensation:
    eur: Decimal
    eur_rate: Decimal
    rate_date: date
    figure: Figure[Decimal]  # PLN; alternative = R10 reading when it differs

    @property
    def pln(self) -> Decimal:
        return self.figure.value


def compensation_eur(amount: Decimal, due: date) -> Decimal:
    """EUR tier for a performance of ``amount`` zł with payment deadline ``due``."""
    if due < TIERS_FROM:
        return Decimal(40)
    if amount <= 5000:
        return Decimal(40)
    if amount < 50000:
        return Decimal(70)
    return Decimal(100)


def rate_day(month_of: date, rates: Mapping[date, Decimal]) -> tuple[date, Decimal | None]:
    """Last day with a Table A of the month preceding ``month_of``'s month.

    Walks back from the last day of that month over days without a table; if the table does
    not cover the month at all, returns the last working day by the calendar and ``None``.
    """
    day = date(month_of.year, month_of.month, 1) - timedelta(days=1)
    for _ in range(MAX_WALK_BACK_DAYS):
        if day in rates:
            return day, rates[day]
        day -= timedelta(days=1)
    return previous_working_day(date(month_of.year, month_of.month, 1) - timedelta(days=1)), None


def compensation(
    amount: Decimal,
    due: date,
    *,
    eur_rate: Decimal | None = None,
    extra_rates: Mapping[date, Decimal] | None = None,
) -> Compensation:
    """Rekompensata in PLN for one invoice of ``amount`` zł due on ``due``.

    ``eur_rate`` overrides the table (e.g. a rate fetched from api.nbp.pl); ``extra_rates``
    supplements the bundled table with newer days. Raises ``EurRateUnavailable`` if no rate is
    known and none was given, ``ValueError`` before 28.04.2013.
    """
    if due < ACT_IN_FORCE:
        raise ValueError("art. 10 u.p.n.o.t.h. applies to deadlines from 2013-04-28")
    rates: Mapping[date, Decimal] = (
        {**EUR_MID_RATES, **extra_rates} if extra_rates else EUR_MID_RATES
    )
    eur = compensation_eur(amount, due)
    day, table_rate = rate_day(due, rates)
    rate = eur_rate if eur_rate is not None else table_rate
    if rate is None:
        raise EurRateUnavailable(
            f"no NBP EUR rate for {day.isoformat()} (month before {due:%Y-%m}); pass a rate"
        )
    pln = money(eur * rate)
    alternative: Decimal | None = None
    notes: tuple[str, ...] = ()
    wymagalnosc = due + timedelta(days=1)
    if eur_rate is None and wymagalnosc.month != due.month:
        alt_day, alt_rate = rate_day(wymagalnosc, rates)
        if alt_rate is not None and money(eur * alt_rate) != pln:
            alternative = money(eur * alt_rate)
            notes = (f"R10: kurs z {alt_day.isoformat()} ({alt_rate}) -> {alternative} zł",)
    source = "kurs podany" if eur_rate is not None else f"kurs średni NBP z {day.isoformat()}"
    reason = f"{eur} EUR x {rate} ({source}) dla kwoty {money(amount)} zł, termin {due.isoformat()}"
    cites = (ART_10, Cite("u.p.n.o.t.h.", "art. 10 ust. 1 (kurs NBP)"))
    figure = Figure(pln, cites, reason, alternative is not None, alternative, notes)
    return Compensation(eur, rate, day, figure)
