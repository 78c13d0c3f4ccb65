"""Partner review in the case store: decisions, queues (users: ``store.accounts``).

The database is the source of truth for a review. A partner's decision takes effect at once
(:func:`record_decision`: the case moves to ``approved`` / ``sent_back`` in the same
transaction as its ``ReviewDecision`` row and audit row), whether or not a flow run waits
for it. ``ReviewDecision.applied_at`` stays NULL until a flow run has seen the decision
(:func:`apply_pending_decisions`, idempotent): that is how a waiting handoff run, or the
scheduled follow-up, notices decisions from the store (:func:`unseen_decisions`).

Blockers block: approving a case with an open finding of severity ``blocker``
(:func:`blockers_for`) raises :class:`Blocked` unless the partner gives an override reason,
recorded in the audit log with the blockers it covers (:func:`overridden_blockers`).

Exceptions::

    ReviewError           the message is Polish and shown to the user
     +-- NotAllowed       not an active partner (also a PermissionError)
     +-- InvalidDecision  bad input or a case not waiting for review (also a ValueError)
     +-- CaseNotFound     no such case (also a LookupError)
     +-- Blocked          approval of a case with open blockers, no override reason
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Literal

import sqlalchemy as sa
from sqlmodel import Session, col, select

from law.findings import Finding, Severity
from law.stages import Stage, next_stage
from store import integrity
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
# The audit action recording an approval despite blockers (detail: reason and blockers).
OVERRIDE_ACTION = "review_override"


class ReviewError(Exception):
    """A review action that cannot be done as asked (message is shown to the user)."""


class NotAllowed(ReviewError, PermissionError):
    """The user may not do this (not an active partner)."""


class InvalidDecision(ReviewError, ValueError):
    """Bad input: unknown decision, missing comment, case not waiting for review."""


class CaseNotFound(ReviewError, LookupError):
    """No case with that id."""


# ---------------------------------------------------------------- decisions


def blockers_for(session: Session, case_id: int) -> list[CaseFinding]:
    """The case's open findings that block filing (severity ``blocker``), oldest first."""
    stmt = select(CaseFinding).where(
        CaseFinding.case_id == case_id, CaseFinding.severity == Severity.BLOCKER.value
    )
    return list(session.exec(stmt.order_by(col(CaseFinding.id))).all())


def blocker_key(source: str, code: str, subject: str) -> str:
    """What identifies a blocker across recomputations (its wording may change)."""
    return f"{source}:{code}:{subject}"


def _blocked_message(blockers: Sequence[CaseFinding]) -> str:
    listed = "; ".join(b.message for b in blockers[:5])
    more = f" (i {len(blockers) - 5} innych)" if len(blockers) > 5 else ""
    return (
        f"Sprawy nie można zatwierdzić: uwagi blokujące złożenie pozwu ({len(blockers)}): "
        f"{listed}{more}. Zatwierdzenie jest możliwe tylko z podanym powodem odstępstwa, "
        "za które partner bierze odpowiedzialność."
    )


class Blocked(ReviewError):
    """Approval refused: the case has open blocker findings (``blockers``).

    ``str()`` is the Polish message for the partner. The partner may still approve by
    passing a non-empty ``override_reason`` to :func:`record_decision`. The blockers are
    copies bound to no session, readable after the caller's transaction rolled back.
    """

    def __init__(self, blockers: Sequence[CaseFinding]) -> None:
        self.blockers: list[CaseFinding] = [CaseFinding(**b.model_dump()) for b in blockers]
        super().__init__(_blocked_message(self.blockers))


