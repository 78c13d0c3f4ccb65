"""Court events, the deadlines they start, and the once-only warnings about them: the queries.

A paralegal records a court event (``record_event``); the legal core
(``law.pl.deadlines.deadlines_for``) says which deadlines it opens and when they end, and
they are stored in the same transaction with an audit row per change. Editing an event
recomputes its deadlines (moved, added, cancelled); deleting it cancels them; a deadline
marked done stays done whatever happens to its event. Limitation is a case-level deadline
(``event_id`` NULL) per live invoice, ``rule_key`` "limitation:<invoice number>", kept in step
with the ``LimitationWatch`` rows the last draft wrote (``replace_limitation_watch``) by
``sync_limitation_deadlines`` while the lawsuit is not filed; a case drafted before the
per-invoice watch keeps its one case-wide row "limitation" from ``Case.earliest_limitation``.
The partial unique index ``uq_deadline_case_rule_no_event`` makes each one row per case.

Theory of operation of the warning check:

1. ``scan_open_deadlines`` is the only read: one SELECT over ``ix_deadline_open_due``
   (status, due_on) joined to the case, the event and the two users, never a case loop.
2. ``claim_warnings`` inserts (deadline_id, level) rows with INSERT ... ON CONFLICT DO
   NOTHING RETURNING in one statement, in a fixed order; the unique key
   (deadline_id, level) lets exactly one concurrent claimant win each row, on SQLite and
   PostgreSQL alike, and the caller commits the claim *before* sending anything.
3. The caller sends only what it claimed, then ``mark_delivered``; if the send raised, it
   calls ``release_claims`` so that the next run tries again.

The resulting delivery semantics are *at most once* per (deadline, level): a process that
dies between committing its claim and the relay accepting the mail loses that warning; the
row is left with ``delivered_at`` NULL and ``undelivered_claims`` lists it for a person to
look at. The level carries the due date ("upcoming@2025-12-29") so a deadline moved by an
edited event is warned about again for its new date.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from law.pl.deadlines import EventKind, deadlines_for
from law.stages import PRE_FILING, Stage
from store.tables import (
    AuditLog,
    Case,
    CourtEvent,
    Deadline,
    DeadlineWarning,
    LimitationWatch,
    User,
    utcnow,
)

LIMITATION_RULE = "limitation"
LIMITATION_ACTION = "wniesienie pozwu przed upływem przedawnienia"
LIMITATION_CITES = "KC art. 117; KC art. 118"
LIMITATION_REASON = (
    "najwcześniejsze przedawnienie roszczeń w sprawie; bez przesunięcia z art. 115 KC "
    "(SN III CZP 21/23)"
)
LIMITATION_INVOICE_REASON = (
    "przedawnienie roszczenia z faktury; bez przesunięcia z art. 115 KC (SN III CZP 21/23)"
)

OPEN, DONE, CANCELLED = "open", "done", "cancelled"


class DeadlineStoreError(Exception):
    """Base class of the errors raised here."""


class CaseNotFound(DeadlineStoreError, LookupError):
    """No case has that reference."""


class AmbiguousCaseRef(DeadlineStoreError):
    """Several creditors use the same case reference; give the numeric case id instead."""


class EventNotFound(DeadlineStoreError, LookupError):
    """No live court event has that id."""


class DeadlineNotFound(DeadlineStoreError, LookupError):
    """No deadline has that id."""


# --- events -> deadlines ------------------------------------------------------------------


def find_case(session: Session, ref: str) -> Case:
    """The case with external reference ``ref`` (or numeric id ``#12``)."""
    if ref.startswith("#") and ref[1:].isdigit():
        case = session.get(Case, int(ref[1:]))
        if case is None:
            raise CaseNotFound(ref)
        return case
    cases = session.exec(select(Case).where(Case.external_ref == ref)).all()
    if not cases:
        raise CaseNotFound(ref)
    if len(cases) > 1:
        raise AmbiguousCaseRef(f"{ref}: {len(cases)} cases; use #<id>")
    return cases[0]


def rule_key(kind: EventKind, index: int) -> str:
    """Stable key of the ``index``-th deadline an event kind opens, e.g. "call-served:0"."""
    return f"{kind.value}:{index}"


def _audit(session: Session, actor: str, action: str, case_id: int | None, **detail: Any) -> None:
    session.add(
        AuditLog(
            actor=actor or "system",
            action=action,
            case_id=case_id,
            detail=json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True),
        )
    )


