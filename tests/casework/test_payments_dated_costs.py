"""No retroactive costs (art. 451 §1 KC) through the real commands, on SQLite and PostgreSQL.

The 28.11 case of tests/cli/case_story.py: TT/WIND/2026/0152 filed 25.11.2026, order for
payment 25.11, served 26.11, a sprzeciw on 27.11 (the order loses its effect: no costs
stand), the debtor pays 1 500,00 zł on 28.11, the judgment of 30.11 awards the costs
(art. 98 §1, art. 108 §1 KPC), final 01.12, enforcement, a komornik's cost of 150,00 zł
on 01.12. Expected: the 28.11 payment covers no costs and keeps its
allocation (interest then principal: art. 451 §1 zd. 2, §3 KC); the costs awarded and the
komornik's cost are covered by the later payment first.
"""

from __future__ import annotations

import json
from decimal import Decimal

from sqlmodel import Session

from casework.payments import allocation_of, costs_of
from store.cases import load_case_files
from store.tables import Case
from tests.casework.cli_helpers import ok

from .conftest import NAKAZOWE, Firm

ON = "2026-12-01"
KOMORNIK = "Jan Kowalski, Komornik Sądowy przy Sądzie Rejonowym w Toruniu, Kancelaria nr I"


def _payments(firm: Firm) -> dict[str, object]:
    return json.loads(ok("payments", "list", NAKAZOWE, "--json"))


def test_a_payment_before_the_award_keeps_its_allocation_after_enforcement(firm: Firm) -> None:
    ref = NAKAZOWE
    firm.approve(ref)
    ok("cases", "file", ref, "--on", "2026-11-25", "--signature", "V GNc 7/26")
    ok("event", "add", ref, "--kind", "payment-order-issued", "--on", "2026-11-25")
    ok("event", "add", ref, "--kind", "payment-order-served", "--on", "2026-11-26")
    ok("event", "add", ref, "--kind", "objection-filed", "--on", "2026-11-27")
    ok("payments", "add", ref, "--amount", "1500,00", "--on", "2026-11-28")
    (early,) = _payments(firm)["payments"]  # type: ignore[misc]
    assert all(Decimal(x["to_costs"]) == 0 for x in early["allocation"])
    first_lines = early["allocation"]
    assert sum(Decimal(x["to_interest"]) + Decimal(x["to_principal"]) for x in first_lines) == (
        Decimal("1500.00")
    )

    ok("event", "add", ref, "--kind", "judgment-announced", "--on", "2026-11-30")
    ok("event", "add", ref, "--kind", "judgment-final", "--on", ON)
    ok(
        "enforcement",
        "start",
        ref,
        "--komornik",
        KOMORNIK,
        "--on",
        ON,
        "--clause-on",
        ON,
        "--clause-costs",
        "6",
    )
    assert firm.stage(ref) == "enforcement"
    ok("enforcement", "record", ref, "--kind", "costs", "--amount", "150,00", "--on", ON)
    owed = _payments(firm)["left"]
    costs = Decimal(owed["costs"])  # type: ignore[index]
    assert costs > Decimal("150.00")  # the awarded costs and the komornik's
    # every view recomputes the allocation: the 28.11 payment still covers no costs
    with Session(firm.engine) as s:
        case = s.get(Case, firm.ids[ref])
        assert case is not None
        dated = costs_of(s, case)
        assert dated[0][0].isoformat() == "2026-11-30"  # the judgment's day [98]
        assert sum(a for _, a in dated) == costs
        file = load_case_files(s, [firm.ids[ref]])[firm.ids[ref]]
        result = allocation_of(file, case.stage, dated)
        assert not [
            x for x in result.allocations if x.paid_on.isoformat() == "2026-11-28" and x.to_costs
        ]

    ok("payments", "add", ref, "--amount", "1000,00", "--on", ON)
    listed = _payments(firm)
    early, late = listed["payments"]  # type: ignore[misc]
    assert early["allocation"] == first_lines  # stored lines rewritten, unchanged
    assert [Decimal(x["to_costs"]) for x in late["allocation"]] == [Decimal("1000.00")]
    assert Decimal(listed["left"]["costs"]) == costs - 1000  # type: ignore[index]
