"""A draft's page (an older version shown in the case page) and its download."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from review import documents as docs
from review.auth import SessionDep, UserDep
from review.casepage import MAX_ID, case_page
from store import integrity
from store.tables import GeneratedDocument

router = APIRouter()
DocId = Annotated[int, Path(ge=1, le=MAX_ID)]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def show_document(request: Request, doc_id: DocId, user: UserDep, session: SessionDep) -> Response:
    doc = session.get(GeneratedDocument, doc_id)
    if doc is None:
        raise StarletteHTTPException(404, "Nie ma takiego dokumentu.")
    return case_page(request, session, user, doc.case_id, show_document=doc_id)


@router.get("/documents/{doc_id}/download", response_model=None)
def download_document(
    request: Request, doc_id: DocId, user: UserDep, session: SessionDep
) -> FileResponse:
    settings = request.app.state.settings
    doc = session.get(GeneratedDocument, doc_id)
    path = docs.resolve(doc.path, [settings.documents_dir, settings.home]) if doc else None
    if doc is None or path is None:
        raise StarletteHTTPException(404, "Nie ma takiego pliku.")
    try:  # never serve a file whose SHA-256 differs from the stored one
        path = integrity.verified_path(
            session,
            doc,
            [settings.documents_dir, settings.home],
            actor=user.username,
            purpose="download",
        )
    except integrity.DocumentUnavailable as exc:
        raise StarletteHTTPException(409, str(exc)) from exc
    media = DOCX if path.suffix.lower() == ".docx" else None
    return FileResponse(path, media_type=media, filename=path.name)
