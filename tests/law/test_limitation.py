"""Limitation: worked cases L* of polish_law.md 7.1 (golden/limitation.json) and extras."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from law.pl.limitation import Basis, Status, limitation
from tests.law.conftest import golden

CASES = golden("limitation")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_worked_cases(case: dict[str, Any]) -> None:
    result = limitation(
        Basis(case["basis"]),
        date.fromisoformat(case["due"]),
        acknowledgements=[date.fromisoformat(a) for a in case.get("acknowledged", [])],
        suspensions=[
            (date.fromisoformat(a), date.fromisoformat(b)) for a, b in case.get("suspensions", [])
        ],
        consumer=case.get("consumer", False),
    )
    assert result.expires_on == date.fromisoformat(case["expires_on"]), case["source"]
    alt = case.get("alternative_expires_on")
    assert result.alternative_expires_on == (date.fromisoformat(alt) if alt else None)
    assert result.contested is case.get("contested", False)
    assert result.cites and result.reason


def test_l1_no_weekend_shift() -> None:
    # L1: 2023-12-31 is a Sunday and stays (SN III CZP 21/23)
    result = limitation(Basis.SALE, date(2021, 3, 15))
    assert result.expires_on == date(2023, 12, 31)
    assert "SN III CZP 21/23" in [str(c) for c in result.cites]
    assert result.starts_on == date(2021, 3, 16)


def test_l4_consumer_ex_officio() -> None:
    result = limitation(Basis.BUSINESS, date(2019, 5, 10), consumer=True)
    assert result.consumer_ex_officio
    assert "KC art. 117 §2^1" in [str(c) for c in result.cites]
    assert result.status(date(2023, 1, 1)) is Status.EXPIRED


def test_status_helper() -> None:
    result = limitation(Basis.BUSINESS, date(2021, 3, 15))  # 2024-12-31
    assert result.status(date(2024, 6, 1)) is Status.OK
    assert result.status(date(2024, 10, 15), warn_days=90) is Status.NEAR
    assert result.status(date(2024, 12, 31)) is Status.NEAR
    assert result.status(date(2025, 1, 1)) is Status.EXPIRED


def test_filing_interrupts_until_proceedings_end() -> None:
    result = limitation(Basis.BUSINESS, date(2021, 3, 15), filed=date(2024, 6, 1))
    assert result.expires_on is None
    assert result.interrupted_by_filing_on == date(2024, 6, 1)
    assert result.status(date(2030, 1, 1)) is Status.INTERRUPTED
    assert "KC art. 124 §2" in [str(c) for c in result.cites]


def test_filing_after_expiry_does_not_interrupt() -> None:
    result = limitation(Basis.BUSINESS, date(2021, 3, 15), filed=date(2025, 2, 1))
    assert result.expires_on == date(2024, 12, 31)
    assert result.interrupted_by_filing_on is None


def test_acknowledgement_after_expiry_does_not_revive() -> None:
    result = limitation(Basis.BUSINESS, date(2021, 3, 15), acknowledgements=[date(2025, 2, 1)])
    assert result.expires_on == date(2024, 12, 31)


@pytest.mark.parametrize(
    ("basis", "due", "expires", "alternative", "source"),
    [
        (Basis.CARRIAGE, date(2023, 3, 3), date(2024, 3, 3), date(2024, 3, 4), "PP art. 77: 1 y"),
        (Basis.FORWARDING, date(2023, 3, 3), date(2024, 3, 3), date(2024, 3, 4), "KC art. 803"),
        (Basis.SERVICES, date(2022, 5, 5), date(2024, 12, 31), None, "KC art. 751 pkt 1: 2 y"),
        (Basis.PERIODIC, date(2022, 5, 5), date(2025, 12, 31), None, "KC art. 118: 3 y"),
        # SN 23.10.2025: year-end applies to art. 125 too -> alternative, flagged
        (Basis.JUDGMENT, date(2020, 3, 3), date(2026, 3, 3), date(2026, 12, 31), "KC art. 125"),
    ],
)
def test_other_bases(
    basis: Basis, due: date, expires: date, alternative: date | None, source: str
) -> None:
    result = limitation(basis, due)
    assert (result.expires_on, result.alternative_expires_on) == (expires, alternative), source


def test_work_runs_from_handing_over() -> None:
    # KC art. 646: from the day the work was handed over
    result = limitation(Basis.WORK, date(2023, 1, 10), handed_over=date(2022, 12, 1))
    assert result.starts_on == date(2022, 12, 1)
    assert result.expires_on == date(2024, 12, 31)


def test_pre_2018_unchanged_term_year_end_is_contested() -> None:
    # polish_law.md 1.5 / 8.5 (L7): year-end for a pre-2018 3-year claim only DERIVED ->
    # conservative raw end, year-end as the alternative.
    result = limitation(Basis.BUSINESS, date(2017, 5, 10))
    assert (result.expires_on, result.alternative_expires_on) == (
        date(2020, 5, 10),
        date(2020, 12, 31),
    )
    assert result.contested
    assert "ustawa z 13.04.2018 art. 5" in [str(c) for c in result.cites]


@pytest.mark.parametrize(
    ("on", "status", "barred", "urgent", "watch", "source"),
    [
        # L8: conservative end 2024-12-31, dominant (wymagalne 2022-01-01) 2025-12-31
        (date(2024, 6, 1), Status.OK, False, False, date(2024, 12, 31), "L8, before both"),
        (date(2024, 12, 1), Status.NEAR, False, False, date(2024, 12, 31), "L8, 30 days left"),
        # K4: barred under the conservative reading only -> alive and urgent, not expired
        (date(2025, 6, 1), Status.NEAR, False, True, date(2025, 12, 31), "K4: contested only"),
        (date(2025, 12, 31), Status.NEAR, False, True, date(2025, 12, 31), "K4: last day"),
        (date(2026, 1, 1), Status.EXPIRED, True, False, None, "K4: barred under every reading"),
    ],
)
def test_contested_readings_never_block_alone(
    on: date, status: Status, barred: bool, urgent: bool, watch: date | None, source: str
) -> None:
    result = limitation(Basis.BUSINESS, date(2021, 12, 31))
    assert result.status(on) is status, source
    assert result.barred(on) is barred and result.urgent(on) is urgent, source
    assert result.watch_date(on) == watch, source


def test_moved_deadline_is_the_start_k3() -> None:
    # K3: deadline Sat 2023-12-30 -> Tue 2024-01-02; limitation starts 2024-01-03
    result = limitation(Basis.BUSINESS, date(2023, 12, 30))
    assert result.starts_on == date(2024, 1, 3)
    assert result.deadline_moved_to == date(2024, 1, 2)
    assert "KC art. 115" in [str(c) for c in result.cites]
    # the end itself is never moved (SN III CZP 21/23): 2026-12-31 is a Thursday anyway,
    # 2027-12-31 a Friday; the unmoved reading stays visible as the alternative
    assert (result.expires_on, result.alternative_expires_on) == (
        date(2026, 12, 31),
        date(2027, 12, 31),
    )
