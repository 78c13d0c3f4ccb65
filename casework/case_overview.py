"""A case's life after approval at a glance: payments, the e-Sąd submission, enforcement.

Read-only; what ``handoff cases show`` adds to its JSON (``payments``, ``submission``,
``enforcement``) and what the case page shows under "Wpłaty", "Złożenie w e-Sąd" and
"Egzekucja", "Ugoda / raty". Payments come from ``casework.payments.payments_of`` (the
stored art. 451 allocation lines and what is left today), with what was recovered summed
up; the submission and the enforcement from ``store.case_overview``; the settlements with
their instalment plans as of today from ``casework.settlements.settlements_of``, each
instalment with its status in Polish (paid on a day, late within the grace period, due
after the plan broke, open).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casework.payments import PaymentsView, payments_of
from casework.settlements import SettlementView, settlements_of
from law.pl.settlements import KIND_LABELS, InstalmentState, PlanState, SettlementKind
from store.case_overview import EnforcementView, SubmissionView, enforcement_of, latest_submission
from store.cases import find_case
from store.tables import Case

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Recovered:
    """What the payments recorded after the handoff brought, by what they paid (art. 451)."""

    total: Decimal
    to_costs: Decimal
    to_interest: Decimal
    to_principal: Decimal
    surplus: Decimal
    last_paid_on: date | None

    def to_json(self) -> dict[str, Any]:
        return {
            "total": str(self.total),
            "to_costs": str(self.to_costs),
            "to_interest": str(self.to_interest),
            "to_principal": str(self.to_principal),
            "surplus": str(self.surplus),
            "last_paid_on": self.last_paid_on.isoformat() if self.last_paid_on else None,
        }


def recovered_of(view: PaymentsView) -> Recovered:
    lines = [line for group in view.lines.values() for line in group]
    return Recovered(
        sum((p.amount for p in view.payments), Decimal(0)).quantize(CENT),
        sum((line.to_costs for line in lines), Decimal(0)).quantize(CENT),
        sum((line.to_interest for line in lines), Decimal(0)).quantize(CENT),
        sum((line.to_principal for line in lines), Decimal(0)).quantize(CENT),
        sum((p.surplus for p in view.payments), Decimal(0)).quantize(CENT),
        max((p.paid_on for p in view.payments), default=None),
    )


# An instalment's status as the page and ``cases show`` print it.
INSTALMENT_STATUS_LABELS = {
    "paid": "zapłacona",
    "late": "zaległa",
    "due_now": "wymagalna (ugoda niewykonana)",
    "open": "do zapłaty",
}


def instalment_status(state: PlanState, inst: InstalmentState) -> str:
    """``paid`` / ``late`` (past its day, unpaid) / ``due_now`` (the plan broke: the whole
    rest is due) / ``open`` - as of the plan's day ``state.on``."""
    if inst.left <= 0:
        return "paid"
    if state.accelerated_on is not None and state.accelerated_on <= state.on:
        return "due_now"
    if inst.number in state.missed:
        return "late"
    return "open"


@dataclass(frozen=True)
class CaseOverview:
    payments: PaymentsView
    recovered: Recovered
    submission: SubmissionView | None
    enforcement: EnforcementView | None
    settlements: SettlementView

    def settlements_json(self) -> list[dict[str, Any]]:
        """``handoff settlements show --json``'s settlements, newest first, with the kind
        and each instalment's status in Polish (:func:`instalment_status`)."""
        return [
            plan
            | {
                "kind_label": KIND_LABELS.get(SettlementKind(plan["kind"]), plan["kind"]),
                "instalments": [
                    row
                    | {
                        "status": (code := instalment_status(state, inst)),
                        "status_label": INSTALMENT_STATUS_LABELS[code],
                    }
                    for row, inst in zip(plan["instalments"], state.instalments, strict=True)
                ],
            }
            for plan, (_, state) in zip(
                self.settlements.to_json()["settlements"], self.settlements.plans, strict=True
            )
        ]

    def to_json(self) -> dict[str, Any]:
        """The keys ``handoff cases show --json`` adds (``payments`` is the PaymentsView
        JSON of ``handoff payments list --json`` plus ``recovered``)."""
        return {
            "payments": self.payments.to_json() | {"recovered": self.recovered.to_json()},
            "submission": self.submission.to_json() if self.submission else None,
            "enforcement": self.enforcement.to_json() if self.enforcement else None,
            "settlements": self.settlements_json(),
        }


def case_overview(session: Session, case: Case, *, today: date) -> CaseOverview:
    """Payments (what is left on ``today``), the latest submission, enforcement and the
    settlements (their plans as of ``today``)."""
    assert case.id is not None
    view = payments_of(session, f"#{case.id}", today=today)
    return CaseOverview(
        view,
        recovered_of(view),
        latest_submission(session, case.id),
        enforcement_of(session, case.id),
        settlements_of(session, f"#{case.id}", today=today),
    )


def overview_by_ref(engine: sa.Engine, ref: str, *, today: date) -> CaseOverview | None:
    """:func:`case_overview` of the case with the creditor's reference ``ref`` (found as
    ``store.queries.case_detail`` finds it); ``None`` when there is none."""
    with Session(engine) as session:
        case = find_case(session, ref)
        if case is None:
            return None
        return case_overview(session, case, today=today)
