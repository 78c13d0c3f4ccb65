"""Court fees F* (7.3, corrected by 0b K1/K2) and attorney fees A* (7.4), golden/fees.json and
golden/attorney.json."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from law.pl.attorney import attorney_fee
from law.pl.fees import (
    ART_13_2,
    REASONS_FEE,
    STAMP_DUTY,
    FeeTableUnavailable,
    Procedure,
    base_fee,
    court_fee,
    court_fee_for_claims,
    proportional_cap,
    wps,
)
from tests.law.conftest import golden

FEES = golden("fees")
FILED = date(2026, 1, 15)  # after the 23.09.2025 cap change (K2)
BEFORE_CAP_CHANGE = date(2025, 9, 22)
ATTORNEY = golden("attorney")


@pytest.mark.parametrize("case", FEES, ids=[c["id"] for c in FEES])
def test_court_fee(case: dict[str, Any]) -> None:
    value = Decimal(case["value"])
    filed_on = date.fromisoformat(case["filed_on"])
    fee = court_fee_for_claims([value], Procedure(case["procedure"]), filed_on=filed_on)
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
    assert court_fee(Decimal(10000), Procedure.STANDARD, filed_on=FILED).value == Decimal("500")


def test_f12_f13_fixed_fees() -> None:
    fixed = {"uzasadnienie": REASONS_FEE, "pelnomocnictwo": STAMP_DUTY}
    assert fixed == {"uzasadnienie": Decimal(100), "pelnomocnictwo": Decimal(17)}  # F12, F13


def test_a6_total_costs_epu() -> None:
    # A6: fee 125 + attorney 1 200 + 17 = 1 342
    fee = court_fee(Decimal(10000), Procedure.EPU, filed_on=FILED).value
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
        ("3999999", "200000"),  # 199 999,95 rounded up (K1)
        ("3999981", "200000"),  # 199 999,05 rounded up (K1)
        ("3999979", "199999"),  # 199 998,95 rounded up (K1)
    ],
)
def test_bracket_edges(value: str, fee: str) -> None:
    # filed before 23.09.2025: the 200 000 zł cap (polish_law.md 3.1, 0b K2)
    result = court_fee(Decimal(value), Procedure.STANDARD, filed_on=BEFORE_CAP_CHANGE)
    assert result.value == Decimal(fee)


def test_negative_rejected() -> None:
    with pytest.raises(ValueError):
        court_fee(Decimal(-1), Procedure.EPU, filed_on=FILED)


@pytest.mark.parametrize(
    ("filed_on", "cap", "cites"),
    [
        (date(2025, 9, 22), "200000", ["u.k.s.c. art. 13 ust. 2"]),  # K2: the day before
        (date(2025, 9, 23), "100000", ["u.k.s.c. art. 13 ust. 2", "Dz.U. 2025 poz. 1157"]),  # K2
        (date(2026, 12, 1), "100000", ["u.k.s.c. art. 13 ust. 2", "Dz.U. 2025 poz. 1157"]),
        (date(2019, 8, 21), "200000", ["u.k.s.c. art. 13 ust. 2"]),  # first day of the table
    ],
)
def test_proportional_cap_is_dated_by_the_filing_day(
    filed_on: date, cap: str, cites: list[str]
) -> None:
    figure = proportional_cap(filed_on)
    assert figure.value == Decimal(cap)
    assert [str(c) for c in figure.cites] == cites
    assert figure.reason.startswith("pismo wniesione")


@pytest.mark.parametrize(
    ("value", "procedure", "fee"),
    [
        # K1 (art. 21 u.k.s.c.): every fee in full złoty, rounded up
        ("63345", Procedure.NAKAZOWE, "792"),  # 791,8125
        ("12000", Procedure.EPU, "188"),  # 187,50
        ("14000", Procedure.NAKAZOWE, "188"),  # 750 / 4
        ("20001", Procedure.STANDARD, "1001"),  # 1 000,05
        ("20001", Procedure.EPU, "251"),  # 1 000,05 / 4 = 250,0125; = ceil(1 001 / 4) too
        ("20020", Procedure.STANDARD, "1001"),  # exactly 1 001, nothing to round
        ("20021", Procedure.STANDARD, "1002"),  # 1 001,05
        ("100023", Procedure.STANDARD, "5002"),  # SO Warszawa I C 180/17
        ("1500", Procedure.EPU, "30"),  # 25 -> 30 zł floor, no rounding note
    ],
)
def test_every_fee_is_rounded_up_to_the_full_zloty(
    value: str, procedure: Procedure, fee: str
) -> None:
    result = court_fee(Decimal(value), procedure, filed_on=FILED)
    assert result.value == Decimal(fee)
    assert result.value == result.value.to_integral_value()
    rounded = "u.k.s.c. art. 21" in [str(c) for c in result.cites]
    assert rounded is ("zaokrąglone w górę" in result.reason)


def test_base_fee_is_rounded_up_and_capped_by_the_filing_day() -> None:
    assert base_fee(Decimal(20001), filed_on=FILED) == (Decimal(1001), ART_13_2)
    assert base_fee(Decimal(10**7), filed_on=FILED)[0] == Decimal(100000)  # K2
    assert base_fee(Decimal(10**7), filed_on=BEFORE_CAP_CHANGE)[0] == Decimal(200000)


def test_reason_is_polish_without_dot_decimals() -> None:
    reason = court_fee(Decimal(63345), Procedure.NAKAZOWE, filed_on=FILED).reason
    assert reason == (
        "5% z WPS 63 345 zł = 3 167,25 zł; postępowanie nakazowe: 1/4 = 791,81 zł; "
        "zaokrąglone w górę do pełnego złotego: 792 zł"
    )


def test_filing_day_before_the_fee_table_is_refused() -> None:
    # the brackets of art. 13 u.k.s.c. coded here are in force since 21.08.2019 (3.1)
    with pytest.raises(FeeTableUnavailable, match=r"nie obejmuje pism wniesionych 20\.08\.2019"):
        court_fee(Decimal(1000), Procedure.STANDARD, filed_on=date(2019, 8, 20))
    with pytest.raises(FeeTableUnavailable):
        proportional_cap(date(2017, 6, 1))
