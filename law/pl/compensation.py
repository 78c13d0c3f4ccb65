"""Rekompensata za koszty odzyskiwania należności (art. 10 u.p.n.o.t.h.).

Per invoice (not aggregated across invoices of one contract): 40 EUR if the performance is
<= 5 000 zł, 70 EUR if > 5 000 and < 50 000 zł, 100 EUR if >= 50 000 zł (since 1.01.2020;
before: a flat 40 EUR); only in commercial transactions whose payment deadline falls on or
after 28.04.2013. Converted at the NBP Table A mid EUR rate of the last business day of the
month preceding the month in which the payment became due - read as the month of the payment
deadline (calculators, R9); the "due = deadline + 1" reading (R10) is returned as the
contested alternative when it changes the month.

The payment deadline is the one after art. 115 KC (K3): a deadline on a Saturday or a
statutory holiday moves to the next working day, and that day decides the tier, the month of
the rate and the day the rekompensata falls due (31.10.2026, a Saturday -> 2.11.2026: the
rate of 30.10.2026, not 30.09.2026). ``compensation`` applies the move itself, so the claim
aggregate and ``handoff calc compensation`` agree; the move is idempotent.

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
from law.pl.calendar import ART_115, payment_deadline, previous_working_day
from law.pl.data.eur_mid_rates import EUR_MID_RATES
from law.pl.text import pl_date, pl_number

ACT_IN_FORCE = date(2013, 4, 28)
TIERS_FROM = date(2020, 1, 1)
ART_10 = Cite("u.p.n.o.t.h.", "art. 10 ust. 1")


class EurRateUnavailable(LookupError):
    """No NBP EUR rate known for the month required; pass an explicit rate.

    ``rate_day`` is the day whose Table A rate is missing, ``due`` the payment deadline (after
    the art. 115 KC move); the message (Polish) names both and the two ways to supply it.
    """

    def __init__(self, rate_day: date, due: date) -> None:
        self.rate_day = rate_day
        self.due = due
        super().__init__(missing_rate_message(rate_day, due))


def missing_rate_message(rate_day: date, due: date) -> str:
    """Polish line for the partner: which NBP EUR rate is missing and how to supply it (K8)."""
    return (
        f"Brak średniego kursu EUR NBP (tabela A) z dnia {pl_date(rate_day)} (ostatni dzień "
        f"roboczy miesiąca poprzedzającego termin płatności {pl_date(due)}); uzupełnij kurs: "
        f"handoff rates refresh albo handoff rates set EUR {rate_day.isoformat()} <kurs>"
    )


@dataclass(frozen=True, slots=True)
class Compensation:
    eur: Decimal
    eur_rate: Decimal
    rate_date: date
    figure: Figure[Decimal]  # PLN; alternative = R10 reading when it differs
    due: date = date.min  # the payment deadline as given
    # art. 115 KC (K3): the day the deadline moved to (Saturday / holiday), else None
    due_moved_to: date | None = None

    @property
    def deadline(self) -> date:
        """The payment deadline the computation used (after the art. 115 KC move)."""
        return self.due_moved_to or self.due

    @property
    def due_on(self) -> date:
        """The day the rekompensata falls due: the day after the (moved) deadline."""
        return self.deadline + timedelta(days=1)

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
    """The last working day of the month preceding ``month_of``'s month, and its Table A rate.

    NBP publishes Table A on every working day (the shipped 2016-2025 table has a rate for
    each one, and each month's last table falls on its last working day), so the day is the
    calendar's last working day; ``None`` when the table has no rate for that day. A rate of
    an earlier day is never taken instead: a table fetched or entered only part of the month
    would otherwise give a wrong rate without a word.
    """
    day = previous_working_day(date(month_of.year, month_of.month, 1) - timedelta(days=1))
    return day, rates.get(day)


def compensation(
    amount: Decimal,
    due: date,
    *,
    eur_rate: Decimal | None = None,
    extra_rates: Mapping[date, Decimal] | None = None,
) -> Compensation:
    """Rekompensata in PLN for one invoice of ``amount`` zł with payment deadline ``due``
    (as contracted: the art. 115 KC move is applied here, K3).

    ``eur_rate`` overrides the table (e.g. a rate fetched from api.nbp.pl); ``extra_rates``
    supplements the bundled table with newer days. Raises ``EurRateUnavailable`` if no rate is
    known and none was given, ``ValueError`` before 28.04.2013.
    """
    deadline = payment_deadline(due)  # art. 115 KC (K3)
    if deadline < ACT_IN_FORCE:
        raise ValueError(
            "art. 10 u.p.n.o.t.h. stosuje się do terminów płatności od 28.04.2013 "
            f"(podano {pl_date(due)})"
        )
    rates: Mapping[date, Decimal] = (
        {**EUR_MID_RATES, **extra_rates} if extra_rates else EUR_MID_RATES
    )
    eur = compensation_eur(amount, deadline)
    day, table_rate = rate_day(deadline, rates)
    rate = eur_rate if eur_rate is not None else table_rate
    if rate is None:
        raise EurRateUnavailable(day, deadline)
    pln = money(eur * rate)
    alternative: Decimal | None = None
    notes: tuple[str, ...] = ()
    wymagalnosc = deadline + timedelta(days=1)
    if eur_rate is None and wymagalnosc.month != deadline.month:
        alt_day, alt_rate = rate_day(wymagalnosc, rates)
        if alt_rate is not None and money(eur * alt_rate) != pln:
            alternative = money(eur * alt_rate)
            notes = (
                "odczyt alternatywny (wymagalność od dnia następnego po terminie, miesiąc "
                f"{wymagalnosc:%m.%Y}): kurs z {pl_date(alt_day)} {pl_number(alt_rate)} zł = "
                f"{pl_number(alternative)} zł",
            )
    if eur_rate is None and deadline.month != due.month and due >= ACT_IN_FORCE:
        # K3: the unmoved reading (the deadline as contracted), shown, not claimed
        old_day, old_rate = rate_day(due, rates)
        if old_rate is not None and money(compensation_eur(amount, due) * old_rate) != pln:
            old_pln = money(compensation_eur(amount, due) * old_rate)
            notes += (
                f"bez przesunięcia terminu z art. 115 KC (termin {pl_date(due)}): kurs z "
                f"{pl_date(old_day)} {pl_number(old_rate)} zł = {pl_number(old_pln)} zł",
            )
    source = (
        "kurs podany"
        if eur_rate is not None
        else f"średni kurs EUR NBP, tabela A, z {pl_date(day)}"
    )
    term = f"termin płatności {pl_date(due)}"
    if deadline != due:
        term += f" przesunięty na {pl_date(deadline)} (art. 115 KC)"
    reason = (
        f"{pl_number(eur)} EUR × {pl_number(rate)} zł ({source}); świadczenie "
        f"{pl_number(money(amount))} zł, {term}"
    )
    cites: tuple[Cite, ...] = (ART_10, Cite("u.p.n.o.t.h.", "art. 10 ust. 1 (kurs NBP)"))
    if deadline != due:
        cites += (ART_115,)
    figure = Figure(pln, cites, reason, alternative is not None, alternative, notes)
    return Compensation(eur, rate, day, figure, due, deadline if deadline != due else None)
