"""Rekompensata R* of polish_law.md 7.6 (golden/compensation.json) and the rate table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from law.pl.compensation import EurRateUnavailable, compensation
from law.pl.data.eur_mid_rates import EUR_MID_RATES
from tests.law.conftest import golden

CASES = golden("compensation")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_worked_cases(case: dict[str, Any]) -> None:
    result = compensation(Decimal(case["amount"]), date.fromisoformat(case["due"]))
    assert result.eur == Decimal(case["eur"]), case["source"]
    assert result.eur_rate == Decimal(case["eur_rate"]), case["source"]
    assert result.rate_date == date.fromisoformat(case["rate_date"])
    if case["pln"]:
        assert result.pln == Decimal(case["pln"]), case["source"]
    assert result.figure.contested is case.get("contested", False)
    if "alternative" in case:
        assert result.figure.alternative == Decimal(case["alternative"])


def test_r11_per_invoice_not_aggregated() -> None:
    # R11: three invoices x 2 000 zł from one contract -> 3 x 40 EUR = 566,04 zł
    total = sum(compensation(Decimal(2000), date(2023, 3, 15)).pln for _ in range(3))
    assert total == Decimal("566.04")


def test_s77_cross_check() -> None:
    assert EUR_MID_RATES[date(2022, 10, 3)] == Decimal("4.8272")
    assert EUR_MID_RATES[date(2023, 3, 31)] == Decimal("4.6755")


def test_walks_back_over_days_without_table() -> None:
    # 2022-12-31 is a Saturday: the last table of December 2022 is 2022-12-30 (4,6899)
    result = compensation(Decimal(100), date(2023, 1, 20))
    assert (result.rate_date, result.eur_rate) == (date(2022, 12, 30), Decimal("4.6899"))


def test_override_and_extra_rates() -> None:
    with pytest.raises(EurRateUnavailable):
        compensation(Decimal(1000), date(2026, 2, 15))
    override = compensation(Decimal(1000), date(2026, 2, 15), eur_rate=Decimal("4.2000"))
    assert override.pln == Decimal("168.00")
    extra = compensation(
        Decimal(1000), date(2026, 2, 15), extra_rates={date(2026, 1, 30): Decimal("4.2100")}
    )
    assert (extra.rate_date, extra.pln) == (date(2026, 1, 30), Decimal("168.40"))


def test_before_act_rejected() -> None:
    with pytest.raises(ValueError):
        compensation(Decimal(1000), date(2013, 4, 27))
