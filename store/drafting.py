"""Store side of drafting: the idempotency ledger, document versions, findings, claim fields.

The handoff pipeline (flows/case_pipeline.py) calls these inside one transaction per case.

Speed: for each draft kind the pipeline asks "is there a document for these inputs?" and
"what is the next version?". Both are answered from one query per case and transaction (all
the case's documents, cached on the session for the current transaction and kept current by
``add_document``) instead of two queries per document.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, delete, select

from law.findings import Finding
from store.tables import AuditLog, Case, CaseFinding, GeneratedDocument, StepRun


def step_done(session: Session, case_id: int, step: str, input_hash: str) -> bool:
    """True when ``step`` already ran for this case with exactly these inputs."""
    row = session.exec(
        select(StepRun.id)
        .where(StepRun.case_id == case_id)
        .where(StepRun.step == step)
        .where(StepRun.input_hash == input_hash)
    ).first()
    return row is not None


def record_step(
    session: Session, case_id: int, step: str, input_hash: str, outcome: str, detail: str = ""
) -> None:
    session.add(
        StepRun(case_id=case_id, step=step, input_hash=input_hash, outcome=outcome, detail=detail)
    )


_DOCS_KEY = "store.drafting.case_documents"


def _case_documents(session: Session, case_id: int) -> list[GeneratedDocument]:
    """Every document of the case, read once per case and transaction of ``session``."""
    transaction: Any = session.get_transaction()
    cache: dict[str, Any] = session.info.get(_DOCS_KEY) or {}
    if cache.get("transaction") is not transaction:
        cache = {"transaction": transaction, "cases": {}}
        session.info[_DOCS_KEY] = cache
    cases: dict[int, list[GeneratedDocument]] = cache["cases"]
    if case_id not in cases:
        cases[case_id] = list(
            session.exec(select(GeneratedDocument).where(GeneratedDocument.case_id == case_id))
        )
    return cases[case_id]


def document_for_inputs(
    session: Session, case_id: int, kind: str, input_hash: str
) -> GeneratedDocument | None:
    for doc in _case_documents(session, case_id):
        if doc.kind == kind and doc.input_hash == input_hash:
            return doc
    return None


def next_version(session: Session, case_id: int, kind: str) -> int:
    versions = [d.version for d in _case_documents(session, case_id) if d.kind == kind]
    return max(versions, default=0) + 1


def add_document(
    session: Session,
    case_id: int,
    kind: str,
    version: int,
    path: str,
    sha256: str,
    input_hash: str,
) -> None:
    doc = GeneratedDocument(
        case_id=case_id,
        kind=kind,
        version=version,
        path=path,
        sha256=sha256,
        input_hash=input_hash,
    )
    _case_documents(session, case_id).append(doc)
    session.add(doc)


def replace_findings(
    session: Session, case_id: int, by_source: Mapping[str, Iterable[Finding]]
) -> None:
    """Replace the case's findings of each source (claim, evidence, registry, ...): one
    DELETE and one multi-row INSERT, whatever the number of findings."""
    session.exec(  # type: ignore[call-overload]
        delete(CaseFinding).where(
            CaseFinding.case_id == case_id,
            CaseFinding.source.in_(tuple(by_source)),  # type: ignore[attr-defined]
        )
    )
    rows = [
        {
            "case_id": case_id,
            "source": source,
            "code": f.code,
            "severity": f.severity.value,
            "message": f.message,
            "subject": f.subject,
            "cite": f.cite,
        }
        for source, findings in by_source.items()
        for f in findings
    ]
    if rows:
        session.execute(sa.insert(CaseFinding), rows)


def save_claim(
    session: Session,
    case: Case,
    summary: dict[str, object],
    earliest_limitation: date | None,
    procedure: str,
    total: Decimal,
    stage: str,
) -> None:
    case.claim_json = json.dumps(summary, ensure_ascii=False)
    case.earliest_limitation = earliest_limitation
    case.procedure = procedure
    case.total_claim = total
    case.stage = stage
    case.updated_at = datetime.now(UTC)
    session.add(case)


def audit(session: Session, actor: str, action: str, case_id: int | None, detail: str) -> None:
    session.add(AuditLog(actor=actor, action=action, case_id=case_id, detail=detail))


def case_ref(session: Session, case_id: int) -> str:
    row = session.get(Case, case_id)
    return row.external_ref if row else "?"


def draftable_case_ids(
    engine: sa.Engine, batch_id: int | None = None, case_ids: Iterable[int] | None = None
) -> list[int]:
    """Ids of cases waiting for a draft (intake, sent back), optionally narrowed to one
    batch or to the given ids (the cases an import touched, including unchanged ones that a
    crashed run left undrafted)."""
    query = select(Case.id).where(Case.stage.in_(("intake", "sent_back")))  # type: ignore[attr-defined]
    if batch_id is not None:
        query = query.where(Case.batch_id == batch_id)
    wanted = None if case_ids is None else set(case_ids)
    with Session(engine) as session:
        ids = [int(i) for i in session.exec(query.order_by(Case.id)).all() if i is not None]  # type: ignore[arg-type]
    return ids if wanted is None else [i for i in ids if i in wanted]


@dataclass(frozen=True)
class CaseState:
    case_id: int
    external_ref: str
    stage: str
    procedure: str | None
    total: str


def case_states(engine: sa.Engine, case_ids: Iterable[int]) -> list[CaseState]:
    """Reference, stage, procedure and WPS of the given cases, in id order."""
    ids = list(case_ids)
    if not ids:
        return []
    query = (
        select(Case.id, Case.external_ref, Case.stage, Case.procedure, Case.total_claim)
        .where(Case.id.in_(ids))  # type: ignore[union-attr]
        .order_by(Case.id)
    )
    with Session(engine) as session:
        return [
            CaseState(int(i), ref, stage, proc, str(total) if total is not None else "")
            for i, ref, stage, proc, total in session.exec(query).all()
        ]
