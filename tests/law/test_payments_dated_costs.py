"""Costs owed from a day: a payment covers only the costs owed on its day (art. 451 KC).

Sources of the expected values:

* [451] KC art. 451 §1 zd. 2: the creditor may count a payment first towards the ancillary
  dues (costs) - those the debtor owes when he pays; a payment made before the costs were
  awarded has none to cover, and it keeps its allocation when costs are awarded later.
* [98] KPC art. 98 §1, art. 108 §1: the order for payment or the judgment decides the costs
  of the proceedings; they are owed from that court event (``costs_awarded_on``).
* [K] the komornik's costs the creditor paid are owed from the day they were incurred
  (``law.pl.enforcement.komornik_costs_owed``; art. 770 KPC UNCONFIRMED there).
* Debt: 10 000,00 zł due 31.01.2023, commercial interest; only the costs lines are checked
  here (the interest figures are those of test_payments_after_handoff).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from law.pl.payments import (
    ALWAYS,
    COSTS,
    Debt,
    Payment,
    allocate,
    costs_awarded_on,
    dated_costs,
    outstanding,
)
from law.pl.rates import InterestKind

A = Debt("A", date(2023, 1, 31), Decimal("10000.00"), InterestKind.COMMERCIAL)
AWARD = date(2023, 3, 1)  # the order for payment
KOMORNIK = date(2023, 4, 1)  # a komornik's cost incurred


def D(text: str) -> Decimal:
    return Decimal(text)


# (costs, payments, the costs each payment covered (in date order), costs left, source)
CASES = [
    # a payment before the award covers no costs; the next one covers them first
    (
        ((AWARD, D("500")),),
        (Payment(date(2023, 2, 1), D("300")), Payment(date(2023, 3, 5), D("300"))),
        ["0.00", "300.00"],
        D("200.00"),
        "[451] [98] before the award: none",
    ),
    # a payment on the award's day covers it (owed on that day)
    (
        ((AWARD, D("500")),),
        (Payment(AWARD, D("700")),),
        ["500.00"],
        D("0.00"),
        "[451] [98] the award's day",
    ),
    # a komornik's cost incurred after a payment is not covered by it, but by the next one
    (
        ((AWARD, D("500")), (KOMORNIK, D("100"))),
        (Payment(date(2023, 3, 5), D("600")), Payment(date(2023, 4, 10), D("50"))),
        ["500.00", "50.00"],
        D("50.00"),
        "[451] [K] komornik's cost after the payment",
    ),
    # two items owed: the earliest covered first, the rest left
    (
        ((AWARD, D("500")), (date(2023, 3, 2), D("100"))),
        (Payment(date(2023, 3, 10), D("550")),),
        ["550.00"],
        D("50.00"),
        "[451] earliest owed first",
    ),
    # a plain amount (undated): owed from the start, as before
    (
        D("500"),
        (Payment(date(2023, 2, 1), D("300")),),
        ["300.00"],
        D("200.00"),
        "[451] undated costs",
    ),
    # nothing awarded yet: no costs at all
    (
        (),
        (Payment(date(2023, 2, 1), D("300")),),
        ["0.00"],
        D("0.00"),
        "[451] no costs",
    ),
]


@pytest.mark.parametrize(("costs", "payments", "covered", "left", "source"), CASES)
def test_a_payment_covers_only_the_costs_owed_on_its_day(
    costs: object, payments: tuple[Payment, ...], covered: list[str], left: Decimal, source: str
) -> None:
    result = allocate((A,), payments, costs)  # type: ignore[arg-type]
    per_day = {
        p.paid_on: sum(
            (x.to_costs for x in result.allocations if x.paid_on == p.paid_on), Decimal(0)
        )
        for p in payments
    }
    assert [str(Decimal(per_day[p.paid_on]).quantize(D("0.01"))) for p in payments] == covered
    assert result.costs_left == left, source
    # every payment line that covered costs cites art. 451 §1 zd. 2
    assert all(x.cites for x in result.allocations if x.invoice_number == COSTS)


def test_an_earlier_payment_keeps_its_allocation_when_costs_come_later() -> None:
    """[451] [98] the 28.11 case: 1 500 zł paid before any award, the costs awarded after."""
    early = Payment(date(2023, 2, 1), D("1500"))
    before = allocate((A,), (early,), ())
    later = allocate((A,), (early, Payment(date(2023, 4, 10), D("100"))), ((AWARD, D("4017")),))
    assert [x for x in later.allocations if x.paid_on == early.paid_on] == list(before.allocations)
    assert sum((x.to_costs for x in later.allocations), Decimal(0)) == D("100.00")
    assert later.costs_left == D("3917.00")


def test_outstanding_counts_the_costs_owed_on_its_day() -> None:
    result = allocate((A,), (), ((AWARD, D("500")), (KOMORNIK, D("100"))))
    assert outstanding(result, date(2023, 2, 28)).costs == D("0.00")
    assert outstanding(result, AWARD).costs == D("500.00")
    assert outstanding(result, KOMORNIK).costs == D("600.00")


ORDER, SERVED, JUDGED = date(2023, 3, 1), date(2023, 3, 10), date(2023, 5, 2)


@pytest.mark.parametrize(
    ("steps", "awarded"),
    [
        ([], None),
        ([(date(2023, 2, 1), "approved", "filed")], None),
        # the order for payment awards the costs [98]
        ([(date(2023, 2, 1), "approved", "filed"), (ORDER, "filed", "order_issued")], ORDER),
        # served, final, enforcement: the award stands from the order's day
        (
            [
                (ORDER, "filed", "order_issued"),
                (SERVED, "order_issued", "order_served"),
                (JUDGED, "order_served", "final"),
                (JUDGED, "final", "enforcement"),
            ],
            ORDER,
        ),
        # a sprzeciw sets the order aside (ordinary): the judgment awards them anew
        (
            [
                (ORDER, "filed", "order_issued"),
                (SERVED, "order_issued", "ordinary"),
                (JUDGED, "ordinary", "judgment"),
            ],
            JUDGED,
        ),
        ([(ORDER, "filed", "order_issued"), (SERVED, "order_issued", "ordinary")], None),
    ],
)
def test_costs_are_owed_from_the_court_event_that_awarded_them(
    steps: list[tuple[date, str, str]], awarded: date | None
) -> None:
    assert costs_awarded_on(steps) == awarded


def test_dated_costs_of_a_stage() -> None:
    komornik = [(KOMORNIK, D("150")), (date(2023, 4, 2), D("0"))]
    assert dated_costs("ordinary", D("4017"), None, komornik) == ()  # no award: none [98]
    assert dated_costs("enforcement", D("4017"), AWARD, komornik) == (
        (AWARD, D("4017.00")),
        (KOMORNIK, D("150.00")),
    )
    # an awarding stage whose court step is not recorded: owed from the start
    assert dated_costs("final", D("10"), None) == ((ALWAYS, D("10.00")),)