def _live_event(session: Session, event_id: int) -> CourtEvent:
    event = session.get(CourtEvent, event_id)
    if event is None or event.deleted_at is not None:
        raise EventNotFound(str(event_id))
    return event


def record_event(
    session: Session,
    case_ref: str,
    kind: EventKind,
    on: date,
    *,
    signature: str = "",
    note: str = "",
    actor: str = "",
) -> tuple[CourtEvent, list[Deadline]]:
    """Store a court event and the deadlines it opens; return both."""
    case = find_case(session, case_ref)
    assert case.id is not None
    event = CourtEvent(
        case_id=case.id,
        kind=EventKind(kind).value,
        occurred_on=on,
        signature=signature,
        note=note,
        recorded_by=actor,
    )
    session.add(event)
    session.flush()
    _audit(
        session,
        actor,
        "event.add",
        case.id,
        event_id=event.id,
        kind=event.kind,
        on=on,
        signature=signature,
    )
    return event, recompute_event_deadlines(session, event, actor=actor)


def edit_event(
    session: Session,
    event_id: int,
    *,
    kind: EventKind | None = None,
    on: date | None = None,
    signature: str | None = None,
    note: str | None = None,
    actor: str = "",
) -> tuple[CourtEvent, list[Deadline]]:
    """Change an event and recompute its deadlines in the caller's transaction."""
    event = _live_event(session, event_id)
    before = {"kind": event.kind, "on": event.occurred_on, "signature": event.signature}
    if kind is not None:
        event.kind = EventKind(kind).value
    if on is not None:
        event.occurred_on = on
    if signature is not None:
        event.signature = signature
    if note is not None:
        event.note = note
    session.add(event)
    after = {"kind": event.kind, "on": event.occurred_on, "signature": event.signature}
    _audit(
        session, actor, "event.edit", event.case_id, event_id=event.id, before=before, after=after
    )
    return event, recompute_event_deadlines(session, event, actor=actor)


def delete_event(session: Session, event_id: int, *, actor: str = "") -> list[Deadline]:
    """Soft-delete an event (kept for the record) and cancel its open deadlines."""
    event = _live_event(session, event_id)
    event.deleted_at = utcnow()
    session.add(event)
    _audit(
        session,
        actor,
        "event.delete",
        event.case_id,
        event_id=event.id,
        kind=event.kind,
        on=event.occurred_on,
    )
    return recompute_event_deadlines(session, event, actor=actor)


def recompute_event_deadlines(
    session: Session, event: CourtEvent, *, actor: str = ""
) -> list[Deadline]:
    """Bring the event's deadline rows in line with the legal core; return the rows."""
    assert event.id is not None
    case = session.get(Case, event.case_id)
    assert case is not None
    rows = session.exec(
        select(Deadline).where(Deadline.event_id == event.id).with_for_update()
    ).all()
    existing = {row.rule_key: row for row in rows}
    wanted = {}
    if event.deleted_at is None:
        kind = EventKind(event.kind)
        wanted = {
            rule_key(kind, i): d for i, d in enumerate(deadlines_for(kind, event.occurred_on))
        }
    now = utcnow()
    for key, legal in wanted.items():
        fields = {
            "action": legal.action,
            "side": legal.side.value,
            "due_on": legal.due_on,
            "cites": "; ".join(str(c) for c in legal.cites),
            "reason": legal.reason,
        }
        row = existing.get(key)
        if row is None:
            row = Deadline(
                case_id=event.case_id,
                event_id=event.id,
                rule_key=key,
                responsible=case.paralegal,
                status=OPEN,
                updated_at=now,
                **fields,
            )
            session.add(row)
            session.flush()
            existing[key] = row
            _audit(
                session,
                actor,
                "deadline.add",
                event.case_id,
                deadline_id=row.id,
                rule_key=key,
                due_on=row.due_on,
            )
            continue
        if row.status == DONE:
            continue  # done stays done, whatever the event says now
        if row.status == OPEN and all(getattr(row, k) == v for k, v in fields.items()):
            continue
        old_due, old_status = row.due_on, row.status
        for name, value in fields.items():
            setattr(row, name, value)
        row.status = OPEN
        row.updated_at = now
        session.add(row)
        _audit(
            session,
            actor,
            "deadline.move",
            event.case_id,
            deadline_id=row.id,
            rule_key=key,
            before=old_due,
            after=row.due_on,
            was=old_status,
        )
    for key, row in existing.items():
        if key not in wanted and row.status == OPEN:
            row.status = CANCELLED
            row.updated_at = now
            session.add(row)
            _audit(
                session,
                actor,
                "deadline.cancel",
                event.case_id,
                deadline_id=row.id,
                rule_key=key,
                due_on=row.due_on,
            )
    session.flush()
    return sorted(existing.values(), key=lambda d: (d.due_on, d.rule_key))


