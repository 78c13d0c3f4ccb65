"""What became of an approved case, read from the store: its latest e-Sąd submission and its
enforcement (issues #18-#19), for ``handoff cases show`` and the case page.

Read-only. The submission is the case's newest ``EsadLawsuit`` with its package
(``EsadSubmission``); the enforcement is the last *effective* ``enforcement-started`` step
(``store.timeline.effective_steps``: a correction may have undone it) and the enforcement
steps after it. The ways of enforcement are stored only in that step's cause, as
``casework.enforcement.start_enforcement`` writes it (``...; sposoby: bank, wynagrodzenie;
...``), so they are read back from there and kept only when they are known ways.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from law.lifecycle import TRIGGER_LABELS
from law.pl.enforcement import TRIGGER_PREFIX, WAY_LABELS, CostPayer, RecordKind, Way
from store.tables import (
    CaseStep,
    Deadline,
    EnforcementCost,
    EsadLawsuit,
    EsadSubmission,
    RecordedPayment,
)
from store.timeline import effective_steps, steps_of

# The fate of a lawsuit sent to e-Sąd (``EsadLawsuit.status``), as a paralegal reads it.
SUBMISSION_STATUS_LABELS = {
    "pending": "wysłany, czeka na odpowiedź sądu",
    "accepted": "przyjęty przez sąd",
    "rejected": "odrzucony przez sąd",
    "not_sent": "niewysłany (sąd odrzucił paczkę)",
    "unknown": "los nieznany - do sprawdzenia (handoff epu submit --poll)",
}
# The package's own status (``EsadSubmission.status``).
PACKAGE_STATUS_LABELS = {
    "sending": "w trakcie wysyłki",
    "answered": "sąd odpowiedział",
    "rejected": "paczka odrzucona",
    "fault": "błąd usługi e-Sąd",
    "unknown": "brak odpowiedzi",
}
KOMORNIK_SOURCE = "komornik"  # RecordedPayment.source of a payment through the komornik
_ENDS = (
    RecordKind.DISCONTINUED_INEFFECTIVE,
    RecordKind.RECOVERED,
    RecordKind.DISCONTINUED_BY_CREDITOR,
)
_END_TRIGGERS = {TRIGGER_PREFIX + k.value for k in _ENDS}
_STARTED = TRIGGER_PREFIX + RecordKind.STARTED.value
_KOMORNIK_CASE = TRIGGER_PREFIX + RecordKind.KOMORNIK_CASE.value
_WAYS = re.compile(r"; sposoby: ([a-z, ]+);")
TITLE_LIMITATION = "title-limitation"  # casework.enforcement.TITLE_LIMITATION (no import up)


CENT = Decimal("0.01")


def _iso(value: date | datetime | None) -> str | None:
    """ISO text; a moment always in UTC with its offset (SQLite hands back naive UTC)."""
    if isinstance(value, datetime):
        value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class SubmissionView:
    """The case's latest lawsuit sent to e-Sąd and its package."""

    lawsuit: EsadLawsuit
    package: EsadSubmission
    attempts: int  # lawsuits of this case sent so far (a rejected one may be sent again)

    @property
    def status_label(self) -> str:
        return SUBMISSION_STATUS_LABELS.get(self.lawsuit.status, self.lawsuit.status)

    @property
    def package_status_label(self) -> str:
        return PACKAGE_STATUS_LABELS.get(self.package.status, self.package.status)

    def to_json(self) -> dict[str, Any]:
        lawsuit, package = self.lawsuit, self.package
        return {
            "status": lawsuit.status,
            "status_label": self.status_label,
            "court_signature": lawsuit.court_signature or None,
            "court_state": lawsuit.court_state or None,
            "reason": lawsuit.reason or None,
            "fee": str(lawsuit.fee) if lawsuit.fee is not None else None,
            "ordinal": lawsuit.ordinal,
            "package": package.label,
            "package_status": package.status,
            "package_status_label": self.package_status_label,
            "package_code": package.code or None,
            "package_message": package.message or None,
            "filing_date": _iso(package.filing_date),
            "sent_at": _iso(package.sent_at),
            "answered_at": _iso(package.answered_at),
            "updated_at": _iso(lawsuit.updated_at),
            "attempts": self.attempts,
        }


def latest_submission(session: Session, case_id: int) -> SubmissionView | None:
    """The newest e-Sąd lawsuit of the case with its package, or ``None`` (never sent)."""
    rows = session.exec(
        select(EsadLawsuit, EsadSubmission)
        .join(EsadSubmission, col(EsadSubmission.id) == col(EsadLawsuit.submission_id))
        .where(EsadLawsuit.case_id == case_id)
        .order_by(col(EsadLawsuit.id).desc())
    ).all()
    if not rows:
        return None
    lawsuit, package = rows[0]
    return SubmissionView(lawsuit, package, len(rows))


