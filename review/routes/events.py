"""Court events recorded from the case page (any signed-in user); deadlines follow at once."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from law.pl.deadlines import EventKind
from review.auth import SessionDep, UserDep
from review.casepage import MAX_ID, case_page, load_case
from review.csrf import csrf_protect
from review.formatting import EVENT_LABELS, fmt_date
from store.deadlines import DeadlineStoreError, record_event

router = APIRouter()
CaseId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.post("/cases/{case_id}/events", response_model=None, dependencies=[Depends(csrf_protect)])
def add_event(
    request: Request,
    case_id: CaseId,
    user: UserDep,
    session: SessionDep,
    kind: Annotated[str, Form(max_length=100)] = "",
    occurred_on: Annotated[str, Form(max_length=20)] = "",
    signature: Annotated[str, Form(max_length=1000)] = "",
    note: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    """Record a court event; its deadlines are computed at once."""
    load_case(session, case_id)
    try:
        event_kind = EventKind(kind)
        on = date.fromisoformat(occurred_on)
    except ValueError:
        return case_page(
            request,
            session,
            user,
            case_id,
            error="Wybierz rodzaj zdarzenia i podaj datę (RRRR-MM-DD).",
            status_code=400,
        )
    if on > date.today():
        return case_page(
            request,
            session,
            user,
            case_id,
            error="Data zdarzenia nie może być w przyszłości.",
            status_code=400,
        )
    try:
        _event, opened = record_event(
            session,
            f"#{case_id}",
            event_kind,
            on,
            signature=signature.strip()[:100],
            note=note.strip()[:2000],
            actor=user.username,
        )
        session.commit()
    except DeadlineStoreError as exc:
        session.rollback()
        return case_page(request, session, user, case_id, error=str(exc), status_code=409)
    dues = ", ".join(f"{d.action} do {fmt_date(d.due_on)}" for d in opened)
    request.session["flash"] = f"Zapisano zdarzenie: {EVENT_LABELS.get(kind, kind)}." + (
        f" Terminy: {dues}." if dues else ""
    )
    return RedirectResponse(f"/cases/{case_id}", status_code=303)
