"""The e-Sąd submissions in the store: packages sent, each lawsuit's fate, and what a court
answer changes on the case (a rejected lawsuit goes back to the paralegals).

Theory of operation. A submission is written *before* the package goes out
(:func:`start_submission`: status ``sending``, every lawsuit ``pending`` with
``active_case_id`` set), in its own transaction; the unique key on ``active_case_id`` keeps
a case in at most one live submission, so a re-run or a second run at the same time cannot
send it again (it gets :class:`AlreadySubmitted`). The court's answer then settles each
lawsuit (:func:`settle_lawsuit`): ``accepted`` stays live (the case is filed), ``rejected``
and ``not_sent`` release the case (it may be sent again once fixed and approved), and
``pending`` / ``unknown`` (no answer: a timeout, a crash) stay live until a look-up in the
court's list of cases decides (``handoff epu submit --poll``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from law.findings import Severity
from law.stages import Stage, next_stage
from store.db import session_scope
from store.tables import (
    AuditLog,
    Case,
    CaseFinding,
    CaseStep,
    EsadLawsuit,
    EsadSubmission,
    utcnow,
)

SOURCE = "esad"  # CaseFinding.source of the court's rejections
REJECTED_CODE = "esad_rejected"
LIVE = frozenset({"pending", "accepted", "unknown"})
OPEN = frozenset({"pending", "unknown"})  # fate not known: look them up before anything else


class AlreadySubmitted(Exception):
    """A case of the new submission is already in a live one (another run sent it)."""


@dataclass(frozen=True, slots=True)
class PlannedLawsuit:
    case_id: int
    ordinal: int
    our_ref: str


def _audit(session: Session, actor: str, action: str, case_id: int | None, **detail: Any) -> None:
    session.add(
        AuditLog(
            actor=actor or "system",
            action=action,
            case_id=case_id,
            detail=json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True),
        )
    )


def live_lawsuits(session: Session, case_ids: Iterable[int] | None = None) -> list[EsadLawsuit]:
    """The live lawsuits (pending, accepted or unknown), optionally of ``case_ids`` only."""
    stmt = select(EsadLawsuit).where(col(EsadLawsuit.active_case_id).is_not(None))
    if case_ids is not None:
        stmt = stmt.where(col(EsadLawsuit.case_id).in_(list(case_ids)))
    return list(session.exec(stmt.order_by(col(EsadLawsuit.id))).all())


def start_submission(
    engine: sa.Engine,
    *,
    label: str,
    filing_date: date,
    sha256: str,
    file: str,
    actor: str,
    lawsuits: Sequence[PlannedLawsuit],
) -> int:
    """Record a package about to be sent (committed before it goes out); its id.

    Raises :class:`AlreadySubmitted` (nothing recorded) when a case is in a live
    submission already.
    """
    try:
        with session_scope(engine) as session:
            row = EsadSubmission(
                label=label,
                filing_date=filing_date,
                sha256=sha256,
                file=file,
                sent_by=actor,
                lawsuits=len(lawsuits),
            )
            session.add(row)
            session.flush()
            assert row.id is not None
            for planned in lawsuits:
                session.add(
                    EsadLawsuit(
                        submission_id=row.id,
                        case_id=planned.case_id,
                        active_case_id=planned.case_id,
                        ordinal=planned.ordinal,
                        our_ref=planned.our_ref,
                    )
                )
                _audit(
                    session,
                    actor,
                    "esad.sending",
                    planned.case_id,
                    package=label,
                    ordinal=planned.ordinal,
                )
            session.flush()
            return row.id
    except IntegrityError as exc:
        raise AlreadySubmitted(label) from exc


def record_answer(
    session: Session,
    submission_id: int,
    *,
    status: str,
    code: str = "",
    message: str = "",
    total_fee: Decimal | None = None,
) -> EsadSubmission:
    row = session.get(EsadSubmission, submission_id)
    assert row is not None
    row.status = status
    row.code = code
    row.message = message[:2000]
    row.total_fee = total_fee
    row.answered_at = utcnow()
    session.add(row)
    return row


def lawsuits_of(session: Session, submission_id: int) -> list[EsadLawsuit]:
    return list(
        session.exec(
            select(EsadLawsuit)
            .where(EsadLawsuit.submission_id == submission_id)
            .order_by(col(EsadLawsuit.ordinal))
        ).all()
    )


def settle_lawsuit(
    session: Session,
    row: EsadLawsuit,
    status: str,
    *,
    actor: str,
    reason: str = "",
    fee: Decimal | None = None,
    signature: str = "",
    state: str = "",
) -> EsadLawsuit:
    """Set a lawsuit's fate (see the module docstring); audited when it changes."""
    before = row.status
    row.status = status
    row.active_case_id = row.case_id if status in LIVE else None
    if reason:
        row.reason = reason[:4000]
    if fee is not None:
        row.fee = fee
    if signature:
        row.court_signature = signature
    if state:
        row.court_state = state
    row.updated_at = utcnow()
    session.add(row)
    if before != status:
        _audit(
            session,
            actor,
            f"esad.{status}",
            row.case_id,
            submission_id=row.submission_id,
            ordinal=row.ordinal,
            signature=signature or row.court_signature,
        )
    session.flush()
    return row


def send_back_to_paralegal(
    session: Session, case_id: int, message: str, subject: str, *, actor: str
) -> bool:
    """The court rejected the case's lawsuit: a finding with the court's words and, while
    the case is approved, back to intake (``law.stages``: the approval does not cover a
    pozew the court refused; the paralegals correct it and it is drafted and reviewed
    again). True when the stage moved."""
    case = session.get(Case, case_id, with_for_update=True)
    assert case is not None
    session.add(
        CaseFinding(
            case_id=case_id,
            source=SOURCE,
            code=REJECTED_CODE,
            severity=Severity.WARNING.value,
            message=message,
            subject=subject,
        )
    )
    moved = False
    if case.stage == Stage.APPROVED.value:
        before = Stage(case.stage)
        case.stage = next_stage(before, Stage.INTAKE).value
        case.updated_at = utcnow()
        session.add(case)
        _audit(
            session,
            actor,
            "case.stage",
            case_id,
            stage=f"{before.value} -> {case.stage}",
            trigger="esad-rejected",
            package=subject,
        )
        moved = True
    session.flush()
    return moved


def set_filing_signature(session: Session, step_id: int, signature: str, *, actor: str) -> bool:
    """Write the court's signature on a filing step that has none yet (audited)."""
    step = session.get(CaseStep, step_id)
    if step is None or step.signature or not signature:
        return False
    step.signature = signature
    session.add(step)
    _audit(session, actor, "case.signature", step.case_id, step_id=step_id, signature=signature)
    session.flush()
    return True


def submission_of(session: Session, submission_id: int) -> EsadSubmission | None:
    return session.get(EsadSubmission, submission_id)
