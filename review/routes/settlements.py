"""A partner's decision on a drafted settlement (``casework.settlement_review``): the same
gate as the pozew's and the letters' - only the case's partner, blockers block unless an
override reason is given (audited). A refusal is shown on the case page; nothing changes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from casework.settlement_review import decide_settlement
from review.auth import PartnerDep, SessionDep
from review.casepage import MAX_ID
from review.csrf import csrf_protect
from review.decisions import decided
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

    def decide() -> str:
        decide_settlement(
            session,
            settlement_id,
            user.username,
            decision,
            comment,
            override_reason=override_reason.strip() or None,
        )
        verb = "zatwierdzony" if decision == "approve" else "zwrócony do poprawy"
        return f"Projekt ugody #{settlement_id} {verb}. Decyzja zapisana."

    case_id = row.case_id
    return decided(
        request, session, user, case_id, decide, f"/cases/{case_id}#settlement-{settlement_id}"
    )


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