def record_decision(
    session: Session,
    case_id: int,
    username: str,
    decision: str,
    comment: str = "",
    document_id: int | None = None,
    *,
    override_reason: str | None = None,
) -> ReviewDecision:
    """Record a partner's decision and move the case at once (approved / sent back).

    The case moves in the caller's transaction (``law.stages.next_stage``); the
    ``ReviewDecision`` row keeps ``applied_at`` NULL until a flow run has seen it
    (:func:`apply_pending_decisions`), which is how a waiting run notices the decision.

    Approving a case with open blocker findings (:func:`blockers_for`) raises
    :class:`Blocked` unless ``override_reason`` is a non-empty reason: the override, its
    reason and the blockers it covers are written to the audit log (action
    ``review_override``), and :func:`overridden_blockers` reads them back for packaging.

    Raises :class:`NotAllowed` (a ``PermissionError``) unless ``username`` is an active
    partner; :class:`InvalidDecision` for an unknown decision, a send-back without comment,
    a case not in ``ready_for_review``, a draft of another case, or an approval of a draft
    older than the case's newest one (``document_id`` is the newest draft the partner saw);
    :class:`Blocked`; :class:`CaseNotFound`.
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
    session.refresh(case)  # the stage as of the lock, not as the session last saw it
    if case.stage != Stage.READY_FOR_REVIEW.value:
        raise InvalidDecision(
            f"Sprawa nie czeka na akceptację (etap: {case.stage}); decyzja nie została zapisana."
        )
    if document_id is not None:
        doc = session.get(GeneratedDocument, document_id)
        if doc is None or doc.case_id != case_id:
            raise InvalidDecision("Wskazany projekt nie należy do tej sprawy.")
        newer = _newest_document_id(session, case_id)
        if decision == "approve" and newer is not None and newer > document_id:
            raise InvalidDecision(
                "Od otwarcia sprawy powstała nowsza wersja projektu; przejrzyj ją i zdecyduj "
                "ponownie. Decyzja nie została zapisana."
            )
    target = Stage.APPROVED if decision == "approve" else Stage.SENT_BACK
    blockers = blockers_for(session, case_id) if target is Stage.APPROVED else []
    reason = (override_reason or "").strip()
    if blockers and not reason:
        raise Blocked(blockers)
    row = ReviewDecision(
        case_id=case_id,
        document_id=document_id,
        decision=decision,
        comment=comment,
        decided_by=username,
        flow_run_id=case.review_flow_run_id,
    )
    previous = case.stage
    case.stage = next_stage(Stage(case.stage), target).value
    case.review_comment = comment if target is Stage.SENT_BACK else None
    case.updated_at = utcnow()
    session.add(row)
    session.add(case)
    session.flush()
    detail: dict[str, object] = {
        "comment": comment,
        "document_id": document_id,
        "decision_id": row.id,
        "stage": f"{previous} -> {case.stage}",
    }
    session.add(
        AuditLog(
            actor=username,
            action=f"review_{decision}",
            case_id=case_id,
            detail=json.dumps(detail, ensure_ascii=False),
        )
    )
    if blockers:
        overridden = [
            {
                "key": blocker_key(b.source, b.code, b.subject),
                "source": b.source,
                "code": b.code,
                "subject": b.subject,
                "message": b.message,
            }
            for b in blockers
        ]
        session.add(
            AuditLog(
                actor=username,
                action=OVERRIDE_ACTION,
                case_id=case_id,
                detail=json.dumps(
                    {"decision_id": row.id, "reason": reason, "blockers": overridden},
                    ensure_ascii=False,
                ),
            )
        )
    session.flush()
    return row


def overridden_blockers(session: Session, case_id: int) -> set[str]:
    """Keys (:func:`blocker_key`) of the blockers the partner overrode when approving the
    case's current approval; empty when the approval had no override."""
    approval = session.exec(
        select(ReviewDecision)
        .where(ReviewDecision.case_id == case_id, ReviewDecision.decision == "approve")
        .order_by(col(ReviewDecision.id).desc())
    ).first()
    if approval is None:
        return set()
    keys: set[str] = set()
    for entry in session.exec(
        select(AuditLog.detail).where(
            AuditLog.case_id == case_id, AuditLog.action == OVERRIDE_ACTION
        )
    ).all():
        try:
            data = json.loads(entry)
        except ValueError:
            continue
        if isinstance(data, dict) and data.get("decision_id") == approval.id:
            keys.update(str(b.get("key", "")) for b in data.get("blockers", []))
    return keys


