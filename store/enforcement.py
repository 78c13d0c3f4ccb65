"""The komornik's costs recorded on a case (``EnforcementCost``): what the debtor owes the
creditor for them (``law.pl.enforcement.komornik_costs_owed``), read by the payments use
case so that a payment covers them first with the other costs (art. 451 §1 zd. 2 KC)."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session, col, select

from law.pl.enforcement import CostKind, CostPayer, KomornikCost, komornik_costs_owed
from store.tables import EnforcementCost


def komornik_costs(session: Session, case_id: int) -> list[KomornikCost]:
    rows = session.exec(
        select(EnforcementCost)
        .where(EnforcementCost.case_id == case_id)
        .order_by(col(EnforcementCost.incurred_on), col(EnforcementCost.id))
    ).all()
    return [KomornikCost(CostKind(r.kind), CostPayer(r.payer), r.amount) for r in rows]


def komornik_costs_owed_of(session: Session, case_id: int | None) -> Decimal:
    """The komornik's costs the creditor paid on case ``case_id`` (0 when none)."""
    if case_id is None:
        return Decimal("0.00")
    return komornik_costs_owed(komornik_costs(session, case_id)).value
