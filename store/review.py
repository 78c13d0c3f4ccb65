"""Partner review in the case store: decisions, queues (users: ``store.accounts``).

The database is the source of truth for a review. A partner's decision is written first
(:func:`record_decision`: a ``ReviewDecision`` row with ``applied_at`` NULL plus an audit row);
the case moves only when a flow applies it (:func:`apply_pending_decisions`), which the
handoff flow does as soon as Prefect wakes it up, and every later run does again, so a
decision taken while no Prefect server answers is never lost. Applying is idempotent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

import sqlalchemy as sa
from sqlmodel import Session, col, select

from law.stages import Stage, next_stage
from store.accounts import ROLES as ROLES  # the user functions live in store.accounts
from store.accounts import AccountError as AccountError
from store.accounts import authenticate as authenticate
from store.accounts import create_user as create_user
from store.accounts import get_user as get_user
from store.accounts import hash_password as hash_password
from store.accounts import list_users as list_users
from store.tables import (
    AuditLog,
    Case,
    CaseFinding,
    Creditor,
    Debtor,
    GeneratedDocument,
    RegistryCheck,
    ReviewDecision,
    utcnow,
)

Decision = Literal["approve", "send_back"]
DECISIONS: frozenset[str] = frozenset({"approve", "send_back"})
LIMITATION_WARNING_DAYS = 90
# Registry finding codes shown as the "debtor in liquidation or bankrupt" badge.
INSOLVENCY_CODES: frozenset[str] = frozenset({"bankruptcy", "in_liquidation", "restructuring"})
# Verification statuses that count as "the registries were checked".
REGISTRY_DONE: frozenset[str] = frozenset({"verified", "not_found", "skipped"})

class ReviewError(Exception):
    """A review action that cannot be done as asked (message is shown to the user)."""


class NotAllowed(ReviewError, PermissionError):
    """The user may not do this (not an active partner)."""


class InvalidDecision(ReviewError, ValueError):
    """Bad input: unknown decision, missing comment, case not waiting for review."""


class CaseNotFound(ReviewError, LookupError):
    """No case with that id."""


# ---------------------------------------------------------------- decisions


def record_decision(
    session: Session,
    case_id: int,
    username: str,
    decision: str,
    comment: str = "",
    document_id: int | None = None,
) -> ReviewDecision:
    """Record a partner's decision; the case moves when :func:`apply_pending_decisions` runs.

    Raises :class:`NotAllowed` (a ``PermissionError``) unless ``username`` is an active
    partner, :class:`InvalidDecision` for an unknown decision, a send-back without comment,
    a case not in ``ready_for_review`` or one that already has an unapplied decision, and
    :class:`CaseNotFound`.
    """
    user = get_user(session, username)
    if user is None or not user.active or user.role != "partner":
        raise NotAllowed("Tylko partner może zatwierdzać lub zwracać projekty.")
    if decision not in DECISIONS:
        raise InvalidDecision(f"Nieznana decyzja: {decision!r}.")
    comment = (comment or "").strip()
    if decision == "send_back" and not comment:
        raise InvalidDecision("Zwrot do poprawy wymaga komentarza.")
    case = session.get(Case, case_id, with_for_update=True)
    if case is None:
        raise CaseNotFound(f"Nie ma sprawy {case_id}.")
    if case.stage != Stage.READY_FOR_REVIEW.value:
        raise InvalidDecision(
            f"Sprawa nie czeka na akceptację (etap: {case.stage}); decyzja nie została zapisana."
        )
    if pending_decision(session, case_id) is not None:
        raise InvalidDecision("Decyzja w tej sprawie została już zapisana.")
    if document_id is not None:
        doc = session.get(GeneratedDocument, document_id)
        if doc is None or doc.case_id != case_id:
            raise InvalidDecision("Wskazany projekt nie należy do tej sprawy.")
    row = ReviewDecision(
        case_id=case_id,
        document_id=document_id,
        decision=decision,
        comment=comment,
        decided_by=username,
        flow_run_id=case.review_flow_run_id,
    )
    session.add(row)
    session.add(
        AuditLog(
            actor=username,
            action=f"review_{decision}",
            case_id=case_id,
            detail=json.dumps({"comment": comment, "document_id": document_id}, ensure_ascii=False),
        )
    )
    session.flush()
    return row


def pending_decision(session: Session, case_id: int) -> ReviewDecision | None:
    stmt = select(ReviewDecision).where(
        ReviewDecision.case_id == case_id, col(ReviewDecision.applied_at).is_(None)
    )
    return session.exec(stmt.order_by(col(ReviewDecision.id))).first()


def apply_pending_decisions(
    session: Session, case_ids: Iterable[int] | None = None, actor: str = "flow"
) -> list[tuple[int, str]]:
    """Move every case with an unapplied decision; return ``(case_id, decision)`` pairs.

    Approve -> ``approved``; send back -> ``sent_back`` with ``Case.review_comment``. A
    decision whose case has meanwhile left ``ready_for_review`` (closed, re-imported), or an
    approval of drafts older than the case's newest draft (``document_id`` is the newest
    draft the partner saw), is marked applied without moving the case, and the audit log
    says so; the case stays in the queue for a new decision. Idempotent.
    """
    stmt = select(ReviewDecision).where(col(ReviewDecision.applied_at).is_(None))
    if case_ids is not None:
        ids = list(case_ids)
        if not ids:
            return []
        stmt = stmt.where(col(ReviewDecision.case_id).in_(ids))
    applied: list[tuple[int, str]] = []
    for row in session.exec(stmt.order_by(col(ReviewDecision.id))).all():
        case = session.get(Case, row.case_id, with_for_update=True)
        session.refresh(row)  # another process may have applied it meanwhile
        if row.applied_at is not None or case is None:
            continue
        now = utcnow()
        target = Stage.APPROVED if row.decision == "approve" else Stage.SENT_BACK
        newer = _newest_document_id(session, row.case_id)
        if (
            target is Stage.APPROVED
            and row.document_id is not None
            and newer is not None
            and newer > row.document_id
        ):
            # a draft was regenerated after the partner looked: the approval does not cover it
            action = "review_decision_stale"
            detail = f"draft {newer} is newer than the approved {row.document_id}; review again"
        elif case.stage == Stage.READY_FOR_REVIEW.value:
            case.stage = next_stage(Stage(case.stage), target).value
            case.review_comment = row.comment if target is Stage.SENT_BACK else None
            case.updated_at = now
            session.add(case)
            action, detail = f"review_applied_{row.decision}", f"stage -> {case.stage}"
            applied.append((row.case_id, row.decision))
        else:
            action, detail = "review_decision_stale", f"case already in stage {case.stage}"
        row.applied_at = now
        session.add(row)
        session.add(
            AuditLog(
                actor=actor,
                action=action,
                case_id=row.case_id,
                detail=f"decision {row.id} by {row.decided_by}: {detail}",
            )
        )
        session.flush()
    return applied


def _newest_document_id(session: Session, case_id: int) -> int | None:
    return session.exec(
        select(sa.func.max(GeneratedDocument.id)).where(GeneratedDocument.case_id == case_id)
    ).one()


def undecided(session: Session, case_ids: Iterable[int]) -> list[int]:
    """Cases among ``case_ids`` still in ``ready_for_review`` without any pending decision."""
    ids = list(case_ids)
    if not ids:
        return []
    rows = session.exec(
        select(Case.id).where(col(Case.id).in_(ids), Case.stage == Stage.READY_FOR_REVIEW.value)
    ).all()
    return [i for i in rows if i is not None and pending_decision(session, i) is None]


def set_review_flow_run(session: Session, case_ids: Iterable[int], flow_run_id: str) -> int:
    """Remember which flow run waits for these cases' decisions (only those under review)."""
    ids = list(case_ids)
    if not ids:
        return 0
    result = session.execute(
        sa.update(Case)
        .where(col(Case.id).in_(ids), Case.stage == Stage.READY_FOR_REVIEW.value)
        .values(review_flow_run_id=flow_run_id)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


# ---------------------------------------------------------------- queues


@dataclass
class QueueRow:
    case_id: int
    external_ref: str
    creditor: str
    debtor: str
    total_claim: Decimal | None
    procedure: str | None
    earliest_limitation: date | None
    since: datetime
    paralegal: str | None
    partner: str | None
    comment: str | None = None
    pending: ReviewDecision | None = None  # recorded, not yet applied by a flow
    badges: list[tuple[str, str]] = field(default_factory=list)  # (css class, label)


def _badges(
    case: Case, findings: list[CaseFinding], registry: list[RegistryCheck], today: date
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if case.earliest_limitation is not None:
        days = (case.earliest_limitation - today).days
        if days < 0:
            out.append(("blocker", "Roszczenie przedawnione"))
        elif days <= LIMITATION_WARNING_DAYS:
            out.append(("warning", f"Przedawnienie za {days} dni"))
    if any(f.source == "evidence" and f.severity in {"warning", "blocker"} for f in findings):
        out.append(("warning", "Braki w dowodach"))
    codes = {f.code for f in findings if f.source == "registry"}
    if "bankruptcy" in codes:
        out.append(("blocker", "Dłużnik w upadłości"))
    if "in_liquidation" in codes:
        out.append(("warning", "Dłużnik w likwidacji"))
    if "restructuring" in codes:
        out.append(("blocker", "Dłużnik w restrukturyzacji"))
    verifications = sorted(
        (r for r in registry if r.service == "verification"), key=lambda r: (r.checked_at, r.id)
    )
    if not verifications or verifications[-1].status not in REGISTRY_DONE:
        out.append(("warning", "Rejestry nie sprawdzone"))
    return out


def _queue(
    session: Session, stage: Stage, order_by: sa.ColumnElement[object] | None, today: date | None
) -> list[QueueRow]:
    today = today or date.today()
    stmt = (
        select(Case, Creditor.name, Debtor.name)
        .join(Creditor, col(Creditor.id) == col(Case.creditor_id))
        .join(Debtor, col(Debtor.id) == col(Case.debtor_id))
        .where(Case.stage == stage.value)
        .order_by(order_by if order_by is not None else col(Case.updated_at), col(Case.id))
    )
    rows = session.exec(stmt).all()
    ids = [c.id for c, _, _ in rows if c.id is not None]
    findings: dict[int, list[CaseFinding]] = {i: [] for i in ids}
    registry: dict[int, list[RegistryCheck]] = {i: [] for i in ids}
    pending: dict[int, ReviewDecision] = {}
    if ids:
        for d in session.exec(
            select(ReviewDecision).where(
                col(ReviewDecision.case_id).in_(ids), col(ReviewDecision.applied_at).is_(None)
            )
        ):
            pending.setdefault(d.case_id, d)
        for f in session.exec(select(CaseFinding).where(col(CaseFinding.case_id).in_(ids))):
            findings[f.case_id].append(f)
        for r in session.exec(select(RegistryCheck).where(col(RegistryCheck.case_id).in_(ids))):
            if r.case_id is not None:
                registry[r.case_id].append(r)
    out: list[QueueRow] = []
    for case, creditor_name, debtor_name in rows:
        assert case.id is not None
        out.append(
            QueueRow(
                case_id=case.id,
                external_ref=case.external_ref,
                creditor=creditor_name,
                debtor=debtor_name,
                total_claim=case.total_claim,
                procedure=case.procedure,
                earliest_limitation=case.earliest_limitation,
                since=case.updated_at,
                paralegal=case.paralegal,
                partner=case.partner,
                comment=case.review_comment,
                pending=pending.get(case.id),
                badges=_badges(case, findings[case.id], registry[case.id], today),
            )
        )
    return out


def review_queue(session: Session, today: date | None = None) -> list[QueueRow]:
    """Cases in ``ready_for_review``, oldest first (by when they entered the stage)."""
    return _queue(session, Stage.READY_FOR_REVIEW, None, today)


def sent_back_queue(session: Session, today: date | None = None) -> list[QueueRow]:
    """Cases a partner sent back, with the partner's comment, oldest first."""
    return _queue(session, Stage.SENT_BACK, None, today)


def case_badges(session: Session, case: Case, today: date | None = None) -> list[tuple[str, str]]:
    assert case.id is not None
    findings = list(session.exec(select(CaseFinding).where(CaseFinding.case_id == case.id)))
    registry = list(session.exec(select(RegistryCheck).where(RegistryCheck.case_id == case.id)))
    return _badges(case, findings, registry, today or date.today())


def decisions_for(session: Session, case_id: int) -> list[ReviewDecision]:
    stmt = select(ReviewDecision).where(ReviewDecision.case_id == case_id)
    return list(session.exec(stmt.order_by(col(ReviewDecision.id).desc())).all())


def audit(session: Session, actor: str, action: str, case_id: int | None, detail: str) -> None:
    session.add(AuditLog(actor=actor, action=action, case_id=case_id, detail=detail))