def filing_blockers(
    session: Session, case_id: int, claim_findings: Iterable[Finding] | None = None
) -> list[CaseFinding]:
    """The blockers that keep an approved case out of any court package or filing.

    The rule: an approval with an override means the partner took responsibility for the
    blockers listed then, so those do not keep the case out; any other blocker does - one
    that appeared after the approval (a reverify found bankruptcy, the claim became
    time-barred by the filing day, a draft's file was tampered with) or one an approval
    without override never saw (an approval recorded before blockers blocked). Blockers are
    matched by :func:`blocker_key` (source, code, subject), not by wording.

    ``claim_findings`` are the claim's findings recomputed for the filing day: they replace
    the stored ``claim`` findings, which were computed on the drafting day. Returns the
    uncovered blockers (unsaved ``CaseFinding`` values for recomputed ones); empty: the
    case may be packaged.
    """
    stored = blockers_for(session, case_id)
    if claim_findings is not None:
        stored = [b for b in stored if b.source != "claim"]
        stored += [
            CaseFinding(
                case_id=case_id,
                source="claim",
                code=f.code,
                severity=f.severity.value,
                message=f.message,
                subject=f.subject,
                cite=f.cite,
            )
            for f in claim_findings
            if f.severity is Severity.BLOCKER
        ]
    covered = overridden_blockers(session, case_id)
    return [b for b in stored if blocker_key(b.source, b.code, b.subject) not in covered]


def filing_refusals(
    engine: sa.Engine,
    case_id: int,
    claim_findings: Iterable[Finding] | None,
    roots: Iterable[Path] = (),
    *,
    actor: str,
    purpose: str,
) -> list[str]:
    """Why an approved case may not go into a court package or filing (Polish lines, empty:
    it may): its :func:`filing_blockers`, and every newest draft whose SHA-256 no longer
    matches (refused and recorded by ``store.integrity``). A draft whose file is gone does
    not keep the case out: packages are built from the case data."""
    with Session(engine) as session:
        reasons = [b.message for b in filing_blockers(session, case_id, claim_findings)]
        for doc in integrity.newest_documents(session, case_id):
            try:
                integrity.verified_path(session, doc, roots, actor=actor, purpose=purpose)
            except integrity.DocumentTampered as exc:
                reasons.append(str(exc))
            except integrity.DocumentMissing:
                continue
    return reasons


def _in_effect_when_recorded(session: Session, case_ids: Iterable[int]) -> set[int]:
    """Ids of the decisions on these cases that moved their case when recorded: the audit row
    :func:`record_decision` writes names its decision (``decision_id``); rows of the older
    code, which left the case waiting for a flow run, do not."""
    ids = list(case_ids)
    if not ids:
        return set()
    rows = session.exec(
        select(AuditLog.detail).where(
            col(AuditLog.case_id).in_(ids),
            col(AuditLog.action).in_([f"review_{d}" for d in DECISIONS]),
        )
    ).all()
    out: set[int] = set()
    for detail in rows:
        try:
            data = json.loads(detail)
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("decision_id"), int):
            out.add(data["decision_id"])
    return out


def _pending_of(
    decisions: Iterable[ReviewDecision], in_effect: set[int]
) -> dict[int, ReviewDecision]:
    """Per case, its newest decision if it is still waiting to take effect: no flow run has
    seen it and it did not move the case when recorded. A send-back in effect whose case is
    back in review after a redraft is history, not a pending decision."""
    newest: dict[int, ReviewDecision] = {}
    for d in decisions:
        if d.id is not None and (d.case_id not in newest or d.id > (newest[d.case_id].id or 0)):
            newest[d.case_id] = d
    return {
        case_id: d
        for case_id, d in newest.items()
        if d.applied_at is None and d.id not in in_effect
    }


