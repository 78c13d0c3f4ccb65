"""The two queues: cases waiting for a partner, and cases sent back to the paralegals."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from review.auth import SessionDep, UserDep
from review.pages import page
from store.accounts import active_partners
from store.assignment import assignee_status
from store.review import review_queue, sent_back_queue

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
    )


@router.get("/sent-back", response_class=HTMLResponse)
def sent_back(request: Request, user: UserDep, session: SessionDep) -> HTMLResponse:
    return page(request, "sent_back.html", user, rows=sent_back_queue(session))
