"""A case's lifecycle in the store: its steps (``CaseStep``), the facts the legal core checks
an event against, and the timeline the command line shows.

A step is written in the caller's transaction together with the stage it moves the case to
(:func:`apply_step`, :func:`apply_correction`) and an audit row, so a crash leaves either
all of it or none. One step per court event (unique ``event_id``).

Theory of operation of the *effective* steps: the steps are read in the order they were
written; a correction back to stage S undoes every step after the last one that led to S
(or all of them when none did). What remains are the effective steps: the last one's day
is the day of the case's last step, the last filing among them is the effective filing,
and so on (:func:`court_facts`). Undone steps stay in the table and in the timeline,
marked as undone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, tzinfo
from typing import Any

from sqlmodel import Session, col, select

from law.lifecycle import (
    CORRECTION,
    FILING,
    TRIGGER_LABELS,
    CourtFacts,
    Step,
    opened_deadlines,
)
from law.pl.deadlines import EventKind
from law.stages import STAGE_LABELS, Stage, correction, next_stage, undo
from store.tables import AuditLog, Case, CaseStep, CourtEvent, Deadline, ReviewDecision, utcnow

OPEN, CANCELLED = "open", "cancelled"
_RETURNS = (EventKind.RETURNED_UNPAID_FEE.value, EventKind.LAWSUIT_RETURNED.value)


def _audit(session: Session, actor: str, action: str, case_id: int | None, **detail: Any) -> None:
    session.add(
        AuditLog(
            actor=actor or "system",
            action=action,
            case_id=case_id,
            detail=json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True),
        )
    )


def steps_of(session: Session, case_id: int) -> list[CaseStep]:
    """Every step of the case in the order written."""
    return list(
        session.exec(
            select(CaseStep).where(CaseStep.case_id == case_id).order_by(col(CaseStep.id))
        ).all()
    )


def effective_steps(steps: Sequence[CaseStep]) -> list[CaseStep]:
    """The steps not undone by a later correction (see the module docstring)."""
    kept: list[CaseStep] = []
    for step in steps:
        if step.trigger != CORRECTION:
            kept.append(step)
            continue
        while kept and kept[-1].to_stage != step.to_stage:
            kept.pop()
    return kept


def step_for_event(session: Session, event_id: int) -> CaseStep | None:
    return session.exec(select(CaseStep).where(CaseStep.event_id == event_id)).first()


def same_event(
    session: Session, case_id: int, kind: EventKind, on: date, signature: str
) -> CourtEvent | None:
    """A live event of the case of the same kind and day (and signature, where both have
    one): recording it again would record the same thing twice."""
    rows = session.exec(
        select(CourtEvent).where(
            CourtEvent.case_id == case_id,
            CourtEvent.kind == EventKind(kind).value,
            CourtEvent.occurred_on == on,
            col(CourtEvent.deleted_at).is_(None),
        )
    ).all()
    for row in rows:
        if not row.signature or not signature or row.signature == signature:
            return row
    return None


def approved_on(session: Session, case_id: int, tz: tzinfo) -> date | None:
    """The firm's calendar day of the case's latest approval, if any."""
    decided = session.exec(
        select(ReviewDecision.decided_at)
        .where(ReviewDecision.case_id == case_id, ReviewDecision.decision == "approve")
        .order_by(col(ReviewDecision.id).desc())
    ).first()
    if decided is None:
        return None
    if decided.tzinfo is None:  # SQLite hands back naive UTC
        decided = decided.replace(tzinfo=UTC)
    return decided.astimezone(tz).date()


def court_facts(session: Session, case: Case, tz: tzinfo) -> CourtFacts:
    """What the legal core checks an event or a filing against (``law.lifecycle``)."""
    assert case.id is not None
    kept = [s for s in effective_steps(steps_of(session, case.id)) if s.from_stage != s.to_stage]
    filings = [s for s in kept if s.trigger == FILING]
    served = [s for s in kept if s.trigger == EventKind.PAYMENT_ORDER_SERVED.value]
    returned = [s for s in kept if s.trigger in _RETURNS]
    return CourtFacts(
        procedure=case.procedure,
        filed_on=filings[-1].occurred_on if filings else None,
        last_step_on=kept[-1].occurred_on if kept else None,
        order_served_on=served[-1].occurred_on if served else None,
        returned_by=returned[-1].trigger if returned else None,
        returned_on=returned[-1].occurred_on if returned else None,
        approved_on=approved_on(session, case.id, tz),
    )


def latest_filing(session: Session, case_id: int) -> CaseStep | None:
    kept = effective_steps(steps_of(session, case_id))
    filings = [s for s in kept if s.trigger == FILING]
    return filings[-1] if filings else None


def apply_step(
    session: Session,
    case: Case,
    step: Step,
    *,
    actor: str,
    event_id: int | None = None,
    court: str = "",
    signature: str = "",
    mode: str = "",
) -> CaseStep:
    """Write ``step`` (from ``law.lifecycle``) and move the case along the table."""
    assert case.id is not None
    before = Stage(case.stage)
    if before is not step.source:
        raise ValueError(f"case {case.id} is {before.value}, the step starts at {step.source}")
    if step.moves:
        case.stage = next_stage(before, step.target).value
        case.updated_at = utcnow()
        session.add(case)
    row = CaseStep(
        case_id=case.id,
        occurred_on=step.on,
        from_stage=before.value,
        to_stage=step.target.value,
        trigger=step.trigger,
        event_id=event_id,
        cause=step.cause,
        cites=step.article,
        status=step.status,
        court=court,
        signature=signature,
        mode=mode,
        recorded_by=actor,
    )
    session.add(row)
    session.flush()
    if step.moves:
        _audit(
            session,
            actor,
            "case.stage",
            case.id,
            stage=f"{before.value} -> {step.target.value}",
            trigger=step.trigger,
            on=step.on,
            step_id=row.id,
            event_id=event_id,
            cites=step.article,
        )
    return row


def apply_correction(
    session: Session,
    case: Case,
    target: Stage,
    reason: str,
    *,
    on: date,
    actor: str,
    undoing: bool = False,
) -> CaseStep:
    """Move the case back to ``target`` (``law.stages.correction``; with ``undoing`` the
    undoing of its last transition, ``law.stages.undo``), audited and kept in the timeline;
    the steps it undoes stay, marked as undone."""
    assert case.id is not None
    before = Stage(case.stage)
    back = undo(before, target, reason) if undoing else correction(before, target, reason)
    case.stage = back.value
    case.updated_at = utcnow()
    session.add(case)
    row = CaseStep(
        case_id=case.id,
        occurred_on=on,
        from_stage=before.value,
        to_stage=target.value,
        trigger=CORRECTION,
        cause="korekta etapu",
        reason=reason.strip(),
        recorded_by=actor,
    )
    session.add(row)
    session.flush()
    _audit(
        session,
        actor,
        "case.stage_correction",
        case.id,
        stage=f"{before.value} -> {target.value}",
        reason=reason.strip(),
        step_id=row.id,
    )
    return row


def end_court_deadlines(session: Session, case_id: int, *, actor: str) -> list[Deadline]:
    """Cancel the case's open procedural deadlines (those of its court events): the case
    left court. Limitation rows follow the stage (``sync_limitation_deadlines``)."""
    rows = session.exec(
        select(Deadline).where(
            Deadline.case_id == case_id,
            col(Deadline.event_id).is_not(None),
            Deadline.status == OPEN,
        )
    ).all()
    now = utcnow()
    for row in rows:
        row.status = CANCELLED
        row.updated_at = now
        session.add(row)
        _audit(
            session,
            actor,
            "deadline.cancel",
            case_id,
            deadline_id=row.id,
            rule_key=row.rule_key,
            due_on=row.due_on,
            why="case left court",
        )
    session.flush()
    return list(rows)


# --- the timeline -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated line of ``handoff cases show --json`` ``timeline``."""

    date: date
    stage: str  # the stage after this step
    stage_label: str
    from_stage: str | None
    event_kind: str  # EventKind value, "lawsuit-filed", "correction", "approval"
    event_label: str
    cause: str  # Polish
    article: str
    status: str
    event_id: int | None = None
    court: str = ""
    signature: str = ""
    mode: str = ""
    reason: str = ""
    undone: bool = False
    recorded_by: str = ""
    opens: tuple[str, ...] = ()  # deadlines the event opens (law.lifecycle.opened_deadlines)

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "stage": self.stage,
            "stage_label": self.stage_label,
            "from_stage": self.from_stage,
            "event_kind": self.event_kind,
            "event_label": self.event_label,
            "cause": self.cause,
            "article": self.article,
            "status": self.status,
            "event_id": self.event_id,
            "court": self.court,
            "signature": self.signature,
            "mode": self.mode,
            "reason": self.reason,
            "undone": self.undone,
            "recorded_by": self.recorded_by,
            "opens": list(self.opens),
        }


