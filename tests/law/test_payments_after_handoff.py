"""Payments after the handoff: art. 451 KC allocation with costs, what is left, and the
limitation effect of a payment (art. 123 §1 pkt 2, art. 124 §1 KC).

Sources of the expected values:

* [451] KC art. 451 §1 zd. 1 (the debtor names the debt), §1 zd. 2 (the creditor may count
  the payment first towards ancillary dues - costs - and interest), §3 (no designation: the
  debt due first); polish_law.md 0b K12 (art. 451 is the allocation rule).
* [R] commercial interest H1 2023: NBP reference rate 6,75 % + 10 pp = 16,75 %
  (polish_law.md 5.3, art. 4 pkt 3 u.p.n.o.t.h.); simple interest, days / 365, end-inclusive,
  rounded to grosze at the end (polish_law.md 5.1 convention).
* [L9] polish_law.md 7.1 L9: 3-year business claim, deadline 30.06.2021, part payment on
  10.02.2023 -> limitation runs anew, expires 31.12.2026 (art. 123 §1 pkt 2, 124 §1, 118 KC).
* [118] art. 118 zd. 2 KC (year end), SN III CZP 21/23 (no art. 115 shift at the end).
* [123] an acknowledgement after the period ended does not interrupt it (art. 123 §1: the
  course of limitation is interrupted - an expired one no longer runs; polish_law.md 1.6,
  ``if e <= end``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from law.pl.limitation import Basis, limitation
from law.pl.payments import (
    ANCILLARY_FIRST,
    COSTS,
    DESIGNATED,
    OLDEST_FIRST,
    Debt,
    Payment,
    acknowledgements,
    allocate,
    costs_owed,
    outstanding,
)
from law.pl.rates import InterestKind

A = Debt("A", date(2023, 1, 31), Decimal("10000.00"), InterestKind.COMMERCIAL)
B = Debt("B", date(2023, 2, 28), Decimal("5000.00"), InterestKind.COMMERCIAL)
PAID = date(2023, 3, 31)

# (payment, costs, expected lines (invoice, costs, interest, principal), costs left, source)
ALLOCATION = [
    # 1 000 costs; interest on A 1.02-31.03.2023 = 59 d x 16,75 % x 10 000 / 365 = 270,75 [R];
    # rest 1 729,25 principal of A, the debt due first [451 §1 zd. 2, §3]
    (
        Payment(PAID, Decimal(3000)),
        Decimal(1000),
        [(COSTS, "1000.00", "0", "0"), ("A", "0", "270.75", "1729.25")],
        Decimal(0),
        "[451] §1 zd. 2 costs then interest, §3 oldest",
    ),
    # designated for B's principal: costs and interest wait [451 §1 zd. 1, module reading]
    (
        Payment(PAID, Decimal(3000), invoice_number="B", designated=True),
        Decimal(1000),
        [("B", "0", "0", "3000.00")],
        Decimal(1000),
        "[451] §1 zd. 1 designated",
    ),
    # less than the costs: all to costs
    (
        Payment(PAID, Decimal(500)),
        Decimal(1000),
        [(COSTS, "500.00", "0", "0")],
        Decimal(500),
        "[451] §1 zd. 2",
    ),
    # named, not designated: costs, then B's interest (31 d x 16,75 % x 5 000 / 365 = 71,13
    # [R]), then B's principal, then A
    (
        Payment(PAID, Decimal(6000), invoice_number="B"),
        Decimal(100),
        [
            (COSTS, "100.00", "0", "0"),
            ("B", "0", "71.13", "5000.00"),
            ("A", "0", "270.75", "558.12"),
        ],
        Decimal(0),
        "[451] §1 zd. 1-2",
    ),
]


@pytest.mark.parametrize(("pay", "costs", "lines", "costs_left", "source"), ALLOCATION)
def test_allocation_with_costs(
    pay: Payment,
    costs: Decimal,
    lines: list[tuple[str, str, str, str]],
    costs_left: Decimal,
    source: str,
) -> None:
    result = allocate((A, B), (pay,), costs)
    got = [
        (a.invoice_number, a.to_costs, a.to_interest, a.to_principal) for a in result.allocations
    ]
    assert got == [(n, Decimal(c), Decimal(i), Decimal(p)) for n, c, i, p in lines], source
    assert result.costs_left == costs_left
    assert all(a.cites for a in result.allocations)


def test_each_line_cites_the_rule_it_applied() -> None:
    result = allocate((A, B), (Payment(PAID, Decimal(6000), invoice_number="B"),), Decimal(100))
    cost, b, a = result.allocations
    assert cost.cites == (ANCILLARY_FIRST,)
    assert b.cites == (DESIGNATED, ANCILLARY_FIRST)
    assert a.cites == (OLDEST_FIRST, ANCILLARY_FIRST)


def test_what_is_left_accrues_interest_to_the_day() -> None:
    result = allocate((A,), (Payment(PAID, Decimal(3000)),), Decimal(1000))
    left = outstanding(result, PAID)
    assert (left.principal, left.interest, left.costs) == (Decimal("8270.75"), 0, 0)
    # 30 d (1-30.04.2023) x 16,75 % x 8 270,75 / 365 = 113,86 [R]
    later = outstanding(result, date(2023, 4, 30))
    assert later.interest == Decimal("113.86") and not later.settled


def test_whole_debt_paid_is_settled_and_surplus_kept() -> None:
    # whole debt on 31.03.2023: 10 000 + 270,75 interest [R] + 1 000 costs = 11 270,75
    exact = outstanding(allocate((A,), (Payment(PAID, Decimal("11270.75")),), Decimal(1000)), PAID)
    assert exact.settled and exact.surplus == 0
    over = outstanding(allocate((A,), (Payment(PAID, Decimal("11300.00")),), Decimal(1000)), PAID)
    assert over.settled and over.surplus == Decimal("29.25")


# (invoice's deadline, basis, payments, invoice looked at, expected expiry, source)
LIMITATION = [
    (date(2021, 6, 30), Basis.BUSINESS, (), "A", date(2024, 12, 31), "[118] no payment"),
    (
        date(2021, 6, 30),
        Basis.BUSINESS,
        (Payment(date(2023, 2, 10), Decimal(100)),),
        "A",
        date(2026, 12, 31),
        "[L9] part payment runs anew",
    ),
    # a payment designated for B acknowledges B only: A keeps its end [L9 a contrario, 451]
    (
        date(2021, 6, 30),
        Basis.BUSINESS,
        (Payment(date(2023, 2, 10), Decimal(100), invoice_number="B", designated=True),),
        "A",
        date(2024, 12, 31),
        "[451 §1 zd. 1] other invoice",
    ),
    (
        date(2021, 6, 30),
        Basis.BUSINESS,
        (Payment(date(2025, 3, 1), Decimal(100)),),
        "A",
        date(2024, 12, 31),
        "[123] after expiry: no interruption",
    ),
    # sale (art. 554: 2 years): wymagalne 16.03.2024 -> 31.12.2026; paid 20.11.2026 ->
    # 20.11.2028 -> 31.12.2028 [L9 method, 118]
    (
        date(2024, 3, 15),
        Basis.SALE,
        (Payment(date(2026, 11, 20), Decimal(100)),),
        "A",
        date(2028, 12, 31),
        "[L9] art. 554 2 years",
    ),
]


@pytest.mark.parametrize(("due", "basis", "payments", "number", "expires", "source"), LIMITATION)
def test_payment_makes_limitation_run_anew(
    due: date,
    basis: Basis,
    payments: tuple[Payment, ...],
    number: str,
    expires: date,
    source: str,
) -> None:
    debts = (
        Debt("A", due, Decimal("1000.00"), InterestKind.COMMERCIAL),
        Debt("B", due, Decimal("1000.00"), InterestKind.COMMERCIAL),
    )
    acks = acknowledgements(allocate(debts, payments))
    assert limitation(basis, due, acknowledgements=acks[number]).expires_on == expires, source


def test_payment_of_costs_alone_acknowledges_every_open_invoice() -> None:
    paid = date(2023, 2, 10)
    debts = (
        Debt("A", date(2021, 6, 30), Decimal("1000.00"), InterestKind.COMMERCIAL),
        Debt("B", date(2021, 7, 30), Decimal("1000.00"), InterestKind.COMMERCIAL),
    )
    acks = acknowledgements(allocate(debts, (Payment(paid, Decimal(50)),), Decimal(200)))
    assert acks == {"A": (paid,), "B": (paid,)}


# (stage, costs claimed in the pozew, costs a payment covers first, source)
COSTS = [
    ("approved", Decimal("1217.00"), Decimal("0.00"), "nothing awarded before an order"),
    ("filed", Decimal("1217.00"), Decimal("0.00"), "pozew filed, no order yet"),
    ("order_issued", Decimal("1217.00"), Decimal("1217.00"), "KPC art. 98 §1, 108 §1"),
    ("final", Decimal("1217.00"), Decimal("1217.00"), "KPC art. 98 §1, 108 §1"),
    ("enforcement", Decimal("1217.00"), Decimal("1217.00"), "title enforced: KPC art. 98 §1"),
    ("enforcement_ended", Decimal("1217.00"), Decimal("1217.00"), "title stays: KPC art. 98 §1"),
]


@pytest.mark.parametrize(("stage", "claimed", "owed", "source"), COSTS)
def test_costs_owed_once_awarded(stage: str, claimed: Decimal, owed: Decimal, source: str) -> None:
    assert costs_owed(stage, claimed) == owed, source
