"""A partner's decision on a draft decided on the case page (a letter to the court, a
settlement): run it, commit, and redirect back to the draft with a flash message; a refusal
(``NotAllowed``, ``InvalidDecision``, ``Blocked``) rolls back and shows the case page with
the Polish reason (409). The use case is the caller's (``casework``)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from review.casepage import case_page
from store.review import Blocked, InvalidDecision, NotAllowed
from store.tables import User


def decided(
    request: Request,
    session: Session,
    user: User,
    case_id: int,
    decide: Callable[[], str],
    location: str,
) -> Response:
    """``decide()`` records the decision and returns the flash message."""
    try:
        flash = decide()
        session.commit()
    except (NotAllowed, InvalidDecision, Blocked) as exc:
        session.rollback()
        return case_page(request, session, user, case_id, error=str(exc), status_code=409)
    request.session["flash"] = flash
    return RedirectResponse(location, status_code=303)
