"""Payments on a case with a settlement or an instalment request, on SQLite and PostgreSQL.

Expected values:

* TT/WIND/2025/0087 (EPU): FV/2023/08/077 (2 214,00 zł) and FV/2024/10/015 (5 535,00 zł,
  a sale, art. 554 KC: limitation 31.12.2026). The debtor's instalment request of 25.11.2026
  acknowledges the claim (art. 123 §1 pkt 2 KC): FV/2024/10/015 runs anew, 25.11.2028 ->
  31.12.2028 (art. 124 §1, 118 zd. 2 KC). A later payment (to the invoice due first, art.
  451 §3 KC) must not drop that acknowledgement when the watch is replanned.
* A settlement of 3 000,00 zł plus 6 000,00 zł costs the debtor takes over, 3 instalments of
  3 000,00 zł from 10.12.2026 (10.01.2027 Sunday -> 11.01.2027, art. 115 KC): what is left
  under the settlement caps a payment, not the invoices (the last instalment is paid when the
  invoices' 7 749,00 zł is already exceeded); the last instalment fulfils the plan at once
  and the case is paid (as ``handoff settlements check`` would do).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from casework import Refused
from casework.payments import PaymentIn, record_payment
from store.db import session_scope
from store.tables import LimitationWatch, Settlement
from tests.casework.cli_helpers import ok

from .conftest import EPU, Firm


def _watch(firm: Firm) -> dict[str, date]:
    with Session(firm.engine) as s:
        rows = s.exec(select(LimitationWatch).where(LimitationWatch.case_id == firm.ids[EPU]))
        return {r.invoice_number: r.expires_on for r in rows}


def _pay(firm: Firm, on: date, amount: str) -> str:
    with session_scope(firm.engine) as s:
        return record_payment(
            s, EPU, PaymentIn(on, Decimal(amount)), today=on, actor="anowak"
        ).summary()


def test_a_payment_keeps_the_instalment_request_acknowledgement(firm: Firm) -> None:
    firm.approve(EPU)
    ok("settlements", "request", EPU, "--on", "2026-11-25")
    assert _watch(firm)["FV/2024/10/015"] == date(2028, 12, 31)
    _pay(firm, date(2026, 11, 26), "100.00")  # to FV/2023/08/077, due first
    assert _watch(firm)["FV/2024/10/015"] == date(2028, 12, 31)  # art. 123 §1 pkt 2 KC


def test_the_last_instalment_is_recorded_and_fulfils_the_plan(firm: Firm) -> None:
    firm.approve(EPU)
    ok(
        "settlements",
        "add",
        EPU,
        "--amount",
        "3000,00",
        "--costs",
        "6000,00",
        "--instalments",
        "3",
        "--first-due",
        "2026-12-10",
        "--on",
        "2026-11-25",
    )
    assert firm.stage(EPU) == "settled"
    _pay(firm, date(2026, 12, 10), "3000.00")
    _pay(firm, date(2027, 1, 11), "3000.00")
    # more than is left under the settlement: refused, nothing written
    try:
        _pay(firm, date(2027, 2, 10), "3000.01")
    except Refused as exc:
        assert "pozostało do zapłaty z ugody" in str(exc) and "3 000,00 zł" in str(exc)
    else:
        raise AssertionError("an overpayment of the settlement was recorded")
    said = _pay(firm, date(2027, 2, 10), "3000.00")  # beyond the invoices, within the plan
    assert "Ugoda wykonana" in said
    assert firm.stage(EPU) == "paid"
    with Session(firm.engine) as s:
        row = s.exec(select(Settlement)).one()
        assert (row.status, row.fulfilled_on) == ("fulfilled", date(2027, 2, 10))
