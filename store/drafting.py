"""Store side of drafting: the idempotency ledger, document versions, findings, claim fields.

The handoff pipeline (flows/case_pipeline.py) drafts a group of cases with three kinds of
store work, each a fixed number of statements per group rather than per case:

- ``drafting_state``: one read of the group's case rows, documents and finished steps;
- ``save_claim_if_unchanged``: a conditional UPDATE per case (optimistic concurrency: it
  fails when the case moved since the read, and then nothing of that case is stored);
- ``add_rows`` / ``replace_findings_of``: multi-row INSERTs for documents, the ledger, the
  audit log and findings (SQLAlchemy Core, no ORM objects).

One document drafted by a use case (``casework``: a letter to the court, a settlement, a
clause application) is stored with ``store_version`` into the case's folder
(``case_folder``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from law.findings import Finding
from store.tables import AuditLog, Case, CaseFinding, GeneratedDocument, StepRun, utcnow

# CaseFinding.source of a stored draft refused for a SHA-256 mismatch (store.integrity).
INTEGRITY_SOURCE = "integrity"


@dataclass(frozen=True, slots=True)
class CaseHead:
    """What the drafting step needs of a case row before it loads the whole case."""

    case_id: int
    external_ref: str
    stage: str
    intake_hash: str
    evidence_root: str


@dataclass(frozen=True, slots=True)
class DocumentKey:
    """A stored draft as the idempotency check sees it."""

    kind: str
    version: int
    input_hash: str
    path: str


@dataclass(frozen=True, slots=True)
class DraftingState:
    """The store's view of a group of cases, read in one transaction with five queries."""

    heads: dict[int, CaseHead]
    documents: dict[int, list[DocumentKey]]
    done: set[tuple[int, str]]  # (case id, input hash) of every finished step
    # cases with a stored draft refused for a SHA-256 mismatch: drafted again even when
    # their inputs did not change, so the refused file is replaced by a new version
    tampered: frozenset[int] = frozenset()


def drafting_state(session: Session, case_ids: Sequence[int], step: str) -> DraftingState:
    ids = list(case_ids)
    heads = {
        int(i): CaseHead(int(i), ref, stage, intake_hash, root)
        for i, ref, stage, intake_hash, root in session.execute(
            sa.select(
                Case.id, Case.external_ref, Case.stage, Case.intake_hash, Case.evidence_root
            ).where(col(Case.id).in_(ids))
        ).all()
    }
    documents: dict[int, list[DocumentKey]] = {}
    for case_id, kind, version, input_hash, path in session.execute(
        sa.select(
            GeneratedDocument.case_id,
            GeneratedDocument.kind,
            GeneratedDocument.version,
            GeneratedDocument.input_hash,
            GeneratedDocument.path,
        ).where(col(GeneratedDocument.case_id).in_(ids))
    ).all():
        documents.setdefault(case_id, []).append(DocumentKey(kind, version, input_hash, path))
    done = {
        (int(case_id), input_hash)
        for case_id, input_hash in session.execute(
            sa.select(StepRun.case_id, StepRun.input_hash).where(
                col(StepRun.case_id).in_(ids), StepRun.step == step
            )
        ).all()
    }
    tampered = frozenset(
        int(case_id)
        for (case_id,) in session.execute(
            sa.select(CaseFinding.case_id)
            .where(col(CaseFinding.case_id).in_(ids), col(CaseFinding.source) == INTEGRITY_SOURCE)
            .distinct()
        ).all()
    )
    return DraftingState(heads, documents, done, tampered)


def document_for_inputs(
    documents: Iterable[DocumentKey], kind: str, input_hash: str
) -> DocumentKey | None:
    for doc in documents:
        if doc.kind == kind and doc.input_hash == input_hash:
            return doc
    return None


def _slug(ref: str) -> str:
    keep = [c if c.isalnum() or c in "-_" else "_" for c in ref]
    return "".join(keep)[:80] or "case"


def case_folder(documents_dir: Path, case_id: int, external_ref: str) -> Path:
    """The folder of one case's drafts: ``<case id>-<reference slug>``.

    Keyed by the case id, which is unique: two creditors may use the same reference, and
    two references may slug alike (``QA/COL/2026/1`` and ``QA_COL_2026_1``). The slug only
    keeps the folder readable. Drafts stored before this rule keep their stored paths
    (``GeneratedDocument.path`` is absolute); the next version goes into the new folder.
    """
    return documents_dir / f"{case_id}-{_slug(external_ref)}"


class Writable(Protocol):
    """A rendered document (``documents.render.Rendered``): its hash and how it is written."""

    @property
    def sha256(self) -> str: ...
    def write(self, path: Path | str) -> Path: ...


