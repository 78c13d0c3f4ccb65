"""Art. 451 KC allocation of payments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from law.pl.payments import Debt, Payment, allocate, interest_to
from law.pl.rates import InterestKind

A = Debt("A", date(2023, 1, 31), Decimal("10000.00"), InterestKind.COMMERCIAL)
B = Debt("B", date(2023, 2, 28), Decimal("5000.00"), InterestKind.COMMERCIAL)


def test_late_payment_covers_interest_first() -> None:
    # 59 days (1.02-31.03.2023) x 16,75 % x 10 000 / 365 = 270,75; rest 2 729,25 to principal
    result = allocate((A, B), (Payment(date(2023, 3, 31), Decimal(3000)),))
    a, b = result.debts
    assert (a.interest_covered, a.principal) == (Decimal("270.75"), Decimal("7270.75"))
    assert b.principal == Decimal("5000.00") and not b.payment_days


def test_designated_payment_goes_to_principal() -> None:
    pay = Payment(date(2023, 3, 31), Decimal(3000), invoice_number="B", designated=True)
    a, b = allocate((A, B), (pay,)).debts
    assert b.principal == Decimal("2000.00") and a.principal == Decimal("10000.00")
    # B's interest accrued to the payment day stays unpaid: 31 days x 16,75 % x 5 000 / 365
    assert b.interest_unpaid == Decimal("71.13")


def test_named_but_not_designated_pays_interest_first() -> None:
    pay = Payment(date(2023, 3, 31), Decimal(3000), invoice_number="B")
    _, b = allocate((A, B), (pay,)).debts
    assert b.interest_covered == Decimal("71.13")
    assert b.principal == Decimal("2071.13")


def test_payment_before_deadline_is_all_principal() -> None:
    (a,) = allocate((A,), (Payment(date(2023, 1, 20), Decimal(4000)),)).debts
    assert a.principal == Decimal("6000.00") and a.interest_covered == 0
    assert interest_to(a, date(2023, 1, 31)) == 0


def test_overflow_and_surplus() -> None:
    result = allocate((A, B), (Payment(date(2023, 1, 20), Decimal(16000)),))
    assert [d.principal for d in result.debts] == [Decimal(0), Decimal(0)]
    assert result.surplus == Decimal("1000.00")
