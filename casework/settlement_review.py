"""The partner's review of a drafted settlement (ugoda), as of the letters to the court.

``casework.settlements`` drafts the ugoda and sets ``Settlement.review_status`` to
``ready_for_review``; the review queue lists it (:func:`settlements_queue`) and the case's
partner decides on the case page (:func:`decide_settlement`) through the review gate of the
pozew (``store.review``): only an active partner, the case's assigned one; a case with a
blocker finding, or a draft with its own blocker (:func:`settlement_blockers`: a court
settlement of a pending case whose court or sygnatura akt is not known), cannot be approved
except with an override reason, audited (``settlement.override``). Every decision is
audited (``settlement.approve`` / ``settlement.send_back``) and changes the case's review
finding. Nothing blocked is approved. A draft sent back is drafted again by concluding the
same settlement again (``handoff settlements add`` with the same day and terms).

Statuses::

    "" (not drafted) -> ready_for_review -> approved
                              |  ^
                              v  |  (drafted again)
                           sent_back
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from casework.review_gate import checked_decision, gate
from casework.settlements import (
    APPROVED,
    OVERRIDE_ACTION,
    READY,
    REVIEW_LABELS,
    SENT_BACK,
    SOURCE,
    court_of,
)
from law.pl.settlements import KIND_LABELS, SettlementKind
from law.pl.text import pl_date
from law.stages import PENDING_IN_COURT, Stage
from store.review import InvalidDecision, blockers_for
from store.tables import (
    AuditLog,
    Case,
    CaseFinding,
    Debtor,
    GeneratedDocument,
    Settlement,
    utcnow,
)

REVIEW_FINDING = "settlement_review"  # CaseFinding.code of the draft's review


def review_label(row: Settlement) -> str:
    return REVIEW_LABELS.get(row.review_status, row.review_status or "bez projektu")


def own_blockers(session: Session, row: Settlement) -> list[str]:
    """What the draft itself lacks: a court settlement of a case pending in court must name
    the proceedings (the court and the sygnatura akt) it ends."""
    if row.kind != SettlementKind.COURT.value or Stage(row.stage_before) not in PENDING_IN_COURT:
        return []
    court, signature = court_of(session, row.case_id, Stage(row.stage_before))
    out = []
    if not court:
        out.append(
            "ugoda sądowa: nie wiadomo, przed jakim sądem toczy się sprawa - uzupełnić "
            "wniesienie (handoff cases file) i sporządzić ugodę ponownie"
        )
    if not signature:
        out.append(
            "ugoda sądowa: sygnatura akt nieznana - zapisać ją (handoff event add ... "
            "--signature) i sporządzić ugodę ponownie"
        )
    return out


def settlement_blockers(session: Session, row: Settlement) -> list[str]:
    """What keeps the draft from approval: the case's blocker findings and its own."""
    return [b.message for b in blockers_for(session, row.case_id)] + own_blockers(session, row)


def _audit(session: Session, actor: str, action: str, row: Settlement, **extra: object) -> None:
    session.execute(
        sa.insert(AuditLog.__table__).values(  # type: ignore[attr-defined]
            at=utcnow(),
            actor=actor,
            action=action,
            case_id=row.case_id,
            detail=json.dumps(
                {
                    "settlement_id": row.id,
                    "kind": row.kind,
                    "status": row.review_status,
                    "document_id": row.document_id,
                    **extra,
                },
                ensure_ascii=False,
                default=str,
            ),
        )
    )


def _review_finding(session: Session, row: Settlement, message: str | None) -> None:
    session.execute(
        sa.delete(CaseFinding).where(
            col(CaseFinding.case_id) == row.case_id,
            col(CaseFinding.source) == SOURCE,
            col(CaseFinding.code) == REVIEW_FINDING,
        )
    )
    if message is not None:
        session.add(
            CaseFinding(
                case_id=row.case_id,
                source=SOURCE,
                code=REVIEW_FINDING,
                severity="warning",
                message=message,
                subject="",
                cite="KC art. 917",
            )
        )


