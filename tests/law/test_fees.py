"""Court fees F* (7.3) and attorney fees A* (7.4), golden/fees.json and golden/attorney.json."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from law.pl.attorney import attorney_fee
from law.pl.fees import REASONS_FEE, STAMP_DUTY, Procedure, court_fee, court_fee_for_claims, wps
from tests.law.conftest import golden

FEES = golden("fees")
ATTORNEY = golden("attorney")


@pytest.mark.parametrize("case", FEES, ids=[c["id"] for c in FEES])
def test_court_fee(case: dict[str, Any]) -> None:
    value = Decimal(case["value"])
    fee = court_fee_for_claims([value], Procedure(case["procedure"]))
    assert wps([value]).value == Decimal(case["wps"]), case["source"]
    assert fee.value == Decimal(case["fee"]), case["source"]
    assert fee.contested is case.get("contested", False)
    if "alternative" in case:
        assert fee.alternative == Decimal(case["alternative"])


@pytest.mark.parametrize("case", ATTORNEY, ids=[c["id"] for c in ATTORNEY])
def test_attorney_fee(case: dict[str, Any]) -> None:
    result = attorney_fee(Decimal(case["value"]), Procedure(case["procedure"]))
    assert result.fee.value == Decimal(case["fee"]), case["source"]
    assert result.total == Decimal(case["total"]), case["source"]


def test_f11_interest_not_in_wps() -> None:
    # F11: 10 000 principal + interest claimed alongside -> WPS 10 000 (art. 20 KPC)
    assert wps([Decimal(10000)]).value == Decimal("10000.00")
    assert court_fee(Decimal(10000), Procedure.STANDARD).value == Decimal("500.00")


def test_f12_f13_fixed_fees() -> None:
    fixed = {"uzasadnienie": REASONS_FEE, "pelnomocnictwo": STAMP_DUTY}
    assert fixed == {"uzasadnienie": Decimal(100), "pelnomocnictwo": Decimal(17)}  # F12, F13


def test_a6_total_costs_epu() -> None:
    # A6: fee 125 + attorney 1 200 + 17 = 1 342
    fee = court_fee(Decimal(10000), Procedure.EPU).value
    assert fee + attorney_fee(Decimal(10000), Procedure.EPU).total == Decimal("1342.00")


@pytest.mark.parametrize(
    ("value", "fee"),
    [
        ("500", "30"),
        ("500.01", "100"),
        ("1500", "100"),
        ("4000", "200"),
        ("10000", "500"),
        ("15000", "750"),
        ("20000", "1000"),
        ("4000000", "200000"),
        ("3999999", "199999.95"),
    ],
)
def test_bracket_edges(value: str, fee: str) -> None:
    assert court_fee(Decimal(value), Procedure.STANDARD).value == Decimal(fee)


def test_negative_rejected() -> None:
    with pytest.raises(ValueError):
        court_fee(Decimal(-1), Procedure.EPU)