def _opens(trigger: str) -> tuple[str, ...]:
    try:
        return opened_deadlines(trigger)
    except ValueError:  # a correction, or a kind no longer known
        return ()


def _label(stage: str) -> str:
    try:
        return STAGE_LABELS[Stage(stage)]
    except ValueError:
        return stage


def timeline(session: Session, case: Case, tz: tzinfo) -> list[TimelineEntry]:
    """The case's dated steps, oldest first: approvals, the filing, court events (also those
    recorded before the lifecycle, or elsewhere, that moved nothing) and corrections."""
    assert case.id is not None
    entries: list[tuple[date, int, int, TimelineEntry]] = []
    for d in session.exec(
        select(ReviewDecision)
        .where(ReviewDecision.case_id == case.id, ReviewDecision.decision == "approve")
        .order_by(col(ReviewDecision.id))
    ).all():
        at = d.decided_at if d.decided_at.tzinfo else d.decided_at.replace(tzinfo=UTC)
        day = at.astimezone(tz).date()
        entry = TimelineEntry(
            day,
            Stage.APPROVED.value,
            _label(Stage.APPROVED.value),
            Stage.READY_FOR_REVIEW.value,
            "approval",
            "zatwierdzenie projektu przez partnera",
            f"zatwierdził(a): {d.decided_by}",
            "",
            "",
            recorded_by=d.decided_by,
        )
        entries.append((day, 0, d.id or 0, entry))
    steps = steps_of(session, case.id)
    kept = {s.id for s in effective_steps(steps)}
    stepped: set[int] = set()
    for s in steps:
        if s.event_id is not None:
            stepped.add(s.event_id)
        entry = TimelineEntry(
            s.occurred_on,
            s.to_stage,
            _label(s.to_stage),
            s.from_stage,
            s.trigger,
            TRIGGER_LABELS.get(s.trigger, s.trigger),
            s.cause,
            s.cites,
            s.status,
            s.event_id,
            s.court,
            s.signature,
            s.mode,
            s.reason,
            s.id not in kept,
            s.recorded_by,
            _opens(s.trigger),
        )
        entries.append((s.occurred_on, 1, s.id or 0, entry))
    events = session.exec(
        select(CourtEvent).where(
            CourtEvent.case_id == case.id, col(CourtEvent.deleted_at).is_(None)
        )
    ).all()
    for e in events:
        if e.id in stepped:
            continue
        cites = session.exec(
            select(Deadline.cites).where(Deadline.event_id == e.id).order_by(col(Deadline.id))
        ).first()
        entry = TimelineEntry(
            e.occurred_on,
            "",
            "",
            None,
            e.kind,
            TRIGGER_LABELS.get(e.kind, e.kind),
            "zdarzenie zapisane bez zmiany etapu (przed cyklem życia sprawy lub poza nim)",
            cites or "",
            "",
            e.id,
            signature=e.signature,
            recorded_by=e.recorded_by,
            opens=_opens(e.kind),
        )
        entries.append((e.occurred_on, 2, e.id or 0, entry))
    entries.sort(key=lambda t: (t[0], t[1], t[2]))
    out: list[TimelineEntry] = []
    stage = ""
    for *_, entry in entries:
        if entry.stage:
            stage = entry.stage if not entry.undone else stage
        else:  # an event that moved nothing: the case was where the steps before left it
            entry = replace(entry, stage=stage, stage_label=_label(stage) if stage else "")
        out.append(entry)
    return out