def decide_settlement(
    session: Session,
    settlement_id: int,
    username: str,
    decision: str,
    comment: str = "",
    *,
    override_reason: str | None = None,
) -> Settlement:
    """A partner's decision on a drafted settlement (approve / send_back), in the caller's
    transaction (module docstring): raises ``NotAllowed``, ``InvalidDecision`` or
    ``Blocked`` (case or draft blockers, no override reason) and changes nothing then."""
    comment = checked_decision(
        session,
        username,
        decision,
        comment,
        not_partner="Tylko partner może zatwierdzać lub zwracać projekty ugód.",
        no_comment="Zwrot ugody do poprawy wymaga komentarza.",
    )
    row = session.get(Settlement, settlement_id, with_for_update=True, populate_existing=True)
    if row is None:
        raise InvalidDecision(f"Nie ma ugody #{settlement_id}.")
    if row.review_status != READY:
        raise InvalidDecision(
            f"Projekt ugody #{settlement_id} nie czeka na akceptację (status: "
            f"{review_label(row)}); decyzja nie została zapisana."
        )
    passed = gate(
        session,
        row.case_id,
        username,
        decision,
        override_reason,
        own_blockers(session, row) if decision == "approve" else [],
        source=SOURCE,
        code="settlement_blocker",
    )
    case = session.get(Case, row.case_id)
    assert case is not None
    document = session.get(GeneratedDocument, row.document_id or -1)
    version = document.version if document is not None else None
    row.review_status = APPROVED if decision == "approve" else SENT_BACK
    row.review_comment = comment if decision == "send_back" else ""
    row.decided_by = username
    row.decided_at = row.updated_at = utcnow()
    session.add(row)
    session.flush()
    _audit(session, username, f"settlement.{decision}", row, version=version, comment=comment)
    if passed.overridden:
        _audit(
            session, username, OVERRIDE_ACTION, row, reason=passed.reason, blockers=passed.blockers
        )
    label = KIND_LABELS[SettlementKind(row.kind)]
    _review_finding(
        session,
        row,
        None
        if decision == "approve"
        else (
            f"Projekt ugody (wersja {version}) zwrócony do poprawy przez {username}: {comment}"
            f" - po poprawieniu danych sporządzić ponownie: handoff settlements add "
            f"{case.external_ref} z tymi samymi warunkami i --on "
            f"{row.concluded_on.isoformat()} ({label} z {pl_date(row.concluded_on)})"
        ),
    )
    session.flush()
    return row


@dataclass(frozen=True)
class QueuedSettlement:
    """A drafted settlement waiting for the partner, as the review queue lists it."""

    settlement_id: int
    case_id: int
    case_ref: str
    debtor: str
    partner: str
    kind_label: str
    concluded_on: date
    version: int | None
    status_label: str
    blocked: bool


def settlements_queue(session: Session) -> list[QueuedSettlement]:
    """Drafted settlements waiting for the partner's review, oldest first."""
    rows = session.exec(
        select(Settlement, Case.external_ref, Case.partner, Debtor.name)
        .join(Case, col(Case.id) == col(Settlement.case_id))
        .join(Debtor, col(Debtor.id) == col(Case.debtor_id))
        .where(Settlement.review_status == READY)
        .order_by(col(Settlement.updated_at), col(Settlement.id))
    ).all()
    if not rows:
        return []
    blocked = {
        int(case_id)
        for (case_id,) in session.execute(
            sa.select(CaseFinding.case_id)
            .where(
                col(CaseFinding.case_id).in_({r.case_id for r, _, _, _ in rows}),
                CaseFinding.severity == "blocker",
            )
            .distinct()
        ).all()
    }
    versions = {
        d.id: d.version
        for d in session.exec(
            select(GeneratedDocument).where(
                col(GeneratedDocument.id).in_({r.document_id for r, _, _, _ in rows})
            )
        ).all()
    }
    out = []
    for row, ref, partner, debtor in rows:
        assert row.id is not None
        out.append(
            QueuedSettlement(
                row.id,
                row.case_id,
                ref,
                debtor,
                partner or "",
                KIND_LABELS[SettlementKind(row.kind)],
                row.concluded_on,
                versions.get(row.document_id),
                review_label(row),
                row.case_id in blocked or bool(own_blockers(session, row)),
            )
        )
    return out


def case_settlements(session: Session, case_id: int) -> list[Settlement]:
    """The case's settlements, newest first (the order of ``settlements_of``)."""
    return list(
        session.exec(
            select(Settlement)
            .where(Settlement.case_id == case_id)
            .order_by(col(Settlement.concluded_on).desc(), col(Settlement.id).desc())
        ).all()
    )