def mark_done(session: Session, deadline_id: int, *, actor: str = "") -> Deadline:
    """Mark a deadline done; it is never reopened by a recomputation."""
    row = session.get(Deadline, deadline_id)
    if row is None:
        raise DeadlineNotFound(str(deadline_id))
    if row.status != DONE:
        row.status = DONE
        row.done_at = row.updated_at = utcnow()
        session.add(row)
        _audit(
            session,
            actor,
            "deadline.done",
            row.case_id,
            deadline_id=row.id,
            rule_key=row.rule_key,
            due_on=row.due_on,
        )
    return row


# --- limitation ---------------------------------------------------------------------------


def _insert(session: Session | sa.Connection, table: sa.Table) -> Any:
    dialect = (
        session.get_bind().dialect.name if isinstance(session, Session) else (session.dialect.name)
    )
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise DeadlineStoreError(f"unsupported database: {dialect}")


def limitation_rule_key(invoice_number: str) -> str:
    """Rule key of one invoice's limitation deadline, e.g. "limitation:FV/2024/10/015"."""
    return f"{LIMITATION_RULE}:{invoice_number}"


def is_limitation_key(key: str) -> bool:
    """A case-level limitation deadline: per invoice, or the case-wide row of older drafts."""
    return key == LIMITATION_RULE or key.startswith(LIMITATION_RULE + ":")


def _limitation_key_clause(column: sa.ColumnElement[str]) -> sa.ColumnElement[bool]:
    return sa.or_(column == LIMITATION_RULE, column.startswith(LIMITATION_RULE + ":"))


def replace_limitation_watch(
    session: Session, by_case: Mapping[int, Sequence[tuple[str, date, str]]]
) -> None:
    """Replace the watched (invoice number, limitation date, reason) rows of each case.

    One DELETE and one multi-row INSERT whatever the number of cases; a case mapped to an
    empty sequence has no live invoice left to watch.
    """
    if not by_case:
        return
    w = LimitationWatch.__table__
    conn = session.connection()
    conn.execute(sa.delete(w).where(w.c.case_id.in_(list(by_case))))
    rows = [
        {"case_id": case_id, "invoice_number": number, "expires_on": due, "reason": reason}
        for case_id, watched in by_case.items()
        for number, due, reason in dict.fromkeys(watched)
    ]
    if rows:
        conn.execute(sa.insert(w), rows)


def _wanted_limitation(
    pre_filing: list[str], now: datetime, case_ids: Sequence[int] | None = None
) -> sa.CompoundSelect:
    """Every limitation deadline that should be open: one per watched live invoice of a
    pre-filing case, and the case-wide row for a case drafted before the per-invoice watch
    (``Case.earliest_limitation`` set, no watch rows). ``case_ids``: only those cases'."""
    c = Case.__table__
    w = LimitationWatch.__table__
    per_invoice = (
        sa.select(
            w.c.case_id,
            (sa.literal(LIMITATION_RULE + ":") + w.c.invoice_number).label("rule_key"),
            (sa.literal(LIMITATION_ACTION + " (faktura ") + w.c.invoice_number + ")").label(
                "action"
            ),
            sa.literal("ours").label("side"),
            w.c.expires_on.label("due_on"),
            sa.literal(LIMITATION_CITES).label("cites"),
            sa.case(
                (w.c.reason != "", w.c.reason),
                else_=sa.literal(LIMITATION_INVOICE_REASON),
            ).label("reason"),
            c.c.paralegal.label("responsible"),
            sa.literal(OPEN).label("status"),
            sa.literal(now, sa.DateTime(timezone=True)).label("updated_at"),
        )
        .select_from(w)
        .join(c, c.c.id == w.c.case_id)
        .where(c.c.stage.in_(pre_filing))
    )
    legacy = sa.select(
        c.c.id,
        sa.literal(LIMITATION_RULE),
        sa.literal(LIMITATION_ACTION),
        sa.literal("ours"),
        c.c.earliest_limitation,
        sa.literal(LIMITATION_CITES),
        sa.literal(LIMITATION_REASON),
        c.c.paralegal,
        sa.literal(OPEN),
        sa.literal(now, sa.DateTime(timezone=True)),
    ).where(
        c.c.stage.in_(pre_filing),
        c.c.earliest_limitation.is_not(None),
        ~sa.exists().where(w.c.case_id == c.c.id),
    )
    if case_ids is not None:  # (the case's side too: its primary key, not its stage index)
        per_invoice = per_invoice.where(w.c.case_id.in_(list(case_ids)), c.c.id.in_(list(case_ids)))
        legacy = legacy.where(c.c.id.in_(list(case_ids)))
    return sa.union_all(per_invoice, legacy)