@dataclass(frozen=True)
class EnforcementView:
    """The case's latest enforcement: the wniosek, the komornik's case and how it ended."""

    started: CaseStep
    ways: tuple[Way, ...]
    komornik_case: CaseStep | None
    end: CaseStep | None
    recovered: Decimal  # paid through the komornik since the wniosek
    komornik_payments: int
    title_limitation: Deadline | None  # open after an umorzenie (limitation runs anew)
    costs_by_creditor: Decimal = Decimal("0.00")  # komornik's costs the creditor paid
    costs_by_debtor: Decimal = Decimal("0.00")  # charged to the debtor by the komornik

    @property
    def komornik(self) -> str:
        return self.started.court

    @property
    def way_labels(self) -> tuple[str, ...]:
        return tuple(WAY_LABELS[w] for w in self.ways)

    @property
    def end_label(self) -> str:
        return TRIGGER_LABELS.get(self.end.trigger, self.end.trigger) if self.end else ""

    def to_json(self) -> dict[str, Any]:
        end = self.end
        limit = self.title_limitation
        return {
            "komornik": self.komornik,
            "started_on": self.started.occurred_on.isoformat(),
            "komornik_case": self.komornik_case.signature if self.komornik_case else None,
            "ways": [w.value for w in self.ways],
            "way_labels": list(self.way_labels),
            "recovered": str(self.recovered),
            "komornik_payments": self.komornik_payments,
            "komornik_costs": {
                "paid_by_creditor": str(self.costs_by_creditor),
                "charged_to_debtor": str(self.costs_by_debtor),
            },
            "end": (
                {
                    "kind": end.trigger.removeprefix(TRIGGER_PREFIX),
                    "label": self.end_label,
                    "on": end.occurred_on.isoformat(),
                    "cites": end.cites,
                    "status": end.status,
                }
                if end is not None
                else None
            ),
            "title_limitation": (
                {"due_on": limit.due_on.isoformat(), "cites": limit.cites}
                if limit is not None
                else None
            ),
        }


def _ways(cause: str) -> tuple[Way, ...]:
    found = _WAYS.search(cause)
    if found is None:
        return ()
    known = {w.value: w for w in Way}
    return tuple(known[p.strip()] for p in found.group(1).split(",") if p.strip() in known)


def enforcement_of(session: Session, case_id: int) -> EnforcementView | None:
    """The case's latest effective enforcement (module docstring), or ``None``."""
    kept = effective_steps(steps_of(session, case_id))
    starts = [i for i, s in enumerate(kept) if s.trigger == _STARTED]
    if not starts:
        return None
    started = kept[starts[-1]]
    after = kept[starts[-1] + 1 :]
    cases = [s for s in after if s.trigger == _KOMORNIK_CASE and s.signature]
    ends = [s for s in after if s.trigger in _END_TRIGGERS]
    end = ends[0] if ends else None
    paid = select(sa.func.coalesce(sa.func.sum(RecordedPayment.amount), 0), sa.func.count()).where(
        RecordedPayment.case_id == case_id,
        RecordedPayment.source == KOMORNIK_SOURCE,
        col(RecordedPayment.paid_on) >= started.occurred_on,
    )
    if end is not None:
        paid = paid.where(col(RecordedPayment.paid_on) <= end.occurred_on)
    total, count = session.exec(paid).one()
    costs = {CostPayer.CREDITOR.value: Decimal(0), CostPayer.DEBTOR.value: Decimal(0)}
    cost_rows = select(EnforcementCost.payer, EnforcementCost.amount).where(
        EnforcementCost.case_id == case_id,
        col(EnforcementCost.incurred_on) >= started.occurred_on,
    )
    if end is not None:
        cost_rows = cost_rows.where(col(EnforcementCost.incurred_on) <= end.occurred_on)
    for payer, amount in session.exec(cost_rows).all():
        costs[payer] = costs.get(payer, Decimal(0)) + amount
    limitation = session.exec(
        select(Deadline)
        .where(
            Deadline.case_id == case_id,
            Deadline.rule_key == TITLE_LIMITATION,
            col(Deadline.event_id).is_(None),
            Deadline.status == "open",
        )
        .order_by(col(Deadline.id).desc())
    ).first()
    return EnforcementView(
        started,
        _ways(started.cause),
        cases[-1] if cases else None,
        end,
        Decimal(total).quantize(CENT),
        int(count),
        limitation,
        costs[CostPayer.CREDITOR.value].quantize(CENT),
        costs[CostPayer.DEBTOR.value].quantize(CENT),
    )
