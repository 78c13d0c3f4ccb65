"""Reference-rate table: through which day it is verified (polish_law.md 0b K9) and the
Polish note every computation past that day carries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from law.findings import Severity
from law.pl.claim import ClaimInput, DebtorKind, InvoiceInput, compute_claim
from law.pl.limitation import Basis
from law.pl.rates import (
    PUBLISHED_COMMERCIAL_RATES,
    RATES_ASSUMED_UNCHANGED,
    REFERENCE_RATES,
    VERIFIED_THROUGH,
    InterestKind,
    annual_rate,
    rate_assumption,
    rate_assumption_finding,
    reference_rate,
    verified_through,
)

STATUTORY_NOTE = (
    "Odsetki za okres po 30.04.2026 obliczono przy założeniu, że stopa referencyjna NBP nie "
    "zmieniła się (tabela zweryfikowana do 30.04.2026)."
)


def test_table_is_verified_through_april_2026() -> None:
    # K9: 3,75 % confirmed unchanged by the RPP in April 2026
    assert date(2026, 4, 30) == VERIFIED_THROUGH
    assert REFERENCE_RATES[-1][0] <= VERIFIED_THROUGH
    assert reference_rate(VERIFIED_THROUGH) == Decimal("3.75")


@pytest.mark.parametrize(
    ("kind", "through", "source"),
    [
        (InterestKind.STATUTORY, date(2026, 4, 30), "K9: RPP April 2026"),
        (InterestKind.COMMERCIAL, date(2026, 12, 31), "K9: H2 2026 13,75 %, M.P. 2026 poz. 642"),
        (InterestKind.COMMERCIAL_HEALTHCARE, date(2026, 12, 31), "K9 + art. 11b (1 July rate)"),
    ],
)
def test_verified_through_by_kind(kind: InterestKind, through: date, source: str) -> None:
    assert verified_through(kind) == through, source


def test_published_commercial_rates_match_the_table() -> None:
    # K9: obwieszczenie M.P. 2026 poz. 642 - 13,75 % for 1.07-31.12.2026 (ref 3,75 + 10)
    for since, rate, cite in PUBLISHED_COMMERCIAL_RATES:
        assert annual_rate(InterestKind.COMMERCIAL, since) == rate, str(cite)
        assert since <= verified_through(InterestKind.COMMERCIAL)
    assert annual_rate(InterestKind.COMMERCIAL, date(2026, 12, 31)) == Decimal("13.75")


@pytest.mark.parametrize(
    ("kind", "end", "expected"),
    [
        (InterestKind.STATUTORY, date(2026, 4, 30), None),  # the last verified day
        (InterestKind.STATUTORY, date(2026, 5, 1), STATUTORY_NOTE),  # the first day after
        (InterestKind.STATUTORY, date(2026, 12, 1), STATUTORY_NOTE),
        (InterestKind.COMMERCIAL, date(2026, 12, 31), None),  # H2 2026 published
        (
            InterestKind.COMMERCIAL,
            date(2027, 1, 1),
            "Odsetki za okres po 31.12.2026 obliczono przy założeniu, że stopa referencyjna "
            "NBP nie zmieniła się (tabela zweryfikowana do 31.12.2026).",
        ),
        (InterestKind.COMMERCIAL, date(2023, 12, 31), None),
    ],
)
def test_rate_assumption(kind: InterestKind, end: date, expected: str | None) -> None:
    assert rate_assumption(kind, end) == expected


def test_rate_assumption_finding() -> None:
    assert rate_assumption_finding(InterestKind.STATUTORY, date(2026, 4, 30)) is None
    finding = rate_assumption_finding(InterestKind.STATUTORY, date(2026, 6, 1), "FV/1")
    assert finding is not None
    assert (finding.code, finding.severity, finding.message, finding.subject) == (
        RATES_ASSUMED_UNCHANGED,
        Severity.WARNING,
        STATUTORY_NOTE,
        "FV/1",
    )
    assert finding.cite == "KC art. 481 §2"


def _claim(filing_date: date, debtor: DebtorKind, due: date) -> ClaimInput:
    return ClaimInput(
        creditor_is_business=True,
        debtor_kind=debtor,
        basis=Basis.BUSINESS,
        invoices=(InvoiceInput("FV/1", date(2025, 1, 2), due, Decimal(1000)),),
        has_final_demand=True,
        filing_date=filing_date,
    )


@pytest.mark.parametrize(
    ("filing_date", "debtor", "due", "expected"),
    [
        (date(2026, 4, 30), DebtorKind.CONSUMER, date(2026, 1, 30), False),  # within the table
        (date(2026, 10, 15), DebtorKind.CONSUMER, date(2026, 1, 30), True),  # art. 481 past it
        # commercial interest only (no EUR rate for Dec 2025: no rekompensata, no art. 481):
        # H2 2026 is published, nothing assumed
        (date(2026, 10, 15), DebtorKind.BUSINESS, date(2026, 1, 30), False),
        # commercial, with a rekompensata (rate of 28.02.2025 shipped) whose art. 481
        # interest runs past 30.04.2026
        (date(2026, 10, 15), DebtorKind.BUSINESS, date(2025, 3, 14), True),
    ],
)
def test_claim_carries_the_assumption(
    filing_date: date, debtor: DebtorKind, due: date, expected: bool
) -> None:
    result = compute_claim(_claim(filing_date, debtor, due))
    codes = [f.code for f in result.findings]
    assert (RATES_ASSUMED_UNCHANGED in codes) is expected
    if expected:
        (finding,) = [f for f in result.findings if f.code == RATES_ASSUMED_UNCHANGED]
        assert finding.message == STATUTORY_NOTE