def _still_wanted(d: sa.Table, pre_filing: list[str]) -> sa.Exists:
    """The deadline row ``d`` is one ``_wanted_limitation`` wants, as a correlated EXISTS
    over the row's own case (primary key) and watch rows (unique (case_id, invoice_number))
    rather than an anti-join over the wanted union: index lookups per deadline row whatever
    the planner believes about the tables' sizes (PostgreSQL without statistics, right
    after a bulk load, chose a nested loop over the whole union: 22-35 s on 100,000 cases)."""
    c = Case.__table__
    w = LimitationWatch.__table__
    prefix = LIMITATION_RULE + ":"
    per_invoice = (
        sa.exists()
        .where(
            w.c.case_id == d.c.case_id,
            w.c.invoice_number == sa.func.substr(d.c.rule_key, len(prefix) + 1),
        )
        .correlate(d)
    )
    any_watch = sa.exists().where(w.c.case_id == d.c.case_id).correlate(d)
    return (
        sa.exists()
        .where(
            c.c.id == d.c.case_id,
            c.c.stage.in_(pre_filing),
            sa.or_(
                sa.and_(d.c.rule_key.startswith(prefix, autoescape=True), per_invoice),
                sa.and_(
                    d.c.rule_key == LIMITATION_RULE,
                    c.c.earliest_limitation.is_not(None),
                    ~any_watch,
                ),
            ),
        )
        .correlate(d)
    )


SYNC_CHUNK = 1000  # case ids per IN (...) list of a scoped sync


def sync_limitation_deadlines(session: Session, case_ids: Iterable[int] | None = None) -> int:
    """Upsert the limitation deadline of every live invoice of every pre-filing case; cancel
    the ones no longer wanted (filed case, invoice paid, barred or gone).

    ``case_ids``: only those cases' limitation deadlines, exactly as the whole-store sync
    would leave them (a payment import replans the cases it touched, not the store); None:
    every case (the nightly check, drafting, filing). Two set-based statements per thousand
    cases (once for the whole store), no case loop. A limitation deadline marked done stays
    done. Returns how many rows were inserted, moved, reopened or cancelled.
    """
    if case_ids is None:
        return _sync_limitation(session, None)
    ids = sorted(set(case_ids))
    return sum(
        _sync_limitation(session, ids[i : i + SYNC_CHUNK]) for i in range(0, len(ids), SYNC_CHUNK)
    )


def _sync_limitation(session: Session, case_ids: Sequence[int] | None) -> int:
    d = Deadline.__table__
    now = utcnow()
    pre_filing = sorted(s.value for s in PRE_FILING)
    wanted = _wanted_limitation(pre_filing, now, case_ids).subquery("wanted")
    columns = [
        "case_id",
        "rule_key",
        "action",
        "side",
        "due_on",
        "cites",
        "reason",
        "responsible",
        "status",
        "updated_at",
    ]
    # SQLite needs a WHERE in an INSERT ... SELECT ... ON CONFLICT (parsing ambiguity)
    ins = _insert(session, d).from_select(columns, sa.select(*wanted.c).where(sa.true()))
    upsert = ins.on_conflict_do_update(
        index_elements=[d.c.case_id, d.c.rule_key],
        index_where=d.c.event_id.is_(None),
        set_={
            "due_on": ins.excluded.due_on,
            "action": ins.excluded.action,
            "reason": ins.excluded.reason,
            "responsible": ins.excluded.responsible,
            "status": sa.case((d.c.status == DONE, DONE), else_=OPEN),
            "updated_at": ins.excluded.updated_at,
        },
        where=sa.or_(
            d.c.due_on != ins.excluded.due_on,
            d.c.status == CANCELLED,
            d.c.responsible.is_distinct_from(ins.excluded.responsible),
            d.c.reason != ins.excluded.reason,
        ),
    )
    # counted by RETURNING: psycopg reports no rowcount for INSERT ... SELECT ... UNION
    changed = len(session.execute(upsert.returning(d.c.id)).all())
    if case_ids is None:  # the whole store: the open rows, through (status, due_on)
        scope = sa.and_(d.c.event_id.is_(None), d.c.status == OPEN)
    else:  # these cases' rows through case_id: SQLite's planner, left to itself, scans
        # every case's open rows (or case-level rows) through the status or event_id index
        scope = sa.and_(
            d.c.case_id.in_(list(case_ids)),
            (d.c.event_id + 0).is_(None),  # NULL + 0 is NULL: event_id IS NULL, unindexed
            d.c.status.concat("") == OPEN,  # a NOT NULL text: status = 'open', unindexed
        )
    cancel = sa.update(d).where(
        _limitation_key_clause(d.c.rule_key), scope, ~_still_wanted(d, pre_filing)
    )
    done = session.execute(cancel.values(status=CANCELLED, updated_at=now).returning(d.c.id))
    changed += len(done.all())
    return changed


