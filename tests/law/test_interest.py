"""Interest: worked cases I1, I2, I6, I8 of polish_law.md 7.5 and Hypothesis properties."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from law.pl.interest import interest, interest_amount
from law.pl.rates import InterestKind, RateUnavailable, annual_rate, max_statutory_delay_rate


@pytest.mark.parametrize(
    ("case_id", "kind", "expected", "periods", "source"),
    [
        (
            "I1",
            InterestKind.COMMERCIAL,
            "1675.00",
            [(365, "16.75")],
            "7.5 I1: 16,75 % both half-years of 2023 (art. 11b)",
        ),
        (
            "I2",
            InterestKind.STATUTORY,
            "1195.14",
            [(249, "12.25"), (28, "11.50"), (88, "11.25")],
            "7.5 I2: art. 481 §2, ref changes 2023-09-07 and 2023-10-05",
        ),
    ],
)
def test_worked_cases_2023(
    case_id: str, kind: InterestKind, expected: str, periods: list[tuple[int, str]], source: str
) -> None:
    result = interest(Decimal("10000.00"), date(2023, 1, 1), date(2023, 12, 31), kind)
    assert result.amount == Decimal(expected), f"{case_id}: {source}"
    assert [(p.days, p.rate) for p in result.periods] == [(d, Decimal(r)) for d, r in periods]
    assert result.figure.cites


def test_i2_period_bounds() -> None:
    result = interest(Decimal(10000), date(2023, 1, 1), date(2023, 12, 31), InterestKind.STATUTORY)
    assert [(p.start, p.end) for p in result.periods] == [
        (date(2023, 1, 1), date(2023, 9, 6)),
        (date(2023, 9, 7), date(2023, 10, 4)),
        (date(2023, 10, 5), date(2023, 12, 31)),
    ]


@pytest.mark.parametrize(
    ("kind", "on", "rate", "source"),
    [
        (InterestKind.COMMERCIAL, date(2018, 3, 1), "9.50", "I8: ref 1,50 + 8 before 2020"),
        (InterestKind.COMMERCIAL, date(2018, 11, 30), "9.50", "I8"),
        (InterestKind.COMMERCIAL_HEALTHCARE, date(2019, 5, 1), "9.50", "5.3: no distinction"),
        (InterestKind.COMMERCIAL, date(2021, 2, 1), "10.10", "5.3 2021 H1 CONFIRMED"),
        (InterestKind.COMMERCIAL_HEALTHCARE, date(2021, 2, 1), "8.10", "5.3 2021 H1"),
        (InterestKind.COMMERCIAL, date(2022, 8, 1), "16.00", "5.3 2022 H2"),
        (InterestKind.COMMERCIAL, date(2025, 8, 1), "15.25", "5.3 2025 H2 (5,25 on 1 July)"),
        (InterestKind.COMMERCIAL, date(2026, 3, 1), "14.00", "5.3 2026 H1"),
        (InterestKind.STATUTORY, date(2016, 1, 1), "7.00", "5.2: 7,00 % from 1.01.2016"),
        (InterestKind.STATUTORY, date(2021, 11, 4), "6.75", "C4: 1,25 from 2021-11-04"),
        (InterestKind.STATUTORY, date(2021, 11, 3), "6.00", "C4: 0,50 from 2021-10-07"),
        (InterestKind.STATUTORY, date(2026, 3, 5), "9.25", "5.2 2026-03-05"),
    ],
)
def test_rates(kind: InterestKind, on: date, rate: str, source: str) -> None:
    assert annual_rate(kind, on) == Decimal(rate), source


def test_i6_max_delay_rate() -> None:
    # I6: 2 x (3,75 + 5,5), art. 481 §2^1 KC
    assert max_statutory_delay_rate(date(2026, 3, 5)) == Decimal("18.50")


def test_before_2016_unavailable() -> None:
    with pytest.raises(RateUnavailable):
        interest(Decimal(100), date(2015, 12, 1), date(2016, 1, 10), InterestKind.STATUTORY)


def test_negative_principal_rejected() -> None:
    with pytest.raises(ValueError):
        interest(Decimal(-1), date(2020, 1, 1), date(2020, 1, 2), InterestKind.STATUTORY)


KINDS = st.sampled_from(list(InterestKind))
DAYS = st.dates(min_value=date(2016, 1, 1), max_value=date(2027, 12, 31))
MONEY = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(principal=MONEY, start=DAYS, span=st.integers(0, 2000), cut=st.integers(0, 2000), kind=KINDS)
def test_additive_over_adjacent_periods(
    principal: Decimal, start: date, span: int, cut: int, kind: InterestKind
) -> None:
    end = start + timedelta(days=span)
    middle = start + timedelta(days=min(cut, span))
    whole = interest(principal, start, end, kind)
    left = interest(principal, start, middle, kind)
    right = interest(principal, middle + timedelta(days=1), end, kind)
    assert abs(whole.exact - (left.exact + right.exact)) < Decimal("1e-15")
    assert abs(whole.amount - (left.amount + right.amount)) <= Decimal("0.01")
    assert sum(p.days for p in whole.periods) == span + 1


@given(principal=MONEY, start=DAYS, span=st.integers(0, 3000), kind=KINDS)
def test_never_negative(principal: Decimal, start: date, span: int, kind: InterestKind) -> None:
    assert interest(principal, start, start + timedelta(days=span), kind).amount >= 0


@given(principal=MONEY, start=DAYS, kind=KINDS)
def test_zero_for_zero_days(principal: Decimal, start: date, kind: InterestKind) -> None:
    result = interest(principal, start, start - timedelta(days=1), kind)
    assert result.amount == 0 and result.periods == ()


@settings(max_examples=400, deadline=None)
@given(
    kind=st.sampled_from(list(InterestKind)),
    start=st.dates(date(2016, 1, 1), date(2026, 6, 30)),
    length=st.integers(-3, 1500),
    grosze=st.integers(0, 10**9),
)
def test_interest_amount_is_the_figure_of_interest(
    kind: InterestKind, start: date, length: int, grosze: int
) -> None:
    """``interest_amount`` (the allocation's fast path, no reason text) gives the very figure
    ``interest`` rounds to, for every kind, across rate changes, one day and empty ranges."""
    principal, end = Decimal(grosze) / 100, start + timedelta(days=length)
    assert (
        interest_amount(principal, start, end, kind) == interest(principal, start, end, kind).amount
    )


def test_interest_amount_refuses_a_negative_principal() -> None:
    with pytest.raises(ValueError):
        interest_amount(Decimal("-1"), date(2024, 1, 1), date(2024, 2, 1), InterestKind.STATUTORY)
