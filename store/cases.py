"""The store side of intake: save a validated case, read it back as a ``law.case.CaseFile``.

``save_case`` writes a case and all its child rows (contract, invoices, payments,
correspondence, evidence files) plus its audit row inside the caller's transaction, so a
case is stored whole or not at all. Re-import is keyed on (creditor NIP, external_ref): the
child rows are replaced, never appended. ``Case.intake_hash`` makes an unchanged re-import a
no-op. A case a partner has approved (or anything later) is not changed: the caller gets
``SaveOutcome.REFUSED`` and records a rejection. A changed case waiting for review goes back
to ``intake`` so it is drafted again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

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
from law.stages import EDITABLE, Stage
from store.db import session_scope
from store.tables import (
    AuditLog,
    Batch,
    Case,
    Contract,
    Correspondence,
    Creditor,
    Debtor,
    EvidenceFile,
    IntakeRejection,
    Invoice,
    Payment,
    utcnow,
)

_Row = TypeVar("_Row", bound=SQLModel)

CHILD_TABLES = (Contract, Invoice, Payment, Correspondence, EvidenceFile)


class SaveOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REFUSED = "refused"  # the stored case is past the editable stages


@dataclass(frozen=True, slots=True)
class SaveResult:
    outcome: SaveOutcome
    case_id: int | None
    stage: str  # the case's stage after the save
    reason: str = ""


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


def _creditor_row(session: Session, party: Party) -> Creditor:
    """The creditor by NIP, created or refreshed; blank fields never erase stored ones (a CSV
    naming only the creditor's NIP and name keeps the address from an earlier hand-over)."""
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
        "email": party.email,
        "bank_account": party.bank_account,
    }


def _add_children(session: Session, case_id: int, case: CaseFile) -> None:
    """The case's child rows; each row copies its record's same-named fields."""
    if case.contract is not None:
        session.add(Contract(case_id=case_id, **field_values(case.contract)))
    for inv in case.invoices:
        session.add(Invoice(case_id=case_id, **field_values(inv)))
    for pay in case.payments:
        session.add(Payment(case_id=case_id, **field_values(pay)))
    for letter in case.letters:
        session.add(
            Correspondence(case_id=case_id, **{**field_values(letter), "kind": letter.kind.value})
        )
    for item in case.evidence:
        session.add(
            EvidenceFile(case_id=case_id, **{**field_values(item), "kind": item.kind.value})
        )


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
    if existing is not None and existing.intake_hash == intake_hash:
        return SaveResult(SaveOutcome.UNCHANGED, existing.id, existing.stage)
    if existing is not None and Stage(existing.stage) not in EDITABLE:
        return SaveResult(
            SaveOutcome.REFUSED,
            existing.id,
            existing.stage,
            f"case {case.external_ref} is already {existing.stage}; re-import may change a case "
            "only in intake, ready_for_review or sent_back",
        )

    if existing is None:
        debtor = Debtor(**_debtor_values(case.debtor))  # type: ignore[arg-type]
        session.add(debtor)
        session.flush()
        assert debtor.id is not None
        row = Case(creditor_id=creditor.id, debtor_id=debtor.id, external_ref=case.external_ref)
        outcome, previous = SaveOutcome.CREATED, None
    else:
        row = existing
        debtor_row = session.get(Debtor, existing.debtor_id)
        assert debtor_row is not None
        for k, v in _debtor_values(case.debtor).items():
            setattr(debtor_row, k, v)
        session.add(debtor_row)
        outcome, previous = SaveOutcome.UPDATED, existing.stage
    row.batch_id = batch_id
    row.claim_basis = case.claim_basis
    row.paralegal = case.paralegal
    row.partner = case.partner
    row.intake_hash = intake_hash
    row.evidence_root = evidence_root
    row.stage = Stage.INTAKE.value  # new, or changed while waiting for review: draft again
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    assert row.id is not None
    if existing is not None:
        _delete_children(session, row.id)
    _add_children(session, row.id, case)
    detail: dict[str, object] = {
        "batch_id": batch_id,
        "external_ref": case.external_ref,
        "intake_hash": intake_hash,
    }
    if previous is not None and previous != row.stage:
        detail["stage"] = f"{previous} -> {row.stage}"
    session.add(
        AuditLog(
            actor=actor,
            action=f"intake.{outcome.value}",
            case_id=row.id,
            detail=json.dumps(detail, ensure_ascii=False),
        )
    )
    session.flush()
    return SaveResult(outcome, row.id, row.stage)


def _party(row: Creditor | Debtor, kind: PartyKind) -> Party:
    return Party(
        kind=kind,
        name=row.name,
        address=Address(
            street=row.street,
            postcode=row.postcode,
            city=row.city,
            country=getattr(row, "country", "PL"),
        ),
        nip=row.nip,
        regon=row.regon,
        krs=row.krs,
        pesel=getattr(row, "pesel", None),
        email=row.email,
        bank_account=row.bank_account,
    )


def load_case_file(session: Session, case_id: int) -> CaseFile:
    """The stored case as plain typed values. Raises ``LookupError`` for an unknown id."""
    found = load_case_files(session, [case_id])
    if case_id not in found:
        raise LookupError(f"no case with id {case_id}")
    return found[case_id]


def _by_case(session: Session, table: type[_Row], case_ids: Sequence[int]) -> dict[int, list[_Row]]:
    """Rows of a child table for the given cases, grouped by case, each in id order."""
    grouped: dict[int, list[_Row]] = {}
    query = (
        select(table)
        .where(col(table.case_id).in_(case_ids))  # type: ignore[attr-defined]
        .order_by(col(table.id))  # type: ignore[attr-defined]
    )
    for row in session.exec(query).all():
        grouped.setdefault(row.case_id, []).append(row)  # type: ignore[attr-defined]
    return grouped


def load_case_files(session: Session, case_ids: Sequence[int]) -> dict[int, CaseFile]:
    """Many stored cases at once, by id (unknown ids are left out).

    Eight queries whatever the number of cases (the handoff loads a whole chunk this way),
    instead of eight per case.
    """
    ids = list(dict.fromkeys(case_ids))
    if not ids:
        return {}
    cases = session.exec(select(Case).where(col(Case.id).in_(ids))).all()
    creditors = {
        c.id: c
        for c in session.exec(
            select(Creditor).where(col(Creditor.id).in_({c.creditor_id for c in cases}))
        ).all()
    }
    debtors = {
        d.id: d
        for d in session.exec(
            select(Debtor).where(col(Debtor.id).in_({c.debtor_id for c in cases}))
        ).all()
    }
    contracts = _by_case(session, Contract, ids)
    invoices = _by_case(session, Invoice, ids)
    payments = _by_case(session, Payment, ids)
    letters = _by_case(session, Correspondence, ids)
    evidence = _by_case(session, EvidenceFile, ids)
    loaded: dict[int, CaseFile] = {}
    for case in cases:
        assert case.id is not None
        creditor, debtor = creditors[case.creditor_id], debtors[case.debtor_id]
        creditor_kind = PartyKind.COMPANY if creditor.is_business else PartyKind.CONSUMER
        contract = contracts.get(case.id, [None])[0]
        loaded[case.id] = CaseFile(
            case_id=case.id,
            external_ref=case.external_ref,
            stage=case.stage,
            creditor=_party(creditor, creditor_kind),
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
