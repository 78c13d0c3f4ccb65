"""Court events recorded from the case page (any signed-in user).

The event goes through the same use case as ``handoff event add`` (its ``--court`` too: the
court the event happened in when it is not the one the pozew went to)
(``casework.court_events.record_court_event``): the case moves along the lifecycle, its
deadlines follow at once, and an event that does not fit the stage (or the same event
twice) changes nothing. A refusal is the same Polish line the command line prints.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from casework import Refused
from casework.court_events import record_court_event
from casework.enforcement import ClauseDrafting
from config import firm_today
from law.pl.deadlines import EVENT_LABELS, EventKind
from review.auth import SessionDep, UserDep
from review.casepage import MAX_ID, case_page, load_case
from review.csrf import csrf_protect
from review.formatting import fmt_date
from store.deadlines import DeadlineStoreError
from store.tables import Invoice

router = APIRouter()
CaseId = Annotated[int, Path(ge=1, le=MAX_ID)]
MAX_SIGNATURE = 100  # as `handoff event add` keeps
MAX_NOTE = 2000
MAX_COURT = 200  # as `handoff event add --court`


def _clause_drafting(request: Request) -> ClauseDrafting | None:
    """How a final paper title's clause application is drafted (issue #19); None when the
    firm profile cannot be read: the outcome then names the command that drafts it."""
    try:
        return ClauseDrafting.from_settings(request.app.state.settings)
    except Refused:
        return None


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


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
    court: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Record a court event: the stage moves as the lifecycle says, deadlines open at once."""
    load_case(session, case_id)

    def refused(error: str, status_code: int) -> Response:
        return case_page(request, session, user, case_id, error=error, status_code=status_code)

    try:
        event_kind = EventKind(kind)
        on = date.fromisoformat(occurred_on)
    except ValueError:
        return refused("Wybierz rodzaj zdarzenia i podaj datę (RRRR-MM-DD).", 400)
    today = firm_today()
    if on > today:
        return refused("Data zdarzenia nie może być w przyszłości.", 400)
    earliest = session.exec(
        sa.select(sa.func.min(Invoice.issue_date)).where(Invoice.case_id == case_id)
    ).one()[0]
    if earliest is not None and on < earliest:  # as `handoff event add --on` refuses it
        return refused(
            f"Data zdarzenia jest wcześniejsza niż najwcześniejsza faktura w sprawie "
            f"({fmt_date(earliest)}).",
            400,
        )
    signature, note, court = signature.strip(), note.strip(), court.strip()
    if len(court) > MAX_COURT:
        return refused(f"Sąd: najwyżej {MAX_COURT} znaków.", 400)
    if len(signature) > MAX_SIGNATURE:
        return refused(f"Sygnatura akt: najwyżej {MAX_SIGNATURE} znaków.", 400)
    if len(note) > MAX_NOTE:
        return refused(f"Uwagi: najwyżej {MAX_NOTE} znaków.", 400)
    try:
        outcome = record_court_event(
            session,
            f"#{case_id}",
            event_kind,
            on,
            today=today,
            signature=signature,
            note=note,
            actor=user.username,
            clause=_clause_drafting(request),
            court=court,
        )
        session.commit()
    except Refused as exc:
        session.rollback()
        return refused(f"Nie zapisano zdarzenia: {_sentence(str(exc))}", 409)
    except DeadlineStoreError as exc:
        session.rollback()
        return refused(_sentence(str(exc)), 409)
    if not outcome.recorded:
        request.session["flash"] = outcome.summary()
        return RedirectResponse(f"/cases/{case_id}", status_code=303)
    dues = ", ".join(f"{d.action} do {fmt_date(d.due_on)}" for d in outcome.deadlines)
    ended = f" Zakończone terminy: {len(outcome.ended)}." if outcome.ended else ""
    label = EVENT_LABELS.get(event_kind, event_kind.value)
    request.session["flash"] = (
        f"Zapisano zdarzenie: {label}. {outcome.summary()}"
        + (f" Terminy: {dues}." if dues else "")
        + ended
    )
    return RedirectResponse(f"/cases/{case_id}", status_code=303)
