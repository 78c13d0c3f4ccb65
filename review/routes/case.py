"""The case page and what a partner does on it: take the case over, approve, send back.

The firm's rule (``store.assignment``): the assigned partner decides; another partner first
takes the case over with a reason. A decision is written to the case store and committed
first, then the waiting handoff flow run is woken through Prefect
(``flows.review_gate.wake_flow_run``) after the response: if Prefect cannot be reached the
decision stays in the store and the next run sees it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from flows.review_gate import wake_flow_run
from review.auth import PartnerDep, SessionDep, UserDep
from review.casepage import MAX_ID, case_page, decide_state, load_case
from review.csrf import csrf_protect
from store.assignment import TakeOverError, take_over
from store.review import (
    Blocked,
    CaseNotFound,
    InvalidDecision,
    NotAllowed,
    blockers_for,
    record_decision,
)
from store.tables import User

router = APIRouter()
CaseId = Annotated[int, Path(ge=1, le=MAX_ID)]
Text = Annotated[str, Form(max_length=5000)]


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def show_case(request: Request, case_id: CaseId, user: UserDep, session: SessionDep) -> Response:
    return case_page(request, session, user, case_id)


@router.post(
    "/cases/{case_id}/take-over", response_model=None, dependencies=[Depends(csrf_protect)]
)
def take_over_case(
    request: Request,
    case_id: CaseId,
    user: PartnerDep,
    session: SessionDep,
    reason: Text = "",
) -> Response:
    """``przejmuję sprawę``: the partner becomes the assignee; audited with the reason."""
    case, _, _ = load_case(session, case_id)
    previous = case.partner
    try:
        take_over(session, case_id, user.username, reason)
        session.commit()
    except TakeOverError as exc:
        session.rollback()
        return case_page(
            request,
            session,
            user,
            case_id,
            error=str(exc),
            take_over_reason=reason,
            status_code=400,
        )
    request.session["flash"] = (
        f"Przejęto sprawę {case.external_ref}"
        + (f" od {previous}" if previous else "")
        + ". Teraz Ty decydujesz."
    )
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


def decide(
    request: Request,
    session: SessionDep,
    user: User,
    background: BackgroundTasks,
    case_id: int,
    decision: str,
    comment: str,
    seen_document_id: str,
    override_reason: str,
) -> Response:
    case, _, _ = load_case(session, case_id)  # 404 before anything else

    def again(error: str, status: int) -> Response:
        return case_page(
            request,
            session,
            user,
            case_id,
            error=error,
            comment=comment,
            override_reason=override_reason,
            status_code=status,
        )

    state = decide_state(session, case, user, blockers_for(session, case_id))
    if state["waiting"] and not state["can_decide"]:
        return again(state["approve_unavailable"], 409)
    seen = int(seen_document_id) if seen_document_id.isdigit() else None
    if seen is not None and seen > MAX_ID:
        return again("Wskazany projekt nie należy do tej sprawy.", 409)
    if decision == "send_back" and not comment.strip():
        return again("Zwrot do poprawy wymaga komentarza: napisz, co trzeba poprawić.", 400)
    if override_reason and not override_reason.strip():
        return again("Zatwierdzenie mimo przeszkód wymaga powodu.", 400)
    try:
        row = record_decision(
            session,
            case_id,
            user.username,
            decision,
            comment,
            document_id=seen,
            override_reason=override_reason.strip() or None,
        )
        flow_run_id = row.flow_run_id
        session.commit()
    except NotAllowed as exc:
        session.rollback()
        raise StarletteHTTPException(403, str(exc)) from exc
    except CaseNotFound as exc:
        session.rollback()
        raise StarletteHTTPException(404, str(exc)) from exc
    except (InvalidDecision, Blocked) as exc:
        session.rollback()
        return again(str(exc), 409)
    if flow_run_id:
        background.add_task(wake_flow_run, flow_run_id, {"case_id": case_id, "decision": decision})
    verb = "zatwierdzona" if decision == "approve" else "zwrócona do poprawy"
    request.session["flash"] = f"Sprawa {case.external_ref} {verb}. Decyzja zapisana."
    return RedirectResponse("/queue", status_code=303)


def decision_handler(decision: str) -> Callable[..., Response]:
    """The POST handler of one decision (approve and send-back differ only in it)."""

    def handler(
        request: Request,
        case_id: CaseId,
        background: BackgroundTasks,
        user: PartnerDep,
        session: SessionDep,
        comment: Text = "",
        seen_document_id: Annotated[str, Form(max_length=20)] = "",
        override_reason: Text = "",
    ) -> Response:
        return decide(
            request,
            session,
            user,
            background,
            case_id,
            decision,
            comment,
            seen_document_id,
            override_reason if decision == "approve" else "",
        )

    return handler


for _path, _decision in (("approve", "approve"), ("send-back", "send_back")):
    router.post(
        f"/cases/{{case_id}}/{_path}",
        name=_decision,
        response_model=None,
        dependencies=[Depends(csrf_protect)],
    )(decision_handler(_decision))