# --- the scan -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DueItem:
    """One open deadline as the warning check sees it (no personal data of the debtor)."""

    deadline_id: int
    case_id: int
    case_ref: str
    signature: str
    rule_key: str
    action: str
    side: str
    due_on: date
    cites: str
    reason: str
    responsible: str | None
    responsible_email: str | None
    partner: str | None
    partner_email: str | None

    @property
    def is_limitation(self) -> bool:
        return is_limitation_key(self.rule_key)


def _described(
    d: sa.Table, c: sa.Table, e: sa.Table, responsible: sa.ColumnElement[Any]
) -> tuple[sa.ColumnElement[Any], ...]:
    """Case reference, signature, what the deadline asks and who answers for it: the columns
    ``DueItem`` and ``DeadlineRow`` share, in their field order."""
    return (
        c.c.external_ref,
        sa.func.coalesce(e.c.signature, ""),
        d.c.rule_key,
        d.c.action,
        d.c.side,
        d.c.due_on,
        d.c.cites,
        d.c.reason,
        responsible,
    )


def scan_statement(*, upcoming_until: date, limitation_until: date) -> sa.Select[Any]:
    """The one query of the check: open deadlines due by the horizon, with who to tell.

    Procedural deadlines are read up to ``upcoming_until`` (overdue ones included, as long
    as they are open), limitation deadlines up to ``limitation_until``. The range on
    (status, due_on) is served by ``ix_deadline_open_due``.
    """
    d = Deadline.__table__
    c = Case.__table__
    e = CourtEvent.__table__
    ru = User.__table__.alias("ru")
    pu = User.__table__.alias("pu")
    responsible = sa.func.coalesce(d.c.responsible, c.c.paralegal)
    horizon = max(upcoming_until, limitation_until)
    return (
        sa.select(
            d.c.id,
            d.c.case_id,
            *_described(d, c, e, responsible),
            ru.c.email,
            c.c.partner,
            pu.c.email,
        )
        .select_from(d)
        .join(c, c.c.id == d.c.case_id)
        .outerjoin(e, e.c.id == d.c.event_id)
        .outerjoin(ru, ru.c.username == responsible)
        .outerjoin(pu, pu.c.username == c.c.partner)
        .where(
            d.c.status == OPEN,
            d.c.due_on <= horizon,
            sa.or_(
                d.c.due_on <= upcoming_until,
                sa.and_(_limitation_key_clause(d.c.rule_key), d.c.due_on <= limitation_until),
            ),
            c.c.stage != Stage.CLOSED.value,
        )
        .order_by(d.c.due_on, d.c.id)
    )


def scan_open_deadlines(
    conn: Session | sa.Connection, *, upcoming_until: date, limitation_until: date
) -> list[DueItem]:
    """Run the scan (exactly one SQL statement)."""
    stmt = scan_statement(upcoming_until=upcoming_until, limitation_until=limitation_until)
    return [DueItem(*row) for row in conn.execute(stmt).all()]


def explain_scan(engine: sa.Engine, *, upcoming_until: date, limitation_until: date) -> str:
    """The database's plan for the scan (SQLite EXPLAIN QUERY PLAN, PostgreSQL EXPLAIN)."""
    stmt = scan_statement(upcoming_until=upcoming_until, limitation_until=limitation_until)
    compiled = stmt.compile(dialect=engine.dialect)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            params: Any = tuple(compiled.params[name] for name in compiled.positiontup or ())
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", params).all()
            return "\n".join(str(row[-1]) for row in rows)
        rows = conn.exec_driver_sql(f"EXPLAIN {compiled}", dict(compiled.params)).all()
        return "\n".join(str(row[0]) for row in rows)


