"""Stored drafts are served only as they were generated: the SHA-256 is checked every time.

A ``GeneratedDocument`` row records the SHA-256 of the file written by the handoff. Every
place that hands a stored draft to a person or a court - the review page (preview and
download), the evidence bundle, the e-Sąd package - goes through :func:`verified_path` /
:func:`verified_bytes`. A file whose hash differs (overwritten by another case, edited by
hand, damaged) is refused with :class:`DocumentTampered`, whose ``str()`` is one Polish
line; the refusal is recorded in its own transaction, so it stays recorded even when the
caller rolls back: an audit row (``document_tampered``, with the purpose and both hashes)
and a blocker finding on the case (source ``integrity``, one per document), which keeps
the case out of approval and packaging until it is drafted again: the next handoff run
drafts such a case anew even when its inputs did not change (a case under review or sent
back; flows/case_pipeline.py), and the new drafts clear the finding.

Exceptions::

    DocumentUnavailable     the stored draft cannot be served
     +-- DocumentMissing    the file is not on disk
     +-- DocumentTampered   the file's SHA-256 differs from the stored one
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, col, select

from law.findings import Severity
from store.drafting import INTEGRITY_SOURCE as SOURCE  # CaseFinding.source of a refusal
from store.tables import AuditLog, CaseFinding, GeneratedDocument

CODE = "document_tampered"
ACTION = "document_tampered"
# Purposes whose refusals are audited every time; a page preview is audited once per file.
QUIET_PURPOSES = frozenset({"preview"})


class DocumentUnavailable(Exception):
    """A stored draft that cannot be served; ``str()`` is Polish, for the user."""

    def __init__(self, message: str, document: GeneratedDocument) -> None:
        super().__init__(message)
        self.document_id = document.id
        self.case_id = document.case_id


class DocumentMissing(DocumentUnavailable):
    pass


class DocumentTampered(DocumentUnavailable):
    def __init__(self, message: str, document: GeneratedDocument, actual: str) -> None:
        super().__init__(message, document)
        self.expected = document.sha256
        self.actual = actual


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def resolve(stored: str, roots: Iterable[Path] = ()) -> Path | None:
    """The existing file a stored path names: absolute, or relative to one of ``roots``."""
    candidate = Path(stored)
    options = [candidate] if candidate.is_absolute() else [Path(r) / candidate for r in roots]
    return next((o for o in options if o.is_file()), None)


def subject(doc: GeneratedDocument) -> str:
    return f"{doc.kind} v{doc.version} (dokument {doc.id})"


def verified_path(
    session: Session | sa.Engine,
    doc: GeneratedDocument,
    roots: Iterable[Path] = (),
    *,
    actor: str,
    purpose: str,
) -> Path:
    """The file of ``doc`` once its SHA-256 matches the stored one.

    ``session`` (a session or an engine) names the store the refusal is recorded in.
    ``purpose`` says what the file was wanted for (``preview``, ``download``, ``bundle``,
    ``epu_package``): it goes into the audit row of a refusal. Raises
    :class:`DocumentMissing` or :class:`DocumentTampered` (recorded, see the module).
    """
    path = resolve(doc.path, roots)
    if path is None:
        raise DocumentMissing(
            f"Plik dokumentu {Path(doc.path).name} nie istnieje na dysku.", document=doc
        )
    actual = sha256_of(path)
    if actual != doc.sha256.lower():
        record_tampering(session, doc, actual, actor=actor, purpose=purpose)
        raise DocumentTampered(
            f"Dokument {path.name} ({doc.kind} v{doc.version}) zmienił się od wygenerowania "
            "(suma SHA-256 się nie zgadza) i nie zostanie udostępniony; zdarzenie zapisano. "
            "Nowa wersja powstanie przy następnym przygotowaniu projektów (handoff run).",
            doc,
            actual,
        )
    return path


def verified_bytes(
    session: Session | sa.Engine,
    doc: GeneratedDocument,
    roots: Iterable[Path] = (),
    *,
    actor: str,
    purpose: str,
) -> bytes:
    """The content of ``doc``, checked against its stored SHA-256 as it is read."""
    path = verified_path(session, doc, roots, actor=actor, purpose=purpose)
    data = path.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != doc.sha256.lower():  # changed between the check and the read
        record_tampering(session, doc, actual, actor=actor, purpose=purpose)
        raise DocumentTampered(
            f"Dokument {path.name} zmienił się podczas odczytu; nie zostanie udostępniony.",
            doc,
            actual,
        )
    return data


def record_tampering(
    session: Session | sa.Engine,
    doc: GeneratedDocument,
    actual: str,
    *,
    actor: str,
    purpose: str,
) -> None:
    """Audit row and blocker finding for a refused document, committed on their own
    (``session`` only names the database: a session's engine, or an engine)."""
    bind = session.get_bind() if isinstance(session, Session) else session
    with Session(bind) as own:
        existing = own.exec(
            select(CaseFinding.id).where(
                CaseFinding.case_id == doc.case_id,
                CaseFinding.source == SOURCE,
                CaseFinding.subject == subject(doc),
            )
        ).first()
        if existing is None:
            own.add(
                CaseFinding(
                    case_id=doc.case_id,
                    source=SOURCE,
                    code=CODE,
                    severity=Severity.BLOCKER.value,
                    message=(
                        f"Plik projektu {Path(doc.path).name} ({doc.kind} v{doc.version}) "
                        "różni się od wygenerowanego (SHA-256); nie jest udostępniany."
                    ),
                    subject=subject(doc),
                )
            )
        if existing is None or purpose not in QUIET_PURPOSES:
            own.add(
                AuditLog(
                    actor=actor,
                    action=ACTION,
                    case_id=doc.case_id,
                    detail=json.dumps(
                        {
                            "document_id": doc.id,
                            "kind": doc.kind,
                            "version": doc.version,
                            "purpose": purpose,
                            "expected": doc.sha256,
                            "actual": actual,
                        }
                    ),
                )
            )
        own.commit()


def newest_documents(
    session: Session, case_id: int, kinds: Sequence[str] | None = None
) -> list[GeneratedDocument]:
    """The newest version of each kind of the case's drafts (optionally only ``kinds``)."""
    stmt = select(GeneratedDocument).where(GeneratedDocument.case_id == case_id)
    if kinds is not None:
        stmt = stmt.where(col(GeneratedDocument.kind).in_(list(kinds)))
    newest: dict[str, GeneratedDocument] = {}
    for doc in session.exec(stmt.order_by(col(GeneratedDocument.version))).all():
        newest[doc.kind] = doc
    return [newest[k] for k in sorted(newest)]


def newest_verified_bytes(
    engine: sa.Engine,
    case_id: int,
    kind: str,
    roots: Iterable[Path] = (),
    *,
    actor: str,
    purpose: str,
) -> bytes | None:
    """The newest stored draft of ``kind`` for the case, verified; ``None`` when there is
    none or its file is gone. Raises :class:`DocumentTampered` (recorded)."""
    with Session(engine) as session:
        newest = newest_documents(session, case_id, [kind])
        if not newest:
            return None
        try:
            return verified_bytes(session, newest[0], roots, actor=actor, purpose=purpose)
        except DocumentMissing:
            return None
