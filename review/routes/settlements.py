"""A partner's decision on a drafted settlement (``casework.settlement_review``): the same
gate as the pozew's and the letters' - only the case's partner, blockers block unless an
override reason is given (audited). A refusal is shown on the case page; nothing changes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from casework.settlement_review import decide_settlement
from review.auth import PartnerDep, SessionDep
from review.casepage import MAX_ID, case_page
from review.csrf import csrf_protect
from store.review import Blocked, InvalidDecision, NotAllowed
from store.tables import Settlement

router = APIRouter()
SettlementId = Annotated[int, Path(ge=1, le=MAX_ID)]
Text = Annotated[str, Form(max_length=5000)]


def _decide(
    request: Request,
    session: SessionDep,
    user: PartnerDep,
    settlement_id: int,
    decision: str,
    comment: str,
    override_reason: str,
) -> Response:
    row = session.get(Settlement, settlement_id)
    if row is None:
        raise StarletteHTTPException(404, "Nie ma takiej ugody.")
    case_id = row.case_id
    try:
        decide_settlement(
            session,
            settlement_id,
            user.username,
            decision,
            comment,
            override_reason=override_reason.strip() or None,
        )
        session.commit()
    except NotAllowed as exc:
        session.rollback()
        return case_page(request, session, user, case_id, error=str(exc), status_code=403)
    except (InvalidDecision, Blocked) as exc:
        session.rollback()
        return case_page(request, session, user, case_id, error=str(exc), status_code=409)
    verb = "zatwierdzony" if decision == "approve" else "zwrócony do poprawy"
    request.session["flash"] = f"Projekt ugody #{settlement_id} {verb}. Decyzja zapisana."
    return RedirectResponse(f"/cases/{case_id}#settlement-{settlement_id}", status_code=303)


@router.post(
    "/settlements/{settlement_id}/approve",
    response_model=None,
    dependencies=[Depends(csrf_protect)],
)
def approve_settlement(
    request: Request,
    settlement_id: SettlementId,
    user: PartnerDep,
    session: SessionDep,
    override_reason: Text = "",
) -> Response:
    return _decide(request, session, user, settlement_id, "approve", "", override_reason)


@router.post(
    "/settlements/{settlement_id}/send-back",
    response_model=None,
    dependencies=[Depends(csrf_protect)],
)
def send_back_settlement(
    request: Request,
    settlement_id: SettlementId,
    user: PartnerDep,
    session: SessionDep,
    comment: Text = "",
) -> Response:
    return _decide(request, session, user, settlement_id, "send_back", comment, "")