def case_timeline(engine: Any, ref: str, tz: tzinfo) -> list[dict[str, Any]] | None:
    """The timeline of case ``ref`` as JSON-ready rows (``None``: no such case)."""
    from store.cases import find_case

    with Session(engine) as session:
        case = find_case(session, ref)
        if case is None or case.id is None:
            return None
        return [entry.as_json() for entry in timeline(session, case, tz)]


# --- the portfolio ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PortfolioCase:
    """One case as the per-creditor portfolio lists it (no personal data of the debtor)."""

    creditor: str
    creditor_nip: str
    case_ref: str
    debtor: str
    stage: str
    procedure: str
    total_claim: Any  # Decimal | None
    filed_on: date | None
    court: str
    signature: str
    next_due_on: date | None
    next_action: str


@dataclass(frozen=True, slots=True)
class PortfolioDeadline:
    creditor_nip: str
    case_ref: str
    due_on: date
    action: str
    side: str
    responsible: str


def portfolio_cases(
    session: Session, creditor_nip: str | None = None
) -> tuple[list[PortfolioCase], list[PortfolioDeadline]]:
    """Every case (of one creditor, by NIP) with its stage, WPS, filing and next open
    deadline, and the open deadlines of the cases not closed, earliest first. Three
    queries whatever the number of cases."""
    import sqlalchemy as sa

    from store.tables import Creditor, Debtor

    c, cr, d = Case.__table__, Creditor.__table__, Debtor.__table__
    dl = Deadline.__table__
    where = [cr.c.nip == creditor_nip] if creditor_nip is not None else []
    cases = session.execute(
        sa.select(c.c.id, cr.c.name, cr.c.nip, c.c.external_ref, d.c.name, c.c.stage)
        .add_columns(c.c.procedure, c.c.total_claim)
        .select_from(c)
        .join(cr, cr.c.id == c.c.creditor_id)
        .join(d, d.c.id == c.c.debtor_id)
        .where(*where)
        .order_by(cr.c.name, c.c.id)
    ).all()
    ids = [row[0] for row in cases]
    filings: dict[int, CaseStep] = {}
    signatures: dict[int, str] = {}
    if ids:
        steps = session.exec(
            select(CaseStep).where(col(CaseStep.case_id).in_(ids)).order_by(col(CaseStep.id))
        ).all()
        by_case: dict[int, list[CaseStep]] = {}
        for s in steps:
            by_case.setdefault(s.case_id, []).append(s)
        for case_id, rows in by_case.items():
            kept = effective_steps(rows)
            found = [s for s in kept if s.trigger == FILING]
            if found:
                filings[case_id] = found[-1]
            signed = [s.signature for s in kept if s.signature]
            if signed:
                signatures[case_id] = signed[-1]
    open_rows = (
        session.execute(
            sa.select(dl.c.case_id, dl.c.due_on, dl.c.action, dl.c.side)
            .add_columns(sa.func.coalesce(dl.c.responsible, ""))
            .where(dl.c.case_id.in_(ids), dl.c.status == OPEN)
            .order_by(dl.c.due_on, dl.c.id)
        ).all()
        if ids
        else []
    )
    nearest: dict[int, tuple[date, str]] = {}
    for case_id, due, action, _side, _who in open_rows:
        nearest.setdefault(case_id, (due, action))
    out: list[PortfolioCase] = []
    refs: dict[int, tuple[str, str]] = {}
    for case_id, name, nip, ref, debtor, stage, procedure, total in cases:
        filing = filings.get(case_id)
        due = nearest.get(case_id)
        refs[case_id] = (nip or "", ref)
        out.append(
            PortfolioCase(
                name,
                nip or "",
                ref,
                debtor,
                stage,
                procedure or "",
                total,
                filing.occurred_on if filing else None,
                filing.court if filing else "",
                signatures.get(case_id, ""),
                due[0] if due else None,
                due[1] if due else "",
            )
        )
    closed = {case_id for case_id, *_, stage, _p, _t in cases if stage == Stage.CLOSED.value}
    deadlines = [
        PortfolioDeadline(refs[case_id][0], refs[case_id][1], due, action, side, who)
        for case_id, due, action, side, who in open_rows
        if case_id not in closed
    ]
    return out, deadlines
