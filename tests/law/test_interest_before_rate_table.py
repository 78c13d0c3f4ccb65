"""Invoices whose interest starts before the rate table (1.01.2016, ``law.pl.rates``).

Drafting crashed with ``RateUnavailable`` for such an invoice (issue #15 item 7). The legal
core now computes the interest from 1.01.2016, keeps the petitum's first day of interest
(the day after the deadline, art. 481 §1 KC) and flags the invoice: a warning when no
payment reached it (only the memo amount leaves out the early days), a blocker when a payment
was allocated to it (art. 451 §1 KC: the split between interest and principal needs the
interest before 2016).

Expected values: the first day of delay is the day after the deadline (art. 481 §1 KC with
art. 115 KC: 1.06.2015 and 30.12.2015 are working days); the amount from 1.01.2016 is what
``law.pl.interest.interest`` gives for that period (its own table-driven tests cite the
rates); the table's first day is ``FIRST_SUPPORTED_DAY`` (law/pl/rates.py docstring).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from law.findings import Severity
from law.pl.claim import (
    PRE_TABLE_INTEREST,
    ClaimInput,
    DebtorKind,
    InvoiceInput,
    PaymentInput,
    compute_claim,
)
from law.pl.interest import interest
from law.pl.limitation import Basis
from law.pl.rates import FIRST_SUPPORTED_DAY, InterestKind

D = Decimal
FILING = date(2026, 11, 24)
# written acknowledgements every two years keep the 2015 claim alive (art. 123 §1 pkt 2,
# art. 124 §1 KC; sale between businesses: 2 years to the end of a year, art. 554, 118 KC)
ACKS = (date(2017, 6, 1), date(2019, 6, 3), date(2021, 6, 1), date(2023, 6, 1), date(2025, 6, 2))


def _claim(*invoices: InvoiceInput, payments: tuple[PaymentInput, ...] = ()) -> ClaimInput:
    return ClaimInput(
        creditor_is_business=True,
        debtor_kind=DebtorKind.BUSINESS,
        basis=Basis.SALE,
        invoices=invoices,
        payments=payments,
        acknowledgements=ACKS,
        has_final_demand=True,
        filing_date=FILING,
    )


OLD = InvoiceInput("FV/1/2015", date(2015, 5, 2), date(2015, 6, 1), D("1000.00"))
LATE_2015 = InvoiceInput("FV/9/2015", date(2015, 12, 1), date(2015, 12, 30), D("1000.00"))
LAST_DAY_2015 = InvoiceInput("FV/10/2015", date(2015, 12, 1), date(2015, 12, 31), D("1000.00"))


@pytest.mark.parametrize(
    ("invoice", "payments", "severity", "first_day"),
    [
        (OLD, (), Severity.WARNING, date(2015, 6, 2)),
        (LATE_2015, (), Severity.WARNING, date(2015, 12, 31)),
        (OLD, (PaymentInput(date(2025, 6, 2), D("100.00"), "FV/1/2015"),), Severity.BLOCKER, None),
        (OLD, (PaymentInput(date(2015, 7, 1), D("100.00"), "FV/1/2015"),), Severity.BLOCKER, None),
    ],
    ids=["no-payment", "last-days-of-2015", "paid-2025", "paid-2015"],
)
def test_interest_before_2016_is_flagged_not_a_crash(
    invoice: InvoiceInput,
    payments: tuple[PaymentInput, ...],
    severity: Severity,
    first_day: date | None,
) -> None:
    result = compute_claim(_claim(invoice, payments=payments))
    flagged = [f for f in result.findings if f.code == PRE_TABLE_INTEREST]
    assert [(f.severity, f.subject) for f in flagged] == [(severity, invoice.number)]
    assert "nie można obliczyć z tabeli stóp programu" in flagged[0].message
    assert "ręcznie" in flagged[0].message
    (computed,) = result.invoices
    if first_day is not None:  # no payment: the petitum's first day, the memo from 2016
        assert computed.interest_from == first_day
        expected = interest(D("1000.00"), FIRST_SUPPORTED_DAY, FILING, InterestKind.COMMERCIAL)
        assert computed.interest_to_filing.value == expected.amount
        assert "do obliczenia ręcznie" in computed.interest_to_filing.reason


def test_a_deadline_on_the_last_day_of_2015_is_covered_by_the_table() -> None:
    """Delay from 1.01.2016: every day of interest is in the table, nothing to flag."""
    result = compute_claim(_claim(LAST_DAY_2015))
    assert not [f for f in result.findings if f.code == PRE_TABLE_INTEREST]
    (computed,) = result.invoices
    assert computed.interest_from == FIRST_SUPPORTED_DAY
    expected = interest(D("1000.00"), FIRST_SUPPORTED_DAY, FILING, InterestKind.COMMERCIAL)
    assert computed.interest_to_filing.value == expected.amount


def test_a_time_barred_2015_invoice_beside_a_live_one_drafts() -> None:
    """Barred under every reading, it is left out (art. 117 KC); its interest is not
    flagged (not claimed), and the computation no longer fails on it."""
    claim = ClaimInput(
        creditor_is_business=True,
        debtor_kind=DebtorKind.BUSINESS,
        basis=Basis.SALE,
        invoices=(OLD, InvoiceInput("FV/2/2026", date(2026, 5, 4), date(2026, 6, 1), D("500.00"))),
        has_final_demand=True,
        filing_date=FILING,
    )
    result = compute_claim(claim)
    assert not [f for f in result.findings if f.code == PRE_TABLE_INTEREST]
    assert [i.number for i in result.invoices] == ["FV/2/2026"]
