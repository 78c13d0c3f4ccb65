"""The two queues: cases waiting for a partner (with the letters to the court and the drafted
settlements waiting for one), and cases sent back to the paralegals."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session, col, select

from casework.court_letters import letters_queue
from casework.settlement_review import settlements_queue
from review.auth import SessionDep, UserDep
from review.pages import page
from store.accounts import active_partners
from store.assignment import assignee_status
from store.review import review_queue, sent_back_queue
from store.tables import CaseFinding

router = APIRouter()


@router.get("/queue", response_class=HTMLResponse)
def queue(request: Request, user: UserDep, session: SessionDep) -> HTMLResponse:
    partners = active_partners(session)
    rows = review_queue(session)
    return page(
        request,
        "queue.html",
        user,
        rows=rows,
        assignees={r.case_id: assignee_status(r.partner, partners).value for r in rows},
        blockers=blocker_counts(session, [r.case_id for r in rows]),
        letters=letters_queue(session),
        settlements=settlements_queue(session),
    )


def blocker_counts(session: Session, case_ids: list[int]) -> dict[int, int]:
    """How many blocker findings each case has (cases without any are left out)."""
    if not case_ids:
        return {}
    rows = session.exec(
        select(CaseFinding.case_id, sa.func.count())
        .where(col(CaseFinding.case_id).in_(case_ids), CaseFinding.severity == "blocker")
        .group_by(col(CaseFinding.case_id))
    ).all()
    return {case_id: int(n) for case_id, n in rows}


@router.get("/sent-back", response_class=HTMLResponse)
def sent_back(request: Request, user: UserDep, session: SessionDep) -> HTMLResponse:
    return page(request, "sent_back.html", user, rows=sent_back_queue(session))
