"""The store side of intake: save a validated case, read it back as a ``law.case.CaseFile``.

``save_case`` writes a case and all its child rows (contract, invoices, payments,
correspondence, evidence files) plus its audit row inside the caller's transaction, so a
case is stored whole or not at all. Re-import is keyed on (creditor NIP, external_ref): the
child rows are replaced, never appended. ``Case.intake_hash`` (a fingerprint of the content,
not of the folder it came from) makes an unchanged re-import a no-op. A materially changed
case goes back to ``intake`` so it is drafted again, with what changed listed in its audit
row and as a finding the partner sees (``case_changes``); that includes an approved case not
yet put into an e-Sąd package. A filed case (or a packaged one) is not changed: the caller
gets ``SaveOutcome.REFUSED`` and records a rejection.

Theory of operation. ``store_cases`` stores a chunk of validated cases (the importer hands
over 200 at a time) in ONE transaction with a handful of statements instead of a dozen per
case: one lookup per distinct creditor NIP (``_creditor_row`` with a per-chunk cache), one
SELECT for every (creditor, external_ref) of the chunk, then executemany Core inserts for the
new cases - debtors and cases with ``RETURNING ... sort_by_parameter_order`` for their ids,
then the child rows and the audit rows. Existing cases (unchanged, refused, updated) take the
per-case ORM path (``_save_found``) inside the same transaction: re-imports are rare. If the
chunk transaction fails (a concurrent import won a race, or one case the database refuses),
it is rolled back and every case of the chunk is stored on its own with ``store_case``, so
one bad case never loses the others; a case that fails even then comes back as
``SaveOutcome.FAILED`` with its exception. The row values come from one place for both
paths: ``_debtor_values``, ``_intake_values``, ``_child_rows`` and ``_audit_detail``.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from law.case import (
    Address,
    CaseFile,
    ContractInfo,
    EvidenceItem,
    EvidenceKind,
    InvoiceInfo,
    Letter,
    LetterKind,
    Party,
    PartyKind,
    PaymentInfo,
    copy_fields,
    field_values,
)
from law.stages import EDITABLE, Stage, next_stage
from store.db import session_scope
from store.tables import (
    AuditLog,
    Batch,
    Case,
    CaseFinding,
    Contract,
    Correspondence,
    Creditor,
    Debtor,
    EvidenceFile,
    IntakeRejection,
    Invoice,
    Payment,
    RecordedPayment,
    ReviewDecision,
    utcnow,
)

log = logging.getLogger(__name__)

CHILD_TABLES = (Contract, Invoice, Payment, Correspondence, EvidenceFile)
# Stages a re-import may change: before a partner signed, and approved cases not yet put
# into a court package (a material change sends those back to review: the approval does
# not cover the new data). Filed and later cases are never changed by a re-import.
REIMPORTABLE: frozenset[Stage] = EDITABLE | {Stage.APPROVED}
# Audit action of a case put into an e-Sąd package (cli/epu.py): the court may have it.
PACKAGED_ACTION = "epu_package"
# CaseFinding.source of "what a re-import changed" (kept when the case is drafted again).
CHANGE_SOURCE = "intake"
MAX_CHANGES_SHOWN = 12


class SaveOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REFUSED = "refused"  # the stored case is past the editable stages
    FAILED = "failed"  # store_cases only: the case could not be stored even on its own


@dataclass(frozen=True, slots=True)
class SaveResult:
    outcome: SaveOutcome
    case_id: int | None
    stage: str  # the case's stage after the save
    reason: str = ""
    error: Exception | None = None  # with FAILED: what the store raised


@dataclass(frozen=True, slots=True)
class CaseToStore:
    """One validated case for ``store_cases``, with what ``save_case`` takes alongside it."""

    case: CaseFile
    intake_hash: str
    evidence_root: str


class AmbiguousCase(LookupError):
    """``find_case`` matched cases of several creditors; pass ``creditor_nip``."""


def start_batch(session: Session, name: str, source: str) -> int:
    batch = Batch(name=name, source=source)
    session.add(batch)
    session.flush()
    assert batch.id is not None
    return batch.id


def finish_batch(
    session: Session, batch_id: int, *, seen: int, imported: int, rejected: int
) -> None:
    batch = session.get(Batch, batch_id)
    if batch is None:
        return
    batch.cases_seen, batch.cases_imported, batch.cases_rejected = seen, imported, rejected
    session.add(batch)


def record_rejection(
    session: Session,
    *,
    batch_id: int | None,
    source: str,
    external_ref: str | None,
    errors: Sequence[dict[str, object]],
    actor: str = "intake",
) -> int:
    """Store a refused case with every reason, and its audit row."""
    errors_json = json.dumps(list(errors), default=str)  # ASCII: safe for any input text
    rejection = IntakeRejection(
        batch_id=batch_id, source=source, external_ref=external_ref, errors_json=errors_json
    )
    session.add(rejection)
    session.add(
        AuditLog(
            actor=actor,
            action="intake.rejected",
            detail=json.dumps(
                {
                    "batch_id": batch_id,
                    "source": source,
                    "external_ref": external_ref,
                    "errors": len(errors),
                },
            ),
        )
    )
    session.flush()
    assert rejection.id is not None
    return rejection.id


def record_batch_audit(
    session: Session, batch_id: int, detail: dict[str, object], actor: str
) -> None:
    session.add(
        AuditLog(
            actor=actor,
            action="intake.batch",
            detail=json.dumps({"batch_id": batch_id, **detail}, ensure_ascii=False, default=str),
        )
    )


def open_batch(engine: sa.Engine, name: str, source: str) -> int:
    with session_scope(engine) as session:
        return start_batch(session, name, source)


def close_batch(
    engine: sa.Engine,
    batch_id: int,
    *,
    seen: int,
    imported: int,
    rejected: int,
    detail: dict[str, object],
    actor: str = "intake",
) -> None:
    with session_scope(engine) as session:
        finish_batch(session, batch_id, seen=seen, imported=imported, rejected=rejected)
        record_batch_audit(session, batch_id, detail, actor)


def store_rejection(
    engine: sa.Engine,
    *,
    batch_id: int | None,
    source: str,
    external_ref: str | None,
    errors: Sequence[dict[str, object]],
    actor: str = "intake",
) -> int:
    """``record_rejection`` in its own transaction."""
    with session_scope(engine) as session:
        return record_rejection(
            session,
            batch_id=batch_id,
            source=source,
            external_ref=external_ref,
            errors=errors,
            actor=actor,
        )


def store_case(
    engine: sa.Engine,
    case: CaseFile,
    *,
    intake_hash: str,
    evidence_root: str,
    batch_id: int | None,
    actor: str = "intake",
) -> SaveResult:
    """``save_case`` in its own transaction, retried once if a concurrent import won a race
    for the same creditor or case (the retry then sees the other import's rows)."""
    for attempt in (1, 2):
        try:
            with session_scope(engine) as session:
                return save_case(
                    session,
                    case,
                    intake_hash=intake_hash,
                    evidence_root=evidence_root,
                    batch_id=batch_id,
                    actor=actor,
                )
        except sa.exc.IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def store_cases(
    engine: sa.Engine,
    items: Sequence[CaseToStore],
    *,
    batch_id: int | None,
    actor: str = "intake",
) -> list[SaveResult]:
    """Store a chunk of cases (a few hundred) in one transaction; one result per item, in
    input order.

    The outcomes are those ``store_case`` gives case by case. A chunk that loses a race with
    a concurrent import (unique key) is tried once more. If the chunk's transaction still
    fails it is rolled back and each case is stored on its own (``store_case``); a case that
    fails even then gets ``SaveOutcome.FAILED`` with the exception, and the others are kept.
    A chunk naming one (creditor NIP, external_ref) twice is stored case by case: the second
    is then an update (or unchanged) of the first, as it would be in two hand-overs.
    """
    if not items:
        return []
    keys = {(item.case.creditor.nip, item.case.external_ref) for item in items}
    # A concurrent import may win a race for the same creditor or case (unique keys): the
    # chunk is then tried once more, and sees the other import's rows.
    for attempt in (1, 2) if len(keys) == len(items) else ():
        try:
            with session_scope(engine) as session:
                return _save_chunk(session, items, batch_id=batch_id, actor=actor)
        except Exception as exc:  # rolled back; store case by case so one case cannot sink all
            if attempt == 1 and isinstance(exc, sa.exc.IntegrityError):
                continue
            log.warning(
                "storing a chunk of %d cases failed (%s: %s); storing them one by one",
                len(items),
                exc.__class__.__name__,
                exc,
            )
            break
    return [_store_alone(engine, item, batch_id=batch_id, actor=actor) for item in items]


def _store_alone(
    engine: sa.Engine, item: CaseToStore, *, batch_id: int | None, actor: str
) -> SaveResult:
    """``store_case`` for one item; an exception becomes a FAILED result carrying it."""
    try:
        return store_case(
            engine,
            item.case,
            intake_hash=item.intake_hash,
            evidence_root=item.evidence_root,
            batch_id=batch_id,
            actor=actor,
        )
    except Exception as exc:
        return SaveResult(
            SaveOutcome.FAILED, None, "", f"{exc.__class__.__name__}: {exc}", error=exc
        )


def _save_chunk(
    session: Session, items: Sequence[CaseToStore], *, batch_id: int | None, actor: str
) -> list[SaveResult]:
    """``store_cases``' work inside one session; the caller commits or rolls back."""
    creditors: dict[str | None, Creditor] = {}
    creditor_ids: list[int] = []
    for item in items:
        creditor = _creditor_row(session, item.case.creditor, creditors)
        assert creditor.id is not None
        creditor_ids.append(creditor.id)
    keys = [(cid, item.case.external_ref) for cid, item in zip(creditor_ids, items, strict=True)]
    stored = session.exec(
        select(Case).where(sa.tuple_(col(Case.creditor_id), col(Case.external_ref)).in_(keys))
    ).all()
    existing = {(row.creditor_id, row.external_ref): row for row in stored}
    results: list[SaveResult | None] = [None] * len(items)
    new: list[int] = []
    for i, (item, key) in enumerate(zip(items, keys, strict=True)):
        row = existing.get(key)
        if row is None:
            new.append(i)
            continue
        results[i] = _save_found(
            session,
            key[0],
            row,
            item.case,
            intake_hash=item.intake_hash,
            evidence_root=item.evidence_root,
            batch_id=batch_id,
            actor=actor,
        )
    created = _insert_new(
        session,
        [(creditor_ids[i], items[i]) for i in new],
        batch_id=batch_id,
        actor=actor,
    )
    for i, result in zip(new, created, strict=True):
        results[i] = result
    assert all(r is not None for r in results)
    return [r for r in results if r is not None]


def _insert_new(
    session: Session,
    cases: Sequence[tuple[int, CaseToStore]],
    *,
    batch_id: int | None,
    actor: str,
) -> list[SaveResult]:
    """New cases (creditor id, item) with executemany Core inserts; results in input order.

    A Core insert runs no ORM-side defaults, so every column ``save_case`` sets (or leaves to
    a model default) is given here explicitly: the rows equal the per-case path's whatever
    defaults the columns carry. SQLite cannot tie the RETURNING rows of a multi-row INSERT to
    their parameters, so SQLAlchemy sends the debtor and case INSERTs row by row there (still
    in this one transaction); PostgreSQL gets one statement per table.
    """
    if not cases:
        return []
    session.flush()  # the ORM work before (creditors, updated cases) precedes these rows
    conn = session.connection()  # plain Core: the ORM's bulk mode costs more than the SQL
    debtor_ids = (
        conn.execute(
            sa.insert(Debtor).returning(col(Debtor.id), sort_by_parameter_order=True),
            [_debtor_values(item.case.debtor) for _, item in cases],
        )
        .scalars()
        .all()
    )
    now = utcnow()
    case_rows = [
        {
            "creditor_id": creditor_id,
            "debtor_id": debtor_id,
            "external_ref": item.case.external_ref,
            **_intake_values(
                item.case,
                intake_hash=item.intake_hash,
                evidence_root=item.evidence_root,
                batch_id=batch_id,
                now=now,
            ),
            "created_at": now,
        }
        for (creditor_id, item), debtor_id in zip(cases, debtor_ids, strict=True)
    ]
    case_ids: list[int] = list(
        conn.execute(
            sa.insert(Case).returning(col(Case.id), sort_by_parameter_order=True), case_rows
        )
        .scalars()
        .all()
    )
    children: dict[type[SQLModel], list[dict[str, object]]] = {t: [] for t in CHILD_TABLES}
    audit: list[dict[str, object]] = []
    for case_id, (_, item) in zip(case_ids, cases, strict=True):
        for table, values in _child_rows(case_id, item.case):
            children[table].append(values)
        detail = _audit_detail(item.case, intake_hash=item.intake_hash, batch_id=batch_id)
        audit.append(
            {
                "at": now,
                "actor": actor,
                "action": f"intake.{SaveOutcome.CREATED.value}",
                "case_id": case_id,
                "detail": detail,
            }
        )
    for table, rows in children.items():
        if rows:
            conn.execute(sa.insert(table), rows)
    conn.execute(sa.insert(AuditLog), audit)
    stage = Stage.INTAKE.value
    return [SaveResult(SaveOutcome.CREATED, case_id, stage) for case_id in case_ids]


def _creditor_row(
    session: Session, party: Party, known: dict[str | None, Creditor] | None = None
) -> Creditor:
    """The creditor by NIP, created or refreshed; blank fields never erase stored ones (a CSV
    naming only the creditor's NIP and name keeps the address from an earlier hand-over).

    ``known`` caches the rows by NIP across calls in one session (``store_cases``: one lookup
    per creditor per chunk); a cached row is refreshed exactly as a looked-up one.
    """
    row = known.get(party.nip) if known is not None else None
    if row is None:
        row = session.exec(select(Creditor).where(Creditor.nip == party.nip)).first()
    if row is None:
        row = Creditor(name=party.name, nip=party.nip)
    values = {
        "name": party.name,
        "krs": party.krs,
        "regon": party.regon,
        "street": party.address.street,
        "postcode": party.address.postcode,
        "city": party.address.city,
        "email": party.email,
        "bank_account": party.bank_account,
    }
    changes = {k: v for k, v in values.items() if v and getattr(row, k) != v}
    if party.kind.is_business != row.is_business:
        changes["is_business"] = party.kind.is_business
    if changes or row.id is None:
        for k, v in changes.items():
            setattr(row, k, v)
        session.add(row)
        session.flush()
    if known is not None:
        known[party.nip] = row
    return row


def _debtor_values(party: Party) -> dict[str, object]:
    return {
        "kind": party.kind.value,
        "name": party.name,
        "nip": party.nip,
        "regon": party.regon,
        "krs": party.krs,
        "pesel": party.pesel,
        "street": party.address.street,
        "postcode": party.address.postcode,
        "city": party.address.city,
        "country": party.address.country,
        "gmina": party.address.gmina,
        "powiat": party.address.powiat,
        "voivodeship": party.address.voivodeship,
        "district": party.address.district,
        "email": party.email,
        "bank_account": party.bank_account,
    }


def _intake_values(
    case: CaseFile,
    *,
    intake_hash: str,
    evidence_root: str,
    batch_id: int | None,
    now: datetime,
) -> dict[str, object]:
    """The ``Case`` columns an import sets, on a new case and on an updated one."""
    return {
        "batch_id": batch_id,
        "claim_basis": case.claim_basis,
        "paralegal": case.paralegal,
        "partner": case.partner,
        "intake_hash": intake_hash,
        "evidence_root": evidence_root,
        "stage": Stage.INTAKE.value,  # new, or changed while waiting for review: draft again
        "updated_at": now,
    }


def _child_rows(case_id: int, case: CaseFile) -> list[tuple[type[SQLModel], dict[str, object]]]:
    """The case's child rows as (table, column values); each row copies its record's
    same-named fields. Both the ORM path and the bulk inserts store exactly these."""
    rows: list[tuple[type[SQLModel], dict[str, object]]] = []
    if case.contract is not None:
        rows.append((Contract, {"case_id": case_id, **field_values(case.contract)}))
    rows += [(Invoice, {"case_id": case_id, **field_values(inv)}) for inv in case.invoices]
    rows += [(Payment, {"case_id": case_id, **field_values(pay)}) for pay in case.payments]
    rows += [
        (Correspondence, {"case_id": case_id, **field_values(x), "kind": x.kind.value})
        for x in case.letters
    ]
    rows += [
        (EvidenceFile, {"case_id": case_id, **field_values(e), "kind": e.kind.value})
        for e in case.evidence
    ]
    return rows


def _add_children(session: Session, case_id: int, case: CaseFile) -> None:
    for table, values in _child_rows(case_id, case):
        session.add(table(**values))


def _audit_detail(
    case: CaseFile,
    *,
    intake_hash: str,
    batch_id: int | None,
    stage_change: str | None = None,
    changes: Sequence[str] = (),
) -> str:
    """The detail JSON of a case's ``intake.created`` / ``intake.updated`` audit row."""
    detail: dict[str, object] = {
        "batch_id": batch_id,
        "external_ref": case.external_ref,
        "intake_hash": intake_hash,
    }
    if stage_change is not None:
        detail["stage"] = stage_change
    if changes:
        detail["changes"] = list(changes)
    return json.dumps(detail, ensure_ascii=False)


def _delete_children(session: Session, case_id: int) -> None:
    for table in CHILD_TABLES:
        session.execute(sa.delete(table).where(col(table.case_id) == case_id))


def save_case(
    session: Session,
    case: CaseFile,
    *,
    intake_hash: str,
    evidence_root: str,
    batch_id: int | None,
    actor: str = "intake",
) -> SaveResult:
    """Create or update ``case`` (its ``case_id`` and ``stage`` are ignored) in this session.

    The caller commits; on any error the caller rolls back and nothing of the case is stored.
    """
    creditor = _creditor_row(session, case.creditor)
    assert creditor.id is not None
    existing = session.exec(
        select(Case).where(Case.creditor_id == creditor.id, Case.external_ref == case.external_ref)
    ).first()
    return _save_found(
        session,
        creditor.id,
        existing,
        case,
        intake_hash=intake_hash,
        evidence_root=evidence_root,
        batch_id=batch_id,
        actor=actor,
    )


def _save_found(
    session: Session,
    creditor_id: int,
    existing: Case | None,
    case: CaseFile,
    *,
    intake_hash: str,
    evidence_root: str,
    batch_id: int | None,
    actor: str,
) -> SaveResult:
    """``save_case`` once the creditor and the stored case (if any) are known.

    The fingerprint (``intake_hash``) covers the content, not the folder: the same hand-over
    copied elsewhere is unchanged (the case only follows its evidence to the new folder).
    A stored case whose fingerprint differs is compared field by field with what came in
    (:func:`case_changes`): no material difference (a fingerprint of an older kind) leaves
    it as it is; a difference is listed in the audit row and as a finding the partner sees
    (:func:`_record_changes`), and sends the case back to intake to be drafted again -
    also an approved case not yet packaged. Earlier decisions stay in the history.
    """
    if existing is not None and existing.intake_hash == intake_hash:
        _follow_evidence(session, existing, evidence_root, actor)
        return SaveResult(SaveOutcome.UNCHANGED, existing.id, existing.stage)
    changes: list[str] = []
    if existing is not None:
        assert existing.id is not None
        changes = case_changes(load_case_file(session, existing.id, recorded=False), case)
        if not changes:  # same content, fingerprint of an older kind (it covered the folder)
            existing.intake_hash = intake_hash
            _follow_evidence(session, existing, evidence_root, actor)
            return SaveResult(SaveOutcome.UNCHANGED, existing.id, existing.stage)
        refusal = _reimport_refusal(session, existing, case.external_ref)
        if refusal is not None:
            _record_changes(session, existing, changes, refused=True)
            return SaveResult(SaveOutcome.REFUSED, existing.id, existing.stage, refusal)

    if existing is None:
        debtor = Debtor(**_debtor_values(case.debtor))  # type: ignore[arg-type]
        session.add(debtor)
        session.flush()
        assert debtor.id is not None
        row = Case(creditor_id=creditor_id, debtor_id=debtor.id, external_ref=case.external_ref)
        outcome, previous = SaveOutcome.CREATED, None
    else:
        row = existing
        debtor_row = session.get(Debtor, existing.debtor_id)
        assert debtor_row is not None
        for k, v in _debtor_values(case.debtor).items():
            setattr(debtor_row, k, v)
        session.add(debtor_row)
        outcome, previous = SaveOutcome.UPDATED, existing.stage
    values = _intake_values(
        case,
        intake_hash=intake_hash,
        evidence_root=evidence_root,
        batch_id=batch_id,
        now=utcnow(),
    )
    if previous is not None:  # the lifecycle table allows every move a re-import makes
        values["stage"] = _reimported_stage(Stage(previous)).value
    for k, v in values.items():
        setattr(row, k, v)
    session.add(row)
    session.flush()
    assert row.id is not None
    if existing is not None:
        _delete_children(session, row.id)
        _record_changes(session, existing, changes, refused=False, previous=previous)
    _add_children(session, row.id, case)
    changed = previous is not None and previous != row.stage
    session.add(
        AuditLog(
            actor=actor,
            action=f"intake.{outcome.value}",
            case_id=row.id,
            detail=_audit_detail(
                case,
                intake_hash=intake_hash,
                batch_id=batch_id,
                stage_change=f"{previous} -> {row.stage}" if changed else None,
                changes=changes,
            ),
        )
    )
    session.flush()
    return SaveResult(outcome, row.id, row.stage)


def _reimported_stage(previous: Stage) -> Stage:
    """Where a materially changed case goes: intake, to be drafted again."""
    return previous if previous is Stage.INTAKE else next_stage(previous, Stage.INTAKE)


def _reimport_refusal(session: Session, existing: Case, ref: str) -> str | None:
    """Why a re-import may not change this case, or ``None`` when it may."""
    if Stage(existing.stage) not in REIMPORTABLE:
        return (
            f"case {ref} is already {existing.stage}; re-import may change a case "
            "only in intake, ready_for_review, sent_back or approved (not yet packaged)"
        )
    if existing.stage == Stage.APPROVED.value:
        packaged = session.exec(
            select(AuditLog.id).where(
                AuditLog.case_id == existing.id, AuditLog.action == PACKAGED_ACTION
            )
        ).first()
        if packaged is not None:
            return (
                f"case {ref} is approved and already in an e-Sąd package; the court may have "
                "it, so a re-import may not change it (record the change in court)"
            )
    return None


def _follow_evidence(session: Session, case: Case, evidence_root: str, actor: str) -> None:
    """An unchanged case found in another folder: its evidence is read from there now."""
    if case.evidence_root != evidence_root:
        session.add(
            AuditLog(
                actor=actor,
                action="intake.relocated",
                case_id=case.id,
                detail=json.dumps({"evidence_root": evidence_root}, ensure_ascii=False),
            )
        )
        case.evidence_root = evidence_root
    session.add(case)


def _record_changes(
    session: Session,
    case: Case,
    changes: Sequence[str],
    *,
    refused: bool,
    previous: str | None = None,
) -> None:
    """What a re-import changed, as the case's ``intake`` finding (replacing the last one).

    After a partner's decision it is a warning naming the decision, which stays in the
    history; a change the store refused (a filed or packaged case) is a warning too; a
    change before any decision is information.
    """
    assert case.id is not None
    session.execute(
        sa.delete(CaseFinding).where(
            col(CaseFinding.case_id) == case.id, col(CaseFinding.source) == CHANGE_SOURCE
        )
    )
    shown = "; ".join(changes[:MAX_CHANGES_SHOWN])
    if len(changes) > MAX_CHANGES_SHOWN:
        shown += f" (i {len(changes) - MAX_CHANGES_SHOWN} innych zmian)"
    decision = session.exec(
        select(ReviewDecision)
        .where(ReviewDecision.case_id == case.id)
        .order_by(col(ReviewDecision.id).desc())
    ).first()
    if refused:
        code, severity = "changed_after_filing", "warning"
        message = (
            f"Wierzyciel przesłał zmienione dane sprawy na etapie {case.stage}; nie zostały "
            f"przyjęte: {shown}."
        )
    elif decision is not None:
        code, severity = "changed_after_decision", "warning"
        label = "zatwierdzenie" if decision.decision == "approve" else "zwrot do poprawy"
        when = decision.decided_at.strftime("%d.%m.%Y %H:%M")
        message = (
            f"Dane sprawy zmieniły się po decyzji partnera ({label}: {decision.decided_by}, "
            f"{when}): {shown}. Sprawa wraca do przygotowania projektu; poprzednia decyzja "
            "pozostaje w historii."
        )
    else:
        code, severity = "changed_on_reimport", "info"
        message = f"Dane sprawy zmieniły się przy ponownym imporcie: {shown}."
    session.add(
        CaseFinding(
            case_id=case.id,
            source=CHANGE_SOURCE,
            code=code,
            severity=severity,
            message=message,
            subject=previous or case.stage,
        )
    )


_PARTY_LABELS = {
    "kind": "rodzaj",
    "name": "nazwa",
    "nip": "NIP",
    "regon": "REGON",
    "krs": "KRS",
    "pesel": "PESEL",
    "street": "ulica",
    "postcode": "kod pocztowy",
    "city": "miejscowość",
    "country": "kraj",
    "email": "e-mail",
    "bank_account": "rachunek bankowy",
}
_INVOICE_LABELS = {
    "issue_date": "data wystawienia",
    "due_date": "termin płatności",
    "amount": "kwota",
    "currency": "waluta",
    "accepted_by_debtor": "akceptacja przez dłużnika",
    "acknowledged_on": "uznanie długu",
    "delivered_on": "doręczenie",
    "file": "plik",
    "delivery_proof_file": "dowód doręczenia",
}


def _creditor_values(party: Party) -> dict[str, object]:
    return {
        "name": party.name,
        "krs": party.krs,
        "regon": party.regon,
        "street": party.address.street,
        "postcode": party.address.postcode,
        "city": party.address.city,
        "email": party.email,
        "bank_account": party.bank_account,
    }


def _shown(value: object) -> str:
    return "—" if value is None or value == "" else str(value)


def case_changes(before: CaseFile, after: CaseFile) -> list[str]:
    """What differs between a stored case and a re-imported one, as Polish lines naming the
    fields, invoices and files (an empty list: nothing material changed). Personal data
    (the debtor's PESEL, name, address) is named, never quoted."""
    out: list[str] = []
    old_debtor, new_debtor = _debtor_values(before.debtor), _debtor_values(after.debtor)
    debtor = [_PARTY_LABELS.get(k, k) for k, v in new_debtor.items() if old_debtor.get(k) != v]
    if debtor:
        out.append("dłużnik: " + ", ".join(debtor))
    old_creditor = _creditor_values(before.creditor)
    creditor = [
        _PARTY_LABELS.get(k, k)
        for k, v in _creditor_values(after.creditor).items()
        if v and old_creditor.get(k) != v  # a blank field never erases a stored one
    ]
    if before.creditor.kind.is_business != after.creditor.kind.is_business:
        creditor.append(_PARTY_LABELS["kind"])
    if creditor:
        out.append("wierzyciel: " + ", ".join(creditor))
    for attr, label in (
        ("claim_basis", "podstawa roszczenia"),
        ("paralegal", "asystent"),
        ("partner", "partner"),
    ):
        old, new = getattr(before, attr), getattr(after, attr)
        if old != new:
            out.append(f"{label}: {_shown(old)} -> {_shown(new)}")
    old_contract = field_values(before.contract) if before.contract else None
    new_contract = field_values(after.contract) if after.contract else None
    if old_contract != new_contract:
        out.append("umowa")
    old_invoices = {i.number: field_values(i) for i in before.invoices}
    new_invoices = {i.number: field_values(i) for i in after.invoices}
    for number in old_invoices.keys() - new_invoices.keys():
        out.append(f"usunięta faktura {number}")
    for number, new in new_invoices.items():
        old = old_invoices.get(number)
        if old is None:
            out.append(f"nowa faktura {number}: {_shown(new['amount'])} {new['currency']}")
            continue
        diffs = [
            f"{_INVOICE_LABELS.get(k, k)} {_shown(old[k])} -> {_shown(v)}"
            for k, v in new.items()
            if old[k] != v
        ]
        if diffs:
            out.append(f"faktura {number}: " + ", ".join(diffs))
    old_pay = Counter(
        (p.paid_on, p.amount, p.invoice_number, p.designated) for p in before.payments
    )
    new_pay = Counter((p.paid_on, p.amount, p.invoice_number, p.designated) for p in after.payments)
    for paid_on, amount, invoice, _ in sorted((new_pay - old_pay).elements(), key=str):
        out.append(f"nowa wpłata {amount} z {paid_on}" + (f" na {invoice}" if invoice else ""))
    for paid_on, amount, invoice, _ in sorted((old_pay - new_pay).elements(), key=str):
        out.append(f"usunięta wpłata {amount} z {paid_on}" + (f" na {invoice}" if invoice else ""))
    old_letters = Counter(tuple(field_values(x).items()) for x in before.letters)
    new_letters = Counter(tuple(field_values(x).items()) for x in after.letters)
    if old_letters != new_letters:
        added, removed = new_letters - old_letters, old_letters - new_letters
        out.append(
            f"korespondencja: {sum(added.values())} nowych lub zmienionych pism, "
            f"{sum(removed.values())} usuniętych lub zmienionych"
        )
    old_files = {e.path: e for e in before.evidence}
    new_files = {e.path: e for e in after.evidence}
    for path in sorted(old_files.keys() - new_files.keys()):
        out.append(f"usunięty plik {path}")
    for path, item in new_files.items():
        old_item = old_files.get(path)
        if old_item is None:
            out.append(f"nowy plik {path}")
        elif old_item.sha256 != item.sha256:
            out.append(f"zmieniona treść pliku {path}")
        elif field_values(old_item) != field_values(item):
            out.append(f"opis pliku {path}")
    return out


def _party(row: Creditor | Debtor | sa.Row[Any], kind: PartyKind) -> Party:
    return Party(
        kind=kind,
        name=row.name,
        address=Address(
            street=row.street,
            postcode=row.postcode,
            city=row.city,
            country=getattr(row, "country", "PL"),
            gmina=getattr(row, "gmina", ""),  # the debtor's only
            powiat=getattr(row, "powiat", ""),
            voivodeship=getattr(row, "voivodeship", ""),
            district=getattr(row, "district", ""),
        ),
        nip=row.nip,
        regon=row.regon,
        krs=row.krs,
        pesel=getattr(row, "pesel", None),
        email=row.email,
        bank_account=row.bank_account,
    )


def load_case_file(session: Session, case_id: int, *, recorded: bool = True) -> CaseFile:
    """The stored case as plain typed values. Raises ``LookupError`` for an unknown id."""
    found = load_case_files(session, [case_id], recorded=recorded)
    if case_id not in found:
        raise LookupError(f"no case with id {case_id}")
    return found[case_id]


def _rows(session: Session, table: type[SQLModel], where: Any) -> Sequence[sa.Row[Any]]:
    """Plain rows (SQLAlchemy Core, attribute access by column name): several times cheaper
    to build than ORM objects, which matters when a whole chunk of cases is loaded."""
    query = sa.select(table.__table__).where(where).order_by(table.__table__.c.id)  # type: ignore[attr-defined]
    return session.connection().execute(query).all()


def _by_case(
    session: Session, table: type[SQLModel], case_ids: Sequence[int]
) -> dict[int, list[sa.Row[Any]]]:
    """Rows of a child table for the given cases, grouped by case, each in id order."""
    grouped: dict[int, list[sa.Row[Any]]] = {}
    for row in _rows(session, table, col(table.case_id).in_(case_ids)):  # type: ignore[attr-defined]
        grouped.setdefault(row.case_id, []).append(row)
    return grouped


def load_case_files(
    session: Session, case_ids: Sequence[int], *, recorded: bool = True
) -> dict[int, CaseFile]:
    """Many stored cases at once, by id (unknown ids are left out).

    Eight queries whatever the number of cases (the handoff loads a whole chunk this way),
    instead of eight per case. ``recorded``: add the payments recorded after the handoff
    (``RecordedPayment``, issue #18) to the creditor's ones, except one the creditor's data
    already holds (same day and amount); a re-import compares without them.
    """
    ids = list(dict.fromkeys(case_ids))
    if not ids:
        return {}
    cases = _rows(session, Case, col(Case.id).in_(ids))
    creditors = {
        c.id: c
        for c in _rows(session, Creditor, col(Creditor.id).in_({c.creditor_id for c in cases}))
    }
    debtors = {
        d.id: d for d in _rows(session, Debtor, col(Debtor.id).in_({c.debtor_id for c in cases}))
    }
    contracts = _by_case(session, Contract, ids)
    invoices = _by_case(session, Invoice, ids)
    payments = _by_case(session, Payment, ids)
    if recorded:
        intake = {k: {(p.paid_on, p.amount) for p in v} for k, v in payments.items()}
        for row in _rows(session, RecordedPayment, col(RecordedPayment.case_id).in_(ids)):
            if (row.paid_on, row.amount) not in intake.get(row.case_id, ()):
                payments.setdefault(row.case_id, []).append(row)
    letters = _by_case(session, Correspondence, ids)
    evidence = _by_case(session, EvidenceFile, ids)
    loaded: dict[int, CaseFile] = {}
    parties = {  # one (immutable) Party per creditor, shared by its cases
        c.id: _party(c, PartyKind.COMPANY if c.is_business else PartyKind.CONSUMER)
        for c in creditors.values()
    }
    for case in cases:
        assert case.id is not None
        debtor = debtors[case.debtor_id]
        contract = contracts.get(case.id, [None])[0]
        loaded[case.id] = CaseFile(
            case_id=case.id,
            external_ref=case.external_ref,
            stage=case.stage,
            creditor=parties[case.creditor_id],
            debtor=_party(debtor, PartyKind(debtor.kind)),
            claim_basis=case.claim_basis,
            contract=copy_fields(ContractInfo, contract) if contract is not None else None,
            invoices=tuple(copy_fields(InvoiceInfo, i) for i in invoices.get(case.id, ())),
            payments=tuple(copy_fields(PaymentInfo, p) for p in payments.get(case.id, ())),
            letters=tuple(
                copy_fields(Letter, x, kind=LetterKind(x.kind)) for x in letters.get(case.id, ())
            ),
            evidence=tuple(
                copy_fields(EvidenceItem, e, kind=EvidenceKind(e.kind))
                for e in evidence.get(case.id, ())
            ),
            paralegal=case.paralegal,
            partner=case.partner,
        )
    return loaded


def case_ids_for_batch(session: Session, batch_id: int) -> list[int]:
    """Ids of the cases this batch created or changed (unchanged cases keep their old batch)."""
    rows = session.exec(
        select(Case.id).where(Case.batch_id == batch_id).order_by(col(Case.id))
    ).all()
    return [r for r in rows if r is not None]


def find_case(session: Session, external_ref: str, creditor_nip: str | None = None) -> Case | None:
    """The case with the creditor's reference; ``creditor_nip`` narrows it to one creditor.

    Raises ``AmbiguousCase`` when several creditors use the same reference and no NIP is given.
    """
    query = select(Case).where(Case.external_ref == external_ref)
    if creditor_nip is not None:
        nip = "".join(ch for ch in creditor_nip if ch.isdigit())
        query = query.join(Creditor, col(Creditor.id) == col(Case.creditor_id)).where(
            Creditor.nip == nip
        )
    rows = session.exec(query.limit(2)).all()
    if len(rows) > 1:
        raise AmbiguousCase(
            f"external_ref {external_ref} is used by several creditors; pass creditor_nip"
        )
    return rows[0] if rows else None
