"""The review page never shows or serves a draft whose SHA-256 differs from the stored one.

The refusal is one Polish line, recorded in the audit log and as a blocker finding on the
case. Real store (SQLite and PostgreSQL), real .docx.
"""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from store.tables import AuditLog, CaseFinding, GeneratedDocument
from tests.review.conftest import ReviewEnv, login, make_docx


def _doc(env: ReviewEnv) -> GeneratedDocument:
    with Session(env.engine) as s:
        (doc,) = s.exec(select(GeneratedDocument)).all()
        return doc


def _refusals(env: ReviewEnv) -> list[AuditLog]:
    with Session(env.engine) as s:
        return list(s.exec(select(AuditLog).where(AuditLog.action == "document_tampered")).all())


def _tamper(doc: GeneratedDocument) -> None:
    make_docx(Path(doc.path), "Pozew przeciwko komuś zupełnie innemu, PESEL 44051401359")


def test_an_intact_draft_is_shown_and_served(client: TestClient, review_env: ReviewEnv) -> None:
    login(client, "pawel")
    doc = _doc(review_env)
    assert client.get(f"/documents/{doc.id}/download").status_code == 200
    assert "Pozew o zapłatę kwoty" in client.get(f"/cases/{review_env.case_id}").text


def test_a_tampered_draft_is_refused_on_download(client: TestClient, review_env: ReviewEnv) -> None:
    login(client, "pawel")
    doc = _doc(review_env)
    _tamper(doc)
    response = client.get(f"/documents/{doc.id}/download")
    assert response.status_code == 409
    assert "zmienił się od wygenerowania" in response.text
    assert b"PK" not in response.content[:2]
    with Session(review_env.engine) as s:
        (audit,) = s.exec(select(AuditLog).where(AuditLog.action == "document_tampered")).all()
        detail = json.loads(audit.detail)
        assert (audit.actor, detail["purpose"], detail["document_id"]) == (
            "pawel",
            "download",
            doc.id,
        )
        assert detail["expected"] == doc.sha256 and detail["actual"] != doc.sha256
        (finding,) = s.exec(select(CaseFinding).where(CaseFinding.source == "integrity")).all()
        assert (finding.case_id, finding.severity) == (review_env.case_id, "blocker")
    # a second attempt is refused and recorded again; the finding stays one
    assert client.get(f"/documents/{doc.id}/download").status_code == 409
    assert len(_refusals(review_env)) == 2
    with Session(review_env.engine) as s:
        assert len(s.exec(select(CaseFinding).where(CaseFinding.source == "integrity")).all()) == 1


def test_a_tampered_draft_is_not_previewed(client: TestClient, review_env: ReviewEnv) -> None:
    login(client, "pawel")
    doc = _doc(review_env)
    _tamper(doc)
    page = client.get(f"/cases/{review_env.case_id}")
    assert page.status_code == 200
    assert "zupełnie innemu" not in page.text and "44051401359" not in page.text
    assert "zmienił się od wygenerowania" in page.text
    with Session(review_env.engine) as s:
        (audit,) = s.exec(select(AuditLog).where(AuditLog.action == "document_tampered")).all()
        assert json.loads(audit.detail)["purpose"] == "preview"
    client.get(f"/cases/{review_env.case_id}")  # looking again is not audited again
    assert len(_refusals(review_env)) == 1