# --- claims -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Claim:
    """A warning level this process won the right to send."""

    id: int
    deadline_id: int
    level: str
    recipient: str


def claim_warnings(session: Session, wanted: Iterable[tuple[int, str, str]]) -> list[Claim]:
    """Claim (deadline_id, level, recipient) warnings; return only those this call won.

    One INSERT ... ON CONFLICT (deadline_id, level) DO NOTHING RETURNING statement, rows
    in a fixed order so that concurrent claimants on PostgreSQL wait rather than deadlock.
    The caller must commit before sending.
    """
    rows = sorted({(d, lvl): r for d, lvl, r in wanted}.items())
    if not rows:
        return []
    table = DeadlineWarning.__table__
    now = utcnow()
    stmt = (
        _insert(session, table)
        .values(
            [
                {"deadline_id": d, "level": lvl, "recipient": r, "sent_at": now}
                for (d, lvl), r in rows
            ]
        )
        .on_conflict_do_nothing(index_elements=["deadline_id", "level"])
        .returning(table.c.id, table.c.deadline_id, table.c.level, table.c.recipient)
    )
    won = [Claim(*row) for row in session.execute(stmt).all()]
    return sorted(won, key=lambda c: (c.deadline_id, c.level))


def mark_delivered(
    session: Session, claim_ids: Sequence[int], *, at: datetime | None = None
) -> None:
    """Record that the relay accepted the warnings."""
    if claim_ids:
        table = DeadlineWarning.__table__
        session.execute(
            sa.update(table)
            .where(table.c.id.in_(list(claim_ids)))
            .values(delivered_at=at or utcnow())
        )


def release_claims(session: Session, claim_ids: Sequence[int]) -> None:
    """Give back claims whose sending failed, so that the next run sends them."""
    if claim_ids:
        table = DeadlineWarning.__table__
        session.execute(
            sa.delete(table).where(table.c.id.in_(list(claim_ids)), table.c.delivered_at.is_(None))
        )


def undelivered_claims(
    session: Session, *, older_than: timedelta = timedelta(hours=1)
) -> list[DeadlineWarning]:
    """Claims never confirmed as delivered: the process died mid-send. Check by hand."""
    cutoff = utcnow() - older_than
    return list(
        session.exec(
            select(DeadlineWarning).where(
                DeadlineWarning.delivered_at.is_(None),  # type: ignore[union-attr]
                DeadlineWarning.sent_at < cutoff,
            )
        ).all()
    )


# --- listing ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    """A deadline with its case reference and signature, for lists and calendars."""

    id: int
    case_ref: str
    signature: str
    rule_key: str
    action: str
    side: str
    due_on: date
    cites: str
    reason: str
    responsible: str | None
    status: str


def list_deadlines(
    session: Session,
    *,
    person: str | None = None,
    case_ref: str | None = None,
    until: date | None = None,
    statuses: Sequence[str] = (OPEN,),
) -> list[DeadlineRow]:
    """Deadlines (open by default) for a person or a case, earliest first."""
    d = Deadline.__table__
    c = Case.__table__
    e = CourtEvent.__table__
    responsible = sa.func.coalesce(d.c.responsible, c.c.paralegal)
    stmt = (
        sa.select(
            d.c.id,
            *_described(d, c, e, responsible),
            d.c.status,
        )
        .select_from(d)
        .join(c, c.c.id == d.c.case_id)
        .outerjoin(e, e.c.id == d.c.event_id)
        .where(d.c.status.in_(list(statuses)))
        .order_by(d.c.due_on, d.c.id)
    )
    if person is not None:
        stmt = stmt.where(responsible == person)
    if case_ref is not None:
        stmt = stmt.where(d.c.case_id == find_case(session, case_ref).id)
    if until is not None:
        stmt = stmt.where(d.c.due_on <= until)
    return [DeadlineRow(*row) for row in session.execute(stmt).all()]


def events_of_case(session: Session, case_ref: str) -> list[CourtEvent]:
    """Live court events of a case, oldest first."""
    case = find_case(session, case_ref)
    return list(
        session.exec(
            select(CourtEvent)
            .where(CourtEvent.case_id == case.id, CourtEvent.deleted_at.is_(None))  # type: ignore[union-attr]
            .order_by(CourtEvent.occurred_on, CourtEvent.id)  # type: ignore[arg-type]
        ).all()
    )
