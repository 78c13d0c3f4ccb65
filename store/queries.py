"""Read-only queries for the command line: case lists and one case in detail."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from law.case import CaseFile
from store.cases import find_case, load_case_file, load_case_files
from store.tables import Case, CaseFinding, Debtor, GeneratedDocument


def case_rows(engine: sa.Engine, stage: str | None = None) -> list[dict[str, Any]]:
    """One row per case (reference, debtor name, stage, procedure, WPS, limitation)."""
    query = select(Case, Debtor.name).join(Debtor, col(Debtor.id) == col(Case.debtor_id))
    if stage:
        query = query.where(Case.stage == stage)
    with Session(engine) as session:
        return [
            {
                "external_ref": case.external_ref,
                "debtor": name,
                "stage": case.stage,
                "procedure": case.procedure,
                "total_claim": str(case.total_claim) if case.total_claim is not None else None,
                "earliest_limitation": case.earliest_limitation.isoformat()
                if case.earliest_limitation
                else None,
            }
            for case, name in session.exec(query.order_by(col(Case.id))).all()
        ]


def case_detail(engine: sa.Engine, ref: str) -> dict[str, Any] | None:
    """The stored claim summary, findings and documents of the case ``ref``."""
    with Session(engine) as session:
        case = find_case(session, ref)
        if case is None or case.id is None:
            return None
        debtor = session.get(Debtor, case.debtor_id)
        findings = session.exec(
            select(CaseFinding).where(CaseFinding.case_id == case.id).order_by(col(CaseFinding.id))
        ).all()
        docs = session.exec(
            select(GeneratedDocument)
            .where(GeneratedDocument.case_id == case.id)
            .order_by(col(GeneratedDocument.kind), col(GeneratedDocument.version))
        ).all()
        return {
            "external_ref": case.external_ref,
            "debtor": debtor.name if debtor else "",
            "stage": case.stage,
            "review_comment": case.review_comment,
            "claim": json.loads(case.claim_json) if case.claim_json else None,
            "findings": [
                {"source": f.source, "severity": f.severity, "code": f.code, "message": f.message}
                for f in findings
            ],
            "documents": [
                {"kind": d.kind, "version": d.version, "path": d.path, "sha256": d.sha256}
                for d in docs
            ],
        }


def case_file_by_ref(engine: sa.Engine, ref: str) -> tuple[CaseFile, str] | None:
    """The case file of ``ref`` and the folder its evidence paths are relative to."""
    with Session(engine) as session:
        case = find_case(session, ref)
        if case is None or case.id is None:
            return None
        return load_case_file(session, case.id), case.evidence_root


def latest_document_path(engine: sa.Engine, ref: str, kind: str) -> str | None:
    """Path of the newest stored document of ``kind`` (e.g. "evidence_index") for ``ref``."""
    with Session(engine) as session:
        case = find_case(session, ref)
        if case is None or case.id is None:
            return None
        doc = session.exec(
            select(GeneratedDocument)
            .where(GeneratedDocument.case_id == case.id, GeneratedDocument.kind == kind)
            .order_by(col(GeneratedDocument.version).desc())
        ).first()
        return doc.path if doc else None


def approved_case_files(engine: sa.Engine, procedure: str) -> list[CaseFile]:
    """Case files of every approved case whose chosen procedure is ``procedure``."""
    with Session(engine) as session:
        ids = session.exec(
            select(Case.id)
            .where(Case.stage == "approved", Case.procedure == procedure)
            .order_by(col(Case.id))
        ).all()
        found = load_case_files(session, [i for i in ids if i is not None])
        return [found[i] for i in ids if i is not None and i in found]
