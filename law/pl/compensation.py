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
    """No NBP EUR rate known for the month required; pass an explicit rate.

    ``rate_day`` is the day whose Table A rate is missing, ``due`` the payment deadline; the
    message (Polish) names both and the two ways to supply the rate.
    """

    def __init__(self, rate_day: date, due: date) -> None:
        self.rate_day = rate_day
        self.due = due
        super().__init__(missing_rate_message(rate_day, due))


def missing_rate_message(rate_day: date, due: date) -> str:
    """Polish line for the partner: which NBP EUR rate is missing and how to supply it (K8)."""
    return (
        f"Brak średniego kursu EUR NBP (tabela A) z dnia {rate_day:%d.%m.%Y} (ostatni dzień "
        f"roboczy miesiąca poprzedzającego termin płatności {due:%d.%m.%Y}); uzupełnij kurs: "
        f"handoff rates refresh albo handoff rates set EUR {rate_day.isoformat()} <kurs>"
    )


def _pl_number(value: Decimal) -> str:
    """``4.7170`` -> ``4,7170``; ``4999.99`` -> ``4 999,99`` (Polish spelling for reasons)."""
    whole, _, frac = f"{value:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + " ".join(groups) + (f",{frac}" if frac else "")


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
        raise ValueError(
            "art. 10 u.p.n.o.t.h. stosuje się do terminów płatności od 28.04.2013 "
            f"(podano {due:%d.%m.%Y})"
        )
    rates: Mapping[date, Decimal] = (
        {**EUR_MID_RATES, **extra_rates} if extra_rates else EUR_MID_RATES
    )
    eur = compensation_eur(amount, due)
    day, table_rate = rate_day(due, rates)
    rate = eur_rate if eur_rate is not None else table_rate
    if rate is None:
        raise EurRateUnavailable(day, due)
    pln = money(eur * rate)
    alternative: Decimal | None = None
    notes: tuple[str, ...] = ()
    wymagalnosc = due + timedelta(days=1)
    if eur_rate is None and wymagalnosc.month != due.month:
        alt_day, alt_rate = rate_day(wymagalnosc, rates)
        if alt_rate is not None and money(eur * alt_rate) != pln:
            alternative = money(eur * alt_rate)
            notes = (
                "odczyt alternatywny (wymagalność od dnia następnego po terminie, miesiąc "
                f"{wymagalnosc:%m.%Y}): kurs z {alt_day:%d.%m.%Y} {_pl_number(alt_rate)} zł = "
                f"{_pl_number(alternative)} zł",
            )
    source = (
        "kurs podany"
        if eur_rate is not None
        else f"średni kurs EUR NBP, tabela A, z {day:%d.%m.%Y}"
    )
    reason = (
        f"{_pl_number(eur)} EUR × {_pl_number(rate)} zł ({source}); świadczenie "
        f"{_pl_number(money(amount))} zł, termin płatności {due:%d.%m.%Y}"
    )
    cites = (ART_10, Cite("u.p.n.o.t.h.", "art. 10 ust. 1 (kurs NBP)"))
    figure = Figure(pln, cites, reason, alternative is not None, alternative, notes)
    return Compensation(eur, rate, day, figure)
