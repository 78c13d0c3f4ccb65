"""A payment the debtor designated for one instalment of a settlement plan (``handoff payments
add --instalment N``, ``RecordedPayment.instalment``), through the real commands on the
sample cases imported and drafted for real, on SQLite and PostgreSQL.

Expected values (law/pl/settlements.py, art. 451 KC as docs/settlements.md):

* TT/WIND/2025/0087 (EPU) settled on 25.11.2026: 3 000,00 zł in 3 instalments of
  1 000,00 zł, 10.12.2026, 10.01.2027 (Sunday -> 11.01.2027, art. 115 KC), 10.02.2027; no
  interest, grace 14 days: instalment 1's grace ends 24.12.2026, a statutory holiday (Wigilia,
  since 2025), then 25-26.12 holidays and 27.12 Sunday -> 28.12.2026 (art. 111 §2, 115 KC).
* A payment goes to the instalment the debtor named (art. 451 §1 zd. 1 KC), a surplus to the
  oldest one left (§3); undesignated, the oldest due first.
* Checked on 05.01.2027: 1 000,00 zł designated for instalment 2 leaves instalment 1 unpaid
  after its grace period -> the plan is broken (acceleration; the whole rest due on
  29.12.2026); the same payment undesignated paid instalment 1 -> on track.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from casework.settlements import check_plans
from store.tables import RecordedPayment
from tests.casework.cli_helpers import ok, refused

from .conftest import EPU, NAKAZOWE, Firm

SETTLED_ON = "2026-11-25"


def _settle(firm: Firm) -> None:
    firm.approve(EPU)
    ok(
        "settlements",
        "add",
        EPU,
        "--amount",
        "3000,00",
        "--instalments",
        "3",
        "--first-due",
        "2026-12-10",
        "--on",
        SETTLED_ON,
    )
    assert firm.stage(EPU) == "settled"


def _left(firm: Firm) -> list[str]:
    (plan,) = json.loads(ok("settlements", "show", EPU, "--json"))["settlements"]
    return [i["left"] for i in plan["instalments"]]


@pytest.mark.parametrize(
    ("instalment", "amount", "left"),
    [
        (None, "1000,00", ["0.00", "1000.00", "1000.00"]),  # the oldest due first (§3)
        ("2", "1000,00", ["1000.00", "0.00", "1000.00"]),  # the one named (§1 zd. 1)
        ("3", "1500,00", ["500.00", "1000.00", "0.00"]),  # named, the surplus to the oldest
        ("1", "400,00", ["600.00", "1000.00", "1000.00"]),
    ],
)
def test_a_payment_goes_to_the_instalment_named(
    firm: Firm, instalment: str | None, amount: str, left: list[str]
) -> None:
    _settle(firm)
    named = ["--instalment", instalment] if instalment is not None else []
    out = json.loads(
        ok("payments", "add", EPU, "--amount", amount, "--on", "2026-11-30", *named, "--json")
    )
    number = int(instalment) if instalment is not None else None
    assert out["instalment"] == number
    assert _left(firm) == left
    # stored: payments list and cases show carry it
    (listed,) = json.loads(ok("payments", "list", EPU, "--json"))["payments"]
    assert listed["instalment"] == number
    (shown,) = json.loads(ok("cases", "show", EPU, "--json"))["payments"]["payments"]
    assert shown["instalment"] == number and shown["id"] == out["payment_id"]
    with Session(firm.engine) as s:
        (row,) = s.exec(select(RecordedPayment)).all()
        assert row.instalment == number


def test_the_plan_is_fulfilled_by_designated_payments(firm: Firm) -> None:
    _settle(firm)
    said = ok("payments", "add", EPU, "--amount", "1000", "--on", "2026-11-28", "--instalment", "3")
    assert "Na ratę 3 ugody (wskazaną przez dłużnika, art. 451 § 1 KC)." in said
    assert "rata 3" in ok("payments", "list", EPU)
    ok("payments", "add", EPU, "--amount", "1000", "--on", "2026-11-29", "--instalment", "2")
    assert _left(firm) == ["1000.00", "0.00", "0.00"]
    done = ok("payments", "add", EPU, "--amount", "1000", "--on", "2026-11-30", "--instalment", "1")
    assert "Ugoda wykonana" in done and firm.stage(EPU) == "paid"


@pytest.mark.parametrize(("instalment", "status"), [("2", "broken"), (None, "on_track")])
def test_the_daily_check_reads_the_stored_instalment(
    firm: Firm, instalment: str | None, status: str
) -> None:
    _settle(firm)
    named = ["--instalment", instalment] if instalment is not None else []
    ok("payments", "add", EPU, "--amount", "1000", "--on", "2026-11-30", *named)
    check = check_plans(firm.engine, today=date(2027, 1, 5), actor="system")
    assert check.checked == 1
    assert check.broken == ([EPU] if status == "broken" else [])
    if status == "broken":
        assert firm.stage(EPU) != "settled"  # back to its court track
        assert any("rata 1" in n for n in check.notes)
        (plan,) = json.loads(ok("settlements", "show", EPU, "--json"))["settlements"]
        assert (plan["stored_status"], plan["broken_on"]) == ("broken", "2026-12-29")
        assert plan["instalments"][0]["grace_end"] == "2026-12-28"
    else:
        assert firm.stage(EPU) == "settled"


def test_instalment_refusals_write_nothing(firm: Firm) -> None:
    firm.approve(NAKAZOWE)
    assert "nie ma aktywnej ugody" in refused(
        "payments", "add", NAKAZOWE, "--amount", "100", "--on", "2026-11-30", "--instalment", "1"
    )
    _settle(firm)
    before = firm.counts()
    for value, message in (
        ("0", "--instalment: numer raty zaczyna się od 1 (jest 0)"),
        ("-1", "--instalment: '-1' nie jest numerem raty"),
        ("abc", "--instalment: 'abc' nie jest numerem raty"),
        ("1,5", "--instalment: '1,5' nie jest numerem raty"),
        ("99", f"--instalment: ugoda w sprawie {EPU} nie ma raty 99 (raty: 1-3)"),
        ("4", "nie ma raty 4 (raty: 1-3)"),
        ("99999999999999999999", "numer raty zbyt duży"),
    ):
        line = refused(
            "payments", "add", EPU, "--amount", "100", "--on", "2026-11-30", "--instalment", value
        )
        assert message in line, (value, line)
    assert "sprzed zawarcia ugody (25.11.2026 r.)" in refused(
        "payments", "add", EPU, "--amount", "100", "--on", "2026-11-24", "--instalment", "1"
    )
    assert firm.counts() == before
    with Session(firm.engine) as s:
        assert s.exec(select(RecordedPayment)).all() == []
    assert _left(firm) == ["1000.00", "1000.00", "1000.00"]
    assert Decimal(json.loads(ok("payments", "list", EPU, "--json"))["left"]["total"]) > 0