class DocumentNotWritten(OSError):
    """The rendered file could not be written to ``path`` (``reason``); nothing was stored."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


def store_version(
    session: Session,
    case_id: int,
    kind: str,
    input_hash: str,
    rendered: Writable,
    path_for: Callable[[int], Path],
    *,
    rewrite_lost: bool = True,
    stored: Sequence[GeneratedDocument] | None = None,
    flush: bool = True,
) -> GeneratedDocument:
    """The version of the case's ``kind`` document made from ``input_hash``: the one stored
    when there is one, else ``rendered`` written to ``path_for(next version)`` and stored
    as that version (flushed). ``rewrite_lost``: a stored version whose file is gone is
    written again (the next version's path) under the same row; else it is returned as it
    is. ``stored``: the case's ``kind`` documents as already read (a batch of drafts reads
    them for all its cases at once), else they are read here. ``flush`` False: the new row
    is only added to the session (a batch flushes its drafts at once). A failed write raises
    :class:`DocumentNotWritten` and nothing is stored."""
    if stored is None:
        stored = session.exec(
            select(GeneratedDocument).where(
                GeneratedDocument.case_id == case_id, GeneratedDocument.kind == kind
            )
        ).all()
    existing = next((d for d in stored if d.input_hash == input_hash), None)
    if existing is not None and (not rewrite_lost or Path(existing.path).is_file()):
        return existing
    version = 1 + max((d.version for d in stored), default=0)
    path = path_for(version)
    try:
        rendered.write(path)
    except OSError as exc:
        raise DocumentNotWritten(path, str(exc.strerror or exc)) from exc
    if existing is not None:  # the same inputs, the file lost: written again
        existing.path, existing.sha256 = str(path.resolve()), rendered.sha256
        document = existing
    else:
        document = GeneratedDocument(
            case_id=case_id,
            kind=kind,
            version=version,
            path=str(path.resolve()),
            sha256=rendered.sha256,
            input_hash=input_hash,
        )
    session.add(document)
    if flush:
        session.flush()
    return document


def next_version(documents: Iterable[DocumentKey], kind: str) -> int:
    return max((d.version for d in documents if d.kind == kind), default=0) + 1


@dataclass(frozen=True, slots=True)
class ClaimFields:
    """The computed claim as stored on the case row, and the stage the draft moves it to."""

    claim_json: str
    earliest_limitation: date | None
    procedure: str
    total_claim: Decimal
    stage: str


def save_claim_if_unchanged(session: Session, head: CaseHead, fields: ClaimFields) -> bool:
    """Store the claim on the case row unless the case changed since ``head`` was read.

    A conditional UPDATE (same stage, same intake hash): it takes the row's write lock, and
    returns False when another run or a re-import moved the case meanwhile, so drafts
    computed from stale inputs are never stored.
    """
    result = session.connection().execute(  # Core: no ORM synchronisation of the session
        sa.update(Case)
        .where(
            col(Case.id) == head.case_id,
            col(Case.stage) == head.stage,
            col(Case.intake_hash) == head.intake_hash,
        )
        .values(
            claim_json=fields.claim_json,
            earliest_limitation=fields.earliest_limitation,
            procedure=fields.procedure,
            total_claim=fields.total_claim,
            stage=fields.stage,
            updated_at=utcnow(),
        )
    )
    return bool(result.rowcount == 1)


def add_rows(session: Session, table: type[SQLModel], rows: Sequence[dict[str, Any]]) -> None:
    """One multi-row INSERT (Core, no ORM objects): the ledger, documents, audit rows."""
    if rows:
        session.connection().execute(sa.insert(table), list(rows))


def document_row(
    case_id: int, kind: str, version: int, path: str, sha256: str, input_hash: str
) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "kind": kind,
        "version": version,
        "path": path,
        "sha256": sha256,
        "input_hash": input_hash,
        "created_at": utcnow(),
    }


def step_row(
    case_id: int, step: str, input_hash: str, outcome: str, detail: str = ""
) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "step": step,
        "input_hash": input_hash,
        "outcome": outcome,
        "detail": detail,
        "finished_at": utcnow(),
    }


def audit_row(actor: str, action: str, case_id: int | None, detail: str) -> dict[str, Any]:
    return {"at": utcnow(), "actor": actor, "action": action, "case_id": case_id, "detail": detail}


def replace_findings(
    session: Session, case_id: int, by_source: Mapping[str, Iterable[Finding]]
) -> None:
    """Replace the case's findings of each source (claim, evidence, registry, ...)."""
    replace_findings_of(session, {case_id: by_source})


def replace_findings_of(
    session: Session, by_case: Mapping[int, Mapping[str, Iterable[Finding]]]
) -> None:
    """Replace the findings of each case and source: one DELETE per set of sources and one
    multi-row INSERT, whatever the number of cases and findings."""
    by_sources: dict[tuple[str, ...], list[int]] = {}
    for case_id, by_source in by_case.items():
        by_sources.setdefault(tuple(sorted(by_source)), []).append(case_id)
    for sources, case_ids in by_sources.items():
        session.connection().execute(
            sa.delete(CaseFinding).where(
                col(CaseFinding.case_id).in_(case_ids), col(CaseFinding.source).in_(sources)
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
        for case_id, by_source in by_case.items()
        for source, findings in by_source.items()
        for f in findings
    ]
    add_rows(session, CaseFinding, rows)


def audit(session: Session, actor: str, action: str, case_id: int | None, detail: str) -> None:
    add_rows(session, AuditLog, [audit_row(actor, action, case_id, detail)])


def case_ref(session: Session, case_id: int) -> str:
    row = session.get(Case, case_id)
    return row.external_ref if row else "?"


def draftable_case_ids(
    engine: sa.Engine, batch_id: int | None = None, case_ids: Iterable[int] | None = None
) -> list[int]:
    """Ids of cases waiting for a draft (intake, sent back, or under review with a stored
    draft refused for a SHA-256 mismatch), optionally narrowed to one batch or to the given
    ids (the cases an import touched, including unchanged ones that a crashed run left
    undrafted)."""
    refused = sa.exists().where(
        col(CaseFinding.case_id) == col(Case.id), col(CaseFinding.source) == INTEGRITY_SOURCE
    )
    query = select(Case.id).where(
        sa.or_(
            col(Case.stage).in_(("intake", "sent_back")),
            sa.and_(col(Case.stage) == "ready_for_review", refused),
        )
    )
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
