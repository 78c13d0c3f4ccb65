"""Procedure and court level: J1, J3, J7, J8 of polish_law.md 7.7."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from law.pl.fees import Procedure
from law.pl.procedure import (
    CourtLevel,
    NakazGrounds,
    choose_procedure,
    court_level,
    epu_admissible,
    simplified,
)


@pytest.mark.parametrize(
    ("value", "level", "source"),
    [
        ("100000.00", CourtLevel.REJONOWY, "J1: art. 17 pkt 4 KPC, 'exceeds' 100 000"),
        ("100000.01", CourtLevel.OKREGOWY, "art. 17 pkt 4 KPC"),
    ],
)
def test_court_level(value: str, level: CourtLevel, source: str) -> None:
    assert court_level(Decimal(value)).value is level, source


def test_j3_epu_not_admissible() -> None:
    # J3: wymagalne 2021-08-11 (deadline 2021-08-10), pozew 2025-08-27 -> > 3 years
    assert epu_admissible([date(2021, 8, 10)], date(2025, 8, 27)).value is False
    assert epu_admissible([date(2022, 8, 27)], date(2025, 8, 27)).value is True


def test_simplified_threshold() -> None:
    assert simplified(Decimal(20000)).value is True
    assert simplified(Decimal("20000.01")).value is False


def test_j7_accepted_invoice_nakazowe() -> None:
    choice = choose_procedure(
        Decimal(5000),
        [date(2025, 1, 10)],
        date(2025, 6, 1),
        NakazGrounds(all_invoices_accepted=True),
        both_businesses=True,
    )
    assert choice.procedure is Procedure.NAKAZOWE
    assert "KPC art. 485 §1 pkt 2" in [str(c) for c in choice.cites]
    assert choice.gospodarcze and choice.simplified


def test_j8_unsigned_invoice_needs_par_2_1() -> None:
    partial = NakazGrounds(
        commercial_transaction=True, has_contract=True, all_invoices_delivered=True
    )
    full = NakazGrounds(
        commercial_transaction=True,
        has_contract=True,
        all_invoices_delivered=True,
        has_proof_of_performance=True,
    )
    args = (Decimal(5000), [date(2025, 1, 10)], date(2025, 6, 1))
    assert choose_procedure(*args, partial, both_businesses=True).procedure is Procedure.EPU
    chosen = choose_procedure(*args, full, both_businesses=True)
    assert chosen.procedure is Procedure.NAKAZOWE
    assert "KPC art. 485 §2^1" in [str(c) for c in chosen.cites]


def test_old_claim_goes_upominawcze() -> None:
    choice = choose_procedure(
        Decimal(5000),
        [date(2021, 1, 10)],
        date(2025, 6, 1),
        NakazGrounds(),
        both_businesses=False,
    )
    assert choice.procedure is Procedure.UPOMINAWCZE and not choice.epu_admissible
