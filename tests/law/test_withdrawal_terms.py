"""The words of a partial withdrawal (law.pl.court_letters.withdrawal_terms): the interest a
payment covered named by its period and base, as the pozew claims it ("od dnia ... do dnia
zapłaty"), and what the pozew still claims of the invoice.

Expected values and their source: the allocation is art. 451 §1 zd. 2 / §3 KC
(polish_law.md 5.1, CONFIRMED; law.pl.payments): interest accrued up to and including the
payment day first, then principal. FV/2026/09/021: 8 487,00 zł, deadline 15.09.2026,
commercial interest 13,75 % (NBP reference 3,75 % + 10 pp, the stored table): interest runs
from 16.09.2026. 1 000,00 zł paid on 26.11.2026 covers 72 days: 8 487 x 13,75 % x 72 / 365 =
230,20 zł, then 769,80 zł principal (tests/casework/test_court_letters.py). The remainder is
the principal left with interest from the day after the payment.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from law.pl.court_letters import Covered, KeptInterest, PaidPeriod, Remainder, withdrawal_terms
from law.pl.payments import Debt, Payment, allocate
from law.pl.rates import InterestKind

C = InterestKind.COMMERCIAL
FV = "FV/2026/09/021"
DEBT = Debt(FV, date(2026, 9, 15), Decimal("8487.00"), C)
OTHER = Debt("FV/2026/10/005", date(2026, 10, 20), Decimal("2000.00"), C)


def _covered(result, paid_on: date) -> tuple[Covered, ...]:
    return tuple(
        Covered(a.paid_on, a.invoice_number, a.to_principal, a.to_interest, a.to_costs)
        for a in result.allocations
        if a.paid_on == paid_on
    )


def test_a_payment_covering_the_interest_names_its_period_and_what_is_left() -> None:
    result = allocate((DEBT,), (Payment(date(2026, 11, 26), Decimal("1000.00")),))
    (line,) = result.allocations
    assert (line.to_interest, line.to_principal) == (Decimal("230.20"), Decimal("769.80"))
    assert (line.interest_from, line.interest_base) == (date(2026, 9, 16), Decimal("8487.00"))
    terms = withdrawal_terms(_covered(result, date(2026, 11, 26)), result)
    assert terms.periods == (
        PaidPeriod(
            FV, C, Decimal("8487.00"), date(2026, 9, 16), date(2026, 11, 26), Decimal("230.20")
        ),
    )
    assert terms.remainders == (Remainder(FV, C, Decimal("7717.20"), date(2026, 11, 27)),)


def test_the_second_payment_covers_the_period_after_the_first_on_the_principal_left() -> None:
    pays = (
        Payment(date(2026, 11, 26), Decimal("1000.00")),
        Payment(date(2026, 12, 10), Decimal("500.00")),
    )
    result = allocate((DEBT,), pays)
    second = result.allocations[1]
    assert (second.interest_from, second.interest_base) == (
        date(2026, 11, 27),
        Decimal("7717.20"),
    )
    # 7 717,20 x 13,75 % x 14 / 365 = 40,70 zł (27.11-10.12, 14 days)
    assert second.to_interest == Decimal("40.70")
    terms = withdrawal_terms(_covered(result, date(2026, 12, 10)), result)
    (period,) = terms.periods
    assert (period.start, period.end, period.base) == (
        date(2026, 11, 27),
        date(2026, 12, 10),
        Decimal("7717.20"),
    )
    assert terms.remainders == (
        Remainder(FV, C, Decimal("7717.20") - Decimal("459.30"), date(2026, 12, 11)),
    )


@pytest.mark.parametrize(
    ("payments", "why"),
    [
        # 100 zł does not cover the 230,20 zł accrued: interest paid in part, no period
        ((Payment(date(2026, 11, 26), Decimal("100.00")),), "part"),
        # the rest of that interest is paid later together with new interest: two periods
        (
            (
                Payment(date(2026, 11, 26), Decimal("100.00")),
                Payment(date(2026, 12, 10), Decimal("1000.00")),
            ),
            "carried",
        ),
    ],
)
def test_interest_that_is_no_single_period_is_named_by_its_amount(
    payments: tuple[Payment, ...], why: str
) -> None:
    result = allocate((DEBT,), payments)
    last = payments[-1].paid_on
    assert result.allocations[-1].interest_from is None, why
    terms = withdrawal_terms(_covered(result, last), result)
    assert terms.periods == ()
    if why == "part":  # interest left unpaid: the pozew's "od dnia" cannot be restated
        assert terms.remainders == ()


def test_principal_designated_first_leaves_the_interest_and_no_remainder() -> None:
    pay = Payment(date(2026, 11, 26), Decimal("300.00"), FV, designated=True)
    result = allocate((DEBT,), (pay,))
    (line,) = result.allocations
    assert (line.to_interest, line.to_principal) == (Decimal(0), Decimal("300.00"))
    terms = withdrawal_terms(_covered(result, pay.paid_on), result)
    assert terms.periods == () and terms.remainders == ()


def test_an_invoice_paid_in_full_has_no_remainder_and_the_other_is_untouched() -> None:
    # 9 000 zł on 26.11.2026: FV/2026/09/021 (due first, art. 451 §3) in full: 230,20 zł
    # interest + 8 487,00 zł; the 282,80 zł left goes to FV/2026/10/005 (interest from
    # 21.10.2026: 2 000 x 13,75 % x 37 / 365 = 27,88 zł, then 254,92 zł principal)
    result = allocate((DEBT, OTHER), (Payment(date(2026, 11, 26), Decimal("9000.00")),))
    terms = withdrawal_terms(_covered(result, date(2026, 11, 26)), result)
    assert [(p.invoice_number, p.start, p.base, p.amount) for p in terms.periods] == [
        (FV, date(2026, 9, 16), Decimal("8487.00"), Decimal("230.20")),
        ("FV/2026/10/005", date(2026, 10, 21), Decimal("2000.00"), Decimal("27.88")),
    ]
    assert terms.remainders == (
        Remainder("FV/2026/10/005", C, Decimal("1745.08"), date(2026, 11, 27)),
    )


def _designated(result, paid_on: date) -> tuple[Covered, ...]:
    """The lines of ``paid_on`` with the cites the casework stores (art. 451 §1 zd. 1 KC)."""
    return tuple(
        Covered(
            a.paid_on,
            a.invoice_number,
            a.to_principal,
            a.to_interest,
            a.to_costs,
            tuple(str(c) for c in a.cites),
        )
        for a in result.allocations
        if a.paid_on == paid_on
    )


def test_a_payment_designated_for_principal_keeps_the_interest_on_it_claimed() -> None:
    """1 000,00 zł on 26.11.2026 the debtor designated for FV/2026/09/021's principal (art.
    451 §1 zd. 1 KC): it pays 1 000,00 zł of principal and no interest. Still claimed: 7 487,00
    zł with interest from 16.09.2026 (none of it paid) and the interest on the 1 000,00 zł
    paid, from 16.09.2026 to 26.11.2026. Check: the interest left unpaid is 8 487 x 13,75 % x
    72 / 365 = 230,20 zł = 7 487 x ... (203,07) + 1 000 x ... (27,12), rounded apart."""
    pay = Payment(date(2026, 11, 26), Decimal("1000.00"), FV, designated=True)
    result = allocate((DEBT,), (pay,))
    (line,) = result.allocations
    assert (line.to_principal, line.to_interest) == (Decimal("1000.00"), Decimal(0))
    assert line.kept_from == date(2026, 9, 16)
    assert result.debts[0].interest_unpaid == Decimal("230.20")
    terms = withdrawal_terms(_designated(result, pay.paid_on), result)
    assert terms.periods == ()
    assert terms.remainders == (
        Remainder(
            FV,
            C,
            Decimal("7487.00"),
            date(2026, 9, 16),
            KeptInterest(Decimal("1000.00"), date(2026, 9, 16), date(2026, 11, 26)),
        ),
    )


@pytest.mark.parametrize(
    ("payments", "kept"),
    [
        # after an ordinary payment that paid the interest through 26.11: from 27.11
        (
            (
                Payment(date(2026, 11, 26), Decimal("1000.00")),
                Payment(date(2026, 12, 10), Decimal("500.00"), FV, designated=True),
            ),
            Remainder(
                FV,
                C,
                Decimal("7217.20"),
                date(2026, 11, 27),
                KeptInterest(Decimal("500.00"), date(2026, 11, 27), date(2026, 12, 10)),
            ),
        ),
        # the whole principal: only the interest on it is left
        (
            (Payment(date(2026, 11, 26), Decimal("8487.00"), FV, designated=True),),
            Remainder(
                FV,
                C,
                Decimal("0.00"),
                date(2026, 9, 16),
                KeptInterest(Decimal("8487.00"), date(2026, 9, 16), date(2026, 11, 26)),
            ),
        ),
        # an earlier designated payment left interest unpaid: no single period, no words
        (
            (
                Payment(date(2026, 11, 20), Decimal("300.00"), FV, designated=True),
                Payment(date(2026, 12, 10), Decimal("500.00"), FV, designated=True),
            ),
            None,
        ),
        # another payment the same day went to the invoice too (its interest): no words
        (
            (
                Payment(date(2026, 12, 10), Decimal("500.00"), FV, designated=True),
                Payment(date(2026, 12, 10), Decimal("100.00")),
            ),
            None,
        ),
    ],
)
def test_kept_interest_only_where_it_is_one_period(
    payments: tuple[Payment, ...], kept: Remainder | None
) -> None:
    result = allocate((DEBT,), payments)
    day = payments[-1].paid_on if payments[-1].designated else payments[0].paid_on
    covered = tuple(c for c in _designated(result, day) if "KC art. 451 §1 zd. 1" in c.cites)
    terms = withdrawal_terms(covered, result)
    assert terms.remainders == (() if kept is None else (kept,))
