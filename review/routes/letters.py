"""A partner's decision on a letter to the court (``casework.court_letters.decide_letter``):
the same gate as the pozew's - only the case's partner, blockers block unless an override
reason is given (audited). A refusal is shown on the case page; nothing changes then."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from casework.court_letters import KIND_LABELS, decide_letter
from review.auth import PartnerDep, SessionDep
from review.casepage import MAX_ID
from review.csrf import csrf_protect
from review.decisions import decided
from store.tables import CourtLetter

router = APIRouter()
LetterId = Annotated[int, Path(ge=1, le=MAX_ID)]
Text = Annotated[str, Form(max_length=5000)]


def _decide(
    request: Request,
    session: SessionDep,
    user: PartnerDep,
    letter_id: int,
    decision: str,
    comment: str,
    override_reason: str,
) -> Response:
    letter = session.get(CourtLetter, letter_id)
    if letter is None:
        raise StarletteHTTPException(404, "Nie ma takiego pisma.")

    def decide() -> str:
        row = decide_letter(
            session,
            letter_id,
            user.username,
            decision,
            comment,
            override_reason=override_reason.strip() or None,
        )
        kind = KIND_LABELS.get(row.kind, row.kind)
        verb = "zatwierdzone" if decision == "approve" else "zwrócone do poprawy"
        return f"Pismo do sądu #{letter_id} ({kind}) {verb}. Decyzja zapisana."

    case_id = letter.case_id
    return decided(request, session, user, case_id, decide, f"/cases/{case_id}#letter-{letter_id}")


@router.post(
    "/letters/{letter_id}/approve", response_model=None, dependencies=[Depends(csrf_protect)]
)
def approve_letter(
    request: Request,
    letter_id: LetterId,
    user: PartnerDep,
    session: SessionDep,
    override_reason: Text = "",
) -> Response:
    return _decide(request, session, user, letter_id, "approve", "", override_reason)


@router.post(
    "/letters/{letter_id}/send-back", response_model=None, dependencies=[Depends(csrf_protect)]
)
def send_back_letter(
    request: Request,
    letter_id: LetterId,
    user: PartnerDep,
    session: SessionDep,
    comment: Text = "",
) -> Response:
    return _decide(request, session, user, letter_id, "send_back", comment, "")