def pending_decision(session: Session, case_id: int) -> ReviewDecision | None:
    """A decision recorded but not in effect yet: only rows written before decisions moved
    the case at once (the case still waits in ``ready_for_review``). ``None`` otherwise,
    also for a decision in effect whose case came back to review (:func:`_pending_of`)."""
    case = session.get(Case, case_id)
    if case is None or case.stage != Stage.READY_FOR_REVIEW.value:
        return None
    decisions = session.exec(select(ReviewDecision).where(ReviewDecision.case_id == case_id))
    return _pending_of(decisions, _in_effect_when_recorded(session, [case_id])).get(case_id)


def unseen_decisions(session: Session, case_ids: Iterable[int]) -> list[ReviewDecision]:
    """Decisions on these cases no flow run has seen yet (``applied_at`` NULL), oldest first:
    what a waiting run looks for in the store."""
    ids = list(case_ids)
    if not ids:
        return []
    stmt = select(ReviewDecision).where(
        col(ReviewDecision.case_id).in_(ids), col(ReviewDecision.applied_at).is_(None)
    )
    return list(session.exec(stmt.order_by(col(ReviewDecision.id))).all())


def apply_pending_decisions(
    session: Session, case_ids: Iterable[int] | None = None, actor: str = "flow"
) -> list[tuple[int, str]]:
    """Mark every decision no flow run has seen yet as seen; return ``(case_id, decision)``
    of each one that is (now) in effect. Idempotent.

    A decision normally moved its case when it was recorded (:func:`record_decision`);
    here it is only acknowledged (audit ``review_acknowledged``). A decision recorded
    before that (the case still in ``ready_for_review``) is applied now as it used to be:
    approve -> ``approved``, send back -> ``sent_back`` with ``Case.review_comment``; an
    approval of a draft older than the case's newest draft is marked stale without moving
    the case. A decision whose case has meanwhile moved on (re-imported, decided again,
    closed) is marked applied with the audit saying so.
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
        session.refresh(case)
        now = utcnow()
        target = Stage.APPROVED if row.decision == "approve" else Stage.SENT_BACK
        newest = _newest_decision_id(session, row.case_id)
        if case.stage == target.value and newest == row.id:
            action, detail = "review_acknowledged", f"in effect since recorded ({case.stage})"
            applied.append((row.case_id, row.decision))
        elif case.stage == Stage.READY_FOR_REVIEW.value and row.id in _in_effect_when_recorded(
            session, [row.case_id]
        ):  # it moved the case when recorded; the case is in review again (redrafted)
            action, detail = "review_acknowledged", "in effect since recorded; back in review"
        elif case.stage == Stage.READY_FOR_REVIEW.value and newest == row.id:
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
            else:
                case.stage = next_stage(Stage(case.stage), target).value
                case.review_comment = row.comment if target is Stage.SENT_BACK else None
                case.updated_at = now
                session.add(case)
                action, detail = f"review_applied_{row.decision}", f"stage -> {case.stage}"
                applied.append((row.case_id, row.decision))
        elif newest != row.id:
            action, detail = "review_acknowledged", f"superseded by decision {newest}"
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


def _newest_decision_id(session: Session, case_id: int) -> int | None:
    return session.exec(
        select(sa.func.max(ReviewDecision.id)).where(ReviewDecision.case_id == case_id)
    ).one()


def undecided(session: Session, case_ids: Iterable[int]) -> list[int]:
    """Cases among ``case_ids`` still in ``ready_for_review`` without a decision in effect."""
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
    pending: ReviewDecision | None = None  # recorded, not in effect yet (see pending_decision)
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
    if any(f.source == "court" and f.severity == "blocker" for f in findings):
        out.append(("blocker", "Sąd nieustalony"))  # court_not_placed / regional_court_not_named
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
        if stage is Stage.READY_FOR_REVIEW:  # see pending_decision
            pending = _pending_of(
                session.exec(
                    select(ReviewDecision).where(col(ReviewDecision.case_id).in_(ids))
                ).all(),
                _in_effect_when_recorded(session, ids),
            )
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
